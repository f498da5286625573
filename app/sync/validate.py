"""What the county accepts from a signed bundle, field by field.

A signature says which station sent a bundle, not that its contents are sound: a station PC can be
compromised. So every record is checked against the model (type, length, nullability), the code tables,
plausible ranges (amounts from 0 to the largest the station's own forms take, dates between 1980 and a month
from now, or ten years for deadlines and plans) and the case lifecycle (each status change a step it
allows; a case never moves back). A record that fails is not stored, nor anything that depends on it, and
is listed (table, uid, why) in the import report and the receipt; the rest of the bundle is applied. What
is wrong with the bundle as a whole (its manifest, its summary, files no record refers to) refuses it.
"""
from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache

from sqlalchemy import JSON, BigInteger, Boolean, Date, DateTime, Integer, String, Text, select
from sqlalchemy.orm import Session

from app import clock, codes, validation
from app.i18n import _
from app.lifecycle import TRANSITIONS, Outcome, Status
from app.sync.envelope import BundleRefused
from app.sync.schema import CO_MEDIATORS, JSON_REFS, TableSpec, schema_version

CHUNK = 20_000                      # records merged at a time: memory holds a chunk, not a table
LISTED = 500                        # rejections named one by one in the report and the receipt
UID = re.compile(r"[0-9A-Za-z-]{1,36}")
SHA256 = re.compile(r"[0-9a-f]{64}")
DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
DATETIME = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}[ T][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,6})?")
# C0 controls but tab, LF and CR; DEL. They break spreadsheets and printed pages and are never typed.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
UNPLAIN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
# In a JSON line such characters can only come as an escape (\u0000-\u001f, \b, \f, a surrogate), a raw DEL or
# the bytes of a surrogate (json.loads decodes with surrogatepass): a line without any is plain throughout, and
# its texts need no character-by-character look.
SUSPECT = re.compile(rb"\\(?:u00[01]|u007[fF]|u[dD][89a-fA-F]|[bf])|\x7f|\xed[\xa0-\xbf]")
TEXT_MAX = 1_000_000                # characters of one Text field
JSON_MAX = 1 << 20                  # bytes of one JSON field
INT_MAX = 2**31 - 1                 # INTEGER on PostgreSQL
FEN_MAX = int(validation.MAX_AMOUNT * 100)
EARLIEST = date(1980, 1, 1)
SLACK = timedelta(days=31)          # a station PC's clock may run ahead of the county's
PLANNED = {"deadline", "due_on", "planned_at", "summary_due", "old_deadline", "new_deadline"}
RANGES = {("dispute", "people_involved"): (0, 1_000_000), ("dispute", "case_seq"): (1, 10_000_000),
          ("mediator", "training_hours"): (0, 100_000), ("dispute", "people_at_risk"): (0, 1_000_000),
          ("screening_finding", "people_involved"): (0, 1_000_000),
          ("prevented_dispute", "people_involved"): (1, 1_000_000), ("screening_finding", "position"): (0, 10_000),
          ("agreement", "copies"): (1, 1000), ("issued_document", "version"): (1, INT_MAX),
          ("mediation_session", "seq"): (1, INT_MAX)}


def _table(name: str) -> Callable[[], codes.CodeTable]:
    return lambda: codes.load(name)


