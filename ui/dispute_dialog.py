"""Registering a dispute, or editing one: the dispute's fields and its parties, validated inline.

A failed validation keeps everything typed and marks each bad field; Enter saves, Esc cancels (asking
first when something was typed).
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout,
                               QGroupBox, QHBoxLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem,
                               QPlainTextEdit, QSpinBox, QVBoxLayout,
                               QWidget)

from app import codes
from app.date_text import DateTextError
from app.drafts import DisputeDraft, clean_dispute, field_label
from app.errors import ConcurrentEdit, FieldError, ValidationFailed
from app.i18n import _
from app.services import disputes, lookups
from app.views import DisputeView
from app import clock
from ui.backend import Backend
from ui.date_inputs import DateInput
from ui.messages import confirm, show_error
from ui.parties_editor import PartiesEditor, draft_from_view
from ui.place_input import PlaceInput
from ui.widgets import code_combo, mark_invalid, set_combo_data

ESCALATION_LABELS = {e.code: e for e in codes.escalations().codes}


class DisputeDialog(QDialog):
    def __init__(self, backend: Backend, parent: QWidget | None = None, *, existing: DisputeView | None = None,
                 prefill: DisputeDraft | None = None, after_save=None):
        """prefill: a new case's fields from where it was found (a screening finding, a report); after_save(session,
        view) runs in the saving transaction (linking the finding or report to the new case)."""
        super().__init__(parent)
        self.backend, self.existing, self.after_save = backend, existing, after_save
        self.saved: DisputeView | None = None
        self._dirty = False
        self._co_mediators: tuple[int, ...] = existing.co_mediator_ids if existing else ()
        self.setWindowTitle(_("Edit case") if existing else _("Register a dispute"))
        self.resize(1060, 720)
        self._build()
        if existing:
            self._load(existing)
        else:
            if prefill is not None:
                self._prefill(prefill)
            self.parties.add_person.click()
        self._dirty = False
        self.title.setFocus()

    def _build(self) -> None:
        self.errors = QLabel(wordWrap=True)
        self.errors.setStyleSheet("color: #b00000; background: #fff3f3; padding: 6px;")
        self.errors.hide()
        self.title = QLineEdit()
        self.type = code_combo(codes.dispute_types(), blank=_("(choose)"))
        self.source = code_combo(codes.case_sources())
        self.registered_on = DateInput(clock.today())     # a later date is refused with the other fields
        self.presiding = QComboBox()
        self.presiding.addItem(_("(not yet assigned)"), None)
        self.co_mediators = QListWidget()
        self.co_mediators.setMaximumHeight(74)
        for m in self.backend.query(lookups.mediators):
            self.presiding.addItem(m.name, m.id)
            item = QListWidgetItem(m.name)
            item.setData(Qt.UserRole, m.id)
            item.setFlags(item.flags() | Qt.ItemIsUserCheckable)
            item.setCheckState(Qt.Checked if m.id in self._co_mediators else Qt.Unchecked)
            self.co_mediators.addItem(item)
        if self.backend.operator_id is not None:
            set_combo_data(self.presiding, self.backend.operator_id)
        self.amount = QLineEdit(placeholderText=_("e.g. 12000.00; empty if no money is involved"))
        self.people = QSpinBox(minimum=0, maximum=100000, specialValueText=_("(count the parties)"))
        self.risk = code_combo(codes.risk_levels())
        self.place = PlaceInput(self.backend)
        self.people_at_risk = QSpinBox(minimum=0, maximum=100000)
        self.escalations = {code: QCheckBox(e.label()) for code, e in ESCALATION_LABELS.items()}
        self.public = QCheckBox(_("Mediated in public"), checked=True)
        self.facts = QPlainTextEdit(tabChangesFocus=True)
        self.claims = QPlainTextEdit(tabChangesFocus=True)
        self.claims.setMaximumHeight(70)
        self.fields = {"title": self.title, "type_code": self.type, "source_code": self.source,
                       "registered_on": self.registered_on, "presiding_mediator_id": self.presiding,
                       "amount": self.amount, "people_involved": self.people, "risk_level": self.risk,
                       "facts": self.facts, "claims": self.claims, "place_id": self.place.place,
                       "grid_id": self.place.grid, "people_at_risk": self.people_at_risk}
        form = QFormLayout()
        for key in ("title", "type_code", "source_code", "registered_on", "place_id", "presiding_mediator_id",
                    "amount", "people_involved", "risk_level", "people_at_risk"):
            label = QLabel(field_label(key) + ("" if key in ("amount", "people_involved") else " *"
                                               if key in ("title", "type_code") else ""))
            label.setBuddy(self.fields[key])
            form.addRow(label, self.place if key == "place_id" else self.fields[key])
        flags = QHBoxLayout()
        for box in self.escalations.values():
            flags.addWidget(box)
        form.addRow(_("Other mediators"), self.co_mediators)
        form.addRow(_("Escalation risks"), flags)
        form.addRow("", self.public)
        form.addRow(field_label("facts"), self.facts)
        form.addRow(field_label("claims"), self.claims)
        dispute_box = QGroupBox(_("The dispute"))
        dispute_box.setLayout(form)
        self.parties = PartiesEditor()
        self.buttons = QDialogButtonBox(QDialogButtonBox.Save | QDialogButtonBox.Cancel)
        self.buttons.button(QDialogButtonBox.Save).setText(_("Save"))
        self.buttons.button(QDialogButtonBox.Cancel).setText(_("Cancel"))
        self.buttons.button(QDialogButtonBox.Save).setDefault(True)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        body = QHBoxLayout()
        body.addWidget(dispute_box, 5)
        body.addWidget(self.parties, 6)
        layout = QVBoxLayout(self)
        layout.addWidget(self.errors)
        layout.addLayout(body, 1)
        layout.addWidget(self.buttons)
        for w in (self.title, self.amount):
            w.textEdited.connect(self._touch)
        for w in (self.facts, self.claims):
            w.textChanged.connect(self._touch)
        self.parties.changed.connect(self._touch)

    def _touch(self, *_args) -> None:
        self._dirty = True

    def _load(self, v: DisputeView) -> None:
        self.title.setText(v.title)
        set_combo_data(self.type, v.type_code)
        set_combo_data(self.source, v.source_code)
        self.registered_on.setValue(v.registered_on)
        set_combo_data(self.presiding, v.presiding_mediator_id)
        self.amount.setText("" if v.amount is None else f"{v.amount:.2f}")
        self.people.setValue(v.people_involved)
        set_combo_data(self.risk, v.risk_level)
        for code, box in self.escalations.items():
            box.setChecked(code in v.escalations)
        self.public.setChecked(v.is_public)
        self.facts.setPlainText(v.facts)
        self.claims.setPlainText(v.claims)
        self.parties.set_drafts([draft_from_view(p) for p in v.parties])
        self.place.set_value(v.place_id, v.grid_id)
        self.people_at_risk.setValue(v.people_at_risk)

    def _prefill(self, d: DisputeDraft) -> None:
        self.title.setText(d.title)
        set_combo_data(self.type, d.type_code)
        set_combo_data(self.source, d.source_code)
        self.facts.setPlainText(d.facts)
        self.people.setValue(int(d.people_involved or 0))
        set_combo_data(self.risk, d.risk_level)
        self.place.set_value(d.place_id, d.grid_id)

    def draft(self) -> DisputeDraft:
        return DisputeDraft(
            title=self.title.text(), type_code=self.type.currentData() or "", source_code=self.source.currentData(),
            registered_on=self._registered_on(), facts=self.facts.toPlainText(),
            claims=self.claims.toPlainText(), amount=self.amount.text(),
            people_involved=str(self.people.value()) if self.people.value() else "",
            risk_level=self.risk.currentData(), is_public=self.public.isChecked(),
            escalations=frozenset(c for c, b in self.escalations.items() if b.isChecked()),
            presiding_mediator_id=self.presiding.currentData(),
            co_mediator_ids=tuple(self._checked_co_mediators()), parties=tuple(self.parties.drafts()),
            place_id=self.place.value()[0], grid_id=self.place.value()[1],
            people_at_risk=str(self.people_at_risk.value()) if self.people_at_risk.value() else "")

    def _registered_on(self):
        """The date, or the text as typed, which the draft's check then names with how to write it."""
        try:
            return self.registered_on.value()
        except DateTextError:
            return self.registered_on.text()

    def _checked_co_mediators(self) -> list[int]:
        items = (self.co_mediators.item(i) for i in range(self.co_mediators.count()))
        return [i.data(Qt.UserRole) for i in items if i.checkState() == Qt.Checked]

    # --- saving --------------------------------------------------------------------------------
    def save(self) -> None:
        draft = self.draft()
        _clean, errors = clean_dispute(draft)
        self.show_errors(errors)
        if errors:
            return
        self.buttons.setEnabled(False)
        existing, operator = self.existing, self.backend.operator_id
        if existing:
            def job(session):
                return disputes.update_dispute(session, dispute_id=existing.id, draft=draft,
                                               expected_revision=existing.revision)
        else:
            after = self.after_save

            def job(session):
                view = disputes.register_dispute(session, draft=draft, by=operator)
                if after is not None:
                    after(session, view)
                return view
        self.backend.write(job, self._saved, self._failed)

    def _saved(self, view: DisputeView) -> None:
        self.saved = view
        self.backend.events.cases_changed.emit([view.id])
        self._dirty = False
        self.accept()

    def _failed(self, exc: Exception) -> None:
        self.buttons.setEnabled(True)
        if isinstance(exc, ValidationFailed):
            self.show_errors(exc.errors)
        else:
            show_error(self, exc, _("Not saved") if not isinstance(exc, ConcurrentEdit) else None)

    def show_errors(self, errors: list[FieldError]) -> None:
        for w in self.fields.values():
            mark_invalid(w, None)
        for w in self.parties.form.widgets.values():
            mark_invalid(w, None)
        self.errors.setVisible(bool(errors))
        self.errors.setText(_("Please correct the marked fields:") + "\n" + "\n".join(f"• {e}" for e in errors))
        first_party = next((e for e in errors if e.key.startswith("parties.")), None)
        if first_party:
            self.parties.select(int(first_party.key.split(".")[1]))
        marked = [(w, e.message) for e in errors if (w := self._widget_for(e.key, first_party)) is not None]
        for widget, message in marked:
            mark_invalid(widget, message)
        if marked:
            marked[0][0].setFocus()

    def _widget_for(self, key: str, first_party: FieldError | None) -> QWidget | None:
        if key.startswith("parties."):
            _p, index, name = key.split(".", 2)
            if first_party and first_party.key.split(".")[1] == index:
                return self.parties.form.widgets.get(name)
            return None
        if key == "parties":
            return self.parties.list
        return self.fields.get(key)

    def reject(self) -> None:
        if self._dirty and not confirm(self, _("Discard changes?"),
                                       _("What you typed in this form has not been saved. Discard it?")):
            return
        super().reject()
