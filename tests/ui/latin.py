"""What a person sees in a window, as text, and the Latin words in it that the Chinese interface should not show.

`visible_texts` reads a window the way the eye does: its title, labels, buttons, group and tab titles,
headers and cells of tables, trees and lists, combo items, placeholders, tooltips, spin-box suffixes, menus
and toolbars, and read-only text browsers. `latin_words` keeps the words outside the allow-list: the names
that a Chinese office uses as they are (PDF, USB, Excel, Ctrl...) and what is data rather than wording
(file names and paths, ID numbers, periods like 2026-W47).
"""
from __future__ import annotations

import re
from html import unescape

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (QAbstractButton, QAbstractItemView, QAbstractSpinBox, QComboBox, QFileDialog,
                               QGroupBox, QHeaderView, QLabel,
                               QLineEdit, QListWidget, QMainWindow, QMenu, QPlainTextEdit, QTabBar, QTableWidget,
                               QTextEdit, QToolBar, QTreeWidget, QWidget)

ALLOWED = frozenset({
    # names used as they are in a Chinese office
    "PDF", "ID", "USB", "CSV", "xlsx", "XLSX", "Excel", "WPS", "JSON", "ISO", "FAT32",
    # keys, as printed on the keyboard
    "Ctrl", "Shift", "Alt", "Tab", "Enter", "Esc", "F1", "F4", "PgUp", "PgDn", "Del", "Backspace", "Home",
    "End", "Space", "Ins", "Return",
    # the language menu names each language in itself
    "English",
    # the licence's name in 关于 (GNU 通用公共许可证)
    "GNU",
})
_TAGS = re.compile(r"<[^>]+>")
_STYLE = re.compile(r"<style.*?</style>", re.S)
_NOT_WORDING = [
    re.compile(r"\(&[A-Za-z]\)"),                                # mnemonics: 文件(&F)
    re.compile(r"\*(?:\.[A-Za-z0-9]+)+"),                        # file patterns: *.xlsx, *.receipt.json
    re.compile(r"(?:Ctrl|Shift|Alt)\+(?:(?:Shift|Alt)\+)?[A-Za-z0-9]+"),   # shortcuts: Ctrl+Shift+P
    re.compile(r"U\s?盘"),
    re.compile(r"\bF\d{1,2}\b"),                                 # function keys: F1, F5                                        # the usual word for a USB stick
    re.compile(r"\{[a-z_]+\}"),                                  # a placeholder the user is told to keep
    re.compile(r"[^\s：:（）()“”]*[/\\][^\s：:（）()“”]*"),           # paths and folders
    re.compile(r"[\w\-.·]+\.(?:sqlite|pdf|xlsx|csv|json|msb|txt|jpg|png|docx?|log)\b", re.I),   # file names
    re.compile(r"\b\d{17}[\dX]\b|\b\d{6}\*+\d{3}[\dX]\b"),       # ID numbers, masked or not
    re.compile(r"\b\d{4}-W\d{2}\b"),                             # ISO weeks
    re.compile(r"\b[A-Z]+-\d\.\d-(?:only|or-later)\b"),             # SPDX licence ids: GPL-3.0-or-later
    re.compile(r"\b[A-Z0-9]{5}-[A-Z0-9]{5}\b"),                   # verification codes on printed pages
    re.compile(r"\b[0-9a-f]{8,}\b"),                             # hashes shown for checking
]
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*")


def latin_words(text: str) -> list[str]:
    """The Latin words of `text` a Chinese reader would trip over (empty when it reads as Chinese)."""
    plain = unescape(_TAGS.sub(" ", _STYLE.sub(" ", text)))
    for pattern in _NOT_WORDING:
        plain = pattern.sub(" ", plain)
    plain = plain.replace("&&", "").replace("&", "")
    return [w for w in _WORD.findall(plain) if w not in ALLOWED]


def _menu_texts(menu: QMenu, where: str) -> list[tuple[str, str]]:
    found = [(where, menu.title())]
    for action in menu.actions():
        if action.menu() is not None:
            found += _menu_texts(action.menu(), where + "/" + action.text())
        elif not action.isSeparator():
            found += [(where, action.text()), (where + " tooltip", action.toolTip() if action.toolTip() !=
                                               action.text().replace("&", "") else "")]
    return found


def _view_texts(view: QAbstractItemView, limit: int = 60) -> list[str]:
    model = view.model()
    if model is None:
        return []
    root = QModelIndex()
    try:
        columns = model.columnCount(root)
    except TypeError:          # a list widget's model keeps it private: one column
        columns = 1
    texts = [str(model.headerData(i, Qt.Orientation.Horizontal) or "") for i in range(columns)]
    for row in range(min(model.rowCount(root), limit)):
        for column in range(columns):
            index = model.index(row, column)
            for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                value = model.data(index, role)
                if isinstance(value, str):
                    texts.append(value)
            if isinstance(view, QTreeWidget):
                item = view.topLevelItem(row)
                if item is not None:
                    texts += [item.child(c).text(column) for c in range(min(item.childCount(), limit))]
    return texts


def _inside(widget: QWidget, data: frozenset[QWidget]) -> bool:
    """Whether `widget` is one of `data` or belongs to one (a combo's popup list is a window of its own)."""
    while widget is not None:
        if widget in data:
            return True
        widget = widget.parentWidget()
    return False


def visible_texts(window: QWidget, data: frozenset[QWidget] = frozenset()) -> list[tuple[str, str]]:
    """(where, text) for everything written in `window` and its children; the items of the widgets in `data`
    (and the file lists of a file dialog) are names from outside, not wording, and are left out."""
    found: list[tuple[str, str]] = [("window title", window.windowTitle())]
    for w in [window, *window.findChildren(QWidget)]:
        kind = type(w).__name__
        if isinstance(w, QHeaderView) or (isinstance(w, (QAbstractItemView, QComboBox)) and (
                _inside(w, data) or isinstance(w.window(), QFileDialog))):
            found.append((kind + " tooltip", w.toolTip()))
            continue
        found.append((kind + " tooltip", w.toolTip()))
        if isinstance(w, QLabel):
            found.append((kind, w.text()))
        elif isinstance(w, QAbstractButton):
            found.append((kind, w.text()))
        elif isinstance(w, QGroupBox):
            found.append((kind, w.title()))
        elif isinstance(w, QLineEdit):
            found.append((kind + " placeholder", w.placeholderText()))
        elif isinstance(w, (QPlainTextEdit, QTextEdit)):
            found.append((kind + " placeholder", w.placeholderText()))
            if w.isReadOnly():
                found.append((kind, w.toPlainText()))
        elif isinstance(w, QComboBox):
            found += [(kind + " item", w.itemText(i)) for i in range(w.count())]
        elif isinstance(w, QAbstractSpinBox):
            found += [(kind, getattr(w, m)()) for m in ("prefix", "suffix", "specialValueText") if hasattr(w, m)]
        elif isinstance(w, QTabBar):
            found += [(kind, w.tabText(i)) for i in range(w.count())]
            found += [(kind + " tooltip", w.tabToolTip(i)) for i in range(w.count())]
        elif isinstance(w, (QListWidget, QTableWidget, QTreeWidget, QAbstractItemView)):
            found += [(kind, t) for t in _view_texts(w)]
        elif isinstance(w, QToolBar):
            found += [(kind, a.text()) for a in w.actions()]
    if isinstance(window, QMainWindow):
        for action in window.menuBar().actions():
            if action.menu() is not None:
                found += _menu_texts(action.menu(), "menu " + action.text())
    return [(where, text) for where, text in found if isinstance(text, str) and text.strip()]
