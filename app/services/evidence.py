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
from app.clock import utcnow
from app.lifecycle import refuse_if_archived
from db.models import Attachment, Evidence, Investigation

# Kinds that are objects or recordings rather than paper: they have no pages to count.
NOT_PAPER = frozenset({"physical", "audiovisual", "electronic"})
LABELS = {"held_at": N_("Time"), "person_questioned": N_("Person questioned"), "questions": N_("Questions and answers"),
          "name": N_("Name of the evidence"), "kind": N_("Kind"), "pages": N_("Pages"), "file": N_("File")}


def _check_investigation(c: Collector, dispute, held_at: datetime, person_questioned: str,
                         questions: list[tuple[str, str]], now: datetime | None) -> list[dict[str, str]]:
    if held_at > (now or clock.local_now()) or held_at.date() < dispute.registered_on:
        c.fail("held_at", _("The time must be between the registration of the case and now."))
    if not person_questioned.strip():
        c.fail("person_questioned", _("Name the person questioned."))
    qa = [{"q": q.strip(), "a": a.strip()} for q, a in questions if q.strip() or a.strip()]
    if not qa:
        c.fail("questions", _("Record at least one question and its answer."))
    if c.errors:
        raise ValidationFailed(c.errors)
    return qa


def _open_case(session: Session, dispute_id: int):
    """The case of a record being changed: an archived dossier is filed and stays as it is."""
    dispute = load_row(session, dispute_id)
    refuse_if_archived(dispute.status, case=dispute.case_no or dispute.title)
    return dispute


def add_investigation(session: Session, *, dispute_id: int, held_at: datetime, place: str,
                      investigator_id: int | None, record_keeper_id: int | None, person_questioned: str,
                      questions: list[tuple[str, str]], now: datetime | None = None) -> InvestigationView:
    dispute = _open_case(session, dispute_id)
    qa = _check_investigation(Collector(labels=LABELS), dispute, held_at, person_questioned, questions, now)
    row = Investigation(dispute_id=dispute_id, held_at=held_at, place=place.strip(), investigator_id=investigator_id,
                        record_keeper_id=record_keeper_id, person_questioned=person_questioned.strip(), questions=qa)
    session.add(row)
    session.flush()
    return InvestigationView.from_row(row)


def _investigation_row(session: Session, investigation_id: int) -> Investigation:
    row = session.get(Investigation, investigation_id)
    if row is None or row.deleted_at is not None:
        raise NotFound(_("No investigation record with id {id}; it may have been deleted.").format(id=investigation_id))
    return row


def get_investigation(session: Session, *, investigation_id: int) -> InvestigationView:
    return InvestigationView.from_row(_investigation_row(session, investigation_id))


def update_investigation(session: Session, *, investigation_id: int, held_at: datetime, place: str,
                         person_questioned: str, questions: list[tuple[str, str]],
                         now: datetime | None = None) -> InvestigationView:
    """Correct an investigation record (the audit trail keeps what it said before)."""
    row = _investigation_row(session, investigation_id)
    dispute = _open_case(session, row.dispute_id)
    qa = _check_investigation(Collector(labels=LABELS), dispute, held_at, person_questioned, questions, now)
    row.held_at, row.place, row.person_questioned, row.questions = (held_at, place.strip(),
                                                                    person_questioned.strip(), qa)
    session.flush()
    return InvestigationView.from_row(row)


def _check_evidence(c: Collector, *, name: str, kind: str, pages: int, files: list[Path], keeps_files: bool) -> None:
    if not name.strip():
        c.fail("name", _("Name the evidence, e.g. 医疗费发票 or 现场照片."))
    if kind not in codes.load("evidence_kinds"):
        c.fail("kind", _("Choose the kind of evidence from the list."))
    if pages < 0:
        c.fail("pages", _("The number of pages cannot be negative."))
    elif pages == 0 and not files and not keeps_files and kind not in NOT_PAPER:
        c.fail("pages", _("Without attached files the item is kept on paper: give its number of pages, which "
                          "the dossier's contents list."))
    missing = [str(f) for f in files if not Path(f).is_file()]
    if missing:
        c.fail("file", _("These files cannot be found: {names}.").format(names="、".join(missing)))
    if c.errors:
        raise ValidationFailed(c.errors)


def _attach(session: Session, evidence_id: int, files: list[Path], store: AttachmentStore) -> None:
    for f in files:
        sha, size = store.put(Path(f))
        session.add(Attachment(evidence_id=evidence_id, sha256=sha, filename=Path(f).name, size=size,
                               media_type=mimetypes.guess_type(str(f))[0] or "application/octet-stream"))
    session.flush()


def add_evidence(session: Session, *, dispute_id: int, name: str, source: str = "", kind: str = "documentary",
                 pages: int = 0, provided_by: str = "", received_on: date | None = None,
                 files: list[Path] = (), store: AttachmentStore) -> EvidenceView:
    """Add an item to the evidence list; its files are stored once by content, whatever their names. `pages`: of
    the paper filed in the dossier (required when there are no files, unless the item is an object or a
    recording)."""
    _open_case(session, dispute_id)
    _check_evidence(Collector(labels=LABELS), name=name, kind=kind, pages=pages, files=list(files),
                    keeps_files=False)
    position = (session.scalar(select(func.max(Evidence.position)).where(Evidence.dispute_id == dispute_id))
                or 0) + 1
    row = Evidence(dispute_id=dispute_id, position=position, name=name.strip(), source=source.strip(), kind=kind,
                   pages=pages, provided_by=provided_by.strip(), received_on=received_on)
    session.add(row)
    session.flush()
    _attach(session, row.id, list(files), store)
    return _evidence_view(session, row)


def _evidence_row(session: Session, evidence_id: int) -> Evidence:
    row = session.get(Evidence, evidence_id)
    if row is None or row.deleted_at is not None:
        raise NotFound(_("No evidence with id {id}; it may have been deleted.").format(id=evidence_id))
    return row


def get_evidence(session: Session, *, evidence_id: int) -> EvidenceView:
    return _evidence_view(session, _evidence_row(session, evidence_id))


def update_evidence(session: Session, *, evidence_id: int, name: str, source: str, kind: str, pages: int,
                    provided_by: str, received_on: date | None, add_files: list[Path] = (),
                    remove_attachment_ids: list[int] = (), store: AttachmentStore) -> EvidenceView:
    """Correct an item of the evidence list, attach more files or take some off (the stored bytes stay: other
    items or an older bundle may name the same content; the audit trail keeps the change)."""
    row = _evidence_row(session, evidence_id)
    _open_case(session, row.dispute_id)
    kept = [a for a in _attachments(session, row.id) if a.id not in set(remove_attachment_ids)]
    _check_evidence(Collector(labels=LABELS), name=name, kind=kind, pages=pages, files=list(add_files),
                    keeps_files=bool(kept))
    row.name, row.source, row.kind, row.pages = name.strip(), source.strip(), kind, pages
    row.provided_by, row.received_on = provided_by.strip(), received_on
    removed_at = utcnow()
    for a in _attachments(session, row.id):
        if a.id in set(remove_attachment_ids):
            a.deleted_at = removed_at
    session.flush()
    _attach(session, row.id, list(add_files), store)
    return _evidence_view(session, row)


def _attachments(session: Session, evidence_id: int) -> list[Attachment]:
    return list(session.scalars(select(Attachment).where(Attachment.evidence_id == evidence_id,
                                                         Attachment.deleted_at.is_(None)).order_by(Attachment.id)))


def _evidence_view(session: Session, row: Evidence) -> EvidenceView:
    files = _attachments(session, row.id)
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
