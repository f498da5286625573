"""The station (one mediation committee) and its mediators."""
from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, Synced


class Station(Synced, Base):
    __tablename__ = "station"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))          # 某某镇人民调解委员会
    code: Mapped[str] = mapped_column(String(32))           # station code given by the county
    county: Mapped[str] = mapped_column(String(100))
    case_prefix: Mapped[str] = mapped_column(String(16))    # short name in case numbers: (2026)某人调字第12号
    # The committee as the Ministry's statistics count it; its head is the mediator whose role is 主任.
    committee_kind: Mapped[str] = mapped_column(String(16), default="")   # code table committee_kinds
    committee_field: Mapped[str] = mapped_column(String(100), default="")  # 行业性专业性: its field (医疗, 交通)
    founded_on: Mapped[date | None] = mapped_column(Date)
    address: Mapped[str] = mapped_column(String(200), default="")

    def __repr__(self) -> str:
        return f"Station(id={self.id!r}, code={self.code!r})"


class Mediator(Synced, Base):
    __tablename__ = "mediator"
    id: Mapped[int] = mapped_column(primary_key=True)
    station_id: Mapped[int] = mapped_column(ForeignKey("station.id"), index=True)
    name: Mapped[str] = mapped_column(String(50))
    role: Mapped[str] = mapped_column(String(16), default="mediator")   # code table mediator_roles
    phone: Mapped[str | None] = mapped_column(String(32))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # What the Ministry's statistics count ("" = not entered yet).
    employment: Mapped[str] = mapped_column(String(12), default="")     # full_time 专职 / part_time 兼职
    gender: Mapped[str] = mapped_column(String(8), default="")          # male / female
    ethnicity: Mapped[str] = mapped_column(String(4), default="")       # code table ethnic_groups
    education: Mapped[str] = mapped_column(String(16), default="")      # code table education_levels
    certificate_no: Mapped[str] = mapped_column(String(40), default="")  # 调解员证 number
    training_hours: Mapped[int] = mapped_column(Integer, default=0)

    def __repr__(self) -> str:
        return f"Mediator(id={self.id!r})"
