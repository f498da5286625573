"""Rendering issued documents to PDF bytes with this computer's chosen fonts, the warnings a user must see
before printing, and merging a batch."""
from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from app import preferences
from app.errors import DocumentUnavailable
from app.i18n import _
from app.paths import cache_dir


@dataclass(frozen=True)
class Printout:
    pdf: bytes
    pages: int
    missing: tuple[str, ...]     # characters the chosen font cannot draw
    font: str
    embedded: bool               # False: no TrueType CJK font, STSong-Light is referenced, not embedded

    def warnings(self) -> list[str]:
        found = []
        if not self.embedded:
            found.append(_("No TrueType Chinese font was found; the document uses STSong-Light, which is not "
                           "embedded and may print differently. Install fonts-arphic-uming or SimSun."))
        if self.missing:
            found.append(_("No font on this computer can draw {chars}: they would be blank on paper. Write them "
                           "otherwise (a common character, or pinyin in brackets), or install a font that has them; "
                           "if you print as it is, the issued version notes them.").format(chars=name_chars(
                               self.missing)))
        return found


def name_chars(chars) -> str:
    """"㐀（U+3400）、𠀀（U+20000）": each character with its code, which a person can look up."""
    return "、".join(f"{c}（U+{ord(c):04X}）" for c in chars)


def font_cache() -> Path:
    """Where printing keeps the fonts' parsed tables (rebuilt when missing)."""
    return cache_dir() / "fonts"


def load_fonts() -> None:
    """Register this computer's chosen fonts now (a warm-up, so that the first print does not wait)."""
    from printing.fonts import font_set

    font_set(*preferences.print_fonts(), cache=font_cache())


def render_pdf(doc) -> Printout:
    """The document as PDF bytes; a DocumentUnavailable in Chinese, naming the document, the page and the text,
    when something cannot be laid out (nothing is issued then)."""
    import printing
    from printing.layout import LayoutProblem

    body, heading = preferences.print_fonts()
    out = io.BytesIO()
    try:
        result = printing.render(doc, out, body_font=body, heading_font=heading, font_cache=font_cache())
    except LayoutProblem as problem:
        raise DocumentUnavailable(_("{title} cannot be laid out: on page {page}, the part beginning “{text}” does "
                                    "not fit on a page. Shorten it or split it into paragraphs, then print again; "
                                    "nothing was issued.").format(title=problem.title, page=problem.page,
                                                                  text=problem.excerpt)) from None
    return Printout(out.getvalue(), result.pages, result.missing, result.font, result.embedded)


def merge(printouts: list[Printout]) -> Printout:
    """One PDF of several documents, each keeping its own page numbers and code (a batch to print)."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    for p in printouts:
        writer.append(io.BytesIO(p.pdf))
    out = io.BytesIO()
    writer.write(out)
    missing = tuple(dict.fromkeys(c for p in printouts for c in p.missing))
    return Printout(out.getvalue(), sum(p.pages for p in printouts), missing,
                    printouts[0].font if printouts else "", all(p.embedded for p in printouts))
