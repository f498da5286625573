"""The one date input and the one date-time input of every form: type 20261203, 12月3日, 明天 or 下午2点半
(parsed by app/date_text.py), or pick the day from a Chinese calendar that marks official holidays (休) and
make-up working days (班). Tab leaves the field at once; Up/Down move a day, PgUp/PgDn a month, F4 or
Alt+Down opens the calendar.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta

from PySide6.QtCore import QDate, QEvent, QLocale, QPoint, QRect, Qt, Signal
from PySide6.QtGui import QColor, QFont, QKeyEvent, QPainter, QTextCharFormat
from PySide6.QtWidgets import (QCalendarWidget, QFrame, QHBoxLayout, QLabel, QLineEdit, QPushButton, QSizePolicy,
                               QToolButton, QToolTip, QVBoxLayout, QWidget)

from app import clock, date_text, i18n
from app.date_text import DateTextError
from app.errors import FieldError
from app.i18n import _
from app.workdays import DayKind, day_mark, knows_year
from ui.widgets import mark_invalid

HOLIDAY_COLOUR, MAKEUP_COLOUR = QColor("#d62020"), QColor("#2060b0")


def _add_months(day: date, months: int) -> date:
    return QDate(day).addMonths(months).toPython()


def day_note(day: date) -> str:
    """周四, or 周四·国庆节 / 周六·调休上班: what the input shows after a date."""
    mark = day_mark(day)
    text = date_text.weekday_name(day)
    if mark.kind == DayKind.HOLIDAY:
        text += "·" + (mark.holiday or _("holiday"))
    elif mark.kind == DayKind.MAKEUP:
        text += "·" + _("make-up working day")
    return text


class HolidayCalendar(QCalendarWidget):
    """A month in Chinese, Monday first; 休 on official holidays, 班 on make-up working days."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        chinese = i18n.is_chinese()
        self.setLocale(QLocale(QLocale.Language.Chinese, QLocale.Country.China) if chinese
                       else QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
        self.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        self.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self.setHorizontalHeaderFormat(QCalendarWidget.HorizontalHeaderFormat.ShortDayNames)
        self.setGridVisible(True)
        self.currentPageChanged.connect(self._mark_page)
        self._mark_page(self.yearShown(), self.monthShown())

    def _mark_page(self, year: int, month: int) -> None:
        """Holidays red, make-up Saturdays and Sundays in the working days' colour (not the weekend red)."""
        self.setDateTextFormat(QDate(), QTextCharFormat())          # clears the previous page's marks
        first = date(year, month, 1)
        for offset in range(-7, 45):
            day = first + timedelta(days=offset)
            kind = day_mark(day).kind
            if kind in (DayKind.HOLIDAY, DayKind.MAKEUP):
                fmt = QTextCharFormat()
                fmt.setForeground(HOLIDAY_COLOUR if kind == DayKind.HOLIDAY else QColor("#000000"))
                self.setDateTextFormat(QDate(day), fmt)

    def paintCell(self, painter: QPainter, rect: QRect, qdate: QDate) -> None:  # noqa: N802 (Qt override)
        super().paintCell(painter, rect, qdate)
        kind = day_mark(qdate.toPython()).kind
        if kind not in (DayKind.HOLIDAY, DayKind.MAKEUP):
            return
        painter.save()
        font = QFont(painter.font())
        font.setPointSizeF(max(6.0, font.pointSizeF() * 0.7))
        painter.setFont(font)
        painter.setPen(HOLIDAY_COLOUR if kind == DayKind.HOLIDAY else MAKEUP_COLOUR)
        painter.drawText(rect.adjusted(0, 1, -2, 0), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop,
                         _("off") if kind == DayKind.HOLIDAY else _("work"))
        painter.restore()


def month_note(year: int, month: int) -> str:
    """The shown month's holidays and make-up days in words, or why only weekends are marked."""
    if not knows_year(year):
        return _("The official holidays of {year} are not known to this version yet: only weekends are "
                 "marked.").format(year=year)
    first = date(year, month, 1)
    off: dict[str, list[date]] = {}
    work: list[date] = []
    day = first
    while day.month == month:
        mark = day_mark(day)
        if mark.kind == DayKind.HOLIDAY:
            off.setdefault(mark.holiday, []).append(day)
        elif mark.kind == DayKind.MAKEUP:
            work.append(day)
        day += timedelta(days=1)
    parts = [_("{name}: {first} to {last} off").format(name=name, first=_short(days[0]), last=_short(days[-1]))
             if len(days) > 1 else _("{name}: {first} off").format(name=name, first=_short(days[0]))
             for name, days in off.items()]
    if work:
        parts.append(_("working: {days}").format(days="、".join(
            f"{_short(d)}（{date_text.weekday_name(d)}）" for d in work)))
    return "；".join(parts)


def _short(day: date) -> str:
    return _("{month}/{day}").format(month=day.month, day=day.day)


class CalendarPopup(QFrame):
    """The calendar under an input, with the legend and the month's holidays; Enter or a click picks."""
    picked = Signal(object)     # a date

    def __init__(self, parent: QWidget):
        super().__init__(parent, Qt.WindowType.Popup)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.calendar = HolidayCalendar(self)
        self.calendar.activated.connect(self._pick)
        self.calendar.clicked.connect(self._pick)
        self.calendar.currentPageChanged.connect(self._show_note)
        off, work = _("off"), _("work")
        legend = QLabel(f"<span style='color:{HOLIDAY_COLOUR.name()}'>{off}</span> " + _("official holiday")
                        + f"　<span style='color:{MAKEUP_COLOUR.name()}'>{work}</span> " + _("make-up working day"))
        self.note = QLabel(wordWrap=True)
        self.note.setStyleSheet("color: #555")
        today = QPushButton(_("Today"))
        today.setAutoDefault(False)
        today.clicked.connect(lambda: self._pick(QDate(clock.today())))
        row = QHBoxLayout()
        row.addWidget(legend, 1)
        row.addWidget(today)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.calendar)
        layout.addLayout(row)
        layout.addWidget(self.note)
        self.setFixedWidth(max(360, self.calendar.sizeHint().width() + 8))

    def show_for(self, anchor: QWidget, day: date, minimum: date | None, maximum: date | None) -> None:
        self.calendar.setMinimumDate(QDate(minimum) if minimum else QDate(1900, 1, 1))
        self.calendar.setMaximumDate(QDate(maximum) if maximum else QDate(2100, 12, 31))
        self.calendar.setSelectedDate(QDate(day))
        self._show_note(day.year, day.month)
        self.adjustSize()
        self.move(anchor.mapToGlobal(QPoint(0, anchor.height())))
        self.show()
        self.calendar.setFocus()

    def _show_note(self, year: int, month: int) -> None:
        self.note.setText(month_note(year, month))
        self.note.setVisible(bool(self.note.text()))

    def _pick(self, qdate: QDate) -> None:
        self.hide()
        self.picked.emit(qdate.toPython())


