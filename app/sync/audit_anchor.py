"""The audit chain anchored at the county: whoever holds the station PC can rewrite its trail, but not the
county's copy of it.

Each bundle carries `audit_chain.json`: the links of the station's chain (entry number, previous hash, hash;
no personal detail) from the checkpoint the county last acknowledged to the head, the hashes of a few older
entries to compare with (probes), and the restores on record in that stretch, entire, so the county can
recompute their hashes. The county keeps every link it receives (county_audit_link) and checks that a bundle
extends them. Where it does not, it records what it found (county_audit_event): entries cut off the end, a
trail rewritten, an old copy of the database put back (the bundle number reused) — alarms, reported by
`county import` (exit 1), listed in the county window and told to the station in the receipt — or a restore
the station has on record (app/restore.py), which is shown as such. A hash chain matches up to some entry and
differs after it, so comparing a few entries names the last one that still matches.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import delete, func, insert, select, text

from app import audit, i18n
from app.i18n import _
from app.sync.envelope import BundleRefused
from db.models import CountyAuditEvent, CountyAuditLink, CountyBundle

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

ENTRY = "audit_chain.json"
FORMAT = 1
DENSE = 64            # probes: every entry this far back from the checkpoint, then every power of two
HEX = "0123456789abcdef"          # hashes are lower-case hex, 64 characters
ALARMS = ("cut", "rewrite", "rollback")
RESTORE_FIELDS = ("seq", "at", "account_id", "actor", "action", "table_name", "record_uid", "dispute_id", "detail",
                  "prev_hash", "hash")


# --- the station's side -----------------------------------------------------------------------------------

def segment(s: Session) -> bytes:
    """The bundle's audit_chain.json, read in the export's own transaction (the same head as its manifest)."""
    head = audit.head(s)
    body: dict = {"format": FORMAT, "head": list(head) if head else None, "anchor": None, "probes": [],
                  "restores": []}
    links = "[]"
    if head is not None:
        anchor = _anchor(s, head[0])
        start = anchor[0] if anchor else 1
        body["anchor"] = list(anchor) if anchor else None
        body["probes"] = [list(r) for r in s.execute(text(
            "SELECT seq, hash FROM audit_log WHERE seq IN (SELECT value FROM json_each(:seqs)) ORDER BY seq"),
            {"seqs": json.dumps(_probe_seqs(s, start))})]
        body["restores"] = [dict(r._mapping) for r in s.execute(text(
            f"SELECT {', '.join(RESTORE_FIELDS)} FROM audit_log WHERE action = 'restore' AND seq BETWEEN :a AND :b "
            "ORDER BY seq"), {"a": start, "b": head[0]})]
        # SQLite writes the links' JSON itself, put in as it comes: a first bundle may carry a million.
        links = s.execute(text(
            "SELECT json_group_array(json_array(seq, prev_hash, hash)) FROM (SELECT seq, prev_hash, hash FROM "
            "audit_log WHERE seq BETWEEN :a AND :b ORDER BY seq)"), {"a": start, "b": head[0]}).scalar()
    text_ = json.dumps(body, ensure_ascii=False, separators=(",", ":"))
    return (text_[:-1] + ',"links":' + links + "}").encode("utf-8")


def _anchor(s: Session, head_seq: int) -> tuple[int, str] | None:
    """The newest checkpoint the county has acknowledged that is still on this chain (after a restore, the
    later ones are not)."""
    rows = s.execute(text("SELECT b.audit_seq, b.audit_hash FROM sent_bundle b JOIN audit_log a ON a.seq = "
                          "b.audit_seq AND a.hash = b.audit_hash WHERE b.receipt IN ('applied', 'pending') AND "
                          "b.audit_seq <= :h ORDER BY b.number DESC LIMIT 1"), {"h": head_seq}).first()
    return (rows[0], rows[1]) if rows else None


def _probe_seqs(s: Session, start: int) -> list[int]:
    seqs = {start - i for i in range(1, DENSE + 1)} | {start - (1 << k) for k in range(6, 40)} | {1}
    seqs |= set(s.scalars(text("SELECT audit_seq FROM sent_bundle WHERE audit_seq IS NOT NULL")))
    return sorted(x for x in seqs if 1 <= x < start)


# --- what a bundle carries, read as hostile input ----------------------------------------------------------

@dataclass(frozen=True)
class Segment:
    head: tuple[int, str] | None
    links: list[tuple[int, str, str]]
    probes: dict[int, str]
    restores: list[dict]

    @property
    def head_seq(self) -> int:
        return self.head[0] if self.head else 0


def parse(entries: dict[str, bytes]) -> Segment:
    try:
        body = json.loads(entries[ENTRY])
        head = _link(body["head"], 2) if body["head"] is not None else None
        links = [_link(x, 3) for x in body["links"]]
        probes = dict(_link(x, 2) for x in body["probes"])
        restores = [{k: r[k] for k in RESTORE_FIELDS} for r in body["restores"]]
        for r in restores:
            _link([r["seq"], r["prev_hash"], r["hash"]], 3)
            if not all(isinstance(r[k], str) for k in ("at", "actor", "action", "detail")):
                raise ValueError
        if body.get("format") != FORMAT:
            raise ValueError
    except KeyError:
        raise BundleRefused(_("The bundle carries no audit trail segment (audit_chain.json); it was refused. "
                              "Update Mediation Station at the station.")) from None
    except (ValueError, TypeError, AttributeError):
        raise BundleRefused(_("The bundle's audit trail segment is malformed; it was refused.")) from None
    return Segment(head, links, probes, restores)


def _link(value, size: int) -> tuple:
    if type(value) is not list or len(value) != size or type(value[0]) is not int or value[0] < 1 \
            or not all(type(h) is str and len(h) == 64 and not h.strip(HEX) for h in value[1:]):
        raise ValueError
    return tuple(value)


# --- the county's side -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Finding:
    kind: str                       # ok / cut / rewrite / rollback / restore
    last_match: int
    first_differ: int | None
    county_head: int
    station_head: int
    restores: tuple[dict, ...] = field(default_factory=tuple)

    @property
    def alarm(self) -> bool:
        return self.kind in ALARMS


class ChainRefused(BundleRefused):
    """A bundle refused (its number reused) whose chain shows an older copy put back: recorded after the
    import's rollback."""

    def __init__(self, message: str, event: dict):
        super().__init__(message)
        self.event = event


