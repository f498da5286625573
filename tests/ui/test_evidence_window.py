"""Through the case window: open an item of evidence and an investigation (Enter / double-click), correct them,
attach a real PNG and a real PDF and see them previewed, save, reopen and see the change; and a mediator who
may not change the case is refused, with nothing changed."""
from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox

from app.access import Actor
from app.services.case_history import case_history
from tests.conftest import full_case_record
from ui.evidence_dialogs import AttachmentPreview, EvidenceDialog, InvestigationDialog
from ui.main_window import MainWindow
from ui.sessions_tab import SessionsTab

LOGGED_IN = Actor(account_id=1, name="王调解", role="head", mediator_id=1)


def sessions_tab(case) -> SessionsTab:
    return next(case.tabs.widget(i) for i in range(case.tabs.count())
                if isinstance(case.tabs.widget(i), SessionsTab))


def open_item(qtbot, case, text: str):
    """Select the line of the investigations-and-evidence list that starts with `text` and press Enter."""
    tab = sessions_tab(case)
    case.tabs.setCurrentWidget(tab)
    tree = tab.others
    item = next(tree.topLevelItem(i) for i in range(tree.topLevelItemCount())
                if tree.topLevelItem(i).text(0).startswith(text))
    tree.setCurrentItem(item)
    tree.setFocus()
    QTest.keyClick(tree, Qt.Key_Return)
    qtbot.waitUntil(lambda: tab._dialog.isVisible() if hasattr(tab, "_dialog") else False, timeout=3000)
    return tab._dialog


def real_png(path) -> None:
    image = QImage(120, 80, QImage.Format_RGB32)
    image.fill(QColor("#2060c0"))
    assert image.save(str(path), "PNG")


def real_pdf(path) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4)
    for n in (1, 2):
        c.setFillColorRGB(0, 0, 0)
        c.rect(72, 500, 300, 200, fill=1)
        c.drawString(72, 760, f"page {n}")
        c.showPage()
    c.save()


def inked(pixmap) -> int:
    """Sampled pixels that are neither white paper nor transparent: the picture itself."""
    image = pixmap.toImage()
    return sum(1 for x in range(0, image.width(), 4) for y in range(0, image.height(), 4)
               if QColor.fromRgba(image.pixel(x, y)).alpha() == 255 and QColor(image.pixel(x, y)).lightness() < 200)


def paper_is_white(pixmap) -> bool:
    """QtPdf renders the page transparent; the preview lays it on white."""
    corner = QColor.fromRgba(pixmap.toImage().pixel(2, 2))
    return corner.alpha() == 255 and corner.lightness() == 255


def wait_preview(qtbot, preview: AttachmentPreview) -> None:
    qtbot.waitUntil(lambda: preview.pixmap() is not None and not preview.pixmap().isNull(), timeout=5000)


def test_open_correct_attach_preview_and_reopen(backend, qtbot, ui_settings, db, tmp_path):
    dispute_id = full_case_record(db)
    backend.actor = LOGGED_IN
    window = MainWindow(backend, ui_settings)
    qtbot.addWidget(window)
    case = window.open_case(dispute_id)

    dialog = open_item(qtbot, case, "1. 维修报价单")
    assert isinstance(dialog, EvidenceDialog) and dialog.name.text() == "维修报价单"
    assert dialog.file_list.count() == 1                      # the stored .txt: named, not previewable
    qtbot.waitUntil(lambda: "维修报价单.txt" in dialog.preview.picture.text(), timeout=5000)

    png, pdf = tmp_path / "现场照片.png", tmp_path / "收据.pdf"
    real_png(png)
    real_pdf(pdf)
    dialog.add_files([png])
    wait_preview(qtbot, dialog.preview)
    assert dialog.preview.pixmap().width() > 50 and "120 × 80" in dialog.preview.caption.text()
    dialog.add_files([pdf])
    qtbot.waitUntil(lambda: "收据.pdf" in dialog.preview.caption.text(), timeout=5000)
    assert inked(dialog.preview.pixmap()) > 20 and paper_is_white(dialog.preview.pixmap())
    assert "1" in dialog.preview.caption.text() and dialog.preview.next.isEnabled()
    dialog.preview.next.click()
    assert dialog.preview.page == 1

    dialog.file_list.setCurrentRow(0)                         # take the old .txt off
    dialog.remove_button.click()
    dialog.name.setText("维修报价单及收据")
    dialog.pages.setValue(5)
    dialog.save()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)
    qtbot.waitUntil(lambda: case.record.evidence[0].name == "维修报价单及收据", timeout=5000)
    saved = case.record.evidence[0]
    assert saved.pages == 5 and sorted(a.filename for a in saved.attachments) == ["收据.pdf", "现场照片.png"]

    again = open_item(qtbot, case, "1. 维修报价单及收据")      # reopened from the reloaded case
    assert again.name.text() == "维修报价单及收据" and again.pages.value() == 5
    for row, name in ((0, "现场照片.png"), (1, "收据.pdf")):
        again.file_list.setCurrentRow(row)
        qtbot.waitUntil(lambda name=name: name in again.preview.caption.text(), timeout=5000)
        assert not again.preview.pixmap().isNull() and inked(again.preview.pixmap()) > 20
    again.reject()

    investigation = open_item(qtbot, case, "调查")
    assert isinstance(investigation, InvestigationDialog) and investigation.person.text() == "李四"
    assert "问：漏水何时开始？\n答：十月初。" in investigation.qa.toPlainText()
    investigation.qa.setPlainText("问：漏水何时开始？\n答：十月初。\n问：是否报修？\n答：报过物业。")
    investigation.save()
    qtbot.waitUntil(lambda: len(case.record.investigations[0].questions) == 2, timeout=5000)

    lines = backend.read(lambda s: case_history(s, dispute_id=dispute_id))
    assert [line.actor for line in lines][-1] == "王调解"               # audited as the one logged in
    texts = " ".join(line.text + " ".join(line.details) for line in lines)
    assert "维修报价单及收据" in texts and "删除了附件：维修报价单.txt" in texts and "新增了附件：收据.pdf" in texts
    assert "问：是否报修？" in texts                     # the questions in words, not their JSON


def test_a_mediator_who_may_not_change_the_case_is_refused(backend, qtbot, ui_settings, db, monkeypatch):
    from app.services import evidence

    dispute_id = full_case_record(db)                  # presided by mediator 1
    backend.actor = Actor(account_id=2, name="李记录", role="mediator", mediator_id=2)
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda parent, title, text, *a: shown.append(text)))
    window = MainWindow(backend, ui_settings)
    qtbot.addWidget(window)
    case = window.open_case(dispute_id)
    dialog = open_item(qtbot, case, "1. 维修报价单")
    dialog.name.setText("改过的名字")
    dialog.save()
    qtbot.waitUntil(lambda: bool(shown), timeout=5000)
    assert dialog.isVisible() and dialog.isEnabled() and dialog.name.text() == "改过的名字"
    assert "李记录" in shown[0]
    assert backend.read(lambda s: evidence.get_evidence(s, evidence_id=case.record.evidence[0].id)).name == "维修报价单"
