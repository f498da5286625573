"""The 听证 tab: plan a hearing with its officers, send notices, record it, write the summary (纪要)."""
from __future__ import annotations

from collections.abc import Callable

from datetime import timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QCheckBox, QLineEdit, QListWidget, QListWidgetItem,
                               QPlainTextEdit, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget)

from app import codes
from app.codes import HearingStatus
from app.i18n import _
from app.record_views import RECORD_STATUS_LABELS
from app.services import hearings, settings
from app.services.case_record import CaseRecord
from app import clock
from ui.backend import Backend
from ui.date_inputs import DateInput, DateTimeInput
from ui.form_dialog import FormDialog
from ui.record_tab import RecordTab
from ui.session_dialogs import format_when
from ui.widgets import code_combo


def _box(height: int = 54) -> QPlainTextEdit:
    box = QPlainTextEdit(tabChangesFocus=True)
    box.setMaximumHeight(height)
    return box


def _checklist(items: list[tuple[str, object]]) -> QListWidget:
    widget = QListWidget()
    widget.setMaximumHeight(110)
    for text, value in items:
        item = QListWidgetItem(text)
        item.setData(Qt.UserRole, value)
        item.setFlags(item.flags() | Qt.ItemIsUserCheckable)
        item.setCheckState(Qt.Unchecked)
        widget.addItem(item)
    return widget


def _checked(widget: QListWidget) -> list:
    return [widget.item(i).data(Qt.UserRole) for i in range(widget.count())
            if widget.item(i).checkState() == Qt.Checked]


