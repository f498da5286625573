"""Mediation sessions: plan one, then record it with the seven points (调解记录)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app import codes
from app.drafts import Collector
from app.errors import FieldError, NotFound, TransitionRefused, ValidationFailed
from app.i18n import N_, _
from app.lifecycle import OPEN_STATUSES, Action, ActionRequest, Status, refuse_if_archived
from app.record_views import SessionView
from app.services.disputes import load_row
from app import clock
from db.models import MediationSession, Party

LABELS = {"planned_at": N_("Planned for"), "place": N_("Place"), "held_at": N_("Held at"),
          "outcome": N_("Outcome"), "terms_reached": N_("Terms reached"),
          "no_agreement_reason": N_("Why no agreement"), "routes_explained": N_("Routes explained"),
          "parties_present": N_("Parties present"), "record_keeper_id": N_("Record-keeper")}


@dataclass(frozen=True)
class SessionRecord:
    """What a mediator writes after a session (the seven points, structured)."""
    held_at: datetime
    is_public: bool = True
    presiding_mediator_id: int | None = None
    record_keeper_id: int | None = None
    co_mediator_ids: tuple[int, ...] = ()
    parties_present: tuple[str, ...] = ()                  # party uids
    participants: tuple[tuple[str, str], ...] = ()         # (name, role) of others invited, e.g. ("王五", "亲属")
    member_ids: tuple[int, ...] = ()                       # roster members taking part (民警, 网格员, 律师 …)
    rights_told: bool = False
    principles_explained: bool = False
    statements: dict[str, str] = field(default_factory=dict)
    findings_checked: str = ""
    risks_explained: str = ""
    outcome: str | None = None
    terms_reached: str = ""
    no_agreement_reason: str = ""
    routes_explained: tuple[str, ...] = ()
    proposal: str = ""
    signatures: dict[str, bool] = field(default_factory=dict)
    notes: str = ""


def _open_case(session: Session, dispute_id: int):
    dispute = load_row(session, dispute_id)
    if Status(dispute.status) not in OPEN_STATUSES:
        raise TransitionRefused([_("Sessions are planned and recorded for accepted cases in mediation.")])
    return dispute


def plan_session(session: Session, *, dispute_id: int, planned_at: datetime, place: str,
                 now: datetime | None = None) -> SessionView:
    dispute = _open_case(session, dispute_id)
    c = Collector(labels=LABELS)
    if planned_at.date() < dispute.registered_on:
        c.fail("planned_at", _("A session cannot be before the case was registered."))
    if not place.strip():
        c.fail("place", _("Say where the session takes place."))
    if c.errors:
        raise ValidationFailed(c.errors)
    seq = (session.scalar(select(func.max(MediationSession.seq))
                          .where(MediationSession.dispute_id == dispute_id)) or 0) + 1
    row = MediationSession(dispute_id=dispute_id, seq=seq, planned_at=planned_at, place=place.strip(),
                           presiding_mediator_id=dispute.presiding_mediator_id, is_public=dispute.is_public)
    session.add(row)
    session.flush()
    return SessionView.from_row(row)


def record_session(session: Session, *, session_id: int, record: SessionRecord, by: int | None,
                   now: datetime | None = None) -> SessionView:
    """Save what happened; the first recorded session starts the mediation (已受理 -> 调解中)."""
    row = session.get(MediationSession, session_id)
    if row is None or row.deleted_at is not None:
        raise NotFound(_("No session with id {id}.").format(id=session_id))
    dispute = load_row(session, row.dispute_id)
    # A record may be completed after the case closed (卷宗自查), but not once the dossier is filed.
    refuse_if_archived(dispute.status, case=dispute.case_no or dispute.title)
    names = dict(session.execute(select(Party.uid, Party.name).where(Party.dispute_id == dispute.id,
                                                                      Party.deleted_at.is_(None))).all())
    errors = check_record(record, registered_on=dispute.registered_on, now=now or clock.local_now(),
                          party_names=names)
    if errors:
        raise ValidationFailed(errors)
    members = _roster_entries(session, record.member_ids)
    # A participant saved again as plain text (name, role) stays linked to the roster member it was.
    linked = {(e.get("name"), e.get("role")): e["member"] for e in row.participants or () if e.get("member")}
    taken = {e["member"] for e in members}
    for name in SessionRecord.__dataclass_fields__:
        value = getattr(record, name)
        if name == "member_ids":
            continue
        if name == "participants":
            # Roster members first, each with its uid; the name and role are kept as printed then.
            value = members + [{"name": n, "role": r, **({"member": linked[(n, r)]} if linked.get((n, r)) not in
                                                          (None, *taken) else {})} for n, r in value]
        elif isinstance(value, tuple):
            value = list(value)
        setattr(row, name, value)
    row.status = "recorded"
    session.flush()
    if dispute.status == Status.ACCEPTED.value:
        from app.services.transitions import apply_action  # transitions reads sessions for its rules

        apply_action(session, dispute_id=dispute.id, by=by,
                     request=ActionRequest(Action.START, record.held_at.date()), today=record.held_at.date())
    return SessionView.from_row(row)


def _roster_entries(session: Session, member_ids: tuple[int, ...]) -> list[dict]:
    from app.services.roster import RosterMemberView
    from db.models import RosterMember

    entries = []
    for member_id in dict.fromkeys(member_ids):
        row = session.get(RosterMember, member_id)
        if row is None or row.deleted_at is not None:
            raise ValidationFailed([FieldError(_("Roster members"), _("A member chosen is no longer on the roster; "
                                                                       "choose again."), "member_ids")])
        view = RosterMemberView.from_row(row)
        entries.append({"name": view.name, "role": view.role_text, "member": view.uid})
    return entries


def check_record(record: SessionRecord, *, registered_on: date, now: datetime,
                 party_names: dict[str, str]) -> list[FieldError]:
    """Every problem of a session record, each naming its field (`statements.<uid>` for a party's statement):
    the form marks them before saving, and record_session refuses a record that has any."""
    c = Collector(labels=LABELS)
    present = [u for u in record.parties_present if u in party_names]
    if not present:
        c.fail("parties_present", _("Tick the parties who attended the session; a record needs at least one."))
    for uid in present:
        if not record.statements.get(uid, "").strip():
            c.errors.append(FieldError(_("③ Statement of {name}").format(name=party_names[uid]),
                                       _("Write what {name} said (their account and what they ask for); every party "
                                         "present is heard.").format(name=party_names[uid]), f"statements.{uid}"))
    if record.signatures.get("record_keeper") and record.record_keeper_id is None:
        c.fail("record_keeper_id", _("⑦ says the record-keeper signed, but no record-keeper is chosen: choose who kept "
                                     "the record, or untick the record-keeper's signature."))
    if record.held_at > now:
        c.fail("held_at", _("A session is recorded after it has been held; the time is in the future."))
    if record.held_at.date() < registered_on:
        c.fail("held_at", _("A session cannot be before the case was registered."))
    if record.outcome not in [o.code for o in codes.load("session_outcomes").codes]:
        c.fail("outcome", _("Choose how the session ended: 达成协议, 未达成协议 or 继续调解."))
    if record.outcome == "agreed" and not record.terms_reached.strip():
        c.fail("terms_reached", _("Write down the terms the parties agreed."))
    if record.outcome == "not_agreed":
        if not record.no_agreement_reason.strip():
            c.fail("no_agreement_reason", _("Say why no agreement was reached."))
        if not record.routes_explained:
            c.fail("routes_explained", _("Record which other routes were explained to the parties."))
    return c.errors


def cancel_session(session: Session, *, session_id: int) -> None:
    row = session.get(MediationSession, session_id)
    if row is None or row.status != "planned":
        raise TransitionRefused([_("Only a planned session can be cancelled.")])
    row.status = "cancelled"
    session.flush()


def list_sessions(session: Session, *, dispute_id: int) -> list[SessionView]:
    rows = session.scalars(select(MediationSession).where(MediationSession.dispute_id == dispute_id,
                                                          MediationSession.deleted_at.is_(None))
                           .order_by(MediationSession.seq))
    return [SessionView.from_row(r) for r in rows]
