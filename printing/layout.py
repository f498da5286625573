"""Page furniture for every document: A4 with a binding margin on the left, the case number at the top,
"第 N 页 共 M 页" and the verification code at the bottom."""
from __future__ import annotations

from typing import BinaryIO

from app.documents.shapes import DocumentHeader
from printing.fonts import FontSet

MM = 2.8346456693  # points per millimetre
MARGINS = dict(leftMargin=28 * MM, rightMargin=20 * MM, topMargin=26 * MM, bottomMargin=24 * MM)
A4_WIDTH = 210 * MM
TEXT_WIDTH = A4_WIDTH - MARGINS["leftMargin"] - MARGINS["rightMargin"]


def header_marker(header: DocumentHeader, starts: dict[str, int], current: dict):
    """A zero-size flowable: from here on, pages carry this document's case number and code (a dossier
    holds many documents); it also notes the page where the document starts."""
    from reportlab.platypus import Flowable

    class HeaderMarker(Flowable):
        def wrap(self, *_args):
            return 0, 0

        def draw(self):
            current["header"] = header
            starts.setdefault(header.key, self.canv.getPageNumber())

    return HeaderMarker()


def build(story: list, out: BinaryIO, header: DocumentHeader, fonts: FontSet, *,
          current: dict | None = None) -> int:
    """Lay out the story on numbered A4 pages; returns the number of pages. With `current`, header markers in
    the story switch the header shown on the following pages."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import SimpleDocTemplate

    pages: list[int] = []
    current = current if current is not None else {}
    current.setdefault("header", header)

    class NumberedCanvas(Canvas):
        """Keeps each page until the end, so every footer can state the total."""

        def __init__(self, *args, **kwargs):
            # Start in our font: the default (Helvetica) would be referenced in the PDF without being embedded.
            kwargs["initialFontName"] = fonts.body
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self):
            self._pages.append(dict(self.__dict__, page_header=current["header"]))
            self._startPage()

        def save(self):
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self._furniture(total, state["page_header"])
                super().showPage()
            pages.append(total)
            super().save()

        def _furniture(self, total: int, page_header: DocumentHeader) -> None:
            width, _height = A4
            self.setFont(fonts.body, 9)
            if page_header.case_no:
                self.drawRightString(width - MARGINS["rightMargin"], A4[1] - 14 * MM, page_header.case_no)
            self.drawCentredString(width / 2, 12 * MM, f"第 {self._pageNumber} 页 共 {total} 页")
            if page_header.code:
                self.drawRightString(width - MARGINS["rightMargin"], 12 * MM, f"校验码 {page_header.code}")
            if page_header.draft:
                self._draft_mark()

        def _draft_mark(self) -> None:
            """草稿 at the head of the page and across it, translucent so the text reads through."""
            width, height = A4
            self.saveState()
            self.setFont(fonts.heading, 10.5)
            self.drawString(MARGINS["leftMargin"], height - 14 * MM, "草稿：记录未完成或未签署，不作正式文书使用")
            self.setFillColorRGB(0.5, 0.5, 0.5, alpha=0.22)
            self.setFont(fonts.heading, 110)
            self.translate(width / 2, height / 2)
            self.rotate(35)
            self.drawCentredString(0, -40, "草稿")
            self.restoreState()

    doc = SimpleDocTemplate(out, pagesize=A4, title=header.title, author=header.committee,
                            subject=header.case_no, creator="Mediation Station", **MARGINS)
    from reportlab.platypus.doctemplate import LayoutError

    try:
        doc.build(story, canvasmaker=NumberedCanvas)
    except LayoutError as exc:
        raise LayoutProblem(current["header"].title, doc.page, _excerpt(str(exc))) from None
    return pages[0] if pages else 0


class LayoutProblem(Exception):
    """Something in the document cannot be laid out on a page: which document, on which page, and the start of
    the text that did not fit (app/printouts.py says it in Chinese)."""

    def __init__(self, title: str, page: int, excerpt: str):
        super().__init__(title, page, excerpt)
        self.title, self.page, self.excerpt = title, page, excerpt


def _excerpt(message: str) -> str:
    """The start of the text of the flowable reportlab names in its LayoutError, without markup."""
    import re

    found = re.search(r"'(.*?)'", message) or re.search(r"#text\s*(.*?)\)", message)
    text = re.sub(r"<[^>]+>", "", found.group(1)) if found else ""
    return text[:30]
