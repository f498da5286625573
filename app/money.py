"""Money as documents write it: 人民币12,000.00元（大写：人民币壹万贰仟元整）, exact to the fen."""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

FEN = Decimal("0.01")


def to_fen_decimal(value: Decimal | str | int) -> Decimal:
    """Rounded half-up to the fen, never through floats (cn2an would truncate beyond two decimals)."""
    return Decimal(str(value)).quantize(FEN, rounding=ROUND_HALF_UP)


def capitals(value: Decimal | str | int) -> str:
    """壹万贰仟元整 for 12000; 壹仟零壹元零伍分 for 1001.05; 零元整 for 0."""
    import cn2an  # ~0.2 s to import: only when a document with money is made

    amount = to_fen_decimal(value)
    if amount == 0:
        return "零元整"
    return cn2an.an2cn(f"{amount:.2f}", "rmb")


def figures(value: Decimal | str | int) -> str:
    return f"{to_fen_decimal(value):,.2f}"


def in_words(value: Decimal | str | int) -> str:
    """人民币12,000.00元（大写：人民币壹万贰仟元整）"""
    return f"人民币{figures(value)}元（大写：人民币{capitals(value)}）"
