"""One translation mechanism for our own words: gettext (app/i18n.py). Qt's translators are loaded only for
Qt's own wording (qtbase_zh_CN and ui/qt_zh.py), in ui/app.py."""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
QT_OWN = {"ui/app.py", "ui/qt_zh.py"}          # where QTranslator may appear: Qt's own strings only


def _calls_and_names(path: Path) -> tuple[set[str], set[str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    attributes = {node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute) and (
        node.attr == "tr" or node.attr == "translate" and isinstance(node.value, ast.Name)
        and node.value.id in ("QCoreApplication", "QApplication", "QGuiApplication"))}
    names = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}
    names |= {alias.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) for alias in node.names}
    return attributes, names


def test_our_strings_go_through_gettext_only():
    wrong = []
    for package in ("ui", "app", "printing"):
        for path in sorted((ROOT / package).rglob("*.py")):
            rel = path.relative_to(ROOT).as_posix()
            attributes, names = _calls_and_names(path)
            if {"tr", "translate"} & attributes or {"QT_TR_NOOP", "QT_TRANSLATE_NOOP"} & names:
                wrong.append(f"{rel}: Qt's tr()/translate() for our own words; use app.i18n._")
            if "QTranslator" in names and rel not in QT_OWN:
                wrong.append(f"{rel}: a QTranslator outside {sorted(QT_OWN)}")
    assert not wrong, "\n".join(wrong)
