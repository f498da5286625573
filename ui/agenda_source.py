"""The agenda, computed once per change and shared by the agenda page and the register's markers."""
from __future__ import annotations

from collections.abc import Callable
from datetime import date

from app.services.agenda import AgendaItem, OverdueSummary, agenda, listed_overdue, overdue_summary
from app import clock
from ui.backend import Backend


class AgendaSource:
    def __init__(self, backend: Backend, today: Callable[[], date] = clock.today):
        self.backend, self.today = backend, today
        self._items: list[AgendaItem] | None = None
        self._overdue: OverdueSummary | None = None
        self._on: date | None = None
        # Connected before any view, so views that refresh on the same signal read fresh items.
        backend.events.cases_changed.connect(self.invalidate)

    def invalidate(self, *_args) -> None:
        self._items = self._overdue = None

    def items(self) -> list[AgendaItem]:
        on = self.today()
        if self._items is None or self._on != on:
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
