"""Working days by China's official holiday schedule (with make-up working weekends), from the maintained
`chinesecalendar` data; for years it does not know yet, weekends only."""
from __future__ import annotations

from datetime import date, timedelta


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
