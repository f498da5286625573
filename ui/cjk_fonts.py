"""The windows' Chinese text in the shipped fonts (resources/fonts/) on a computer that has no Chinese font."""
from __future__ import annotations

from PySide6.QtGui import QFontDatabase

from printing.fonts import shipped_files


def ensure_cjk_fonts() -> list[str]:
    """Add the shipped faces to this application's fonts when the system has no Simplified Chinese font (a
    fresh Linux install); Qt's fallback then draws Chinese in them instead of empty boxes. Returns the
    families added: none when the system has its own (Windows always does), so that start-up pays only the
    check (a few ms: Qt reads the system's font list for the first window anyway); adding both files costs
    about 10 ms more. Call once, after the QApplication exists and before the first window is shown."""
    if QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese):
        return []
    added: list[str] = []
    for path in shipped_files():
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id != -1:
            added += QFontDatabase.applicationFontFamilies(font_id)
    return added
