"""The rest of the national set, rendered and parsed back: each carries its required parts; posted papers
mask identities (a station setting says which); the dossier's cover, contents and back cover print alone."""
from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

import printing
from app.errors import DocumentUnavailable
from app.lifecycle import Action, ActionRequest
from app.documents import issuing
from app.services import settings, transitions
from app.documents.dossier import build_dossier
from tests.conftest import ID_A, ID_B, TODAY, accept, complete_record, full_case_record, register


def compact(data: bytes) -> str:
    return "".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages).replace(" ", "").replace("\n", "")


def render(db, d, doc_type, part=""):
    with db.write.begin() as s:
        doc, issued = issuing.issue(s, dispute_id=d, doc_type=doc_type, part=part, by=1)
    out = io.BytesIO()
    result = printing.render(doc, out)
    return doc, result, out.getvalue()


@pytest.fixture
def full_case(db):
    return full_case_record(db)


EXPECTED = {
    "application": ("人民调解申请书", "姓名：张三", ID_A, "申请事项：", "事实和理由：", "此致", "申请人：张三（签名、盖章或按指印）",
                    "指印", "2026年11月20日"),
    "investigation": ("人民调解调查记录（第1次）", "被调查人李四", "问：漏水何时开始？", "答：十月初。", "调查人（签名）",
                      "被调查人：李四（签名、盖章或按指印）", "2026年11月21日"),
    "evidence-list": ("证据材料清单", "序号证据名称来源种类页数提供人接收日期", "维修报价单", "书证", "张三",
                      "共收到证据材料1项，合计3页", "接收人（签名）"),
    "hearing-notice": ("听证通知书", "2026年11月22日14时00分", "村委会会议室", "公开听证", "赵律师（律师）", "回避",
                       "城关镇人民调解委员会（印章）", "2026年11月21日"),
    "hearing-record": ("听证记录（第1次）", "听证员赵律师（律师）", "到场当事人张三、李四", "其他到场人员村支书",
                       "一、宣布听证开始、介绍参加人员、告知权利义务：宣布听证开始", "三、举证、质证与询问：（无记录）",
                       "听证员赵律师（律师）的意见：建议按报价赔偿", "当事人：李四（签名、盖章或按指印）",
                       "听证员赵律师（签名）", "记录人（签名）"),
    "hearing-summary": ("听证纪要（第1次）", "一、查明的事实漏水属实", "三、争议焦点赔偿数额", "四、处理意见按报价赔偿",
                        "2026年11月23日"),
    "performance": ("履行情况记录", "协议签订日期2026年11月23日", "已履行", "转账凭证", "尚未履行",
                    "人民币3,500.50元（大写：人民币叁仟伍佰元伍角）"),
    "follow-up": ("人民调解回访记录（第1次）", "回访对象张三", "协议履行情况维修费已付", "当事人满意度满意",
                  "被回访人：张三（签名、盖章或按指印）", "回访人（签名）"),
    "judicial-confirmation": ("司法确认申请书", "请求事项：", "(2026)城人调字第1号）有效", "1.李四赔偿张三维修费",
                              "第三十三条", "法释〔2011〕5号", "没有恶意串通、规避法律的行为", "与调解协议相关的财产权利证明",
                              "此致城关人民法庭", "申请人：李四（签名、盖章或按指印）", ID_B),
}


@pytest.mark.parametrize("doc_type", sorted(EXPECTED))
def test_each_document_carries_its_required_parts(db, full_case, doc_type):
    doc, result, data = render(db, full_case, doc_type)
    text = compact(data)
    for part in EXPECTED[doc_type]:
        assert part in text, (doc_type, part)
    assert f"校验码{doc.header.code}" in text and "(2026)城人调字第1号" in text and result.missing == ()


def test_posted_papers_mask_identities_and_the_station_setting_decides_which(db, full_case):
    for doc_type in ("hearing-notice", "hearing-summary"):
        text = compact(render(db, full_case, doc_type)[2])
        assert ID_A not in text and "110105********002X" in text and "138****5678" in text, doc_type
    record = compact(render(db, full_case, "application")[2])
    assert ID_A in record and "13812345678" in record
    with db.write.begin() as s:
        settings.put(s, "mask.documents", "application")
    text = compact(render(db, full_case, "application")[2])
    assert ID_A not in text and "110105********002X" in text
    assert ID_A in compact(render(db, full_case, "hearing-notice")[2])


