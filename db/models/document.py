"""The registry of issued documents: which document, which version, its verification code, when, by whom."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, Synced, utcnow


class IssuedDocument(Synced, Base):
    __tablename__ = "issued_document"
    id: Mapped[int] = mapped_column(primary_key=True)
    dispute_id: Mapped[int] = mapped_column(ForeignKey("dispute.id"), index=True)
    doc_type: Mapped[str] = mapped_column(String(32))
    part: Mapped[str] = mapped_column(String(32), default="")       # e.g. the session number
    version: Mapped[int] = mapped_column(Integer)
    code: Mapped[str] = mapped_column(String(16), unique=True)      # printed on every page
    content_digest: Mapped[str] = mapped_column(String(64))
    issued_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    issued_by: Mapped[int | None] = mapped_column(ForeignKey("mediator.id"))
    # Characters no font could draw (blank on that paper), as the person was told before it was issued.
    missing_chars: Mapped[str] = mapped_column(Text, default="")

    def __repr__(self) -> str:
        return f"IssuedDocument(id={self.id!r}, code={self.code!r})"
