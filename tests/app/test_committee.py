"""The committee's details, the mediators' profiles, the roster and its teams (诉前调解组), the counts the
Ministry's report takes from them, and session participants chosen from the roster."""
from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import select, text

from app import access
from app.errors import PermissionRefused, ValidationFailed
from app.services import committee, disputes, roster, sessions
from db.models import AuditEntry
from tests.conftest import TODAY, accept, register

HEAD = access.Actor(1, "王调解", "head", 1)
CLERK = access.Actor(2, "李记录", "mediator", 2)


def test_the_head_edits_the_committee_and_names_its_head(db):
    with db.write.begin() as s:
        s.info["actor"] = HEAD
        with pytest.raises(ValidationFailed) as err:
            committee.update_committee(s, name="城关镇医疗纠纷人民调解委员会", kind="professional", field="",
                                       founded_on=date(2030, 1, 1), address="", head_id=None)
        assert {e.key for e in err.value.errors} == {"field", "founded_on"}
        view = committee.update_committee(s, name="城关镇人民调解委员会", kind="township", field="医疗",
                                          founded_on=date(2011, 6, 1), address="城关镇政府一楼", head_id=2)
    assert view.kind == "township" and view.field == "" and view.head_names == ("李记录",)
    with db.read() as s:
        assert committee.get_committee(s).founded_on == date(2011, 6, 1)
        roles = dict(s.execute(text("SELECT name, role FROM mediator")).all())
        assert roles == {"王调解": "mediator", "李记录": "head"}     # one head: the former one steps down
        assert s.scalar(select(AuditEntry.seq).where(AuditEntry.table_name == "station")) is not None


def test_a_mediator_may_not_edit_the_committee_or_the_roster(db):
    with db.write.begin() as s:
        s.info["actor"] = CLERK
        with pytest.raises(PermissionRefused):
            committee.update_committee(s, name="x", kind="village", founded_on=None, address="", head_id=None)
    with pytest.raises(PermissionRefused), db.write.begin() as s:
        s.info["actor"] = CLERK
        roster.add_roster_member(s, name="刘警官", category="police")
    with db.read() as s:
        assert roster.list_roster(s) == []


def test_profiles_and_the_counts_of_the_ministry_report(db):
    with db.write.begin() as s:
        with pytest.raises(ValidationFailed) as err:
            committee.update_profile(s, mediator_id=1, name="王调解", role="head", employment="sometimes",
                                     ethnicity="99", education="phd", gender="x", training_hours="-3")
        assert {e.key for e in err.value.errors} == {"employment", "ethnicity", "education", "gender",
                                                     "training_hours"}
        committee.update_profile(s, mediator_id=1, name="王调解", role="head", employment="full_time",
                                 gender="male", ethnicity="01", education="bachelor", certificate_no="浙调证001",
                                 training_hours="40")
        committee.update_profile(s, mediator_id=2, name="李记录", role="clerk", employment="part_time",
                                 gender="female", ethnicity="03", education="secondary", training_hours=8)
        committee.update_committee(s, name="城关镇人民调解委员会", kind="township", founded_on=None, address="",
                                   head_id=None)
        roster.add_roster_member(s, name="赵网格", category="grid_worker")
        roster.add_roster_member(s, name="钱信息", category="informant")
        roster.add_roster_member(s, name="孙律师", category="lawyer")
        gone = roster.add_roster_member(s, name="周网格", category="grid_worker")
        roster.update_roster_member(s, member_id=gone.id, name="周网格", category="grid_worker", active=False)
    with db.read() as s:
        counts = committee.organisation_counts(s)
    assert counts.committees == 1 and counts.committees_by_kind == {"township": 1}
    assert (counts.mediators, counts.full_time, counts.part_time, counts.women) == (2, 1, 1, 1)
    assert (counts.college_or_above, counts.heads, counts.minority, counts.certified) == (1, 1, 1, 1)
    assert counts.training_hours == 48 and counts.informants == 2
    assert counts.roster_by_category == {"grid_worker": 1, "informant": 1, "lawyer": 1}
    with db.read() as s:
        assert committee.organisation_counts(s, station_codes=("elsewhere",)).mediators == 0


def test_a_presuit_team_lists_mediators_and_roster_members(db):
    with db.write.begin() as s:
        judge = roster.add_roster_member(s, name="吴法官", category="judge", unit="城关人民法庭")
        police = roster.add_roster_member(s, name="刘警官", category="police", title="社区民警")
        with pytest.raises(ValidationFailed) as err:
            roster.save_team(s, name="城关诉前调解组", kind="presuit", members=())
        assert {e.key for e in err.value.errors} == {"partner", "members"}
        team = roster.save_team(s, name="城关诉前调解组", kind="presuit", partner="某某县人民法院",
                                formed_on=date(2025, 3, 1),
                                members=(("mediator", 1, "组长"), ("roster", judge.id, ""), ("roster", police.id, "")))
    assert [(m.name, m.role_text, m.duty) for m in team.members] == [
        ("王调解", "主任", "组长"), ("吴法官", "法官/法院工作人员", ""), ("刘警官", "社区民警", "")]
    with db.write.begin() as s:
        team = roster.save_team(s, team_id=team.id, name="城关诉前调解组", kind="presuit", partner="某某县人民法院",
                                members=(("mediator", 1, "组长"), ("roster", judge.id, "成员")))
    assert [m.name for m in team.members] == ["王调解", "吴法官"] and team.members[1].duty == "成员"
    with db.read() as s:
        assert [t.name for t in roster.list_teams(s)] == ["城关诉前调解组"]
        assert s.scalar(text("SELECT COUNT(*) FROM team_member WHERE deleted_at IS NOT NULL")) == 1


