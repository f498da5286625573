"""Extending the one-month limit: the new deadline and each party's recorded consent."""
from __future__ import annotations

from datetime import timedelta

from PySide6.QtWidgets import (QCheckBox, QDialog, QFormLayout, QLabel, QLineEdit,
                               QVBoxLayout, QWidget)

from app import codes
from app.i18n import _
from app.views import DisputeView
from app import clock
from ui.date_inputs import DateInput
from ui.widgets import ok_cancel, save_or_explain


class ExtensionDialog(QDialog):
    def __init__(self, view: DisputeView, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("Extend the time limit"))
        current = view.deadline or clock.today()
        self.new_deadline = DateInput(current + timedelta(days=15), minimum=current + timedelta(days=1))
        self.consent_on = DateInput(clock.today(), maximum=clock.today())
        self.note = QLineEdit(placeholderText=_("How consent was given, e.g. 双方在调解笔录上签字同意"))
        self.consents = {p.id: QCheckBox(f"{codes.party_roles().label(p.role)} {p.name}")
                         for p in view.parties if p.role in ("applicant", "respondent")}
        form = QFormLayout()
        form.addRow(QLabel(_("若干规定 Art 33: a case may run past one month only with both parties' consent, "
                             "recorded."), wordWrap=True))
        form.addRow(_("Current deadline"), QLabel(view.deadline.isoformat() if view.deadline else "-"))
        form.addRow(_("New deadline"), self.new_deadline)
        form.addRow(_("Consent given on"), self.consent_on)
        for i, box in enumerate(self.consents.values()):
            form.addRow(_("Consented") if i == 0 else "", box)
        form.addRow(_("Note"), self.note)
        # a mistyped date is named and the dialog stays open, with everything typed
        buttons = ok_cancel(self, _("Extend"), lambda: save_or_explain(self, self.values))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def values(self) -> dict:
        return dict(new_deadline=self.new_deadline.value(), consent_on=self.consent_on.value(),
                    consenting_party_ids=[i for i, b in self.consents.items() if b.isChecked()],
                    note=self.note.text())
