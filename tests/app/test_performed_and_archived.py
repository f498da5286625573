"""履行完毕 only on the evidence of every term, archiving refused while a settled case's terms are open (unless it was
closed as not performed), `check` naming cases already so (P17); and nothing of an archived case changes, whichever
service or door the write comes through."""
from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest

from app import clock
from app.access import Actor, perform
from app.errors import TransitionRefused
from app.lifecycle import Action
from app.services import (agreements, case_library, disputes, evidence, follow_ups, performance, referrals, risks,
                          sessions)
from tests.app.test_checks import _record_of
from tests.app.test_performance import findings, settled_with_first_term_due, step, terms, visit
from db.models import AgreementTerm
from tests.conftest import TODAY, closed_case, make_draft, mark_performed_as_before

CASE = "(2026)城人调字第1号"


def first_instalment_paid(db) -> int:
    """Settled; term 1 (due 12-01) paid with its transfer slip, term 2 (due 12-20) not yet."""
    d = settled_with_first_term_due(db, date(2026, 12, 1))
    with db.write.begin() as s:
        agreements.record_performance(s, term_id=terms(db, d)[0].id, performance="performed", on=TODAY,
                                      note="转账凭证")
    return d


def test_performed_is_refused_naming_the_open_term_and_the_ways_on(db):
    d = first_instalment_paid(db)
    with pytest.raises(TransitionRefused) as refused:
        step(db, d, Action.PERFORM)
    text = str(refused.value)
    assert "第2项（未履行，履行期限2026-12-20）" in text and "第1项" not in text
    assert "待期限届满" in text and "记录未履行" in text and "第三十二条" in text
    with db.read() as s:
        assert disputes.get_dispute(s, dispute_id=d).status == "settled"
    second = terms(db, d)[1]
    with db.write.begin() as s:                    # "performed" without its evidence is not enough either
        s.get(AgreementTerm, second.id).performance = "performed"
    with pytest.raises(TransitionRefused, match="第2项（已履行，但未登记履行凭证"):
        step(db, d, Action.PERFORM)
    with db.write.begin() as s:
        agreements.record_performance(s, term_id=second.id, performance="performed", on=TODAY, note="收条")
    assert step(db, d, Action.PERFORM).status == "performed"
    assert "P17" not in findings(db, d)
    assert step(db, d, Action.ARCHIVE).status == "archived"


def test_a_case_marked_performed_with_a_term_open_is_found_and_not_archived(db, head_login, capsys):
    """As a database from before this rule holds it: 已履行 with term 2 open. `check` names it (exit 0, a finding),
    archiving is refused the same way, and the way on is the Art 32 one: closed as not performed, then archived."""
    from ui.cli import main

    d = first_instalment_paid(db)
    mark_performed_as_before(db, d)
    assert main(["--db", str(db.path), "check", CASE, "--json"]) == 0
    found = {f["code"]: f for f in json.loads(capsys.readouterr().out)[0]["findings"]}
    assert found["P17"]["severity"] == "error" and "第2项（未履行，履行期限2026-12-20）" in found["P17"]["message"]
    assert main(["--db", str(db.path), "check", "--all"]) == 0
    out = capsys.readouterr().out
    assert CASE in out and "P17" in out and "第2项" in out
    with pytest.raises(TransitionRefused, match=r"\[P17\].*第2项"):
        step(db, d, Action.ARCHIVE)

    clock.advance(timedelta(days=30))              # 2026-12-23: term 2 is late
    seen = visit(db, d, clock.today())
    with db.write.begin() as s:
        performance.record_nonperformance(s, follow_up_id=seen, term_ids=(terms(db, d)[1].id,), options=("sue",),
                                          parties_choice="张三表示将起诉")
    assert step(db, d, Action.CLOSE_UNPERFORMED).status == "unperformed"
    assert "P17" not in findings(db, d)
    assert step(db, d, Action.ARCHIVE).status == "archived"
    assert "P17" not in findings(db, d)


def test_an_archive_of_old_with_a_term_open_is_reported(db, head_login, capsys):
    from db.models import Dispute, StatusChange
    from ui.cli import main

    d = first_instalment_paid(db)
    mark_performed_as_before(db, d)
    with db.write.begin() as s:                     # archived by an older version: nothing refused it then
        s.add(StatusChange(dispute_id=d, from_status="performed", to_status="archived", on_date=TODAY))
        s.get(Dispute, d).status = "archived"
    assert main(["--db", str(db.path), "check", CASE]) == 0
    assert "案件已按履行完毕归档" in capsys.readouterr().out


def _archived(db) -> tuple[int, int]:
    """An archived case (oral agreement, performed) and the id of its first term."""
    d = closed_case(db, "oral", archived=True, risk_level="red")     # red: a risk report is a door too
    return d, terms(db, d)[0].id


