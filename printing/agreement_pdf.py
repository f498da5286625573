"""人民调解协议书 and 人民调解口头协议登记表."""
from __future__ import annotations

from typing import BinaryIO

from app.cn_text import cn_number
from app.documents.shapes import AgreementDoc, Citation
from printing import layout
from printing.fonts import FontSet
from printing.form_pdf import LONG, SEE_BELOW
from printing.parts import grid, keep_together, para, parties_table, signature_table
from printing.styles import Styles, make_styles



def opening(doc: AgreementDoc) -> str:
    """The standard words before the terms: 双方 for two parties, 各方 for more."""
    return f"经调解，{'双方' if len(doc.parties) <= 2 else '各方'}自愿达成如下协议："


def citation_lines(citations: tuple[Citation, ...]) -> list[str]:
    """Each provision: the statute's words in quotation marks where the catalogue holds them verbatim, the
    station's own words only as its explanation; then where the quoted texts come from."""
    lines, laws = [], {}
    for c in citations:
        if c.text:
            lines.append(f"《{c.law}》{c.article}规定：“{c.text.rstrip('。')}。”"
                         + (f"本委员会认为：{c.gist}" if c.gist else ""))
            laws[c.law] = c.version
        else:
            lines.append(f"依据《{c.law}》{c.article}的规定" + (f"（本委员会的理解：{c.gist.rstrip('。')}）" if c.gist
                                                          else "") + "。")
    if laws:
        lines.append("（所引条文依照" + "、".join(
            f"《{law}》{_cn_date(version)}起施行的文本" if version else f"《{law}》"
            for law, version in laws.items()) + "。）")
    return lines


def _cn_date(iso: str) -> str:
    year, month, day = (int(x) for x in iso.split("-"))
    return f"{year}年{month}月{day}日"


def signature_block(doc: AgreementDoc, s: Styles, width: float) -> list:
    """Every party (a fingerprint box; an organisation's seal and representative), the mediator, the
    record-keeper, the seal area and the date: one block, on one page."""
    from reportlab.platypus import Spacer

    return keep_together([signature_table(doc.signers, s, width), Spacer(1, 6),
                          para(f"人民调解员（签名）：{doc.mediator or ''}________________", s.plain),
                          para(f"记录人（签名）：{doc.record_keeper or ''}________________", s.plain), Spacer(1, 10),
                          para(f"{doc.header.committee}（印章）", s.right), para(doc.date, s.right)])


def render_agreement(doc: AgreementDoc, out: BinaryIO, fonts: FontSet) -> int:
    """Returns the number of pages."""
    return layout.build(agreement_story(doc, make_styles(fonts)), out, doc.header, fonts)


def agreement_story(doc: AgreementDoc, s: Styles) -> list:
    """Sections numbered 一、 and the terms in them （一）, as GB/T 9704 numbers the levels."""
    from reportlab.platypus import Spacer

    width = layout.TEXT_WIDTH
    if doc.oral:
        return _oral_story(doc, s, width)
    story = [para(doc.header.title, s.title), para(f"编号：{doc.header.case_no}", s.right),
             parties_table(doc.parties, s, width), Spacer(1, 8)]
    sections = [("纠纷主要事实（经调查查明）", [doc.facts]), ("争议事项", [doc.matters]),
                ("各方当事人的责任", [doc.responsibilities]),
                ("调解意见及法律依据", [doc.findings, *citation_lines(doc.citations), doc.fairness]),
                ("协议内容", [opening(doc), *[f"（{cn_number(t.number)}）{t.text}" for t in doc.terms]]),
                ("履行方式、地点、期限", [f"（{cn_number(t.number)}）履行人：{t.obligors or '—'}；受领人：{t.obligees or '—'}；"
                                           f"履行方式：{t.method}；履行地点：{t.place}；履行期限：{t.due}。"
                                           for t in doc.terms])]
    for i, (title, paragraphs) in enumerate(sections, start=1):
        story.append(para(f"{cn_number(i)}、{title}", s.heading))
        story += [para(text, s.label if text == opening(doc) else s.body) for text in paragraphs if text]
    story += [Spacer(1, 6), *[para(c, s.body) for c in doc.clauses], Spacer(1, 10), *signature_block(doc, s, width)]
    return story


def _oral_story(doc: AgreementDoc, s: Styles, width: float) -> list:
    from reportlab.platypus import Spacer

    parties = "\n".join(f"{p.role}：{p.name}" + (f"，{p.gender}" if p.gender else "") +
                        (f"，法定代表人或负责人{p.legal_representative}" if p.legal_representative else "") +
                        (f"，{'统一社会信用代码' if p.kind == 'organisation' else '公民身份号码'}{p.id_number}"
                         if p.id_number else "") +
                        (f"，联系电话{p.phone}" if p.phone else "") for p in doc.parties)
    terms = "\n".join([opening(doc).replace("协议", "口头协议"), *[f"（{cn_number(t.number)}）{t.text}" for t in doc.terms]])
    performance = "\n".join(f"（{cn_number(t.number)}）{t.obligors or ''}：{t.method or '当面'}，{t.due or '当场'}"
                            for t in doc.terms)
    label = [width * 0.2, width * 0.8]
    long = len(doc.facts) > LONG      # a long text follows the table: a table cell cannot break well
    rows = [[para("编号", s.cell), para(doc.header.case_no, s.cell)], [para("当事人", s.cell), para(parties, s.cell)],
            [para("纠纷简要情况", s.cell), para(SEE_BELOW if long else doc.facts, s.cell)],
            [para("协议内容", s.cell), para(terms, s.cell)],
            [para("履行方式、期限", s.cell), para(performance, s.cell)],
            [para("说明", s.cell), para("\n".join(doc.clauses), s.cell)]]
    signing = [[para("当事人签名", s.cell), signature_table(doc.signers, s, width * 0.8 - 12)],
               [para("登记人", s.cell), para(f"{doc.mediator}（签名）　　登记日期：{doc.date}", s.cell)]]
    facts = [para("纠纷简要情况：", s.label), *[para(p, s.body) for p in doc.facts.splitlines() if p.strip()]] \
        if long else []
    return [para(doc.header.title, s.title), para(doc.header.committee, s.right), grid(rows, label, s), *facts,
            *keep_together([grid(signing, label, s), Spacer(1, 12), para(f"{doc.header.committee}（印章）", s.right)])]
