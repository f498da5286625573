"""Tables only the county office fills: the stations it accepts bundles from, the ledger of bundles received,
the conflicts waiting for a person, the receipts sent back, the county's own keys, attachment bytes, and the
keyed hashes that recognise one person across stations. A station's database has them too, empty."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, utcnow


class CountyIdentity(Base):
    """One row: the county's key pair and the HMAC key for persons. Its presence marks a county database."""
    __tablename__ = "county_identity"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    signing_key: Mapped[bytes] = mapped_column(LargeBinary)      # Ed25519 private, raw 32 bytes
    agreement_key: Mapped[bytes] = mapped_column(LargeBinary)    # X25519 private, raw 32 bytes
    person_key: Mapped[bytes] = mapped_column(LargeBinary)       # HMAC-SHA256 key for persons
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class CountyStation(Base):
    __tablename__ = "county_station"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    county: Mapped[str] = mapped_column(String(100), default="")
    signing_key: Mapped[str] = mapped_column(String(64))       # base64 raw Ed25519 public key
    agreement_key: Mapped[str] = mapped_column(String(64))     # base64 raw X25519 public key
    enrolled_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)
    applied_no: Mapped[int] = mapped_column(Integer, default=0)     # newest bundle applied
    applied_seq: Mapped[int] = mapped_column(Integer, default=0)    # every change up to here is in
    last_received_at: Mapped[datetime | None] = mapped_column(DateTime)


class CountyBundle(Base):
    """The ledger: every bundle accepted (applied or pending). Refused ones leave no trace here."""
    __tablename__ = "county_bundle"
    id: Mapped[int] = mapped_column(primary_key=True)
    station_code: Mapped[str] = mapped_column(String(32), index=True)
    number: Mapped[int] = mapped_column(Integer)
    digest: Mapped[str] = mapped_column(String(64), unique=True)    # SHA-256 of the whole file
    status: Mapped[str] = mapped_column(String(12))                 # pending / applied
    seq_from: Mapped[int] = mapped_column(Integer)
    seq_to: Mapped[int] = mapped_column(Integer)
    period_from: Mapped[str] = mapped_column(String(10))
    period_to: Mapped[str] = mapped_column(String(10))
    zero_report: Mapped[bool] = mapped_column(default=False)
    counts: Mapped[dict] = mapped_column(JSON, default=dict)
    outcome: Mapped[dict] = mapped_column(JSON, default=dict)       # inserted / updated / ignored / conflicts
    summary: Mapped[dict] = mapped_column(JSON, default=dict)       # the station's own statistics of the period
    payload: Mapped[bytes | None] = mapped_column(LargeBinary)      # verified archive, kept while pending
    received_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    applied_at: Mapped[datetime | None] = mapped_column(DateTime)
    # The station's audit chain head when it wrote the bundle: a checkpoint the station cannot rewrite.
    audit_seq: Mapped[int | None] = mapped_column(Integer)
    audit_hash: Mapped[str | None] = mapped_column(String(64))

    __table_args__ = (UniqueConstraint("station_code", "number", name="uq_county_bundle_station_number"),)


class CountyConflict(Base):
    """Same revision of a record, different content: a person chooses which to keep."""
    __tablename__ = "county_conflict"
    id: Mapped[int] = mapped_column(primary_key=True)
    bundle_id: Mapped[int] = mapped_column(ForeignKey("county_bundle.id"), index=True)
    station_code: Mapped[str] = mapped_column(String(32))
    table_name: Mapped[str] = mapped_column(String(40))
    row_uid: Mapped[str] = mapped_column(String(36), index=True)
    revision: Mapped[int] = mapped_column(Integer)
    incoming: Mapped[dict] = mapped_column(JSON)                 # the record as the bundle carries it
    detected_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime)
    resolution: Mapped[str | None] = mapped_column(String(12))   # kept / incoming
    note: Mapped[str] = mapped_column(Text, default="")


class CountyReceipt(Base):
    __tablename__ = "county_receipt"
    id: Mapped[int] = mapped_column(primary_key=True)
    bundle_id: Mapped[int] = mapped_column(ForeignKey("county_bundle.id"), index=True)
    body: Mapped[str] = mapped_column(Text)            # the signed JSON exactly as written to the file
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class CountyFile(Base):
    """Attachment bytes received in bundles, by content hash, stored in the same transaction as the rows."""
    __tablename__ = "county_file"
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)


class CountyPerson(Base):
    """HMAC(county key, ID number) per party: the same person across stations, without storing a plain hash."""
    __tablename__ = "county_person"
    party_uid: Mapped[str] = mapped_column(String(36), primary_key=True)
    person_key: Mapped[str] = mapped_column(String(64), index=True)
