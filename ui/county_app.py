"""The county office's window (`mediation-station county --db URL`): stations and whether this week's bundle
is late, import with progress, conflicts side by side, statistics with a chart."""
from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QBrush, QColor, QKeySequence
from PySide6.QtWidgets import (QApplication, QDialog, QFileDialog, QHBoxLayout, QListWidget, QListWidgetItem,
                               QMainWindow, QMessageBox, QPushButton, QSplitter, QTableWidget, QTableWidgetItem,
                               QTabWidget, QVBoxLayout, QWidget)

from app import i18n
from app.i18n import _
from ui.messages import confirm, show_error
from ui.tasks import TaskRunner

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


class CountyWindow(QMainWindow):
    def __init__(self, read, write, title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.read, self.write = read, write
        self.runner = TaskRunner(self)
        self.setWindowTitle(_("Mediation Station — county office") + " — " + title)
        self.stations = QTableWidget(0, 6)
        self.stations.setHorizontalHeaderLabels([_("Code"), _("Committee"), _("Last bundle"), _("Received"),
                                                 _("Pending bundles"), _("Open conflicts")])
        self.stations.setEditTriggers(QTableWidget.NoEditTriggers)
        self.stations.setSelectionBehavior(QTableWidget.SelectRows)
        self.stations.horizontalHeader().setStretchLastSection(True)
        self.conflict_list = QListWidget()
        self.conflict_list.currentItemChanged.connect(self._show_conflict)
        self.differences = QTableWidget(0, 3)
        self.differences.setHorizontalHeaderLabels([_("Field"), _("County's copy"), _("Station's copy")])
        self.differences.setEditTriggers(QTableWidget.NoEditTriggers)
        self.differences.horizontalHeader().setStretchLastSection(True)
        keep = QPushButton(_("Keep the county's copy"))
        keep.clicked.connect(lambda: self._resolve("county"))
        take = QPushButton(_("Take the station's copy"))
        take.clicked.connect(lambda: self._resolve("station"))
        right = QWidget()
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(keep)
        buttons.addWidget(take)
        right_layout = QVBoxLayout(right)
        right_layout.addWidget(self.differences, 1)
        right_layout.addLayout(buttons)
        conflicts = QSplitter()
        conflicts.addWidget(self.conflict_list)
        conflicts.addWidget(right)
        conflicts.setSizes([320, 680])
        from app.services import statistics
        from app.sync import county
        from ui.statistics_view import StatisticsView

        def load(period, by):
            from dataclasses import replace

            with self.read() as s:
                report = statistics.compute(s, period, by=by)
                zero, missing = county.reporting(s, period.start, period.end)
            return replace(report, zero_report=zero, not_reported=missing)

        def ministry(period):
            from app.services import ministry_report

            with self.read() as s:
                return ministry_report.compute_county(s, period, unit=county.identity(s).name)

        self.statistics = StatisticsView(self.runner, load, by_station=True, ministry=ministry)
        self.trail = QTableWidget(0, 4)       # what the stations' audit chains showed: alarms in red, restores
        self.trail.setHorizontalHeaderLabels([_("Code"), _("Bundle"), _("Found on"), _("What the county found")])
        self.trail.setEditTriggers(QTableWidget.NoEditTriggers)
        self.trail.setWordWrap(True)
        self.trail.horizontalHeader().setStretchLastSection(True)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.stations, _("Committees"))
        self.tabs.addTab(conflicts, _("Conflicts"))
        self.tabs.addTab(self.statistics, _("Statistics"))
        self.tabs.addTab(self.trail, _("Audit trails"))
        self.setCentralWidget(self.tabs)
        self._menus()
        self.resize(1100, 680)
        self.refresh()

    def _menus(self) -> None:
        menu = self.menuBar().addMenu(_("&File"))
        for text, slot, key in ((_("Import bundles…"), self.choose_bundles, "Ctrl+I"),
                                (_("Enrol a committee…"), self.enrol, None),
                                (_("Write the county key…"), self.export_key, None),
                                (_("Revoke the selected committee…"), self.revoke, None),
                                (_("Reinstate the selected committee…"), self.reinstate, None),
                                (_("Refresh"), self.refresh, QKeySequence.Refresh),
                                (_("Quit"), self.close, QKeySequence.Quit)):
            action = QAction(text, self)
            action.triggered.connect(slot)
            if key is not None:
                action.setShortcut(QKeySequence(key))
            menu.addAction(action)

    def refresh(self) -> None:
        from app.sync import audit_anchor, conflicts, county

        with self.read() as s:
            states = county.overview(s)
            found = conflicts.open_conflicts(s)
            trail = audit_anchor.events(s)
        self.stations.setRowCount(len(states))
        for i, st in enumerate(states):
            received = i18n.format_datetime(st.last_received_at) if st.last_received_at else _("never")
            values = [st.code, st.name + (_(" (revoked)") if st.revoked else ""), str(st.applied_no or "—"),
                      received, str(st.pending), str(st.open_conflicts)]
            for j, v in enumerate(values):
                item = QTableWidgetItem(v)
                if st.late:
                    item.setForeground(QBrush(QColor("#b03a2e")))
                    item.setToolTip(_("No bundle in the last 7 days: this week's is late."))
                self.stations.setItem(i, j, item)
        self.stations.resizeColumnsToContents()
        self.conflict_list.clear()
        self.conflict_views = {c.id: c for c in found}
        for c in found:
            item = QListWidgetItem(_("#{id} {code} · {table} · revision {revision}").format(
                id=c.id, code=c.station_code, table=c.table, revision=c.revision))
            item.setData(Qt.UserRole, c.id)
            self.conflict_list.addItem(item)
        self.tabs.setTabText(1, _("Conflicts ({n})").format(n=len(found)))
        self._show_trail(trail)
        late = sum(1 for st in states if st.late)
        self.statusBar().showMessage(_("{n} committees, {late} late this week.").format(n=len(states), late=late))

    def _show_trail(self, events) -> None:
        self.trail.setRowCount(len(events))
        for i, e in enumerate(events):
            values = [e.station_code, str(e.bundle_number), i18n.format_datetime(e.detected_at), e.text]
            for j, v in enumerate(values):
                item = QTableWidgetItem(v)
                if e.alarm:
                    item.setForeground(QBrush(QColor("#b03a2e")))
                self.trail.setItem(i, j, item)
        self.trail.resizeColumnsToContents()
        self.trail.resizeRowsToContents()
        alarms = sum(1 for e in events if e.alarm)
        self.tabs.setTabText(3, _("Audit trails ({n} alarms)").format(n=alarms) if alarms else _("Audit trails"))

    def _show_conflict(self, item, _previous=None) -> None:
        self.differences.setRowCount(0)
        if item is None:
            return
        view = self.conflict_views[item.data(Qt.UserRole)]
        self.differences.setRowCount(len(view.differences))
        for i, d in enumerate(view.differences):
            for j, v in enumerate((d.column, d.county, d.station)):
                self.differences.setItem(i, j, QTableWidgetItem(v))

    def _resolve(self, take: str) -> None:
        from app.sync.conflicts import resolve

        item = self.conflict_list.currentItem()
        if item is not None:
            uid = item.data(Qt.UserRole)
            self._write(lambda s: resolve(s, uid, take=take))

    def _write(self, fn: Callable[[Session], object], *, on_error: Callable[[Exception], None] | None = None,
               label: str | None = None) -> None:
        """A change on the database worker, never on the window's thread; the tables are read again after it,
        and an error is shown in the user's language (or handed to on_error)."""
        def job():
            with self.write.begin() as s:
                return fn(s)

        def failed(exc: Exception) -> None:
            (on_error or (lambda e: show_error(self, e)))(exc)
            self.refresh()

        self.runner.submit_db(job, lambda _result: self.refresh(), failed, label=label, parent=self)

    def choose_bundles(self) -> None:
        paths, _f = QFileDialog.getOpenFileNames(self, _("Bundles from the committees"), str(Path.home()),
                                                 _("Bundles (*.msb)"))
        if paths:
            self.import_bundles([Path(p) for p in paths])

    def import_bundles(self, paths: list[Path]) -> None:
        from app.sync.county_import import import_bundles

        def job(progress, is_cancelled):
            return import_bundles(self.write, paths, progress=progress)

        self.runner.submit_db(job, self._imported, lambda e: show_error(self, e),
                              label=_("Importing {n} bundles…").format(n=len(paths)), parent=self, cancellable=True)

    def _imported(self, reports) -> None:
        self.refresh()
        lines = [f"{r.file.name}: {r.message}" + (f"\n{r.chain}" if r.chain else "") for r in reports]
        box = QMessageBox.warning if any(r.refused or r.chain_alarm for r in reports) else QMessageBox.information
        box(self, _("Import finished"), "\n\n".join(lines))

    def enrol(self) -> None:
        from app.sync import county

        path, _f = QFileDialog.getOpenFileName(self, _("A committee's enrolment file"), str(Path.home()),
                                               "JSON (*.json)")
        if not path:
            return
        def keys_differ(exc: Exception) -> None:
            if not isinstance(exc, county.KeysDiffer):    # a new PC at the station, or somebody else's keys
                show_error(self, exc)
            elif confirm(self, _("Replace the keys?"), str(exc) + "\n\n" + _(
                    "Replace the enrolled keys by the ones in this file? The old key's fingerprint is kept on the "
                    "audit trail.")):
                self._write(lambda s: county.enrol(s, Path(path), replace=True))

        self._write(lambda s: county.enrol(s, Path(path)), on_error=keys_differ)

    def export_key(self) -> None:
        from app.files import write_atomically
        from app.sync import county

        path, _f = QFileDialog.getSaveFileName(self, _("The county key for the committees"), "县级公钥.json",
                                               "JSON (*.json)")
        if path:
            def job() -> None:
                with self.read() as s:
                    write_atomically(county.key_file(s), Path(path))

            self.runner.submit_db(job, lambda _result: None, lambda e: show_error(self, e), parent=self)

    def _selected_code(self, title: str) -> str | None:
        row = self.stations.currentRow()
        if row < 0:
            QMessageBox.information(self, title, _("Select a committee first."))
            return None
        return self.stations.item(row, 0).text()

    def reinstate(self) -> None:
        from app.sync import county

        code = self._selected_code(_("Reinstate"))
        if code is None or not confirm(self, _("Reinstate"), _(
                "Accept the bundles of committee {code} again, signed with the key enrolled now?").format(code=code)):
            return
        self._write(lambda s: county.reinstate(s, code))

    def revoke(self) -> None:
        from app.sync import county

        code = self._selected_code(_("Revoke"))
        if code is None:
            return
        if not confirm(self, _("Revoke"), _("Refuse every bundle of committee {code} from now on, until it is "
                                            "reinstated?").format(code=code)):
            return
        self._write(lambda s: county.revoke(s, code))


