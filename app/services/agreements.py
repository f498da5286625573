"""Agreements: writing one (terms, reasoning, citations), signing it once complete, judicial confirmation,
performance of each term, and the legal provisions mediators cite."""
from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app import validation
from app.documents import registry
from app.drafts import Collector
from app.errors import NotFound, TransitionRefused, ValidationFailed
from app.i18n import N_, _
from app.lifecycle import OPEN_STATUSES, Status, refuse_if_archived
from app.resources import resource
from app.record_views import AgreementView, CitationView, ProvisionView, TermView
from app.services import settings
from app.services.disputes import load_row
from app import clock
from db.models import Agreement, AgreementCitation, AgreementTerm, FollowUp, LegalProvision, Party, Station

PROVISIONS_FILE = resource("legal_provisions.json")
JC_WINDOW_DAYS = 30
LABELS = {"form": N_("Form"), "terms": N_("Terms"), "amount": N_("Amount (yuan)"), "signed_on": N_("Signed on"),
          "copies": N_("Copies"), "law": N_("Law"), "article": N_("Article"), "jc": N_("Judicial confirmation"),
          "performance": N_("Performance")}


@dataclass(frozen=True)
class TermDraft:
    content: str
    obligor_uid: str = ""
    obligee_uid: str = ""
    involves_money: bool = False
    amount: str | Decimal | None = None
    method: str = ""
    place: str = ""
    due_on: date | None = None
    co_obligor_uids: tuple[str, ...] = ()       # several perform it: the others, besides obligor_uid
    co_obligee_uids: tuple[str, ...] = ()
    liability: str = ""                         # several obligors: "joint" (连带) or "shares" (按份)
    shares: tuple[tuple[str, str], ...] = ()    # by shares: (obligor uid, "1,500.00" or "60%")


LIABILITIES = ("", "joint", "shares")


@dataclass(frozen=True)
class AgreementDraft:
    form: str = "written"
    facts: str = ""
    matters: str = ""
    responsibilities: str = ""
    findings: str = ""
    fairness: str = ""
    copies: int | None = None              # None: parties + 1
    status_matter: bool = False            # marriage, adoption or status relations: cannot be confirmed
    terms: tuple[TermDraft, ...] = ()
    citations: tuple[CitationView, ...] = field(default_factory=tuple)


def _party_counts(session: Session, dispute_id: int) -> tuple[int, int]:
    roles = dict(session.execute(select(Party.role, func.count()).where(
        Party.dispute_id == dispute_id, Party.deleted_at.is_(None)).group_by(Party.role)).all())
    return roles.get("applicant", 0), roles.get("respondent", 0)


def _current(session: Session, dispute_id: int) -> Agreement | None:
    return session.scalars(select(Agreement).where(Agreement.dispute_id == dispute_id,
                                                   Agreement.deleted_at.is_(None))).first()


def save_agreement(session: Session, *, dispute_id: int, draft: AgreementDraft) -> AgreementView:
    """Write or rewrite the case's agreement; a signed agreement can no longer change."""
    dispute = load_row(session, dispute_id)
    if Status(dispute.status) not in OPEN_STATUSES:
        raise TransitionRefused([_("An agreement is written while the case is in mediation.")])
    c = Collector(labels=LABELS)
    if draft.form not in ("written", "oral"):
        c.fail("form", _("Choose a written or an oral agreement."))
    amounts = []
    for t in draft.terms:
        amounts.append(c.run("amount", lambda v: validation.amount(v) if v not in (None, "") else None, t.amount))
    if any(t.liability not in LIABILITIES for t in draft.terms):
        c.fail("terms", _("Several obligors are liable either jointly (连带) or each for a share (按份)."))
    if draft.copies is not None and draft.copies < 1:
        c.fail("copies", _("At least one copy."))
    if c.errors:
        raise ValidationFailed(c.errors)
    row = _current(session, dispute_id)
    if row is not None and row.signed_on is not None:
        raise TransitionRefused([_("The agreement has been signed; it can no longer be changed.")])
    if row is None:
        row = Agreement(dispute_id=dispute_id)
        session.add(row)
    applicants, respondents = _party_counts(session, dispute_id)
    for name in ("form", "facts", "matters", "responsibilities", "findings", "fairness", "status_matter"):
        setattr(row, name, getattr(draft, name))
    row.copies = draft.copies if draft.copies is not None else applicants + respondents + 1
    session.flush()
    for old in [*row.terms, *row.citations]:
        session.delete(old)
    session.flush()
    for i, (t, amount) in enumerate(zip(draft.terms, amounts, strict=True), start=1):
        session.add(AgreementTerm(agreement_id=row.id, position=i, obligor_uid=t.obligor_uid,
                                  obligee_uid=t.obligee_uid, content=t.content.strip(), involves_money=t.involves_money,
                                  amount_fen=None if amount is None else validation.to_fen(amount),
                                  method=t.method.strip(), place=t.place.strip(), due_on=t.due_on,
                                  co_obligor_uids=[u for u in t.co_obligor_uids if u and u != t.obligor_uid],
                                  co_obligee_uids=[u for u in t.co_obligee_uids if u and u != t.obligee_uid],
                                  liability=t.liability, shares={u: v.strip() for u, v in t.shares if u}))
    for i, cite in enumerate(draft.citations, start=1):
        session.add(AgreementCitation(agreement_id=row.id, position=i, law=cite.law, article=cite.article,
                                      gist=cite.gist))
    session.flush()
    session.expire(row, ["terms", "citations"])
    return agreement_view(row)


