"""The mediation records of synthetic cases (sessions, investigations, evidence, hearings, agreements,
performance, follow-ups), consistent with each case's path through the lifecycle. Bulk rows for Core."""
from __future__ import annotations

import random
import uuid
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from app.lifecycle import Status
from app.services.agreements import builtin_provisions
from app.workdays import add_workdays
from app.clock import utcnow
from db.models import (Agreement, AgreementCitation, AgreementTerm, Evidence, FollowUp, Hearing, HearingOfficer,
                       Investigation, MediationSession, Nonperformance, RiskReport)

MODELS = (MediationSession, Investigation, Evidence, Hearing, Agreement, AgreementTerm, AgreementCitation, FollowUp,
          Nonperformance, RiskReport)
TOPIC_OF_TYPE = {"01": "婚姻家庭", "02": "相邻关系", "03": "相邻关系", "04": "合同", "05": "合同", "06": "侵权",
                 "09": "侵权", "10": "劳动", "11": "消费", "12": "侵权", "13": "侵权", "14": "合同"}
OFFICERS = (("周代表", "deputy"), ("吴委员", "cppcc"), ("郑律师", "lawyer"), ("王明白", "legal_aide"),
            ("冯村代", "resident_rep"), ("陈老", "elder"))
FOLLOW_UP_DELAY = 15
LATE_DAYS = 6             # what is still undone is late by days, never by months


class RecordBatch:
    """Rows to insert, with ids handed out in advance so that children can point at their parents."""

    def __init__(self, session: Session):
        self.rows = {m: [] for m in MODELS}
        self.next_id = {m: (session.scalar(select(func.max(m.id))) or 0) + 1 for m in MODELS}

    def add(self, model, **values) -> int:
        row_id = self.next_id[model]
        self.next_id[model] += 1
        now = utcnow()
        self.rows[model].append(dict(id=row_id, uid=str(uuid.uuid4()), created_at=now, updated_at=now, revision=1,
                                     deleted_at=None, **values))
        return row_id

    def flush(self, session: Session) -> None:
        for model, rows in self.rows.items():
            if rows:
                session.execute(insert(model.__table__), rows)
            rows.clear()


def ensure_officers(session: Session, station_id: int) -> list[int]:
    existing = list(session.scalars(select(HearingOfficer.id).where(HearingOfficer.active.is_(True))))
    for name, category in OFFICERS[len(existing):]:
        session.add(HearingOfficer(station_id=station_id, name=name, category=category))
    session.flush()
    return list(session.scalars(select(HearingOfficer.id).where(HearingOfficer.active.is_(True))))


