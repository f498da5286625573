"""Building printable documents from a case, and issuing them: each issue is registered with a version and
a verification code derived from the document's content and the case's UUID, so printing an unchanged
document again gives the same code and a changed one a new version."""
from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, replace
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.documents.shapes import AgreementDoc, Citation, DossierDoc, TermLine
from app.errors import DocumentUnavailable, NotFound
from app.i18n import N_, _
from app.money import in_words
from app.masking import mask_id, mask_phone
from app.documents import confirmation, forms, hearing, notices, records
from app.services import agreements, settings
from app.documents.pieces import by_role, cn_date, document_header, mediator_names, party_line, verification_code
from app.services.disputes import get_dispute
from app.lifecycle import Status
from app.services.case_record import CaseRecord
from app.views import DisputeView
from app import clock
from db.models import IssuedDocument

# type name -> (title, description for --list-docs), in the order of the national set
DOC_TYPES = {
    "application": ("人民调解申请书", N_("the parties' application for mediation")),
    "acceptance": ("人民调解受理登记表", N_("the acceptance register form")),
    "decline-notice": ("不予受理告知书", N_("the notice that the case is not accepted, with the reason")),
    "rights-notice": ("当事人权利义务告知书", N_("the notice of the parties' rights and duties")),
    "investigation": ("人民调解调查记录", N_("the record of one investigation (--session N)")),
    "evidence-list": ("证据材料清单", N_("the list of evidence received")),
    "session-record": ("人民调解记录", N_("the record of one session (--session N)")),
    "hearing-notice": ("听证通知书", N_("the notice of a hearing (--session N; identities masked)")),
    "hearing-record": ("听证记录", N_("the record of a hearing held (--session N)")),
    "hearing-summary": ("听证纪要", N_("the summary of a hearing (--session N; identities masked)")),
    "agreement": ("人民调解协议书", N_("the written settlement agreement")),
    "oral-agreement": ("口头协议登记表", N_("the registration form of an oral agreement")),
    "termination": ("调解终止告知书", N_("the notice that mediation failed or ended, with the other routes")),
    "performance": ("履行情况记录", N_("how each term of the agreement was performed")),
    "follow-up": ("人民调解回访记录", N_("the record of a follow-up visit (--session N)")),
    "judicial-confirmation": ("司法确认申请书", N_("the joint application for judicial confirmation")),
    "cover": ("卷宗封面", N_("the dossier's cover")),
    "contents": ("卷内目录", N_("the dossier's contents list, with the page of each document")),
    "back-cover": ("封底", N_("the dossier's back cover, with the page total")),
}


@dataclass(frozen=True)
class IssuedView:
    doc_type: str
    title: str
    version: int
    code: str
    case_no: str | None
    issued_at: datetime
    issued_by: str | None


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
    mediators = mediator_names(session)
    doc_type = "oral-agreement" if oral else "agreement"
    return AgreementDoc(
        header=document_header(session, view, doc_type, DOC_TYPES[doc_type][0]), oral=oral,
        parties=tuple(party_line(p) for p in by_role(view.parties)), facts=a.facts, matters=a.matters,
        responsibilities=a.responsibilities, findings=a.findings,
        citations=tuple(Citation(c.law, c.article, c.gist) for c in a.citations), fairness=a.fairness,
        terms=tuple(terms), clauses=clauses, signers=tuple(p.name for p in by_role(view.parties)),
        mediator=view.presiding_mediator_name or "", record_keeper=mediators.get(_record_keeper(session, view), ""),
        date=cn_date(a.signed_on or clock.today()))


def _record_keeper(session: Session, view: DisputeView) -> int | None:
    from app.services.sessions import list_sessions

    recorded = [s for s in list_sessions(session, dispute_id=view.id) if s.status == "recorded"]
    return recorded[-1].record_keeper_id if recorded else None


def _dossier_section(section: str):
    def build(session: Session, dispute_id: int, part: str) -> DossierDoc:
        from app.documents.dossier import build_dossier

        doc = build_dossier(session, dispute_id=dispute_id)
        return replace(doc, section=section, header=replace(doc.header, doc_type=section, title=DOC_TYPES[section][0]))
    return build


BUILDERS = {
    "application": forms.application,
    "acceptance": forms.acceptance,
    "decline-notice": notices.decline_notice,
    "rights-notice": forms.rights_notice,
    "investigation": records.investigation,
    "evidence-list": records.evidence_list,
    "session-record": forms.session_record,
    "hearing-notice": hearing.notice,
    "hearing-record": hearing.record,
    "hearing-summary": hearing.summary,
    "agreement": lambda s, dispute_id, part: build_agreement(s, dispute_id=dispute_id, oral=False),
    "oral-agreement": lambda s, dispute_id, part: build_agreement(s, dispute_id=dispute_id, oral=True),
    "termination": notices.termination_notice,
    "performance": records.performance,
    "follow-up": records.follow_up,
    "judicial-confirmation": confirmation.judicial_confirmation,
    **{name: _dossier_section(name) for name in ("cover", "contents", "back-cover")},
}


def masked_types(session: Session) -> set[str]:
    """The document types printed with ID numbers and phones masked (a station setting)."""
    return {t for t in settings.get(session, "mask.documents").split(",") if t}


def mask_parties(doc):
    """The document with its parties' ID numbers and phones masked and addresses left out: for papers that are
    posted or handed to others (PIPL)."""
    parties = getattr(doc, "parties", ())
    if not parties:
        return doc
    masked = tuple(replace(p, id_number=mask_id(p.id_number) if p.kind == "person" else p.id_number,
                           phone=mask_phone(p.phone), address="") for p in parties)
    return replace(doc, parties=masked)


