"""The register's table model: rows fetched from SQL a page at a time (canFetchMore/fetchMore)."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from enum import IntEnum, StrEnum

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QIcon, QPixmap, QPainter

from app import codes, lifecycle
from app.i18n import N_, _
from app.services.agenda import KIND_LABELS, is_overdue
from app.services.register import RegisterQuery, SortKey
from app.views import RegisterRow
from app import clock

FetchPage = Callable[[RegisterQuery, int, int], list[RegisterRow]]
DISPUTE_ID_ROLE = Qt.UserRole + 1
RISK_COLOURS = {"yellow": "#e6b800", "orange": "#f07800", "red": "#d62020"}


class RowState(StrEnum):
    OVERDUE = "overdue"
    DUE_SOON = "soon"


# The one home of what a row's colour means: the table paints with it, the register's legend explains it.
ROW_COLOURS: dict[RowState, tuple[str, str]] = {
    RowState.OVERDUE: ("#fde2e1", N_("Overdue: something of the case is past its day (a session, the one-month "
                                     "limit, a hearing summary, an agreement term, a follow-up visit)")),
    RowState.DUE_SOON: ("#fff1d6", N_("Due within 7 days: something of the case falls due this week")),
}
ROW_LEGEND_LABELS = {RowState.OVERDUE: N_("Overdue"), RowState.DUE_SOON: N_("Due within 7 days")}


class Column(IntEnum):
    CASE_NO = 0
    TITLE = 1
    TYPE = 2
    PARTIES = 3
    STATUS = 4
    MEDIATOR = 5
    REGISTERED = 6
    DEADLINE = 7
    RISK = 8


HEADERS = {Column.CASE_NO: N_("Case number"), Column.TITLE: N_("Subject (事由)"), Column.TYPE: N_("Type"),
           Column.PARTIES: N_("Parties"), Column.STATUS: N_("Status"), Column.MEDIATOR: N_("Presiding mediator"),
           Column.REGISTERED: N_("Registered on"), Column.DEADLINE: N_("Deadline"), Column.RISK: N_("Risk")}
SORT_KEYS = {Column.CASE_NO: SortKey.CASE_NO, Column.TYPE: SortKey.TYPE, Column.STATUS: SortKey.STATUS,
             Column.REGISTERED: SortKey.REGISTERED, Column.DEADLINE: SortKey.DEADLINE, Column.RISK: SortKey.RISK}


def risk_icon(level: str) -> QIcon:
    pixmap = QPixmap(12, 12)
    pixmap.fill(Qt.transparent)
    if level in RISK_COLOURS:
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.Antialiasing)
        painter.setBrush(QColor(RISK_COLOURS[level]))
        painter.setPen(Qt.NoPen)
        painter.drawEllipse(1, 1, 10, 10)
        painter.end()
    return QIcon(pixmap)


class DisputeTableModel(QAbstractTableModel):
    PAGE = 200

    def __init__(self, fetch_page: FetchPage, parent=None, *, today: Callable[[], date] = clock.today):
        super().__init__(parent)
        self._fetch_page, self._today = fetch_page, today
        self._query = RegisterQuery()
        self._rows: list[RegisterRow] = []
        self._done = False
        self._icons: dict[str, QIcon] = {}
        self._marks: dict[int, list] = {}    # dispute id -> its agenda items (overdue or due this week)

    # --- what the register shows -------------------------------------------------------------
    @property
    def query(self) -> RegisterQuery:
        return self._query

    def set_query(self, query: RegisterQuery) -> None:
        """New filters or sort: forget the loaded rows and start again from the first page."""
        self.beginResetModel()
        self._query, self._rows, self._done = query, [], False
        self.endResetModel()
        if self.canFetchMore():
            self.fetchMore()

    def set_marks(self, marks: dict[int, list]) -> None:
        """Agenda items per case, for the due/overdue marker; repaints the loaded rows."""
        self._marks = marks
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, len(Column) - 1),
                                  [Qt.BackgroundRole, Qt.ToolTipRole])

    def _state(self, row: RegisterRow) -> RowState | None:
        """Overdue as app/services/agenda.py defines it (the row's own deadline is read from the row too: the
        agenda lists at most LIMIT_PER_KIND items of a kind)."""
        today = self._today()
        items = self._marks.get(row.id, ())
        if lifecycle.is_overdue(row.status, row.deadline, today) or any(is_overdue(i, today) for i in items):
            return RowState.OVERDUE
        if lifecycle.due_soon(row.status, row.deadline, today) or items:
            return RowState.DUE_SOON
        return None

    def reload(self) -> None:
        self.set_query(self._query)

    # --- Qt model API --------------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(Column)

    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> bool:
        return not parent.isValid() and not self._done

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> None:
        if parent.isValid() or self._done:
            return
        batch = self._fetch_page(self._query, len(self._rows), self.PAGE)
        self._done = len(batch) < self.PAGE
        if batch:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(batch) - 1)
            self._rows.extend(batch)
            self.endInsertRows()

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.DisplayRole):
        if orientation == Qt.Horizontal and role == Qt.DisplayRole and 0 <= section < len(Column):
            return _(HEADERS[Column(section)])
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.DisplayRole):
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row, column = self._rows[index.row()], Column(index.column())
        if role == Qt.DisplayRole:
            return self._text(row, column)
        if role == DISPUTE_ID_ROLE:
            return row.id
        if role == Qt.BackgroundRole:
            state = self._state(row)
            return QBrush(QColor(ROW_COLOURS[state][0])) if state else None
        if role == Qt.DecorationRole and column == Column.RISK and row.risk_level in RISK_COLOURS:
            if row.risk_level not in self._icons:  # made on first use: a QPixmap needs the running app
                self._icons[row.risk_level] = risk_icon(row.risk_level)
            return self._icons[row.risk_level]
        if role == Qt.ToolTipRole:
            return self._tooltip(row, column)
        return None

    def _text(self, row: RegisterRow, column: Column) -> str:
        if column == Column.CASE_NO:
            return row.case_no or _("(not accepted)")
        if column == Column.TITLE:
            return row.title
        if column == Column.TYPE:
            return codes.dispute_types().label(row.type_code)
        if column == Column.PARTIES:
            return row.parties_text
        if column == Column.STATUS:
            return codes.statuses().label(row.status)
        if column == Column.MEDIATOR:
            return row.presiding_name or ""
        if column == Column.REGISTERED:
            return row.registered_on.isoformat()
        if column == Column.DEADLINE:
            return row.deadline.isoformat() if row.deadline and row.status in lifecycle.OPEN_STATUSES else ""
        return codes.risk_levels().label(row.risk_level) if row.risk_level in RISK_COLOURS else ""

    def _tooltip(self, row: RegisterRow, column: Column) -> str | None:
        today = self._today()
        if column == Column.DEADLINE and lifecycle.is_overdue(row.status, row.deadline, today):
            return _("Overdue by {days} days").format(days=(today - row.deadline).days)
        if column == Column.DEADLINE and lifecycle.due_soon(row.status, row.deadline, today):
            return _("Due in {days} days").format(days=(row.deadline - today).days)
        if column in (Column.TITLE, Column.PARTIES):
            return self._text(row, column)
        if row.id in self._marks:        # why the row is coloured: its items, on every other cell
            return "\n".join(f"{i.due_on.isoformat()} {_(KIND_LABELS[i.kind])}" for i in self._marks[row.id])
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.AscendingOrder) -> None:
        key = SORT_KEYS.get(Column(column)) if 0 <= column < len(Column) else None
        wanted = key is not None and replace(self._query, sort=key, descending=order == Qt.DescendingOrder)
        if wanted and wanted != self._query:
            self.set_query(wanted)
