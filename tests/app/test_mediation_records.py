"""Sessions, investigations, evidence, hearings: recorded through the services on a real file."""
from __future__ import annotations

from datetime import date, datetime

import pytest

from app.attachments import AttachmentStore
from app.errors import TransitionRefused, ValidationFailed
from app.lifecycle import Status
from app.services import disputes, evidence, hearings, sessions
from tests.conftest import TODAY, accept, complete_record, register


def test_first_recorded_session_starts_mediation_and_keeps_the_seven_points(db):
    d = register(db)
    accept(db, d)
    recorded = complete_record(db, d)
    assert recorded.seq == 1 and recorded.status == "recorded" and recorded.rights_told
    assert recorded.participants == (("刘警官", "社区民警"),)
    with db.read() as s:
        assert disputes.get_dispute(s, dispute_id=d).status == Status.IN_MEDIATION
        assert [x.seq for x in sessions.list_sessions(s, dispute_id=d)] == [1]


def test_sessions_need_an_accepted_case_and_a_coherent_record(db):
    d = register(db)
    with pytest.raises(TransitionRefused):
        with db.write.begin() as s:
            sessions.plan_session(s, dispute_id=d, planned_at=datetime(2026, 11, 22, 9), place="村委会")
    accept(db, d)
    with db.write.begin() as s:
        planned = sessions.plan_session(s, dispute_id=d, planned_at=datetime(2026, 11, 22, 9), place="村委会")
    bad = sessions.SessionRecord(held_at=datetime(2026, 11, 24, 9), outcome="not_agreed")
    with pytest.raises(ValidationFailed) as err:
        with db.write.begin() as s:
            sessions.record_session(s, session_id=planned.id, record=bad, by=1, now=datetime(2026, 11, 23, 12))
    assert {e.key for e in err.value.errors} == {"held_at", "no_agreement_reason", "routes_explained",
                                                  "parties_present"}


def test_staged_mediation_keeps_each_proposal(db):
    d = register(db)
    accept(db, d)
    first = complete_record(db, d, held=datetime(2026, 11, 21, 15))
    with db.write.begin() as s:
        second = sessions.plan_session(s, dispute_id=d, planned_at=datetime(2026, 11, 22, 9), place="现场")
        sessions.record_session(s, session_id=second.id, by=1, now=datetime(2026, 11, 23),
                                record=sessions.SessionRecord(held_at=datetime(2026, 11, 22, 9), outcome="continued",
                                                              proposal="先由李四修复防水再议赔偿",
                                                              parties_present=first.parties_present,
                                                              statements=first.statements))
    with db.read() as s:
        timeline = sessions.list_sessions(s, dispute_id=d)
    assert [x.seq for x in timeline] == [1, 2] and timeline[1].proposal.startswith("先由李四")
    assert first.outcome == "agreed"


def test_investigation_and_evidence_files_are_stored_once_by_content(db, tmp_path):
    d = register(db)
    store = AttachmentStore.beside(db.path)
    photo = tmp_path / "现场照片.jpg"
    photo.write_bytes(b"\xff\xd8 fake jpeg " * 100)
    copy = tmp_path / "copy-of-photo.jpg"
    copy.write_bytes(photo.read_bytes())
    with db.write.begin() as s:
        evidence.add_investigation(s, dispute_id=d, held_at=datetime(2026, 11, 21, 10), place="李四家",
                                   investigator_id=1, record_keeper_id=2, person_questioned="李四",
                                   questions=[("漏水何时开始？", "十月初。")], now=datetime(2026, 11, 23))
        first = evidence.add_evidence(s, dispute_id=d, name="现场照片", kind="audiovisual", pages=2,
                                      provided_by="张三", files=[photo], store=store)
        second = evidence.add_evidence(s, dispute_id=d, name="照片副本", files=[copy], store=store)
    assert first.attachments[0].sha256 == second.attachments[0].sha256
    assert len(list(store.root.rglob("*"))) == 2                # one folder, one file
    with db.read() as s:                                         # read back, as after a restart
        name, data = evidence.attachment_bytes(s, attachment_id=first.attachments[0].id,
                                               store=AttachmentStore.beside(db.path))
        listed = evidence.list_evidence(s, dispute_id=d)
        assert evidence.list_investigations(s, dispute_id=d)[0].questions == (("漏水何时开始？", "十月初。"),)
    assert name == "现场照片.jpg" and data == photo.read_bytes() and [e.position for e in listed] == [1, 2]
    with pytest.raises(ValidationFailed):
        with db.write.begin() as s:
            evidence.add_evidence(s, dispute_id=d, name="", kind="nonsense", files=[tmp_path / "nope"], store=store)


def test_hearing_summary_is_due_seven_working_days_later_across_national_day(db):
    d = register(db, registered_on="2026-09-20")
    accept(db, d, on=date(2026, 9, 21))
    with db.write.begin() as s:
        officer = hearings.add_officer(s, name="赵律师", category="lawyer", phone="13911112222")
        with pytest.raises(ValidationFailed):
            hearings.plan_hearing(s, dispute_id=d, planned_at=datetime(2026, 9, 29, 9), place="调解室",
                                  is_public=False, private_reason="", presider_id=1, clerk_id=2, officer_ids=[])
    with db.write.begin() as s:
        h = hearings.plan_hearing(s, dispute_id=d, planned_at=datetime(2026, 9, 29, 9), place="调解室",
                                  is_public=True, private_reason="", presider_id=1, clerk_id=2,
                                  officer_ids=[officer.id])
        party = disputes.get_dispute(s, dispute_id=d).parties[0]
        hearings.record_notice(s, hearing_id=h.id, party_uid=party.uid, sent_on=date(2026, 9, 25))
        held = hearings.record_hearing(s, hearing_id=h.id, held_on=date(2026, 9, 29), parties_present=[party.uid],
                                       others_present=["村支书"], record={"opening": "宣布开始"},
                                       opinions={officer.id: "建议赔偿"}, today=TODAY)
    assert held.summary_due == date(2026, 10, 14) and held.notices == {party.uid: "2026-09-25"}
    with db.write.begin() as s:
        done = hearings.record_summary(s, hearing_id=h.id, on=date(2026, 10, 9), facts="漏水属实",
                                       views="双方意见", disagreements="赔偿数额", handling="按报价赔偿")
    assert done.summary_on == date(2026, 10, 9)


def test_a_record_without_each_present_partys_statement_or_an_outcome_is_refused(db):
    from app.services import disputes

    d = register(db)
    accept(db, d)
    with db.write.begin() as s:
        planned = sessions.plan_session(s, dispute_id=d, planned_at=datetime(2026, 11, 22, 9), place="村委会")
        uids = [p.uid for p in disputes.get_dispute(s, dispute_id=d).parties]
    half = sessions.SessionRecord(held_at=datetime(2026, 11, 22, 9), parties_present=tuple(uids),
                                  statements={uids[0]: "陈述经过"})
    with pytest.raises(ValidationFailed) as err:
        with db.write.begin() as s:
            sessions.record_session(s, session_id=planned.id, record=half, by=1, now=datetime(2026, 11, 23, 12))
    assert {e.key for e in err.value.errors} == {f"statements.{uids[1]}", "outcome"}
    assert "李四" in str(err.value) and "陈述" in str(err.value)
    with db.read() as s:
        assert sessions.list_sessions(s, dispute_id=d)[0].status == "planned"     # nothing saved
