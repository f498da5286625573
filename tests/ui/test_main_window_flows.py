"""Main-window flows driven through real widgets: import, demo, delete/undo, extension, refusals, settings."""
from __future__ import annotations

from app import clock

from datetime import timedelta


from app import preferences
from app.errors import Cancelled
from app.services import demo, lookups
from tests.app.test_importer import GOOD, write_csv
from tests.conftest import register, register_one_sided
from tests.ui.conftest import type_text
from ui.action_dialog import ActionDialog
from ui.extension_dialog import ExtensionDialog
from ui.main_window import MainWindow, ReportDialog
from ui.mediators_dialog import MediatorsDialog
from ui.station_dialog import StationDialog


def window_for(backend, qtbot, ui_settings) -> MainWindow:
    window = MainWindow(backend, ui_settings)
    qtbot.addWidget(window)
    window.show()
    return window


def count_text(window) -> str:
    return window.page.count_label.text()


def test_station_dialog_sets_up_the_station(empty_db, qtbot):
    from ui.backend import Backend
    from ui.events import AppEvents
    from ui.tasks import TaskRunner

    backend = Backend(empty_db.path, TaskRunner(), AppEvents())
    dialog = StationDialog(backend)
    qtbot.addWidget(dialog)
    dialog.save()                                   # everything empty
    qtbot.waitUntil(lambda: dialog.fields["name"].property("invalid"), timeout=3000)    # answered by the DB worker
    assert dialog.result() != StationDialog.Accepted and dialog.isEnabled()
    assert dialog.fields["mediator"].property("invalid")
    # an empty name is said to be required, not to be written "as on the ID card or the business licence"
    assert dialog.fields["mediator"].toolTip() == "此项为必填项。" and "营业执照" not in dialog.errors.text()
    assert "首位调解员：此项为必填项。" in dialog.errors.text()
    type_text(dialog.fields["case_prefix"], "城人调字")
    assert dialog.preview.text().startswith("只写简称即可，如“城人”")
    dialog.fields["case_prefix"].clear()
    for key, text in (("name", "城关镇人民调解委员会"), ("code", "330101001"), ("county", "某某县"),
                      ("case_prefix", "城人"), ("mediator", "王调解")):
        type_text(dialog.fields[key], text)
    assert "(2026)城人调字第12号" in dialog.preview.text()
    dialog.save()
    qtbot.waitUntil(lambda: dialog.result() == StationDialog.Accepted, timeout=3000)
    from app.services import lookups
    assert backend.query(lookups.station).case_prefix == "城人"
    assert [m.name for m in backend.query(lookups.mediators)] == ["王调解"]
    backend.close()


def test_import_bad_file_lists_rows_then_good_file_imports(backend, qtbot, ui_settings, answers, tmp_path):
    window = window_for(backend, qtbot, ui_settings)
    bad = [list(r) for r in GOOD]
    bad[0][7] = "12345"
    window.run_import(write_csv(tmp_path / "bad.csv", bad))
    qtbot.waitUntil(lambda: window.findChild(ReportDialog) is not None, timeout=5000)
    report = window.findChild(ReportDialog)
    assert "第 2 行" in report.lines.toPlainText() and "申请人电话" in report.lines.toPlainText()
    assert count_text(window) == "共 0 件"
    report.close()
    window.run_import(write_csv(tmp_path / "good.csv", GOOD))
    qtbot.waitUntil(lambda: count_text(window) == "共 3 件", timeout=5000)
    assert answers.seen[-1] == ("information", "已导入 3 件；0 件此前已导入，未重复导入。")


def test_demo_runs_in_the_background_and_cancel_adds_nothing(backend, qtbot, ui_settings):
    window = window_for(backend, qtbot, ui_settings)
    window.run_demo(40)
    qtbot.waitUntil(lambda: count_text(window) == "共 40 件", timeout=10000)
    failures = []
    task = backend.write(lambda s, progress, is_cancelled: demo.generate(
        s, cases=3000, progress=progress, is_cancelled=is_cancelled), lambda _r: None, failures.append,
        cancellable=True)
    task.cancelled = True
    qtbot.waitUntil(lambda: bool(failures), timeout=10000)
    assert isinstance(failures[0], Cancelled)
    window.page.refresh()
    assert count_text(window) == "共 40 件"


