"""A dialog made of labelled widgets and a save callback: for the small records of a case."""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QWidget

from ui.widgets import ok_cancel, save_or_explain


class FormDialog(QDialog):
    def __init__(self, title: str, rows: list[tuple[str, QWidget]], save: Callable[[], object], ok_text: str,
                 parent: QWidget | None = None, *, intro: str = ""):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(520)
        form = QFormLayout(self)
        if intro:
            form.addRow(QLabel(intro, wordWrap=True))
        for label, widget in rows:
            form.addRow(label, widget)
        form.addRow(ok_cancel(self, ok_text, lambda: save_or_explain(self, save)))
