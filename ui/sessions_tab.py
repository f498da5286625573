"""The 调解记录 tab: the sessions as a timeline, the investigations and the evidence list."""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QHeaderView, QInputDialog, QLabel, QMessageBox, QTreeWidget, QTreeWidgetItem,
                               QVBoxLayout, QWidget)

from app import clock, codes
from app.attachments import AttachmentStore
from app.i18n import _
from app.lifecycle import OPEN_STATUSES, Status
from app.services import evidence, lookups, roster, sessions, settings
from app.record_views import RECORD_STATUS_LABELS
from app.services.case_record import CaseRecord
from ui.backend import Backend
from ui.evidence_dialogs import EvidenceDialog, InvestigationDialog
from ui.messages import confirm, show_error
from ui.record_tab import RecordTab
from ui.session_dialogs import PlanSessionDialog, RecordSessionDialog, format_when

ID_ROLE = Qt.UserRole + 1


class SessionsTab(RecordTab):
    def __init__(self, backend: Backend, record: CaseRecord, changed: Callable[[], None],
                 parent: QWidget | None = None):
        super().__init__(backend, record, changed, parent)
        self.timeline = QTreeWidget()
        self.timeline.setHeaderLabels([_("Session"), _("Time"), _("Place"), _("Status"), _("Outcome"),
                                       _("Proposal for the next session")])
        self.timeline.header().setSectionResizeMode(5, QHeaderView.Stretch)
        self.timeline.itemActivated.connect(lambda *_a: self.record_selected())
        for s in record.sessions:
            item = QTreeWidgetItem([_("Session {n}").format(n=s.seq), format_when(s.held_at or s.planned_at),
                                    s.place, _(RECORD_STATUS_LABELS[s.status]),
                                    codes.load("session_outcomes").label(s.outcome) if s.outcome else "", s.proposal])
            item.setData(0, ID_ROLE, s.id)
            self.timeline.addTopLevelItem(item)
        self.others = QTreeWidget()
        self.others.setHeaderLabels([_("Investigations and evidence"), _("Detail")])
        self.others.header().setSectionResizeMode(1, QHeaderView.Stretch)
        for inv in record.investigations:
            item = QTreeWidgetItem([
                _("Investigation {when}").format(when=format_when(inv.held_at)),
                _("{person} at {place}: {n} questions").format(person=inv.person_questioned, place=inv.place,
                                                               n=len(inv.questions))])
            item.setData(0, ID_ROLE, ("investigation", inv.id))
            self.others.addTopLevelItem(item)
        for e in record.evidence:
            files = "、".join(a.filename for a in e.attachments)
            item = QTreeWidgetItem([
                f"{e.position}. {e.name}", " · ".join(x for x in (
                    codes.load("evidence_kinds").label(e.kind), e.provided_by,
                    _("{n} pages").format(n=e.pages) if e.pages else "", files) if x)])
            item.setData(0, ID_ROLE, ("evidence", e.id))
            self.others.addTopLevelItem(item)
        self.others.setToolTip(_("Double-click or Enter opens an investigation or an item of evidence."))
        self.others.itemActivated.connect(lambda *_a: self.open_other())
        for column in range(5):          # times and names whole, not "2026-11-22 0…" (seen under Xvfb)
            self.timeline.resizeColumnToContents(column)
        self.others.resizeColumnToContents(0)
        buttons = self.button_row([("plan", _("Plan a session…"), self.plan),
                                   ("record", _("Record session…"), self.record_selected),
                                   ("investigation", _("Investigation…"), self.investigate),
                                   ("evidence", _("Add evidence…"), self.add_evidence),
                                   ("open_other", _("Open investigation or evidence…"), self.open_other)])
        self.buttons["open_other"].setEnabled(self.others.topLevelItemCount() > 0)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("Sessions (the proposal of one is taken up by the next)")))
        layout.addWidget(self.timeline, 2)
        layout.addWidget(self.others, 1)
        layout.addLayout(buttons)

    def plan(self) -> None:
        dispute_id = self.record.dispute.id
        previous = next((s.proposal for s in reversed(self.record.sessions) if s.proposal), "")
        self.open_dialog(PlanSessionDialog(lambda **kw: self.backend.submit(
            lambda s: sessions.plan_session(s, dispute_id=dispute_id, **kw)), self, previous_proposal=previous,
            rules=self.backend.read(settings.work_rules)))

    def record_selected(self) -> None:
        item = self.timeline.currentItem() or self.timeline.topLevelItem(self.timeline.topLevelItemCount() - 1)
        if item is None:
            self.record_held_now()
            return
        chosen = next(s for s in self.record.sessions if s.id == item.data(0, ID_ROLE))
        self.open_record_form(chosen)

    def record_held_now(self) -> None:
        """No session planned: offer to record one held now, on the spot (it is planned at this minute, then its
        record form opens), or say what to do first."""
        if Status(self.record.dispute.status) not in OPEN_STATUSES:
            QMessageBox.information(self, _("Record session"), _(
                "Sessions are planned and recorded for accepted cases in mediation."))
            return
        if not confirm(self, _("Record session"), _(
                "No session is planned for this case. Record a session held now, on the spot? (Otherwise plan one "
                "first with “Plan a session…”.)")):
            return
        place, ok = QInputDialog.getText(self, _("Record session"), _("Where is the session held?"))
        if not ok:
            return
        dispute_id, now = self.record.dispute.id, clock.local_now().replace(second=0, microsecond=0)
        self.backend.write(lambda s: sessions.plan_session(s, dispute_id=dispute_id, planned_at=now, place=place),
                           self._held_now, lambda exc: show_error(self, exc))

    def _held_now(self, planned) -> None:
        self.open_record_form(planned)
        self._dialog.rejected.connect(self.changed)       # not recorded yet: the session stays, planned, in the list

    def open_record_form(self, chosen) -> None:
        mediators = self.backend.query(lambda c: lookups.mediators(c, active_only=False))
        members = tuple(self.backend.query(lambda c: roster.roster_members(c, active_only=False)))
        operator = self.backend.operator_id
        self.open_dialog(RecordSessionDialog(self.record.dispute, chosen, mediators, lambda rec: self.backend.submit(
            lambda s: sessions.record_session(s, session_id=chosen.id, record=rec, by=operator)), self,
            roster=members))

    def investigate(self) -> None:
        dispute_id, operator = self.record.dispute.id, self.backend.operator_id
        self.open_dialog(InvestigationDialog(self.backend, lambda **kw: lambda s: evidence.add_investigation(
            s, dispute_id=dispute_id, investigator_id=operator, record_keeper_id=None, **kw), self))

    def add_evidence(self) -> None:
        dispute_id, store = self.record.dispute.id, AttachmentStore.beside(self.backend.path)
        self.open_dialog(EvidenceDialog(self.backend, lambda **kw: lambda s: evidence.add_evidence(
            s, dispute_id=dispute_id, store=store, **kw), self))

    def open_other(self) -> None:
        """Open the chosen investigation or item of evidence (the first one when none is chosen) to read or
        correct it."""
        item = self.others.currentItem() or self.others.topLevelItem(0)
        if item is None:
            return
        kind, record_id = item.data(0, ID_ROLE)
        if kind == "investigation":
            chosen = next(i for i in self.record.investigations if i.id == record_id)
            self.open_dialog(InvestigationDialog(self.backend, lambda **kw: lambda s: evidence.update_investigation(
                s, investigation_id=record_id, **kw), self, existing=chosen))
        else:
            chosen, store = next(e for e in self.record.evidence if e.id == record_id), \
                AttachmentStore.beside(self.backend.path)
            self.open_dialog(EvidenceDialog(self.backend, lambda **kw: lambda s: evidence.update_evidence(
                s, evidence_id=record_id, store=store, **kw), self, existing=chosen))
