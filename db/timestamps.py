"""Where stored timestamps come from: app/clock.py installs itself here (db knows nothing above it)."""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

_clock: Callable[[], datetime] | None = None


def use_clock(source: Callable[[], datetime]) -> None:
    global _clock
    _clock = source


def utcnow() -> datetime:
    """Naive UTC from the app's clock: what the database stores; babel shows it in station time."""
    if _clock is None:
        raise RuntimeError("app.clock is not loaded")
    return _clock()
