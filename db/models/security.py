"""Accounts (who may log in, with which role) and the audit trail (全过程记录).

Neither travels in the sync bundle: password hashes stay on the PC, and the county receives only the head
of the audit chain as a checkpoint (see app/audit.py).
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, utcnow


class Account(Base):
    __tablename__ = "account"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50), unique=True)
    role: Mapped[str] = mapped_column(String(16))      # mediator / head / reviewer (county)
    mediator_id: Mapped[int | None] = mapped_column(ForeignKey("mediator.id"), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))    # Argon2id, with its own salt and parameters
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime)
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class AuditEntry(Base):
    """One link of the chain: `hash` covers every other column, `prev_hash` included. `seq` is given by the
    writer (head + 1 under the write lock), not by a sequence, so a gap always means a deleted entry."""
    __tablename__ = "audit_log"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[str] = mapped_column(String(32))          # ISO time in UTC, hashed as written
    account_id: Mapped[int | None] = mapped_column(Integer)
    actor: Mapped[str] = mapped_column(String(50))
    action: Mapped[str] = mapped_column(String(24))
    table_name: Mapped[str | None] = mapped_column(String(40))
    record_uid: Mapped[str | None] = mapped_column(String(36))
    dispute_id: Mapped[int | None] = mapped_column(Integer, index=True)
    detail: Mapped[str] = mapped_column(Text, default="{}")   # canonical JSON
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class AuditHead(Base):
    """The chain's last link, written with it: cutting entries off the end no longer matches it."""
    __tablename__ = "audit_head"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)   # always 1
    seq: Mapped[int] = mapped_column(Integer)
    hash: Mapped[str] = mapped_column(String(64))
