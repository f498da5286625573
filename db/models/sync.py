"""The change log: one line per insert, update or delete of a synced row, written by SQLite triggers in the
same transaction as the change, whatever wrote it (the ORM, bulk Core inserts, plain SQL; see migration
0006). `seq` is AUTOINCREMENT, so a number is never given twice, even after old lines are pruned; no clock
is used."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, utcnow


class ChangeLog(Base):
    __tablename__ = "change_log"
    __table_args__ = {"sqlite_autoincrement": True}
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    table_name: Mapped[str] = mapped_column(String(40))
    row_uid: Mapped[str] = mapped_column(String(36))
    op: Mapped[str] = mapped_column(String(1))          # i(nsert), u(pdate), d(elete)


class SentBundle(Base):
    """A bundle this station wrote, and what the county's receipt said of it."""
    __tablename__ = "sent_bundle"
    number: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    full: Mapped[bool] = mapped_column(Boolean, default=False)
    seq_from: Mapped[int] = mapped_column(Integer)
    seq_to: Mapped[int] = mapped_column(Integer)
    period_from: Mapped[str] = mapped_column(String(10))
    period_to: Mapped[str] = mapped_column(String(10))
    digest: Mapped[str] = mapped_column(String(64))          # SHA-256 of the file as written and read back
    file_name: Mapped[str] = mapped_column(String(255))
    counts: Mapped[dict] = mapped_column(JSON, default=dict)
    receipt: Mapped[str | None] = mapped_column(String(12))   # applied / pending / mismatch / refused
    # What the county said besides: why it refused the bundle, or which records it did not store.
    receipt_note: Mapped[str | None] = mapped_column(Text)
    receipt_at: Mapped[datetime | None] = mapped_column(DateTime)
    # The audit chain's head when the bundle was written: the county holds the same checkpoint.
    audit_seq: Mapped[int | None] = mapped_column(Integer)
    audit_hash: Mapped[str | None] = mapped_column(String(64))