class _Line(QLineEdit):
    """The text part: Up/Down a day, PgUp/PgDn a month, F4 or Alt+Down the calendar; Tab is never kept."""
    step = Signal(int, int)         # days, months
    open_calendar = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        key, alt = event.key(), bool(event.modifiers() & Qt.KeyboardModifier.AltModifier)
        if key == Qt.Key.Key_F4 or (alt and key == Qt.Key.Key_Down):
            self.open_calendar.emit()
        elif key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            self.step.emit(1 if key == Qt.Key.Key_Up else -1, 0)
        elif key in (Qt.Key.Key_PageUp, Qt.Key.Key_PageDown):
            self.step.emit(0, 1 if key == Qt.Key.Key_PageUp else -1)
        else:
            super().keyPressEvent(event)


class _TemporalInput(QWidget):
    """What the date and the date-time input share: a text field, a calendar button and the limits."""
    dateChanged = Signal(object)     # noqa: N815 (as Qt's own inputs): the new date, after a valid entry

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.line = _Line()
        self.line.setPlaceholderText(self.placeholder())
        self.line.setToolTip(self.hint())
        self.button = QToolButton(text="▾")
        self.button.setToolTip(_("Choose from the calendar (F4)"))
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)        # Tab goes from the text to the next field
        self.button.clicked.connect(self.show_calendar)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.line, 1)
        layout.addWidget(self.button)
        self.setFocusProxy(self.line)
        # one line high, whatever room the form has (seen under Xvfb: a form stretched it to a tall box)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.line.editingFinished.connect(self._commit)
        self.line.step.connect(self._step)
        self.line.open_calendar.connect(self.show_calendar)
        self.minimum: datetime | date | None = None
        self.maximum: datetime | date | None = None
        self._popup: CalendarPopup | None = None
        self._error = ""

    # to be filled by the two kinds
    def placeholder(self) -> str:
        raise NotImplementedError

    def hint(self) -> str:
        raise NotImplementedError

    # --- the text ----------------------------------------------------------------------------------------
    def text(self) -> str:
        return self.line.text()

    def setText(self, text: str) -> None:  # noqa: N802 (as QLineEdit)
        """As if typed and then left (tests, pasted values)."""
        self.line.setText(text)
        self._commit()

    def error(self) -> str:
        """Why the current text is not accepted, or "" when it is."""
        try:
            self.value()
        except DateTextError as exc:
            return str(exc)
        return ""

    def _commit(self) -> None:
        """The text was left or Enter pressed: show it in the standard form, or mark it with what is wrong
        and say so at once beside the field (a red border alone left people guessing)."""
        try:
            value = self.value()
        except DateTextError as exc:
            self._error = str(exc)
            mark_invalid(self.line, self._error)
            if self.isVisible():
                QToolTip.showText(self.line.mapToGlobal(QPoint(0, self.line.height())), self._error, self.line)
            return
        if self._error:
            mark_invalid(self.line, None)
            self.line.setToolTip(self.hint())
            self._error = ""
        self._show(value)

    # The limits, set by each input; None until then (the base class asks for the placeholder first).
    minimum: date | datetime | None = None
    maximum: date | datetime | None = None
    # What the lower limit is, for the message ("the registration date"): a bare date does not say why.
    minimum_name = ""

    def _check_limits(self, value, shown: str):
        if self.minimum is not None and value < self.minimum:
            if self.minimum_name:
                raise DateTextError(_("{value} is too early: it cannot be before {name} ({limit}).").format(
                    value=shown, name=self.minimum_name, limit=self._limit_text(self.minimum)))
            raise DateTextError(_("{value} is too early: it cannot be before {limit}.").format(
                value=shown, limit=self._limit_text(self.minimum)))
        if self.maximum is not None and value > self.maximum:
            if self.maximum == clock.today():
                raise DateTextError(_("{value} is a later day: it cannot be after today ({limit}).").format(
                    value=shown, limit=self._limit_text(self.maximum)))
            raise DateTextError(_("{value} is too late: it cannot be after {limit}.").format(
                value=shown, limit=self._limit_text(self.maximum)))
        return value

    @staticmethod
    def _limit_text(limit: date | datetime) -> str:
        return date_text.format_datetime(limit) if isinstance(limit, datetime) else date_text.format_date(limit)

    # --- the calendar -----------------------------------------------------------------------------------
    def show_calendar(self) -> None:
        if self._popup is None:
            self._popup = CalendarPopup(self)
            self._popup.picked.connect(self._picked)
        try:
            shown = self._current_date()
        except DateTextError:
            shown = clock.today()
        lo, hi = (x.date() if isinstance(x, datetime) else x for x in (self.minimum, self.maximum))
        self._popup.show_for(self, shown, lo, hi)

    def _picked(self, day: date) -> None:
        self._set_date_part(day)
        self.line.setFocus()

    def _step(self, days: int, months: int) -> None:
        try:
            current = self._current_date()
        except DateTextError:
            current = clock.today()
        self._set_date_part(_add_months(current, months) + timedelta(days=days))

    def _current_date(self) -> date:
        raise NotImplementedError

    def _set_date_part(self, day: date) -> None:
        raise NotImplementedError

    def _show(self, value) -> None:
        raise NotImplementedError

    def event(self, e: QEvent) -> bool:
        if e.type() == QEvent.Type.EnabledChange:
            self.button.setEnabled(self.isEnabled())
        return super().event(e)


