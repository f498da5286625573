"""The inner layer of a bundle: a zip of the manifest, the records and the attachments, read defensively.

Even a correctly signed archive is read as if it were hostile (a station PC may be compromised): only the
names a bundle may hold, no name twice, a bounded number of entries, every entry within absolute sizes (per
kind and in total; zipfile never unfolds an entry beyond the size it declares, so the declared sizes are
checked before anything is inflated), each attachment the content its SHA-256 name promises, and all of it
read as a stream: a table a line at a time, an attachment one at a time, never the whole archive in memory.
"""
from __future__ import annotations

import hashlib
import io
import json
import os
import queue
import re
import threading
import zipfile
import zlib
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from app.errors import Cancelled
from app.i18n import _
from app.sync.envelope import BundleRefused, Writable

try:        # ISA-L's deflate: the same format as zlib's, 4 to 5 times faster at level 1 and a little smaller
    from isal import isal_zlib as deflate
except ImportError:   # pragma: no cover (a dependency; zlib gives the same archive, slower)
    deflate = zlib

NAME = re.compile(r"(manifest\.json|summary\.json|audit_chain\.json|records/[a-z_]{1,40}\.jsonl"
                  r"|attachments/[0-9a-f]{64})\Z")
LEVEL = 1                    # deflate level: JSON shrinks to about 9 %, at 1.4 GiB/s of CPU with ISA-L
ENTRY_TIME = (1980, 1, 1, 0, 0, 0)   # entries carry no time of their own; the manifest says when
PIECE = 1 << 20              # attachments are read and written in pieces of this size
SAMPLE = 64 << 10            # the first bytes of an attachment, compressed to see whether deflate pays


@dataclass(frozen=True)
class Limits:
    """Absolute sizes, decompressed, whatever an entry's ratio: a blank scan that compresses 229:1 is as
    welcome as any file, and nothing unfolds beyond these. Records are read a line at a time and an attachment
    one at a time, so memory holds one piece of the archive, never all of it."""
    entries: int = 200_000
    total: int = 8 << 30             # all entries together
    manifest: int = 64 << 20         # it lists every file of the bundle
    summary: int = 4 << 20
    records: int = 4 << 30           # one table's JSON Lines (a 100,000-case station's largest is ~180 MB)
    line: int = 16 << 20             # one record
    attachment: int = 512 << 20      # one evidence file, held whole while the county stores it
    audit_chain: int = 1 << 30       # the station's audit links since the county's checkpoint (a first: millions)

    def cap(self, name: str) -> int:
        if name.startswith("records/"):
            return self.records
        if name.startswith("attachments/"):
            return self.attachment
        if name == "audit_chain.json":
            return self.audit_chain
        return self.manifest if name == "manifest.json" else self.summary


LIMITS = Limits()


def build(entries: dict[str, bytes]) -> bytes:
    """A whole archive in memory (tests, and forged bundles in them)."""
    out = io.BytesIO()
    writer = Writer(out)
    for name, data in entries.items():
        writer.add(name, data)
    writer.close()
    return out.getvalue()


class _Sink:
    """What zipfile writes into: the sealing stream, which can neither seek nor tell."""

    def __init__(self, out: Writable):
        self.write = out.write

    def flush(self) -> None:
        pass


