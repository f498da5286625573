"""Application-wide notifications: after a write, views that show the changed data refresh."""
from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class AppEvents(QObject):
    cases_changed = Signal(object)       # list of dispute ids (empty: many or unknown)
    mediators_changed = Signal()
    operator_changed = Signal(int)       # the mediator now working at this PC
    settings_changed = Signal(object)    # the Settings (app/settings.py) just saved
    writing = Signal(bool)               # True while a write runs on the DB worker (the busy indicator)
