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


def test_a_deposit_held_past_its_terms_deadline_is_on_the_agenda_until_settled(backend, qtbot, ui_settings, answers,
                                                                               db):
    """The agenda page lists a 赔偿保证金 still held once its term's deadline has passed, as overdue, with the amount
    and who holds it; the register's overdue filter finds its case; releasing it in the case window clears it."""
    from app.services import performance
    from app.services.agenda import is_overdue
    from tests.conftest import TODAY

    d = settled_with_first_term_due(db, date(2026, 12, 1))
    with db.write.begin() as s:
        from app.services import agreements
        term = agreements.get_agreement(s, dispute_id=d).terms[0]
        performance.record_deposit(s, term_id=term.id, amount="2000", received_on=TODAY, paid_by="李四",
                                   holder="城关镇人民调解委员会")
        agreements.record_performance(s, term_id=term.id, performance="performed", on=TODAY, note="已转账",
                                      today=TODAY)
    clock.advance(timedelta(days=10))                       # 2026-12-03: term 1 performed, its deposit still held
    window = MainWindow(backend, ui_settings)
    qtbot.addWidget(window)

    def deposit_rows() -> list[list[str]]:
        overdue = window.agenda.tree.topLevelItem(0)
        return [[row.text(c) for c in range(5)] for row in (overdue.child(i) for i in range(overdue.childCount()))
                if row.text(1) == "保证金尚未交付或退还"]

    assert deposit_rows() == [["2026-12-01", "保证金尚未交付或退还", "(2026)城人调字第1号", case_title(db, d),
                               "2,000.00元，由城关镇人民调解委员会保管"]]
    assert [i.kind for i in window.agenda.items if is_overdue(i, clock.today())] == ["deposit"]
    page = window.page
    page.overdue.setChecked(True)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=3000)
    assert "保证金" in page.overdue.toolTip()

    case = window.open_case(d)
    tab = follow_up_tab(case)
    form = open_form(qtbot, case, tab.buttons["settle_deposit"])
    outcome = [c for c in form.findChildren(QComboBox)][1]
    outcome.setCurrentIndex(outcome.findData("returned"))
    _line_edits(form)[-2].setText("李四")
    ok(form)
    qtbot.waitUntil(lambda: not case.record.deposits[0].held, timeout=3000)
    qtbot.waitUntil(lambda: not deposit_rows(), timeout=3000)
    assert not [i for i in window.agenda.items if i.kind == "deposit"]
    case.close()


def case_title(db, d) -> str:
    from app.services.disputes import get_dispute

    with db.read() as s:
        return get_dispute(s, dispute_id=d).title
