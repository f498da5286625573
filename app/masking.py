"""Masking personal information on documents that are posted or handed to others (PIPL)."""
from __future__ import annotations


def mask_id(number: str | None) -> str:
    """110105********002X: the region and the last four stay, the birth date and sequence are hidden."""
    if not number:
        return ""
    return number[:6] + "*" * (len(number) - 10) + number[-4:] if len(number) > 10 else "*" * len(number)


def mask_phone(phone: str | None) -> str:
    """138****5678; landlines keep the area code and the last four digits."""
    if not phone:
        return ""
    digits = "".join(c for c in phone if c.isdigit())
    if len(digits) < 8:
        return "*" * len(phone)
    keep = 3 if digits.startswith("1") else (4 if digits.startswith("0") and len(digits) >= 11 else 3)
    return digits[:keep] + "*" * (len(digits) - keep - 4) + digits[-4:]
