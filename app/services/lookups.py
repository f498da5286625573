"""The station and its mediators, read with plain SQL (needed before SQLAlchemy is loaded; see sql.py)."""
from __future__ import annotations

from datetime import date, datetime, timedelta

from app.clock import station_date
from app.services.sql import Db, rows
from app.views import MediatorView, StationView


def station(db: Db) -> StationView | None:
    found = rows(db, "SELECT id, uid, name, code, county, case_prefix FROM station ORDER BY id LIMIT 1")
    return StationView(*found[0]) if found else None


def mediators(db: Db, *, active_only: bool = True) -> list[MediatorView]:
    condition = " AND active" if active_only else ""
    return [MediatorView(r[0], r[1], r[2], r[3], r[4], bool(r[5])) for r in rows(
        db, f"SELECT id, uid, name, role, phone, active FROM mediator WHERE deleted_at IS NULL{condition} "
            "ORDER BY id")]


def sync_due(db: Db, today: date) -> bool:
    """The weekly reminder: no bundle written yet, or the last one is seven days old or more."""
    last = rows(db, "SELECT MAX(created_at) FROM sent_bundle")[0][0]
    if last is None:
        return True
    stored = last if isinstance(last, datetime) else datetime.fromisoformat(str(last))
    return station_date(stored) <= today - timedelta(days=7)


def account_names(db: Db) -> list[str]:
    """Who may log in (for the login form), without loading SQLAlchemy or argon2 before the form shows."""
    return [r[0] for r in rows(db, "SELECT name FROM account WHERE NOT disabled ORDER BY role = 'head' DESC, id")]


def setting(db: Db, key: str) -> str:
    from app.settings import DEFAULTS

    found = rows(db, "SELECT value FROM station_setting WHERE key = :key", {"key": key})
    return found[0][0] if found else DEFAULTS[key]
