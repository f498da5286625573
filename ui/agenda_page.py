"""The agenda (今日待办): overdue, today and this week, across the station; each line opens its case."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QHeaderView, QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget
from shiboken6 import isValid

from app.i18n import N_, _
from app.services.agenda import KIND_LABELS, AgendaItem
from ui.agenda_source import AgendaSource
from ui.backend import Backend

BUCKETS = (("overdue", N_("Overdue"), "#d62020"), ("today", N_("Today"), "#c06000"), ("week", N_("This week"), "#333"))
DISPUTE_ID_ROLE = Qt.UserRole + 1


class AgendaPage(QWidget):
    case_activated = Signal(int)

    def __init__(self, backend: Backend, source: AgendaSource, parent: QWidget | None = None):
        super().__init__(parent)
        self.backend, self.source = backend, source
        self.summary = QLabel()
        # The agenda counts items (one line each), the register's filter counts cases: both say which.
        self.summary.setToolTip(_("Each line is one thing to do; a case with several late things has several lines. "
                                  "The register's “Overdue cases only” shows the same cases, once each."))
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels([_("Due"), _("What"), _("Case number"), _("Subject (事由)"), _("Detail")])
        self.tree.setRootIsDecorated(True)
        self.tree.setUniformRowHeights(True)
        self.tree.header().setSectionResizeMode(3, QHeaderView.Stretch)
        self.tree.itemActivated.connect(self._activate)
        self.tree.itemExpanded.connect(self._fill)
        self._pending: dict[int, list[AgendaItem]] = {}    # collapsed groups, filled when first opened
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.tree, 1)
        backend.events.cases_changed.connect(self._cases_changed)    # a method: let go when this page goes
        self.refresh()

    def _cases_changed(self, _ids) -> None:
        self.refresh()

    def refresh(self) -> None:
        if self.source.loading:           # the start-up computes it after the window shows
            self.items = []
            self.summary.setText(_("Computing the agenda…"))
            return
        on, items = self.source.today(), self.source.items()
        late = self.source.overdue(counted=lambda: isValid(self) and self.refresh())
        self.items = items
        self.tree.clear()
        self._pending.clear()
        counts = {}
        for key, title, colour in BUCKETS:
            chosen = [i for i in items if i.bucket(on) == key]
            counts[key] = len(chosen)
            if key == "overdue" and late.listed < late.items:
                heading = _("{title} ({n} items, the latest {shown} listed)").format(
                    title=_(title), n=late.items, shown=late.listed)
            else:
                heading = _("{title} ({n} items)").format(title=_(title), n=len(chosen))
            group = QTreeWidgetItem([heading])
            group.setForeground(0, QBrush(QColor(colour)))
            font = group.font(0)
            font.setBold(True)
            group.setFont(0, font)
            self.tree.addTopLevelItem(group)
            if key != "overdue" or len(chosen) <= 50:
                group.addChildren([self._row(i) for i in chosen])
                group.setExpanded(True)
            elif chosen:
                # A long overdue list is built only when opened: it would cost start-up time.
                group.setChildIndicatorPolicy(QTreeWidgetItem.ShowIndicator)
                self._pending[id(group)] = chosen
        for column, width in ((0, 150), (1, 150), (2, 170)):
            self.tree.setColumnWidth(column, width)
        counts["overdue"] = late.items
        self.summary.setText(_("{overdue} overdue items in {cases} cases · {today} due today · {week} due this "
                               "week").format(cases=late.cases, **counts))

    @staticmethod
    def _row(item: AgendaItem) -> QTreeWidgetItem:
        row = QTreeWidgetItem([item.due_on.isoformat(), _(KIND_LABELS[item.kind]), item.case_no or "",
                               item.title, item.detail])
        row.setData(0, DISPUTE_ID_ROLE, item.dispute_id)
        return row

    def _fill(self, group: QTreeWidgetItem) -> None:
        chosen = self._pending.pop(id(group), None)
        if chosen:
            group.addChildren([self._row(i) for i in chosen])

    def _activate(self, row: QTreeWidgetItem, _column: int) -> None:
        dispute_id = row.data(0, DISPUTE_ID_ROLE)
        if dispute_id:                  # not a case's line (a village due for screening): nothing to open
            self.case_activated.emit(dispute_id)
