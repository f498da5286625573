"""`county import`: bundles into the county database, each in one transaction or not at all.

Order of checks, cheapest and safest first: the plain header names the station, so an unknown or revoked
station, a bundle already imported, a number already used by a different file, or an old number is refused
before anything is decrypted; then the signature, the decryption, the archive's limits, every digest, the
schema and the counts. A bundle applies when the county already has every change before its first sequence
number; otherwise it is kept as pending (verified, encrypted at rest only as the database is) and applied,
in number order, as soon as the bundle that closes the gap arrives.
"""
from __future__ import annotations

import json
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import DataError, IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from app import audit, validation
from app.errors import MediationError
from app.files import private_dir
from app.i18n import _
from app.sync import archive, audit_anchor, county, receipts, validate, volumes
from app.sync.envelope import MAGIC, MAX_HEADER, BundleRefused, open_stream, read_header
from app.sync.merge import Merger
from app.sync.schema import TABLES, specs
from app.clock import utcnow
from db.models import CountyBundle, CountyStation

MAX_BUNDLE = 64 << 30       # bytes, all volumes together: beyond any station's bundle


@dataclass(frozen=True)
class ImportReport:
    file: Path
    status: str                 # applied / pending / duplicate / refused
    message: str
    station_code: str = ""
    number: int = 0
    outcome: dict[str, int] = field(default_factory=dict)
    also_applied: tuple[int, ...] = ()      # pending bundles this one released
    missing: tuple[int, ...] = ()           # bundles a pending one waits for
    receipts: tuple[Path, ...] = ()
    summary: dict | None = None             # the station's own statistics of the period
    rejected: tuple[validate.Rejection, ...] = ()   # records not stored, with the reason (also in the receipt)
    chain: str = ""                         # what the county found in the station's audit chain, if anything
    chain_alarm: bool = False               # a cut, a rewrite or an old copy put back (not a restore on record)

    @property
    def refused(self) -> bool:
        return self.status == "refused"


def import_bundles(write: sessionmaker[Session], files: list[Path], *, dry_run: bool = False,
                   receipt_dir: Path | None = None,
                   progress: Callable[[int, int], None] | None = None) -> list[ImportReport]:
    """Each bundle named, once: the volumes of a bundle (named, or found beside one that is) are read together."""
    reports = []
    bundles = volumes.gather([Path(p) for p in files])
    for i, (path, parts) in enumerate(bundles, start=1):
        if isinstance(parts, BundleRefused):
            reports.append(ImportReport(path, "refused", str(parts)))
        else:
            reports.append(import_one(write, path, dry_run=dry_run, receipt_dir=receipt_dir, parts=parts))
        if progress:
            progress(i, len(bundles))
    return reports


def import_one(write: sessionmaker[Session], path: Path, *, dry_run: bool = False,
               receipt_dir: Path | None = None, parts: list[volumes.Volume] | None = None) -> ImportReport:
    try:
        if parts is None:
            [(path, parts)] = volumes.gather([path])
            if isinstance(parts, BundleRefused):
                raise parts
        if volumes.size(parts) > MAX_BUNDLE:
            raise BundleRefused(_("The file is larger than any bundle can be; it was refused."))
    except OSError as exc:
        return ImportReport(path, "refused", _("{path} cannot be read ({error}).").format(
            path=path, error=exc.strerror or exc))
    except BundleRefused as exc:
        return ImportReport(path, "refused", str(exc))
    s, sender = write(), {}
    scratch = tempfile.TemporaryFile(prefix="bundle-")    # the decrypted archive: on disk, not in memory
    try:
        report, written = _import(s, path, parts, scratch, sender)
        report = audit_anchor.annotate(s, report)
        if dry_run:
            s.rollback()
            return report
        audit.append(s, "import", detail={"file": path.name, "station": report.station_code,
                                          "number": report.number, "status": report.status,
                                          "rejected": report.outcome.get("rejected", 0)})
        s.commit()
    except (MediationError, *_data_errors()) as exc:
        s.rollback()
        why = str(exc) if isinstance(exc, MediationError) else _(
            "The county database could not store a record of the bundle ({kind}); it was refused.").format(
            kind=type(exc).__name__)
        with write.begin() as s2:
            audit.append(s2, "import_refused", detail={"file": path.name, "why": why})
            if not dry_run:
                audit_anchor.record_refused(s2, exc)
            # Only a bundle whose signature was checked gets a signed answer: its station is told why.
            written = [] if dry_run or not sender else [receipts.refusal(s2, reason=why, **sender)]
        return _with_receipts(ImportReport(path, "refused", why, sender.get("station_code", ""),
                                           sender.get("number", 0)), written, receipt_dir or path.parent)
    except OSError as exc:
        s.rollback()
        return ImportReport(path, "refused", _("{path} cannot be read ({error}).").format(
            path=path, error=exc.strerror or exc))
    finally:
        s.close()
        scratch.close()
    return _with_receipts(report, written, receipt_dir or path.parent)