def county_login(write):
    """The 县级审核员 logs in; the first start of a county database sets up the first reviewer."""
    from app.access import SYSTEM, perform
    from app.services import accounts
    from ui.backend import Pending
    from ui.login_dialog import FirstAccountDialog, LoginDialog, create_with, login_with

    runner = TaskRunner()

    def as_system(fn) -> Pending:       # on a worker thread: the password check must not freeze the form
        pending = Pending()
        runner.submit_db(lambda: perform(write, SYSTEM, fn), pending.succeed, pending.fail)
        return pending
    with write() as s:
        names = [a.name for a in accounts.list_accounts(s) if not a.disabled]
    if names:
        dialog = LoginDialog(login_with(as_system), names)
    else:
        dialog = FirstAccountDialog(create_with(as_system, "reviewer"), "", _(
            "The county database has no account yet. Set up the first county reviewer (县级审核员); add others "
            "with `mediation-station users add --role reviewer`."))
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    runner.wait()
    return dialog.actor if accepted else None


def open_keys(read, write, parent: QWidget | None = None) -> bool:
    """The county's keys opened with the passphrase (sealed under a new one if still in plain); False if the user
    gave up."""
    from app.sync import county_secrets
    from ui.passphrase_dialog import PassphraseDialog

    found = county_secrets.state(read)
    if found == county_secrets.OPEN:
        return True
    dialog = PassphraseDialog(lambda text: county_secrets.unlock(write, text), new=found == county_secrets.PLAIN,
                              parent=parent)
    return dialog.exec() == QDialog.DialogCode.Accepted


def main(read, write, db: str | None = None) -> int:
    from app.paths import log_file
    from app.sync import county
    from ui import crash_guard
    from ui.app import _qt_translations
    from ui.app_icon import COUNTY_DESKTOP, brand
    from ui.cjk_fonts import ensure_cjk_fonts

    crash_guard.start_logging(log_file(db))
    crash_guard.install()
    app = QApplication.instance() or QApplication(sys.argv)
    brand(app, COUNTY_DESKTOP)
    ensure_cjk_fonts()
    _qt_translations(app)
    with read() as s:
        name = county.identity(s).name
    if not open_keys(read, write):
        return 0
    actor = county_login(write)
    if actor is None:
        return 0
    write.configure(info={"actor": actor})     # every county write is the reviewer's, on the audit trail
    window = CountyWindow(read, write, name)
    window.show()
    return app.exec()
