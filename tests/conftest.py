"""Shared fixtures: a real SQLite file per test at the current schema, with a station set up."""
from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before any Qt import (pytest-qt imports Qt early)
import ui.qt_compat  # noqa: E402,F401  (as in the app: protects None from a PySide6 refcount bug)

from dataclasses import dataclass, replace  # noqa: E402
from pathlib import Path  # noqa: E402
from datetime import date, datetime  # noqa: E402

import pytest  # noqa: E402
from sqlalchemy.orm import Session, sessionmaker  # noqa: E402

from app import i18n  # noqa: E402
from app.drafts import DisputeDraft, PartyDraft  # noqa: E402

TODAY = date(2026, 11, 23)
# Valid GB 11643 numbers (the standard's own example first).
ID_A = "11010519491231002X"
ID_B = "110105199001011232"


@dataclass
class Db:
    path: object
    engine: object
    read: sessionmaker[Session]
    write: sessionmaker[Session]


def pytest_configure(config):
    # As in the app (ui/gc_guard.py): no automatic collection, which could run in a worker thread and
    # destroy Qt widgets there; the fixture below collects on the main thread after each test.
    import gc

    gc.disable()


# The frozen clock of every test: a Monday morning in Beijing (app/clock.py; never the machine's clock).
FROZEN_AT = datetime(2026, 11, 23, 10, 0)


@pytest.fixture(autouse=True)
def frozen_clock():
    """The one clock, stopped at FROZEN_AT station time; a test may move it with clock.freeze/advance."""
    from app import clock

    clock.freeze(FROZEN_AT)
    yield clock
    clock.freeze(None)


@pytest.fixture(autouse=True)
def _isolated(tmp_path, monkeypatch):
    """No test touches the real user data folder or the developer's language choice."""
    monkeypatch.setenv("MEDIATION_STATION_DATA", str(tmp_path / "userdata"))
    monkeypatch.delenv("MEDIATION_STATION_DB", raising=False)
    monkeypatch.delenv("MEDIATION_STATION_LANG", raising=False)
    from app import codes
    codes.load.cache_clear()
    i18n.install("zh_CN")
    yield
    codes.load.cache_clear()
    i18n.install("zh_CN")
    import gc

    gc.collect(1)   # this test's garbage is young; a full collection after every test doubles the run


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory):
    """An empty database brought to the current schema once; each test gets a copy of the file."""
    from app.database import open_database

    path = tmp_path_factory.mktemp("template") / "template.sqlite"
    engine, _read, _write = open_database(path)
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")   # everything in the main file
    engine.dispose()
    return path


@pytest.fixture
def empty_db(tmp_path, migrated_template) -> Db:
    import shutil

    from app.database import open_database

    path = tmp_path / "station.sqlite"
    shutil.copyfile(migrated_template, path)
    engine, read, write = open_database(path)
    yield Db(path, engine, read, write)
    engine.dispose()


@pytest.fixture
def db(empty_db) -> Db:
    from app.services import mediators, stations

    with empty_db.write.begin() as s:
        stations.init_station(s, name="城关镇人民调解委员会", code="330101001", county="某某县",
                              case_prefix="城人", mediator_name="王调解", mediator_phone="13900001111")
        mediators.add_mediator(s, name="李记录", role="clerk")
    return empty_db


CLI_USER, CLI_PASSWORD = "王调解", "station pw 2026"


@pytest.fixture
def cli_env(monkeypatch):
    """The command line logs in as 王调解 (the head that `init --mediator 王调解` makes) with CLI_PASSWORD."""
    monkeypatch.setenv("MEDIATION_STATION_USER", CLI_USER)
    monkeypatch.setenv("MEDIATION_STATION_PASSWORD", CLI_PASSWORD)


@pytest.fixture
def head_login(db, cli_env) -> Db:
    """The `db` station with an account for its head, as the command line logs in."""
    from app.services import accounts

    with db.write.begin() as s:
        accounts.add_account(s, name=CLI_USER, role="head", password=CLI_PASSWORD)
    return db


