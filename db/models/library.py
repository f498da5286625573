"""The case library (以案释法: typical cases, their summaries with names masked) and the station's monthly
work summary (月度工作报告's 工作小结, written by the head)."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, Synced, utcnow


class CaseLibraryEntry(Synced, Base):
    """A closed case marked as typical (典型案例): its summary, names masked, found again by type and text."""
    __tablename__ = "case_library_entry"
    id: Mapped[int] = mapped_column(primary_key=True)
    dispute_id: Mapped[int] = mapped_column(ForeignKey("dispute.id"), unique=True)
    title: Mapped[str] = mapped_column(String(200))                  # 张某与李某相邻漏水纠纷案
    type_code: Mapped[str] = mapped_column(String(8), index=True)    # copied from the case, editable
    tags: Mapped[str] = mapped_column(String(200), default="")       # 、-separated: 漏水、相邻关系
    summary: Mapped[str] = mapped_column(Text, default="")           # 基本案情、调解过程、调解结果、典型意义
    marked_by: Mapped[int | None] = mapped_column(ForeignKey("mediator.id"))
    marked_on: Mapped[date] = mapped_column(Date)

    def __repr__(self) -> str:
        return f"CaseLibraryEntry(id={self.id!r})"


class MonthlySummary(Base):
    """The head's short 工作小结 for one month of the station's monthly report (the figures are computed)."""
    __tablename__ = "monthly_summary"
    id: Mapped[int] = mapped_column(primary_key=True)
    station_id: Mapped[int] = mapped_column(ForeignKey("station.id"))
    month: Mapped[str] = mapped_column(String(7))                    # 2026-11
    text: Mapped[str] = mapped_column(Text, default="")
    written_by: Mapped[int | None] = mapped_column(ForeignKey("mediator.id"))
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    __table_args__ = (UniqueConstraint("station_id", "month", name="uq_monthly_summary_station_month"),)
