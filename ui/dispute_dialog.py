"""Registering a dispute, or editing one: the dispute's fields and its parties, validated inline.

The left column is the paper 人民调解申请书 in its reading order (the parties, 纠纷简要情况, 申请事项), the right
one what the committee adds when it registers; Tab follows that order. Ctrl+Enter saves from any field (Enter
too outside the parties' fields, where it moves on). A failed validation keeps everything typed and marks each
bad field; Esc cancels (asking first when something was typed).
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout,
                               QGroupBox, QHBoxLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem,
                               QPlainTextEdit, QSpinBox, QVBoxLayout,
                               QWidget)

from app import codes
from app.date_text import DateTextError
from app.drafts import DisputeDraft, clean_dispute, field_label, suggested_title
from app.errors import ConcurrentEdit, FieldError, ValidationFailed
from app.i18n import _
from app.services import disputes, lookups
from app.views import DisputeView
from app import clock
from ui.backend import Backend
from ui.date_inputs import DateInput
from ui.form_flow import save_shortcut, tab_chain
from ui.messages import confirm, show_error
from ui.parties_editor import PartiesEditor, draft_from_view
from ui.place_input import PlaceInput
from ui.widgets import code_combo, error_banner, mark_invalid, set_combo_data

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
        self._suggest_title()
        self._chain_tabs()
        self.parties.form.widgets["name"].setFocus()
        self._load_places()

    def _build(self) -> None:
        self.errors = error_banner()
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
        self.presiding.currentIndexChanged.connect(self._offer_co_mediators)
        self._offer_co_mediators()
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
        self.sides_reason = QLineEdit(placeholderText=_("only when there is no respondent (or no applicant), "
                                                        "e.g. 主动调解：村民小组土地纠纷"))
        self.fields = {"title": self.title, "type_code": self.type, "source_code": self.source,
                       "registered_on": self.registered_on, "presiding_mediator_id": self.presiding,
                       "amount": self.amount, "people_involved": self.people, "risk_level": self.risk,
                       "facts": self.facts, "claims": self.claims, "sides_reason": self.sides_reason,
                       "place_id": self.place.place, "grid_id": self.place.grid, "people_at_risk": self.people_at_risk}
        # the 申请书: parties, then 纠纷简要情况 and 申请事项
        self.parties = PartiesEditor()
        self.parties.set_lookup(lambda **kw: self.backend.query(lambda db: lookups.known_person(db, **kw)))
        paper = QFormLayout()
        paper.addRow(self._label("facts", _("Facts (纠纷简要情况)")), self.facts)
        paper.addRow(self._label("claims", _("Claims (申请事项)")), self.claims)
        left = QVBoxLayout()
        left.addWidget(self.parties, 3)
        left.addLayout(paper, 2)
        # what the committee adds
        form = QFormLayout()
        for key in ("type_code", "title", "source_code", "registered_on"):
            form.addRow(self._label(key, field_label(key) + (" *" if key in ("title", "type_code") else "")),
                        self.fields[key])
        form.addRow(self._label("place_id", field_label("place_id")), self.place)
        form.addRow(self._label("presiding_mediator_id", field_label("presiding_mediator_id")),
                    self.fields["presiding_mediator_id"])
        form.addRow(_("Other mediators"), self.co_mediators)
        for key in ("amount", "people_involved", "risk_level", "people_at_risk"):
            form.addRow(self._label(key, field_label(key)), self.fields[key])
        flags = QVBoxLayout()
        for box in self.escalations.values():
            flags.addWidget(box)
        form.addRow(_("Escalation risks"), flags)
        form.addRow(_("Manner of mediation"), self.public)     # not a risk: a row of its own
        form.addRow(self._label("sides_reason", field_label("sides_reason")), self.sides_reason)
        dispute_box = QGroupBox(_("Registration"))
        dispute_box.setLayout(form)
        self.buttons = QDialogButtonBox(QDialogButtonBox.Save | QDialogButtonBox.Cancel)
        self.buttons.button(QDialogButtonBox.Save).setText(_("Save (Ctrl+Enter)"))
        self.buttons.button(QDialogButtonBox.Cancel).setText(_("Cancel"))
        self.buttons.button(QDialogButtonBox.Save).setDefault(True)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        save_shortcut(self, self.save)
        body = QHBoxLayout()
        body.addLayout(left, 6)
        body.addWidget(dispute_box, 4)
        layout = QVBoxLayout(self)
        layout.addWidget(self.errors)
        layout.addLayout(body, 1)
        layout.addWidget(self.buttons)
        for w in (self.title, self.amount, self.sides_reason):
            w.textEdited.connect(self._touch)
        for w in (self.facts, self.claims):
            w.textChanged.connect(self._touch)
        self.parties.changed.connect(self._touch)
        self.parties.changed.connect(self._suggest_title)
        self.type.currentIndexChanged.connect(self._suggest_title)
        self.parties.form.agent.toggled.connect(lambda _on: self._chain_tabs())
        self.parties.form.kind.currentIndexChanged.connect(lambda _i: self._chain_tabs())

    def _label(self, key: str, text: str) -> QLabel:
        label = QLabel(text)
        label.setBuddy(self.fields[key])
        return label

    def tab_stops(self) -> list[QWidget]:
        """Tab's way through the form: the 申请书 in its reading order, then the registration column."""
        return [*self.parties.form.tab_stops(), self.facts, self.claims, self.type, self.title, self.source,
                self.registered_on, self.place.place, self.place.grid, self.presiding, self.co_mediators,
                self.amount, self.people, self.risk, self.people_at_risk, *self.escalations.values(), self.public, self.sides_reason,
                self.buttons.button(QDialogButtonBox.Save), self.buttons.button(QDialogButtonBox.Cancel)]

    def _chain_tabs(self) -> None:
        tab_chain(self.tab_stops())

    def _suggest_title(self, *_args) -> None:
        """The usual 事由 (赵钱与孙李邻里纠纷) shows in the empty field and is taken when nothing else is typed."""
        self.title.setPlaceholderText(suggested_title(self.parties.drafts(), self.type.currentData() or ""))

    def _load_places(self) -> None:
        """The station's 村/社区 names for the address field, read on the DB worker."""
        def show(places: list[str]) -> None:
            try:
                self.parties.set_places(places)
            except RuntimeError:       # the form was closed before the names came
                pass
        self.backend.runner.submit_db(lambda: self.backend.read(lookups.place_names), show, lambda _e: None)

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
        self.sides_reason.setText(v.sides_reason)
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
            title=self.title.text().strip() or self.title.placeholderText(), type_code=self.type.currentData() or "", source_code=self.source.currentData(),
            registered_on=self._registered_on(), facts=self.facts.toPlainText(),
            claims=self.claims.toPlainText(), amount=self.amount.text(),
            people_involved=str(self.people.value()) if self.people.value() else "",
            risk_level=self.risk.currentData(), is_public=self.public.isChecked(),
            escalations=frozenset(c for c, b in self.escalations.items() if b.isChecked()),
            presiding_mediator_id=self.presiding.currentData(),
            co_mediator_ids=tuple(self._checked_co_mediators()), parties=tuple(self.parties.drafts()),
            place_id=self.place.value()[0], grid_id=self.place.value()[1],
            people_at_risk=str(self.people_at_risk.value()) if self.people_at_risk.value() else "",
            sides_reason=self.sides_reason.text())

    def _registered_on(self):
        """The date, or the text as typed, which the draft's check then names with how to write it."""
        try:
            return self.registered_on.value()
        except DateTextError:
            return self.registered_on.text()

    def _offer_co_mediators(self, *_args) -> None:
        """The presiding mediator is not offered again among the others (and is unticked there)."""
        presiding = self.presiding.currentData()
        for i in range(self.co_mediators.count()):
            item = self.co_mediators.item(i)
            mine = item.data(Qt.UserRole) == presiding
            if mine:
                item.setCheckState(Qt.Unchecked)
            item.setHidden(mine)

    def _checked_co_mediators(self) -> list[int]:
        items = (self.co_mediators.item(i) for i in range(self.co_mediators.count()))
        return [i.data(Qt.UserRole) for i in items if i.checkState() == Qt.Checked]

    # --- saving --------------------------------------------------------------------------------
    def save(self) -> None:
        if not self.buttons.isEnabled():        # already saving (Ctrl+Enter pressed twice)
            return
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
            self.parties.select_typed(int(first_party.key.split(".")[1]))
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
