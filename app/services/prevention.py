"""预防: the register of disputes prevented before they broke out (date, place, type, people, how, by whom)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import clock, codes, validation
from app.drafts import Collector
from app.errors import ValidationFailed
from app.i18n import N_, _
from app.services import places
from app.services.sql import Db, date_param, in_station, rows
from app.services.stations import get_station
from db.models import Mediator, PreventedDispute

LABELS = {"on_date": N_("Date"), "place_id": N_("Village or community (村/社区)"), "grid_id": N_("Grid (网格)"),
          "type_code": N_("Dispute type"), "people_involved": N_("People involved"),
          "how": N_("How it was prevented"), "mediator_ids": N_("By whom"), "others": N_("Others")}


@dataclass(frozen=True)
class PreventedView:
    id: int
    uid: str
    on_date: date
    place_id: int | None
    place: str
    grid_id: int | None
    grid: str
    type_code: str
    people_involved: int
    how: str
    mediator_ids: tuple[int, ...]
    mediators: tuple[str, ...]
    others: str

    def to_json(self) -> dict:
        return {"id": self.id, "date": self.on_date.isoformat(), "place": self.place, "grid": self.grid,
                "type": self.type_code, "people": self.people_involved, "how": self.how,
                "by": list(self.mediators) + ([self.others] if self.others else [])}


def add_prevented(session: Session, *, on_date: date | str, type_code: str, people_involved: int | str, how: str,
                  place_id: int | None = None, grid_id: int | None = None, mediator_ids=(), others: str = "",
                  today: date | None = None) -> PreventedView:
    today = today or clock.today()
    c = Collector(labels=LABELS)
    day = c.run("on_date", validation.parse_date, on_date, not_after=today, not_before=date(2000, 1, 1))
    if type_code not in codes.dispute_types():
        c.fail("type_code", _("Choose a dispute type from the list."))
    people = c.run("people_involved", validation.count, people_involved, minimum=1)
    how = c.run("how", validation.required_text, how, max_length=20000)
    others = c.run("others", validation.optional_text, others, max_length=200) or ""
    ids = list(dict.fromkeys(int(i) for i in mediator_ids))
    if ids and len(set(session.scalars(select(Mediator.id).where(Mediator.id.in_(ids))))) != len(ids):
        c.fail("mediator_ids", _("Choose who prevented it from the station's mediators."))
    if not ids and not others:
        c.fail("mediator_ids", _("Say who prevented it: choose the mediators, or name the others."))
    try:
        places.check_place(session, place_id=place_id, grid_id=grid_id, required=True)
    except ValidationFailed as exc:
        c.errors.extend(exc.errors)
    if c.errors:
        raise ValidationFailed(c.errors)
    row = PreventedDispute(station_id=get_station(session).id, on_date=day, place_id=place_id, grid_id=grid_id,
                           type_code=type_code, people_involved=people, how=how, mediator_ids=ids, others=others)
    session.add(row)
    session.flush()
    return _views(session, [row])[0]


def _views(session: Session, rows) -> list[PreventedView]:
    place_names, grid_names = places.place_names(session), places.grid_names(session)
    names = dict(session.execute(select(Mediator.id, Mediator.name)).all())
    return [PreventedView(r.id, r.uid, r.on_date, r.place_id, place_names.get(r.place_id, "") if r.place_id else "",
                          r.grid_id, grid_names.get(r.grid_id, "") if r.grid_id else "", r.type_code,
                          r.people_involved, r.how, tuple(r.mediator_ids or ()),
                          tuple(names.get(i, "?") for i in r.mediator_ids or ()), r.others) for r in rows]


def list_prevented(session: Session, *, place_id: int | None = None, date_from: date | None = None,
                   date_to: date | None = None, limit: int = 1000) -> list[PreventedView]:
    """Disputes prevented, newest first."""
    rows = places.placed_rows(session, PreventedDispute, PreventedDispute.on_date, place_id=place_id,
                              date_from=date_from, date_to=date_to, limit=limit)
    return _views(session, rows)


def work_counts(db: Db, *, start: date, end: date, station: str | None = None) -> dict[str, int]:
    """排查与预防 over a period, as the Ministry's report counts them (a station's or the county's database, or one
    station of the county's): screening visits (排查次数), disputes they found (排查发现纠纷), reports of
    信息员/网格员, and disputes prevented (预防纠纷, 件) with the people involved in them."""
    live = "deleted_at IS NULL"
    mine, params = in_station("station_id", station)
    visits, _params = in_station("s.station_id", station)
    p = {"a": date_param(db, start), "b": date_param(db, end), **params}
    [found] = rows(db, f"SELECT (SELECT COUNT(*) FROM screening WHERE {live} AND visited_on BETWEEN :a AND :b{mine}), "
                       f"(SELECT COUNT(*) FROM screening_finding f JOIN screening s ON s.id = f.screening_id WHERE "
                       f"f.deleted_at IS NULL AND s.deleted_at IS NULL AND s.visited_on BETWEEN :a AND :b{visits}), "
                       f"(SELECT COUNT(*) FROM info_report WHERE {live} AND reported_on BETWEEN :a AND :b{mine}), "
                       f"(SELECT COUNT(*) FROM prevented_dispute WHERE {live} AND on_date BETWEEN :a AND :b{mine}), "
                       f"(SELECT COALESCE(SUM(people_involved), 0) FROM prevented_dispute WHERE {live} AND on_date "
                       f"BETWEEN :a AND :b{mine})", p)
    return dict(zip(("screenings", "found", "reports", "prevented", "prevented_people"), (int(v or 0) for v in found)))
