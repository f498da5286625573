"""On-the-spot settlement: one transaction from registration to a settled case, or nothing at all."""
from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from app import checks
from app.errors import MediationError
from app.services.case_record import load_case_record
from app.services.quick import QuickSettlement, QuickTerm, settle_on_the_spot
from db.models import Dispute
from tests.conftest import TODAY, make_draft

NOW = datetime(2026, 11, 23, 11, 0)


def settlement(**overrides) -> QuickSettlement:
    base = QuickSettlement(dispute=make_draft(presiding_mediator_id=None, registered_on=""),
                           held_at=datetime(2026, 11, 23, 10, 0), place="集市现场", statement="双方陈述了经过",
                           findings_checked="李四碰倒张三的摊位属实", risks_explained="告知诉讼成本",
                           terms=(QuickTerm("李四赔偿张三损失", obligor=1, obligee=0, amount="200",
                                            due_on=date(2026, 11, 23)),))
    return QuickSettlement(**{**base.__dict__, **overrides})


def test_settles_on_the_spot_with_every_record_in_place(db):
    with db.write.begin() as s:
        view = settle_on_the_spot(s, settlement=settlement(), by=1, now=NOW)
    assert view.status == "settled" and view.outcome == "oral" and view.case_no == "(2026)城人调字第1号"
    assert view.presiding_mediator_name == "王调解" and view.registered_on == TODAY
    with db.read() as s:
        record = load_case_record(s, dispute_id=view.id)
    assert record.agreement.form == "oral" and str(record.agreement.terms[0].amount) == "200.00"
    assert record.sessions[0].status == "recorded" and record.follow_ups
    assert checks.errors(checks.check_case(record, today=TODAY)) == []


def test_any_failure_saves_nothing(db):
    bad = settlement(terms=(QuickTerm("赔偿", obligor=1, amount="abc", due_on=date(2026, 11, 23)),))
    with pytest.raises(MediationError):
        with db.write.begin() as s:
            settle_on_the_spot(s, settlement=bad, by=1, now=NOW)
    no_terms = settlement(terms=())
    with pytest.raises(MediationError, match="协议"):
        with db.write.begin() as s:
            settle_on_the_spot(s, settlement=no_terms, by=1, now=NOW)
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(Dispute)) == 0


def test_a_settlement_without_what_the_parties_said_is_refused_at_its_field(db):
    from app.errors import ValidationFailed

    with pytest.raises(ValidationFailed) as err:
        with db.write.begin() as s:
            settle_on_the_spot(s, settlement=settlement(statement="  "), by=1, now=NOW)
    assert [e.key for e in err.value.errors] == ["statement"] and "陈述" in err.value.errors[0].message
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(Dispute)) == 0
