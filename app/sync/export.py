"""The station's weekly bundle: every change since the county's last acknowledged sequence number.

Records are whole rows (not field diffs), so the next bundle repairs a lost one: until a receipt says the
county has them, every bundle carries them again. SQLite builds the JSON itself (json_object, joined into
blobs of BATCH lines by group_concat), with keys turned into uids by joins, which is what makes a
100,000-case export take seconds rather than minutes. Everything streams: records a batch at a time and
attachments a piece at a time go through the zip, the encryption and the volume files on the builder's
thread (archive.Builder → envelope.Sealer → volumes.VolumeWriter), so memory stays bounded.
"""
from __future__ import annotations

import json
import os
import sqlite3
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from app import access, audit, clock, safe_names, sync_keys
from app.access import Actor
from app.attachments import AttachmentStore
from app.errors import Cancelled, MediationError, PermissionRefused
from app.i18n import _
from app.services import settings, statistics
from app.services.sql import scalar
from app.services.stations import get_station
from app.sync import archive, audit_anchor, envelope, volumes
from app.sync.volumes import VOLUME_SETTING
from app.sync.schema import (ALGORITHMS, BUNDLE_FORMAT, CO_MEDIATORS, JSON_REFS, TABLES, TableSpec,
                             schema_version, specs)
from app.clock import utcnow
from db.models import SentBundle

NEXT_FULL = "sync.next_full"
BATCH = 5000                           # records per query: a few MB of JSON in memory at a time


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
    paths: tuple[Path, ...] = ()        # every volume, in order (path is the first)


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
    if spec.converters.get(column) is bool:     # json('true') is a constant: SQLite computes it once
        return f"CASE WHEN t.{column} IS NULL THEN NULL WHEN t.{column} THEN json('true') ELSE json('false') END"
    if column in spec.json_columns:
        return f"json(t.{column})"
    return f"t.{column}"


def _record_parts(spec: TableSpec) -> tuple[str, str]:
    """The JSON expression of a record, and the FROM clause with the joins it needs."""
    joins: list[str] = []
    pairs = [f"'{c}', {_expression(spec, c, joins)}" for c in spec.columns]
    if spec.name == "dispute":
        pairs.append(f"'{CO_MEDIATORS}', json((SELECT json_group_array(uid) FROM (SELECT m.uid AS uid FROM "
                     f"dispute_mediator dm JOIN mediator m ON m.id = dm.mediator_id WHERE dm.dispute_id = t.id "
                     f"ORDER BY m.id)))")
    return f"json_object({', '.join(pairs)})", f"{spec.name} t {' '.join(joins)}"


def record_sql(spec: TableSpec) -> str:
    expression, source = _record_parts(spec)
    return f"SELECT {expression} FROM {source}"


def _changed(full: bool) -> str:
    return "" if full else (" AND t.uid IN (SELECT row_uid FROM change_log WHERE seq BETWEEN :a AND :b AND "
                            "table_name = :t)")


def _batch_sql(spec: TableSpec, full: bool) -> str:
    """BATCH records at a time, as one blob of JSON lines that SQLite joins itself: a Python string per row
    (and its decoding, joining and encoding again) used to be most of an export's time."""
    expression, source = _record_parts(spec)
    return (f"SELECT CAST(group_concat(j, char(10)) AS BLOB), max(i), count(*) FROM (SELECT t.id AS i, "
            f"{expression} AS j FROM {source} WHERE t.id > :after{_changed(full)} ORDER BY t.id LIMIT :n)")


def _write_records(builder: archive.Builder, cursor: sqlite3.Cursor, spec: TableSpec, p: dict, full: bool,
                   deleted: list[str], is_cancelled: Callable[[], bool] | None) -> int:
    """The table's changed records as JSON lines into the archive, then tombstones for rows deleted outright;
    returns how many. Read through the sqlite3 cursor itself, not SQLAlchemy's result layer."""
    sql, after, count = _batch_sql(spec, full), 0, 0
    builder.begin(f"records/{spec.name}.jsonl")
    while True:
        if is_cancelled and is_cancelled():
            raise Cancelled(_("Cancelled; no bundle was written."))
        blob, last, n = cursor.execute(sql, {**p, "t": spec.name, "after": after, "n": BATCH}).fetchone()
        if not n:
            break
        builder.write(blob, b"\n")
        after, count = last, count + n
    if deleted:
        gone = [uid for (uid,) in cursor.execute(
            f"SELECT value FROM json_each(:uids) WHERE NOT EXISTS (SELECT 1 FROM {spec.name} x WHERE x.uid = "
            f"value)", {"uids": json.dumps(deleted)})]
        builder.write("".join(json.dumps({"uid": uid, "_deleted": True}) + "\n" for uid in gone).encode("utf-8"))
        count += len(gone)
    builder.end()
    return count


def _deleted(cursor: sqlite3.Cursor, p: dict) -> dict[str, list[str]]:
    """Rows deleted in the range, by table: one pass over the change log rather than one per table."""
    out: dict[str, list[str]] = {}
    for table, uid in cursor.execute("SELECT DISTINCT table_name, row_uid FROM change_log WHERE seq BETWEEN :a "
                                     "AND :b AND op = 'd'", p):
        out.setdefault(table, []).append(uid)
    return out


def acknowledged_seq(s: Session) -> int:
    return s.scalar(select(func.max(SentBundle.seq_to)).where(SentBundle.receipt == "applied")) or 0


def volume_bytes(s: Session) -> int:
    return int(settings.get(s, VOLUME_SETTING)) << 20