def agreement_view(row: Agreement) -> AgreementView:
    return AgreementView(
        id=row.id, uid=row.uid, revision=row.revision, form=row.form, facts=row.facts, matters=row.matters,
        responsibilities=row.responsibilities, findings=row.findings, fairness=row.fairness, copies=row.copies or 0,
        status_matter=row.status_matter, signed_on=row.signed_on, signatories=row.signatories,
        effective_on=row.effective_on, jc_applied_on=row.jc_applied_on, jc_court=row.jc_court,
        jc_result=row.jc_result, jc_result_on=row.jc_result_on,
        terms=tuple(TermView.from_row(t) for t in row.terms if t.deleted_at is None),
        citations=tuple(CitationView(c.law, c.article, c.gist) for c in row.citations if c.deleted_at is None))


def get_agreement(session: Session, *, dispute_id: int) -> AgreementView | None:
    row = _current(session, dispute_id)
    return agreement_view(row) if row else None


def check_agreement(session: Session, *, dispute_id: int) -> list[str]:
    """The parts the registry requires of the agreement that are still missing (empty: ready to sign)."""
    from app.services.case_record import load_case_record   # the case record reads agreements

    record = load_case_record(session, dispute_id=dispute_id)
    if record.agreement is None:
        return [_("the agreement itself")]
    return registry.lacks(record, registry.agreement_type(record.agreement.form), signing=False)


def sign_agreement(session: Session, *, dispute_id: int, signed_on: date, signatories: str,
                   today: date | None = None) -> AgreementView:
    """All parties signed (or, for an oral agreement, agreed) and the seal is on: it takes effect that day.
    Refused, naming every missing part, while the agreement is incomplete. Schedules the follow-up visit."""
    missing = check_agreement(session, dispute_id=dispute_id)
    if missing:
        raise TransitionRefused([_("The agreement cannot be signed yet; it lacks: {parts}.").format(
            parts="；".join(missing))])
    dispute = load_row(session, dispute_id)
    if signed_on > (today or clock.today()) or signed_on < dispute.registered_on:
        raise TransitionRefused([_("The signing date must be between registration and today.")])
    row = _current(session, dispute_id)
    row.signed_on = row.effective_on = signed_on
    row.signatories = signatories.strip()
    view = agreement_view(row)
    delay = settings.follow_up_delay_days(session)
    session.add(FollowUp(dispute_id=dispute_id, due_on=(view.last_due or signed_on) + timedelta(days=delay)))
    session.flush()
    return view


def apply_for_confirmation(session: Session, *, dispute_id: int, applied_on: date, court: str) -> AgreementView:
    """Record the joint application for judicial confirmation (司法确认, 人民调解法 Art 33)."""
    row = _current(session, dispute_id)
    if row is None or row.effective_on is None:
        raise TransitionRefused([_("Only a signed agreement can be confirmed by a court.")])
    reasons = []
    if row.form != "written":
        reasons.append(_("An oral agreement cannot be confirmed; make a written agreement first."))
    if row.status_matter:
        reasons.append(_("Agreements about marriage, adoption or status relations cannot be judicially confirmed "
                         "(法释〔2011〕5号)."))
    if applied_on > row.effective_on + timedelta(days=JC_WINDOW_DAYS):
        reasons.append(_("The 30-day window ended on {date}; the court will not accept the application.").format(
            date=(row.effective_on + timedelta(days=JC_WINDOW_DAYS)).isoformat()))
    if not court.strip():
        reasons.append(_("Name the court applied to."))
    if reasons:
        raise TransitionRefused(reasons)
    row.jc_applied_on, row.jc_court = applied_on, court.strip()
    session.flush()
    return agreement_view(row)


