"""What the tabs of a case window share: the case record, a way to say it changed, buttons, dialogs."""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QHBoxLayout, QPushButton, QWidget

from app.services.case_record import CaseRecord
from ui.backend import Backend


class RecordTab(QWidget):
    def __init__(self, backend: Backend, record: CaseRecord, changed: Callable[[], None],
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.backend, self.record, self.changed = backend, record, changed
        self.buttons: dict[str, QPushButton] = {}

    def button_row(self, buttons: list[tuple[str, str, Callable[[], None]]]) -> QHBoxLayout:
        """A row of (key, text, slot) buttons, kept in self.buttons by key."""
        row = QHBoxLayout()
        for key, text, slot in buttons:
            button = QPushButton(text)
            button.clicked.connect(slot)
            row.addWidget(button)
            self.buttons[key] = button
        row.addStretch(1)
        return row

    def open_dialog(self, dialog: QDialog) -> None:
        """Window-modal, never exec(): the case reloads when the dialog saved something."""
        dialog.setModal(True)
        dialog.accepted.connect(self.changed)
        dialog.open()
        self._dialog = dialog
