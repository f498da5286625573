"""The committee's outside members (民警, 网格员, 律师 …) and its teams (诉前调解组, 联合调解组)."""
from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, Synced


class RosterMember(Synced, Base):
    """Someone who is not one of the station's mediators but takes part in its work: a police officer, a grid
    worker, an information officer (信息员), a lawyer, a judge of the court the station works with."""
    __tablename__ = "roster_member"
    id: Mapped[int] = mapped_column(primary_key=True)
    station_id: Mapped[int] = mapped_column(ForeignKey("station.id"), index=True)
    name: Mapped[str] = mapped_column(String(50))
    category: Mapped[str] = mapped_column(String(20))           # code table roster_categories
    title: Mapped[str] = mapped_column(String(50), default="")  # 职务 or role as written (社区民警, 亲属)
    unit: Mapped[str] = mapped_column(String(200), default="")  # 工作单位 (某某派出所)
    phone: Mapped[str | None] = mapped_column(String(32))
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    def __repr__(self) -> str:
        return f"RosterMember(id={self.id!r})"


class Team(Synced, Base):
    """A standing team: 诉前调解组 set up with a court, or a joint team (联合调解, e.g. with the police)."""
    __tablename__ = "team"
    id: Mapped[int] = mapped_column(primary_key=True)
    station_id: Mapped[int] = mapped_column(ForeignKey("station.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(12))                 # code table team_kinds
    partner: Mapped[str] = mapped_column(String(200), default="")  # the court or police station it works with
    formed_on: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    def __repr__(self) -> str:
        return f"Team(id={self.id!r})"


class TeamMember(Synced, Base):
    """One member of a team: one of the station's mediators or someone on the roster (exactly one of the two)."""
    __tablename__ = "team_member"
    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("team.id"), index=True)
    mediator_id: Mapped[int | None] = mapped_column(ForeignKey("mediator.id"))
    roster_member_id: Mapped[int | None] = mapped_column(ForeignKey("roster_member.id"))
    duty: Mapped[str] = mapped_column(String(20), default="")     # 组长 / 成员

    def __repr__(self) -> str:
        return f"TeamMember(id={self.id!r})"
