"""The agenda, computed once per change and shared by the agenda page and the register's markers."""
from __future__ import annotations

from collections.abc import Callable
from datetime import date

from app.services.agenda import AgendaItem, agenda
from app import clock
from ui.backend import Backend


class AgendaSource:
    def __init__(self, backend: Backend, today: Callable[[], date] = clock.today):
        self.backend, self.today = backend, today
        self._items: list[AgendaItem] | None = None
        self._on: date | None = None
        # Connected before any view, so views that refresh on the same signal read fresh items.
        backend.events.cases_changed.connect(self.invalidate)

    def invalidate(self, *_args) -> None:
        self._items = None

    def items(self) -> list[AgendaItem]:
        on = self.today()
        if self._items is None or self._on != on:
            self._items, self._on = self.backend.query(lambda c: agenda(c, on=on)), on
        return self._items
