"""Typed dates and times as a township office writes them (app/date_text.py), each refusal saying how."""
from __future__ import annotations

from datetime import date, datetime, time

import pytest

from app.date_text import DateTextError, normalise, parse_date, parse_datetime, parse_time
from app.errors import MediationError

TODAY = date(2026, 11, 23)          # a Monday


@pytest.mark.parametrize("text, expected", [
    ("20261203", date(2026, 12, 3)),
    ("2026-12-3", date(2026, 12, 3)),
    ("2026-12-03", date(2026, 12, 3)),
    ("2026/12/3", date(2026, 12, 3)),
    ("2026.12.3", date(2026, 12, 3)),
    ("2026年12月3日", date(2026, 12, 3)),
    ("2026年12月3号", date(2026, 12, 3)),
    ("2026 年 12 月 3 日", date(2026, 12, 3)),
    ("12月3日", date(2026, 12, 3)),
    ("12-3", date(2026, 12, 3)),
    ("12/3", date(2026, 12, 3)),
    ("十二月三日", date(2026, 12, 3)),
    ("二〇二六年十二月三日", date(2026, 12, 3)),
    ("二〇二七年一月二十日", date(2027, 1, 20)),
    ("２０２６－１２－０３", date(2026, 12, 3)),          # full-width, as a Chinese input method types
    ("  2026-12-03  ", date(2026, 12, 3)),
    ("2026-12-03（周四）", date(2026, 12, 3)),           # what the input itself shows reads back
    ("2026-10-01（周四·国庆节）", date(2026, 10, 1)),
    ("今天", TODAY), ("今日", TODAY),
    ("明天", date(2026, 11, 24)), ("后天", date(2026, 11, 25)), ("大后天", date(2026, 11, 26)),
    ("昨天", date(2026, 11, 22)), ("前天", date(2026, 11, 21)),
    ("3天后", date(2026, 11, 26)), ("三天后", date(2026, 11, 26)), ("10天前", date(2026, 11, 13)),
    ("周五", date(2026, 11, 27)), ("周一", TODAY), ("星期天", date(2026, 11, 29)),
    ("下周三", date(2026, 12, 2)), ("本周五", date(2026, 11, 27)), ("上周五", date(2026, 11, 20)),
    ("下个星期一", date(2026, 11, 30)), ("礼拜六", date(2026, 11, 28)),
    ("2028-02-29", date(2028, 2, 29)),
])
def test_parse_date_reads_what_people_type(text, expected):
    assert parse_date(text, today=TODAY) == expected


@pytest.mark.parametrize("text, says", [
    ("", "empty"),
    ("2026-13-01", "not a real date"),
    ("2026-02-30", "not a real date"),
    ("2027-02-29", "not a real date"),
    ("20261332", "not a real date"),
    ("1850-01-01", "1850"),
    ("下个月", "not a date"),
    ("abc", "not a date"),
    ("2026-12", "not a date"),
    ("12345", "not a date"),
])
def test_parse_date_refuses_with_a_message_naming_the_forms(text, says):
    from app import i18n

    i18n.install("en")
    with pytest.raises(DateTextError) as err:
        parse_date(text, today=TODAY)
    assert says in str(err.value)
    assert isinstance(err.value, MediationError)         # shown as one plain message by the forms
    if says != "1850":
        assert "2026-12-03" in str(err.value) or "real date" in str(err.value)


def test_the_messages_are_chinese_in_the_chinese_ui():
    with pytest.raises(DateTextError) as err:
        parse_date("下个月", today=TODAY)
    assert "明天" in str(err.value) and "日期" in str(err.value)
    with pytest.raises(DateTextError) as err:
        parse_time("25:00")
    assert "时间" in str(err.value)


