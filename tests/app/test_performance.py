"""Unperformed agreements (人民调解法 Art 31–33), 赔偿保证金 deposits, the late-closing reason, and no dead ends:
every status a case can be in has a way forward to the archive, through the real services."""
from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest

from app import checks, clock, lifecycle
from app.errors import TransitionRefused, ValidationFailed
from app.lifecycle import Action, ActionRequest, Outcome, Status
from app.services import agreements, disputes, follow_ups, performance, transitions
from app.services.case_record import load_case_record
from tests.conftest import TODAY, accept, complete_agreement, complete_record, register


def step(db, d, action, **kw):
    """One action on the (moving) station date, by mediator 1."""
    on = kw.pop("on", clock.today())
    with db.write.begin() as s:
        return transitions.apply_action(s, dispute_id=d, request=ActionRequest(action, on, **kw), by=1)


def findings(db, d) -> dict[str, checks.Finding]:
    with db.read() as s:
        return {f.code: f for f in checks.check_case(load_case_record(s, dispute_id=d), today=clock.today())}


def settled_with_first_term_due(db, due: date) -> int:
    d = register(db)
    accept(db, d)
    complete_record(db, d)
    complete_agreement(db, d, due=due)
    with db.write.begin() as s:
        agreements.sign_agreement(s, dispute_id=d, signed_on=TODAY, signatories="张三、李四", today=TODAY)
    step(db, d, Action.SETTLE, outcome=Outcome.WRITTEN)
    return d


def visit(db, d, on: date) -> int:
    with db.write.begin() as s:
        pending = next(f for f in follow_ups.list_follow_ups(s, dispute_id=d) if f.visited_on is None)
        follow_ups.record_follow_up(s, follow_up_id=pending.id, visited_on=on, visitor_id=1, persons_visited="张三",
                                    performance="第1项维修费未支付", satisfaction="unsatisfied")
        return pending.id


def terms(db, d):
    with db.read() as s:
        return agreements.get_agreement(s, dispute_id=d).terms


def test_unperformed_case_from_start_to_archive_with_its_deposit(db):
    d = settled_with_first_term_due(db, date(2026, 12, 1))
    first, second = terms(db, d)
    with db.write.begin() as s:
        held = performance.record_deposit(s, term_id=first.id, amount="1,000", received_on=TODAY, paid_by="李四",
                                          holder="城关镇人民调解委员会")
    assert held.held and held.amount == Decimal("1000.00") and held.term_position == 1
    with pytest.raises(TransitionRefused, match="回访"):
        step(db, d, Action.CLOSE_UNPERFORMED)           # nothing recorded yet: the refusal says where to go
    clock.advance(timedelta(days=20))                    # 2026-12-13: term 1 (12-01) is late, term 2 (12-20) is not
    follow_up = visit(db, d, clock.today())
    with db.write.begin() as s, pytest.raises(ValidationFailed) as err:
        performance.record_nonperformance(s, follow_up_id=follow_up, term_ids=(second.id,), options=("enforce",))
    text = str(err.value)
    assert "尚未到期" in text or "not yet due" in text
    assert "司法确认" in text                            # enforcement needs a confirmed agreement
    with db.write.begin() as s:
        found = performance.record_nonperformance(
            s, follow_up_id=follow_up, term_ids=(first.id,), options=("mediate_again", "sue"),
            detail="李四未按期支付维修费", parties_choice="张三表示将向人民法院起诉")
    assert [f.term_position for f in found] == [1] and found[0].options_explained == ("mediate_again", "sue")
    view = step(db, d, Action.CLOSE_UNPERFORMED)
    assert view.status == Status.UNPERFORMED
    assert findings(db, d)["P16"].severity == "warning"      # the deposit is still held: a warning, not a wall
    with db.write.begin() as s:
        with pytest.raises(ValidationFailed):
            performance.settle_deposit(s, deposit_id=held.id, outcome="released", settled_on=date(2026, 11, 1),
                                       settled_to="张三")
    with db.write.begin() as s:
        done = performance.settle_deposit(s, deposit_id=held.id, outcome="released", settled_on=clock.today(),
                                          settled_to="张三", note="按协议交付申请人")
    assert not done.held and done.settled_to == "张三"
    assert "P16" not in findings(db, d)
    assert step(db, d, Action.ARCHIVE).status == Status.ARCHIVED
    with db.read() as s:
        record = load_case_record(s, dispute_id=d)
    assert record.nonperformance[0].parties_choice == "张三表示将向人民法院起诉"
    assert record.deposits[0].outcome == "released"
    assert [h.to_status for h in record.dispute.history][-2:] == ["unperformed", "archived"]
    with db.write.begin() as s, pytest.raises(TransitionRefused):
        performance.settle_deposit(s, deposit_id=held.id, outcome="returned", settled_on=clock.today(),
                                   settled_to="李四")


def test_enforcement_is_explained_only_for_a_confirmed_agreement(db):
    d = settled_with_first_term_due(db, date(2026, 12, 1))
    with db.write.begin() as s:
        agreements.apply_for_confirmation(s, dispute_id=d, applied_on=TODAY, court="城关人民法庭")
        agreements.record_confirmation_result(s, dispute_id=d, result="confirmed", on=TODAY)
    clock.advance(timedelta(days=20))
    follow_up = visit(db, d, clock.today())
    with db.write.begin() as s:
        found = performance.record_nonperformance(s, follow_up_id=follow_up, term_ids=(terms(db, d)[0].id,),
                                                  options=("enforce",))
    assert found[0].options_explained == ("enforce",)


