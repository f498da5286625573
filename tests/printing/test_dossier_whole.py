"""The dossier whole: the cover, contents and back-cover codes verify; the contents list the 封底 and the paper
filed with its pages (entered when the paper is added); a case of 20 parties and 50 documents assembles."""
from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from app.attachments import AttachmentStore
from app.documents.dossier import build_dossier
from app.errors import ValidationFailed
from app.printouts import render_pdf
from app.services import evidence
from tests.conftest import TODAY, crowded_case, full_case_record, register

CODE = re.compile(r"校验码([A-Z2-7]{5}-[A-Z2-7]{5})")


def pages(data: bytes) -> list[str]:
    return [p.extract_text().replace(" ", "").replace("\n", "") for p in PdfReader(io.BytesIO(data)).pages]


def write_dossier(db, tmp_path, capsys) -> list[str]:
    from ui.cli import main

    out = tmp_path / "卷宗.pdf"
    assert main(["--db", str(db.path), "dossier", "(2026)城人调字第1号", "--out", str(out)]) == 0
    capsys.readouterr()
    return pages(out.read_bytes())


def test_cover_contents_and_back_cover_codes_verify(db, head_login, tmp_path, capsys, monkeypatch):
    from ui.cli import main

    full_case_record(db)
    texts = write_dossier(db, tmp_path, capsys)
    assert texts == write_dossier(db, tmp_path, capsys)    # unchanged: the same codes, nothing re-issued
    monkeypatch.delenv("MEDIATION_STATION_USER")       # verify is public: anyone holding the paper may ask
    monkeypatch.delenv("MEDIATION_STATION_PASSWORD")
    for page, title in ((texts[0], "卷宗封面"), (texts[1], "卷内目录"), (texts[-1], "封底")):
        code = CODE.search(page).group(1)
        assert main(["--db", str(db.path), "verify", code]) == 0, title
        assert capsys.readouterr().out.startswith(f"{title}，"), title
    assert len({CODE.search(t).group(1) for t in (texts[0], texts[1], texts[-1])}) == 3


def test_contents_list_the_back_cover_and_paper_with_its_pages(db, tmp_path, capsys, head_login):
    d = full_case_record(db)
    with db.write.begin() as s:
        evidence.add_evidence(s, dispute_id=d, name="收条原件", kind="documentary", pages=2, provided_by="李四",
                              received_on=TODAY, store=AttachmentStore.beside(db.path))
    texts = write_dossier(db, tmp_path, capsys)
    contents, back = texts[1], texts[-1]
    assert f"封底{len(texts)}1" in contents                      # the back cover's row: its page, one page
    assert "证据材料：维修报价单3纸质材料附后" in contents and "证据材料：收条原件2纸质材料附后" in contents
    assert f"本卷共{len(texts)}页" in back and "另附纸质材料2份，计5页" in back


def test_paper_evidence_without_files_needs_its_pages(db, tmp_path):
    d = register(db)
    store = AttachmentStore.beside(db.path)
    with db.write.begin() as s:
        with pytest.raises(ValidationFailed, match="页数"):
            evidence.add_evidence(s, dispute_id=d, name="借条", kind="documentary", store=store)
        evidence.add_evidence(s, dispute_id=d, name="损坏的水管", kind="physical", store=store)   # an object
        assert evidence.add_evidence(s, dispute_id=d, name="借条", pages=1, store=store).pages == 1


def test_evidence_dialog_asks_for_the_pages_on_paper(qtbot):
    from ui.evidence_dialogs import EvidenceDialog

    saved = {}
    dialog = EvidenceDialog(None, lambda **kw: saved.update(kw))
    qtbot.addWidget(dialog)
    dialog.name.setText("借条")
    dialog.pages.setValue(4)
    assert dialog.values()["pages"] == 4 and "页" in dialog.pages.toolTip() + dialog.form.labelForField(
        dialog.pages).text()


def test_twenty_parties_and_fifty_documents_assemble(db):
    d = crowded_case(db)
    with db.write.begin() as s:
        doc = build_dossier(s, dispute_id=d, by=1)
    documents = [e for e in doc.entries if e.document is not None]
    assert len(documents) >= 50 and doc.missing_required == []
    printout = render_pdf(doc)
    texts = pages(printout.pdf)
    assert printout.pages == len(texts) > 60 and f"第{len(texts)}页共{len(texts)}页" in texts[-1]
    assert "人民调解记录（第25次）" in texts[1] or "人民调解记录（第25次）" in "".join(texts[1:4])