WRITES = {
    "term": lambda s, d, t: agreements.record_performance(s, term_id=t, performance="pending", on=None),
    "investigation": lambda s, d, t: evidence.add_investigation(
        s, dispute_id=d, held_at=datetime(2026, 11, 23, 9), place="村委会", investigator_id=1, record_keeper_id=None,
        person_questioned="李四", questions=[("何时付款？", "已付。")]),
    "follow-up": lambda s, d, t: follow_ups.schedule_follow_up(s, dispute_id=d, due_on=TODAY + timedelta(days=9)),
    "deposit": lambda s, d, t: performance.record_deposit(s, term_id=t, amount="100", received_on=TODAY,
                                                          paid_by="李四", holder="调委会"),
    "evidence": lambda s, d, t: evidence.add_evidence(s, dispute_id=d, name="收条", kind="documentary", pages=1,
                                                      provided_by="张三", received_on=TODAY, store=None, files=[]),
    "session": lambda s, d, t: sessions.record_session(
        s, session_id=sessions.list_sessions(s, dispute_id=d)[0].id, by=1,
        record=replace(_record_of(sessions.list_sessions(s, dispute_id=d)[0]), notes="补记")),
    "risk": lambda s, d, t: risks.add_risk_report(s, dispute_id=d, reported_to="police_station", method="phone",
                                                  reported_at=datetime(2026, 11, 23, 9), content="情况"),
    "referral": lambda s, d, t: referrals.add_referral(s, dispute_id=d, direction="out", body="派出所",
                                                       on_date=TODAY),
    "parties": lambda s, d, t: disputes.update_dispute(
        s, dispute_id=d, draft=make_draft(title="改过的事由"),
        expected_revision=disputes.get_dispute(s, dispute_id=d).revision),
    "delete": lambda s, d, t: disputes.delete_dispute(s, dispute_id=d),
}


@pytest.mark.parametrize("door", sorted(WRITES))
def test_no_record_of_an_archived_case_changes(db, door):
    d, term = _archived(db)
    before = agreements_and_dispute(db, d)
    with pytest.raises(TransitionRefused, match="已归档"):
        with db.write.begin() as s:
            WRITES[door](s, d, term)
    assert agreements_and_dispute(db, d) == before


def test_the_refusal_holds_for_a_mediator_and_leaves_printing_and_the_library_open(db, tmp_path, head_login, capsys):
    from app.documents import issuing
    from ui.cli import main

    d, term = _archived(db)
    mediator = Actor(None, "王调解", "mediator", mediator_id=1)
    with pytest.raises(TransitionRefused, match="已归档"):
        perform(db.write, mediator, lambda s: agreements.record_performance(s, term_id=term, performance="partly",
                                                                            on=TODAY, note="部分"))
    with pytest.raises(TransitionRefused, match="已归档"):      # the head's word changes nothing either
        perform(db.write, Actor(None, "王调解", "head", mediator_id=1),
                lambda s: follow_ups.record_follow_up(s, follow_up_id=follow_ups.list_follow_ups(
                    s, dispute_id=d)[0].id, visited_on=TODAY, visitor_id=1, persons_visited="张三", performance="再访",
                    satisfaction="satisfied"))
    assert terms(db, d)[0].performance == "performed"
    with db.write.begin() as s:                                  # printed and listed: not a change of its records
        issuing.issue(s, dispute_id=d, doc_type="oral-agreement", by=1)
        case_library.mark_typical(s, dispute_id=d, title="邻里漏水纠纷", type_code="02", tags="漏水",
                                  summary="张某与李某因漏水发生纠纷，经调解达成口头协议并已履行。", by=1)
    out = tmp_path / "dossier.pdf"
    assert main(["--db", str(db.path), "dossier", CASE, "--out", str(out)]) == 0
    assert out.read_bytes().startswith(b"%PDF")


def agreements_and_dispute(db, d):
    with db.read() as s:
        return disputes.get_dispute(s, dispute_id=d), agreements.get_agreement(s, dispute_id=d), \
            follow_ups.list_follow_ups(s, dispute_id=d)


def test_nothing_of_an_archived_case_is_due_not_even_a_visit_planned_before(db):
    """Its records no longer change, so a 回访 planned before the archiving could never be recorded: it must not
    stay overdue on the agenda (and in the register's overdue filter) for ever."""
    from app.services import agenda

    d = first_instalment_paid(db)
    with db.write.begin() as s:
        agreements.record_performance(s, term_id=terms(db, d)[1].id, performance="performed", on=TODAY,
                                      note="收条")
        follow_ups.schedule_follow_up(s, dispute_id=d, due_on=TODAY + timedelta(days=40))
    step(db, d, Action.PERFORM)
    far = TODAY + timedelta(days=400)
    with db.read() as s:
        assert any(i.dispute_id == d and i.kind == "follow_up" for i in agenda.agenda(s, on=far))
    step(db, d, Action.ARCHIVE)
    with db.read() as s:
        assert not [i for i in agenda.agenda(s, on=far) if i.dispute_id == d]
        assert not agenda.overdue_items_of(s, dispute_id=d, on=far)