# Columns whose values come from a code table (resources/codes) or a closed set the services write.
CODED: dict[tuple[str, str], Callable[[], Iterable[str]]] = {
    ("dispute", "type_code"): _table("dispute_types"), ("dispute", "source_code"): _table("case_sources"),
    ("dispute", "status"): _table("statuses"), ("dispute", "risk_level"): _table("risk_levels"),
    ("dispute", "outcome"): lambda: [o.value for o in Outcome], ("dispute", "routes_explained"): _table("fail_routes"),
    ("party", "role"): _table("party_roles"), ("party", "ethnicity"): _table("ethnic_groups"),
    ("party", "kind"): lambda: ("person", "organisation"), ("party", "gender"): lambda: ("male", "female"),
    ("mediator", "role"): _table("mediator_roles"), ("hearing_officer", "category"): _table("officer_categories"),
    ("status_change", "from_status"): _table("statuses"), ("status_change", "to_status"): _table("statuses"),
    ("mediation_session", "status"): lambda: ("planned", "recorded", "cancelled"),
    ("mediation_session", "outcome"): _table("session_outcomes"),
    ("mediation_session", "routes_explained"): _table("fail_routes"),
    ("hearing", "status"): lambda: ("planned", "held", "cancelled"), ("evidence", "kind"): _table("evidence_kinds"),
    ("agreement", "form"): lambda: [o.value for o in Outcome],
    ("agreement", "jc_result"): lambda: ("confirmed", "rejected", "withdrawn"),
    ("agreement_term", "performance"): lambda: ("pending", "partly", "performed"),
    ("follow_up", "satisfaction"): _table("satisfaction"), ("issued_document", "doc_type"): lambda: _doc_types(),
    ("station", "committee_kind"): lambda: ("", *(c.code for c in codes.load("committee_kinds").codes)),
    ("mediator", "employment"): lambda: ("", *(c.code for c in codes.load("employment_kinds").codes)),
    ("mediator", "gender"): lambda: ("", "male", "female"),
    ("mediator", "ethnicity"): lambda: ("", *(c.code for c in codes.load("ethnic_groups").codes)),
    ("mediator", "education"): lambda: ("", *(c.code for c in codes.load("education_levels").codes)),
    ("roster_member", "category"): _table("roster_categories"), ("team", "kind"): _table("team_kinds"),
    ("nonperformance", "options_explained"): _table("nonperformance_options"),
    ("deposit", "outcome"): lambda: ("released", "returned"),
    ("place", "kind"): _table("place_kinds"), ("screening_finding", "type_code"): _table("dispute_types"),
    ("screening_finding", "risk_level"): _table("risk_levels"),
    ("screening_finding", "handling"): _table("finding_handling"),
    ("info_report", "reporter_role"): _table("reporter_roles"),
    ("prevented_dispute", "type_code"): _table("dispute_types"),
    ("risk_report", "risk_level"): lambda: ("orange", "red"),
    ("risk_report", "reported_to"): _table("report_recipients"), ("risk_report", "method"): _table("report_methods"),
    ("referral", "direction"): lambda: ("court", "police", "out"),
    ("referral", "court_kind"): _table("court_referral_kinds"), ("referral", "stage"): _table("statuses"),
    ("case_library_entry", "type_code"): _table("dispute_types"),
}


def _doc_types() -> Iterable[str]:
    from app.documents.registry import TYPES        # the registry of documents; loaded only when checked

    return TYPES


class Invalid(ValueError):
    """One record fails; the message says why, for the report and the receipt."""


@dataclass(frozen=True)
class Rejection:
    table: str
    uid: str
    reason: str

    def to_json(self) -> dict:
        return {"table": self.table, "uid": self.uid, "reason": self.reason}

    def __str__(self) -> str:
        return f"{self.table} {self.uid}: {self.reason}"


