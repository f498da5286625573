"""The files of a bundle: the sealed stream cut into volumes a FAT32 stick can hold, each ending in a trailer.

    volume file = part of the sealed stream | trailer (256 bytes: JSON padded with spaces, then MSVOLUME)

The trailer names the bundle (station code, number, the random bundle id that the signed header also carries),
the volume's place (volume, volumes) and the part's size. A bundle that fits in one volume is one file,
`330101001-000012.msb`; a larger one is `330101001-000012-1of3.msb`, `-2of3`, `-3of3`. The county puts the
parts back together in order and reads them as one stream; a missing volume, or one from another export, is
refused by name before anything is decrypted. The trailers are not signed: they only find the parts, and the
joined stream is what the signature and the AEAD check.
"""
from __future__ import annotations

import hashlib
import io
import json
import os
import re
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from app import files
from app.errors import MediationError
from app.i18n import _
from app.sync.envelope import BundleRefused

VOLUME_SETTING = "sync.volume_mib"     # the station's largest bundle file, in MiB (default in app/settings.py)
TRAILER_SIZE = 256
VOLUME_MAGIC = b"MSVOLUME"
MIN_VOLUME = 1 << 20
MAX_VOLUMES = 9999
FAT32_LIMIT = (4 << 30) - 1
CODE = re.compile(r"[0-9A-Za-z_-]{1,32}\Z")
BUNDLE_ID = re.compile(r"[0-9a-f]{32}\Z")


def new_bundle_id() -> str:
    return os.urandom(16).hex()


def trailer(*, bundle_id: str, station_code: str, number: int, volume: int, volumes: int, size: int) -> bytes:
    text = json.dumps({"bundle_id": bundle_id, "station_code": station_code, "number": number, "volume": volume,
                       "volumes": volumes, "bytes": size}, sort_keys=True).encode("ascii")
    return text.ljust(TRAILER_SIZE - len(VOLUME_MAGIC), b" ") + VOLUME_MAGIC


def final_name(stem: str, volume: int, volumes: int) -> str:
    return f"{stem}.msb" if volumes == 1 else f"{stem}-{volume}of{volumes}.msb"


