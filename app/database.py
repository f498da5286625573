"""Opening a database for the application.

The schema is brought up to date safely: a database written by a newer version of the app is refused and
left untouched; an older one is copied first (the copy is kept apart from the daily rotation), then
migrated, and if the migration fails the copy is put back. Every ORM session is then checked
(permissions, app/access.py) and recorded (audit trail, app/audit.py) at each flush.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from app.errors import MediationError
from app.i18n import _

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session, sessionmaker

BEFORE_MIGRATION = "调解站-升级前-"


class NewerDatabase(MediationError):
    pass


def install_hooks() -> None:
    """On every ORM session of the process: a flush is checked, then recorded, in its own transaction."""
    from sqlalchemy import event
    from sqlalchemy.orm import Session

    from app import access, audit

    if not event.contains(Session, "before_flush", access.check_flush):
        event.listen(Session, "before_flush", access.check_flush)
        event.listen(Session, "after_flush", audit.record_flush)


def stored_revision(path: Path) -> str | None:
    """The schema version a SQLite file says it has (None for a new or empty file), read-only."""
    if not Path(path).exists() or Path(path).stat().st_size == 0:
        return None
    from db.connection import read_only

    with read_only(path) as conn:
        if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'alembic_version'").fetchone():
            return None
        found = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    return found[0] if found else None


def open_database(target: str | Path) -> tuple[Engine, sessionmaker[Session], sessionmaker[Session]]:
    from db.engine import make_engine, open_database as open_engine, session_factories
    from db.migrate import HEAD

    install_hooks()
    if "://" in str(target):
        return open_engine(target)
    path = Path(target)
    from app import faults

    folder = path.parent
    if folder.exists() and not faults.writable(folder) or path.exists() and not os.access(path, os.W_OK):
        # SQLite needs the folder too (its WAL and lock files), even to read a WAL database.
        raise MediationError(faults.read_only_message() + " (" + str(folder) + ")")
    from app import files

    files.private_file(path)     # owner-only before SQLite creates it: its -wal and -shm take the same mode
    files.at_start(path)
    revision = stored_revision(path)
    if revision is not None and revision > HEAD:
        raise NewerDatabase(_("{path} was written by a newer version of Mediation Station (schema {found}; this "
                              "version knows {head}). It was left untouched: install the newer version to open "
                              "it.").format(path=path, found=revision, head=HEAD))
    if revision is None or revision == HEAD:
        return open_engine(path)
    engine = _migrate_with_copy(path, make_engine(path), revision)
    return engine, *session_factories(engine)


# From this schema revision on, the search index holds what app/search_text.py PARTY_FIELDS names; a database
# migrated from before has it rewritten (the tokenizer is the app's, so a migration cannot do it).
SEARCH_TEXT_REVISION = "0015"


def _migrate_with_copy(path: Path, engine: Engine, revision: str) -> Engine:
    from app.backups import automatic_folder, backup
    from app.files import private_dir
    from db.migrate import ensure_schema

    copy = backup(path, private_dir(automatic_folder(path)), prefix=BEFORE_MIGRATION).path
    try:
        ensure_schema(engine)
        if revision < SEARCH_TEXT_REVISION:
            _reindex(engine)
    except Exception as exc:
        engine.dispose()
        put_back(copy, path)
        raise MediationError(_("The database could not be brought up to this version ({error}). It was put back "
                               "as it was from the copy {copy}; nothing was lost.").format(
            error=str(exc).splitlines()[0] if str(exc) else type(exc).__name__, copy=copy.name)) from None
    return engine


def _reindex(engine: Engine) -> None:
    from sqlalchemy.orm import Session as OrmSession

    from app import search_index

    with OrmSession(engine) as session, session.begin():
        search_index.rebuild(session)


def put_back(copy: Path, path: Path) -> None:
    """Replace the database file by a copy, the stale WAL of the old file removed first."""
    from app.files import open_private, partial

    with partial(path) as tmp:
        with copy.open("rb") as src, open_private(tmp) as dst:
            while chunk := src.read(1 << 20):
                dst.write(chunk)
            dst.flush()
            os.fsync(dst.fileno())
        for suffix in ("-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        os.replace(tmp, path)
