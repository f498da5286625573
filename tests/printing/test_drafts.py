"""Draft and issued: a document whose record is not complete and signed prints only as a draft (草稿 on every
page, no verification code, nothing in the issued registry); issued versions never change."""
from __future__ import annotations

import io
import re
from dataclasses import replace
from datetime import datetime

from pypdf import PdfReader
from sqlalchemy import select

import printing
from app.documents import issuing
from app.services import agreements, sessions
from db.models import IssuedDocument
from tests.app.test_checks import _record_of
from tests.conftest import TODAY, accept, complete_agreement, complete_record, register


def pages(data: bytes) -> list[str]:
    return [p.extract_text().replace(" ", "").replace("\n", "") for p in PdfReader(io.BytesIO(data)).pages]


def issue(db, d, doc_type, part=""):
    with db.write.begin() as s:
        doc, issued = issuing.issue(s, dispute_id=d, doc_type=doc_type, part=part, by=1)
    out = io.BytesIO()
    printing.render(doc, out)
    return doc, issued, pages(out.getvalue())


def registered(db, d) -> list[tuple[str, int, str, str]]:
    with db.read() as s:
        return [(r.doc_type, r.version, r.code, r.content_digest) for r in s.scalars(
            select(IssuedDocument).where(IssuedDocument.dispute_id == d).order_by(IssuedDocument.id))]


def test_unsigned_agreement_prints_only_as_a_draft_until_signed(db):
    d = register(db)
    accept(db, d)
    complete_record(db, d)
    complete_agreement(db, d)                           # complete, not yet signed
    doc, issued, texts = issue(db, d, "agreement")
    assert issued.draft and doc.header.draft and doc.header.code == "" and issued.code == ""
    assert "签" in "".join(issued.lacks)
    assert len(texts) >= 2 and all("草稿" in t for t in texts) and not any("校验码" in t for t in texts)
    assert registered(db, d) == []                     # nothing in the issued registry
    with db.write.begin() as s:
        agreements.sign_agreement(s, dispute_id=d, signed_on=TODAY, signatories="张三、李四", today=TODAY)
    doc, issued, texts = issue(db, d, "agreement")
    assert not issued.draft and issued.version == 1 and all(f"校验码{issued.code}" in t for t in texts)
    assert not any("草稿" in t for t in texts)
    assert ("agreement", 1, issued.code) in [row[:3] for row in registered(db, d)]


def test_incomplete_record_is_a_draft_and_says_what_it_lacks(db):
    d = register(db)
    accept(db, d)
    first = complete_record(db, d)
    with db.write.begin() as s:                          # the signatures are not recorded
        sessions.record_session(s, session_id=first.id, by=1, now=datetime(2026, 11, 23, 12),
                                record=replace(_record_of(first), signatures={}))
    _doc, issued, texts = issue(db, d, "session-record", "1")
    assert issued.draft and issued.lacks == ("⑦签名",) and all("草稿" in t for t in texts)
    assert registered(db, d) == []


def test_a_change_after_issue_makes_a_new_version_and_the_issued_one_stays(db):
    d = register(db)
    accept(db, d)
    first = complete_record(db, d)
    _doc, v1, _texts = issue(db, d, "session-record", "1")
    before = registered(db, d)
    with db.write.begin() as s:
        sessions.record_session(s, session_id=first.id, by=1, now=datetime(2026, 11, 23, 12),
                                record=replace(_record_of(first), risks_explained="告知诉讼成本、周期与执行风险。"))
    _doc, v2, texts = issue(db, d, "session-record", "1")
    assert (v1.version, v2.version) == (1, 2) and v1.code != v2.code and f"校验码{v2.code}" in texts[0]
    after = registered(db, d)
    assert after[0] == before[0] and len(after) == 2                    # version 1 exactly as it was issued
    with db.read() as s:
        assert issuing.verify(s, code=v1.code).version == 1


def test_print_command_writes_a_draft_and_says_why(db, head_login, tmp_path, capsys):
    from ui.cli import main

    d = register(db)
    accept(db, d)
    complete_record(db, d)
    complete_agreement(db, d)
    out = tmp_path / "协议.pdf"
    assert main(["--db", str(db.path), "print", "(2026)城人调字第1号", "--doc", "agreement", "--out", str(out)]) == 0
    said = capsys.readouterr().out
    assert "草稿" in said and "不带校验码" in said and not re.search(r"[A-Z2-7]{5}-[A-Z2-7]{5}", said)
    assert all("草稿" in t for t in pages(out.read_bytes()))


def test_batch_of_agreements_leaves_drafts_out(db):
    signed = register(db)
    accept(db, signed)
    complete_record(db, signed)
    complete_agreement(db, signed)
    with db.write.begin() as s:
        agreements.sign_agreement(s, dispute_id=signed, signed_on=TODAY, signatories="张三、李四", today=TODAY)
    unsigned = register(db, title="王五与赵六合同纠纷")
    accept(db, unsigned)
    complete_record(db, unsigned)
    complete_agreement(db, unsigned)
    with db.write.begin() as s:
        batch = issuing.issue_agreements(s, dispute_ids=[signed, unsigned], by=1)
    assert [doc.header.case_no for doc, _copies, _printout in batch.documents] == ["(2026)城人调字第1号"]
    assert batch.skipped == ["(2026)城人调字第2号"]