def test_a_joint_session_records_roster_members_by_uid(db):
    d = register(db)
    accept(db, d)
    with db.write.begin() as s:
        police = roster.add_roster_member(s, name="刘警官", category="police", title="社区民警")
        planned = sessions.plan_session(s, dispute_id=d, planned_at=datetime(2026, 11, 22, 9), place="派出所")
        uids = tuple(p.uid for p in disputes.get_dispute(s, dispute_id=d).parties)
        saved = sessions.record_session(s, session_id=planned.id, by=1, now=datetime(2026, 11, 23, 12),
                                        record=sessions.SessionRecord(
                                            held_at=datetime(2026, 11, 22, 9), parties_present=uids,
                                            member_ids=(police.id,), participants=(("王五", "亲属"),),
                                            statements={u: "陈述经过" for u in uids}, outcome="continued"))
    assert saved.participants == (("刘警官", "社区民警"), ("王五", "亲属"))
    assert saved.participant_members == (police.uid, "")
    with db.write.begin() as s:                         # saved again as text, the member stays linked
        again = sessions.record_session(s, session_id=planned.id, by=1, now=datetime(2026, 11, 23, 12),
                                        record=sessions.SessionRecord(held_at=datetime(2026, 11, 22, 9),
                                                                      participants=saved.participants,
                                                                      parties_present=uids,
                                                                      statements={u: "陈述经过" for u in uids},
                                                                      outcome="continued"))
    assert again.participant_members == (police.uid, "")


def test_migration_turns_free_text_participants_into_roster_members(tmp_path):
    from sqlalchemy.orm import sessionmaker

    from db import migrate
    from db.engine import make_engine

    engine = make_engine(tmp_path / "old.sqlite")
    migrate.upgrade(engine, "0011")
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO station (id, uid, name, code, county, case_prefix, created_at, updated_at, "
                          "revision) VALUES (1, 's', '调委会', 'c', '县', '城人', '2026-01-01', '2026-01-01', 1)"))
        conn.execute(text(
            "INSERT INTO dispute (id, uid, station_id, title, type_code, source_code, registered_on, facts, claims, "
            "people_involved, risk_level, risk_criminal, risk_mass_petition, risk_suicide, risk_group_fight, "
            "is_public, status, parties_text, created_at, updated_at, revision) VALUES (1, 'd', 1, '纠纷', '02', "
            "'applied', '2026-01-01', '', '', 2, 'none', 0, 0, 0, 0, 1, 'in_mediation', '', '2026-01-01', "
            "'2026-01-01', 1)"))
        for i, people in ((1, '[{"name": "刘警官", "role": "社区民警"}, {"name": "王五", "role": "亲属"}]'),
                          (2, '[{"name": "刘警官", "role": "社区民警"}]')):
            conn.execute(text(
                "INSERT INTO mediation_session (id, uid, dispute_id, seq, status, planned_at, place, is_public, "
                "co_mediator_ids, parties_present, participants, rights_told, principles_explained, statements, "
                "findings_checked, risks_explained, terms_reached, no_agreement_reason, routes_explained, proposal, "
                "signatures, notes, created_at, updated_at, revision) VALUES (:i, :u, 1, :i, 'recorded', "
                "'2026-01-02 09:00', '', 1, '[]', '[]', :p, 1, 1, '{}', '', '', '', '', '[]', '', '{}', '', "
                "'2026-01-02', '2026-01-02', 1)"), {"i": i, "u": f"s{i}", "p": people})
    migrate.upgrade(engine)
    with sessionmaker(engine)() as s:
        members = s.execute(text("SELECT uid, name, category, title FROM roster_member ORDER BY id")).all()
        assert [(m.name, m.category, m.title) for m in members] == [("刘警官", "police", "社区民警"),
                                                                    ("王五", "other", "亲属")]
        views = sessions.list_sessions(s, dispute_id=1)
        assert views[0].participant_members == (members[0].uid, members[1].uid)
        assert views[1].participant_members == (members[0].uid,) and views[1].participants == (("刘警官", "社区民警"),)
        logged = s.execute(text("SELECT table_name FROM change_log WHERE table_name = 'roster_member'")).all()
        assert len(logged) == 2          # the roster goes to the county with the sessions' new revisions
