"""What the app checks once the window shows, off the GUI thread: the database's integrity (with the offer to
restore the latest good backup), the day's backup, the audit chain, and whether the data folder sits on a
removable disk."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from app.i18n import _
from ui.backend import Backend


@dataclass(frozen=True)
class FileHealth:
    integrity: str              # "ok" or SQLite's words
    removable: bool
    backup: Path | None         # today's backup, when this start made it


def file_health(database: Path) -> FileHealth:
    from app.backups import daily_backup, quick_check
    from app.removable import is_removable

    integrity = quick_check(database)
    made = daily_backup(database) if integrity == "ok" else None   # never rotate good copies out for a bad one
    return FileHealth(integrity, is_removable(database.parent), made and made.path)


def run(window: QWidget, backend: Backend) -> None:
    from app import audit

    backend.runner.submit_io(lambda: file_health(backend.path), lambda h: _health_known(window, backend, h),
                             lambda e: window.statusBar().showMessage(_("The daily backup failed: {error}").format(
                                 error=e), 15000))
    backend.runner.submit_db(lambda: backend.read(audit.verify), lambda v: _audit_known(window, v),
                             lambda _e: None)


def _health_known(window: QWidget, backend: Backend, health: FileHealth) -> None:
    if health.integrity != "ok":
        offer_restore(window, backend, health.integrity)
        return
    if health.removable:
        QMessageBox.warning(window, _("Data on a removable disk"), _(
            "The database is on a removable disk ({folder}). If the disk is pulled out or lost, the station's "
            "records go with it. Move the data folder to the computer's own disk, and use removable disks only "
            "for backups.").format(folder=backend.path.parent))
    if health.backup is not None:
        window.statusBar().showMessage(_("Today's backup is made: {name}").format(name=health.backup.name), 8000)


def _audit_known(window: QWidget, found) -> None:
    if not found.ok:
        QMessageBox.warning(window, _("Audit trail"), _(
            "The audit trail is broken at entry {seq}: {problem} Someone may have changed the database outside "
            "the app; tell the county office.").format(seq=found.broken_at, problem=found.problem))


def offer_restore(parent: QWidget | None, backend: Backend, problem: str) -> bool:
    """The database fails its check: offer the latest good backup. True when restored (the app must restart)."""
    from app.backups import latest_good
    from app.restore import restore

    good = latest_good(backend.path)
    if good is None:
        QMessageBox.critical(parent, _("The database is damaged"), _(
            "The database fails its integrity check ({problem}) and there is no good backup beside it. Do not "
            "enter new cases; copy the data folder {folder} to a USB stick and call the county office.").format(
            problem=problem, folder=backend.path.parent))
        return False
    if QMessageBox.question(parent, _("The database is damaged"), _(
            "The database fails its integrity check ({problem}). Restore the latest good backup ({name})? The "
            "damaged database is kept as a copy; what was entered after that backup must be entered again.").format(
            problem=problem, name=good.name)) != QMessageBox.Yes:
        return False
    backend.runner.wait()
    backend.close()
    try:
        restore(backend.path, good, lock=False)
    except Exception as exc:
        from ui.messages import show_error

        show_error(parent, exc)
        return False
    QMessageBox.information(parent, _("Restored"), _("Restored from {name}. The app closes now; start it "
                                                     "again.").format(name=good.name))
    QApplication.closeAllWindows()
    return True
