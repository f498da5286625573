"""ui -> app -> db; printing takes plain data. Checked on the import statements (AST)."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FORBIDDEN = {"app": {"ui", "PySide6", "shiboken6"}, "printing": {"db", "ui", "PySide6", "shiboken6"},
             "db": {"app", "ui", "printing", "PySide6"}}


def imported_roots(path: Path) -> set[str]:
    roots = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            roots.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            roots.add(node.module.split(".")[0])
    return roots


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_package_imports_only_lower_layers(package):
    offenders = {str(p.relative_to(ROOT)): sorted(imported_roots(p) & FORBIDDEN[package])
                 for p in (ROOT / package).rglob("*.py")}
    assert {k: v for k, v in offenders.items() if v} == {}


def test_cli_imports_qt_only_to_start_the_gui():
    assert not imported_roots(ROOT / "ui" / "cli.py") & {"PySide6", "shiboken6"}
