"""What travels in a bundle, table by table: the records in the form both ends agree on.

A record is a row with its local integer keys replaced by the uids of the rows they point to, so that the
county (where every station's rows live together under other integer keys) can place it. The same holds
for the few JSON columns that list mediators or hearing officers. `id`, `search_key` (the station's own
search index) and `import_key` (the station's spreadsheet imports) stay home.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from typing import Any, Callable

BUNDLE_FORMAT = "mediation-station-bundle/2"      # /2: streamed (chunked AEAD, signed running hash, volumes)
RECEIPT_FORMAT = "mediation-station-receipt/1"
ALGORITHMS = {"signature": "Ed25519 over SHA-256", "key_agreement": "X25519", "kdf": "HKDF-SHA256",
              "cipher": "AES-256-GCM STREAM", "digest": "SHA-256", "archive": "zip/deflate", "records": "JSON Lines"}

# Parents before children, so that a record's references are placed before it.
TABLES = ("station", "mediator", "hearing_officer", "legal_provision", "roster_member", "team", "team_member",
          "place", "grid", "dispute", "party", "status_change", "extension", "mediation_session", "investigation",
          "evidence", "attachment", "hearing", "agreement", "agreement_term", "agreement_citation", "follow_up",
          "issued_document", "nonperformance", "deposit", "screening", "screening_finding", "info_report",
          "prevented_dispute", "risk_report", "referral", "case_library_entry")
LOCAL_COLUMNS = frozenset({"id", "search_key", "import_key"})
# JSON columns holding local keys: (table, column) -> (referenced table, "list" of keys or "keys" of a dict)
JSON_REFS = {("mediation_session", "co_mediator_ids"): ("mediator", "list"),
             ("screening", "mediator_ids"): ("mediator", "list"),
             ("prevented_dispute", "mediator_ids"): ("mediator", "list"),
             ("hearing", "officer_ids"): ("hearing_officer", "list"),
             ("hearing", "opinions"): ("hearing_officer", "keys")}
# The dispute's co-mediators (dispute_mediator rows) travel inside the dispute record under this name.
CO_MEDIATORS = "co_mediator_ids"
# Which reference leads to the row's owner, up to the station: a station may only touch its own rows.
OWNER = {"mediator": "station_id", "hearing_officer": "station_id", "legal_provision": "station_id",
         "dispute": "station_id",
         "party": "dispute_id", "status_change": "dispute_id", "extension": "dispute_id",
         "mediation_session": "dispute_id", "investigation": "dispute_id", "evidence": "dispute_id",
         "attachment": "evidence_id", "hearing": "dispute_id", "agreement": "dispute_id",
         "agreement_term": "agreement_id", "agreement_citation": "agreement_id", "follow_up": "dispute_id",
         "issued_document": "dispute_id", "roster_member": "station_id", "team": "station_id",
         "team_member": "team_id", "nonperformance": "dispute_id", "deposit": "dispute_id", "place": "station_id",
         "grid": "place_id", "screening": "station_id", "screening_finding": "screening_id",
         "info_report": "station_id", "prevented_dispute": "station_id", "risk_report": "dispute_id",
         "referral": "dispute_id", "case_library_entry": "dispute_id"}


@dataclass(frozen=True)
class TableSpec:
    name: str
    columns: tuple[str, ...]                 # what a record carries, in table order
    refs: dict[str, str]                     # column -> referenced table (values travel as uids)
    converters: dict[str, Callable[[Any], Any]] = field(default_factory=dict)   # JSON value -> column value
    json_columns: frozenset[str] = frozenset()

    def to_row(self, record: dict) -> dict:
        """A record's JSON values as the database takes them (dates, booleans); references untouched."""
        row = {}
        for name in self.columns:
            value = record.get(name)
            convert = self.converters.get(name)
            row[name] = convert(value) if convert is not None and value is not None else value
        return row


def _to_datetime(value: str) -> datetime:
    return datetime.fromisoformat(value)


def _to_date(value: str) -> date:
    return date.fromisoformat(value[:10])


@cache
def specs() -> dict[str, TableSpec]:
    from sqlalchemy import JSON, Boolean, Date, DateTime

    from db.base import Base
    import db.models  # noqa: F401  (fills the metadata)

    out = {}
    for name in TABLES:
        table = Base.metadata.tables[name]
        columns = tuple(c.name for c in table.columns if c.name not in LOCAL_COLUMNS)
        refs = {c.name: next(iter(c.foreign_keys)).column.table.name for c in table.columns
                if c.foreign_keys and c.name in columns}
        converters: dict[str, Callable[[Any], Any]] = {}
        json_columns = set()
        for c in table.columns:
            if isinstance(c.type, DateTime):
                converters[c.name] = _to_datetime
            elif isinstance(c.type, Date):
                converters[c.name] = _to_date
            elif isinstance(c.type, Boolean):
                converters[c.name] = bool
            elif isinstance(c.type, JSON):
                json_columns.add(c.name)
        out[name] = TableSpec(name, columns, refs, converters, frozenset(json_columns))
    return out


@cache
def referenced() -> frozenset[str]:
    """Tables other records point to, by a reference column or a JSON list (and the dispute's co-mediators)."""
    return frozenset({t for spec in specs().values() for t in spec.refs.values()}
                     | {target for target, _kind in JSON_REFS.values()} | {"dispute", "mediator"})


def schema_version() -> int:
    from db.migrate import HEAD

    return int(HEAD)
