"""How the keyboard moves through a form: Ctrl+Enter saves from anywhere, Tab follows the reading order, and
Enter in a field moves on (or, on a section's last field, does what comes next)."""
from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QComboBox, QWidget

SAVE_KEYS = ("Ctrl+Return", "Ctrl+Enter")      # the main keyboard's Enter, and the keypad's


def save_shortcut(dialog: QWidget, save: Callable[[], object]) -> list[QShortcut]:
    """Ctrl+Enter saves, whichever field of the dialog has the focus (a text box included)."""
    shortcuts = []
    for keys in SAVE_KEYS:
        shortcut = QShortcut(QKeySequence(keys), dialog)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(save)
        shortcuts.append(shortcut)
    return shortcuts


def tab_chain(widgets: Sequence[QWidget]) -> None:
    """Tab visits the widgets in this order (hidden or disabled ones are skipped by Qt itself)."""
    for first, second in zip(widgets, widgets[1:]):
        QWidget.setTabOrder(first, second)


class EnterMovesOn(QObject):
    """Enter (without Ctrl) in a watched field acts as Tab; in the field `is_last` names it calls `on_last`.
    A combo box's open list, or a completer's, keeps its own Enter."""

    def __init__(self, parent: QObject, is_last: Callable[[QWidget], bool], on_last: Callable[[], None]):
        super().__init__(parent)
        self.is_last, self.on_last = is_last, on_last

    def watch(self, *widgets: QWidget) -> None:
        for widget in widgets:
            widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        if event.key() not in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            return False
        if event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            return False                                   # Ctrl+Enter saves, Shift+Enter is left alone
        if isinstance(watched, QComboBox) and watched.view().isVisible():
            return False
        completer = getattr(watched, "completer", lambda: None)()
        if completer is not None and completer.popup().isVisible():
            return False
        if not isinstance(watched, QWidget):
            return False
        if self.is_last(watched):
            self.on_last()
        else:
            watched.focusNextChild()
        return True
