"""Backups of the station's database and its attachments, made while the app runs.

SQLite works only beside the database, where it is known to work (the database itself lives there): its
online backup API copies a consistent snapshot even while another window writes (WAL) into a private file in
the automatic backups folder, which is checked with `PRAGMA quick_check` and its schema version read back.
A folder elsewhere (a USB stick, a share) then receives that file by plain writes, read back and compared,
and renamed last: the backup API makes the copy a WAL database for a moment, which needs shared memory and
locks that such folders often refuse ("disk I/O error"). Attachments go to one `attachments` folder beside
the backups, stored by content hash as at the station, so each backup copies only the files the folder lacks.
Every file written is 0600: backups hold personal information.
"""
from __future__ import annotations

import errno
import hashlib
import logging
import os
import re
import sqlite3
import stat
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack, closing, contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from app import clock, faults
from app.attachments import AttachmentStore
from app.errors import MediationError
from app.files import (
    PART,
    accepted_name,
    copy_hashed,
    copy_out,
    private_dir,
    registered,
    rename_to_free_name,
    sync_folder,
)
from app.i18n import _
from db.connection import read_only, read_only_uri

log = logging.getLogger(__name__)

PREFIX = "调解站备份-"
# The name used where a folder refuses Chinese file names (a FAT stick mounted without UTF-8).
PLAIN_PREFIX = "mediation-backup-"


@dataclass(frozen=True)
class BackupResult:
    path: Path
    size: int
    schema: str
    attachments_copied: int
    sha256: str


def _file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def check_copy(path: Path) -> str:
    """The schema version of a database file that passes quick_check; refuses anything else. The file is read
    as it is (immutable: no locks, no -wal beside it), which is exactly what a restore puts back."""
    try:
        with read_only(path, immutable=True) as conn:
            result = conn.execute("PRAGMA quick_check").fetchone()[0]
            schema = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.Error as exc:
        log.warning("%s cannot be read as a database: %s", Path(path).name, exc)
        raise MediationError(_("{path} is not a readable Mediation Station database (damaged, or not a "
                               "backup of this app).").format(path=path)) from None
    if result != "ok" or schema is None:
        raise MediationError(_("{path} fails the integrity check ({result}).").format(path=path, result=result))
    return str(schema[0])


def record_backup(session, result: BackupResult) -> None:
    """A backup taken by hand goes on the audit trail (the copy holds every case): file name and schema only."""
    from app import audit

    audit.append(session, "backup", detail={"file": result.path.name, "schema": result.schema})


def backup(database: Path, out_dir: Path, *, now: datetime | None = None, prefix: str = PREFIX) -> BackupResult:
    """Copy the database into out_dir as 调解站备份-YYYYMMDD-HHMMSS.sqlite, and its attachments. The safety
    copies made before a migration or a restore have their own prefix: the rotation leaves them alone."""
    database, out_dir = Path(database), Path(out_dir)
    if not database.exists():
        raise MediationError(_("There is no database at {path}.").format(path=database))
    if not out_dir.is_dir():
        raise MediationError(_("The folder {path} does not exist; choose a folder (e.g. the USB stick).").format(
            path=out_dir))
    if not faults.writable(out_dir):
        raise MediationError(_unwritable(out_dir))
    stamp = (now or clock.local_now()).strftime("%Y%m%d-%H%M%S")
    names = [f"{prefix}{stamp}.sqlite", f"{PLAIN_PREFIX}{stamp}.sqlite"]
    with _snapshot(database) as snapshot:
        schema = check_copy(snapshot)
        try:
            name = accepted_name(out_dir, names)
            copied = copy_missing_files(AttachmentStore.beside(database).root, out_dir / "attachments")
            target, digest = _publish(snapshot, out_dir, name)
        except OSError as exc:
            _remove_empty_folders(out_dir / "attachments")
            raise MediationError(_target_problem(exc, out_dir, snapshot)) from None
    return BackupResult(target, target.stat().st_size, schema, copied, digest)


@contextmanager
def _snapshot(database: Path) -> Iterator[Path]:
    """The consistent copy, made and checked beside the database, in a private file of its own; registered
    while it exists (a killed backup's copy is removed at the next start), removed after the block."""
    folder = automatic_folder(database)
    try:
        private_dir(folder)
        fd, name = tempfile.mkstemp(dir=folder, prefix=".snapshot-", suffix=".sqlite")   # 0600; SQLite's
        os.close(fd)                                # journal files take the mode of the file they belong to
    except OSError as exc:
        raise MediationError(_snapshot_problem(exc, folder)) from None
    snapshot = Path(name)
    with registered(snapshot):
        try:
            try:
                with closing(sqlite3.connect(read_only_uri(database), uri=True)) as source, \
                        closing(sqlite3.connect(snapshot)) as copy:
                    source.backup(copy, pages=4096)
                    copy.execute("PRAGMA journal_mode=DELETE")   # one self-contained file, no -wal beside it
                with snapshot.open("rb+") as fh:
                    os.fsync(fh.fileno())
            except (sqlite3.Error, OSError) as exc:
                raise MediationError(_snapshot_problem(exc, folder)) from None
            yield snapshot
        finally:
            for suffix in ("", "-journal", "-wal", "-shm"):
                Path(f"{snapshot}{suffix}").unlink(missing_ok=True)