def _data_errors() -> tuple[type[Exception], ...]:
    """What a database says of a record it cannot take (a value, a unique key), through SQLAlchemy or from the
    plain cursor that bulk-loads (COPY, executemany): the bundle is refused, the station told."""
    import sqlite3

    import psycopg

    return (DataError, IntegrityError, sqlite3.IntegrityError, sqlite3.DataError, psycopg.IntegrityError,
            psycopg.DataError)


def _with_receipts(report: ImportReport, written: list[tuple[str, str]], folder: Path) -> ImportReport:
    if not written:
        return report
    out = Path(folder)
    try:
        private_dir(out, ours=False)
        paths = tuple(receipts.write_receipt(out, name, body) for name, body in written)
    except OSError as exc:      # the import stands; importing the same file again rewrites its receipt
        return replace(report, message=report.message + " " + _(
            "The receipt could not be written to {path} ({error}); import the same bundle again to write "
            "it.").format(path=out, error=exc.strerror or exc))
    return replace(report, receipts=paths)


def _import(s: Session, path: Path, parts: list[volumes.Volume], scratch,
            sender: dict) -> tuple[ImportReport, list[tuple[str, str]]]:
    """`sender` is filled once the signature is checked: who a refusal's receipt goes to."""
    ident = county.identity(s)
    with volumes.Joined(parts) as stream:
        header, _at = read_header(stream.read(len(MAGIC) + 4 + MAX_HEADER))
    try:
        validation.station_code(header.station_code)
    except validation.Invalid:
        raise BundleRefused(_("The bundle names the station code {code!r}, which is not a county station code; it "
                              "was refused.").format(code=header.station_code[:40])) from None
    volumes.check_header(parts, header)
    st = s.scalars(select(CountyStation).where(CountyStation.code == header.station_code)).first()
    if st is None:
        raise BundleRefused(_("Station {code} is not enrolled in this county database; enrol its key file first "
                              "(`county enrol FILE`).").format(code=header.station_code))
    if st.revoked_at is not None:
        raise BundleRefused(_("Station {code}'s key was revoked; its bundles are refused until the county reinstates "
                              "it (`county reinstate {code}`).").format(code=header.station_code))
    ledger = s.scalars(select(CountyBundle).where(CountyBundle.station_code == st.code,
                                                  CountyBundle.number == header.number)).first()
    if ledger is not None and ledger.digest == volumes.digest(parts):
        stored = receipts.stored(s, ledger)
        return (ImportReport(path, "duplicate", _("Bundle {number} of station {code} was already imported; nothing "
                                                  "changed.").format(number=header.number, code=st.code),
                             st.code, header.number), [stored] if stored else [])
    if ledger is not None:
        audit_anchor.check_reused_number(s, st.code, header.number, volumes.digest(parts),
                                         lambda: _opened(parts, st, ident, scratch)[0])
        raise BundleRefused(_("Station {code} already sent a different bundle numbered {number}; this file was "
                              "refused. Ask the station which one is right.").format(code=st.code,
                                                                                    number=header.number))
    if header.number <= st.applied_no:
        raise BundleRefused(_("Bundle {number} of station {code} is older than bundle {applied}, which is already "
                              "imported and carries its changes; it was refused (a replay?).").format(
            number=header.number, code=st.code, applied=st.applied_no))
    entries, digest = _opened(parts, st, ident, scratch, sender)
    manifest = _manifest(entries, header.station_code, header.number)
    validate.referenced_files(entries)
    bundle = CountyBundle(station_code=st.code, number=header.number, digest=digest, status="pending",
                          seq_from=manifest["seq_from"], seq_to=manifest["seq_to"],
                          period_from=manifest["period"]["from"], period_to=manifest["period"]["to"],
                          zero_report=bool(manifest["zero_report"]), counts=manifest["counts"], outcome={},
                          summary=validate.summary(entries.get("summary.json")), payload=None,
                          audit_seq=(manifest.get("audit_head") or {}).get("seq"),
                          audit_hash=(manifest.get("audit_head") or {}).get("hash"))
    s.add(bundle)
    s.flush()
    audit_anchor.check_bundle(s, bundle, entries)
    st.last_received_at = utcnow()
    released = _apply_ready(s, ident, st, {bundle.id: entries})
    if bundle.status == "pending":      # kept until its predecessor arrives (in memory once, when stored)
        scratch.seek(0)
        bundle.payload = scratch.read()
        s.flush()
    written = [receipts.issue(s, ident, st, b) for b in [bundle, *(b for b in released if b is not bundle)]]
    if bundle.status == "pending":
        numbers = set(s.scalars(select(CountyBundle.number).where(CountyBundle.station_code == st.code)))
        missing = tuple(n for n in range(st.applied_no + 1, bundle.number) if n not in numbers)
        message = _("Bundle {number} of station {code} is held as pending until bundle {missing} arrives.").format(
            number=bundle.number, code=st.code, missing="、".join(map(str, missing)) or st.applied_no + 1)
        return ImportReport(path, "pending", message, st.code, bundle.number, missing=missing,
                            summary=bundle.summary, receipts=()), written
    message = _("Bundle {number} of station {code} imported: {inserted} new, {updated} updated, {ignored} "
                "unchanged or older, {conflicts} conflicts, {deleted} deleted.").format(
        number=bundle.number, code=st.code, **{k: bundle.outcome.get(k, 0) for k in
                                                ("inserted", "updated", "ignored", "conflicts", "deleted")})
    rejected = tuple(validate.Rejection(**r) for b in released for r in b.outcome.get("rejected_records", []))
    total = sum(b.outcome.get("rejected", 0) for b in released)
    if total:
        message += " " + _("{n} records failed the county's checks and were not stored (they are listed in the "
                           "receipt): {first}.").format(n=total, first="; ".join(map(str, rejected[:3])))
    if bundle.zero_report:
        message += " " + _("(零报告: no changes this period.)")
    others = tuple(b.number for b in released if b is not bundle)
    if others:
        message += " " + _("Pending bundles now applied: {numbers}.").format(numbers="、".join(map(str, others)))
    outcome = {k: v for k, v in bundle.outcome.items() if isinstance(v, int)}
    return ImportReport(path, "applied", message, st.code, bundle.number, outcome, others,
                        summary=bundle.summary, rejected=rejected), written


