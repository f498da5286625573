"""The case's history (历程) in plain words, read from the audit trail: who did what, when, and for the
fields that matter what they were before and after."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import codes
from app.access import table_label
from app.documents import registry
from app.drafts import FIELD_LABELS
from app.record_views import RECORD_STATUS_LABELS
from app.i18n import N_, _, format_amount, format_date
from app.validation import from_fen
from db.models import AuditEntry, Mediator

FIELDS = {**FIELD_LABELS, "status": N_("Status"), "deadline": N_("Deadline"), "accepted_on": N_("Accepted on"),
          "closed_on": N_("Closed on"), "case_no": N_("Case number"), "outcome": N_("Outcome"),
          "amount_fen": N_("Amount involved (yuan)"), "decline_reason": N_("Reason for not accepting"),
          "end_reason": N_("Reason for ending"), "referral_target": N_("Referred to"),
          "risk_criminal": N_("Risk: civil turning criminal (民转刑)"),
          "risk_mass_petition": N_("Risk: mass petition (群体性上访)"), "risk_suicide": N_("Risk: suicide (自杀)"),
          "risk_group_fight": N_("Risk: group fight (群体性械斗)"), "planned_at": N_("Planned for"),
          "place": N_("Place"), "held_at": N_("Held at"), "terms_reached": N_("Terms reached"),
          "signed_on": N_("Signed on"), "visited_on": N_("Visited on"), "new_deadline": N_("New deadline"),
          "performance": N_("Performance"), "performed_on": N_("Performed on"), "due_on": N_("Deadline"),
          "satisfaction": N_("Satisfaction"), "received_on": N_("Received on"), "source": N_("Source"),
          "pages": N_("Pages on paper"), "provided_by": N_("Provided by"), "person_questioned": N_("Person questioned"),
          "form": N_("Form of the agreement"), "questions": N_("Questions and answers")}
# Where a field means something else in another record
TABLE_FIELDS = {("investigation", "held_at"): N_("Time")}
MAX_SHOWN = 60
# Stored words shown as the forms show them (never "performed" or "male" in the 历程).
_WORDS = {"performance": {"pending": N_("Pending"), "partly": N_("Partly performed"), "performed": N_("Performed")},
          "gender": {"male": N_("Male"), "female": N_("Female")},
          "form": {"written": N_("Written agreement"), "oral": N_("Oral agreement")}}
_PARTY_KINDS = {"person": N_("Natural person"), "organisation": N_("Organisation")}
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class HistoryLine:
    at: datetime                     # naive UTC, as stored
    actor: str
    text: str
    details: tuple[str, ...] = ()


def case_history(session: Session, *, dispute_id: int) -> list[HistoryLine]:
    entries = session.scalars(select(AuditEntry).where(AuditEntry.dispute_id == dispute_id)
                              .order_by(AuditEntry.seq)).all()
    names = dict(session.execute(select(Mediator.id, Mediator.name)).all())
    return [_line(e, names) for e in entries]


def _line(entry: AuditEntry, names: dict[int, str]) -> HistoryLine:
    detail = json.loads(entry.detail or "{}")
    what = table_label(entry.table_name or "")
    values = detail.get("values", {})
    at = datetime.fromisoformat(entry.at)
    if entry.action == "insert":
        if entry.table_name == "dispute" and "imported_from" in detail:
            text = _("imported the case from the former register ({file}), status {status}").format(
                file=detail["imported_from"], status=codes.statuses().label(values.get("status")))
        elif entry.table_name == "dispute":
            text = _("registered the case")
        elif entry.table_name == "status_change":
            statuses = codes.statuses()
            text = _("changed the status from {before} to {after}").format(
                before=statuses.label(values.get("from_status")) or _("(none)"),
                after=statuses.label(values.get("to_status")))
        elif entry.table_name == "issued_document":
            title = registry.title(values.get("doc_type"))
            text = _("issued 《{title}》 (version {version}, verification code {code})").format(
                title=title, version=values.get("version"), code=values.get("code"))
        else:
            text = _("added {what}").format(what=what) + _named(values)
        return HistoryLine(at, entry.actor, text)
    if entry.action in ("delete", "undelete"):
        text = _("deleted {what}") if entry.action == "delete" else _("restored {what}")
        return HistoryLine(at, entry.actor, text.format(what=what) + _named(values))
    if entry.action == "refused":
        return HistoryLine(at, entry.actor, _("was refused a change to the case"))
    changes = detail.get("changes", {})
    shown = [_change(key, before, after, names, entry.table_name or "") for key, (before, after) in changes.items()
             if key in FIELDS]
    hidden = len(changes) - len(shown)
    if hidden:
        shown.append(_("{n} other details").format(n=hidden))
    return HistoryLine(at, entry.actor, _("changed {what}").format(what=what), tuple(shown))


def _named(values: dict) -> str:
    name = values.get("name") or values.get("filename")      # a party, evidence; an attached file
    return _(": {name}").format(name=name) if name else ""


def _change(key: str, before, after, names: dict[int, str], table: str = "") -> str:
    return _("{field}: “{before}” → “{after}”").format(
        field=_(TABLE_FIELDS.get((table, key), FIELDS[key])), before=_value(key, before, names, table), after=_value(key, after, names, table))


def _value(key: str, value, names: dict[int, str], table: str = "") -> str:
    """A stored value as the form showed it: labels for codes, local dates and times, never a raw code."""
    if value is None or value == "":
        return _("(empty)")
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if key == "amount_fen":
        return format_amount(from_fen(value))
    if key.endswith("mediator_id"):
        return names.get(value, str(value))
    if key == "status" and table in ("mediation_session", "hearing"):
        return _(RECORD_STATUS_LABELS.get(value, str(value)))
    if key == "outcome":
        if table == "mediation_session":
            return codes.load("session_outcomes").label(value)
        return _(_WORDS["form"].get(value, str(value)))
    if key == "questions" and isinstance(value, list):      # an investigation's questions, not their JSON
        value = "；".join(f"问：{qa.get('q', '')} 答：{qa.get('a', '')}" for qa in value if isinstance(qa, dict))
    if key in _WORDS:
        return _(_WORDS[key][value]) if value in _WORDS[key] else str(value)
    if key == "kind":
        return _(_PARTY_KINDS[value]) if value in _PARTY_KINDS else codes.load("evidence_kinds").label(value)
    code_table = {"status": codes.statuses, "type_code": codes.dispute_types, "source_code": codes.case_sources,
                  "risk_level": codes.risk_levels, "role": codes.party_roles, "ethnicity": codes.ethnic_groups,
                  "satisfaction": lambda: codes.load("satisfaction")}.get(key)
    if code_table is not None:
        return code_table().label(value)
    if isinstance(value, str) and _ISO_DATE.match(value):
        if len(value) >= 16 and value[10:11] in "T ":   # a session's or a hearing's local time, to the minute
            return f"{format_date(date.fromisoformat(value[:10]))} {value[11:16]}"
        if len(value) == 10:
            return format_date(date.fromisoformat(value))
    text = str(value)
    return text if len(text) <= MAX_SHOWN else text[:MAX_SHOWN] + "…"
