"""The station's work beyond the cases it is brought: its places (村/社区 and 网格), screening visits (排查) and
what they found, reports of 信息员/网格员, disputes prevented (预防), risk reports (风险报告) and referrals to and
from the court, the police and other bodies."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, Synced


class Place(Synced, Base):
    """A village or community (村/社区) the station serves; its grids (网格) hang under it."""
    __tablename__ = "place"
    id: Mapped[int] = mapped_column(primary_key=True)
    station_id: Mapped[int] = mapped_column(ForeignKey("station.id"), index=True)
    name: Mapped[str] = mapped_column(String(50))
    kind: Mapped[str] = mapped_column(String(12), default="village")      # code table place_kinds
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    def __repr__(self) -> str:
        return f"Place(id={self.id!r})"


class Grid(Synced, Base):
    """A grid (网格) of a village or community, watched by its grid worker."""
    __tablename__ = "grid"
    id: Mapped[int] = mapped_column(primary_key=True)
    place_id: Mapped[int] = mapped_column(ForeignKey("place.id"), index=True)
    name: Mapped[str] = mapped_column(String(50))
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    def __repr__(self) -> str:
        return f"Grid(id={self.id!r})"


class Screening(Synced, Base):
    """One screening visit (矛盾纠纷排查): when, where, who went, what was done."""
    __tablename__ = "screening"
    id: Mapped[int] = mapped_column(primary_key=True)
    station_id: Mapped[int] = mapped_column(ForeignKey("station.id"), index=True)
    visited_on: Mapped[date] = mapped_column(Date, index=True)
    place_id: Mapped[int] = mapped_column(ForeignKey("place.id"), index=True)
    grid_id: Mapped[int | None] = mapped_column(ForeignKey("grid.id"))
    mediator_ids: Mapped[list] = mapped_column(JSON, default=list)        # who went, from the roster
    others: Mapped[str] = mapped_column(String(200), default="")          # others who went (网格员, 村干部)
    notes: Mapped[str] = mapped_column(Text, default="")

    def __repr__(self) -> str:
        return f"Screening(id={self.id!r})"


class ScreeningFinding(Synced, Base):
    """A dispute or sign of one found on a screening visit, and what became of it (a case, when registered)."""
    __tablename__ = "screening_finding"
    id: Mapped[int] = mapped_column(primary_key=True)
    screening_id: Mapped[int] = mapped_column(ForeignKey("screening.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    type_code: Mapped[str] = mapped_column(String(8))
    summary: Mapped[str] = mapped_column(Text)
    people_involved: Mapped[int] = mapped_column(Integer, default=0)
    risk_level: Mapped[str] = mapped_column(String(8), default="none")
    handling: Mapped[str] = mapped_column(String(12), default="watch")   # code table finding_handling
    dispute_id: Mapped[int | None] = mapped_column(ForeignKey("dispute.id"), index=True)

    def __repr__(self) -> str:
        return f"ScreeningFinding(id={self.id!r})"


class InfoReport(Synced, Base):
    """A report of a dispute by an information officer or grid worker (信息员/网格员): a source of cases."""
    __tablename__ = "info_report"
    id: Mapped[int] = mapped_column(primary_key=True)
    station_id: Mapped[int] = mapped_column(ForeignKey("station.id"), index=True)
    reporter: Mapped[str] = mapped_column(String(50))
    reporter_role: Mapped[str] = mapped_column(String(16))               # code table reporter_roles
    reported_on: Mapped[date] = mapped_column(Date, index=True)
    place_id: Mapped[int | None] = mapped_column(ForeignKey("place.id"))
    grid_id: Mapped[int | None] = mapped_column(ForeignKey("grid.id"))
    location: Mapped[str] = mapped_column(String(200), default="")
    content: Mapped[str] = mapped_column(Text)
    dispute_id: Mapped[int | None] = mapped_column(ForeignKey("dispute.id"), index=True)

    def __repr__(self) -> str:
        return f"InfoReport(id={self.id!r})"


class PreventedDispute(Synced, Base):
    """A dispute prevented before it broke out (预防纠纷): counted in the Ministry's report."""
    __tablename__ = "prevented_dispute"
    id: Mapped[int] = mapped_column(primary_key=True)
    station_id: Mapped[int] = mapped_column(ForeignKey("station.id"), index=True)
    on_date: Mapped[date] = mapped_column(Date, index=True)
    place_id: Mapped[int | None] = mapped_column(ForeignKey("place.id"))
    grid_id: Mapped[int | None] = mapped_column(ForeignKey("grid.id"))
    type_code: Mapped[str] = mapped_column(String(8))
    people_involved: Mapped[int] = mapped_column(Integer, default=0)
    how: Mapped[str] = mapped_column(Text)
    mediator_ids: Mapped[list] = mapped_column(JSON, default=list)        # by whom, from the roster
    others: Mapped[str] = mapped_column(String(200), default="")

    def __repr__(self) -> str:
        return f"PreventedDispute(id={self.id!r})"


class RiskReport(Synced, Base):
    """An orange or red case reported to 司法所, 派出所, 综治中心 … (人民调解法 Art 25), and the reply."""
    __tablename__ = "risk_report"
    id: Mapped[int] = mapped_column(primary_key=True)
    dispute_id: Mapped[int] = mapped_column(ForeignKey("dispute.id"), index=True)
    risk_level: Mapped[str] = mapped_column(String(8))                    # the colour reported
    reported_to: Mapped[str] = mapped_column(String(32))                  # code table report_recipients
    recipient: Mapped[str] = mapped_column(String(100), default="")       # which office, whom
    reported_at: Mapped[datetime] = mapped_column(DateTime)              # station wall time
    method: Mapped[str] = mapped_column(String(16))                       # code table report_methods
    content: Mapped[str] = mapped_column(Text, default="")
    reply: Mapped[str] = mapped_column(Text, default="")
    reply_on: Mapped[date | None] = mapped_column(Date)
    by_mediator_id: Mapped[int | None] = mapped_column(ForeignKey("mediator.id"))

    def __repr__(self) -> str:
        return f"RiskReport(id={self.id!r})"


class Referral(Synced, Base):
    """A referral: in from the court (委派/委托) or the police (110), or out (移送) at any stage, with the feedback."""
    __tablename__ = "referral"
    id: Mapped[int] = mapped_column(primary_key=True)
    dispute_id: Mapped[int] = mapped_column(ForeignKey("dispute.id"), index=True)
    direction: Mapped[str] = mapped_column(String(8))                     # court / police / out
    court_kind: Mapped[str | None] = mapped_column(String(12))            # assigned 委派 / entrusted 委托
    body: Mapped[str] = mapped_column(String(100))                        # the court, police station or receiver
    letter_no: Mapped[str] = mapped_column(String(60), default="")        # court letter or 110 incident number
    on_date: Mapped[date] = mapped_column(Date)
    due_on: Mapped[date | None] = mapped_column(Date, index=True)         # court deadline, feedback expected
    stage: Mapped[str | None] = mapped_column(String(16))                 # the case's status when referred out
    note: Mapped[str] = mapped_column(Text, default="")
    result_on: Mapped[date | None] = mapped_column(Date)                  # result returned / feedback sent or received
    result: Mapped[str] = mapped_column(Text, default="")

    def __repr__(self) -> str:
        return f"Referral(id={self.id!r})"
