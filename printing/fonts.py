"""Finding and registering a TrueType CJK font (once per process), and finding characters it lacks.

Glyphs missing from a font vanish silently in reportlab, so documents are checked against the font's
character map before printing and every missing character is named.
"""
from __future__ import annotations

import functools
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

FONTS_FILE = Path(__file__).resolve().parent.parent / "resources" / "fonts.json"
LAST_RESORT = "STSong-Light"   # reportlab's built-in CID font: not embedded, the viewer must supply it


@dataclass(frozen=True)
class FontChoice:
    name: str
    path: str
    index: int

    @property
    def registered_name(self) -> str:
        return "MS-" + "".join(c for c in self.name if c.isalnum())


@dataclass(frozen=True)
class FontSet:
    body: str            # registered reportlab font names
    heading: str
    body_name: str       # what the user sees (Settings)
    heading_name: str
    embedded: bool       # False: the last resort, STSong-Light, is in use


def candidates(role: str) -> list[FontChoice]:
    """The fonts of this role ("body" or "heading") present on this machine, in order of preference."""
    listed = json.loads(FONTS_FILE.read_text(encoding="utf-8"))[role]
    found = []
    for entry in listed:
        path = next((f for f in entry["files"] if Path(f).is_file()), None)
        if path:
            found.append(FontChoice(entry["name"], path, entry.get("index", 0)))
    return found


@functools.cache
def _register(choice: FontChoice) -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    pdfmetrics.registerFont(TTFont(choice.registered_name, choice.path, subfontIndex=choice.index))
    return choice.registered_name


@functools.cache
def _last_resort() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    pdfmetrics.registerFont(UnicodeCIDFont(LAST_RESORT))
    return LAST_RESORT


def font_set(body: str | None = None, heading: str | None = None) -> FontSet:
    """The chosen fonts (by name, from Settings), else the first present; registered once per process."""
    def pick(role: str, wanted: str | None) -> FontChoice | None:
        found = candidates(role)
        return next((c for c in found if c.name == wanted), found[0] if found else None)

    body_choice, heading_choice = pick("body", body), pick("heading", heading) or pick("body", body)
    if body_choice is None:
        name = _last_resort()
        return FontSet(name, name, LAST_RESORT, LAST_RESORT, embedded=False)
    return FontSet(_register(body_choice), _register(heading_choice), body_choice.name, heading_choice.name,
                   embedded=True)


def missing_glyphs(texts: Iterable[str], font_name: str) -> list[str]:
    """Characters of `texts` that the registered TrueType font cannot draw (in order of appearance)."""
    from reportlab.pdfbase import pdfmetrics

    font = pdfmetrics.getFont(font_name)
    cmap = getattr(getattr(font, "face", None), "charToGlyph", None)
    if cmap is None:
        return []
    missing: dict[str, None] = {}
    for text in texts:
        for ch in text:
            if ord(ch) > 0x20 and ord(ch) not in cmap:
                missing[ch] = None
    return list(missing)
