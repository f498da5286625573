"""Building printable documents from a case, and issuing them: each issue is registered with a version and
a verification code derived from the document's content and the case's UUID, so printing an unchanged
document again gives the same code and a changed one a new version."""
from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import asdict, dataclass, replace
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import codes
from app.documents import AgreementDoc, Citation, DocumentHeader, PartyLine, TermLine
from app.errors import MediationError, NotFound
from app.i18n import N_, _
from app.money import in_words
from app.services import agreements, lookups, settings
from app.services.disputes import get_dispute
from app.views import DisputeView, PartyView
from db.models import IssuedDocument

# type name -> (title, description for --list-docs)
DOC_TYPES = {
    "agreement": ("人民调解协议书", N_("the written settlement agreement")),
    "oral-agreement": ("口头协议登记表", N_("the registration form of an oral agreement")),
}


class DocumentUnavailable(MediationError):
    pass


@dataclass(frozen=True)
class IssuedView:
    doc_type: str
    title: str
    version: int
    code: str
    case_no: str | None
    issued_at: datetime
    issued_by: str | None


def cn_date(value: date | None) -> str:
    """2026年11月23日, whatever the UI language: documents are always in Chinese."""
    return f"{value.year}年{value.month}月{value.day}日" if value else "    年  月  日"


def party_line(p: PartyView, *, masked: bool = False) -> PartyLine:
    from app.masking import mask_id, mask_phone

    gender = {"male": "男", "female": "女"}.get(p.gender or "", "")
    ident = p.id_number or p.credit_code or ""
    return PartyLine(
        role=codes.party_roles().get(p.role).zh if codes.party_roles().get(p.role) else p.role, name=p.name,
        kind=p.kind, gender=gender, ethnicity=codes.ethnic_groups().get(p.ethnicity).zh if p.ethnicity else "",
        birth=cn_date(p.birth_date) if p.birth_date else "", occupation=p.occupation or "", address=p.address or "",
        phone=mask_phone(p.phone) if masked else (p.phone or ""),
        id_number=mask_id(ident) if masked and p.id_number else ident,
        legal_representative=p.legal_representative or "",
        agent=" ".join(filter(None, (p.agent_name, p.agent_authority))))


def build_agreement(session: Session, *, dispute_id: int, oral: bool) -> AgreementDoc:
    view = get_dispute(session, dispute_id=dispute_id)
    a = agreements.get_agreement(session, dispute_id=dispute_id)
    wanted = "oral" if oral else "written"
    if a is None or a.form != wanted:
        raise DocumentUnavailable(_("This case has no {form} agreement yet; write it on the Agreement tab.").format(
            form=_("oral") if oral else _("written")))
    terms = []
    for t in a.terms:
        text = t.content.rstrip("。；;，, ")
        if t.amount is not None:
            text += f"，金额{in_words(t.amount)}"
        terms.append(TermLine(t.position, text + "。", t.method, t.place,
                              cn_date(t.due_on) + "前" if t.due_on else ""))
    wording = lambda key: settings.get(session, key)  # noqa: E731
    clauses = (wording("clause.oral"),) if oral else (
        wording("clause.binding"), wording("clause.confirmation"), wording("clause.copies").format(copies=a.copies))
    mediators = {m.id: m.name for m in lookups.mediators(session, active_only=False)}
    return AgreementDoc(
        header=_header(session, view, "oral-agreement" if oral else "agreement"), oral=oral,
        parties=tuple(party_line(p) for p in _by_role(view.parties)), facts=a.facts, matters=a.matters,
        responsibilities=a.responsibilities, findings=a.findings,
        citations=tuple(Citation(c.law, c.article, c.gist) for c in a.citations), fairness=a.fairness,
        terms=tuple(terms), clauses=clauses, signers=tuple(p.name for p in _by_role(view.parties)),
        mediator=view.presiding_mediator_name or "", record_keeper=mediators.get(_record_keeper(session, view), ""),
        date=cn_date(a.signed_on or date.today()))


