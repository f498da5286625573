"""The station's mediators."""
from __future__ import annotations

from sqlalchemy.orm import Session

from app import codes, validation
from app.errors import FieldError, NotFound, ValidationFailed
from app.i18n import _
from app.services import lookups
from app.services.stations import get_station
from app.views import MediatorView
from db.models import Mediator


def list_mediators(session: Session, *, active_only: bool = True) -> list[MediatorView]:
    return lookups.mediators(session, active_only=active_only)


def add_mediator(session: Session, *, name: str, role: str = "mediator", phone: str = "") -> MediatorView:
    errors = []
    try:
        name = validation.required_text(name, max_length=50)
    except validation.Invalid as exc:
        errors.append(FieldError(_("Name"), str(exc), "name"))
    if role not in codes.mediator_roles():
        errors.append(FieldError(_("Role"), _("Choose 调解员, 主任 or 记录员."), "role"))
    try:
        phone = validation.phone(phone) if phone.strip() else None
    except validation.Invalid as exc:
        errors.append(FieldError(_("Phone"), str(exc), "phone"))
    if errors:
        raise ValidationFailed(errors)
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
