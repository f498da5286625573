"""Forms: a ruled label/value table, the parties' table, paragraphs, a ruled list, and the signature block
(the parties with a fingerprint box, the other signature lines, the seal area and the date) on one page."""
from __future__ import annotations

import re
from typing import BinaryIO

from app.documents.shapes import FormDoc
from printing import layout
from printing.fonts import FontSet
from printing.parts import column_widths, grid, keep_together, para, parties_table, signature_table
from printing.styles import Styles, make_styles

# A line that introduces what follows it: "申请事项：", "三、当事人陈述：", "一、查明的事实", "此致".
LEAD_IN = re.compile(r"^(?:[一二三四五六七八九十]+、[^：。]{1,16}|[^，。：]{1,12}：|此致)$")
LONG = 600            # characters: more than a third of a page in a table cell
SEE_BELOW = "（见表后）"
SALUTATION = re.compile(r"^[^，。：；]{1,80}：$")


def render_form(doc: FormDoc, out: BinaryIO, fonts: FontSet) -> int:
    return layout.build(form_story(doc, make_styles(fonts)), out, doc.header, fonts)


def lead_in(text: str) -> bool:
    return bool(LEAD_IN.match(text.strip()))


def form_story(doc: FormDoc, s: Styles) -> list:
    from reportlab.platypus import Spacer

    width = layout.TEXT_WIDTH
    story = [para(doc.header.title, s.title), para(doc.header.committee, s.right)]
    if doc.rows:
        from reportlab.pdfbase.pdfmetrics import stringWidth

        # The labels on one line each (纠纷简要情况), at least a fifth of the width.
        longest = max(stringWidth(label, s.font, s.cell.fontSize) for label, _value in doc.rows) + 12
        first = min(max(longest, width * 0.2), width * 0.3)
        story.append(grid([[para(label, s.cell), para(SEE_BELOW if len(value) > LONG else value, s.cell)]
                           for label, value in doc.rows], [first, width - first], s))
        # A long text (纠纷简要情况 of many pages) follows the table as paragraphs: a table cell cannot break well.
        for label, value in doc.rows:
            if len(value) > LONG:
                story += [para(f"{label}：", s.label), *[para(p, s.body) for p in value.splitlines() if p.strip()]]
    if doc.parties:
        story += [Spacer(1, 6), parties_table(doc.parties, s, width)]
    story.append(Spacer(1, 8))
    for i, text in enumerate(doc.paragraphs):
        # The addressee starts at the margin, as in a letter: after 此致, or heading a notice ("张三、李四：").
        addressee = (i and doc.paragraphs[i - 1] == "此致") or (i == 0 and SALUTATION.match(text))
        story.append(para(text, s.plain if addressee else (s.label if lead_in(text) else s.body)))
    if doc.table:
        widths = column_widths(doc.table, width, s.font, s.cell.fontSize)
        story += [Spacer(1, 6), grid([[para(c, s.cell) for c in row] for row in doc.table], widths, s, header=True)]
    block = []
    if doc.party_signatures:
        block += [Spacer(1, 10), signature_table(doc.party_signatures, s, width)]
    if doc.signatures:
        block.append(Spacer(1, 10))
        block += [para(f"{line}：________________", s.plain) for line in doc.signatures]
    if doc.seal:
        block += [Spacer(1, 12), para(f"{doc.header.committee}（印章）", s.right)]
    if doc.date:
        block.append(para(doc.date, s.right))
    return story + keep_together(block) if block else story
