"""The screen lock: after the idle time the 主任 set, every window is covered and the password asked again.

Windows are covered, not closed or hidden, so that a half-filled form keeps its input (hiding a dialog that
runs its own event loop would end it)."""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QWidget

from shiboken6 import isValid

from app.i18n import _
from ui.backend import Backend

INPUT = frozenset({QEvent.KeyPress, QEvent.MouseButtonPress, QEvent.MouseMove, QEvent.Wheel,
                   QEvent.TouchBegin})


class _Cover(QLabel):
    def __init__(self, window: QWidget):
        super().__init__(_("Locked"), window)
        self.setStyleSheet("background: #2c3e50; color: #ecf0f1; font-size: 20px;")
        self.setAutoFillBackground(True)
        self.setGeometry(0, 0, 20000, 20000)     # whatever size the window takes while locked
        self.raise_()
        self.show()


class IdleLock(QObject):
    locked = Signal()
    unlocked = Signal()

    def __init__(self, backend: Backend, minutes: int, parent: QObject | None = None, *, watching: bool = True):
        super().__init__(parent)
        self.backend = backend
        self.timer = QTimer(self, singleShot=True)
        self.timer.timeout.connect(self.lock)
        self.dialog = None
        self._covers: list[_Cover] = []
        self.set_interval(minutes * 60_000)
        if watching:
            self.watch()

    def watch(self) -> None:
        """Input from now on restarts the idle time (the start-up calls this once the window is up)."""
        QApplication.instance().installEventFilter(self)

    @property
    def is_locked(self) -> bool:
        return self.dialog is not None

    def set_interval(self, milliseconds: int) -> None:
        """0 switches the lock off."""
        self.timer.setInterval(milliseconds)
        if milliseconds > 0:
            self.timer.start()
        else:
            self.timer.stop()

    def eventFilter(self, watched, event) -> bool:
        if event.type() in INPUT and not self.is_locked and self.timer.interval() > 0:
            self.timer.start()
        return False

    def lock(self, by_hand: bool = False) -> None:
        if self.is_locked or self.backend.actor.account_id is None:
            return
        from ui.login_dialog import LoginDialog, login_with

        self._covers = [_Cover(w) for w in QApplication.topLevelWidgets()
                        if w.isVisible() and w.isWindow() and not isinstance(w, _Cover)]
        self.dialog = LoginDialog(login_with(self.backend.as_system), [], locked_name=self.backend.actor.name,
                                  by_hand=by_hand, open_forms=self._forms_open)
        self.dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.dialog.accepted.connect(self._unlock)
        self.dialog.rejected.connect(QApplication.closeAllWindows)
        self.dialog.show()
        self.locked.emit()

    def _forms_open(self) -> bool:
        """A dialog (a form, a question) is open behind the lock: quitting would lose what is typed in it."""
        return any(isinstance(w, QDialog) and w.isVisible() and w is not self.dialog
                   for w in QApplication.topLevelWidgets())

    def _unlock(self) -> None:
        for cover in self._covers:
            if isValid(cover):           # a covered window may have gone meanwhile, its cover with it
                cover.deleteLater()
        self._covers = []
        self.dialog.deleteLater()
        self.dialog = None
        self.timer.start()
        self.unlocked.emit()
