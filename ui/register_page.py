"""The register (台账): filters, one search box, and the paged table of cases."""
from __future__ import annotations

from dataclasses import replace

from datetime import timedelta

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPainter, QPixmap
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QHBoxLayout, QHeaderView,
                               QLabel, QLineEdit, QTableView, QVBoxLayout, QWidget)

from app import codes
from app.errors import MediationError
from app.i18n import N_, _
from app.services import lookups, register
from app.services.agenda import AgendaItem
from app.services.register import RegisterQuery
from app import clock
from ui.agenda_source import AgendaSource
from ui.backend import Backend
from ui.date_inputs import DateInput
from ui.widgets import mark_invalid
from ui.dispute_table_model import (DISPUTE_ID_ROLE, RISK_COLOURS, ROW_COLOURS, ROW_LEGEND_LABELS, Column,
                                   DisputeTableModel)

SEARCH_DELAY_MS = 250


def _combo(all_label: str, items: list[tuple[str, object]]) -> QComboBox:
    combo = QComboBox()
    combo.addItem(all_label, None)
    for label, value in items:
        combo.addItem(label, value)
    return combo


OVERDUE_MEANING = N_("Cases with anything past its day: a planned session or hearing not recorded, the one-month "
                     "limit, a hearing summary, an agreement term not performed, a follow-up visit not made, an "
                     "orange or red risk not reported, a referral's feedback not given, a deposit still held after "
                     "its term's deadline. "
                     "The agenda's 逾期 group lists the same things one by one, so one case may count there "
                     "several times.")


def _swatch(colour: str, *, dot: bool = False) -> QLabel:
    pixmap = QPixmap(14, 14)
    pixmap.fill(Qt.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.Antialiasing)
    painter.setPen(QColor("#999") if not dot else Qt.NoPen)
    painter.setBrush(QColor(colour))
    if dot:
        painter.drawEllipse(2, 2, 10, 10)
    else:
        painter.drawRect(0, 0, 13, 13)
    painter.end()
    label = QLabel()
    label.setPixmap(pixmap)
    return label


def legend() -> QWidget:
    """What the colours mean, from the table model's own colours (ROW_COLOURS, RISK_COLOURS)."""
    box = QWidget()
    row = QHBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    row.addWidget(QLabel(_("Colours:")))
    for state, (colour, meaning) in ROW_COLOURS.items():
        swatch, text = _swatch(colour), QLabel(_(ROW_LEGEND_LABELS[state]))
        for widget in (swatch, text):
            widget.setToolTip(_(meaning))
            row.addWidget(widget)
        row.addSpacing(12)
    row.addWidget(QLabel(_("Risk (风险) column:")))
    for level, colour in RISK_COLOURS.items():
        row.addWidget(_swatch(colour, dot=True))
        row.addWidget(QLabel(codes.risk_levels().label(level)))
    row.addStretch(1)
    return box


