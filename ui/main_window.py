"""The main window: menus, toolbar, the register page; opens case windows and runs long jobs."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (QApplication, QDialog, QDialogButtonBox, QFileDialog, QInputDialog, QLabel,
                               QMainWindow, QMessageBox, QPlainTextEdit, QSizePolicy, QTabWidget, QToolBar,
                               QVBoxLayout, QWidget)

from shiboken6 import isValid
from app import access
from app.errors import Cancelled
from app.i18n import N_, _
from app.services import lookups
from app import clock
from ui.agenda_page import AgendaPage
from ui.agenda_source import AgendaSource
from ui.backend import Backend
from ui.idle_lock import IdleLock
from ui.screen_fit import resize_within_screen
from ui.messages import show_error
from ui.register_page import RegisterPage
from ui.settings import UiSettings

# At start-up the app-wide event filters begin this long after the window shows (see MainWindow.__init__).
WATCH_AFTER_MS = 300

# The dialogs below the register need SQLAlchemy (~0.4 s to import): they are imported when first opened,
# so that the window and the first page of the register show at once.


# 工作日志, 月度工作报告, 典型案例库: (menu text, module, dialog class), each opened with (backend, parent).
WORK_DIALOGS = ((N_("Work log…"), "ui.work_dialogs", "WorkLogDialog"),
                (N_("Monthly work report…"), "ui.work_dialogs", "MonthlyReportDialog"),
                (N_("Case library (以案释法)…"), "ui.library_dialogs", "LibraryDialog"))

class MainWindow(QMainWindow):
    def __init__(self, backend: Backend, settings: UiSettings | None = None, parent: QWidget | None = None, *,
                 start_up: bool = False):
        """start_up: the app's start (ui/app.py), where what can wait comes after the window shows."""
        super().__init__(parent)
        self.backend, self.settings = backend, settings or UiSettings()
        self.case_windows: dict[int, QDialog] = {}
        station = backend.query(lookups.station)
        self.setWindowTitle(_("Mediation Station (调解工作站)") + " — " + station.name)
        self.station_code = station.code
        self.agenda_source = AgendaSource(backend)
        if start_up:            # the window shows first, the agenda and the register's colours follow
            self.agenda_source.load_after_show(self._agenda_loaded)
        self.page = RegisterPage(backend, self.agenda_source, self)
        self.page.case_activated.connect(self.open_case)
        self.agenda = AgendaPage(backend, self.agenda_source, self)
        self.agenda.case_activated.connect(self.open_case)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.agenda, _("Agenda (今日待办)"))
        self.tabs.addTab(self.page, _("Register (台账)"))
        self.station_work = None           # 排查与预防: built when first shown (it reads on the DB worker)
        self.station_work_holder = QWidget()
        QVBoxLayout(self.station_work_holder).setContentsMargins(0, 0, 0, 0)
        self.tabs.addTab(self.station_work_holder, _("Screening and prevention (排查与预防)"))
        self.tabs.currentChanged.connect(self._tab_shown)
        self.setCentralWidget(self.tabs)
        self.idle_lock = IdleLock(backend, int(backend.query(lambda db: lookups.setting(
            db, "security.idle_minutes"))), self, watching=False)
        self._build_actions()
        self._build_toolbar()
        self._build_menus()
        # Watching the app's events from Python costs every event a call (and the first sight of each kind of
        # object converting it): at start-up, the window's first layout and paint go unwatched.
        if start_up:
            QTimer.singleShot(WATCH_AFTER_MS, self, self._watch_events)
        else:
            self._watch_events()
        self.status_label = QLabel()
        self.statusBar().addPermanentWidget(self.status_label)
        self.status_label.setText(_("Station {name} · {county}").format(name=station.name, county=station.county))
        geometry = self.settings.geometry()
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1280, 760)
        self.sync_reminder = QLabel()
        self.sync_reminder.setStyleSheet("color: #b03a2e;")
        self.statusBar().addWidget(self.sync_reminder)
        self._writing = False
        backend.events.writing.connect(self._show_writing)
        backend.events.settings_changed.connect(self._settings_changed)
        self.page.refresh()
        self.check_sync_due()

    # --- building ----------------------------------------------------------------------------------
    def _action(self, text: str, slot, shortcut=None) -> QAction:
        action = QAction(text, self)
        action.triggered.connect(slot)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        return action

    def _build_actions(self) -> None:
        self.new_action = self._action(_("New registration"), self.new_case, QKeySequence.New)
        self.quick_action = self._action(_("On-the-spot settlement"), self.quick_settle, "Ctrl+Shift+N")
        self.open_action = self._action(_("Open case"), self.open_selected, "Ctrl+O")
        self.import_action = self._action(_("Import register…"), self.import_register, "Ctrl+I")
        self.batch_print_action = self._action(_("Print agreements of the selected cases…"), self.print_agreements,
                                               "Ctrl+Shift+P")
        self.sync_action = self._action(_("Send to the county…"), self.open_sync, "Ctrl+E")
        self.statistics_action = self._action(_("Statistics…"), self.open_statistics, "Ctrl+Shift+S")
        self.settings_action = self._action(_("Settings…"), self.edit_settings, "Ctrl+,")
        self.work_actions = [self._action(_(text), lambda _c=False, m=module, c=cls: self._open_dialog(m, c))
                             for text, module, cls in WORK_DIALOGS]
        self.demo_action = self._action(_("Generate demo data…"), self.generate_demo)
        # F1 from any window of the app, modal forms included: the guide opens at that form's part.
        self.guide_action = self._action(_("User guide"), self.open_guide, QKeySequence.HelpContents)
        self.guide_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.shortcuts_action = self._action(_("Keyboard shortcuts"), lambda: self.show_help("shortcuts"))
        self.mediators_action = self._action(_("Mediators…"), self.edit_mediators)
        self.committee_action = self._action(_("The committee…"), self.edit_committee)
        self.places_action = self._action(_("Villages, communities and grids…"), self.edit_places)
        self.find_action = self._action(_("Find"), self.find, QKeySequence.Find)
        self.refresh_action = self._action(_("Refresh"), self.refresh, QKeySequence.Refresh)
        self.quit_action = self._action(_("Quit"), self.close, QKeySequence.Quit)
        self.lock_action = self._action(_("Lock screen"), lambda: self.idle_lock.lock(by_hand=True), "Ctrl+L")
        self.switch_action = self._action(_("Switch user…"), self.switch_user, "Ctrl+Shift+L")
        self.switch_requested = False
        self.accounts_action = self._action(_("Accounts…"), self.edit_accounts)
        self.backups_action = self._action(_("Backups and restore…"), self.open_backups)
        is_head = access.may(self.backend.actor, "settings")
        # 设置 opens for everyone (the language and fonts are this computer's); its station pages are the 主任's.
        for action in (self.accounts_action, self.mediators_action, self.committee_action, self.places_action,
                       self.import_action):
            action.setEnabled(is_head)   # the services refuse anyway; greyed out says so before the click
        self.undo_action = self.backend.undo_stack.createUndoAction(self, _("Undo"))
        self.undo_action.setShortcut(QKeySequence.Undo)
        self.redo_action = self.backend.undo_stack.createRedoAction(self, _("Redo"))
        self.redo_action.setShortcut(QKeySequence.Redo)

    def _build_toolbar(self) -> None:
        bar = QToolBar(_("Main"), self)
        bar.setObjectName("main-toolbar")
        bar.setMovable(False)
        bar.setToolButtonStyle(Qt.ToolButtonTextOnly)
        for action in (self.new_action, self.quick_action, self.open_action, self.import_action,
                       self.refresh_action):
            bar.addAction(action)
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, spacer.sizePolicy().verticalPolicy())
        bar.addWidget(spacer)
        actor = self.backend.actor
        self.user_label = QLabel(_("Logged in: {name} ({role})").format(name=actor.name, role=actor.role_label)
                                 + "  ")
        bar.addWidget(self.user_label)
        bar.addAction(self.lock_action)
        self.addToolBar(bar)

    def _build_menus(self) -> None:
        menu = self.menuBar()
        file_menu = menu.addMenu(_("&File"))
        for a in (self.new_action, self.quick_action, self.open_action, self.import_action):
            file_menu.addAction(a)
        file_menu.addSeparator()
        file_menu.addAction(self.batch_print_action)
        file_menu.addSeparator()
        file_menu.addAction(self.sync_action)
        file_menu.addAction(self.statistics_action)
        file_menu.addActions(self.work_actions)
        file_menu.addSeparator()
        file_menu.addAction(self.lock_action)
        file_menu.addAction(self.switch_action)
        file_menu.addAction(self.quit_action)
        edit_menu = menu.addMenu(_("&Edit"))
        for a in (self.undo_action, self.redo_action, self.find_action, self.refresh_action):
            edit_menu.addAction(a)
        settings_menu = menu.addMenu(_("&Settings"))
        settings_menu.addAction(self.settings_action)
        settings_menu.addSeparator()
        settings_menu.addAction(self.committee_action)
        settings_menu.addAction(self.accounts_action)
        settings_menu.addAction(self.mediators_action)
        settings_menu.addAction(self.backups_action)
        settings_menu.addAction(self.places_action)
        help_menu = menu.addMenu(_("&Help"))
        help_menu.addAction(self.guide_action)
        help_menu.addAction(self.shortcuts_action)
        help_menu.addSeparator()
        help_menu.addAction(self.demo_action)
        # 关于 (ui/about_dialog.py) goes last in this menu, after a separator.
        self.help_menu = help_menu
        help_menu.addSeparator()
        from ui.about_dialog import add_about
        add_about(help_menu, self)

    def _watch_events(self) -> None:
        """The app-wide event filters: the idle lock's, and F1 on modal forms."""
        from ui.help_window import F1Key          # no SQLAlchemy behind it: cheap at start

        self.idle_lock.watch()
        QApplication.instance().installEventFilter(F1Key(self.show_help, self))

    def _agenda_loaded(self) -> None:
        if isValid(self):
            self.agenda.refresh()
            self.page.refresh()

    # --- actions -------------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Read everything again: the agenda too, which is otherwise kept until this window changes a case (a
        change made elsewhere, by the command line or another window, shows only after this)."""
        if self.agenda_source.loading:
            return
        self.agenda_source.invalidate()
        self.agenda.refresh()
        self.page.refresh()

    def new_case(self) -> None:
        from ui.dispute_dialog import DisputeDialog

        dialog = DisputeDialog(self.backend, self)
        dialog.setModal(True)
        dialog.accepted.connect(lambda: dialog.saved and self.statusBar().showMessage(
            _("Registered: {title}").format(title=dialog.saved.title), 5000))
        dialog.open()
        self._dialog = dialog

    def quick_settle(self) -> None:
        from ui.quick_settle_dialog import QuickSettleDialog

        dialog = QuickSettleDialog(self.backend, self)
        dialog.setModal(True)
        dialog.open()
        self._dialog = dialog

    def find(self) -> None:
        self.tabs.setCurrentWidget(self.page)
        self.page.focus_search()

    def open_selected(self) -> None:
        dispute_id = self.page.selected_id()
        if dispute_id is not None:
            self.open_case(dispute_id)

    def open_case(self, dispute_id: int) -> QDialog:
        from ui.case_dialog import CaseDialog

        window = self.case_windows.get(dispute_id)
        if window is None:
            window = CaseDialog(self.backend, dispute_id, self)
            window.destroyed.connect(lambda *_a, i=dispute_id: self.case_windows.pop(i, None))
            self.case_windows[dispute_id] = window
        window.show()
        window.raise_()
        window.activateWindow()
        return window

    def import_register(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, _("Import the station's register"), str(Path.home()),
                                                    _("Registers (*.xlsx *.csv)"))
        if path:
            self.run_import(Path(path))

    def run_import(self, path: Path) -> None:
        from app.services import importer

        operator = self.backend.operator_id
        self.backend.write(lambda s, progress, is_cancelled: importer.import_register(
            s, path=path, by=operator, progress=progress, is_cancelled=is_cancelled), self._imported,
            self._job_failed,
            label=_("Importing {name}…").format(name=path.name), parent=self, cancellable=True)

    def _imported(self, report) -> None:
        if report.errors:
            ReportDialog(_("Nothing was imported"), _("Nothing was imported: {n} problems in the file; correct "
                                                      "them and import again.").format(n=len(report.errors)),
                         [str(e) for e in report.errors], self).open()
            return
        self.backend.events.cases_changed.emit([])
        QMessageBox.information(self, _("Import finished"), _("Imported {new} cases; {old} were already "
                                                              "present.").format(new=report.imported,
                                                                                 old=report.already_present))

    def open_guide(self) -> None:
        """F1 or 帮助 → 用户指南: the part of the guide for the form being worked in."""
        from ui.help_window import help_for_active_window

        self.show_help(help_for_active_window())

    def show_help(self, topic: str) -> None:
        from ui.help_window import HelpWindow

        # Over a modal form the guide belongs to that form, else the form would block it.
        owner = QApplication.activeModalWidget() or self
        window = getattr(self, "help_window", None)
        if window is None or not isValid(window) or window.parentWidget() is not owner:
            window = self.help_window = HelpWindow(self.findChildren(QAction), owner)
        window.show_topic(topic)

    def generate_demo(self) -> None:
        count, ok = QInputDialog.getInt(self, _("Demo data"), _("How many synthetic cases?"), 500, 1, 200000)
        if ok:
            self.run_demo(count)

    def run_demo(self, count: int) -> None:
        from app.services import demo

        self.backend.write(lambda s, progress, is_cancelled: demo.generate(
            s, cases=count, progress=progress, is_cancelled=is_cancelled),
            lambda _r: self.backend.events.cases_changed.emit([]), self._job_failed,
            label=_("Generating {n} demo cases…").format(n=count), parent=self, cancellable=True)

    def _job_failed(self, exc: Exception) -> None:
        if isinstance(exc, Cancelled):
            self.statusBar().showMessage(str(exc), 5000)
        else:
            show_error(self, exc)

    def print_agreements(self) -> None:
        ids = self.page.selected_ids()
        if not ids:
            QMessageBox.information(self, _("Print agreements"), _(
                "Select the cases in the register first (Ctrl or Shift and click for several)."))
            return
        from ui import print_flow

        print_flow.preview_agreements(self, self.backend, ids)

    def check_sync_due(self) -> None:
        """The weekly reminder: shown in the status bar until this week's bundle is written."""

        due = self.backend.query(lambda db: lookups.sync_due(db, clock.today()))
        if not due:
            self.sync_reminder.setText("")
            return
        from app import sync_keys      # only when due: finding the key's file loads pathvalidate

        if sync_keys.county_keys(self.station_code) is None:   # nothing can be sent before the keys are exchanged
            self.sync_reminder.setText(_("Not linked to the county yet: the head of station writes the enrolment "
                                         "file and imports the county's key, in File → Send to the county (Ctrl+E)."))
        else:
            self.sync_reminder.setText(_("A week or more since the last bundle: File → Send to the county (Ctrl+E)."))

    def open_sync(self) -> None:
        from ui.sync_dialog import SyncDialog

        dialog = SyncDialog(self.backend, self)
        dialog.finished.connect(lambda _r: self.check_sync_due())
        dialog.open()

    def open_statistics(self) -> None:
        from app.services import ministry_report, statistics
        from app.services.stations import get_station
        from ui.statistics_view import StatisticsView

        dialog = QDialog(self)
        dialog.setWindowTitle(_("Statistics"))
        resize_within_screen(dialog, 1000, 620)
        view = StatisticsView(self.backend.runner, lambda period, by: self.backend.read(
            lambda s: statistics.compute(s, period, by=by)), by_station=False, parent=dialog,
            ministry=lambda period: self.backend.read(lambda s: ministry_report.compute(
                s, period, unit=get_station(s).name)))
        QVBoxLayout(dialog).addWidget(view)
        dialog.open()
        view.refresh()

    def _open_dialog(self, module: str, cls: str) -> None:
        import importlib

        dialog = getattr(importlib.import_module(module), cls)(self.backend, self)
        dialog.open()
        self._work_dialog = dialog

    def edit_settings(self, page: int = 0) -> None:
        from ui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.backend, self, page=page)
        dialog.open()
        self._settings_dialog = dialog

    def _settings_changed(self, saved) -> None:
        self.idle_lock.set_interval(saved.idle_minutes * 60_000)

    def _show_writing(self, busy: bool) -> None:
        """The busy indicator of every write (ui/backend.py): a busy cursor and a word in the status bar."""
        if busy and not self._writing:
            QApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
            self.statusBar().showMessage(_("Saving…"))
        elif not busy and self._writing:
            QApplication.restoreOverrideCursor()
            self.statusBar().clearMessage()
        self._writing = busy

    def _tab_shown(self, index: int) -> None:
        if self.tabs.widget(index) is self.station_work_holder:
            self.show_station_work()

    def show_station_work(self):
        """The 排查与预防 page (made on first use: the window opens without it)."""
        if self.station_work is None:
            from ui.station_work_page import StationWorkPage

            self.station_work = StationWorkPage(self.backend, self.station_work_holder)
            self.station_work.case_activated.connect(self.open_case)
            self.station_work_holder.layout().addWidget(self.station_work)
        self.tabs.setCurrentWidget(self.station_work_holder)
        return self.station_work

    def edit_places(self) -> None:
        from ui.places_dialog import PlacesDialog

        dialog = PlacesDialog(self.backend, self)
        dialog.open()
        self._places_dialog = dialog

    def edit_mediators(self) -> None:
        from ui.mediators_dialog import MediatorsDialog

        MediatorsDialog(self.backend, self).open()

    def edit_committee(self) -> None:
        from ui.committee_dialog import CommitteeDialog

        dialog = CommitteeDialog(self.backend, self)
        dialog.open()
        self._committee_dialog = dialog

    def edit_accounts(self) -> None:
        from ui.accounts_dialog import AccountsDialog

        AccountsDialog(self.backend, self).open()

    def open_backups(self) -> None:
        from ui.backup_dialog import BackupDialog

        BackupDialog(self.backend, self).open()

    def switch_user(self) -> None:
        """Close this window for another user to log in (ui/app.py opens the next one): only with no other window
        open, so that nobody leaves half-filled forms behind for the next user to see or lose."""
        others = [w for w in QApplication.topLevelWidgets() if w.isVisible() and w.isWindow() and w is not self]
        if others:
            QMessageBox.information(self, _("Switch user"), _(
                "Save or close the open windows first ({titles}); then switch user.").format(
                titles="、".join(w.windowTitle() or "?" for w in others)))
            return
        self.switch_requested = True
        if not self.close():
            self.switch_requested = False

    def closeEvent(self, event) -> None:
        if self.backend.runner.busy and QMessageBox.question(
                self, _("Work in progress"), _("A job is still running. Wait for it to finish before closing?"),
                QMessageBox.Yes | QMessageBox.No, QMessageBox.Yes) == QMessageBox.Yes:
            self.backend.runner.wait()
        self.settings.set_geometry(self.saveGeometry())
        self.backend.close()
        super().closeEvent(event)


class ReportDialog(QDialog):
    """A message with a list the user can read and copy (e.g. every bad row of an import)."""

    def __init__(self, title: str, text: str, lines: list[str], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(640, 420)
        self.lines = QPlainTextEdit("\n".join(lines), readOnly=True)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(text, wordWrap=True))
        layout.addWidget(self.lines, 1)
        layout.addWidget(buttons)
