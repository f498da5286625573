"""Follow-up visits (回访) and station settings."""
from __future__ import annotations

from datetime import date

from sqlalchemy import Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, Synced


class FollowUp(Synced, Base):
    __tablename__ = "follow_up"
    id: Mapped[int] = mapped_column(primary_key=True)
    dispute_id: Mapped[int] = mapped_column(ForeignKey("dispute.id"), index=True)
    due_on: Mapped[date] = mapped_column(Date, index=True)
    visited_on: Mapped[date | None] = mapped_column(Date)
    visitor_id: Mapped[int | None] = mapped_column(ForeignKey("mediator.id"))
    persons_visited: Mapped[str] = mapped_column(Text, default="")
    performance: Mapped[str] = mapped_column(Text, default="")         # 履行情况
    satisfaction: Mapped[str | None] = mapped_column(String(12))       # satisfied / basically / unsatisfied
    escalation_signs: Mapped[str] = mapped_column(Text, default="")    # 矛盾激化迹象
    measures: Mapped[str] = mapped_column(Text, default="")            # 采取的措施

    def __repr__(self) -> str:
        return f"FollowUp(id={self.id!r})"


class StationSetting(Base):
    """Station-level settings (key -> text value), e.g. the follow-up delay in days."""
    __tablename__ = "station_setting"
    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
