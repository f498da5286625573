"""The station and its mediators, read with plain SQL (needed before SQLAlchemy is loaded; see sql.py)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from app.clock import station_date
from app.services.sql import Db, as_date, rows
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


# --- what the registration form offers as you type (issue 16) ---------------------------------------------------
# The address up to the station's own village or community: "城关镇东湖村3组12号" -> "城关镇东湖村".
_PLACE = re.compile(r"^(.{1,30}?(?:村民委员会|居民委员会|村委会|居委会|社区|村|嘎查|屯))")
PLACE_SAMPLE = 20000        # the newest addresses are enough to know a station's villages


@dataclass(frozen=True)
class PersonOnRecord:
    """A person already in the register, as last recorded, to fill the form when they come again."""
    name: str
    gender: str
    ethnicity: str
    birth_date: str
    occupation: str
    address: str
    phone: str
    id_number: str


def place_names(db: Db, *, limit: int = PLACE_SAMPLE) -> list[str]:
    """The 村/社区 names the address field offers: the station's own list (设置 → 村/社区与网格) first, in its
    order, so a new station with no cases yet has them too; then those read from the addresses on its cases,
    the most used first."""
    own = [name for (name,) in rows(db, "SELECT name FROM place WHERE deleted_at IS NULL AND active "
                                        "ORDER BY id")]
    counts: dict[str, int] = {}
    for (address,) in rows(db, "SELECT address FROM party WHERE deleted_at IS NULL AND address IS NOT NULL "
                               "AND address <> '' ORDER BY id DESC LIMIT :limit", {"limit": limit}):
        found = _PLACE.match(str(address).strip())
        if found:
            counts[found[1]] = counts.get(found[1], 0) + 1
    known = set(own)
    return own + [place for place in sorted(counts, key=lambda place: (-counts[place], place)) if place not in known]


def known_person(db: Db, *, name: str, id_number: str = "", phone: str = "") -> PersonOnRecord | None:
    """The last record of a natural person with this name and ID number, or this name and phone."""
    name, id_number, phone = name.strip(), id_number.strip().upper(), phone.strip()
    if not name or not (id_number or phone):
        return None
    by = "id_number = :id" if id_number else "phone = :phone"
    found = rows(db, "SELECT name, gender, ethnicity, birth_date, occupation, address, phone, id_number FROM party "
                     f"WHERE deleted_at IS NULL AND kind = 'person' AND name = :name AND {by} "
                     "ORDER BY id DESC LIMIT 1", {"name": name, "id": id_number, "phone": phone})
    if not found:
        return None
    r = found[0]
    birth = as_date(r[3])
    return PersonOnRecord(name=r[0], gender=r[1] or "", ethnicity=r[2] or "",
                          birth_date=birth.isoformat() if birth else "", occupation=r[4] or "", address=r[5] or "",
                          phone=r[6] or "", id_number=r[7] or "")
