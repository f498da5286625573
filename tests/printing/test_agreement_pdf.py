"""The agreement as PDF: parsed back to check every required part, numbering, fonts and codes."""
from __future__ import annotations

import io
import shutil
import subprocess
from dataclasses import replace
from datetime import datetime

import pytest
from pypdf import PdfReader

import printing
from app.documents import issuing
from printing.fonts import font_set
from tests.conftest import ID_A, accept, complete_agreement, complete_record, register, signed_case


TODAY_NOON = datetime(2026, 11, 23, 12, 0)


def pdf_text(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


@pytest.fixture
def settled(db):
    return signed_case(db)


def issue_and_render(db, d, doc_type="agreement"):
    with db.write.begin() as s:
        doc, issued = issuing.issue(s, dispute_id=d, doc_type=doc_type, by=1)
    out = io.BytesIO()
    result = printing.render(doc, out)
    return doc, issued, result, out.getvalue()


def test_agreement_has_every_required_part(db, settled):
    doc, issued, result, data = issue_and_render(db, settled)
    text = "".join(pdf_text(data)).replace(" ", "").replace("\n", "")
    for part in ("人民调解协议书", "(2026)城人调字第1号", "张三", "李四", ID_A, "经调查查明", "争议事项",
                 "各方当事人的责任", "调解意见及法律依据", "《中华人民共和国民法典》第二百九十六条", "协议内容",
                 "（一）李四赔偿张三维修费", "人民币3,500.50元（大写：人民币叁仟伍佰元伍角）", "（二）李四修复卫生间防水层",
                 "履行方式、地点、期限", "微信转账", "2026年12月10日前", "第三十一条", "三十日内", "第三十三条",
                 "本协议一式3份，当事人各执一份，人民调解委员会留存一份", "签名、盖章或按指印", "指印",
                 "人民调解员（签名）", "记录人（签名）", "城关镇人民调解委员会（印章）", "2026年11月23日",
                 f"校验码{issued.code}"):
        assert part in text, part
    assert result.pages == len(pdf_text(data)) and result.missing == ()


def test_long_agreement_numbers_every_page_with_the_total(db, settled):
    with db.write.begin() as s:
        doc, _issued = issuing.issue(s, dispute_id=settled, doc_type="agreement", by=1)
    long = replace(doc, facts="漏水导致天花板受损，墙面发霉，家具损坏。" * 250)        # 5,000 characters
    assert len(long.facts) == 5000
    out = io.BytesIO()
    pages = printing.render(long, out).pages
    texts = pdf_text(out.getvalue())
    assert pages == len(texts) >= 4
    for n, text in enumerate(texts, start=1):
        assert f"第 {n} 页 共 {pages} 页" in text and "(2026)城人调字第1号" in text


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="poppler-utils not installed")
def test_fonts_are_embedded_subsets(db, settled):
    _doc, _issued, result, data = issue_and_render(db, settled)
    path = db.path.parent / "agreement.pdf"
    path.write_bytes(data)
    lines = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout.splitlines()[2:]
    assert lines and result.embedded
    assert all(line.split()[-5] == "yes" for line in lines), lines       # the "emb" column


def test_missing_glyph_is_named_not_dropped(db, settled):
    with db.write.begin() as s:
        doc, _issued = issuing.issue(s, dispute_id=settled, doc_type="agreement", by=1)
    from reportlab.pdfbase import pdfmetrics

    cmap = pdfmetrics.getFont(font_set().body).face.charToGlyph
    rare = "𠮷" if ord("𠮷") not in cmap else "\ue000"
    odd = replace(doc, parties=(replace(doc.parties[0], name=f"{rare}三"), *doc.parties[1:]))
    assert printing.render(odd, io.BytesIO()).missing == (rare,)