def record_confirmation_result(session: Session, *, dispute_id: int, result: str, on: date) -> AgreementView:
    row = _current(session, dispute_id)
    if row is None or row.jc_applied_on is None:
        raise TransitionRefused([_("Record the application before the court's decision.")])
    if result not in ("confirmed", "rejected", "withdrawn"):
        raise TransitionRefused([_("The result is confirmed, rejected or withdrawn.")])
    row.jc_result, row.jc_result_on = result, on
    session.flush()
    return agreement_view(row)


def record_performance(session: Session, *, term_id: int, performance: str, on: date | None,
                       note: str = "", today: date | None = None) -> TermView:
    """A term was performed (with the receipt or evidence), partly performed, or is still pending."""
    term = session.get(AgreementTerm, term_id)
    if term is None or term.deleted_at is not None:
        raise NotFound(_("No term with id {id}.").format(id=term_id))
    dispute = load_row(session, session.get(Agreement, term.agreement_id).dispute_id)
    refuse_if_archived(dispute.status, case=dispute.case_no or dispute.title)
    c = Collector(labels=LABELS)
    if performance not in ("pending", "partly", "performed"):
        c.fail("performance", _("Choose performed, partly performed or pending."))
    if performance != "pending" and (on is None or on > (today or clock.today())):
        c.fail("performance", _("Give the date of performance; it cannot be in the future."))
    if performance == "performed" and not note.strip():
        c.fail("performance", _("Note the receipt or evidence of performance (e.g. 收条, 转账凭证)."))
    if c.errors:
        raise ValidationFailed(c.errors)
    term.performance, term.performed_on, term.performance_note = performance, on, note.strip()
    session.flush()
    return TermView.from_row(term)


@functools.cache
def builtin_provisions() -> tuple[ProvisionView, ...]:
    """The catalogue: each article verbatim with the text's source and the date it is in force from."""
    data = json.loads(PROVISIONS_FILE.read_text(encoding="utf-8"))
    laws = data.get("laws", {})
    return tuple(ProvisionView(p["law"], p["article"], p["gist"], p.get("topic", ""), False, p.get("text", ""),
                               laws.get(p["law"], {}).get("source", ""), laws.get(p["law"], {}).get("version", ""))
                 for p in data["provisions"])


def catalogue_entry(law: str, article: str) -> ProvisionView | None:
    """The built-in catalogue's entry for this article (its verbatim text), if it has one."""
    wanted = (law.strip("《》 "), article.strip())
    return next((p for p in builtin_provisions() if (p.law, p.article) == wanted), None)


def search_provisions(session: Session, *, text: str = "") -> list[ProvisionView]:
    """The built-in catalogue and the station's own entries whose law, article, gist or topic contains every
    word of `text`."""
    custom = [ProvisionView(r.law, r.article, r.gist, r.topic, True) for r in session.scalars(
        select(LegalProvision).where(LegalProvision.deleted_at.is_(None)).order_by(LegalProvision.id))]
    words = text.split()
    return [p for p in (*builtin_provisions(), *custom)
            if all(w in f"{p.law}{p.article}{p.gist}{p.topic}" for w in words)]


def add_provision(session: Session, *, law: str, article: str, gist: str, topic: str = "") -> ProvisionView:
    c = Collector(labels=LABELS)
    law = c.run("law", validation.required_text, law, max_length=100)
    article = c.run("article", validation.required_text, article, max_length=40)
    if c.errors:
        raise ValidationFailed(c.errors)
    session.add(LegalProvision(station_id=session.scalar(select(Station.id).order_by(Station.id).limit(1)), law=law,
                               article=article, gist=gist.strip(), topic=topic.strip()))
    session.flush()
    return ProvisionView(law, article, gist.strip(), topic.strip(), True)
