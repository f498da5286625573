"""Follow-up visits (回访): scheduled when the agreement is signed, then recorded."""
from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import codes
from app.drafts import Collector
from app.errors import NotFound, ValidationFailed
from app.i18n import N_, _
from app.record_views import FollowUpView
from app import clock
from db.models import FollowUp

LABELS = {"visited_on": N_("Visited on"), "persons_visited": N_("Who was visited"),
          "performance": N_("Performance"), "satisfaction": N_("Satisfaction")}


def record_follow_up(session: Session, *, follow_up_id: int, visited_on: date, visitor_id: int | None,
                     persons_visited: str, performance: str, satisfaction: str, escalation_signs: str = "",
                     measures: str = "", today: date | None = None) -> FollowUpView:
    row = session.get(FollowUp, follow_up_id)
    if row is None or row.deleted_at is not None:
        raise NotFound(_("No follow-up with id {id}.").format(id=follow_up_id))
    c = Collector(labels=LABELS)
    if visited_on > (today or clock.today()):
        c.fail("visited_on", _("A visit is recorded after it took place; the date is in the future."))
    if not persons_visited.strip():
        c.fail("persons_visited", _("Say who was visited."))
    if not performance.strip():
        c.fail("performance", _("Describe how the agreement is being performed."))
    if satisfaction not in codes.load("satisfaction"):
        c.fail("satisfaction", _("Choose the parties' satisfaction."))
    if c.errors:
        raise ValidationFailed(c.errors)
    row.visited_on, row.visitor_id, row.persons_visited = visited_on, visitor_id, persons_visited.strip()
    row.performance, row.satisfaction = performance.strip(), satisfaction
    row.escalation_signs, row.measures = escalation_signs.strip(), measures.strip()
    session.flush()
    return FollowUpView.from_row(row)


def schedule_follow_up(session: Session, *, dispute_id: int, due_on: date) -> FollowUpView:
    """An extra visit (e.g. after signs of escalation)."""
    row = FollowUp(dispute_id=dispute_id, due_on=due_on)
    session.add(row)
    session.flush()
    return FollowUpView.from_row(row)


def list_follow_ups(session: Session, *, dispute_id: int) -> list[FollowUpView]:
    rows = session.scalars(select(FollowUp).where(FollowUp.dispute_id == dispute_id, FollowUp.deleted_at.is_(None))
                           .order_by(FollowUp.due_on))
    return [FollowUpView.from_row(r) for r in rows]
