"""Every window and dialog of the station app, opened in zh_CN as a person reaches it, shows no English.

A walker opens the main window, each menu command, a case window at three stages with each of its tabs
and buttons, and the dialogs before the main window; a sweeper (a timer, so it also runs inside the app's
own `exec()` loops) reads every window that appears (tests/ui/latin.py) and closes the ones that wait for
an answer (message boxes, input dialogs, file dialogs). The test fails on any Latin word outside the
allow-list, naming the window and the place; and on any dialog class of ui/ that the walk never opened.
"""
from __future__ import annotations

import importlib
import pkgutil
import time

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction
from PySide6.QtPrintSupport import QPrintDialog
from PySide6.QtWidgets import (QApplication, QDialog, QFileDialog, QInputDialog, QMainWindow, QMessageBox,
                               QProgressDialog, QPushButton, QTableWidget, QWidget)

from shiboken6 import isValid

import ui
from tests.conftest import CLI_PASSWORD, accept, complete_record, full_case_record, register, station_work_record
from tests.ui.latin import latin_words, visible_texts

# Windows that wait for an answer: read, then closed as if the person pressed Esc.
ANSWERED = (QMessageBox, QInputDialog, QFileDialog, QPrintDialog, QProgressDialog)
# The county's own window (and its passphrase dialog) and the command line are not the station's interface.
NOT_STATION = {"ui.county_app", "ui.passphrase_dialog", "ui.cli", "ui.cli_auth", "ui.cli_sync", "ui.cli_trust",
               "ui.cli_committee", "ui.cli_station_work", "ui.cli_work", "ui.cli_ministry"}
# Buttons that would leave the walk (close the case window).
NOT_PRESSED = {"Close", "关闭"}


class Walker:
    def __init__(self, qtbot):
        self.qtbot = qtbot
        self.read: dict[int, QWidget] = {}      # kept, so that no later window gets a reused id()
        self.classes: set[str] = set()
        self.findings: list[str] = []
        self.close_all_new = False
        self.timer = QTimer()
        self.timer.setInterval(15)
        self.timer.timeout.connect(self.sweep)
        self.timer.start()

    def look(self, window: QWidget, label: str = "") -> None:
        """Read a window now (again, if it changed: tabs, pages)."""
        name = type(window).__name__
        self.classes.add(name)
        # the font lists name this computer's fonts as their makers spell them (AR PL UMing, WenQuanYi)
        data = frozenset(getattr(window, attr) for attr in ("body_font", "heading_font") if hasattr(window, attr))
        for where, text in visible_texts(window, data):
            words = latin_words(text)
            if words:
                self.findings.append(f"{label or name} [{window.windowTitle()}] {where}: {words} in {text[:90]!r}")

    def sweep(self) -> None:
        for w in QApplication.topLevelWidgets():
            if not w.isVisible() or id(w) in self.read or type(w).__name__ == "QMenu":
                continue
            self.read[id(w)] = w
            self.look(w)
            if isinstance(w, ANSWERED) or self.close_all_new:
                if isinstance(w, QDialog):
                    w.reject()
                else:
                    w.close()

    def new_windows(self, before: set[int]) -> list[QWidget]:
        return [w for w in QApplication.topLevelWidgets() if isValid(w) and w.isVisible() and id(w) not in before
                and type(w).__name__ not in ("QMenu",)]

    def settle(self, seconds: float = 0.12) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            QApplication.processEvents()
            time.sleep(0.01)

    def open(self, trigger, *, explore: bool = True, wait_for: str = "") -> list[QWidget]:
        """Do what opens a window; read what appears, press its buttons (reading what they open), close it.
        `wait_for` names a window made in the background (a preview), waited for before going on."""
        before = {id(w) for w in QApplication.topLevelWidgets() if w.isVisible()}
        trigger()
        self.settle()
        if wait_for:
            self.qtbot.waitUntil(lambda: any(type(w).__name__ == wait_for for w in self.new_windows(before)),
                                 timeout=20000)
            self.settle()
        opened = self.new_windows(before)
        for window in opened:
            if not isValid(window):          # a progress window that came and went
                continue
            self.look(window)
            if explore:
                self.press_buttons(window)
        for window in opened:
            if isValid(window) and window.isVisible():
                window.reject() if isinstance(window, QDialog) else window.close()
        self.settle(0.03)
        return opened

    def press_buttons(self, window: QWidget) -> None:
        """Each of the window's own push buttons (not OK/Cancel) and the toolbar commands that open something
        (打印…, 另存为 PDF…): what they open is read and closed."""
        from PySide6.QtWidgets import QDialogButtonBox, QToolBar

        for bar in window.findChildren(QToolBar):
            for action in list(bar.actions()):
                if isValid(action) and action.text().endswith("…") and action.isEnabled():
                    self._press(action.trigger)
        for button in window.findChildren(QPushButton):
            if (not isValid(button) or not button.isVisible() or not button.isEnabled() or button.text() in NOT_PRESSED
                    or isinstance(button.parent(), QDialogButtonBox)):
                continue
            self._press(button.click)

    def _press(self, press) -> None:
        self.close_all_new = True
        try:
            before = {id(w) for w in QApplication.topLevelWidgets() if w.isVisible()}
            press()
            self.settle(0.08)
            for w in self.new_windows(before):
                if not isValid(w):
                    continue
                self.look(w)
                w.reject() if isinstance(w, QDialog) else w.close()
        finally:
            self.close_all_new = False


