"""The station's weekly bundle: every change since the county's last acknowledged sequence number.

Records are whole rows (not field diffs), so the next bundle repairs a lost one: until a receipt says the
county has them, every bundle carries them again. SQLite builds the JSON itself (json_object), with keys
turned into uids by joins, which is what makes a 100,000-case export take seconds rather than minutes.
"""
from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from app import access, audit, sync_keys
from app.access import SYSTEM, Actor
from app.attachments import AttachmentStore
from app.errors import MediationError, PermissionRefused
from app.files import staged
from app.i18n import _
from app.services import settings, statistics
from app.services.sql import scalar
from app.services.stations import get_station
from app.sync import archive, envelope
from app.sync.schema import (ALGORITHMS, BUNDLE_FORMAT, CO_MEDIATORS, JSON_REFS, TABLES, TableSpec,
                             schema_version, specs)
from app.clock import utcnow
from app import clock
from db.models import SentBundle

NEXT_FULL = "sync.next_full"


@dataclass(frozen=True)
class ExportResult:
    path: Path
    number: int
    full: bool
    seq_from: int
    seq_to: int
    counts: dict[str, int]
    zero_report: bool
    size: int
    seconds: float
    warnings: tuple[str, ...] = field(default_factory=tuple)


def _expression(spec: TableSpec, column: str, joins: list[str]) -> str:
    if column in spec.refs:
        alias = f"r{len(joins)}"
        joins.append(f"LEFT JOIN {spec.refs[column]} {alias} ON {alias}.id = t.{column}")
        return f"{alias}.uid"
    ref = JSON_REFS.get((spec.name, column))
    if ref and ref[1] == "list":
        return (f"json((SELECT json_group_array(uid) FROM (SELECT x.uid AS uid FROM json_each(t.{column}) j "
                f"JOIN {ref[0]} x ON x.id = j.value ORDER BY j.key)))")
    if ref:
        return (f"json((SELECT json_group_object(COALESCE(x.uid, j.key), j.value) FROM json_each(t.{column}) j "
                f"LEFT JOIN {ref[0]} x ON x.id = CAST(j.key AS INTEGER)))")
    if spec.converters.get(column) is bool:
        return f"json(CASE WHEN t.{column} IS NULL THEN 'null' WHEN t.{column} THEN 'true' ELSE 'false' END)"
    if column in spec.json_columns:
        return f"json(t.{column})"
    return f"t.{column}"


def record_sql(spec: TableSpec) -> str:
    joins: list[str] = []
    pairs = [f"'{c}', {_expression(spec, c, joins)}" for c in spec.columns]
    if spec.name == "dispute":
        pairs.append(f"'{CO_MEDIATORS}', json((SELECT json_group_array(uid) FROM (SELECT m.uid AS uid FROM "
                     f"dispute_mediator dm JOIN mediator m ON m.id = dm.mediator_id WHERE dm.dispute_id = t.id "
                     f"ORDER BY m.id)))")
    return f"SELECT json_object({', '.join(pairs)}) FROM {spec.name} t {' '.join(joins)}"


def _records(s: Session, spec: TableSpec, seq_from: int, seq_to: int, full: bool) -> list[str]:
    """The table's changed records as JSON lines, then tombstones for rows deleted outright. Read through the
    sqlite3 cursor itself: a million rows through SQLAlchemy's result layer would cost seconds."""
    p = {"t": spec.name, "a": seq_from, "b": seq_to}
    sql = record_sql(spec)
    if not full:
        sql += (" WHERE t.uid IN (SELECT row_uid FROM change_log WHERE seq BETWEEN :a AND :b AND "
                "table_name = :t)")
    cursor = s.connection().connection.dbapi_connection.cursor()
    lines = [line for (line,) in cursor.execute(sql, p)]
    gone = cursor.execute(f"SELECT DISTINCT c.row_uid FROM change_log c WHERE c.seq BETWEEN :a AND :b AND "
                          f"c.table_name = :t AND c.op = 'd' AND NOT EXISTS (SELECT 1 FROM {spec.name} x "
                          f"WHERE x.uid = c.row_uid)", p).fetchall()
    return lines + [json.dumps({"uid": uid, "_deleted": True}) for (uid,) in gone]


def acknowledged_seq(s: Session) -> int:
    return s.scalar(select(func.max(SentBundle.seq_to)).where(SentBundle.receipt == "applied")) or 0


