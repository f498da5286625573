"""An .xlsx file checked as hostile input before openpyxl opens it, in bounded memory.

An .xlsx is a zip of XML parts. openpyxl streams a worksheet in read-only mode, but it holds the shared
strings, and every other part it reads, whole in memory, and it keeps some elements it never clears. So:
first the zip's own records (size on disk, central directory, number of parts, the sizes each part declares);
then every part is decompressed once as a stream, counting the bytes it really expands to, and every XML part
is run through expat counting what openpyxl would hold (elements, depth, rows, strings, cells), each part
with the limits of the way openpyxl reads it. A zip bomb is refused while the count passes the limit, with no
more than a buffer of it in memory.
"""
from __future__ import annotations

import posixpath
import re
import struct
import zipfile
from dataclasses import dataclass
from typing import BinaryIO
from xml.etree.ElementTree import fromstring
from xml.parsers import expat

from app.errors import ImportFailed
from app.i18n import _

MiB = 1 << 20
MAX_FILE_BYTES = 100 * MiB           # the .xlsx itself (a 100,000-row register is about 5 MiB)
MAX_DIRECTORY_BYTES = 1 * MiB        # the zip's central directory, which zipfile reads whole
MAX_PARTS = 1000
MAX_TOTAL_BYTES = 1024 * MiB         # all parts, decompressed
MAX_TEXT_CHARS = 16 * MiB            # the text of one element (a cell over Excel's 32,767 is named later)
MAX_DEPTH = 32
MAX_NUMBER_CHARS = 400               # a number Python can still read (its limit is 4,300 digits)
MAX_COLUMNS = 64                     # a register has 15 columns; values beyond this column are refused
EXCEL_ROWS, EXCEL_COLUMNS = 1_048_576, 16_384
CHUNK = 1 << 20
_CELL_REF = re.compile(r"([A-Z]{1,3})([0-9]{1,7})")
_NUMERIC = frozenset({"n", "b", "d", "e", "s"})     # cell types whose <v> is a short token, not text
_WORKSHEET, _STRINGS = "/worksheet", "/sharedStrings"
# Element names as expat reports them ("namespace local"): openpyxl knows rows, cells and strings only in
# this namespace, so elements of any other are ones it keeps (counted as loose).
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main "
_ROW, _C, _V, _IS, _F, _SI = (_MAIN + n for n in ("row", "c", "v", "is", "f", "si"))
# Parts openpyxl reads whole from fixed names, whatever the relationships say.
_FIXED = frozenset({"[Content_Types].xml", "xl/styles.xml", "docProps/core.xml", "docProps/custom.xml",
                    "xl/theme/theme1.xml"})


@dataclass(frozen=True)
class Limits:
    """What one XML part may hold, by how openpyxl reads it."""
    bytes: int
    elements: int
    loose: int              # elements openpyxl keeps until the part ends (outside rows and shared strings)
    group: str | None       # "row" (worksheet, streamed) or "si" (shared strings), cleared one at a time
    groups: int = 0
    in_group: int = 0       # elements inside one row or one shared string


WHOLE = Limits(bytes=32 * MiB, elements=1_000_000, loose=1_000_000, group=None)
SHEET = Limits(bytes=512 * MiB, elements=12_000_000, loose=1_000_000, group="row", groups=EXCEL_ROWS,
               in_group=20_000)
STRINGS = Limits(bytes=256 * MiB, elements=8_000_000, loose=1_000, group="si", groups=2_000_000,
                 in_group=20_000)


@dataclass(frozen=True)
class Checked:
    rows: int               # rows in the largest worksheet (for progress)


class _Refused(Exception):
    """A limit was passed inside an expat callback; carries the message out of the parser."""


