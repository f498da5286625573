"""Putting a backup back: checked first, the current database kept, attachments completed, and the next
weekly bundle made full (the county's receipts then tell the station again what the county holds).

A backup is outside input: its schema must be exactly the one this version builds (no trigger, view or table
of anyone else's, not an empty file), its attachments plain files whose content matches their hash, all
checked before anything is replaced. The restore is put on the audit trail with where the chain stood in the
backup and in the database it replaces, so the county sees a restore, not a rewritten trail; the bundles
already sent stay in the ledger, so the next bundle does not reuse a number the county holds.
"""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from app import access, audit, clock, schema_check
from app.access import SYSTEM, Actor
from app.attachments import AttachmentStore
from app.backups import (attachment_files, automatic_folder, backup, check_copy, check_missing_files,
                         stage_missing_files)
from app.database import put_back
from app.errors import MediationError
from app.files import copy_replacing, private_dir
from app.i18n import _
from app.instance_lock import InstanceLock
from db.connection import read_only

BEFORE_RESTORE = "调解站-恢复前-"
LEDGER_COLUMNS = ("number", "created_at", "full", "period_from", "period_to", "digest", "file_name", "counts",
                  "receipt", "receipt_at")


@dataclass(frozen=True)
class RestoreResult:
    restored_from: Path
    schema: str
    previous_copy: Path | None
    attachments_restored: int


@dataclass(frozen=True)
class Replaced:
    """What the database being replaced knew: its audit chain's head and the bundles it had sent."""
    head: tuple[int, str] | None
    ledger: list[dict]


def check_backup(backup_file: Path, database: Path | None = None) -> str:
    """The backup's schema version, when it passes the integrity check, this version can open it, its schema is
    exactly this version's own at that revision, and its attachments folder holds no links. Given the database
    it would replace, the attachment files a restore would copy are hash-checked too, before anyone logs in or
    confirms (the restore checks them again as it copies)."""
    from db.migrate import HEAD

    backup_file = Path(backup_file)
    if not backup_file.is_file():
        raise MediationError(_("There is no backup file at {path}.").format(path=backup_file))
    schema_check.require_tables(backup_file)
    schema = check_copy(backup_file)
    if schema > HEAD:
        raise MediationError(_("{path} was made by a newer version of Mediation Station; install it to restore "
                               "this backup.").format(path=backup_file))
    schema_check.require_same_schema(backup_file, schema)
    if database is None:
        attachment_files(_attachments_of(backup_file), strict=True)
    else:
        check_missing_files(_attachments_of(backup_file), AttachmentStore.beside(database).root)
    return schema


def _attachments_of(backup_file: Path) -> Path:
    return Path(backup_file).parent / "attachments"


def restore(database: Path, backup_file: Path, *, actor: Actor = SYSTEM, now: datetime | None = None,
            lock: bool = True) -> RestoreResult:
    """Replace the database by the backup. `lock=False` when the caller (the app) already holds the lock."""
    access.require(actor, "restore")
    database, backup_file = Path(database), Path(backup_file)
    schema = check_backup(backup_file)
    guard = InstanceLock(database).acquire() if lock else None
    try:
        # Every attachment is copied beside its place and checked before the database is touched.
        staged = stage_missing_files(_attachments_of(backup_file), AttachmentStore.beside(database).root,
                                     verify=True)
        try:
            replaced = _replaced(database)
            previous = _keep_current(database, now)
            put_back(backup_file, database)
        except BaseException:
            staged.discard()
            raise
        restored = staged.commit()
        _after_restore(database, backup_file, schema, actor, replaced, previous)
    finally:
        if guard is not None:
            guard.release()
    return RestoreResult(backup_file, schema, previous, restored)


def _replaced(database: Path) -> Replaced:
    """Read before the file is replaced; a damaged database tells what it still can."""
    head, ledger = None, []
    try:
        with read_only(database) as conn:
            conn.row_factory = sqlite3.Row
            row = conn.execute("SELECT seq, hash FROM audit_head WHERE id = 1").fetchone()
            head = (row["seq"], row["hash"]) if row else None
            ledger = [dict(r) for r in conn.execute(f"SELECT {', '.join(LEDGER_COLUMNS)} FROM sent_bundle")]
    except sqlite3.Error:
        pass
    return Replaced(head, ledger)


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


def _after_restore(database: Path, backup_file: Path, schema: str, actor: Actor, replaced: Replaced,
                   previous: Path | None) -> None:
    from app.database import open_database
    from app.services import settings
    from app.sync.export import NEXT_FULL

    engine, _read, write = open_database(database)    # an older backup is migrated here, copy first
    try:
        with write.begin() as session:
            session.info["actor"] = actor
            restored_head = audit.head(session)
            _keep_ledger(session, replaced.ledger)
            settings.put(session, NEXT_FULL, "1")
            audit.append(session, "restore", detail={
                "file": backup_file.name, "schema": schema, "kept_copy": previous.name if previous else None,
                "backup_head": list(restored_head) if restored_head else None,
                "replaced_head": list(replaced.head) if replaced.head else None}, actor=actor)
    finally:
        engine.dispose()


def _keep_ledger(session, ledger: list[dict]) -> None:
    """The bundles the replaced database had sent stay known: the county holds their numbers. Their change
    ranges and audit checkpoints belong to the replaced database, so they are not carried (seq 0, no
    checkpoint); receipts that came in after the backup are."""
    from sqlalchemy import text

    have = dict(session.execute(text("SELECT number, digest FROM sent_bundle")).all())
    for row in ledger:
        if row["number"] not in have:
            session.execute(text(f"INSERT INTO sent_bundle ({', '.join(LEDGER_COLUMNS)}, seq_from, seq_to) VALUES "
                                 f"({', '.join(':' + c for c in LEDGER_COLUMNS)}, 0, 0)"), row)
        elif have[row["number"]] == row["digest"] and row["receipt"]:
            session.execute(text("UPDATE sent_bundle SET receipt = :receipt, receipt_at = :receipt_at WHERE number "
                                 "= :number"), row)
