"""Amounts in capitals, exact to the fen; masking of ID numbers and phones."""
from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.masking import mask_id, mask_phone
from app.money import capitals, in_words


@pytest.mark.parametrize("amount, expected", [
    ("12000", "壹万贰仟元整"), ("1001.05", "壹仟零壹元零伍分"), ("0.5", "伍角"), ("100000000", "壹亿元整"),
    ("10000.50", "壹万元伍角"), ("3.456", "叁元肆角陆分"), (Decimal("0.005"), "壹分"), ("0", "零元整"),
])
def test_capitals_are_exact_to_the_fen_rounded_half_up(amount, expected):
    assert capitals(amount) == expected


def test_amount_in_figures_and_capitals():
    assert in_words(Decimal("12000")) == "人民币12,000.00元（大写：人民币壹万贰仟元整）"


def test_masking():
    assert mask_id("11010519491231002X") == "110105********002X"
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("0571-87654321") == "0571****4321"
    assert mask_id(None) == "" and mask_phone("") == ""


@settings(max_examples=400, deadline=None)
@given(st.integers(min_value=1, max_value=10**14 - 1))
def test_capitals_agree_with_cn2an(fen):
    """app/money.py writes capitals itself (cn2an's import was a third of a fresh print); cn2an is the reference."""
    import cn2an

    value = Decimal(fen) / 100
    assert capitals(value) == cn2an.an2cn(f"{value:.2f}", "rmb")