def check_bundle(s: Session, bundle: CountyBundle, entries: dict[str, bytes]) -> Finding:
    """Compare the bundle's segment with the county's copy of the chain, record what does not simply extend it,
    and keep the new links. Bundles arriving out of order are compared with what came before them only."""
    seg = parse(entries)
    points, broken = _points(seg)
    code, number = bundle.station_code, bundle.number
    _seed(s, code, number)
    newest = s.scalar(select(func.max(CountyAuditLink.bundle_number)).where(CountyAuditLink.station_code == code))
    finding = compare(seg, _Known(s, code, before=number), points=(points, broken))
    if newest is None or number > newest:           # in order: this bundle's view becomes the county's copy
        cut_after = finding.last_match if finding.kind != "ok" and (finding.first_differ or finding.kind == "cut") \
            else None
        _keep(s, code, number, points, broken, cut_after)
    if finding.kind != "ok":
        s.add(_event(bundle.station_code, number, bundle.digest, finding))
    return finding


def check_reused_number(s: Session, code: str, number: int, digest: str, entries_of) -> None:
    """A different bundle under a number the county already holds: the station lost its ledger. If its chain
    also differs from the county's, an older copy of its database was put back: say so, with the last entry that
    matches. entries_of() opens the bundle; a bundle that cannot be opened is refused as before."""
    try:
        finding = compare(parse(entries_of()), _Known(s, code, before=None), reused=True)
    except BundleRefused:
        return
    if finding.alarm:
        raise ChainRefused(describe(code, number, finding), {"station_code": code, "bundle_number": number,
                                                              "bundle_digest": digest, "finding": finding})


def record_refused(s: Session, exc: Exception) -> None:
    """Called after a refused import's rollback: the alarm stays on record at the county."""
    if isinstance(exc, ChainRefused):
        e = exc.event
        if _event_for(s, e["station_code"], e["bundle_number"], e["bundle_digest"]) is None:   # once per file
            s.add(_event(e["station_code"], e["bundle_number"], e["bundle_digest"], e["finding"]))


