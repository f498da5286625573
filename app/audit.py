"""The audit trail (全过程记录): an append-only log whose entries form a hash chain.

Each entry's SHA-256 covers its own columns and the previous entry's hash, so editing or deleting an
entry breaks every link after it; `audit_head` holds the last link, so cutting entries off the end shows
too; each sync bundle carries the head to the county (and `sent_bundle` keeps it), so even a rewrite of
the whole chain on this PC no longer matches a checkpoint the station cannot reach. Triggers refuse
UPDATE and DELETE on the table (migration 0008); the chain is what catches someone who drops them.

Changes to cases are recorded from the ORM's flush (`record_flush`), in the same transaction as the
change, with before and after for each field; logins, exports, imports, documents issued and refusals
are appended by the services that do them. The log holds personal information (it is the record of
who changed what), so it never goes to the application's log file.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from app.access import Actor, actor_of, dispute_id_of
from app.i18n import _

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from app.errors import PermissionRefused

GENESIS = "0" * 64
# Rows that are not case records, or whose changes are recorded by their own service (accounts, exports),
# or that hold keys and files (the county's identity and stored bundles).
UNRECORDED = frozenset({"account", "audit_log", "audit_head", "change_log", "sent_bundle", "case_counter",
                        "county_identity", "county_file", "county_bundle", "county_receipt", "county_person"})
BOOKKEEPING = frozenset({"id", "uid", "created_at", "updated_at", "revision", "search_key", "import_key",
                         "parties_text", "deleted_at"})


def _plain(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (bytes, bytearray, memoryview)):
        return f"<{len(value)} bytes>"
    raise TypeError(type(value).__name__)


def canonical(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=_plain)


def entry_hash(seq: int, at: str, account_id: int | None, actor: str, action: str, table: str | None,
               record: str | None, dispute_id: int | None, detail: str, prev: str) -> str:
    fields = [seq, at, account_id, actor, action, table, record, dispute_id, detail, prev]
    return hashlib.sha256(canonical(fields).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Event:
    action: str
    table: str | None = None
    record: str | None = None
    dispute_id: int | None = None
    detail: dict | None = None


def append(session: Session, action: str, *, table: str | None = None, record: str | None = None,
           dispute_id: int | None = None, detail: dict | None = None, actor: Actor | None = None) -> int:
    """Add one entry in the session's transaction; returns its number."""
    return _append(session, [Event(action, table, record, dispute_id, detail)], actor or actor_of(session))


def _append(session: Session, events: list[Event], actor: Actor) -> int:
    from sqlalchemy import insert, select, update

    from app.clock import utcnow
    from db.models import AuditEntry, AuditHead

    conn = session.connection()
    # FOR UPDATE on PostgreSQL (two county clerks at once); SQLite writers already hold the write lock.
    head = conn.execute(select(AuditHead.seq, AuditHead.hash).where(AuditHead.id == 1).with_for_update()).first()
    seq, prev = (head.seq, head.hash) if head else (0, GENESIS)
    at = utcnow().isoformat(timespec="microseconds")
    rows = []
    for event in events:
        seq += 1
        detail = canonical(event.detail or {})
        digest = entry_hash(seq, at, actor.account_id, actor.name, event.action, event.table, event.record,
                            event.dispute_id, detail, prev)
        rows.append(dict(seq=seq, at=at, account_id=actor.account_id, actor=actor.name, action=event.action,
                         table_name=event.table, record_uid=event.record, dispute_id=event.dispute_id,
                         detail=detail, prev_hash=prev, hash=digest))
        prev = digest
    conn.execute(insert(AuditEntry), rows)
    if head:
        conn.execute(update(AuditHead).where(AuditHead.id == 1).values(seq=seq, hash=prev))
    else:
        conn.execute(insert(AuditHead).values(id=1, seq=seq, hash=prev))
    return seq


def record_refusal(write: sessionmaker[Session], actor: Actor, refusal: PermissionRefused) -> None:
    """A refusal, in its own transaction (the refused one was rolled back)."""
    with write.begin() as session:
        append(session, "refused", dispute_id=refusal.dispute_id, detail={"what": refusal.what}, actor=actor)


def head(session: Session) -> tuple[int, str] | None:
    from db.models import AuditHead

    row = session.get(AuditHead, 1)
    return (row.seq, row.hash) if row else None


# --- changes to records, from the ORM's flush ---------------------------------------------------------

def record_flush(session: Session, _context) -> None:
    events = [event for event in (_event(session, obj, kind) for kind, objs in (
        ("insert", session.new), ("update", session.dirty), ("delete", session.deleted)) for obj in objs)
        if event is not None]
    if events:
        _append(session, events, actor_of(session))


