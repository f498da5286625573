"""The 协议 tab: write the agreement (terms, reasoning, cited provisions), check it, sign it; then follow
the performance of each term and the judicial confirmation."""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QCheckBox, QComboBox, QFormLayout, QFrame, QHBoxLayout, QHeaderView,
                               QInputDialog, QLabel, QLineEdit, QListWidget, QListWidgetItem, QPlainTextEdit,
                               QPushButton, QRadioButton, QScrollArea, QSpinBox, QTableWidget,
                               QTableWidgetItem, QVBoxLayout, QWidget)

from app import clock, i18n
from app.codes import AgreementForm, ConfirmationResult, Performance
from app.errors import ValidationFailed
from app.i18n import N_, _
from app.record_views import CitationView
from app.services import agreements, settings
from app.services.case_record import CaseRecord
from ui.backend import Backend
from ui.cell_tabbing import CellTabbing, edit_cell, rows_height
from ui.date_inputs import DateInput, read_date
from ui.form_dialog import FormDialog
from ui.messages import show_error
from ui.record_tab import RecordTab
from ui.term_parties import SeveralButton, deadline_label
from ui.widgets import mark_invalid, set_combo_data

TERM_COLUMNS = (N_("Content"), N_("Who performs"), N_("For whom"), N_("Money"), N_("Amount (yuan)"), N_("Method"),
                N_("Place"), N_("Deadline"), N_("Several (连带 / 按份)"))
CONTENT_WIDTH = 260          # pixels: about fifteen characters of a term's content
NARROW_COLUMNS = {3: 64, 4: 90, 5: 80, 6: 80}     # money (a tick), amount, method, place

PERFORMANCE = {Performance.PENDING: N_("Pending"), Performance.PARTLY: N_("Partly performed"),
               Performance.PERFORMED: N_("Performed")}
PROBLEM_STYLE, COMPLETE_STYLE = "color: #b00000", "color: #1e7b34; font-weight: bold"
TABLE_ROWS = 4          # the terms table shows this many rows before it scrolls
CONFIRMATION = {ConfirmationResult.CONFIRMED: N_("confirmed"), ConfirmationResult.REJECTED: N_("rejected"),
                ConfirmationResult.WITHDRAWN: N_("withdrawn")}


