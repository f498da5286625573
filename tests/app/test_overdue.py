"""One meaning of overdue (逾期): the register's filter, the agenda, the command line and the register's colours
name the same cases, on hand-made cases of every kind and on demo data at two different dates."""
from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta

import pytest

from app import clock
from app.services import agreements, demo, follow_ups, register, sessions
from app.services.agenda import agenda, is_overdue
from app.services.register import RegisterQuery
from tests.conftest import TODAY, accept, complete_agreement, complete_record, register as reg
from ui.cli import main


def agenda_late_cases(db, on: date) -> set[int]:
    with db.read() as s:
        return {i.dispute_id for i in agenda(s, on=on) if is_overdue(i, on)}


def filter_late_cases(db, on: date) -> set[int]:
    with db.read() as s:
        found = {r.id for r in register.fetch_page(s, RegisterQuery(overdue_only=True), offset=0, limit=100000,
                                                   today=on)}
        assert register.count_cases(s, RegisterQuery(overdue_only=True), today=on) == len(found)
    return found


def cli_late_cases(db, capsys) -> set[int]:
    assert main(["--db", str(db.path), "cases", "list", "--overdue", "--limit", "100000", "--json"]) == 0
    return {r["id"] for r in json.loads(capsys.readouterr().out)}


def late_cases_of_every_kind(db) -> dict[str, int]:
    """One case per kind of lateness, and one case whose things are all on time."""
    cases = {k: reg(db, title=f"{k}纠纷", registered_on="2026-10-01")
             for k in ("deadline", "session", "term", "visit", "on_time")}
    accept(db, cases["deadline"], on=date(2026, 10, 2))                 # limit 2026-11-02: late
    for key in ("session", "term", "visit", "on_time"):
        accept(db, cases[key])                                         # limit 2026-12-21
    with db.write.begin() as s:
        sessions.plan_session(s, dispute_id=cases["session"], planned_at=datetime(2026, 11, 20, 9), place="村委会")
        sessions.plan_session(s, dispute_id=cases["on_time"], planned_at=datetime(2026, 11, 23, 15), place="村委会")
    complete_record(db, cases["term"], held=datetime(2026, 11, 21, 9))
    complete_agreement(db, cases["term"], due=date(2026, 11, 22))           # its first term: late by a day
    with db.write.begin() as s:
        agreements.sign_agreement(s, dispute_id=cases["term"], signed_on=date(2026, 11, 21), signatories="x",
                                  today=TODAY)
        follow_ups.schedule_follow_up(s, dispute_id=cases["visit"], due_on=date(2026, 11, 22))
        follow_ups.schedule_follow_up(s, dispute_id=cases["on_time"], due_on=TODAY)
    return cases


def test_every_kind_of_lateness_counts_once_everywhere(head_login, capsys):
    db = head_login
    cases = late_cases_of_every_kind(db)
    late = {cases[k] for k in ("deadline", "session", "term", "visit")}
    assert agenda_late_cases(db, TODAY) == late
    assert filter_late_cases(db, TODAY) == late
    assert cli_late_cases(db, capsys) == late
    # the agenda counts items, the filter cases: a case late twice is two lines, one case
    with db.read() as s:
        late_items = [i for i in agenda(s, on=TODAY) if is_overdue(i, TODAY)]
    assert {i.kind for i in late_items} == {"deadline", "session", "performance", "follow_up"}
    assert main(["--db", str(db.path), "agenda"]) == 0
    assert f"== 已逾期（{len(late_items)} 项，{len(late)} 件案件）" in capsys.readouterr().out


@pytest.mark.parametrize("today", [date(2026, 11, 23), date(2028, 2, 29)])
def test_demo_data_agree_at_two_dates(head_login, capsys, today):
    db = head_login
    clock.freeze(datetime.combine(today, time(10)))
    with db.write.begin() as s:
        demo.generate(s, cases=300, seed=2)
    for on in (today, today + timedelta(days=10)):          # on the day, and after ten days of nothing done
        clock.freeze(datetime.combine(on, time(10)))
        late = agenda_late_cases(db, on)
        assert late and filter_late_cases(db, on) == late
        assert cli_late_cases(db, capsys) == late


def test_a_list_cut_short_still_counts_every_overdue_item(head_login, capsys, monkeypatch):
    """Past LIMIT_PER_KIND of a kind (a very large register) the agenda lists the latest overdue items, and
    its counts come from SQL: still the filter's cases, and never crowded out by the coming week."""
    from app.services import agenda as agenda_module

    db = head_login
    with db.write.begin() as s:
        demo.generate(s, cases=300, seed=2, today=TODAY)
    clock.advance(timedelta(days=20))
    on = clock.today()
    late = filter_late_cases(db, on)
    with db.read() as s:
        whole = agenda_module.overdue_summary(s, on=on, items=agenda(s, on=on))
    monkeypatch.setattr(agenda_module, "LIMIT_PER_KIND", 3)
    with db.read() as s:
        items = agenda(s, on=on)
        cut = agenda_module.overdue_summary(s, on=on, items=items)
    assert whole.cases == len(late) and whole.listed == whole.items > 3
    assert cut == agenda_module.OverdueSummary(whole.items, len(late), cut.listed) and 0 < cut.listed < whole.items
    assert any(i.bucket(on) == "week" for i in items)
    assert main(["--db", str(db.path), "agenda", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["overdue"] == {"items": whole.items, "cases": len(late)}
