"""Files that hold cases or keys (a database, a backup, a PDF, a key file, a bundle): owner-only from the
first byte (0600, folders 0700), never half-written under their final name, and a killed writer's leftovers
removed at the next start.

Every partial write is registered while it runs: a small entry in the user's data folder, locked by the
writing process for as long as it writes. The OS drops the lock when the process dies in any way, so the next
start (the station app or the command line) knows which partial files nobody is writing any more, wherever
they were written (a USB stick, the backups folder), and removes only those.
"""
from __future__ import annotations

import hashlib
import os
import secrets
import stat
import sys
import tempfile
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from app.errors import MediationError
from app.i18n import _

PRIVATE_FILE, PRIVATE_DIR = 0o600, 0o700
POSIX = os.name == "posix"
PART = ".part"
# What SQLite puts beside a database it writes (a backup's snapshot is a SQLite file being written).
SQLITE_SIDECARS = ("-journal", "-wal", "-shm")
JOURNAL = "writes-in-progress"
# Names only our temporary files have: `<name>.<random>.part` (staged writes), `.mediation-…part` (copies to
# a stick), `.incoming-…` (the attachment store and copies beside it), `.snapshot-…` (a backup being made).
PARTIAL_PREFIXES = (".incoming-", ".snapshot-", ".mediation-")


# -- owner-only files and folders ----------------------------------------------------------------------------
def _tighten(path: Path, st: os.stat_result | None = None) -> None:
    """Take group and other rights away (the owner's stay as they are). Symlinks are left alone; a file system
    without Unix modes (a FAT32 stick) refuses, and that refusal is not an error."""
    if not POSIX:
        return
    try:
        st = st or os.lstat(path)
        if not stat.S_ISLNK(st.st_mode) and st.st_mode & 0o077:
            os.chmod(path, stat.S_IMODE(st.st_mode) & 0o700)
    except OSError:
        pass


def private_dir(path: str | os.PathLike[str], *, ours: bool = True) -> Path:
    """A folder created owner-only, with any missing parents. One of ours by name (attachments, backups, keys,
    the data folder) is tightened if it exists; with ours=False (a folder the user named, a USB stick) an
    existing folder is left as it is."""
    path = Path(path)
    missing = [p for p in (path, *path.parents) if not p.exists()]
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=PRIVATE_DIR)
        except FileExistsError:        # another process made it meanwhile
            pass
    if ours or missing:
        _tighten(path)
    return path


def open_private(path: str | os.PathLike[str]) -> BinaryIO:
    """Open for writing (truncated), owner-only from the first byte. The folder must exist."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0), PRIVATE_FILE)
    if POSIX:
        try:
            st = os.fstat(fd)
            if st.st_mode & 0o077:       # it existed before, with a looser mode
                os.fchmod(fd, stat.S_IMODE(st.st_mode) & 0o700)
        except OSError:
            pass
    return os.fdopen(fd, "wb")


def private_file(path: str | os.PathLike[str]) -> Path:
    """A file others open themselves (the log, SQLite's database): created empty and owner-only if missing,
    tightened if it exists. SQLite gives its -wal and -shm files the mode of the database file."""
    path = Path(path)
    private_dir(path.parent, ours=False)
    # An existing file is never opened here: closing any descriptor of a file drops every POSIX lock this
    # process holds on it, and SQLite's locks are those. A connection already open on the database would lose
    # them, and another process closing its own would then delete the -wal this one still writes to.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
    except FileExistsError:
        pass
    else:
        os.close(fd)         # nobody had it open: it did not exist
    _tighten(path)
    return path


# -- partial writes ------------------------------------------------------------------------------------------
def _journal() -> Path:
    from app.paths import data_dir

    return data_dir() / JOURNAL


def _lock(fd: int) -> bool:
    """An exclusive lock on an open file, without waiting; False when another process holds it."""
    try:
        if sys.platform == "win32":
            import msvcrt

            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _register(tmp: Path) -> tuple[int, Path] | None:
    """Record the .part file this process is about to write, locked until the write ends. The entry is written
    before the .part exists, so a .part on disk always has its entry. Never stops the write itself."""
    entry = _journal() / secrets.token_hex(8)
    flags = os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    try:
        try:
            fd = os.open(entry, flags, PRIVATE_FILE)
        except FileNotFoundError:       # the first partial write of this user
            private_dir(entry.parent)
            fd = os.open(entry, flags, PRIVATE_FILE)
    except OSError:
        return None
    if not _lock(fd):
        os.close(fd)
        return None
    os.write(fd, os.fsencode(str(tmp.absolute())))
    return fd, entry


def _unregister(registration: tuple[int, Path] | None) -> None:
    if registration is not None:
        fd, entry = registration
        os.close(fd)
        entry.unlink(missing_ok=True)


@contextmanager
def registered(tmp: Path) -> Iterator[Path]:
    """Register a temporary file for the time of the block (see partial, which also names and removes it)."""
    registration = _register(Path(tmp))
    try:
        yield Path(tmp)
    finally:
        _unregister(registration)


def part_name(path: Path) -> Path:
    """A name of its own beside path: two writers of the same file (two stores of one attachment) never write
    into each other's."""
    return path.with_name(f"{path.name}.{secrets.token_hex(4)}{PART}")


@contextmanager
def partial(path: str | os.PathLike[str]) -> Iterator[Path]:
    """A temporary name beside path for the block to write and then move into place. Removed when the block
    fails (or does not move it); registered so that the next start removes it if this process is killed."""
    tmp = part_name(Path(path))
    registration = _register(tmp)
    try:
        yield tmp
    finally:
        if os.path.lexists(tmp):         # the block failed, or did not move it
            _remove_part(tmp)
        _unregister(registration)


def write_atomically(data: bytes, path: Path, *, read_back: bool = False) -> None:
    """Write to a temporary name, flush to disk, then rename: a full disk or a crash never leaves half a file
    under the final name."""
    with staged(data, path, read_back=read_back):
        pass


@contextmanager
def staged(data: bytes, path: Path, *, read_back: bool = False) -> Iterator[Path]:
    """Write data (owner-only) under a temporary name beside path; rename it to path when the block succeeds,
    remove it when the block (or the write) fails. With read_back, the file is read again from the device and
    compared first (USB sticks that lose writes exist)."""
    path = Path(path)
    with partial(path) as tmp:
        with open_private(tmp) as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if read_back and _digest_from_device(tmp) != hashlib.sha256(data).hexdigest():
            raise _read_back_failed(path)
        yield tmp
        os.replace(tmp, path)


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


# -- copies --------------------------------------------------------------------------------------------------
# Two copies may be published at once (the day's backup at start and one from the Settings page): the check
# for a free name and the rename that takes it happen under this lock.
_NAMING = threading.Lock()


def copy_out(source: Path, folder: Path, name: str) -> tuple[Path, str]:
    """Copy a file into a folder on another disk (a USB stick, a share) with plain reads and writes only:
    under a unique temporary name (0600), flushed, read back from the device and compared, then renamed to
    name (-2, -3… if that is taken). Returns (path, sha256); nothing is left behind when a step fails."""
    folder = Path(folder)
    fd, tmp_name = tempfile.mkstemp(dir=folder, prefix=".mediation-", suffix=PART)
    tmp = Path(tmp_name)
    try:
        with registered(tmp), os.fdopen(fd, "wb") as out:
            digest = _copy_synced(Path(source), out)
            out.close()
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
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=".incoming-", suffix=PART)
    try:
        with registered(Path(name)), os.fdopen(fd, "wb") as out:
            _copy_synced(Path(source), out)
            out.close()
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
    with source.open("rb") as src:
        return copy_hashed(src, out)


