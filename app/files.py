"""Writing a file a user will carry away (a PDF, a key file, a bundle, a backup), never half of it."""
from __future__ import annotations

import hashlib
import os
import tempfile
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from app.errors import MediationError
from app.i18n import _


def write_atomically(data: bytes, path: Path, *, read_back: bool = False) -> None:
    """Write to a temporary name, flush to disk, then rename: a full disk or a crash never leaves half a file
    under the final name."""
    with staged(data, path, read_back=read_back):
        pass


@contextmanager
def staged(data: bytes, path: Path, *, read_back: bool = False) -> Iterator[Path]:
    """Write data under a temporary name beside path; rename it to path when the block succeeds, remove it
    when the block (or the write) fails. With read_back, the file is read again from the device and compared
    first (USB sticks that lose writes exist)."""
    path = Path(path)
    tmp = path.with_name(path.name + ".part")
    try:
        with tmp.open("wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if read_back and _digest_from_device(tmp) != hashlib.sha256(data).hexdigest():
            raise _read_back_failed(path)
        yield tmp
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _read_back_failed(path: Path) -> MediationError:
    return MediationError(_("{path} read back differently from what was written; the disk or stick may be "
                            "failing: write the file to another one.").format(path=path))


def _digest_from_device(path: Path) -> str:
    with path.open("rb") as fh:
        if hasattr(os, "posix_fadvise"):   # drop the cached pages so the bytes come from the device
            os.posix_fadvise(fh.fileno(), 0, 0, os.POSIX_FADV_DONTNEED)
        digest = hashlib.sha256()
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


# Two copies may be published at once (the day's backup at start and one from the Settings page): the check
# for a free name and the rename that takes it happen under this lock.
_NAMING = threading.Lock()


def copy_out(source: Path, folder: Path, name: str) -> tuple[Path, str]:
    """Copy a file into a folder on another disk (a USB stick, a share) with plain reads and writes only:
    under a unique temporary name (0600), flushed, read back from the device and compared, then renamed to
    name (-2, -3… if that is taken). Returns (path, sha256); nothing is left behind when a step fails."""
    folder = Path(folder)
    fd, tmp_name = tempfile.mkstemp(dir=folder, prefix=".mediation-", suffix=".part")
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as out:
            digest = _copy_synced(Path(source), out)
        if _digest_from_device(tmp) != digest:
            raise _read_back_failed(folder / name)
        path = rename_to_free_name(tmp, folder, name)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    sync_folder(folder)
    return path, digest


def accepted_name(folder: Path, names: Sequence[str]) -> str:
    """The first of names whose characters the folder accepts (a FAT stick mounted without UTF-8 refuses
    Chinese names), tried on a hidden empty file. Raises the folder's own error when it refuses them all."""
    refused: OSError | None = None
    for name in names:
        probe = Path(folder) / f".probe-{os.getpid()}-{threading.get_ident()}-{name}"
        try:
            os.close(os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        except OSError as exc:
            refused = refused or exc
            continue
        probe.unlink()
        return name
    assert refused is not None
    raise refused


def copy_replacing(source: Path, path: Path) -> None:
    """Copy a file to path (0600) through a unique temporary name beside it, replacing what is there."""
    path = Path(path)
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=".incoming-", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as out:
            _copy_synced(Path(source), out)
        os.replace(name, path)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise


def rename_to_free_name(tmp: Path, folder: Path, name: str) -> Path:
    """Rename tmp to name in folder, or to name-2, name-3… : never over an existing file."""
    with _NAMING:
        path = _free(Path(folder) / name)
        os.rename(tmp, path)
    return path


def sync_folder(folder: Path) -> None:
    """Make a rename durable (POSIX); where a folder cannot be opened or synced (Windows, some FUSE disks),
    the file itself was synced already."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _free(path: Path) -> Path:
    number = 2
    candidate = path
    while candidate.exists():
        candidate = path.with_name(f"{path.stem}-{number}{path.suffix}")
        number += 1
    return candidate


def _copy_synced(source: Path, out) -> str:
    digest = hashlib.sha256()
    with source.open("rb") as src:
        for chunk in iter(lambda: src.read(1 << 20), b""):
            out.write(chunk)
            digest.update(chunk)
    out.flush()
    os.fsync(out.fileno())
    return digest.hexdigest()
