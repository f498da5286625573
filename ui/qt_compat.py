"""Work around a PySide6 6.12.0 binding bug on Python 3.11: almost every method returning void gives back
a reference to None that it never took, so None's reference count falls by one per call. On Python 3.12+
None is immortal (PEP 683) and nothing happens; on 3.11 a long session drives the count to zero and the
process aborts ("none_dealloc: deallocating None"), at the latest when it exits.

The remedy mirrors PEP 683: give None a reference count so large that no session can exhaust it. None is a
static singleton that is never freed, so this changes nothing else. tests/ui/test_qt_compat.py measures
the leak, so a fixed PySide6 can be recognised and this module removed.
"""
from __future__ import annotations

import ctypes
import sys

IMMORTAL_BIAS = 1 << 40


def protect_none() -> None:
    """Idempotent; does nothing where None is already immortal."""
    if sys.version_info >= (3, 12) or sys.getrefcount(None) > IMMORTAL_BIAS // 2:
        return
    # ob_refcnt is the first field of every object (Py_ssize_t); the GIL is held, no other thread runs yet.
    ctypes.c_ssize_t.from_address(id(None)).value += IMMORTAL_BIAS


protect_none()
