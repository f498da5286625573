"""Building blocks shared by every document: paragraphs (each character in a font that has it), ruled grids
whose columns fit their dates and numbers, the parties' table and the signature block."""
from __future__ import annotations

import re

from app.documents.shapes import PartyLine, Signer
from printing import layout
from printing.fonts import markup
from printing.styles import Styles

FEW_SIGNERS = 6        # up to this many sign on a line each; more, in a table two to a row
CELL_PADDING = 12      # reportlab's default left + right padding of a table cell
# What must never break inside a cell: a date, a number, an ID number, a phone, a time.
UNBREAKABLE = re.compile(r"\d{4}年\d{1,2}月\d{1,2}日前?|\d{1,2}时\d{2}分|[0-9A-Za-z][0-9A-Za-z\-.*,:%/]*")


def para(text: str, style):
    from reportlab.platypus import Paragraph

    return Paragraph(markup(text, style.fontName), style)


def grid(rows: list[list], widths: list[float], s: Styles, spans: list[tuple] = (), header: bool = False):
    """A table ruled all over, in the body font (cells default to Helvetica); `header` repeats the first
    row on every page the table runs over. A row taller than a page splits inside (a long 纠纷简要情况)."""
    from reportlab.lib import colors
    from reportlab.platypus import Table, TableStyle

    table = Table(rows, colWidths=widths, repeatRows=1 if header else 0, splitInRow=0 if spans else 1)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.6, colors.black), ("FONTNAME", (0, 0), (-1, -1), s.font),
                               ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                               ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                               *[("SPAN", a, b) for a, b in spans]]))
    return table


def column_widths(rows: list[tuple[str, ...]], total: float, font: str, size: float,
                  floor: tuple[float, ...] = ()) -> list[float]:
    """Widths that give every column room for its longest date, number or ID in one piece (and a short header
    whole), the rest of the width shared by how much text each column holds beyond that."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    def need(text: str, header: bool) -> float:
        """A header of up to six characters whole, else its longest date or number, and at least three
        characters' width."""
        pieces = [text] if header and len(text) <= 6 else UNBREAKABLE.findall(text)
        return max([stringWidth(p, font, size) for p in pieces] + [3 * size]) + CELL_PADDING

    columns = len(rows[0])
    least = [max([need(r[c], i == 0) for i, r in enumerate(rows)] + [floor[c] if c < len(floor) else 0])
             for c in range(columns)]
    natural = [max(stringWidth(r[c], font, size) + CELL_PADDING for r in rows) for c in range(columns)]
    spare = total - sum(least)
    if spare <= 0:
        return [w * total / sum(least) for w in least]
    wants = [max(n - w, 0) for n, w in zip(natural, least)]
    if not sum(wants):
        return [w + spare / columns for w in least]
    return [w + spare * want / sum(wants) for w, want in zip(least, wants)]


def parties_table(parties: tuple[PartyLine, ...], s: Styles, width: float):
    """One block of ruled rows per party: name, sex, ethnicity; birth, occupation, phone; ID; address; agent.
    The second column is wide enough for a date, the fourth for a phone number, in one line each."""
    rows, spans = [], []
    w = [width * 0.12, width * 0.36, width * 0.22, width * 0.30]
    for p in parties:
        first = len(rows)
        if p.kind == "organisation":
            rows += [[para(p.role, s.cell), para(f"名称：{p.name}", s.cell), "", para(f"联系电话：{p.phone}", s.cell)],
                     ["", para(f"法定代表人或负责人：{p.legal_representative}", s.cell), "", ""],
                     ["", para(f"统一社会信用代码：{p.id_number}", s.cell), "", ""],
                     ["", para(f"住所：{p.address}", s.cell), "", ""]]
            spans.append(((1, first), (2, first)))
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


def as_signer(who: Signer | str) -> Signer:
    return who if isinstance(who, Signer) else Signer(who)


def signer_cells(who: Signer, s: Styles) -> list:
    """A person signs or puts a fingerprint (the box beside); an organisation puts its seal and its legal
    representative or person in charge signs."""
    if who.organisation:
        rep = f"（{who.representative}）" if who.representative else ""
        return [para(f"{who.label}（盖章）\n法定代表人或负责人{rep}（签名）：________", s.plain), para("", s.small)]
    return [para(f"{who.label}（签名、盖章或按指印）________", s.plain), para("指印", s.small)]


def signature_table(signers: tuple[Signer | str, ...], s: Styles, width: float):
    """The parties' signature lines. A few: one line each with a fingerprint box. Many: a ruled table two
    parties to a row (party; signature or seal; fingerprint), its header repeated if it must run over a page."""
    from reportlab.lib import colors
    from reportlab.platypus import Table, TableStyle

    who = [as_signer(w) for w in signers]
    if len(who) <= FEW_SIGNERS:
        box = 18 * layout.MM
        rows = [signer_cells(w, s) for w in who]
        table = Table(rows, colWidths=[width - box - 4 * layout.MM, box + 4 * layout.MM],
                      rowHeights=[box + (6 * layout.MM if w.organisation else 0) for w in who])
        table.setStyle(TableStyle([*[("BOX", (1, i), (1, i), 0.6, colors.black) for i, w in enumerate(who)
                                     if not w.organisation],
                                   ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("ALIGN", (1, 0), (1, -1), "CENTER"),
                                   ("FONTNAME", (0, 0), (-1, -1), s.font)]))
        return table
    half = width / 2
    widths = [half * 0.44, half * 0.36, half * 0.20] * 2
    rows = [[para(t, s.small) for t in ("当事人", "签名（单位盖章）", "指印")] * 2]
    for start in range(0, len(who), 2):
        row = []
        for w in who[start:start + 2]:
            rep = f"\n法定代表人或负责人：{w.representative}" if w.organisation else ""
            row += [para(w.label + rep, s.small), para("盖章：\n签名：" if w.organisation else "", s.small),
                    para("—" if w.organisation else "", s.small)]
        rows.append(row + [""] * (6 - len(row)))
    table = Table(rows, colWidths=widths, repeatRows=1, rowHeights=[None] + [None] * (len(rows) - 1))
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.6, colors.black), ("FONTNAME", (0, 0), (-1, -1), s.font),
                               ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                               ("TOPPADDING", (0, 1), (-1, -1), 11), ("BOTTOMPADDING", (0, 1), (-1, -1), 11),
                               ("LINEAFTER", (2, 0), (2, -1), 1.6, colors.black)]))
    return table


def fingerprint_lines(who: tuple[Signer | str, ...], s: Styles, width: float):
    """The parties' signature lines (kept for callers of the old name)."""
    return signature_table(who, s, width)


def keep_together(flowables: list) -> list:
    """The flowables on one page (a signature block: parties, mediators, seal, date)."""
    from reportlab.platypus import KeepTogether

    return [KeepTogether(flowables)]