def menu_commands(actions: list[QAction]) -> list[QAction]:
    """The commands of the menus, submenus included, in menu order."""
    found = []
    for action in actions:
        if action.menu() is not None:
            found += menu_commands(action.menu().actions())
        elif not action.isSeparator() and action.text():
            found.append(action)
    return found


def station_dialog_classes() -> set[str]:
    """Every dialog and main window class the station app defines in ui/."""
    for info in pkgutil.iter_modules(ui.__path__):
        if f"ui.{info.name}" not in NOT_STATION:
            importlib.import_module(f"ui.{info.name}")

    def below(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from below(sub)
    return {c.__name__ for base in (QDialog, QMainWindow) for c in below(base)
            if c.__module__.startswith("ui.") and c.__module__ not in NOT_STATION}


@pytest.fixture
def chinese_qt(qapp):
    """As the app starts in Chinese: Qt's own translations and the Chinese locale (ui/app.py)."""
    from ui.app import _qt_translations

    installed = _qt_translations(qapp)
    yield
    from PySide6.QtCore import QLocale

    for translator in installed or ():
        qapp.removeTranslator(translator)
    QLocale.setDefault(QLocale.c())


def test_every_window_and_dialog_speaks_chinese(backend, db, qtbot, ui_settings, chinese_qt, monkeypatch):
    from app.access import Actor
    from app.services import accounts
    from ui.login_dialog import FirstAccountDialog, LoginDialog, create_with, login_with
    from ui.main_window import MainWindow, ReportDialog
    from ui.library_dialogs import LibraryEntryDialog, ReferenceDialog
    from ui.mediators_dialog import MediatorsDialog
    from ui.station_dialog import StationDialog

    full = full_case_record(db)
    reported = station_work_record(db)         # places, a screening, a report, a prevented dispute, a red case
    from app.services import screenings

    with db.write.begin() as s:                  # a finding not yet a case
        screenings.add_screening(s, visited_on="2026-11-23", place_id=1, mediator_ids=[1], findings=[
            screenings.FindingDraft("两户因排水沟争执", "02", 2, "yellow")])
    fresh = register(db, title="王五与赵六宅基地纠纷")
    in_mediation = register(db, title="孙七与周八借款纠纷")
    accept(db, in_mediation)
    complete_record(db, in_mediation)
    # settled, a term overdue at the visit and a deposit held: the 回访 tab's unperformed and deposit dialogs
    from datetime import date

    from app.services import agreements, performance
    from tests.app.test_performance import settled_with_first_term_due, visit
    unperformed = settled_with_first_term_due(db, date(2026, 11, 22))
    visit(db, unperformed, date(2026, 11, 23))
    with db.write.begin() as s:
        first = agreements.get_agreement(s, dispute_id=unperformed).terms[0]
        performance.record_deposit(s, term_id=first.id, amount="800", received_on=date(2026, 11, 23), paid_by="李四",
                                   holder="调委会")
    with db.write.begin() as s:
        accounts.add_account(s, name="王调解", role="head", password=CLI_PASSWORD)
    backend.actor = Actor(account_id=1, name="王调解", role="head", mediator_id=1)
    from app.backups import daily_backup

    daily_backup(db.path)                # the backups page lists one, with its size
    walker = Walker(qtbot)

    # before the main window: the first start and the login
    for make in (lambda: StationDialog(backend), lambda: MediatorsDialog(backend, intro="请至少添加一名调解员。"),
                 lambda: LoginDialog(login_with(backend.as_system), ["王调解", "李记录"]),
                 lambda: FirstAccountDialog(create_with(backend.as_system, "head"), "王调解", "设置主任的密码。"),
                 lambda: ReportDialog("未导入", "文件中有 2 处问题。", ["第 3 行：登记日期无法识别"]),
                 # 以案释法: the editor of a typical case and the 参考典型案例 picker (the case window's)
                 lambda: LibraryEntryDialog(backend, full), lambda: ReferenceDialog(backend, full, "", print)):
        dialog = make()
        qtbot.addWidget(dialog)
        walker.open(dialog.show)

    # the mediators dialog's pages (mediators, roster, teams), each with what its buttons open
    from app.services import roster
    with db.write.begin() as s:
        judge = roster.add_roster_member(s, name="吴法官", category="judge", unit="城关人民法庭")
        roster.save_team(s, name="城关诉前调解组", kind="presuit", partner="某某县人民法院",
                         members=(("mediator", 1, "组长"), ("roster", judge.id, "")))
    people = MediatorsDialog(backend)
    qtbot.addWidget(people)
    people.show()
    for index in range(people.tabs.count()):
        people.tabs.setCurrentIndex(index)
        people.team_table.setCurrentCell(0, 0)       # 编辑调解组 opens it; no other row chosen (toggles stay idle)
        walker.settle(0.03)
        walker.look(people, f"mediators dialog, tab {people.tabs.tabText(index)}")
        walker.press_buttons(people)
    people.close()

    # the main window, its two pages and every menu command
    window = MainWindow(backend, ui_settings)
    qtbot.addWidget(window)
    window.show()
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        walker.settle(0.05)
        walker.look(window, f"main window, tab {index}")
    monkeypatch.setattr(window, "close", lambda: None)          # 退出 is read, not done
    for action in menu_commands(window.menuBar().actions()):
        if action.isEnabled() and action is not window.lock_action:     # the lock below, with its unlocking
            walker.open(action.trigger)

    # every page of the one settings dialog (the walk above saw its first)
    from ui.settings_dialog import SettingsDialog

    settings_dialog = SettingsDialog(backend, window)
    qtbot.addWidget(settings_dialog)
    settings_dialog.show()
    for row in range(settings_dialog.pages.count()):
        settings_dialog.pages.setCurrentRow(row)
        walker.settle(0.03)
        walker.look(settings_dialog, f"settings, page {settings_dialog.pages.item(row).text()}")
    settings_dialog.close()

    # 排查与预防: each section's lists and forms, and a finding turned into a case (the form filled in)
    page = window.show_station_work()
    walker.qtbot.waitUntil(lambda: page.screenings.topLevelItemCount() == 2, timeout=5000)
    for index in range(page.tabs.count()):
        page.tabs.setCurrentIndex(index)
        walker.settle(0.03)
        walker.look(page, f"排查与预防, section {page.tabs.tabText(index)}")
        for button in page.tabs.widget(index).findChildren(QPushButton):
            walker.open(button.click)
    page.screenings.setCurrentItem(page.screenings.topLevelItem(0).child(0))
    walker.open(page.case_from_finding, wait_for="DisputeDialog")

    # the lock screen
    walker.open(window.idle_lock.lock, explore=False)
    if window.idle_lock.is_locked:
        window.idle_lock._unlock()

    # a case window at five stages: registered, in mediation (agreement being written), signed and followed up,
    # settled with a term left unperformed, and a red case reported, sent by the court and referred out
    for dispute_id in (fresh, in_mediation, full, unperformed, reported):
        case = window.open_case(dispute_id)
        walker.settle(0.05)
        for index in range(case.tabs.count()):
            case.tabs.setCurrentIndex(index)
            walker.settle(0.03)
            walker.look(case, f"case window {case.windowTitle()}, tab {case.tabs.tabText(index)}")
            tab = case.tabs.widget(index)
            for table in tab.findChildren(QTableWidget):
                if table.rowCount():
                    table.setCurrentCell(0, 0)
            previews = type(tab).__name__ == "DocumentsTab"
            if previews:
                tab.list.setCurrentRow(0)
            for key in list(getattr(tab, "buttons", {})):
                button = tab.buttons.get(key)
                if button is not None and isValid(button) and button.isEnabled():
                    walker.open(button.click, wait_for="PreviewWindow" if previews else "")
        for key in list(case.action_buttons):
            button = case.action_buttons.get(key)        # the row is rebuilt when the case reloads
            if key not in ("close", "delete") and button is not None and isValid(button) and button.isEnabled():
                walker.open(button.click)
        walker.open(case.action_buttons["delete"].click, explore=False)      # asks first; the sweeper says no
        case.close()
        walker.settle(0.03)

    # an item of evidence opened, its photo and its PDF previewed (the captions, the page buttons)
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from tests.ui.test_evidence_window import real_pdf, real_png
    from ui.sessions_tab import SessionsTab

    photo, scan = db.path.parent / "现场照片.png", db.path.parent / "收据.pdf"
    real_png(photo)
    real_pdf(scan)
    case = window.open_case(full)
    tab = next(case.tabs.widget(i) for i in range(case.tabs.count()) if isinstance(case.tabs.widget(i), SessionsTab))
    case.tabs.setCurrentWidget(tab)
    evidence_line = next(tab.others.topLevelItem(i) for i in range(tab.others.topLevelItemCount())
                         if tab.others.topLevelItem(i).text(0).startswith("1."))
    tab.others.setCurrentItem(evidence_line)
    tab.others.setFocus()

    def open_evidence_with_files():
        QTest.keyClick(tab.others, Qt.Key_Return)
        tab._dialog.add_files([photo, scan])
        qtbot.waitUntil(lambda: "收据.pdf" in tab._dialog.preview.caption.text(), timeout=5000)
    walker.open(open_evidence_with_files, explore=False)
    case.close()

    # the calendar of every date input, on a month with holidays and make-up days
    from datetime import datetime

    from ui.date_inputs import DateTimeInput

    field = DateTimeInput(datetime(2026, 10, 1, 9, 0))
    qtbot.addWidget(field)
    field.show()
    walker.open(field.show_calendar, explore=False)

    walker.timer.stop()
    import os
    if os.environ.get("DUMP_CLASSES"):
        open(os.environ["DUMP_CLASSES"], "w").write("\n".join(sorted(walker.classes)))
    if os.environ.get("DUMP_FINDINGS"):
        open(os.environ["DUMP_FINDINGS"], "w").write("\n".join(sorted(set(walker.findings))))
    assert walker.findings == []
    missing = station_dialog_classes() - walker.classes
    assert missing == set(), f"dialogs the walk never opened: {sorted(missing)}"
