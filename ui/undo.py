"""Undoable actions (QUndoStack commands holding ids and calling service pairs)."""
from __future__ import annotations

from PySide6.QtGui import QUndoCommand

from app.i18n import _
from app.services import disputes
from ui.backend import Backend
from ui.messages import show_error


class DeleteCaseCommand(QUndoCommand):
    """Soft-deletes a case; undo restores it."""

    def __init__(self, backend: Backend, dispute_id: int, title: str):
        super().__init__(_("delete “{title}”").format(title=title))
        self.backend, self.dispute_id = backend, dispute_id

    def redo(self) -> None:
        dispute_id = self.dispute_id
        self.backend.write(lambda s: disputes.delete_dispute(s, dispute_id=dispute_id), self._done,
                           lambda exc: show_error(None, exc))

    def undo(self) -> None:
        dispute_id = self.dispute_id
        self.backend.write(lambda s: disputes.restore_dispute(s, dispute_id=dispute_id), self._done,
                           lambda exc: show_error(None, exc))

    def _done(self, _result) -> None:
        self.backend.events.cases_changed.emit([self.dispute_id])