def copy_hashed(src, out) -> str:
    """Copy one open file into another in 1 MiB pieces, on disk (fsync) when this returns; the SHA-256 of what
    was copied."""
    digest = hashlib.sha256()
    for chunk in iter(lambda: src.read(1 << 20), b""):
        out.write(chunk)
        digest.update(chunk)
    out.flush()
    os.fsync(out.fileno())
    return digest.hexdigest()


# -- leftovers -----------------------------------------------------------------------------------------------
def is_partial(path: Path) -> bool:
    """A name only our partial writes have."""
    name = path.name
    return (name.endswith(PART) or any(name.endswith(PART + s) for s in SQLITE_SIDECARS)
            or name.startswith(PARTIAL_PREFIXES))


def _remove_part(path: Path) -> None:
    for leftover in (path, *(Path(str(path) + s) for s in SQLITE_SIDECARS)):
        try:
            if leftover.is_file() and not leftover.is_symlink():
                leftover.unlink()
        except OSError:
            pass


def clean_leftovers() -> tuple[list[Path], set[Path]]:
    """Remove the .part files of writers that died; returns (removed, still being written)."""
    removed, live = [], set()
    folder = _journal()
    if not folder.is_dir():
        return removed, live
    for entry in folder.iterdir():
        try:
            fd = os.open(entry, os.O_RDWR | getattr(os, "O_BINARY", 0))
        except OSError:
            continue
        try:
            held = not _lock(fd)
            try:
                named = Path(os.fsdecode(os.read(fd, 1 << 16)))
            except OSError:          # Windows: the region another process locked cannot be read
                named = Path()
        finally:
            os.close(fd)
        if held:
            live.add(named)
            continue
        if named.name and is_partial(named):
            _remove_part(named)
            removed.append(named)
        entry.unlink(missing_ok=True)
    return removed, live


# -- at each start -------------------------------------------------------------------------------------------
def _tighten_tree(root: Path, live: set[Path]) -> None:
    """A folder of ours found open to others (made by an older version): everything in it made owner-only,
    and the partial writes nobody is writing removed."""
    for folder, dirs, names in os.walk(root):
        base = Path(folder)
        _tighten(base)
        for name in names:
            path = base / name
            if is_partial(path) and path.absolute() not in live:
                _remove_part(path)
            else:
                _tighten(path)


def _ours_and_open(folder: Path) -> bool:
    try:
        st = os.lstat(folder)
    except OSError:
        return False
    return POSIX and stat.S_ISDIR(st.st_mode) and bool(st.st_mode & 0o077)


def at_start(database: Path) -> None:
    """Once per start of the station app or the command line, for the database it opens: the files of a
    killed writer removed, and what an older version left readable by others made owner-only (the database and
    its -wal/-shm, its attachments and backups, the keys, the log). A folder of ours that is already owner-only is
    not walked: nobody else can reach into it, and whatever this version writes there is owner-only already."""
    from app.attachments import AttachmentStore
    from app.backups import automatic_folder
    from app.paths import config_dir, data_dir

    _removed, live = clean_leftovers()
    database = Path(database)
    for suffix in ("", *SQLITE_SIDECARS, ".lock", ".log"):
        _tighten(Path(str(database) + suffix))
    for folder in {data_dir(), config_dir() / "keys", AttachmentStore.beside(database).root,
                   automatic_folder(database)}:
        if _ours_and_open(folder):
            _tighten_tree(folder, live)
