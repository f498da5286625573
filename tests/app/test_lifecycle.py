"""The pure lifecycle rules."""
from __future__ import annotations

from datetime import date

from app import lifecycle
from app.lifecycle import Action, ActionRequest, CaseFacts, Outcome, Status

TODAY = date(2026, 11, 23)


def facts(status=Status.REGISTERED, applicants=1, respondents=1, presiding=True, deadline=None) -> CaseFacts:
    return CaseFacts(status=status, registered_on=date(2026, 11, 1), applicants=applicants,
                     respondents=respondents, has_presiding_mediator=presiding, deadline=deadline)


def test_accept_needs_both_sides_and_a_presiding_mediator():
    assert lifecycle.check(facts(), ActionRequest(Action.ACCEPT, TODAY), today=TODAY) == []
    reasons = lifecycle.check(facts(respondents=0, presiding=False), ActionRequest(Action.ACCEPT, TODAY),
                              today=TODAY)
    assert len(reasons) == 2


def test_action_from_wrong_status_is_refused_with_its_names():
    reasons = lifecycle.check(facts(Status.ARCHIVED), ActionRequest(Action.ACCEPT, TODAY), today=TODAY)
    assert len(reasons) == 1 and "已归档" in reasons[0] and "受理" in reasons[0]


def test_decline_end_refer_fail_and_settle_need_their_details():
    f = facts()
    assert lifecycle.check(f, ActionRequest(Action.DECLINE, TODAY, reason="  "), today=TODAY)
    assert not lifecycle.check(f, ActionRequest(Action.DECLINE, TODAY, reason="已起诉"), today=TODAY)
    assert lifecycle.check(f, ActionRequest(Action.REFER, TODAY), today=TODAY)
    m = facts(Status.IN_MEDIATION)
    assert lifecycle.check(m, ActionRequest(Action.FAIL, TODAY), today=TODAY)
    assert not lifecycle.check(m, ActionRequest(Action.FAIL, TODAY, routes=("litigation",)), today=TODAY)
    assert lifecycle.check(m, ActionRequest(Action.SETTLE, TODAY), today=TODAY)
    assert not lifecycle.check(m, ActionRequest(Action.SETTLE, TODAY, outcome=Outcome.ORAL), today=TODAY)
    assert lifecycle.check(m, ActionRequest(Action.END, TODAY), today=TODAY)


def test_dates_cannot_be_future_or_before_registration():
    assert lifecycle.check(facts(), ActionRequest(Action.ACCEPT, date(2026, 11, 24)), today=TODAY)
    assert lifecycle.check(facts(), ActionRequest(Action.ACCEPT, date(2026, 10, 31)), today=TODAY)


def test_available_actions_follow_the_lifecycle():
    assert lifecycle.available_actions(Status.REGISTERED) == [Action.ACCEPT, Action.DECLINE, Action.REFER]
    assert set(lifecycle.available_actions(Status.IN_MEDIATION)) == {Action.SETTLE, Action.FAIL, Action.END}
    assert lifecycle.available_actions(Status.SETTLED) == [Action.PERFORM, Action.CLOSE_UNPERFORMED]
    assert lifecycle.available_actions(Status.ARCHIVED) == []


def test_requirements_plug_in_for_later_capabilities():
    @lifecycle.requirement(Action.PERFORM)
    def needs_receipt(f, r):
        return None if f.extra.get("receipt") else "need a receipt"

    try:
        f = facts(Status.SETTLED)
        assert lifecycle.check(f, ActionRequest(Action.PERFORM, TODAY), today=TODAY) == ["need a receipt"]
        ok = CaseFacts(**{**f.__dict__, "extra": {"receipt": True}})
        assert lifecycle.check(ok, ActionRequest(Action.PERFORM, TODAY), today=TODAY) == []
    finally:
        lifecycle._requirements[Action.PERFORM].remove(needs_receipt)


def test_deadline_is_one_month_clamped_to_month_end():
    assert lifecycle.deadline_for(date(2026, 11, 23)) == date(2026, 12, 23)
    assert lifecycle.deadline_for(date(2026, 1, 31)) == date(2026, 2, 28)
    assert lifecycle.deadline_for(date(2028, 1, 31)) == date(2028, 2, 29)
    assert lifecycle.deadline_for(date(2026, 12, 15)) == date(2027, 1, 15)


def test_extension_needs_open_case_later_deadline_and_consent():
    f = facts(Status.IN_MEDIATION, deadline=date(2026, 12, 1))
    ok = dict(new_deadline=date(2026, 12, 31), missing_consent=[], consent_on=TODAY, today=TODAY)
    assert lifecycle.check_extension(f, **ok) == []
    assert lifecycle.check_extension(f, **{**ok, "missing_consent": ["李四"]})
    assert lifecycle.check_extension(f, **{**ok, "new_deadline": date(2026, 11, 30)})
    assert lifecycle.check_extension(facts(Status.SETTLED, deadline=date(2026, 12, 1)), **ok)


def test_overdue_and_due_soon_only_for_open_cases():
    assert lifecycle.is_overdue(Status.IN_MEDIATION, date(2026, 11, 22), TODAY)
    assert not lifecycle.is_overdue(Status.SETTLED, date(2026, 11, 22), TODAY)
    assert lifecycle.due_soon(Status.ACCEPTED, date(2026, 11, 30), TODAY)
    assert not lifecycle.due_soon(Status.ACCEPTED, date(2026, 12, 1), TODAY)
