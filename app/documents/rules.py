"""What each document type asks of the case record: when it exists, and what the record lacks for it. Pure
functions over a CaseRecord, named by the registry (app/documents/registry.py) and nowhere else."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from app.i18n import N_, _
from app.lifecycle import Status
from app.record_views import SEVEN_POINTS, AgreementView, SessionView

if TYPE_CHECKING:
    from app.services.case_record import CaseRecord

Parts = Callable[["CaseRecord"], Sequence[str]]
Lacks = Callable[["CaseRecord", str], list[str]]
NOTHING: tuple[str, ...] = ()
ONE: tuple[str, ...] = ("",)


# --- when a case has the document (its parts: () none, ("",) one, ("1", "2") one per session …) -------------

def once(test: Callable[[CaseRecord], bool]) -> Parts:
    return lambda r: ONE if test(r) else NOTHING


def always(r: CaseRecord) -> Sequence[str]:
    return ONE


def closed_as(*statuses: Status) -> Callable[[CaseRecord], bool]:
    """The case was closed so (from its history: still true once performed or archived)."""
    return lambda r: r.dispute.closed_as in statuses


def turned_away(r: CaseRecord) -> bool:
    """Declined or referred: never accepted here, so no acceptance, rights notice or mediation papers."""
    return r.dispute.closed_as in (Status.DECLINED, Status.REFERRED)


def applied(r: CaseRecord) -> bool:
    return r.dispute.source_code == "applied"


def accepted(r: CaseRecord) -> bool:
    return r.dispute.accepted_on is not None


def numbered(count: Callable[[CaseRecord], int]) -> Parts:
    return lambda r: tuple(str(n) for n in range(1, count(r) + 1))


def held(r: CaseRecord) -> list:
    return [h for h in r.hearings if h.status == "held"]


def summarised(r: CaseRecord) -> Sequence[str]:
    """The numbers (among the hearings held) of those whose summary is written."""
    return tuple(str(n) for n, h in enumerate(held(r), start=1) if h.summary_on)


def session_parts(r: CaseRecord) -> Sequence[str]:
    return tuple(str(s.seq) for s in r.recorded_sessions)


def sessions_required(r: CaseRecord) -> Sequence[str]:
    """Every recorded session, and at least one once the case is accepted."""
    return session_parts(r) or (ONE if accepted(r) else NOTHING)


def visits(r: CaseRecord) -> int:
    return sum(1 for f in r.follow_ups if f.visited_on)


def agreement_in(form: str) -> Callable[[CaseRecord], bool]:
    return lambda r: r.agreement is not None and r.agreement.form == form


def settled_in(form: str) -> Parts:
    """The agreement the outcome says the case was settled with (missing from the dossier if not recorded)."""
    return lambda r: ONE if r.dispute.outcome == form else NOTHING


def performance_recorded(r: CaseRecord) -> bool:
    return r.agreement is not None and r.agreement.signed_on is not None and bool(r.agreement.terms)


def confirmable(r: CaseRecord) -> bool:
    a = r.agreement
    return a is not None and a.form == "written" and a.effective_on is not None and not a.status_matter


def confirmation_applied(r: CaseRecord) -> Sequence[str]:
    return ONE if confirmable(r) and r.agreement.jc_applied_on else NOTHING


def agent_named(r: CaseRecord) -> bool:
    return any(p.agent_name for p in r.dispute.parties)


def performed_terms(r: CaseRecord) -> bool:
    return r.agreement is not None and any(t.performance != "pending" for t in r.agreement.terms)


# --- what the record lacks (plain words, empty when the part is there) ---------------------------------------

def text(field: str, name: str) -> Lacks:
    """A text field of the case that must not be blank."""
    return lambda r, part: [] if (getattr(r.dispute, field) or "").strip() else [_(name)]


def present(test: Callable[[CaseRecord], object], name: str) -> Lacks:
    return lambda r, part: [] if test(r) else [_(name)]


def _counts(r: CaseRecord) -> tuple[int, int]:
    roles = [p.role for p in r.dispute.parties]
    return roles.count("applicant"), roles.count("respondent")


def both_sides(r: CaseRecord, part: str) -> list[str]:
    applicants, respondents = _counts(r)
    return [] if applicants and respondents else [_("the parties on both sides")]


def _agreement(check: Callable[[AgreementView, CaseRecord], list[str]]) -> Lacks:
    """A check of the agreement; "the agreement itself" when there is none."""
    return lambda r, part: check(r.agreement, r) if r.agreement is not None else [_("the agreement itself")]


def _written(check: Callable[[AgreementView, CaseRecord], list[str]]) -> Callable[[AgreementView, CaseRecord],
                                                                                  list[str]]:
    return lambda a, r: check(a, r) if a.form == "written" else []


def _facts(a: AgreementView, r: CaseRecord) -> list[str]:
    return [] if a.facts.strip() else [_("the main facts (经调查查明)")]


def _terms(a: AgreementView, r: CaseRecord) -> list[str]:
    missing = [] if a.terms else [_("at least one agreed term")]
    for t in a.terms:
        n = t.position
        if not t.content.strip():
            missing.append(_("the content of term {n}").format(n=n))
        if not t.obligor_uid:
            missing.append(_("who performs term {n}").format(n=n))
        if t.due_on is None:
            missing.append(_("the deadline of performance of term {n}").format(n=n))
        if t.involves_money and t.amount is None:
            missing.append(_("the amount of term {n}, which involves money").format(n=n))
        missing += _several(t, r)
    return missing


ROLE_WORDS = {"被申请人": "respondent", "申请人": "applicant", "第三人": "third_party"}


def _several(t, r: CaseRecord) -> list[str]:
    """With several obligors, whether they are liable jointly or each for a share (and the shares); and no term
    that names a side by its role (申请人…) where that side has several parties: it must name them."""
    n, missing = t.position, []
    if len(t.obligors) > 1:
        if t.liability not in ("joint", "shares"):
            missing.append(_("whether the obligors of term {n} are liable jointly (连带) or each for a share (按份)")
                           .format(n=n))
        elif t.liability == "shares":
            given = {u: v for u, v in t.shares if v.strip()}
            if any(u not in given for u in t.obligors):
                missing.append(_("each obligor's share of term {n}").format(n=n))
            elif t.amount is not None and (total := share_total(given.values())) is not None and total != t.amount:
                missing.append(_("shares of term {n} that add up to its amount ({amount} yuan, not {total})")
                               .format(n=n, amount=f"{t.amount:,.2f}", total=f"{total:,.2f}"))
    roles = [p.role for p in r.dispute.parties]
    content = t.content
    for word, role in ROLE_WORDS.items():
        if word in content and roles.count(role) > 1:
            missing.append(_("term {n} says {word}, but there are several; name who performs and who receives")
                           .format(n=n, word=word))
        content = content.replace(word, "")       # 申请人 inside 被申请人 is not another mention
    return missing


def share_total(shares):
    """The sum of shares written as amounts (1,500.00), or None when any is not an amount (60%, 二分之一)."""
    from decimal import Decimal, InvalidOperation

    total = Decimal(0)
    for share in shares:
        try:
            total += Decimal(share.replace(",", "").replace("，", "").removesuffix("元"))
        except InvalidOperation:
            return None
    return total


def _how_and_where(a: AgreementView, r: CaseRecord) -> list[str]:
    missing = []
    for t in a.terms:
        if not t.method.strip():
            missing.append(_("the method of performance of term {n}").format(n=t.position))
        if not t.place.strip():
            missing.append(_("the place of performance of term {n}").format(n=t.position))
    return missing


def _blank(field: str, name: str) -> Callable[[AgreementView, CaseRecord], list[str]]:
    return lambda a, r: [] if getattr(a, field).strip() else [_(name)]


def _reasoning(a: AgreementView, r: CaseRecord) -> list[str]:
    return [*_blank("findings", N_("the reasoning: what was found"))(a, r),
            *([] if a.citations else [_("the reasoning: the legal basis (statute and article)")]),
            *_blank("fairness", N_("the reasoning: why the terms are fair"))(a, r)]


def _copies(a: AgreementView, r: CaseRecord) -> list[str]:
    applicants, respondents = _counts(r)
    return [] if a.copies >= applicants + respondents + 1 else [
        _("enough copies (one per party and one for the committee)")]


# Each part of an agreement (人民调解法 Art 29, 若干规定 Art 35), the written form's and the oral one's.
agreement_facts = _agreement(_facts)
agreement_terms = _agreement(_terms)
agreement_how = _agreement(_written(_how_and_where))
agreement_matters = _agreement(_written(_blank("matters", N_("the matters in dispute (争议事项)"))))
agreement_responsibilities = _agreement(_written(_blank("responsibilities", N_("each party's responsibility"))))
agreement_reasoning = _agreement(_written(_reasoning))
agreement_copies = _agreement(_written(_copies))


def agreement_signed(r: CaseRecord, part: str) -> bool:
    return r.agreement is not None and r.agreement.signed_on is not None


# --- the session record's seven points (app/checks.py reports them as P03) -------------------------------------

POINT_NAMES = {"rights_told": N_("① rights and duties told"),
               "principles_explained": N_("② principles explained, participants introduced"),
               "statements": N_("③ each party's statement"), "findings_checked": N_("④ findings checked"),
               "risks_explained": N_("⑤ risks explained"), "outcome": N_("⑥ the outcome"),
               "signatures": N_("⑦ signatures")}


def point_present(s: SessionView, point: str, party_uids: list[str]) -> bool:
    if point == "statements":
        present_uids = [u for u in (s.parties_present or party_uids) if u in party_uids]
        return bool(present_uids) and all((s.statements.get(u) or "").strip() for u in present_uids)
    if point == "signatures":
        return bool(s.signatures) and all(s.signatures.values())
    if point == "outcome":
        return s.outcome is not None
    value = getattr(s, point)
    return value.strip() != "" if isinstance(value, str) else bool(value)


def session_point(point: str) -> Lacks:
    assert point in SEVEN_POINTS, point

    def lacks(r: CaseRecord, part: str) -> list[str]:
        chosen = next((s for s in r.recorded_sessions if str(s.seq) == part), None)
        if chosen is None:
            return []
        uids = [p.uid for p in r.dispute.parties if p.role in ("applicant", "respondent")]
        return [] if point_present(chosen, point, uids) else [_(POINT_NAMES[point])]
    return lacks


# --- hearings, visits, notices ---------------------------------------------------------------------------------

def _held(r: CaseRecord, part: str):
    found = held(r)
    return found[int(part) - 1] if part.isdigit() and 1 <= int(part) <= len(found) else None


def officers_opinions(r: CaseRecord, part: str) -> list[str]:
    h = _held(r, part)
    if h is None or all(h.opinions.get(str(i), "").strip() for i in h.officer_ids):
        return []
    return [_("each hearing officer's opinion")]


def hearing_summary(field: str, name: str) -> Lacks:
    def lacks(r: CaseRecord, part: str) -> list[str]:
        h = _held(r, part)
        return [] if h is None or getattr(h, field).strip() else [_(name)]
    return lacks


def visit_field(field: str, name: str) -> Lacks:
    def lacks(r: CaseRecord, part: str) -> list[str]:
        done = [f for f in r.follow_ups if f.visited_on]
        f = done[int(part) - 1] if part.isdigit() and 1 <= int(part) <= len(done) else None
        return [] if f is None or (getattr(f, field) or "").strip() else [_(name)]
    return lacks


def termination_reason(r: CaseRecord, part: str) -> list[str]:
    """Failed: the routes explained (人民调解法 Art 26); ended: the party's reason."""
    v = r.dispute
    if v.closed_as == Status.FAILED and not v.routes_explained:
        return [_("the other routes explained to the parties")]
    if v.closed_as == Status.ENDED and not (v.end_reason or "").strip():
        return [_("the reason the mediation was ended")]
    return []


def confirmation_filed(r: CaseRecord, part: str) -> list[str]:
    a = r.agreement
    missing = [] if a is not None and a.jc_court.strip() else [_("the court applied to")]
    return missing + ([] if a is not None and a.jc_applied_on else [_("the date of the application")])


# --- referrals from the court (委派/委托) --------------------------------------------------------------------

def court_referrals(r: CaseRecord) -> list:
    return [f for f in r.referrals if f.direction == "court"]


def court_referral(r: CaseRecord, part: str):
    """The court referral a part names ("1", "2" …), the latest when none is named."""
    found = court_referrals(r)
    if not found:
        return None
    if part.isdigit() and 1 <= int(part) <= len(found):
        return found[int(part) - 1]
    return found[-1]


def court_result(r: CaseRecord, part: str) -> list[str]:
    referral = court_referral(r, part)
    return [] if referral is not None and referral.result and referral.result_on else [
        _(N_("the result to return to the court, with its date (转介 tab)"))]
