"""Public hearings (公开听证) and the station's roster of hearing officers (听证员)."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, Synced


class HearingOfficer(Synced, Base):
    __tablename__ = "hearing_officer"
    id: Mapped[int] = mapped_column(primary_key=True)
    station_id: Mapped[int] = mapped_column(ForeignKey("station.id"), index=True)
    name: Mapped[str] = mapped_column(String(50))
    category: Mapped[str] = mapped_column(String(20))       # code table officer_categories
    phone: Mapped[str | None] = mapped_column(String(32))
    unit: Mapped[str] = mapped_column(String(200), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    def __repr__(self) -> str:
        return f"HearingOfficer(id={self.id!r})"


class Hearing(Synced, Base):
    __tablename__ = "hearing"
    id: Mapped[int] = mapped_column(primary_key=True)
    dispute_id: Mapped[int] = mapped_column(ForeignKey("dispute.id"), index=True)
    status: Mapped[str] = mapped_column(String(12), default="planned")    # planned / held / cancelled
    planned_at: Mapped[datetime] = mapped_column(DateTime)
    place: Mapped[str] = mapped_column(String(200), default="")
    is_public: Mapped[bool] = mapped_column(Boolean, default=True)
    private_reason: Mapped[str] = mapped_column(Text, default="")   # privacy, trade secret, a party objects
    presider_id: Mapped[int | None] = mapped_column(ForeignKey("mediator.id"))
    clerk_id: Mapped[int | None] = mapped_column(ForeignKey("mediator.id"))
    officer_ids: Mapped[list] = mapped_column(JSON, default=list)
    parties_present: Mapped[list] = mapped_column(JSON, default=list)   # party uids
    others_present: Mapped[list] = mapped_column(JSON, default=list)    # names
    notices: Mapped[dict] = mapped_column(JSON, default=dict)           # {party uid: "YYYY-MM-DD" sent}
    record: Mapped[dict] = mapped_column(JSON, default=dict)            # {step: text}, steps of DOMAIN.md
    opinions: Mapped[dict] = mapped_column(JSON, default=dict)          # {officer id: opinion}
    refusals: Mapped[str] = mapped_column(Text, default="")             # who refused to sign
    held_on: Mapped[date | None] = mapped_column(Date)
    summary_due: Mapped[date | None] = mapped_column(Date)              # 7 working days after held_on
    summary_on: Mapped[date | None] = mapped_column(Date)
    summary_facts: Mapped[str] = mapped_column(Text, default="")
    summary_views: Mapped[str] = mapped_column(Text, default="")
    summary_disagreements: Mapped[str] = mapped_column(Text, default="")
    summary_handling: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (Index("ix_hearing_status_planned", "status", "planned_at"),)

    def __repr__(self) -> str:
        return f"Hearing(id={self.id!r})"