def make_draft(**overrides) -> DisputeDraft:
    base = DisputeDraft(
        title="张三与李四邻里纠纷", type_code="02", source_code="applied", registered_on="2026-11-20",
        facts="李四家卫生间漏水导致张三家天花板受损，双方就维修费用发生争执。", claims="要求赔偿维修费。",
        amount="12,000.50", people_involved="", risk_level="yellow", presiding_mediator_id=1,
        parties=(PartyDraft(role="applicant", name="张三", id_number=ID_A, phone="13812345678"),
                 PartyDraft(role="respondent", name="李四", id_number=ID_B, phone="0571-87654321")))
    return replace(base, **overrides)


def register(db: Db, **overrides) -> int:
    from app.services import disputes

    with db.write.begin() as s:
        return disputes.register_dispute(s, draft=make_draft(**overrides), by=1, today=TODAY).id


def register_one_sided(db: Db) -> int:
    """A case with an applicant only and no reason on record, as an old register's import may bring (the form
    and the services no longer register one)."""
    from sqlalchemy import update

    from db.models import StatusChange

    dispute_id = register(db, parties=make_draft().parties[:1], sides_reason="主动调解")
    with db.write.begin() as s:
        s.execute(update(StatusChange).where(StatusChange.dispute_id == dispute_id).values(reason=None))
    return dispute_id


def accept(db: Db, dispute_id: int, on: date = date(2026, 11, 21)):
    from app.lifecycle import Action, ActionRequest
    from app.services import transitions

    with db.write.begin() as s:
        return transitions.apply_action(s, dispute_id=dispute_id, request=ActionRequest(Action.ACCEPT, on),
                                        by=1, today=TODAY)


def complete_record(db: Db, dispute_id: int, held: datetime | None = None):
    """Plan and record a session showing all seven points (the case moves to 调解中)."""
    from app.services import disputes, sessions

    held = held or datetime(2026, 11, 22, 9, 30)
    with db.write.begin() as s:
        view = disputes.get_dispute(s, dispute_id=dispute_id)
        planned = sessions.plan_session(s, dispute_id=dispute_id, planned_at=held, place="村委会调解室")
        uids = tuple(p.uid for p in view.parties)
        record = sessions.SessionRecord(
            held_at=held, presiding_mediator_id=1, record_keeper_id=2, parties_present=uids,
            participants=(("刘警官", "社区民警"),), rights_told=True, principles_explained=True,
            statements={u: "陈述了事实经过" for u in uids}, findings_checked="双方确认漏水属实。",
            risks_explained="告知诉讼成本与周期。", outcome="agreed", terms_reached="李四赔偿维修费。",
            signatures={"mediator": True, "record_keeper": True, **{u: True for u in uids}})
        return sessions.record_session(s, session_id=planned.id, record=record, by=1,
                                       now=datetime(2026, 11, 23, 12, 0))


def signed_case(db: Db, signatories: str = "张三、李四") -> int:
    """A registered, accepted case with a complete session record and a signed written agreement."""
    from app.services import agreements

    d = register(db)
    accept(db, d)
    complete_record(db, d)
    complete_agreement(db, d)
    with db.write.begin() as s:
        agreements.sign_agreement(s, dispute_id=d, signed_on=TODAY, signatories=signatories, today=TODAY)
    return d


