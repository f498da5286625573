"""Registering, editing and deleting disputes on a real SQLite file."""
from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest
from sqlalchemy import select

from app.drafts import PartyDraft
from app.errors import ConcurrentEdit, NotFound, ValidationFailed
from app.lifecycle import Status
from app.services import disputes, register
from app.services.register import RegisterQuery
from db.models import Dispute, Party
from tests.conftest import ID_A, TODAY, make_draft


def test_register_stores_every_field_exactly(db):
    with db.write.begin() as s:
        view = disputes.register_dispute(s, draft=make_draft(escalations=frozenset({"criminal"})), by=1,
                                         today=TODAY)
    with db.read() as s:
        got = disputes.get_dispute(s, dispute_id=view.id)
    assert got.status == Status.REGISTERED and got.case_no is None
    assert got.amount == Decimal("12000.50")
    assert got.escalations == frozenset({"criminal"})
    assert [p.name for p in got.parties] == ["张三", "李四"]
    applicant = got.parties[0]
    assert applicant.gender == "female" and applicant.birth_date.isoformat() == "1949-12-31"  # from the ID
    assert got.people_involved == 2
    assert got.history[0].to_status == "registered" and got.history[0].by_name == "王调解"
    assert got.uid and got.revision == 1


def test_invalid_draft_lists_every_error_and_saves_nothing(db):
    bad = make_draft(title="", amount="12.345", parties=(
        PartyDraft(name="张三", id_number=ID_A[:-1] + "1", phone="123"),))
    with pytest.raises(ValidationFailed) as err:
        with db.write.begin() as s:
            disputes.register_dispute(s, draft=bad, by=1, today=TODAY)
    keys = {e.key for e in err.value.errors}
    assert keys == {"title", "amount", "parties.0.id_number", "parties.0.phone", "parties"}   # no respondent either
    assert all(e.message for e in err.value.errors)
    with db.read() as s:
        assert s.scalars(select(Dispute)).all() == []
        assert s.scalars(select(Party)).all() == []


def test_birth_date_contradicting_id_is_refused(db):
    bad = make_draft(parties=(PartyDraft(name="张三", id_number=ID_A, birth_date="1950-01-01"),))
    with pytest.raises(ValidationFailed, match="出生日期|birth"):
        with db.write.begin() as s:
            disputes.register_dispute(s, draft=bad, by=1, today=TODAY)


def test_update_changes_parties_increments_revision_and_reindexes(db):
    with db.write.begin() as s:
        view = disputes.register_dispute(s, draft=make_draft(), by=1, today=TODAY)
    first, second = view.parties
    with db.read() as s:
        assert register.count_cases(s, RegisterQuery(search="87654321")) == 1   # the respondent's phone
    edited = make_draft(parties=(
        replace(PartyDraft(role="applicant", name="张三丰", id_number=ID_A), uid=first.uid),
        PartyDraft(role="respondent", kind="organisation", name="城北物业服务有限公司",
                   credit_code="91350100M000100Y43")))
    with db.write.begin() as s:
        updated = disputes.update_dispute(s, dispute_id=view.id, draft=edited, expected_revision=view.revision,
                                          today=TODAY)
    assert updated.revision == view.revision + 1
    assert [p.name for p in updated.parties] == ["张三丰", "城北物业服务有限公司"]
    assert updated.parties[0].uid == first.uid            # same person, edited in place
    with db.read() as s:
        assert s.get(Party, second.id).deleted_at is not None   # soft-deleted, not gone
        assert register.count_cases(s, RegisterQuery(search="87654321")) == 0
        assert register.count_cases(s, RegisterQuery(search="张三丰")) == 1
        assert register.count_cases(s, RegisterQuery(search="城北物业")) == 1


def test_update_with_stale_revision_is_refused(db):
    with db.write.begin() as s:
        view = disputes.register_dispute(s, draft=make_draft(), by=1, today=TODAY)
    with db.write.begin() as s:
        disputes.update_dispute(s, dispute_id=view.id, draft=make_draft(title="改"), expected_revision=1,
                                today=TODAY)
    with pytest.raises(ConcurrentEdit):
        with db.write.begin() as s:
            disputes.update_dispute(s, dispute_id=view.id, draft=make_draft(title="再改"), expected_revision=1,
                                    today=TODAY)
    with db.read() as s:
        assert disputes.get_dispute(s, dispute_id=view.id).title == "改"


def test_soft_delete_hides_and_restore_brings_back(db):
    with db.write.begin() as s:
        view = disputes.register_dispute(s, draft=make_draft(), by=1, today=TODAY)
    with db.write.begin() as s:
        disputes.delete_dispute(s, dispute_id=view.id)
    with db.read() as s:
        assert register.count_cases(s, RegisterQuery()) == 0
        assert register.count_cases(s, RegisterQuery(search="张三")) == 0
        with pytest.raises(NotFound):
            disputes.get_dispute(s, dispute_id=view.id)
        assert s.get(Dispute, view.id) is not None
    with db.write.begin() as s:
        disputes.restore_dispute(s, dispute_id=view.id)
    with db.read() as s:
        assert register.count_cases(s, RegisterQuery(search="张三")) == 1


def test_a_case_without_a_respondent_needs_a_stated_reason_and_is_then_accepted(db):
    from tests.conftest import accept

    lonely = make_draft(parties=make_draft().parties[:1])
    with pytest.raises(ValidationFailed) as err:
        with db.write.begin() as s:
            disputes.register_dispute(s, draft=lonely, by=1, today=TODAY)
    assert [e.key for e in err.value.errors] == ["parties"] and "原因" in err.value.errors[0].message
    with db.write.begin() as s:
        view = disputes.register_dispute(s, draft=replace(lonely, sides_reason="主动调解：村民小组土地纠纷"), by=1,
                                         today=TODAY)
    assert view.sides_reason == "主动调解：村民小组土地纠纷" and view.history[0].reason == view.sides_reason
    assert accept(db, view.id).case_no                         # the reason stands in for the missing side
    with db.write.begin() as s:                                # a respondent found later: the reason goes
        current = disputes.get_dispute(s, dispute_id=view.id)
        edited = disputes.update_dispute(s, dispute_id=view.id, draft=make_draft(), expected_revision=current.revision,
                                         today=TODAY)
    assert edited.sides_reason == ""


def test_a_party_named_with_digits_is_refused_by_the_service(db):
    bad = make_draft(parties=(PartyDraft(role="applicant", name=ID_A), PartyDraft(role="respondent", name="李四")))
    with pytest.raises(ValidationFailed) as err:
        with db.write.begin() as s:
            disputes.register_dispute(s, draft=bad, by=1, today=TODAY)
    assert [e.key for e in err.value.errors] == ["parties.0.name"] and "身份证号" in err.value.errors[0].message
