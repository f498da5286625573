"""Reading a station's register file (.xlsx or .csv) as hostile input: bounded in size, rows and cells, every
header known, every problem in the user's language with its row and column, never a library's own error."""
from __future__ import annotations

import codecs
import csv
import difflib
import os
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from app import i18n, xlsx_guard
from app.errors import ImportFailed
from app.i18n import _

REQUIRED = ("登记日期", "纠纷类型", "事由", "申请人")
KNOWN = REQUIRED + ("案件来源", "纠纷事实", "申请人身份证号", "申请人电话", "被申请人", "被申请人身份证号",
                    "被申请人电话", "涉及金额", "涉及人数", "状态", "调解员",
                    # what the register recorded at the end, kept whole: the original number, the closing
                    "案号", "结案日期", "调解结果", "协议金额", "协议形式")
MiB = 1 << 20
MAX_ROWS = 200_000                # data rows (a township station registers a few hundred cases a year)
MAX_CELL_CHARS = 32_767           # Excel's own limit for one cell
MAX_CSV_BYTES = 256 * MiB
MAX_FIELDS = 10_000               # fields in one CSV record (the csv module holds them all)
MAX_CSV_LINE = 16 * MiB           # characters in one line of a CSV file (a 10 MB cell is still named)
EXCEL_ROWS = xlsx_guard.EXCEL_ROWS
CHUNK = 1 << 20
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return _("Row {row}, column {column}: {message}").format(row=self.row, column=self.column,
                                                                 message=self.message)


@dataclass
class Register:
    """The rows of a register file, read as they are iterated; problems found on the way land in errors."""
    rows: Iterator[tuple[int, dict[str, object]]]     # (spreadsheet row number, {header: value}), non-empty
    total: int                                         # rows expected (for progress)
    errors: list[RowError] = field(default_factory=list)


@contextmanager
def open_register(path: Path) -> Iterator[Register]:
    """Check the file, then stream its rows; header problems come back as errors with no rows."""
    path = Path(path)
    if not path.is_file():
        raise ImportFailed(_("The file {path} does not exist.").format(path=path))
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".xlsm", ".csv", ".txt"):
        raise ImportFailed(_("Only .xlsx and .csv files can be imported; save the register in one of these "
                             "formats."))
    with path.open("rb") as fh:
        size = path.stat().st_size
        if size == 0:
            raise ImportFailed(_("The file is empty."))
        raw, total = (_xlsx_rows(fh, size) if suffix in (".xlsx", ".xlsm") else _csv_rows(fh, size))
        try:
            register = Register(iter(()), total)
            header = next(raw, None)
            if header is None:
                raise ImportFailed(_("The file is empty."))
            columns = _columns(header[1], register.errors)
            if not register.errors:
                register.rows = _records(raw, columns, register.errors)
            yield register
        finally:
            raw.close()       # the workbook, or the CSV file, is let go even when reading stopped early


def _columns(values: list[object], errors: list[RowError]) -> list[str]:
    """The header of each column ("" for a column without one); unknown, repeated or missing ones are errors."""
    headers = [_header(v) for v in values]
    seen: dict[str, int] = {}
    for index, name in enumerate(headers):
        if not name:
            continue
        if name in seen:
            errors.append(RowError(1, name, _("this column appears twice (columns {first} and {second}); delete "
                                              "or rename one of them.").format(
                first=_letter(seen[name]), second=_letter(index))))
        elif name not in KNOWN:
            close = _closest(name)
            errors.append(RowError(1, name, _("unknown column; did you mean “{known}”? Rename the header so "
                                              "that nothing in this column is lost.").format(known=close[0])
                                   if close else _("unknown column; the headers a register can have are {names}."
                                                   ).format(names="、".join(KNOWN))))
        seen.setdefault(name, index)
    for name in REQUIRED:
        if name not in seen:
            errors.append(RowError(1, name, _("this column is missing; the first row must hold the headers, "
                                              "with at least {names}.").format(names="、".join(REQUIRED))))
    return headers


