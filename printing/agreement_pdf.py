"""人民调解协议书 and 口头协议登记表."""
from __future__ import annotations

from html import escape
from typing import BinaryIO

from app.documents import AgreementDoc, PartyLine
from printing import layout
from printing.fonts import FontSet
from printing.styles import Styles, make_styles

CN_NUMBERS = "一二三四五六七八九十"


def cn_number(n: int) -> str:
    """一 … 十, 十一 … 九十九 for numbering terms and sections."""
    if n <= 10:
        return CN_NUMBERS[n - 1]
    tens, ones = divmod(n, 10)
    return (CN_NUMBERS[tens - 1] if tens > 1 else "") + "十" + (CN_NUMBERS[ones - 1] if ones else "")


def _p(text: str, style):
    from reportlab.platypus import Paragraph

    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def _grid(rows: list[list], widths: list[float], s: Styles, spans: list[tuple] = ()):
    from reportlab.lib import colors
    from reportlab.platypus import Table, TableStyle

    table = Table(rows, colWidths=widths, repeatRows=0)
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
            rows += [[_p(p.role, s.cell), _p(f"名称：{p.name}", s.cell), _p(f"法定代表人：{p.legal_representative}", s.cell),
                      _p(f"联系电话：{p.phone}", s.cell)],
                     ["", _p(f"统一社会信用代码：{p.id_number}", s.cell), "", ""],
                     ["", _p(f"住所：{p.address}", s.cell), "", ""]]
        else:
            rows += [[_p(p.role, s.cell), _p(f"姓名：{p.name}", s.cell), _p(f"性别：{p.gender}", s.cell),
                      _p(f"民族：{p.ethnicity}", s.cell)],
                     ["", _p(f"出生日期：{p.birth}", s.cell), _p(f"职业：{p.occupation}", s.cell),
                      _p(f"联系电话：{p.phone}", s.cell)],
                     ["", _p(f"公民身份号码：{p.id_number}", s.cell), "", ""],
                     ["", _p(f"住址或单位：{p.address}", s.cell), "", ""]]
        if p.agent:
            rows.append(["", _p(f"委托代理人：{p.agent}", s.cell), "", ""])
        last = len(rows) - 1
        spans.append(((0, first), (0, last)))
        spans += [((1, r), (3, r)) for r in range(first + (1 if p.kind == "organisation" else 2), last + 1)]
    return _grid(rows, w, s, spans)


def signature_block(doc: AgreementDoc, s: Styles, width: float):
    """A line per party with 签名/盖章/按指印 and a fingerprint box; mediator, record-keeper, seal, date."""
    from reportlab.lib import colors
    from reportlab.platypus import Spacer, Table, TableStyle

    rows = [[_p(f"当事人：{name}（签名、盖章或按指印）________________", s.plain), _p("指印", s.small)]
            for name in doc.signers]
    table = Table(rows, colWidths=[width - 22 * layout.MM, 18 * layout.MM], rowHeights=[18 * layout.MM] * len(rows))
    table.setStyle(TableStyle([("BOX", (1, i), (1, i), 0.6, colors.black) for i in range(len(rows))] +
                              [("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("ALIGN", (1, 0), (1, -1), "CENTER"),
                               ("FONTNAME", (0, 0), (-1, -1), s.font)]))
    return [table, Spacer(1, 6),
            _p(f"人民调解员（签名）：{doc.mediator or ''}________________", s.plain),
            _p(f"记录人（签名）：{doc.record_keeper or ''}________________", s.plain), Spacer(1, 10),
            _p(f"{doc.header.committee}（印章）", s.right), _p(doc.date, s.right)]


def render_agreement(doc: AgreementDoc, out: BinaryIO, fonts: FontSet) -> int:
    """Returns the number of pages."""
    return layout.build(agreement_story(doc, make_styles(fonts)), out, doc.header, fonts)


def agreement_story(doc: AgreementDoc, s: Styles) -> list:
    from reportlab.platypus import Spacer

    width = layout.TEXT_WIDTH
    if doc.oral:
        return _oral_story(doc, s, width)
    story = [_p(doc.header.title, s.title), _p(f"编号：{doc.header.case_no}", s.right),
             parties_table(doc.parties, s, width), Spacer(1, 8)]
    sections = [("纠纷主要事实（经调查查明）", [doc.facts]), ("争议事项", [doc.matters]),
                ("各方当事人的责任", [doc.responsibilities]),
                ("调解意见及法律依据", [doc.findings, *[f"《{c.law}》{c.article}：{c.gist}" for c in doc.citations],
                                        doc.fairness]),
                ("协议内容", [f"{cn_number(t.number)}、{t.text}" for t in doc.terms]),
                ("履行方式、地点、期限", [f"第{cn_number(t.number)}项：履行方式：{t.method}；履行地点：{t.place}；"
                                           f"履行期限：{t.due}。" for t in doc.terms])]
    for i, (title, paragraphs) in enumerate(sections, start=1):
        story.append(_p(f"{cn_number(i)}、{title}", s.heading))
        story += [_p(text, s.body) for text in paragraphs if text]
    story += [Spacer(1, 6), *[_p(c, s.body) for c in doc.clauses], Spacer(1, 10), *signature_block(doc, s, width)]
    return story


def _oral_story(doc: AgreementDoc, s: Styles, width: float) -> list:
    parties = "\n".join(f"{p.role}：{p.name}" + (f"，{p.gender}" if p.gender else "") +
                        (f"，公民身份号码{p.id_number}" if p.id_number else "") +
                        (f"，联系电话{p.phone}" if p.phone else "") for p in doc.parties)
    terms = "\n".join(f"{cn_number(t.number)}、{t.text}" for t in doc.terms)
    performance = "\n".join(f"第{cn_number(t.number)}项：{t.method or '当面'}，{t.due or '当场'}" for t in doc.terms)
    label = [width * 0.2, width * 0.8]
    rows = [[_p("编号", s.cell), _p(doc.header.case_no, s.cell)], [_p("当事人", s.cell), _p(parties, s.cell)],
            [_p("纠纷简要情况", s.cell), _p(doc.facts, s.cell)], [_p("协议内容", s.cell), _p(terms, s.cell)],
            [_p("履行方式、期限", s.cell), _p(performance, s.cell)],
            [_p("说明", s.cell), _p("\n".join(doc.clauses), s.cell)],
            [_p("当事人签名", s.cell), _p("　　".join(f"{n}：________" for n in doc.signers), s.cell)],
            [_p("登记人", s.cell), _p(f"{doc.mediator}　　登记日期：{doc.date}", s.cell)]]
    return [_p(doc.header.title, s.title), _p(doc.header.committee, s.right), _grid(rows, label, s)]
