"""The stations' audit chains as the county knows them, and what it found when a bundle did not extend them.

Only entry numbers and hashes travel (no personal detail); see app/sync/audit_anchor.py. A station's
database has these tables too, empty.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, utcnow


class CountyAuditLink(Base):
    """One entry of a station's chain: its number and hash, and the bundle that brought it."""
    __tablename__ = "county_audit_link"
    station_code: Mapped[str] = mapped_column(String(32), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    hash: Mapped[str] = mapped_column(String(64))
    bundle_number: Mapped[int] = mapped_column(Integer)


class CountyAuditEvent(Base):
    """A bundle whose chain did not simply extend the county's: an alarm (cut / rewrite / rollback) or a
    restore the station has on record."""
    __tablename__ = "county_audit_event"
    id: Mapped[int] = mapped_column(primary_key=True)
    station_code: Mapped[str] = mapped_column(String(32), index=True)
    bundle_number: Mapped[int] = mapped_column(Integer)
    bundle_digest: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(12))               # cut / rewrite / rollback / restore
    last_match: Mapped[int] = mapped_column(Integer)            # the last entry that still matches (0: none)
    first_differ: Mapped[int | None] = mapped_column(Integer)   # the first entry found to differ
    county_head: Mapped[int] = mapped_column(Integer)           # how far the county's copy reached
    station_head: Mapped[int] = mapped_column(Integer)          # how far the station's chain reaches now
    detail: Mapped[dict] = mapped_column(JSON, default=dict)    # the restores on record, as the bundle carried them
    detected_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