# -- the bundle as a whole ----------------------------------------------------------------------------------
def manifest(data: dict, *, code: str, number: int) -> dict:
    """The manifest's fields, each of the type and range it must have; refuses the bundle otherwise."""
    from app.sync.schema import BUNDLE_FORMAT

    def fail(field: str) -> BundleRefused:
        return BundleRefused(_("The bundle's manifest has an impossible {field}; the bundle was refused.").format(
            field=field))

    if not isinstance(data, dict):
        raise BundleRefused(_("The bundle's manifest is incomplete."))
    if data.get("format") != BUNDLE_FORMAT or data.get("station_code") != code or data.get("number") != number:
        raise BundleRefused(_("The bundle's manifest does not match its envelope; it was refused."))
    for field in ("schema", "seq_from", "seq_to", "attachments"):
        if not _whole(data.get(field), 0, 2**53):
            raise fail(field)
    if data["schema"] < 1:
        raise fail("schema")
    if data["schema"] > schema_version():
        raise BundleRefused(_("The bundle was written with database schema {theirs}, newer than this county's "
                              "{ours}; update Mediation Station at the county first.").format(
            theirs=data["schema"], ours=schema_version()))
    if data["seq_from"] < 1 or data["seq_from"] > data["seq_to"] + 1:
        raise fail("seq_from")
    for field in ("zero_report", "full"):
        if not isinstance(data.get(field), bool):
            raise fail(field)
    counts = data.get("counts")
    if not isinstance(counts, dict) or not all(isinstance(k, str) and _whole(v, 0, 2**53) for k, v in counts.items()):
        raise fail("counts")
    period = data.get("period")
    if not isinstance(period, dict):
        raise fail("period")
    start, end = (_plain_date(period.get(k), EARLIEST, clock.today() + SLACK) for k in ("from", "to"))
    if start is None or end is None or start > end:
        raise fail("period")
    if _plain_datetime(data.get("created_at"), clock.utcnow() + SLACK) is None:
        raise fail("created_at")
    name = data.get("station_name")
    if not isinstance(name, str) or not 0 < len(name) <= 100 or CONTROL.search(name):
        raise fail("station_name")
    previous = data.get("previous_digest")
    if previous is not None and not (isinstance(previous, str) and SHA256.fullmatch(previous)):
        raise fail("previous_digest")
    head = data.get("audit_head")
    if head is not None and not (isinstance(head, dict) and _whole(head.get("seq"), 0, 2**53)
                                 and isinstance(head.get("hash"), str) and SHA256.fullmatch(head["hash"])):
        raise fail("audit_head")
    return data


def summary(raw: bytes | None) -> dict:
    """The station's own figures for the period, as the county shows them; of the shape statistics write."""
    if raw is None:
        return {}
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError):
        data = None
    period, total = (data.get("period"), data.get("total")) if isinstance(data, dict) else (None, None)
    if not (isinstance(period, dict) and isinstance(period.get("label"), str) and len(period["label"]) <= 40
            and isinstance(total, dict) and all(isinstance(k, str) and (_number(v) or k in ("key", "label", "sources"))
                                                for k, v in total.items())):
        raise BundleRefused(_("The bundle's summary of the station's figures is not of the form the app writes; "
                              "the bundle was refused."))
    return data


def referenced_files(entries) -> None:
    """Every file in the bundle must be the file of an attachment record it carries: the county stores no
    file that no record refers to."""
    files = {n.split("/", 1)[1] for n in entries if n.startswith("attachments/")}
    if not files:
        return
    wanted = set()
    for line in entries.lines("records/attachment.jsonl"):
        try:
            record = json.loads(line)
        except (ValueError, RecursionError):
            continue
        if isinstance(record, dict) and isinstance(record.get("sha256"), str):
            wanted.add(record["sha256"])
    orphans = sorted(files - wanted)
    if orphans:
        raise BundleRefused(_("The bundle holds {n} files that no record of it refers to (e.g. {sha}); the county "
                              "stores no such file, and the bundle was refused.").format(n=len(orphans),
                                                                                        sha=orphans[0][:16]))


