"""Station settings stored in the database (so every PC of the station and the county see the same)."""
from __future__ import annotations

from sqlalchemy.orm import Session

from app.setting_defaults import DEFAULTS
from db.models import StationSetting

__all__ = ["DEFAULTS", "follow_up_delay_days", "get", "put"]


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