def _closest(name: str) -> list[str]:
    """The known header most like name; of equally close ones the first in KNOWN (登记日期 before 结案日期)."""
    scored = [(difflib.SequenceMatcher(None, name, known).ratio(), -i, known) for i, known in enumerate(KNOWN)]
    best = max(scored)
    return [best[2]] if best[0] >= 0.5 else []


def _header(value: object) -> str:
    text = "" if value is None else str(value)
    return " ".join(text.split())[:100]       # "申请人 " or a line break inside the header cell


def _records(raw: Iterator[tuple[int, list[object]]], headers: list[str],
             errors: list[RowError]) -> Iterator[tuple[int, dict[str, object]]]:
    unnamed_reported: set[int] = set()
    count, width = 0, len(headers)
    for number, values in raw:
        record: dict[str, object] = {}
        # Cells right of the last header are almost always empty (an .xlsx row comes padded to 64): looked at
        # one by one only when some hold something.
        if len(values) > width and values[width:].count(None) == len(values) - width:
            values = values[:width]
        for index, value in enumerate(values):
            if value is None or (isinstance(value, str) and not value.strip()):
                continue
            name = headers[index] if index < width else ""
            if not name:
                if index not in unnamed_reported:
                    unnamed_reported.add(index)
                    errors.append(RowError(number, _letter(index), _(
                        "this column has no header, so its values would be lost; give it one of the register's "
                        "headers or delete the column.")))
                continue
            if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
                errors.append(RowError(number, name, _("the cell holds {n} characters; a cell holds at most {limit}. "
                                                       "Shorten it.").format(n=f"{len(value):,}",
                                                                             limit=f"{MAX_CELL_CHARS:,}")))
                continue
            record[name] = value
        if record:
            count += 1
            if count > MAX_ROWS:
                raise ImportFailed(_("The register has more than {n} rows; split it into several files.").format(
                    n=f"{MAX_ROWS:,}"))
            yield number, record


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1) if index < xlsx_guard.EXCEL_COLUMNS else str(index + 1)


# --- xlsx ---------------------------------------------------------------------------------------------------

def _xlsx_rows(fh, size: int) -> tuple[Iterator[tuple[int, list[object]]], int]:
    if size >= READER_PROCESS_BYTES:
        return _rows_from_reader(Path(fh.name))
    rows = max(xlsx_guard.check_xlsx(fh, size).rows - 1, 0)
    return _sheet_rows(fh), rows