def test_notices_that_close_a_case_without_agreement(db):
    declined = register(db)
    with pytest.raises(DocumentUnavailable):
        render(db, declined, "decline-notice")
    with db.write.begin() as s:
        transitions.apply_action(s, dispute_id=declined, by=1, today=TODAY,
                                 request=ActionRequest(Action.DECLINE, TODAY, reason="该纠纷已向人民法院起诉"))
    text = compact(render(db, declined, "decline-notice")[2])
    for part in ("不予受理告知书", "张三、李四：", "因该纠纷已向人民法院起诉", "《人民调解工作若干规定》第二十二条第（二）项",
                 "决定不予受理", "仲裁、行政、司法等途径", "2026年11月23日"):
        assert part in text, part
    assert "第十八条" not in text        # courts and the police pointing parties to mediation: no ground

    failed = register(db)
    accept(db, failed)
    complete_record(db, failed)
    with pytest.raises(DocumentUnavailable):
        render(db, failed, "termination")
    with db.write.begin() as s:
        transitions.apply_action(s, dispute_id=failed, by=1, today=TODAY, request=ActionRequest(
            Action.FAIL, TODAY, reason="双方对赔偿数额分歧过大", routes=("litigation", "administrative")))
    text = compact(render(db, failed, "termination")[2])
    for part in ("调解终止告知书", "于2026年11月21日受理", "未能达成协议（双方对赔偿数额分歧过大）", "（一）向人民法院起诉；",
                 "（二）申请行政处理。", "决定终止调解"):
        assert part in text, part
    assert "申请仲裁" not in text                       # only the routes recorded as explained


def test_dossier_of_a_full_case_holds_every_document_in_order(db, full_case):
    with db.write.begin() as s:
        doc = build_dossier(s, dispute_id=full_case, by=1)
    numbers = [e.number for e in doc.entries]
    assert numbers == sorted(numbers)
    assert not [e.title for e in doc.entries if e.note == "缺"]
    titles = {e.title for e in doc.entries if e.document is not None}
    assert {"人民调解调查记录（第1次）", "证据材料清单", "听证通知书（第1次）", "听证记录（第1次）", "听证纪要（第1次）",
            "履行情况记录", "人民调解回访记录（第1次）", "司法确认申请书"} <= titles
    out = io.BytesIO()
    total = printing.render(doc, out).pages
    summary = next(e for e in doc.entries if e.title == "听证纪要（第1次）").document
    assert ID_A not in "".join(p.id_number for p in summary.parties)      # masked inside the dossier too

    # cover, contents and back cover on their own: the contents point at the dossier's pages
    contents = compact(render(db, full_case, "contents")[2])
    whole = [p.extract_text().replace(" ", "").replace("\n", "") for p in PdfReader(io.BytesIO(out.getvalue())).pages]
    assert contents.startswith("卷内目录") and whole[1][:200] in contents
    assert f"本卷共{total}页" in compact(render(db, full_case, "back-cover")[2])
    cover_doc, cover, cover_data = render(db, full_case, "cover")
    assert cover.pages == 1 and "保管期限长期" in compact(cover_data) and cover_doc.header.title == "卷宗封面"


def test_unchanged_documents_keep_their_code_across_the_set(db, full_case):
    first = {t: render(db, full_case, t)[0].header.code for t in EXPECTED}
    again = {t: render(db, full_case, t)[0].header.code for t in EXPECTED}
    assert first == again and len(set(first.values())) == len(first)


def test_list_docs_names_every_document_of_the_national_set(capsys):
    from ui.cli import main

    assert main(["print", "--list-docs"]) == 0
    names = {line.split("\t")[0] for line in capsys.readouterr().out.splitlines()}
    assert {"agreement", "oral-agreement", "application", "acceptance", "rights-notice", "session-record",
            "hearing-notice", "hearing-record", "hearing-summary", "follow-up", "judicial-confirmation",
            "termination", "cover", "contents", "back-cover", "decline-notice", "investigation", "evidence-list",
            "performance", "referral", "court-reply"} == names
