"""Procedural checks (程序瑕疵预警, 卷宗自查): small pure rules over a CaseRecord, each with a code, a
severity and a message in plain words. Archiving is refused while any "error" remains. What a document lacks
comes from the registry of document types (app/documents/registry.py); the rules here say how grave it is."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from app.documents import registry
from app.i18n import N_, _
from app.lifecycle import OPEN_STATUSES, Action, ActionRequest, CaseFacts, Status, requirement
from app.record_views import TermView
from app.services.case_record import CaseRecord

ERROR, WARNING = "error", "warning"
SEVERITY_LABELS = {ERROR: N_("must be fixed"), WARNING: N_("look at it")}


@dataclass(frozen=True)
class Finding:
    code: str
    severity: str
    message: str

    @property
    def severity_label(self) -> str:
        return _(SEVERITY_LABELS[self.severity])

    def to_json(self) -> dict:
        return {"code": self.code, "severity": self.severity, "message": self.message}


Rule = Callable[[CaseRecord, date], list[Finding]]
RULES: list[Rule] = []


def rule(fn: Rule) -> Rule:
    RULES.append(fn)
    return fn


def check_case(record: CaseRecord, *, today: date) -> list[Finding]:
    return [f for r in RULES for f in r(record, today)]


def errors(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity == ERROR]


@rule
def no_presiding_mediator(r: CaseRecord, today: date) -> list[Finding]:
    if r.dispute.status != Status.REGISTERED and r.dispute.presiding_mediator_id is None:
        return [Finding("P01", ERROR, _("No presiding mediator: choose one on the Overview tab."))]
    return []


@rule
def rights_not_told_first(r: CaseRecord, today: date) -> list[Finding]:
    recorded = r.recorded_sessions
    if recorded and not recorded[0].rights_told:
        return [Finding("P02", ERROR, _("The parties' rights and duties are not recorded as told before the first session (若干规定 Art 30)."))]
    return []


@rule
def session_missing_points(r: CaseRecord, today: date) -> list[Finding]:
    found = []
    for s in r.recorded_sessions:
        missing = registry.lacks(r, "session-record", str(s.seq))
        if missing:
            found.append(Finding("P03", ERROR, _("The record of session {n} lacks: {points}.").format(
                n=s.seq, points="、".join(missing))))
    return found


def _was_mediated(r: CaseRecord) -> bool:
    return any(h.to_status == Status.IN_MEDIATION for h in r.dispute.history)


@rule
def mediated_without_record(r: CaseRecord, today: date) -> list[Finding]:
    if r.dispute.status != Status.IN_MEDIATION and _was_mediated(r) and not r.recorded_sessions:
        return [Finding("P04", ERROR, _("The mediation is over but no session was recorded."))]
    return []


@rule
def agreement_incomplete(r: CaseRecord, today: date) -> list[Finding]:
    settled = r.dispute.outcome is not None
    if settled and r.agreement is None:
        return [Finding("P05", ERROR, _("The case is settled but no agreement is recorded."))]
    if r.agreement is None:
        return []
    missing = registry.lacks(r, registry.agreement_type(r.agreement.form), signing=False)
    if missing:
        severity = ERROR if settled or r.agreement.signed_on else WARNING
        return [Finding("P06", severity, _("The agreement lacks: {parts}.").format(parts="；".join(missing)))]
    if settled and r.agreement.signed_on is None:
        return [Finding("P07", ERROR, _("The agreement has not been signed and is not in effect."))]
    return []


@rule
def limit_passed_without_consent(r: CaseRecord, today: date) -> list[Finding]:
    d = r.dispute
    if d.accepted_on is None or d.deadline is None:
        return []
    ended = d.closed_on if d.status not in OPEN_STATUSES else today
    if ended and ended > d.deadline and d.late_reason:
        # 若干规定 Art 33 says "generally": with the reason on record the dossier can be filed (finding P08).
        return [Finding("P08", WARNING, _("Closed after the one-month limit ({date}) without an extension; the reason on record: {reason}").format(
            date=d.deadline.isoformat(), reason=d.late_reason))]
    if ended and ended > d.deadline:
        return [Finding("P08", ERROR, _("The one-month limit ({date}) has passed without the parties' consent to an extension on record.").format(
            date=d.deadline.isoformat()))]
    return []


@rule
def follow_up_not_done(r: CaseRecord, today: date) -> list[Finding]:
    late = [f for f in r.follow_ups if f.visited_on is None and f.due_on < today]
    if late:
        return [Finding("P09", ERROR if r.dispute.status in (Status.PERFORMED, Status.UNPERFORMED) else WARNING,
                        _("The follow-up visit is overdue (due by {date}).").format(date=late[0].due_on.isoformat()))]
    return []


@rule
def performance_overdue(r: CaseRecord, today: date) -> list[Finding]:
    if r.agreement is None:
        return []
    return [Finding("P10", WARNING, _("Term {n} of the agreement is past its deadline ({date}) and not fully performed.").format(
        n=t.position, date=t.due_on.isoformat())) for t in r.agreement.terms if t.overdue(today)]


@rule
def hearing_summary_late(r: CaseRecord, today: date) -> list[Finding]:
    return [Finding("P11", WARNING, _("The hearing summary is late: it was due by {date} (7 working days after the hearing).").format(
        date=h.summary_due.isoformat())) for h in r.hearings
        if h.status == "held" and h.summary_on is None and h.summary_due and h.summary_due < today]


@rule
def hearing_officer_opinions(r: CaseRecord, today: date) -> list[Finding]:
    held = [h for h in r.hearings if h.status == "held"]
    return [Finding("P12", ERROR, _("The hearing record lacks a hearing officer's opinion."))
            for n in range(1, len(held) + 1) if registry.lacks(r, "hearing-record", str(n))]


@rule
def confirmation_of_excluded_matter(r: CaseRecord, today: date) -> list[Finding]:
    a = r.agreement
    if a and a.jc_applied_on and a.status_matter:
        return [Finding("P13", ERROR, _("Judicial confirmation was asked for an agreement about marriage, adoption or status relations, which cannot be confirmed."))]
    return []


@rule
def failed_without_routes(r: CaseRecord, today: date) -> list[Finding]:
    if r.dispute.status == Status.FAILED and registry.lacks(r, "termination"):
        return [Finding("P14", ERROR, _("Mediation failed but the other routes explained to the parties are not recorded (人民调解法 Art 26)."))]
    return []


@rule
def unperformed_without_record(r: CaseRecord, today: date) -> list[Finding]:
    if r.dispute.status == Status.UNPERFORMED and not r.nonperformance:
        return [Finding("P15", ERROR, _("The case was closed as not performed, but no follow-up visit records which term was not performed and which routes were explained."))]
    return []


@rule
def deposit_still_held(r: CaseRecord, today: date) -> list[Finding]:
    if r.dispute.status in (Status.PERFORMED, Status.UNPERFORMED, Status.ARCHIVED):
        return [Finding("P16", WARNING, _("The deposit of {amount} yuan for term {n} is still held by {holder}: record whether it was released or returned.").format(
            amount=f"{d.amount:,.2f}", n=d.term_position, holder=d.holder)) for d in r.deposits if d.held]
    return []


# How far a term was performed, as the messages name it.
PERFORMANCE_LABELS = {"pending": N_("Pending"), "partly": N_("Partly performed"), "performed": N_("Performed")}


def open_terms(r: CaseRecord) -> list[TermView]:
    """The agreement's terms not recorded performed with their evidence: 履行完毕 needs none left (as the statistics
    count a case performed only on the evidence of every term)."""
    return [t for t in r.agreement.terms if not t.performed_with_evidence] if r.agreement else []


def terms_text(terms: list[TermView]) -> str:
    """第2条（未履行，期限2027-01-20）、… for a message."""
    parts = []
    for t in terms:
        state = _(PERFORMANCE_LABELS.get(t.performance, t.performance))
        if t.performance == "performed":
            state = _("performed, without its evidence")
        due = _(", due {date}").format(date=t.due_on.isoformat()) if t.due_on else ""
        parts.append(_("term {n} ({state}{due})").format(n=t.position, state=state, due=due))
    return "、".join(parts)


def ways_on(terms: list[TermView], today: date) -> str:
    """What can be done about terms still open, for the messages of 履行完毕 and 归档."""
    text = _("Record each term's performance with its receipt or evidence on the Agreement tab (登记所选条款的履行情况…).")
    if any(t.due_on is None or t.due_on >= today for t in terms if t.performance != "performed"):
        text += " " + _("A term not yet due: wait for its deadline.")
    text += " " + _("A term not performed by its deadline: record it at a follow-up visit (回访 tab, 记录未履行) with the "
                    "routes explained, then close the case as not performed (人民调解法 Art 32).")
    return text


def _closed_unperformed(r: CaseRecord) -> bool:
    return any(h.to_status == Status.UNPERFORMED for h in r.dispute.history)


@rule
def performed_with_open_terms(r: CaseRecord, today: date) -> list[Finding]:
    d = r.dispute
    if d.status not in (Status.PERFORMED, Status.ARCHIVED) or d.outcome is None or _closed_unperformed(r):
        return []
    left = open_terms(r)
    if not left:
        return []
    if d.status == Status.ARCHIVED:
        return [Finding("P17", ERROR, _("The case was archived as performed, but these terms of the agreement are not "
                                        "recorded as performed with their evidence: {terms}.").format(
            terms=terms_text(left)))]
    return [Finding("P17", ERROR, _("The case is marked performed (履行完毕), but these terms of the agreement are not "
                                    "recorded as performed with their evidence: {terms}.").format(terms=terms_text(left))
                    + " " + ways_on(left, today))]


@rule
def keeper_signed_unnamed(r: CaseRecord, today: date) -> list[Finding]:
    """Records saved before the session form refused it: ⑦ ticks the record-keeper's signature, none is named."""
    return [Finding("P18", ERROR, _("The record of session {n} says the record-keeper signed, but names no "
                                    "record-keeper: choose who kept the record.").format(n=s.seq))
            for s in r.recorded_sessions if s.signatures.get("record_keeper") and s.record_keeper_id is None]