# -- records --------------------------------------------------------------------------------------------------
class Checker:
    """Checks the records of one bundle, table after table (parents first), in chunks; remembers what it
    refused so that what depends on it is refused too."""

    def __init__(self, s: Session, *, station_code: str, file_sizes: dict[str, int] | None = None):
        self.s, self.code, self.file_sizes = s, station_code, file_sizes or {}
        self.rejections: list[Rejection] = []
        self.rejected_total = 0
        self.refused: dict[str, set[str]] = {}
        self.seen: dict[str, set[str]] = {}
        self.files: set[str] = set()                  # SHA-256 of the attachment records accepted
        self.compiled: dict[str, _Plan] = {}
        self.bounds = _Bounds.now()
        self.known: dict[tuple[str, str], bool] = {}
        self.station_uid = self._county_station_uid()

    def _county_station_uid(self) -> str | None:
        from db.models import Station

        return self.s.scalar(select(Station.uid).where(Station.code == self.code).order_by(Station.id).limit(1))

    def chunks(self, spec: TableSpec, lines: Iterable[bytes]) -> Iterator[list[dict]]:
        """The table's acceptable records, CHUNK at a time."""
        batch: list[dict] = []
        for number, line in enumerate(lines, start=1):
            record = self._parse(spec, line, number)
            if record is not None:
                batch.append(record)
            if len(batch) >= CHUNK:
                yield self._finished(spec, batch)
                batch = []
        if batch:
            yield self._finished(spec, batch)

    def _finished(self, spec: TableSpec, batch: list[dict]) -> list[dict]:
        kept = self._finish(spec, batch)
        self.accepted(spec, kept)
        return kept

    def reject(self, table: str, uid: str, reason: str) -> None:
        self.refused.setdefault(table, set()).add(uid)
        self.rejected_total += 1
        if len(self.rejections) < LISTED:     # the reason may quote the value: never a character no file takes
            self.rejections.append(Rejection(table, uid, _printable(reason)))

    def _parse(self, spec: TableSpec, line: bytes, number: int) -> dict | None:
        try:
            record = json.loads(line)
        except (ValueError, RecursionError):
            self.reject(spec.name, _("line {n}").format(n=number), _("not a valid JSON record"))
            return None
        uid = record.get("uid") if type(record) is dict else None
        if type(uid) is not str or not UID.fullmatch(uid):
            self.reject(spec.name, _("line {n}").format(n=number), _("not a record with a uid"))
            return None
        seen = self.seen.setdefault(spec.name, set())
        if uid in seen:
            self.reject(spec.name, uid, _("the record appears twice in the bundle"))
            return None
        seen.add(uid)
        try:
            if record.get("_deleted") is not None:
                if record != {"uid": uid, "_deleted": True}:
                    raise Invalid(_("a deletion carries other fields"))
            else:
                self._fields(spec, record, len(line) < JSON_MAX and not SUSPECT.search(line))
                self._owner(spec, record)
                self._depends(spec, record)
        except Invalid as exc:
            self.reject(spec.name, uid, str(exc))
            return None
        except RecursionError:
            self.reject(spec.name, uid, _("a field is nested too deeply"))
            return None
        return record

    def _fields(self, spec: TableSpec, record: dict, plain: bool) -> None:
        """plain: the line holds no escape that could make a control or broken character, and is short."""
        plan = self._compiled(spec)
        extra = record.keys() - plan.allowed
        if extra:
            raise Invalid(_("the record has a field {column} that no {table} record has").format(
                column=sorted(extra)[0][:40], table=spec.name))
        get, full = record.get, plan.checks
        for name in plan.required:
            if get(name) is None:
                raise Invalid(_("{column} is missing").format(column=name))
        # The common cases inline (this runs for every field of a million records); anything odd, and every
        # other kind of column, goes through the column's full check, which also words the reason.
        for name, limit in plan.texts:
            value = get(name)
            if value is not None and (type(value) is not str or len(value) > limit or not plain):
                full[name](value, plain)
        for name, low, high in plan.whole:
            value = get(name)
            if value is not None and (type(value) is not int or not low <= value <= high):
                full[name](value, plain)
        for name in plan.flags:
            value = get(name)
            if value is not None and type(value) is not bool:
                full[name](value, plain)
        for name, allowed, limit in plan.codes:
            value = get(name)
            if value is not None and (type(value) is not str or value not in allowed or len(value) > limit):
                full[name](value, plain)
        for name, pattern, parse, earliest, latest in plan.dates:
            value = get(name)
            if value is not None:
                if type(value) is str and earliest <= value[:10] <= latest and pattern.fullmatch(value):
                    try:
                        parse(value)
                        continue
                    except ValueError:
                        pass
                full[name](value, plain)
        for name in plan.others:
            value = get(name)
            if value is not None:
                full[name](value, plain)
        if spec.name == "dispute":
            _uid_list(record.get(CO_MEDIATORS) or [], CO_MEDIATORS)
        if spec.name == "status_change":
            _status_step(record.get("from_status"), record["to_status"])
        rule = RECORD_RULES.get(spec.name)
        if rule is not None:
            rule(record)
        if spec.name == "attachment":
            if not SHA256.fullmatch(record["sha256"]):
                raise Invalid(_("sha256 is not a SHA-256 digest"))
            size = self.file_sizes.get(record["sha256"])
            if size is not None and size != record["size"]:
                raise Invalid(_("its file holds {actual} bytes, not the {size} it records").format(
                    actual=size, size=record["size"]))

    def _compiled(self, spec: TableSpec) -> _Plan:
        """Per table, once per bundle: the keys a record may have and a check for each column, specialised to
        its type, length, range and code table."""
        found = self.compiled.get(spec.name)
        if found is None:
            found = self.compiled[spec.name] = _Plan.of(spec, self.bounds)
        return found

    def accepted(self, spec: TableSpec, records: list[dict]) -> None:
        if spec.name == "attachment":
            self.files.update(r["sha256"] for r in records if not r.get("_deleted"))

    def _owner(self, spec: TableSpec, record: dict) -> None:
        """A record names its station: it must be the sender (legal provisions from before they were owned
        are given to it)."""
        if spec.name == "station":
            if self.station_uid is not None and record["uid"] != self.station_uid:
                raise BundleRefused(_("The bundle of station {code} carries another station record ({uid}) than the "
                                      "county has for it; it was refused.").format(code=self.code, uid=record["uid"]))
            if record.get("code") == self.code:
                self.station_uid = record["uid"]
            return
        if "station_id" not in spec.refs:
            return
        if record.get("station_id") is None and spec.name == "legal_provision":
            record["station_id"] = self.station_uid
        if self.station_uid is not None and record.get("station_id") != self.station_uid:
            raise Invalid(_("the record belongs to another station"))

    def _depends(self, spec: TableSpec, record: dict) -> None:
        """A record whose parent was refused, and that the county does not already have, cannot be placed."""
        if not self.refused:
            return
        for column, target in spec.refs.items():
            if record.get(column) in self.refused.get(target, ()) and not self._known(target, record[column]):
                raise Invalid(_("it depends on the {table} record {uid}, which was refused").format(
                    table=target, uid=record[column]))
        lists = [(target, record.get(column)) for column, target in _list_refs(spec.name)]
        for target, uids in lists:
            for uid in uids or ():
                if uid in self.refused.get(target, ()) and not self._known(target, uid):
                    raise Invalid(_("it depends on the {table} record {uid}, which was refused").format(
                        table=target, uid=uid))

    def _known(self, table: str, uid: str) -> bool:
        key = (table, uid)
        if key not in self.known:
            from db.base import Base

            t = Base.metadata.tables[table]
            self.known[key] = self.s.scalar(select(t.c.id).where(t.c.uid == uid)) is not None
        return self.known[key]

    def _finish(self, spec: TableSpec, batch: list[dict]) -> list[dict]:
        """Checks that need the county's rows: a case's status only moves forward along the lifecycle."""
        if spec.name != "dispute":
            return batch
        from db.models import Dispute

        live = [r["uid"] for r in batch if not r.get("_deleted")]
        stored: dict[str, str] = {}
        for i in range(0, len(live), 2000):
            stored.update(self.s.execute(select(Dispute.uid, Dispute.status).where(
                Dispute.uid.in_(live[i:i + 2000]))).all())
        kept = []
        for record in batch:
            old = stored.get(record["uid"])
            new = record.get("status")
            if old is not None and new is not None and new != old and new not in _reachable(old):
                self.reject(spec.name, record["uid"], _("the case moves from {old} back to {new}, which the case "
                                                        "lifecycle does not allow").format(old=old, new=new))
                continue
            kept.append(record)
        return kept


