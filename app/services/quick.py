"""On-the-spot settlement (当场调解, 简案快办): register, accept, record the session and the oral agreement,
and close the case, in one transaction, through the same services and rules as the long way."""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy.orm import Session

from app.errors import FieldError, ValidationFailed
from app.i18n import N_, _
from app.lifecycle import Action, ActionRequest, Outcome
from app.services import agreements, sessions, transitions
from app.services.agreements import TermDraft
from app.services.disputes import get_dispute, register_dispute
from app.drafts import Collector, DisputeDraft, clean_dispute
from app.views import DisputeView
from app import clock


@dataclass(frozen=True)
class QuickTerm:
    """A term of the oral agreement; parties are named by their position in the dispute's party list."""
    content: str
    obligor: int
    obligee: int | None = None
    amount: str = ""
    due_on: object = None        # a date


@dataclass(frozen=True)
class QuickSettlement:
    dispute: DisputeDraft
    held_at: datetime
    place: str
    statement: str                    # what the parties said (recorded for each party present)
    findings_checked: str
    risks_explained: str
    terms: tuple[QuickTerm, ...]
    rights_told: bool = True
    principles_explained: bool = True
    all_signed: bool = True


LABELS = {"statement": N_("What the parties said"), "terms": N_("Oral agreement (口头协议)"),
          "held_at": N_("Time"), "place": N_("Place")}


def check_settlement(settlement: QuickSettlement, *, now: datetime) -> list[FieldError]:
    """Every problem of an on-the-spot settlement, each naming its field (the dispute's under its own keys,
    a term's as `terms.<n>.content` / `terms.<n>.obligor`): the screen marks them, the service refuses them."""
    draft = settlement.dispute
    _clean, errors = clean_dispute(replace(draft, registered_on=draft.registered_on or settlement.held_at.date()),
                                   today=now.date())
    c = Collector(labels=LABELS)
    if settlement.held_at > now:
        c.fail("held_at", _("The settlement is recorded after it happened; the time is in the future."))
    if not settlement.place.strip():
        c.fail("place", _("Say where the dispute was settled, e.g. 集市现场."))
    if not settlement.statement.strip():
        c.fail("statement", _("Write what each party said (their account and what they asked for)."))
    if not settlement.terms:
        c.fail("terms", _("Write at least one term the parties agreed, e.g. 李四当场赔偿张三200元."))
    for n, term in enumerate(settlement.terms):
        if not term.content.strip():
            c.fail(f"terms.{n}.content", _("Write what the term says, or remove the empty row."))
        if not 0 <= term.obligor < len(draft.parties):
            c.fail(f"terms.{n}.obligor", _("Choose the party who performs the term."))
    return errors + c.errors


def settle_on_the_spot(session: Session, *, settlement: QuickSettlement, by: int | None,
                       now: datetime | None = None) -> DisputeView:
    now = now or clock.local_now()
    errors = check_settlement(settlement, now=now)
    if errors:
        raise ValidationFailed(errors)
    day = settlement.held_at.date()
    draft = settlement.dispute
    if draft.presiding_mediator_id is None:
        draft = replace(draft, presiding_mediator_id=by)
    view = register_dispute(session, draft=replace(draft, registered_on=draft.registered_on or day), by=by,
                            today=now.date())
    transitions.apply_action(session, dispute_id=view.id, request=ActionRequest(Action.ACCEPT, day), by=by,
                             today=now.date())
    uids = [p.uid for p in view.parties]
    planned = sessions.plan_session(session, dispute_id=view.id, planned_at=settlement.held_at,
                                    place=settlement.place)
    terms_text = "；".join(t.content for t in settlement.terms)
    sessions.record_session(session, session_id=planned.id, by=by, now=now, record=sessions.SessionRecord(
        held_at=settlement.held_at, presiding_mediator_id=draft.presiding_mediator_id, parties_present=tuple(uids),
        rights_told=settlement.rights_told, principles_explained=settlement.principles_explained,
        statements={u: settlement.statement for u in uids}, findings_checked=settlement.findings_checked,
        risks_explained=settlement.risks_explained, outcome="agreed", terms_reached=terms_text,
        signatures={k: settlement.all_signed for k in ["mediator", *uids]}))
    agreements.save_agreement(session, dispute_id=view.id, draft=agreements.AgreementDraft(
        form="oral", facts=draft.facts, terms=tuple(
            TermDraft(content=t.content, obligor_uid=uids[t.obligor] if 0 <= t.obligor < len(uids) else "",
                      obligee_uid=uids[t.obligee] if t.obligee is not None and 0 <= t.obligee < len(uids) else "",
                      involves_money=bool(t.amount.strip()), amount=t.amount.strip() or None, due_on=t.due_on)
            for t in settlement.terms)))
    agreements.sign_agreement(session, dispute_id=view.id, signed_on=day,
                              signatories="、".join(p.signs_as for p in view.parties), today=now.date())
    transitions.apply_action(session, dispute_id=view.id, by=by, today=now.date(),
                             request=ActionRequest(Action.SETTLE, day, outcome=Outcome.ORAL))
    return get_dispute(session, dispute_id=view.id)