def compare(seg: Segment, known: _Known, *, reused: bool = False,
            points: tuple[dict[int, str], int | None] | None = None) -> Finding:
    points, broken = points or _points(seg)
    held = known.at(points)
    differ = [seq for seq, h in held.items() if points[seq] != h]
    first_differ = min(differ + ([broken] if broken else []), default=None)
    last_match = max((seq for seq, h in held.items() if points[seq] == h and (first_differ is None or
                                                                              seq < first_differ)), default=0)
    county_head, station_head = known.head, seg.head_seq
    fresh = tuple(r for r in seg.restores if not known.has(r["seq"], r["hash"]))
    restores = tuple(r for r in fresh if _restore_on_chain(r, seg))
    if first_differ is None:
        if station_head < county_head:
            return Finding("cut", last_match, None, county_head, station_head, restores)
        return Finding("restore" if restores else "ok", last_match, None, county_head, station_head, restores)
    explained = any(_explains(r, first_differ, held, points) for r in restores)
    # A rewrite keeps the length (every hash recomputed); a trail now shorter than the county's was cut.
    kind = "restore" if explained else "rollback" if reused else "cut" if station_head < county_head else "rewrite"
    return Finding(kind, last_match, first_differ, county_head, station_head, restores)


def _points(seg: Segment) -> tuple[dict[int, str], int | None]:
    """The station's hash at each entry the bundle names, and the first entry where its own chain breaks."""
    points = dict(seg.probes)

    def put(seq: int, digest: str) -> None:
        if points.setdefault(seq, digest) != digest:
            raise BundleRefused(_("The bundle's audit trail segment contradicts itself; it was refused."))

    broken, previous = None, None
    for seq, prev, digest in seg.links:
        if previous is None and seq == 1 and prev != audit.GENESIS:
            broken = 1
        elif previous is None and seq > 1:
            put(seq - 1, prev)
        elif previous is not None and (seq != previous[0] + 1 or prev != previous[1]):
            broken = previous[0] + 1
        if broken:
            break
        put(seq, digest)
        previous = (seq, digest)
    if broken is None and seg.head and previous != seg.head:
        # the head names an entry the links do not reach, or not with that hash: the end was cut or changed
        broken = previous[0] + 1 if previous and previous[0] < seg.head[0] else seg.head[0]
    return points, broken


def _restore_on_chain(r: dict, seg: Segment) -> bool:
    """The restore entry is really in the station's chain: its hash recomputed matches the link."""
    link = next((x for x in seg.links if x[0] == r["seq"]), None)
    recomputed = audit.entry_hash(r["seq"], r["at"], r["account_id"], r["actor"], r["action"], r["table_name"],
                                  r["record_uid"], r["dispute_id"], r["detail"], r["prev_hash"])
    return link is not None and r["action"] == "restore" and link[1:] == (r["prev_hash"], r["hash"]) \
        and recomputed == r["hash"]


def _explains(r: dict, first_differ: int, held: dict[int, str], points: dict[int, str]) -> bool:
    """The chain differs from the county's right after the backup's head, up to the restore entry, and the
    backup's head is an entry the county (where it has it) and the station agree on."""
    head = _restore_detail(r).get("backup_head")
    if head is None:
        return False
    seq, digest = head
    return seq < first_differ <= r["seq"] and held.get(seq, digest) == digest and points.get(seq, digest) == digest


class _Known:
    """The county's copy of one station's chain (from the bundles numbered before this one, or all)."""

    def __init__(self, s: Session, code: str, before: int | None):
        self.s, self.code = s, code
        self.where = [CountyAuditLink.station_code == code]
        if before is not None:
            self.where.append(CountyAuditLink.bundle_number < before)
        self.head = s.scalar(select(func.max(CountyAuditLink.seq)).where(*self.where)) or 0

    def at(self, points: dict[int, str]) -> dict[int, str]:
        found: dict[int, str] = {}
        if not self.head:               # nothing held yet (a first bundle may name a million entries)
            return found
        seqs = sorted(points)
        for i in range(0, len(seqs), 500):
            chunk = seqs[i:i + 500]
            found.update(self.s.execute(select(CountyAuditLink.seq, CountyAuditLink.hash).where(
                *self.where, CountyAuditLink.seq.in_(chunk))).all())
        return found

    def has(self, seq: int, digest: str) -> bool:
        return self.at({seq: digest}).get(seq) == digest


