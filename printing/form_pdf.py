"""Forms: a ruled label/value table, then paragraphs, signature lines, the seal area and the date."""
from __future__ import annotations

from typing import BinaryIO

from app.documents import FormDoc
from printing import layout
from printing.agreement_pdf import _grid, _p
from printing.fonts import FontSet
from printing.styles import Styles, make_styles


def render_form(doc: FormDoc, out: BinaryIO, fonts: FontSet) -> int:
    return layout.build(form_story(doc, make_styles(fonts)), out, doc.header, fonts)


def form_story(doc: FormDoc, s: Styles) -> list:
    from reportlab.platypus import Spacer

    width = layout.TEXT_WIDTH
    story = [_p(doc.header.title, s.title), _p(doc.header.committee, s.right)]
    if doc.rows:
        story.append(_grid([[_p(label, s.cell), _p(value, s.cell)] for label, value in doc.rows],
                           [width * 0.22, width * 0.78], s))
    story.append(Spacer(1, 8))
    story += [_p(text, s.body) for text in doc.paragraphs]
    if doc.signatures:
        story.append(Spacer(1, 10))
        story += [_p(f"{line}：________________", s.plain) for line in doc.signatures]
    if doc.seal:
        story += [Spacer(1, 12), _p(f"{doc.header.committee}（印章）", s.right)]
    if doc.date:
        story.append(_p(doc.date, s.right))
    return story
