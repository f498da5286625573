"""Station settings stored in the database (so every PC of the station and the county see the same)."""
from __future__ import annotations

from sqlalchemy.orm import Session

from app import work_rules as work_rules_module
from app.setting_defaults import DEFAULTS
from app.work_rules import WorkRules
from db.models import StationSetting

__all__ = ["DEFAULTS", "follow_up_delay_days", "get", "put", "set_work_rules", "work_rules"]


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


def follow_up_delay_days(session: Session) -> int:
    """Days after the last performance deadline when the follow-up visit is due."""
    return int(get(session, "follow_up_delay_days"))


def work_rules(session: Session) -> WorkRules:
    """Office hours and the usual performance period, as the forms' defaults use them."""
    return work_rules_module.from_settings(lambda key: get(session, key))


def set_work_rules(session: Session, *, opens: str, closes: str, performance_days: str | int) -> WorkRules:
    """Check and store the station's office hours and performance period (the 主任's; access is checked)."""
    rules = work_rules_module.check(opens=opens, closes=closes, performance_days=performance_days)
    for key, value in rules.as_settings().items():
        put(session, key, value)
    return rules