def _seed(s: Session, code: str, number: int) -> None:
    """A county database from before links were kept has each bundle's checkpoint: those are the first links."""
    if s.scalar(select(func.count()).select_from(CountyAuditLink).where(CountyAuditLink.station_code == code)):
        return
    rows = {seq: (digest, n) for seq, digest, n in s.execute(select(
        CountyBundle.audit_seq, CountyBundle.audit_hash, CountyBundle.number).where(
        CountyBundle.station_code == code, CountyBundle.number != number, CountyBundle.audit_seq.is_not(None),
        CountyBundle.audit_hash.is_not(None)).order_by(CountyBundle.number))}
    if rows:
        s.execute(insert(CountyAuditLink), [dict(station_code=code, seq=seq, hash=d, bundle_number=n)
                                            for seq, (d, n) in rows.items()])


def _keep(s: Session, code: str, number: int, points: dict[int, str], broken: int | None,
          cut_after: int | None) -> None:
    """The station's chain as this bundle shows it becomes the county's copy: after an alarm or a restore, the
    entries past the last one that matched are replaced (the event keeps how far they reached)."""
    if cut_after is not None:
        s.execute(delete(CountyAuditLink).where(CountyAuditLink.station_code == code, CountyAuditLink.seq > cut_after))
    if broken:
        points = {seq: h for seq, h in points.items() if seq < broken}
    have = set(_Known(s, code, before=None).at(points))
    _bulk(s, [(code, seq, h, number) for seq, h in points.items() if seq not in have])


