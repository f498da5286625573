"""A fixed station holding every kind of record the Ministry's report counts, built through the services, with
the figures a person counts from it by hand for November 2026."""
from __future__ import annotations

import csv
from datetime import date
from decimal import Decimal
from pathlib import Path

from tests.app.station_month import fixed_station
from tests.conftest import (ID_A, ID_B, TODAY, Db, accept, act, complete_agreement, complete_record,
                            mark_performed_as_before, register, station_work_record)


def _settle(db: Db, dispute_id: int, form: str) -> None:
    """Accept (21 Nov), record a session, sign an agreement of one 3,500.50 yuan term (and one without money) on
    23 Nov and close the case as settled."""
    from app.lifecycle import Action, Outcome
    from app.services import agreements

    accept(db, dispute_id)
    complete_record(db, dispute_id)
    complete_agreement(db, dispute_id, form=form)
    with db.write.begin() as s:
        agreements.sign_agreement(s, dispute_id=dispute_id, signed_on=TODAY, signatories="张三、李四", today=TODAY)
    act(db, dispute_id, Action.SETTLE, outcome=Outcome(form))


def _people(db: Db) -> None:
    """The committee (乡镇), three mediators and the roster: two of its 信息员/网格员 active, one no longer."""
    from app.services import committee, mediators, roster

    with db.write.begin() as s:
        committee.update_committee(s, name="城关镇人民调解委员会", kind="township", founded_on=date(2011, 6, 1),
                                   address="城关镇政府一楼", head_id=1)
        committee.update_profile(s, mediator_id=1, name="王调解", role="head", employment="full_time",
                                 gender="male", ethnicity="01", education="bachelor")
        committee.update_profile(s, mediator_id=2, name="李记录", role="clerk", employment="part_time",
                                 gender="female", ethnicity="01", education="secondary")
        third = mediators.add_mediator(s, name="张调解")
        committee.update_profile(s, mediator_id=third.id, name="张调解", role="mediator", employment="part_time",
                                 gender="female", ethnicity="03", education="college")
        roster.add_roster_member(s, name="赵网格", category="grid_worker")
        roster.add_roster_member(s, name="钱信息", category="informant")
        roster.add_roster_member(s, name="孙律师", category="lawyer")
        gone = roster.add_roster_member(s, name="周网格", category="grid_worker")
        roster.update_roster_member(s, member_id=gone.id, name="周网格", category="grid_worker", active=False)


def _screening_and_prevention(db: Db) -> None:
    """Besides station_work_record's: a November visit that found two disputes and one dispute prevented, and the
    same in October (not counted in November)."""
    from app.services import places, prevention, screenings

    with db.write.begin() as s:
        village = places.add_place(s, name="城西村")
        for day in (date(2026, 11, 10), date(2026, 10, 10)):
            screenings.add_screening(s, visited_on=day, place_id=village.id, mediator_ids=[1], findings=[
                screenings.FindingDraft("两户因排水沟争执", "02", 4), screenings.FindingDraft("赡养费争议", "01", 3)])
            prevention.add_prevented(s, on_date=day, type_code="02", people_involved=2, how="上门劝解",
                                     place_id=village.id, mediator_ids=[1])


IMPORT_HEADERS = ["登记日期", "纠纷类型", "案件来源", "事由", "纠纷事实", "申请人", "申请人身份证号", "申请人电话",
                  "被申请人", "被申请人身份证号", "被申请人电话", "涉及金额", "涉及人数", "状态", "结案日期", "调解结果",
                  "协议金额", "协议形式"]


def _imported(db: Db, folder: Path) -> None:
    """The old register: a marriage case handed over by the police, settled orally on 10 November for 16,499.50
    yuan (4 people); a damages case settled in writing on 12 November and marked performed (no terms, no amount);
    and a case settled in October (not counted in November)."""
    from app.services import importer

    base = ["漏水。", "周八", ID_A, "", "吴九", ID_B, "", "30000"]
    rows = [["2026-11-05", "婚姻家庭", "公安机关移交", "赡养纠纷", *base, "4", "调解成功", "2026-11-10", "调解成功",
             "16,499.50", "口头"],
            ["2026-11-06", "损害赔偿", "当事人申请", "赔偿纠纷", *base, "", "已履行", "2026-11-12", "调解成功", "", "书面"],
            ["2026-10-06", "邻里", "当事人申请", "十月旧案", *base, "", "调解成功", "2026-10-12", "调解成功", "900",
             "口头"]]
    path = folder / "旧台账.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerows([IMPORT_HEADERS, *rows])
    with db.write.begin() as s:
        report = importer.import_register(s, path=path, today=TODAY)
    assert report.ok and report.imported == 3, report.errors


