"""工作日志, 月度工作报告 and 典型案例库 as a person uses them: the log of the logged-in mediator shown and exported,
the head's summary saved and the report saved as PDF, a closed case marked typical from its automatic masked
draft, and a passage of it inserted into a similar case's reasoning from the agreement tab."""
from __future__ import annotations

import io

import pytest
from PySide6.QtWidgets import QFileDialog
from pypdf import PdfReader

from app.access import Actor
from tests.app.station_month import MONTH, fixed_station
from tests.conftest import accept, closed_case, complete_record, register
from tests.ui.conftest import type_text

HEAD = Actor(1, "王调解", "head", 1)


@pytest.fixture
def head(backend):
    backend.actor = HEAD
    return backend


def test_work_log_shows_the_month_and_exports_xlsx(head, db, qtbot, tmp_path, monkeypatch):
    from openpyxl import load_workbook

    from ui.work_dialogs import WorkLogDialog

    fixed_station(db)
    dialog = WorkLogDialog(head)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.log is not None, timeout=10000)
    assert dialog.mediator.currentText() == "王调解" and dialog.month.text() == MONTH
    cells = [dialog.table.item(r, 4).text() for r in range(dialog.table.rowCount())]
    assert any("主持第1次调解" in c for c in cells) and any("回访" in c for c in cells)
    assert "共" in dialog.status.text()
    dialog.mediator.setCurrentIndex(dialog.mediator.findText("李记录"))
    dialog.refresh()
    qtbot.waitUntil(lambda: dialog.log.mediator == "李记录", timeout=10000)
    out = tmp_path / "日志.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(out), "")))
    dialog.export.click()
    qtbot.waitUntil(out.exists, timeout=10000)
    rows = list(load_workbook(out).active.iter_rows(values_only=True))
    assert "李记录" in rows[0][0] and len(rows) == 2 + len(dialog.log.entries)


def test_monthly_report_summary_saved_and_pdf_written(head, db, qtbot, tmp_path, monkeypatch):
    from ui.work_dialogs import MonthlyReportDialog

    fixed_station(db)
    dialog = MonthlyReportDialog(head)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.figures is not None, timeout=10000)
    shown = {dialog.table.item(r, 0).text(): dialog.table.item(r, 1).text() for r in range(dialog.table.rowCount())}
    assert shown["登记纠纷（件）"] == "4" and shown["调解成功率（%）"] == "50.0" and shown["月末超期未办结（件）"] == "1"
    type_text(dialog.summary, "本月调处邻里纠纷为主")
    dialog.save_summary.click()
    qtbot.waitUntil(lambda: dialog.figures.summary == "本月调处邻里纠纷为主", timeout=10000)
    out = tmp_path / "月报.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(out), "")))
    dialog.pdf.click()
    qtbot.waitUntil(out.exists, timeout=20000)
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(out.read_bytes())).pages).replace(" ", "")
    assert "人民调解月度工作报告" in text and "本月调处邻里纠纷为主" in text


def test_a_mediator_reads_the_report_but_cannot_write_the_summary(backend, db, qtbot):
    from ui.work_dialogs import MonthlyReportDialog

    backend.actor = Actor(2, "李记录", "mediator", 2)
    dialog = MonthlyReportDialog(backend)
    qtbot.addWidget(dialog)
    assert dialog.summary.isReadOnly() and not dialog.save_summary.isEnabled()


def test_a_closed_case_marked_typical_then_quoted_into_a_similar_reasoning(head, db, qtbot):
    from ui.agreement_tab import AgreementTab
    from ui.library_dialogs import LibraryDialog, LibraryEntryDialog, ReferenceDialog
    from app.services.case_record import load_case_record

    typical = closed_case(db, "oral")
    library = LibraryDialog(head)
    qtbot.addWidget(library)
    library.show()
    qtbot.waitUntil(lambda: library.closed.count() == 1, timeout=10000)
    library.add()
    entry = library._dialog
    assert isinstance(entry, LibraryEntryDialog)
    qtbot.waitUntil(lambda: bool(entry.summary.toPlainText()), timeout=10000)
    assert "张某" in entry.summary.toPlainText() and "张三" not in entry.summary.toPlainText()
    entry.summary.setPlainText(entry.summary.toPlainText() + "\n张三签字确认。")      # a name slipped back in
    entry.save()
    qtbot.waitUntil(lambda: "张三" in entry.problems.text(), timeout=10000)
    entry.generate()
    qtbot.waitUntil(lambda: "张三签字" not in entry.summary.toPlainText(), timeout=10000)
    entry.save()
    qtbot.waitUntil(lambda: library.entries.count() == 1, timeout=10000)
    assert "张某" in library.text.toPlainText()

    similar = register(db, title="钱七与孙八漏水纠纷", facts="孙八家卫生间漏水，钱七家天花板受损。")
    accept(db, similar)
    complete_record(db, similar)
    record = head.read(lambda s: load_case_record(s, dispute_id=similar))
    tab = AgreementTab(head, record, lambda: None)
    qtbot.addWidget(tab)
    tab.refer_to_library()
    picker = tab._dialog
    assert isinstance(picker, ReferenceDialog)
    qtbot.waitUntil(lambda: picker.passages.count() > 0, timeout=10000)
    assert picker.matches.count() == 1 and "漏水" in picker.passages.currentItem().text()
    picker.use()
    findings = tab.texts["findings"][1].toPlainText()
    assert findings.startswith("参照典型案例《") and "漏水" in findings and "张三" not in findings