def test_nonperformance_needs_a_recorded_visit_and_a_deposit_a_signed_agreement(db):
    d = settled_with_first_term_due(db, date(2026, 12, 1))
    with db.read() as s:
        pending = follow_ups.list_follow_ups(s, dispute_id=d)[0]
    with db.write.begin() as s, pytest.raises(TransitionRefused, match="回访|visit"):
        performance.record_nonperformance(s, follow_up_id=pending.id, term_ids=(terms(db, d)[0].id,),
                                          options=("sue",))
    other = register(db)
    accept(db, other)
    complete_record(db, other)
    complete_agreement(db, other)
    with db.write.begin() as s, pytest.raises(TransitionRefused, match="签|sign"):
        performance.record_deposit(s, term_id=terms(db, other)[0].id, amount="500", received_on=TODAY,
                                   paid_by="李四", holder="调委会")


def test_late_closing_is_archived_once_the_reason_is_recorded(db):
    d = register(db, registered_on="2026-10-01")
    accept(db, d, on=date(2026, 10, 2))              # the limit: 2026-11-02
    complete_record(db, d)
    step(db, d, Action.FAIL, routes=("litigation",))  # closed 2026-11-23, three weeks late, no extension
    assert findings(db, d)["P08"].severity == "error"
    with pytest.raises(TransitionRefused) as err:
        step(db, d, Action.ARCHIVE)
    assert "P08" in str(err.value) and ("原因" in str(err.value) or "reason" in str(err.value))
    view = step(db, d, Action.ARCHIVE, reason="当事人外出务工，无法按期到场")
    assert view.status == Status.ARCHIVED and view.late_reason == "当事人外出务工，无法按期到场"
    late = findings(db, d)["P08"]
    assert late.severity == "warning" and "外出务工" in late.message
    assert view.history[-1].reason == "当事人外出务工，无法按期到场"


def test_every_status_but_the_archive_has_an_action_and_reaches_it():
    edges = {s: {lifecycle.target_status(a) for a in lifecycle.available_actions(s)} for s in Status}
    for status in Status:
        if status in lifecycle.FINAL_STATUSES:
            assert not edges[status]
            continue
        seen, frontier = {status}, [status]
        while frontier:
            for nxt in edges[frontier.pop()] - seen:
                seen.add(nxt)
                frontier.append(nxt)
        assert Status.ARCHIVED in seen, status


# --- the walk: a case in each status, with everything late, moved forward by what a user can record ---------

def _forward(db, d) -> Status:
    """The next step from the case's status, with what the user records there; returns the new status."""
    with db.read() as s:
        status = disputes.get_dispute(s, dispute_id=d).status
    if status == Status.REGISTERED:
        accept(db, d, on=date(2026, 10, 2))
    elif status == Status.ACCEPTED:
        complete_record(db, d)
    elif status == Status.IN_MEDIATION:
        complete_agreement(db, d, due=date(2026, 11, 22))
        with db.write.begin() as s:
            agreements.sign_agreement(s, dispute_id=d, signed_on=TODAY, signatories="张三、李四", today=TODAY)
        step(db, d, Action.SETTLE, outcome=Outcome.WRITTEN)
    elif status == Status.SETTLED:
        follow_up = visit(db, d, TODAY)
        with db.write.begin() as s:
            performance.record_nonperformance(s, follow_up_id=follow_up, term_ids=(terms(db, d)[0].id,),
                                              options=("mediate_again",))
        step(db, d, Action.CLOSE_UNPERFORMED)
    elif status == Status.PERFORMED or status in lifecycle.CLOSING_STATUSES or status == Status.UNPERFORMED:
        step(db, d, Action.ARCHIVE, reason="村民外出，调解期限内未能结案")
    else:
        raise AssertionError(f"no way forward from {status}")
    with db.read() as s:
        after = disputes.get_dispute(s, dispute_id=d).status
    assert after != status, f"stuck in {status}"
    return after


@pytest.mark.parametrize("start", ["registered", "declined", "referred", "ended", "failed", "performed"])
def test_walk_from_every_status_to_the_archive(db, start):
    d = register(db, registered_on="2026-10-01")
    if start == "declined":
        step(db, d, Action.DECLINE, reason="已起诉")
    elif start == "referred":
        step(db, d, Action.REFER, referral_target="城关派出所")
    elif start in ("ended", "failed", "performed"):
        accept(db, d, on=date(2026, 10, 2))
        complete_record(db, d)
        if start == "ended":
            step(db, d, Action.END, reason="申请人撤回")
        elif start == "failed":
            step(db, d, Action.FAIL, routes=("litigation",))
        else:
            _forward(db, d)                              # settled, late
            with db.write.begin() as s:
                for t in agreements.get_agreement(s, dispute_id=d).terms:
                    agreements.record_performance(s, term_id=t.id, performance="performed", on=TODAY, note="收条")
            visit(db, d, TODAY)
            step(db, d, Action.PERFORM)
    visited = []
    for _ in range(8):
        with db.read() as s:
            status = disputes.get_dispute(s, dispute_id=d).status
        if status == Status.ARCHIVED:
            break
        visited.append(status)
        _forward(db, d)
    assert status == Status.ARCHIVED, visited
    if start == "registered":
        assert visited == [Status.REGISTERED, Status.ACCEPTED, Status.IN_MEDIATION, Status.SETTLED,
                           Status.UNPERFORMED]
