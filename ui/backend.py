"""What windows need to reach the data: quick reads, ORM sessions, the task runner and the events.

The register and the lookups shown at start-up read through a plain sqlite3 connection (`query`);
SQLAlchemy, which costs ~0.4 s to import, is loaded on first need or by `warm_up` after the window shows.
Every write runs on the DB worker thread, one user action = one transaction.
"""
from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtGui import QUndoStack

from db.connection import connect
from ui.events import AppEvents
from ui.tasks import Task, TaskRunner

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

T = TypeVar("T")


class Backend:
    def __init__(self, path: Path, runner: TaskRunner, events: AppEvents):
        self.path, self.runner, self.events = Path(path), runner, events
        self.operator_id: int | None = None
        self.undo_stack = QUndoStack()
        self._conn: sqlite3.Connection | None = None
        self._factories: tuple[sessionmaker[Session], sessionmaker[Session]] | None = None
        self._lock = threading.Lock()

    def query(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        """A quick read on the GUI thread through plain SQL (app/services/register.py, lookups.py)."""
        if self._conn is None:
            self._conn = connect(self.path)
        return fn(self._conn)

    def _sessions(self) -> tuple[sessionmaker[Session], sessionmaker[Session]]:
        with self._lock:  # the GUI thread and the DB worker may both ask first
            if self._factories is None:
                from app.database import open_database

                _engine, read, write = open_database(self.path)
                self._factories = (read, write)
            return self._factories

    def session_factories(self) -> tuple[sessionmaker[Session], sessionmaker[Session]]:
        """(read, write), for services that manage their own transactions (the sync bundle)."""
        return self._sessions()

    def warm_up(self) -> None:
        """Load SQLAlchemy on the DB worker, and reportlab with this computer's fonts on the I/O pool, so that
        neither the first click nor the first print waits for them."""
        self.runner.submit_db(self._sessions, lambda _r: None, lambda _e: None)
        self.runner.submit_io(_warm_printing, lambda _r: None, lambda _e: None)

    def read(self, fn: Callable[[Session], T]) -> T:
        with self._sessions()[0]() as session:
            return fn(session)

    def write_now(self, fn: Callable[[Session], T]) -> T:
        """A short write on the calling thread (dialogs that must know the result before closing)."""
        with self._sessions()[1].begin() as session:
            return fn(session)

    def write(self, fn: Callable[..., T], on_success: Callable[[T], None], on_error: Callable[[Exception], None],
              *, label: str | None = None, parent=None, cancellable: bool = False) -> Task:
        """Run fn(session[, progress, is_cancelled]) in one transaction on the DB worker."""
        def job(**progress_kw):
            with self._sessions()[1].begin() as session:
                return fn(session, **progress_kw)
        return self.runner.submit_db(job, on_success, on_error, label=label, parent=parent,
                                     cancellable=cancellable)

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None


def _warm_printing() -> None:
    from app import money, preferences
    from printing.fonts import font_set

    font_set(*preferences.print_fonts())
    money.capitals(1)          # cn2an builds its tables on import
