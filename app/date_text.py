"""Typed dates and times as a township office writes them: 20261203, 2026-12-3, 12月3日, 明天, 下周三,
14:30, 下午2点半. Pure functions (no Qt), so the forms' date inputs and their tests share one parser.

Every failure raises DateTextError with a message saying what is wrong and how to write it instead.
"""
from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, time, timedelta

from app.errors import MediationError
from app.i18n import _

MIN_YEAR, MAX_YEAR = 1900, 2100
WEEKDAY_NAMES = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")

_RELATIVE = {"今天": 0, "今日": 0, "明天": 1, "明日": 1, "后天": 2, "大后天": 3, "昨天": -1, "昨日": -1,
             "前天": -2, "大前天": -3}
_CN_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
              "九": 9}
_CN_NUMBER = re.compile("[〇零一二两三四五六七八九十]+")
_WEEKDAY = re.compile(r"^(下下|下个|下|本|这个|这|上个|上)?(?:周|星期|礼拜)([1-7日天])$")
_YMD = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_MD = re.compile(r"^(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?$")
_DAYS_FROM_NOW = re.compile(r"^(\d{1,3})\s*天\s*(后|以后|之后|前|以前|之前)$")
# A time at the end of a date-time: 14:30, 1430 (after a space), 14时30分, 14点半, 下午2点, 9点一刻.
_PERIOD = r"(凌晨|早上|早晨|清晨|上午|中午|午后|下午|傍晚|晚上|夜里|晚)?"
_TIME_COLON = re.compile(_PERIOD + r"\s*(\d{1,2})\s*:\s*(\d{2})$")
_TIME_WORDS = re.compile(_PERIOD + r"\s*(\d{1,2})\s*[点时]\s*(?:(半)|(\d{1,2})\s*分?|(\d)\s*刻)?\s*钟?$")
_TIME_DIGITS = re.compile(r"(?:^|\s)(\d{2})(\d{2})$")
_AFTERNOON = ("午后", "下午", "傍晚", "晚上", "夜里", "晚")


class DateTextError(MediationError, ValueError):
    """The text is not a date (or time) the station's forms understand; str() says how to write it."""


def date_hint() -> str:
    return _("Write a date like 2026-12-03, 20261203, 12月3日, 今天 or 明天.")


def time_hint() -> str:
    return _("Write a time like 14:30, 14时30分 or 下午2点半.")


# --- normalising -----------------------------------------------------------------------------------------
def _cn_to_int(run: str) -> str:
    """二〇二六 → 2026 (digit by digit); 十二 → 12, 二十三 → 23, 三十 → 30 (with 十)."""
    if "十" not in run:
        return "".join(str(_CN_DIGITS[c]) for c in run)
    tens, _ten, ones = run.partition("十")
    if "十" in ones or len(tens) > 1 or len(ones) > 1:
        return run                       # not a number up to 99; left for the error message
    return str((_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[ones] if ones else 0))


def normalise(text: str) -> str:
    """Full-width digits and punctuation to ASCII, Chinese numerals to digits, a trailing （周四） dropped."""
    text = unicodedata.normalize("NFKC", text or "").strip()
    text = re.sub(r"\s*\([^()]*\)\s*$", "", text)          # the weekday the input shows after a date
    text = text.replace("星期天", "星期日").replace("礼拜天", "礼拜日").replace("周天", "周日")
    return _CN_NUMBER.sub(lambda m: _cn_to_int(m.group(0)), text).strip()


def _make_date(year: int, month: int, day: int, text: str) -> date:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise DateTextError(_("The year {year} is not possible here; write the full year, e.g. 2026.").format(
            year=year))
    try:
        return date(year, month, day)
    except ValueError:
        raise DateTextError(_("“{text}” is not a real date: check the month and the day.").format(
            text=text)) from None


# --- dates -----------------------------------------------------------------------------------------------
def parse_date(text: str, *, today: date) -> date:
    """One typed date; `today` (the station's, from app.clock) anchors 今天, 明天 and dates without a year."""
    raw = (text or "").strip()
    if not raw:
        raise DateTextError(_("The date is empty.") + " " + date_hint())
    s = normalise(raw)
    if s in _RELATIVE:
        return today + timedelta(days=_RELATIVE[s])
    if m := _DAYS_FROM_NOW.match(s):
        days = int(m[1])
        return today + timedelta(days=days if m[2].endswith("后") else -days)
    if m := _WEEKDAY.match(s):
        return _weekday(m[1] or "", m[2], today)
    if m := (_YMD.match(s) or _COMPACT.match(s)):
        return _make_date(int(m[1]), int(m[2]), int(m[3]), raw)
    if m := _MD.match(s):
        return _make_date(today.year, int(m[1]), int(m[2]), raw)
    raise DateTextError(_("“{text}” is not a date the form understands.").format(text=raw) + " " + date_hint())