@cache
def _list_refs(table: str) -> tuple[tuple[str, str], ...]:
    """(column, table) of the uid lists a record carries in JSON (and the dispute's co-mediators)."""
    found = [(column, target) for (t, column), (target, kind) in JSON_REFS.items() if t == table and kind == "list"]
    return tuple(found + ([(CO_MEDIATORS, "mediator")] if table == "dispute" else []))


@cache
def _columns(table: str) -> dict:
    from db.base import Base

    return {c.name: c for c in Base.metadata.tables[table].columns}


@dataclass(frozen=True)
class _Plan:
    """How the records of one table are checked: the full check of each column, and the columns grouped by
    the kind of quick test that passes a sound value without a call."""
    allowed: frozenset[str]
    checks: dict[str, Callable[[object, bool], None]]
    required: tuple[str, ...]
    texts: tuple[tuple[str, int], ...]
    whole: tuple[tuple[str, int, int], ...]
    flags: tuple[str, ...]
    codes: tuple[tuple[str, frozenset[str], int], ...]
    dates: tuple[tuple[str, re.Pattern, Callable, str, str], ...]
    others: tuple[str, ...]

    @classmethod
    def of(cls, spec: TableSpec, bounds: _Bounds) -> _Plan:
        columns = _columns(spec.name)
        checks = {name: _column_check(spec, columns[name], bounds) for name in spec.columns}
        texts, whole, flags, coded, dates, others = [], [], [], [], [], []
        for name in spec.columns:
            kind = columns[name].type
            if (spec.name, name) in CODED and isinstance(kind, String) and name != "routes_explained":
                coded.append((name, _allowed(spec.name, name), kind.length or TEXT_MAX))
            elif (spec.name, name) in CODED or name in spec.refs:
                others.append(name)
            elif isinstance(kind, (DateTime, Date)):
                dated = isinstance(kind, DateTime)
                dates.append((name, DATETIME if dated else DATE, (datetime if dated else date).fromisoformat,
                              bounds.birth if name == "birth_date" else bounds.earliest,
                              bounds.planned if name in PLANNED else bounds.latest))
            elif isinstance(kind, Boolean):
                flags.append(name)
            elif isinstance(kind, (Integer, BigInteger)) and name != "case_year":
                low, high = RANGES.get((spec.name, name), (0, FEN_MAX if name.endswith("amount_fen") else INT_MAX))
                whole.append((name, low, high))
            elif isinstance(kind, (String, Text)) and not isinstance(kind, JSON):
                texts.append((name, kind.length or TEXT_MAX))
            else:
                others.append(name)
        return cls(frozenset(spec.columns) | ({CO_MEDIATORS} if spec.name == "dispute" else frozenset()), checks,
                   tuple(n for n in spec.columns if not columns[n].nullable), tuple(texts), tuple(whole),
                   tuple(flags), tuple(coded), tuple(dates), tuple(others))