@pytest.mark.parametrize("text, expected", [
    ("14:30", time(14, 30)), ("14：30", time(14, 30)), ("9:05", time(9, 5)), ("1430", time(14, 30)),
    ("14时30分", time(14, 30)), ("14点30分", time(14, 30)), ("14点30", time(14, 30)), ("14点", time(14, 0)),
    ("14点半", time(14, 30)), ("下午2点半", time(14, 30)), ("下午两点半", time(14, 30)),
    ("下午2:30", time(14, 30)), ("上午9点", time(9, 0)), ("上午十点", time(10, 0)), ("9点一刻", time(9, 15)),
    ("晚上7点", time(19, 0)), ("中午12点", time(12, 0)), ("中午1点", time(13, 0)), ("凌晨12点", time(0, 0)),
    ("下午14点", time(14, 0)), ("十四点三十分", time(14, 30)), ("0:00", time(0, 0)), ("23:59", time(23, 59)),
])
def test_parse_time_reads_what_people_type(text, expected):
    assert parse_time(text) == expected


@pytest.mark.parametrize("text", ["", "25:00", "14:60", "下午", "2点钟以后", "abc", "12345"])
def test_parse_time_refuses_what_is_not_a_time(text):
    with pytest.raises(DateTextError):
        parse_time(text)


BASE = datetime(2026, 11, 23, 9, 0)


@pytest.mark.parametrize("text, expected", [
    ("2026-12-03 14:30", datetime(2026, 12, 3, 14, 30)),
    ("2026-12-3 14:30", datetime(2026, 12, 3, 14, 30)),
    ("20261203 1430", datetime(2026, 12, 3, 14, 30)),
    ("12月3日 9:00", datetime(2026, 12, 3, 9, 0)),
    ("12月3日14时30分", datetime(2026, 12, 3, 14, 30)),
    ("2026年12月3日下午2点半", datetime(2026, 12, 3, 14, 30)),
    ("明天下午2点", datetime(2026, 11, 24, 14, 0)),
    ("明天 14:00", datetime(2026, 11, 24, 14, 0)),
    ("下周三上午9点", datetime(2026, 12, 2, 9, 0)),
    ("2026-12-03 14:30（周四）", datetime(2026, 12, 3, 14, 30)),
    ("明天", datetime(2026, 11, 24, 9, 0)),                # a date alone keeps the time the field held
    ("15:00", datetime(2026, 11, 23, 15, 0)),              # a time alone keeps the day
    ("下午3点", datetime(2026, 11, 23, 15, 0)),
])
def test_parse_datetime_reads_date_and_time_together(text, expected):
    assert parse_datetime(text, today=TODAY, base=BASE) == expected


def test_parse_datetime_a_time_alone_keeps_the_fields_day_not_today():
    assert parse_datetime("8:30", today=TODAY, base=datetime(2026, 12, 1, 14, 0)) == datetime(2026, 12, 1, 8, 30)


def test_parse_datetime_without_a_time_and_nothing_before_asks_for_one():
    with pytest.raises(DateTextError) as err:
        parse_datetime("2026-12-03", today=TODAY)
    assert "2026-12-03 09:00" in str(err.value)


@pytest.mark.parametrize("text", ["", "2026-13-03 14:30", "明天 25:00", "某天下午"])
def test_parse_datetime_refuses(text):
    with pytest.raises(DateTextError):
        parse_datetime(text, today=TODAY, base=BASE)


def test_normalise_turns_chinese_numerals_and_full_width_into_ascii():
    assert normalise("二〇二六年十二月三十一日") == "2026年12月31日"
    assert normalise("１２：３０") == "12:30"
    assert normalise("2026-12-03（周四）") == "2026-12-03"


@pytest.mark.parametrize("size, chinese, english", [
    (830, "830 字节", "830 bytes"), (1024, "约 1 千字节", "about 1 KB"), (507_904, "约 496 千字节", "about 496 KB"),
    (1_572_864, "约 1.5 兆字节", "about 1.5 MB"), (157_286_400, "约 150 兆字节", "about 150 MB"),
    (3 * 1024 ** 3, "约 3 吉字节", "about 3 GB"),
])
def test_sizes_read_as_chinese_words(size, chinese, english):
    from app import i18n

    assert i18n.format_size(size) == chinese
    i18n.install("en")
    assert i18n.format_size(size) == english
