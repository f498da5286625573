"""Office hours and the performance period: the forms' defaults follow the station's work."""
from __future__ import annotations

from datetime import date, datetime, time

import pytest

from app import work_rules
from app.errors import ValidationFailed
from app.services import settings
from app.workdays import DayKind, day_mark, knows_year, next_office_hour
from app.work_rules import WorkRules

OPEN, CLOSE = time(8, 30), time(17, 30)


@pytest.mark.parametrize("now, expected", [
    (datetime(2026, 11, 23, 10, 0), datetime(2026, 11, 23, 11, 0)),     # Monday morning: the next hour
    (datetime(2026, 11, 23, 10, 20), datetime(2026, 11, 23, 11, 0)),
    (datetime(2026, 11, 23, 7, 5), datetime(2026, 11, 23, 8, 30)),      # before opening: the opening
    (datetime(2026, 11, 23, 16, 59), datetime(2026, 11, 23, 17, 0)),
    (datetime(2026, 11, 23, 17, 10), datetime(2026, 11, 24, 8, 30)),    # after the last hour: tomorrow
    (datetime(2026, 11, 23, 22, 20), datetime(2026, 11, 24, 8, 30)),    # the 22:20 session
    (datetime(2026, 11, 23, 23, 40), datetime(2026, 11, 24, 8, 30)),
    (datetime(2026, 11, 27, 18, 0), datetime(2026, 11, 30, 8, 30)),     # Friday evening: Monday
    (datetime(2026, 9, 30, 18, 0), datetime(2026, 10, 8, 8, 30)),       # before National Day: after it
    (datetime(2026, 10, 9, 18, 0), datetime(2026, 10, 10, 8, 30)),      # the make-up Saturday is worked
    (datetime(2030, 12, 27, 18, 0), datetime(2030, 12, 30, 8, 30)),     # an unknown year: weekends only
])
def test_next_office_hour(now, expected):
    assert next_office_hour(now, opens=OPEN, closes=CLOSE) == expected


def test_day_marks_name_holidays_and_make_up_days():
    assert day_mark(date(2026, 10, 1)).kind == DayKind.HOLIDAY
    assert day_mark(date(2026, 10, 1)).holiday == "国庆节"
    assert day_mark(date(2026, 10, 10)).kind == DayKind.MAKEUP          # a Saturday worked for National Day
    assert day_mark(date(2026, 10, 10)).holiday == "国庆节"
    assert day_mark(date(2026, 11, 28)).kind == DayKind.WEEKEND
    assert day_mark(date(2026, 11, 23)).kind == DayKind.WORKDAY
    assert knows_year(2026) and not knows_year(2031)
    assert day_mark(date(2031, 1, 1)).kind == DayKind.WORKDAY           # unknown: only weekends count
    assert day_mark(date(2031, 1, 4)).kind == DayKind.WEEKEND


def test_rules_default_and_performance_due():
    rules = WorkRules()
    assert (rules.opens, rules.closes, rules.performance_days) == (OPEN, CLOSE, 15)
    assert rules.performance_due(date(2026, 11, 23)) == date(2026, 12, 8)


def test_rules_are_stored_and_read_back(db):
    with db.write.begin() as s:
        settings.set_work_rules(s, opens="9点", closes="下午5点半", performance_days="30")
    with db.read() as s:
        rules = settings.work_rules(s)
    assert rules == WorkRules(time(9, 0), time(17, 30), 30)
    assert rules.next_session(datetime(2026, 11, 23, 7, 0)) == datetime(2026, 11, 23, 9, 0)


@pytest.mark.parametrize("opens, closes, days, keys", [
    ("17:30", "8:30", "15", {"closes"}),
    ("25:00", "17:30", "15", {"opens"}),
    ("8:30", "17:30", "0", {"performance_days"}),
    ("8:30", "17:30", "十五", {"performance_days"}),
    ("", "", "", {"opens", "closes", "performance_days"}),
])
def test_wrong_rules_are_refused_field_by_field_and_nothing_is_stored(db, opens, closes, days, keys):
    with pytest.raises(ValidationFailed) as err, db.write.begin() as s:
        settings.set_work_rules(s, opens=opens, closes=closes, performance_days=days)
    assert {e.key for e in err.value.errors} == keys
    assert all(e.message for e in err.value.errors)
    with db.read() as s:
        assert settings.work_rules(s) == WorkRules()


def test_a_stored_value_that_no_longer_reads_falls_back_to_the_defaults(db):
    with db.write.begin() as s:
        settings.put(s, "office_hours.opens", "早")
    with db.read() as s:
        assert settings.work_rules(s) == WorkRules()
    assert work_rules.from_settings({"office_hours.opens": "9:00", "office_hours.closes": "18:00",
                                     "agreement.performance_days": "7"}.get).performance_days == 7
