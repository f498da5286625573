"""Working days by China's official holiday schedule (with make-up working weekends), from the maintained
`chinesecalendar` data; for years it does not know yet, weekends only. Also the station's office hours:
when the next session can sensibly start."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from functools import cache


class DayKind(StrEnum):
    WORKDAY = "workday"
    WEEKEND = "weekend"
    HOLIDAY = "holiday"      # an official holiday (法定节假日, including the weekdays given off with it)
    MAKEUP = "makeup"        # a weekend made a working day (调休上班)


@dataclass(frozen=True)
class DayMark:
    kind: DayKind
    holiday: str = ""        # the holiday's Chinese name (国庆节) for HOLIDAY and MAKEUP days


@cache
def _known_years() -> tuple[int, int]:
    from chinese_calendar.constants import holidays

    years = [d.year for d in holidays]
    return min(years), max(years)


def knows_year(year: int) -> bool:
    """Whether the official schedule of `year` is known; otherwise only weekends count as days off."""
    first, last = _known_years()
    return first <= year <= last


def _chinese_name(english: str | None) -> str:
    from chinese_calendar.constants import Holiday

    try:
        return Holiday(english).chinese
    except ValueError:
        return ""


def day_mark(day: date) -> DayMark:
    """What kind of day this is for the office, with the holiday's name where there is one."""
    weekend = day.weekday() >= 5
    if not knows_year(day.year):
        return DayMark(DayKind.WEEKEND if weekend else DayKind.WORKDAY)
    from chinese_calendar.constants import holidays, workdays

    if day in workdays:
        return DayMark(DayKind.MAKEUP, _chinese_name(workdays[day])) if weekend else DayMark(DayKind.WORKDAY)
    if day in holidays:
        return DayMark(DayKind.HOLIDAY, _chinese_name(holidays[day]))
    return DayMark(DayKind.WEEKEND if weekend else DayKind.WORKDAY)


def is_workday(day: date) -> bool:
    import chinese_calendar

    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:  # a year the library has no schedule for
        return day.weekday() < 5


def add_workdays(start: date, days: int) -> date:
    """The date `days` working days after `start` (start itself not counted)."""
    current, left = start, days
    while left > 0:
        current += timedelta(days=1)
        if is_workday(current):
            left -= 1
    return current


def next_office_hour(after: datetime, *, opens: time, closes: time) -> datetime:
    """The first whole hour (or the opening time) after `after` within office hours on a working day: at
    10:20 on a Monday, 11:00; at 17:10 or 22:20, the next working day's opening time. A session never
    defaults to an hour when nobody is in the office."""
    day = after.date()
    if after.time() < opens:
        start: time | None = opens
    else:
        following = after.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
        start = following.time() if following.date() == day else None     # 23:xx: nothing left today
    for _ in range(400):                     # a year and more of holidays cannot hold it back further
        if start is not None and start < closes and is_workday(day):
            return datetime.combine(day, start)
        day, start = day + timedelta(days=1), opens
    return datetime.combine(day, opens)