def complete_agreement(db: Db, dispute_id: int, *, form: str = "written", due: date | None = None):
    """Write a complete agreement with two terms and a citation (not yet signed)."""
    from app.record_views import CitationView
    from app.services import agreements, disputes

    with db.write.begin() as s:
        view = disputes.get_dispute(s, dispute_id=dispute_id)
        applicant, respondent = view.parties_in("applicant")[0], view.parties_in("respondent")[0]
        draft = agreements.AgreementDraft(
            form=form, facts="李四家卫生间漏水导致张三家天花板受损。", matters="维修费用的承担。",
            responsibilities="李四负全部责任。", findings="经现场查看，漏水点位于李四家卫生间。",
            fairness="赔偿数额按实际维修报价确定，双方认可。",
            terms=(agreements.TermDraft(content="李四赔偿张三维修费", obligor_uid=respondent.uid,
                                        obligee_uid=applicant.uid, involves_money=True, amount="3500.50",
                                        method="微信转账", place="城关镇", due_on=due or date(2026, 12, 10)),
                   agreements.TermDraft(content="李四修复卫生间防水层", obligor_uid=respondent.uid,
                                        obligee_uid=applicant.uid, method="请专业人员施工", place="李四家",
                                        due_on=date(2026, 12, 20))),
            citations=(CitationView("中华人民共和国民法典", "第二百九十六条", "避免对相邻权利人造成损害。"),))
        return agreements.save_agreement(s, dispute_id=dispute_id, draft=draft)


def full_case_record(db: Db) -> int:
    """A signed case with an investigation, evidence, a hearing held and summarised, a term performed, a
    follow-up visit and a judicial-confirmation application."""
    from app.attachments import AttachmentStore
    from app.services import agreements, disputes, evidence, follow_ups, hearings

    d = signed_case(db)
    quote = Path(db.path).parent / "维修报价单.txt"
    quote.write_text("维修报价：3500.50元", encoding="utf-8")
    with db.write.begin() as s:
        evidence.add_investigation(s, dispute_id=d, held_at=datetime(2026, 11, 21, 10), place="李四家",
                                   investigator_id=1, record_keeper_id=2, person_questioned="李四",
                                   questions=[("漏水何时开始？", "十月初。")], now=datetime(2026, 11, 23))
        evidence.add_evidence(s, dispute_id=d, name="维修报价单", kind="documentary", pages=3, provided_by="张三",
                              received_on=date(2026, 11, 21), store=AttachmentStore.beside(db.path),
                              files=[quote])
        officer = hearings.add_officer(s, name="赵律师", category="lawyer", phone="13911112222")
        h = hearings.plan_hearing(s, dispute_id=d, planned_at=datetime(2026, 11, 22, 14), place="村委会会议室",
                                  is_public=True, private_reason="", presider_id=1, clerk_id=2,
                                  officer_ids=[officer.id])
        uids = [p.uid for p in disputes.get_dispute(s, dispute_id=d).parties]
        hearings.record_notice(s, hearing_id=h.id, party_uid=uids[0], sent_on=date(2026, 11, 21))
        hearings.record_hearing(s, hearing_id=h.id, held_on=date(2026, 11, 22), parties_present=uids,
                                others_present=["村支书"], record={"opening": "宣布听证开始", "statements": "双方陈述"},
                                opinions={officer.id: "建议按报价赔偿"}, refusals="", today=TODAY)
        hearings.record_summary(s, hearing_id=h.id, on=TODAY, facts="漏水属实", views="双方意见",
                                disagreements="赔偿数额", handling="按报价赔偿")
        term = agreements.get_agreement(s, dispute_id=d).terms[0]
        agreements.record_performance(s, term_id=term.id, performance="performed", on=TODAY, note="转账凭证",
                                      today=TODAY)
        visit = follow_ups.list_follow_ups(s, dispute_id=d)[0]
        follow_ups.record_follow_up(s, follow_up_id=visit.id, visited_on=TODAY, visitor_id=1, persons_visited="张三",
                                    performance="维修费已付", satisfaction="satisfied", today=TODAY)
        agreements.apply_for_confirmation(s, dispute_id=d, applied_on=TODAY, court="城关人民法庭")
    return d


def perform_all_terms(db: Db, dispute_id: int, note: str = "转账凭证") -> None:
    """Every term of the agreement recorded performed today with its evidence (what 履行完毕 needs)."""
    from app.services import agreements

    with db.write.begin() as s:
        for term in agreements.get_agreement(s, dispute_id=dispute_id).terms:
            agreements.record_performance(s, term_id=term.id, performance="performed", on=TODAY, note=note,
                                          today=TODAY)


