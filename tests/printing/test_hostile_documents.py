"""Cases a real station meets and a golden case does not: facts of 10,000 characters, 20 parties on a side with
organisations and long names and addresses, zero amounts and amounts with fen, several obligors, rare characters.
Each prints; the PDF's text is parsed back, page by page, to check the layout: no page ends with a heading and
each signature block (every party, the mediators, the seal and the date) stays on one page."""
from __future__ import annotations

import io
import re
from datetime import date

import pytest
from pypdf import PdfReader

from app.documents import issuing
from app.drafts import PartyDraft
from app.errors import DocumentUnavailable
from app.record_views import CitationView
from app.services import agreements, disputes
from tests.conftest import ID_A, ID_B, TODAY, accept, complete_record, register

HEADING = re.compile(r"^[一二三四五六七八九十]+、\S{1,16}$")
FOOTER = re.compile(r"^(第\d+页共\d+页|校验码.*|\(\d{4}\).*号|草稿.*)$")


def pages_of(pdf: bytes) -> list[list[str]]:
    """Each page's lines, spaces taken out, without the page furniture (case number, page, code)."""
    pages = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        lines = [line.replace(" ", "") for line in page.extract_text().splitlines()]
        pages.append([line for line in lines if line and not FOOTER.match(line)])
    return pages


def assert_no_page_ends_with_a_heading(pdf: bytes) -> None:
    pages = pages_of(pdf)
    for n, lines in enumerate(pages[:-1], start=1):
        assert lines and not HEADING.match(lines[-1]), (n, lines[-3:])


def signature_page(pdf: bytes, *needles: str) -> int:
    """The one page holding every one of `needles` (fails when they are spread over pages)."""
    pages = ["".join(lines) for lines in pages_of(pdf)]
    holding = [n for n, text in enumerate(pages, start=1) if all(x in text for x in needles)]
    assert holding, [[x for x in needles if x in text] for text in pages]
    return holding[0]


def issue(db, d, doc_type, part=""):
    with db.write.begin() as s:
        return issuing.issue_printed(s, dispute_id=d, doc_type=doc_type, part=part, by=1)