class DateInput(_TemporalInput):
    """A date: `value()` gives a datetime.date, or raises DateTextError saying how to write it."""

    def __init__(self, value: date | None = None, parent: QWidget | None = None, *,
                 minimum: date | None = None, maximum: date | None = None, compact: bool = False):
        super().__init__(parent)
        self.minimum, self.maximum, self.compact = minimum, maximum, compact
        self.line.setPlaceholderText(self.placeholder())
        # compact (table cells): the date alone, the weekday in the tooltip, so the other columns keep room
        sample = "2026-12-03" if compact else "2026-12-03（周四·国庆节）"
        self.line.setMinimumWidth(self.fontMetrics().horizontalAdvance(sample) + 12)
        self._last: date | None = None
        if value is not None:
            self.setValue(value)

    def placeholder(self) -> str:
        if self.maximum is not None and self.maximum <= clock.today():     # a date that has passed: no 明天
            return _("e.g. 2019-03-15, 3月15日, 昨天")
        return _("e.g. 2026-12-03, 12月3日, 明天")

    def hint(self) -> str:
        return date_text.date_hint() + " " + _("Up/Down: a day; PgUp/PgDn: a month; F4: the calendar.")

    def value(self) -> date:
        day = date_text.parse_date(self.line.text(), today=clock.today())
        return self._check_limits(day, date_text.format_date(day))

    def setValue(self, value: date) -> None:  # noqa: N802
        self._show(value)
        if self._error:
            mark_invalid(self.line, None)
            self.line.setToolTip(self.hint())
            self._error = ""

    def setMinimum(self, value: date | None) -> None:  # noqa: N802
        self.minimum = value

    def setMaximum(self, value: date | None) -> None:  # noqa: N802
        self.maximum = value

    def _show(self, value: date) -> None:
        if self.compact:
            self.line.setText(date_text.format_date(value))
            self.line.setToolTip(day_note(value) + "\n" + self.hint())
        else:
            self.line.setText(f"{date_text.format_date(value)}（{day_note(value)}）")
        if value != self._last:
            self._last = value
            self.dateChanged.emit(value)

    def _current_date(self) -> date:
        return date_text.parse_date(self.line.text(), today=clock.today())

    def _set_date_part(self, day: date) -> None:
        self.setValue(day)


