"""A robot that answers the windows of the real start path while the app's own `exec()` loops wait.

Each step names the class of a top-level window to wait for and what to do with it; the robot polls
from a QTimer, so it runs inside modal `exec()` loops exactly as a person's clicks would. A step that
does not appear in time closes every window, so a broken start fails the test instead of hanging it.
"""
from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QWidget

Act = Callable[[QWidget], None]


@dataclass
class Robot:
    steps: list[tuple[str, Act]]
    timeout_s: float = 20.0
    seen: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    def start(self) -> Robot:
        self._deadline = time.monotonic() + self.timeout_s
        self._timer = QTimer()
        self._timer.setInterval(25)
        self._timer.timeout.connect(self._tick)
        self._timer.start()
        return self

    def stop(self) -> None:
        self._timer.stop()

    @property
    def finished(self) -> bool:
        return not self.steps

    def _tick(self) -> None:
        if not self.steps:
            self._refuse_surprises()
            return
        kind, act = self.steps[0]
        for widget in QApplication.topLevelWidgets():
            if widget.isVisible() and type(widget).__name__ == kind:
                self.steps.pop(0)
                self.seen.append(kind)
                try:
                    act(widget)
                except Exception as exc:       # record it; the test asserts on failures
                    self.failures.append(f"{kind}: {type(exc).__name__}: {exc}")
                    self._give_up()
                return
        if time.monotonic() > self._deadline:
            visible = [type(w).__name__ for w in QApplication.topLevelWidgets() if w.isVisible()]
            self.failures.append(f"waited for {kind}; visible: {visible}")
            self._give_up()

    def _refuse_surprises(self) -> None:
        """After the last step, a message box nobody expected is a failure, not a hang: note it and close it."""
        from PySide6.QtWidgets import QMessageBox

        for widget in QApplication.topLevelWidgets():
            if widget.isVisible() and isinstance(widget, QMessageBox):
                self.failures.append(f"unexpected message: {widget.text()}")
                widget.reject()

    def _give_up(self) -> None:
        self.steps.clear()
        self._timer.stop()
        for widget in QApplication.topLevelWidgets():
            if widget.isVisible():
                if isinstance(widget, QDialog):
                    widget.reject()
                else:
                    widget.close()
