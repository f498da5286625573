"""What went wrong with the disk or the database file, in words a mediator can act on.

SQLite rolls the whole transaction back in each of these cases, so the message can say that nothing was
saved: a user action is one transaction (see ui/backend.py)."""
from __future__ import annotations

import errno
import os
from pathlib import Path

from app.i18n import _


def read_only_message() -> str:
    return _("The data folder cannot be written (read-only, or no permission): nothing was saved. Check "
             "the folder's permissions, or that the disk is not write-protected.")


def writable(folder: Path) -> bool:
    """os.access also answers False on a read-only file system, for root too."""
    return os.access(folder, os.W_OK)


def explain(exc: BaseException) -> str | None:
    """A message for disk full, read-only, permission and lock errors (SQLite or the OS); None otherwise."""
    original = getattr(exc, "orig", None) or exc
    text = str(original).lower()
    code = getattr(original, "errno", None)
    if code == errno.ENOSPC or "disk is full" in text or "no space" in text:
        return _("The disk is full: nothing was saved. Free some space (empty the recycle bin, move old files "
                 "away), then do it again.")
    if code in (errno.EROFS, errno.EACCES, errno.EPERM) or "readonly" in text or "read-only" in text:
        return read_only_message()
    if "database is locked" in text or "database is busy" in text:
        return _("The database is in use by another program or copy of the app and did not become free: "
                 "nothing was saved. Close the other copy, then do it again.")
    return None
