"""The 回访 tab: the scheduled follow-up visits, and recording one."""
from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from app import codes
from app.i18n import _
from app.services import follow_ups
from app.services.case_record import CaseRecord
from app import clock
from ui.backend import Backend
from ui.date_inputs import DateInput
from ui.form_dialog import FormDialog
from ui.record_tab import RecordTab
from ui.widgets import code_combo


class FollowUpTab(RecordTab):
    def __init__(self, backend: Backend, record: CaseRecord, changed: Callable[[], None],
                 parent: QWidget | None = None):
        super().__init__(backend, record, changed, parent)
        self.list = QTreeWidget()
        self.list.setHeaderLabels([_("Due"), _("Visited on"), _("Who was visited"), _("Performance"),
                                   _("Satisfaction"), _("Signs of escalation"), _("Measures")])
        for f in record.follow_ups:
            self.list.addTopLevelItem(QTreeWidgetItem([
                f.due_on.isoformat(), f.visited_on.isoformat() if f.visited_on else _("(not yet)"), f.persons_visited,
                f.performance, codes.load("satisfaction").label(f.satisfaction) if f.satisfaction else "",
                f.escalation_signs, f.measures]))
        buttons = self.button_row([("record", _("Record visit…"), self.record_visit),
                                   ("schedule", _("Schedule another visit…"), self.schedule)])
        self.buttons["record"].setEnabled(any(f.visited_on is None for f in record.follow_ups))
        layout = QVBoxLayout(self)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)

    def record_visit(self) -> None:
        pending = next(f for f in self.record.follow_ups if f.visited_on is None)
        on = DateInput(clock.today(), maximum=clock.today())
        persons, performance = QLineEdit(), QPlainTextEdit(tabChangesFocus=True)
        satisfaction = code_combo(codes.load("satisfaction"))
        signs, measures = QLineEdit(), QLineEdit()
        operator = self.backend.operator_id

        def save():
            return self.backend.write_now(lambda s: follow_ups.record_follow_up(
                s, follow_up_id=pending.id, visited_on=on.value(), visitor_id=operator,
                persons_visited=persons.text(), performance=performance.toPlainText(),
                satisfaction=satisfaction.currentData(), escalation_signs=signs.text(), measures=measures.text()))

        self.open_dialog(FormDialog(_("Follow-up visit"), [
            (_("Visited on"), on), (_("Who was visited"), persons), (_("Performance"), performance),
            (_("Satisfaction"), satisfaction), (_("Signs of escalation"), signs), (_("Measures"), measures)],
            save, _("Save"), self, intro=_("Due on {date}").format(date=pending.due_on.isoformat())))

    def schedule(self) -> None:
        due = DateInput(clock.today() + timedelta(days=7))
        dispute_id = self.record.dispute.id
        self.open_dialog(FormDialog(_("Schedule a visit"), [(_("Due"), due)], lambda: self.backend.write_now(
            lambda s: follow_ups.schedule_follow_up(s, dispute_id=dispute_id, due_on=due.value())),
            _("Schedule"), self))
