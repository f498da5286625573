"""The PySide6 refcount bug on None (ui/qt_compat.py): measured, and shown harmless with the guard."""
from __future__ import annotations

import sys

from PySide6.QtWidgets import QListWidgetItem

from ui import qt_compat


def test_none_keeps_an_unexhaustible_reference_count(qtbot):
    qt_compat.protect_none()
    item = QListWidgetItem("x")
    before = sys.getrefcount(None)
    for _ in range(20000):
        item.setText("y")                      # a void method: 6.12.0 drops a reference to None each call
    drift = sys.getrefcount(None) - before
    assert sys.getrefcount(None) > 1 << 30     # far beyond what any session can use up
    # Report the binding's behaviour: when this becomes 0, PySide6 is fixed and qt_compat can go.
    print(f"None references lost per void call: {-drift / 20000:.2f}")
