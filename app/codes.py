"""The code values, in one place: the fixed ones as enums (statuses, forms, roles; what the code branches on)
and the versioned code tables (dispute types, sources, status labels, ...) read from resources/codes/*.json.

Windows and services name a status through its enum (CaseStatus.SETTLED), never as a bare string: a test
(tests/ui/test_no_bare_codes.py) fails on any string in ui/ equal to a value of STATUS_ENUMS.

A county extends the dispute types by dropping a file of the same format into
`<data folder>/codes/dispute_types.json`: its new codes are appended, the built-in ones stay.
"""
from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from app import i18n
from app.errors import CodeTableError
from app.i18n import _
from app.paths import data_dir
from app.resources import resource



class CaseStatus(StrEnum):
    """A case's place in its lifecycle (app/lifecycle.py has the rules; statuses.json the labels)."""
    REGISTERED = "registered"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    REFERRED = "referred"
    IN_MEDIATION = "in_mediation"
    SETTLED = "settled"
    FAILED = "failed"
    ENDED = "ended"
    PERFORMED = "performed"
    UNPERFORMED = "unperformed"
    ARCHIVED = "archived"


class AgreementForm(StrEnum):
    """How a settled case was agreed (the dispute's outcome, the agreement's form)."""
    WRITTEN = "written"
    ORAL = "oral"


class SessionStatus(StrEnum):
    PLANNED = "planned"
    RECORDED = "recorded"
    CANCELLED = "cancelled"


class HearingStatus(StrEnum):
    PLANNED = "planned"
    HELD = "held"
    CANCELLED = "cancelled"


class Performance(StrEnum):
    """How far a term of an agreement was performed."""
    PENDING = "pending"
    PARTLY = "partly"
    PERFORMED = "performed"


class ConfirmationResult(StrEnum):
    """The court's answer to an application for judicial confirmation."""
    CONFIRMED = "confirmed"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


class ReceiptStatus(StrEnum):
    """What the county's receipt says of a sent bundle."""
    APPLIED = "applied"
    PENDING = "pending"
    MISMATCH = "mismatch"
    REFUSED = "refused"


class CaseSource(StrEnum):
    """How a case came to the committee (case_sources.json has the labels)."""
    APPLIED = "applied"
    INITIATIVE = "initiative"
    POLICE = "police"
    COURT = "court"
    GOVERNMENT = "government"
    PETITION = "petition"


class PartyRole(StrEnum):
    APPLICANT = "applicant"
    RESPONDENT = "respondent"
    THIRD_PARTY = "third_party"


class PartyKind(StrEnum):
    PERSON = "person"
    ORGANISATION = "organisation"


class Gender(StrEnum):
    MALE = "male"
    FEMALE = "female"


class AccountRole(StrEnum):
    MEDIATOR = "mediator"
    HEAD = "head"
    REVIEWER = "reviewer"


# The enums whose values the windows must never spell out (the test above scans ui/ for them).
STATUS_ENUMS: tuple[type[StrEnum], ...] = (CaseStatus, AgreementForm, SessionStatus, HearingStatus, Performance,
                                           ConfirmationResult, ReceiptStatus)

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
