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
    marker = lambda name: layout.header_marker(doc.section_header(name), found, current)  # noqa: E731
    cover = [marker("cover"), Spacer(1, 60), para(doc.header.committee, s.title),
             para("人民调解卷宗", s.title), Spacer(1, 30),
             grid([[para(k, s.cell), para(v, s.cell)] for k, v in doc.cover], [width * 0.25, width * 0.75], s)]
    rows = [[para(c, s.cell) for c in ("序号", "文书名称", "页号", "页数", "备注")]]
    # The first pass writes placeholders of the width of real numbers; the second, each document's first page
    # and its count (to the next document's first page, or the back cover's).
    firsts = sorted(starts.values()) + [total or 0]
    for i, e in enumerate(doc.entries, start=1):
        page, count = "", str(e.pages or "")
        if e.document is not None:
            first = starts.get(e.document.header.key)
            page = str(first or "") if starts else "999"
            count = str(next(n for n in firsts if n > first) - first) if first and total else "99"
        note = e.note + ("（必备）" if e.gap else "")
        rows.append([para(str(i), s.cell), para(e.title, s.cell), para(page, s.cell), para(count, s.cell),
                     para(note, s.cell)])
    rows.append([para(str(len(doc.entries) + 1), s.cell), para("封底", s.cell), para(str(total or 999), s.cell),
                 para("1", s.cell), para("", s.cell)])
    contents = [marker("contents"), para("卷内目录", s.title),
                grid(rows, [width * 0.09, width * 0.47, width * 0.1, width * 0.1, width * 0.24], s, header=True)]
    documents = []
    for e in doc.entries:
        if e.document is None:
            continue
        documents += [PageBreak(), layout.header_marker(e.document.header, found, current)]
        documents += (agreement_story(e.document, s) if isinstance(e.document, AgreementDoc)
                      else form_story(e.document, s))
    paper = [e for e in doc.entries if e.pages]
    back = [marker("back-cover"), para("卷宗封底", s.title),
            Spacer(1, 20), para(f"本卷共 {total if total else 999} 页。", s.body),
            *([para(f"另附纸质材料{len(paper)}份，计{sum(e.pages for e in paper)}页，见卷内目录。", s.body)] if paper else []),
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
