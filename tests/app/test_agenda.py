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
    assert main(["--db", str(db.path), "check", "--all"]) == 0
    assert main(["--db", str(db.path), "check"]) == 1
