"""On-the-spot settlement (当场调解): one screen for a small dispute settled there and then with an oral
agreement: the case, its parties, the session and the terms, saved together and closed.

Tab goes down the left column (the dispute, then the parties, Enter on a party's last field moving to the next),
then the mediation and the terms; Ctrl+Enter saves from anywhere. What is missing is marked at its field."""
from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtWidgets import (QAbstractItemView, QApplication, QCheckBox, QComboBox, QDialog, QFormLayout, QGroupBox,
                               QHBoxLayout, QHeaderView, QLineEdit, QPlainTextEdit, QPushButton, QTableWidget,
                               QTableWidgetItem, QVBoxLayout, QWidget)

from app import codes
from app.drafts import DisputeDraft, suggested_title
from app.errors import FieldError, ValidationFailed
from app.i18n import N_, _
from app.services import lookups, settings
from app.services.quick import QuickSettlement, QuickTerm, check_settlement, settle_on_the_spot
from app.views import DisputeView
from app import clock
from ui.backend import Backend
from ui.cell_tabbing import CellTabbing, edit_cell, rows_height
from ui.date_inputs import DateInput, DateTimeInput, read_date
from ui.form_flow import save_shortcut, tab_chain
from ui.messages import confirm, show_error
from ui.parties_editor import PartiesEditor
from ui.term_parties import deadline_label
from ui.widgets import code_combo, error_banner, mark_invalid, ok_cancel

COLUMNS = (N_("Content"), N_("Who performs"), N_("For whom"), N_("Amount (yuan)"), N_("Deadline"))


def _box(height: int = 50) -> QPlainTextEdit:
    box = QPlainTextEdit(tabChangesFocus=True)
    box.setMaximumHeight(height)
    return box


