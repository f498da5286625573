"""Settings → Accounts (主任 only): who may log in, with which role; password resets and disabling."""
from __future__ import annotations

from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QHBoxLayout, QPushButton, QTableWidget, QTableWidgetItem,
                               QVBoxLayout, QWidget)

from app.i18n import _, format_datetime
from ui.backend import Backend
from ui.login_dialog import PasswordForm
from ui.messages import show_error
from ui.widgets import after_save


class AccountsDialog(QDialog):
    def __init__(self, backend: Backend, parent: QWidget | None = None):
        super().__init__(parent)
        self.backend = backend
        self.setWindowTitle(_("Accounts"))
        self.resize(620, 380)
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels([_("User name"), _("Account role"), _("State")])
        self.table.setSelectionBehavior(QTableWidget.SelectRows)
        self.table.setSelectionMode(QTableWidget.SingleSelection)
        self.table.setEditTriggers(QTableWidget.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        buttons = QHBoxLayout()
        for text, slot in ((_("Add…"), self.add), (_("Reset password…"), self.reset),
                           (_("Disable / enable"), self.toggle), (_("Head / mediator"), self.switch_role)):
            button = QPushButton(text)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        close = QDialogButtonBox(QDialogButtonBox.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(close)
        self.refresh()

    def refresh(self) -> None:
        from app.services import accounts

        self.accounts = self.backend.read(accounts.list_accounts)
        self.table.setRowCount(len(self.accounts))
        for row, a in enumerate(self.accounts):
            state = (_("disabled") if a.disabled else _("locked until {time}").format(
                time=format_datetime(a.locked_until)) if a.locked_until else _("active"))
            for col, text in enumerate((a.name, a.actor.role_label, state)):
                self.table.setItem(row, col, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()

    def selected(self):
        row = self.table.currentRow()
        return self.accounts[row] if 0 <= row < len(self.accounts) else None

    def _run(self, fn) -> None:
        """The change on the DB worker, the dialog busy meanwhile; the list shows it after."""
        def done(_result: object) -> None:
            self.refresh()
            self.backend.events.mediators_changed.emit()
        after_save(self, self.backend.submit(fn), done, lambda exc: show_error(self, exc))

    def add(self) -> None:
        from app.services import accounts

        form = PasswordForm(_("New account"), self, with_name=True, with_role=True)
        if form.exec() == QDialog.Accepted:
            name, role, password = form.name.text(), form.role.currentData(), form.password.text()
            self._run(lambda s: accounts.add_account(s, name=name, role=role, password=password))

    def reset(self) -> None:
        from app.services import accounts

        chosen = self.selected()
        if chosen is None:
            return
        form = PasswordForm(_("New password for {name}").format(name=chosen.name), self)
        if form.exec() == QDialog.Accepted:
            password = form.password.text()
            self._run(lambda s: accounts.reset_password(s, name=chosen.name, password=password))

    def toggle(self) -> None:
        from app.services import accounts

        chosen = self.selected()
        if chosen is not None:
            self._run(lambda s: accounts.set_disabled(s, name=chosen.name, disabled=not chosen.disabled))

    def switch_role(self) -> None:
        from app.services import accounts

        chosen = self.selected()
        if chosen is not None:
            role = "mediator" if chosen.role == "head" else "head"
            self._run(lambda s: accounts.set_role(s, name=chosen.name, role=role))
