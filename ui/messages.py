"""One place that turns errors into a plain message for the user (never a traceback in a dialog)."""
from __future__ import annotations

import logging
import traceback

from PySide6.QtWidgets import QMessageBox, QWidget

from app.errors import MediationError, TransitionRefused, ValidationFailed
from app.i18n import _

log = logging.getLogger(__name__)


def describe(exc: Exception) -> str:
    if isinstance(exc, ValidationFailed):
        return "\n".join(f"• {e}" for e in exc.errors)
    if isinstance(exc, TransitionRefused):
        return "\n".join(f"• {r}" for r in exc.reasons)
    if isinstance(exc, MediationError):
        return str(exc)
    from app.faults import explain

    if (fault := explain(exc)) is not None:
        return fault
    # Unexpected: record where it failed, but not the message, which may quote personal information.
    log.error("unexpected %s at\n%s", type(exc).__name__, "".join(traceback.format_tb(exc.__traceback__)))
    from sqlalchemy.exc import OperationalError

    if isinstance(exc, OperationalError):
        return _("The database is busy or cannot be written (disk full or read-only?). Nothing was saved; "
                 "try again in a moment.")
    return _("The operation failed unexpectedly ({kind}). Nothing was saved; try again, and tell your county "
             "office if it keeps happening.").format(kind=type(exc).__name__)


def show_error(parent: QWidget | None, exc: Exception, title: str | None = None) -> None:
    QMessageBox.warning(parent, title or _("Cannot do that"), describe(exc))


def confirm(parent: QWidget | None, title: str, text: str) -> bool:
    answer = QMessageBox.question(parent, title, text, QMessageBox.Yes | QMessageBox.No, QMessageBox.No)
    return answer == QMessageBox.Yes