def _bulk(s: Session, rows: list[tuple]) -> None:
    """A first bundle may bring a million links: COPY on PostgreSQL, executemany on the sqlite3 cursor (as
    merge.py loads records; SQLAlchemy's per-value processing would cost more than the load)."""
    if not rows:
        return
    columns = "station_code, seq, hash, bundle_number"
    cursor = s.connection().connection.dbapi_connection.cursor()
    if s.get_bind().dialect.name == "postgresql":
        with cursor.copy(f"COPY county_audit_link ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
    else:
        cursor.executemany(f"INSERT INTO county_audit_link ({columns}) VALUES (?, ?, ?, ?)", rows)


def _event(code: str, number: int, digest: str, f: Finding) -> CountyAuditEvent:
    restores = [{"seq": r["seq"], "at": r["at"], "actor": r["actor"], **_restore_detail(r)} for r in f.restores]
    return CountyAuditEvent(station_code=code, bundle_number=number, bundle_digest=digest, kind=f.kind,
                            last_match=f.last_match, first_differ=f.first_differ, county_head=f.county_head,
                            station_head=f.station_head, detail={"restores": restores})


def _restore_detail(r: dict) -> dict:
    """What a restore entry says, each part kept only in the shape app/restore.py writes it (the station may
    be hostile)."""
    try:
        detail = json.loads(r["detail"])
    except ValueError:
        return {}
    if not isinstance(detail, dict):
        return {}
    out: dict = {k: detail[k] if isinstance(detail.get(k), str) else None for k in ("file", "kept_copy")}
    for k in ("backup_head", "replaced_head"):
        head = detail.get(k)
        try:
            out[k] = list(_link(head, 2))
        except ValueError:
            out[k] = None
    return out


# --- in words: the import report, the receipt, the county window, the station ----------------------------

def finding_of(event: CountyAuditEvent) -> Finding:
    return Finding(event.kind, event.last_match, event.first_differ, event.county_head, event.station_head,
                   tuple(event.detail.get("restores", ())))


def describe(code: str, number: int, f: Finding) -> str:
    last = (_("The last entry that matches is No. {seq}.").format(seq=f.last_match) if f.last_match
            else _("No entry the county could compare still matches."))
    if f.first_differ and f.first_differ > f.last_match + 1:
        last += " " + _("Entries {first} to {last} could not be compared.").format(
            first=f.last_match + 1, last=f.first_differ - 1)
    if f.kind == "cut":
        return _("Station {code}, bundle {number}: its audit trail ends at entry {head}, but the county already "
                 "holds entries up to {county}: entries were cut off the end (or an older copy of the database "
                 "was put back) without a restore on record.").format(
            code=code, number=number, head=f.station_head, county=f.county_head) + " " + last
    if f.kind == "rewrite":
        return _("Station {code}, bundle {number}: its audit trail no longer matches the county's copy from entry "
                 "{first} on: it was rewritten, or an older copy of the database was put back, without a restore "
                 "on record.").format(code=code, number=number, first=f.first_differ) + " " + last
    if f.kind == "rollback":
        return _("Station {code} sent a different bundle under number {number}, and its audit trail differs from "
                 "the county's copy from entry {first} on: an older copy of its database was put back without a "
                 "restore on record.").format(code=code, number=number, first=f.first_differ) + " " + last
    return " ".join(_restore_words(code, r) for r in f.restores) or _(
        "Station {code}, bundle {number}: a restore is on record.").format(code=code, number=number)


def _restore_words(code: str, r: dict) -> str:
    try:
        at = i18n.format_datetime(datetime.fromisoformat(r.get("at")))
    except (TypeError, ValueError):
        at = str(r.get("at"))
    back = (r.get("backup_head") or [0])[0]
    gone = (r.get("replaced_head") or [None])[0]
    text_ = _("Station {code} restored the backup {file} on {at} ({actor}), as recorded on its trail: the trail "
              "goes back to entry {back} and continues from there.").format(
        code=code, file=r.get("file") or "?", at=at, actor=r.get("actor"), back=back)
    if gone and gone > back:
        text_ += " " + _("Entries {first} to {last} of the replaced database are kept at the station in "
                         "{copy}.").format(first=back + 1, last=gone, copy=r.get("kept_copy") or "?")
    return text_


def annotate(s: Session, report):
    """The import report with what the county found in the bundle's chain (the event was recorded just now)."""
    if report.status not in ("applied", "pending"):
        return report
    event = _event_for(s, report.station_code, report.number)
    if event is None:
        return report
    return replace(report, chain=describe(event.station_code, event.bundle_number, finding_of(event)),
                   chain_alarm=event.kind in ALARMS)


def _event_for(s: Session, code: str, number: int, digest: str | None = None) -> CountyAuditEvent | None:
    query = select(CountyAuditEvent).where(CountyAuditEvent.station_code == code,
                                           CountyAuditEvent.bundle_number == number)
    if digest is not None:
        query = query.where(CountyAuditEvent.bundle_digest == digest)
    return s.scalars(query.order_by(CountyAuditEvent.id.desc()).limit(1)).first()


def receipt_note(s: Session, bundle: CountyBundle) -> dict | None:
    """For the receipt: what the county found in this bundle's chain, for the station to see."""
    event = _event_for(s, bundle.station_code, bundle.number, bundle.digest)
    if event is None:
        return None
    return {"kind": event.kind, "last_match": event.last_match, "first_differ": event.first_differ,
            "county_head": event.county_head, "station_head": event.station_head,
            "restores": event.detail.get("restores", [])}


@dataclass(frozen=True)
class EventView:
    station_code: str
    bundle_number: int
    detected_at: datetime
    alarm: bool
    text: str


def events(s: Session) -> list[EventView]:
    """Everything found, newest first, for the county window."""
    rows = s.scalars(select(CountyAuditEvent).order_by(CountyAuditEvent.id.desc())).all()
    return [EventView(e.station_code, e.bundle_number, e.detected_at, e.kind in ALARMS,
                      describe(e.station_code, e.bundle_number, finding_of(e))) for e in rows]


def from_receipt(s: Session, code: str, number: int, note) -> tuple[str, bool]:
    """At the station: the county's word on the chain, in words, and put on the station's own trail."""
    if not isinstance(note, dict) or note.get("kind") not in (*ALARMS, "restore"):
        return "", False
    try:
        f = Finding(note["kind"], int(note["last_match"]), note.get("first_differ"), int(note["county_head"]),
                    int(note["station_head"]), tuple(note.get("restores") or ()))
        words = describe(code, number, f)
    except (KeyError, TypeError, ValueError, AttributeError):
        return "", False
    audit.append(s, "county_chain_alarm" if f.alarm else "county_chain_restore",
                 detail={"bundle": number, "kind": f.kind, "last_match": f.last_match})
    return words, f.alarm
