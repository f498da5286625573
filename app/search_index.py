"""Keeping the register's full-text index (SQLite FTS5) in step with the cases; see app/search_text.py."""
from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import bindparam, column, delete, select, table, text, update
from sqlalchemy.orm import Session

from app.search_text import document, register_key
from db.models import Dispute, Party

fts_table = table("dispute_search", column("rowid"))


def refresh(session: Session, dispute_ids: Iterable[int]) -> None:
    """Rewrite the index rows of these disputes from the database (call after any change to them)."""
    if session.get_bind().dialect.name != "sqlite":
        return
    ids = list(dispute_ids)
    if not ids:
        return
    rows = session.execute(select(Dispute.id, Dispute.case_no, Dispute.original_case_no, Dispute.title,
                                  Dispute.facts, Dispute.claims, Dispute.registered_on, Dispute.search_key, Dispute.deleted_at)
                           .where(Dispute.id.in_(ids))).all()
    party_text: dict[int, list[str]] = {i: [] for i in ids}
    for p in session.execute(select(Party.dispute_id, Party.name, Party.phone, Party.id_number,
                                    Party.agent_name, Party.agent_phone)
                             .where(Party.dispute_id.in_(ids), Party.deleted_at.is_(None))):
        party_text[p.dispute_id].extend(v for v in p[1:] if v)
    old_keys = [r.search_key for r in rows if r.search_key is not None]
    if old_keys:
        session.execute(delete(fts_table).where(fts_table.c.rowid.in_(old_keys)))
    docs, keys = [], []
    for r in rows:
        key = None if r.deleted_at is not None else register_key(r.registered_on, r.id)
        keys.append({"row_id": r.id, "key": key})
        if key is not None:
            docs.append({"id": key, "body": document([r.case_no, r.original_case_no, r.title, *party_text[r.id],
                                                                  r.facts, r.claims])})
    if docs:
        session.execute(insert_statement(), docs)
    session.execute(update(Dispute.__table__).where(Dispute.__table__.c.id == bindparam("row_id"))
                    .values(search_key=bindparam("key")), keys)


def insert_statement():
    """Parameters: id (the case's register_key) and body (from document())."""
    return text("INSERT INTO dispute_search(rowid, body) VALUES (:id, :body)")
