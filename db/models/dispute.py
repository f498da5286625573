"""The dispute (one case, one dossier), its status history, extensions and the case-number counter."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (BigInteger, Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint,
                        text)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.base import Base, Synced, utcnow
from db.models.party import Party


# The condition of the partial index ix_dispute_deleted (also in migration 0004).
DELETED_ONLY = text("deleted_at IS NOT NULL")


class Dispute(Synced, Base):
    __tablename__ = "dispute"
    id: Mapped[int] = mapped_column(primary_key=True)
    station_id: Mapped[int] = mapped_column(ForeignKey("station.id"))
    case_no: Mapped[str | None] = mapped_column(String(40), unique=True)
    case_year: Mapped[int | None] = mapped_column(Integer)
    case_seq: Mapped[int | None] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))                    # 事由
    type_code: Mapped[str] = mapped_column(String(8), index=True)
    source_code: Mapped[str] = mapped_column(String(16))
    registered_on: Mapped[date] = mapped_column(Date)
    accepted_on: Mapped[date | None] = mapped_column(Date)
    presiding_mediator_id: Mapped[int | None] = mapped_column(ForeignKey("mediator.id"), index=True)
    facts: Mapped[str] = mapped_column(Text, default="")
    claims: Mapped[str] = mapped_column(Text, default="")
    amount_fen: Mapped[int | None] = mapped_column(BigInteger)          # exact: yuan × 100
    people_involved: Mapped[int] = mapped_column(Integer, default=0)
    people_at_risk: Mapped[int] = mapped_column(Integer, default=0)    # of those, actually at risk of escalation
    place_id: Mapped[int | None] = mapped_column(ForeignKey("place.id"), index=True)   # 村/社区
    grid_id: Mapped[int | None] = mapped_column(ForeignKey("grid.id"))                  # 网格
    risk_level: Mapped[str] = mapped_column(String(8), default="none", index=True)
    risk_criminal: Mapped[bool] = mapped_column(Boolean, default=False)        # 民转刑
    risk_mass_petition: Mapped[bool] = mapped_column(Boolean, default=False)   # 群体性上访
    risk_suicide: Mapped[bool] = mapped_column(Boolean, default=False)         # 自杀
    risk_group_fight: Mapped[bool] = mapped_column(Boolean, default=False)     # 群体性械斗
    is_public: Mapped[bool] = mapped_column(Boolean, default=True)
    status: Mapped[str] = mapped_column(String(16), default="registered", index=True)
    deadline: Mapped[date | None] = mapped_column(Date, index=True)
    closed_on: Mapped[date | None] = mapped_column(Date)
    outcome: Mapped[str | None] = mapped_column(String(8))             # written / oral
    routes_explained: Mapped[str | None] = mapped_column(String(100))  # comma-separated fail_routes codes
    referral_target: Mapped[str | None] = mapped_column(String(100))
    decline_reason: Mapped[str | None] = mapped_column(Text)
    end_reason: Mapped[str | None] = mapped_column(Text)
    late_reason: Mapped[str | None] = mapped_column(Text)      # why it closed after the limit with no extension
    original_case_no: Mapped[str | None] = mapped_column(String(60))   # the number in the former register
    agreed_amount_fen: Mapped[int | None] = mapped_column(BigInteger)  # 协议金额 of an imported case (no terms)
    parties_text: Mapped[str] = mapped_column(String(400), default="")  # "张三、李四 / 王五" for the register
    import_key: Mapped[str | None] = mapped_column(String(64), unique=True)   # re-import does not duplicate
    # rowid of this case in the full-text index (register order key, see app/search_index.py); None if absent
    search_key: Mapped[int | None] = mapped_column(BigInteger)

    parties: Mapped[list[Party]] = relationship(
        order_by="Party.position", primaryjoin="and_(Party.dispute_id == Dispute.id, Party.deleted_at.is_(None))",
        viewonly=True)
    co_mediators: Mapped[list[DisputeMediator]] = relationship(cascade="all, delete-orphan")
    history: Mapped[list[StatusChange]] = relationship(order_by="StatusChange.id", viewonly=True)
    extensions: Mapped[list[Extension]] = relationship(order_by="Extension.id", viewonly=True)

    __table_args__ = (
        Index("ix_dispute_register_order", "registered_on", "id"),
        Index("ix_dispute_case_lookup", "case_seq", "case_year"),
        Index("ix_dispute_status_deadline", "status", "deadline"),
        # Only the (few) deleted cases: the register counts live cases as all minus these. An index on
        # deleted_at itself would lure SQLite away from the register-order index for the first page.
        # PostgreSQL's copy of the condition is added by `on_postgresql`.
        Index("ix_dispute_deleted", "id", sqlite_where=DELETED_ONLY),
        UniqueConstraint("station_id", "case_year", "case_seq", name="uq_dispute_case_seq"),
    )

    def __repr__(self) -> str:
        return f"Dispute(id={self.id!r}, case_no={self.case_no!r})"


def on_postgresql() -> None:
    """The PostgreSQL form of the partial index, added when a PostgreSQL engine is made (db/engine.py): naming
    `postgresql_where` in the table itself would load SQLAlchemy's PostgreSQL dialect in every process that
    imports the models, a station's included (30 ms of each fresh print)."""
    index = next(i for i in Dispute.__table__.indexes if i.name == "ix_dispute_deleted")
    index.dialect_kwargs["postgresql_where"] = DELETED_ONLY


