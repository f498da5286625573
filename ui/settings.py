"""UI state kept in QSettings (window geometry); station data lives in the database."""
from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings

ORG, APP = "MediationStation", "MediationStation"


class UiSettings:
    def __init__(self, settings: QSettings | None = None):
        self._s = settings or QSettings(ORG, APP)

    def geometry(self) -> QByteArray | None:
        value = self._s.value("main/geometry")
        return value if isinstance(value, QByteArray) else None

    def set_geometry(self, value: QByteArray) -> None:
        self._s.setValue("main/geometry", value)
