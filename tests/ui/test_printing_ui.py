"""Printing from the app: the Documents tab previews a document (navigation, Save as PDF, copies), pages go
to a printer, the register prints the agreements of several cases at once, and Settings change the wording
and masking without a code change."""
from __future__ import annotations

import io

from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication

from app.services import settings
from tests.conftest import ID_A, accept, complete_record, register, signed_case
from tests.ui.conftest import type_text
from ui.settings_dialog import SettingsDialog
from ui.documents_tab import PRINTABLE_ROLE, DocumentsTab
from ui.main_window import MainWindow
from ui.preview_window import PreviewWindow, print_pdf


def previews() -> list[PreviewWindow]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, PreviewWindow) and w.isVisible()]


def documents_tab(case) -> DocumentsTab:
    return next(case.tabs.widget(i) for i in range(case.tabs.count())
                if isinstance(case.tabs.widget(i), DocumentsTab))


def test_documents_tab_previews_saves_and_prints_the_agreement(backend, qtbot, ui_settings, answers, db, tmp_path):
    d = signed_case(db)
    window = MainWindow(backend, ui_settings)
    qtbot.addWidget(window)
    case = window.open_case(d)
    tab = documents_tab(case)
    listed = [tab.list.item(i).data(PRINTABLE_ROLE).doc_type for i in range(tab.list.count())]
    assert "agreement" in listed and "oral-agreement" not in listed and "termination" not in listed
    tab.list.setCurrentRow(listed.index("agreement"))
    tab.buttons["preview"].click()
    qtbot.waitUntil(lambda: len(previews()) == 1, timeout=10000)
    preview = previews()[0]
    assert preview.frameGeometry().height() <= preview.screen().availableGeometry().height()   # 1366x768 too
    pages = preview.document.pageCount()
    assert pages == len(PdfReader(io.BytesIO(preview.printout.pdf)).pages) >= 2
    assert preview.copies == 3                                     # two parties and the committee
    preview.go_to(2)
    assert preview.page.value() == 2
    preview.go_to(99)
    assert preview.page.value() == pages

    assert preview.save_to(tmp_path / "协议书.pdf")
    saved = PdfReader(tmp_path / "协议书.pdf")
    assert "人民调解协议书" in saved.pages[0].extract_text() and not (tmp_path / "协议书.pdf.part").exists()
    assert not preview.save_to(tmp_path / "no-such-folder" / "x.pdf")     # told, nothing written
    assert answers.seen and "no-such-folder" in answers.seen[-1][1]

    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    sent = preview.send_to(printer, 2)
    assert sent in (pages, 2 * pages)                       # the printer makes copies itself, or we send them
    assert len(PdfReader(tmp_path / "printed.pdf").pages) == sent

    # the registry of issued documents now shows the agreement, in the reloaded tab
    qtbot.waitUntil(lambda: documents_tab(case).issued.topLevelItemCount() >= 1, timeout=3000)
    first = documents_tab(case).issued.topLevelItem(0)
    assert first.text(0) == "人民调解协议书" and first.text(1) == "1" and len(first.text(2)) == 11
    preview.close()
    case.close()


def test_unsigned_agreement_is_listed_and_previewed_as_a_draft(backend, qtbot, ui_settings, db):
    from tests.conftest import complete_agreement

    d = register(db)
    accept(db, d)
    complete_record(db, d)
    complete_agreement(db, d)
    window = MainWindow(backend, ui_settings)
    qtbot.addWidget(window)
    case = window.open_case(d)
    tab = documents_tab(case)
    row = next(i for i in range(tab.list.count()) if tab.list.item(i).data(PRINTABLE_ROLE).doc_type == "agreement")
    assert tab.list.item(row).text() == "人民调解协议书（草稿）"
    tab.list.setCurrentRow(row)
    tab.buttons["preview"].click()
    qtbot.waitUntil(lambda: len(previews()) == 1, timeout=10000)
    preview = previews()[0]
    assert "草稿" in preview.warning.text() and "检查并签署" in preview.warning.text()
    assert all("草稿" in p.extract_text() for p in PdfReader(io.BytesIO(preview.printout.pdf)).pages)
    preview.close()
    case.close()


def test_print_pdf_paints_every_page_on_white(qtbot, tmp_path, db):
    from PySide6.QtPdf import QPdfDocument

    from app.printouts import render_pdf
    from app.documents import issuing

    d = signed_case(db)
    with db.write.begin() as s:
        doc, _issued = issuing.issue(s, dispute_id=d, doc_type="agreement")
    (tmp_path / "in.pdf").write_bytes(render_pdf(doc).pdf)
    document = QPdfDocument()
    document.load(str(tmp_path / "in.pdf"))
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "out.pdf"))
    steps = []
    sent = print_pdf(document, printer, 1, lambda done, total: steps.append((done, total)))
    assert sent == document.pageCount() and steps[-1] == (sent, sent)
    out = QPdfDocument()
    out.load(str(tmp_path / "out.pdf"))
    image = out.render(0, out.pagePointSize(0).toSize())
    corner = image.pixelColor(5, 5)
    assert corner.alpha() == 255 and corner.lightness() > 240      # white paper, not transparent
    document.close()
    out.close()


