"""The one way to make a file name out of data (station codes, case numbers, titles, periods, hashes).

Whatever the data holds (`../`, a drive letter, a device name such as CON, control or invisible bidi
characters, a name longer than the file system takes), the result is a single plain name inside the folder
it is joined to. pathvalidate knows each platform's forbidden characters and reserved names; what it leaves
(leading dots, `..`, format characters) is removed here.
"""
from __future__ import annotations

import unicodedata
from pathlib import Path

MAX_BYTES = 120          # UTF-8 bytes of one part: room for a suffix under every file system's 255


def part(text: object, *, fallback: str = "_") -> str:
    """One piece of a file name: no separators, no leading dots, nothing a file system refuses."""
    text = str(text)
    if text and len(text) <= MAX_BYTES and text.strip("0123456789-_") == "":
        return text      # digits (a station code, a number) are safe as they are: no reserved name has none
    from pathvalidate import sanitize_filename      # here, not at start-up: the window names no file

    cleaned = "".join(c for c in unicodedata.normalize("NFC", str(text))
                      if unicodedata.category(c) not in ("Cc", "Cf", "Cs", "Zl", "Zp"))
    cleaned = sanitize_filename(cleaned, replacement_text="_", platform="universal", max_len=MAX_BYTES)
    cleaned = cleaned.lstrip(". ").rstrip(". ")
    return cleaned or fallback


def file_name(*parts: object, suffix: str = "") -> str:
    """Parts joined by '-', each made safe, then the (constant) suffix such as '.pdf'."""
    return "-".join(part(p) for p in parts) + suffix


def inside(folder: Path, *parts: object, suffix: str = "") -> Path:
    """folder / the safe name of parts: a path that cannot leave folder, whatever the parts hold."""
    folder = Path(folder)
    path = folder / file_name(*parts, suffix=suffix)
    if path.parent != folder:       # cannot happen after part(); kept as the guard this module promises
        raise ValueError(f"unsafe file name from {parts!r}")
    return path
