"""The dossier as one PDF: cover, contents (the page each document starts on; missing ones marked), every
document with its own header and code, back cover with the page total; pages numbered through."""
from __future__ import annotations

import io
from typing import BinaryIO

from app.documents import AgreementDoc, DossierDoc
from printing import layout
from printing.agreement_pdf import _grid, _p, agreement_story
from printing.fonts import FontSet
from printing.form_pdf import form_story
from printing.styles import Styles, make_styles


def _story(doc: DossierDoc, s: Styles, starts: dict[str, int], total: int | None, found: dict[str, int],
           current: dict) -> list:
    from reportlab.platypus import PageBreak, Spacer

    width = layout.TEXT_WIDTH
    story = [layout.header_marker(doc.header, found, current), Spacer(1, 60), _p(doc.header.committee, s.title),
             _p("人民调解卷宗", s.title), Spacer(1, 30),
             _grid([[_p(k, s.cell), _p(v, s.cell)] for k, v in doc.cover], [width * 0.25, width * 0.75], s),
             PageBreak(), _p("卷内目录", s.title)]
    rows = [[_p("序号", s.cell), _p("文书名称", s.cell), _p("页号", s.cell), _p("备注", s.cell)]]
    for i, e in enumerate(doc.entries, start=1):
        page = ""
        if e.document is not None:   # the first pass writes a placeholder of the same width as a real number
            page = str(starts.get(e.document.header.doc_type + e.document.header.code, "")) if starts else "999"
        note = e.note + ("（必备）" if e.required and e.note == "缺" else "")
        rows.append([_p(str(i), s.cell), _p(e.title, s.cell), _p(page, s.cell), _p(note, s.cell)])
    story.append(_grid(rows, [width * 0.1, width * 0.5, width * 0.12, width * 0.28], s))
    for e in doc.entries:
        if e.document is None:
            continue
        story += [PageBreak(), layout.header_marker(e.document.header, found, current)]
        story += agreement_story(e.document, s) if isinstance(e.document, AgreementDoc) else form_story(e.document, s)
    story += [PageBreak(), layout.header_marker(doc.header, found, current), _p("卷宗封底", s.title),
              Spacer(1, 20), _p(f"本卷共 {total if total else 999} 页。", s.body),
              _p(f"立卷人：{doc.filed_by}________________", s.plain), _p("检查人：________________", s.plain),
              _p(doc.date, s.right)]
    return story


def render_dossier(doc: DossierDoc, out: BinaryIO, fonts: FontSet) -> int:
    """Two passes: the first finds where each document starts and the total, the second prints them."""
    s = make_styles(fonts)
    found: dict[str, int] = {}
    current: dict = {}     # shared by the markers in the story and the canvas that draws the headers
    total = layout.build(_story(doc, s, {}, None, found, current), io.BytesIO(), doc.header, fonts, current=current)
    current = {}
    return layout.build(_story(doc, s, dict(found), total, {}, current), out, doc.header, fonts, current=current)
