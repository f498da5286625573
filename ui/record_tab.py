"""What the tabs of a case window share: the case record, a way to say it changed, buttons, dialogs."""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (QAbstractSpinBox, QCheckBox, QComboBox, QDialog, QDialogButtonBox, QHBoxLayout,
                               QLineEdit, QPlainTextEdit, QPushButton, QRadioButton, QTableWidget, QTextEdit,
                               QWidget)

from app.codes import CaseStatus
from app.i18n import _
from app.services.case_record import CaseRecord
from ui.backend import Backend


def write_then_close(dialog: QDialog, backend: Backend, make_job: Callable[[], Callable]) -> None:
    """Save a dialog on the DB worker, never on the GUI thread: `make_job()` reads the fields (a mistyped one
    is said at once) and gives the write; while it runs the dialog waits greyed; success closes it, a refusal
    is shown and everything typed stays."""
    from ui.widgets import save_or_explain

    save_or_explain(dialog, lambda: backend.submit(make_job(), label=_("Saving…"), parent=dialog))


# Buttons that only open a record to read it, print, or show the station's lists: kept for an archived case.
READING_BUTTONS = frozenset({"open_other", "roster", "preview", "dossier"})


def freeze_archived(tab: QWidget) -> None:
    """An archived case: every button of the tab that would change its records is disabled, saying why (whatever
    the window shows, the flush check of app/access.py refuses such a write)."""
    keyed = {id(button): key for key, button in getattr(tab, "buttons", {}).items()}
    for button in tab.findChildren(QPushButton):
        if keyed.get(id(button)) not in READING_BUTTONS:
            button.setEnabled(False)
            button.setToolTip(_("The case is archived; its records can no longer change."))


def read_only(dialog: QDialog) -> None:
    """Fields made read-only (their text can still be selected and copied), the rest of the inputs and every
    button but the one that closes disabled, with the reason shown."""
    for kind in (QLineEdit, QPlainTextEdit, QTextEdit):
        for field in dialog.findChildren(kind):
            field.setReadOnly(True)
    for kind in (QComboBox, QCheckBox, QRadioButton, QAbstractSpinBox, QTableWidget):
        for box in dialog.findChildren(kind):
            box.setEnabled(False)
    for buttons in dialog.findChildren(QDialogButtonBox):
        for button in buttons.buttons():
            if buttons.buttonRole(button) != QDialogButtonBox.ButtonRole.RejectRole:
                button.setEnabled(False)
                button.setToolTip(_("The case is archived; its records can no longer change."))
    dialog.setWindowTitle(dialog.windowTitle() + " " + _("(archived: read only)"))


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
            # Enter on a list opens its line; as the case window's default button it would also press this one
            button.setAutoDefault(False)
            button.clicked.connect(slot)
            row.addWidget(button)
            self.buttons[key] = button
        row.addStretch(1)
        return row

    def open_dialog(self, dialog: QDialog) -> None:
        """Window-modal, never exec(): the case reloads when the dialog saved something. An archived case's
        record opens to be read: nothing in it can be typed into or saved."""
        if self.record.dispute.status == CaseStatus.ARCHIVED:
            read_only(dialog)
        dialog.setModal(True)
        dialog.accepted.connect(self.changed)
        dialog.open()
        self._dialog = dialog
