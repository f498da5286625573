"""Small shared widget helpers: marking invalid fields, code-table combos."""
from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QLabel, QWidget

from app.codes import CodeTable
from app.i18n import _

INVALID_STYLE = "border: 2px solid #d62020; background: #fff3f3;"


def mark_invalid(widget: QWidget, message: str | None) -> None:
    """Red border and the message as tooltip; None clears the mark."""
    widget.setStyleSheet(INVALID_STYLE if message else "")
    widget.setToolTip(message or "")
    widget.setProperty("invalid", bool(message))


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


def save_or_explain(dialog: QDialog, save) -> None:
    """Run a short save; on success close the dialog, otherwise say why and keep everything typed."""
    from ui.messages import show_error

    try:
        save()
    except Exception as exc:  # shown as one plain message (ui/messages.py), never a traceback
        show_error(dialog, exc, _("Not saved"))
        return
    dialog.accept()


def save_marking_fields(dialog: QDialog, fields: dict[str, QWidget], errors: QLabel, save) -> bool:
    """Run a short save; a validation error marks each field it names and lists them all in `errors`, any
    other error is shown as one plain message. True when saved (the dialog then decides what follows)."""
    from app.errors import ValidationFailed
    from ui.messages import show_error

    for widget in fields.values():
        mark_invalid(widget, None)
    try:
        save()
    except ValidationFailed as exc:
        for e in exc.errors:
            if e.key in fields:
                mark_invalid(fields[e.key], e.message)
        errors.setText("\n".join(f"• {e}" for e in exc.errors))
        return False
    except Exception as exc:  # never a traceback in a dialog
        show_error(dialog, exc)
        return False
    return True
