"""The parties of a dispute: a list on the left, the selected party's form on the right."""
from __future__ import annotations

from dataclasses import fields, replace

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (QComboBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QListWidget,
                               QListWidgetItem, QPushButton, QVBoxLayout, QWidget)

from app import codes, validation
from app.drafts import PartyDraft, field_label
from app.i18n import _
from ui.widgets import code_combo, mark_invalid, set_combo_data

TEXT_FIELDS = ("name", "birth_date", "occupation", "address", "phone", "id_number", "credit_code",
               "legal_representative", "agent_name", "agent_phone", "agent_id_number", "agent_authority")
PERSON_ONLY = ("gender", "ethnicity", "birth_date", "occupation", "id_number")
ORGANISATION_ONLY = ("credit_code", "legal_representative")
LIVE_CHECKS = {"phone": validation.phone, "agent_phone": validation.phone, "id_number": validation.id_number,
               "agent_id_number": validation.id_number, "credit_code": validation.credit_code}


class PartyForm(QWidget):
    """Edits one PartyDraft; emits edited whenever a field changes."""
    edited = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.widgets: dict[str, QWidget] = {}
        self.role = code_combo(codes.party_roles())
        self.kind = QComboBox()
        self.kind.addItem(_("Natural person"), "person")
        self.kind.addItem(_("Organisation"), "organisation")
        self.gender = QComboBox()
        for label, value in (("", ""), (_("Male"), "male"), (_("Female"), "female")):
            self.gender.addItem(label, value)
        self.ethnicity = code_combo(codes.ethnic_groups(), blank="")
        self.widgets.update(role=self.role, kind=self.kind, gender=self.gender, ethnicity=self.ethnicity)
        for name in TEXT_FIELDS:
            edit = QLineEdit()
            edit.textEdited.connect(lambda _t: self.edited.emit())
            self.widgets[name] = edit
        self.widgets["birth_date"].setPlaceholderText(_("e.g. 1980-05-01 (filled from the ID number)"))
        self.widgets["phone"].setPlaceholderText("13812345678")
        for combo in (self.role, self.kind, self.gender, self.ethnicity):
            combo.currentIndexChanged.connect(lambda _i: self.edited.emit())
        self.kind.currentIndexChanged.connect(self._show_kind_fields)
        for name, check in LIVE_CHECKS.items():
            self.widgets[name].editingFinished.connect(lambda n=name, c=check: self._live_check(n, c))
        self._rows: dict[str, tuple[QLabel, QWidget]] = {}
        form = QFormLayout(self)
        order = ("role", "kind", "name", "id_number", "gender", "ethnicity", "birth_date", "occupation",
                 "credit_code", "legal_representative", "address", "phone", "agent_name", "agent_phone",
                 "agent_id_number", "agent_authority")
        for name in order:
            label = QLabel(field_label(name))
            label.setBuddy(self.widgets[name])
            form.addRow(label, self.widgets[name])
            self._rows[name] = (label, self.widgets[name])
        self._show_kind_fields()

    def _show_kind_fields(self) -> None:
        organisation = self.kind.currentData() == "organisation"
        for name in PERSON_ONLY:
            for w in self._rows[name]:
                w.setVisible(not organisation)
        for name in ORGANISATION_ONLY:
            for w in self._rows[name]:
                w.setVisible(organisation)
        self._rows["name"][0].setText(_("Name of organisation") if organisation else _("Name"))

    def _live_check(self, name: str, check) -> None:
        text = self.widgets[name].text().strip()
        try:
            if text:
                check(text)
        except validation.Invalid as exc:
            mark_invalid(self.widgets[name], str(exc))
        else:
            mark_invalid(self.widgets[name], None)

    def set_draft(self, draft: PartyDraft) -> None:
        for w in self.widgets.values():
            w.blockSignals(True)
            mark_invalid(w, None)
        set_combo_data(self.role, draft.role)
        set_combo_data(self.kind, draft.kind)
        set_combo_data(self.gender, draft.gender)
        set_combo_data(self.ethnicity, draft.ethnicity)
        for name in TEXT_FIELDS:
            self.widgets[name].setText(getattr(draft, name))
        for w in self.widgets.values():
            w.blockSignals(False)
        self._show_kind_fields()

    def draft(self, uid: str) -> PartyDraft:
        values = {name: self.widgets[name].text() for name in TEXT_FIELDS}
        return PartyDraft(role=self.role.currentData(), kind=self.kind.currentData(),
                          gender=self.gender.currentData() or "", ethnicity=self.ethnicity.currentData() or "",
                          uid=uid, **values)


