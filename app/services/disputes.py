"""Registering, editing, reading and (soft-)deleting disputes with their parties."""
from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import search_index
from app.drafts import CleanDispute, CleanParty, DisputeDraft, clean_dispute
from app.errors import ConcurrentEdit, NotFound, ValidationFailed
from app.i18n import _
from app.lifecycle import Status
from app.services import places
from app.services.stations import get_station
from app.validation import to_fen
from app.views import DisputeView, ExtensionView, PartyView, StatusChangeView, amount_of
from app.clock import utcnow
from db.models import Dispute, DisputeMediator, Mediator, Party, StatusChange

_PARTY_FIELDS = ("role", "kind", "name", "gender", "ethnicity", "birth_date", "occupation", "address", "phone",
                 "id_number", "credit_code", "legal_representative", "agent_name", "agent_phone",
                 "agent_id_number", "agent_authority")
_ESCALATION_COLUMNS = {"criminal": "risk_criminal", "mass_petition": "risk_mass_petition",
                       "suicide": "risk_suicide", "group_fight": "risk_group_fight"}


def parties_text(parties: list[CleanParty] | list[Party]) -> str:
    """'张三、王五 / 李四': applicants, then respondents, as the register shows them."""
    def names(role: str) -> str:
        return "、".join(p.name for p in parties if p.role == role)
    return f"{names('applicant')} / {names('respondent')}".strip(" /")


def _validated(session: Session, draft: DisputeDraft, today: date | None) -> CleanDispute:
    clean, errors = clean_dispute(draft, today=today)
    if errors:
        raise ValidationFailed(errors)
    places.check_place(session, place_id=clean.place_id, grid_id=clean.grid_id)
    return clean


def dispute_values(clean: CleanDispute) -> dict[str, object]:
    """The case's own columns from a validated draft (saving a form, and the register import's bulk rows)."""
    values: dict[str, object] = {name: getattr(clean, name) for name in (
        "title", "type_code", "source_code", "registered_on", "facts", "claims", "people_involved", "risk_level",
        "is_public", "presiding_mediator_id", "place_id", "grid_id", "people_at_risk")}
    values["amount_fen"] = None if clean.amount is None else to_fen(clean.amount)
    for key, column in _ESCALATION_COLUMNS.items():
        values[column] = key in clean.escalations
    values["parties_text"] = parties_text(list(clean.parties))[:400]
    return values


def party_values(clean: CleanParty) -> dict[str, object]:
    """A party's columns from a validated draft."""
    return {name: getattr(clean, name) for name in _PARTY_FIELDS}


def _apply(session: Session, dispute: Dispute, clean: CleanDispute) -> None:
    for name, value in dispute_values(clean).items():
        setattr(dispute, name, value)
    wanted = set(clean.co_mediator_ids) - {clean.presiding_mediator_id}
    dispute.co_mediators = [m for m in dispute.co_mediators if m.mediator_id in wanted] + [
        DisputeMediator(mediator_id=i) for i in sorted(wanted - {m.mediator_id for m in dispute.co_mediators})]


def _sync_parties(session: Session, dispute: Dispute, parties: tuple[CleanParty, ...]) -> None:
    existing = {p.uid: p for p in session.scalars(
        select(Party).where(Party.dispute_id == dispute.id, Party.deleted_at.is_(None)))}
    for position, clean in enumerate(parties):
        row = existing.pop(clean.uid, None) or Party(dispute_id=dispute.id)
        for name, value in party_values(clean).items():
            if getattr(row, name) != value:
                setattr(row, name, value)
        row.position = position
        session.add(row)
    for gone in existing.values():
        gone.deleted_at = utcnow()


def register_dispute(session: Session, *, draft: DisputeDraft, by: int | None,
                     today: date | None = None) -> DisputeView:
    """Record a new dispute (status 登记) with its parties."""
    clean = _validated(session, draft, today)
    dispute = Dispute(station_id=get_station(session).id, status=Status.REGISTERED.value)
    _apply(session, dispute, clean)
    session.add(dispute)
    session.flush()
    _sync_parties(session, dispute, clean.parties)
    # Why a side is missing (主动调解 of a group) is the registration's own reason, shown in 历程.
    session.add(StatusChange(dispute_id=dispute.id, from_status=None, to_status=Status.REGISTERED.value,
                             on_date=clean.registered_on, by_mediator_id=by, reason=clean.sides_reason))
    session.flush()
    search_index.refresh(session, [dispute.id])
    return get_dispute(session, dispute_id=dispute.id)


