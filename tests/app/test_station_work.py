"""排查, 预防, places, risk reports and referrals: saved, shown, checked, linked to cases, on the agenda, filtered
and grouped."""
from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from app import access, clock
from app.access import Actor
from app.errors import PermissionRefused, ValidationFailed
from app.services import (agenda, disputes, places, prevention, referrals, risks, screenings, statistics,
                          transitions)
from app.services.register import RegisterQuery, count_cases, fetch_page
from app.services.screenings import FindingDraft
from tests.conftest import TODAY, accept, make_draft, register, station_work_record

MEDIATOR = Actor(None, "李记录", "mediator", mediator_id=2)


def setup_places(db) -> tuple[int, int, int]:
    """城东村 with grids 一网格 and 二网格, and 南街社区: (village, its first grid, community)."""
    with db.write.begin() as s:
        village = places.add_place(s, name="城东村")
        grid = places.add_grid(s, place_id=village.id, name="一网格")
        places.add_grid(s, place_id=village.id, name="二网格")
        community = places.add_place(s, name="南街社区", kind="community")
    return village.id, grid.id, community.id


def items(db, kind: str, on: date = TODAY) -> list:
    with db.read() as s:
        return [i for i in agenda.agenda(s, on=on) if i.kind == kind]


def test_places_are_the_heads_list_and_a_grid_belongs_to_its_village(db):
    village, grid, community = setup_places(db)
    with db.read() as s:
        found = places.list_places(s)
        assert [(p.name, p.kind, [g.name for g in p.grids]) for p in found] == [
            ("城东村", "village", ["一网格", "二网格"]), ("南街社区", "community", [])]
        with pytest.raises(ValidationFailed, match="南街社区"):
            places.check_place(s, place_id=community, grid_id=grid)
        assert places.find_place(s, "城东村/一网格") == (village, grid)
    with db.write.begin() as s, pytest.raises(ValidationFailed, match="城东村"):
        places.add_place(s, name="城东村")
    with pytest.raises(PermissionRefused):
        access.perform(db.write, MEDIATOR, lambda s: places.add_place(s, name="西山村"))
    with db.read() as s:
        assert len(places.list_places(s)) == 2


def test_a_screening_visit_with_its_findings_is_saved_and_listed(db):
    village, grid, _c = setup_places(db)
    view = access.perform(db.write, MEDIATOR, lambda s: screenings.add_screening(
        s, visited_on="2026-11-20", place_id=village, grid_id=grid, mediator_ids=[1, 2], others="网格员赵六",
        notes="走访十二户", findings=[FindingDraft("两户因排水沟争执", "02", 3, "yellow"),
                                  FindingDraft("土地承包边界不清", "07", "5", "none", "prevented")]))
    assert view.place == "城东村" and view.grid == "一网格" and view.mediators == ("王调解", "李记录")
    assert [(f.type_code, f.people_involved, f.risk_level, f.handling) for f in view.findings] == [
        ("02", 3, "yellow", "watch"), ("07", 5, "none", "prevented")]
    with db.read() as s:
        [listed] = screenings.list_screenings(s, place_id=village)
        assert listed == view
        assert screenings.list_screenings(s, date_to=date(2026, 11, 19)) == []


def test_a_bad_screening_names_every_field_and_saves_nothing(db):
    village, _grid, community = setup_places(db)
    with db.write.begin() as s, pytest.raises(ValidationFailed) as failed:
        screenings.add_screening(s, visited_on="2026-12-01", place_id=None, mediator_ids=[],
                                 findings=[FindingDraft("", "XX", "-1", "purple")], today=TODAY)
    keys = {e.key for e in failed.value.errors}
    assert {"visited_on", "place_id", "mediator_ids", "findings.0.summary", "findings.0.type_code",
            "findings.0.people_involved", "findings.0.risk_level"} <= keys
    with db.read() as s:
        assert screenings.list_screenings(s) == []


