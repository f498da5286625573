"""Backups of the station's database and its attachments, made while the app runs.

SQLite's online backup API copies a consistent snapshot even while another window writes (WAL); the copy
is checked with `PRAGMA quick_check` and its schema version read back before it is given its final name,
so a backup that exists is a backup that opens. Attachments go to one `attachments` folder beside the
backups, stored by content hash as at the station, so each backup copies only the files the folder lacks.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from app.attachments import AttachmentStore
from app.errors import MediationError
from app.i18n import _
from app import clock


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
    """The schema version of a database file that passes quick_check; refuses anything else."""
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
            result = conn.execute("PRAGMA quick_check").fetchone()[0]
            schema = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.Error as exc:
        raise MediationError(_("{path} is not a readable Mediation Station database ({error}).").format(
            path=path, error=exc)) from None
    if result != "ok" or schema is None:
        raise MediationError(_("{path} fails the integrity check ({result}).").format(path=path, result=result))
    return str(schema[0])


def backup(database: Path, out_dir: Path, *, now: datetime | None = None, prefix: str = "调解站备份-") -> BackupResult:
    """Copy the database into out_dir as 调解站备份-YYYYMMDD-HHMMSS.sqlite, and its attachments. The safety
    copies made before a migration or a restore have their own prefix: the rotation leaves them alone."""
    database, out_dir = Path(database), Path(out_dir)
    if not database.exists():
        raise MediationError(_("There is no database at {path}.").format(path=database))
    if not out_dir.is_dir():
        raise MediationError(_("The folder {path} does not exist; choose a folder (e.g. the USB stick).").format(
            path=out_dir))
    stamp = (now or clock.local_now()).strftime("%Y%m%d-%H%M%S")
    target = out_dir / f"{prefix}{stamp}.sqlite"
    tmp = target.with_name(target.name + ".part")
    try:
        source = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
        destination = sqlite3.connect(tmp)
        try:
            source.backup(destination, pages=4096)
            destination.execute("PRAGMA journal_mode=DELETE")   # one self-contained file, no -wal beside it
        finally:
            destination.close()
            source.close()
        with tmp.open("rb+") as fh:
            os.fsync(fh.fileno())
        schema = check_copy(tmp)
        copied = copy_missing_files(AttachmentStore.beside(database).root, out_dir / "attachments")
        os.replace(tmp, target)
    except sqlite3.Error as exc:
        tmp.unlink(missing_ok=True)
        raise MediationError(_("The backup could not be made ({error}); nothing was written.").format(
            error=exc)) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return BackupResult(target, target.stat().st_size, schema, copied, _file_digest(target))


def copy_missing_files(source: Path, destination: Path) -> int:
    """Files are stored by content, so a file already at the destination is the same file: copy the rest,
    each under a temporary name first. Used both ways: into a backup and back at a restore."""
    if not source.is_dir():
        return 0
    copied = 0
    for path in source.rglob("*"):
        if path.is_file() and not path.name.startswith("."):
            out = destination / path.relative_to(source)
            if not out.exists():
                out.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, out.with_name(out.name + ".part"))
                os.replace(out.with_name(out.name + ".part"), out)
                copied += 1
    return copied


# --- automatic backups and their rotation ------------------------------------------------------------

PREFIX = "调解站备份-"
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
    folder.mkdir(parents=True, exist_ok=True)
    result = backup(database, folder, now=now)
    rotate(folder, today=now.date())
    return result


def to_keep(taken: list[datetime], today) -> set[datetime]:
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


def rotate(folder: Path, *, today) -> list[Path]:
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
        with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as conn:
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
