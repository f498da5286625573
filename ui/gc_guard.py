"""Garbage collection only on the GUI thread.

Python's cyclic collector runs in whichever thread happens to allocate; if that is a worker and the
garbage holds Qt widgets, they are destroyed off the GUI thread and Qt crashes. So automatic collection is
switched off and a timer collects on the GUI thread, by the same thresholds (pyqtgraph does the same).
"""
from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer


class GuiThreadCollector(QObject):
    def __init__(self, parent: QObject | None = None, interval_ms: int = 1000):
        super().__init__(parent)
        gc.disable()
        self._thresholds = gc.get_threshold()
        self._timer = QTimer(self, interval=interval_ms)
        self._timer.timeout.connect(self.collect_due)
        self._timer.start()

    def collect_due(self) -> None:
        counts = gc.get_count()
        for generation in (2, 1, 0):
            if counts[generation] > self._thresholds[generation]:
                gc.collect(generation)
                return
