"""The station (one mediation committee) and its mediators."""
from __future__ import annotations

from sqlalchemy import Boolean, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, Synced


class Station(Synced, Base):
    __tablename__ = "station"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))          # 某某镇人民调解委员会
    code: Mapped[str] = mapped_column(String(32))           # station code given by the county
    county: Mapped[str] = mapped_column(String(100))
    case_prefix: Mapped[str] = mapped_column(String(16))    # short name in case numbers: (2026)某人调字第12号

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

    def __repr__(self) -> str:
        return f"Mediator(id={self.id!r})"
