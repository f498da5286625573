"""The conflict list: records a station sent at a revision the county already holds, with other content.

A person compares the two side by side and keeps the county's copy or takes the station's; either way the
choice is recorded (who needs to know why a figure changed can see it).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import MediationError, NotFound
from app.i18n import _
from app.sync import county
from app.sync.merge import Merger
from app.sync.schema import specs
from app.clock import utcnow
from db.models import CountyConflict


@dataclass(frozen=True)
class Difference:
    column: str
    county: str
    station: str


@dataclass(frozen=True)
class ConflictView:
    id: int
    station_code: str
    table: str
    uid: str
    revision: int
    detected_at: datetime
    differences: tuple[Difference, ...]


def _text(value) -> str:
    return "" if value is None else str(value)


def _merger(s: Session, row: CountyConflict, secret: bytes) -> Merger:
    return Merger(s, station_code=row.station_code, bundle_id=row.bundle_id, person_secret=secret)


def open_conflicts(s: Session) -> list[ConflictView]:
    out, secret = [], county.person_secret(county.identity(s))
    for row in s.scalars(select(CountyConflict).where(CountyConflict.resolved_at.is_(None))
                         .order_by(CountyConflict.id)):
        spec = specs()[row.table_name]
        merger = _merger(s, row, secret)
        table = merger.table(spec.name)
        current = s.execute(select(table).where(table.c.uid == row.row_uid)).one()._mapping
        merger.resolve(spec, [row.incoming])
        incoming = merger.row(spec, row.incoming)
        differences = tuple(Difference(c, _text(current[c]), _text(incoming[c])) for c in spec.columns
                            if current[c] != incoming[c])
        out.append(ConflictView(row.id, row.station_code, row.table_name, row.row_uid, row.revision,
                                row.detected_at, differences))
    return out


def resolve(s: Session, conflict_id: int, *, take: str, note: str = "") -> None:
    """take="county" keeps the county's row; take="station" replaces it with the station's copy."""
    row = s.get(CountyConflict, conflict_id)
    if row is None or row.resolved_at is not None:
        raise NotFound(_("Conflict {id} does not exist or is already resolved.").format(id=conflict_id))
    if take not in ("county", "station"):
        raise MediationError(_("Choose the county's copy or the station's."))
    if take == "station":
        merger = _merger(s, row, county.person_secret(county.identity(s)))
        spec = specs()[row.table_name]
        table = merger.table(spec.name)
        row_id = s.scalar(select(table.c.id).where(table.c.uid == row.row_uid))
        merger.resolve(spec, [row.incoming])
        merger.update(spec, [(row_id, row.incoming)])
    row.resolved_at, row.resolution, row.note = utcnow(), "incoming" if take == "station" else "kept", note