def check_xlsx(fh: BinaryIO, size: int) -> Checked:
    """Refuse (ImportFailed, in the user's language) anything openpyxl could not read in bounded memory."""
    if size > MAX_FILE_BYTES:
        raise ImportFailed(_("The file is {size} MB; a register of at most {limit} MB can be imported. Split it "
                             "into several files.").format(size=size // MiB, limit=MAX_FILE_BYTES // MiB))
    head = fh.read(8)
    _check_directory(fh, size, head)
    fh.seek(0)
    try:
        book = zipfile.ZipFile(fh)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise ImportFailed(_not_xlsx(head)) from None
    with book:
        infos = book.infolist()
        _check_declared(infos)
        roles = _roles(book, infos)
        rows, counts = 0, []
        # The shared strings first: the worksheets' string references are checked against their number.
        for info in sorted(infos, key=lambda i: roles.get(i.filename) is not STRINGS):
            role = roles.get(info.filename, WHOLE)
            shape = _stream(book, info, role, min(counts, default=0))
            if role is STRINGS:
                counts.append(shape.groups)
            elif role is SHEET:
                rows = max(rows, shape.groups)
    return Checked(rows)


def _not_xlsx(head: bytes) -> str:
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return _("This is an old Excel file (.xls), or an encrypted one. Open it in Excel or WPS and save it as "
                 "\"Excel workbook (.xlsx)\" without a password, then import that file.")
    return _("This file is not an Excel workbook (.xlsx), though its name ends in .xlsx: it may be another kind of "
             "file renamed, or damaged. Open it in Excel or WPS and save it as \"Excel workbook (.xlsx)\", or save "
             "the register as CSV.")


def _check_directory(fh: BinaryIO, size: int, head: bytes) -> None:
    """The end-of-central-directory record, read before zipfile reads the directory it points to."""
    if not head.startswith(b"PK"):
        raise ImportFailed(_not_xlsx(head))
    fh.seek(max(0, size - (22 + 65535)))
    tail = fh.read()
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) - at < 22:
        raise ImportFailed(_not_xlsx(head))
    _sig, _disk, _cd_disk, _here, entries, directory, _offset, _comment = struct.unpack(
        "<4s4H2LH", tail[at:at + 22])
    if entries == 0xFFFF or directory == 0xFFFFFFFF:      # ZIP64: gigabytes, never a register
        raise ImportFailed(_too_big(MAX_TOTAL_BYTES))
    if entries > MAX_PARTS or directory > MAX_DIRECTORY_BYTES:
        raise ImportFailed(_("The workbook has too many parts ({n}) to be a register; save the register alone "
                             "in a new workbook.").format(n=entries))


def _too_big(limit: int, part: str = "") -> str:
    return _("The workbook would take more than {limit} MB once unpacked{part}; it was refused without "
             "unpacking it (it may be a \"zip bomb\"). Copy the register alone into a new workbook.").format(
        limit=limit // MiB, part=_(" (part {name})").format(name=part) if part else "")


def _check_declared(infos: list[zipfile.ZipInfo]) -> None:
    names = [i.filename for i in infos]
    if len(infos) > MAX_PARTS or len(set(names)) != len(names):
        raise ImportFailed(_not_xlsx(b""))
    if any(i.flag_bits & 0x1 for i in infos):
        raise ImportFailed(_not_xlsx(b"\xd0\xcf\x11\xe0"))
    if sum(i.file_size for i in infos) > MAX_TOTAL_BYTES:
        raise ImportFailed(_too_big(MAX_TOTAL_BYTES))
    for info in infos:
        if info.file_size > SHEET.bytes:
            raise ImportFailed(_too_big(SHEET.bytes, info.filename))


def _roles(book: zipfile.ZipFile, infos: list[zipfile.ZipInfo]) -> dict[str, Limits]:
    """Which parts openpyxl streams (worksheets, shared strings); every other part it reads whole.

    A part counts as streamed only if every relationship to it says so and no fixed name makes openpyxl read
    it whole: a file whose relationships point a style or drawing at a huge worksheet gets the small limits.
    """
    from openpyxl.packaging.manifest import Manifest
    from openpyxl.xml.constants import SHARED_STRINGS

    small = [i for i in infos if i.filename == "[Content_Types].xml" or i.filename.endswith(".rels")]
    for info in small:
        _stream(book, info, WHOLE, 0)
    kinds: dict[str, set[str]] = {}
    try:
        for info in small:
            if info.filename.endswith(".rels"):
                for target, kind in _relationships(book, info.filename):
                    kinds.setdefault(target, set()).add(kind)
        manifest = Manifest.from_tree(fromstring(book.read("[Content_Types].xml")))
    except Exception:     # malformed relationships or content types: openpyxl could not open it either
        raise ImportFailed(_not_xlsx(b"")) from None
    shared = {o.PartName.lstrip("/") for o in manifest.Override if o.ContentType == SHARED_STRINGS}
    roles: dict[str, Limits] = {}
    for name, found in kinds.items():
        if name in _FIXED:
            continue
        if all(k.endswith(_WORKSHEET) for k in found):
            roles[name] = SHEET
        elif name in shared and all(k.endswith(_STRINGS) for k in found):
            roles[name] = STRINGS
    for name in shared - set(kinds) - _FIXED:
        roles[name] = STRINGS
    return roles


def _relationships(book: zipfile.ZipFile, rels: str) -> list[tuple[str, str]]:
    # As openpyxl resolves them (packaging/relationship.py get_dependents): relative to the source's folder.
    folder = posixpath.dirname(posixpath.dirname(rels))
    out = []
    for rel in fromstring(book.read(rels)):
        target, kind = rel.get("Target") or "", rel.get("Type") or ""
        if rel.get("TargetMode") == "External":
            continue
        path = target[1:] if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
        out.append((path, kind))
    return out


def _stream(book: zipfile.ZipFile, info: zipfile.ZipInfo, limits: Limits, strings: int) -> _Shape:
    """Decompress one part as a stream, counting its real size; XML parts also through the shape count."""
    shape = _Shape(info.filename, limits, strings)
    total = 0
    try:
        with book.open(info) as src:
            first = True
            while chunk := src.read(CHUNK):
                total += len(chunk)
                if total > limits.bytes or total > info.file_size:
                    raise ImportFailed(_too_big(limits.bytes, info.filename))
                if first:
                    first = False
                    if not _looks_like_xml(chunk):
                        shape = None      # an image or other binary part: openpyxl does not parse it
                if shape is not None:
                    shape.feed(chunk)
            if shape is not None:
                shape.close()
    except _Refused as exc:
        raise ImportFailed(str(exc)) from None
    except (zipfile.BadZipFile, EOFError, OSError, NotImplementedError, RuntimeError, ValueError):
        # a wrong checksum, a part cut short, an unknown compression or a password
        raise ImportFailed(_not_xlsx(b"")) from None
    return shape or _Shape(info.filename, limits, strings)


def _looks_like_xml(chunk: bytes) -> bool:
    text = chunk[:4096].lstrip(b"\xef\xbb\xbf\xff\xfe\x00 \t\r\n")
    return text.startswith(b"<")


class _Shape:
    """What openpyxl would hold while reading one XML part; refuses as soon as a limit is passed."""

    def __init__(self, name: str, limits: Limits, strings: int):
        self.name, self.limits, self.strings = name, limits, strings
        self.depth = self.elements = self.loose = self.groups = 0
        self.group_depth = self.group_elements = 0     # the current row or string (0: outside any)
        self.row = self.column = 0                      # the current sheet row and cell
        self.cell_type = "n"
        self.group_name = {SHEET: _ROW, STRINGS: _SI}.get(limits)
        self.value: list[str] | None = None             # the text of a numeric cell's <v>, while inside it
        self.text_chars = 0
        p = self.parser = expat.ParserCreate(namespace_separator=" ")
        p.buffer_text = True
        p.buffer_size = 1 << 16
        p.StartElementHandler, p.EndElementHandler = self._start, self._end
        p.CharacterDataHandler = self._text
        # OOXML never has a document type: no DTD, no entities, so no "billion laughs".
        p.StartDoctypeDeclHandler = self._doctype
        p.EntityDeclHandler = self._doctype
        p.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)

    def feed(self, chunk: bytes) -> None:
        try:
            self.parser.Parse(chunk, False)
        except expat.ExpatError:
            raise _Refused(self._damaged()) from None

    def close(self) -> None:
        try:
            self.parser.Parse(b"", True)
        except expat.ExpatError:
            raise _Refused(self._damaged()) from None

    def _damaged(self) -> str:
        return _("The workbook is damaged (its part {name} cannot be read). Open it in Excel or WPS and save it "
                 "again as .xlsx.").format(name=self.name)

    def _doctype(self, *_args) -> None:
        raise _Refused(_("The workbook contains XML declarations that Excel never writes (part {name}); it was "
                         "refused. Open it in Excel or WPS and save it again as .xlsx.").format(name=self.name))

    def _over(self) -> _Refused:
        return _Refused(_("The workbook has more content than a register can hold (part {name}); it was refused "
                          "without reading it all (it may be a \"zip bomb\"). Copy the register alone into a new "
                          "workbook.").format(name=self.name))

    def _start(self, name: str, attrs: dict[str, str]) -> None:
        # The hot path of the whole import (a few million calls): plain comparisons, no helper calls.
        self.depth = depth = self.depth + 1
        self.elements = elements = self.elements + 1
        self.text_chars = 0
        limits = self.limits
        if depth > MAX_DEPTH or elements > limits.elements:
            raise self._over()
        if self.group_depth:
            self.group_elements += 1
            if self.group_elements > limits.in_group:
                raise self._over()
            if limits is SHEET:
                level = depth - self.group_depth
                if level == 1:
                    if name == _C:
                        self._cell(attrs)
                elif level == 2 and (name == _V or name == _IS or name == _F):
                    self._content(name)
            return
        if name == self.group_name:
            self.group_depth, self.group_elements, self.groups = depth, 1, self.groups + 1
            if self.groups > limits.groups:
                raise self._over()
            if limits is SHEET:
                self._row(attrs)
            return
        self.loose += 1
        if self.loose > limits.loose:
            raise self._over()

    def _end(self, _name: str) -> None:
        if self.value is not None:
            self._check_value("".join(self.value).strip())
            self.value = None
        if self.depth == self.group_depth:
            self.group_depth = 0
        self.depth -= 1
        self.text_chars = 0

    def _text(self, data: str) -> None:
        self.text_chars += len(data)
        if self.text_chars > MAX_TEXT_CHARS:
            raise self._over()
        if self.value is not None:
            self.value.append(data)
            if self.text_chars > MAX_NUMBER_CHARS:
                raise _Refused(_cell_message(self.row, self.column, _(
                    "the number has more than {n} digits and cannot be read; check the cell.").format(
                    n=MAX_NUMBER_CHARS)))

    # --- worksheet rows and cells -------------------------------------------------------------------------
    def _row(self, attrs: dict[str, str]) -> None:
        number = attrs.get("r")
        row = self.row + 1 if number is None else _number(number, EXCEL_ROWS)
        if row is None or row <= self.row or row > EXCEL_ROWS:
            raise _Refused(_("The workbook is damaged: row {row} is out of order or out of range (part {name}). "
                             "Open it in Excel or WPS and save it again as .xlsx.").format(
                row=number, name=self.name))
        self.row, self.column = row, 0

    def _cell(self, attrs: dict[str, str]) -> None:
        ref = attrs.get("r")
        column = self.column + 1
        if ref is not None:
            m = _CELL_REF.fullmatch(ref)
            column = _column_index(m[1]) if m and int(m[2]) == self.row else 0
        # openpyxl would silently let a repeated cell overwrite the one before: refused instead.
        if not 0 < column <= EXCEL_COLUMNS or column <= self.column:
            raise _Refused(_("The workbook is damaged: cell {cell} is out of order or out of range (part {name}). "
                             "Open it in Excel or WPS and save it again as .xlsx.").format(
                cell=ref or column, name=self.name))
        self.column, self.cell_type = column, attrs.get("t", "n")

    def _content(self, name: str) -> None:
        if self.column > MAX_COLUMNS:
            raise _Refused(_cell_message(self.row, self.column, _(
                "there is a value beyond column {limit}; a register has no such column. Delete the cells to the "
                "right of the register's columns.").format(limit=_column_letter(MAX_COLUMNS))))
        if name == _V and self.cell_type in _NUMERIC:
            self.value = []

    def _check_value(self, text: str) -> None:
        if self.cell_type == "s" and not (text.isdigit() and int(text) < self.strings):
            raise _Refused(_("The workbook is damaged: cell {cell} refers to text that is not in it (part {name}). "
                             "Open it in Excel or WPS and save it again as .xlsx.").format(
                cell=f"{_column_letter(self.column)}{self.row}", name=self.name))


def _number(text: str, limit: int) -> int | None:
    return int(text) if text.isdigit() and len(text) <= 7 and 0 < int(text) <= limit else None


def _column_index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index)


def _cell_message(row: int, column: int, message: str) -> str:
    return _("Row {row}, column {column}: {message}").format(row=row, column=_column_letter(column),
                                                              message=message)
