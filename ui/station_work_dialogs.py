"""The forms of the 排查与预防 page: a screening visit with its findings, a report of a 信息员/网格员, a dispute
prevented. Each saves on the DB worker; a refusal marks the fields it names and keeps everything typed."""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QDialog, QFormLayout, QHBoxLayout, QHeaderView, QLabel, QLineEdit,
                               QListWidget, QListWidgetItem, QPlainTextEdit, QPushButton, QSpinBox, QTableWidget,
                               QVBoxLayout, QWidget)

from app import clock, codes
from app.date_text import DateTextError
from app.errors import ValidationFailed
from app.i18n import _
from app.services import lookups, prevention, screenings
from ui.backend import Backend
from ui.date_inputs import DateInput
from ui.messages import show_error
from ui.place_input import PlaceInput
from ui.widgets import code_combo, mark_invalid, ok_cancel


def mediator_checklist(backend: Backend) -> QListWidget:
    """The station's mediators, each with a tick box (who went, who prevented it)."""
    box = QListWidget()
    box.setMaximumHeight(90)
    for m in backend.query(lookups.mediators):
        item = QListWidgetItem(m.name)
        item.setData(Qt.UserRole, m.id)
        item.setFlags(item.flags() | Qt.ItemIsUserCheckable)
        item.setCheckState(Qt.Checked if m.id == backend.operator_id else Qt.Unchecked)
        box.addItem(item)
    return box


def checked(box: QListWidget) -> list[int]:
    return [box.item(i).data(Qt.UserRole) for i in range(box.count()) if box.item(i).checkState() == Qt.Checked]


def date_value(widget: DateInput):
    """The date, or the text as typed, which the service then names with how to write it."""
    try:
        return widget.value()
    except DateTextError:
        return widget.text()


class WorkerForm(QDialog):
    """A form whose save runs on the DB worker: errors listed at the top, each field named marked. Either given
    its labelled widgets and job (a function returning the save, a function of the session), or subclassed."""

    def __init__(self, backend: Backend, title: str, parent: QWidget | None = None, *,
                 rows: list[tuple[str, str, QWidget]] = (), job: Callable[[], Callable] | None = None,
                 ok_text: str = "", intro: str = "", changed: list[int] = ()):
        super().__init__(parent)
        self.backend = backend
        self.saved = None
        self._job, self._changed = job, list(changed)
        self.setWindowTitle(title)
        self.setMinimumWidth(620)
        self.errors = QLabel(wordWrap=True)
        self.errors.setStyleSheet("color: #b00000; background: #fff3f3; padding: 6px;")
        self.errors.hide()
        self.form = QFormLayout()
        self.fields: dict[str, QWidget] = {}
        self._marked: list[QWidget] = []
        self.layout_ = QVBoxLayout(self)
        self.layout_.addWidget(self.errors)
        self.layout_.addLayout(self.form)
        if intro:
            self.form.addRow(QLabel(intro, wordWrap=True))
        for key, label, widget in rows:
            self.row(key, label, widget)
        if job is not None:
            self.finish(ok_text or _("Save"))

    def row(self, key: str, label: str, widget: QWidget, shown: QWidget | None = None) -> QWidget:
        text = QLabel(label)
        text.setBuddy(widget)
        self.form.addRow(text, shown or widget)
        self.fields[key] = widget
        return widget

    def finish(self, ok_text: str) -> None:
        self.buttons = ok_cancel(self, ok_text, self.save)
        self.layout_.addWidget(self.buttons)

    def job(self) -> Callable:
        return self._job()

    def save(self) -> None:
        self.buttons.setEnabled(False)
        self.backend.write(self.job(), self._saved, self._failed)

    def _saved(self, view) -> None:
        self.saved = view
        self.backend.events.cases_changed.emit(self._changed)   # [] : the agenda and the lists follow
        self.accept()

    def _failed(self, exc: Exception) -> None:
        self.buttons.setEnabled(True)
        if not isinstance(exc, ValidationFailed):
            show_error(self, exc, _("Not saved"))
            return
        for w in [*self.fields.values(), *self._marked]:
            mark_invalid(w, None)
        self._marked = []
        self.errors.setText(_("Please correct the marked fields:") + "\n" + "\n".join(f"• {e}" for e in exc.errors))
        self.errors.show()
        for e in exc.errors:
            widget = self.field_of(e.key)
            if widget is not None:
                mark_invalid(widget, e.message)
                self._marked.append(widget)

    def field_of(self, key: str) -> QWidget | None:
        """The widget an error names: the field itself, else the field its key starts with."""
        return self.fields.get(key) or self.fields.get(key.split(".")[0])


