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


def _qt_enum_members() -> set[str]:
    """Names of every enum member of the Qt classes the app uses (QMessageBox.Yes, QDialog.Accepted, …)."""
    from enum import Enum

    from PySide6 import QtCore, QtGui, QtPdf, QtPdfWidgets, QtWidgets

    names = set()
    for module in (QtCore, QtGui, QtWidgets, QtPdf, QtPdfWidgets):
        for cls in vars(module).values():
            if isinstance(cls, type):
                for value in vars(cls).values():
                    if isinstance(value, type) and issubclass(value, Enum):
                        names.update(value.__members__)
    return names


def test_no_qt_enum_is_read_through_an_instance():
    """PySide6 6.12 removed `dialog.Accepted`: an enum read through an instance raises AttributeError at run
    time, so every such read in ui/ must go through a class (`QDialog.DialogCode.Accepted`)."""
    import ast
    from pathlib import Path

    members, offenders = _qt_enum_members(), []
    for path in sorted((Path(__file__).resolve().parents[2] / "ui").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        modules = {(a.asname or a.name).split(".")[0] for n in ast.walk(tree)
                   if isinstance(n, (ast.Import, ast.ImportFrom)) for a in n.names}
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr in members:
                owner = node.value
                # self.x.Member, dialog.Member, x.windowModality().Member: an instance (a call's result is one
                # too); QDialog.Member, Qt.Key.Member: a class.
                if isinstance(owner, ast.Name) and owner.id[:1].islower() and owner.id not in modules or \
                        isinstance(owner, ast.Attribute) and owner.attr[:1].islower() or \
                        isinstance(owner, ast.Call):
                    offenders.append(f"{path.name}:{node.lineno} {ast.unparse(node)}")
    assert offenders == []