def test_register_prints_the_agreements_of_the_selected_cases(backend, qtbot, ui_settings, answers, db):
    signed = signed_case(db)
    pending = register(db, title="王五与赵六合同纠纷")
    accept(db, pending)
    complete_record(db, pending)
    window = MainWindow(backend, ui_settings)
    qtbot.addWidget(window)
    window.tabs.setCurrentWidget(window.page)
    table = window.page.table
    qtbot.waitUntil(lambda: table.model().rowCount() == 2, timeout=3000)
    table.selectAll()
    assert sorted(window.page.selected_ids()) == sorted([signed, pending])
    window.batch_print_action.trigger()
    qtbot.waitUntil(lambda: len(previews()) == 1, timeout=15000)
    preview = previews()[0]
    reader = PdfReader(io.BytesIO(preview.printout.pdf))
    single = sum(1 for p in reader.pages if "人民调解协议书" in p.extract_text())
    assert single == 3                                     # one agreement, its three copies
    assert "(2026)城人调字第2号" in preview.warning.text()   # the case without an agreement is named
    preview.close()


def test_document_settings_change_wording_and_masking_all_or_nothing(backend, qtbot, answers, db):
    d = signed_case(db)
    dialog = SettingsDialog(backend)
    qtbot.addWidget(dialog)
    copies = dialog.fields["clause_copies"]
    copies.clear()
    type_text(copies, "本协议一式三份。")
    dialog.fields["name"].clear()
    type_text(dialog.fields["name"], "城关镇东街社区人民调解委员会")
    dialog.save()
    assert dialog.fields["clause_copies"].property("invalid") and "{copies}" in dialog.errors.text()
    assert dialog.stack.currentIndex() == 2                     # the page with the wrong field is shown
    assert backend.read(settings.load).name == "城关镇人民调解委员会"          # nothing stored
    copies.clear()
    type_text(copies, "本协议一式{copies}份，各方各执一份。")
    masked = dialog.fields["masked"]
    for i in range(masked.count()):
        item = masked.item(i)
        if item.data(Qt.UserRole) == "agreement":
            item.setCheckState(Qt.Checked)
    dialog.save()
    qtbot.waitUntil(lambda: dialog.result() == dialog.DialogCode.Accepted, timeout=3000)
    saved = backend.read(settings.load)
    assert saved.name == "城关镇东街社区人民调解委员会" and "agreement" in saved.masked

    from app.documents import issuing
    from app.printouts import render_pdf

    with db.write.begin() as s:
        doc, _issued = issuing.issue(s, dispute_id=d, doc_type="agreement")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(render_pdf(doc).pdf)).pages).replace(" ", "")
    assert "城关镇东街社区人民调解委员会" in text and "本协议一式3份，各方各执一份。" in text.replace("\n", "")
    assert ID_A not in text and "110105********002X" in text


def test_document_settings_offer_the_shipped_fonts_first_and_keep_a_choice(backend, qtbot, answers):
    from app import preferences

    dialog = SettingsDialog(backend)
    qtbot.addWidget(dialog)
    body, heading = dialog.fields["body_font"], dialog.fields["heading_font"]
    assert (body.currentData(), body.currentText()) == ("AR PL UMing CN", "AR PL UMing CN（随软件附带）")
    assert (heading.currentData(), heading.currentText()) == ("WenQuanYi Zen Hei", "WenQuanYi Zen Hei（随软件附带）")
    body.setCurrentIndex(body.findData("WenQuanYi Zen Hei"))
    dialog.save()
    qtbot.waitUntil(lambda: dialog.result() == dialog.DialogCode.Accepted, timeout=3000)
    assert preferences.print_fonts() == ("WenQuanYi Zen Hei", "WenQuanYi Zen Hei")


def test_a_character_no_font_has_is_named_in_the_preview_and_issued_only_when_printed(backend, qtbot, ui_settings,
                                                                                        db, tmp_path):
    """Named in Chinese above the preview, with its code; the document is registered (with the character noted)
    only when the person saves or prints it as it is."""
    from sqlalchemy import text

    from app.documents import issuing
    from app.services import disputes

    d = signed_case(db)
    with db.write.begin() as s:        # a name no font here can print (CJK Extension H)
        view = disputes.get_dispute(s, dispute_id=d)
        s.execute(text("UPDATE party SET name = :n WHERE uid = :u"),
                  {"n": "张\U00031350", "u": view.parties_in("applicant")[0].uid})
    window = MainWindow(backend, ui_settings)
    qtbot.addWidget(window)
    case = window.open_case(d)
    tab = documents_tab(case)
    listed = [tab.list.item(i).data(PRINTABLE_ROLE).doc_type for i in range(tab.list.count())]
    tab.list.setCurrentRow(listed.index("agreement"))
    tab.buttons["preview"].click()
    qtbot.waitUntil(lambda: len(previews()) == 1, timeout=10000)
    preview = previews()[0]
    assert "U+31350" in preview.warning.text() and "没有任何字体" in preview.warning.text()
    with db.read() as s:
        assert issuing.list_issued(s, dispute_id=d) == []          # not issued while the person looks
    assert preview.save_to(tmp_path / "协议书.pdf")

    def issued():
        with db.read() as s:
            return issuing.list_issued(s, dispute_id=d)
    qtbot.waitUntil(lambda: len(issued()) == 1, timeout=5000)
    assert issued()[0].missing == "\U00031350"
    preview.close()
    case.close()
