"""Who is acting, and what their role allows (checked here, in app/, whatever the window shows).

调解员 work on the cases assigned to them (presiding or co-mediator, or not yet assigned) and read all
others; 主任 do everything at the station, including settings, accounts and the weekly export; the
county's 县级审核员 work on the county database. A session without an actor is the machine's own (the
command line, first set-up), as whoever runs commands on the PC already holds the file.

Every flush passes `check_flush`, so no service can write around the rules; actions that are not a row
change (export, restore) call `require`.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from app.errors import PermissionRefused
from app.i18n import N_, _

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

T = TypeVar("T")

ROLES = {"mediator": N_("Mediator (调解员)"), "head": N_("Head (主任)"), "reviewer": N_("County reviewer (县级审核员)")}
HEAD_ONLY_TABLES = frozenset({"station", "mediator", "station_setting", "hearing_officer", "legal_provision",
                              "account", "sent_bundle", "roster_member", "team", "team_member", "place",
                              "grid", "monthly_summary"})
# What a row is, in words, for messages and the case history (历程).
TABLE_LABELS = {
    "station": N_("the station"), "mediator": N_("the list of mediators"), "station_setting": N_("the settings"),
    "hearing_officer": N_("the list of hearing officers"), "legal_provision": N_("the legal provisions"),
    "account": N_("the accounts"), "sent_bundle": N_("the export ledger"), "dispute": N_("the case"),
    "party": N_("a party"), "status_change": N_("the status"), "extension": N_("an extension of the deadline"),
    "mediation_session": N_("a mediation session"), "investigation": N_("an investigation"),
    "evidence": N_("evidence"), "attachment": N_("an attached file"), "hearing": N_("a hearing"),
    "agreement": N_("the agreement"), "agreement_term": N_("a term of the agreement"),
    "agreement_citation": N_("a legal provision cited"), "follow_up": N_("a follow-up visit"),
    "issued_document": N_("an issued document"), "dispute_mediator": N_("a co-mediator"),
    "roster_member": N_("the roster"), "team": N_("a team (调解组)"), "team_member": N_("a team's members"),
    "nonperformance": N_("a term found unperformed"), "deposit": N_("a deposit (保证金)"),
    "place": N_("the list of villages and communities"), "grid": N_("the list of grids"),
    "screening": N_("a screening visit"), "screening_finding": N_("a finding of a screening visit"),
    "info_report": N_("a report of an information officer or grid worker"),
    "prevented_dispute": N_("a dispute prevented"), "risk_report": N_("a risk report"),
    "referral": N_("a referral"),
    "case_library_entry": N_("a typical case in the case library"), "monthly_summary": N_("the monthly work summary"),
}


def table_label(table: str) -> str:
    return _(TABLE_LABELS[table]) if table in TABLE_LABELS else table


# Actions that are not row changes: the station's are the 主任's, "county" the reviewer's.
WHAT = {"export": N_("the weekly export"), "restore": N_("restoring a backup"), "accounts": N_("managing accounts"),
        "settings": N_("changing settings"), "county": N_("county work"),
        "demo": N_("adding demo data"), "worklog": N_("reading another mediator's work log"),
        "import": N_("importing the former register"), "county_key": N_("importing the county key")}


@dataclass(frozen=True)
class Actor:
    account_id: int | None
    name: str
    role: str                     # mediator / head / reviewer / system
    mediator_id: int | None = None

    @property
    def role_label(self) -> str:
        return _(ROLES[self.role]) if self.role in ROLES else _("System")


SYSTEM = Actor(None, "系统", "system")


def actor_of(session: Session) -> Actor:
    return session.info.get("actor", SYSTEM)


def may(actor: Actor, permission: str) -> bool:
    if actor.role == "system":
        return True
    return actor.role == ("reviewer" if permission == "county" else "head")


def require(actor: Actor, permission: str) -> None:
    if not may(actor, permission):
        raise PermissionRefused(_("{role} {name} may not do this ({what}); ask the head of the station (主任).")
                                .format(role=actor.role_label, name=actor.name, what=_(WHAT[permission])),
                                permission)


# The references that lead from a row to its case: straight to the dispute, or through its parent row.
OWNER_COLUMNS = ("dispute_id", "evidence_id", "agreement_id")


def _case_through(session: Session, column: str, key: int | None) -> int | None:
    from db.models import Agreement, Evidence

    if key is None or column == "dispute_id":
        return key
    row = session.get(Evidence if column == "evidence_id" else Agreement, key)
    return row.dispute_id if row is not None else None


def dispute_id_of(session: Session, obj) -> int | None:
    """The case a row belongs to, through the owner chain (attachment → evidence, term → agreement)."""
    from db.models import Dispute

    if isinstance(obj, Dispute):
        return obj.id
    for column in OWNER_COLUMNS:
        key = getattr(obj, column, None)
        if key is not None:
            return _case_through(session, column, key)
    return None


def previous_dispute_id(session: Session, obj) -> int | None:
    """For a stored row whose owner reference is being changed: the case it belonged to until now."""
    from sqlalchemy import inspect, select

    state = inspect(obj)
    if not state.persistent:
        return None
    for column in OWNER_COLUMNS:
        if column not in state.mapper.column_attrs:
            continue
        history = state.attrs[column].history
        if history.deleted:
            return _case_through(session, column, history.deleted[0])
        if history.added:
            # The old value was never loaded (expired): ask the database, without flushing.
            table = state.mapper.local_table
            key = session.connection().execute(select(table.c[column]).where(*(
                c == v for c, v in zip(table.primary_key.columns, state.identity)))).scalar()
            return _case_through(session, column, key)
    return None


def _assigned(session: Session, dispute, mediator_id: int | None) -> bool:
    from sqlalchemy import inspect, select

    from db.models import DisputeMediator

    # The presiding mediator as stored, not as just edited: nobody takes a colleague's case by renaming it.
    history = inspect(dispute).attrs.presiding_mediator_id.history
    presiding = history.deleted[0] if history.deleted else dispute.presiding_mediator_id
    if presiding is None or presiding == mediator_id:
        return True
    return session.scalar(select(DisputeMediator.mediator_id).where(
        DisputeMediator.dispute_id == dispute.id, DisputeMediator.mediator_id == mediator_id)) is not None


def check_flush(session: Session, _context, _instances) -> None:
    """Before anything is written: no record of an archived case changes, and every new, changed or deleted row
    must be the actor's to change."""
    check_archived(session)
    actor = actor_of(session)
    if actor.role in ("system", "head", "reviewer"):
        return
    from db.models import Dispute

    seen: set[int] = set()
    for obj in _changed(session):
        table = obj.__table__.name
        if table in HEAD_ONLY_TABLES:
            raise PermissionRefused(_("{role} {name} may not change the station's set-up ({table}); ask the "
                                      "head of the station (主任).").format(
                role=actor.role_label, name=actor.name, table=table_label(table)), f"write {table}")
        # A row moved to another case leaves its old one: both must be the actor's to change.
        for dispute_id in (dispute_id_of(session, obj), previous_dispute_id(session, obj)):
            if dispute_id is None or dispute_id in seen:
                continue
            dispute = obj if isinstance(obj, Dispute) else session.get(Dispute, dispute_id)
            if dispute is None or dispute in session.new:
                continue
            if not _assigned(session, dispute, actor.mediator_id):
                raise PermissionRefused(_("Case {case} is assigned to another mediator: {role} {name} may read it "
                                          "but not change it. Ask its mediator or the head of the station (主任)."
                                          ).format(case=dispute.case_no or dispute.title, role=actor.role_label,
                                                   name=actor.name), f"change case {dispute.id}", dispute.id)
            seen.add(dispute_id)