def ministry_station(db: Db, folder: Path) -> dict[str, int]:
    """Every kind of record, through the services (see HAND for what November holds)."""
    from app.services import agreements, disputes

    cases = fixed_station(db)                     # d1 written, d2 failed, d3 oral (performed), d4 October, d5 ended
    with db.write.begin() as s:                    # d1: judicially confirmed; marked performed without evidence
        agreements.apply_for_confirmation(s, dispute_id=cases["d1"], applied_on=TODAY, court="城关人民法庭")
        agreements.record_confirmation_result(s, dispute_id=cases["d1"], result="confirmed", on=TODAY)
    mark_performed_as_before(db, cases["d1"])
    red = station_work_record(db)                  # the red case (宅基地, from the court): 6 involved, 4 at risk
    _settle(db, red, "written")
    watched = register(db, title="损害赔偿纠纷", type_code="06", source_code="initiative", people_involved="3",
                       people_at_risk="1", risk_level="orange", escalations=frozenset({"criminal", "suicide"}))
    _settle(db, watched, "oral")
    gone = register(db, title="登记错误的案件", type_code="07")     # settled, then deleted: counts nowhere
    _settle(db, gone, "oral")
    with db.write.begin() as s:
        disputes.delete_dispute(s, dispute_id=gone)
    _people(db)
    _screening_and_prevention(db)
    _imported(db, folder)
    return {**cases, "red": red, "watched": watched}


# Counted by hand for November 2026.
# 受理: d1, d2, d3, d5 (邻里, applied), the red case (宅基地, court), the watched one (损害赔偿, initiative), the
# two imported (婚姻家庭 from the police, 损害赔偿 applied): 8. Settled: d1, d3, red, watched, both imported: 6;
# failed d2, ended d5. Written: d1, red, imported damages; oral: d3, watched, imported marriage.
# Agreed: four agreements of 3,500.50 (d1, d3, red, watched) + 16,499.50 imported = 30,501.50 yuan = 3.05 万元
# (the 12,000.50 claimed in each case, and the imported cases' 30,000 claimed, are not agreed amounts).
# People of the concluded: d1, d2, d3, d5 two each, red 6, watched 3, imported 4 and 2 (its parties): 23.
# Performed: d3 (its terms performed with evidence) and the imported damages case (the register's mark); not
# d1, marked performed without any term performed. Confirmed: d1.
HAND = {
    "committees": 1, "committees:township": 1, "committees:village": 0, "committees:community": 0,
    "committees:subdistrict": 0, "committees:enterprise": 0, "committees:professional": 0,
    "mediators": 3, "full_time": 1, "part_time": 2, "women": 2, "college_or_above": 2, "heads": 1, "informants": 2,
    "screenings": 2, "found": 3, "prevented": 2,
    "accepted": 8, "settled": 6, "failed": 1, "ended": 1, "success_rate": Decimal("75.0"),
    "source:initiative": 1, "source:applied": 5, "source:entrusted": 2, "source:initiative:share": Decimal("12.5"),
    "source:applied:share": Decimal("62.5"), "source:entrusted:share": Decimal("25.0"),
    "written": 3, "oral": 3, "agreed_wan": Decimal("3.05"), "people": 23, "performed": 2, "confirmed": 1,
    "escalation:criminal": 1, "escalation:criminal:people": 1, "escalation:mass_petition": 0,
    "escalation:mass_petition:people": 0, "escalation:suicide": 1, "escalation:suicide:people": 1,
    "escalation:group_fight": 1, "escalation:group_fight:people": 4,
}
# 纠纷类型: (受理, 调解成功, 调解不成, 终止) of each type with anything; every other type is all zeros.
HAND_TYPES = {"婚姻家庭": (1, 1, 0, 0), "邻里": (4, 2, 1, 1), "房屋宅基地": (1, 1, 0, 0), "损害赔偿": (2, 2, 0, 0)}
