"""Every string shown to users is translated to Chinese, with the same placeholders."""
from __future__ import annotations

import re
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
PLACEHOLDER = re.compile(r"\{(\w*)\}")


def source_messages() -> set[str]:
    found = set()
    for package in ("app", "ui", "printing", "db"):
        for _file, _line, message, _comments, _ctx in extract_from_dir(
                ROOT / package, method_map=[("**.py", "python")],
                keywords={"_": None, "N_": None}):
            found.add(message if isinstance(message, str) else message[0])
    return found


def test_zh_cn_catalog_translates_every_message_with_same_placeholders():
    with (ROOT / "resources/locale/zh_CN/LC_MESSAGES/mediation.po").open("rb") as fh:
        catalog = read_po(fh, locale="zh_CN")
    translated = {m.id if isinstance(m.id, str) else m.id[0]:
                  m.string if isinstance(m.string, str) else m.string[0] for m in catalog if m.id}
    missing = sorted(m for m in source_messages() if not translated.get(m))
    assert missing == []
    wrong = {k: v for k, v in translated.items() if v and sorted(PLACEHOLDER.findall(k)) !=
             sorted(PLACEHOLDER.findall(v))}
    assert wrong == {}


def test_installed_locale_translates_and_english_is_identity():
    from app import i18n

    assert i18n.install("zh_CN") == "zh_CN" and i18n._("Accept") == "受理"
    assert i18n.install("en") == "en" and i18n._("Accept") == "Accept"
    assert i18n.install("fr") == "zh_CN"


def test_no_translation_call_hides_inside_an_f_string():
    """pybabel cannot see _() inside f-strings, so such a message would never be translated."""
    import ast

    hidden = []
    for package in ("app", "ui", "printing"):
        for path in (ROOT / package).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.JoinedStr):
                    hidden += [f"{path.name}:{node.lineno}" for call in ast.walk(node)
                               if isinstance(call, ast.Call) and getattr(call.func, "id", "") in ("_", "N_")
                               and call.args and isinstance(call.args[0], ast.Constant)]
    assert hidden == []


def test_catalog_parses_cleanly():
    """A merge that left conflict markers (or any malformed line) in the .po fails here, not on a screen."""
    path = ROOT / "resources/locale/zh_CN/LC_MESSAGES/mediation.po"
    with path.open("rb") as fh:
        read_po(fh, locale="zh_CN", abort_invalid=True)
    assert not [n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if line.startswith(("<<<<<<<", "=======", ">>>>>>>"))]
