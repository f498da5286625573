"""What windows need to reach the data: the session factories, the task runner and the events.

Reads that take a few milliseconds run on the GUI thread; every write runs on the DB worker, one user
action = one transaction.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtGui import QUndoStack
from sqlalchemy.orm import Session, sessionmaker

from ui.events import AppEvents
from ui.tasks import Task, TaskRunner

T = TypeVar("T")


class Backend:
    def __init__(self, read: sessionmaker[Session], write: sessionmaker[Session], runner: TaskRunner,
                 events: AppEvents):
        self._read, self._write, self.runner, self.events = read, write, runner, events
        self.operator_id: int | None = None
        self.undo_stack = QUndoStack()

    def read(self, fn: Callable[[Session], T]) -> T:
        with self._read() as session:
            return fn(session)

    def write_now(self, fn: Callable[[Session], T]) -> T:
        """A short write on the calling thread (dialogs that must know the result before closing)."""
        with self._write.begin() as session:
            return fn(session)

    def write(self, fn: Callable[..., T], on_success: Callable[[T], None], on_error: Callable[[Exception], None],
              *, label: str | None = None, parent=None, cancellable: bool = False) -> Task:
        """Run fn(session[, progress, is_cancelled]) in one transaction on the DB worker."""
        def job(**progress_kw):
            with self._write.begin() as session:
                return fn(session, **progress_kw)
        return self.runner.submit_db(job, on_success, on_error, label=label, parent=parent,
                                     cancellable=cancellable)
