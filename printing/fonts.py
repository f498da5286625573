"""Finding and registering a TrueType CJK font (once per process), and finding characters it lacks.

The app ships its own faces (resources/fonts/) and uses them unless a station chooses an installed one, so a
document looks the same at every station. Glyphs missing from a font vanish silently in reportlab, so
documents are checked against the font's character map before printing and every missing character is named.
"""
from __future__ import annotations

import functools
import json
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from app.resources import RESOURCES

FONTS_FILE = RESOURCES / "fonts.json"
SHIPPED_DIR = RESOURCES / "fonts"
LAST_RESORT = "STSong-Light"   # reportlab's built-in CID font: not embedded, the viewer must supply it


@dataclass(frozen=True)
class FontChoice:
    name: str
    path: str
    index: int
    shipped: bool = False   # the app's own copy (resources/fonts/), not one installed on this computer

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
    """The fonts of this role ("body" or "heading") present on this machine, in order of preference; the
    shipped ones come first. A relative file in fonts.json is under resources/."""
    listed = json.loads(FONTS_FILE.read_text(encoding="utf-8"))[role]
    found = []
    for entry in listed:
        path = next((p for p in (RESOURCES / f for f in entry["files"]) if p.is_file()), None)
        if path:
            found.append(FontChoice(entry["name"], str(path), entry.get("index", 0),
                                    shipped=path.parent == SHIPPED_DIR))
    return found


def shipped_files() -> list[Path]:
    """The font files shipped with the app and present (the GUI adds them when the system has no CJK font)."""
    return sorted(SHIPPED_DIR.glob("*.tt[cf]"))


_LOCK = threading.Lock()          # the I/O pool's warm-up and a first print may ask at once
_REGISTERED: dict[FontChoice, str] = {}


def _register(choice: FontChoice, cache: Path | None) -> str:
    from reportlab.pdfbase import pdfmetrics, ttfonts

    with _LOCK:
        if choice in _REGISTERED:
            return _REGISTERED[choice]
        face = _parsed_face(choice, cache)
        # TTFont builds its face itself: hand it the one already parsed
        original, ttfonts.TTFontFace = ttfonts.TTFontFace, lambda *_args, **_kwargs: face
        try:
            font = ttfonts.TTFont(choice.registered_name, choice.path, subfontIndex=choice.index)
        finally:
            ttfonts.TTFontFace = original
        pdfmetrics.registerFont(font)
        _REGISTERED[choice] = choice.registered_name
        return choice.registered_name


def _parsed_face(choice: FontChoice, cache: Path | None):
    """reportlab parses a font's tables on every start (0.3 s for a 20 MB .ttc, most of a fresh print): keep
    them in the caller's `cache` folder (marshal: plain data, never code; None: parse every time), keyed by
    the file's size and time and the versions of reportlab and Python. The file's bytes are mapped rather
    than read: subsetting touches few."""
    import gc
    import marshal
    import mmap
    import sys

    import reportlab
    from reportlab.pdfbase.ttfonts import TTFNameBytes, TTFontFace

    if cache is None:
        return TTFontFace(choice.path, subfontIndex=choice.index)
    stat = Path(choice.path).stat()
    key = (f"{choice.registered_name}-{choice.index}-{stat.st_size}-{stat.st_mtime_ns}-{reportlab.Version}-"
           f"py{sys.version_info[0]}{sys.version_info[1]}")
    cached = cache / f"{key}.marshal"
    gc_was_on = gc.isenabled()
    gc.disable()        # a hundred thousand small tuples: collecting them while loading triples the time
    try:
        state = marshal.loads(cached.read_bytes())
        names = state.pop("__names__")
    except (OSError, EOFError, ValueError, TypeError, KeyError):
        face = TTFontFace(choice.path, subfontIndex=choice.index)
        state = {k: v for k, v in face.__dict__.items() if k not in ("_ttf_data", "_pdfScale")}
        names = [k for k, v in state.items() if isinstance(v, TTFNameBytes)]
        _store(cached, marshal.dumps({**{k: (bytes(v) if k in names else v) for k, v in state.items()},
                                      "__names__": names}))
    finally:
        if gc_was_on:
            gc.enable()
    face = TTFontFace.__new__(TTFontFace)
    face.__dict__.update(state)
    for k in names:
        setattr(face, k, TTFNameBytes(state[k]))
    with open(choice.path, "rb") as fh:
        face._ttf_data = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
    face._pdfScale = _scale(face.unitsPerEm)
    return face