def content_digest(doc, case_uid: str) -> str:
    """SHA-256 of the document's content (without its own code and version) and the case's UUID."""
    bare = replace(doc, header=replace(doc.header, code="", version=1))
    text = json.dumps(asdict(bare), ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(f"{case_uid}\n{text}".encode("utf-8")).hexdigest()


def issue(session: Session, *, dispute_id: int, doc_type: str, part: str = "", by: int | None = None):
    """Build the document and register it: (document with code and version, IssuedView)."""
    if doc_type not in BUILDERS:
        raise DocumentUnavailable(_("Unknown document type {name}; see `mediation-station print --list-docs`.")
                                  .format(name=doc_type))
    view = get_dispute(session, dispute_id=dispute_id)
    doc = BUILDERS[doc_type](session, dispute_id, part)
    if doc_type in masked_types(session):
        doc = mask_parties(doc)
    part = doc.header.part      # "" asks for the latest session, hearing or visit: register it under its number
    digest = content_digest(doc, view.uid)
    latest = session.scalars(select(IssuedDocument).where(
        IssuedDocument.dispute_id == dispute_id, IssuedDocument.doc_type == doc_type, IssuedDocument.part == part)
        .order_by(IssuedDocument.version.desc())).first()
    if latest is not None and latest.content_digest == digest:
        row = latest
    else:
        version = (latest.version + 1) if latest else 1
        row = IssuedDocument(dispute_id=dispute_id, doc_type=doc_type, part=part, version=version,
                             code=verification_code(f"{doc_type}:{part}:{digest}:{version}"), content_digest=digest, issued_by=by)
        session.add(row)
        session.flush()
    doc = replace(doc, header=replace(doc.header, code=row.code, version=row.version))
    return doc, _issued_view(session, row, view.case_no)


def _issued_view(session: Session, row: IssuedDocument, case_no: str | None) -> IssuedView:
    names = mediator_names(session)
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


def list_issued(session: Session, *, dispute_id: int) -> list[IssuedView]:
    """The registry of one case: every version of every document issued, newest first."""
    case_no = get_dispute(session, dispute_id=dispute_id, include_deleted=True).case_no
    rows = session.scalars(select(IssuedDocument).where(IssuedDocument.dispute_id == dispute_id)
                           .order_by(IssuedDocument.issued_at.desc(), IssuedDocument.id.desc()))
    return [_issued_view(session, row, case_no) for row in rows]


@dataclass(frozen=True)
class Printable:
    doc_type: str
    part: str
    label: str        # 人民调解记录（第2次）


def printable(record: CaseRecord) -> list[Printable]:
    """The documents this case can print now, in the national order (what the Documents tab lists)."""
    v, a = record.dispute, record.agreement
    held = [h for h in record.hearings if h.status == "held"]
    numbered_parts = {
        "investigation": [str(n) for n in range(1, len(record.investigations) + 1)],
        "session-record": [str(s.seq) for s in record.recorded_sessions],
        "hearing-notice": [str(n) for n in range(1, len(record.hearings) + 1)],
        "hearing-record": [str(n) for n in range(1, len(held) + 1)],
        "hearing-summary": [str(n) for n, h in enumerate(held, start=1) if h.summary_on],
        "follow-up": [str(n) for n in range(1, len([f for f in record.follow_ups if f.visited_on]) + 1)],
    }
    present = {
        "application": True, "acceptance": v.accepted_on is not None, "decline-notice": v.status == Status.DECLINED,
        "rights-notice": v.status != Status.DECLINED, "evidence-list": bool(record.evidence),
        "agreement": a is not None and a.form == "written", "oral-agreement": a is not None and a.form == "oral",
        "termination": v.status in (Status.FAILED, Status.ENDED), "performance": a is not None and bool(a.terms),
        "judicial-confirmation": a is not None and a.form == "written" and a.effective_on is not None
        and not a.status_matter,
        "cover": True, "contents": True, "back-cover": True}
    found = []
    for doc_type, (title, _description) in DOC_TYPES.items():
        if doc_type in numbered_parts:
            found += [Printable(doc_type, n, f"{title}（第{n}次）") for n in numbered_parts[doc_type]]
        elif present.get(doc_type):
            found.append(Printable(doc_type, "", title))
    return found


@dataclass(frozen=True)
class Batch:
    documents: list           # (document, copies) for each case that has a written agreement
    skipped: list[str]        # case numbers (or titles) without one


def issue_agreements(session: Session, *, dispute_ids: list[int], by: int | None, progress=None,
                     is_cancelled=None) -> Batch:
    """The written agreements of several cases, for one print run; each with its copies (parties + 1)."""
    from app.errors import Cancelled

    documents, skipped = [], []
    for i, dispute_id in enumerate(dispute_ids):
        if is_cancelled and is_cancelled():
            raise Cancelled(_("Cancelled; nothing was printed."))
        try:
            doc, _issued = issue(session, dispute_id=dispute_id, doc_type="agreement", by=by)
        except DocumentUnavailable:
            view = get_dispute(session, dispute_id=dispute_id)
            skipped.append(view.case_no or view.title)
        else:
            documents.append((doc, copies_of(session, dispute_id)))
        if progress:
            progress(i + 1, len(dispute_ids))
    return Batch(documents, skipped)


def copies_of(session: Session, dispute_id: int) -> int:
    """Copies to print: the agreement's own count, else one per party and one for the committee."""
    a = agreements.get_agreement(session, dispute_id=dispute_id)
    return a.copies if a is not None else len(get_dispute(session, dispute_id=dispute_id).parties) + 1
