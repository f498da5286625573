"""The windows' Chinese text in the shipped fonts (resources/fonts/) on a computer without Chinese fonts."""
from __future__ import annotations

from PySide6.QtGui import QFontDatabase


def ensure_cjk_fonts() -> list[str]:
    """Add the shipped faces to this application's fonts when the system has no Simplified Chinese font (a
    fresh Linux install); Qt's fallback then draws Chinese in them instead of empty boxes. Returns the
    families added: none when the system has its own (Windows always does). Call once, after the
    QApplication exists and before the first window. Cost: the check, 3 ms, which the first window then
    saves (Qt reads the system's font list for it anyway); adding the two files, about 15 ms more."""
    if QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese):
        return []
    from printing.fonts import shipped_files  # here, not above: a start with Chinese fonts needs none of it

    added: list[str] = []
    for path in shipped_files():
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id != -1:
            added += QFontDatabase.applicationFontFamilies(font_id)
    return added