@dataclass(frozen=True)
class _Bounds:
    """The plausible dates, as ISO text (which sorts as the dates do): fixed for one import."""
    earliest: str
    birth: str
    latest: str             # a month from now: events, and timestamps of a PC whose clock runs ahead
    planned: str            # ten years from now: deadlines and plans
    year: int

    @classmethod
    def now(cls) -> _Bounds:
        today = clock.today()
        return cls(EARLIEST.isoformat(), "1900-01-01", (today + SLACK).isoformat(),
                   (today + timedelta(days=3660)).isoformat(), today.year)


def _column_check(spec: TableSpec, column, bounds: _Bounds) -> Callable[[object, bool], None]:
    """The check of one column's non-null value: raises Invalid saying what is wrong."""
    name, kind = column.name, column.type
    coded = _coded_check(spec.name, name)
    if name in spec.refs:
        def check(value, plain):
            if type(value) is not str or not UID.fullmatch(value):
                raise Invalid(_("{column} is not the uid of a record").format(column=name))
    elif isinstance(kind, Boolean):
        def check(value, plain):
            if type(value) is not bool:
                raise Invalid(_("{column} is not true or false").format(column=name))
    elif isinstance(kind, (Integer, BigInteger)):
        low, high = RANGES.get((spec.name, name), (0, FEN_MAX if name.endswith("amount_fen") else INT_MAX))
        if name == "case_year":
            low, high = EARLIEST.year, bounds.year + 1

        def check(value, plain):
            if type(value) is not int or not low <= value <= high:
                raise Invalid(_("{column} is {value}, not a whole number from {low} to {high}").format(
                    column=name, value=str(value)[:20], low=low, high=high))
    elif isinstance(kind, (DateTime, Date)):
        pattern, whole = (DATETIME, datetime) if isinstance(kind, DateTime) else (DATE, date)
        earliest = bounds.birth if name == "birth_date" else bounds.earliest
        latest = bounds.planned if name in PLANNED else bounds.latest

        def check(value, plain):
            if type(value) is str and pattern.fullmatch(value) and earliest <= value[:10] <= latest:
                try:
                    whole.fromisoformat(value)
                    return
                except ValueError:
                    pass
            if whole is datetime:
                raise Invalid(_("{column} is not a date and time from 1980 to {latest}").format(
                    column=name, latest=latest))
            raise Invalid(_("{column} is not a date (YYYY-MM-DD) from {earliest} to {latest}").format(
                column=name, earliest=earliest, latest=latest))
    elif isinstance(kind, JSON):
        expected = list if getattr(getattr(column.default, "arg", None), "__name__", "") == "list" else dict
        uids = JSON_REFS.get((spec.name, name), (None, None))[1] == "list"

        def check(value, plain):
            if type(value) is not expected:
                raise Invalid(_("{column} is not of the form the app writes").format(column=name))
            if not plain and _plain_json(name, value, 0) > JSON_MAX:
                raise Invalid(_("{column} is larger than {n} characters").format(column=name, n=JSON_MAX))
            if uids:
                _uid_list(value, name)
    else:                                                   # String(n) and Text
        limit = kind.length or TEXT_MAX

        def check(value, plain):
            if type(value) is not str:
                raise Invalid(_("{column} is not text").format(column=name))
            if len(value) > limit:
                raise Invalid(_("{column} is longer than {n} characters").format(column=name, n=limit))
            if not plain:
                _plain_text(name, value)
    if coded is None:
        return check

    def check_coded(value, plain):
        check(value, plain)
        coded(value)
    return check_coded


