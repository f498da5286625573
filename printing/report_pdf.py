"""Statistics reports (人民调解工作统计表): the title, who reports and for when, ruled tables under their headings
(column headings centred, figures right-aligned, the header repeated on a following page), notes, the lines of
those who fill it in and check it, with the date, and the appended tables from a new page."""
from __future__ import annotations

from typing import BinaryIO

from app.documents.shapes import ReportDoc, TableBlock
from printing import layout
from printing.fonts import FontSet
from printing.parts import grid, keep_together, para
from printing.styles import Styles, make_styles

SIGN_LINE = "________________"
PART = "\u3000"          # a label that begins with it is a part of the line above (TableBlock)
ROOM = 110               # points: a heading starts a new page unless its table's header and first rows fit


def render_report(doc: ReportDoc, out: BinaryIO, fonts: FontSet) -> int:
    return layout.build(report_story(doc, make_styles(fonts)), out, doc.header, fonts)


def _cell(text: str, column: int, block: TableBlock, s: Styles):
    if column in block.figures:
        return para(text, s.figure)
    return para(text.lstrip(PART), s.part) if text.startswith(PART) else para(text, s.cell)


def _block(block: TableBlock, s: Styles) -> list:
    """The heading and its table, which may run over to the next page (its header repeated there) once its first
    rows are on this one."""
    from reportlab.platypus import CondPageBreak, Spacer

    header, *body = block.rows
    rows = [[para(text, s.column) for text in header]]
    rows += [[_cell(text, j, block, s) for j, text in enumerate(row)] for row in body]
    table = grid(rows, [w * layout.TEXT_WIDTH for w in block.widths], s, header=True)
    heading = [para(block.heading, s.section)] if block.heading else []
    return [CondPageBreak(ROOM), *heading, table, Spacer(1, 6)]


def _unruled(cells: list[list], widths: list[float], s: Styles):
    """A row of labelled texts without rules (填报人 … 审核人 … 填报日期 …), in the body font (a table's own
    default, Helvetica, would be referenced in the PDF without being embedded)."""
    from reportlab.platypus import Table, TableStyle

    table = Table(cells, colWidths=[w * layout.TEXT_WIDTH for w in widths])
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), s.font), ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    return table


def report_story(doc: ReportDoc, s: Styles) -> list:
    from reportlab.platypus import PageBreak, Spacer

    story = [para(doc.header.title, s.title)]
    story += [para(f"{label}：{text}", s.plain) for label, text in doc.heading]
    story.append(Spacer(1, 4))
    for block in doc.blocks:
        story += _block(block, s)
    if doc.notes:
        story += [para("说明：", s.label), *[para(f"{i}. {note}", s.plain) for i, note in enumerate(doc.notes, 1)]]
    signs = [para(f"{label}：{SIGN_LINE}", s.plain) for label in doc.signatures]
    if doc.date[0]:
        signs.append(para(f"{doc.date[0]}：{doc.date[1] or SIGN_LINE}", s.right))
    if signs:
        story += keep_together([Spacer(1, 14), _unruled([signs], [1 / len(signs)] * len(signs), s)])
    if doc.appendix:
        story.append(PageBreak())
        for block in doc.appendix:
            story += _block(block, s)
    return story
