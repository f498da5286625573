"""The statistics period picker: a year, a quarter, a month, a week (Monday first, with its dates) or a range
of days typed in the forms' Chinese date inputs; ◀ ▶ step to the previous or next period of the same kind.
The bounds come from app/periods.py."""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSpinBox, QToolButton, QWidget

from app import clock, date_text
from app.errors import MediationError
from app.i18n import _
from app.periods import Period, PeriodKind, weeks_in
from ui.date_inputs import DateInput


def _kinds() -> tuple[tuple[PeriodKind, str], ...]:
    return ((PeriodKind.YEAR, _("Year")), (PeriodKind.QUARTER, _("Quarter")), (PeriodKind.MONTH, _("Month")),
            (PeriodKind.WEEK, _("Week")), (PeriodKind.RANGE, _("Range of days")))


def _short(day: date) -> str:
    return f"{day.month:02d}-{day.day:02d}"


class PeriodPicker(QWidget):
    """`period()` is the chosen Period (or raises MediationError saying what is wrong with a range);
    `changed` is emitted once after every change the user makes."""
    changed = Signal()

    def __init__(self, initial: Period | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self._quiet = False
        self.kind = QComboBox()
        for kind, label in _kinds():
            self.kind.addItem(label, kind)
        self.previous = QToolButton(text="◀")
        self.previous.setToolTip(_("The previous period"))
        self.next = QToolButton(text="▶")
        self.next.setToolTip(_("The next period"))
        self.year = QSpinBox()
        self.year.setRange(date_text.MIN_YEAR, date_text.MAX_YEAR)
        self.year.setSuffix(_(" (year)"))
        self.part = QComboBox()             # the quarter, month or week within the year
        self.part.setMinimumContentsLength(18)
        self.start = DateInput(compact=True)
        self.end = DateInput(compact=True)
        self.to_label = QLabel(_("to"))
        self.span = QLabel()                # what is wrong with a range
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.kind, self.previous, self.year, self.part, self.start, self.to_label, self.end,
                       self.next, self.span):
            layout.addWidget(widget)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.year.valueChanged.connect(self._year_changed)
        self.part.currentIndexChanged.connect(self._emit)
        self.start.dateChanged.connect(self._emit)
        self.end.dateChanged.connect(self._emit)
        self.previous.clicked.connect(lambda: self.step(-1))
        self.next.clicked.connect(lambda: self.step(1))
        self.set_period(initial or Period.current(PeriodKind.MONTH))

    # --- reading and setting -----------------------------------------------------------------------------
    def current_kind(self) -> PeriodKind:
        return PeriodKind(self.kind.currentData())

    def period(self) -> Period:
        kind, year, part = self.current_kind(), self.year.value(), self.part.currentData()
        if kind == PeriodKind.YEAR:
            return Period.year(year)
        if kind == PeriodKind.QUARTER:
            return Period.quarter(year, part)
        if kind == PeriodKind.MONTH:
            return Period.month(year, part)
        if kind == PeriodKind.WEEK:
            return Period.week(year, part)
        return Period.days(self.start.value(), self.end.value())

    def set_period(self, period: Period) -> None:
        """Show `period` (without emitting `changed`)."""
        self._quiet = True
        try:
            self.kind.setCurrentIndex(self.kind.findData(period.kind))
            if period.kind == PeriodKind.RANGE:
                self.start.setValue(period.start)
                self.end.setValue(period.end)
            else:
                year = period.start.isocalendar().year if period.kind == PeriodKind.WEEK else period.start.year
                self.year.setValue(year)
                self._fill_parts()
                part = {PeriodKind.QUARTER: (period.start.month + 2) // 3, PeriodKind.MONTH: period.start.month,
                        PeriodKind.WEEK: period.start.isocalendar().week}.get(period.kind)
                if part is not None:
                    self.part.setCurrentIndex(self.part.findData(part))
            self._show_widgets()
        finally:
            self._quiet = False
        self._show_span()

    def step(self, steps: int) -> None:
        try:
            self.set_period(self.period().shifted(steps))
        except MediationError as exc:          # a range that is wrong, or a step past 2100
            self.span.setText(str(exc))
            return
        self.changed.emit()

    # --- keeping the widgets in line ---------------------------------------------------------------------
    def _show_widgets(self) -> None:
        kind = self.current_kind()
        in_year = kind != PeriodKind.RANGE
        self.year.setVisible(in_year)
        self.part.setVisible(kind in (PeriodKind.QUARTER, PeriodKind.MONTH, PeriodKind.WEEK))
        for widget in (self.start, self.to_label, self.end):
            widget.setVisible(not in_year)

    def _fill_parts(self) -> None:
        """The quarters, months or weeks (each with its Monday and Sunday) of the year shown."""
        kind, year = self.current_kind(), self.year.value()
        keep = self.part.currentData()
        blocked = self.part.blockSignals(True)
        self.part.clear()
        if kind == PeriodKind.QUARTER:
            for q in range(1, 5):
                self.part.addItem(_("Quarter {quarter}").format(quarter=q), q)
        elif kind == PeriodKind.MONTH:
            for m in range(1, 13):
                self.part.addItem(_("Month {month}").format(month=m), m)
        elif kind == PeriodKind.WEEK:
            for w in range(1, weeks_in(year) + 1):
                week = Period.week(year, w)
                self.part.addItem(_("Week {week} ({start} to {end})").format(
                    week=w, start=_short(week.start), end=_short(week.end)), w)
        if keep is not None and (index := self.part.findData(keep)) >= 0:
            self.part.setCurrentIndex(index)
        elif self.part.count() and keep is not None:
            self.part.setCurrentIndex(self.part.count() - 1)    # week 53 of a year that has 52
        self.part.blockSignals(blocked)

    def _kind_changed(self) -> None:
        """Another kind: the period of that kind holding today if the old one did, else its first day."""
        if self._quiet:
            return
        kind = self.current_kind()
        old = self._last
        today = clock.today()
        if kind == PeriodKind.RANGE:
            new = Period.days(old.start, old.end)
        else:
            new = Period.containing(kind, today if old.start <= today <= old.end else old.start)
        self.set_period(new)
        self.changed.emit()

    def _year_changed(self) -> None:
        if self._quiet:
            return
        self._fill_parts()
        self._emit()

    def _emit(self) -> None:
        if self._quiet:
            return
        self._show_span()
        self.changed.emit()

    def _show_span(self) -> None:
        try:
            period = self.period()
        except MediationError as exc:
            self.span.setText(str(exc))
            self.span.setStyleSheet("color: #c0392b")
            return
        self._last = period
        self.span.setStyleSheet("")
        self.span.setText("")           # the window's heading names the dates of a valid choice
