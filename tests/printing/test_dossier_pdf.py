"""The dossier: documents in the national order, contents pointing at the right pages, gaps marked."""
from __future__ import annotations

import io

from pypdf import PdfReader

import printing
from app.documents.dossier import build_dossier
from tests.conftest import accept, complete_record, register, signed_case


def pages_text(data: bytes) -> list[str]:
    return [p.extract_text().replace(" ", "").replace("\n", "") for p in PdfReader(io.BytesIO(data)).pages]


def test_dossier_contents_point_at_each_document_and_pages_run_through(db):
    d = signed_case(db)
    with db.write.begin() as s:
        doc = build_dossier(s, dispute_id=d, by=1)
    out = io.BytesIO()
    result = printing.render(doc, out)
    texts = pages_text(out.getvalue())
    assert result.pages == len(texts)
    for n, text in enumerate(texts, start=1):
        assert f"第{n}页共{len(texts)}页" in text
    assert "人民调解卷宗" in texts[0] and "(2026)城人调字第1号" in texts[0] and "保管期限" in texts[0]
    contents = texts[1]
    assert "卷内目录" in contents and "纸质材料附后" in contents and "缺" not in contents
    starts = []
    for title in ("人民调解申请书", "人民调解受理登记表", "人民调解当事人权利义务告知书", "人民调解记录（第1次）", "人民调解协议书"):
        entry = next(e for e in doc.entries if e.title == title)
        # the first page carrying this document's code is where it starts; the contents must say so
        page = next(n for n, text in enumerate(texts, start=1) if f"校验码{entry.document.header.code}" in text)
        assert texts[page - 1].startswith(title), (title, page)
        assert f"{title}{page}" in contents, (title, page)
        starts.append(page)
    assert starts == sorted(starts) and starts[0] == 3          # national order, after the cover and contents
    assert f"本卷共{len(texts)}页" in texts[-1]


def test_missing_required_documents_are_marked_not_hidden(db):
    d = register(db)
    accept(db, d)
    with db.write.begin() as s:
        doc = build_dossier(s, dispute_id=d, by=1)
    assert [e.title for e in doc.entries if e.note == "缺"] == ["人民调解记录"]
    out = io.BytesIO()
    printing.render(doc, out)
    assert "缺（必备）" in pages_text(out.getvalue())[1]


def test_dossier_command_writes_the_pdf(db, head_login, tmp_path, capsys):
    from ui.cli import main

    d = register(db)
    accept(db, d)
    complete_record(db, d)
    assert main(["--db", str(db.path), "dossier", "(2026)城人调字第1号", "--out", str(tmp_path / "卷宗.pdf")]) == 0
    assert (tmp_path / "卷宗.pdf").read_bytes().startswith(b"%PDF")
    assert "卷宗" in capsys.readouterr().out