# --- the lifecycle consults the findings -----------------------------------------------------------------

@requirement(Action.SETTLE)
def _agreement_signed(facts: CaseFacts, request: ActionRequest) -> str | None:
    record: CaseRecord | None = facts.extra.get("record")
    if record is None:
        return None
    a = record.agreement
    if a is None or a.signed_on is None:
        return _("Record and sign the agreement on the Agreement tab before closing the case as settled.")
    if request.outcome and a.form != request.outcome:
        return _("The recorded agreement is {form}; close the case with the same form.").format(
            form=_("written") if a.form == "written" else _("oral"))
    return None


@requirement(Action.PERFORM)
def _every_term_performed(facts: CaseFacts, request: ActionRequest) -> str | None:
    record: CaseRecord | None = facts.extra.get("record")
    left = open_terms(record) if record is not None else []
    if left:
        return _("The agreement is not wholly performed: {terms}.").format(terms=terms_text(left)) + " " + \
            ways_on(left, request.on)
    return None


@requirement(Action.CLOSE_UNPERFORMED)
def _nonperformance_recorded(facts: CaseFacts, request: ActionRequest) -> str | None:
    record: CaseRecord | None = facts.extra.get("record")
    if record is not None and not record.nonperformance:
        return _("Record at a follow-up visit (回访 tab) which term was not performed by its deadline and which routes "
                 "were explained to the parties; then the case can be closed as not performed.")
    return None


# Findings that the reason given with the archiving turns into a warning (a late closing: P08).
EXPLAINED_BY_REASON = frozenset({"P08"})


@requirement(Action.ARCHIVE)
def _no_errors(facts: CaseFacts, request: ActionRequest) -> str | None:
    record: CaseRecord | None = facts.extra.get("record")
    if record is None:
        return None
    found = errors(check_case(record, today=request.on))
    if (request.reason or "").strip():
        found = [f for f in found if f.code not in EXPLAINED_BY_REASON]
    elif any(f.code in EXPLAINED_BY_REASON for f in found):
        found = [f if f.code not in EXPLAINED_BY_REASON else Finding(f.code, f.severity, f.message + " " + _(
            "Give the reason for the late closing when archiving; it is kept on record.")) for f in found]
    if found:
        return _("The dossier cannot be archived while these problems remain: {problems}").format(
            problems=" ".join(f"[{f.code}] {f.message}" for f in found))
    return None
