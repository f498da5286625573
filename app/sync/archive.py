"""The inner layer of a bundle: a zip of the manifest, the records and the attachments, read defensively.

Even a correctly signed archive is read as if it were hostile (a station PC may be compromised): only the
names a bundle may hold, no name twice, a bounded number of entries, and every entry decompressed against a
budget, whatever its header claims, so a small file cannot unfold into gigabytes.
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
MAX_ENTRIES = 200_000
MAX_TOTAL = 4 << 30          # bytes, all entries together, decompressed
MAX_RATIO = 200              # decompressed / compressed, for entries above RATIO_FLOOR
RATIO_FLOOR = 1 << 20
LEVEL = 1                    # deflate level: JSON shrinks to about 9 %, at 1.4 GiB/s of CPU with ISA-L
ENTRY_TIME = (1980, 1, 1, 0, 0, 0)   # entries carry no time of their own; the manifest says when
PIECE = 1 << 20              # attachments are read and written in pieces of this size
SAMPLE = 64 << 10            # the first bytes of an attachment, compressed to see whether deflate pays


@dataclass(frozen=True)
class Limits:
    entries: int = MAX_ENTRIES
    total: int = MAX_TOTAL
    ratio: int = MAX_RATIO


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


class Entries(Mapping[str, bytes]):
    """The archive's entries by name: the manifest, the summary and the records held in memory; each attachment
    read from the archive again only when asked for, so a station's photos never sit in memory all at once."""

    def __init__(self, zf: zipfile.ZipFile):
        self._zf = zf
        self._held: dict[str, bytes] = {}
        self._deferred: dict[str, tuple[zipfile.ZipInfo, int, str]] = {}   # name -> (info, size, SHA-256)

    def __getitem__(self, name: str) -> bytes:
        if name in self._held:
            return self._held[name]
        info, size, _sha = self._deferred[name]
        return b"".join(_pieces(self._zf, info, size))

    def __iter__(self) -> Iterator[str]:
        return iter([*self._held, *self._deferred])

    def __len__(self) -> int:
        return len(self._held) + len(self._deferred)

    def digest(self, name: str) -> str:
        return self._deferred[name][2] if name in self._deferred else digest(self._held[name])


def read(payload: bytes | BinaryIO, limits: Limits = Limits()) -> Entries:
    """Every entry of the archive (in memory, or a file the caller keeps open while it uses the entries),
    checked against the manifest's digests."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(payload) if isinstance(payload, (bytes, bytearray)) else payload)
        infos = zf.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise BundleRefused(_("The bundle's contents are not a readable archive.")) from None
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
    out, budget = Entries(zf), limits.total
    for info in infos:
        cap = budget
        if info.compress_size > 0 and info.file_size > RATIO_FLOOR:
            cap = min(cap, max(RATIO_FLOOR, info.compress_size * limits.ratio))
        if info.filename.startswith("attachments/"):     # checked as it streams by; read again when stored
            hasher, size = hashlib.sha256(), 0
            for piece in _pieces(zf, info, cap):
                hasher.update(piece)
                size += len(piece)
            out._deferred[info.filename] = (info, size, hasher.hexdigest())
        else:
            data = _read_bounded(zf, info, cap)
            size = len(data)
            out._held[info.filename] = data
        budget -= size
    _check_digests(out)
    return out


def _read_bounded(zf: zipfile.ZipFile, info: zipfile.ZipInfo, cap: int) -> bytes:
    return b"".join(_pieces(zf, info, cap))


def _pieces(zf: zipfile.ZipFile, info: zipfile.ZipInfo, cap: int) -> Iterator[bytes]:
    size = 0
    try:
        with zf.open(info) as fh:
            while chunk := fh.read(1 << 20):
                size += len(chunk)
                if size > cap:
                    raise BundleRefused(_("The entry {name} of the bundle decompresses beyond the allowed size "
                                          "(a decompression bomb?); the bundle was refused.").format(
                        name=info.filename))
                yield chunk
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):   # CRC error, damaged deflate data
        raise BundleRefused(_("The entry {name} of the bundle is damaged.").format(name=info.filename)) from None


def _check_digests(entries: Entries) -> None:
    try:
        manifest = json.loads(entries["manifest.json"])
        listed = dict(manifest["files"])
    except (KeyError, ValueError, TypeError):
        raise BundleRefused(_("The bundle has no readable manifest.")) from None
    present = set(entries) - {"manifest.json"}
    if set(listed) != present:
        odd = sorted(present.symmetric_difference(listed))
        raise BundleRefused(_("The bundle's manifest does not list exactly what it holds ({names}).").format(
            names=", ".join(odd[:3])))
    for name, expected in listed.items():
        if entries.digest(name) != expected:
            raise BundleRefused(_("The digest of {name} in the bundle does not match its manifest.").format(
                name=name))
