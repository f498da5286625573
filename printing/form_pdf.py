"""Forms: a ruled label/value table, the parties' table, paragraphs, a ruled list, signature lines (with a
fingerprint box for the parties), the seal area and the date."""
from __future__ import annotations

from typing import BinaryIO

from app.documents.shapes import FormDoc
from printing import layout
from printing.fonts import FontSet
from printing.parts import fingerprint_lines, grid, para, parties_table
from printing.styles import Styles, make_styles


def render_form(doc: FormDoc, out: BinaryIO, fonts: FontSet) -> int:
    return layout.build(form_story(doc, make_styles(fonts)), out, doc.header, fonts)


def form_story(doc: FormDoc, s: Styles) -> list:
    from reportlab.platypus import Spacer

    width = layout.TEXT_WIDTH
    story = [para(doc.header.title, s.title), para(doc.header.committee, s.right)]
    if doc.rows:
        story.append(grid([[para(label, s.cell), para(value, s.cell)] for label, value in doc.rows],
                          [width * 0.22, width * 0.78], s))
    if doc.parties:
        story += [Spacer(1, 6), parties_table(doc.parties, s, width)]
    story.append(Spacer(1, 8))
    # "此致" is indented; the addressee after it starts at the margin, as in a letter.
    story += [para(text, s.plain if i and doc.paragraphs[i - 1] == "此致" else s.body)
              for i, text in enumerate(doc.paragraphs)]
    if doc.table:
        # A narrow number column, the wider second column (what the line is about), the rest shared.
        columns = len(doc.table[0])
        first, second = width * 0.08, width * (0.3 if columns > 3 else 0.46)
        widths = [first, second] + [(width - first - second) / (columns - 2)] * (columns - 2)
        story += [Spacer(1, 6), grid([[para(c, s.cell) for c in row] for row in doc.table], widths, s, header=True)]
    if doc.party_signatures:
        story += [Spacer(1, 10), fingerprint_lines(doc.party_signatures, s, width)]
    if doc.signatures:
        story.append(Spacer(1, 10))
        story += [para(f"{line}：________________", s.plain) for line in doc.signatures]
    if doc.seal:
        story += [Spacer(1, 12), para(f"{doc.header.committee}（印章）", s.right)]
    if doc.date:
        story.append(para(doc.date, s.right))
    return story
