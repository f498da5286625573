"""The agenda: everything due today, this week and overdue, across the station."""
from __future__ import annotations

from app import clock

import json
from datetime import date, datetime

from app.services import agreements, hearings, sessions
from app.services.agenda import agenda
from tests.conftest import TODAY, accept, complete_agreement, complete_record, register


def kinds(items, on):
    return sorted((i.kind, i.bucket(on), i.due_on.isoformat()) for i in items)


def test_agenda_lists_each_kind_in_its_bucket(db):
    d = register(db, registered_on="2026-10-01")
    accept(db, d, on=date(2026, 10, 2))                      # deadline 2026-11-02
    complete_record(db, d, held=datetime(2026, 10, 20, 9))
    view = complete_agreement(db, d, due=date(2026, 11, 23))
    with db.write.begin() as s:
        sessions.plan_session(s, dispute_id=d, planned_at=datetime(2026, 11, 25, 9), place="村委会")
        officer = hearings.add_officer(s, name="孙律师", category="lawyer")
        hearings.plan_hearing(s, dispute_id=d, planned_at=datetime(2026, 11, 20, 9), place="调解室",
                              is_public=True, private_reason="", presider_id=1, clerk_id=2, officer_ids=[officer.id])
        agreements.sign_agreement(s, dispute_id=d, signed_on=date(2026, 10, 25), signatories="x", today=TODAY)
    on = TODAY
    with db.read() as s:
        items = agenda(s, on=on)
    got = kinds(items, on)
    assert ("session", "week", "2026-11-25") in got
    assert ("hearing", "overdue", "2026-11-20") in got               # planned but never held
    assert ("performance", "today", "2026-11-23") in got
    assert ("confirmation", "week", "2026-11-24") in got            # signed 10-25 + 30 days
    assert ("deadline", "overdue", "2026-11-02") in got
    assert not any(k == "follow_up" for k, _b, _d in got)           # due after the last term + 15 days
    with db.read() as s:
        later = kinds(agenda(s, on=date(2026, 12, 16)), date(2026, 12, 16))
    assert ("performance", "overdue", "2026-11-23") in later
    assert not any(k == "confirmation" for k, _b, _d in later)      # the window closed on 11-24
    assert view.terms[0].due_on == date(2026, 11, 23)


def test_performed_terms_and_recorded_sessions_leave_the_agenda(db):
    d = register(db)
    accept(db, d)
    complete_record(db, d)
    view = complete_agreement(db, d, due=TODAY)
    with db.write.begin() as s:
        agreements.sign_agreement(s, dispute_id=d, signed_on=TODAY, signatories="x", today=TODAY)
        for t in view.terms:
            agreements.record_performance(s, term_id=t.id, performance="performed", on=TODAY, note="收条", today=TODAY)
    with db.read() as s:
        assert not any(i.kind in ("performance", "session") for i in agenda(s, on=TODAY))


def test_agenda_and_check_commands(db, head_login, capsys):
    from ui.cli import main

    d = register(db)
    accept(db, d)
    with db.write.begin() as s:
        sessions.plan_session(s, dispute_id=d, planned_at=datetime.combine(clock.today(), datetime.min.time()),
                              place="村委会")
    assert main(["--db", str(db.path), "agenda", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert {"kind": "session", "bucket": "today"}.items() <= out["items"][0].items()
    assert main(["--db", str(db.path), "agenda", "--date", "2026-13-01"]) == 1
    assert main(["--db", str(db.path), "check", "(2026)城人调字第1号", "--json"]) == 0
    findings = json.loads(capsys.readouterr().out)[0]["findings"]
    assert findings == [] or all({"code", "severity", "message"} <= set(f) for f in findings)
    complete_record(db, d)
    capsys.readouterr()
    assert main(["--db", str(db.path), "check", "(2026)城人调字第1号"]) == 0
    one = capsys.readouterr().out
    assert main(["--db", str(db.path), "check", "--all"]) == 0
    assert one.splitlines()[-1] == "  未发现问题。"              # all well: --all says so too, not nothing
    assert capsys.readouterr().out.splitlines() == ["未发现问题。", "共检查 1 件案件，其中 0 件有问题。"]
    assert main(["--db", str(db.path), "check"]) == 1


def test_check_all_on_a_station_with_nothing_wrong_says_so(db, head_login, capsys):
    from ui.cli import main

    assert main(["--db", str(db.path), "check", "--all"]) == 0      # no case: nothing wrong either
    assert capsys.readouterr().out.splitlines() == ["未发现问题。", "共检查 0 件案件，其中 0 件有问题。"]


def test_deposits_still_held_are_reminded_by_their_terms_deadline(head_login, capsys):
    """A 赔偿保证金 not released or returned: due by its term's deadline and overdue after it (the case is then
    overdue too), due from its receipt when its term has no deadline, gone once settled or once the case is
    archived (its records can no longer change). As `mediation-station agenda` shows it."""
    from datetime import timedelta

    from app.lifecycle import Action
    from app.services import performance
    from app.services.agenda import overdue_cases_sql
    from app.services.sql import rows
    from db.models import AgreementTerm
    from tests.app.test_performance import settled_with_first_term_due, step, terms, visit
    from ui.cli import main

    db = head_login
    held = settled_with_first_term_due(db, date(2026, 12, 1))
    archived = settled_with_first_term_due(db, date(2026, 12, 1))
    undated = settled_with_first_term_due(db, date(2026, 12, 1))
    with db.write.begin() as s:
        for d, holder in ((held, "城关镇人民调解委员会"), (archived, "城关镇司法所"), (undated, "村委会")):
            performance.record_deposit(s, term_id=terms(db, d)[0].id, amount="1500.5", received_on=TODAY,
                                       paid_by="李四", holder=holder)
        s.get(AgreementTerm, terms(db, undated)[0].id).due_on = None      # an old record: no day decided
    clock.advance(timedelta(days=10))                                     # 2026-12-03
    follow_up = visit(db, archived, clock.today())
    with db.write.begin() as s:
        performance.record_nonperformance(s, follow_up_id=follow_up, term_ids=(terms(db, archived)[0].id,),
                                          options=("sue",))
    step(db, archived, Action.CLOSE_UNPERFORMED)
    step(db, archived, Action.ARCHIVE)                                   # archived with the deposit unsettled

    assert main(["--db", str(db.path), "agenda", "--json"]) == 0
    items = [i for i in json.loads(capsys.readouterr().out)["items"] if i["kind"] == "deposit"]
    assert [(i["dispute_id"], i["due_on"], i["bucket"], i["detail"]) for i in items] == [
        (undated, "2026-11-23", "overdue", "1,500.50元，由村委会保管"),
        (held, "2026-12-01", "overdue", "1,500.50元，由城关镇人民调解委员会保管")]
    with db.read() as s:
        sql, params = overdue_cases_sql(s, clock.today())
        assert {held, undated} <= {r[0] for r in rows(s, sql, params)}
        assert archived not in {r[0] for r in rows(s, sql, params)}
    assert main(["--db", str(db.path), "agenda"]) == 0
    assert "保证金尚未交付或退还" in capsys.readouterr().out

    with db.write.begin() as s:
        for deposit in performance.list_deposits(s, dispute_id=held):
            performance.settle_deposit(s, deposit_id=deposit.id, outcome="returned", settled_on=clock.today(),
                                       settled_to="李四")
    with db.read() as s:
        assert [i.dispute_id for i in agenda(s, on=clock.today()) if i.kind == "deposit"] == [undated]