class Writer:
    """Zip entries written straight into `out` as they come (zipfile writes sizes and CRCs after each entry's
    data when it cannot seek back), with each entry's SHA-256 for the manifest."""

    def __init__(self, out: Writable):
        self._zip = zipfile.ZipFile(_Sink(out), "w", compression=zipfile.ZIP_DEFLATED, compresslevel=LEVEL)
        self.digests: dict[str, str] = {}

    @contextmanager
    def entry(self, name: str, *, size: int | None = None,
              compress: bool = True) -> Iterator[Callable[[bytes], None]]:
        """Yields a function that appends to the entry. An entry of unknown size is written as zip64."""
        info = zipfile.ZipInfo(name, date_time=ENTRY_TIME)
        info.compress_type = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
        info._compresslevel = LEVEL          # ZipInfo's own level; zipfile applies its default only to names
        info.file_size = size or 0
        info.external_attr = 0o600 << 16
        hasher = hashlib.sha256()
        with self._zip.open(info, "w", force_zip64=size is None) as fh:
            if compress and hasattr(fh, "_compressor"):
                # zipfile takes no compressor of ours; its writer holds one per entry, replaced before the first
                # byte. Deflate is deflate: the county reads it with zipfile's zlib.
                fh._compressor = deflate.compressobj(LEVEL, deflate.DEFLATED, -15)

            def write(data: bytes) -> None:
                hasher.update(data)
                fh.write(data)
            yield write
        self.digests[name] = hasher.hexdigest()

    def add(self, name: str, data: bytes) -> None:
        with self.entry(name, size=len(data)) as write:
            write(data)

    def add_file(self, name: str, path: Path) -> None:
        """A file streamed from disk; stored as it is when a sample of it does not compress (photos, PDFs),
        which saves the deflate of every incompressible byte."""
        with open(path, "rb") as fh:
            size = os.fstat(fh.fileno()).st_size
            head = fh.read(PIECE)
            sample = head[:SAMPLE]
            compress = len(deflate.compress(sample, LEVEL)) < len(sample) * 0.9
            with self.entry(name, size=size, compress=compress) as write:
                piece = head
                while piece:
                    write(piece)
                    piece = fh.read(PIECE)

    def close(self) -> None:
        self._zip.close()


class Builder:
    """A Writer on a thread of its own, fed through a short queue: the caller reads the next rows from SQLite
    while this thread compresses, encrypts and writes the last ones (zlib, hashlib, the AEAD and SQLite all let
    go of the GIL, so on two cores the two overlap). The queue's length bounds the memory held."""

    def __init__(self, out: Writable):
        self._writer = Writer(out)
        self._queue: queue.Queue = queue.Queue(maxsize=4)
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="bundle-zip", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        entry, write = None, None
        while (item := self._queue.get()) is not None:
            if self._error is not None:
                if item[0] == "sync":
                    item[1].set()
                continue
            try:
                kind, *args = item
                if kind == "add":
                    self._writer.add(*args)
                elif kind == "file":
                    self._writer.add_file(*args)
                elif kind == "begin":
                    entry = self._writer.entry(args[0])
                    write = entry.__enter__()
                elif kind == "data":
                    for piece in args:
                        write(piece)
                elif kind == "end":
                    entry.__exit__(None, None, None)
                    entry = write = None
                elif kind == "sync":
                    args[0].set()
            except BaseException as exc:    # handed to the caller's thread at the next call
                self._error = exc
                if kind == "sync":
                    args[0].set()

    def _put(self, *item) -> None:
        if self._error is not None:
            self.abandon()
            raise self._error
        self._queue.put(item)

    def add(self, name: str, data: bytes) -> None:
        self._put("add", name, data)

    def add_file(self, name: str, path: Path) -> None:
        self._put("file", name, path)

    def begin(self, name: str) -> None:
        """Start an entry of unknown size; write() appends to it, end() closes it."""
        self._put("begin", name)

    def write(self, *pieces: bytes) -> None:
        """Append to the entry begun last (several pieces: no copy to join them)."""
        self._put("data", *pieces)

    def end(self) -> None:
        self._put("end")

    def drain(self, is_cancelled: Callable[[], bool] | None = None) -> dict[str, str]:
        """Wait until everything given so far is written; returns each entry's SHA-256 so far. A cancel stops
        the thread after the entry it is writing."""
        done = threading.Event()
        self._put("sync", done)
        while not done.wait(0.2):
            if is_cancelled and is_cancelled():
                self._error = Cancelled(_("Cancelled; no bundle was written."))
        if self._error is not None:
            self.abandon()
            raise self._error
        return dict(self._writer.digests)

    def abandon(self) -> None:
        """Stop the thread after a failure elsewhere; nothing is returned."""
        if self._thread.is_alive():
            self._queue.put(None)
            self._thread.join()

    def finish(self) -> dict[str, str]:
        """Close the archive (its central directory goes out last); returns each entry's SHA-256."""
        self.abandon()
        if self._error is not None:
            raise self._error
        self._writer.close()
        return dict(self._writer.digests)


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read(payload: bytes | BinaryIO, limits: Limits | None = None) -> Entries:
    """The archive (in memory, or a file the caller keeps open while it uses the entries), checked: names, count,
    sizes declared and actual, every digest against the manifest and every attachment against its own name.
    One streaming pass; nothing large is kept."""
    limits = limits or LIMITS
    try:
        zf = zipfile.ZipFile(io.BytesIO(payload) if isinstance(payload, (bytes, bytearray)) else payload)
        infos = zf.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        raise BundleRefused(_("The bundle's contents are not a readable archive.")) from None
    _check_names(infos, limits)
    by_name = {i.filename: i for i in infos}
    if "manifest.json" not in by_name:
        raise BundleRefused(_("The bundle has no readable manifest."))
    manifest_bytes = _scan(zf, by_name["manifest.json"], limits, keep=True).data
    listed = _listed(manifest_bytes)
    present = set(by_name) - {"manifest.json"}
    if set(listed) != present:
        odd = sorted(present.symmetric_difference(listed))
        raise BundleRefused(_("The bundle's manifest does not list exactly what it holds ({names}).").format(
            names=", ".join(odd[:3])))
    kept, lines = {"manifest.json": manifest_bytes}, {}
    for info in infos:
        name = info.filename
        if name == "manifest.json":
            continue
        scan = _scan(zf, info, limits, keep=name == "summary.json", count_lines=name.startswith("records/"))
        if scan.digest != listed[name]:
            raise BundleRefused(_("The digest of {name} in the bundle does not match its manifest.").format(
                name=name))
        if name.startswith("attachments/") and scan.digest != name.split("/", 1)[1]:
            raise BundleRefused(_("The file {name} in the bundle does not have the content its name (its SHA-256) "
                                  "promises; the bundle was refused.").format(name=name))
        if scan.data is not None:
            kept[name] = scan.data
        if scan.lines is not None:
            lines[name] = scan.lines
    return Entries(zf, by_name, limits, kept, lines)


