"""Domain errors. Their messages are already translated and meant for the user, one line each."""
from __future__ import annotations

from dataclasses import dataclass


class MediationError(Exception):
    """Base of every error a user may see; str(err) is the message to show."""


class NotFound(MediationError):
    pass


class StationNotSet(MediationError):
    pass


class CodeTableError(MediationError):
    pass


class ConcurrentEdit(MediationError):
    pass


class DocumentUnavailable(MediationError):
    """The case does not yet hold what a document is made from (e.g. no agreement, no hearing held)."""


class Cancelled(MediationError):
    """The user cancelled a long job; its transaction is rolled back, nothing was saved."""


@dataclass(frozen=True)
class FieldError:
    field: str      # the translated field label, as the user sees it
    message: str    # what is wrong and how to fix it
    key: str = ""   # a stable field key for widgets, e.g. "parties.0.id_number"

    def __str__(self) -> str:
        from app.i18n import _

        return _("{field}: {message}").format(field=self.field, message=self.message)


class ValidationFailed(MediationError):
    def __init__(self, errors: list[FieldError]):
        self.errors = list(errors)
        from app.i18n import _

        super().__init__(_("; ").join(str(e) for e in self.errors))


class TransitionRefused(MediationError):
    def __init__(self, reasons: list[str]):
        self.reasons = list(reasons)
        super().__init__("; ".join(self.reasons))


class PermissionRefused(MediationError):
    """The logged-in user's role does not allow this; `what` names the action for the audit trail."""
    def __init__(self, message: str, what: str, dispute_id: int | None = None):
        self.what, self.dispute_id = what, dispute_id
        super().__init__(message)


class ImportFailed(MediationError):
    """A register file that cannot be imported at all (its format, size or encoding); nothing was changed."""
