"""Field validators: ID numbers (GB 11643), credit codes (GB 32100), phones, dates, amounts."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from app import validation
from app.validation import Invalid
from tests.conftest import ID_A, ID_B


def test_id_number_accepts_standard_example_and_lowercase_x():
    assert validation.id_number(ID_A) == ID_A
    assert validation.id_number(ID_A.lower()) == ID_A
    assert validation.id_number(f" {ID_B} ") == ID_B


@pytest.mark.parametrize("bad", [ID_A[:-1] + "1", "110105194912310021", "11010519491331002X",
                                 "1101051949123100", "110105491231002", "11010519491231002Y"])
def test_id_number_rejects_bad_check_digit_date_or_length(bad):
    with pytest.raises(Invalid):
        validation.id_number(bad)


def test_id_number_rejects_future_birth_date():
    first17 = "11010520300101001"
    with pytest.raises(Invalid, match="不合理|impossible"):
        validation.id_number(first17 + validation.id_check_char(first17), today=date(2026, 11, 23))


def test_id_number_gives_birth_date_and_gender():
    assert validation.birth_date_from_id(ID_A) == date(1949, 12, 31)
    assert validation.gender_from_id(ID_A) == "female"
    assert validation.gender_from_id(ID_B) == "male"


def test_credit_code_checks_gb32100_sample():
    assert validation.credit_code("91350100m000100y43") == "91350100M000100Y43"
    with pytest.raises(Invalid):
        validation.credit_code("91350100M000100Y44")
    with pytest.raises(Invalid):
        validation.credit_code("91350100I000100Y43")


@pytest.mark.parametrize("good", ["13812345678", "+86 138 1234 5678", "0571-87654321", "010-12345678转123"])
def test_phone_accepts_mobiles_and_landlines(good):
    assert validation.phone(good)


@pytest.mark.parametrize("bad", ["12345678901", "1381234567", "87654321", "phone"])
def test_phone_rejects_wrong_numbers(bad):
    with pytest.raises(Invalid):
        validation.phone(bad)


@pytest.mark.parametrize("text", ["2026-11-23", "2026/11/23", "2026年11月23日", "2026-1-5"])
def test_parse_date_formats(text):
    expected = date(2026, 1, 5) if text == "2026-1-5" else date(2026, 11, 23)
    assert validation.parse_date(text) == expected


def test_parse_date_rejects_impossible_and_future_dates():
    with pytest.raises(Invalid):
        validation.parse_date("2026-02-30")
    with pytest.raises(Invalid):
        validation.parse_date("23/11/2026")
    with pytest.raises(Invalid):
        validation.parse_date("2026-11-24", not_after=date(2026, 11, 23))


def test_amount_is_exact_to_the_fen():
    assert validation.amount("12,000.5") == Decimal("12000.50")
    assert validation.amount("¥3000元") == Decimal("3000.00")
    assert validation.amount(0.1 + 0.2) == Decimal("0.30")      # a spreadsheet float, taken by its decimal
    assert validation.amount(1234.56) == Decimal("1234.56")
    assert validation.to_fen(Decimal("12000.50")) == 1200050
    assert validation.from_fen(1200050) == Decimal("12000.50")


@pytest.mark.parametrize("bad", ["-1", "12.345", "abc", "1e20"])
def test_amount_rejects_negative_fractional_fen_and_text(bad):
    with pytest.raises(Invalid):
        validation.amount(bad)