def test_a_finding_becomes_a_case_prefilled_and_linked(db):
    village, grid, _c = setup_places(db)
    with db.write.begin() as s:
        view = screenings.add_screening(s, visited_on=TODAY, place_id=village, grid_id=grid, mediator_ids=[1],
                                        findings=[FindingDraft("王家与赵家因宅基地界址争执\n已多次口角", "03", 4, "orange")])
        draft = screenings.finding_draft(s, finding_id=view.findings[0].id)
    assert (draft.title, draft.type_code, draft.source_code, draft.place_id, draft.grid_id, draft.risk_level,
            draft.people_involved) == ("王家与赵家因宅基地界址争执", "03", "initiative", village, grid, "orange", 4)
    case = register(db, title=draft.title, type_code=draft.type_code, source_code=draft.source_code,
                    place_id=draft.place_id, grid_id=draft.grid_id, risk_level=draft.risk_level)
    with db.write.begin() as s:
        linked = screenings.link_finding(s, finding_id=view.findings[0].id, dispute_id=case)
        assert linked.dispute_id == case and linked.handling == "case"
        shown = disputes.get_dispute(s, dispute_id=case)
        [origin] = screenings.origins(s, dispute_id=case)
        assert TODAY.isoformat() in origin and "城东村" in origin
    with db.read() as s:
        from db.models import Dispute
        row = s.get(Dispute, case)
        assert (row.place_id, row.grid_id) == (village, grid) and shown.title == draft.title


def test_a_report_of_a_grid_worker_is_saved_and_becomes_a_case(db):
    village, grid, _c = setup_places(db)
    with db.write.begin() as s:
        report = screenings.add_info_report(s, reporter="赵六", reporter_role="grid_worker", reported_on=TODAY,
                                            content="三户村民因修路占地争吵", place_id=village, grid_id=grid,
                                            location="村东头")
        draft = screenings.report_draft(s, report_id=report.id)
    assert draft.facts == "三户村民因修路占地争吵（村东头）" and draft.place_id == village
    case = register(db, title="修路占地纠纷", place_id=village, grid_id=grid)
    with db.write.begin() as s:
        assert screenings.link_report(s, report_id=report.id, dispute_id=case).case_no is None
        [listed] = screenings.list_info_reports(s)
        assert listed.dispute_id == case and listed.reporter == "赵六"
        assert "赵六" in screenings.origins(s, dispute_id=case)[0]
    with db.write.begin() as s, pytest.raises(ValidationFailed) as failed:
        screenings.add_info_report(s, reporter="", reporter_role="boss", reported_on="2027-01-01", content="")
    assert {e.key for e in failed.value.errors} == {"reporter", "reporter_role", "reported_on", "content"}


def test_disputes_prevented_are_registered_with_place_type_people_and_who(db):
    village, grid, _c = setup_places(db)
    view = access.perform(db.write, MEDIATOR, lambda s: prevention.add_prevented(
        s, on_date="2026-11-22", type_code="01", people_involved="4", how="上门做双方工作，化解赡养矛盾",
        place_id=village, grid_id=grid, mediator_ids=[2], others="村支书"))
    assert (view.place, view.grid, view.type_code, view.people_involved, view.mediators, view.others) == (
        "城东村", "一网格", "01", 4, ("李记录",), "村支书")
    with db.read() as s:
        assert prevention.list_prevented(s, date_from=TODAY) == []
        assert prevention.list_prevented(s, place_id=village) == [view]
    with db.write.begin() as s, pytest.raises(ValidationFailed) as failed:
        prevention.add_prevented(s, on_date=TODAY, type_code="01", people_involved=0, how=" ", place_id=None)
    assert {e.key for e in failed.value.errors} == {"people_involved", "how", "mediator_ids", "place_id"}


def test_each_village_is_due_for_screening_at_the_set_interval(db):
    village, _grid, community = setup_places(db)
    assert {i.title for i in items(db, "screening")} == {"城东村", "南街社区"}        # never screened: due now
    with db.write.begin() as s:
        screenings.add_screening(s, visited_on=date(2026, 10, 31), place_id=village, mediator_ids=[1])
        screenings.add_screening(s, visited_on=TODAY, place_id=community, mediator_ids=[1])
    [due] = items(db, "screening")
    assert (due.title, due.due_on, due.dispute_id, due.bucket(TODAY)) == ("城东村", date(2026, 11, 30), None, "week")
    with db.write.begin() as s:
        places.set_screening_interval(s, days=14)
    [due] = items(db, "screening")
    assert due.due_on == date(2026, 11, 14) and due.bucket(TODAY) == "overdue"
    with db.write.begin() as s:
        screenings.add_screening(s, visited_on=TODAY, place_id=village, mediator_ids=[2])
        places.set_active(s, place_id=community, active=False)
    assert items(db, "screening") == []
    assert items(db, "screening", on=TODAY + timedelta(days=10))[0].title == "城东村"


