"""人民调解协议书 and 口头协议登记表."""
from __future__ import annotations

from typing import BinaryIO

from app.documents.shapes import AgreementDoc
from printing import layout
from printing.parts import fingerprint_lines, grid, para, parties_table
from printing.fonts import FontSet
from printing.styles import Styles, make_styles

CN_NUMBERS = "一二三四五六七八九十"


def cn_number(n: int) -> str:
    """一 … 十, 十一 … 九十九 for numbering terms and sections."""
    if n <= 10:
        return CN_NUMBERS[n - 1]
    tens, ones = divmod(n, 10)
    return (CN_NUMBERS[tens - 1] if tens > 1 else "") + "十" + (CN_NUMBERS[ones - 1] if ones else "")


def signature_block(doc: AgreementDoc, s: Styles, width: float) -> list:
    """Every party with a fingerprint box; mediator, record-keeper, the seal area, the date."""
    from reportlab.platypus import Spacer

    return [fingerprint_lines(tuple(f"当事人：{name}" for name in doc.signers), s, width), Spacer(1, 6),
            para(f"人民调解员（签名）：{doc.mediator or ''}________________", s.plain),
            para(f"记录人（签名）：{doc.record_keeper or ''}________________", s.plain), Spacer(1, 10),
            para(f"{doc.header.committee}（印章）", s.right), para(doc.date, s.right)]


def render_agreement(doc: AgreementDoc, out: BinaryIO, fonts: FontSet) -> int:
    """Returns the number of pages."""
    return layout.build(agreement_story(doc, make_styles(fonts)), out, doc.header, fonts)


def agreement_story(doc: AgreementDoc, s: Styles) -> list:
    from reportlab.platypus import Spacer

    width = layout.TEXT_WIDTH
    if doc.oral:
        return _oral_story(doc, s, width)
    story = [para(doc.header.title, s.title), para(f"编号：{doc.header.case_no}", s.right),
             parties_table(doc.parties, s, width), Spacer(1, 8)]
    sections = [("纠纷主要事实（经调查查明）", [doc.facts]), ("争议事项", [doc.matters]),
                ("各方当事人的责任", [doc.responsibilities]),
                ("调解意见及法律依据", [doc.findings, *[f"《{c.law}》{c.article}：{c.gist}" for c in doc.citations],
                                        doc.fairness]),
                ("协议内容", [f"{cn_number(t.number)}、{t.text}" for t in doc.terms]),
                ("履行方式、地点、期限", [f"第{cn_number(t.number)}项：履行方式：{t.method}；履行地点：{t.place}；"
                                           f"履行期限：{t.due}。" for t in doc.terms])]
    for i, (title, paragraphs) in enumerate(sections, start=1):
        story.append(para(f"{cn_number(i)}、{title}", s.heading))
        story += [para(text, s.body) for text in paragraphs if text]
    story += [Spacer(1, 6), *[para(c, s.body) for c in doc.clauses], Spacer(1, 10), *signature_block(doc, s, width)]
    return story


def _oral_story(doc: AgreementDoc, s: Styles, width: float) -> list:
    parties = "\n".join(f"{p.role}：{p.name}" + (f"，{p.gender}" if p.gender else "") +
                        (f"，公民身份号码{p.id_number}" if p.id_number else "") +
                        (f"，联系电话{p.phone}" if p.phone else "") for p in doc.parties)
    terms = "\n".join(f"{cn_number(t.number)}、{t.text}" for t in doc.terms)
    performance = "\n".join(f"第{cn_number(t.number)}项：{t.method or '当面'}，{t.due or '当场'}" for t in doc.terms)
    label = [width * 0.2, width * 0.8]
    rows = [[para("编号", s.cell), para(doc.header.case_no, s.cell)], [para("当事人", s.cell), para(parties, s.cell)],
            [para("纠纷简要情况", s.cell), para(doc.facts, s.cell)], [para("协议内容", s.cell), para(terms, s.cell)],
            [para("履行方式、期限", s.cell), para(performance, s.cell)],
            [para("说明", s.cell), para("\n".join(doc.clauses), s.cell)],
            [para("当事人签名", s.cell), para("　　".join(f"{n}：________" for n in doc.signers), s.cell)],
            [para("登记人", s.cell), para(f"{doc.mediator}　　登记日期：{doc.date}", s.cell)]]
    return [para(doc.header.title, s.title), para(doc.header.committee, s.right), grid(rows, label, s)]