def update_dispute(session: Session, *, dispute_id: int, draft: DisputeDraft, expected_revision: int,
                   today: date | None = None) -> DisputeView:
    """Save edits; refuses when someone else saved the case since it was opened (revision changed)."""
    clean = _validated(session, draft, today)
    dispute = load_row(session, dispute_id)
    if dispute.revision != expected_revision:
        raise ConcurrentEdit(_("This case was changed in another window since you opened it; close it, "
                               "open it again and redo your edits."))
    with session.no_autoflush:  # one UPDATE of the case, so one revision per save
        _sync_parties(session, dispute, clean.parties)
        _apply(session, dispute, clean)
        dispute.updated_at = utcnow()  # bumps the revision even when only parties changed
        _keep_sides_reason(session, dispute.id, clean.sides_reason)
    session.flush()
    search_index.refresh(session, [dispute.id])
    return get_dispute(session, dispute_id=dispute.id)


def _keep_sides_reason(session: Session, dispute_id: int, reason: str | None) -> None:
    registration = session.scalar(select(StatusChange).where(
        StatusChange.dispute_id == dispute_id, StatusChange.from_status.is_(None)).order_by(StatusChange.id).limit(1))
    if registration is not None and registration.reason != reason:
        registration.reason = reason


def delete_dispute(session: Session, *, dispute_id: int) -> None:
    """Soft delete: the case leaves the register but stays in the file (and can be restored)."""
    dispute = load_row(session, dispute_id)
    dispute.deleted_at = utcnow()
    session.flush()
    search_index.refresh(session, [dispute_id])


def restore_dispute(session: Session, *, dispute_id: int) -> DisputeView:
    dispute = load_row(session, dispute_id, include_deleted=True)
    dispute.deleted_at = None
    session.flush()
    search_index.refresh(session, [dispute_id])
    return get_dispute(session, dispute_id=dispute_id)


def load_row(session: Session, dispute_id: int, *, include_deleted: bool = False) -> Dispute:
    dispute = session.get(Dispute, dispute_id)
    if dispute is None or (dispute.deleted_at is not None and not include_deleted):
        raise NotFound(_("No case with id {id}; it may have been deleted.").format(id=dispute_id))
    return dispute


def find_id_by_case_no(session: Session, case_no: str) -> int:
    normalised = case_no.strip().replace("（", "(").replace("）", ")")
    found = session.scalar(select(Dispute.id).where(Dispute.case_no == normalised,
                                                    Dispute.deleted_at.is_(None)))
    if found is None:
        raise NotFound(_("No case numbered {case_no}.").format(case_no=case_no))
    return found


def get_dispute(session: Session, *, dispute_id: int, include_deleted: bool = False) -> DisputeView:
    d = load_row(session, dispute_id, include_deleted=include_deleted)
    # View-only collections are not updated when rows are added in this session: read them afresh.
    session.expire(d, ["parties", "history", "extensions"])
    names = dict(session.execute(select(Mediator.id, Mediator.name)).all())
    parties = tuple(PartyView.from_row(p) for p in d.parties)
    by_uid = {p.uid: p.name for p in parties}
    history = tuple(StatusChangeView(h.from_status, h.to_status, h.on_date, h.at, names.get(h.by_mediator_id),
                                     h.reason) for h in d.history)
    extensions = tuple(ExtensionView(e.old_deadline, e.new_deadline, e.consent_on,
                                     tuple(by_uid.get(u, u) for u in e.consenting_party_uids.split(",") if u),
                                     e.note) for e in d.extensions)
    return DisputeView(
        id=d.id, uid=d.uid, revision=d.revision, case_no=d.case_no, title=d.title, type_code=d.type_code,
        source_code=d.source_code, registered_on=d.registered_on, accepted_on=d.accepted_on,
        presiding_mediator_id=d.presiding_mediator_id,
        presiding_mediator_name=names.get(d.presiding_mediator_id),
        co_mediator_ids=tuple(m.mediator_id for m in d.co_mediators), facts=d.facts, claims=d.claims,
        amount=amount_of(d.amount_fen), people_involved=d.people_involved, risk_level=d.risk_level,
        escalations=frozenset(k for k, col in _ESCALATION_COLUMNS.items() if getattr(d, col)),
        is_public=d.is_public, status=Status(d.status), deadline=d.deadline, closed_on=d.closed_on,
        outcome=d.outcome, routes_explained=tuple(r for r in (d.routes_explained or "").split(",") if r),
        referral_target=d.referral_target, decline_reason=d.decline_reason, end_reason=d.end_reason,
        parties=parties, history=history, extensions=extensions, deleted=d.deleted_at is not None,
        late_reason=d.late_reason, original_case_no=d.original_case_no, agreed_amount=amount_of(d.agreed_amount_fen),
        place_id=d.place_id, grid_id=d.grid_id, people_at_risk=d.people_at_risk)
