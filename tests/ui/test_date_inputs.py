"""The date and date-time inputs as a person uses them: typed text, Tab, arrow keys, the Chinese calendar,
a mistyped date refused with its reason, and the defaults that follow the station's work."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog, QFormLayout, QLineEdit, QTableView

from app import clock
from app.services import settings
from tests.ui.conftest import type_text
from ui.date_inputs import CalendarPopup, DateInput, DateTimeInput, HolidayCalendar


def form_with(qtbot, widget):
    """A dialog: a name field, the input, a place field (as the forms are laid out)."""
    dialog = QDialog()
    qtbot.addWidget(dialog)
    before, after = QLineEdit(), QLineEdit()
    form = QFormLayout(dialog)
    for w in (before, widget, after):
        form.addRow("x", w)
    with qtbot.waitActive(dialog):    # focus-out (leaving the field) needs an active window
        dialog.show()
        dialog.activateWindow()
    return dialog, before, after


def test_typed_compact_date_is_read_shown_with_its_weekday_and_tab_moves_on(qtbot):
    field = DateInput(clock.today())
    dialog, before, after = form_with(qtbot, field)
    before.setFocus()
    QTest.keyClick(before, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is field.line
    field.line.selectAll()
    QTest.keyClicks(field.line, "20261203")
    QTest.keyClick(field.line, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is after                  # one Tab leaves the field: no sections to trap it
    assert field.value() == date(2026, 12, 3)
    assert field.text() == "2026-12-03（周四）"
    QTest.keyClick(after, Qt.Key.Key_Backtab)
    assert dialog.focusWidget() is field.line             # and Shift+Tab comes back in one step


@pytest.mark.parametrize("typed, expected", [("明天", date(2026, 11, 24)), ("12月3日", date(2026, 12, 3)),
                                             ("2026年12月3日", date(2026, 12, 3)), ("昨天", date(2026, 11, 22))])
def test_chinese_typed_dates(qtbot, typed, expected):
    field = DateInput(clock.today())
    _keep = form_with(qtbot, field)  # noqa: F841  (the dialog lives as long as the test)
    field.line.clear()
    type_text(field.line, typed)
    QTest.keyClick(field.line, Qt.Key.Key_Return)
    assert field.value() == expected


def test_arrow_keys_move_a_day_and_page_keys_a_month(qtbot):
    field = DateInput(date(2026, 11, 30))
    seen = []
    field.dateChanged.connect(seen.append)
    _keep = form_with(qtbot, field)  # noqa: F841  (the dialog lives as long as the test)
    field.line.setFocus()
    QTest.keyClick(field.line, Qt.Key.Key_Up)
    assert field.value() == date(2026, 12, 1)
    QTest.keyClick(field.line, Qt.Key.Key_Down)
    QTest.keyClick(field.line, Qt.Key.Key_PageDown)
    assert field.value() == date(2026, 10, 30)
    assert seen == [date(2026, 12, 1), date(2026, 11, 30), date(2026, 10, 30)]


def test_a_mistyped_date_is_marked_with_how_to_write_it_and_kept(qtbot):
    field = DateInput(clock.today(), maximum=clock.today())
    _keep = form_with(qtbot, field)  # noqa: F841  (the dialog lives as long as the test)
    field.line.setFocus()
    field.line.selectAll()
    QTest.keyClicks(field.line, "2026-02-30")
    QTest.keyClick(field.line, Qt.Key.Key_Tab)
    assert field.line.text() == "2026-02-30"               # nothing typed is lost
    assert field.line.property("invalid")
    assert "2026-02-30" in field.line.toolTip() and "月" in field.line.toolTip()
    field.setText("明天")                                   # after the limit
    assert "2026-11-23" in field.error() and "晚" in field.error()
    field.setText("今天")
    assert not field.line.property("invalid") and field.error() == ""


def test_date_time_typed_in_one_go_and_a_date_alone_keeps_the_time(qtbot):
    field = DateTimeInput(datetime(2026, 11, 24, 9, 0))
    _keep = form_with(qtbot, field)  # noqa: F841  (the dialog lives as long as the test)
    field.line.clear()
    type_text(field.line, "12月3日下午2点半")
    QTest.keyClick(field.line, Qt.Key.Key_Tab)
    assert field.value() == datetime(2026, 12, 3, 14, 30)
    assert field.text() == "2026-12-03 14:30（周四）"
    field.setText("明天")
    assert field.value() == datetime(2026, 11, 24, 14, 30)
    field.setText("9:15")
    assert field.value() == datetime(2026, 11, 24, 9, 15)


def test_f4_opens_a_chinese_monday_first_calendar_and_enter_picks(qtbot):
    field = DateTimeInput(datetime(2026, 9, 30, 14, 0))
    _keep = form_with(qtbot, field)  # noqa: F841  (the dialog lives as long as the test)
    field.line.setFocus()
    QTest.keyClick(field.line, Qt.Key.Key_F4)
    popup = field.findChild(CalendarPopup)
    assert popup is not None and popup.isVisible()
    calendar = popup.calendar
    model = calendar.findChild(QTableView).model()
    assert [model.index(0, c).data() for c in range(7)] == ["周一", "周二", "周三", "周四", "周五", "周六", "周日"]
    assert "九月" in [b.text() for b in calendar.findChildren(type(field.button))]
    QTest.keyClick(calendar.findChild(QTableView), Qt.Key.Key_Right)      # to Thursday 1 October
    QTest.keyClick(calendar.findChild(QTableView), Qt.Key.Key_Return)
    assert not popup.isVisible()
    assert field.value() == datetime(2026, 10, 1, 14, 0)                  # the time is kept
    assert field.text() == "2026-10-01 14:00（周四·国庆节）"


def test_the_calendar_marks_holidays_and_make_up_days_and_says_when_it_cannot(qtbot):
    owner = DateInput()
    popup = CalendarPopup(owner)
    qtbot.addWidget(popup)
    popup._show_note(2026, 10)
    assert "国庆节" in popup.note.text() and "10/10" in popup.note.text().replace("10月10日", "10/10")
    calendar = HolidayCalendar()
    qtbot.addWidget(calendar)
    calendar.setCurrentPage(2026, 10)
    holiday = calendar.dateTextFormat().get(next(d for d in calendar.dateTextFormat() if d.toPython() ==
                                                  date(2026, 10, 1)))
    assert holiday.foreground().color().name() == "#d62020"
    makeup = next(f for d, f in calendar.dateTextFormat().items() if d.toPython() == date(2026, 10, 10))
    assert makeup.foreground().color().name() == "#000000"              # a Saturday worked: not weekend red
    popup._show_note(2031, 5)
    assert "2031" in popup.note.text() and "周末" in popup.note.text()


def test_plan_session_defaults_to_the_next_office_hour(qtbot):
    from ui.session_dialogs import PlanSessionDialog

    dialog = PlanSessionDialog(lambda **kw: None)
    qtbot.addWidget(dialog)
    assert dialog.when.value() == datetime(2026, 11, 23, 11, 0)            # Monday 10:00 → 11:00
    clock.freeze(datetime(2026, 11, 23, 22, 20))
    late = PlanSessionDialog(lambda **kw: None)
    qtbot.addWidget(late)
    assert late.when.value() == datetime(2026, 11, 24, 8, 30)             # not 22:20 nor the next day's 22:20


def test_a_mistyped_session_time_is_refused_and_nothing_saved(qtbot, answers):
    from ui.session_dialogs import PlanSessionDialog

    saved = []
    dialog = PlanSessionDialog(lambda **kw: saved.append(kw))
    qtbot.addWidget(dialog)
    dialog.when.setText("明天 25:00")
    dialog.place.setText("调解室")
    dialog.findChild(type(dialog.place)).setFocus()
    from PySide6.QtWidgets import QDialogButtonBox

    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.Ok).click()
    assert saved == [] and dialog.result() != QDialog.DialogCode.Accepted
    assert answers.seen and "25:00" in answers.seen[0][1]


def test_agreement_and_quick_terms_default_to_the_performance_period(backend, db, qtbot):
    from app.services.case_record import load_case_record
    from tests.conftest import accept, complete_record, register
    from ui.agreement_tab import AgreementTab
    from ui.quick_settle_dialog import QuickSettleDialog

    with db.write.begin() as s:
        settings.set_work_rules(s, opens="8:00", closes="17:00", performance_days="20")
    d = register(db)
    accept(db, d)
    complete_record(db, d)
    record = backend.read(lambda s: load_case_record(s, dispute_id=d))
    tab = AgreementTab(backend, record, lambda: None)
    qtbot.addWidget(tab)
    row = tab.add_term()
    assert tab.terms.cellWidget(row, 7).value() == clock.today() + timedelta(days=20)
    quick = QuickSettleDialog(backend)
    qtbot.addWidget(quick)
    assert quick.terms.cellWidget(0, 4).value() == clock.today() + timedelta(days=20)


def test_work_rules_are_saved_on_the_settings_page_and_what_is_wrong_is_marked(backend, db, qtbot):
    from ui.settings_dialog import SettingsDialog

    backend.actor = _head(db)
    dialog = SettingsDialog(backend, page=1)
    qtbot.addWidget(dialog)
    opens, closes, days = (dialog.fields[k] for k in ("opens", "closes", "performance_days"))
    assert opens.text() == "08:30" and days.value() == 15
    opens.setText("18:00")
    dialog.save()
    assert closes.property("invalid") and dialog.errors.text()
    opens.setText("9点")
    days.setValue(10)
    dialog.save()
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=3000)
    rules = backend.read(settings.work_rules)
    assert (rules.opens, rules.performance_days) == (time(9, 0), 10)


def _head(db):
    from app.access import Actor

    return Actor(account_id=None, name="王调解", role="head", mediator_id=1)


def test_a_date_that_cannot_be_later_than_today_suggests_a_past_one(qtbot):
    """The committee's founding date (and any field capped at today) shows a past example, not 明天."""
    capped, free = DateInput(maximum=clock.today()), DateInput()
    qtbot.addWidget(capped)
    qtbot.addWidget(free)
    assert "昨天" in capped.line.placeholderText() and "明天" not in capped.line.placeholderText()
    assert "明天" in free.line.placeholderText()


def test_a_limit_is_named_in_the_message(qtbot):
    """"Too early" says before what (the registration date), and a later day says "not after today"."""
    from ui.date_inputs import DateTextError

    field = DateInput(clock.today(), minimum=clock.today() - timedelta(days=3), maximum=clock.today())
    field.minimum_name = "登记日期"
    qtbot.addWidget(field)
    field.setText((clock.today() - timedelta(days=5)).isoformat())
    with pytest.raises(DateTextError, match="不能早于登记日期"):
        field.value()
    field.setText((clock.today() + timedelta(days=1)).isoformat())
    with pytest.raises(DateTextError, match="不能晚于今天"):
        field.value()
