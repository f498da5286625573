"""Property-based tests (hypothesis): ID numbers, amounts, and registers with random bad rows."""
from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from app import money, validation
from app.i18n import format_amount
from app.services import importer
from app.validation import Invalid
from db.models import Dispute
from tests.app.test_importer import GOOD, HEADERS, write_csv
from tests.conftest import TODAY

births = st.dates(min_value=date(1900, 1, 1), max_value=TODAY)
regions = st.from_regex(r"[1-8][0-9]{5}", fullmatch=True)
sequences = st.from_regex(r"[0-9]{3}", fullmatch=True)


def make_id(region: str, born: date, seq: str) -> str:
    first17 = region + born.strftime("%Y%m%d") + seq
    return first17 + validation.id_check_char(first17)


@given(regions, births, sequences)
def test_every_well_formed_id_number_is_accepted_and_read_back(region, born, seq):
    number = make_id(region, born, seq)
    assert validation.id_number(number.lower(), today=TODAY) == number
    assert validation.birth_date_from_id(number) == born
    assert validation.gender_from_id(number) == ("male" if int(seq[-1]) % 2 else "female")


@given(regions, births, sequences, st.integers(0, 16), st.integers(1, 9))
def test_any_single_mistyped_digit_is_caught(region, born, seq, position, shift):
    number = make_id(region, born, seq)
    wrong = number[:position] + str((int(number[position]) + shift) % 10) + number[position + 1:]
    with pytest.raises(Invalid):
        validation.id_number(wrong, today=TODAY)


@given(st.text(max_size=25))
def test_arbitrary_text_is_either_a_valid_id_or_refused_with_a_message(text):
    try:
        number = validation.id_number(text, today=TODAY)
    except Invalid as exc:
        assert str(exc)
    else:
        assert len(number) == 18 and validation.id_check_char(number[:17]) == number[17]


fen_amounts = st.integers(0, 10**12).map(lambda fen: Decimal(fen) / 100)


@given(fen_amounts)
def test_amounts_round_trip_through_every_form_a_mediator_types(value):
    exact = value.quantize(Decimal("0.01"))
    for typed in (str(value), f"{value:,.2f}", f"¥{value}元", format_amount(exact)):
        assert validation.amount(typed) == exact
    assert validation.from_fen(validation.to_fen(exact)) == exact
    assert money.figures(exact) == f"{exact:,.2f}"


@given(st.decimals(min_value=0, max_value=10**9, places=4, allow_nan=False))
def test_more_than_two_decimals_is_refused_not_silently_rounded(value):
    if value == value.quantize(Decimal("0.01")):
        assert validation.amount(str(value)) == value
    else:
        with pytest.raises(Invalid, match="两位"):
            validation.amount(str(value))


@given(st.integers(0, 10**10))
def test_capitals_spell_whole_yuan_and_fen(fen):
    value = Decimal(fen) / 100
    words = money.capitals(value)
    # 《支付结算办法》: to the yuan ends in 整; to the jiao may end there (or 整); with fen, never 整.
    assert words.endswith("分") == (fen % 10 != 0)
    assert words.endswith("整") == (fen % 100 == 0)
    assert not any(ch.isdigit() for ch in words)


BAD_CELLS = [(0, "2026-13-45"), (0, (TODAY + timedelta(days=30)).isoformat()), (1, "不存在的类型"), (3, ""),
             (5, ""), (6, "110105199001011231"), (11, "-5"), (11, "12.345"), (12, "很多"),
             # hostile ones: numbers past any range, a cell past Excel's 32,767 characters, a title past 200
             (11, "1e400"), (11, "9" * 40), (12, "9" * 30), (4, "漏" * 40_000), (3, "纠" * 300)]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.integers(0, len(GOOD) - 1), st.one_of(st.none(), st.sampled_from(BAD_CELLS))),
                min_size=1, max_size=12))
def test_register_import_with_random_bad_rows_is_all_or_nothing(db, tmp_path_factory, plan):
    rows, bad_rows = [], set()
    for i, (template, bad) in enumerate(plan):
        row = list(GOOD[template])
        row[3] = f"{row[3]}{i}"               # distinct subjects, so rows are not duplicates of each other
        if bad is not None:
            column, value = bad
            row[column] = value
            bad_rows.add(i + 2)               # the spreadsheet's row number (row 1 holds the headers)
        rows.append(row)
    path = write_csv(tmp_path_factory.mktemp("register") / "r.csv", rows)
    with db.read() as s:
        before = s.scalar(select(func.count()).select_from(Dispute))
    with db.write.begin() as s:
        report = importer.import_register(s, path=path, today=TODAY)
    with db.read() as s:
        after = s.scalar(select(func.count()).select_from(Dispute))
    if bad_rows:
        assert after == before and report.imported == 0
        assert {e.row for e in report.errors} == bad_rows
        assert all(e.message and e.column in HEADERS for e in report.errors)
    else:
        assert not report.errors and after == before + report.imported
        assert report.imported + report.already_present == len(rows)
