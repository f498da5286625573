"""Realistic synthetic cases for newcomers and benchmarks (`mediation-station demo --cases N`).

Bulk work goes through SQLAlchemy Core (the ORM's add_all is ~10x slower); everything happens in the
caller's single transaction, so a cancelled run leaves nothing behind.
"""
from __future__ import annotations

import json
import random
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from app import access, audit, codes, search_index, search_text
from app.errors import Cancelled, MediationError
from app.i18n import _
from app.lifecycle import Status, deadline_for
from app.services import demo_records, settings
from app.resources import resource
from app.services.stations import get_station
from app.services.transitions import format_case_no
from app.validation import id_check_char, uscc_check_char
from app.clock import utcnow
from app import clock
from db.models import CaseCounter, Dispute, Mediator, Party, RiskReport, StatusChange

TEMPLATES = resource("demo", "demo.json")
CHUNK = 2000
MEDIATOR_NAMES = ("李建国", "张秀英", "王德明", "刘玉兰", "陈志强", "赵桂芳")
# Path through the lifecycle that ends in each status (archived cases come from any closed route).
_PATHS = {
    Status.REGISTERED: [], Status.ACCEPTED: [Status.ACCEPTED], Status.DECLINED: [Status.DECLINED],
    Status.REFERRED: [Status.REFERRED], Status.IN_MEDIATION: [Status.ACCEPTED, Status.IN_MEDIATION],
    Status.SETTLED: [Status.ACCEPTED, Status.IN_MEDIATION, Status.SETTLED],
    Status.FAILED: [Status.ACCEPTED, Status.IN_MEDIATION, Status.FAILED],
    Status.ENDED: [Status.ACCEPTED, Status.IN_MEDIATION, Status.ENDED],
    Status.PERFORMED: [Status.ACCEPTED, Status.IN_MEDIATION, Status.SETTLED, Status.PERFORMED],
    Status.UNPERFORMED: [Status.ACCEPTED, Status.IN_MEDIATION, Status.SETTLED, Status.UNPERFORMED],
}
_STATUS_WEIGHTS = {Status.REGISTERED: 1, Status.ACCEPTED: 4, Status.DECLINED: 3, Status.REFERRED: 3,
                   Status.IN_MEDIATION: 8, Status.SETTLED: 18, Status.FAILED: 8, Status.ENDED: 4,
                   Status.PERFORMED: 24, Status.UNPERFORMED: 2, Status.ARCHIVED: 24}


@dataclass(frozen=True)
class DemoResult:
    cases: int
    parties: int


class _Maker:
    """Random but valid people, numbers and stories, from resources/demo/demo.json."""

    def __init__(self, rng: random.Random, today: date):
        self.rng, self.today = rng, today
        self.t = json.loads(TEMPLATES.read_text(encoding="utf-8"))

    def name(self) -> str:
        r = self.rng
        given = r.choice(self.t["given"]) if r.random() < 0.45 else r.choice(self.t["given"]) + r.choice(
            self.t["given"])
        return r.choice(self.t["surnames"]) + given[:2]

    def id_number(self, born: date, male: bool) -> str:
        seq = self.rng.randrange(0, 100) * 10 + self.rng.choice((1, 3, 5, 7, 9) if male else (0, 2, 4, 6, 8))
        first17 = f"{self.rng.choice(self.t['regions'])}{born:%Y%m%d}{seq:03d}"
        return first17 + id_check_char(first17)

    def credit_code(self) -> str:
        first17 = "91" + "".join(self.rng.choice("0123456789") for _ in range(15))
        return first17 + uscc_check_char(first17)

    def phone(self) -> str:
        return self.rng.choice(("138", "139", "150", "151", "186", "187", "135", "177")) + \
            f"{self.rng.randrange(10**8):08d}"

    def person(self, role: str) -> dict:
        r = self.rng
        born = date(r.randint(1940, 2004), r.randint(1, 12), r.randint(1, 28))
        male = r.random() < 0.55
        return dict(role=role, kind="person", name=self.name(), gender="male" if male else "female",
                    ethnicity="01" if r.random() < 0.9 else r.choice(codes.ethnic_groups().codes[:56]).code,
                    birth_date=born, occupation=r.choice(self.t["occupations"]),
                    address=f"某某县某某镇{r.choice(self.t['villages'])}{r.randint(1, 99)}号",
                    phone=self.phone(), id_number=self.id_number(born, male))

    def organisation(self, role: str) -> dict:
        return dict(role=role, kind="organisation", name=self.rng.choice(self.t["companies"]).replace(
            "某某", self.rng.choice(self.t["villages"])[:2]), credit_code=self.credit_code(),
            legal_representative=self.name(), address="某某县工业园区", phone=self.phone())

    def facts(self, type_code: str, a: str, b: str, amount: int) -> str:
        template = self.rng.choice(self.t["facts"].get(type_code, self.t["facts"]["99"]))
        return template.format(a=a, b=b, amount=f"{amount:,}", village=self.rng.choice(self.t["villages"]),
                               month=f"{self.rng.randint(1, 12)}月")