def _weekday(which: str, name: str, today: date) -> date:
    """周五: the next Friday from today (today included); 本周五 / 下周五 / 上周五: in that week (Monday first)."""
    target = 6 if name in "日天" else int(name) - 1
    if not which:
        return today + timedelta(days=(target - today.weekday()) % 7)
    monday = today - timedelta(days=today.weekday())
    weeks = {"下下": 2, "下个": 1, "下": 1, "本": 0, "这个": 0, "这": 0, "上个": -1, "上": -1}[which]
    return monday + timedelta(weeks=weeks, days=target)


# --- times -----------------------------------------------------------------------------------------------
def _split_time(s: str) -> tuple[str, time | None]:
    """(the date part, the time) of a normalised date-time; the time None when the text has none."""
    for pattern in (_TIME_COLON, _TIME_WORDS):
        if m := pattern.search(s):
            period, hour = m[1] or "", int(m[2])
            if pattern is _TIME_COLON:
                minute = int(m[3])
            else:
                minute = 30 if m[3] else int(m[4]) if m[4] else int(m[5]) * 15 if m[5] else 0
            return s[:m.start()].strip(), _make_time(hour, minute, period, s[m.start():].strip())
    if (m := _TIME_DIGITS.search(s)) and s[:m.start()].strip():
        return s[:m.start()].strip(), _make_time(int(m[1]), int(m[2]), "", m.group(0).strip())
    return s, None


def _make_time(hour: int, minute: int, period: str, text: str) -> time:
    if period in _AFTERNOON and 1 <= hour < 12:
        hour += 12
    elif period == "中午" and 1 <= hour < 6:
        hour += 12
    elif period == "凌晨" and hour == 12:
        hour = 0
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        raise DateTextError(_("“{text}” is not a time of day.").format(text=text) + " " + time_hint())
    return time(hour, minute)


def parse_time(text: str) -> time:
    """One typed time of day: 14:30, 14时30分, 14点半, 下午2点半, 9点一刻."""
    raw = (text or "").strip()
    s = normalise(raw)
    if not s:
        raise DateTextError(_("The time is empty.") + " " + time_hint())
    if m := re.fullmatch(r"(\d{1,2})(\d{2})", s):            # 1430 on its own
        return _make_time(int(m[1]), int(m[2]), "", raw)
    rest, found = _split_time(s)
    if found is None or rest:
        raise DateTextError(_("“{text}” is not a time of day.").format(text=raw) + " " + time_hint())
    return found


def parse_datetime(text: str, *, today: date, base: datetime | None = None) -> datetime:
    """A typed date and time: "2026-12-03 14:30", "明天下午2点", "12月3日 9:00". A date alone keeps the time
    of `base` (what the field held before); a time alone keeps its date (or today's)."""
    raw = (text or "").strip()
    s = normalise(raw)
    if not s:
        raise DateTextError(_("The date and time are empty.") + " " + date_hint() + " " + time_hint())
    date_part, at = _split_time(s)
    if not date_part:
        if at is None:
            raise DateTextError(_("“{text}” is not a date the form understands.").format(text=raw) + " "
                                + date_hint())
        return datetime.combine(base.date() if base else today, at)
    day = parse_date(date_part, today=today)
    if at is None:
        if base is None:
            raise DateTextError(_("Add the time to the date, e.g. {example}.").format(
                example=format_datetime(datetime.combine(day, time(9, 0)))))
        at = base.time().replace(second=0, microsecond=0)
    return datetime.combine(day, at)


# --- showing ---------------------------------------------------------------------------------------------
def format_date(value: date) -> str:
    """2026-12-03: what a date input shows, and parse_date reads back."""
    return value.isoformat()


def format_datetime(value: datetime) -> str:
    return f"{value:%Y-%m-%d %H:%M}"


def weekday_name(value: date) -> str:
    return WEEKDAY_NAMES[value.weekday()]
