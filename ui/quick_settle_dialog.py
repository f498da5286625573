"""On-the-spot settlement (当场调解): one screen for a small dispute settled there and then with an oral
agreement: the case, its parties, the session and the terms, saved together and closed."""
from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QFormLayout, QGroupBox,
                               QHBoxLayout, QHeaderView, QLineEdit, QPlainTextEdit, QPushButton, QTableWidget, QTableWidgetItem,
                               QVBoxLayout, QWidget)

from app import codes
from app.drafts import DisputeDraft
from app.i18n import N_, _
from app.services import settings
from app.services.quick import QuickSettlement, QuickTerm, settle_on_the_spot
from app.views import DisputeView
from app import clock
from ui.backend import Backend
from ui.date_inputs import DateInput, DateTimeInput
from ui.parties_editor import PartiesEditor
from ui.widgets import code_combo, ok_cancel, save_or_explain

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
        self.parties.add_person.click()
        self.parties.add_person.click()
        self.parties.select(0)
        self.parties.changed.connect(self._refresh_party_choices)
        self.terms = QTableWidget(0, len(COLUMNS))
        self.terms.setHorizontalHeaderLabels([_(c) for c in COLUMNS])
        self.terms.horizontalHeader().setSectionResizeMode(0, QHeaderView.Stretch)
        add = QPushButton(_("Add term"))
        add.setAutoDefault(False)
        add.clicked.connect(self.add_term)
        self.add_term()
        case_form = QFormLayout()
        for label, widget in ((_("Subject (事由)") + " *", self.title), (_("Dispute type") + " *", self.type),
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
        left.addWidget(session_box)
        terms_box = QGroupBox(_("Oral agreement (口头协议)"))
        terms_layout = QVBoxLayout(terms_box)
        terms_layout.addWidget(self.terms)
        terms_layout.addWidget(add)
        right = QVBoxLayout()
        right.addWidget(self.parties, 3)
        right.addWidget(terms_box, 2)
        body = QHBoxLayout()
        body.addLayout(left, 1)
        body.addLayout(right, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(body)
        layout.addWidget(ok_cancel(self, _("Save and close the case"), lambda: save_or_explain(self, self.save)))
        self.title.setFocus()

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
                chosen = old.currentData() if old else None
                combo = self._party_combo(allow_none)
                index = combo.findData(chosen)
                combo.setCurrentIndex(max(index, 0))
                self.terms.setCellWidget(row, column, combo)

    def add_term(self) -> int:
        row = self.terms.rowCount()
        self.terms.insertRow(row)
        self.terms.setItem(row, 0, QTableWidgetItem(""))
        self.terms.setCellWidget(row, 1, self._party_combo(False))
        self.terms.setCellWidget(row, 2, self._party_combo(True))
        self.terms.setItem(row, 3, QTableWidgetItem(""))
        # the usual period after the agreement, which is made today on the spot (设置 → 工作时间与期限)
        field = DateInput(clock.today() + timedelta(days=self._performance_days), compact=True)
        self.terms.setCellWidget(row, 4, field)
        self.terms.setColumnWidth(4, field.sizeHint().width())     # the whole date and its weekday show
        return row

    def settlement(self) -> QuickSettlement:
        terms = []
        for row in range(self.terms.rowCount()):
            content = self.terms.item(row, 0).text().strip() if self.terms.item(row, 0) else ""
            if not content:
                continue
            terms.append(QuickTerm(content=content, obligor=self.terms.cellWidget(row, 1).currentData() or 0,
                                   obligee=self.terms.cellWidget(row, 2).currentData(),
                                   amount=self.terms.item(row, 3).text() if self.terms.item(row, 3) else "",
                                   due_on=self.terms.cellWidget(row, 4).value()))
        held: datetime = self.when.value()
        return QuickSettlement(
            dispute=DisputeDraft(title=self.title.text(), type_code=self.type.currentData() or "",
                                 source_code=codes.CaseSource.APPLIED, registered_on=held.date(), facts=self.facts.toPlainText(),
                                 presiding_mediator_id=self.backend.operator_id, parties=tuple(self.parties.drafts())),
            held_at=held, place=self.place.text() or _("on the spot"), statement=self.statement.toPlainText(),
            findings_checked=self.findings.toPlainText(), risks_explained=self.risks.toPlainText(),
            terms=tuple(terms), rights_told=self.rights.isChecked(),
            principles_explained=self.principles.isChecked(), all_signed=self.signed.isChecked())

    def save(self):
        settlement, operator = self.settlement(), self.backend.operator_id
        return self.backend.submit(lambda s: settle_on_the_spot(s, settlement=settlement, by=operator)).then(
            self._saved, lambda _exc: None)      # on the DB worker; save_or_explain shows the dialog busy

    def _saved(self, view) -> None:
        self.saved = view
        self.backend.events.cases_changed.emit([view.id])
