"""The dossier as one PDF: cover, contents (the page each document starts on; missing ones marked), every
document with its own header and code, back cover with the page total; pages numbered through."""
from __future__ import annotations

import io
from typing import BinaryIO

from app.documents.shapes import AgreementDoc, DossierDoc
from printing import layout
from printing.agreement_pdf import agreement_story
from printing.fonts import FontSet
from printing.form_pdf import form_story
from printing.parts import grid, para
from printing.styles import Styles, make_styles


def _sections(doc: DossierDoc, s: Styles, starts: dict[str, int], total: int | None, found: dict[str, int],
              current: dict) -> dict[str, list]:
    from reportlab.platypus import PageBreak, Spacer

    width = layout.TEXT_WIDTH
    cover = [layout.header_marker(doc.header, found, current), Spacer(1, 60), para(doc.header.committee, s.title),
             para("人民调解卷宗", s.title), Spacer(1, 30),
             grid([[para(k, s.cell), para(v, s.cell)] for k, v in doc.cover], [width * 0.25, width * 0.75], s)]
    rows = [[para("序号", s.cell), para("文书名称", s.cell), para("页号", s.cell), para("备注", s.cell)]]
    for i, e in enumerate(doc.entries, start=1):
        page = ""
        if e.document is not None:   # the first pass writes a placeholder of the same width as a real number
            page = str(starts.get(e.document.header.doc_type + e.document.header.code, "")) if starts else "999"
        note = e.note + ("（必备）" if e.required and e.note == "缺" else "")
        rows.append([para(str(i), s.cell), para(e.title, s.cell), para(page, s.cell), para(note, s.cell)])
    contents = [layout.header_marker(doc.header, found, current), para("卷内目录", s.title),
                grid(rows, [width * 0.1, width * 0.5, width * 0.12, width * 0.28], s, header=True)]
    documents = []
    for e in doc.entries:
        if e.document is None:
            continue
        documents += [PageBreak(), layout.header_marker(e.document.header, found, current)]
        documents += (agreement_story(e.document, s) if isinstance(e.document, AgreementDoc)
                      else form_story(e.document, s))
    back = [layout.header_marker(doc.header, found, current), para("卷宗封底", s.title),
            Spacer(1, 20), para(f"本卷共 {total if total else 999} 页。", s.body),
            para(f"立卷人：{doc.filed_by}________________", s.plain), para("检查人：________________", s.plain),
            para(doc.date, s.right)]
    return {"cover": cover, "contents": contents, "documents": documents, "back-cover": back}


def _story(sections: dict[str, list], only: str = "") -> list:
    from reportlab.platypus import PageBreak

    if only:
        return sections[only]
    return [*sections["cover"], PageBreak(), *sections["contents"], *sections["documents"], PageBreak(),
            *sections["back-cover"]]


def render_dossier(doc: DossierDoc, out: BinaryIO, fonts: FontSet) -> int:
    """Two passes: the first lays out the whole dossier to find where each document starts and the total, the
    second prints it (or only the section asked for: a cover, contents or back cover on its own)."""
    s = make_styles(fonts)
    found: dict[str, int] = {}
    current: dict = {}     # shared by the markers in the story and the canvas that draws the headers
    total = layout.build(_story(_sections(doc, s, {}, None, found, current)), io.BytesIO(), doc.header, fonts,
                         current=current)
    current = {}
    return layout.build(_story(_sections(doc, s, dict(found), total, {}, current), doc.section), out, doc.header,
                        fonts, current=current)
