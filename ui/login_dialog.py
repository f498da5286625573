"""Logging in, unlocking a locked screen, and setting up the first 主任 account."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QMessageBox,
                               QVBoxLayout, QWidget)

from app.access import Actor
from app.i18n import _
from ui.backend import Backend
from ui.messages import describe


def _password_field() -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.Password)
    return field


class LoginDialog(QDialog):
    """Name and password. With `locked_name`, the screen lock: only that user unlocks, and leaving means
    quitting the app (their unsaved input is kept behind the lock until they come back)."""

    def __init__(self, backend: Backend, names: list[str], *, locked_name: str | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.backend, self.locked_name, self.actor = backend, locked_name, None
        self.setWindowTitle(_("Screen locked") if locked_name else _("Log in"))
        self.name = QComboBox()
        self.name.setEditable(locked_name is None)
        self.name.addItems([locked_name] if locked_name else names)
        self.name.setEnabled(locked_name is None)
        self.password = _password_field()
        self.message = QLabel(wordWrap=True)
        self.message.setStyleSheet("color: #b03a2e;")
        form = QFormLayout()
        form.addRow(_("User name"), self.name)
        form.addRow(_("Password"), self.password)
        self.setMinimumWidth(340)
        buttons = QDialogButtonBox()
        buttons.addButton(_("Unlock") if locked_name else _("Log in"), QDialogButtonBox.AcceptRole)
        buttons.addButton(_("Quit the app") if locked_name else _("Quit"), QDialogButtonBox.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        if locked_name:
            layout.addWidget(QLabel(_("The screen was locked after a time without use. Your unsaved input is "
                                      "kept; enter your password to go on."), wordWrap=True))
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.password.setFocus()

    def accept(self) -> None:
        from app.services import accounts

        name, password = self.name.currentText().strip(), self.password.text()
        if not name or not password:
            self.message.setText(_("Enter your name and password."))
            return
        try:
            result = self.backend.as_system(lambda s: accounts.login(s, name=name, password=password))
        except Exception as exc:     # the database cannot be written: say so, stay here
            self.message.setText(describe(exc))
            return
        self.password.clear()
        if not result.ok:
            self.message.setText(result.message)
            self.password.setFocus()
            return
        self.actor = result.actor
        super().accept()

    def reject(self) -> None:
        if self.locked_name and QMessageBox.question(
                self, _("Quit the app"), _("Quit Mediation Station? Input not yet saved in open windows will be "
                                           "lost."), QMessageBox.Yes | QMessageBox.No, QMessageBox.No) != QMessageBox.Yes:
            return
        super().reject()

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key_Escape and self.locked_name:
            return          # Esc must not look like a way past the lock
        super().keyPressEvent(event)


class FirstAccountDialog(QDialog):
    """A database without accounts (new, or from the version before accounts): its 主任 sets a password."""

    def __init__(self, backend: Backend, head_name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.backend, self.actor = backend, None
        self.setWindowTitle(_("Set up the head's account"))
        self.name = QLineEdit(head_name)
        self.password, self.again = _password_field(), _password_field()
        self.message = QLabel(wordWrap=True)
        self.message.setStyleSheet("color: #b03a2e;")
        form = QFormLayout()
        form.addRow(_("User name"), self.name)
        form.addRow(_("Password"), self.password)
        form.addRow(_("Password again"), self.again)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("Everyone logs in from now on. Set the password of the head of the station "
                                  "(主任), who then adds the other mediators' accounts under Settings → "
                                  "Accounts."), wordWrap=True))
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    def accept(self) -> None:
        from app.services import accounts

        if self.password.text() != self.again.text():
            self.message.setText(_("The two passwords differ."))
            return
        name, password = self.name.text(), self.password.text()

        def create(s) -> Actor:
            accounts.add_account(s, name=name, role="head", password=password)
            return accounts.login(s, name=name, password=password).actor
        try:
            self.actor = self.backend.as_system(create)
        except Exception as exc:
            self.message.setText(describe(exc))
            return
        super().accept()
