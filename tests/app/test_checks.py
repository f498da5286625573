"""Procedural checks: each rule on real records, and archiving refused until the dossier is complete."""
from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import pytest
from sqlalchemy import text

from app import checks
from app.errors import TransitionRefused
from app.lifecycle import Action, Outcome
from app.services import agreements, disputes, follow_ups, hearings, sessions, transitions
from app.services.case_record import load_case_record
from tests.app.test_transitions import act
from tests.conftest import (TODAY, accept, complete_agreement, complete_record, perform_all_terms, register,
                            signed_case)


def codes_of(db, d, today=TODAY) -> dict[str, str]:
    with db.read() as s:
        return {f.code: f.severity for f in checks.check_case(load_case_record(s, dispute_id=d), today=today)}


def test_complete_case_in_mediation_has_no_findings(db):
    d = register(db)
    accept(db, d)
    complete_record(db, d)
    complete_agreement(db, d)
    assert codes_of(db, d) == {}


def test_session_without_rights_told_or_points_is_reported(db):
    d = register(db)
    accept(db, d)
    with db.write.begin() as s:
        planned = sessions.plan_session(s, dispute_id=d, planned_at=datetime(2026, 11, 22, 9), place="村委会")
        uids = tuple(p.uid for p in disputes.get_dispute(s, dispute_id=d).parties)
        sessions.record_session(s, session_id=planned.id, by=1, now=datetime(2026, 11, 23), record=sessions.SessionRecord(
            held_at=datetime(2026, 11, 22, 9), outcome="continued", parties_present=uids,
            statements={u: "陈述经过" for u in uids}))     # heard, but nothing else of the seven points
    found = codes_of(db, d)
    assert found["P02"] == "error" and found["P03"] == "error"
    with db.read() as s:
        message = next(f.message for f in checks.check_case(load_case_record(s, dispute_id=d), today=TODAY)
                       if f.code == "P03")
    assert "①告知权利义务" in message and "⑦签名" in message and "⑥" not in message


def test_incomplete_agreement_warns_in_mediation(db):
    d = register(db)
    accept(db, d)
    complete_record(db, d)
    with db.write.begin() as s:
        agreements.save_agreement(s, dispute_id=d, draft=agreements.AgreementDraft(facts="x"))
    assert codes_of(db, d)["P06"] == "warning"


def test_limit_passed_without_consent_and_cured_by_extension(db):
    d = register(db, registered_on="2026-10-01")
    view = accept(db, d, on=date(2026, 10, 2))
    complete_record(db, d)
    assert codes_of(db, d)["P08"] == "error"
    assert "P08" not in codes_of(db, d, today=date(2026, 11, 1))
    with db.write.begin() as s:
        transitions.extend_deadline(s, dispute_id=d, new_deadline=date(2026, 12, 31), consent_on=date(2026, 10, 30),
                                    consenting_party_ids=[p.id for p in view.parties], note="双方签字", by=1,
                                    today=TODAY)
    assert "P08" not in codes_of(db, d)


def test_follow_up_performance_and_hearing_deadlines(db):
    d = register(db, registered_on="2026-09-20")
    accept(db, d, on=date(2026, 9, 21))
    complete_record(db, d, held=datetime(2026, 9, 25, 9))
    complete_agreement(db, d, due=date(2026, 10, 8))
    with db.write.begin() as s:
        agreements.sign_agreement(s, dispute_id=d, signed_on=date(2026, 9, 28), signatories="张三、李四",
                                  today=TODAY)
        officer = hearings.add_officer(s, name="钱代表", category="deputy")
        h = hearings.plan_hearing(s, dispute_id=d, planned_at=datetime(2026, 9, 29, 9), place="调解室",
                                  is_public=True, private_reason="", presider_id=1, clerk_id=2,
                                  officer_ids=[officer.id])
        hearings.record_hearing(s, hearing_id=h.id, held_on=date(2026, 9, 29), parties_present=[],
                                others_present=[], record={}, opinions={}, today=TODAY)
    found = codes_of(db, d, today=date(2026, 10, 15))
    assert found["P10"] == "warning" and found["P11"] == "warning" and found["P12"] == "error"
    assert "P11" not in codes_of(db, d, today=date(2026, 10, 14))      # due exactly on 10-14
    assert found.get("P09") is None                        # last deadline 12-20 + 15 days: due 2027-01-04
    assert "P09" not in codes_of(db, d, today=date(2027, 1, 4))
    assert codes_of(db, d, today=date(2027, 1, 5))["P09"] == "warning"


def test_confirmation_of_excluded_matter_is_reported(db):
    d = signed_case(db, signatories="x")
    with db.write.begin() as s:
        s.execute(text("UPDATE agreement SET status_matter = 1, jc_applied_on = '2026-11-23'"))
    assert codes_of(db, d)["P13"] == "error"


def test_settle_needs_a_signed_agreement_of_the_same_form(db):
    d = register(db)
    accept(db, d)
    complete_record(db, d)
    with pytest.raises(TransitionRefused, match="协议"):
        act(db, d, Action.SETTLE, outcome=Outcome.WRITTEN)
    complete_agreement(db, d)
    with db.write.begin() as s:
        agreements.sign_agreement(s, dispute_id=d, signed_on=TODAY, signatories="张三、李四", today=TODAY)
    with pytest.raises(TransitionRefused, match="书面"):
        act(db, d, Action.SETTLE, outcome=Outcome.ORAL)
    assert act(db, d, Action.SETTLE, outcome=Outcome.WRITTEN).outcome == "written"


def test_archiving_refused_with_a_missing_part_and_allowed_once_supplied(db):
    d = register(db)
    accept(db, d)
    first = complete_record(db, d)
    with db.write.begin() as s:                      # the session record loses its signatures
        sessions.record_session(s, session_id=first.id, by=1, now=datetime(2026, 11, 23, 12),
                                record=replace(_record_of(first), signatures={}))
    complete_agreement(db, d, due=TODAY)
    with db.write.begin() as s:
        agreements.sign_agreement(s, dispute_id=d, signed_on=TODAY, signatories="张三、李四", today=TODAY)
    act(db, d, Action.SETTLE, outcome=Outcome.WRITTEN)
    perform_all_terms(db, d)
    act(db, d, Action.PERFORM)
    with pytest.raises(TransitionRefused) as err:
        act(db, d, Action.ARCHIVE)
    assert "P03" in str(err.value) and "⑦签名" in str(err.value)
    with db.write.begin() as s:                      # supplied: the signatures are recorded
        sessions.record_session(s, session_id=first.id, by=1, now=datetime(2026, 11, 23, 12),
                                record=_record_of(first))
        visit = follow_ups.list_follow_ups(s, dispute_id=d)[0]
        follow_ups.record_follow_up(s, follow_up_id=visit.id, visited_on=TODAY, visitor_id=1, persons_visited="张三",
                                    performance="已履行", satisfaction="satisfied", today=TODAY)
    assert act(db, d, Action.ARCHIVE).status == "archived"


def _record_of(view) -> sessions.SessionRecord:
    fields = sessions.SessionRecord.__dataclass_fields__
    return sessions.SessionRecord(**{f: getattr(view, f) for f in fields if hasattr(view, f)})
