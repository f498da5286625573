"""The county database's passphrase, asked when the county window opens (app/sync/county_secrets.py)."""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from app.i18n import _
from ui.messages import describe


class PassphraseDialog(QDialog):
    """One field to open the county's keys; with `new`, typed twice to seal keys an older version left in plain.
    `unlock(text)` is tried at OK: a wrong passphrase says so here, changes nothing, and the dialog stays."""

    def __init__(self, unlock: Callable[[str], object], *, new: bool, parent: QWidget | None = None):
        super().__init__(parent)
        self.unlock = unlock
        self.setWindowTitle(_("Passphrase of the county database"))
        self.setMinimumWidth(420)
        self.passphrase = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.again = QLineEdit(echoMode=QLineEdit.EchoMode.Password) if new else None
        self.message = QLabel(wordWrap=True)
        self.message.setStyleSheet("color: #b03a2e;")
        form = QFormLayout()
        form.addRow(_("Passphrase"), self.passphrase)
        if self.again is not None:
            form.addRow(_("Passphrase again"), self.again)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_(
            "The county's keys are stored without a passphrase. Set one now: it seals them in the database and is "
            "asked at every start. Keep it safe; without it the county cannot open new bundles.") if new else _(
            "Enter the passphrase of the county database to open the county's keys."), wordWrap=True))
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.passphrase.setFocus()

    def accept(self) -> None:
        text = self.passphrase.text()
        if self.again is not None and self.again.text() != text:
            self.message.setText(_("The two passphrases differ."))
            return
        try:
            self.unlock(text)
        except Exception as exc:
            self.message.setText(describe(exc))
            self.passphrase.clear()
            if self.again is not None:
                self.again.clear()
            self.passphrase.setFocus()
            return
        super().accept()
