"""The station's mediators."""
from __future__ import annotations

from sqlalchemy.orm import Session

from app import codes, validation
from app.drafts import Collector
from app.errors import NotFound, ValidationFailed
from app.i18n import _
from app.services.stations import get_station
from app.views import MediatorView
from db.models import Mediator


def add_mediator(session: Session, *, name: str, role: str = "mediator", phone: str = "") -> MediatorView:
    c = Collector()
    name = c.run("name", validation.person_name, name, max_length=50)
    if role not in codes.mediator_roles():
        c.fail("role", _("Choose 调解员, 主任 or 记录员."))
    phone = c.run("phone", lambda v: validation.phone(v) if v.strip() else None, phone)
    if c.errors:
        raise ValidationFailed(c.errors)
    row = Mediator(station_id=get_station(session).id, name=name, role=role, phone=phone)
    session.add(row)
    session.flush()
    return MediatorView.from_row(row)


def set_mediator_active(session: Session, *, mediator_id: int, active: bool) -> MediatorView:
    row = session.get(Mediator, mediator_id)
    if row is None:
        raise NotFound(_("No mediator with id {id}.").format(id=mediator_id))
    row.active = active
    session.flush()
    return MediatorView.from_row(row)