class RegisterPage(QWidget):
    case_activated = Signal(int)     # a dispute id, to open

    def __init__(self, backend: Backend, source: AgendaSource, parent: QWidget | None = None):
        super().__init__(parent)
        self.backend, self.source = backend, source
        self.model = DisputeTableModel(self._fetch_page, self)
        self._build()
        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_filters)
        self.search.textChanged.connect(lambda _text: self._search_timer.start())
        self.search.returnPressed.connect(self._search_now)
        for combo in (self.status, self.type, self.risk, self.mediator, self.place):
            combo.currentIndexChanged.connect(self.apply_filters)
        for widget in (self.date_from, self.date_to):
            widget.dateChanged.connect(self.apply_filters)
            # a mistyped date emits no dateChanged: leaving the field still says what is wrong
            widget.line.editingFinished.connect(self._show_date_problem)
        for box in (self.use_dates, self.overdue):
            box.toggled.connect(self.apply_filters)
        self.use_dates.toggled.connect(self._sync_date_widgets)
        backend.events.cases_changed.connect(self._cases_changed)    # a method: let go when this page goes
        backend.events.mediators_changed.connect(self._fill_mediators)
        self._sync_date_widgets(False)

    def _build(self) -> None:
        self.search = QLineEdit(clearButtonEnabled=True)
        self.search.setPlaceholderText(_("Search: a party's name, case number, phone, ID number or words of the "
                                         "facts"))
        self.status = _combo(_("All statuses"), [(c.label(), c.code) for c in codes.statuses().codes])
        self.type = _combo(_("All types"), [(c.label(), c.code) for c in codes.dispute_types().codes])
        self.risk = _combo(_("Any risk"), [(c.label(), c.code) for c in codes.risk_levels().codes])
        self.mediator = _combo(_("All mediators"), [])
        self._fill_mediators()
        from app.services.place_choices import place_choices     # 村/社区 (设置 → 村/社区与网格)
        self.place = _combo(_("All villages and communities"),
                            [(p.name, p.id) for p in self.backend.query(place_choices)])
        self.use_dates = QCheckBox(_("Registered"))
        today = clock.today()
        self.date_from = DateInput(today - timedelta(days=30))
        self.date_to = DateInput(today)
        self.overdue = QCheckBox(_("Overdue cases only"))
        self.overdue.setToolTip(_(OVERDUE_MEANING))
        self.count_label = QLabel()
        self.date_note = QLabel(wordWrap=True)       # what is wrong with the dates typed, beside them
        self.date_note.setStyleSheet("color: #b00000;")
        self.date_note.hide()

        filters = QHBoxLayout()
        for w in (self.status, self.type, self.risk, self.mediator, self.place, self.use_dates, self.date_from, QLabel("–"),
                  self.date_to, self.overdue):
            filters.addWidget(w)
        filters.addStretch(1)
        filters.addWidget(self.count_label)

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.ExtendedSelection)   # several cases for a batch print
        # Indicator first: enabling sorting sorts by the indicator's column at once (a full reload).
        self.table.horizontalHeader().setSortIndicator(Column.REGISTERED, Qt.DescendingOrder)
        self.table.setSortingEnabled(True)
        self.table.setAlternatingRowColors(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.Interactive)
        header.setSectionResizeMode(Column.TITLE, QHeaderView.Stretch)
        for column, width in ((Column.CASE_NO, 170), (Column.TITLE, 240), (Column.TYPE, 100),
                              (Column.PARTIES, 180), (Column.STATUS, 100), (Column.MEDIATOR, 110),
                              (Column.REGISTERED, 100), (Column.DEADLINE, 100), (Column.RISK, 70)):
            self.table.setColumnWidth(column, width)
        self.table.activated.connect(self._activate)   # Enter on a row, or double-click

        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addLayout(filters)
        layout.addWidget(self.date_note)
        layout.addWidget(self.table, 1)
        self.legend = legend()
        layout.addWidget(self.legend)

    def _fill_mediators(self) -> None:
        current = self.mediator.currentData()
        self.mediator.blockSignals(True)
        while self.mediator.count() > 1:
            self.mediator.removeItem(1)
        for m in self.backend.query(lambda c: lookups.mediators(c, active_only=False)):
            self.mediator.addItem(m.name, m.id)
        index = self.mediator.findData(current)
        self.mediator.setCurrentIndex(max(index, 0))
        self.mediator.blockSignals(False)

    def _sync_date_widgets(self, enabled: bool) -> None:
        self.date_from.setEnabled(enabled)
        self.date_to.setEnabled(enabled)

    # --- data ------------------------------------------------------------------------------------
    def _fetch_page(self, query: RegisterQuery, offset: int, limit: int):
        return self.backend.query(lambda c: register.fetch_page(c, query, offset=offset, limit=limit))

    def current_query(self) -> RegisterQuery:
        status = self.status.currentData()
        dates = self.use_dates.isChecked()
        return replace(self.model.query, search=self.search.text().strip(),
                       statuses=(status,) if status else (), type_code=self.type.currentData(),
                       risk_level=self.risk.currentData(), mediator_id=self.mediator.currentData(),
                       place_id=self.place.currentData(),
                       registered_from=self._filter_date(self.date_from) if dates else None,
                       registered_to=self._filter_date(self.date_to) if dates else None,
                       overdue_only=self.overdue.isChecked())

    @staticmethod
    def _filter_date(widget: DateInput):
        """A mistyped filter date is marked at the field and left out of the filter until corrected."""
        try:
            return widget.value()
        except MediationError:
            return None

    def date_problem(self) -> str:
        """What is wrong with the registration dates filtered on, in words, or "" (the fields marked)."""
        if not self.use_dates.isChecked():
            for widget in (self.date_from, self.date_to):     # not filtered on: nothing of them is wrong
                mark_invalid(widget.line, None)
                widget.line.setToolTip(widget.hint())
            return ""
        for widget, name in ((self.date_from, _("Registered from")), (self.date_to, _("Registered to"))):
            error = widget.error()
            if error:
                mark_invalid(widget.line, error)
                return f"{name}：{error}"
        first, last = self.date_from.value(), self.date_to.value()
        message = _("The first date ({first}) is after the last ({last}): swap them or correct one.").format(
            first=first.isoformat(), last=last.isoformat()) if first > last else ""
        for widget in (self.date_from, self.date_to):
            mark_invalid(widget.line, message or None)
            if not message:
                widget.line.setToolTip(widget.hint())
        return message

    def _show_date_problem(self) -> bool:
        """Show what is wrong with the dates (True), or clear the note (False)."""
        problem = self.date_problem()
        self.date_note.setText(problem)
        self.date_note.setVisible(bool(problem))
        if problem:
            self.count_label.setText(_("Correct the dates to see the cases."))
        return bool(problem)

    def apply_filters(self) -> None:
        if self._show_date_problem():
            return          # not run: a reversed or impossible range would only show 共 0 件
        self.model.set_query(self.current_query())
        self._update_count()

    def _cases_changed(self, _ids) -> None:
        self.refresh()

    def refresh(self) -> None:
        self._update_marks()
        self.model.reload()
        self._update_count()

    def _update_marks(self) -> None:
        """Which cases have something overdue or due this week (sessions, terms, follow-ups, ...)."""
        marks: dict[int, list[AgendaItem]] = {}
        for item in self.source.items():
            marks.setdefault(item.dispute_id, []).append(item)
        self.model.set_marks(marks)

    def _update_count(self) -> None:
        query = self.model.query
        total = self.backend.query(lambda c: register.count_cases(c, query, today=clock.today()))
        if total == 0 and (query.search or replace(query, overdue_only=False).has_filters()):
            self.count_label.setText(_("No cases match the search or filters"))     # not only 共 0 件
            return
        self.count_label.setText((_("{n} overdue cases") if query.overdue_only else _("{n} cases")).format(n=total))

    def _search_now(self) -> None:
        """Enter in the search box: search at once and go to the first result (Enter again opens it)."""
        self._search_timer.stop()
        self.apply_filters()
        if self.model.rowCount():
            self.table.setFocus()
            self.table.selectRow(0)

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def selected_id(self) -> int | None:
        index = self.table.currentIndex()
        return self.model.data(index, DISPUTE_ID_ROLE) if index.isValid() else None

    def selected_ids(self) -> list[int]:
        rows = self.table.selectionModel().selectedRows()
        found = [self.model.data(index, DISPUTE_ID_ROLE) for index in sorted(rows, key=lambda i: i.row())]
        return [i for i in found if i is not None]

    def _activate(self, index) -> None:
        dispute_id = self.model.data(index, DISPUTE_ID_ROLE)
        if dispute_id is not None:
            self.case_activated.emit(dispute_id)
