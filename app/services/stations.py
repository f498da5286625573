"""Setting up the station (first start or `mediation-station init`) and reading it back."""
from __future__ import annotations

from sqlalchemy.orm import Session

from app import validation
from app.drafts import Collector
from app.errors import MediationError, StationNotSet, ValidationFailed
from app.i18n import N_, _
from app.services import lookups
from app.views import StationView
from db.models import Mediator, Station

STATION_LABELS = {"name": N_("Committee name"), "code": N_("Station code"), "county": N_("County"),
                  "case_prefix": N_("Short name for case numbers"), "mediator": N_("First mediator"),
                  "phone": N_("Phone")}


def station_exists(session: Session) -> bool:
    return lookups.station(session) is not None


def get_station(session: Session) -> StationView:
    found = lookups.station(session)
    if found is None:
        raise StationNotSet(_("The station is not set up yet; run `mediation-station init` or start the app "
                              "and fill in the station form."))
    return found


def init_station(session: Session, *, name: str, code: str, county: str, case_prefix: str,
                 mediator_name: str = "", mediator_phone: str = "", require_mediator: bool = False) -> StationView:
    """Create the station and its first mediator (the head of the committee)."""
    if station_exists(session):
        raise MediationError(_("This database already has a station; use another --db for a new one."))
    c = Collector(labels=STATION_LABELS)
    code = c.run("code", validation.station_code, code)
    values = {k: c.run(k, check, v, max_length=n) for k, check, v, n in (
        ("name", validation.proper_name, name, 100), ("county", validation.proper_name, county, 100),
        ("case_prefix", validation.case_prefix, case_prefix, 16))}
    mediator = c.run("mediator", validation.person_name if require_mediator or mediator_name.strip()
                     else validation.optional_text, mediator_name, max_length=50)
    phone = c.run("phone", lambda v: validation.phone(v) if v.strip() else None, mediator_phone)
    if c.errors:
        raise ValidationFailed(c.errors)
    station = Station(name=values["name"], code=code, county=values["county"],
                      case_prefix=values["case_prefix"])
    session.add(station)
    session.flush()
    if mediator:  # without one (headless init), the app asks for the first mediator at start
        session.add(Mediator(station_id=station.id, name=mediator, role="head", phone=phone))
        session.flush()
    return StationView.from_row(station)
