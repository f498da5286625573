"""The station's places for the windows' choosers, read with plain SQL (before SQLAlchemy is loaded; sql.py)."""
from __future__ import annotations

from dataclasses import dataclass

from app.services.sql import Db, rows


@dataclass(frozen=True)
class PlaceChoice:
    id: int
    name: str
    active: bool
    grids: tuple[tuple[int, str, bool], ...]     # (id, name, active)


def place_choices(db: Db) -> list[PlaceChoice]:
    grids: dict[int, list[tuple[int, str, bool]]] = {}
    for gid, place_id, name, active in rows(db, "SELECT id, place_id, name, active FROM grid WHERE deleted_at IS "
                                                "NULL ORDER BY id"):
        grids.setdefault(place_id, []).append((gid, name, bool(active)))
    return [PlaceChoice(pid, name, bool(active), tuple(grids.get(pid, ())))
            for pid, name, active in rows(db, "SELECT id, name, active FROM place WHERE deleted_at IS NULL ORDER BY id")]