def test_delete_asks_then_undo_restores(backend, qtbot, ui_settings, answers, db):
    dispute_id = register(db)
    window = window_for(backend, qtbot, ui_settings)
    case = window.open_case(dispute_id)
    case.action_buttons["delete"].click()
    assert answers.seen[-1][0] == "question"
    qtbot.waitUntil(lambda: count_text(window) == "共 0 件", timeout=5000)
    assert window.undo_action.isEnabled()
    window.undo_action.trigger()
    qtbot.waitUntil(lambda: count_text(window) == "共 1 件", timeout=5000)


def test_extension_through_the_case_window(backend, qtbot, ui_settings, db):
    from tests.conftest import accept

    dispute_id = register(db)
    accept(db, dispute_id, on=clock.today() - timedelta(days=1))
    window = window_for(backend, qtbot, ui_settings)
    case = window.open_case(dispute_id)
    old = case.view.deadline
    case.action_buttons["extend"].click()
    dialog = case.findChild(ExtensionDialog)
    for box in dialog.consents.values():
        box.setChecked(True)
    dialog.new_deadline.setText((old + timedelta(days=20)).strftime("%Y%m%d"))
    dialog.accept()
    qtbot.waitUntil(lambda: case.view.deadline == old + timedelta(days=20), timeout=5000)
    assert case.view.extensions[0].consenting_names == ("张三", "李四")
    case.close()


def test_refused_action_explains_and_changes_nothing(backend, qtbot, ui_settings, answers, db):
    dispute_id = register_one_sided(db)
    window = window_for(backend, qtbot, ui_settings)
    case = window.open_case(dispute_id)
    case.action_buttons["accept"].click()
    case.findChild(ActionDialog).accept()
    qtbot.waitUntil(lambda: any(kind == "warning" for kind, _t in answers.seen), timeout=5000)
    warning = next(text for kind, text in answers.seen if kind == "warning")
    assert "被申请人" in warning and "Traceback" not in warning
    assert case.view.case_no is None and "accept" in case.action_buttons
    case.close()


def test_mediators_dialog_validates_and_adds(backend, qtbot, ui_settings):
    window = window_for(backend, qtbot, ui_settings)
    dialog = MediatorsDialog(backend, window)
    qtbot.addWidget(dialog)
    type_text(dialog.name, "赵新")
    type_text(dialog.phone, "123")
    dialog.add()
    qtbot.waitUntil(lambda: bool(dialog.phone.property("invalid")), timeout=3000)
    assert dialog.table.rowCount() == 2
    dialog.phone.clear()
    dialog.add()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 3, timeout=3000)
    assert "赵新" in [m.name for m in backend.query(lookups.mediators)]


def test_language_choice_is_saved_for_the_next_start(backend, qtbot, ui_settings, answers):
    from ui.settings_dialog import SettingsDialog

    window = window_for(backend, qtbot, ui_settings)
    window.edit_settings(page=5)
    dialog = window.findChild(SettingsDialog)
    assert dialog.stack.currentWidget().isAncestorOf(dialog.fields["locale"])
    dialog.fields["locale"].setCurrentIndex(dialog.fields["locale"].findData("en"))
    dialog.save()
    qtbot.waitUntil(lambda: dialog.result() == dialog.DialogCode.Accepted, timeout=3000)
    assert preferences.ui_locale() == "en"
    kind, text = answers.seen[-1]                # said plainly, in both languages: a restart is needed
    assert kind == "information" and "重新启动" in text and "restart" in text