def test_an_orange_or_red_case_stays_on_the_agenda_until_reported(db):
    red = register(db, title="宅基地纠纷可能激化", risk_level="red", escalations=frozenset({"group_fight"}),
                   people_involved="6", people_at_risk="4")
    register(db, title="普通邻里纠纷", risk_level="yellow")
    [item] = items(db, "risk_report")
    assert (item.dispute_id, item.detail, item.bucket(TODAY)) == (red, "红", "overdue")
    with db.write.begin() as s:
        report = risks.add_risk_report(s, dispute_id=red, reported_to="police_station", recipient="城关派出所",
                                       reported_at=datetime(2026, 11, 23, 9, 0), method="phone", content="双方扬言械斗",
                                       by=1)
    assert items(db, "risk_report") == []
    with db.write.begin() as s:
        replied = risks.record_reply(s, report_id=report.id, reply="已派民警到场", reply_on=TODAY)
        assert (replied.reply, replied.reply_on, replied.risk_level, replied.by_name) == (
            "已派民警到场", TODAY, "red", "王调解")
        assert [r.id for r in risks.list_risk_reports(s, dispute_id=red)] == [report.id]
    yellow = register(db, title="另一件", risk_level="yellow")
    with db.write.begin() as s, pytest.raises(ValidationFailed) as failed:
        risks.add_risk_report(s, dispute_id=yellow, reported_to="nowhere", method="phone",
                              reported_at=datetime(2026, 11, 24, 9, 0))
    assert {e.key for e in failed.value.errors} == {"risk_level", "reported_to", "reported_at"}


def test_escalations_prevented_count_the_people_actually_at_risk(db):
    from app.lifecycle import Action, ActionRequest, Outcome
    from tests.conftest import complete_agreement, complete_record
    from app.services import agreements

    case = register(db, risk_level="red", escalations=frozenset({"criminal", "group_fight"}), people_involved="10",
                    people_at_risk="3")
    accept(db, case)
    complete_record(db, case)
    complete_agreement(db, case)
    with db.write.begin() as s:
        agreements.sign_agreement(s, dispute_id=case, signed_on=TODAY, signatories="张三、李四", today=TODAY)
        transitions.apply_action(s, dispute_id=case, request=ActionRequest(Action.SETTLE, TODAY,
                                                                            outcome=Outcome.WRITTEN), by=1, today=TODAY)
    with db.read() as s:
        found = risks.escalations_prevented(s, start=date(2026, 11, 1), end=date(2026, 11, 30))
    assert found["criminal"] == {"cases": 1, "people": 3} and found["group_fight"] == {"cases": 1, "people": 3}
    assert found["suicide"] == {"cases": 0, "people": 0}
    with pytest.raises(ValidationFailed, match="10"):
        register(db, people_involved="10", people_at_risk="11")
    with pytest.raises(ValidationFailed, match="（2）"):               # not counted: the two parties are involved
        register(db, people_involved="", people_at_risk="3")


def test_referrals_in_from_the_court_and_police_and_out_with_feedback_due(db):
    case = register(db, source_code="court")
    with db.write.begin() as s:
        court = referrals.add_referral(s, dispute_id=case, direction="court", court_kind="assigned",
                                       body="城关人民法庭", letter_no="(2026)浙0101诉前调1号", on_date="2026-11-20",
                                       due_on="2026-11-27")
        police = referrals.add_referral(s, dispute_id=case, direction="police", body="城关派出所",
                                        letter_no="110-20261120-0007", on_date="2026-11-20")
        out = referrals.add_referral(s, dispute_id=case, direction="out", body="县劳动仲裁院", on_date=TODAY,
                                     due_on="2026-11-25", note="涉及劳动关系部分")
    assert out.stage == "registered" and court.court_kind == "assigned" and police.due_on is None
    due = items(db, "referral")
    assert [(i.due_on, i.detail) for i in due] == [(date(2026, 11, 25), "县劳动仲裁院"),
                                                   (date(2026, 11, 27), "城关人民法庭")]
    with db.write.begin() as s:
        referrals.record_result(s, referral_id=court.id, result="调解成功，已达成协议", result_on=TODAY)
        referrals.record_result(s, referral_id=out.id, result="已受理", result_on=TODAY)
    assert items(db, "referral") == []
    accept(db, case)
    from app.lifecycle import Action, ActionRequest
    with db.write.begin() as s:
        transitions.apply_action(s, dispute_id=case, request=ActionRequest(Action.END, TODAY, reason="申请人撤回"),
                                 by=1, today=TODAY)
    [police_due] = items(db, "referral")               # the police wait for the feedback once the case is closed
    assert police_due.detail == "城关派出所"
    with db.write.begin() as s, pytest.raises(ValidationFailed) as failed:
        referrals.add_referral(s, dispute_id=case, direction="court", body="城关人民法庭", on_date=TODAY)
    assert {e.key for e in failed.value.errors} == {"court_kind", "letter_no", "due_on"}


