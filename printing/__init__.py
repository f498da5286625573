"""Documents as PDF, from the plain data of app/documents/shapes.py (no database, no Qt)."""
from __future__ import annotations

from dataclasses import dataclass, fields, is_dataclass
from pathlib import Path
from typing import BinaryIO


@dataclass(frozen=True)
class RenderResult:
    pages: int
    missing: tuple[str, ...]     # characters the font cannot draw (named in a warning, never silently dropped)
    font: str
    embedded: bool


def texts_of(value) -> list[str]:
    """Every string inside a document's dataclasses, for the missing-glyph check."""
    if isinstance(value, str):
        return [value]
    if is_dataclass(value):
        return [t for f in fields(value) for t in texts_of(getattr(value, f.name))]
    if isinstance(value, (tuple, list)):
        return [t for v in value for t in texts_of(v)]
    return []


RENDERERS = {"AgreementDoc": ("printing.agreement_pdf", "render_agreement"),
             "FormDoc": ("printing.form_pdf", "render_form"), "DossierDoc": ("printing.dossier_pdf", "render_dossier"),
             "ReportDoc": ("printing.report_pdf", "render_report")}


def render(doc, out: BinaryIO, *, body_font: str | None = None, heading_font: str | None = None,
           font_cache: Path | None = None) -> RenderResult:
    """Render any document of app/documents/shapes.py to PDF (`font_cache`: the fonts' parsed tables)."""
    import importlib

    from printing.fonts import font_set, missing_glyphs

    fonts = font_set(body_font, heading_font, cache=font_cache)
    missing = tuple(missing_glyphs(texts_of(doc), fonts.body)) if fonts.embedded else ()
    # Only the renderer this document needs is imported (a fresh print pays for no other).
    module, function = RENDERERS[type(doc).__name__]
    pages = getattr(importlib.import_module(module), function)(doc, out, fonts)
    return RenderResult(pages, missing, fonts.body_name, fonts.embedded)
