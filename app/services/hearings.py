"""Public hearings (公开听证): the roster of hearing officers, planning, notices, the record and the summary."""
from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import codes, validation
from app.drafts import Collector
from app.errors import NotFound, TransitionRefused, ValidationFailed
from app.i18n import N_, _
from app.lifecycle import OPEN_STATUSES, Status
from app.record_views import HearingOfficerView, HearingView
from app.services.disputes import load_row
from app.services.stations import get_station
from app.workdays import add_workdays
from app import clock
from db.models import Hearing, HearingOfficer

SUMMARY_WORKDAYS = 7
LABELS = {"name": N_("Name"), "category": N_("Category"), "phone": N_("Phone"), "planned_at": N_("Planned for"),
          "place": N_("Place"), "private_reason": N_("Why not public"), "officer_ids": N_("Hearing officers"),
          "held_on": N_("Held on"), "summary": N_("Summary")}


def add_officer(session: Session, *, name: str, category: str, phone: str = "", unit: str = "") -> HearingOfficerView:
    c = Collector(labels=LABELS)
    name = c.run("name", validation.person_name, name, max_length=50)
    if category not in codes.load("officer_categories"):
        c.fail("category", _("Choose the officer's category from the list."))
    phone = c.run("phone", lambda v: validation.phone(v) if v.strip() else None, phone)
    if c.errors:
        raise ValidationFailed(c.errors)
    row = HearingOfficer(station_id=get_station(session).id, name=name, category=category, phone=phone,
                         unit=unit.strip())
    session.add(row)
    session.flush()
    return HearingOfficerView.from_row(row)


def list_officers(session: Session, *, active_only: bool = True) -> list[HearingOfficerView]:
    stmt = select(HearingOfficer).where(HearingOfficer.deleted_at.is_(None)).order_by(HearingOfficer.id)
    if active_only:
        stmt = stmt.where(HearingOfficer.active.is_(True))
    return [HearingOfficerView.from_row(r) for r in session.scalars(stmt)]


def plan_hearing(session: Session, *, dispute_id: int, planned_at: datetime, place: str, is_public: bool,
                 private_reason: str, presider_id: int | None, clerk_id: int | None,
                 officer_ids: list[int]) -> HearingView:
    dispute = load_row(session, dispute_id)
    if Status(dispute.status) not in OPEN_STATUSES:
        raise TransitionRefused([_("A hearing is held for an accepted case in mediation.")])
    c = Collector(labels=LABELS)
    if planned_at.date() < dispute.registered_on:
        c.fail("planned_at", _("A hearing cannot be before the case was registered."))
    if not place.strip():
        c.fail("place", _("Say where the hearing takes place."))
    if not is_public and not private_reason.strip():
        c.fail("private_reason", _("A hearing that is not public needs the reason (privacy, trade secrets, a "
                                   "party objects)."))
    if not officer_ids:
        c.fail("officer_ids", _("Choose at least one hearing officer."))
    if c.errors:
        raise ValidationFailed(c.errors)
    row = Hearing(dispute_id=dispute_id, planned_at=planned_at, place=place.strip(), is_public=is_public,
                  private_reason=private_reason.strip(), presider_id=presider_id, clerk_id=clerk_id,
                  officer_ids=list(officer_ids))
    session.add(row)
    session.flush()
    return HearingView.from_row(row)


def _hearing(session: Session, hearing_id: int) -> Hearing:
    row = session.get(Hearing, hearing_id)
    if row is None or row.deleted_at is not None:
        raise NotFound(_("No hearing with id {id}.").format(id=hearing_id))
    return row


def record_notice(session: Session, *, hearing_id: int, party_uid: str, sent_on: date) -> HearingView:
    """The notice of the hearing was sent to one party on that day."""
    row = _hearing(session, hearing_id)
    row.notices = {**(row.notices or {}), party_uid: sent_on.isoformat()}
    session.flush()
    return HearingView.from_row(row)


def record_hearing(session: Session, *, hearing_id: int, held_on: date, parties_present: list[str],
                   others_present: list[str], record: dict[str, str], opinions: dict[int, str],
                   refusals: str = "", today: date | None = None) -> HearingView:
    """The hearing took place: its record in the prescribed sequence and each officer's opinion. The summary
    is then due within 7 working days."""
    row = _hearing(session, hearing_id)
    if held_on > (today or clock.today()) or held_on < row.planned_at.date() - timedelta(days=30):
        c = Collector(labels=LABELS)
        c.fail("held_on", _("The hearing date cannot be in the future (or long before it was planned)."))
        raise ValidationFailed(c.errors)
    row.status, row.held_on = "held", held_on
    row.parties_present, row.others_present = list(parties_present), [o for o in others_present if o.strip()]
    steps = [s.code for s in codes.load("hearing_steps").codes]
    row.record = {k: v.strip() for k, v in record.items() if k in steps}
    row.opinions = {str(k): v.strip() for k, v in opinions.items()}
    row.refusals = refusals.strip()
    row.summary_due = add_workdays(held_on, SUMMARY_WORKDAYS)
    session.flush()
    return HearingView.from_row(row)


def record_summary(session: Session, *, hearing_id: int, on: date, facts: str, views: str, disagreements: str,
                   handling: str) -> HearingView:
    """The summary (纪要): facts, views, points of disagreement and proposed handling."""
    row = _hearing(session, hearing_id)
    if row.status != "held":
        raise TransitionRefused([_("The summary is written after the hearing has been held.")])
    if not (facts.strip() and handling.strip()):
        c = Collector(labels=LABELS)
        c.fail("summary", _("A summary needs at least the facts and the proposed handling."))
        raise ValidationFailed(c.errors)
    row.summary_on, row.summary_facts, row.summary_views = on, facts.strip(), views.strip()
    row.summary_disagreements, row.summary_handling = disagreements.strip(), handling.strip()
    session.flush()
    return HearingView.from_row(row)


def list_hearings(session: Session, *, dispute_id: int) -> list[HearingView]:
    rows = session.scalars(select(Hearing).where(Hearing.dispute_id == dispute_id, Hearing.deleted_at.is_(None))
                           .order_by(Hearing.planned_at))
    return [HearingView.from_row(r) for r in rows]
