"""The 回访 tab: the scheduled follow-up visits and recording one; at a visit, the terms found unperformed and the
routes explained (人民调解法 Art 31–33); and the 赔偿保证金 deposits held for the terms."""
from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from PySide6.QtWidgets import (QCheckBox, QComboBox, QLabel, QLineEdit, QPlainTextEdit, QTreeWidget, QTreeWidgetItem,
                               QVBoxLayout, QWidget)

from app import codes
from app.i18n import _
from app.services import follow_ups, performance
from app.services.case_record import CaseRecord
from app import clock
from ui.backend import Backend
from ui.date_inputs import DateInput
from ui.form_dialog import FormDialog
from ui.record_tab import RecordTab
from ui.widgets import code_combo


def _boxes(items: list[tuple[object, str]]) -> tuple[QWidget, dict[object, QCheckBox]]:
    holder = QWidget()
    column = QVBoxLayout(holder)
    column.setContentsMargins(0, 0, 0, 0)
    boxes = {key: QCheckBox(text) for key, text in items}
    for box in boxes.values():
        column.addWidget(box)
    return holder, boxes


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
        options = codes.load("nonperformance_options")
        self.unperformed = QTreeWidget()
        self.unperformed.setHeaderLabels([_("Found on"), _("Term"), _("What was not done"), _("Routes explained"),
                                          _("The parties' choice")])
        for n in record.nonperformance:
            self.unperformed.addTopLevelItem(QTreeWidgetItem([
                n.found_on.isoformat(), str(n.term_position), n.detail,
                "、".join(options.label(o) for o in n.options_explained), n.parties_choice]))
        self.deposits = QTreeWidget()
        self.deposits.setHeaderLabels([_("Term"), _("Amount"), _("Received on"), _("Paid by"), _("Held by"),
                                       _("Released or returned"), _("Date"), _("To whom")])
        for d in record.deposits:
            self.deposits.addTopLevelItem(QTreeWidgetItem([
                str(d.term_position), f"{d.amount:,.2f}", d.received_on.isoformat(), d.paid_by, d.holder,
                _(performance.DEPOSIT_OUTCOMES[d.outcome]) if d.outcome else _("(held)"),
                d.settled_on.isoformat() if d.settled_on else "", d.settled_to]))
        buttons = self.button_row([("record", _("Record visit…"), self.record_visit),
                                   ("schedule", _("Schedule another visit…"), self.schedule),
                                   ("not_performed", _("Terms not performed…"), self.record_unperformed),
                                   ("deposit", _("Deposit received…"), self.record_deposit),
                                   ("settle_deposit", _("Deposit released or returned…"), self.settle_deposit)])
        # 已履行 too: a case marked so while a term was left open can still be closed as not performed.
        settled = record.dispute.status in (codes.CaseStatus.SETTLED, codes.CaseStatus.PERFORMED)
        signed = record.agreement is not None and record.agreement.signed_on is not None
        self.buttons["record"].setEnabled(any(f.visited_on is None for f in record.follow_ups))
        self.buttons["not_performed"].setEnabled(settled and any(f.visited_on for f in record.follow_ups))
        self.buttons["deposit"].setEnabled(signed and record.dispute.status != codes.CaseStatus.ARCHIVED)
        self.buttons["settle_deposit"].setEnabled(any(d.held for d in record.deposits)
                                                  and record.dispute.status != codes.CaseStatus.ARCHIVED)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list, 2)
        layout.addWidget(QLabel(_("Terms not performed")))
        layout.addWidget(self.unperformed, 1)
        layout.addWidget(QLabel(_("Deposits (赔偿保证金)")))
        layout.addWidget(self.deposits, 1)
        layout.addLayout(buttons)

    def record_visit(self) -> None:
        pending = next(f for f in self.record.follow_ups if f.visited_on is None)
        on = DateInput(clock.today(), maximum=clock.today())
        persons, performance_text = QLineEdit(), QPlainTextEdit(tabChangesFocus=True)
        satisfaction = code_combo(codes.load("satisfaction"))
        signs, measures = QLineEdit(), QLineEdit()
        operator = self.backend.operator_id

        def save():
            values = dict(visited_on=on.value(), persons_visited=persons.text(),
                          performance=performance_text.toPlainText(), satisfaction=satisfaction.currentData(),
                          escalation_signs=signs.text(), measures=measures.text())   # read here: the job runs on
            return self.backend.submit(lambda s: follow_ups.record_follow_up(     # the DB worker
                s, follow_up_id=pending.id, visitor_id=operator, **values))

        self.open_dialog(FormDialog(_("Follow-up visit"), [
            (_("Visited on"), on), (_("Who was visited"), persons), (_("Performance"), performance_text),
            (_("Satisfaction"), satisfaction), (_("Signs of escalation"), signs), (_("Measures"), measures)],
            save, _("Save"), self, intro=_("Due on {date}").format(date=pending.due_on.isoformat())))

    def schedule(self) -> None:
        due = DateInput(clock.today() + timedelta(days=7))
        dispute_id = self.record.dispute.id
        def save():
            due_on = due.value()
            return self.backend.submit(lambda s: follow_ups.schedule_follow_up(s, dispute_id=dispute_id,
                                                                               due_on=due_on))
        self.open_dialog(FormDialog(_("Schedule a visit"), [(_("Due"), due)], save, _("Schedule"), self))

    def record_unperformed(self) -> None:
        """At the latest visit: which terms were not performed by their deadline, and the routes explained."""
        visit = max((f for f in self.record.follow_ups if f.visited_on), key=lambda f: f.visited_on)
        terms = [t for t in self.record.agreement.terms if t.performance != codes.Performance.PERFORMED]
        term_box, term_checks = _boxes([(t.id, f"{t.position}. {t.content}（" + _("due {date}").format(
            date=t.due_on.isoformat() if t.due_on else "—") + "）") for t in terms])
        option_box, option_checks = _boxes([(c.code, c.label()) for c in codes.load("nonperformance_options").codes])
        detail, choice = QPlainTextEdit(tabChangesFocus=True), QLineEdit()

        def save():
            values = dict(term_ids=tuple(i for i, b in term_checks.items() if b.isChecked()),
                          options=tuple(c for c, b in option_checks.items() if b.isChecked()),
                          detail=detail.toPlainText(), parties_choice=choice.text())
            return self.backend.submit(lambda s: performance.record_nonperformance(s, follow_up_id=visit.id,
                                                                                   **values))

        self.open_dialog(FormDialog(_("Terms not performed"), [
            (_("Terms not performed"), term_box), (_("Routes explained"), option_box),
            (_("What was not done"), detail), (_("The parties' choice"), choice)], save, _("Save"), self,
            intro=_("Found at the visit of {date}. Then the case can be closed as not performed (人民调解法 Art 32: a "
                    "party may sue; a judicially confirmed agreement may be enforced by the court).").format(
                date=visit.visited_on.isoformat())))

    def record_deposit(self) -> None:
        term = QComboBox()
        for t in self.record.agreement.terms:
            term.addItem(f"{t.position}. {t.content}", t.id)
        amount, paid_by, holder, note = QLineEdit(), QLineEdit(), QLineEdit(), QLineEdit()
        holder.setPlaceholderText(_("e.g. 调委会, 司法所账户"))
        on = DateInput(clock.today(), maximum=clock.today())

        def save():
            values = dict(term_id=term.currentData(), amount=amount.text(), received_on=on.value(),
                          paid_by=paid_by.text(), holder=holder.text(), note=note.text())
            return self.backend.submit(lambda s: performance.record_deposit(s, **values))

        self.open_dialog(FormDialog(_("Deposit received"), [
            (_("Term"), term), (_("Amount (yuan)"), amount), (_("Received on"), on), (_("Paid by"), paid_by),
            (_("Held by"), holder), (_("Notes"), note)], save, _("Save"), self))

    def settle_deposit(self) -> None:
        held = [d for d in self.record.deposits if d.held]
        which = QComboBox()
        for d in held:
            which.addItem(_("Term {n}: {amount} yuan from {payer}").format(n=d.term_position, amount=f"{d.amount:,.2f}",
                                                                          payer=d.paid_by), d.id)
        outcome = QComboBox()
        for code, label in performance.DEPOSIT_OUTCOMES.items():
            outcome.addItem(_(label), code)
        to, note = QLineEdit(), QLineEdit()
        on = DateInput(clock.today(), maximum=clock.today())

        def save():
            values = dict(deposit_id=which.currentData(), outcome=outcome.currentData(), settled_on=on.value(),
                          settled_to=to.text(), note=note.text())
            return self.backend.submit(lambda s: performance.settle_deposit(s, **values))

        self.open_dialog(FormDialog(_("Deposit released or returned"), [
            (_("Deposit"), which), (_("Released or returned"), outcome), (_("Date"), on), (_("To whom"), to),
            (_("Notes"), note)], save, _("Save"), self))
