"""A mediator registers a dispute through the form, finds it with the search box, and accepts it."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from app.services import disputes
from tests.conftest import ID_A
from tests.ui.conftest import type_text
from ui.action_dialog import ActionDialog
from ui.dispute_dialog import DisputeDialog
from ui.main_window import MainWindow


def fill_form(dialog: DisputeDialog, qtbot) -> None:
    type_text(dialog.title, "赵钱与孙李邻里纠纷")
    dialog.type.setCurrentIndex(dialog.type.findData("02"))
    type_text(dialog.amount, "3500.5")
    type_text(dialog.facts, "孙李在公共通道堆放杂物。")
    form = dialog.parties.form
    type_text(form.widgets["name"], "赵钱")
    type_text(form.widgets["id_number"], ID_A)
    type_text(form.widgets["phone"], "13812345678")
    dialog.parties.add_person.click()
    assert form.role.currentData() == "respondent"
    type_text(form.widgets["name"], "孙李")


def test_register_find_and_accept(backend, qtbot, ui_settings, answers):
    window = MainWindow(backend, ui_settings)
    qtbot.addWidget(window)
    window.show()
    window.new_case()
    dialog = window._dialog
    fill_form(dialog, qtbot)
    qtbot.keyClick(dialog.title, Qt.Key_Return)              # Enter saves
    qtbot.waitUntil(lambda: dialog.saved is not None, timeout=5000)
    assert not dialog.isVisible()
    saved = dialog.saved
    assert [p.name for p in saved.parties] == ["赵钱", "孙李"] and str(saved.amount) == "3500.50"

    type_text(window.page.search, "赵钱")
    qtbot.waitUntil(lambda: window.page.model.query.search == "赵钱", timeout=3000)
    assert window.page.model.rowCount() == 1
    assert window.page.count_label.text() == "共 1 件"
    window.page.table.setCurrentIndex(window.page.model.index(0, 0))
    window.open_selected()
    case = window.case_windows[saved.id]
    assert set(case.action_buttons) >= {"accept", "decline", "refer", "edit", "delete"}
    case.action_buttons["accept"].click()
    action_dialog = case.findChild(ActionDialog)
    action_dialog.accept()
    qtbot.waitUntil(lambda: case.view.case_no is not None, timeout=5000)
    assert case.view.case_no == "(2026)城人调字第1号"
    assert "accept" not in case.action_buttons and "start" in case.action_buttons
    qtbot.waitUntil(lambda: window.page.model.data(window.page.model.index(0, 0)) == "(2026)城人调字第1号",
                    timeout=3000)
    case.close()


def test_invalid_form_marks_fields_and_saves_nothing(backend, qtbot, db, answers):
    dialog = DisputeDialog(backend)
    qtbot.addWidget(dialog)
    dialog.show()
    type_text(dialog.amount, "12.345")
    type_text(dialog.parties.form.widgets["id_number"], ID_A[:-1] + "1")
    dialog.buttons.button(QDialogButtonBox.Save).click()
    assert dialog.isVisible() and dialog.errors.isVisible()
    assert dialog.title.property("invalid") and dialog.type.property("invalid")
    assert dialog.amount.property("invalid")
    assert dialog.parties.form.widgets["id_number"].property("invalid")
    assert "校验位" in dialog.parties.form.widgets["id_number"].toolTip()
    assert dialog.amount.text() == "12.345"                    # nothing typed is lost
    with db.read() as s:
        from sqlalchemy import func, select

        from db.models import Dispute
        assert s.scalar(select(func.count()).select_from(Dispute)) == 0


def test_escape_with_typed_text_asks_before_discarding(backend, qtbot, answers):
    dialog = DisputeDialog(backend)
    qtbot.addWidget(dialog)
    dialog.show()
    type_text(dialog.title, "未保存")
    answers.state["answer"] = answers.state["answer"].No
    qtbot.keyClick(dialog, Qt.Key_Escape)
    assert dialog.isVisible() and answers.seen[-1][0] == "question"
    answers.state["answer"] = answers.state["answer"].Yes
    qtbot.keyClick(dialog, Qt.Key_Escape)
    assert not dialog.isVisible()


def test_edit_keeps_party_identity_and_updates(backend, qtbot, db):
    from tests.conftest import register

    dispute_id = register(db)
    view = backend.read(lambda s: disputes.get_dispute(s, dispute_id=dispute_id))
    dialog = DisputeDialog(backend, existing=view)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.title.text() == view.title and dialog.parties.list.count() == 2
    dialog.title.clear()
    type_text(dialog.title, "改后事由")
    dialog.save()
    qtbot.waitUntil(lambda: dialog.saved is not None, timeout=5000)
    assert dialog.saved.title == "改后事由" and dialog.saved.revision == view.revision + 1
    assert [p.uid for p in dialog.saved.parties] == [p.uid for p in view.parties]


def test_other_mediators_are_chosen_in_the_form_and_kept(backend, qtbot, db):
    from PySide6.QtCore import Qt

    from tests.conftest import register

    view = backend.read(lambda s: disputes.get_dispute(s, dispute_id=register(db)))
    dialog = DisputeDialog(backend, existing=view)
    qtbot.addWidget(dialog)
    clerk = next(dialog.co_mediators.item(i) for i in range(dialog.co_mediators.count())
                 if dialog.co_mediators.item(i).text() == "李记录")
    clerk.setCheckState(Qt.Checked)
    dialog.save()
    qtbot.waitUntil(lambda: dialog.saved is not None, timeout=5000)
    assert dialog.saved.co_mediator_ids == (2,)
    again = DisputeDialog(backend, existing=dialog.saved)
    qtbot.addWidget(again)
    assert again._checked_co_mediators() == [2]


def test_an_imported_case_shows_and_is_found_by_its_original_number(backend, qtbot, ui_settings, answers, db,
                                                                    tmp_path):
    """An old register's case: the search box finds it by its 原案号 typed as the old register wrote it, and the
    case window shows that number (read only) and the agreed amount under 概况."""
    from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit

    from tests.app.test_importer import GOOD, run, write_kept

    base = GOOD[0][:13]
    report = run(db, write_kept(tmp_path / "old.csv", [[*base, "调解成功", "（2025）城人调字第88号", "2026-10-12",
                                                        "调解成功", "8000", "口头"]]))
    assert report.imported == 1, report.errors
    window = MainWindow(backend, ui_settings)
    qtbot.addWidget(window)
    window.show()
    type_text(window.page.search, "（2025）城人调字第88号")
    qtbot.waitUntil(lambda: window.page.model.query.search == "（2025）城人调字第88号", timeout=3000)
    assert window.page.model.rowCount() == 1
    window.page.table.setCurrentIndex(window.page.model.index(0, 0))
    window.open_selected()
    case = next(iter(window.case_windows.values()))
    overview = case.tabs.widget(0).layout()
    assert isinstance(overview, QFormLayout)
    shown = {overview.itemAt(r, QFormLayout.LabelRole).widget().text():
             overview.itemAt(r, QFormLayout.FieldRole).widget() for r in range(overview.rowCount())}
    original = shown["原案号"]
    assert isinstance(original, QLabel) and original.text() == "（2025）城人调字第88号"
    assert not case.tabs.widget(0).findChildren(QLineEdit)            # read only: nothing to type into
    assert shown["协议金额（元，原台账记载）"].text().startswith("8,000.00")
    case.close()
