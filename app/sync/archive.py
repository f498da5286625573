"""The inner layer of a bundle: a zip of the manifest, the records and the attachments, read defensively.

Even a correctly signed archive is read as if it were hostile (a station PC may be compromised): only the
names a bundle may hold, no name twice, a bounded number of entries, and every entry decompressed against a
budget, whatever its header claims, so a small file cannot unfold into gigabytes.
"""
from __future__ import annotations

import hashlib
import io
import json
import queue
import re
import threading
import zipfile
from dataclasses import dataclass

from app.i18n import _
from app.sync.envelope import BundleRefused

NAME = re.compile(r"(manifest\.json|summary\.json|records/[a-z_]{1,40}\.jsonl|attachments/[0-9a-f]{64})\Z")
MAX_ENTRIES = 200_000
MAX_TOTAL = 4 << 30          # bytes, all entries together, decompressed
MAX_RATIO = 200              # decompressed / compressed, for entries above RATIO_FLOOR
RATIO_FLOOR = 1 << 20


@dataclass(frozen=True)
class Limits:
    entries: int = MAX_ENTRIES
    total: int = MAX_TOTAL
    ratio: int = MAX_RATIO


def build(entries: dict[str, bytes]) -> bytes:
    builder = Builder()
    for name, data in entries.items():
        builder.add(name, data)
    return builder.finish()


class Builder:
    """Compresses entries on a thread of its own while the caller reads the next table (zlib and SQLite both
    let go of the GIL, so on two cores the two overlap)."""

    def __init__(self):
        self._buffer = io.BytesIO()
        self._zip = zipfile.ZipFile(self._buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1)
        self._queue: queue.Queue = queue.Queue(maxsize=4)
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="bundle-zip", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while (item := self._queue.get()) is not None:
            if self._error is None:
                try:
                    self._zip.writestr(*item)
                except BaseException as exc:    # handed to finish(), on the caller's thread
                    self._error = exc

    def add(self, name: str, data: bytes) -> None:
        self._queue.put((name, data))

    def abandon(self) -> None:
        """Stop the thread after a failure elsewhere; nothing is returned."""
        self._queue.put(None)
        self._thread.join()

    def finish(self) -> bytes:
        self.abandon()
        if self._error is not None:
            raise self._error
        self._zip.close()
        return self._buffer.getvalue()


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read(payload: bytes, limits: Limits = Limits()) -> dict[str, bytes]:
    """Every entry of the archive, checked against the manifest's digests."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(payload))
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
    out, budget = {}, limits.total
    for info in infos:
        cap = budget
        if info.compress_size > 0 and info.file_size > RATIO_FLOOR:
            cap = min(cap, max(RATIO_FLOOR, info.compress_size * limits.ratio))
        data = _read_bounded(zf, info, cap)
        budget -= len(data)
        out[info.filename] = data
    _check_digests(out)
    return out


def _read_bounded(zf: zipfile.ZipFile, info: zipfile.ZipInfo, cap: int) -> bytes:
    chunks, size = [], 0
    try:
        with zf.open(info) as fh:
            while chunk := fh.read(1 << 20):
                size += len(chunk)
                if size > cap:
                    raise BundleRefused(_("The entry {name} of the bundle decompresses beyond the allowed size "
                                          "(a decompression bomb?); the bundle was refused.").format(
                        name=info.filename))
                chunks.append(chunk)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):   # CRC error, damaged deflate data
        raise BundleRefused(_("The entry {name} of the bundle is damaged.").format(name=info.filename)) from None
    return b"".join(chunks)


def _check_digests(entries: dict[str, bytes]) -> None:
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
        if digest(entries[name]) != expected:
            raise BundleRefused(_("The digest of {name} in the bundle does not match its manifest.").format(
                name=name))