def _by_role(parties: tuple[PartyView, ...]) -> list[PartyView]:
    """Applicants, then respondents, then third parties, each in the order they were entered."""
    order = {"applicant": 0, "respondent": 1, "third_party": 2}
    return sorted(parties, key=lambda p: order.get(p.role, 3))


def _record_keeper(session: Session, view: DisputeView) -> int | None:
    from app.services.sessions import list_sessions

    recorded = [s for s in list_sessions(session, dispute_id=view.id) if s.status == "recorded"]
    return recorded[-1].record_keeper_id if recorded else None


def _header(session: Session, view: DisputeView, doc_type: str) -> DocumentHeader:
    station = lookups.station(session)
    return DocumentHeader(doc_type=doc_type, title=DOC_TYPES[doc_type][0], committee=station.name,
                          case_no=view.case_no or "")


BUILDERS = {
    "agreement": lambda s, dispute_id, part: build_agreement(s, dispute_id=dispute_id, oral=False),
    "oral-agreement": lambda s, dispute_id, part: build_agreement(s, dispute_id=dispute_id, oral=True),
}


def content_digest(doc, case_uid: str) -> str:
    """SHA-256 of the document's content (without its own code and version) and the case's UUID."""
    bare = replace(doc, header=replace(doc.header, code="", version=1))
    text = json.dumps(asdict(bare), ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(f"{case_uid}\n{text}".encode("utf-8")).hexdigest()


def _code(digest: str, version: int) -> str:
    raw = base64.b32encode(hashlib.sha256(f"{digest}:{version}".encode()).digest()).decode()[:10]
    return f"{raw[:5]}-{raw[5:]}"


def issue(session: Session, *, dispute_id: int, doc_type: str, part: str = "", by: int | None = None):
    """Build the document and register it: (document with code and version, IssuedView)."""
    if doc_type not in BUILDERS:
        raise DocumentUnavailable(_("Unknown document type {name}; see `mediation-station print --list-docs`.")
                                  .format(name=doc_type))
    view = get_dispute(session, dispute_id=dispute_id)
    doc = BUILDERS[doc_type](session, dispute_id, part)
    digest = content_digest(doc, view.uid)
    latest = session.scalars(select(IssuedDocument).where(
        IssuedDocument.dispute_id == dispute_id, IssuedDocument.doc_type == doc_type, IssuedDocument.part == part)
        .order_by(IssuedDocument.version.desc())).first()
    if latest is not None and latest.content_digest == digest:
        row = latest
    else:
        version = (latest.version + 1) if latest else 1
        row = IssuedDocument(dispute_id=dispute_id, doc_type=doc_type, part=part, version=version,
                             code=_code(digest, version), content_digest=digest, issued_by=by)
        session.add(row)
        session.flush()
    doc = replace(doc, header=replace(doc.header, code=row.code, version=row.version))
    return doc, _issued_view(session, row, view.case_no)


def _issued_view(session: Session, row: IssuedDocument, case_no: str | None) -> IssuedView:
    names = {m.id: m.name for m in lookups.mediators(session, active_only=False)}
    return IssuedView(row.doc_type, DOC_TYPES.get(row.doc_type, (row.doc_type,))[0], row.version, row.code, case_no,
                      row.issued_at, names.get(row.issued_by))


def verify(session: Session, *, code: str) -> IssuedView:
    """Which issued document a verification code belongs to."""
    wanted = code.strip().upper().replace(" ", "")
    if len(wanted) == 10:
        wanted = f"{wanted[:5]}-{wanted[5:]}"
    row = session.scalars(select(IssuedDocument).where(IssuedDocument.code == wanted)).first()
    if row is None:
        raise NotFound(_("No document was issued with the code {code}; check it against the paper.").format(code=code))
    return _issued_view(session, row, get_dispute(session, dispute_id=row.dispute_id, include_deleted=True).case_no)