class PartiesEditor(QGroupBox):
    """Add, remove and edit the parties; the drafts are kept here, the form shows the selected one."""
    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(_("Parties"), parent)
        self._drafts: list[PartyDraft] = []
        self.list = QListWidget()
        self.list.setMaximumWidth(220)
        self.form = PartyForm()
        self.add_person = QPushButton(_("Add person"))
        self.add_organisation = QPushButton(_("Add organisation"))
        self.remove = QPushButton(_("Remove"))
        self.add_person.clicked.connect(lambda: self.add(PartyDraft(role=self._next_role())))
        self.add_organisation.clicked.connect(
            lambda: self.add(PartyDraft(role=self._next_role(), kind="organisation")))
        self.remove.clicked.connect(self.remove_current)
        for button in (self.add_person, self.add_organisation, self.remove):
            button.setAutoDefault(False)  # Enter in a field saves the dialog, never adds a party
        self.list.currentRowChanged.connect(self._show)
        self.form.edited.connect(self._store)
        left = QVBoxLayout()
        left.addWidget(self.list, 1)
        for b in (self.add_person, self.add_organisation, self.remove):
            left.addWidget(b)
        layout = QHBoxLayout(self)
        layout.addLayout(left)
        layout.addWidget(self.form, 1)
        self._show(-1)

    def _next_role(self) -> str:
        roles = {d.role for d in self._drafts}
        return "applicant" if "applicant" not in roles else "respondent" if "respondent" not in roles else \
            "third_party"

    def set_drafts(self, drafts: list[PartyDraft]) -> None:
        self._drafts = list(drafts)
        self.list.clear()
        for d in self._drafts:
            self.list.addItem(QListWidgetItem(self._item_text(d)))
        self.list.setCurrentRow(0 if drafts else -1)

    def drafts(self) -> list[PartyDraft]:
        return list(self._drafts)

    def add(self, draft: PartyDraft) -> None:
        self._drafts.append(draft)
        self.list.addItem(QListWidgetItem(self._item_text(draft)))
        self.list.setCurrentRow(len(self._drafts) - 1)
        self.form.widgets["name"].setFocus()
        self.changed.emit()

    def remove_current(self) -> None:
        row = self.list.currentRow()
        if row < 0:
            return
        del self._drafts[row]
        self.list.takeItem(row)
        self.changed.emit()

    def select(self, index: int) -> None:
        self.list.setCurrentRow(index)

    def _show(self, row: int) -> None:
        self.form.setEnabled(row >= 0)
        self.remove.setEnabled(row >= 0)
        self.form.set_draft(self._drafts[row] if row >= 0 else PartyDraft())

    def _store(self) -> None:
        row = self.list.currentRow()
        if row < 0:
            return
        self._drafts[row] = self.form.draft(self._drafts[row].uid)
        self.list.item(row).setText(self._item_text(self._drafts[row]))
        self.changed.emit()

    @staticmethod
    def _item_text(d: PartyDraft) -> str:
        name = d.name or _("(no name yet)")
        return f"{codes.party_roles().label(d.role)} · {name}"


def draft_from_view(p) -> PartyDraft:
    """A PartyDraft (form text) from a PartyView, for editing."""
    values = {f.name: getattr(p, f.name, "") for f in fields(PartyDraft)}
    values = {k: ("" if v is None else v.isoformat() if hasattr(v, "isoformat") else str(v))
              for k, v in values.items()}
    return replace(PartyDraft(), **values)