def test_same_document_same_code_changed_document_new_version(db):
    from tests.app.test_checks import _record_of
    from app.services import sessions

    d = register(db)
    accept(db, d)
    session = complete_record(db, d)
    first = issue_and_render(db, d, "session-record")[1]
    again = issue_and_render(db, d, "session-record")[1]
    assert (again.code, again.version) == (first.code, 1) and first.code
    with db.write.begin() as s:                         # the record is corrected after it was issued
        sessions.record_session(s, session_id=session.id, by=1, now=TODAY_NOON, record=replace(
            _record_of(session), findings_checked="双方确认漏水属实，天花板需重新粉刷。"))
    changed = issue_and_render(db, d, "session-record")[1]
    assert changed.version == 2 and changed.code != first.code
    with db.read() as s:                                # the first version still verifies, as it was issued
        found = issuing.verify(s, code=first.code.replace("-", "").lower())
        assert (found.doc_type, found.version, found.case_no) == ("session-record", 1, "(2026)城人调字第1号")
    with pytest.raises(Exception, match="校验码|code"):
        with db.read() as s:
            issuing.verify(s, code="ZZZZZ-ZZZZZ")


def test_oral_agreement_form_and_unavailable_document(db):
    from app.errors import MediationError

    d = register(db)
    accept(db, d)
    complete_record(db, d)
    with pytest.raises(MediationError, match="口头|oral"):
        issue_and_render(db, d, "oral-agreement")
    complete_agreement(db, d, form="oral")
    _doc, _issued, result, data = issue_and_render(db, d, "oral-agreement")
    text = "".join(pdf_text(data)).replace(" ", "").replace("\n", "")
    for part in ("口头协议登记表", "纠纷简要情况", "协议内容", "（一）李四赔偿张三维修费", "履行方式、期限", "登记人"):
        assert part in text, part


def test_forms_acceptance_rights_and_session_record(db):
    from app.errors import MediationError

    d = register(db)
    with pytest.raises(MediationError, match="受理"):
        issue_and_render(db, d, "acceptance")
    accept(db, d)
    complete_record(db, d)
    checks = {
        "acceptance": ("人民调解受理登记表", "(2026)城人调字第1号", "申请人", "姓名：张三", ID_A, "邻里", "当事人申请",
                       "人民币12,000.50元（大写：人民币壹万贰仟元伍角）", "2026年11月21日", "王调解", "登记人（签名）",
                       "城关镇人民调解委员会（印章）"),
        "rights-notice": ("人民调解当事人权利义务告知书", "第二十三条", "选择或者接受人民调解员", "如实陈述纠纷事实",
                          "人民调解不收取任何费用", "当事人：张三（签名、盖章或按指印）", "当事人：李四（签名、盖章或按指印）"),
        "session-record": ("人民调解记录（第1次）", "2026年11月22日9时30分", "村委会调解室", "记录人", "李记录",
                           "刘警官（社区民警）", "一、告知权利义务：已告知", "张三陈述：陈述了事实经过", "四、经核实的事实",
                           "五、风险告知", "六、调解结果：达成协议", "参加人刘警官（签名）", "当事人：李四（签名、盖章或按指印）"),
    }
    for doc_type, parts in checks.items():
        _doc, _issued, _result, data = issue_and_render(db, d, doc_type)
        text = "".join(pdf_text(data)).replace(" ", "").replace("\n", "")
        for part in parts:
            assert part in text, (doc_type, part)
    with pytest.raises(MediationError):
        with db.write.begin() as s:
            issuing.issue(s, dispute_id=d, doc_type="session-record", part="7")


def test_font_tables_loaded_from_the_cache_subset_like_a_fresh_parse(tmp_path):
    from reportlab.pdfbase.ttfonts import TTFontFace

    from printing import fonts

    choice = fonts.candidates("body")[0]
    parsed = TTFontFace(choice.path, subfontIndex=choice.index)
    first = fonts._parsed_face(choice, tmp_path / "fonts")            # parses and stores
    assert list((tmp_path / "fonts").glob("*.marshal"))
    cached = fonts._parsed_face(choice, tmp_path / "fonts")           # loads what was stored
    subset = [0, *sorted(parsed.charToGlyph)[100:160]]
    assert cached.charWidths == parsed.charWidths and cached.name == parsed.name
    assert cached.makeSubset(subset) == parsed.makeSubset(subset) == first.makeSubset(subset)
    assert cached._pdfScale(cached.unitsPerEm) == parsed._pdfScale(parsed.unitsPerEm) == 1000
