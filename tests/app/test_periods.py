"""Statistics periods: the bounds of a year, quarter, month, Monday-first ISO week and range, across year
boundaries and in Beijing time; every form the command line and the picker take; clear refusals."""
from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from app import clock
from app.errors import MediationError
from app.periods import Period, PeriodKind, weeks_in


@pytest.mark.parametrize("text,kind,start,end,label", [
    ("2026", "year", date(2026, 1, 1), date(2026, 12, 31), "2026"),
    ("2026年", "year", date(2026, 1, 1), date(2026, 12, 31), "2026"),
    ("2026Q4", "quarter", date(2026, 10, 1), date(2026, 12, 31), "2026Q4"),
    ("2026-q1", "quarter", date(2026, 1, 1), date(2026, 3, 31), "2026Q1"),
    ("2026年第二季度", "quarter", date(2026, 4, 1), date(2026, 6, 30), "2026Q2"),
    ("2026年3季度", "quarter", date(2026, 7, 1), date(2026, 9, 30), "2026Q3"),
    ("2026-11", "month", date(2026, 11, 1), date(2026, 11, 30), "2026-11"),
    ("2028-2", "month", date(2028, 2, 1), date(2028, 2, 29), "2028-02"),          # a leap year
    ("2026年12月", "month", date(2026, 12, 1), date(2026, 12, 31), "2026-12"),
    ("2026W47", "week", date(2026, 11, 16), date(2026, 11, 22), "2026W47"),
    ("2026-W47", "week", date(2026, 11, 16), date(2026, 11, 22), "2026W47"),
    ("２０２６ｗ４７", "week", date(2026, 11, 16), date(2026, 11, 22), "2026W47"),   # full-width, as typed in IMEs
    ("2026年第47周", "week", date(2026, 11, 16), date(2026, 11, 22), "2026W47"),
    # ISO weeks across New Year: 2026 has 53 weeks, its last ends in 2027; 2025's first began in 2024
    ("2026W53", "week", date(2026, 12, 28), date(2027, 1, 3), "2026W53"),
    ("2027W01", "week", date(2027, 1, 4), date(2027, 1, 10), "2027W01"),
    ("2025W01", "week", date(2024, 12, 30), date(2025, 1, 5), "2025W01"),
    ("2026-11-01~2026-11-30", "range", date(2026, 11, 1), date(2026, 11, 30), "2026-11-01~2026-11-30"),
    ("20261225 至 2027年1月5日", "range", date(2026, 12, 25), date(2027, 1, 5), "2026-12-25~2027-01-05"),
])
def test_every_form_gives_its_bounds(text, kind, start, end, label):
    period = Period.parse(text)
    assert (period.kind, period.start, period.end, period.label) == (kind, start, end, label)
    assert Period.parse(period.label) == period                  # the label is a form the CLI takes back


@pytest.mark.parametrize("text,words", [
    ("2026-13", "2026-13"), ("2026Q5", "2026Q5"), ("2025W53", "1 至 52"), ("2026W00", "2026W00"),
    ("2026-11-30~2026-11-01", "对调"), ("上个月", "上个月"), ("", "2026Q4"), ("1800", "1900"),
    ("2026-02-30~2026-03-01", "2026-02-30"),
])
def test_what_is_not_a_period_is_refused_saying_how_to_write_it(text, words):
    with pytest.raises(MediationError) as refused:
        Period.parse(text)
    assert words in str(refused.value)


def test_weeks_are_monday_first_and_a_year_has_52_or_53():
    assert [weeks_in(y) for y in (2020, 2024, 2025, 2026, 2027, 2032)] == [53, 52, 52, 53, 52, 53]
    for day in (date(2026, 11, 16), date(2026, 11, 22), date(2027, 1, 1), date(2024, 12, 31)):
        week = Period.containing(PeriodKind.WEEK, day)
        assert week.start.weekday() == 0 and week.end.weekday() == 6 and week.start <= day <= week.end
    assert Period.containing("week", date(2027, 1, 1)).label == "2026W53"       # a Friday: still 2026's week
    assert Period.containing("week", date(2024, 12, 31)).label == "2025W01"     # a Tuesday: already 2025's


def test_quarters_and_months_containing_a_day():
    assert Period.containing("quarter", date(2026, 12, 31)).label == "2026Q4"
    assert Period.containing("quarter", date(2027, 1, 1)).label == "2027Q1"
    assert Period.containing("quarter", date(2026, 4, 1)).label == "2026Q2"
    assert Period.containing("month", date(2026, 2, 28)).end == date(2026, 2, 28)


def test_the_period_of_an_instant_is_that_of_its_beijing_date():
    new_year_night = datetime(2026, 12, 31, 16, 30, tzinfo=UTC)            # 00:30 on 1 January in Beijing
    assert Period.at("year", new_year_night).label == "2027"
    assert Period.at("quarter", new_year_night).label == "2027Q1"
    assert Period.at("week", new_year_night).label == "2026W53"
    assert Period.at("month", datetime(2026, 11, 30, 15, 59, tzinfo=UTC)).label == "2026-11"
    assert Period.at("month", datetime(2026, 11, 30, 16, 0, tzinfo=UTC)).label == "2026-12"
    # stored timestamps are naive UTC: the year 2027 runs from 16:00 UTC on 31 December 2026
    assert Period.year(2027).utc_bounds() == (datetime(2026, 12, 31, 16), datetime(2027, 12, 31, 16))
    assert Period.parse("2026W53").utc_bounds() == (datetime(2026, 12, 27, 16), datetime(2027, 1, 3, 16))


def test_the_current_period_follows_the_station_clock():
    clock.freeze(datetime(2026, 12, 31, 16, 30, tzinfo=UTC))
    assert [Period.current(k).label for k in ("year", "quarter", "month", "week")] == [
        "2027", "2027Q1", "2027-01", "2026W53"]


@pytest.mark.parametrize("label,steps,expected", [
    ("2026", 1, "2027"), ("2026Q4", 1, "2027Q1"), ("2026Q1", -1, "2025Q4"), ("2026-12", 1, "2027-01"),
    ("2026-01", -13, "2024-12"), ("2026W53", 1, "2027W01"), ("2027W01", -1, "2026W53"),
    ("2025W01", -1, "2024W52"), ("2026-11-01~2026-11-10", 1, "2026-11-11~2026-11-20"),
])
def test_stepping_to_the_next_and_previous_period(label, steps, expected):
    assert Period.parse(label).shifted(steps).label == expected


def test_titles_in_chinese():
    assert Period.parse("2026Q4").title() == "2026年第4季度"
    assert Period.parse("2026-11").title() == "2026年11月"
    assert Period.parse("2026").title() == "2026年"
    assert Period.parse("2026W47").title() == "2026年第47周（2026-11-16至2026-11-22）"
