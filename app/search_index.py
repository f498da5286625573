"""Keeping the register's full-text index (SQLite FTS5) in step with the cases; see app/search_text.py."""
from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import bindparam, column, delete, select, table, text, update
from sqlalchemy.orm import Session

from app.search_text import PARTY_FIELDS, document, party_values, register_key
from db.models import Dispute, Party

fts_table = table("dispute_search", column("rowid"))


def refresh(session: Session, dispute_ids: Iterable[int]) -> None:
    """Rewrite the index rows of these disputes from the database (call after any change to them)."""
    if session.get_bind().dialect.name != "sqlite":
        return
    ids = list(dispute_ids)
    if not ids:
        return
    rows, party_text = _texts(session, ids)
    old_keys = [r.search_key for r in rows if r.search_key is not None]
    if old_keys:
        session.execute(delete(fts_table).where(fts_table.c.rowid.in_(old_keys)))
    docs, keys = [], []
    for r in rows:
        key = None if r.deleted_at is not None else register_key(r.registered_on, r.id)
        keys.append({"row_id": r.id, "key": key})
        if key is not None:
            docs.append({"id": key, "body": _body(r, party_text[r.id])})
    if docs:
        session.execute(insert_statement(), docs)
    session.execute(update(Dispute.__table__).where(Dispute.__table__.c.id == bindparam("row_id"))
                    .values(search_key=bindparam("key")), keys)


def rebuild(session: Session, *, batch: int = 500) -> int:
    """Write the index anew for every case it holds (after what it holds of a case changed: migration 0015
    empties it). The cases' keys stay as they are, so no case is written and none is sent again at the next
    sync (the change log follows each write of a case). Returns the count of cases indexed."""
    if session.get_bind().dialect.name != "sqlite":
        return 0
    session.execute(delete(fts_table))
    ids = list(session.scalars(select(Dispute.id).where(Dispute.search_key.is_not(None),
                                                         Dispute.deleted_at.is_(None)).order_by(Dispute.id)))
    for start in range(0, len(ids), batch):
        rows, party_text = _texts(session, ids[start:start + batch])
        session.execute(insert_statement(), [{"id": r.search_key, "body": _body(r, party_text[r.id])} for r in rows])
    return len(ids)


def _texts(session: Session, ids: list[int]):
    """The cases' rows and each one's parties' searchable values."""
    rows = session.execute(select(Dispute.id, Dispute.case_no, Dispute.original_case_no, Dispute.title,
                                  Dispute.facts, Dispute.claims, Dispute.registered_on, Dispute.search_key,
                                  Dispute.deleted_at).where(Dispute.id.in_(ids))).all()
    party_text: dict[int, list[str]] = {i: [] for i in ids}
    for p in session.execute(select(Party.dispute_id, *(getattr(Party, f) for f in PARTY_FIELDS))
                             .where(Party.dispute_id.in_(ids), Party.deleted_at.is_(None))
                             .order_by(Party.dispute_id, Party.position, Party.id)):
        party_text[p.dispute_id].extend(party_values(p._asdict()))
    return rows, party_text


def _body(row, party_text: list[str]) -> str:
    return document([row.case_no, row.original_case_no, row.title, *party_text, row.facts, row.claims])


def insert_statement():
    """Parameters: id (the case's register_key) and body (from document())."""
    return text("INSERT INTO dispute_search(rowid, body) VALUES (:id, :body)")