def export_bundle(read: sessionmaker[Session], write: sessionmaker[Session], *, out_dir: Path,
                  database: Path, full: bool = False, today: date | None = None,
                  progress: Callable[[int, int], None] | None = None, actor: Actor | None = None,
                  volume_size: int | None = None,
                  is_cancelled: Callable[[], bool] | None = None) -> ExportResult:
    """Write the next bundle into out_dir, as one file or as volumes of at most volume_size bytes (default: the
    station's setting); the files appear under their final names only once they have been read back intact and
    the bundle is recorded. Only the 主任 exports. Records and attachments stream through: memory stays
    bounded whatever the station holds."""
    if actor is None:          # the sessions' own (the command line's login), else 系统
        with read() as s:
            actor = access.actor_of(s)
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
        bundle_id = volumes.new_bundle_id()
        files = volumes.VolumeWriter(out_dir, safe_names.file_name(station.code, f"{number:06d}"),
                                     volume_size or volume_bytes(s), station_code=station.code, number=number,
                                     bundle_id=bundle_id)
        counts: dict[str, int] = {}
        warnings: list[str] = []
        builder = summary = None
        try:
            sealer = envelope.Sealer(files, station_code=station.code, number=number, signing_key=signing,
                                     county_agreement_key=county.agreement, bundle_id=bundle_id)
            builder = archive.Builder(sealer)
            cursor = s.connection().connection.dbapi_connection.cursor()
            p = {"a": seq_from, "b": seq_to}
            deleted = _deleted(cursor, p)
            period_from = date.fromisoformat(last.period_to) if last else (_first_day(s) or today)
            summary = _summary_soon(read, period_from, today)
            for i, name in enumerate(TABLES, start=1):
                counts[name] = _write_records(builder, cursor, specs()[name], p, full, deleted.get(name, []),
                                              is_cancelled)
                if progress:
                    progress(i, len(TABLES) + 2)
            builder.add("summary.json", _json(summary.result().to_json()))
            builder.add(audit_anchor.ENTRY, audit_anchor.segment(s))     # the chain since the county's checkpoint
            _attachments(cursor, p, full, AttachmentStore.beside(database), builder, warnings)
            digests = builder.drain(is_cancelled)
            zero = not any(counts.values())
            manifest = {"format": BUNDLE_FORMAT, "schema": schema_version(), "station_code": station.code,
                        "station_name": station.name, "number": number, "created_at": utcnow().isoformat(
                            timespec="seconds"), "full": full, "seq_from": seq_from, "seq_to": seq_to,
                        "previous_digest": last.digest if last else None,
                        "period": {"from": period_from.isoformat(), "to": today.isoformat()}, "zero_report": zero,
                        "counts": counts, "attachments": sum(1 for n in digests if n.startswith("attachments/")),
                        "algorithms": ALGORITHMS, "files": digests,
                        "audit_head": {"seq": chain[0], "hash": chain[1]} if chain else None}
            builder.add("manifest.json", _json(manifest))
            builder.finish()
            digest = sealer.close()
        except BaseException:
            if builder is not None:
                builder.abandon()
            if summary is not None:
                wait([summary])         # its session closes before the caller's engine may go
            files.abandon()
            raise
    if progress:
        progress(len(TABLES) + 1, len(TABLES) + 2)
    with files.staged(read_back=True) as paths:
        with write.begin() as s:
            s.add(SentBundle(number=number, full=full, seq_from=seq_from, seq_to=seq_to,
                             period_from=period_from.isoformat(), period_to=today.isoformat(),
                             digest=digest, file_name=paths[0].name, counts=counts,
                             audit_seq=chain and chain[0], audit_hash=chain and chain[1]))
            audit.append(s, "export", detail={"number": number, "full": full, "file": paths[0].name,
                                              "volumes": len(paths), "records": sum(counts.values())}, actor=actor)
            if full:
                settings.put(s, NEXT_FULL, "0")
    if progress:
        progress(len(TABLES) + 2, len(TABLES) + 2)
    return ExportResult(paths[0], number, full, seq_from, seq_to, counts, zero, files.size,
                        time.perf_counter() - started, tuple(warnings), tuple(paths))


def _summary_soon(read: sessionmaker[Session], start: date, end: date) -> Future:
    """The period's statistics, computed on a connection of their own while the records are read: SQLite lets
    go of the GIL, so on two cores this costs the export little. (A change saved in between may be counted in
    the figures and reach the county with the next bundle: the figures are the station's own, for show.)"""
    def compute() -> statistics.Report:
        with read() as s:
            return statistics.compute(s, statistics.Period.days(start, end), by="type")

    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="bundle-summary")
    try:
        return pool.submit(compute)
    finally:
        pool.shutdown(wait=False)


def _first_day(s: Session) -> date | None:
    first = scalar(s, "SELECT MIN(registered_on) FROM dispute")
    return date.fromisoformat(str(first)[:10]) if first else None


def _json(data: dict) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")


def _attachments(cursor: sqlite3.Cursor, p: dict, full: bool, store: AttachmentStore, builder: archive.Builder,
                 warnings: list[str]) -> None:
    """The files of the attachment records sent, each once, streamed from disk by the builder's thread."""
    sql = (f"SELECT t.sha256, MIN(t.filename) FROM attachment t WHERE t.sha256 IS NOT NULL{_changed(full)} "
           f"GROUP BY t.sha256")
    for sha, filename in cursor.execute(sql, {**p, "t": "attachment"}).fetchall():
        path = store.path_for(sha)
        if path.is_file() and os.access(path, os.R_OK):
            builder.add_file(f"attachments/{sha}", path)
        else:
            warnings.append(_("The file {name} attached to an evidence item is missing from this computer; its "
                              "record is sent without it.").format(name=filename or sha))


def last_export(s: Session) -> SentBundle | None:
    return s.scalars(select(SentBundle).order_by(SentBundle.number.desc()).limit(1)).first()

