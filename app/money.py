"""Money as documents write it: 人民币12,000.00元（大写：人民币壹万贰仟元整）, exact to the fen."""
from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

FEN = Decimal("0.01")


def to_fen_decimal(value: Decimal | str | int) -> Decimal:
    """Rounded half-up to the fen, never through floats (cn2an would truncate beyond two decimals)."""
    return Decimal(str(value)).quantize(FEN, rounding=ROUND_HALF_UP)


DIGITS = "零壹贰叁肆伍陆柒捌玖"
UNITS = ("", "拾", "佰", "仟", "万", "拾", "佰", "仟", "亿", "拾", "佰", "仟", "万", "拾", "佰", "仟")


def _integer(figures_: str) -> str:
    """The yuan in capitals, as cn2an writes them (tests/app/test_money.py compares the two): one 零 for a run of
    zeros, none before a 仟 that follows 万 or 亿 (the payment rules allow either)."""
    digits = str(int(figures_))
    if len(digits) > len(UNITS):
        raise ValueError(f"amount too large: {figures_}")
    out = ""
    for i, d in enumerate(digits):
        place = len(digits) - i - 1
        if d != "0":
            out += DIGITS[int(d)] + UNITS[place]
            continue
        if place % 4 == 0:
            out += "零" + UNITS[place]
        if i > 0 and out[-1] != "零":
            out += "零"
    out = out.replace("零零", "零").replace("零万", "万").replace("零亿", "亿").replace("亿万", "亿").strip("零")
    out = re.sub(r"([万亿])零([壹贰叁肆伍陆柒捌玖]仟)", r"\1\2", out)
    return out or "零"


def capitals(value: Decimal | str | int) -> str:
    """壹万贰仟元整 for 12000; 壹仟零壹元零伍分 for 1001.05; 零元整 for 0. Written here rather than through cn2an,
    whose import (0.2–0.3 s) was a third of a fresh print; the tests hold the two to the same answers."""
    amount = to_fen_decimal(value)
    if amount == 0:
        return "零元整"
    sign, amount = ("负", -amount) if amount < 0 else ("", amount)
    yuan, fen = f"{amount:.2f}".split(".")
    words = _integer(yuan)
    head = "" if words == "零" else words + "元"
    jiao, fen_ = DIGITS[int(fen[0])], DIGITS[int(fen[1])]
    if fen[0] != "0":
        return sign + head + jiao + "角" + (fen_ + "分" if fen[1] != "0" else "")
    if fen[1] != "0":
        return sign + (fen_ + "分" if words == "零" else words + "元零" + fen_ + "分")
    return sign + words + "元整"


def figures(value: Decimal | str | int) -> str:
    return f"{to_fen_decimal(value):,.2f}"


def in_words(value: Decimal | str | int) -> str:
    """人民币12,000.00元（大写：人民币壹万贰仟元整）"""
    return f"人民币{figures(value)}元（大写：人民币{capitals(value)}）"
