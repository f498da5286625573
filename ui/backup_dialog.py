"""Settings → Backups and restore: the automatic backups, a copy to a stick now, a restore (主任 only), and
a check of the audit trail."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (QApplication, QDialog, QDialogButtonBox, QFileDialog, QHBoxLayout, QLabel,
                               QMessageBox, QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from app import access, i18n
from app.backups import automatic_folder, list_backups
from app.i18n import _
from ui.backend import Backend
from ui.messages import confirm, show_error


class BackupDialog(QDialog):
    def __init__(self, backend: Backend, parent: QWidget | None = None):
        super().__init__(parent)
        self.backend = backend
        self.setWindowTitle(_("Backups and restore"))
        self.resize(640, 420)
        self.folder = automatic_folder(backend.path)
        self.table = QTableWidget(0, 2)
        self.table.setHorizontalHeaderLabels([_("Made at"), _("Size")])
        self.table.setSelectionBehavior(QTableWidget.SelectRows)
        self.table.setSelectionMode(QTableWidget.SingleSelection)
        self.table.setEditTriggers(QTableWidget.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.backup_button = QPushButton(_("Back up to a folder now…"))
        self.backup_button.clicked.connect(self.backup_now)
        self.restore_button = QPushButton(_("Restore the selected backup…"))
        self.restore_button.clicked.connect(self.restore_selected)
        self.restore_file_button = QPushButton(_("Restore from a file…"))
        self.restore_file_button.clicked.connect(self.restore_file)
        self.verify_button = QPushButton(_("Check the audit trail"))
        self.verify_button.clicked.connect(self.verify_audit)
        may_restore = access.may(backend.actor, "restore")
        self.restore_button.setEnabled(may_restore)
        self.restore_file_button.setEnabled(may_restore)
        buttons = QHBoxLayout()
        for b in (self.backup_button, self.restore_button, self.restore_file_button, self.verify_button):
            buttons.addWidget(b)
        close = QDialogButtonBox(QDialogButtonBox.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("A backup is made on the first start of each day and kept for 7 days, then one "
                                  "a week for 4 weeks and one a month for 12 months, in {folder}. Copy one to a "
                                  "USB stick regularly: it is the copy that survives a dead disk.").format(
            folder=self.folder), wordWrap=True))
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(close)
        self.refresh()

    def refresh(self) -> None:
        self.backups = list_backups(self.folder)
        self.table.setRowCount(len(self.backups))
        for row, (taken, path) in enumerate(self.backups):
            self.table.setItem(row, 0, QTableWidgetItem(taken.strftime("%Y-%m-%d %H:%M:%S")))
            self.table.setItem(row, 1, QTableWidgetItem(i18n.format_size(path.stat().st_size)))
        self.table.resizeColumnsToContents()

    def backup_now(self) -> None:
        from app.backups import backup

        folder = QFileDialog.getExistingDirectory(self, _("Where to write the backup"), str(Path.home()))
        if not folder:
            return
        database = self.backend.path
        # Off the GUI thread: the copy is read back from the stick, which can take a while.
        self.backend.runner.submit_io(lambda: backup(database, Path(folder)), self._backed_up,
                                      lambda e: show_error(self, e, _("Backup not written")),
                                      label=_("Writing the backup…"), parent=self)

    def _backed_up(self, result) -> None:
        from app.backups import record_backup

        self.refresh()         # the chosen folder may be the automatic one
        self.backend.write(lambda s: record_backup(s, result), lambda _none: None,
                           lambda e: show_error(self, e, _("Backup not recorded")))
        QMessageBox.information(self, _("Backup written"), _(
            "Written {path} ({size}; {n} attachment files copied). It was read back from the folder and "
            "matches the copy that passed the integrity check.").format(
            path=result.path, size=i18n.format_size(result.size), n=result.attachments_copied))

    def restore_selected(self) -> None:
        row = self.table.currentRow()
        if 0 <= row < len(self.backups):
            self.restore(self.backups[row][1])

    def restore_file(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, _("Choose a backup"), str(Path.home()),
                                                    _("Backups (*.sqlite)"))
        if path:
            self.restore(Path(path))

    def restore(self, path: Path) -> None:
        from app.restore import check_backup, restore

        try:
            schema = check_backup(path, self.backend.path)
        except Exception as exc:
            show_error(self, exc)
            return
        if not confirm(self, _("Restore"), _("Replace the database by the backup {name}? Everything entered since "
                                             "then is replaced too; the current database is kept as a copy. The app "
                                             "closes afterwards; start it again.").format(name=path.name)):
            return
        backend, actor = self.backend, self.backend.actor
        backend.runner.wait()
        backend.close()
        try:
            result = restore(backend.path, path, actor=actor, lock=False)     # this app holds the lock
        except Exception as exc:
            show_error(self, exc)
            return
        QMessageBox.information(self, _("Restored"), _(
            "Restored from {file} (schema {schema}). The previous database is kept as {copy}. The next weekly "
            "bundle will be full. The app closes now; start it again.").format(
            file=path.name, schema=schema, copy=result.previous_copy))
        QApplication.closeAllWindows()

    def verify_audit(self) -> None:
        from app import audit

        self.backend.runner.submit_db(lambda: self.backend.read(audit.verify), self._verified,
                                      lambda e: show_error(self, e), label=_("Checking the audit trail…"),
                                      parent=self)

    def _verified(self, found) -> None:
        if found.ok:
            QMessageBox.information(self, _("Audit trail"), _("The audit trail is intact: {n} entries, each linked "
                                                              "to the one before.").format(n=found.entries))
        else:
            QMessageBox.warning(self, _("Audit trail"), _("The audit trail is broken at entry {seq}: {problem}")
                                .format(seq=found.broken_at, problem=found.problem))
