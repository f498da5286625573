"""The windows name statuses through the enums of app/codes.py: no string in ui/ equals a status value."""
from __future__ import annotations

import ast
from pathlib import Path

from app.codes import STATUS_ENUMS

UI = Path(__file__).resolve().parents[2] / "ui"


def bare_codes(source: str, values: set[str]) -> list[tuple[int, str]]:
    """(line, value) of each string constant in the source equal to one of the values; docstrings and the
    English wording handed to gettext (_("confirmed"), N_(...)) are words, not codes."""
    tree = ast.parse(source)
    words = {id(node.body[0].value) for node in ast.walk(tree)
             if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
             and node.body and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
    words |= {id(arg) for node in ast.walk(tree) if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
              and node.func.id in ("_", "N_") for arg in node.args}
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in values
            and id(node) not in words]


def test_no_status_is_spelled_out_in_the_windows():
    values = {member.value for enum in STATUS_ENUMS for member in enum}
    found = [f"{path.relative_to(UI.parent)}:{line}: {value!r}" for path in sorted(UI.rglob("*.py"))
             for line, value in bare_codes(path.read_text(encoding="utf-8"), values)]
    assert not found, "use the enums of app/codes.py instead:\n" + "\n".join(found)


def test_the_scan_finds_a_bare_status_and_passes_the_enum():
    values = {"settled", "planned"}
    assert bare_codes('if view.status == "settled":\n    pass\n', values) == [(1, "settled")]
    assert bare_codes("if view.status == CaseStatus.SETTLED:\n    pass\n", values) == []
    assert bare_codes('"""planned"""\nx = f"{n} planned"\nlabel = _("planned")\n', values) == []
    assert bare_codes('label = _(x or "planned")\n', values) == [(1, "planned")]


def test_the_status_enum_and_its_labels_agree():
    from app import codes

    assert [s.value for s in codes.CaseStatus] == [c.code for c in codes.statuses().codes]
    assert {s.value for s in codes.CaseSource} == {c.code for c in codes.case_sources().codes}
