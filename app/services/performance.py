"""When an agreement is not performed (人民调解法 Art 31–33): the terms found unperformed at a follow-up visit with
the routes explained to the parties; and 赔偿保证金 deposits held as security for a term, then released or
returned."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import clock, codes, validation
from app.drafts import Collector
from app.errors import NotFound, TransitionRefused, ValidationFailed
from app.i18n import N_, _
from app.lifecycle import Status, refuse_if_archived
from app.record_views import DepositView, NonperformanceView
from app.services.disputes import load_row
from db.models import Agreement, AgreementTerm, Deposit, FollowUp, Nonperformance

LABELS = {"terms": N_("Terms not performed"), "options": N_("Routes explained"), "detail": N_("What was not done"),
          "amount": N_("Amount"), "received_on": N_("Received on"), "paid_by": N_("Paid by"),
          "holder": N_("Held by"), "outcome": N_("Released or returned"), "settled_on": N_("Date"),
          "settled_to": N_("To whom"), "term": N_("Term")}
DEPOSIT_OUTCOMES = {"released": N_("Released to the obligee"), "returned": N_("Returned to the payer")}


def _terms_of(session: Session, dispute_id: int) -> tuple[Agreement | None, dict[int, AgreementTerm]]:
    agreement = session.scalars(select(Agreement).where(Agreement.dispute_id == dispute_id,
                                                        Agreement.deleted_at.is_(None))).first()
    if agreement is None:
        return None, {}
    terms = session.scalars(select(AgreementTerm).where(AgreementTerm.agreement_id == agreement.id,
                                                        AgreementTerm.deleted_at.is_(None)))
    return agreement, {t.id: t for t in terms}


def record_nonperformance(session: Session, *, follow_up_id: int, term_ids: tuple[int, ...], options: tuple[str, ...],
                          detail: str = "", parties_choice: str = "") -> list[NonperformanceView]:
    """At a recorded follow-up visit: which terms were not performed by their deadline, and which routes the
    mediator explained (mediate again; enforcement of a judicially confirmed agreement; a suit, Art 32)."""
    visit = session.get(FollowUp, follow_up_id)
    if visit is None or visit.deleted_at is not None:
        raise NotFound(_("No follow-up with id {id}.").format(id=follow_up_id))
    dispute = load_row(session, visit.dispute_id)
    if dispute.status not in (Status.SETTLED.value, Status.PERFORMED.value):
        raise TransitionRefused([_("Unperformed terms are recorded for a settled case whose agreement is being "
                                   "performed.")])
    if visit.visited_on is None:
        raise TransitionRefused([_("Record the follow-up visit first; what was found unperformed is recorded at "
                                   "the visit.")])
    agreement, terms = _terms_of(session, dispute.id)
    c = Collector(labels=LABELS)
    if not term_ids:
        c.fail("terms", _("Tick the terms that were not performed."))
    for term_id in term_ids:
        term = terms.get(term_id)
        if term is None:
            c.fail("terms", _("A term chosen is not a term of this case's agreement."))
        elif term.performance == "performed":
            c.fail("terms", _("Term {n} is recorded as performed.").format(n=term.position))
        elif term.due_on is None or term.due_on >= visit.visited_on:
            c.fail("terms", _("Term {n} was not yet due at the visit ({date}); record it at a later visit.").format(
                n=term.position, date=term.due_on.isoformat() if term.due_on else "—"))
    table = codes.load("nonperformance_options")
    if not options or any(o not in table for o in options):
        c.fail("options", _("Record which routes were explained to the parties: mediate again, enforcement or a "
                            "suit."))
    if "enforce" in options and (agreement is None or agreement.jc_result != "confirmed"):
        c.fail("options", _("Enforcement by the court is open only to an agreement the court has confirmed "
                            "(司法确认); explain a new mediation or a suit instead."))
    detail = c.run("detail", validation.optional_text, detail, max_length=2000) or ""
    if c.errors:
        raise ValidationFailed(c.errors)
    rows = []
    for term_id in dict.fromkeys(term_ids):
        row = Nonperformance(dispute_id=dispute.id, follow_up_id=visit.id, term_id=term_id, found_on=visit.visited_on,
                             detail=detail, options_explained=list(dict.fromkeys(options)),
                             parties_choice=parties_choice.strip())
        session.add(row)
        rows.append(row)
    session.flush()
    return [_nonperformance_view(r, terms) for r in rows]


def _nonperformance_view(row: Nonperformance, terms: dict[int, AgreementTerm]) -> NonperformanceView:
    term = terms.get(row.term_id)
    return NonperformanceView(row.id, row.uid, row.follow_up_id, row.term_id, term.position if term else 0,
                              row.found_on, row.detail, tuple(row.options_explained or ()), row.parties_choice)


def list_nonperformance(session: Session, *, dispute_id: int) -> list[NonperformanceView]:
    _agreement, terms = _terms_of(session, dispute_id)
    found = session.scalars(select(Nonperformance).where(Nonperformance.dispute_id == dispute_id,
                                                         Nonperformance.deleted_at.is_(None)).order_by(Nonperformance.id))
    return [_nonperformance_view(r, terms) for r in found]


# --- 赔偿保证金 -------------------------------------------------------------------------------------------------

def record_deposit(session: Session, *, term_id: int, amount: object, received_on: date, paid_by: str, holder: str,
                   note: str = "") -> DepositView:
    term = session.get(AgreementTerm, term_id)
    agreement = session.get(Agreement, term.agreement_id) if term is not None and term.deleted_at is None else None
    if agreement is None:
        raise NotFound(_("No term with id {id}.").format(id=term_id))
    dispute = load_row(session, agreement.dispute_id)
    _not_archived(dispute)
    if agreement.signed_on is None:
        raise TransitionRefused([_("A deposit secures a term of a signed agreement; sign the agreement first.")])
    c = Collector(labels=LABELS)
    value = c.run("amount", validation.amount, amount)
    if value is not None and value <= 0:
        c.fail("amount", _("The deposit must be more than zero."))
    if received_on > clock.today():
        c.fail("received_on", _("The date is in the future."))
    elif received_on < dispute.registered_on:
        c.fail("received_on", _("The date is before the case was registered."))
    paid_by = c.run("paid_by", validation.required_text, paid_by, max_length=100)
    holder = c.run("holder", validation.required_text, holder, max_length=100)
    if c.errors:
        raise ValidationFailed(c.errors)
    row = Deposit(dispute_id=dispute.id, term_id=term.id, amount_fen=validation.to_fen(value), received_on=received_on,
                  paid_by=paid_by, holder=holder, note=note.strip())
    session.add(row)
    session.flush()
    return _deposit_view(row, term.position)


def settle_deposit(session: Session, *, deposit_id: int, outcome: str, settled_on: date, settled_to: str,
                   note: str = "") -> DepositView:
    """Released to the obligee (the term was not performed, or as agreed) or returned to the payer (performed)."""
    row = session.get(Deposit, deposit_id)
    if row is None or row.deleted_at is not None:
        raise NotFound(_("No deposit with id {id}.").format(id=deposit_id))
    _not_archived(load_row(session, row.dispute_id))
    if row.outcome is not None:
        raise TransitionRefused([_("This deposit was already released or returned on {date}.").format(
            date=row.settled_on.isoformat())])
    c = Collector(labels=LABELS)
    if outcome not in DEPOSIT_OUTCOMES:
        c.fail("outcome", _("Say whether the deposit was released to the obligee or returned to the payer."))
    if settled_on > clock.today():
        c.fail("settled_on", _("The date is in the future."))
    elif settled_on < row.received_on:
        c.fail("settled_on", _("The date is before the deposit was received ({date}).").format(
            date=row.received_on.isoformat()))
    settled_to = c.run("settled_to", validation.required_text, settled_to, max_length=100)
    if c.errors:
        raise ValidationFailed(c.errors)
    row.outcome, row.settled_on, row.settled_to = outcome, settled_on, settled_to
    if note.strip():
        row.note = (row.note + "\n" + note.strip()).strip()
    session.flush()
    return _deposit_view(row, session.get(AgreementTerm, row.term_id).position)


def _not_archived(dispute) -> None:
    refuse_if_archived(dispute.status, case=dispute.case_no or dispute.title)


def _deposit_view(row: Deposit, position: int) -> DepositView:
    return DepositView(row.id, row.uid, row.term_id, position, validation.from_fen(row.amount_fen) or Decimal(0),
                       row.received_on, row.paid_by, row.holder, row.outcome, row.settled_on, row.settled_to, row.note)


def list_deposits(session: Session, *, dispute_id: int) -> list[DepositView]:
    _agreement, terms = _terms_of(session, dispute_id)
    found = session.scalars(select(Deposit).where(Deposit.dispute_id == dispute_id, Deposit.deleted_at.is_(None))
                            .order_by(Deposit.id))
    return [_deposit_view(r, terms[r.term_id].position if r.term_id in terms else 0) for r in found]