class DisputeMediator(Base):
    """Mediators other than the presiding one."""
    __tablename__ = "dispute_mediator"
    dispute_id: Mapped[int] = mapped_column(ForeignKey("dispute.id"), primary_key=True)
    mediator_id: Mapped[int] = mapped_column(ForeignKey("mediator.id"), primary_key=True)


class StatusChange(Synced, Base):
    """One step of the lifecycle: who, when, from, to, why."""
    __tablename__ = "status_change"
    id: Mapped[int] = mapped_column(primary_key=True)
    dispute_id: Mapped[int] = mapped_column(ForeignKey("dispute.id"), index=True)
    from_status: Mapped[str | None] = mapped_column(String(16))
    to_status: Mapped[str] = mapped_column(String(16))
    on_date: Mapped[date] = mapped_column(Date)              # the day the action took effect
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)   # when it was recorded
    by_mediator_id: Mapped[int | None] = mapped_column(ForeignKey("mediator.id"))
    reason: Mapped[str | None] = mapped_column(Text)

    def __repr__(self) -> str:
        return f"StatusChange(id={self.id!r}, to={self.to_status!r})"


class Extension(Synced, Base):
    """An extension of the one-month limit, with the parties' consent on record."""
    __tablename__ = "extension"
    id: Mapped[int] = mapped_column(primary_key=True)
    dispute_id: Mapped[int] = mapped_column(ForeignKey("dispute.id"), index=True)
    old_deadline: Mapped[date] = mapped_column(Date)
    new_deadline: Mapped[date] = mapped_column(Date)
    consent_on: Mapped[date] = mapped_column(Date)
    consenting_party_uids: Mapped[str] = mapped_column(Text)   # comma-separated party uids
    note: Mapped[str | None] = mapped_column(Text)             # how consent was given (签字确认, 笔录第3页)
    by_mediator_id: Mapped[int | None] = mapped_column(ForeignKey("mediator.id"))

    def __repr__(self) -> str:
        return f"Extension(id={self.id!r})"


class CaseCounter(Base):
    """Last case sequence number per station and year. Incremented inside the accepting transaction, so a
    rolled-back acceptance gives its number back: no gaps, no duplicates."""
    __tablename__ = "case_counter"
    station_id: Mapped[int] = mapped_column(ForeignKey("station.id"), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_seq: Mapped[int] = mapped_column(Integer, default=0)
