"""The station's mediators: add one, or mark one as no longer active."""
from __future__ import annotations

from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit,
                               QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from app import codes
from app.errors import ValidationFailed
from app.i18n import _
from app.services import lookups, mediators
from ui.backend import Backend
from ui.messages import show_error
from ui.widgets import code_combo, mark_invalid


class MediatorsDialog(QDialog):
    def __init__(self, backend: Backend, parent: QWidget | None = None, *, intro: str = ""):
        super().__init__(parent)
        self.backend = backend
        self.setWindowTitle(_("Mediators"))
        self.resize(560, 420)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels([_("Name"), _("Role"), _("Phone"), _("Active")])
        self.table.setEditTriggers(QTableWidget.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectRows)
        self.name, self.phone = QLineEdit(), QLineEdit()
        self.role = code_combo(codes.mediator_roles())
        add = QPushButton(_("Add mediator"))
        add.clicked.connect(self.add)
        self.name.returnPressed.connect(self.add)
        toggle = QPushButton(_("Active / inactive"))
        toggle.clicked.connect(self.toggle)
        form = QFormLayout()
        form.addRow(_("Name"), self.name)
        form.addRow(_("Role"), self.role)
        form.addRow(_("Phone"), self.phone)
        row = QHBoxLayout()
        row.addWidget(add)
        row.addWidget(toggle)
        row.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.Close)
        close.button(QDialogButtonBox.Close).setText(_("Close"))
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        if intro:
            layout.addWidget(QLabel(intro, wordWrap=True))
        layout.addWidget(self.table, 1)
        layout.addLayout(form)
        layout.addLayout(row)
        layout.addWidget(close)
        self.refresh()

    def refresh(self) -> None:
        self.rows = self.backend.query(lambda c: lookups.mediators(c, active_only=False))
        self.table.setRowCount(len(self.rows))
        for r, m in enumerate(self.rows):
            for c, text in enumerate((m.name, codes.mediator_roles().label(m.role), m.phone or "",
                                      _("Yes") if m.active else _("No"))):
                self.table.setItem(r, c, QTableWidgetItem(text))

    def add(self) -> None:
        name, role, phone = self.name.text(), self.role.currentData(), self.phone.text()
        for w in (self.name, self.phone):
            mark_invalid(w, None)
        try:
            self.backend.write_now(lambda s: mediators.add_mediator(s, name=name, role=role, phone=phone))
        except ValidationFailed as exc:
            for e in exc.errors:
                mark_invalid({"name": self.name, "phone": self.phone}.get(e.key, self.role), e.message)
            return
        except Exception as exc:
            show_error(self, exc)
            return
        self.name.clear()
        self.phone.clear()
        self.refresh()
        self.backend.events.mediators_changed.emit()

    def toggle(self) -> None:
        row = self.table.currentRow()
        if row < 0:
            return
        m = self.rows[row]
        self.backend.write_now(lambda s: mediators.set_mediator_active(s, mediator_id=m.id, active=not m.active))
        self.refresh()
        self.backend.events.mediators_changed.emit()
