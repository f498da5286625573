"""Layout rules checked on rendered PDFs without a database: no line starts with punctuation that must not start
one, a lead-in line (一、…, 此致) never ends a page, and the one text normaliser."""
from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from app.cn_text import cn_number, normalise
from app.documents.shapes import DocumentHeader, FormDoc
from app.printouts import render_pdf
from printing.styles import CANNOT_START

HEADER = DocumentHeader("termination", "调解终止告知书", "城关镇人民调解委员会", "(2026)城人调字第1号", draft=True)


def lines_of(pdf: bytes) -> list[list[str]]:
    return [[line.strip() for line in page.extract_text().splitlines() if line.strip()]
            for page in PdfReader(io.BytesIO(pdf)).pages]


def test_no_line_starts_with_a_mark_that_cannot_start_one():
    paragraphs = tuple("甲" * n + mark + "乙" * 3 for n in range(28, 44) for mark in ("；", "。", "”", "，", "、"))
    pages = lines_of(render_pdf(FormDoc(HEADER, (), paragraphs=paragraphs)).pdf)
    starts = [line[0] for page in pages for line in page]
    assert not [c for c in starts if c in CANNOT_START]


@pytest.mark.parametrize("filler", range(24, 36))
def test_a_lead_in_and_the_addressee_after_this_zhi_stay_with_what_follows(filler):
    paragraphs = ("张三、李四：", *("本委员会经调查查明有关事实如下。" * 3,) * filler, "一、查明的事实",
                  "李四家卫生间漏水。", "此致", "城关人民法庭")
    pages = lines_of(render_pdf(FormDoc(HEADER, (), paragraphs=paragraphs)).pdf)
    for page in pages:
        body = [line for line in page if "页" not in line and "草稿" not in line and "城人调字" not in line]
        assert body and body[-1] not in ("一、查明的事实", "此致"), body[-2:]


@pytest.mark.parametrize("text, expected", [
    ("李四赔偿张三维修费。，金额人民币3,500.50元", "李四赔偿张三维修费，金额人民币3,500.50元"),
    ("漏水属实。。", "漏水属实。"),
    ("在村委会(会议室);14:30开始", "在村委会（会议室）；14:30开始"),
    ("请求确认(2026)城人调字第1号协议有效", "请求确认(2026)城人调字第1号协议有效"),
    ("他说\"好\".", "他说“好”。"),
    ("Zhang San, (Ltd)", "Zhang San, (Ltd)"),
])
def test_the_one_normaliser(text, expected):
    assert normalise(text) == expected


def test_numbers_of_the_first_two_levels():
    assert [cn_number(n) for n in (1, 10, 11, 20, 21, 99)] == ["一", "十", "十一", "二十", "二十一", "九十九"]


def test_two_closing_marks_together_never_start_a_line():
    """reportlab hangs one mark (。) at the end of a line; the second (” after 。) must not start the next."""
    paragraphs = tuple("甲" * n + "“乙丙。”丁戊" for n in range(20, 60))
    pages = lines_of(render_pdf(FormDoc(HEADER, (), paragraphs=paragraphs)).pdf)
    assert not [line for page in pages for line in page if line[0] in CANNOT_START]