def test_the_register_filters_by_place_and_risk_and_statistics_group_by_place(db):
    village, grid, community = setup_places(db)
    a = register(db, title="城东一网格的", place_id=village, grid_id=grid, risk_level="red")
    b = register(db, title="城东的", place_id=village)
    register(db, title="南街的", place_id=community, risk_level="red")
    register(db, title="无村的")
    with db.read() as s:
        assert {r.id for r in fetch_page(s, RegisterQuery(place_id=village), offset=0, limit=10)} == {a, b}
        assert [r.id for r in fetch_page(s, RegisterQuery(place_id=village, grid_id=grid), offset=0, limit=10)] == [a]
        assert count_cases(s, RegisterQuery(place_id=village, risk_level="red")) == 1
        report = statistics.compute(s, statistics.Period.parse("2026-11"), by="place")
    by_label = {r.label: r.values["registered"] for r in report.rows}
    assert by_label == {"城东村": 2, "南街社区": 1, "（未填村/社区）": 1}
    assert report.total.values["registered"] == 4
    with db.write.begin() as s, pytest.raises(ValidationFailed) as failed:
        disputes.register_dispute(s, draft=make_draft(place_id=community, grid_id=grid), by=1, today=TODAY)
    assert {e.key for e in failed.value.errors} == {"grid_id"}


def test_a_mediator_reports_only_on_cases_assigned_to_them_and_every_record_is_on_the_trail(db):
    from sqlalchemy import select

    from db.models import AuditEntry

    theirs = register(db, risk_level="orange", presiding_mediator_id=2)
    others = register(db, risk_level="orange", presiding_mediator_id=1)
    at = datetime(2026, 11, 23, 9, 0)
    access.perform(db.write, MEDIATOR, lambda s: risks.add_risk_report(
        s, dispute_id=theirs, reported_to="judicial_office", reported_at=at, method="in_person", by=2))
    with pytest.raises(PermissionRefused):
        access.perform(db.write, MEDIATOR, lambda s: referrals.add_referral(
            s, dispute_id=others, direction="out", body="县信访局", on_date=TODAY))
    with db.read() as s:
        assert risks.list_risk_reports(s, dispute_id=others) == [] and referrals.list_referrals(s, dispute_id=others) == []
        tables = set(s.scalars(select(AuditEntry.table_name)))
    assert "risk_report" in tables


def test_the_screening_and_prevention_counts_of_a_period(db):
    station_work_record(db)
    with db.write.begin() as s:
        screenings.add_screening(s, visited_on=date(2026, 10, 30), place_id=1, mediator_ids=[1],
                                 findings=[FindingDraft("上月的", "02")])
    with db.read() as s:
        november = prevention.work_counts(s, start=date(2026, 11, 1), end=date(2026, 11, 30))
        october = prevention.work_counts(s, start=date(2026, 10, 1), end=date(2026, 10, 31))
    assert november == {"screenings": 1, "found": 1, "reports": 1, "prevented": 1, "prevented_people": 3}
    assert october == {"screenings": 1, "found": 1, "reports": 0, "prevented": 0, "prevented_people": 0}


def test_unreported_risk_and_late_feedback_make_a_case_overdue_but_a_village_never_does(db):
    setup_places(db)                                            # two villages never screened: due, not cases
    red = register(db, title="红色未报告", risk_level="red", registered_on="2026-11-20")
    late = register(db, title="法院期限已过")
    with db.write.begin() as s:
        referrals.add_referral(s, dispute_id=late, direction="court", court_kind="entrusted", body="城关人民法庭",
                               letter_no="（2026）浙0101民初1号", on_date="2026-11-01", due_on="2026-11-20")
    with db.read() as s:
        items = agenda.agenda(s, on=TODAY)
        summary = agenda.overdue_summary(s, on=TODAY, items=items)
        overdue_ids = {r.id for r in fetch_page(s, RegisterQuery(overdue_only=True), offset=0, limit=50)}
        header = agenda.overdue_items_of(s, dispute_id=red, on=TODAY)
    assert overdue_ids == {red, late} and summary.cases == 2 and summary.items == 2
    assert [i.kind for i in header] == ["risk_report"]
    assert {i.title for i in items if i.kind == "screening"} == {"城东村", "南街社区"}
