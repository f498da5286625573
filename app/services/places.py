"""The station's own list of places: villages and communities (村/社区) and their grids (网格), and how often
each village is to be screened (排查). Every case, screening and report names its place from this list."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import codes, validation
from app.drafts import Collector
from app.errors import NotFound, ValidationFailed
from app.i18n import N_, _
# Days between screening visits of a village, unless the station sets another (the agenda reads them too).
from app.services.agenda import SCREENING_INTERVAL_DAYS as DEFAULT_INTERVAL, SCREENING_INTERVAL_KEY as INTERVAL_KEY
from app.services.stations import get_station
from db.models import Grid, Place, StationSetting

LABELS = {"name": N_("Name of the place"),      # 名称: a village's, not a person's 姓名 "kind": N_("Kind"), "place_id": N_("Village or community (村/社区)"),
          "grid_id": N_("Grid (网格)"), "interval": N_("Screening interval (days)")}


@dataclass(frozen=True)
class GridView:
    id: int
    uid: str
    place_id: int
    name: str
    active: bool


@dataclass(frozen=True)
class PlaceView:
    id: int
    uid: str
    name: str
    kind: str
    active: bool
    grids: tuple[GridView, ...]

    def to_json(self) -> dict:
        return {"id": self.id, "name": self.name, "kind": self.kind, "active": self.active,
                "grids": [{"id": g.id, "name": g.name, "active": g.active} for g in self.grids]}


def list_places(session: Session, *, active_only: bool = False) -> list[PlaceView]:
    """Every place with its grids, in the order they were added."""
    places = session.scalars(select(Place).where(Place.deleted_at.is_(None)).order_by(Place.id)).all()
    grids: dict[int, list[GridView]] = {}
    for g in session.scalars(select(Grid).where(Grid.deleted_at.is_(None)).order_by(Grid.id)):
        if g.active or not active_only:
            grids.setdefault(g.place_id, []).append(GridView(g.id, g.uid, g.place_id, g.name, g.active))
    return [PlaceView(p.id, p.uid, p.name, p.kind, p.active, tuple(grids.get(p.id, ())))
            for p in places if p.active or not active_only]


def place_names(session: Session) -> dict[int, str]:
    return dict(session.execute(select(Place.id, Place.name)).all())


def grid_names(session: Session) -> dict[int, str]:
    return dict(session.execute(select(Grid.id, Grid.name)).all())


def _name(c: Collector, name: str) -> str | None:
    return c.run("name", validation.required_text, name, max_length=50)


def check_name(name: str) -> str:
    """A village's, community's or grid's name as it would be saved, or ValidationFailed saying what is wrong: the
    places dialog asks it first, before the kind (an empty name was refused only after the 类别 step)."""
    c = Collector(labels=LABELS)
    checked = _name(c, name)
    if c.errors:
        raise ValidationFailed(c.errors)
    return checked


def add_place(session: Session, *, name: str, kind: str = "village") -> PlaceView:
    c = Collector(labels=LABELS)
    name = _name(c, name)
    if kind not in codes.load("place_kinds"):
        c.fail("kind", _("Choose 村 or 社区."))
    if name and session.scalar(select(Place.id).where(Place.name == name, Place.deleted_at.is_(None))):
        c.fail("name", _("{name} is already in the list.").format(name=name))
    if c.errors:
        raise ValidationFailed(c.errors)
    row = Place(station_id=get_station(session).id, name=name, kind=kind)
    session.add(row)
    session.flush()
    return _view(session, row.id)


def add_grid(session: Session, *, place_id: int, name: str) -> GridView:
    place = _place(session, place_id)
    c = Collector(labels=LABELS)
    name = _name(c, name)
    if name and session.scalar(select(Grid.id).where(Grid.place_id == place.id, Grid.name == name,
                                                     Grid.deleted_at.is_(None))):
        c.fail("name", _("{place} already has a grid named {name}.").format(place=place.name, name=name))
    if c.errors:
        raise ValidationFailed(c.errors)
    row = Grid(place_id=place.id, name=name)
    session.add(row)
    session.flush()
    return GridView(row.id, row.uid, row.place_id, row.name, row.active)


def set_active(session: Session, *, place_id: int | None = None, grid_id: int | None = None,
               active: bool) -> None:
    """A place or grid no longer used leaves the lists; the records that name it keep it."""
    row = _place(session, place_id) if place_id is not None else session.get(Grid, grid_id)
    if row is None:
        raise NotFound(_("No grid with id {id}.").format(id=grid_id))
    row.active = active
    session.flush()


def _place(session: Session, place_id: int | None) -> Place:
    row = session.get(Place, place_id) if place_id is not None else None
    if row is None or row.deleted_at is not None:
        raise NotFound(_("No village or community with id {id}; choose one from the list.").format(id=place_id))
    return row


def _view(session: Session, place_id: int) -> PlaceView:
    return next(p for p in list_places(session) if p.id == place_id)


def check_place(session: Session, *, place_id: int | None, grid_id: int | None, required: bool = False) -> None:
    """The place and grid a record names: from the station's list, and the grid one of that place's."""
    c = Collector(labels=LABELS)
    if place_id is None:
        if required:
            c.fail("place_id", _("Choose the village or community (设置 → 村/社区与网格 keeps the list)."))
        if grid_id is not None:
            c.fail("place_id", _("Choose the village or community of the grid."))
    else:
        place = session.get(Place, place_id)
        if place is None or place.deleted_at is not None:
            c.fail("place_id", _("Choose a village or community from the station's list."))
        elif grid_id is not None:
            grid = session.get(Grid, grid_id)
            if grid is None or grid.place_id != place_id or grid.deleted_at is not None:
                c.fail("grid_id", _("The grid is not one of {place}'s; choose one of its grids.").format(
                    place=place.name))
    if c.errors:
        raise ValidationFailed(c.errors)


def find_place(session: Session, text: str) -> tuple[int, int | None]:
    """A place, or 'place/grid', named as a clerk types it on the command line: (place id, grid id)."""
    name, _sep, grid_name = text.strip().partition("/")
    place_id = session.scalar(select(Place.id).where(Place.name == name.strip(), Place.deleted_at.is_(None)))
    if place_id is None:
        raise NotFound(_("No village or community named {name}; `places list` shows them.").format(name=name))
    if not grid_name.strip():
        return place_id, None
    grid_id = session.scalar(select(Grid.id).where(Grid.place_id == place_id, Grid.name == grid_name.strip(),
                                                   Grid.deleted_at.is_(None)))
    if grid_id is None:
        raise NotFound(_("{place} has no grid named {name}.").format(place=name, name=grid_name))
    return place_id, grid_id


def screening_interval(session: Session) -> int:
    """Days between screening visits of each village (排查周期)."""
    row = session.get(StationSetting, INTERVAL_KEY)
    return int(row.value) if row is not None else DEFAULT_INTERVAL


def set_screening_interval(session: Session, *, days: int | str) -> int:
    c = Collector(labels=LABELS)
    value = c.run("interval", validation.count, days, minimum=1, maximum=366)
    if c.errors:
        raise ValidationFailed(c.errors)
    row = session.get(StationSetting, INTERVAL_KEY)
    if row is None:
        session.add(StationSetting(key=INTERVAL_KEY, value=str(value)))
    else:
        row.value = str(value)
    session.flush()
    return value


def placed_rows(session: Session, model, day, *, place_id: int | None, date_from: date | None,
                date_to: date | None, limit: int) -> list:
    """Live rows of a record kept by place and day (screenings, disputes prevented), newest first, filtered by
    place and by a range of days."""
    query = select(model).where(model.deleted_at.is_(None))
    if place_id is not None:
        query = query.where(model.place_id == place_id)
    if date_from is not None:
        query = query.where(day >= date_from)
    if date_to is not None:
        query = query.where(day <= date_to)
    return list(session.scalars(query.order_by(day.desc(), model.id.desc()).limit(limit)))
