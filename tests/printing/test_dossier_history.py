"""Dossiers that keep their history: an archived case's dossier holds every document its history produced —
the termination notice of a failed or ended case, the decline notice, the referral letter."""
from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

import printing
from app.documents import issuing, registry
from app.documents.dossier import build_dossier
from app.services.case_record import load_case_record
from tests.conftest import closed_case

EXPECTED = {
    "failed": ("调解终止告知书", ("决定终止调解", "未能达成协议（双方对赔偿数额分歧过大）", "（一）向人民法院起诉；",
                                 "（二）申请行政处理。", "当事人可以依法通过下列途径维护自己的权利")),
    "ended": ("调解终止告知书", ("当事人要求终止调解（申请人撤回调解申请）", "决定终止调解", "向人民法院起诉")),
    "declined": ("不予受理告知书", ("因该纠纷已向人民法院起诉", "决定不予受理", "仲裁、行政、司法等途径")),
    "referred": ("纠纷移送函", ("城关派出所：", "因涉嫌治安案件，不宜由本委员会调解，现将该纠纷移送你单位依法处理",
                              "接收人（签名）")),
}


def text_of(doc) -> str:
    out = io.BytesIO()
    printing.render(doc, out)
    return "".join(p.extract_text() for p in PdfReader(io.BytesIO(out.getvalue())).pages).replace(" ", "").replace(
        "\n", "")


@pytest.mark.parametrize("how", sorted(EXPECTED))
def test_archived_dossier_holds_the_notice_its_history_produced(db, how):
    d = closed_case(db, how, archived=True)
    title, parts = EXPECTED[how]
    with db.write.begin() as s:
        assert load_case_record(s, dispute_id=d).dispute.status == "archived"
        doc = build_dossier(s, dispute_id=d, by=1)
    entry = next((e for e in doc.entries if e.title == title), None)
    assert entry is not None and entry.document is not None and not entry.document.header.draft, how
    assert doc.missing_required == [] and all(not h.draft for h in doc.frame), how
    text = text_of(doc)
    for part in (title, *parts):
        assert part in text, (how, part)
    if how in ("declined", "referred"):          # never accepted: no acceptance form or session record wanted
        assert not {"人民调解受理登记表", "人民调解记录"} & {e.title for e in doc.entries}


@pytest.mark.parametrize("how", sorted(EXPECTED))
def test_archived_case_still_prints_and_lists_its_notice(db, how):
    d = closed_case(db, how, archived=True)
    doc_type = {"failed": "termination", "ended": "termination", "declined": "decline-notice",
                "referred": "referral"}[how]
    with db.write.begin() as s:
        listed = [p.doc_type for p in registry.printable(load_case_record(s, dispute_id=d))]
        doc, issued = issuing.issue(s, dispute_id=d, doc_type=doc_type, by=1)
    assert doc_type in listed and not issued.draft and issued.code
    if how in ("declined", "referred"):
        assert "rights-notice" not in listed and "acceptance" not in listed
    assert EXPECTED[how][1][0] in text_of(doc)
