"""What a form or an import row hands in (raw text), and its validation into clean values.

Validation collects every error at once, each naming the field and how to fix it, so that a form can
mark all bad fields and an import can list every bad cell.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from app import codes, validation
from app.errors import FieldError
from app.i18n import N_, _
from app.validation import Invalid
from app import clock

FIELD_LABELS: dict[str, str] = {
    "title": N_("Subject (事由)"), "type_code": N_("Dispute type"), "source_code": N_("Case source"),
    "registered_on": N_("Registered on"), "facts": N_("Facts"), "claims": N_("Claims"),
    "amount": N_("Amount involved (yuan)"), "people_involved": N_("People involved"),
    "risk_level": N_("Risk level"), "presiding_mediator_id": N_("Presiding mediator"),
    "parties": N_("Parties"), "name": N_("Name"), "role": N_("Role"), "kind": N_("Kind"),
    "gender": N_("Gender"), "ethnicity": N_("Ethnic group"), "birth_date": N_("Date of birth"),
    "occupation": N_("Occupation"), "address": N_("Address or work unit"), "phone": N_("Phone"),
    "id_number": N_("ID number"), "credit_code": N_("Unified social credit code"),
    "legal_representative": N_("Legal representative"), "agent_name": N_("Agent"),
    "agent_phone": N_("Agent's phone"), "agent_id_number": N_("Agent's ID number"),
    "agent_authority": N_("Agent's authority"), "sides_reason": N_("Why only one side"),
    "place_id": N_("Village or community (村/社区)"), "grid_id": N_("Grid (网格)"),
    "people_at_risk": N_("People at risk of escalation"),
}
ESCALATIONS = ("criminal", "mass_petition", "suicide", "group_fight")


def field_label(key: str) -> str:
    return _(FIELD_LABELS.get(key, key))


@dataclass(frozen=True)
class PartyDraft:
    role: str = "applicant"
    kind: str = "person"
    name: str = ""
    gender: str = ""
    ethnicity: str = ""
    birth_date: str = ""
    occupation: str = ""
    address: str = ""
    phone: str = ""
    id_number: str = ""
    credit_code: str = ""
    legal_representative: str = ""
    agent_name: str = ""
    agent_phone: str = ""
    agent_id_number: str = ""
    agent_authority: str = ""
    uid: str = ""          # set when editing an existing party


@dataclass(frozen=True)
class DisputeDraft:
    title: str = ""
    type_code: str = ""
    source_code: str = "applied"
    registered_on: str | date = ""
    facts: str = ""
    claims: str = ""
    amount: str | Decimal | float | int | None = ""
    people_involved: str | int = ""
    risk_level: str = "none"
    escalations: frozenset[str] = frozenset()
    is_public: bool = True
    presiding_mediator_id: int | None = None
    co_mediator_ids: tuple[int, ...] = ()
    parties: tuple[PartyDraft, ...] = ()
    place_id: int | None = None          # the station's own list of places (app/services/places.py)
    grid_id: int | None = None
    people_at_risk: str | int = ""
    sides_reason: str = ""      # why there is no applicant or no respondent (e.g. 主动调解 of a group)


@dataclass(frozen=True)
class CleanParty:
    role: str
    kind: str
    name: str
    gender: str | None = None
    ethnicity: str | None = None
    birth_date: date | None = None
    occupation: str | None = None
    address: str | None = None
    phone: str | None = None
    id_number: str | None = None
    credit_code: str | None = None
    legal_representative: str | None = None
    agent_name: str | None = None
    agent_phone: str | None = None
    agent_id_number: str | None = None
    agent_authority: str | None = None
    uid: str = ""


@dataclass(frozen=True)
class CleanDispute:
    title: str
    type_code: str
    source_code: str
    registered_on: date
    facts: str
    claims: str
    amount: Decimal | None
    people_involved: int
    risk_level: str
    escalations: frozenset[str]
    is_public: bool
    presiding_mediator_id: int | None
    co_mediator_ids: tuple[int, ...]
    parties: tuple[CleanParty, ...] = field(default_factory=tuple)
    place_id: int | None = None
    grid_id: int | None = None
    people_at_risk: int = 0
    sides_reason: str | None = None


class Collector:
    """Runs validators and gathers every failure as a FieldError naming the field."""

    def __init__(self, prefix: str = "", label_prefix: str = "", labels: dict[str, str] = FIELD_LABELS):
        self.errors: list[FieldError] = []
        self.prefix, self.label_prefix, self.labels = prefix, label_prefix, labels

    def run(self, key: str, fn, *args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except Invalid as exc:
            self.fail(key, str(exc))
            return None

    def fail(self, key: str, message: str) -> None:
        label = self.label_prefix + _(self.labels.get(key, key))
        self.errors.append(FieldError(label, message, self.prefix + key))


def _opt(value: str, fn):
    value = (value or "").strip()
    return fn(value) if value else None


def _code(table: codes.CodeTable, value: str, message: str):
    def check(v: str) -> str:
        if v not in table:
            raise Invalid(message)
        return v
    return _opt(value, check)


def clean_party(draft: PartyDraft, *, index: int, today: date, number: int | None = None
                ) -> tuple[CleanParty | None, list[FieldError]]:
    """index: the party's place in the form (the fields' keys); number: its place among its role's parties,
    as messages name it (the first respondent is 被申请人1, whoever comes before it)."""
    side = codes.party_roles().label(draft.role) or _("Party")
    c = Collector(f"parties.{index}.", _("{role} {n}, ").format(role=side, n=number or index + 1))
    name = c.run("name", validation.party_name, draft.name, organisation=draft.kind == "organisation")
    if draft.role not in codes.party_roles():
        c.fail("role", _("Choose 申请人, 被申请人 or 第三人."))
    if draft.kind not in ("person", "organisation"):
        c.fail("kind", _("Choose natural person or organisation."))
    phone = c.run("phone", _opt, draft.phone, validation.phone)
    address = c.run("address", validation.optional_text, draft.address, max_length=200)
    agent = dict(
        agent_name=c.run("agent_name", _opt, draft.agent_name, lambda v: validation.party_name(v, max_length=50)),
        agent_phone=c.run("agent_phone", _opt, draft.agent_phone, validation.phone),
        agent_id_number=c.run("agent_id_number", _opt, draft.agent_id_number,
                              lambda v: validation.id_number(v, today=today)),
        agent_authority=c.run("agent_authority", validation.optional_text, draft.agent_authority,
                              max_length=100))
    if draft.kind == "organisation":
        person = dict(credit_code=c.run("credit_code", _opt, draft.credit_code, validation.credit_code),
                      legal_representative=c.run("legal_representative", _opt, draft.legal_representative,
                                                 lambda v: validation.party_name(v, max_length=50)))
    else:
        person = _clean_person_fields(draft, c, today)
    if c.errors:
        return None, c.errors
    return CleanParty(role=draft.role, kind=draft.kind, name=name, address=address, phone=phone,
                      uid=draft.uid, **person, **agent), []


def _clean_person_fields(draft: PartyDraft, c: Collector, today: date) -> dict:
    id_number = c.run("id_number", _opt, draft.id_number, lambda v: validation.id_number(v, today=today))
    birth = c.run("birth_date", _opt, draft.birth_date,
                  lambda v: validation.parse_date(v, not_after=today, not_before=date(1900, 1, 1)))
    gender = draft.gender.strip() or None
    if gender not in (None, "male", "female"):
        c.fail("gender", _("Choose 男 or 女."))
    if id_number:
        # The ID number carries the birth date and sex: fill them in, and catch contradictions.
        id_birth, id_gender = validation.birth_date_from_id(id_number), validation.gender_from_id(id_number)
        if birth and birth != id_birth:
            c.fail("birth_date", _("The date of birth does not match the ID number ({date}); correct one of "
                                   "them.").format(date=id_birth.isoformat()))
        if gender and gender != id_gender:
            c.fail("gender", _("The gender does not match the ID number; correct one of them."))
        birth, gender = birth or id_birth, gender or id_gender
    ethnicity = c.run("ethnicity", _code, codes.ethnic_groups(), draft.ethnicity,
                      _("Choose an ethnic group from the list."))
    occupation = c.run("occupation", validation.optional_text, draft.occupation, max_length=100)
    return dict(id_number=id_number, birth_date=birth, gender=gender, ethnicity=ethnicity,
                occupation=occupation)


def clean_dispute(draft: DisputeDraft, *, today: date | None = None,
                  require_sides: bool = True) -> tuple[CleanDispute | None, list[FieldError]]:
    """Validate everything; returns (clean, []) or (None, every error). `require_sides`: an applicant and a
    respondent, or the reason why not (a form, the CLI); an import of old register rows takes what was kept."""
    today = today or clock.today()
    c = Collector()
    title = c.run("title", validation.required_text, draft.title, max_length=200)
    type_code = c.run("type_code", _code, codes.dispute_types(), draft.type_code,
                      _("Choose a dispute type from the list."))
    if not type_code and not any(e.key == "type_code" for e in c.errors):
        c.fail("type_code", _("Choose a dispute type from the list."))
    source = c.run("source_code", _code, codes.case_sources(), draft.source_code,
                   _("Choose a case source from the list."))
    if not source and not any(e.key == "source_code" for e in c.errors):
        c.fail("source_code", _("Choose a case source from the list."))
    registered = c.run("registered_on", validation.parse_date, draft.registered_on or today.isoformat(),
                       not_after=today, not_before=date(2000, 1, 1))
    facts = c.run("facts", validation.optional_text, draft.facts, max_length=20000) or ""
    claims = c.run("claims", validation.optional_text, draft.claims, max_length=10000) or ""
    amount = c.run("amount", _opt_amount, draft.amount)
    people = c.run("people_involved", _opt_count, draft.people_involved)
    if draft.risk_level not in codes.risk_levels():
        c.fail("risk_level", _("Choose 无, 黄, 橙 or 红."))
    at_risk = c.run("people_at_risk", lambda v: 0 if v in (None, "") else validation.count(v),
                    draft.people_at_risk) or 0
    if draft.grid_id is not None and draft.place_id is None:
        c.fail("place_id", _("Choose the village or community of the grid."))
    parties = []
    for i, p in enumerate(draft.parties):
        number = sum(1 for q in draft.parties[:i + 1] if q.role == p.role)
        clean, errors = clean_party(p, index=i, today=today, number=number)
        c.errors.extend(errors)
        if clean:
            parties.append(clean)
    sides_reason = c.run("sides_reason", validation.optional_text, draft.sides_reason, max_length=500)
    if require_sides:
        problem = validation.sides_problem([p.role for p in draft.parties], sides_reason)
        if problem:
            c.fail("parties", problem)
    elif not any(p.role == "applicant" for p in draft.parties):     # a respondent alone is not a case
        c.fail("parties", _("Add at least one party (the applicant)."))
    involved = people if people is not None else len(draft.parties)
    if at_risk > involved:          # those at risk are among those involved (the parties, when not counted)
        c.fail("people_at_risk", _("More people at risk ({n}) than people involved ({m}); correct one of them.")
               .format(n=at_risk, m=involved))
    if c.errors:
        return None, c.errors
    return CleanDispute(
        title=title, type_code=type_code, source_code=source, registered_on=registered, facts=facts,
        claims=claims, amount=amount, people_involved=people if people is not None else len(parties),
        risk_level=draft.risk_level, escalations=frozenset(e for e in draft.escalations if e in ESCALATIONS),
        is_public=draft.is_public, presiding_mediator_id=draft.presiding_mediator_id,
        co_mediator_ids=tuple(draft.co_mediator_ids), parties=tuple(parties), place_id=draft.place_id,
        grid_id=draft.grid_id, people_at_risk=at_risk,
        sides_reason=sides_reason if require_sides and not _both_sides(parties) else None), []


def _both_sides(parties: list[CleanParty]) -> bool:
    roles = {p.role for p in parties}
    return "applicant" in roles and "respondent" in roles


def _opt_amount(value) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return validation.amount(value)


def _opt_count(value) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return validation.count(value, minimum=1)


def suggested_title(parties: tuple[PartyDraft, ...] | list[PartyDraft], type_code: str) -> str:
    """The usual 事由 from the parties and the type: 赵钱与孙李邻里纠纷 ("" until a name is typed)."""
    def names(role: str) -> str:
        return "、".join(p.name.strip() for p in parties if p.role == role and p.name.strip())
    applicants, respondents = names("applicant"), names("respondent")
    if not applicants and not respondents:
        return ""
    kind = codes.dispute_types().get(type_code)
    label = kind.zh if kind else ""
    who = f"{applicants}与{respondents}" if applicants and respondents else applicants or respondents
    return f"{who}{label}{'' if label.endswith('纠纷') else '纠纷'}"
