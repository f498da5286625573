"""Issuing documents: a document whose record is complete (and signed, where signing is recorded) is registered
with a version and a verification code derived from its content and the case's UUID, so printing it unchanged
gives the same code and a changed one a new version; an issued version is never rewritten. Any other prints
only as a draft: 草稿 on every page, no code, nothing registered."""
from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, replace
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import clock
from app.documents import registry
from app.documents.pieces import mediator_names, verification_code
from app.errors import Cancelled, ConcurrentEdit, DocumentUnavailable, NotFound
from app.i18n import _
from app.masking import mask_id, mask_phone
from app.services import agreements, settings
from app.services.case_record import CaseRecord, load_case_record
from app.services.disputes import get_dispute
from db.models import IssuedDocument


@dataclass(frozen=True)
class IssuedView:
    doc_type: str
    title: str
    version: int                  # 0 for a draft
    code: str                     # "" for a draft
    case_no: str | None
    issued_at: datetime
    issued_by: str | None
    lacks: tuple[str, ...] = ()   # a draft: what the record lacks before it can be issued
    missing: str = ""             # characters no font could print on it (named before it was issued)

    @property
    def draft(self) -> bool:
        return not self.code


def masked_types(session: Session) -> set[str]:
    """The document types printed with ID numbers and phones masked (a station setting)."""
    return {t for t in settings.get(session, "mask.documents").split(",") if t}


def mask_parties(doc):
    """The document with its parties' ID numbers and phones masked and addresses left out: for papers that are
    posted or handed to others (PIPL). A masked ID number hides the birth date, so the birth date is left out
    too, and the gender when the ID number gives it away (its 17th digit)."""
    parties = getattr(doc, "parties", ())
    if not parties:
        return doc
    return replace(doc, parties=tuple(_masked(p) for p in parties))


def _masked(p):
    if p.kind != "person":
        return replace(p, phone=mask_phone(p.phone), address="")
    derived = {"1": "男", "0": "女"}.get(str(int(p.id_number[16]) % 2)) \
        if len(p.id_number) == 18 and p.id_number[16].isdigit() else None
    return replace(p, id_number=mask_id(p.id_number), phone=mask_phone(p.phone), address="",
                   birth="" if p.id_number else p.birth, gender="" if derived == p.gender else p.gender)