def check_archived(session: Session) -> None:
    """Whoever acts, through whichever door (window, command line, any service): a row of an archived case's
    own records is neither added, changed nor deleted. The status is the one stored before this flush, so the
    archiving itself passes, and what the same transaction writes after it does not."""
    from sqlalchemy import select

    from app.lifecycle import CASE_RECORD_TABLES, refuse_if_archived
    from db.models import Dispute

    owners: dict[int, str] = {}
    for obj in _changed(session):
        table = obj.__table__.name
        if table not in CASE_RECORD_TABLES:
            continue
        for dispute_id in (dispute_id_of(session, obj), previous_dispute_id(session, obj)):
            if dispute_id is not None:
                owners.setdefault(dispute_id, table)
    stored = [] if not owners else session.connection().execute(
        select(Dispute.id, Dispute.status, Dispute.case_no, Dispute.title).where(Dispute.id.in_(owners))).all()
    for dispute_id, status, case_no, title in stored:
        refuse_if_archived(status, case=case_no or title, what=table_label(owners[dispute_id]))


def _changed(session: Session) -> Iterable:
    yield from session.new
    yield from (obj for obj in session.dirty if session.is_modified(obj))
    yield from session.deleted


def perform(write: sessionmaker[Session], actor: Actor, fn: Callable[[Session], T]) -> T:
    """Run fn in one transaction as actor; a refusal rolls it back, then is itself put on the audit trail."""
    from app import audit

    try:
        with write.begin() as session:
            session.info["actor"] = actor
            return fn(session)
    except PermissionRefused as exc:
        audit.record_refusal(write, actor, exc)
        raise