def _cn(i: int) -> str:
    """A name part for party i: names hold no digits (一甲, 二甲, ... 一乙)."""
    return '一二三四五六七八九十'[i % 10] + '甲乙丙丁戊己庚辛壬癸'[i // 10 % 10]


def party(i: int, role: str) -> PartyDraft:
    if i % 4 == 2:
        return PartyDraft(role=role, kind="organisation", name=f"某某省某某市城关第{i}号建筑工程有限责任公司",
                          credit_code="91350100M000100Y43", legal_representative=f"钱{_cn(i)}",
                          address="某某省某某市某某县城关镇人民路" + "一百二十三号" * 5, phone="0571-87654321")
    return PartyDraft(role=role, name=f"欧阳{_cn(i)}", id_number=ID_A if i % 2 else ID_B,
                      phone="13812345678", address="某某县城关镇幸福村" + "第三村民小组" * 4)


def settled(db, *, parties=None, facts="李四家卫生间漏水导致张三家天花板受损。", terms=None, citations=None,
            sign=True) -> int:
    """An accepted case with a recorded session and a written agreement (signed unless told)."""
    d = register(db, **({"parties": parties} if parties else {}), facts=facts[:20000])
    accept(db, d)
    complete_record(db, d)
    with db.write.begin() as s:
        view = disputes.get_dispute(s, dispute_id=d)
        applicants, respondents = view.parties_in("applicant"), view.parties_in("respondent")
        terms = terms(applicants, respondents) if terms else (
            agreements.TermDraft(content=f"{respondents[0].name}赔偿{applicants[0].name}维修费",
                                 obligor_uid=respondents[0].uid, obligee_uid=applicants[0].uid, involves_money=True,
                                 amount="3500.50", method="微信转账", place="城关镇", due_on=date(2026, 12, 10)),)
        agreements.save_agreement(s, dispute_id=d, draft=agreements.AgreementDraft(
            facts=facts, matters="维修费用的承担。", responsibilities="被申请人负全部责任。",
            findings="经现场查看，漏水点位于被申请人家卫生间。", fairness="赔偿数额按实际维修报价确定。", terms=terms,
            citations=citations or (CitationView("中华人民共和国民法典", "第二百九十六条", ""),)))
        if sign:
            agreements.sign_agreement(s, dispute_id=d, signed_on=TODAY, signatories="各方当事人", today=TODAY)
    return d


def test_facts_of_ten_thousand_characters_print_on_every_form_that_holds_them(db):
    facts = ("经查，" + "李四家卫生间防水层老化导致持续漏水，张三家天花板、墙面和家具受损，" * 300)[:10000] + "完。"
    d = settled(db, facts=facts)
    for doc_type in ("application", "acceptance", "agreement"):
        _doc, issued, printout = issue(db, d, doc_type)
        text = "".join("".join(lines) for lines in pages_of(printout.pdf))
        assert printout.pages >= 4 and not issued.draft and "完。" in text, doc_type
        assert_no_page_ends_with_a_heading(printout.pdf)
    signature_page(issue(db, d, "agreement")[2].pdf, "申请人：张三", "被申请人：李四", "人民调解员（签名）",
                   "记录人（签名）", "（印章）", "2026年11月23日")


@pytest.mark.parametrize("per_side", [3, 10, 20])
def test_many_parties_with_organisations_print_and_sign_on_one_page(db, per_side):
    parties = tuple(party(i, "applicant") for i in range(per_side)) + \
        tuple(party(100 + i, "respondent") for i in range(per_side))
    d = settled(db, parties=parties)
    _doc, issued, printout = issue(db, d, "agreement")
    assert not issued.draft, issued.lacks
    text = "".join("".join(lines) for lines in pages_of(printout.pdf))
    assert "经调解，各方自愿达成如下协议：" in text
    assert "法定代表人或负责人：钱三甲" in text
    assert ("（盖章）" in text and "法定代表人或负责人（钱三甲）（签名）" in text) if per_side <= 3 else (
        "签名（单位盖章）" in text and "盖章：签名：" in text)
    names = [f"申请人：{p.name}" for p in parties[:per_side]] + [f"被申请人：{p.name}" for p in parties[per_side:]]
    closing = ("人民调解员（签名）", "记录人（签名）", "城关镇人民调解委员会（印章）", "2026年11月23日")
    if per_side <= 10:
        signature_page(printout.pdf, *names, *closing)
    else:      # 40 signers with long organisation names cannot fit a page: the table runs on, rows whole
        last = signature_page(printout.pdf, names[-1], *closing)
        first = signature_page(printout.pdf, names[0])
        assert last - first <= 2 and signature_page(printout.pdf, "签名（单位盖章）", names[0]) == first
    assert_no_page_ends_with_a_heading(printout.pdf)
    for doc_type in ("acceptance", "rights-notice", "session-record", "application"):
        _doc, issued, printout = issue(db, d, doc_type)
        assert printout.pages >= 1 and printout.missing == (), doc_type
        assert_no_page_ends_with_a_heading(printout.pdf)


def test_dates_and_id_numbers_never_break_in_a_table(db):
    d = settled(db)
    for doc_type in ("agreement", "acceptance", "performance"):
        for lines in pages_of(issue(db, d, doc_type)[2].pdf):
            for line in lines:
                assert not re.match(r"^\d{0,2}日", line) and not re.search(r"\d{4}年\d{1,2}$", line), (doc_type, line)
                assert not re.fullmatch(r"\d{6,17}X?", line), (doc_type, line)


def test_zero_amounts_and_amounts_with_fen(db):
    def terms(applicants, respondents):
        return tuple(agreements.TermDraft(content=f"{respondents[0].name}支付{applicants[0].name}{what}",
                                          obligor_uid=respondents[0].uid, obligee_uid=applicants[0].uid,
                                          involves_money=True, amount=amount, method="现金", place="村委会",
                                          due_on=date(2026, 12, 1))
                     for what, amount in (("押金", "0"), ("利息", "0.05"), ("维修费", "100001000.10")))
    d = settled(db, terms=terms)
    text = "".join("".join(lines) for lines in pages_of(issue(db, d, "agreement")[2].pdf))
    assert "人民币0.00元（大写：人民币零元整）" in text
    assert "人民币0.05元（大写：人民币伍分）" in text
    assert "人民币100,001,000.10元（大写：人民币壹亿壹仟元壹角）" in text


def test_several_obligors_say_whether_they_are_liable_jointly_or_each_for_a_share(db):
    parties = (party(0, "applicant"), party(1, "respondent"), party(2, "respondent"))

    def terms_with(liability, shares=()):
        def terms(applicants, respondents):
            return (agreements.TermDraft(
                content="赔偿维修费", obligor_uid=respondents[0].uid,
                co_obligor_uids=(respondents[1].uid,), obligee_uid=applicants[0].uid, involves_money=True,
                amount="3000", method="银行转账", place="城关镇", due_on=date(2026, 12, 10), liability=liability,
                shares=tuple((u, v) for u, v in zip((respondents[0].uid, respondents[1].uid), shares))),)
        return terms

    d = settled(db, parties=parties, terms=terms_with(""), sign=False)
    with db.read() as s:
        missing = agreements.check_agreement(s, dispute_id=d)
    assert any("连带" in m and "按份" in m for m in missing), missing

    d = settled(db, parties=parties, terms=terms_with("shares", ("2,000.00", "500")), sign=False)
    with db.read() as s:
        assert any("3,000.00" in m for m in agreements.check_agreement(s, dispute_id=d))

    d = settled(db, parties=parties, terms=terms_with("shares", ("2,000.00", "1000")))
    text = "".join("".join(lines) for lines in pages_of(issue(db, d, "agreement")[2].pdf))
    one, two, three = (p.name for p in parties)
    assert f"本项由{two}、{three}向{one}履行。" in text
    assert f"{two}、{three}按份承担本项义务：{two}承担人民币2,000.00元（大写：人民币贰仟元整），{three}承担人民币1,000.00元" \
        in text
    assert f"履行人：{two}、{three}；受领人：{one}" in text

    d = settled(db, parties=parties, terms=terms_with("joint"))
    assert f"{two}、{three}对本项义务承担连带责任。" in "".join(
        "".join(lines) for lines in pages_of(issue(db, d, "agreement")[2].pdf))


def test_a_term_naming_a_side_of_several_by_its_role_is_refused(db):
    parties = (party(0, "applicant"), party(1, "respondent"), party(2, "respondent"))

    def terms(applicants, respondents):
        return (agreements.TermDraft(content="被申请人向申请人赔礼道歉", obligor_uid=respondents[0].uid,
                                     obligee_uid=applicants[0].uid, method="当面", place="村委会",
                                     due_on=date(2026, 12, 1)),)
    d = settled(db, parties=parties, terms=terms, sign=False)
    with db.read() as s:
        missing = agreements.check_agreement(s, dispute_id=d)
    assert any("被申请人" in m for m in missing) and not any("“申请人”" in m for m in missing), missing


def test_provisions_quote_the_statute_and_print_the_stations_words_as_an_explanation(db):
    with db.write.begin() as s:
        agreements.add_provision(s, law="某某村村规民约", article="第五条", gist="村民应当互谅互让")
    d = settled(db, citations=(CitationView("中华人民共和国民法典", "第二百九十六条", "避免损害相邻方。"),
                               CitationView("某某村村规民约", "第五条", "村民应当互谅互让")))
    text = "".join("".join(lines) for lines in pages_of(issue(db, d, "agreement")[2].pdf))
    assert "《中华人民共和国民法典》第二百九十六条规定：“不动产权利人因用水、排水、通行、铺设管线等利用相邻不动产的，" in text
    assert "本委员会认为：避免损害相邻方。" in text
    assert "依据《某某村村规民约》第五条的规定（本委员会的理解：村民应当互谅互让）。" in text
    assert "“村民应当互谅互让" not in text
    assert "所引条文依照《中华人民共和国民法典》2021年1月1日起施行的文本" in text


def test_the_catalogue_holds_each_article_verbatim_with_its_source_and_version():
    provisions = agreements.builtin_provisions()
    assert provisions and all(p.text and p.source and re.fullmatch(r"\d{4}-\d{2}-\d{2}", p.version)
                              for p in provisions)
    assert agreements.catalogue_entry("人民调解工作若干规定", "第二十二条").text.startswith(
        "人民调解委员会不得受理调解下列纠纷")
    assert "不得调解" in agreements.catalogue_entry("中华人民共和国人民调解法", "第十七条").text


@pytest.mark.parametrize("reason, cited", [
    ("申请人李四明确拒绝调解", "《中华人民共和国人民调解法》第十七条"),
    ("该纠纷已由城关派出所受理", "《人民调解工作若干规定》第二十二条第（二）项"),
    ("涉嫌刑事犯罪，只能由公安机关处理", "《人民调解工作若干规定》第二十二条第（一）项"),
    ("双方已经和解", None)])
def test_a_decline_cites_the_provision_that_says_its_ground(db, reason, cited):
    from app.lifecycle import Action
    from tests.conftest import act

    d = register(db)
    act(db, d, Action.DECLINE, reason=reason)
    text = "".join("".join(lines) for lines in pages_of(issue(db, d, "decline-notice")[2].pdf))
    assert "第十八条" not in text
    assert (cited in text) if cited else ("根据" not in text and "决定不予受理" in text), text


def test_masked_notices_leave_out_the_birth_date_and_gender_the_id_number_gives_away(db):
    from datetime import datetime

    from app.services import hearings

    d = settled(db, parties=(PartyDraft(role="applicant", name="张三", id_number=ID_A),
                             PartyDraft(role="respondent", name="李四", gender="male", birth_date="1980-02-03")))
    with db.write.begin() as s:
        officer = hearings.add_officer(s, name="赵律师", category="lawyer", phone="13911112222")
        hearings.plan_hearing(s, dispute_id=d, planned_at=datetime(2026, 11, 25, 9), place="村委会会议室",
                              is_public=True, private_reason="", presider_id=1, clerk_id=2, officer_ids=[officer.id])
    doc, _issued, printout = issue(db, d, "hearing-notice")
    by_name = {p.name: p for p in doc.parties}
    assert by_name["张三"].birth == "" and by_name["张三"].gender == ""     # both read off the ID number
    assert by_name["李四"].birth == "1980年2月3日" and by_name["李四"].gender == "男"   # no ID number to give away
    text = "".join("".join(lines) for lines in pages_of(printout.pdf))
    assert "1949年12月31日" not in text and "110105********002X" in text


def test_a_rare_character_falls_back_to_a_font_that_has_it(db):
    d = settled(db, parties=(PartyDraft(role="applicant", name="王㐂", id_number=ID_A),
                             PartyDraft(role="respondent", name="李四", id_number=ID_B)))
    _doc, issued, printout = issue(db, d, "agreement")
    assert printout.missing == () and issued.missing == ""
    text = "".join("".join(lines) for lines in pages_of(printout.pdf))
    assert "王㐂" in text
    fonts = {str(f.get_object()["/BaseFont"]) for page in PdfReader(io.BytesIO(printout.pdf)).pages
             for f in page["/Resources"]["/Font"].values()}
    assert any("ZenHei" in f for f in fonts), fonts


def test_a_character_no_font_has_is_named_before_issue_and_noted_with_the_version(db, head_login, capsys):
    from ui.cli import main

    nowhere = "\U00031350"            # CJK Extension H: in no font shipped or installed here
    d = settled(db, parties=(PartyDraft(role="applicant", name=f"王{nowhere}", id_number=ID_A),
                             PartyDraft(role="respondent", name="李四", id_number=ID_B)))
    with db.read() as s:
        case_no = disputes.get_dispute(s, dispute_id=d).case_no
    out = db.path.parent / "协议.pdf"
    assert main(["--db", str(db.path), "print", case_no, "--doc", "agreement", "--out", str(out)]) == 0
    captured = capsys.readouterr()
    assert "U+31350" in captured.err and "没有" in captured.err
    assert all(not re.search(r"[A-Za-z]{4,}", line.replace("U+", "")) for line in captured.err.splitlines()), \
        captured.err                                       # no English line on stderr
    code = re.search(r"[A-Z2-7]{5}-[A-Z2-7]{5}", captured.out).group()
    assert main(["--db", str(db.path), "verify", code]) == 0
    assert "U+31350" in capsys.readouterr().out


def test_a_render_that_fails_issues_nothing_and_says_so_in_chinese(db, monkeypatch):
    from sqlalchemy import func, select

    from db.models import IssuedDocument
    from printing.layout import LayoutProblem

    d = settled(db)

    def failing(*_args, **_kwargs):
        raise LayoutProblem("人民调解协议书", 3, "李四家卫生间漏水")
    monkeypatch.setattr("printing.render", failing)
    with pytest.raises(DocumentUnavailable, match="第3页|3 页") as caught:
        issue(db, d, "agreement")
    assert "李四家卫生间漏水" in str(caught.value) and "人民调解协议书" in str(caught.value)
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(IssuedDocument)) == 0
