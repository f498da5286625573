"""Paragraph styles of the documents, in one place, and CJK line-breaking rules."""
from __future__ import annotations

from dataclasses import dataclass

from printing.fonts import FontSet

# Full-width punctuation must not begin a line: reportlab's set lets ，；：？！ and closing quotes through, so
# they could sit alone on the last line. A mark in this set hangs at the end of the line before instead.
CANNOT_START = "，。、；：？！）》」』”’〕】…—·％"
# Chinese punctuation coded below U+3000 (quotes, dashes, the ellipsis, the middle dot).
CJK_BELOW_3000 = "“”‘’—…·"


def _extend_line_breaking() -> None:
    """Once per process. The paragraph module took its own copy of the set at import: extend both."""
    from reportlab.lib import textsplit
    from reportlab.platypus import paragraph

    missing = "".join(c for c in CANNOT_START if c not in textsplit.ALL_CANNOT_START)
    if missing:
        textsplit.ALL_CANNOT_START += missing
    if paragraph.ALL_CANNOT_START != textsplit.ALL_CANNOT_START:
        paragraph.ALL_CANNOT_START = textsplit.ALL_CANNOT_START
    # The CJK wrapper treats anything below U+3000 as Latin text and breaks it at the last CJK character, so a
    # closing quote or a dash (U+2014, U+201D) could still start a line; it reads `ord` for that test alone.
    paragraph.ord = textsplit.ord = lambda ch: 0x3000 if ch in CJK_BELOW_3000 else ord(ch)
    if not getattr(paragraph.cjkFragSplit, "hangs_runs", False):
        paragraph.cjkFragSplit = _no_mark_starts_a_line(paragraph.cjkFragSplit)
        paragraph.wordSplit = _no_mark_starts_a_plain_line(paragraph.wordSplit)


def _no_mark_starts_a_line(split):
    """reportlab hangs one closing mark at the end of a line, not two ("。”"): a line that would still start with
    one is made a character shorter before, so that a character goes down with the marks."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    def wrapped(frags, maxWidths, calcBounds, encoding="utf8"):
        widths = list(maxWidths)
        for _attempt in range(12):
            found = split(frags, widths, calcBounds, encoding)
            lines = found.lines
            bad = next((k for k, line in enumerate(lines) if k and line.words and line.words[0].text
                        and line.words[0].text[0] in CANNOT_START), None)
            if bad is None:
                return found
            before = lines[bad - 1]
            last = before.words[-1] if before.words else None
            if last is None or len(last.text) < 2:
                return found
            widths += [widths[-1]] * (len(lines) - len(widths))
            widths[bad - 1] = before.currentWidth - stringWidth(last.text[-2:], last.fontName, last.fontSize) + 0.01
        return found
    wrapped.hangs_runs = True
    return wrapped


def _no_mark_starts_a_plain_line(split):
    """The same for a paragraph in one font (reportlab's simpler path: lines are [extra space, text])."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    def wrapped(word, maxWidths, fontName, fontSize, encoding="utf8"):
        widths = list(maxWidths) if isinstance(maxWidths, (list, tuple)) else [maxWidths]
        for _attempt in range(12):
            lines = split(word, widths, fontName, fontSize, encoding)
            bad = next((k for k, (_space, text) in enumerate(lines) if k and text and text[0] in CANNOT_START),
                       None)
            if bad is None or len(lines[bad - 1][1]) < 2:
                return lines
            widths += [widths[-1]] * (len(lines) - len(widths))
            space, text = lines[bad - 1]
            used = widths[bad - 1] - space
            widths[bad - 1] = used - stringWidth(text[-2:], fontName, fontSize) + 0.01
        return lines
    return wrapped


_extend_line_breaking()


@dataclass(frozen=True)
class Styles:
    font: str            # the body font; tables need it too (their cells default to Helvetica)
    title: object
    heading: object      # kept with what follows it
    label: object        # a body line that introduces what follows ("申请事项：", "此致"): kept with it
    body: object
    plain: object
    cell: object
    small: object
    right: object
    figure: object       # a number in a table cell, right-aligned
    column: object       # a table's column heading, centred
    part: object         # a table cell's label that is part of the line above (其中), indented
    section: object      # a report's section heading: a long table under it may start on the same page


def make_styles(fonts: FontSet) -> Styles:
    from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle

    base = dict(fontName=fonts.body, fontSize=12, leading=21, wordWrap="CJK", alignment=TA_JUSTIFY)
    return Styles(
        font=fonts.body,
        title=ParagraphStyle("title", fontName=fonts.heading, fontSize=22, leading=30, alignment=TA_CENTER,
                             spaceAfter=12, wordWrap="CJK", keepWithNext=1),
        heading=ParagraphStyle("heading", fontName=fonts.heading, fontSize=13, leading=22, spaceBefore=8,
                               spaceAfter=2, wordWrap="CJK", keepWithNext=1),
        label=ParagraphStyle("label", firstLineIndent=24, keepWithNext=1, **base),
        body=ParagraphStyle("body", firstLineIndent=24, **base),
        plain=ParagraphStyle("plain", **base),
        cell=ParagraphStyle("cell", fontName=fonts.body, fontSize=10.5, leading=15, wordWrap="CJK",
                            alignment=TA_LEFT),
        small=ParagraphStyle("small", fontName=fonts.body, fontSize=9, leading=12, wordWrap="CJK"),
        right=ParagraphStyle("right", fontName=fonts.body, fontSize=12, leading=21, alignment=TA_RIGHT,
                             wordWrap="CJK"),
        figure=ParagraphStyle("figure", fontName=fonts.body, fontSize=10.5, leading=15, wordWrap="CJK",
                              alignment=TA_RIGHT),
        column=ParagraphStyle("column", fontName=fonts.heading, fontSize=10.5, leading=15, wordWrap="CJK",
                              alignment=TA_CENTER),
        part=ParagraphStyle("part", fontName=fonts.body, fontSize=10.5, leading=15, wordWrap="CJK", leftIndent=21),
        section=ParagraphStyle("section", fontName=fonts.heading, fontSize=13, leading=22, spaceBefore=8,
                               spaceAfter=2, wordWrap="CJK"))