def test_a_case_prefix_written_with_its_diaozi_is_refused_and_the_preview_says_why(backend, qtbot, ui_settings,
                                                                                  answers):
    from ui.settings_dialog import SettingsDialog

    window = window_for(backend, qtbot, ui_settings)
    window.edit_settings(page=0)
    dialog = window.findChild(SettingsDialog)
    dialog.fields["case_prefix"].setText("青人调字")
    assert dialog.case_no_preview.text().startswith("只写简称即可，如“青人”")     # not a preview of the wrong number
    dialog.save()
    qtbot.waitUntil(lambda: dialog.fields["case_prefix"].property("invalid") is True, timeout=3000)
    assert dialog.isVisible() and backend.query(lookups.station).case_prefix == "城人"
    dialog.fields["case_prefix"].setText("青人")
    assert dialog.case_no_preview.text().endswith("(2026)青人调字第12号")
    dialog.save()
    qtbot.waitUntil(lambda: dialog.result() == dialog.DialogCode.Accepted, timeout=3000)
    assert backend.query(lookups.station).case_prefix == "青人"


def test_filters_reach_the_query(backend, qtbot, ui_settings, db):
    register(db)
    window = window_for(backend, qtbot, ui_settings)
    page = window.page
    page.overdue.setChecked(True)
    assert page.model.query.overdue_only and count_text(window) == "共 0 件逾期案件"
    page.overdue.setChecked(False)
    page.status.setCurrentIndex(page.status.findData("registered"))
    assert page.model.query.statuses == ("registered",) and count_text(window) == "共 1 件"
    page.type.setCurrentIndex(page.type.findData("04"))
    assert count_text(window) == "没有找到符合条件的案件"          # said, not only 共 0 件


def test_enter_in_search_goes_to_first_result_and_enter_opens_it(backend, qtbot, ui_settings, db):
    from PySide6.QtCore import Qt

    dispute_id = register(db)
    window = window_for(backend, qtbot, ui_settings)
    type_text(window.page.search, "张三")
    qtbot.keyClick(window.page.search, Qt.Key_Return)
    assert window.page.selected_id() == dispute_id
    with qtbot.waitSignal(window.page.case_activated, timeout=2000) as opened:
        qtbot.keyClick(window.page.table, Qt.Key_Return)
    assert opened.args == [dispute_id]
    window.case_windows[dispute_id].close()


def test_gui_thread_collector_keeps_automatic_collection_off_and_collects(qtbot):
    import gc

    from ui.gc_guard import GuiThreadCollector

    collector = GuiThreadCollector(interval_ms=10)
    assert not gc.isenabled()

    class Cycle:
        pass

    for _ in range(gc.get_threshold()[0] + 10):
        a, b = Cycle(), Cycle()
        a.other, b.other = b, a
    before = gc.get_count()[0]
    qtbot.waitUntil(lambda: gc.get_count()[0] < before, timeout=2000)
    collector.deleteLater()


def test_import_is_the_heads_and_a_hostile_file_gets_a_plain_message(backend, qtbot, ui_settings, answers,
                                                                      tmp_path):
    from app.access import Actor

    backend.log_in(Actor(account_id=None, name="王调解", role="mediator", mediator_id=1))
    window = window_for(backend, qtbot, ui_settings)
    assert not window.import_action.isEnabled()
    window.run_import(write_csv(tmp_path / "good.csv", GOOD))       # the service refuses whatever the menu shows
    qtbot.waitUntil(lambda: len(answers.seen) == 1, timeout=5000)
    assert "主任" in answers.seen[-1][1] and count_text(window) == "共 0 件"
    backend.log_in(Actor(account_id=None, name="王主任", role="head", mediator_id=1))
    fake = tmp_path / "register.xlsx"
    fake.write_text("登记日期,事由\n", encoding="utf-8")
    window.run_import(fake)
    qtbot.waitUntil(lambda: len(answers.seen) == 2, timeout=5000)
    assert answers.seen[-1] == ("warning", answers.seen[-1][1]) and "不是 Excel 工作簿" in answers.seen[-1][1]
    assert count_text(window) == "共 0 件"
