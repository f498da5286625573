"""Paragraph styles of the documents, in one place, and CJK line-breaking rules."""
from __future__ import annotations

from dataclasses import dataclass

from printing.fonts import FontSet

# Full-width punctuation must not begin a line (reportlab's own set lets ，；：？！ through).
CANNOT_START = "，。、；：？！）》」』”’〕】…—·％"


def _extend_line_breaking() -> None:
    from reportlab.lib import textsplit

    missing = "".join(c for c in CANNOT_START if c not in textsplit.ALL_CANNOT_START)
    if missing:
        textsplit.ALL_CANNOT_START += missing


@dataclass(frozen=True)
class Styles:
    font: str            # the body font; tables need it too (their cells default to Helvetica)
    title: object
    heading: object
    body: object
    plain: object
    cell: object
    small: object
    right: object


def make_styles(fonts: FontSet) -> Styles:
    from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle

    _extend_line_breaking()
    base = dict(fontName=fonts.body, fontSize=12, leading=21, wordWrap="CJK", alignment=TA_JUSTIFY)
    return Styles(
        font=fonts.body,
        title=ParagraphStyle("title", fontName=fonts.heading, fontSize=22, leading=30, alignment=TA_CENTER,
                             spaceAfter=12, wordWrap="CJK"),
        heading=ParagraphStyle("heading", fontName=fonts.heading, fontSize=13, leading=22, spaceBefore=8,
                               spaceAfter=2, wordWrap="CJK"),
        body=ParagraphStyle("body", firstLineIndent=24, **base),
        plain=ParagraphStyle("plain", **base),
        cell=ParagraphStyle("cell", fontName=fonts.body, fontSize=10.5, leading=15, wordWrap="CJK",
                            alignment=TA_LEFT),
        small=ParagraphStyle("small", fontName=fonts.body, fontSize=9, leading=12, wordWrap="CJK"),
        right=ParagraphStyle("right", fontName=fonts.body, fontSize=12, leading=21, alignment=TA_RIGHT,
                             wordWrap="CJK"))
