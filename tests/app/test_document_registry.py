"""The registry of document types: each type declared once, and what it requires feeds the agreement's
检查并签署, the procedural checks and the dossier's gaps alike; no import circle through app/documents."""
from __future__ import annotations

import ast
import importlib
from dataclasses import replace
from pathlib import Path

import pytest

from app import checks
from app.documents import registry
from app.documents.dossier import build_dossier
from app.documents.registry import REGISTRY, Requirement
from app.services import agreements, settings
from app.services.case_record import load_case_record
from app.settings import DEFAULTS
from tests.conftest import TODAY, accept, complete_agreement, complete_record, register

ROOT = Path(__file__).resolve().parent.parent.parent


def test_each_type_is_declared_once_with_everything_it_needs():
    codes = [t.code for t in REGISTRY]
    assert len(codes) == len(set(codes)) and len({t.title for t in REGISTRY}) == len(REGISTRY)
    for t in REGISTRY:
        module, name = t.builder.split(":")
        assert callable(getattr(importlib.import_module(f"app.documents.{module}"), name)), t.code
        assert t.title and t.description and t.requires and t.unavailable or t.code in ("cover", "contents",
                                                                                           "back-cover"), t.code
    numbers = [t.dossier.number for t in REGISTRY if t.dossier]
    assert numbers == sorted(numbers)            # the registry is in the national order of the dossier
    assert DEFAULTS["mask.documents"] == "hearing-notice,hearing-summary" == registry.default_masked()


def test_print_menu_command_and_settings_read_the_registry(db, capsys, monkeypatch):
    from app.errors import ValidationFailed
    from ui.cli import main

    extra = replace(registry.TYPES["application"], code="mediator-note", title="调解员说明", description="a note")
    monkeypatch.setattr(registry, "REGISTRY", (*REGISTRY, extra))
    monkeypatch.setitem(registry.TYPES, extra.code, extra)
    assert main(["print", "--list-docs"]) == 0
    assert "mediator-note\t调解员说明\ta note" in capsys.readouterr().out
    with db.write.begin() as s:
        current = settings.load(s)
        saved = settings.save(s, replace(current, masked=frozenset({"mediator-note"})))
        assert saved.masked == {"mediator-note"}
        with pytest.raises(ValidationFailed, match="nonsense"):
            settings.save(s, replace(current, masked=frozenset({"nonsense"})))


def _require_witness(monkeypatch) -> None:
    """Add one requirement to the agreement's entry, as a county's rule change would."""
    witness = Requirement("见证人", lambda record, part: [] if "见证" in record.agreement.fairness else ["见证人签名"])
    kind = replace(registry.TYPES["agreement"], requires=(*registry.TYPES["agreement"].requires, witness))
    monkeypatch.setitem(registry.TYPES, "agreement", kind)


def test_a_requirement_added_to_the_registry_reaches_sign_checks_and_dossier(db, monkeypatch):
    d = register(db)
    accept(db, d)
    complete_record(db, d)
    complete_agreement(db, d)
    with db.read() as s:
        assert agreements.check_agreement(s, dispute_id=d) == []
    _require_witness(monkeypatch)
    with db.read() as s:
        assert agreements.check_agreement(s, dispute_id=d) == ["见证人签名"]          # 检查并签署
        findings = checks.check_case(load_case_record(s, dispute_id=d), today=TODAY)
    assert [f.message for f in findings if f.code == "P06"] == ["调解协议缺少：见证人签名。"]   # the checks
    with pytest.raises(Exception, match="见证人签名"):
        with db.write.begin() as s:
            agreements.sign_agreement(s, dispute_id=d, signed_on=TODAY, signatories="张三、李四", today=TODAY)
    with db.write.begin() as s:                    # the dossier: the agreement is a draft, a gap once settled
        s.execute(__import__("sqlalchemy").text("UPDATE dispute SET outcome = 'written'"))
        doc = build_dossier(s, dispute_id=d, by=1)
    entry = next(e for e in doc.entries if e.title == "人民调解协议书")
    assert entry.document.header.draft and entry.gap and doc.missing_required == ["人民调解协议书"]


def _imports(path: Path) -> set[str]:
    """Modules a file imports, at any depth except under `if TYPE_CHECKING:` (annotations only)."""
    found = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and getattr(node.test, "id", "") == "TYPE_CHECKING":
            return
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        for child in ast.iter_child_nodes(node):
            visit(child)
    visit(ast.parse(path.read_text(encoding="utf-8")))
    return found


def test_no_import_circle_runs_through_the_documents():
    modules = {".".join(p.relative_to(ROOT).with_suffix("").parts): p for p in (ROOT / "app").rglob("*.py")}
    modules = {m.removesuffix(".__init__"): p for m, p in modules.items()}
    graph = {m: {i for i in _imports(p) if i in modules and i != m} for m, p in modules.items()}

    def reaches(start: str, goal: str) -> bool:
        seen, todo = set(), [start]
        while todo:
            m = todo.pop()
            if m == goal:
                return True
            if m not in seen:
                seen.add(m)
                todo += graph[m]
        return False

    # app/documents/ and where its code lived before (services/documents.py ↔ services/dossier.py was a circle)
    mine = ("app.documents", "app.services.documents", "app.services.dossier")
    circles = sorted(m for m in graph if m.startswith(mine) and any(reaches(i, m) for i in graph[m]))
    assert circles == []
