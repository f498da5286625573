"""Investigation records (调查记录) and the evidence list (证据材料) with attached files."""
from __future__ import annotations

import mimetypes
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app import codes
from app.attachments import AttachmentStore
from app.drafts import Collector
from app.errors import NotFound, ValidationFailed
from app.i18n import N_, _
from app.record_views import AttachmentView, EvidenceView, InvestigationView
from app.services.disputes import load_row
from app import clock
from db.models import Attachment, Evidence, Investigation

# Kinds that are objects or recordings rather than paper: they have no pages to count.
NOT_PAPER = frozenset({"physical", "audiovisual", "electronic"})
LABELS = {"held_at": N_("Time"), "person_questioned": N_("Person questioned"), "questions": N_("Questions and answers"),
          "name": N_("Name of the evidence"), "kind": N_("Kind"), "pages": N_("Pages"), "file": N_("File")}


def add_investigation(session: Session, *, dispute_id: int, held_at: datetime, place: str,
                      investigator_id: int | None, record_keeper_id: int | None, person_questioned: str,
                      questions: list[tuple[str, str]], now: datetime | None = None) -> InvestigationView:
    dispute = load_row(session, dispute_id)
    c = Collector(labels=LABELS)
    if held_at > (now or clock.local_now()) or held_at.date() < dispute.registered_on:
        c.fail("held_at", _("The time must be between the registration of the case and now."))
    if not person_questioned.strip():
        c.fail("person_questioned", _("Name the person questioned."))
    qa = [{"q": q.strip(), "a": a.strip()} for q, a in questions if q.strip() or a.strip()]
    if not qa:
        c.fail("questions", _("Record at least one question and its answer."))
    if c.errors:
        raise ValidationFailed(c.errors)
    row = Investigation(dispute_id=dispute_id, held_at=held_at, place=place.strip(), investigator_id=investigator_id,
                        record_keeper_id=record_keeper_id, person_questioned=person_questioned.strip(), questions=qa)
    session.add(row)
    session.flush()
    return InvestigationView.from_row(row)


def add_evidence(session: Session, *, dispute_id: int, name: str, source: str = "", kind: str = "documentary",
                 pages: int = 0, provided_by: str = "", received_on: date | None = None,
                 files: list[Path] = (), store: AttachmentStore) -> EvidenceView:
    """Add an item to the evidence list; its files are stored once by content, whatever their names. `pages`: of
    the paper filed in the dossier (required when there are no files, unless the item is an object or a
    recording)."""
    load_row(session, dispute_id)
    c = Collector(labels=LABELS)
    if not name.strip():
        c.fail("name", _("Name the evidence, e.g. 医疗费发票 or 现场照片."))
    if kind not in codes.load("evidence_kinds"):
        c.fail("kind", _("Choose the kind of evidence from the list."))
    if pages < 0:
        c.fail("pages", _("The number of pages cannot be negative."))
    elif pages == 0 and not files and kind not in NOT_PAPER:
        c.fail("pages", _("Without attached files the item is kept on paper: give its number of pages, which "
                          "the dossier's contents list."))
    missing = [str(f) for f in files if not Path(f).is_file()]
    if missing:
        c.fail("file", _("These files cannot be found: {names}.").format(names="、".join(missing)))
    if c.errors:
        raise ValidationFailed(c.errors)
    position = (session.scalar(select(func.max(Evidence.position)).where(Evidence.dispute_id == dispute_id))
                or 0) + 1
    row = Evidence(dispute_id=dispute_id, position=position, name=name.strip(), source=source.strip(), kind=kind,
                   pages=pages, provided_by=provided_by.strip(), received_on=received_on)
    session.add(row)
    session.flush()
    for f in files:
        sha, size = store.put(Path(f))
        session.add(Attachment(evidence_id=row.id, sha256=sha, filename=Path(f).name, size=size,
                               media_type=mimetypes.guess_type(str(f))[0] or "application/octet-stream"))
    session.flush()
    return _evidence_view(session, row)


def _evidence_view(session: Session, row: Evidence) -> EvidenceView:
    files = session.scalars(select(Attachment).where(Attachment.evidence_id == row.id,
                                                     Attachment.deleted_at.is_(None)).order_by(Attachment.id))
    return EvidenceView(row.id, row.uid, row.position, row.name, row.source, row.kind, row.pages, row.provided_by,
                        row.received_on, tuple(AttachmentView(a.id, a.sha256, a.filename, a.size, a.media_type)
                                               for a in files))


def list_investigations(session: Session, *, dispute_id: int) -> list[InvestigationView]:
    rows = session.scalars(select(Investigation).where(Investigation.dispute_id == dispute_id,
                                                       Investigation.deleted_at.is_(None))
                           .order_by(Investigation.held_at))
    return [InvestigationView.from_row(r) for r in rows]


def list_evidence(session: Session, *, dispute_id: int) -> list[EvidenceView]:
    rows = session.scalars(select(Evidence).where(Evidence.dispute_id == dispute_id, Evidence.deleted_at.is_(None))
                           .order_by(Evidence.position))
    return [_evidence_view(session, r) for r in rows]


def attachment_bytes(session: Session, *, attachment_id: int, store: AttachmentStore) -> tuple[str, bytes]:
    row = session.get(Attachment, attachment_id)
    if row is None:
        raise NotFound(_("No attached file with id {id}.").format(id=attachment_id))
    return row.filename, store.read(row.sha256)
