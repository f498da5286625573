"""排查与预防: the station's screening visits and what they found, the reports of 信息员/网格员, and the disputes
prevented. A finding or a report becomes a case in one action (the registration form opens filled in, and the
new case is linked back to it). Everything is read and written on the DB worker."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QHBoxLayout, QHeaderView, QLabel, QPushButton, QTabWidget, QTreeWidget,
                               QTreeWidgetItem, QVBoxLayout, QWidget)

from app import codes
from app.i18n import _
from app.services import prevention, screenings
from ui.backend import Backend
from ui.messages import show_error
from ui.place_input import PlaceInput

FINDING_ROLE, REPORT_ROLE, CASE_ROLE = Qt.UserRole + 1, Qt.UserRole + 2, Qt.UserRole + 3


def _tree(headers: list[str]) -> QTreeWidget:
    tree = QTreeWidget()
    tree.setHeaderLabels(headers)
    tree.setUniformRowHeights(True)
    tree.header().setSectionResizeMode(QHeaderView.ResizeToContents)
    tree.header().setStretchLastSection(True)
    return tree


def _place(place: str, grid: str) -> str:
    return place + (f" · {grid}" if grid else "")


class StationWorkPage(QWidget):
    case_activated = Signal(int)

    def __init__(self, backend: Backend, parent: QWidget | None = None):
        super().__init__(parent)
        self.backend = backend
        self.filter = PlaceInput(backend, blank=_("All villages and communities"), with_grid=False,
                                 include_inactive=True)
        self.filter.changed.connect(self.refresh)
        self.tabs = QTabWidget()
        self.screenings = _tree([_("Date / dispute type"), _("Place / what was found"), _("Who went / people"),
                                 _("Risk level"), _("Handling"), _("Case number")])
        self.reports = _tree([_("Reported on"), _("Reported by"), _("Place"), _("What was reported"),
                              _("Case number")])
        self.prevented = _tree([_("Date"), _("Place"), _("Dispute type"), _("People involved"),
                                _("How it was prevented"), _("By whom")])
        self.tabs.addTab(self._section(self.screenings, [
            (_("New screening visit…"), self.new_screening), (_("Register a case from the finding…"),
                                                               self.case_from_finding)]), _("Screening (排查)"))
        self.tabs.addTab(self._section(self.reports, [
            (_("New report…"), self.new_report), (_("Register a case from the report…"), self.case_from_report)]),
            _("Reports of information officers and grid workers"))
        self.tabs.addTab(self._section(self.prevented, [(_("New dispute prevented…"), self.new_prevented)]),
                         _("Disputes prevented (预防)"))
        for tree in (self.screenings, self.reports):
            tree.itemActivated.connect(self._open_case)
        top = QHBoxLayout()
        label = QLabel(_("Village or community (村/社区)"))
        label.setBuddy(self.filter)
        top.addWidget(label)
        top.addWidget(self.filter)
        top.addStretch(1)
        self.status = QLabel()
        top.addWidget(self.status)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        QShortcut(QKeySequence("Ctrl+Shift+R"), self, self.case_from_current)
        backend.events.cases_changed.connect(self._cases_changed)    # a method: let go when this page goes
        self.refresh()

    def _section(self, tree: QTreeWidget, buttons: list) -> QWidget:
        page = QWidget()
        row = QHBoxLayout()
        for text, slot in buttons:
            button = QPushButton(text)
            button.clicked.connect(slot)
            row.addWidget(button)
        row.addStretch(1)
        layout = QVBoxLayout(page)
        layout.addWidget(tree, 1)
        layout.addLayout(row)
        return page

    # --- reading -------------------------------------------------------------------------------------------
    def _cases_changed(self, _ids) -> None:
        self.refresh()

    def refresh(self) -> None:
        place_id = self.filter.value()[0]
        self.backend.runner.submit_db(lambda: self.backend.read(lambda s: (
            screenings.list_screenings(s, place_id=place_id), screenings.list_info_reports(s, place_id=place_id),
            prevention.list_prevented(s, place_id=place_id))), self._show, lambda exc: show_error(self, exc))

    def _show(self, found) -> None:
        visits, reports, prevented = found
        types, risks, handling = codes.dispute_types(), codes.risk_levels(), codes.load("finding_handling")
        self.screenings.clear()
        for v in visits:
            item = QTreeWidgetItem([v.visited_on.isoformat(), _place(v.place, v.grid),
                                    "、".join(v.mediators + ((v.others,) if v.others else ())), "", "", v.notes])
            for f in v.findings:
                child = QTreeWidgetItem([types.label(f.type_code), f.summary, str(f.people_involved),
                                         risks.label(f.risk_level), handling.label(f.handling), f.case_no or ""])
                child.setData(0, FINDING_ROLE, f.id)
                child.setData(0, CASE_ROLE, f.dispute_id)
                item.addChild(child)
            self.screenings.addTopLevelItem(item)
            item.setExpanded(True)
        self.reports.clear()
        roles = codes.load("reporter_roles")
        for r in reports:
            item = QTreeWidgetItem([r.reported_on.isoformat(), f"{roles.label(r.reporter_role)} {r.reporter}",
                                    _place(r.place, r.grid) + (f"（{r.location}）" if r.location else ""), r.content,
                                    r.case_no or ("" if r.dispute_id is None else _("(not accepted)"))])
            item.setData(0, REPORT_ROLE, r.id)
            item.setData(0, CASE_ROLE, r.dispute_id)
            self.reports.addTopLevelItem(item)
        self.prevented.clear()
        for p in prevented:
            self.prevented.addTopLevelItem(QTreeWidgetItem([
                p.on_date.isoformat(), _place(p.place, p.grid), types.label(p.type_code), str(p.people_involved),
                p.how, "、".join(p.mediators + ((p.others,) if p.others else ()))]))
        self.status.setText(_("{visits} screening visits · {reports} reports · {prevented} prevented").format(
            visits=len(visits), reports=len(reports), prevented=len(prevented)))

    def _open_case(self, item: QTreeWidgetItem, _column: int) -> None:
        dispute_id = item.data(0, CASE_ROLE)
        if dispute_id:
            self.case_activated.emit(dispute_id)

    # --- forms ---------------------------------------------------------------------------------------------
    def _open(self, dialog) -> None:
        dialog.setModal(True)
        dialog.open()
        self._dialog = dialog

    def new_screening(self) -> None:
        from ui.station_work_dialogs import ScreeningDialog

        self._open(ScreeningDialog(self.backend, self))

    def new_report(self) -> None:
        from ui.station_work_dialogs import InfoReportDialog

        self._open(InfoReportDialog(self.backend, self))

    def new_prevented(self) -> None:
        from ui.station_work_dialogs import PreventedDialog

        self._open(PreventedDialog(self.backend, self))

    def case_from_current(self) -> None:
        if self.tabs.currentIndex() == 0:
            self.case_from_finding()
        elif self.tabs.currentIndex() == 1:
            self.case_from_report()

    def case_from_finding(self) -> None:
        item = self.screenings.currentItem()
        finding_id = item.data(0, FINDING_ROLE) if item is not None else None
        if finding_id is None or item.data(0, CASE_ROLE):
            self.status.setText(_("Select a finding not yet registered as a case."))
            return
        self._register(lambda s: screenings.finding_draft(s, finding_id=finding_id),
                       lambda s, view: screenings.link_finding(s, finding_id=finding_id, dispute_id=view.id))

    def case_from_report(self) -> None:
        item = self.reports.currentItem()
        report_id = item.data(0, REPORT_ROLE) if item is not None else None
        if report_id is None or item.data(0, CASE_ROLE):
            self.status.setText(_("Select a report not yet registered as a case."))
            return
        self._register(lambda s: screenings.report_draft(s, report_id=report_id),
                       lambda s, view: screenings.link_report(s, report_id=report_id, dispute_id=view.id))

    def _register(self, draft_of, link) -> None:
        """The registration form, filled in from the finding or report; saving links the new case to it."""
        def opened(draft) -> None:
            from ui.dispute_dialog import DisputeDialog

            self._open(DisputeDialog(self.backend, self, prefill=draft, after_save=link))
        self.backend.runner.submit_db(lambda: self.backend.read(draft_of), opened, lambda exc: show_error(self, exc))
