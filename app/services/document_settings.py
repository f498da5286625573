"""What a station may adapt in its documents without a code change: the committee's name, the short name in
case (document) numbers, the standard clauses, and which documents mask identities."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from app import validation
from app.documents import registry
from app.drafts import Collector
from app.errors import ValidationFailed
from app.i18n import N_, _
from app.services import settings
from app.services.stations import get_station
from db.models import Station

CLAUSES = ("clause.binding", "clause.confirmation", "clause.copies", "clause.oral")
LABELS = {"name": N_("Committee name"), "case_prefix": N_("Short name for case numbers"),
          "clause.binding": N_("Binding-effect clause"), "clause.confirmation": N_("Judicial-confirmation clause"),
          "clause.copies": N_("Copies clause"), "clause.oral": N_("Oral-agreement clause"),
          "mask.documents": N_("Documents with masked identities")}


@dataclass(frozen=True)
class DocumentSettings:
    name: str
    case_prefix: str
    clauses: dict[str, str]
    masked: frozenset[str]


def load(session: Session) -> DocumentSettings:
    station = get_station(session)
    return DocumentSettings(station.name, station.case_prefix, {k: settings.get(session, k) for k in CLAUSES},
                            frozenset(t for t in settings.get(session, "mask.documents").split(",") if t))


def save(session: Session, wanted: DocumentSettings) -> DocumentSettings:
    """All or nothing: every field is checked first, and nothing is stored while one is wrong."""
    c = Collector(labels=LABELS)
    name = c.run("name", validation.required_text, wanted.name, max_length=100)
    prefix = c.run("case_prefix", validation.required_text, wanted.case_prefix, max_length=16)
    clauses = {k: c.run(k, validation.required_text, wanted.clauses.get(k, ""), max_length=500) for k in CLAUSES}
    if clauses["clause.copies"] and "{copies}" not in clauses["clause.copies"]:
        c.fail("clause.copies", _("Keep {copies} in the copies clause where the number of copies goes, e.g. "
                                  "本协议一式{copies}份。"))
    unknown = sorted(set(wanted.masked) - set(registry.TYPES))
    if unknown:
        c.fail("mask.documents", _("Unknown document types: {names}.").format(names=", ".join(unknown)))
    if c.errors:
        raise ValidationFailed(c.errors)
    row = session.get(Station, get_station(session).id)
    row.name, row.case_prefix = name, prefix
    for key, text in clauses.items():
        settings.put(session, key, text)
    settings.put(session, "mask.documents", ",".join(sorted(wanted.masked)))
    return load(session)