def mark_performed_as_before(db: Db, dispute_id: int) -> None:
    """已履行 set the way the app allowed before 履行完毕 asked for every term's evidence: the case's status and its
    history only (a database written by an older version)."""
    from db.models import Dispute, StatusChange

    with db.write.begin() as s:
        row = s.get(Dispute, dispute_id)
        s.add(StatusChange(dispute_id=dispute_id, from_status=row.status, to_status="performed", on_date=TODAY,
                           by_mediator_id=2))
        row.status = "performed"


def act(db: Db, dispute_id: int, action, **kw):
    """One lifecycle action on TODAY, by the clerk (mediator 2)."""
    from app.lifecycle import ActionRequest
    from app.services import transitions

    with db.write.begin() as s:
        return transitions.apply_action(s, dispute_id=dispute_id, request=ActionRequest(
            action, kw.pop("on", TODAY), **kw), by=2, today=TODAY)


def closed_case(db: Db, how: str, *, archived: bool = False, **overrides) -> int:
    """A case closed without a written agreement: "declined", "referred", "failed", "ended" or "oral" (settled
    by a signed oral agreement and performed); archived afterwards if asked."""
    from app.lifecycle import Action, Outcome
    from app.services import agreements, follow_ups

    d = register(db, **overrides)
    if how == "declined":
        act(db, d, Action.DECLINE, reason="该纠纷已向人民法院起诉")
    elif how == "referred":
        act(db, d, Action.REFER, referral_target="城关派出所", reason="涉嫌治安案件")
    else:
        accept(db, d)
        complete_record(db, d)
        if how == "failed":
            act(db, d, Action.FAIL, reason="双方对赔偿数额分歧过大", routes=("litigation", "administrative"))
        elif how == "ended":
            act(db, d, Action.END, reason="申请人撤回调解申请")
        else:
            complete_agreement(db, d, form="oral", due=TODAY)
            with db.write.begin() as s:
                agreements.sign_agreement(s, dispute_id=d, signed_on=TODAY, signatories="张三、李四", today=TODAY)
                for term in agreements.get_agreement(s, dispute_id=d).terms:
                    agreements.record_performance(s, term_id=term.id, performance="performed", on=TODAY,
                                                  note="当面履行", today=TODAY)
                visit = follow_ups.list_follow_ups(s, dispute_id=d)[0]
                follow_ups.record_follow_up(s, follow_up_id=visit.id, visited_on=TODAY, visitor_id=1,
                                            persons_visited="张三", performance="已履行", satisfaction="satisfied",
                                            today=TODAY)
            act(db, d, Action.SETTLE, outcome=Outcome.ORAL)
            act(db, d, Action.PERFORM)
    if archived:
        act(db, d, Action.ARCHIVE)
    return d