def case_records(rng: random.Random, batch: RecordBatch, case: dict, parties: list[dict], days: dict[Status, date],
                 path: list[Status], mediator: int, clerk: int, officers: list[int], today: date) -> None:
    """Queue the records of one case; `days` holds the day each status was reached."""
    start = days.get(Status.IN_MEDIATION)
    if start is None:
        if Status.ACCEPTED in days and case["status"] == Status.ACCEPTED.value:
            # planned a few days after acceptance; one of an older case is this week's (or a day or two late)
            planned = max(days[Status.ACCEPTED] + timedelta(days=rng.randint(1, 10)),
                          today + timedelta(days=rng.randint(-1, 5)))
            _session(batch, case, parties, 1, planned, mediator, clerk, planned=True)
        return
    closed = min(today, case["closed_on"] or today)
    last_outcome = {Status.SETTLED: "agreed", Status.FAILED: "not_agreed"}.get(
        next((s for s in path if s in (Status.SETTLED, Status.FAILED, Status.ENDED)), None), "continued")
    count = rng.choices((1, 2, 3), weights=(60, 30, 10))[0]
    span = max((closed - start).days, 0)
    for n in range(1, count + 1):
        held = start + timedelta(days=span * (n - 1) // count)
        gap = case["status"] == Status.IN_MEDIATION.value and rng.random() < 0.05   # a flaw to find
        _session(batch, case, parties, n, held, mediator, clerk, planned=False, gap=gap, rng=rng,
                 outcome=last_outcome if n == count else "continued")
    if case["status"] == Status.IN_MEDIATION.value and rng.random() < 0.5:
        _session(batch, case, parties, count + 1, today + timedelta(days=rng.randint(-1, 7)), mediator, clerk,
                 planned=True)
    if rng.random() < 0.25:
        _investigation(batch, case, parties, start, mediator, clerk)
    if rng.random() < 0.05 and officers:
        _hearing(rng, batch, case, parties, start, closed, mediator, clerk, officers, today)
    if Status.SETTLED in days:
        _agreement(rng, batch, case, parties, days, today, mediator)


def _at(day: date, hour: int = 9) -> datetime:
    return datetime.combine(day, time(hour, 30))


def _session(batch, case, parties, seq, day, mediator, clerk, *, planned, gap=False, rng=None, outcome=None):
    uids = [p["uid"] for p in parties if p["role"] in ("applicant", "respondent")]
    values = dict(dispute_id=case["id"], seq=seq, planned_at=_at(day), place="村委会调解室", is_public=True,
                  presiding_mediator_id=mediator, record_keeper_id=clerk, co_mediator_ids=[], participants=[],
                  parties_present=[], statements={}, routes_explained=[], signatures={}, notes="",
                  findings_checked="", risks_explained="", terms_reached="", no_agreement_reason="", proposal="",
                  rights_told=False, principles_explained=False, outcome=None, held_at=None, status="planned")
    if not planned:
        values.update(status="recorded", held_at=_at(day), parties_present=uids, rights_told=not gap,
                      principles_explained=True, statements={u: "陈述了纠纷经过及请求。" for u in uids},
                      findings_checked="经核实，双方对基本事实无异议。", risks_explained="告知诉讼的时间与费用成本。",
                      outcome=outcome, participants=[{"name": "网格员", "role": "网格员"}] if seq == 1 else [],
                      signatures={k: True for k in ["mediator", "record_keeper", *uids]})
        if outcome == "agreed":
            values["terms_reached"] = "双方就赔偿数额及履行期限达成一致，详见调解协议。"
        elif outcome == "not_agreed":
            values.update(no_agreement_reason="双方对赔偿数额分歧较大。", routes_explained=["litigation"])
        else:
            values["proposal"] = "双方回去考虑调解方案，下次继续调解。"
    batch.add(MediationSession, **values)


def _investigation(batch, case, parties, start, mediator, clerk):
    batch.add(Investigation, dispute_id=case["id"], held_at=_at(start, 14), place="纠纷现场",
              investigator_id=mediator, record_keeper_id=clerk, person_questioned=parties[-1]["name"],
              questions=[{"q": "请讲一下事情经过。", "a": "情况基本属实。"}])
    for position, (name, kind) in enumerate((("现场照片", "audiovisual"), ("收据复印件", "documentary")), start=1):
        batch.add(Evidence, dispute_id=case["id"], position=position, name=name, source="当事人提供", kind=kind,
                  pages=1, provided_by=parties[0]["name"], received_on=start)


def _hearing(rng, batch, case, parties, start, closed, mediator, clerk, officers, today):
    held = start + timedelta(days=max((closed - start).days // 2, 0))
    chosen = rng.sample(officers, min(3, len(officers)))
    summary_due = add_workdays(held, 7)
    done = summary_due <= today or case["status"] != Status.IN_MEDIATION.value
    batch.add(Hearing, dispute_id=case["id"], status="held", planned_at=_at(held), place="调解中心听证室",
              is_public=True, private_reason="", presider_id=mediator, clerk_id=clerk, officer_ids=chosen,
              parties_present=[p["uid"] for p in parties], others_present=["村民代表"],
              notices={p["uid"]: (held - timedelta(days=3)).isoformat() for p in parties},
              record={"opening": "宣布听证开始。", "statements": "双方陈述。", "evidence": "出示证据并质证。",
                      "final_statements": "双方最后陈述。", "opinions": "听证员发表意见。", "closing": "宣布结束。"},
              opinions={str(o): "建议双方互谅互让，按实际损失赔偿。" for o in chosen}, refusals="", held_on=held,
              summary_due=summary_due, summary_on=min(summary_due, today) if done else None,
              summary_facts="事实清楚。" if done else "", summary_views="双方各执一词。" if done else "",
              summary_disagreements="赔偿数额。" if done else "", summary_handling="建议按评估价赔偿。" if done else "")


OTHER_TERMS = {"apology": "{obligor}向{obligee}当面赔礼道歉", "repair": "{obligor}为{obligee}修复受损设施",
               "no_repeat": "{obligor}保证今后不再妨碍{obligee}正常生产生活"}


def _agreement(rng, batch, case, parties, days, today, mediator):
    signed = days[Status.SETTLED]
    applicant = next(p for p in parties if p["role"] == "applicant")
    respondent = next(p for p in parties if p["role"] == "respondent")
    written = case["outcome"] == "written"
    topic = TOPIC_OF_TYPE.get(case["type_code"], "协议")
    provisions = [p for p in builtin_provisions() if p.topic == topic] or list(builtin_provisions())
    agreement = batch.add(
        Agreement, dispute_id=case["id"], form=case["outcome"], facts=case["facts"],
        matters="赔偿数额及履行方式。" if written else "", responsibilities="被申请人负主要责任。" if written else "",
        findings="经调查核实，纠纷事实清楚。" if written else "",
        fairness="协议内容系双方自愿达成，兼顾双方利益，公平合理。" if written else "",
        copies=len(parties) + 1, status_matter=False, signed_on=signed, signatories="各方当事人",
        effective_on=signed, jc_applied_on=None, jc_court="", jc_result=None, jc_result_on=None)
    if written:
        cite = rng.choice(provisions)
        batch.add(AgreementCitation, agreement_id=agreement, position=1, law=cite.law, article=cite.article,
                  gist=cite.gist)
    performed_day = days.get(Status.PERFORMED)
    unperformed_day = days.get(Status.UNPERFORMED)      # the first term was found unperformed at a visit that day
    last_due = signed
    first_term = None
    # Distinct terms, naming who performs and who receives (never 被申请人向申请人…).
    kinds = ["money"] if case["amount_fen"] else []
    kinds += rng.sample(list(OTHER_TERMS), rng.choice((1, 1, 2)))
    for position, kind in enumerate(kinds[:rng.choice((1, 2, 2, 3))], start=1):
        due = signed + timedelta(days=3 if unperformed_day and position == 1 else rng.randint(3, 40))
        last_due = max(last_due, due)
        money = kind == "money"
        # Terms are performed once due; a few that fell due in the last days are late (they show on the agenda).
        late_ok = 1.0 if (today - due).days > LATE_DAYS else 0.7
        done = performed_day is not None or (due < today and rng.random() < late_ok)
        if unperformed_day and position == 1:
            done = False
        term_id = batch.add(AgreementTerm, agreement_id=agreement, position=position, obligor_uid=respondent["uid"],
                  obligee_uid=applicant["uid"],
                  content=(f"{respondent['name']}向{applicant['name']}支付赔偿款" if money else
                           OTHER_TERMS[kind].format(obligor=respondent["name"], obligee=applicant["name"])),
                  involves_money=money, amount_fen=case["amount_fen"] if money else None,
                  method="银行转账" if money else "当面", place="村委会", due_on=due,
                  performance="performed" if done else "pending",
                  performed_on=min(performed_day or due, due, today) if done else None,
                  performance_note="收条已存档" if done else "")
        first_term = first_term or term_id
    if unperformed_day:
        visit = batch.add(FollowUp, dispute_id=case["id"], due_on=unperformed_day, visited_on=unperformed_day,
                          visitor_id=mediator, persons_visited=applicant["name"], performance="第1项逾期未履行",
                          satisfaction="unsatisfied", escalation_signs="", measures="释明再次调解和起诉两条途径")
        batch.add(Nonperformance, dispute_id=case["id"], follow_up_id=visit, term_id=first_term,
                  found_on=unperformed_day, detail="逾期未履行", options_explained=["mediate_again", "sue"],
                  parties_choice=f"{applicant['name']}表示将向人民法院起诉")
        return
    if performed_day or case["status"] == Status.SETTLED.value:
        due = last_due + timedelta(days=FOLLOW_UP_DELAY)
        # Visits are made when due (a performed case's always); a settled case's that fell due in the last days
        # may still be waiting.
        visited = due <= today and (performed_day is not None or (today - due).days > LATE_DAYS
                                    or rng.random() < 0.7)
        batch.add(FollowUp, dispute_id=case["id"], due_on=due, visited_on=due if visited else None,
                  visitor_id=mediator if visited else None, persons_visited=applicant["name"] if visited else "",
                  performance="已履行完毕" if visited else "", satisfaction="satisfied" if visited else None,
                  escalation_signs="", measures="")