class HearingsTab(RecordTab):
    def __init__(self, backend: Backend, record: CaseRecord, changed: Callable[[], None],
                 parent: QWidget | None = None):
        super().__init__(backend, record, changed, parent)
        self.officers = {o.id: o for o in backend.read(lambda s: hearings.list_officers(s, active_only=False))}
        self.list = QTreeWidget()
        self.list.setHeaderLabels([_("Time"), _("Place"), _("Status"), _("Hearing officers"), _("Summary")])
        for h in record.hearings:
            summary = (h.summary_on.isoformat() if h.summary_on else
                       _("due {date}").format(date=h.summary_due.isoformat()) if h.summary_due else "")
            self.list.addTopLevelItem(QTreeWidgetItem([
                format_when(h.planned_at), h.place, _(RECORD_STATUS_LABELS.get(h.status, "Planned")),
                "、".join(self.officers[i].name for i in h.officer_ids if i in self.officers), summary]))
        buttons = self.button_row([("plan", _("Plan a hearing…"), self.plan),
                                   ("record", _("Record the hearing…"), self.record_hearing),
                                   ("summary", _("Write the summary…"), self.summary),
                                   ("roster", _("Hearing officers…"), self.roster)])
        layout = QVBoxLayout(self)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)

    def _latest(self, status: str):
        return next((h for h in reversed(self.record.hearings) if h.status == status), None)

    def plan(self) -> None:
        # Three days on at the earliest, so that the notices reach the parties; then the next office hour.
        rules = self.backend.read(settings.work_rules)
        when = DateTimeInput(rules.next_session(clock.local_now() + timedelta(days=3)))
        place, reason = QLineEdit(), QLineEdit()
        public = QCheckBox(_("Public hearing"), checked=True)
        officers = _checklist([(f"{o.name}（{codes.load('officer_categories').label(o.category)}）", o.id)
                               for o in self.officers.values() if o.active])
        dispute_id, presider, clerk = self.record.dispute.id, self.record.dispute.presiding_mediator_id, \
            self.backend.operator_id

        def save():
            values = dict(planned_at=when.value(), place=place.text(), is_public=public.isChecked(),
                          private_reason=reason.text(), officer_ids=_checked(officers))
            return self.backend.submit(lambda s: hearings.plan_hearing(
                s, dispute_id=dispute_id, presider_id=presider, clerk_id=clerk, **values))

        self.open_dialog(FormDialog(_("Plan a hearing"), [
            (_("Planned for"), when), (_("Place"), place), ("", public), (_("Why not public"), reason),
            (_("Hearing officers"), officers)], save, _("Plan"), self))

    def record_hearing(self) -> None:
        h = self._latest(HearingStatus.PLANNED)
        if h is None:
            return
        held = DateInput(h.planned_at.date(), maximum=clock.today())
        parties = self.record.dispute.parties
        present = _checklist([(p.name, p.uid) for p in parties])
        notices = {p.uid: DateInput(h.planned_at.date() - timedelta(days=3), maximum=clock.today())
                   for p in parties}
        steps = {c.code: (c.label(), _box()) for c in codes.load("hearing_steps").codes}
        opinions = {i: _box() for i in h.officer_ids}
        others, refusals = QLineEdit(), QLineEdit()
        rows = [(_("Held on"), held), (_("Parties present"), present), (_("Others present"), others)]
        rows += [(_("Notice to {name} sent on").format(name=p.name), notices[p.uid]) for p in parties]
        rows += [(label, box) for label, box in steps.values()]
        rows += [(_("Opinion of {name}").format(name=self.officers[i].name if i in self.officers else i), box)
                 for i, box in opinions.items()]
        rows.append((_("Refused to sign"), refusals))
        hearing_id = h.id

        def save():
            sent = {uid: edit.value() for uid, edit in notices.items()}      # widgets read here, on the GUI thread
            values = dict(held_on=held.value(), parties_present=_checked(present),
                          others_present=[o.strip() for o in others.text().split("、")],
                          record={k: box.toPlainText() for k, (_label, box) in steps.items()},
                          opinions={i: box.toPlainText() for i, box in opinions.items()}, refusals=refusals.text())

            def work(s):
                for uid, on in sent.items():
                    hearings.record_notice(s, hearing_id=hearing_id, party_uid=uid, sent_on=on)
                return hearings.record_hearing(s, hearing_id=hearing_id, **values)
            return self.backend.submit(work)

        self.open_dialog(FormDialog(_("Hearing record"), rows, save, _("Save"), self))

    def summary(self) -> None:
        h = next((x for x in reversed(self.record.hearings) if x.status == HearingStatus.HELD and x.summary_on is None), None)
        if h is None:
            return
        boxes = [(label, _box(70)) for label in (_("Facts"), _("Views"), _("Points of disagreement"),
                                                 _("Proposed handling"))]
        hearing_id = h.id
        today = clock.today()

        def save():
            texts = dict(zip(("facts", "views", "disagreements", "handling"), (b.toPlainText() for _l, b in boxes),
                             strict=True))
            return self.backend.submit(lambda s: hearings.record_summary(s, hearing_id=hearing_id, on=today,
                                                                         **texts))
        self.open_dialog(FormDialog(_("Hearing summary (纪要)"), boxes, save, _("Save"), self, intro=_(
            "Due by {date} (7 working days after the hearing).").format(date=h.summary_due.isoformat())))

    def roster(self) -> None:
        name, phone, unit = QLineEdit(), QLineEdit(), QLineEdit()
        category = code_combo(codes.load("officer_categories"))
        known = "、".join(o.name for o in self.officers.values()) or _("(none yet)")
        self.open_dialog(FormDialog(_("Add a hearing officer"), [
            (_("Name"), name), (_("Category"), category), (_("Phone"), phone), (_("Unit"), unit)],
            lambda: self._add_officer(name.text(), category.currentData(), phone.text(), unit.text()),
            _("Add"), self, intro=_("On the roster: {names}").format(names=known)))

    def _add_officer(self, name: str, category: str, phone: str, unit: str):
        return self.backend.submit(lambda s: hearings.add_officer(s, name=name, category=category, phone=phone,
                                                                  unit=unit))
