"""Frozen views of a case's mediation records: sessions, investigations, evidence, hearings, agreements,
follow-ups. Built from rows by the services; read by the UI, the rules (app/checks.py) and documents."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from app.codes import HearingStatus, SessionStatus
from app.validation import from_fen
from app.i18n import N_

# The states of a session or a hearing record, as the case window and its history name them.
RECORD_STATUS_LABELS = {SessionStatus.PLANNED: N_("Planned"), SessionStatus.RECORDED: N_("Recorded"),
                        SessionStatus.CANCELLED: N_("Cancelled"), HearingStatus.HELD: N_("Held")}
SEVEN_POINTS = ("rights_told", "principles_explained", "statements", "findings_checked", "risks_explained",
                "outcome", "signatures")


def _fields(cls, row, **extra):
    return cls(**{f: extra[f] if f in extra else getattr(row, f) for f in cls.__dataclass_fields__})


@dataclass(frozen=True)
class SessionView:
    id: int
    uid: str
    seq: int
    status: str
    planned_at: datetime
    place: str
    held_at: datetime | None
    is_public: bool
    presiding_mediator_id: int | None
    record_keeper_id: int | None
    co_mediator_ids: tuple[int, ...]
    parties_present: tuple[str, ...]
    participants: tuple[tuple[str, str], ...]       # (name, role)
    rights_told: bool
    principles_explained: bool
    statements: dict[str, str]
    findings_checked: str
    risks_explained: str
    outcome: str | None
    terms_reached: str
    no_agreement_reason: str
    routes_explained: tuple[str, ...]
    proposal: str
    signatures: dict[str, bool]
    notes: str
    participant_members: tuple[str, ...] = ()       # parallel to participants: the roster member's uid, or ""

    @classmethod
    def from_row(cls, row) -> SessionView:
        return _fields(cls, row, co_mediator_ids=tuple(row.co_mediator_ids or ()),
                       participant_members=tuple(str(p.get("member") or "") for p in row.participants or ()),
                       parties_present=tuple(row.parties_present or ()),
                       participants=tuple((p.get("name", ""), p.get("role", "")) for p in row.participants or ()),
                       routes_explained=tuple(row.routes_explained or ()), statements=dict(row.statements or {}),
                       signatures=dict(row.signatures or {}))


@dataclass(frozen=True)
class InvestigationView:
    id: int
    uid: str
    held_at: datetime
    place: str
    investigator_id: int | None
    record_keeper_id: int | None
    person_questioned: str
    questions: tuple[tuple[str, str], ...]

    @classmethod
    def from_row(cls, row) -> InvestigationView:
        return _fields(cls, row, questions=tuple((q.get("q", ""), q.get("a", "")) for q in row.questions or ()))


@dataclass(frozen=True)
class AttachmentView:
    id: int
    sha256: str
    filename: str
    size: int
    media_type: str


@dataclass(frozen=True)
class EvidenceView:
    id: int
    uid: str
    position: int
    name: str
    source: str
    kind: str
    pages: int
    provided_by: str
    received_on: date | None
    attachments: tuple[AttachmentView, ...]


@dataclass(frozen=True)
class HearingOfficerView:
    id: int
    uid: str
    name: str
    category: str
    phone: str | None
    unit: str
    active: bool

    @classmethod
    def from_row(cls, row) -> HearingOfficerView:
        return _fields(cls, row)


@dataclass(frozen=True)
class HearingView:
    id: int
    uid: str
    status: str
    planned_at: datetime
    place: str
    is_public: bool
    private_reason: str
    presider_id: int | None
    clerk_id: int | None
    officer_ids: tuple[int, ...]
    parties_present: tuple[str, ...]
    others_present: tuple[str, ...]
    notices: dict[str, str]
    record: dict[str, str]
    opinions: dict[str, str]
    refusals: str
    held_on: date | None
    summary_due: date | None
    summary_on: date | None
    summary_facts: str
    summary_views: str
    summary_disagreements: str
    summary_handling: str

    @classmethod
    def from_row(cls, row) -> HearingView:
        return _fields(cls, row, officer_ids=tuple(row.officer_ids or ()),
                       parties_present=tuple(row.parties_present or ()),
                       others_present=tuple(row.others_present or ()), notices=dict(row.notices or {}),
                       record=dict(row.record or {}), opinions={str(k): v for k, v in (row.opinions or {}).items()})


@dataclass(frozen=True)
class TermView:
    id: int
    uid: str
    position: int
    obligor_uid: str
    obligee_uid: str
    content: str
    involves_money: bool
    amount: Decimal | None
    method: str
    place: str
    due_on: date | None
    performance: str
    performed_on: date | None
    performance_note: str
    co_obligor_uids: tuple[str, ...] = ()   # further obligors, besides obligor_uid
    co_obligee_uids: tuple[str, ...] = ()
    liability: str = ""                     # several obligors: "joint" (连带) or "shares" (按份)
    shares: tuple[tuple[str, str], ...] = ()   # (uid, "1,500.00" or "60%") for each obligor, by shares

    @classmethod
    def from_row(cls, row) -> TermView:
        return _fields(cls, row, amount=from_fen(row.amount_fen), co_obligor_uids=tuple(row.co_obligor_uids or ()),
                       co_obligee_uids=tuple(row.co_obligee_uids or ()),
                       shares=tuple((row.shares or {}).items()))

    @property
    def obligors(self) -> tuple[str, ...]:
        """Every party who performs the term (uids), the first one first."""
        return tuple(dict.fromkeys(u for u in (self.obligor_uid, *self.co_obligor_uids) if u))

    @property
    def obligees(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(u for u in (self.obligee_uid, *self.co_obligee_uids) if u))

    def overdue(self, today: date) -> bool:
        return self.performance != "performed" and self.due_on is not None and self.due_on < today

    @property
    def performed_with_evidence(self) -> bool:
        """Recorded performed with its receipt or evidence: what 履行完毕 and the statistics' 已履行 need of it."""
        return self.performance == "performed" and bool(self.performance_note.strip())


