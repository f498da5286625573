"""Engine and session factories for the station's SQLite file (and, later, the county's PostgreSQL)."""
from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

WRITE = {"sqlite_begin": "IMMEDIATE"}


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    # Python's sqlite3 opens transactions itself; switch that off so the "begin" hook below decides.
    dbapi_connection.isolation_level = None
    cur = dbapi_connection.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute("PRAGMA busy_timeout=15000")
    # Every insert fires a change-log trigger, so SQLite keeps a statement journal for each statement; on disk
    # that was some 100 page writes per imported case (a 100,000-row register: millions of system calls).
    cur.execute("PRAGMA temp_store=MEMORY")
    cur.close()


def _sqlite_begin(conn) -> None:
    # Writers take the write lock up front (BEGIN IMMEDIATE): two windows that accept cases at the same
    # moment queue up instead of failing with "database is locked" halfway through.
    mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
    conn.exec_driver_sql(f"BEGIN {mode}")


def make_engine(target: str | Path) -> Engine:
    """A file path means SQLite; a string with '://' is a full database URL (e.g. PostgreSQL)."""
    url = str(target) if "://" in str(target) else f"sqlite:///{Path(target)}"
    # hide_parameters: error messages never carry the values (ID numbers, phones) of a failed statement.
    if url.startswith("sqlite"):
        engine = create_engine(url, hide_parameters=True)
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
    else:
        from db.models.dispute import on_postgresql

        on_postgresql()
        engine = create_engine(url, pool_pre_ping=True, hide_parameters=True)
    return engine


def session_factories(engine: Engine) -> tuple[sessionmaker[Session], sessionmaker[Session]]:
    """(read, write): the write factory begins its transactions IMMEDIATE on SQLite."""
    read = sessionmaker(engine, expire_on_commit=False)
    write = sessionmaker(engine.execution_options(**WRITE), expire_on_commit=False)
    return read, write


def open_database(target: str | Path) -> tuple[Engine, sessionmaker[Session], sessionmaker[Session]]:
    """Engine and (read, write) factories for a database at the current schema (created if new)."""
    from db.migrate import ensure_schema

    if "://" not in str(target):
        Path(target).parent.mkdir(parents=True, exist_ok=True)
    engine = make_engine(target)
    ensure_schema(engine)
    return engine, *session_factories(engine)
