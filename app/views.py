"""Frozen result dataclasses: what services hand to the UI, the command line, documents and bundles."""
from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime
from decimal import Decimal

from app.i18n import _
from app.lifecycle import CLOSING_STATUSES, Status
from app.validation import from_fen


@dataclass(frozen=True)
class StationView:
    id: int
    uid: str
    name: str
    code: str
    county: str
    case_prefix: str

    @classmethod
    def from_row(cls, row) -> StationView:
        return cls(row.id, row.uid, row.name, row.code, row.county, row.case_prefix)


@dataclass(frozen=True)
class MediatorView:
    id: int
    uid: str
    name: str
    role: str
    phone: str | None
    active: bool

    @classmethod
    def from_row(cls, row) -> MediatorView:
        return cls(row.id, row.uid, row.name, row.role, row.phone, row.active)


@dataclass(frozen=True)
class PartyView:
    id: int
    uid: str
    role: str
    kind: str
    name: str
    gender: str | None
    ethnicity: str | None
    birth_date: date | None
    occupation: str | None
    address: str | None
    phone: str | None
    id_number: str | None
    credit_code: str | None
    legal_representative: str | None
    agent_name: str | None
    agent_phone: str | None
    agent_id_number: str | None
    agent_authority: str | None

    @classmethod
    def from_row(cls, row) -> PartyView:
        return cls(**{f: getattr(row, f) for f in cls.__dataclass_fields__})

    @property
    def signs_as(self) -> str:
        """Who signs for the party: a person themself; an organisation through its agent if one is entered, else
        its legal representative (法定代表人或负责人), "赵大海（青山建材有限公司）"."""
        person = (self.agent_name or self.legal_representative or "").strip() if self.kind == "organisation" else ""
        return f"{person}（{self.name}）" if person else self.name

    @property
    def attends_as(self) -> str:
        """The party at a session: an organisation attends through its agent or its representative, named."""
        if self.kind != "organisation":
            return self.name
        if (self.agent_name or "").strip():
            return _("{org} (through its agent {name})").format(org=self.name, name=self.agent_name.strip())
        if (self.legal_representative or "").strip():
            return _("{org} (through its legal representative {name})").format(
                org=self.name, name=self.legal_representative.strip())
        return self.name


@dataclass(frozen=True)
class StatusChangeView:
    from_status: str | None
    to_status: str
    on_date: date
    at: datetime
    by_name: str | None
    reason: str | None


@dataclass(frozen=True)
class ExtensionView:
    old_deadline: date
    new_deadline: date
    consent_on: date
    consenting_names: tuple[str, ...]
    note: str | None


@dataclass(frozen=True)
class DisputeView:
    id: int
    uid: str
    revision: int
    case_no: str | None
    title: str
    type_code: str
    source_code: str
    registered_on: date
    accepted_on: date | None
    presiding_mediator_id: int | None
    presiding_mediator_name: str | None
    co_mediator_ids: tuple[int, ...]
    facts: str
    claims: str
    amount: Decimal | None
    people_involved: int
    risk_level: str
    escalations: frozenset[str]
    is_public: bool
    status: Status
    deadline: date | None
    closed_on: date | None
    outcome: str | None
    routes_explained: tuple[str, ...]
    referral_target: str | None
    decline_reason: str | None
    end_reason: str | None
    parties: tuple[PartyView, ...]
    history: tuple[StatusChangeView, ...]
    extensions: tuple[ExtensionView, ...]
    deleted: bool
    late_reason: str | None = None          # why it closed after the limit without an extension
    original_case_no: str | None = None     # its number in the former register (imported cases)
    agreed_amount: Decimal | None = None    # 协议金额 of an imported case
    place_id: int | None = None          # 村/社区 and 网格, from the station's list
    grid_id: int | None = None
    people_at_risk: int = 0              # of the people involved, those at risk of escalation

    def parties_in(self, role: str) -> list[PartyView]:
        return [p for p in self.parties if p.role == role]

    @property
    def sides_reason(self) -> str:
        """Why the case has no applicant or no respondent: kept as the reason of its registration."""
        first = self.history[0] if self.history else None
        return (first.reason or "") if first is not None and first.from_status is None else ""

    @property
    def closed_as(self) -> Status | None:
        """How the case was closed (declined, referred, settled, failed, ended), from its history: still known
        once it is performed or archived, when `status` no longer says it."""
        return next((Status(h.to_status) for h in reversed(self.history) if h.to_status in CLOSING_STATUSES), None)

    def to_json(self) -> dict:
        """The JSON of `cases show --json` (full identities: the command is for the station's own admins)."""
        data = asdict(self)
        data["amount"] = None if self.amount is None else str(self.amount)
        data["agreed_amount"] = None if self.agreed_amount is None else str(self.agreed_amount)
        data["type"], data["source"], data["risk"] = self.type_code, self.source_code, self.risk_level
        data["escalations"] = sorted(self.escalations)
        data["status"] = str(self.status)
        for p in data["parties"]:
            p["birth_date"] = p["birth_date"] and p["birth_date"].isoformat()
        for h in data["history"]:
            h["on_date"], h["at"] = h["on_date"].isoformat(), h["at"].isoformat(timespec="seconds")
        for e in data["extensions"]:
            for k in ("old_deadline", "new_deadline", "consent_on"):
                e[k] = e[k].isoformat()
        for k in ("registered_on", "accepted_on", "deadline", "closed_on"):
            data[k] = data[k] and data[k].isoformat()
        return data


@dataclass(frozen=True)
class RegisterRow:
    """One line of the register (台账)."""
    id: int
    case_no: str | None
    title: str
    type_code: str
    parties_text: str
    status: Status
    presiding_name: str | None
    registered_on: date
    deadline: date | None
    risk_level: str
    amount: Decimal | None

    def to_json(self) -> dict:
        return {"id": self.id, "case_no": self.case_no, "title": self.title, "type": self.type_code,
                "parties": self.parties_text, "status": str(self.status), "presiding": self.presiding_name,
                "registered_on": self.registered_on.isoformat(),
                "deadline": self.deadline and self.deadline.isoformat(), "risk": self.risk_level,
                "amount": None if self.amount is None else str(self.amount)}


def amount_of(fen: int | None) -> Decimal | None:
    return from_fen(fen)