class ScreeningDialog(WorkerForm):
    """排查走访: when, where, who went, and what was found (one line per finding)."""

    def __init__(self, backend: Backend, parent: QWidget | None = None):
        super().__init__(backend, _("Screening visit (排查)"), parent)
        self.visited_on = self.row("visited_on", _("Date of the visit") + " *", DateInput(clock.today(),
                                                                                        maximum=clock.today()))
        self.place = PlaceInput(backend)
        self.row("place_id", _("Village or community (村/社区)") + " *", self.place.place, self.place)
        self.fields["grid_id"] = self.place.grid
        self.who = self.row("mediator_ids", _("Who went"), mediator_checklist(backend))
        self.others = self.row("others", _("Others who went"), QLineEdit(placeholderText=_("e.g. 网格员赵六、村支书")))
        self.notes = self.row("notes", _("Notes"), QPlainTextEdit(tabChangesFocus=True))
        self.notes.setMaximumHeight(60)
        self.findings = QTableWidget(0, 5)
        self.findings.setHorizontalHeaderLabels([_("Dispute type"), _("What was found"), _("People involved"),
                                                 _("Risk level"), _("Handling")])
        self.findings.horizontalHeader().setSectionResizeMode(1, QHeaderView.Stretch)
        self.findings.setTabKeyNavigation(False)
        self.fields["findings"] = self.findings
        add, remove = QPushButton(_("Add finding")), QPushButton(_("Remove finding"))
        add.clicked.connect(self.add_finding)
        remove.clicked.connect(lambda: self.findings.removeRow(self.findings.currentRow()))
        row = QHBoxLayout()
        row.addWidget(add)
        row.addWidget(remove)
        row.addStretch(1)
        self.layout_.addWidget(QLabel(_("Findings (none: the visit found nothing)")))
        self.layout_.addWidget(self.findings, 1)
        self.layout_.addLayout(row)
        self.finish(_("Save"))
        self.resize(820, 620)

    def add_finding(self) -> None:
        n = self.findings.rowCount()
        self.findings.insertRow(n)
        # No preset type: a finding saved as 婚姻家庭 unnoticed would be counted under the wrong kind.
        self.findings.setCellWidget(n, 0, code_combo(codes.dispute_types(), blank=_("(choose)")))
        self.findings.setCellWidget(n, 1, QLineEdit())
        self.findings.setCellWidget(n, 2, QSpinBox(minimum=0, maximum=100000))
        self.findings.setCellWidget(n, 3, code_combo(codes.risk_levels()))
        handling = code_combo(codes.load("finding_handling"))
        handling.removeItem(handling.findData("case"))          # a case is registered from the finding afterwards
        self.findings.setCellWidget(n, 4, handling)
        self.findings.cellWidget(n, 1).setFocus()

    FINDING_COLUMNS = {"type_code": 0, "summary": 1, "people_involved": 2, "risk_level": 3, "handling": 4}

    def field_of(self, key: str) -> QWidget | None:
        """An error of a finding ("findings.2.type_code") marks that cell, not the whole table."""
        parts = key.split(".")
        if len(parts) == 3 and parts[0] == "findings" and parts[1].isdigit() and parts[2] in self.FINDING_COLUMNS:
            cell = self.findings.cellWidget(int(parts[1]), self.FINDING_COLUMNS[parts[2]])
            if cell is not None:
                return cell
        return super().field_of(key)

    def finding_drafts(self) -> list[screenings.FindingDraft]:
        cell = self.findings.cellWidget
        return [screenings.FindingDraft(summary=cell(n, 1).text(), type_code=cell(n, 0).currentData(),
                                        people_involved=cell(n, 2).value(), risk_level=cell(n, 3).currentData(),
                                        handling=cell(n, 4).currentData())
                for n in range(self.findings.rowCount())]

    def job(self) -> Callable:
        values = dict(visited_on=date_value(self.visited_on), place_id=self.place.value()[0],
                      grid_id=self.place.value()[1], mediator_ids=checked(self.who), others=self.others.text(),
                      notes=self.notes.toPlainText(), findings=self.finding_drafts())
        return lambda s: screenings.add_screening(s, **values)


