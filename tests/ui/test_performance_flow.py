"""Through the real case window: a term left unperformed is recorded on the 回访 tab with the routes explained, a
deposit is received and released, the case closes as not performed and is archived; a case closed late is
archived once the reason is typed into the archiving dialog."""
from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtWidgets import QCheckBox, QComboBox, QDialogButtonBox, QLineEdit

from app import clock
from app.lifecycle import Action
from tests.app.test_performance import settled_with_first_term_due, step, visit
from tests.conftest import accept, complete_record, register
from ui.action_dialog import ActionDialog
from ui.follow_up_tab import FollowUpTab
from ui.form_dialog import FormDialog
from ui.main_window import MainWindow


def ok(dialog) -> None:
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.Ok).click()


def follow_up_tab(case) -> FollowUpTab:
    return next(case.tabs.widget(i) for i in range(case.tabs.count())
                if isinstance(case.tabs.widget(i), FollowUpTab))


def open_form(qtbot, case, button) -> FormDialog:
    before = set(case.findChildren(FormDialog))
    button.click()
    qtbot.waitUntil(lambda: bool(set(case.findChildren(FormDialog)) - before), timeout=3000)
    return (set(case.findChildren(FormDialog)) - before).pop()


def run_action(qtbot, case, key: str, reason: str = "") -> None:
    case.action_buttons[key].click()
    dialog = case.findChild(ActionDialog)
    if reason:
        dialog.reason.setPlainText(reason)
    ok(dialog)
    dialog.deleteLater()


def test_unperformed_case_through_the_case_window_to_the_archive(backend, qtbot, ui_settings, answers, db):
    d = settled_with_first_term_due(db, date(2026, 12, 1))
    clock.advance(timedelta(days=20))
    visit(db, d, clock.today())
    window = MainWindow(backend, ui_settings)
    qtbot.addWidget(window)
    case = window.open_case(d)
    tab = follow_up_tab(case)

    form = open_form(qtbot, case, tab.buttons["deposit"])
    amount, paid_by, holder = _line_edits(form)[:3]
    amount.setText("2000")
    paid_by.setText("李四")
    holder.setText("城关镇人民调解委员会")
    ok(form)
    qtbot.waitUntil(lambda: len(case.record.deposits) == 1, timeout=3000)

    tab = follow_up_tab(case)
    form = open_form(qtbot, case, tab.buttons["not_performed"])

    checks = {b.text(): b for b in form.findChildren(QCheckBox)}
    next(b for t, b in checks.items() if t.startswith("1.")).setChecked(True)
    next(b for t, b in checks.items() if "起诉" in t).setChecked(True)
    _line_edits(form)[-1].setText("张三表示将起诉")
    ok(form)
    qtbot.waitUntil(lambda: len(case.record.nonperformance) == 1, timeout=3000)
    assert case.record.nonperformance[0].options_explained == ("sue",)

    run_action(qtbot, case, Action.CLOSE_UNPERFORMED.value)
    qtbot.waitUntil(lambda: case.view.status == "unperformed", timeout=3000)

    tab = follow_up_tab(case)
    form = open_form(qtbot, case, tab.buttons["settle_deposit"])
    outcome = [c for c in form.findChildren(QComboBox)][1]
    outcome.setCurrentIndex(outcome.findData("released"))
    _line_edits(form)[-2].setText("张三")
    ok(form)
    qtbot.waitUntil(lambda: not case.record.deposits[0].held, timeout=3000)

    run_action(qtbot, case, Action.ARCHIVE.value)
    qtbot.waitUntil(lambda: case.view.status == "archived", timeout=3000)
    assert case.record.deposits[0].settled_to == "张三"
    case.close()


def test_late_case_is_archived_with_the_reason_typed_in_the_dialog(backend, qtbot, ui_settings, answers, db):
    d = register(db, registered_on="2026-10-01")
    accept(db, d, on=date(2026, 10, 2))
    complete_record(db, d)
    step(db, d, Action.FAIL, routes=("litigation",))
    window = MainWindow(backend, ui_settings)
    qtbot.addWidget(window)
    case = window.open_case(d)
    run_action(qtbot, case, Action.ARCHIVE.value)            # no reason: refused, naming P08
    qtbot.waitUntil(lambda: bool(answers.seen), timeout=3000)
    assert "P08" in answers.seen[-1][1] and "原因" in answers.seen[-1][1]
    assert case.view.status == "failed"
    run_action(qtbot, case, Action.ARCHIVE.value, reason="当事人长期外出务工")
    qtbot.waitUntil(lambda: case.view.status == "archived", timeout=3000)
    assert case.view.late_reason == "当事人长期外出务工"
    case.close()


def _line_edits(form) -> list[QLineEdit]:
    """The form's own text fields in order (a date input's inner line left out)."""
    from ui.date_inputs import DateInput

    return [w for w in form.findChildren(QLineEdit) if not isinstance(w.parent(), DateInput)]