class QuickSettleDialog(QDialog):
    def __init__(self, backend: Backend, parent: QWidget | None = None):
        super().__init__(parent)
        self.backend = backend
        self.saved: DisputeView | None = None
        self.setWindowTitle(_("On-the-spot settlement (当场调解)"))
        self.resize(1100, 760)
        self.title, self.place = QLineEdit(), QLineEdit(placeholderText=_("e.g. 集市现场"))
        self.type = code_combo(codes.dispute_types(), blank=_("(choose)"))
        self.facts, self.statement, self.findings, self.risks = _box(60), _box(), _box(), _box()
        now = clock.local_now().replace(second=0, microsecond=0)
        self.when = DateTimeInput(now, maximum=now + timedelta(minutes=1))
        self._performance_days = self.backend.read(settings.work_rules).performance_days
        self.rights = QCheckBox(_("① Rights and duties told to the parties"), checked=True)
        self.principles = QCheckBox(_("② Principles and method explained, participants introduced"), checked=True)
        self.signed = QCheckBox(_("Everyone signed the record"), checked=True)
        self.parties = PartiesEditor()
        self.parties.set_lookup(lambda **kw: self.backend.query(lambda db: lookups.known_person(db, **kw)))
        self.parties.add_person.click()
        self.parties.add_person.click()
        self.parties.select(0)
        self.parties.changed.connect(self._refresh_party_choices)
        self.parties.changed.connect(self._suggest_title)
        self.type.currentIndexChanged.connect(self._suggest_title)
        self.terms = QTableWidget(0, len(COLUMNS))
        self.terms.setHorizontalHeaderLabels([_(c) for c in COLUMNS])
        self.terms.horizontalHeader().setSectionResizeMode(0, QHeaderView.Stretch)
        self.term_tabbing = CellTabbing(self.terms)
        add = QPushButton(_("Add term"))
        add.setAutoDefault(False)
        add.clicked.connect(lambda: edit_cell(self.terms, self.add_term(), 0))
        self.add_term()
        self.terms.setMinimumHeight(rows_height(self.terms, 3))
        case_form = QFormLayout()
        for label, widget in ((_("Dispute type") + " *", self.type), (_("Subject (事由)") + " *", self.title),
                              (_("Facts"), self.facts), (_("Time"), self.when), (_("Place"), self.place)):
            case_form.addRow(label, widget)
        session_form = QFormLayout()
        session_form.addRow("", self.rights)
        session_form.addRow("", self.principles)
        for label, widget in ((_("③ What the parties said"), self.statement),
                              (_("④ Findings checked with the parties"), self.findings),
                              (_("⑤ Risks explained"), self.risks)):
            session_form.addRow(label, widget)
        session_form.addRow("", self.signed)
        left = QVBoxLayout()
        case_box, session_box = QGroupBox(_("The dispute")), QGroupBox(_("The mediation"))
        case_box.setLayout(case_form)
        session_box.setLayout(session_form)
        left.addWidget(case_box)
        left.addWidget(self.parties, 3)
        terms_box = QGroupBox(_("Oral agreement (口头协议)"))
        terms_layout = QVBoxLayout(terms_box)
        terms_layout.addWidget(self.terms)
        terms_layout.addWidget(add)
        # reading order: the dispute and who is in it, then how it was mediated and what was agreed
        right = QVBoxLayout()
        right.addWidget(session_box)
        right.addWidget(terms_box, 2)
        body = QHBoxLayout()
        body.addLayout(left, 1)
        body.addLayout(right, 1)
        self.errors = error_banner()
        self.buttons = ok_cancel(self, _("Save and close the case (Ctrl+Enter)"), self.save)
        layout = QVBoxLayout(self)
        layout.addWidget(self.errors)
        layout.addLayout(body)
        layout.addWidget(self.buttons)
        save_shortcut(self, self.save)
        self.parties.form.agent.toggled.connect(lambda _on: self._chain_tabs())
        self._chain_tabs()
        self.type.setFocus()
        self._opened = self.typed()
        self.backend.runner.submit_db(lambda: self.backend.read(lookups.place_names), self._show_places,
                                      lambda _e: None)

    def typed(self) -> tuple:
        """Everything the user can type or choose, to tell whether the form was touched since it opened."""
        cells = tuple((self.terms.item(r, c).text() if self.terms.item(r, c) else "")
                      for r in range(self.terms.rowCount()) for c in (0, 3))
        return (self.title.text(), self.place.text(), self.type.currentIndex(), self.when.text(),
                *(box.toPlainText() for box in (self.facts, self.statement, self.findings, self.risks)),
                tuple(self.parties.drafts()), self.terms.rowCount(), cells)

    def reject(self) -> None:
        """取消 (or Esc, or closing the window) asks before a filled form is thrown away."""
        if self.saved is None and self.typed() != self._opened and not confirm(
                self, _("Discard changes?"), _("What you typed in this form has not been saved. Discard it?")):
            return
        super().reject()

    def _show_places(self, places: list[str]) -> None:
        try:
            self.parties.set_places(places)
        except RuntimeError:           # the screen was closed before the names came
            pass

    def tab_stops(self) -> list[QWidget]:
        return [self.type, self.title, self.facts, self.when, self.place, *self.parties.form.tab_stops(),
                self.rights, self.principles, self.statement, self.findings, self.risks, self.signed, self.terms,
                *self.buttons.buttons()]

    def _chain_tabs(self) -> None:
        tab_chain(self.tab_stops())

    def _suggest_title(self, *_args) -> None:
        self.title.setPlaceholderText(suggested_title(self.parties.drafts(), self.type.currentData() or ""))

    def _party_combo(self, allow_none: bool) -> QComboBox:
        combo = QComboBox()
        if allow_none:
            combo.addItem("", None)
        for i, p in enumerate(self.parties.drafts()):
            combo.addItem(p.name or _("Party {n}").format(n=i + 1), i)
        return combo

    def _refresh_party_choices(self) -> None:
        for row in range(self.terms.rowCount()):
            for column, allow_none in ((1, False), (2, True)):
                old = self.terms.cellWidget(row, column)
                combo = self._party_combo(allow_none)
                if old is not None and old.count() == combo.count():
                    index = combo.findData(old.currentData())     # the same parties: keep what was chosen
                else:   # the parties changed: the usual case, the respondent performs for the applicant
                    index = combo.findData(1 if column == 1 else 0)
                combo.setCurrentIndex(max(index, 0))
                self.terms.setCellWidget(row, column, combo)
                self.term_tabbing.watch(combo)

    def add_term(self) -> int:
        row = self.terms.rowCount()
        self.terms.insertRow(row)
        self.terms.setItem(row, 0, QTableWidgetItem(""))
        # usually the respondent performs for the applicant (李四赔偿张三): chosen unless changed
        obligor, obligee = self._party_combo(False), self._party_combo(True)
        if obligor.count() > 1:
            obligor.setCurrentIndex(obligor.findData(1))
            obligee.setCurrentIndex(obligee.findData(0))
        self.terms.setCellWidget(row, 1, obligor)
        self.terms.setCellWidget(row, 2, obligee)
        self.terms.setItem(row, 3, QTableWidgetItem(""))
        # the usual period after the agreement, which is made today on the spot (设置 → 工作时间与期限)
        field = DateInput(clock.today() + timedelta(days=self._performance_days), compact=True)
        self.terms.setCellWidget(row, 4, field)
        self.terms.setColumnWidth(4, field.sizeHint().width())     # the whole date and its weekday show
        for column in (1, 2, 4):
            self.term_tabbing.watch(self.terms.cellWidget(row, column))
        return row

    def settlement(self) -> QuickSettlement:
        if self.terms.state() == QAbstractItemView.State.EditingState:     # Ctrl+Enter while a cell is typed in
            self.terms.commitData(QApplication.focusWidget())
        terms, errors = [], []
        held: datetime = read_date(self.when, _("Time"), "held_at", errors)
        for row in range(self.terms.rowCount()):
            content = self.terms.item(row, 0).text().strip() if self.terms.item(row, 0) else ""
            if not content:
                continue
            due_on = read_date(self.terms.cellWidget(row, 4), deadline_label(row + 1), f"terms.{row}.due_on", errors)
            terms.append(QuickTerm(content=content, obligor=self.terms.cellWidget(row, 1).currentData() or 0,
                                   obligee=self.terms.cellWidget(row, 2).currentData(),
                                   amount=self.terms.item(row, 3).text() if self.terms.item(row, 3) else "",
                                   due_on=due_on))
        if errors:      # a time or a deadline typed wrongly: each said at its own field
            raise ValidationFailed(errors)
        return QuickSettlement(
            dispute=DisputeDraft(title=self.title.text().strip() or self.title.placeholderText(), type_code=self.type.currentData() or "",
                                 source_code=codes.CaseSource.APPLIED, registered_on=held.date(), facts=self.facts.toPlainText(),
                                 presiding_mediator_id=self.backend.operator_id, parties=tuple(self.parties.drafts())),
            held_at=held, place=self.place.text().strip() or _("on the spot"), statement=self.statement.toPlainText(),
            findings_checked=self.findings.toPlainText(), risks_explained=self.risks.toPlainText(),
            terms=tuple(terms), rights_told=self.rights.isChecked(),
            principles_explained=self.principles.isChecked(), all_signed=self.signed.isChecked())

    def save(self) -> None:
        """Check with the service's own rules, marking each field; then save on the DB worker."""
        if not self.buttons.isEnabled():          # already saving
            return
        try:
            settlement = self.settlement()
        except ValidationFailed as exc:    # a time or a deadline typed wrongly
            self.show_errors(exc.errors)
            return
        errors = check_settlement(settlement, now=clock.local_now() + timedelta(minutes=1))
        self.show_errors(errors)
        if errors:
            return
        self.buttons.setEnabled(False)
        operator = self.backend.operator_id
        self.backend.write(lambda s: settle_on_the_spot(s, settlement=settlement, by=operator),
                           self._saved, self._failed)

    def _saved(self, view: DisputeView) -> None:
        self.saved = view
        self.backend.events.cases_changed.emit([view.id])
        self.accept()

    def _failed(self, exc: Exception) -> None:
        self.buttons.setEnabled(True)
        if isinstance(exc, ValidationFailed):
            self.show_errors(exc.errors)
        else:
            show_error(self, exc, _("Not saved"))

    def _widget_for(self, key: str) -> QWidget | None:
        parts = key.split(".")
        if parts[0] == "parties" and len(parts) == 3:
            return self.parties.form.widgets.get(parts[2])
        if parts[0] == "terms" and len(parts) == 3:
            if parts[2] == "due_on":         # keyed by the table row (settlement() reads it there)
                return self.terms.cellWidget(int(parts[1]), 4)
            return self.terms if parts[2] == "content" else self.terms.cellWidget(int(parts[1]), 1)
        return {"title": self.title, "type_code": self.type, "facts": self.facts, "held_at": self.when,
                "place": self.place, "statement": self.statement, "terms": self.terms,
                "parties": self.parties.list}.get(key)

    def show_errors(self, errors: list[FieldError]) -> None:
        widgets = [self.title, self.type, self.facts, self.when, self.place, self.statement, self.terms,
                   self.parties.list, *self.parties.form.widgets.values(),
                   *(self.terms.cellWidget(row, 4) for row in range(self.terms.rowCount()))]
        for w in widgets:
            mark_invalid(w, None)
        self.errors.setVisible(bool(errors))
        self.errors.setText(_("Please correct the marked fields:") + "\n" + "\n".join(f"• {e}" for e in errors))
        first_party = next((e for e in errors if e.key.startswith("parties.")), None)
        if first_party:
            self.parties.select_typed(int(first_party.key.split(".")[1]))
        marked = [(w, e.message) for e in errors if (w := self._widget_for(e.key)) is not None
                  and (not e.key.startswith("parties.") or e.key.split(".")[1] == first_party.key.split(".")[1])]
        for widget, message in marked:
            mark_invalid(widget, message)
        if marked:
            marked[0][0].setFocus()