def _event(session: Session, obj, kind: str) -> Event | None:
    from sqlalchemy import inspect
    from sqlalchemy.orm.base import NO_VALUE

    table = obj.__table__.name
    if table in UNRECORDED:
        return None
    state = inspect(obj)
    keys = [a.key for a in state.mapper.column_attrs if a.key not in BOOKKEEPING]
    if kind == "insert":
        detail = {"values": {k: getattr(obj, k) for k in keys if getattr(obj, k) is not None}}
    elif kind == "delete":
        detail = {"values": {k: state.attrs[k].loaded_value for k in keys
                             if state.attrs[k].loaded_value not in (None, NO_VALUE)}}
    else:
        mark = state.attrs.deleted_at.history if "deleted_at" in state.attrs else None
        was_deleted = bool(mark and mark.deleted and mark.deleted[0] is not None)
        is_deleted = bool(mark and mark.added and mark.added[0] is not None)
        if mark and mark.added and was_deleted != is_deleted:
            # a soft delete or its undoing: the row's name (a party's) is enough to tell which one
            kind = "delete" if is_deleted else "undelete"
            name = getattr(obj, "name", None) or getattr(obj, "filename", None)     # an attached file: its name
            detail = {"values": {"name": name}} if name else {}
        else:
            changes = {}
            for key in keys:
                history = state.attrs[key].history
                if history.added or history.deleted:
                    before = history.deleted[0] if history.deleted else None
                    after = history.added[0] if history.added else None
                    if before != after:
                        changes[key] = [before, after]
            if not changes:
                return None
            detail = {"changes": changes}
    record = getattr(obj, "uid", None) or "/".join(str(v) for v in state.identity or ())
    return Event(kind, table, record, dispute_id_of(session, obj), detail)


# --- checking the chain -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Verification:
    entries: int
    broken_at: int | None = None      # the first entry (number) that does not hold
    problem: str = ""

    @property
    def ok(self) -> bool:
        return not self.problem


def verify(session: Session) -> Verification:
    from sqlalchemy import select

    from db.models import AuditEntry, SentBundle

    expected, prev, count = 1, GENESIS, 0
    hashes_at_checkpoints: dict[int, str] = {}
    checkpoints = dict(session.execute(select(SentBundle.audit_seq, SentBundle.audit_hash)
                                       .where(SentBundle.audit_seq.is_not(None))).all())
    rows = session.execute(select(AuditEntry).order_by(AuditEntry.seq).execution_options(yield_per=2000))
    for entry in rows.scalars():
        if entry.seq != expected:
            return Verification(count, expected, _("Entry {seq} is missing (the log jumps from {before} to {after}).")
                                .format(seq=expected, before=expected - 1, after=entry.seq))
        if entry.prev_hash != prev:
            return Verification(count, entry.seq, _("Entry {seq} does not follow the entry before it.").format(
                seq=entry.seq))
        if entry_hash(entry.seq, entry.at, entry.account_id, entry.actor, entry.action, entry.table_name,
                      entry.record_uid, entry.dispute_id, entry.detail, entry.prev_hash) != entry.hash:
            return Verification(count, entry.seq, _("Entry {seq} was altered after it was written.").format(
                seq=entry.seq))
        if entry.seq in checkpoints:
            hashes_at_checkpoints[entry.seq] = entry.hash
        prev, expected, count = entry.hash, expected + 1, count + 1
    recorded = head(session)
    if (recorded or (0, GENESIS)) != (count, prev):
        seq = recorded[0] if recorded else 0
        return Verification(count, count + 1, _("The log ends at entry {last}, but entry {head} was written: "
                                                 "entries were cut off the end.").format(last=count, head=seq))
    for seq, digest in sorted(checkpoints.items()):
        if hashes_at_checkpoints.get(seq) != digest:
            return Verification(count, seq, _("Entry {seq} no longer matches the checkpoint sent to the county."
                                              ).format(seq=seq))
    return Verification(count)



# --- bulk work written through Core (the register import) ----------------------------------------------
# Core inserts bypass the flush hooks, so the service that writes them hands in their entries itself, in the
# same transaction; they join the chain exactly as entries from a flush do.

def append_many(session: Session, events: list[Event], *, actor: Actor | None = None) -> int:
    """Add many entries at once (call per chunk, to bound memory); returns the number of the last."""
    if not events:
        head_now = head(session)
        return head_now[0] if head_now else 0
    return _append(session, events, actor or actor_of(session))