def _allowed(table: str, name: str) -> frozenset[str]:
    found = CODED[(table, name)]()
    return frozenset(c.code for c in found.codes) if isinstance(found, codes.CodeTable) else frozenset(found)


def _coded_check(table: str, name: str) -> Callable[[object], None] | None:
    if (table, name) not in CODED:
        return None
    allowed, several = _allowed(table, name), name == "routes_explained"

    def check(value):
        values = value if type(value) is list else [v for v in value.split(",") if v] if several else [value]
        for v in values:
            if v not in allowed:
                raise Invalid(_("{column} {value} is not a code of its table").format(column=name, value=str(v)[:40]))
    return check


def _plain_json(name: str, value, size: int) -> int:
    """Every text in a JSON value plain; returns the characters counted so far (keys and texts)."""
    if type(value) is str:
        _plain_text(name, value)
        return size + len(value)
    if type(value) is dict:
        for k, v in value.items():
            _plain_text(name, k)
            size = _plain_json(name, v, size + len(k))
    elif type(value) is list:
        for v in value:
            size = _plain_json(name, v, size + 1)
    return size


def _uid_list(value, name: str) -> None:
    if not isinstance(value, list) or not all(isinstance(u, str) and UID.fullmatch(u) for u in value):
        raise Invalid(_("{column} is not a list of record uids").format(column=name))


def _printable(text: str) -> str:
    return UNPLAIN.sub("\ufffd", text)


def _plain_text(name: str, value: str) -> None:
    found = UNPLAIN.search(value)
    if found is None:
        return
    if "\ud800" <= found.group() <= "\udfff":     # a lone surrogate from a \ud800 escape: no database stores it
        raise Invalid(_("{column} holds a broken character").format(column=name))
    raise Invalid(_("{column} holds a control character").format(column=name))