def _opened(parts: list[volumes.Volume], st: CountyStation, ident, scratch,
            sender: dict | None = None) -> tuple[archive.Entries, str]:
    """Check the signature and decrypt into the scratch file; the archive's entries and the file's digest. Once
    the signature is the station's, `sender` says whom a refusal's receipt goes to."""
    with volumes.Joined(parts) as stream:
        header, digest = open_stream(stream, volumes.size(parts), station_key=st.signing_key, out=scratch,
                                     county_agreement_key=lambda: county.agreement_key(ident))
    scratch.flush()
    if sender is not None:
        sender.update(station_code=st.code, number=header.number, digest=digest)
    return archive.read(scratch), digest


def _manifest(entries: archive.Entries, code: str, number: int) -> dict:
    try:
        manifest = json.loads(entries["manifest.json"])
    except (ValueError, RecursionError):
        raise BundleRefused(_("The bundle's manifest is incomplete.")) from None
    manifest = validate.manifest(manifest, code=code, number=number)
    counts = manifest["counts"]
    unknown = {n[len("records/"):-len(".jsonl")] for n in entries if n.startswith("records/")} - set(TABLES)
    if unknown or set(counts) - set(TABLES):
        raise BundleRefused(_("The bundle holds records of an unknown table ({name}).").format(
            name=sorted(unknown or set(counts) - set(TABLES))[0]))
    for name in TABLES:
        lines = entries.line_count(f"records/{name}.jsonl")
        if lines != counts.get(name, 0):
            raise BundleRefused(_("The bundle's manifest counts {expected} {table} records but it holds {found}.")
                                .format(expected=counts.get(name, 0), table=name, found=lines))
    return manifest


def _apply_ready(s: Session, ident, st: CountyStation, read: dict[int, dict[str, bytes]]) -> list[CountyBundle]:
    """Apply every pending bundle of the station whose predecessors are all in, in number order."""
    applied = []
    while True:
        pending = s.scalars(select(CountyBundle).where(CountyBundle.station_code == st.code,
                                                       CountyBundle.status == "pending")
                            .order_by(CountyBundle.number)).all()
        for b in pending:
            if b.number <= st.applied_no:        # a later bundle already carried its changes
                b.status, b.payload = "superseded", None
        ready = next((b for b in pending if b.status == "pending" and b.seq_from <= st.applied_seq + 1), None)
        if ready is None:
            return applied
        _apply(s, ident, st, ready, read.get(ready.id) or archive.read(ready.payload))
        applied.append(ready)


def _apply(s: Session, ident, st: CountyStation, bundle: CountyBundle, entries: dict[str, bytes]) -> None:
    # Rows deleted at the station are marked with the bundle's time, not the import's: any order of import
    # ends in the same state.
    written_at = datetime.fromisoformat(json.loads(entries["manifest.json"])["created_at"])
    merger = Merger(s, station_code=st.code, bundle_id=bundle.id, person_secret=county.person_secret(ident),
                    deleted_at=written_at)
    checker = validate.Checker(s, station_code=st.code, file_sizes=entries.file_sizes())
    for name in TABLES:
        spec = specs()[name]
        try:
            for chunk in checker.chunks(spec, entries.lines(f"records/{name}.jsonl")):
                merger.merge(spec, chunk)
        except (ValueError, KeyError, TypeError, AttributeError) as exc:    # a shape no check foresaw
            raise BundleRefused(_("A {table} record in the bundle is malformed ({kind}); it was refused.").format(
                table=name, kind=type(exc).__name__)) from None
    merger.files(entries, checker.files)
    bundle.status, bundle.payload, bundle.applied_at = "applied", None, utcnow()
    bundle.outcome = {**{k: merger.outcome.get(k, 0) for k in ("inserted", "updated", "ignored", "conflicts",
                                                               "deleted")},
                      "rejected": checker.rejected_total,
                      "rejected_records": [r.to_json() for r in checker.rejections]}
    st.applied_seq = max(st.applied_seq, bundle.seq_to)
    st.applied_no = max(st.applied_no, bundle.number)
    s.flush()
