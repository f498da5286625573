"""Lifecycle actions on real files, including case numbers under concurrent acceptance."""
from __future__ import annotations

import subprocess
import sys
import textwrap
from datetime import date

import pytest
from sqlalchemy import select

from app.errors import TransitionRefused
from app.lifecycle import Action, ActionRequest, Outcome, Status
from app.services import transitions
from db.models import Dispute, StatusChange
from tests.conftest import (TODAY, accept, complete_agreement, complete_record, perform_all_terms,
                            register, register_one_sided)


def act(db, dispute_id, action, **kw):
    with db.write.begin() as s:
        return transitions.apply_action(s, dispute_id=dispute_id, request=ActionRequest(
            action, kw.pop("on", TODAY), **kw), by=2, today=TODAY)


def test_accept_allocates_number_and_deadline(db):
    first = accept(db, register(db))
    second = accept(db, register(db, title="第二件"))
    assert first.case_no == "(2026)城人调字第1号" and second.case_no == "(2026)城人调字第2号"
    assert first.accepted_on == date(2026, 11, 21) and first.deadline == date(2026, 12, 21)
    assert first.status == Status.ACCEPTED


def test_refused_acceptance_changes_nothing_and_uses_no_number(db):
    lonely = register_one_sided(db)
    with pytest.raises(TransitionRefused, match="被申请人|respondent"):
        accept(db, lonely)
    with db.read() as s:
        row = s.get(Dispute, lonely)
        assert row.status == "registered" and row.case_no is None
        assert len(s.scalars(select(StatusChange).where(StatusChange.dispute_id == lonely)).all()) == 1
    assert accept(db, register(db)).case_no.endswith("第1号")


def test_full_path_records_history_with_who_and_why(db):
    from app.services import agreements

    d = register(db)
    accept(db, d)
    complete_record(db, d)                 # the first recorded session starts the mediation
    complete_agreement(db, d)
    with db.write.begin() as s:
        agreements.sign_agreement(s, dispute_id=d, signed_on=TODAY, signatories="张三、李四", today=TODAY)
    act(db, d, Action.SETTLE, outcome=Outcome.WRITTEN)
    perform_all_terms(db, d)
    act(db, d, Action.PERFORM)
    view = act(db, d, Action.ARCHIVE)
    assert view.status == Status.ARCHIVED and view.outcome == "written" and view.closed_on == TODAY
    assert [h.to_status for h in view.history] == ["registered", "accepted", "in_mediation", "settled",
                                                    "performed", "archived"]
    assert view.history[1].by_name == "王调解" and view.history[3].by_name == "李记录"


def test_decline_and_refer_keep_their_reason(db):
    declined = act(db, register(db), Action.DECLINE, reason="已向法院起诉")
    referred = act(db, register(db, title="二"), Action.REFER, referral_target="城关派出所")
    assert declined.decline_reason == "已向法院起诉" and declined.history[-1].reason == "已向法院起诉"
    assert referred.referral_target == "城关派出所" and referred.case_no is None
    with pytest.raises(TransitionRefused):
        act(db, register(db, title="三"), Action.DECLINE)


def test_failed_case_records_routes_explained(db):
    d = register(db)
    accept(db, d)
    complete_record(db, d)
    view = act(db, d, Action.FAIL, routes=("litigation", "arbitration"))
    assert view.routes_explained == ("litigation", "arbitration")


def test_extension_needs_consent_of_every_applicant_and_respondent(db):
    d = register(db)
    view = accept(db, d)
    ids = [p.id for p in view.parties]
    with pytest.raises(TransitionRefused, match="李四"):
        with db.write.begin() as s:
            transitions.extend_deadline(s, dispute_id=d, new_deadline=date(2027, 1, 20), consent_on=TODAY,
                                        consenting_party_ids=ids[:1], note="", by=1, today=TODAY)
    with db.write.begin() as s:
        extended = transitions.extend_deadline(s, dispute_id=d, new_deadline=date(2027, 1, 20),
                                               consent_on=TODAY, consenting_party_ids=ids, note="双方签字同意",
                                               by=1, today=TODAY)
    assert extended.deadline == date(2027, 1, 20)
    assert extended.extensions[0].old_deadline == date(2026, 12, 21)
    assert set(extended.extensions[0].consenting_names) == {"张三", "李四"}


def test_numbers_restart_each_year(db):
    a = accept(db, register(db, registered_on="2025-12-30"), on=date(2025, 12, 31))
    b = accept(db, register(db, registered_on="2025-12-30", title="x"), on=date(2026, 1, 2))
    assert a.case_no == "(2025)城人调字第1号" and b.case_no == "(2026)城人调字第1号"


ACCEPT_IN_CHILD = textwrap.dedent("""
    import sys
    from datetime import date
    from app.database import open_database
    from app.lifecycle import Action, ActionRequest
    from app.services import transitions
    engine, read, write = open_database(sys.argv[1])
    for dispute_id in map(int, sys.argv[2].split(",")):
        with write.begin() as s:
            transitions.apply_action(s, dispute_id=dispute_id, by=1, today=date(2026, 11, 23),
                                     request=ActionRequest(Action.ACCEPT, date(2026, 11, 22)))
""")


def test_two_processes_accepting_at_once_get_distinct_gapless_numbers(db):
    ids = [register(db, title=f"并发{i}") for i in range(40)]
    procs = [subprocess.Popen([sys.executable, "-c", ACCEPT_IN_CHILD, str(db.path),
                               ",".join(map(str, ids[k::2]))]) for k in range(2)]
    assert [p.wait(timeout=60) for p in procs] == [0, 0]
    with db.read() as s:
        seqs = sorted(s.scalars(select(Dispute.case_seq)).all())
    assert seqs == list(range(1, 41))