def _check_names(infos: list[zipfile.ZipInfo], limits: Limits) -> None:
    """Before anything is inflated: the count, the names, no name twice, and the sizes the archive declares
    (zipfile never returns more than an entry declares, so these bound what any entry can unfold to)."""
    if len(infos) > limits.entries:
        raise BundleRefused(_("The bundle holds {n} entries, more than the {limit} allowed.").format(
            n=len(infos), limit=limits.entries))
    names = [i.filename for i in infos]
    for name in names:
        if not NAME.match(name):
            raise BundleRefused(_("The bundle holds an entry named {name!r}, which no bundle may hold (a path "
                                  "outside the bundle or an unknown file); it was refused.").format(name=name))
    if len(set(names)) != len(names):
        twice = sorted({n for n in names if names.count(n) > 1})
        raise BundleRefused(_("The bundle holds the entry {name} twice; it was refused.").format(name=twice[0]))
    for info in infos:
        if info.file_size > limits.cap(info.filename):
            raise _too_big(info.filename, limits.cap(info.filename))
    if sum(i.file_size for i in infos) > limits.total:
        raise BundleRefused(_("The bundle's entries unfold to {size} in all, more than the {limit} a bundle may "
                              "hold (a decompression bomb?); it was refused.").format(
            size=_mib(sum(i.file_size for i in infos)), limit=_mib(limits.total)))


def _too_big(name: str, cap: int) -> BundleRefused:
    return BundleRefused(_("The entry {name} of the bundle decompresses beyond the allowed size of {limit} (a "
                           "decompression bomb?); the bundle was refused.").format(name=name, limit=_mib(cap)))


def _mib(size: int) -> str:
    return f"{size / (1 << 20):,.0f} MiB"


@dataclass
class _Scan:
    digest: str
    data: bytes | None
    lines: int | None


