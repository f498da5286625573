"""工作日志 and 月度工作报告: a mediator's log of a month (export to xlsx) and the station's monthly report (the
head's 工作小结, saved as PDF). Every read and write runs on the DB worker; files are written on the I/O pool."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QComboBox, QDialog, QFileDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit,
                               QPlainTextEdit, QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from app import access, clock, safe_names
from app.i18n import _
from ui.backend import Backend
from ui.messages import show_error


def _month_field() -> QLineEdit:
    field = QLineEdit(clock.today().strftime("%Y-%m"))
    field.setPlaceholderText(_("the month, e.g. 2026-11"))
    field.setMaximumWidth(120)
    return field


def _fill(table: QTableWidget, headers: list[str], rows: list[tuple[str, ...]]) -> None:
    table.clear()
    table.setColumnCount(len(headers))
    table.setRowCount(len(rows))
    table.setHorizontalHeaderLabels(headers)
    for i, row in enumerate(rows):
        for j, value in enumerate(row):
            table.setItem(i, j, QTableWidgetItem(value))
    table.resizeColumnsToContents()
    table.horizontalHeader().setStretchLastSection(True)


def _save_file(parent: QWidget, backend: Backend, data: bytes, path: str) -> None:
    from app.files import write_atomically

    backend.runner.submit_io(lambda: write_atomically(data, path),
                             lambda _r: parent.status.setText(_("Written {path}.").format(path=path)),
                             lambda e: show_error(parent, e))


class WorkLogDialog(QDialog):
    """A mediator picker, a month, the log as a table, and 导出 to xlsx."""

    def __init__(self, backend: Backend, parent: QWidget | None = None):
        super().__init__(parent)
        self.backend, self.log = backend, None
        self.setWindowTitle(_("Work log"))
        self.resize(900, 560)
        self.mediator = QComboBox()
        self.month = _month_field()
        self.month.returnPressed.connect(self.refresh)
        show = QPushButton(_("Show"))
        show.clicked.connect(self.refresh)
        self.export = QPushButton(_("Export to Excel…"))
        self.export.setEnabled(False)
        self.export.clicked.connect(self.save)
        controls = QHBoxLayout()
        for w in (QLabel(_("Mediator")), self.mediator, QLabel(_("Month")), self.month, show):
            controls.addWidget(w)
        controls.addStretch(1)
        controls.addWidget(self.export)
        self.table = QTableWidget()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.status = QLabel()
        layout = QVBoxLayout(self)
        layout.addLayout(controls)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        from app.services import lookups

        backend.runner.submit_db(lambda: backend.read(lambda s: lookups.mediators(s, active_only=False)),
                                 self._mediators, lambda e: show_error(self, e))

    def _mediators(self, found) -> None:
        me = self.backend.actor.mediator_id
        for m in found:
            self.mediator.addItem(m.name, m.id)
        if me is not None and self.mediator.findData(me) >= 0:
            self.mediator.setCurrentIndex(self.mediator.findData(me))
        self.refresh()

    def refresh(self) -> None:
        from app.services import worklog
        from app.services.monthly_report import parse_month

        mediator_id = self.mediator.currentData()
        if mediator_id is None:
            return
        try:
            period = parse_month(self.month.text())
        except Exception as exc:      # a MediationError saying how to write the month
            show_error(self, exc)
            return
        backend = self.backend
        actor = backend.actor

        def load():
            def read(s):
                s.info["actor"] = actor
                return worklog.work_log(s, mediator_id=mediator_id, period=period)
            return backend.read(read)
        backend.runner.submit_db(load, self.show_log, lambda e: show_error(self, e), label=_("Counting…"),
                                 parent=self)

    def show_log(self, log) -> None:
        from app.services import worklog

        self.log = log
        _fill(self.table, [_(h) for h in worklog.HEADERS], worklog.table_rows(log))
        counts = "，".join(f"{_(worklog.KIND_LABELS[k])} {n}" for k, n in log.counts().items())
        self.status.setText(_("{n} entries").format(n=len(log.entries)) + (f"：{counts}" if counts else ""))
        self.export.setEnabled(True)

    def save(self) -> None:
        from app.services import worklog

        if self.log is None:
            return
        name = safe_names.file_name("工作日志", f"{self.log.mediator}-{self.log.period.label}", suffix=".xlsx")
        path, _chosen = QFileDialog.getSaveFileName(self, _("Export to Excel…"), name, "Excel (*.xlsx)")
        if path:
            _save_file(self, self.backend, worklog.to_xlsx(self.log), path if path.endswith(".xlsx")
                       else path + ".xlsx")


class MonthlyReportDialog(QDialog):
    """The month's figures, the head's 工作小结 (saved), and the report saved as PDF."""

    def __init__(self, backend: Backend, parent: QWidget | None = None):
        super().__init__(parent)
        self.backend, self.figures = backend, None
        self.setWindowTitle(_("Monthly work report"))
        self.resize(760, 640)
        self.month = _month_field()
        self.month.returnPressed.connect(self.refresh)
        show = QPushButton(_("Show"))
        show.clicked.connect(self.refresh)
        self.pdf = QPushButton(_("Save as PDF…"))
        self.pdf.setEnabled(False)
        self.pdf.clicked.connect(self.save_pdf)
        controls = QHBoxLayout()
        for w in (QLabel(_("Month")), self.month, show):
            controls.addWidget(w)
        controls.addStretch(1)
        controls.addWidget(self.pdf)
        self.table = QTableWidget()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.by_type = QTableWidget()
        self.by_type.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.summary = QPlainTextEdit(tabChangesFocus=True)
        self.summary.setPlaceholderText(_("The head's short summary of the month's work (工作小结)."))
        self.summary.setMaximumHeight(110)
        self.save_summary = QPushButton(_("Save summary"))
        self.save_summary.clicked.connect(self.store_summary)
        head = access.may(backend.actor, "settings")
        self.summary.setReadOnly(not head)
        self.save_summary.setEnabled(head)
        self.status = QLabel()
        self.status.setWordWrap(True)
        tables = QHBoxLayout()
        tables.addWidget(self.table, 1)
        tables.addWidget(self.by_type, 2)
        form = QFormLayout()
        form.addRow(_("Work summary"), self.summary)
        layout = QVBoxLayout(self)
        layout.addLayout(controls)
        layout.addLayout(tables, 1)
        layout.addLayout(form)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save_summary)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        self.refresh()

    def _period(self):
        from app.services.monthly_report import parse_month

        try:
            return parse_month(self.month.text())
        except Exception as exc:      # a MediationError saying how to write the month
            show_error(self, exc)
            return None

    def refresh(self) -> None:
        from app.services import monthly_report

        period = self._period()
        if period is None:
            return
        self.backend.runner.submit_db(lambda: self.backend.read(lambda s: monthly_report.compute(
            s, month=period.label)), self.show_figures, lambda e: show_error(self, e), label=_("Counting…"),
            parent=self)

    def show_figures(self, f) -> None:
        from app.services.monthly_report import figure_lines

        self.figures = f
        _fill(self.table, [_("Item"), _("Figure")], figure_lines(f))
        _fill(self.by_type, ["纠纷类型", "登记", "受理", "调解成功", "调解不成", "终止调解"],
              [(t.label, str(t.registered), str(t.accepted), str(t.settled), str(t.failed), str(t.ended))
               for t in f.by_type])
        self.summary.setPlainText(f.summary)
        self.status.setText(_("Overdue at the end of the month: {cases}").format(
            cases="、".join(f.overdue_cases) or _("none")))
        self.pdf.setEnabled(True)

    def store_summary(self) -> None:
        from app.services import monthly_report

        period = self._period()
        if period is None:
            return
        text, by = self.summary.toPlainText(), self.backend.actor.mediator_id
        self.backend.write(lambda s: monthly_report.save_summary(s, month=period.label, text=text, by=by),
                           lambda f: (self.show_figures(f), self.status.setText(_("The summary is saved."))),
                           lambda e: show_error(self, e), parent=self)

    def save_pdf(self) -> None:
        from app.documents.monthly import print_monthly

        period = self._period()
        if period is None:
            return
        name = safe_names.file_name("月度工作报告", period.label, suffix=".pdf")
        path, _chosen = QFileDialog.getSaveFileName(self, _("Save as PDF…"), name, "PDF (*.pdf)")
        if not path:
            return
        path = path if path.lower().endswith(".pdf") else path + ".pdf"
        self.backend.runner.submit_db(lambda: self.backend.read(lambda s: print_monthly(s, month=period.label)),
                                      lambda result: self._write(result[1], path), lambda e: show_error(self, e),
                                      label=_("Printing…"), parent=self)

    def _write(self, printout, path: str) -> None:
        _save_file(self, self.backend, printout.pdf, path)
        if printout.warnings():
            self.status.setText(" ".join(printout.warnings()))