def _ensure_mediators(session: Session, station_id: int) -> list[int]:
    ids = list(session.scalars(select(Mediator.id).where(Mediator.active.is_(True))))
    for name in MEDIATOR_NAMES[len(ids):]:
        session.add(Mediator(station_id=station_id, name=name, role="mediator"))
    session.flush()
    return list(session.scalars(select(Mediator.id).where(Mediator.active.is_(True))))


# How many days before today a case in each status was registered, so that the register looks like a station
# at work on the clock's today: open cases from the last month (a few past their one-month limit by days),
# settled ones awaiting performance from the last two months, closed ones over the last year or two.
_AGE_DAYS = {Status.REGISTERED: (0, 4), Status.ACCEPTED: (0, 30), Status.IN_MEDIATION: (3, 30),
             Status.SETTLED: (10, 60), Status.DECLINED: (3, 300), Status.REFERRED: (3, 300),
             Status.FAILED: (20, 365), Status.ENDED: (20, 365), Status.PERFORMED: (45, 365),
             Status.UNPERFORMED: (60, 365),
             Status.ARCHIVED: (90, 730)}
LATE_SHARE = 0.08          # open cases a few days past their limit


def _age(rng: random.Random, status: Status) -> int:
    if status in (Status.ACCEPTED, Status.IN_MEDIATION) and rng.random() < LATE_SHARE:
        return rng.randint(33, 38)
    low, high = _AGE_DAYS[status]
    return rng.randint(low, high)


def _registration_dates(rng: random.Random, n: int, today: date) -> Iterator[tuple[date, Status]]:
    """Statuses by realistic weights, each registered at an age that fits it (see _AGE_DAYS)."""
    statuses = list(_STATUS_WEIGHTS)
    picks = [statuses[i % len(statuses)] if i < len(statuses) else
             rng.choices(statuses, weights=list(_STATUS_WEIGHTS.values()))[0] for i in range(n)]
    dated = [(today - timedelta(days=_age(rng, s)), s) for s in picks]
    dated.sort(key=lambda x: x[0])
    yield from dated


DEMO_CASES = "demo.cases"


def generate(session: Session, *, cases: int, seed: int = 1, today: date | None = None,
             progress: Callable[[int, int], None] | None = None,
             is_cancelled: Callable[[], bool] | None = None) -> DemoResult:
    """Add `cases` synthetic disputes (all types, sources, statuses and risk levels) to the station: the head's
    act, on a register holding no real case, and on the audit trail (the rows go in through Core for speed)."""
    access.require(access.actor_of(session), "demo")
    already = session.scalar(select(func.count()).select_from(Dispute)) or 0
    if already > int(settings.get(session, DEMO_CASES) or 0):
        raise MediationError(_("This database holds real cases: demo data would mix with them. Make a separate "
                               "database for training (--db)."))
    today = today or clock.today()
    rng, station = random.Random(seed), get_station(session)
    maker, mediators = _Maker(rng, today), _ensure_mediators(session, station.id)
    types, sources = [c.code for c in codes.dispute_types().codes], [c.code for c in codes.case_sources().codes]
    risks = [c.code for c in codes.risk_levels().codes]
    counters = dict(session.execute(select(CaseCounter.year, CaseCounter.last_seq)
                                    .where(CaseCounter.station_id == station.id)).all())
    next_id = (session.scalar(select(func.max(Dispute.id))) or 0) + 1
    parties_total, batch = 0, _Batch(session)
    officers = demo_records.ensure_officers(session, station.id)
    for i, (registered, status) in enumerate(_registration_dates(rng, cases, today)):
        parties_total += _case_rows(maker, batch, next_id + i, i, registered, status, types[i % len(types)],
                          sources[i % len(sources)], risks[i % len(risks)] if i < 8 else
                          rng.choices(risks, weights=(70, 18, 8, 4))[0], rng.choice(mediators),
                          station, counters, today, officers)
        if len(batch.disputes) >= CHUNK or i == cases - 1:
            if is_cancelled and is_cancelled():
                raise Cancelled(_("Cancelled; no demo cases were added."))
            batch.flush(session)
            if progress:
                progress(i + 1, cases)
    _save_counters(session, station.id, counters)
    settings.put(session, DEMO_CASES, str(already + cases))
    audit.append(session, "demo", detail={"cases": cases, "seed": seed})
    return DemoResult(cases=cases, parties=parties_total)