def _whole(value, low: int, high: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


def _number(value) -> bool:
    return (isinstance(value, (int, float)) and not isinstance(value, bool)) or isinstance(value, dict)


def _plain_date(value, earliest: date, latest: date) -> date | None:
    if not isinstance(value, str) or not DATE.fullmatch(value):
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return None
    return day if earliest <= day <= latest else None


def _plain_datetime(value, latest: datetime) -> datetime | None:
    if not isinstance(value, str) or not DATETIME.fullmatch(value):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if datetime(EARLIEST.year, 1, 1) <= moment <= latest else None


# -- rules between the fields of one record ----------------------------------------------------------------------
def _not_before(record: dict, later: str, earlier: str) -> None:
    """Dates (or date-times) as ISO text: `later` may not come before `earlier`."""
    a, b = record.get(later), record.get(earlier)
    if a is not None and b is not None and a[:10] < b[:10]:
        raise Invalid(_("{later} is before {earlier}").format(later=later, earlier=earlier))


def _dispute_rules(record: dict) -> None:
    at_risk, involved = record.get("people_at_risk"), record.get("people_involved")
    if at_risk is not None and involved is not None and at_risk > involved:
        raise Invalid(_("people_at_risk is more than people_involved"))
    if record.get("grid_id") is not None and record.get("place_id") is None:
        raise Invalid(_("grid_id is given without place_id"))


def _referral_rules(record: dict) -> None:
    if record["direction"] == "court" and (record.get("court_kind") is None or record.get("due_on") is None):
        raise Invalid(_("a referral from the court has no court_kind or no due_on"))
    if record["direction"] != "court" and record.get("court_kind") is not None:
        raise Invalid(_("court_kind is given for a referral not from the court"))
    _not_before(record, "due_on", "on_date")
    _not_before(record, "result_on", "on_date")


def _risk_report_rules(record: dict) -> None:
    _not_before(record, "reply_on", "reported_at")


def _finding_rules(record: dict) -> None:
    if record.get("handling") == "case" and record.get("dispute_id") is None:
        raise Invalid(_("handling is case but no dispute_id is given"))


def _deposit_rules(record: dict) -> None:
    """As the station records a 赔偿保证金: some money, and then released or returned on a day not before it came."""
    if record.get("amount_fen") is not None and record["amount_fen"] <= 0:
        raise Invalid(_("amount_fen is not more than zero"))
    if (record.get("outcome") is None) != (record.get("settled_on") is None):
        raise Invalid(_("outcome and settled_on are not given together"))
    _not_before(record, "settled_on", "received_on")


RECORD_RULES: dict[str, Callable[[dict], None]] = {
    "deposit": _deposit_rules,
    "dispute": _dispute_rules, "referral": _referral_rules, "risk_report": _risk_report_rules,
    "screening_finding": _finding_rules, "screening": _dispute_rules, "info_report": _dispute_rules,
    "prevented_dispute": _dispute_rules}


# -- the lifecycle ----------------------------------------------------------------------------------------------
def _status_step(old: str | None, new: str) -> None:
    """A status change the app makes: registration, a lifecycle action, or an old register's status taken
    over at import (from 登记 to any)."""
    if old is None and new == Status.REGISTERED or old == Status.REGISTERED and new != old:
        return
    if old is not None and any(Status(old) in before and new == after for before, after in TRANSITIONS.values()):
        return
    raise Invalid(_("the status change from {old} to {new} is not a step of the case lifecycle").format(
        old=old, new=new))


@cache
def _reachable(old: str) -> frozenset[str]:
    """Every status a case in `old` can reach by the lifecycle's steps."""
    edges: dict[str, set[str]] = {s.value: set() for s in Status}
    edges[Status.REGISTERED.value] = {s.value for s in Status} - {Status.REGISTERED.value}
    for before, after in TRANSITIONS.values():
        for b in before:
            edges[b.value].add(after.value)
    seen, todo = set(), [old]
    while todo:
        for nxt in edges.get(todo.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return frozenset(seen)

