"""Settings → Office hours and deadlines: when new sessions are offered, and the usual performance period."""
from __future__ import annotations

from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QLineEdit, QSpinBox, QVBoxLayout, QWidget

from app.i18n import _
from app.services import settings
from app.work_rules import LABELS, MAX_PERFORMANCE_DAYS
from ui.backend import Backend
from ui.widgets import ok_cancel, save_marking_fields


class WorkRulesDialog(QDialog):
    def __init__(self, backend: Backend, parent: QWidget | None = None):
        super().__init__(parent)
        self.backend = backend
        self.setWindowTitle(_("Office hours and deadlines"))
        self.setMinimumWidth(480)
        rules = backend.read(settings.work_rules)
        self.opens = QLineEdit(f"{rules.opens:%H:%M}", placeholderText="08:30")
        self.closes = QLineEdit(f"{rules.closes:%H:%M}", placeholderText="17:30")
        self.days = QSpinBox(minimum=1, maximum=MAX_PERFORMANCE_DAYS, value=rules.performance_days,
                             suffix=_(" days"))
        self.fields = {"opens": self.opens, "closes": self.closes, "performance_days": self.days}
        self.errors = QLabel(wordWrap=True)
        self.errors.setStyleSheet("color: #b00000")
        form = QFormLayout()
        form.addRow(QLabel(_("A new session or hearing is offered at the next hour within office hours on a working "
                             "day; each term of an agreement is first given this many days after signing."),
                           wordWrap=True))
        for key, widget in self.fields.items():
            form.addRow(_(LABELS[key]), widget)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.errors)
        layout.addWidget(ok_cancel(self, _("Save"), self.save))

    def save(self) -> None:
        opens, closes, days = self.opens.text(), self.closes.text(), self.days.value()
        if save_marking_fields(self, self.fields, self.errors, lambda: self.backend.write_now(
                lambda s: settings.set_work_rules(s, opens=opens, closes=closes, performance_days=days))):
            self.accept()