class _Batch:
    def __init__(self, session: Session):
        self.disputes: list[dict] = []
        self.parties: list[dict] = []
        self.changes: list[dict] = []
        self.search: list[dict] = []
        self.records = demo_records.RecordBatch(session)

    def flush(self, session: Session) -> None:
        for model, rows in ((Dispute, self.disputes), (Party, self.parties), (StatusChange, self.changes)):
            if rows:
                session.execute(insert(model.__table__), rows)
            rows.clear()
        if self.search and session.get_bind().dialect.name == "sqlite":
            session.execute(search_index.insert_statement(), self.search)
        self.search.clear()
        self.records.flush(session)


def _case_rows(maker: _Maker, batch: _Batch, dispute_id: int, i: int, registered: date, status: Status,
               type_code: str, source: str, risk: str, mediator: int, station, counters: dict,
               today: date, officers: list[int]) -> int:
    """Queue one case with its parties, history and index text; returns the number of parties."""
    rng, now = maker.rng, utcnow()
    parties = [maker.person("applicant")]
    parties.append(maker.organisation("respondent") if type_code in ("04", "10", "11", "14", "15") and
                   rng.random() < 0.5 else maker.person("respondent"))
    for _extra in range(rng.choices((0, 1, 2), weights=(70, 22, 8))[0]):
        parties.append(maker.person(rng.choice(("applicant", "respondent", "third_party"))))
    for p in parties:
        p["uid"] = str(uuid.uuid4())
    amount = rng.choice((0, rng.randint(5, 2000) * 100, rng.randint(1, 50000) * 10))
    applicants = [p["name"] for p in parties if p["role"] == "applicant"]
    respondents = [p["name"] for p in parties if p["role"] == "respondent"]
    title = f"{applicants[0]}与{respondents[0]}{codes.dispute_types().get(type_code).zh}纠纷"
    facts = maker.facts(type_code, applicants[0], respondents[0], amount // 100 or 3000)
    path = _PATHS[status] if status in _PATHS else rng.choice(
        [_PATHS[Status.PERFORMED], _PATHS[Status.FAILED], _PATHS[Status.DECLINED], _PATHS[Status.ENDED]]) + [
        Status.ARCHIVED]
    row = dict(id=dispute_id, uid=str(uuid.uuid4()), created_at=now, updated_at=now, revision=1,
               station_id=station.id, title=title, type_code=type_code, source_code=source,
               registered_on=registered, presiding_mediator_id=mediator, facts=facts,
               claims=rng.choice(maker.t["claims"]), amount_fen=amount or None,
               people_involved=len(parties) + (rng.randint(5, 60) if risk == "red" else 0), risk_level=risk,
               risk_criminal=risk in ("orange", "red") and rng.random() < 0.3,
               risk_mass_petition=risk == "red" and rng.random() < 0.4,
               risk_suicide=risk == "red" and rng.random() < 0.15,
               risk_group_fight=risk == "red" and rng.random() < 0.1, is_public=rng.random() < 0.8,
               status=status.value, parties_text="", case_no=None, case_year=None, case_seq=None,
               accepted_on=None, deadline=None, closed_on=None, outcome=None, routes_explained=None,
               referral_target=None, decline_reason=None, end_reason=None, import_key=None, deleted_at=None,
               search_key=search_text.register_key(registered, dispute_id))
    row["parties_text"] = f"{'、'.join(applicants)} / {'、'.join(respondents)}"
    if risk in ("orange", "red"):            # reported the day it was registered, as a station at work does
        row["people_at_risk"] = rng.randint(1, row["people_involved"])
        batch.records.add(RiskReport, dispute_id=dispute_id, risk_level=risk, method="phone",
                          reported_to=rng.choice(("judicial_office", "police_station", "comprehensive_center")),
                          recipient="", reported_at=datetime.combine(registered, time(9, 30)),
                          content="双方情绪激动，有激化可能。", reply="", reply_on=None, by_mediator_id=mediator)
    days = _walk(rng, maker.t, row, path, registered, today, station, counters, batch, mediator)
    demo_records.case_records(rng, batch.records, row, parties, days, path, mediator, clerk=mediator,
                              officers=officers, today=today)
    for pos, p in enumerate(parties):
        batch.parties.append(dict(_PARTY_DEFAULTS, **p, id=None, created_at=now,
                                  updated_at=now, revision=1, dispute_id=dispute_id, position=pos))
    batch.disputes.append(row)
    batch.search.append({"id": row["search_key"], "body": search_text.document(
        [row["case_no"], title, *(v for p in parties for v in search_text.party_values(p)),
         facts, row["claims"]])})
    return len(parties)


_PARTY_DEFAULTS = dict(gender=None, ethnicity=None, birth_date=None, occupation=None, address=None, phone=None,
                       id_number=None, credit_code=None, legal_representative=None, agent_name=None,
                       agent_phone=None, agent_id_number=None, agent_authority=None, deleted_at=None)


def _walk(rng, t: dict, row: dict, path: list[Status], registered: date, today: date, station,
          counters: dict, batch: _Batch, mediator: int) -> dict[Status, date]:
    """Fill the dates and outcome fields along the path, write its status history, and return the day each
    status was reached."""
    now, day = utcnow(), registered
    changes = [(None, Status.REGISTERED, registered, None)]
    for step in path:
        day = min(today, day + timedelta(days=rng.randint(0, 2) if step == Status.ACCEPTED else
                                         rng.randint(10, 30) if step == Status.UNPERFORMED else rng.randint(1, 20)))
        if row["accepted_on"] and step in (Status.IN_MEDIATION, Status.SETTLED, Status.FAILED, Status.ENDED):
            day = min(day, row["accepted_on"] + timedelta(days=28))   # concluded within the month
        reason = None
        if step == Status.ACCEPTED:
            seq = counters[day.year] = counters.get(day.year, 0) + 1
            row.update(case_no=format_case_no(day.year, station.case_prefix, seq), case_year=day.year,
                       case_seq=seq, accepted_on=day, deadline=deadline_for(day))
        elif step == Status.DECLINED:
            reason = row["decline_reason"] = rng.choice(t["decline_reasons"])
        elif step == Status.REFERRED:
            reason = row["referral_target"] = rng.choice(t["referral_targets"])
        elif step == Status.SETTLED:
            row["outcome"] = "written" if rng.random() < 0.7 else "oral"
        elif step == Status.FAILED:
            row["routes_explained"] = ",".join(rng.sample(["litigation", "arbitration", "administrative"],
                                                          rng.randint(1, 3)))
        elif step == Status.ENDED:
            reason = row["end_reason"] = rng.choice(t["end_reasons"])
        if step in (Status.DECLINED, Status.REFERRED, Status.SETTLED, Status.FAILED, Status.ENDED):
            row["closed_on"] = day
        changes.append((changes[-1][1], step, day, reason))
    for from_s, to_s, on, reason in changes:
        batch.changes.append(dict(id=None, uid=str(uuid.uuid4()), created_at=now, updated_at=now, revision=1,
                                  deleted_at=None, dispute_id=row["id"], from_status=from_s and from_s.value,
                                  to_status=to_s.value, on_date=on, at=min(_recorded_at(on), now),
                                  by_mediator_id=mediator,
                                  reason=reason))
    return {to_s: on for _from, to_s, on, _reason in changes}


def _recorded_at(day: date) -> datetime:
    """When a step of that day was entered (the 历程 shows it): 09:30 in Beijing, stored as naive UTC."""
    return datetime.combine(day, time(9, 30), tzinfo=clock.STATION_TZ).astimezone(timezone.utc).replace(tzinfo=None)


def _save_counters(session: Session, station_id: int, counters: dict[int, int]) -> None:
    for year, last in counters.items():
        row = session.get(CaseCounter, (station_id, year))
        if row is None:
            session.add(CaseCounter(station_id=station_id, year=year, last_seq=last))
        else:
            row.last_seq = last
    session.flush()
