"""Long work off the GUI thread: one DB worker thread (all writes, in order) and an I/O pool.

A task is a plain callable taking progress/is_cancelled keywords; results and errors come back as
signals on the GUI thread. A progress dialog appears if the work takes longer than about 300 ms.
"""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from app.i18n import _


class TaskSignals(QObject):
    succeeded = Signal(object)
    failed = Signal(object)
    progressed = Signal(int, int)


class Task(QRunnable):
    def __init__(self, fn: Callable, cancellable: bool):
        super().__init__()
        self.setAutoDelete(False)  # the runner keeps it until its signals have been delivered
        self.fn, self.signals, self.cancelled, self.cancellable = fn, TaskSignals(), False, cancellable

    def cancel(self) -> None:
        """Asked from the GUI thread; the job sees it through is_cancelled() and stops at its next check."""
        self.cancelled = True

    def run(self) -> None:  # worker thread: never touch widgets here
        try:
            if self.cancellable:
                result = self.fn(progress=self.signals.progressed.emit, is_cancelled=lambda: self.cancelled)
            else:
                result = self.fn()
        except Exception as exc:  # handed to the GUI thread, shown as one message
            self.signals.failed.emit(exc)
        else:
            self.signals.succeeded.emit(result)


class TaskRunner(QObject):
    """submit_db for anything that touches the database, submit_io for files and PDFs."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.db_pool = QThreadPool(self)
        self.db_pool.setMaxThreadCount(1)
        self.io_pool = QThreadPool(self)
        self.io_pool.setMaxThreadCount(2)
        self._running: set[Task] = set()
        self._background: set[Task] = set()

    def submit_db(self, fn: Callable, on_success: Callable[[object], None],
                  on_error: Callable[[Exception], None], *, label: str | None = None,
                  parent: QWidget | None = None, cancellable: bool = False, background: bool = False) -> Task:
        """background: a read that nobody waits for (the agenda at start-up); it does not make the runner
        busy, so closing the window does not ask to wait for it."""
        return self._submit(self.db_pool, fn, on_success, on_error, label, parent, cancellable, background)

    def submit_io(self, fn: Callable, on_success: Callable[[object], None],
                  on_error: Callable[[Exception], None], *, label: str | None = None,
                  parent: QWidget | None = None, cancellable: bool = False) -> Task:
        return self._submit(self.io_pool, fn, on_success, on_error, label, parent, cancellable)

    def _submit(self, pool: QThreadPool, fn, on_success, on_error, label, parent, cancellable,
                background: bool = False) -> Task:
        task = Task(fn, cancellable)
        dialog = self._progress_dialog(task, label, parent) if label else None

        def finish(handler, value) -> None:
            self._running.discard(task)
            self._background.discard(task)
            if dialog is not None:
                dialog.close()
                dialog.deleteLater()
            handler(value)

        task.signals.succeeded.connect(lambda result: finish(on_success, result), Qt.QueuedConnection)
        task.signals.failed.connect(lambda exc: finish(on_error, exc), Qt.QueuedConnection)
        (self._background if background else self._running).add(task)    # kept alive until delivered
        pool.start(task)
        return task

    def _progress_dialog(self, task: Task, label: str, parent: QWidget | None) -> QProgressDialog:
        dialog = QProgressDialog(label, _("Cancel") if task.cancellable else "", 0, 0, parent)
        dialog.setWindowTitle(_("Please wait"))
        dialog.setWindowModality(Qt.WindowModal)
        dialog.setMinimumDuration(300)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        if not task.cancellable:
            dialog.setCancelButton(None)
        dialog.canceled.connect(task.cancel)

        def update(done: int, total: int) -> None:
            dialog.setMaximum(total)
            dialog.setValue(done)

        task.signals.progressed.connect(update, Qt.QueuedConnection)
        QTimer.singleShot(300, lambda: task in self._running and dialog.show())
        return dialog

    def wait(self, msecs: int = 30000) -> bool:
        """Block until all tasks finished (used at shutdown and in tests)."""
        return self.db_pool.waitForDone(msecs) and self.io_pool.waitForDone(msecs)

    @property
    def busy(self) -> bool:
        return bool(self._running)