def _publish(snapshot: Path, out_dir: Path, name: str) -> tuple[Path, str]:
    """Give the checked snapshot its name in out_dir: a rename beside the database, a copy anywhere else."""
    if out_dir.resolve() == snapshot.parent.resolve():
        target = rename_to_free_name(snapshot, out_dir, name)
        sync_folder(out_dir)
        return target, _file_digest(target)
    return copy_out(snapshot, out_dir, name)


def _remove_empty_folders(root: Path) -> None:
    """After a failed copy: the folders it made and left empty go too (os.rmdir refuses a folder in use)."""
    if root.is_dir():
        for folder in sorted((p for p in root.rglob("*") if p.is_dir()), reverse=True) + [root]:
            try:
                folder.rmdir()
            except OSError:
                pass


def _unwritable(folder: Path) -> str:
    return _("The folder {folder} cannot be written (read-only, write-protected, or no permission). Choose "
             "another folder, or check the USB stick's write-protect switch. No incomplete file was left "
             "there.").format(folder=folder)


def _target_problem(exc: OSError, folder: Path, snapshot: Path) -> str:
    log.warning("backup to a folder failed: %s", exc)
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return _unwritable(folder)
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return _("The disk of the folder {folder} is full: the backup needs about {size} MB. Free some space "
                 "or use another USB stick. No incomplete file was left there.").format(
            folder=folder, size=max(1, snapshot.stat().st_size // 1_000_000))
    return _("Writing to the folder {folder} failed: the disk reported an error (was the USB stick pulled "
             "out?). Check the stick, or choose another folder. No incomplete file was left there.").format(
        folder=folder)


def _snapshot_problem(exc: Exception, folder: Path) -> str:
    log.warning("backup snapshot failed: %s", exc)
    reason = faults.explain(exc) or _("The disk reported an error.")
    return _("The backup could not be made: the copy of the database could not be written in {folder}. "
             "{reason}").format(folder=folder, reason=reason)


SHA_NAME = re.compile(r"[0-9a-f]{64}\Z")


def attachment_files(source: Path, *, strict: bool) -> list[Path]:
    """The attachment files under source, stored as xx/<sha256>; other names (.part leftovers, .DS_Store) are
    not attachments and are passed over. strict (a backup being restored is outside input): a symbolic link,
    or anything that is neither a plain file nor a folder, is refused instead of passed over."""
    source = Path(source)
    if not source.is_dir() and not source.is_symlink():
        return []
    found = []
    for path in [source, *_walk(source)]:
        mode = path.lstat().st_mode
        if stat.S_ISLNK(mode) or not (stat.S_ISDIR(mode) or stat.S_ISREG(mode)):
            if strict:
                raise MediationError(_("{path} among the backup's attachments is a symbolic link or not a plain "
                                       "file; a backup never holds one. The restore was refused; nothing was "
                                       "changed.").format(path=path))
            continue
        if stat.S_ISREG(mode) and SHA_NAME.match(path.name) and path.parent.name == path.name[:2] \
                and path.parent.parent == source:
            found.append(path)
    return found


def _walk(root: Path):
    if root.is_symlink():
        return
    for folder, dirs, files in os.walk(root):     # symbolic links to folders are listed, never entered
        yield from (Path(folder) / name for name in dirs + files)


class StagedFiles:
    """Files copied under a temporary name beside their place (registered, so that a killed restore's leftovers
    go at the next start): put in place by commit(), removed by discard()."""

    def __init__(self) -> None:
        self.pending: list[tuple[Path, Path]] = []
        self.created: list[Path] = []
        self.registrations = ExitStack()

    def add(self, final: Path) -> int:
        missing = [p for p in (final.parent, *final.parent.parents) if not p.exists()]
        private_dir(final.parent)
        self.created += reversed(missing)
        fd, tmp = tempfile.mkstemp(dir=final.parent, prefix=".incoming-", suffix=PART)
        self.registrations.enter_context(registered(Path(tmp)))
        self.pending.append((Path(tmp), final))
        return fd

    def commit(self) -> int:
        for tmp, final in self.pending:
            os.replace(tmp, final)
        self.registrations.close()
        return len(self.pending)

    def discard(self) -> None:
        for tmp, _final in self.pending:
            tmp.unlink(missing_ok=True)
        self.registrations.close()
        for folder in reversed(self.created):
            try:
                folder.rmdir()
            except OSError:         # not empty: something else lives there
                pass


def check_missing_files(source: Path, destination: Path) -> int:
    """Before anything is copied: the files the destination lacks must each hash to their name (a backup is
    outside input), and the source may hold no links. Returns how many would be copied."""
    missing = [path for path in attachment_files(source, strict=True)
               if not (Path(destination) / path.relative_to(source)).exists()]
    for path in missing:
        digest = hashlib.sha256()
        with _open_plain(path) as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                digest.update(chunk)
        if digest.hexdigest() != path.name:
            raise MediationError(_wrong_hash(path.relative_to(source)))
    return len(missing)


def stage_missing_files(source: Path, destination: Path, *, verify: bool) -> StagedFiles:
    """Files are stored by content, so a file already at the destination is the same file: stage the rest
    (0600, in folders 0700). With verify, each file's content must hash to its name, and the source may hold
    no links."""
    staged = StagedFiles()
    try:
        for path in attachment_files(source, strict=verify):
            out = Path(destination) / path.relative_to(source)
            if not out.exists() and _copy_hashing(path, staged.add(out)) != path.name and verify:
                raise MediationError(_wrong_hash(path.relative_to(source)))
    except BaseException:
        staged.discard()
        raise
    return staged


def _wrong_hash(name: Path) -> str:
    return _("The attachment file {name} in the backup does not match its content hash: it was damaged or "
             "altered. The restore was refused; nothing was changed.").format(name=name)


def _open_plain(path: Path):
    """Open for reading, refusing a file swapped for a symbolic link since it was looked at (O_NOFOLLOW)."""
    return os.fdopen(os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0)), "rb")


