"""The one clock: today and now in the station's time zone (Asia/Shanghai), and naive UTC for storage.

Nothing else in the project reads the machine's clock (tests/test_clock.py fails on a new direct read), so
that dates never depend on the machine's time zone and tests can freeze time with one fixture.
"""
from __future__ import annotations

import os
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

STATION_TZ = ZoneInfo("Asia/Shanghai")
# A fixed moment (ISO 8601 with its offset) for subprocess tests and training demos: the whole process then
# runs at that time. Anyone able to set it could as well set the machine's clock.
FROZEN_ENV = "MEDIATION_STATION_CLOCK"

_frozen: datetime | None = None


def freeze(at: datetime | None) -> None:
    """Stop the clock at `at` (aware; naive means station time), or let it run again with None."""
    global _frozen
    _frozen = None if at is None else (at if at.tzinfo else at.replace(tzinfo=STATION_TZ))


def advance(delta: timedelta) -> None:
    """Move a frozen clock on (tests of lockouts, rotations and reminders)."""
    if _frozen is None:
        raise RuntimeError("the clock is not frozen")
    freeze(_frozen + delta)


def now() -> datetime:
    """Now, aware, in the station's time zone."""
    if _frozen is not None:
        return _frozen.astimezone(STATION_TZ)
    return datetime.now(STATION_TZ)


def today() -> date:
    """The station's calendar day (the Beijing date, whatever the machine's time zone)."""
    return now().date()


def local_now() -> datetime:
    """Station wall-clock time without a zone: how forms hold the times of sessions and visits."""
    return now().replace(tzinfo=None)


def utcnow() -> datetime:
    """Naive UTC: what the database stores in its timestamps; babel shows it in station time."""
    return now().astimezone(UTC).replace(tzinfo=None)


def station_date(stored_utc: datetime) -> date:
    """The station's calendar day of a stored (naive UTC) timestamp."""
    return stored_utc.replace(tzinfo=UTC).astimezone(STATION_TZ).date()


def _from_env() -> None:
    value = os.environ.get(FROZEN_ENV)
    if value:
        freeze(datetime.fromisoformat(value))


_from_env()


def _install_in_db() -> None:
    from db import timestamps

    timestamps.use_clock(utcnow)


_install_in_db()