def content_digest(doc, case_uid: str) -> str:
    """SHA-256 of the document's content (without its own code and version) and the case's UUID."""
    bare = replace(doc, header=replace(doc.header, code="", version=1, draft=False))
    text = json.dumps(asdict(bare), ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(f"{case_uid}\n{text}".encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Planned:
    """A document built and, if complete, given the version and code it will be registered under once its
    render has succeeded (`new`: the row to insert; None for a draft or an unchanged issued version)."""
    doc: object
    view: IssuedView
    dispute_id: int
    new: dict | None = None


def plan(session: Session, *, dispute_id: int, doc_type: str, part: str = "", by: int | None = None,
         record: CaseRecord | None = None) -> Planned:
    """Build the document; give it its code if its record is complete and signed, else make it a draft. Nothing
    is registered: `register_planned` does that after the render (`record`: the case's record when the caller
    has it already, as the dossier does)."""
    kind = registry.get(doc_type)
    record = record or load_case_record(session, dispute_id=dispute_id)
    if not kind.parts(record):
        raise DocumentUnavailable(_(kind.unavailable))
    doc = kind.build(session, dispute_id, part)
    if doc_type in masked_types(session):
        doc = mask_parties(doc)
    lacks = registry.lacks(record, doc_type, doc.header.part)
    if lacks:
        return Planned(draft(doc), IssuedView(doc_type, doc.header.title, 0, "", record.dispute.case_no,
                                              clock.utcnow(), None, tuple(lacks)), dispute_id)
    return plan_issue(session, doc, dispute_id=dispute_id, case_uid=record.dispute.uid,
                      case_no=record.dispute.case_no, by=by)


def draft(doc):
    """The document marked as a draft: no code, no version."""
    return replace(doc, header=replace(doc.header, code="", version=0, draft=True))


def plan_issue(session: Session, doc, *, dispute_id: int, case_uid: str, case_no: str | None,
               by: int | None) -> Planned:
    """A complete document's version and code: the latest version again if its content is unchanged, else a
    new version with its own code (earlier versions stay as they were issued)."""
    header = doc.header
    part = header.part      # "" asked for the latest session, hearing or visit: registered under its number
    digest = content_digest(doc, case_uid)
    latest = session.scalars(select(IssuedDocument).where(
        IssuedDocument.dispute_id == dispute_id, IssuedDocument.doc_type == header.doc_type,
        IssuedDocument.part == part).order_by(IssuedDocument.version.desc())).first()
    if latest is not None and latest.content_digest == digest:
        return Planned(replace(doc, header=replace(header, code=latest.code, version=latest.version, draft=False)),
                       _issued_view(session, latest, case_no), dispute_id)
    version = (latest.version + 1) if latest else 1
    code = verification_code(f"{header.doc_type}:{part}:{digest}:{version}")
    new = dict(dispute_id=dispute_id, doc_type=header.doc_type, part=part, version=version, code=code,
               content_digest=digest, issued_by=by)
    view = IssuedView(header.doc_type, registry.title(header.doc_type), version, code, case_no, clock.utcnow(),
                      mediator_names(session).get(by))
    return Planned(replace(doc, header=replace(header, code=code, version=version, draft=False)), view, dispute_id,
                   new)


def register_planned(session: Session, planned: Planned, *, missing: str = "") -> IssuedView:
    """Register a planned document whose render succeeded, noting the characters no font could print. A version
    another print registered meanwhile under the same number refuses (print again: it gets the next)."""
    if planned.new is None:
        return planned.view
    new = planned.new
    taken = session.scalars(select(IssuedDocument).where(
        IssuedDocument.dispute_id == new["dispute_id"], IssuedDocument.doc_type == new["doc_type"],
        IssuedDocument.part == new["part"], IssuedDocument.version == new["version"])).first()
    if taken is not None and taken.code != new["code"]:
        raise ConcurrentEdit(_("{title} was issued again by someone else while it was being printed; print it "
                               "again.").format(title=planned.view.title))
    row = taken or IssuedDocument(**new, missing_chars=missing)
    if taken is None:
        session.add(row)
        session.flush()
    return _issued_view(session, row, planned.view.case_no)


def issue_printed(session: Session, *, dispute_id: int, doc_type: str, part: str = "", by: int | None = None,
                  record: CaseRecord | None = None):
    """Build, render, and only then register: (document, IssuedView, Printout). A render that fails registers
    nothing; the characters no font has are noted with the version."""
    from app.printouts import render_pdf

    planned = plan(session, dispute_id=dispute_id, doc_type=doc_type, part=part, by=by, record=record)
    printout = render_pdf(planned.doc)
    view = register_planned(session, planned, missing="".join(printout.missing))
    return planned.doc, view, printout


def issue(session: Session, *, dispute_id: int, doc_type: str, part: str = "", by: int | None = None,
          record: CaseRecord | None = None):
    """(document, IssuedView): `issue_printed` for callers that render the document themselves."""
    doc, view, _printout = issue_printed(session, dispute_id=dispute_id, doc_type=doc_type, part=part, by=by,
                                         record=record)
    return doc, view


def register(session: Session, doc, *, dispute_id: int, case_uid: str, case_no: str | None, by: int | None,
             missing: str = ""):
    """Register a complete document rendered already (the dossier's frame): (document, IssuedView)."""
    planned = plan_issue(session, doc, dispute_id=dispute_id, case_uid=case_uid, case_no=case_no, by=by)
    return planned.doc, register_planned(session, planned, missing=missing)


def _issued_view(session: Session, row: IssuedDocument, case_no: str | None) -> IssuedView:
    names = mediator_names(session)
    return IssuedView(row.doc_type, registry.title(row.doc_type), row.version, row.code, case_no, row.issued_at,
                      names.get(row.issued_by), missing=row.missing_chars or "")


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
class Batch:
    documents: list           # (document, copies, Printout) for each case whose written agreement is signed
    skipped: list[str]        # case numbers (or titles) without one, or with one not yet signed (a draft)


def issue_agreements(session: Session, *, dispute_ids: list[int], by: int | None, progress=None,
                     is_cancelled=None) -> Batch:
    """The signed written agreements of several cases, for one print run; each with its copies (parties + 1).
    Drafts are left out: copies for the parties are made of the issued agreement only."""
    documents, skipped = [], []
    for i, dispute_id in enumerate(dispute_ids):
        if is_cancelled and is_cancelled():
            raise Cancelled(_("Cancelled; nothing was printed."))
        try:
            doc, issued, printout = issue_printed(session, dispute_id=dispute_id, doc_type="agreement", by=by)
        except DocumentUnavailable:
            issued = None
        if issued is None or issued.draft:
            view = get_dispute(session, dispute_id=dispute_id)
            skipped.append(view.case_no or view.title)
        else:
            documents.append((doc, copies_of(session, dispute_id), printout))
        if progress:
            progress(i + 1, len(dispute_ids))
    return Batch(documents, skipped)


def copies_of(session: Session, dispute_id: int) -> int:
    """Copies to print: the agreement's own count, else one per party and one for the committee."""
    a = agreements.get_agreement(session, dispute_id=dispute_id)
    return a.copies if a is not None else len(get_dispute(session, dispute_id=dispute_id).parties) + 1
