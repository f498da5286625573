"""Cells of the spreadsheets the app writes (xlsx and CSV): text stays text.

A label that starts with = + - @, a tab or a carriage return would be read by Excel or WPS as a formula
(`=HYPERLINK(...)`, `=cmd|...`: CSV injection); with a leading apostrophe it is shown as the text it is.
Characters no xlsx file may hold (C0 controls) are dropped rather than breaking the file. Every xlsx and CSV
writer passes its cells through text().
"""
from __future__ import annotations

import re

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def text(value: object) -> object:
    """A cell's value as written: numbers unchanged, text never a formula."""
    if not isinstance(value, str):
        return value
    value = ILLEGAL.sub("", value)
    return "'" + value if value.startswith(FORMULA_START) else value


def row(values: list) -> list:
    return [text(v) for v in values]
