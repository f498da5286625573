"""Statistics periods as the station's calendar (Asia/Shanghai) counts them: a year, a quarter, a month, a
Monday-first ISO week, or a range of days; parsed from 2026, 2026Q4, 2026-11, 2026W47 or two dates."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum

from app import clock, date_text
from app.errors import MediationError
from app.i18n import _


class PeriodKind(StrEnum):
    YEAR = "year"
    QUARTER = "quarter"
    MONTH = "month"
    WEEK = "week"
    RANGE = "range"


# The longest custom range: a statistic over more than a few years is a mistake of typing, not a report.
MAX_RANGE_DAYS = 366 * 10

_YEAR = re.compile(r"(\d{4})年?")
_QUARTER = re.compile(r"(\d{4})\s*(?:-?\s*Q|年\s*第?)\s*([1-4])\s*(?:季度?)?", re.IGNORECASE)
_MONTH = re.compile(r"(\d{4})\s*(?:-|/|\.|年)\s*(\d{1,2})\s*月?")
_WEEK = re.compile(r"(\d{4})\s*(?:-?\s*W|年\s*第?)\s*(\d{1,2})\s*周?", re.IGNORECASE)
_RANGE = re.compile(r"(.+?)\s*(?:~|～|\.\.|至|到|—|--)\s*(.+)")
_CN_QUARTER = {"一": "1", "二": "2", "三": "3", "四": "4"}


def _not_understood(text: str) -> MediationError:
    return MediationError(_("The period {text!r} is not understood; write a year (2026), a quarter (2026Q4), a "
                            "month (2026-11), an ISO week (2026W47) or two dates (2026-11-01~2026-11-30).")
                          .format(text=text))


def _check_year(year: int, text: str) -> int:
    if not date_text.MIN_YEAR <= year <= date_text.MAX_YEAR:
        raise MediationError(_("The year in {text!r} is out of range: write one from {low} to {high}.").format(
            text=text, low=date_text.MIN_YEAR, high=date_text.MAX_YEAR))
    return year


def _month_end(year: int, month: int) -> date:
    following = date(year + month // 12, month % 12 + 1, 1)
    return following - timedelta(days=1)


@dataclass(frozen=True)
class Period:
    """Days start..end, both included. `label` is the form the command line takes and file names carry."""
    label: str
    start: date
    end: date
    kind: PeriodKind = PeriodKind.RANGE

    # --- making one ---------------------------------------------------------------------------------------
    @classmethod
    def year(cls, year: int) -> Period:
        _check_year(year, str(year))
        return cls(f"{year:04d}", date(year, 1, 1), date(year, 12, 31), PeriodKind.YEAR)

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        if not 1 <= quarter <= 4:
            raise MediationError(_("A quarter is 1 to 4, not {quarter}.").format(quarter=quarter))
        _check_year(year, f"{year}Q{quarter}")
        first = 3 * quarter - 2
        return cls(f"{year:04d}Q{quarter}", date(year, first, 1), _month_end(year, first + 2), PeriodKind.QUARTER)

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        if not 1 <= month <= 12:
            raise MediationError(_("A month is 1 to 12, not {month}.").format(month=month))
        _check_year(year, f"{year}-{month}")
        return cls(f"{year:04d}-{month:02d}", date(year, month, 1), _month_end(year, month), PeriodKind.MONTH)

    @classmethod
    def week(cls, year: int, week: int) -> Period:
        """ISO week `week` of ISO year `year`: Monday to Sunday; week 1 holds the year's first Thursday, so
        2026W53 ends on 3 January 2027 and 2027W01 starts on 4 January."""
        _check_year(year, f"{year}W{week}")
        if not 1 <= week <= weeks_in(year):
            raise MediationError(_("{year} has weeks 1 to {last}, not {week}.").format(
                year=year, last=weeks_in(year), week=week))
        start = date.fromisocalendar(year, week, 1)
        return cls(f"{year:04d}W{week:02d}", start, start + timedelta(days=6), PeriodKind.WEEK)

    @classmethod
    def days(cls, start: date, end: date) -> Period:
        if end < start:
            raise MediationError(_("The period ends ({end}) before it starts ({start}): swap the two dates.")
                                 .format(start=date_text.format_date(start), end=date_text.format_date(end)))
        if (end - start).days >= MAX_RANGE_DAYS:
            raise MediationError(_("A range of days may cover at most ten years; for more, count year by year."))
        return cls(f"{start.isoformat()}~{end.isoformat()}", start, end, PeriodKind.RANGE)

    @classmethod
    def containing(cls, kind: PeriodKind | str, day: date) -> Period:
        """The year, quarter, month or ISO week that holds `day` (a range: that day alone)."""
        kind = PeriodKind(kind)
        if kind == PeriodKind.YEAR:
            return cls.year(day.year)
        if kind == PeriodKind.QUARTER:
            return cls.quarter(day.year, (day.month - 1) // 3 + 1)
        if kind == PeriodKind.MONTH:
            return cls.month(day.year, day.month)
        if kind == PeriodKind.WEEK:
            iso = day.isocalendar()
            return cls.week(iso.year, iso.week)
        return cls.days(day, day)

    @classmethod
    def at(cls, kind: PeriodKind | str, moment: datetime) -> Period:
        """The period holding an instant, by its Beijing date (23:30 UTC on 31 December is already 1 January)."""
        if moment.tzinfo is None:
            raise ValueError("an aware datetime is needed")
        return cls.containing(kind, moment.astimezone(clock.STATION_TZ).date())

    @classmethod
    def current(cls, kind: PeriodKind | str) -> Period:
        return cls.containing(kind, clock.today())

    @classmethod
    def parse(cls, text: str, *, today: date | None = None) -> Period:
        """2026 (a year), 2026Q4 or 2026-Q4 (a quarter), 2026-11 (a month), 2026W47 or 2026-W47 (an ISO week),
        2026-11-01~2026-11-30 (a range; either date as the forms take them); the Chinese 2026年第4季度,
        2026年11月, 2026年第47周 too."""
        raw = text
        text = unicodedata.normalize("NFKC", text or "").strip()
        text = re.sub("第([一二三四])季", lambda m: "第" + _CN_QUARTER[m[1]] + "季", text)
        try:
            if m := _YEAR.fullmatch(text):
                return cls.year(int(m[1]))
            if (m := _QUARTER.fullmatch(text)) and ("季" in text or "q" in text.lower()):
                return cls.quarter(int(m[1]), int(m[2]))
            if (m := _WEEK.fullmatch(text)) and ("周" in text or "w" in text.lower()):
                return cls.week(int(m[1]), int(m[2]))
            if m := _MONTH.fullmatch(text):
                return cls.month(int(m[1]), int(m[2]))
            if m := _RANGE.fullmatch(text):
                day = today or clock.today()
                return cls.days(date_text.parse_date(m[1], today=day), date_text.parse_date(m[2], today=day))
        except MediationError as exc:       # a month 13, a week 54, a date that is none
            raise MediationError(_("The period {text!r} is not understood: {reason}").format(
                text=raw, reason=exc)) from None
        raise _not_understood(raw)

    # --- reading one --------------------------------------------------------------------------------------
    def shifted(self, steps: int) -> Period:
        """The period `steps` before (negative) or after this one, of the same kind and length."""
        if self.kind == PeriodKind.YEAR:
            return Period.year(self.start.year + steps)
        if self.kind in (PeriodKind.QUARTER, PeriodKind.MONTH):
            months = 3 if self.kind == PeriodKind.QUARTER else 1
            index = self.start.year * 12 + self.start.month - 1 + steps * months
            return Period.containing(self.kind, date(index // 12, index % 12 + 1, 1))
        length = (self.end - self.start).days + 1
        if self.kind == PeriodKind.WEEK:
            return Period.containing(PeriodKind.WEEK, self.start + timedelta(days=7 * steps))
        return Period.days(self.start + timedelta(days=length * steps), self.end + timedelta(days=length * steps))

    def utc_bounds(self) -> tuple[datetime, datetime]:
        """[from, to) as naive UTC, for stored timestamps: the period starts at 00:00 Beijing time on its first
        day (16:00 UTC the day before) and ends at 00:00 Beijing time after its last day."""
        def utc(day: date) -> datetime:
            return datetime.combine(day, time(), clock.STATION_TZ).astimezone(UTC).replace(tzinfo=None)

        return utc(self.start), utc(self.end + timedelta(days=1))

    def title(self) -> str:
        """The period as a heading says it: 2026年第4季度, 2026年第47周（11月16日至11月22日）."""
        y = self.start.year
        if self.kind == PeriodKind.YEAR:
            return _("Year {year}").format(year=y)
        if self.kind == PeriodKind.QUARTER:
            return _("{year}, quarter {quarter}").format(year=y, quarter=(self.start.month + 2) // 3)
        if self.kind == PeriodKind.MONTH:
            return _("{year}, month {month}").format(year=y, month=self.start.month)
        if self.kind == PeriodKind.WEEK:
            iso = self.start.isocalendar()
            return _("{year}, week {week} ({start} to {end})").format(
                year=iso.year, week=iso.week, start=date_text.format_date(self.start),
                end=date_text.format_date(self.end))
        return self.span()

    def span(self) -> str:
        return _("{start} to {end}").format(start=date_text.format_date(self.start),
                                            end=date_text.format_date(self.end))


def weeks_in(year: int) -> int:
    """52 or 53: the ISO week of 28 December is always the year's last."""
    return date(year, 12, 28).isocalendar().week


def from_options(period: str | None, start: str | None, end: str | None, *, today: date | None = None) -> Period:
    """The command line's choice: --period TEXT, or --from DATE --to DATE (a missing --to means today)."""
    day = today or clock.today()
    if period and (start or end):
        raise MediationError(_("Give either --period or --from/--to, not both."))
    if period:
        return Period.parse(period, today=day)
    if not start:
        raise MediationError(_("Say which period: --period 2026Q4 (or 2026, 2026-11, 2026W47), or --from 2026-11-01 "
                               "--to 2026-11-30."))
    try:
        return Period.days(date_text.parse_date(start, today=day),
                           date_text.parse_date(end, today=day) if end else day)
    except date_text.DateTextError as exc:
        raise MediationError(_("The period is not understood: {reason}").format(reason=exc)) from None
