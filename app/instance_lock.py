"""One running copy of the app per database: an OS file lock beside it, released by the OS when the
process ends in any way (a crash or a power cut leaves no stale lock to clear by hand)."""
from __future__ import annotations

import os
import sys
from pathlib import Path

from app.errors import MediationError
from app.i18n import _


class AlreadyOpen(MediationError):
    pass


class InstanceLock:
    def __init__(self, database: Path):
        self.path = Path(str(database) + ".lock")
        self._fh = None

    def acquire(self) -> InstanceLock:
        from app.files import private_file

        fh = open(private_file(self.path), "a+b")
        try:
            if sys.platform == "win32":
                import msvcrt

                fh.seek(0)
                msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)
            else:
                import fcntl

                fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            fh.close()
            raise AlreadyOpen(_("This database is already open in another Mediation Station window on this "
                                "computer. Switch to that window (or close it) instead of opening a second "
                                "copy.")) from None
        fh.seek(0)
        fh.truncate()
        fh.write(str(os.getpid()).encode())
        fh.flush()
        self._fh = fh
        return self

    def release(self) -> None:
        if self._fh is not None:
            self._fh.close()     # closing drops the lock
            self._fh = None

    def __enter__(self) -> InstanceLock:
        return self.acquire()

    def __exit__(self, *_exc) -> None:
        self.release()
