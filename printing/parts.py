"""Building blocks shared by every document: paragraphs, ruled grids, the parties' table and the signature
lines with a fingerprint box."""
from __future__ import annotations

from html import escape

from app.documents.shapes import PartyLine
from printing import layout
from printing.styles import Styles


def para(text: str, style):
    from reportlab.platypus import Paragraph

    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def grid(rows: list[list], widths: list[float], s: Styles, spans: list[tuple] = (), header: bool = False):
    """A table ruled all over, in the body font (cells default to Helvetica); `header` repeats the first
    row on every page the table runs over."""
    from reportlab.lib import colors
    from reportlab.platypus import Table, TableStyle

    table = Table(rows, colWidths=widths, repeatRows=1 if header else 0)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.6, colors.black), ("FONTNAME", (0, 0), (-1, -1), s.font),
                               ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                               ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                               *[("SPAN", a, b) for a, b in spans]]))
    return table


def parties_table(parties: tuple[PartyLine, ...], s: Styles, width: float):
    """One block of ruled rows per party: name, sex, ethnicity, birth, occupation, phone, ID, address, agent."""
    rows, spans = [], []
    w = [width * 0.13, width * 0.29, width * 0.29, width * 0.29]
    for p in parties:
        first = len(rows)
        if p.kind == "organisation":
            rows += [[para(p.role, s.cell), para(f"名称：{p.name}", s.cell),
                      para(f"法定代表人：{p.legal_representative}", s.cell), para(f"联系电话：{p.phone}", s.cell)],
                     ["", para(f"统一社会信用代码：{p.id_number}", s.cell), "", ""],
                     ["", para(f"住所：{p.address}", s.cell), "", ""]]
        else:
            rows += [[para(p.role, s.cell), para(f"姓名：{p.name}", s.cell), para(f"性别：{p.gender}", s.cell),
                      para(f"民族：{p.ethnicity}", s.cell)],
                     ["", para(f"出生日期：{p.birth}", s.cell), para(f"职业：{p.occupation}", s.cell),
                      para(f"联系电话：{p.phone}", s.cell)],
                     ["", para(f"公民身份号码：{p.id_number}", s.cell), "", ""],
                     ["", para(f"住址或单位：{p.address}", s.cell), "", ""]]
        if p.agent:
            rows.append(["", para(f"委托代理人：{p.agent}", s.cell), "", ""])
        last = len(rows) - 1
        spans.append(((0, first), (0, last)))
        spans += [((1, r), (3, r)) for r in range(first + (1 if p.kind == "organisation" else 2), last + 1)]
    return grid(rows, w, s, spans)


def fingerprint_lines(who: tuple[str, ...], s: Styles, width: float):
    """A line per signer with 签名、盖章或按指印 and a box for the fingerprint beside it."""
    from reportlab.lib import colors
    from reportlab.platypus import Table, TableStyle

    rows = [[para(f"{name}（签名、盖章或按指印）________________", s.plain), para("指印", s.small)] for name in who]
    table = Table(rows, colWidths=[width - 22 * layout.MM, 18 * layout.MM], rowHeights=[18 * layout.MM] * len(rows))
    table.setStyle(TableStyle([("BOX", (1, i), (1, i), 0.6, colors.black) for i in range(len(rows))] +
                              [("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("ALIGN", (1, 0), (1, -1), "CENTER"),
                               ("FONTNAME", (0, 0), (-1, -1), s.font)]))
    return table
