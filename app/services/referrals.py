"""Referrals both ways: in from the court (委派/委托: letter number, deadline, the result returned), in from the
police (110联动: incident number, police station, the feedback sent), and out (移送) at any stage (the receiving
body and the feedback received). The agenda shows feedback that is due."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import clock, codes, validation
from app.drafts import Collector
from app.errors import NotFound, ValidationFailed
from app.i18n import N_, _
from app.services.disputes import load_row
from db.models import Referral

DIRECTIONS = ("court", "police", "out")
LABELS = {"direction": N_("Kind of referral"), "court_kind": N_("委派 or 委托"), "body": N_("Court, police station "
          "or receiving body"), "letter_no": N_("Letter or incident number"), "on_date": N_("Date"),
          "due_on": N_("Deadline for the feedback"), "note": N_("Note"), "result_on": N_("Feedback date"),
          "result": N_("Feedback")}


@dataclass(frozen=True)
class ReferralView:
    id: int
    uid: str
    dispute_id: int
    direction: str
    court_kind: str | None
    body: str
    letter_no: str
    on_date: date
    due_on: date | None
    stage: str | None
    note: str
    result_on: date | None
    result: str

    def to_json(self) -> dict:
        return {"id": self.id, "direction": self.direction, "court_kind": self.court_kind, "body": self.body,
                "letter_no": self.letter_no, "on_date": self.on_date.isoformat(),
                "due_on": self.due_on and self.due_on.isoformat(), "stage": self.stage, "note": self.note,
                "result_on": self.result_on and self.result_on.isoformat(), "result": self.result}


def add_referral(session: Session, *, dispute_id: int, direction: str, body: str, on_date: date | str,
                 letter_no: str = "", court_kind: str | None = None, due_on: date | str | None = None,
                 note: str = "", today: date | None = None) -> ReferralView:
    """court: the court's name, its letter number, the date, the deadline (required); police: the police station,
    the 110 incident number; out: the receiving body (the case's status then is kept as its stage)."""
    dispute = load_row(session, dispute_id)
    today = today or clock.today()
    c = Collector(labels=LABELS)
    if direction not in DIRECTIONS:
        c.fail("direction", _("Choose from the court, from the police (110) or referred out."))
    body = c.run("body", validation.required_text, body, max_length=100)
    day = c.run("on_date", validation.parse_date, on_date, not_after=today, not_before=date(2000, 1, 1))
    letter_no = c.run("letter_no", validation.optional_text, letter_no, max_length=60) or ""
    note = c.run("note", validation.optional_text, note, max_length=20000) or ""
    due = None
    if due_on not in (None, ""):
        due = c.run("due_on", validation.parse_date, due_on, not_before=date(2000, 1, 1))
        if due and day and due < day:
            c.fail("due_on", _("The deadline is before the referral's date; correct one of them."))
    if direction == "court":
        if court_kind not in codes.load("court_referral_kinds"):
            c.fail("court_kind", _("Choose 委派 (before the case is filed) or 委托 (after)."))
        if not letter_no:
            c.fail("letter_no", _("Enter the number of the court's letter."))
        if due_on in (None, ""):
            c.fail("due_on", _("Enter the deadline the court set for the mediation."))
    elif direction == "police" and not letter_no:
        c.fail("letter_no", _("Enter the 110 incident number."))
    if c.errors:
        raise ValidationFailed(c.errors)
    row = Referral(dispute_id=dispute.id, direction=direction, court_kind=court_kind if direction == "court" else None,
                   body=body, letter_no=letter_no, on_date=day, due_on=due, note=note,
                   stage=dispute.status if direction == "out" else None)
    session.add(row)
    session.flush()
    return _view(row)


def record_result(session: Session, *, referral_id: int, result: str, result_on: date | str,
                  today: date | None = None) -> ReferralView:
    """The result returned to the court, the feedback sent to the police, or the feedback received."""
    row = _row(session, referral_id)
    c = Collector(labels=LABELS)
    result = c.run("result", validation.required_text, result, max_length=20000)
    day = c.run("result_on", validation.parse_date, result_on, not_after=today or clock.today(),
                not_before=row.on_date)
    if c.errors:
        raise ValidationFailed(c.errors)
    row.result, row.result_on = result, day
    session.flush()
    return _view(row)


def _row(session: Session, referral_id: int) -> Referral:
    row = session.get(Referral, referral_id)
    if row is None or row.deleted_at is not None:
        raise NotFound(_("No referral with id {id}.").format(id=referral_id))
    return row


def _view(r: Referral) -> ReferralView:
    return ReferralView(r.id, r.uid, r.dispute_id, r.direction, r.court_kind, r.body, r.letter_no, r.on_date,
                        r.due_on, r.stage, r.note, r.result_on, r.result)


def list_referrals(session: Session, *, dispute_id: int) -> list[ReferralView]:
    found = session.scalars(select(Referral).where(Referral.dispute_id == dispute_id, Referral.deleted_at.is_(None))
                            .order_by(Referral.on_date, Referral.id))
    return [_view(r) for r in found]


def get_referral(session: Session, *, referral_id: int) -> ReferralView:
    return _view(_row(session, referral_id))