class InfoReportDialog(WorkerForm):
    """A dispute reported by an information officer or grid worker."""

    def __init__(self, backend: Backend, parent: QWidget | None = None):
        super().__init__(backend, _("Report of an information officer or grid worker"), parent)
        self.reporter = self.row("reporter", _("Reported by") + " *", QLineEdit())
        self.role = self.row("reporter_role", _("Reporter's role"), code_combo(codes.load("reporter_roles")))
        self.reported_on = self.row("reported_on", _("Reported on") + " *", DateInput(clock.today(),
                                                                                    maximum=clock.today()))
        self.place = PlaceInput(backend)
        self.row("place_id", _("Village or community (村/社区)"), self.place.place, self.place)
        self.fields["grid_id"] = self.place.grid
        self.location = self.row("location", _("Where"), QLineEdit())
        self.content = self.row("content", _("What was reported") + " *", QPlainTextEdit(tabChangesFocus=True))
        self.finish(_("Save"))

    def job(self) -> Callable:
        values = dict(reporter=self.reporter.text(), reporter_role=self.role.currentData(),
                      reported_on=date_value(self.reported_on), content=self.content.toPlainText(),
                      place_id=self.place.value()[0], grid_id=self.place.value()[1], location=self.location.text())
        return lambda s: screenings.add_info_report(s, **values)


class PreventedDialog(WorkerForm):
    """A dispute prevented: when, where, which kind, how many people, how, by whom."""

    def __init__(self, backend: Backend, parent: QWidget | None = None):
        super().__init__(backend, _("Dispute prevented (预防)"), parent)
        self.on_date = self.row("on_date", _("Date") + " *", DateInput(clock.today(), maximum=clock.today()))
        self.place = PlaceInput(backend)
        self.row("place_id", _("Village or community (村/社区)") + " *", self.place.place, self.place)
        self.fields["grid_id"] = self.place.grid
        self.type = self.row("type_code", _("Dispute type") + " *",
                             code_combo(codes.dispute_types(), blank=_("(choose)")))
        self.people = self.row("people_involved", _("People involved") + " *", QSpinBox(minimum=0, maximum=100000))
        self.how = self.row("how", _("How it was prevented") + " *", QPlainTextEdit(tabChangesFocus=True))
        self.who = self.row("mediator_ids", _("By whom"), mediator_checklist(backend))
        self.others = self.row("others", _("Others"), QLineEdit())
        self.finish(_("Save"))

    def job(self) -> Callable:
        values = dict(on_date=date_value(self.on_date), type_code=self.type.currentData(),
                      people_involved=self.people.value(), how=self.how.toPlainText(), place_id=self.place.value()[0],
                      grid_id=self.place.value()[1], mediator_ids=checked(self.who), others=self.others.text())
        return lambda s: prevention.add_prevented(s, **values)



