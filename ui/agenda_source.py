"""The agenda, computed once per change and shared by the agenda page and the register's markers."""
from __future__ import annotations

from collections.abc import Callable
from contextlib import closing
from datetime import date

from PySide6.QtCore import QTimer

from app.services.agenda import AgendaItem, OverdueSummary, agenda, listed_overdue, overdue_summary
from app import clock
from db.connection import connect
from ui.backend import Backend


class AgendaSource:
    def __init__(self, backend: Backend, today: Callable[[], date] = clock.today):
        self.backend, self.today = backend, today
        self._items: list[AgendaItem] | None = None
        self._overdue: OverdueSummary | None = None
        self._on: date | None = None
        self._generation = 0            # moves on at every change, so a late background result is not taken
        self.loading = False            # computed on the DB worker (start-up); the views show it when done
        # Connected before any view, so views that refresh on the same signal read fresh items.
        backend.events.cases_changed.connect(self.invalidate)

    def invalidate(self, *_args) -> None:
        self._items = self._overdue = None
        self._generation += 1

    def items(self) -> list[AgendaItem]:
        """The agenda of today; empty while the start-up's background computation runs."""
        on = self.today()
        if self._items is None or self._on != on:
            if self.loading:
                return []
            self._items, self._on, self._overdue = self.backend.query(lambda c: agenda(c, on=on)), on, None
        return self._items

    def overdue(self, counted: Callable[[], None] | None = None) -> OverdueSummary:
        """How many items are overdue, in how many cases. When the agenda's list was cut short (a very large
        register) the exact counts are made on the DB worker: until then the listed ones are given, and
        `counted` is called once they are known."""
        items, on = self.items(), self._on
        if self._overdue is not None:
            return self._overdue
        listed, whole = listed_overdue(items, on)
        if whole:
            self._overdue = listed
            return listed

        def known(summary: OverdueSummary) -> None:
            if self._items is items:          # not changed meanwhile
                self._overdue = summary
                if counted is not None:
                    counted()
        self.backend.runner.submit_db(lambda: self.backend.read(lambda s: overdue_summary(s, on=on, items=items)),
                                      known, lambda _exc: None)
        return listed

    def load_after_show(self, done: Callable[[], None]) -> None:
        """Start-up: the views built now show the agenda as being computed; at the event loop's first turn (the
        window is on screen) the DB worker computes it with a connection of its own, and `done` runs on the GUI
        thread after. On 100,000 cases the agenda takes longer to compute and lay out than the window to show."""
        self.loading = True
        QTimer.singleShot(0, lambda: self._load_in_background(done))

    def _load_in_background(self, done: Callable[[], None]) -> None:
        on, generation, path = self.today(), self._generation, self.backend.path

        def work() -> list[AgendaItem]:
            with closing(connect(path)) as conn:
                return agenda(conn, on=on)

        def take(items: list[AgendaItem]) -> None:
            self.loading = False
            if generation == self._generation and on == self.today():
                self._items, self._on, self._overdue = items, on, None
            done()

        def failed(_exc: BaseException) -> None:    # computed again on the GUI thread, which says what is wrong
            self.loading = False
            done()

        self.backend.runner.submit_db(work, take, failed, background=True)
