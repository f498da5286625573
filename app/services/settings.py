"""Loading and saving the settings (app/settings.py): station-wide ones in the database, so that every PC of
the station and the county see the same; this computer's (fonts, language) in app/preferences.py."""
from __future__ import annotations

from dataclasses import fields

from sqlalchemy.orm import Session

from app import preferences
from app import settings as model
from app.settings import DEFAULTS, STORED, Settings
from app.services import lookups
from app.work_rules import WorkRules
from db.models import Station, StationSetting

__all__ = ["DEFAULTS", "follow_up_delay_days", "get", "load", "put", "save", "save_local", "set_work_rules",
           "work_rules"]


def get(session: Session, key: str) -> str:
    row = session.get(StationSetting, key)
    return row.value if row else DEFAULTS[key]


def put(session: Session, key: str, value: str) -> None:
    row = session.get(StationSetting, key)
    if row is None:
        session.add(StationSetting(key=key, value=value))
    else:
        row.value = value
    session.flush()


def load(session: Session) -> Settings:
    """Every setting, typed: the station's from the database, this computer's from its preferences."""
    station = lookups.station(session)
    return model.from_stored(lambda key: get(session, key), name=station.name if station else "",
                             case_prefix=station.case_prefix if station else "", local=preferences.local_settings())


def save(session: Session, wanted: Settings) -> Settings:
    """Check every field, then store the station-wide ones that changed (the 主任's: a refusal names who may);
    all or nothing. This computer's are stored by `save_local` once this transaction has committed."""
    checked = model.check(**{f.name: getattr(wanted, f.name) for f in fields(Settings)})
    current = load(session)
    station = lookups.station(session)
    if station is not None and (checked.name, checked.case_prefix) != (current.name, current.case_prefix):
        row = session.get(Station, station.id)
        row.name, row.case_prefix = checked.name, checked.case_prefix
        session.flush()
    for name, key in STORED.items():
        if getattr(checked, name) != getattr(current, name):
            put(session, key, model.to_text(name, getattr(checked, name)))
    return checked


def save_local(wanted: Settings) -> None:
    """This computer's settings (fonts, language): not in the database, so not part of its transaction."""
    preferences.save_local_settings(body_font=wanted.body_font, heading_font=wanted.heading_font,
                                    locale=wanted.locale)


def follow_up_delay_days(session: Session) -> int:
    """Days after the last performance deadline when the follow-up visit is due."""
    return load(session).follow_up_delay_days


def work_rules(session: Session) -> WorkRules:
    """Office hours and the usual performance period, as the forms' defaults use them."""
    return load(session).work_rules


def set_work_rules(session: Session, *, opens: str, closes: str, performance_days: str | int) -> WorkRules:
    """Check and store the station's office hours and performance period (the 主任's; access is checked)."""
    from dataclasses import replace

    from app.work_rules import check

    rules = check(opens=opens, closes=closes, performance_days=performance_days)   # its own fields named first
    return save(session, replace(load(session), opens=rules.opens, closes=rules.closes,
                                 performance_days=rules.performance_days)).work_rules