@dataclass(frozen=True)
class CitationView:
    law: str
    article: str
    gist: str      # the station's words for it: printed as an explanation, never as the statute's text


@dataclass(frozen=True)
class AgreementView:
    id: int
    uid: str
    revision: int
    form: str
    facts: str
    matters: str
    responsibilities: str
    findings: str
    fairness: str
    copies: int
    status_matter: bool
    signed_on: date | None
    signatories: str
    effective_on: date | None
    jc_applied_on: date | None
    jc_court: str
    jc_result: str | None
    jc_result_on: date | None
    terms: tuple[TermView, ...]
    citations: tuple[CitationView, ...]

    @property
    def jc_window_ends(self) -> date | None:
        """人民调解法 Art 33: joint application within 30 days of the agreement taking effect."""
        from datetime import timedelta

        return self.effective_on + timedelta(days=30) if self.effective_on else None

    @property
    def last_due(self) -> date | None:
        dues = [t.due_on for t in self.terms if t.due_on]
        return max(dues) if dues else None


@dataclass(frozen=True)
class FollowUpView:
    id: int
    uid: str
    due_on: date
    visited_on: date | None
    visitor_id: int | None
    persons_visited: str
    performance: str
    satisfaction: str | None
    escalation_signs: str
    measures: str

    @classmethod
    def from_row(cls, row) -> FollowUpView:
        return _fields(cls, row)


@dataclass(frozen=True)
class ProvisionView:
    law: str
    article: str
    gist: str
    topic: str
    custom: bool
    text: str = ""        # the article verbatim (the built-in catalogue); "" for a station's own entry
    source: str = ""      # which text: how the law was adopted or last amended
    version: str = ""     # in force from (ISO date)


@dataclass(frozen=True)
class NonperformanceView:
    id: int
    uid: str
    follow_up_id: int
    term_id: int
    term_position: int
    found_on: date
    detail: str
    options_explained: tuple[str, ...]
    parties_choice: str


@dataclass(frozen=True)
class DepositView:
    id: int
    uid: str
    term_id: int
    term_position: int
    amount: Decimal
    received_on: date
    paid_by: str
    holder: str
    outcome: str | None          # released (to the obligee) / returned (to the payer); None while held
    settled_on: date | None
    settled_to: str
    note: str

    @property
    def held(self) -> bool:
        return self.outcome is None
