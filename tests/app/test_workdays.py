"""Working days follow China's official schedule, make-up weekends included."""
from __future__ import annotations

from datetime import date

from app.workdays import add_workdays, is_workday


def test_national_day_and_make_up_saturday_2026():
    assert not is_workday(date(2026, 10, 1)) and not is_workday(date(2026, 10, 7))
    assert is_workday(date(2026, 10, 10))                # Saturday, a make-up working day
    assert add_workdays(date(2026, 9, 29), 7) == date(2026, 10, 14)


def test_seven_working_days_across_an_ordinary_weekend():
    assert add_workdays(date(2026, 11, 20), 7) == date(2026, 12, 1)   # Friday -> the Tuesday after next


def test_unknown_year_falls_back_to_weekends():
    assert add_workdays(date(2030, 12, 27), 3) == date(2031, 1, 1)    # Fri 27 -> Mon, Tue, Wed
    assert not is_workday(date(2031, 1, 4))                            # a Saturday
