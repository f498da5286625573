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


def issue_dossier(session: Session, *, dispute_id: int, by: int | None = None):
    """Builds each document of the case, lists them in the national order (DOMAIN.md) with the cover, contents
    and back cover, renders the whole, and only then issues (or re-uses) the codes of every complete document;
    while the dossier has a gap, the frame is a draft like the documents that are not complete.
    (DossierDoc, Printout)."""
    from app.printouts import render_pdf
    from printing import texts_of

    record = load_case_record(session, dispute_id=dispute_id)
    doc, planned = _assemble(session, record, by)
    framed = [_frame(session, record, doc, name, by) for name in FRAME]
    doc = replace(doc, frame=tuple(p.doc.header for p in framed))
    printout = render_pdf(doc)
    for p in (*planned, *framed):
        text = "".join(texts_of(p.doc))
        issuing.register_planned(session, p, missing="".join(c for c in printout.missing if c in text))
    return doc, printout


def build_dossier(session: Session, *, dispute_id: int, by: int | None = None) -> DossierDoc:
    """The dossier, issued (`issue_dossier` without its printout)."""
    return issue_dossier(session, dispute_id=dispute_id, by=by)[0]


def section(name: str):
    """The builder of the cover, contents or back cover printed on its own (the registry's entries)."""
    def build(session: Session, dispute_id: int, part: str) -> DossierDoc:
        return _section(_assemble(session, load_case_record(session, dispute_id=dispute_id), None)[0], name)
    return build


cover, contents, back_cover = section("cover"), section("contents"), section("back-cover")


def _section(doc: DossierDoc, name: str) -> DossierDoc:
    return replace(doc, section=name, header=replace(doc.header, doc_type=name,
                                                     title=registry.TYPES[name].title))


def _frame(session: Session, record: CaseRecord, doc: DossierDoc, name: str, by: int | None) -> issuing.Planned:
    """Plan one of the cover, contents and back cover (the same code as when it is printed on its own)."""
    part = _section(doc, name)
    v = record.dispute
    if registry.lacks(record, name):
        return issuing.Planned(issuing.draft(part), issuing.IssuedView(name, part.header.title, 0, "", v.case_no,
                                                                       clock.utcnow(), None), v.id)
    return issuing.plan_issue(session, part, dispute_id=v.id, case_uid=v.uid, case_no=v.case_no, by=by)


def _assemble(session: Session, record: CaseRecord, by: int | None) -> tuple[DossierDoc, list[issuing.Planned]]:
    from app.cn_text import normalise_document

    v = record.dispute
    entries, planned = [], []
    for place in registry.dossier_places(record):
        if not place.doc_type:
            entries.append(DossierEntry(place.number, place.title, place.required, None, ON_PAPER, place.pages))
            continue
        try:
            found = issuing.plan(session, dispute_id=v.id, doc_type=place.doc_type, part=place.part, by=by,
                                 record=record)
        except DocumentUnavailable:
            entries.append(DossierEntry(place.number, place.title, place.required, None, MISSING))
            continue
        planned.append(found)
        entries.append(DossierEntry(place.number, place.title, place.required, found.doc,
                                    DRAFT if found.view.draft else ""))
    # Filed (立卷) by whoever archived the case, until then the presiding mediator; on the archiving date once
    # archived, so an unchanged archived dossier prints the same and keeps its codes.
    archived = next((h for h in reversed(v.history) if h.to_status == Status.ARCHIVED), None)
    filed_by = (archived.by_name if archived else "") or v.presiding_mediator_name or ""
    filed_on = cn_date(archived.on_date if archived else clock.today())
    cover_rows = (("卷名", v.title), ("卷号", v.case_no or ""), ("调解员", v.presiding_mediator_name or ""),
                  ("起止日期", f"{cn_date(v.registered_on)} 至 {cn_date(v.closed_on) if v.closed_on else ''}"),
                  ("立卷人", filed_by), ("立卷日期", filed_on), ("保管期限", "长期"))
    header = replace(document_header(session, v, "cover"), doc_type="dossier", title="人民调解卷宗")
    return DossierDoc(header, normalise_document(cover_rows), tuple(entries), filed_by, filed_on), planned
