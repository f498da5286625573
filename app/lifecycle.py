"""The case lifecycle as pure rules: which action may happen in which status, and what each needs.

Later capabilities (sessions, agreements, documents) plug in with @requirement(Action.X): a function
that looks at the CaseFacts and the ActionRequest and returns a reason to refuse, or None.
"""
from __future__ import annotations

import calendar
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from app.codes import AgreementForm, CaseStatus
from app.i18n import N_, _
from app import clock


Status = CaseStatus            # the case's statuses and agreement forms are code values (app/codes.py)
Outcome = AgreementForm


class Action(StrEnum):
    ACCEPT = "accept"
    DECLINE = "decline"
    REFER = "refer"
    START = "start"
    SETTLE = "settle"
    FAIL = "fail"
    END = "end"
    PERFORM = "perform"
    CLOSE_UNPERFORMED = "close_unperformed"
    ARCHIVE = "archive"


# Action -> (statuses it may start from, status it leads to)
TRANSITIONS: dict[Action, tuple[frozenset[Status], Status]] = {
    Action.ACCEPT: (frozenset({Status.REGISTERED}), Status.ACCEPTED),
    Action.DECLINE: (frozenset({Status.REGISTERED}), Status.DECLINED),
    Action.REFER: (frozenset({Status.REGISTERED}), Status.REFERRED),
    Action.START: (frozenset({Status.ACCEPTED}), Status.IN_MEDIATION),
    Action.SETTLE: (frozenset({Status.IN_MEDIATION}), Status.SETTLED),
    Action.FAIL: (frozenset({Status.IN_MEDIATION}), Status.FAILED),
    Action.END: (frozenset({Status.ACCEPTED, Status.IN_MEDIATION}), Status.ENDED),
    Action.PERFORM: (frozenset({Status.SETTLED}), Status.PERFORMED),
    # A term left unperformed after the follow-up visit, the routes explained (人民调解法 Art 31–33).
    # Also from 已履行 when a term was in fact left open (a case marked so before every term had to be evidenced).
    Action.CLOSE_UNPERFORMED: (frozenset({Status.SETTLED, Status.PERFORMED}), Status.UNPERFORMED),
    Action.ARCHIVE: (frozenset({Status.DECLINED, Status.REFERRED, Status.FAILED, Status.ENDED,
                                Status.PERFORMED, Status.UNPERFORMED}), Status.ARCHIVED),
}

ACTION_LABELS: dict[Action, str] = {
    Action.ACCEPT: N_("Accept"),
    Action.DECLINE: N_("Decline"),
    Action.REFER: N_("Refer"),
    Action.START: N_("Start mediation"),
    Action.SETTLE: N_("Close: settled"),
    Action.FAIL: N_("Close: failed"),
    Action.END: N_("End"),
    Action.PERFORM: N_("Mark performed"),
    Action.CLOSE_UNPERFORMED: N_("Close: not performed"),
    Action.ARCHIVE: N_("Archive"),
}

# The status no action leaves.
FINAL_STATUSES = frozenset({Status.ARCHIVED})
# The tables of a case's own records, which an archived case's dossier fixes for good (app/access.py refuses any
# write to them once the case is archived). Printing its documents and listing it in the case library go on.
CASE_RECORD_TABLES = frozenset({
    "dispute", "party", "dispute_mediator", "status_change", "extension", "mediation_session", "investigation",
    "evidence", "attachment", "hearing", "agreement", "agreement_term", "agreement_citation", "follow_up",
    "nonperformance", "deposit", "risk_report", "referral"})
# Statuses in which the one-month limit runs (and can be extended).
OPEN_STATUSES = frozenset({Status.ACCEPTED, Status.IN_MEDIATION})
# The statuses that close a case, each with its own papers (a notice, an agreement, a referral).
CLOSING_STATUSES = frozenset({Status.DECLINED, Status.REFERRED, Status.SETTLED, Status.FAILED, Status.ENDED})


@dataclass(frozen=True)
class CaseFacts:
    """What the rules may look at: a snapshot built by the services from the database."""
    status: Status
    registered_on: date
    applicants: int
    respondents: int
    has_presiding_mediator: bool
    deadline: date | None = None
    extra: dict[str, object] = field(default_factory=dict)  # room for later capabilities' facts


@dataclass(frozen=True)
class ActionRequest:
    action: Action
    on: date
    reason: str | None = None
    referral_target: str | None = None
    outcome: Outcome | None = None
    routes: tuple[str, ...] = ()


Requirement = Callable[[CaseFacts, ActionRequest], str | None]
_requirements: dict[Action, list[Requirement]] = {a: [] for a in Action}


def requirement(*actions: Action) -> Callable[[Requirement], Requirement]:
    """Register a check that must pass before any of `actions` may happen."""
    def register(fn: Requirement) -> Requirement:
        for action in actions:
            _requirements[action].append(fn)
        return fn
    return register


