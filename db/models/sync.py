"""The change log: one line per insert, update or delete of a synced row, written by SQLite triggers in the
same transaction as the change, whatever wrote it (the ORM, bulk Core inserts, plain SQL; see migration
0006). `seq` is AUTOINCREMENT, so a number is never given twice, even after old lines are pruned; no clock
is used."""
from __future__ import annotations

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base


class ChangeLog(Base):
    __tablename__ = "change_log"
    __table_args__ = {"sqlite_autoincrement": True}
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    table_name: Mapped[str] = mapped_column(String(40))
    row_uid: Mapped[str] = mapped_column(String(36))
    op: Mapped[str] = mapped_column(String(1))          # i(nsert), u(pdate), d(elete)