def _sheet_rows(fh) -> Iterator[tuple[int, list[object]]]:
    """The first worksheet's rows, numbered, from an open file check_xlsx has passed (the same handle, so the file
    checked is the file read); ImportFailed when openpyxl cannot read it."""
    from openpyxl import load_workbook

    fh.seek(0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")      # openpyxl warns in English about styles it does not know
        try:
            # keep_links=False: links to other workbooks are parts the register does not need.
            book = load_workbook(fh, read_only=True, data_only=True, keep_links=False)
            sheet = book.worksheets[0]
        except Exception:      # openpyxl raises many kinds for a damaged file; none of them is for the user
            raise ImportFailed(_unreadable(0)) from None
        sheet.reset_dimensions()    # a declared size of A1:XFD1048576 must not pad every row to 16,384 cells
        number = 0
        rows = sheet.iter_rows(values_only=True, max_col=xlsx_guard.MAX_COLUMNS)
        try:
            while True:
                try:
                    values = next(rows)
                except StopIteration:
                    return
                except Exception:    # a value openpyxl cannot convert (checked shapes, but e.g. a bad date)
                    raise ImportFailed(_unreadable(number + 1)) from None
                number += 1
                if number > EXCEL_ROWS:
                    raise ImportFailed(_unreadable(0))
                yield number, list(values)
        finally:
            book.close()


def _unreadable(row: int) -> str:
    if row:
        return _("Row {row} of the Excel file cannot be read; open it in Excel or WPS, check that row and save the "
                 "file again.").format(row=row)
    return _("The Excel file cannot be read; open it in Excel or WPS and save it again as .xlsx.")


# A large register is checked and read in a second process while this one validates and writes the rows: the two
# overlap on a two-core PC (checking and reading 100,000 rows is about 20 s of CPU). A small file (about 2,000
# rows) is not worth the second process's start.
READER_PROCESS_BYTES = 256 * 1024
_BATCH = 500


def _rows_from_reader(path: Path) -> tuple[Iterator[tuple[int, list[object]]], int]:
    """Start the reader; its first answer (the row count, or why the file is refused) comes back before the rows,
    so a refused file is refused here, as check_xlsx refuses it in this process."""
    import multiprocessing

    # spawn, not fork: the window imports on a worker thread, and a forked child of a threaded process can hang.
    context = multiprocessing.get_context("spawn")
    receive, send = context.Pipe(duplex=False)
    reader = context.Process(target=_reader_main, args=(str(path), send, i18n.current_locale()), daemon=True,
                             name="mediation-register-reader")
    reader.start()
    send.close()

    def stop() -> None:
        receive.close()
        if reader.is_alive():
            reader.terminate()          # reading stopped early (too many errors, cancelled): the rest is not wanted
        reader.join()

    def answer() -> tuple[str, object]:
        try:
            return receive.recv()
        except EOFError:                # the reader died (killed, out of memory) without saying why
            raise ImportFailed(_unreadable(0)) from None

    def rows() -> Iterator[tuple[int, list[object]]]:
        try:
            while True:
                kind, payload = answer()
                if kind == "rows":
                    yield from payload
                elif kind == "refused":
                    raise ImportFailed(str(payload))
                else:
                    return
        finally:
            stop()

    try:
        kind, payload = answer()
        if kind == "refused":
            raise ImportFailed(str(payload))
    except BaseException:
        stop()
        raise
    return rows(), int(payload)


def _reader_main(path: str, send, locale: str) -> None:
    """The reader process: the row count once the file has passed check_xlsx, then the rows in batches, then
    "end"; a refusal is sent worded in the importing user's language."""
    i18n.install(locale)
    try:
        with open(path, "rb") as fh:
            size = os.fstat(fh.fileno()).st_size
            send.send(("rows_total", max(xlsx_guard.check_xlsx(fh, size).rows - 1, 0)))
            batch: list[tuple[int, list[object]]] = []
            for row in _sheet_rows(fh):
                batch.append(row)
                if len(batch) == _BATCH:
                    send.send(("rows", batch))
                    batch = []
            send.send(("rows", batch))
            send.send(("end", None))
    except ImportFailed as exc:
        send.send(("refused", str(exc)))
    except (BrokenPipeError, KeyboardInterrupt):
        pass                            # the importing process went away or stopped reading
    finally:
        send.close()


# --- CSV ----------------------------------------------------------------------------------------------------

def _csv_rows(fh, size: int) -> tuple[Iterator[tuple[int, list[object]]], int]:
    if size > MAX_CSV_BYTES:
        raise ImportFailed(_("The file is {size} MB; a register of at most {limit} MB can be imported. Split it "
                             "into several files.").format(size=size // MiB, limit=MAX_CSV_BYTES // MiB))
    encoding, lines = _encoding(fh)
    return _csv_records(Path(fh.name), encoding), lines


def _encoding(fh) -> tuple[str, int]:
    """UTF-8 (with or without BOM), GB18030, or UTF-16/32 with a BOM; anything else is refused, naming the line
    where it goes wrong. Returns the encoding and the number of lines (for progress)."""
    head = fh.read(4)
    encodings = [e for bom, e in _BOMS if head.startswith(bom)][:1]
    if not encodings:
        fh.seek(0)
        sample = fh.read(4096)
        if b"\x00" in sample:      # never in UTF-8 or GB18030 text
            raise ImportFailed(_utf16_or_binary(sample, 1 + sample[:sample.index(b"\x00")].count(b"\n")))
        encodings = ["utf-8", "gb18030"]
    for encoding in encodings:
        try:
            return encoding, _check_decodes(fh, encoding, fallback=encoding != encodings[-1])
        except _Fallback:
            continue
    raise AssertionError("the last encoding tried never falls back")


class _Fallback(Exception):
    """Not this encoding, and nothing says it was meant to be: try the next one."""


def _check_decodes(fh, encoding: str, *, fallback: bool) -> int:
    """Decode the whole file as a stream (strict) and count its lines."""
    fh.seek(0)
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    lines, first, plain = 1, b"", True
    while True:
        chunk = fh.read(CHUNK)
        first = first or chunk[:4096]
        try:
            text = decoder.decode(chunk, final=not chunk)
        except UnicodeDecodeError as exc:
            # Plain ASCII so far may be GB18030 after all; UTF-8 with Chinese already read is UTF-8 with a bad
            # byte, which read as GB18030 would turn every character into nonsense.
            if fallback and plain and chunk[:max(exc.start, 0)].isascii():
                raise _Fallback from None
            line = lines + chunk[:max(exc.start, 0)].decode(encoding, errors="replace").count("\n")
            raise ImportFailed(_undecodable(line, encoding)) from None
        if "\x00" in text:
            line = lines + text[:text.index("\x00")].count("\n")
            raise ImportFailed(_utf16_or_binary(first, line)) from None
        plain = plain and text.isascii()
        lines += text.count("\n")
        if not chunk:
            return lines


def _undecodable(line: int, encoding: str) -> str:
    if encoding == "gb18030":
        return _("Line {line} of the file holds bytes that are neither UTF-8 nor GB18030 text, so the file cannot be "
                 "read: it is not a text table, or is in another encoding. Open it in Excel or WPS and save it as "
                 "\"CSV UTF-8\" (or as .xlsx).").format(line=line)
    return _("Line {line} of the file is not valid {encoding} text, though the file is written in it; open it in "
             "Excel or WPS and save it again as \"CSV UTF-8\".").format(line=line, encoding=encoding.upper())


def _utf16_or_binary(sample: bytes, line: int) -> str:
    odd, even = sample[1::2].count(0), sample[0::2].count(0)
    # Zeros on one side only, and often (commas, digits, line ends): UTF-16 text without its BOM.
    if max(odd, even) >= 0.9 * (odd + even) and odd + even >= len(sample) // 20:
        return _("The file looks like UTF-16 text without a byte-order mark (BOM), which cannot be read reliably. "
                 "Open it in Excel or WPS and save it as \"CSV UTF-8\" (or as .xlsx).")
    return _("Line {line} of the file holds binary data (zero bytes): it is not a text table. Open the register in "
             "Excel or WPS and save it as \"CSV UTF-8\" (or as .xlsx).").format(line=line)


def _csv_records(path: Path, encoding: str) -> Iterator[tuple[int, list[object]]]:
    with path.open(encoding=encoding, newline="", errors="strict") as text:
        lines = _Lines(text)
        reader = csv.reader(lines)
        old = csv.field_size_limit(MAX_CSV_LINE)    # restored below; no other code here reads CSV
        try:
            number = 0
            while True:
                try:
                    record = next(reader)
                except StopIteration:
                    return
                except csv.Error:
                    raise ImportFailed(_("Row {row} of the CSV file cannot be read (a cell over {limit} characters, "
                                         "or quotes that do not close). Open it in Excel or WPS, check that row and "
                                         "save it again.").format(row=number + 1, limit=f"{MAX_CSV_LINE:,}")) from None
                number += 1
                lines.fields = 0
                if number > EXCEL_ROWS:
                    raise ImportFailed(_("The register has more than {n} rows; split it into several files.").format(
                        n=f"{MAX_ROWS:,}"))
                yield number, record
        finally:
            csv.field_size_limit(old)


class _Lines:
    """The lines fed to csv.reader, bounded: no line over MAX_CSV_LINE characters, no record (the lines since the
    last record came out) with more than MAX_FIELDS separators, so one record cannot fill the memory."""

    def __init__(self, text):
        self.text, self.fields, self.line = text, 0, 0

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        line = self.text.readline(MAX_CSV_LINE + 1)
        if not line:
            raise StopIteration
        self.line += 1
        self.fields += line.count(",")
        if len(line) > MAX_CSV_LINE or self.fields > MAX_FIELDS:
            raise ImportFailed(_("Line {line} of the CSV file is too long (over {limit} characters, or over {fields} "
                                 "columns); a register has no such line. Check the file in Excel or WPS.").format(
                line=self.line, limit=f"{MAX_CSV_LINE:,}", fields=f"{MAX_FIELDS:,}"))
        return line