class DateTimeInput(_TemporalInput):
    """A date and a time of day (to the minute): "2026-12-03 14:30", "明天下午2点", or a time alone for the
    same day; `value()` gives a naive station-time datetime."""

    def __init__(self, value: datetime | None = None, parent: QWidget | None = None, *,
                 minimum: datetime | None = None, maximum: datetime | None = None):
        super().__init__(parent)
        self.minimum, self.maximum = minimum, maximum
        self.line.setMinimumWidth(self.fontMetrics().horizontalAdvance("2026-12-03 14:30（周四·国庆节）") + 12)
        self._base: datetime | None = None           # the last accepted value: a date alone keeps its time
        if value is not None:
            self.setValue(value)

    def placeholder(self) -> str:
        return _("e.g. 2026-12-03 14:30, 明天下午2点")

    def hint(self) -> str:
        return (date_text.date_hint() + " " + date_text.time_hint() + " "
                + _("Up/Down: a day; PgUp/PgDn: a month; F4: the calendar."))

    def value(self) -> datetime:
        at = date_text.parse_datetime(self.line.text(), today=clock.today(), base=self._base)
        return self._check_limits(at, date_text.format_datetime(at))

    def setValue(self, value: datetime) -> None:  # noqa: N802
        value = value.replace(second=0, microsecond=0)
        self._show(value)
        if self._error:
            mark_invalid(self.line, None)
            self.line.setToolTip(self.hint())
            self._error = ""

    def setMinimum(self, value: datetime | None) -> None:  # noqa: N802
        self.minimum = value

    def setMaximum(self, value: datetime | None) -> None:  # noqa: N802
        self.maximum = value

    def _show(self, value: datetime) -> None:
        previous = self._base
        self._base = value
        self.line.setText(f"{date_text.format_datetime(value)}（{day_note(value.date())}）")
        if previous is None or previous.date() != value.date():
            self.dateChanged.emit(value.date())

    def _current_date(self) -> date:
        return date_text.parse_datetime(self.line.text(), today=clock.today(), base=self._base).date()

    def _set_date_part(self, day: date) -> None:
        try:
            at = date_text.parse_datetime(self.line.text(), today=clock.today(), base=self._base).time()
        except DateTextError:
            at = self._base.time() if self._base else datetime.min.time()
        self.setValue(datetime.combine(day, at))


def read_date(widget: _TemporalInput, label: str, key: str, errors: list[FieldError]):
    """The widget's value, or None with a FieldError (naming `label`, keyed `key`) added to `errors`: for a form
    that reads several dates before it checks, so a mistyped one is said at its own field, never as a crash."""
    try:
        return widget.value()
    except DateTextError as exc:
        errors.append(FieldError(label, str(exc), key))
        return None
