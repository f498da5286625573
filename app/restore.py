"""Putting a backup back: checked first, the current database kept, attachments completed, and the next
weekly bundle made full (the county's receipts then tell the station again what the county holds)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from app import access, audit
from app.access import SYSTEM, Actor
from app.attachments import AttachmentStore
from app.backups import automatic_folder, backup, check_copy, copy_missing_files
from app.database import put_back
from app.errors import MediationError
from app.files import copy_replacing, private_dir
from app.i18n import _
from app.instance_lock import InstanceLock
from app import clock

BEFORE_RESTORE = "调解站-恢复前-"


@dataclass(frozen=True)
class RestoreResult:
    restored_from: Path
    schema: str
    previous_copy: Path | None
    attachments_restored: int


def check_backup(backup_file: Path) -> str:
    """The backup's schema version, when it passes the integrity check and this version can open it."""
    from db.migrate import HEAD

    backup_file = Path(backup_file)
    if not backup_file.is_file():
        raise MediationError(_("There is no backup file at {path}.").format(path=backup_file))
    schema = check_copy(backup_file)
    if schema > HEAD:
        raise MediationError(_("{path} was made by a newer version of Mediation Station; install it to restore "
                               "this backup.").format(path=backup_file))
    return schema


def restore(database: Path, backup_file: Path, *, actor: Actor = SYSTEM, now: datetime | None = None,
            lock: bool = True) -> RestoreResult:
    """Replace the database by the backup. `lock=False` when the caller (the app) already holds the lock."""
    access.require(actor, "restore")
    database, backup_file = Path(database), Path(backup_file)
    schema = check_backup(backup_file)
    guard = InstanceLock(database).acquire() if lock else None
    try:
        previous = _keep_current(database, now)
        put_back(backup_file, database)
        restored = copy_missing_files(backup_file.parent / "attachments", AttachmentStore.beside(database).root)
        _after_restore(database, backup_file, schema, actor)
    finally:
        if guard is not None:
            guard.release()
    return RestoreResult(backup_file, schema, previous, restored)


def _keep_current(database: Path, now: datetime | None) -> Path | None:
    if not database.exists():
        return None
    folder = private_dir(automatic_folder(database))
    try:
        return backup(database, folder, now=now, prefix=BEFORE_RESTORE).path
    except MediationError:
        # A damaged database cannot pass the copy's check; keep its files as they are, WAL included.
        stamp = (now or clock.local_now()).strftime("%Y%m%d-%H%M%S")
        target = folder / f"{BEFORE_RESTORE}{stamp}-damaged.sqlite"
        for suffix in ("", "-wal"):
            source = Path(str(database) + suffix)
            if source.exists():
                copy_replacing(source, Path(str(target) + suffix))
        return target


def _after_restore(database: Path, backup_file: Path, schema: str, actor: Actor) -> None:
    from app.database import open_database
    from app.services import settings
    from app.sync.export import NEXT_FULL

    engine, _read, write = open_database(database)    # an older backup is migrated here, copy first
    try:
        with write.begin() as session:
            session.info["actor"] = actor
            settings.put(session, NEXT_FULL, "1")
            audit.append(session, "restore", detail={"file": backup_file.name, "schema": schema}, actor=actor)
    finally:
        engine.dispose()