class AgreementTab(RecordTab):
    def __init__(self, backend: Backend, record: CaseRecord, changed: Callable[[], None],
                 parent: QWidget | None = None):
        super().__init__(backend, record, changed, parent)
        self.parties = [p for p in record.dispute.parties]
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        a = record.agreement
        # Scrolled: the editor is taller than the case window on a 1366x768 screen, and squeezed into it the text
        # boxes were one line high.
        scroll = QScrollArea(widgetResizable=True, frameShape=QFrame.Shape.NoFrame)
        scroll.setWidget(self._signed_view(a) if a is not None and a.signed_on is not None else self._editor(a))
        layout.addWidget(scroll)

    # --- writing ------------------------------------------------------------------------------------
    def _editor(self, a) -> QWidget:
        page = QWidget()
        self.written = QRadioButton(_("Written agreement (人民调解协议书)"), checked=a is None or a.form == AgreementForm.WRITTEN)
        self.oral = QRadioButton(_("Oral agreement (口头协议)"), checked=a is not None and a.form == AgreementForm.ORAL)
        self.texts = {}
        for key, label in (("facts", N_("Facts found (经调查查明)")), ("matters", N_("Matters in dispute")),
                           ("responsibilities", N_("Each party's responsibility")),
                           ("findings", N_("Reasoning: what was found")),
                           ("fairness", N_("Reasoning: why the terms are fair"))):
            box = QPlainTextEdit(getattr(a, key) if a else (self.record.dispute.facts if key == "facts" else ""),
                                 tabChangesFocus=True)
            box.setMaximumHeight(58)
            box.setMinimumHeight(46)
            self.texts[key] = (label, box)
        self.copies = QSpinBox(minimum=0, maximum=20, specialValueText=_("(parties + 1)"))
        self.copies.setValue(a.copies if a else 0)
        self.status_matter = QCheckBox(_("Concerns marriage, adoption or status relations (not confirmable)"),
                                       checked=bool(a and a.status_matter))
        self.terms = QTableWidget(0, len(TERM_COLUMNS))
        self.terms.setHorizontalHeaderLabels([_(c) for c in TERM_COLUMNS])
        # the content keeps room to be read (a stretched column shrank to "支…" beside eight others); the
        # table scrolls sideways when the window is narrow, and the last column takes what is left
        header = self.terms.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.terms.setColumnWidth(0, CONTENT_WIDTH)
        for column, width in NARROW_COLUMNS.items():
            self.terms.setColumnWidth(column, width)
        self.term_tabbing = CellTabbing(self.terms)
        for t in (a.terms if a else ()):
            self.add_term(t)
        # room for several terms from the start (seen under Xvfb: one row high, the second behind a scroll bar)
        self.terms.setMinimumHeight(rows_height(self.terms, TABLE_ROWS))
        add, remove = QPushButton(_("Add term")), QPushButton(_("Remove term"))
        add.setAutoDefault(False)
        add.clicked.connect(self.add_and_edit_term)
        remove.clicked.connect(lambda: self.terms.removeRow(self.terms.currentRow()))
        self.citations = QListWidget()
        for c in (a.citations if a else ()):
            self._add_citation(c)
        self.provision_search = QLineEdit(placeholderText=_("Search provisions to cite: 相邻, 赡养, 第三十三条…"))
        self.provisions = QListWidget()
        self.provision_search.textChanged.connect(self._search_provisions)
        self.provisions.itemActivated.connect(lambda item: self._add_citation(item.data(Qt.UserRole)))
        self.citations.itemActivated.connect(lambda item: self.citations.takeItem(self.citations.row(item)))
        self._search_provisions("")
        own = QPushButton(_("Add a provision to the catalogue…"))
        own.setAutoDefault(False)
        own.clicked.connect(self.add_provision)
        refer = QPushButton(_("Refer to typical cases…"))     # 以案释法: a quoted passage into the reasoning
        refer.setAutoDefault(False)
        refer.clicked.connect(self.refer_to_library)
        save, sign = QPushButton(_("Save draft")), QPushButton(_("Check and sign…"))
        save.clicked.connect(lambda: self.save())     # not the button's `checked` as `then`
        self.save_button = save
        sign.clicked.connect(self.sign)
        self.missing = QLabel(wordWrap=True)
        form = QFormLayout()
        form.addRow(_("Form"), self.written)
        form.addRow("", self.oral)
        for label, box in self.texts.values():
            form.addRow(_(label), box)
        form.addRow(_("Copies"), self.copies)
        form.addRow("", self.status_matter)
        term_buttons = QHBoxLayout()
        term_buttons.addWidget(add)
        term_buttons.addWidget(remove)
        term_buttons.addStretch(1)
        cite = QHBoxLayout()
        left = QVBoxLayout()
        left.addWidget(QLabel(_("Legal basis cited (double-click to remove)")))
        left.addWidget(self.citations)
        right = QVBoxLayout()
        right.addWidget(self.provision_search)
        right.addWidget(self.provisions)
        right.addWidget(own)
        right.addWidget(refer)
        cite.addLayout(left)
        cite.addLayout(right)
        actions = QHBoxLayout()
        actions.addWidget(self.missing, 1)
        actions.addWidget(save)
        actions.addWidget(sign)
        layout = QVBoxLayout(page)
        layout.addLayout(form)
        layout.addWidget(QLabel(_("Terms (numbered in this order)")))
        layout.addWidget(self.terms, 1)
        layout.addLayout(term_buttons)
        layout.addLayout(cite)
        layout.addLayout(actions)
        return page

    def _party_combo(self, uid: str) -> QComboBox:
        combo = QComboBox()
        combo.addItem("", "")
        for p in self.parties:
            combo.addItem(p.name, p.uid)
        set_combo_data(combo, uid)
        return combo

    def add_term(self, t=None) -> int:
        row = self.terms.rowCount()
        self.terms.insertRow(row)
        self.terms.setItem(row, 0, QTableWidgetItem(t.content if t else ""))
        self.terms.setCellWidget(row, 1, self._party_combo(t.obligor_uid if t else ""))
        self.terms.setCellWidget(row, 2, self._party_combo(t.obligee_uid if t else ""))
        self.terms.setCellWidget(row, 3, QCheckBox(checked=bool(t and t.involves_money)))
        self.terms.setItem(row, 4, QTableWidgetItem("" if not t or t.amount is None else f"{t.amount:.2f}"))
        self.terms.setItem(row, 5, QTableWidgetItem(t.method if t else ""))
        self.terms.setItem(row, 6, QTableWidgetItem(t.place if t else ""))
        if t and t.due_on:
            due = t.due_on
        else:   # the usual period after signing (设置 → 工作时间与期限); signing is expected today
            due = self.backend.read(settings.work_rules).performance_due(clock.today())
        field = DateInput(due, compact=True)
        self.terms.setCellWidget(row, 7, field)
        self.terms.setColumnWidth(7, field.sizeHint().width())     # the whole date and its weekday show
        self.terms.setCellWidget(row, 8, SeveralButton(self.parties, t))
        for column in (1, 2, 3, 7, 8):
            self.term_tabbing.watch(self.terms.cellWidget(row, column))
        return row

    def add_and_edit_term(self) -> int:
        """添加条款: a new row, the focus in its content cell ready for typing (Tab then walks its cells)."""
        row = self.add_term()
        edit_cell(self.terms, row, 0)
        return row

    def _search_provisions(self, text: str) -> None:
        self.provisions.clear()
        for p in self.backend.read(lambda s: agreements.search_provisions(s, text=text))[:60]:
            item = QListWidgetItem(f"{p.law}{p.article}：{p.gist}")
            item.setData(Qt.UserRole, CitationView(p.law, p.article, p.gist))
            self.provisions.addItem(item)

    def add_provision(self) -> None:
        """A provision the station cites that the catalogue lacks (e.g. a village covenant)."""
        law, article, gist, topic = QLineEdit(), QLineEdit(), QPlainTextEdit(tabChangesFocus=True), QLineEdit()
        gist.setMaximumHeight(60)

        def save():
            values = dict(law=law.text(), article=article.text(), gist=gist.toPlainText(), topic=topic.text())
            return self.backend.submit(lambda s: agreements.add_provision(s, **values)).then(
                lambda _p: self._search_provisions(self.provision_search.text()), lambda _e: None)

        dialog = FormDialog(_("Add a provision"), [(_("Law"), law), (_("Article"), article), (_("Gist"), gist),
                                                   (_("Topic"), topic)], save, _("Add"), self)
        dialog.setModal(True)
        dialog.open()          # not open_dialog: adding to the catalogue does not change the case
        self._dialog = dialog

    def refer_to_library(self) -> None:
        from ui.library_dialogs import ReferenceDialog

        text = "\n".join(box.toPlainText() for _label, box in self.texts.values())
        dialog = ReferenceDialog(self.backend, self.record.dispute.id, text,
                                 self.texts["findings"][1].insertPlainText, self)
        dialog.setModal(True)
        dialog.open()
        self._dialog = dialog

    def _add_citation(self, c: CitationView) -> None:
        item = QListWidgetItem(f"《{c.law}》{c.article}：{c.gist}")
        item.setData(Qt.UserRole, c)
        self.citations.addItem(item)

    def draft(self) -> agreements.AgreementDraft:
        """What the form holds; a mistyped deadline raises ValidationFailed naming its term (key terms.<row>.due_on)."""
        terms, errors = [], []
        for row in range(self.terms.rowCount()):
            due_on = read_date(self.terms.cellWidget(row, 7), deadline_label(row + 1), f"terms.{row}.due_on", errors)
            terms.append(agreements.TermDraft(
                content=self._cell(row, 0), obligor_uid=self.terms.cellWidget(row, 1).currentData(),
                obligee_uid=self.terms.cellWidget(row, 2).currentData(),
                involves_money=self.terms.cellWidget(row, 3).isChecked(), amount=self._cell(row, 4).strip() or None,
                method=self._cell(row, 5), place=self._cell(row, 6),
                due_on=due_on,
                **self.terms.cellWidget(row, 8).values(self.terms.cellWidget(row, 1).currentData())))
        if errors:
            raise ValidationFailed(errors)
        return agreements.AgreementDraft(
            form=AgreementForm.WRITTEN if self.written.isChecked() else AgreementForm.ORAL,
            **{k: box.toPlainText().strip() for k, (_label, box) in self.texts.items()},
            copies=self.copies.value() or None, status_matter=self.status_matter.isChecked(), terms=tuple(terms),
            citations=tuple(self.citations.item(i).data(Qt.UserRole) for i in range(self.citations.count())))

    def _cell(self, row: int, column: int) -> str:
        item = self.terms.item(row, column)
        return item.text() if item else ""

    def save(self, then: Callable[[], None] | None = None) -> None:
        """Store the draft on the DB worker, then say what is still missing; go on with `then` only when nothing
        is (signing an incomplete agreement would be refused after the signers were asked for)."""
        if self.terms.state() == QAbstractItemView.State.EditingState:      # a cell still being typed in
            self.terms.commitData(QApplication.focusWidget())
        try:
            draft = self.draft()
        except ValidationFailed as exc:     # a deadline mistyped: said and marked at its cell, nothing saved
            self._show_problem("\n".join(str(e) for e in exc.errors))
            for e in exc.errors:
                mark_invalid(self._due_cell(e.key), e.message)
            first = int(exc.errors[0].key.split(".")[1])
            self.terms.scrollTo(self.terms.model().index(first, 7))
            self.terms.cellWidget(first, 7).setFocus()
            return
        dispute_id = self.record.dispute.id

        def job(s):
            agreements.save_agreement(s, dispute_id=dispute_id, draft=draft)
            return agreements.check_agreement(s, dispute_id=dispute_id)

        def saved(missing: list[str]) -> None:
            self.setEnabled(True)
            if missing:
                self._show_problem(_("Still missing: {parts}").format(parts="；".join(missing)))
            else:       # not in the red of what is missing: it is good news
                self.missing.setStyleSheet(COMPLETE_STYLE)
                self.missing.setText(_("Complete: ready to sign."))
            if then is not None and not missing:
                then()

        def failed(exc: Exception) -> None:
            self.setEnabled(True)
            show_error(self, exc, _("Not saved"))
        self.setEnabled(False)            # busy: the tab greyed until the worker answers
        self.backend.write(job, saved, failed)

    def _due_cell(self, key: str) -> QWidget:
        return self.terms.cellWidget(int(key.split(".")[1]), 7)

    def _show_problem(self, text: str) -> None:
        self.missing.setStyleSheet(PROBLEM_STYLE)
        self.missing.setText(text)

    def sign(self) -> None:
        self.save(then=self._ask_signatories)

    def _ask_signatories(self) -> None:
        names, ok = QInputDialog.getText(self, _("Sign the agreement"), _("Who signed (names):"),
                                         text="、".join(p.signs_as for p in self.parties))
        if not ok:
            return
        dispute_id, today = self.record.dispute.id, clock.today()
        self._write(lambda s: agreements.sign_agreement(s, dispute_id=dispute_id, signed_on=today,
                                                        signatories=names))

    def _write(self, fn: Callable) -> None:
        """A write on the DB worker, the tab greyed meanwhile; the case reloads after it."""
        def done(_result: object) -> None:
            self.setEnabled(True)
            self.changed()

        def failed(exc: Exception) -> None:
            self.setEnabled(True)
            show_error(self, exc)
        self.setEnabled(False)
        self.backend.write(fn, done, failed)

    # --- after signing ------------------------------------------------------------------------------
    def _signed_view(self, a) -> QWidget:
        page = QWidget()
        names = {p.uid: p.name for p in self.parties}
        head = QLabel(_("{form} agreement, signed on {date} by {who}; copies: {copies}.").format(
            form=_("Written") if a.form == AgreementForm.WRITTEN else _("Oral"), date=i18n.format_date(a.signed_on),
            who=a.signatories, copies=a.copies), wordWrap=True)
        self.performance = QTableWidget(len(a.terms), 5)
        self.performance.setHorizontalHeaderLabels([_("Term"), _("Deadline"), _("Amount (yuan)"), _("Performance"),
                                                    _("Evidence of performance")])
        for r, t in enumerate(a.terms):
            state = _(PERFORMANCE[t.performance]) + (" ⚠" if t.overdue(clock.today()) else "")
            for c, text in enumerate((f"{t.position}. {names.get(t.obligor_uid, '')}：{t.content}",
                                      t.due_on.isoformat() if t.due_on else "", i18n.format_amount(t.amount), state,
                                      t.performance_note)):
                self.performance.setItem(r, c, QTableWidgetItem(text))
        self.performance.resizeColumnsToContents()
        mark = QPushButton(_("Record performance of the selected term…"))
        mark.clicked.connect(lambda: self.mark_performed(a))
        jc = QLabel(self._jc_text(a), wordWrap=True)
        apply_jc = QPushButton(_("Record judicial confirmation…"))
        apply_jc.clicked.connect(self.record_confirmation)
        apply_jc.setEnabled(a.form == AgreementForm.WRITTEN and not a.status_matter and a.jc_result is None)
        row = QHBoxLayout()
        row.addWidget(mark)
        row.addWidget(apply_jc)
        row.addStretch(1)
        layout = QVBoxLayout(page)
        layout.addWidget(head)
        layout.addWidget(self.performance, 1)
        layout.addWidget(jc)
        layout.addLayout(row)
        self._agreement = a
        return page

    @staticmethod
    def _jc_text(a) -> str:
        if a.status_matter:
            return _("Judicial confirmation: not possible for marriage, adoption or status relations.")
        if a.jc_applied_on:
            result = _(CONFIRMATION[a.jc_result]) if a.jc_result in CONFIRMATION else _("awaiting the court")
            return _("Judicial confirmation: applied on {date} to {court}; {result}.").format(
                date=a.jc_applied_on.isoformat(), court=a.jc_court, result=result)
        if a.form != AgreementForm.WRITTEN:
            return ""
        return _("Judicial confirmation: the parties may apply jointly until {date}.").format(
            date=a.jc_window_ends.isoformat())

    def mark_performed(self, a) -> None:
        row = self.performance.currentRow()
        if row < 0:
            return
        states = [Performance.PERFORMED, Performance.PARTLY, Performance.PENDING]
        labels = [_(PERFORMANCE[s]) for s in states]
        chosen, ok = QInputDialog.getItem(self, _("Performance"), _("Term {n}:").format(n=row + 1), labels, 0, False)
        if not ok:
            return
        state = states[labels.index(chosen)]
        note = ""
        if state != Performance.PENDING:
            note, ok = QInputDialog.getText(self, _("Term performed"), _("Receipt or evidence (e.g. 收条, 转账凭证):"))
            if not ok:
                return
        term_id, on = a.terms[row].id, clock.today() if state != Performance.PENDING else None
        self._write(lambda s: agreements.record_performance(s, term_id=term_id, performance=state, on=on,
                                                            note=note))

    def record_confirmation(self) -> None:
        a, dispute_id, today = self._agreement, self.record.dispute.id, clock.today()
        if a.jc_applied_on is None:
            court, ok = QInputDialog.getText(self, _("Judicial confirmation"), _("Court applied to:"))
            if ok:
                self._write(lambda s: agreements.apply_for_confirmation(s, dispute_id=dispute_id, applied_on=today,
                                                                        court=court))
        else:
            answers = list(CONFIRMATION)
            results = [_(CONFIRMATION[r]) for r in answers]
            chosen, ok = QInputDialog.getItem(self, _("Judicial confirmation"), _("The court's decision:"),
                                              results, 0, False)
            if ok:
                result = answers[results.index(chosen)]
                self._write(lambda s: agreements.record_confirmation_result(s, dispute_id=dispute_id, result=result,
                                                                            on=today))