def _scan(zf: zipfile.ZipFile, info: zipfile.ZipInfo, limits: Limits, *, keep: bool = False,
          count_lines: bool = False) -> _Scan:
    """Inflate one entry a chunk at a time: its SHA-256, its size within the caps, its non-blank lines (each
    within the line cap), and its bytes only when keep (the small manifest and summary)."""
    digest, chunks, counter = hashlib.sha256(), [], _LineCounter(info.filename, limits.line)
    for chunk in _chunks(zf, info, limits.cap(info.filename)):
        digest.update(chunk)
        if keep:
            chunks.append(chunk)
        if count_lines:
            counter.feed(chunk)
    return _Scan(digest.hexdigest(), b"".join(chunks) if keep else None, counter.finish() if count_lines else None)


def _chunks(zf: zipfile.ZipFile, info: zipfile.ZipInfo, cap: int) -> Iterator[bytes]:
    size = 0
    try:
        with zf.open(info) as fh:
            while chunk := fh.read(PIECE):
                size += len(chunk)
                if size > cap or size > info.file_size:
                    raise _too_big(info.filename, cap)
                yield chunk
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError, RuntimeError):
        # a CRC error, damaged deflate data, an encrypted entry or an unknown compression method
        raise BundleRefused(_("The entry {name} of the bundle is damaged.").format(name=info.filename)) from None


class _LineCounter:
    """Counts non-blank lines of a stream split on LF, refusing a line longer than the cap."""

    def __init__(self, name: str, cap: int):
        self.name, self.cap = name, cap
        self.count, self.length, self.blank = 0, 0, True

    def feed(self, chunk: bytes) -> None:
        parts = chunk.split(b"\n")
        for i, part in enumerate(parts):
            if i:
                self._end()
            self.length += len(part)
            if self.length > self.cap:
                raise BundleRefused(_("A record in {name} of the bundle is longer than {limit}; the bundle was "
                                      "refused.").format(name=self.name, limit=_mib(self.cap)))
            if self.blank and part and not part.isspace():
                self.blank = False

    def _end(self) -> None:
        self.count += 0 if self.blank else 1
        self.length, self.blank = 0, True

    def finish(self) -> int:
        self._end()
        return self.count


def _listed(manifest: bytes) -> dict[str, str]:
    try:
        listed = json.loads(manifest)["files"]
        if not isinstance(listed, dict) or not all(isinstance(v, str) for v in listed.values()):
            raise TypeError
        return listed
    except (KeyError, ValueError, TypeError, RecursionError):
        raise BundleRefused(_("The bundle has no readable manifest.")) from None


class Entries(Mapping[str, bytes]):
    """A checked archive. The manifest and summary are kept; a table or an attachment is inflated again when
    asked for (a table a line at a time through lines()), within the same caps."""

    def __init__(self, zf: zipfile.ZipFile, infos: dict[str, zipfile.ZipInfo], limits: Limits,
                 kept: dict[str, bytes], lines: dict[str, int]):
        self._zf, self._infos, self._limits, self._kept, self._lines = zf, infos, limits, kept, lines

    def __getitem__(self, name: str) -> bytes:
        if name in self._kept:
            return self._kept[name]
        info = self._infos[name]
        return b"".join(_chunks(self._zf, info, self._limits.cap(name)))

    def __iter__(self) -> Iterator[str]:
        return iter(self._infos)

    def __len__(self) -> int:
        return len(self._infos)

    def file_sizes(self) -> dict[str, int]:
        """The size of each attachment the bundle carries, by SHA-256 (checked against its content)."""
        return {n.split("/", 1)[1]: i.file_size for n, i in self._infos.items() if n.startswith("attachments/")}

    def line_count(self, name: str) -> int:
        """Non-blank lines of a records entry (0 for a table the bundle does not carry)."""
        return self._lines.get(name, 0)

    def lines(self, name: str) -> Iterator[bytes]:
        """The non-blank lines of a records entry, one at a time."""
        info = self._infos.get(name)
        if info is None:
            return
        rest = b""
        for chunk in _chunks(self._zf, info, self._limits.cap(name)):
            parts = (rest + chunk).split(b"\n")
            rest = parts.pop()
            yield from (p for p in parts if p and not p.isspace())
        if rest and not rest.isspace():
            yield rest