class VolumeWriter:
    """A writable that spreads what it is given over volume files of at most `limit` bytes each (trailer
    included), owner-only, under temporary names in `folder` (registered, so that the next start removes them
    if this process is killed) until staged() renames them."""

    def __init__(self, folder: Path, stem: str, limit: int, *, station_code: str, number: int, bundle_id: str):
        self.folder, self.stem = Path(folder), stem
        self.capacity = max(MIN_VOLUME, min(limit, FAT32_LIMIT)) - TRAILER_SIZE
        self.station_code, self.number, self.bundle_id = station_code, number, bundle_id
        self.parts: list[tuple[Path, int, hashlib._Hash]] = []     # temporary path, bytes, running digest
        self._partials = ExitStack()
        self._fh: BinaryIO | None = None
        self.size = 0

    def _next(self) -> None:
        self._close_current()
        if len(self.parts) == MAX_VOLUMES:
            raise MediationError(_("The bundle would need more than {n} volumes; set a larger volume size.")
                                 .format(n=MAX_VOLUMES))
        tmp = self._partials.enter_context(files.partial(self.folder / f"{self.stem}-{len(self.parts) + 1}.msb"))
        self._fh = files.open_private(tmp)
        self.parts.append((tmp, 0, hashlib.sha256()))

    def _close_current(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None

    def write(self, data: bytes) -> int:
        view = memoryview(data)
        while view:
            if self._fh is None or self.parts[-1][1] == self.capacity:
                self._next()
            path, used, digest = self.parts[-1]
            piece = view[:self.capacity - used]
            self._fh.write(piece)
            digest.update(piece)
            self.parts[-1] = (path, used + len(piece), digest)
            view = view[len(piece):]
        self.size += len(data)
        return len(data)

    def flush(self) -> None:
        pass

    def _finish(self, read_back: bool) -> list[Path]:
        if not self.parts:
            self._next()
        self._close_current()
        count = len(self.parts)
        paths = [self.folder / final_name(self.stem, i, count) for i in range(1, count + 1)]
        for i, (tmp, used, digest) in enumerate(self.parts, start=1):
            end = trailer(bundle_id=self.bundle_id, station_code=self.station_code, number=self.number,
                          volume=i, volumes=count, size=used)
            digest.update(end)
            with tmp.open("ab") as fh:
                fh.write(end)
                fh.flush()
                os.fsync(fh.fileno())
        if read_back:
            for (tmp, _used, digest), path in zip(self.parts, paths):
                if files._digest_from_device(tmp) != digest.hexdigest():
                    raise files._read_back_failed(path)
        return paths

    @contextmanager
    def staged(self, *, read_back: bool = True) -> Iterator[list[Path]]:
        """Trailers written, every volume flushed to disk and read back; yields the final paths, and renames
        the volumes to them when the block succeeds. Any failure, here or in the block (or before, see
        abandon()), removes every volume."""
        try:
            paths = self._finish(read_back)
            yield paths
            for (tmp, _used, _digest), path in zip(self.parts, paths):
                os.replace(tmp, path)
        finally:
            self.abandon()

    def abandon(self) -> None:
        """Close and remove whatever is still under a temporary name."""
        try:
            self._close_current()
        finally:
            self._partials.close()


# -- reading, at the county ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Volume:
    path: Path
    station_code: str
    number: int
    bundle_id: str
    volume: int
    volumes: int
    size: int          # bytes of the sealed stream in this file


def read_trailer(path: Path) -> Volume:
    damaged = BundleRefused(_("The file is not a Mediation Station bundle, or it is truncated or damaged; ask the "
                              "station to export it again."))
    with Path(path).open("rb") as fh:
        total = os.fstat(fh.fileno()).st_size
        if total < TRAILER_SIZE:
            raise damaged
        fh.seek(total - TRAILER_SIZE)
        trailer = fh.read(TRAILER_SIZE)
        if not trailer.endswith(VOLUME_MAGIC):
            fh.seek(0)
            from app.sync.envelope import read_header
            read_header(fh.read(16))           # names an older format, if it is one
            raise damaged
    try:
        raw = json.loads(trailer[:-len(VOLUME_MAGIC)].decode("ascii"))
        v = Volume(Path(path), raw["station_code"], raw["number"], raw["bundle_id"], raw["volume"], raw["volumes"],
                   raw["bytes"])
    except (ValueError, KeyError, TypeError, AttributeError):
        raise damaged from None
    ints = all(type(x) is int for x in (v.number, v.volume, v.volumes, v.size))
    texts = isinstance(v.station_code, str) and isinstance(v.bundle_id, str)
    if not (ints and texts and CODE.match(v.station_code) and BUNDLE_ID.match(v.bundle_id)
            and 1 <= v.volume <= v.volumes <= MAX_VOLUMES and v.number >= 1):
        raise damaged
    if v.size != total - TRAILER_SIZE:
        raise BundleRefused(_("Volume {volume} of bundle {number} of station {code} ({name}) is truncated or has "
                              "bytes added; copy it again from the station's stick.").format(
            volume=v.volume, number=v.number, code=v.station_code, name=Path(path).name))
    return v


def gather(paths: list[Path]) -> list[tuple[Path, list[Volume] | BundleRefused]]:
    """The given files as bundles, in the order first named: each bundle's volumes in order, or why it cannot be
    read. A volume not given is looked for beside the others (a window's file chooser may pick one)."""
    found: dict[tuple[str, int], list[Volume]] = {}
    out: list[tuple[Path, object]] = []
    for path in paths:
        try:
            v = read_trailer(path)
        except BundleRefused as exc:
            out.append((Path(path), exc))
            continue
        except OSError as exc:
            out.append((Path(path), BundleRefused(_("{path} cannot be read ({error}).").format(
                path=path, error=exc.strerror or exc))))
            continue
        key = (v.station_code, v.number)
        if key not in found:
            found[key] = []
            out.append((Path(path), key))
        found[key].append(v)
    for key, group in found.items():
        if len({v.volume for v in group}) < group[0].volumes:
            _siblings(group)
    bundles = []
    for path, item in out:
        parts = _assemble(found[item]) if isinstance(item, tuple) else item
        bundles.append((parts[0].path if isinstance(parts, list) else path, parts))   # named by its first volume
    return bundles


def _siblings(group: list[Volume]) -> None:
    given = {v.path.resolve() for v in group}
    for folder in {v.path.resolve().parent for v in group}:
        for path in sorted(folder.glob(f"{group[0].station_code}-{group[0].number:06d}*.msb")):
            if path.resolve() in given:
                continue
            try:
                v = read_trailer(path)
            except (BundleRefused, OSError):
                continue
            if (v.station_code, v.number) == (group[0].station_code, group[0].number):
                group.append(v)
                given.add(path.resolve())


def _assemble(group: list[Volume]) -> list[Volume] | BundleRefused:
    first = next((v for v in group if v.volume == 1), group[0])
    code, number = first.station_code, first.number
    for v in group:
        if v.bundle_id != first.bundle_id or v.volumes != first.volumes:
            return BundleRefused(_("{name} is a volume of another export of bundle {number} of station {code}, not "
                                   "of the one beside it; copy the volumes of one export together and import them "
                                   "again.").format(name=v.path.name, number=number, code=code))
    by_volume = {}
    for v in group:
        by_volume.setdefault(v.volume, v)      # the same volume named twice (a copy): read once
    missing = [i for i in range(1, first.volumes + 1) if i not in by_volume]
    if missing:
        return BundleRefused(_("Bundle {number} of station {code} has {count} volumes, but volume {missing} is "
                               "missing; copy every volume of the bundle into the same folder and import them "
                               "together.").format(number=number, code=code, count=first.volumes,
                                                   missing="、".join(map(str, missing))))
    return [by_volume[i] for i in range(1, first.volumes + 1)]


def check_header(volumes: list[Volume], header) -> None:
    """The signed header must name the bundle the trailers name: otherwise a volume is foreign."""
    v = volumes[0]
    if (header.station_code, header.number, header.bundle_id) != (v.station_code, v.number, v.bundle_id):
        raise BundleRefused(_("The volumes of {name} do not belong to the bundle its first volume starts; copy the "
                              "volumes of one export together and import them again.").format(name=v.path.name))


def size(volumes: list[Volume]) -> int:
    return sum(v.size for v in volumes)


class Joined(io.RawIOBase):
    """The sealed stream of a bundle, read across its volumes in order (trailers left out)."""

    def __init__(self, volumes: list[Volume]):
        super().__init__()
        self._volumes = list(volumes)
        self._fh = None
        self._left = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while self._left == 0:
            if self._fh is not None:
                self._fh.close()
                self._fh = None
            if not self._volumes:
                return 0
            v = self._volumes.pop(0)
            self._fh, self._left = v.path.open("rb"), v.size
        n = self._fh.readinto(memoryview(buffer)[:min(len(buffer), self._left)])
        if not n:
            raise BundleRefused(_("A volume of the bundle changed while it was read; copy it again."))
        self._left -= n
        return n

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None
        super().close()


def digest(volumes: list[Volume]) -> str:
    """SHA-256 of the joined stream: the bundle's digest, without decrypting anything."""
    h = hashlib.sha256()
    with Joined(volumes) as stream:
        while chunk := stream.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()