def _store(path: Path, data: bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_bytes(data)
        tmp.replace(path)
    except OSError:
        pass          # a read-only cache only costs time


def _scale(units_per_em: int):
    """Glyph units to PDF's thousandths of an em, as reportlab's parser sets it."""
    if units_per_em == 1000:
        return lambda x: x
    factor = 1000 / units_per_em
    return lambda x: x * factor


@functools.cache
def _last_resort() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    pdfmetrics.registerFont(UnicodeCIDFont(LAST_RESORT))
    return LAST_RESORT


def font_set(body: str | None = None, heading: str | None = None, *, cache: Path | None = None) -> FontSet:
    """The chosen fonts (by name, from Settings), else the first present (the shipped ones); registered once
    per process. `cache` is the folder for their parsed tables (the caller's cache folder; None: none)."""
    def pick(role: str, wanted: str | None) -> FontChoice | None:
        found = candidates(role)
        return next((c for c in found if c.name == wanted), found[0] if found else None)

    body_choice, heading_choice = pick("body", body), pick("heading", heading) or pick("body", body)
    if body_choice is None:
        name = _last_resort()
        return FontSet(name, name, LAST_RESORT, LAST_RESORT, embedded=False)
    fonts = FontSet(_register(body_choice, cache), _register(heading_choice, cache), body_choice.name,
                    heading_choice.name, embedded=True)
    _set_order(fonts, cache)
    return fonts


# --- glyph by glyph: each character in the first font that has it -------------------------------------------

_ORDER: list[str] = []            # the registered fonts to fall back through, the chosen body and heading first
_FOR_CHAR: dict[tuple[str, str], str | None] = {}
_SEARCHED: set[str] = set()       # files tried as a fallback (registered or refused)
_CACHE: list[Path | None] = [None]


def _cmap(name: str) -> dict:
    from reportlab.pdfbase import pdfmetrics

    return getattr(getattr(pdfmetrics.getFont(name), "face", None), "charToGlyph", None) or {}


def _set_order(fonts: FontSet, cache: Path | None) -> None:
    order = list(dict.fromkeys([fonts.body, fonts.heading]))
    if order != _ORDER[:len(order)]:
        _ORDER[:] = order
        _FOR_CHAR.clear()
    _CACHE[0] = cache


def _fallback_files() -> list[FontChoice]:
    """Fonts to try after the chosen ones, in order: the other shipped and listed fonts present here, then the
    "fallback" list of fonts.json (fonts with the rarer extensions: SimSun-ExtB, HanaMin…)."""
    listed = json.loads(FONTS_FILE.read_text(encoding="utf-8"))
    found = [*candidates("body"), *candidates("heading")]
    for entry in listed.get("fallback", ()):
        path = next((p for p in (RESOURCES / f for f in entry["files"]) if p.is_file()), None)
        if path:
            found.append(FontChoice(entry["name"], str(path), entry.get("index", 0)))
    return found


def _system_files(ch: str) -> list[FontChoice]:
    """TrueType fonts of this system that fontconfig says have `ch` (none where there is no fontconfig)."""
    import shutil
    import subprocess

    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return []
    try:
        out = subprocess.run([fc_list, f":charset={ord(ch):x}", "file", "index"], capture_output=True, text=True,
                             timeout=10).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    found = []
    for line in sorted(out.splitlines()):
        path, _sep, rest = line.partition(":")
        index = "".join(c for c in rest if c.isdigit())
        if path.lower().endswith((".ttf", ".ttc")):
            found.append(FontChoice(Path(path).stem, path, int(index or 0)))
    return found


def _try(choice: FontChoice) -> str | None:
    """Register a fallback font; None when reportlab cannot use it (CFF outlines, a broken file)."""
    key = f"{choice.path}#{choice.index}"
    if key in _SEARCHED:
        return _REGISTERED.get(choice)
    _SEARCHED.add(key)
    try:
        return _register(choice, _CACHE[0])
    except Exception:        # reportlab's TTFError and friends: this font simply cannot serve
        return None


def font_for(ch: str, base: str) -> str | None:
    """The registered font that draws `ch`: `base` if it can, else the first of the chosen fonts, the other fonts
    listed or shipped, and the system's (fontconfig) that has it; None when no font here has it."""
    cmap = _cmap(base)
    if not cmap or ord(ch) in cmap:         # a CID font (the last resort) has no map to consult
        return base
    key = (ch, base)
    if key in _FOR_CHAR:
        return _FOR_CHAR[key]
    found = next((name for name in _ORDER if ord(ch) in _cmap(name)), None)
    if found is None:
        for choice in (*_fallback_files(), *_system_files(ch)):
            name = _try(choice)
            if name and ord(ch) in _cmap(name):
                if name not in _ORDER:
                    _ORDER.append(name)
                found = name
                break
    _FOR_CHAR[key] = found
    return found


def drawable(ch: str) -> bool:
    """Spaces, line breaks and other controls need no glyph."""
    return ord(ch) > 0x20 and not ch.isspace()


def markup(text: str, base: str) -> str:
    """`text` as paragraph markup (escaped), each run of characters `base` lacks set in the font that has them."""
    out, run, run_font = [], [], base
    for ch in text:
        font = font_for(ch, base) if drawable(ch) else base
        font = font or base                      # no font has it: left to `base` (named by missing_glyphs)
        if font != run_font and run:
            out.append(_run("".join(run), run_font, base))
            run = []
        run_font = font
        run.append(ch)
    if run:
        out.append(_run("".join(run), run_font, base))
    return "".join(out).replace("\n", "<br/>")


def _run(text: str, font: str, base: str) -> str:
    from html import escape

    return escape(text) if font == base else f'<font face="{font}">{escape(text)}</font>'


def missing_glyphs(texts: Iterable[str], font_name: str) -> list[str]:
    """Characters of `texts` that no font here can draw, after falling back from `font_name` through the chosen,
    shipped and system fonts (in order of appearance)."""
    missing: dict[str, None] = {}
    seen: set[str] = set()
    for text in texts:
        for ch in text:
            if ch in seen or not drawable(ch):
                continue
            seen.add(ch)
            if font_for(ch, font_name) is None:
                missing[ch] = None
    return list(missing)
