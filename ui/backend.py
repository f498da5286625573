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

from app.access import SYSTEM, Actor
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
        self.actor: Actor = SYSTEM       # who logged in; every write is checked and recorded as theirs
        self.undo_stack = QUndoStack()
        self._conn: sqlite3.Connection | None = None
        self._factories: tuple[sessionmaker[Session], sessionmaker[Session]] | None = None
        self._engine = None
        self._lock = threading.Lock()
        self._writes = 0                 # writes submitted and not yet answered (the busy indicator)

    def query(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        """A quick read on the GUI thread through plain SQL (app/services/register.py, lookups.py)."""
        if self._conn is None:
            self._conn = connect(self.path)
        return fn(self._conn)

    def _sessions(self) -> tuple[sessionmaker[Session], sessionmaker[Session]]:
        with self._lock:  # the GUI thread and the DB worker may both ask first
            if self._factories is None:
                from app.database import open_database

                self._engine, read, write = open_database(self.path)
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

    def as_system(self, fn: Callable[[Session], T]) -> Pending:
        """A write by the app itself, whoever is at the keyboard (logging in, the first account), on the DB
        worker like every other: checking a password takes a while, and the window must not freeze meanwhile."""
        from app.access import perform

        pending = Pending()
        self.runner.submit_db(lambda: perform(self._sessions()[1], SYSTEM, fn), pending.succeed, pending.fail)
        return pending

    def log_out(self) -> None:
        """Before another user logs in (切换用户): recorded under the one leaving, then nobody is logged in.
        Called between windows, when none is shown: the write has no window to keep responsive."""
        from app.access import perform
        from app.services import accounts

        leaving = self.actor
        if leaving.account_id is not None:
            perform(self._sessions()[1], SYSTEM, lambda s: accounts.logout(s, actor=leaving))
        self.actor, self.operator_id = SYSTEM, None
        self.undo_stack.clear()           # the next user must not undo the last one's work

    def log_in(self, actor: Actor) -> None:
        self.actor = actor
        if actor.mediator_id is not None:
            self.operator_id = actor.mediator_id
            self.events.operator_changed.emit(actor.mediator_id)

    def read(self, fn: Callable[[Session], T]) -> T:
        with self._sessions()[0]() as session:
            return fn(session)

    def write(self, fn: Callable[..., T], on_success: Callable[[T], None], on_error: Callable[[Exception], None],
              *, label: str | None = None, parent=None, cancellable: bool = False) -> Task:
        """Run fn(session[, progress, is_cancelled]) in one transaction on the DB worker; the callbacks run on
        the GUI thread. Never on the GUI thread itself: a slow disk or a held lock would freeze the windows."""
        from app.access import perform

        actor = self.actor
        self._writes += 1
        self.events.writing.emit(True)

        def job(**progress_kw):
            return perform(self._sessions()[1], actor, lambda session: fn(session, **progress_kw))

        def done(handler, value) -> None:
            self._writes -= 1
            if not self._writes:
                self.events.writing.emit(False)
            handler(value)
        return self.runner.submit_db(job, lambda r: done(on_success, r), lambda e: done(on_error, e), label=label,
                                     parent=parent, cancellable=cancellable)

    def submit(self, fn: Callable[[Session], T], *, label: str | None = None, parent=None) -> Pending:
        """A write whose outcome the caller takes up later (`Pending.then`): what a dialog's save returns, so
        that ui/widgets.py can show the dialog busy, then close it or say why not."""
        pending = Pending()
        self.write(fn, pending.succeed, pending.fail, label=label, parent=parent)
        return pending

    def close(self) -> None:
        """Let go of the database file (at exit, or before a restore replaces it)."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None
        with self._lock:
            if self._engine is not None:
                self._engine.dispose()
                self._engine, self._factories = None, None


class Pending:
    """The outcome of a submitted write, delivered on the GUI thread. Callbacks given to `then` before control
    returns to the event loop are sure to be called: the outcome arrives through the event loop."""

    def __init__(self) -> None:
        self._callbacks: list[tuple[Callable[[object], None], Callable[[Exception], None]]] = []
        self._outcome: tuple[bool, object] | None = None

    def then(self, on_success: Callable[[object], None], on_error: Callable[[Exception], None]) -> Pending:
        if self._outcome is None:
            self._callbacks.append((on_success, on_error))
        elif self._outcome[0]:
            on_success(self._outcome[1])
        else:
            on_error(self._outcome[1])  # type: ignore[arg-type]
        return self

    @property
    def done(self) -> bool:
        return self._outcome is not None

    def succeed(self, value: object) -> None:
        self._settle(True, value)

    def fail(self, exc: Exception) -> None:
        self._settle(False, exc)

    def _settle(self, ok: bool, value: object) -> None:
        self._outcome = (ok, value)
        callbacks, self._callbacks = self._callbacks, []
        for on_success, on_error in callbacks:
            on_success(value) if ok else on_error(value)  # type: ignore[arg-type]


def _warm_printing() -> None:
    from app import printouts

    printouts.load_fonts()