def _copy_hashing(source: Path, fd: int) -> str:
    with os.fdopen(fd, "wb") as dst, _open_plain(source) as src:
        return copy_hashed(src, dst)


def copy_missing_files(source: Path, destination: Path) -> int:
    """Copy into a backup the attachment files it lacks (each under a temporary name first)."""
    return stage_missing_files(source, destination, verify=False).commit()


# --- automatic backups and their rotation ------------------------------------------------------------

KEEP_DAILY, KEEP_WEEKLY, KEEP_MONTHLY = 7, 4, 12


def automatic_folder(database: Path) -> Path:
    """Beside the database (as its attachments are): a copy against damage and mistakes; the copy against a
    dead disk is the one `backup --out` writes to a USB stick."""
    return Path(database).parent / f"{Path(database).stem}-backups"


def _taken_at(path: Path) -> datetime | None:
    try:
        return datetime.strptime(path.name[len(PREFIX):len(PREFIX) + 15], "%Y%m%d-%H%M%S")
    except ValueError:
        return None


def list_backups(folder: Path) -> list[tuple[datetime, Path]]:
    """The backups in a folder, newest first."""
    if not folder.is_dir():
        return []
    found = [(_taken_at(p), p) for p in folder.glob(f"{PREFIX}*.sqlite")]
    return sorted(((t, p) for t, p in found if t is not None), reverse=True)


def daily_backup(database: Path, *, now: datetime | None = None) -> BackupResult | None:
    """The first start of a day makes that day's backup, then thins out the old ones."""
    now = now or clock.local_now()
    folder = automatic_folder(database)
    if any(t.date() == now.date() for t, _p in list_backups(folder)):
        return None
    private_dir(folder)
    result = backup(database, folder, now=now)
    rotate(folder, today=now.date())
    return result


def to_keep(taken: list[datetime], today: date) -> set[datetime]:
    """The newest backup of each of the last 7 days, of each of the last 4 weeks, of each of the last 12
    months (a backup may count for all three)."""
    keep: set[datetime] = set()
    for count, key in ((KEEP_DAILY, lambda t: t.date()), (KEEP_WEEKLY, lambda t: t.isocalendar()[:2]),
                       (KEEP_MONTHLY, lambda t: (t.year, t.month))):
        newest: dict = {}
        for t in sorted(taken, reverse=True):
            if t.date() <= today:
                newest.setdefault(key(t), t)
        keep.update(sorted(newest.values(), reverse=True)[:count])
    return keep


def rotate(folder: Path, *, today: date) -> list[Path]:
    """Delete the backups the schedule no longer keeps; returns them. Attachments stay: they are stored by
    content, shared by every backup, and small beside the risk of losing one."""
    backups = list_backups(folder)
    keep = to_keep([t for t, _p in backups], today)
    removed = [p for t, p in backups if t not in keep]
    for path in removed:
        path.unlink(missing_ok=True)
    return removed


def quick_check(database: Path) -> str:
    """'ok', or what SQLite's quick_check (or opening the file at all) reports."""
    try:
        with read_only(database) as conn:
            return str(conn.execute("PRAGMA quick_check").fetchone()[0])
    except sqlite3.Error as exc:
        return str(exc)


def latest_good(database: Path) -> Path | None:
    """The newest automatic backup that passes its check (the newest may be the damaged one's copy)."""
    for _taken, path in list_backups(automatic_folder(database)):
        try:
            check_copy(path)
        except MediationError:
            continue
        return path
    return None
