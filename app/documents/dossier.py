"""The case's dossier (卷宗): every document its history produced, in the national order the registry gives,
its paper materials with their pages, and required ones checked present. The cover, the contents list and the
back cover are documents of their own, each issued with a code that `verify` finds."""
from __future__ import annotations

from dataclasses import replace

from sqlalchemy.orm import Session

from app import clock
from app.documents import issuing, registry
from app.documents.pieces import cn_date, document_header
from app.documents.shapes import DossierDoc, DossierEntry
from app.errors import DocumentUnavailable
from app.lifecycle import Status
from app.services.case_record import CaseRecord, load_case_record

MISSING, ON_PAPER, DRAFT = "缺", "纸质材料附后", "草稿"
FRAME = ("cover", "contents", "back-cover")


def build_dossier(session: Session, *, dispute_id: int, by: int | None = None) -> DossierDoc:
    """Issues (or re-uses) each document of the case, lists them in the national order (DOMAIN.md) and issues the
    cover, contents and back cover; while the dossier has a gap, those three are drafts like the documents that
    are not complete."""
    record = load_case_record(session, dispute_id=dispute_id)
    doc = _assemble(session, record, by)
    return replace(doc, frame=tuple(_frame(session, record, doc, name, by)[0].header for name in FRAME))


def section(name: str):
    """The builder of the cover, contents or back cover printed on its own (the registry's entries)."""
    def build(session: Session, dispute_id: int, part: str) -> DossierDoc:
        return _section(_assemble(session, load_case_record(session, dispute_id=dispute_id), None), name)
    return build


cover, contents, back_cover = section("cover"), section("contents"), section("back-cover")


def _section(doc: DossierDoc, name: str) -> DossierDoc:
    return replace(doc, section=name, header=replace(doc.header, doc_type=name,
                                                     title=registry.TYPES[name].title))


def _frame(session: Session, record: CaseRecord, doc: DossierDoc, name: str, by: int | None):
    """Issue one of the cover, contents and back cover (the same code as when it is printed on its own)."""
    part = _section(doc, name)
    if registry.lacks(record, name):
        return issuing.draft(part), None
    v = record.dispute
    return issuing.register(session, part, dispute_id=v.id, case_uid=v.uid, case_no=v.case_no, by=by)


def _assemble(session: Session, record: CaseRecord, by: int | None) -> DossierDoc:
    v = record.dispute
    entries = []
    for place in registry.dossier_places(record):
        if not place.doc_type:
            entries.append(DossierEntry(place.number, place.title, place.required, None, ON_PAPER, place.pages))
            continue
        try:
            document, issued = issuing.issue(session, dispute_id=v.id, doc_type=place.doc_type, part=place.part,
                                             by=by, record=record)
        except DocumentUnavailable:
            entries.append(DossierEntry(place.number, place.title, place.required, None, MISSING))
            continue
        entries.append(DossierEntry(place.number, place.title, place.required, document,
                                    DRAFT if issued.draft else ""))
    # Filed (立卷) by whoever archived the case, until then the presiding mediator; on the archiving date once
    # archived, so an unchanged archived dossier prints the same and keeps its codes.
    archived = next((h for h in reversed(v.history) if h.to_status == Status.ARCHIVED), None)
    filed_by = (archived.by_name if archived else "") or v.presiding_mediator_name or ""
    filed_on = cn_date(archived.on_date if archived else clock.today())
    cover_rows = (("卷名", v.title), ("卷号", v.case_no or ""), ("调解员", v.presiding_mediator_name or ""),
                  ("起止日期", f"{cn_date(v.registered_on)} 至 {cn_date(v.closed_on) if v.closed_on else ''}"),
                  ("立卷人", filed_by), ("立卷日期", filed_on), ("保管期限", "长期"))
    header = replace(document_header(session, v, "cover"), doc_type="dossier", title="人民调解卷宗")
    return DossierDoc(header, cover_rows, tuple(entries), filed_by, filed_on)
