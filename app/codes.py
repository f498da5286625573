"""Versioned code tables (dispute types, sources, statuses, ...) read from resources/codes/*.json.

A county extends the dispute types by dropping a file of the same format into
`<data folder>/codes/dispute_types.json`: its new codes are appended, the built-in ones stay.
"""
from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path

from app import i18n
from app.errors import CodeTableError
from app.i18n import _
from app.paths import data_dir
from app.resources import resource

BUILTIN_DIR = resource("codes")
EXTENSIBLE = frozenset({"dispute_types"})


@dataclass(frozen=True)
class Code:
    code: str
    zh: str
    en: str

    def label(self) -> str:
        return self.zh if i18n.is_chinese() else self.en


@dataclass(frozen=True)
class CodeTable:
    name: str
    version: str
    codes: tuple[Code, ...]

    def get(self, code: str | None) -> Code | None:
        return next((c for c in self.codes if c.code == code), None)

    def label(self, code: str | None) -> str:
        found = self.get(code)
        return found.label() if found else (code or "")

    def __contains__(self, code: object) -> bool:
        return self.get(code) is not None  # type: ignore[arg-type]

    def code_for(self, text: str) -> str | None:
        """Code for a label in either language (or the code itself), for imports."""
        wanted = text.strip().lower()
        for c in self.codes:
            if wanted in (c.code.lower(), c.zh, c.en.lower()):
                return c.code
        return None


def _read(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        [(str(c["code"]), str(c["zh"]), str(c["en"])) for c in data["codes"]]
        return data
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise CodeTableError(
            _("The code table {path} cannot be read ({error}); fix or remove the file.").format(
                path=path, error=exc)) from exc


@functools.cache
def load(name: str) -> CodeTable:
    data = _read(BUILTIN_DIR / f"{name}.json")
    codes = [Code(str(c["code"]), c["zh"], c["en"]) for c in data["codes"]]
    version = str(data["version"])
    extension = data_dir() / "codes" / f"{name}.json"
    if name in EXTENSIBLE and extension.exists():
        extra = _read(extension)
        known = {c.code for c in codes}
        for c in extra["codes"]:
            if str(c["code"]) in known:
                raise CodeTableError(
                    _("The local code table {path} repeats code {code}; give the new entry a code of its "
                      "own.").format(path=extension, code=c["code"]))
            codes.append(Code(str(c["code"]), c["zh"], c["en"]))
        version = f"{version}+{extra['version']}"
    return CodeTable(name, version, tuple(codes))


def dispute_types() -> CodeTable:
    return load("dispute_types")


def case_sources() -> CodeTable:
    return load("case_sources")


def statuses() -> CodeTable:
    return load("statuses")


def risk_levels() -> CodeTable:
    return load("risk_levels")


def escalations() -> CodeTable:
    return load("escalations")


def ethnic_groups() -> CodeTable:
    return load("ethnic_groups")


def party_roles() -> CodeTable:
    return load("party_roles")


def mediator_roles() -> CodeTable:
    return load("mediator_roles")


def fail_routes() -> CodeTable:
    return load("fail_routes")
