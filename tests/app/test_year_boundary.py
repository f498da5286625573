"""New Year's night in Beijing, when UTC is still in the old year: case numbers, deadlines, working days,
statistics periods and the weekly reminder all follow the station's calendar, read from the one clock."""
from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from app import clock
from app.lifecycle import deadline_for, is_overdue
from app.services import statistics
from app.services.quick import settle_on_the_spot
from app.workdays import add_workdays
from tests.app.test_quick import settlement

BEFORE_MIDNIGHT = datetime(2026, 12, 31, 15, 50, tzinfo=UTC)      # 23:50 on 31 December in Beijing


def settle_now(db) -> str:
    """An on-the-spot settlement held now, dated by the clock alone (no date passed in)."""
    held = clock.local_now() - timedelta(minutes=5)
    with db.write.begin() as s:
        view = settle_on_the_spot(s, settlement=replace(settlement(), held_at=held), by=1)
    return view.case_no


def test_case_numbers_start_again_at_one_on_new_year_night_in_beijing(db):
    clock.freeze(BEFORE_MIDNIGHT)
    last_of_2026 = settle_now(db)
    clock.advance(timedelta(minutes=30))             # 00:20 on 1 January in Beijing, still 2026 in UTC
    assert clock.utcnow().year == 2026 and clock.today() == date(2027, 1, 1)
    first_of_2027 = settle_now(db)
    assert last_of_2026.startswith("(2026)") and first_of_2027 == "(2027)城人调字第1号"


def test_statistics_count_a_case_in_the_month_of_its_beijing_date(db):
    clock.freeze(BEFORE_MIDNIGHT + timedelta(minutes=30))
    settle_now(db)
    with db.read() as s:
        december = statistics.compute(s, statistics.Period.parse("2026-12"), by="type")
        january = statistics.compute(s, statistics.Period.parse("2027-01"), by="type")
    assert sum(r.values["settled"] for r in december.rows) == 0
    assert sum(r.values["settled"] for r in january.rows) == 1


def test_the_one_month_limit_runs_into_the_new_year():
    accepted = date(2026, 12, 15)
    assert deadline_for(accepted) == date(2027, 1, 15)
    assert deadline_for(date(2026, 12, 31)) == date(2027, 1, 31)
    clock.freeze(datetime(2027, 1, 15, 23, 0))
    assert not is_overdue("in_mediation", deadline_for(accepted), clock.today())
    clock.advance(timedelta(hours=2))                # past midnight in Beijing
    assert is_overdue("in_mediation", deadline_for(accepted), clock.today())


def test_working_days_skip_the_new_year_holiday_and_count_the_make_up_sunday():
    # 2026: 1-3 January off, Sunday 4 January a working day (State Council schedule, in chinesecalendar).
    assert add_workdays(date(2025, 12, 31), 1) == date(2026, 1, 4)


def test_weekly_reminder_uses_the_beijing_date_of_the_last_bundle(db):
    """A bundle written at 00:30 on a Monday in Beijing (Sunday in UTC) is due again the next Monday."""
    from app.services import lookups
    from db.models.sync import SentBundle

    clock.freeze(datetime(2027, 1, 4, 0, 30))          # Monday in Beijing; Sunday 16:30 in UTC
    with db.write.begin() as s:
        s.add(SentBundle(number=1, full=True, seq_from=0, seq_to=0, period_from="2027-01-04",
                         period_to="2027-01-04", digest="0" * 64, file_name="bundle-1"))
    with db.read() as s:
        clock.freeze(datetime(2027, 1, 10, 23, 0))     # Sunday night: six days on, not due
        assert not lookups.sync_due(s, clock.today())
        clock.freeze(datetime(2027, 1, 11, 9, 0))      # Monday: due
        assert lookups.sync_due(s, clock.today())