def crowded_case(db: Db) -> int:
    """20 parties (organisations with their representatives, an agent, long addresses), 22 investigations, paper
    evidence and 25 recorded sessions: a dossier of more than 50 documents."""
    from datetime import timedelta

    from app.attachments import AttachmentStore
    from app.services import disputes, evidence, sessions

    parties = []
    for i in range(20):
        role = "applicant" if i < 10 else "respondent"
        if i % 5 == 4:
            parties.append(PartyDraft(role=role, kind="organisation", name=f"城关第{i}建筑工程有限责任公司",
                                      credit_code="91350100M000100Y43", legal_representative=f"钱{'一二三四五六七八九十'[i % 10]}{'甲乙'[i // 10]}",
                                      address="某某省某某市某某县城关镇人民路" + "一百二十三号" * 4,
                                      phone="0571-87654321"))
        else:
            parties.append(PartyDraft(role=role, name=f"张{'三四五六七八九十'[i % 8]}{'甲乙丙'[i // 8]}", id_number=ID_A,
                                      phone="13812345678", address="某某县城关镇幸福村" + "第三村民小组" * 3,
                                      agent_name="赵律师" if i == 1 else "",
                                      agent_authority="特别授权" if i == 1 else ""))
    d = register(db, parties=tuple(parties), registered_on="2026-10-01")
    accept(db, d, on=date(2026, 10, 2))
    with db.write.begin() as s:
        uids = tuple(p.uid for p in disputes.get_dispute(s, dispute_id=d).parties)
        start = datetime(2026, 10, 3, 9)
        for n in range(22):
            evidence.add_investigation(s, dispute_id=d, held_at=start + timedelta(days=n), place="村委会",
                                       investigator_id=1, record_keeper_id=2, person_questioned=f"证人{n}",
                                       questions=[("事情经过？", "见到漏水。")], now=datetime(2026, 11, 23))
        evidence.add_evidence(s, dispute_id=d, name="维修报价单", pages=3, store=AttachmentStore.beside(db.path))
        for n in range(25):
            held = start + timedelta(days=n, hours=5)
            planned = sessions.plan_session(s, dispute_id=d, planned_at=held, place="村委会调解室")
            sessions.record_session(s, session_id=planned.id, by=1, now=datetime(2026, 11, 23, 12),
                                    record=sessions.SessionRecord(
                                        held_at=held, presiding_mediator_id=1, record_keeper_id=2,
                                        parties_present=uids, rights_told=True, principles_explained=True,
                                        statements={u: "陈述了事实经过" for u in uids}, findings_checked="属实。",
                                        risks_explained="告知诉讼风险。", outcome="continued",
                                        signatures={"mediator": True, **{u: True for u in uids}}))
    return d


def station_work_record(db: Db) -> int:
    """The station's work beyond a case: a village with a grid, a screening visit whose finding became a red
    case (reported to the police, referred in from the court and out), a grid worker's report and a dispute
    prevented. Returns the red case."""
    from app.services import places, prevention, referrals, risks, screenings

    with db.write.begin() as s:
        village = places.add_place(s, name="城东村")
        grid = places.add_grid(s, place_id=village.id, name="一网格")
        visit = screenings.add_screening(s, visited_on=TODAY, place_id=village.id, grid_id=grid.id, mediator_ids=[1, 2],
                                         others="网格员赵六", notes="走访十二户", findings=[screenings.FindingDraft(
                                             "两户因宅基地界址争执，扬言动手", "03", 6, "red")])
        report = screenings.add_info_report(s, reporter="赵六", reporter_role="grid_worker", reported_on=TODAY,
                                            content="宅基地界址争执", place_id=village.id, grid_id=grid.id)
        prevention.add_prevented(s, on_date=TODAY, type_code="01", people_involved=3, how="上门劝解",
                                 place_id=village.id, grid_id=grid.id, mediator_ids=[2])
    case = register(db, title="宅基地界址纠纷", type_code="03", source_code="court", risk_level="red",
                    escalations=frozenset({"group_fight"}), people_involved="6", people_at_risk="4",
                    place_id=village.id, grid_id=grid.id, parties=(PartyDraft(role="applicant", name="王五"),
                                                                   PartyDraft(role="respondent", name="赵七")))
    with db.write.begin() as s:
        screenings.link_finding(s, finding_id=visit.findings[0].id, dispute_id=case)
        screenings.link_report(s, report_id=report.id, dispute_id=case)
        risks.add_risk_report(s, dispute_id=case, reported_to="police_station", recipient="城关派出所",
                              reported_at=datetime(2026, 11, 23, 9, 0), method="phone", content="扬言械斗", by=1)
        court = referrals.add_referral(s, dispute_id=case, direction="court", court_kind="assigned",
                                       body="城关人民法庭", letter_no="（2026）浙0101诉前调1号", on_date=TODAY,
                                       due_on="2026-12-23")
        referrals.record_result(s, referral_id=court.id, result="正在调解", result_on=TODAY)
        referrals.add_referral(s, dispute_id=case, direction="out", body="县劳动仲裁院", on_date=TODAY)
    return case
