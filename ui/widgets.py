"""Small shared widget helpers: marking invalid fields, code-table combos."""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import (QAbstractButton, QAbstractItemView, QAbstractSpinBox, QComboBox, QDialog,
                               QDialogButtonBox, QLabel, QLineEdit, QPlainTextEdit, QTextEdit, QWidget)
from shiboken6 import isValid

from app.codes import CodeTable
from app.i18n import _

INVALID_STYLE = "border: 2px solid #d62020; background: #fff3f3;"


BANNER_STYLE = "color: #b00000; background: #fff3f3; padding: 6px;"


def error_banner() -> QLabel:
    """The list of what to correct at the top of a form; hidden again once every marked field was edited."""
    banner = QLabel(wordWrap=True)
    banner.setStyleSheet(BANNER_STYLE)
    banner.setProperty("error_banner", True)
    banner.hide()
    return banner


def mark_invalid(widget: QWidget, message: str | None) -> None:
    """Red border and the message as tooltip; None clears the mark. A marked field loses its mark as soon as it
    is edited (seen under Xvfb: fixed fields stayed red until the next save), and when no marked field is left
    in its window the window's error banner goes too."""
    widget.setStyleSheet(INVALID_STYLE if message else "")
    widget.setToolTip(message or "")
    widget.setProperty("invalid", bool(message))
    if message and widget.findChild(_ClearOnEdit, options=Qt.FindChildOption.FindDirectChildrenOnly) is None:
        _ClearOnEdit(widget)


class _ClearOnEdit(QObject):
    """Watches one field once and for all: the user's first edit after it was marked clears the mark."""

    def __init__(self, widget: QWidget):
        super().__init__(widget)
        self.widget = widget
        for signal in _edit_signals(widget):
            signal.connect(self._edited)

    def _edited(self, *_args) -> None:
        widget = self.widget
        if not isValid(widget) or not widget.property("invalid"):
            return
        mark_invalid(widget, None)
        window = widget.window()
        if any(w.property("invalid") for w in window.findChildren(QWidget)):
            return
        for banner in window.findChildren(QLabel):
            if banner.property("error_banner"):
                banner.hide()


def _edit_signals(widget: QWidget) -> list:
    """The signals that mean "the user changed this field"."""
    line = getattr(widget, "line", None)          # the date inputs (ui/date_inputs.py): their text part
    if isinstance(line, QLineEdit):
        return [line.textEdited, widget.dateChanged]
    if isinstance(widget, QLineEdit):
        return [widget.textEdited]
    if isinstance(widget, (QPlainTextEdit, QTextEdit)):
        return [widget.textChanged]
    if isinstance(widget, QComboBox):
        return [widget.currentIndexChanged, *([widget.lineEdit().textEdited] if widget.isEditable() else [])]
    if isinstance(widget, QAbstractButton):
        return [widget.toggled]
    if isinstance(widget, QAbstractSpinBox):
        return [widget.valueChanged] if hasattr(widget, "valueChanged") else [widget.findChild(QLineEdit).textEdited]
    if isinstance(widget, QAbstractItemView) and widget.model() is not None:
        model = widget.model()
        return [model.dataChanged, model.rowsInserted, model.rowsRemoved]
    return [s for s in (getattr(widget, name, None) for name in ("changed", "textChanged")) if s is not None]


def code_combo(table: CodeTable, *, blank: str | None = None) -> QComboBox:
    combo = QComboBox()
    if blank is not None:
        combo.addItem(blank, "")
    for c in table.codes:
        combo.addItem(c.label(), c.code)
    return combo


def set_combo_data(combo: QComboBox, value: object) -> None:
    index = combo.findData(value)
    combo.setCurrentIndex(index if index >= 0 else 0)


def ok_cancel(dialog: QDialog, ok_text: str, on_ok=None) -> QDialogButtonBox:
    """An OK/Cancel row with our wording; OK calls on_ok (default: accept the dialog)."""
    buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
    buttons.button(QDialogButtonBox.Ok).setText(ok_text)
    buttons.button(QDialogButtonBox.Cancel).setText(_("Cancel"))
    buttons.accepted.connect(on_ok or dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


def set_busy(dialog: QWidget, busy: bool) -> None:
    """While its save runs on the DB worker: the dialog greyed (no second click, no Esc), a busy cursor, and
    the property `busy` (for tests and style sheets); undone when the answer comes."""
    if not isValid(dialog):        # closed meanwhile (its window went away): nothing left to show
        return
    dialog.setProperty("busy", busy)
    dialog.setEnabled(not busy)
    if busy:
        dialog.setCursor(Qt.CursorShape.BusyCursor)
    else:
        dialog.unsetCursor()


def after_save(dialog: QWidget, result: object, on_saved: Callable[[object], None],
               on_error: Callable[[Exception], None]) -> None:
    """`result` of a save: a Pending write (ui/backend.py) shows the dialog busy until it answers; anything else
    was done at once."""
    from ui.backend import Pending

    if not isinstance(result, Pending):
        on_saved(result)
        return
    set_busy(dialog, True)

    def saved(value: object) -> None:
        set_busy(dialog, False)
        if isValid(dialog):
            on_saved(value)

    def failed(exc: Exception) -> None:
        set_busy(dialog, False)
        if isValid(dialog):
            on_error(exc)
    result.then(saved, failed)


def save_or_explain(dialog: QDialog, save: Callable[[], object],
                    on_saved: Callable[[object], None] | None = None) -> None:
    """Run a save (checks on the spot, the write on the DB worker); on success close the dialog (after
    on_saved), otherwise say why and keep everything typed."""
    from ui.messages import show_error

    def explain(exc: Exception) -> None:
        show_error(dialog, exc, _("Not saved"))

    def close(value: object) -> None:
        if on_saved is not None:
            on_saved(value)
        dialog.accept()
    try:
        result = save()
    except Exception as exc:  # shown as one plain message (ui/messages.py), never a traceback
        explain(exc)
        return
    after_save(dialog, result, close, explain)


def save_marking_fields(dialog: QDialog, fields: dict[str, QWidget], errors: QLabel, save: Callable[[], object],
                        on_saved: Callable[[object], None]) -> None:
    """Run a save; a validation error marks each field it names and lists them all in `errors`, any other error
    is shown as one plain message. on_saved(result) when saved (the dialog then decides what follows)."""
    from app.errors import ValidationFailed
    from ui.messages import show_error

    errors.setProperty("error_banner", True)      # hidden again once the marked fields were edited

    def explain(exc: Exception) -> None:
        if isinstance(exc, ValidationFailed):
            for e in exc.errors:
                if e.key in fields:
                    mark_invalid(fields[e.key], e.message)
            errors.setText("\n".join(f"• {e}" for e in exc.errors))
            errors.show()
        else:  # never a traceback in a dialog
            show_error(dialog, exc)

    for widget in fields.values():
        mark_invalid(widget, None)
    errors.setText("")
    try:
        result = save()
    except Exception as exc:
        explain(exc)
        return
    after_save(dialog, result, on_saved, explain)
