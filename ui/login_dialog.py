"""Logging in, unlocking a locked screen, and setting up the first 主任 account."""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QMessageBox,
                               QVBoxLayout, QWidget)

from app import access
from app.access import Actor
from app.i18n import _
from ui.messages import describe
from ui.widgets import after_save

if TYPE_CHECKING:
    from app.services.accounts import LoginResult
    from ui.backend import Pending


def _password_field() -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.Password)
    return field


class LoginDialog(QDialog):
    """Name and password. With `locked_name`, the screen lock: only that user unlocks, and leaving means
    quitting the app (their unsaved input is kept behind the lock until they come back)."""

    def __init__(self, log_in: Callable[[str, str], LoginResult], names: list[str], *,
                 locked_name: str | None = None, parent: QWidget | None = None, by_hand: bool = False,
                 open_forms: Callable[[], bool] = lambda: False):
        super().__init__(parent)
        self.log_in, self.locked_name, self.actor = log_in, locked_name, None
        self.open_forms = open_forms        # the screen lock: whether forms with input are open behind it
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
            reason = (_("The screen was locked. Your unsaved input is kept; enter your password to go on.") if by_hand
                      else _("The screen was locked after a time without use. Your unsaved input is kept; enter "
                             "your password to go on."))
            layout.addWidget(QLabel(reason, wordWrap=True))
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.password.setFocus()

    def _say(self, text: str) -> None:
        """A message under the fields; the dialog grows to hold it (a shown dialog would squash its fields)."""
        self.message.setText(text)
        self.adjustSize()

    def accept(self) -> None:
        name, password = self.name.currentText().strip(), self.password.text()
        if not name or not password:
            self._say(_("Enter your name and password."))
            return
        try:
            result = self.log_in(name, password)       # a Pending (ui/backend.py) where the DB worker checks it
        except Exception as exc:     # the database cannot be written: say so, stay here
            self._say(describe(exc))
            return
        after_save(self, result, self._answered, lambda exc: self._say(describe(exc)))

    def _answered(self, result: LoginResult) -> None:
        self.password.clear()
        if not result.ok:
            self._say(result.message)
            self.password.setFocus()
            return
        self.actor = result.actor
        super().accept()

    def reject(self) -> None:
        if self.locked_name and self.open_forms():
            # someone else at the keyboard must not throw away the locked user's half-filled forms
            self._say(_("Windows with unsaved input are open behind the lock: only {name} can close "
                                   "them, after unlocking.").format(name=self.locked_name))
            return
        if self.locked_name and QMessageBox.question(
                self, _("Quit the app"), _("Quit Mediation Station? Input not yet saved in open windows will be "
                                           "lost."), QMessageBox.Yes | QMessageBox.No, QMessageBox.No) != QMessageBox.Yes:
            return
        super().reject()

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key_Escape and self.locked_name:
            return          # Esc must not look like a way past the lock
        super().keyPressEvent(event)


class PasswordForm(QDialog):
    """A new account (with `with_name`) or a new password: typed twice."""

    def __init__(self, title: str, parent: QWidget | None = None, *, with_name: bool = False,
                 with_role: bool = False, intro: str = ""):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.with_name = with_name
        self.name = QLineEdit()
        self.role = QComboBox()
        for code in ("mediator", "head"):
            self.role.addItem(_(access.ROLES[code]), code)
        self.password, self.again = _password_field(), _password_field()
        self.message = QLabel(wordWrap=True)
        self.message.setStyleSheet("color: #b03a2e;")
        form = QFormLayout()
        if with_name:
            form.addRow(_("User name"), self.name)
        if with_role:
            form.addRow(_("Account role"), self.role)
        form.addRow(_("Password"), self.password)
        form.addRow(_("Password again"), self.again)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        if intro:
            layout.addWidget(QLabel(intro, wordWrap=True))
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    def passwords_match(self) -> bool:
        if self.password.text() != self.again.text():
            self.message.setText(_("The two passwords differ."))
            return False
        return True

    def accept(self) -> None:
        if self.with_name and not self.name.text().strip():      # said here, while what was typed is still here
            self.message.setText(_("Enter the user name."))
            self.name.setFocus()
        elif self.passwords_match():
            super().accept()



class FirstAccountDialog(PasswordForm):
    """A database without accounts (new, or from the version before accounts): the first account, a 主任 at a
    station or a 县级审核员 at the county, with a password; `create(name, password)` adds it and logs in."""

    def __init__(self, create: Callable[[str, str], Actor], name: str, intro: str, parent: QWidget | None = None):
        super().__init__(_("Set up the first account"), parent, with_name=True, intro=intro)
        self.setMinimumWidth(380)
        self.create, self.actor = create, None
        self.name.setText(name)
        (self.password if name else self.name).setFocus()     # the head named at set-up types a password next

    def accept(self) -> None:
        if not self.passwords_match():
            return
        try:
            result = self.create(self.name.text(), self.password.text())
        except Exception as exc:
            self.message.setText(describe(exc))
            return
        after_save(self, result, self._created, lambda exc: self.message.setText(describe(exc)))

    def _created(self, actor: Actor) -> None:
        self.actor = actor
        QDialog.accept(self)


def login_with(run_as_system: Callable) -> Callable[[str, str], LoginResult | Pending]:
    """The login check through a function that runs a write as the app itself."""
    from app.services import accounts

    return lambda name, password: run_as_system(lambda s: accounts.login(s, name=name, password=password))


def create_with(run_as_system: Callable, role: str) -> Callable[[str, str], Actor | Pending]:
    from app.services import accounts

    def create(name: str, password: str) -> Actor | Pending:
        def add(s) -> Actor:
            accounts.add_account(s, name=name, role=role, password=password)
            return accounts.login(s, name=name, password=password).actor
        return run_as_system(add)
    return create
