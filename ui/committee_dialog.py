"""本委员会: the committee's details as the Ministry's statistics count it (name, kind, field, founding date,
address, head), edited by the head (主任)."""
from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from app import clock, codes
from app.errors import ValidationFailed
from app.i18n import _
from app.services import committee, lookups
from ui.backend import Backend
from ui.date_inputs import DateInput
from ui.messages import show_error
from ui.widgets import code_combo, mark_invalid, ok_cancel, set_combo_data


class CommitteeDialog(QDialog):
    def __init__(self, backend: Backend, parent: QWidget | None = None):
        super().__init__(parent)
        self.backend = backend
        self.setWindowTitle(_("The committee"))
        self.setMinimumWidth(520)
        current = backend.read(committee.get_committee)
        self.name = QLineEdit(current.name)
        self.kind = code_combo(codes.load("committee_kinds"), blank=_("(choose)"))
        set_combo_data(self.kind, current.kind)
        self.field = QLineEdit(current.field)
        self.field.setPlaceholderText(_("e.g. 医疗纠纷, 道路交通 (trade or specialised committees)"))
        self.founded = DateInput(current.founded_on, maximum=clock.today())       # may stay empty: not known yet
        self.address = QLineEdit(current.address)
        self.head = QComboBox()
        self.head.addItem(_("(unchanged)"), None)
        for m in backend.query(lambda c: lookups.mediators(c)):
            self.head.addItem(m.name, m.id)
        if current.head_ids:
            set_combo_data(self.head, current.head_ids[0])
        self.errors = QLabel(wordWrap=True)
        self.errors.setStyleSheet("color: #b00000;")
        self.errors.setProperty("error_banner", True)     # hidden once the marked fields were edited
        self.fields = {"name": self.name, "kind": self.kind, "field": self.field, "founded_on": self.founded,
                       "address": self.address, "head": self.head}
        form = QFormLayout()
        form.addRow(QLabel(_("What the Ministry's statistics count of this committee. The head named here is the "
                             "mediator whose role is 主任."), wordWrap=True))
        for label, widget in ((_("Committee name"), self.name), (_("Kind of committee"), self.kind),
                              (_("Field of the committee"), self.field), (_("Founded on"), self.founded),
                              (_("Address"), self.address), (_("Head (主任)"), self.head)):
            form.addRow(label, widget)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.errors)
        layout.addWidget(ok_cancel(self, _("Save"), self.save))

    def save(self) -> None:
        for widget in self.fields.values():
            mark_invalid(widget, None)
        self.errors.clear()
        try:
            founded = self.founded.value() if self.founded.line.text().strip() else None
        except Exception as exc:          # a mistyped date: named at the field, nothing sent
            mark_invalid(self.founded, str(exc))
            self.errors.setText(str(exc))
            self.errors.show()
            return
        values = dict(name=self.name.text(), kind=self.kind.currentData() or "", field=self.field.text(),
                      founded_on=founded, address=self.address.text(), head_id=self.head.currentData())
        self.backend.write(lambda s: committee.update_committee(s, **values), lambda _view: self.accept(),
                           self._failed)

    def _failed(self, exc: Exception) -> None:
        if isinstance(exc, ValidationFailed):
            for e in exc.errors:
                mark_invalid(self.fields.get(e.key, self.name), e.message)
            self.errors.setText("\n".join(str(e) for e in exc.errors))
            self.errors.show()
            return
        show_error(self, exc)

