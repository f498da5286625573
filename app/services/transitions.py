"""Moving a case through its lifecycle (受理, 不予受理, 移送, 调解, 结案, 履行, 归档) and extending its time limit."""
from __future__ import annotations

from datetime import date

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from app import checks, lifecycle, search_index  # noqa: F401  (checks registers its lifecycle rules)
from app.errors import TransitionRefused
from app.lifecycle import Action, ActionRequest, CaseFacts, Status
from app.services.case_record import load_case_record
from app.services.disputes import get_dispute, load_row
from app.services.stations import get_station
from app.views import DisputeView
from db.models import CaseCounter, Dispute, Extension, Party, StatusChange


def format_case_no(year: int, prefix: str, seq: int) -> str:
    return f"({year}){prefix}调字第{seq}号"


# Actions whose rules look at the whole record (agreement, sessions, findings), which costs a few queries.
NEEDS_RECORD = frozenset({Action.SETTLE, Action.PERFORM, Action.CLOSE_UNPERFORMED, Action.ARCHIVE})


def case_facts(session: Session, dispute: Dispute, *, with_record: bool = False) -> CaseFacts:
    roles = dict(session.execute(
        select(Party.role, func.count()).where(Party.dispute_id == dispute.id, Party.deleted_at.is_(None))
        .group_by(Party.role)).all())
    extra = {"record": load_case_record(session, dispute_id=dispute.id)} if with_record else {}
    extra["sides_reason"] = session.scalar(select(StatusChange.reason).where(        # 主动调解 of a group
        StatusChange.dispute_id == dispute.id, StatusChange.from_status.is_(None)).order_by(StatusChange.id).limit(1))
    return CaseFacts(status=Status(dispute.status), registered_on=dispute.registered_on,
                     applicants=roles.get("applicant", 0), respondents=roles.get("respondent", 0),
                     has_presiding_mediator=dispute.presiding_mediator_id is not None,
                     deadline=dispute.deadline, extra=extra)


def allocate_case_no(session: Session, *, station_id: int, year: int) -> tuple[int, str]:
    """Next number of the year, inside the caller's (IMMEDIATE) transaction: a rollback returns it."""
    seq = session.execute(update(CaseCounter).where(CaseCounter.station_id == station_id,
                                                    CaseCounter.year == year)
                          .values(last_seq=CaseCounter.last_seq + 1).returning(CaseCounter.last_seq)).scalar()
    if seq is None:
        seq = 1
        session.add(CaseCounter(station_id=station_id, year=year, last_seq=seq))
        session.flush()
    return seq, format_case_no(year, get_station(session).case_prefix, seq)


def apply_action(session: Session, *, dispute_id: int, request: ActionRequest, by: int | None,
                 today: date | None = None) -> DisputeView:
    """Carry out one lifecycle action after the rules allow it; records who, when, from, to and why."""
    dispute = load_row(session, dispute_id)
    facts = case_facts(session, dispute, with_record=request.action in NEEDS_RECORD)
    reasons = lifecycle.check(facts, request, today=today)
    if reasons:
        raise TransitionRefused(reasons)
    before = dispute.status
    _effects(session, dispute, request)
    dispute.status = lifecycle.target_status(request.action).value
    reason = request.reason or request.referral_target or None
    session.add(StatusChange(dispute_id=dispute.id, from_status=before, to_status=dispute.status,
                             on_date=request.on, by_mediator_id=by, reason=reason))
    session.flush()
    if request.action == Action.ACCEPT:
        search_index.refresh(session, [dispute.id])
    return get_dispute(session, dispute_id=dispute.id)


def _effects(session: Session, dispute: Dispute, request: ActionRequest) -> None:
    action = request.action
    if action == Action.ACCEPT:
        dispute.case_seq, dispute.case_no = allocate_case_no(session, station_id=dispute.station_id,
                                                             year=request.on.year)
        dispute.case_year, dispute.accepted_on = request.on.year, request.on
        dispute.deadline = lifecycle.deadline_for(request.on)
    elif action == Action.DECLINE:
        dispute.decline_reason, dispute.closed_on = request.reason, request.on
    elif action == Action.REFER:
        dispute.referral_target, dispute.closed_on = request.referral_target, request.on
    elif action == Action.SETTLE:
        dispute.outcome, dispute.closed_on = request.outcome.value, request.on
    elif action == Action.FAIL:
        dispute.routes_explained, dispute.closed_on = ",".join(request.routes), request.on
    elif action == Action.END:
        dispute.end_reason, dispute.closed_on = request.reason, request.on
    elif action == Action.ARCHIVE and request.reason and _closed_late(dispute):
        dispute.late_reason = request.reason.strip()


def _closed_late(dispute: Dispute) -> bool:
    return bool(dispute.deadline and dispute.closed_on and dispute.closed_on > dispute.deadline)


def extend_deadline(session: Session, *, dispute_id: int, new_deadline: date, consent_on: date,
                    consenting_party_ids: list[int], note: str, by: int | None,
                    today: date | None = None) -> DisputeView:
    """Extend the one-month limit, with every applicant's and respondent's consent on record."""
    dispute = load_row(session, dispute_id)
    parties = session.scalars(select(Party).where(Party.dispute_id == dispute_id, Party.deleted_at.is_(None),
                                                  Party.role.in_(("applicant", "respondent")))).all()
    missing = [p.name for p in parties if p.id not in set(consenting_party_ids)]
    reasons = lifecycle.check_extension(case_facts(session, dispute), new_deadline=new_deadline,
                                        missing_consent=missing, consent_on=consent_on, today=today)
    if reasons:
        raise TransitionRefused(reasons)
    session.add(Extension(dispute_id=dispute_id, old_deadline=dispute.deadline, new_deadline=new_deadline,
                          consent_on=consent_on, note=note.strip() or None, by_mediator_id=by,
                          consenting_party_uids=",".join(p.uid for p in parties)))
    dispute.deadline = new_deadline
    session.flush()
    return get_dispute(session, dispute_id=dispute_id)