def export_bundle(read: sessionmaker[Session], write: sessionmaker[Session], *, out_dir: Path,
                  database: Path, full: bool = False, today: date | None = None,
                  progress: Callable[[int, int], None] | None = None, actor: Actor = SYSTEM) -> ExportResult:
    """Write the next bundle into out_dir; the file appears under its final name only once it has been read
    back intact and the bundle is recorded. Only the 主任 exports."""
    try:
        access.require(actor, "export")
    except PermissionRefused as exc:
        audit.record_refusal(write, actor, exc)
        raise
    started = time.perf_counter()
    today = today or clock.today()
    out_dir = Path(out_dir)
    if not out_dir.is_dir():
        raise MediationError(_("The folder {path} does not exist; choose a folder (e.g. the USB stick).").format(
            path=out_dir))
    with read() as s:
        station = get_station(s)
        county = sync_keys.county_keys(station.code)
        if county is None:
            raise MediationError(_("This station has no county key yet: import the county's key file first "
                                   "(`mediation-station keys import-county FILE`)."))
        signing = sync_keys.signing_key(station.code)
        last = last_export(s)
        number = (last.number + 1) if last else 1
        full = full or settings.get(s, NEXT_FULL) == "1"
        seq_to = scalar(s, "SELECT COALESCE(MAX(seq), 0) FROM change_log")
        chain = audit.head(s)
        seq_from = 1 if full else acknowledged_seq(s) + 1
        builder = archive.Builder()
        files: dict[str, str] = {}
        counts: dict[str, int] = {}
        warnings: list[str] = []

        def add(name: str, data: bytes) -> None:
            files[name] = archive.digest(data)
            builder.add(name, data)

        try:
            for i, name in enumerate(TABLES, start=1):
                lines = _records(s, specs()[name], seq_from, seq_to, full)
                counts[name] = len(lines)
                add(f"records/{name}.jsonl", ("\n".join(lines) + "\n" if lines else "").encode("utf-8"))
                if name == "attachment":
                    _attachments(lines, AttachmentStore.beside(database), add, warnings)
                if progress:
                    progress(i, len(TABLES) + 1)
            period_from = date.fromisoformat(last.period_to) if last else (_first_day(s) or today)
            summary = statistics.compute(s, statistics.Period.days(period_from, today), by="type")
        except BaseException:
            builder.abandon()
            raise
    zero = not any(counts.values())
    add("summary.json", _json(summary.to_json()))
    manifest = {"format": BUNDLE_FORMAT, "schema": schema_version(), "station_code": station.code,
                "station_name": station.name, "number": number, "created_at": utcnow().isoformat(
                    timespec="seconds"), "full": full, "seq_from": seq_from, "seq_to": seq_to,
                "previous_digest": last.digest if last else None,
                "period": {"from": period_from.isoformat(), "to": today.isoformat()}, "zero_report": zero,
                "counts": counts, "attachments": sum(1 for n in files if n.startswith("attachments/")),
                "algorithms": ALGORITHMS, "files": files,
                "audit_head": {"seq": chain[0], "hash": chain[1]} if chain else None}
    builder.add("manifest.json", _json(manifest))
    sealed = envelope.seal(builder.finish(), station_code=station.code, number=number,
                           signing_key=signing, county_agreement_key=county.agreement)
    path = out_dir / f"{station.code}-{number:06d}.msb"
    with staged(sealed, path, read_back=True):
        with write.begin() as s:
            s.add(SentBundle(number=number, full=full, seq_from=seq_from, seq_to=seq_to,
                             period_from=period_from.isoformat(), period_to=today.isoformat(),
                             digest=archive.digest(sealed), file_name=path.name, counts=counts,
                             audit_seq=chain and chain[0], audit_hash=chain and chain[1]))
            audit.append(s, "export", detail={"number": number, "full": full, "file": path.name,
                                              "records": sum(counts.values())}, actor=actor)
            if full:
                settings.put(s, NEXT_FULL, "0")
    if progress:
        progress(len(TABLES) + 1, len(TABLES) + 1)
    return ExportResult(path, number, full, seq_from, seq_to, counts, zero, len(sealed),
                        time.perf_counter() - started, tuple(warnings))


def _first_day(s: Session) -> date | None:
    first = scalar(s, "SELECT MIN(registered_on) FROM dispute")
    return date.fromisoformat(str(first)[:10]) if first else None


def _json(data: dict) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")


def _attachments(lines: list[str], store: AttachmentStore, add: Callable[[str, bytes], None],
                 warnings: list[str]) -> None:
    done = set()
    for line in lines:
        record = json.loads(line)
        sha = record.get("sha256")
        if not sha or sha in done:
            continue
        done.add(sha)
        try:
            add(f"attachments/{sha}", store.read(sha))
        except OSError:
            warnings.append(_("The file {name} attached to an evidence item is missing from this computer; its "
                              "record is sent without it.").format(name=record.get("filename", sha)))


def last_export(s: Session) -> SentBundle | None:
    return s.scalars(select(SentBundle).order_by(SentBundle.number.desc()).limit(1)).first()

