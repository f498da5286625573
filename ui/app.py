"""Starting the GUI: the database, the first-start questions, then the main window."""
from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import ui.qt_compat  # noqa: F401  (first: protects None from a PySide6 6.12 refcount bug on Python 3.11)
from PySide6.QtCore import QLibraryInfo, QLocale, QTimer, QTranslator
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from app import i18n
from app.i18n import _
from app.paths import log_file
from app.services import lookups
from db.connection import schema_is_current
from ui import crash_guard
from ui.app_icon import brand
from ui.cjk_fonts import ensure_cjk_fonts
from ui.backend import Backend
from ui.gc_guard import GuiThreadCollector
from ui.events import AppEvents
from ui.tasks import TaskRunner

# For the start-up benchmark: quit as soon as the first page of the register is on screen.
EXIT_AFTER_SHOW = "MEDIATION_STATION_EXIT_AFTER_SHOW"
LAUNCHED_ENV = "MEDIATION_STATION_LAUNCHED"


def launch_figures() -> str:
    """Seconds since the process was launched (the launcher puts its time.monotonic(), a clock all processes of
    the machine share, in LAUNCHED_ENV) and CPU seconds of all its threads so far: what bench/startup.py
    compares with a bare window's, up to the first page."""
    launched = os.environ.get(LAUNCHED_ENV)
    since = time.monotonic() - float(launched) if launched else float("nan")
    return f"launch figures: wall {since:.4f} s, cpu {time.process_time():.4f} s"


def _qt_translations(app: QApplication) -> list[QTranslator]:
    """Qt's own wording in Chinese (dialog buttons, the file dialog, the print dialog): qtbase_zh_CN.qm, which
    PySide6 ships in its translations folder, plus the few strings it lacks (ui/qt_zh.py); and the Chinese
    locale for month and day names. Returns the translators installed."""
    if not i18n.is_chinese():
        return []
    chinese = QLocale(QLocale.Language.Chinese, QLocale.Country.China)
    QLocale.setDefault(chinese)
    installed: list[QTranslator] = []
    translator = QTranslator(app)
    if translator.load(chinese, "qtbase", "_", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        installed.append(translator)
    from ui.qt_zh import MissingQtWording

    installed.append(MissingQtWording(app))      # installed last, so asked first; it knows only what qtbase lacks
    for t in installed:
        app.installTranslator(t)
    return installed


def make_backend(db_path: Path) -> Backend:
    """A Backend on a database at the current schema; migrations (and SQLAlchemy) only when it is not."""
    if not schema_is_current(db_path):
        from app.database import open_database

        open_database(db_path)[0].dispose()
    return Backend(db_path, TaskRunner(), AppEvents())


def ensure_ready(backend: Backend) -> bool:
    """First start: ask for the station, then (after a headless init) for a first mediator."""
    if backend.query(lookups.station) is None:
        from ui.station_dialog import StationDialog

        if StationDialog(backend).exec() != StationDialog.Accepted:
            return False
    while not backend.query(lookups.mediators):
        from ui.mediators_dialog import MediatorsDialog

        MediatorsDialog(backend, intro=_("Add at least one mediator to start working.")).exec()
        if not backend.query(lookups.mediators) and QMessageBox.question(
                None, _("No mediator"), _("The app needs at least one mediator. Quit?")) == QMessageBox.Yes:
            return False
    return True


def log_in(backend: Backend) -> bool:
    """Who is working: the first start of a database without accounts sets up the 主任's first."""
    from ui.login_dialog import FirstAccountDialog, LoginDialog, create_with, login_with

    names = backend.query(lookups.account_names)
    # SQLAlchemy (checking the password needs it) loads on the DB worker while the person types
    backend.runner.submit_db(backend.session_factories, lambda _r: None, lambda _e: None, background=True)
    if not names:
        heads = [m.name for m in backend.query(lookups.mediators) if m.role == "head"]
        dialog = FirstAccountDialog(create_with(backend.as_system, "head"), heads[0] if heads else "", _(
            "Everyone logs in from now on. Set the password of the head of the station (主任), who then adds the "
            "other mediators' accounts under Settings → Accounts."))
    else:
        dialog = LoginDialog(login_with(backend.as_system), names)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    backend.log_in(dialog.actor)
    return True


def open_backend(db_path: Path) -> Backend | None:
    """The Backend, or None after telling why not; a damaged file gets the offer of its latest good backup."""
    from ui.messages import describe

    try:
        return make_backend(db_path)
    except Exception as exc:
        from app.backups import quick_check
        from app.errors import MediationError

        # Our own refusals (newer version, read-only folder, a migration put back) are not damage.
        problem = quick_check(db_path) if db_path.exists() and not isinstance(exc, MediationError) else "ok"
        if problem != "ok":
            from ui.start_checks import offer_restore

            offer_restore(None, Backend(db_path, TaskRunner(), AppEvents()), problem)
        else:
            QMessageBox.critical(None, _("Cannot open the database"), _("{path}: {error}").format(
                path=db_path, error=describe(exc)))
        return None


def main(db_path: Path) -> int:
    started = time.perf_counter()
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("MediationStation")
    app.setApplicationDisplayName(_("Mediation Station (调解工作站)"))
    brand(app)
    ensure_cjk_fonts()
    collector = GuiThreadCollector(app)  # noqa: F841  (lives as long as the app)
    crash_guard.start_logging(log_file(db_path))
    crash_guard.install()
    _qt_translations(app)
    from app.instance_lock import AlreadyOpen, InstanceLock

    try:
        lock = InstanceLock(db_path).acquire()      # held until the process ends
    except AlreadyOpen as exc:
        QMessageBox.warning(None, _("Already open"), str(exc))
        return 1
    backend = open_backend(db_path)
    if backend is None or not ensure_ready(backend):
        return 1 if backend is None else 0
    # The start-up benchmark measures the register's first page; the login form would wait for a person.
    if not os.environ.get(EXIT_AFTER_SHOW) and not log_in(backend):
        return 0
    from ui import start_checks
    from ui.main_window import MainWindow

    window = MainWindow(backend, start_up=True)
    window.show()
    QTimer.singleShot(200, backend.warm_up)
    if not os.environ.get(EXIT_AFTER_SHOW):
        QTimer.singleShot(1500, lambda: start_checks.run(window, backend))
    if os.environ.get(EXIT_AFTER_SHOW):
        def done() -> None:
            print(f"first page shown after {time.perf_counter() - started:.3f}s "
                  f"({window.page.model.rowCount()} rows)", flush=True)
            print(launch_figures(), flush=True)      # for bench/startup.py
            app.quit()
        QTimer.singleShot(0, done)
    code = app.exec()
    while window.switch_requested:           # 切换用户: the window closed for the next one to log in
        backend.runner.wait()
        window.idle_lock.set_interval(0)
        window.deleteLater()
        backend.log_out()
        if not log_in(backend):
            break
        window = MainWindow(backend)
        window.show()
        code = app.exec()
    backend.runner.wait()
    lock.release()
    return code