def available_actions(status: Status) -> list[Action]:
    return [a for a, (sources, _target) in TRANSITIONS.items() if status in sources]


def target_status(action: Action) -> Status:
    return TRANSITIONS[action][1]


def check(facts: CaseFacts, request: ActionRequest, *, today: date | None = None) -> list[str]:
    """Every reason the action is refused; an empty list means it may happen."""
    from app import codes

    sources, _target = TRANSITIONS[request.action]
    if facts.status not in sources:
        return [_("A case that is “{status}” cannot be given the action “{action}”.").format(
            status=codes.statuses().label(facts.status), action=_(ACTION_LABELS[request.action]))]
    reasons = []
    if request.on > (today or clock.today()):
        reasons.append(_("The date of the action cannot be in the future."))
    if request.on < facts.registered_on:
        reasons.append(_("The date of the action cannot be before the case was registered."))
    for fn in _requirements[request.action]:
        reason = fn(facts, request)
        if reason:
            reasons.append(reason)
    return reasons


@requirement(Action.ACCEPT)
def _parties_on_both_sides(facts: CaseFacts, request: ActionRequest) -> str | None:
    if (facts.applicants < 1 or facts.respondents < 1) and not facts.extra.get("sides_reason"):
        return _("Acceptance needs at least one applicant and one respondent; add the missing party.")
    return None


@requirement(Action.ACCEPT)
def _presiding_mediator(facts: CaseFacts, request: ActionRequest) -> str | None:
    if not facts.has_presiding_mediator:
        return _("Acceptance needs a presiding mediator; choose one on the 概况 tab.")
    return None


@requirement(Action.DECLINE, Action.END)
def _reason_given(facts: CaseFacts, request: ActionRequest) -> str | None:
    if not (request.reason or "").strip():
        return _("Give the reason; the law requires it to be on record.")
    return None


@requirement(Action.REFER)
def _referral_target(facts: CaseFacts, request: ActionRequest) -> str | None:
    if not (request.referral_target or "").strip():
        return _("Name the body the case is referred to (e.g. 派出所, 人民法院, 信访办).")
    return None


@requirement(Action.SETTLE)
def _outcome_form(facts: CaseFacts, request: ActionRequest) -> str | None:
    if request.outcome not in (Outcome.WRITTEN, Outcome.ORAL):
        return _("Say whether the agreement is written or oral.")
    return None


@requirement(Action.FAIL)
def _routes_explained(facts: CaseFacts, request: ActionRequest) -> str | None:
    if not request.routes:
        return _("Record which other routes (court, arbitration, administrative) were explained to the "
                 "parties.")
    return None


def add_months(start: date, months: int) -> date:
    """Same day `months` later, clamped to the month's end (31 Jan + 1 month = 28/29 Feb)."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def deadline_for(accepted_on: date) -> date:
    """若干规定 Art 33: a dispute is generally concluded within one month of acceptance."""
    return add_months(accepted_on, 1)


def check_extension(facts: CaseFacts, *, new_deadline: date, missing_consent: list[str],
                    consent_on: date, today: date | None = None) -> list[str]:
    """An extension needs an open case, a later deadline and every applicant's and respondent's consent
    on record (`missing_consent` names those whose consent is not recorded)."""
    reasons = []
    if facts.status not in OPEN_STATUSES or facts.deadline is None:
        reasons.append(_("Only an accepted case in mediation has a time limit to extend."))
    elif new_deadline <= facts.deadline:
        reasons.append(_("The new deadline must be after the current one ({date}).").format(
            date=facts.deadline.isoformat()))
    if missing_consent:
        reasons.append(_("An extension needs the consent of both sides; record the consent of {names}.").format(
            names="、".join(missing_consent)))
    if consent_on > (today or clock.today()):
        reasons.append(_("The date of consent cannot be in the future."))
    return reasons


def refuse_if_archived(status: str, *, case: str = "", what: str = "") -> None:
    """An archived case's dossier is filed: none of its records changes again (the one rule; the flush check of
    app/access.py applies it to every write, the services call it early to say so before checking a form)."""
    from app.errors import TransitionRefused

    if status != Status.ARCHIVED:
        return
    if what:
        raise TransitionRefused([_("Case {case} is archived: its dossier is filed and its records can no longer "
                                   "change ({what}).").format(case=case, what=what)])
    raise TransitionRefused([_("Case {case} is archived: its dossier is filed and its records can no longer "
                               "change.").format(case=case)])


def is_overdue(status: Status, deadline: date | None, today: date) -> bool:
    return status in OPEN_STATUSES and deadline is not None and deadline < today


def due_soon(status: Status, deadline: date | None, today: date, days: int = 7) -> bool:
    return (status in OPEN_STATUSES and deadline is not None
            and today <= deadline and (deadline - today).days <= days)
