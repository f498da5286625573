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


def backup(database: Path, out_dir: Path, *, now: datetime | None = None) -> BackupResult:
    """Copy the database into out_dir as 调解站备份-YYYYMMDD-HHMMSS.sqlite, and its attachments."""
    database, out_dir = Path(database), Path(out_dir)
    if not database.exists():
        raise MediationError(_("There is no database at {path}.").format(path=database))
    if not out_dir.is_dir():
        raise MediationError(_("The folder {path} does not exist; choose a folder (e.g. the USB stick).").format(
            path=out_dir))
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    target = out_dir / f"调解站备份-{stamp}.sqlite"
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
        copied = _copy_attachments(AttachmentStore.beside(database).root, out_dir / "attachments")
        os.replace(tmp, target)
    except sqlite3.Error as exc:
        tmp.unlink(missing_ok=True)
        raise MediationError(_("The backup could not be made ({error}); nothing was written.").format(
            error=exc)) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return BackupResult(target, target.stat().st_size, schema, copied, _file_digest(target))


def _copy_attachments(source: Path, destination: Path) -> int:
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
