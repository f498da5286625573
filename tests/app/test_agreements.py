"""Agreements: required parts, signing, judicial confirmation window, performance and the follow-up."""
from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest

from app.errors import TransitionRefused, ValidationFailed
from app.services import agreements, follow_ups, settings
from tests.conftest import TODAY, accept, complete_agreement, complete_record, register


@pytest.fixture
def mediating(db):
    d = register(db)
    accept(db, d)
    complete_record(db, d)
    return d


def sign(db, d, on=TODAY):
    with db.write.begin() as s:
        return agreements.sign_agreement(s, dispute_id=d, signed_on=on, signatories="张三、李四", today=TODAY)


def test_complete_agreement_has_terms_citation_and_default_copies(db, mediating):
    view = complete_agreement(db, mediating)
    assert [t.position for t in view.terms] == [1, 2] and view.terms[0].amount == Decimal("3500.50")
    assert view.copies == 3 and view.citations[0].article == "第二百九十六条"
    with db.read() as s:
        assert agreements.check_agreement(s, dispute_id=mediating) == []


def test_signing_is_refused_naming_every_missing_part(db, mediating):
    complete_agreement(db, mediating)
    with db.write.begin() as s:
        current = agreements.get_agreement(s, dispute_id=mediating)
        draft = agreements.AgreementDraft(facts=current.facts, terms=(
            agreements.TermDraft(content="赔偿", involves_money=True, method="现金", place="村委会"),))
        agreements.save_agreement(s, dispute_id=mediating, draft=draft)
    with pytest.raises(TransitionRefused) as err:
        sign(db, mediating)
    text = str(err.value)
    for part in ("争议事项", "第1项涉及金钱，缺少金额", "第1项的履行期限", "第1项的履行义务人", "法律依据"):
        assert part in text


def test_oral_agreement_needs_terms_but_no_reasoning(db, mediating):
    with db.write.begin() as s:
        party = s.execute(__import__("sqlalchemy").text("SELECT uid FROM party WHERE role='respondent'")).scalar()
        agreements.save_agreement(s, dispute_id=mediating, draft=agreements.AgreementDraft(
            form="oral", facts="口角引发纠纷。", terms=(agreements.TermDraft(
                content="李四当面道歉", obligor_uid=party, due_on=TODAY),)))
    assert sign(db, mediating).form == "oral"


def test_signed_agreement_is_frozen_and_schedules_the_follow_up(db, mediating):
    complete_agreement(db, mediating, due=date(2026, 11, 30))
    with db.write.begin() as s:
        settings.put(s, "follow_up_delay_days", "10")
    signed = sign(db, mediating)
    assert signed.effective_on == TODAY and signed.jc_window_ends == TODAY + timedelta(days=30)
    with db.read() as s:
        visits = follow_ups.list_follow_ups(s, dispute_id=mediating)
    assert [v.due_on for v in visits] == [date(2026, 12, 30)]           # last deadline 12-20, + 10 days
    with pytest.raises(TransitionRefused):
        complete_agreement(db, mediating)


def test_judicial_confirmation_window_and_excluded_matters(db):
    from datetime import datetime

    mediating = register(db, registered_on="2026-10-01")
    accept(db, mediating, on=date(2026, 10, 2))
    complete_record(db, mediating, held=datetime(2026, 10, 15, 9))
    complete_agreement(db, mediating)
    sign(db, mediating, on=date(2026, 10, 20))
    with pytest.raises(TransitionRefused, match="2026-11-19"):
        with db.write.begin() as s:
            agreements.apply_for_confirmation(s, dispute_id=mediating, applied_on=date(2026, 11, 20), court="城关法庭")
    with db.write.begin() as s:
        applied = agreements.apply_for_confirmation(s, dispute_id=mediating, applied_on=date(2026, 11, 19),
                                                    court="城关法庭")
        result = agreements.record_confirmation_result(s, dispute_id=mediating, result="confirmed",
                                                       on=date(2026, 11, 22))
    assert applied.jc_court == "城关法庭" and result.jc_result == "confirmed"


def test_status_matters_cannot_be_confirmed(db):
    d = register(db, type_code="01")
    accept(db, d)
    complete_record(db, d)
    view = complete_agreement(db, d)
    with db.write.begin() as s:
        draft = agreements.AgreementDraft(
            form="written", facts=view.facts, matters=view.matters, responsibilities=view.responsibilities,
            findings=view.findings, fairness=view.fairness, status_matter=True, citations=view.citations,
            terms=tuple(agreements.TermDraft(t.content, t.obligor_uid, t.obligee_uid, t.involves_money, t.amount,
                                             t.method, t.place, t.due_on) for t in view.terms))
        agreements.save_agreement(s, dispute_id=d, draft=draft)
    sign(db, d)
    with pytest.raises(TransitionRefused, match="身份关系"):
        with db.write.begin() as s:
            agreements.apply_for_confirmation(s, dispute_id=d, applied_on=TODAY, court="城关法庭")


def test_performance_needs_a_date_and_evidence(db, mediating):
    view = complete_agreement(db, mediating)
    sign(db, mediating)
    term = view.terms[0]
    with pytest.raises(ValidationFailed):
        with db.write.begin() as s:
            agreements.record_performance(s, term_id=term.id, performance="performed", on=None, today=TODAY)
    with db.write.begin() as s:
        done = agreements.record_performance(s, term_id=term.id, performance="performed", on=TODAY,
                                             note="微信转账截图", today=TODAY)
    assert done.performance == "performed" and not done.overdue(TODAY + timedelta(days=60))
    assert view.terms[1].overdue(date(2026, 12, 21)) and not view.terms[1].overdue(date(2026, 12, 20))


def test_provision_catalogue_searches_builtin_and_own_entries(db):
    with db.write.begin() as s:
        assert any(p.article == "第三十三条" for p in agreements.search_provisions(s, text="司法确认"))
        assert all("相邻" in p.topic or "相邻" in p.gist for p in agreements.search_provisions(s, text="相邻"))
        agreements.add_provision(s, law="某某县村规民约", article="第五条", gist="宅基地界址以村委会登记为准")
    with db.read() as s:
        own = agreements.search_provisions(s, text="村规民约 宅基地")
    assert [(p.law, p.custom) for p in own] == [("某某县村规民约", True)]
    with pytest.raises(ValidationFailed):
        with db.write.begin() as s:
            agreements.add_provision(s, law="", article="", gist="")


def test_money_amount_validated_in_terms(db, mediating):
    bad = agreements.AgreementDraft(terms=(agreements.TermDraft(content="赔偿", involves_money=True, amount="12.345"),))
    with pytest.raises(ValidationFailed):
        with db.write.begin() as s:
            agreements.save_agreement(s, dispute_id=mediating, draft=bad)
    assert replace(bad, form="oral").form == "oral"


@pytest.mark.parametrize("effective, window_end", [
    (date(2026, 1, 31), date(2026, 3, 2)),      # across the end of February
    (date(2028, 2, 10), date(2028, 3, 11)),     # a leap year: February has 29 days
    (date(2026, 12, 15), date(2027, 1, 14)),    # across the year
])
def test_confirmation_window_is_thirty_calendar_days(effective, window_end):
    from app.record_views import AgreementView

    view = AgreementView(1, "u", 1, "written", "", "", "", "", "", 3, False, effective, "", effective, None, "", None,
                         None, (), ())
    assert view.jc_window_ends == window_end
