"""Plain SQL for the quick reads the register window needs at start-up, on a sqlite3 connection or a
SQLAlchemy Session alike.

Importing SQLAlchemy costs ~0.4 s on a station PC, more than the whole start-up budget, so the register
and the lookups it shows first are written as SQL text with :named parameters: sqlite3 runs it directly,
and a Session (any database) runs it through text().
"""
from __future__ import annotations

import sqlite3
from datetime import date
from typing import Any

Db = Any  # a sqlite3.Connection or a sqlalchemy.orm.Session (kept untyped so SQLAlchemy is not imported)


def is_sqlite(db: Db) -> bool:
    return isinstance(db, sqlite3.Connection) or db.get_bind().dialect.name == "sqlite"


def rows(db: Db, sql: str, params: dict[str, object] | None = None) -> list[tuple]:
    if isinstance(db, sqlite3.Connection):
        return db.execute(sql, params or {}).fetchall()
    from sqlalchemy import text

    return [tuple(r) for r in db.execute(text(sql), params or {})]


def scalar(db: Db, sql: str, params: dict[str, object] | None = None):
    found = rows(db, sql, params)
    return found[0][0] if found else None


def as_date(value) -> date | None:
    """SQLite hands dates back as 'YYYY-MM-DD' text; other databases as date objects."""
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def date_param(db: Db, value: date) -> object:
    """Dates compare as ISO text in SQLite (how SQLAlchemy stores them there)."""
    return value.isoformat() if is_sqlite(db) else value


def in_station(column: str, station: str | None) -> tuple[str, dict[str, object]]:
    """The condition that keeps one station's rows (`column` holds station ids, e.g. d.station_id) and its
    parameter, or nothing for the whole database: a county counts one station among all of its."""
    if station is None:
        return "", {}
    return f" AND {column} IN (SELECT st.id FROM station st WHERE st.code = :station_code)", {"station_code": station}
