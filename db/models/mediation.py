"""Mediation sessions (调解记录), investigations (调查记录) and evidence (证据材料) with attached files."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, Synced


class MediationSession(Synced, Base):
    """One session: planned (when, where), then recorded with the seven points of a 调解记录."""
    __tablename__ = "mediation_session"
    id: Mapped[int] = mapped_column(primary_key=True)
    dispute_id: Mapped[int] = mapped_column(ForeignKey("dispute.id"), index=True)
    seq: Mapped[int] = mapped_column(Integer)                       # 第N次调解
    status: Mapped[str] = mapped_column(String(12), default="planned")   # planned / recorded / cancelled
    planned_at: Mapped[datetime] = mapped_column(DateTime)          # local time
    place: Mapped[str] = mapped_column(String(200), default="")
    held_at: Mapped[datetime | None] = mapped_column(DateTime)
    is_public: Mapped[bool] = mapped_column(Boolean, default=True)
    presiding_mediator_id: Mapped[int | None] = mapped_column(ForeignKey("mediator.id"))
    record_keeper_id: Mapped[int | None] = mapped_column(ForeignKey("mediator.id"))
    co_mediator_ids: Mapped[list] = mapped_column(JSON, default=list)
    parties_present: Mapped[list] = mapped_column(JSON, default=list)      # party uids
    participants: Mapped[list] = mapped_column(JSON, default=list)         # [{"name", "role"}] 参加人
    # the seven points
    rights_told: Mapped[bool] = mapped_column(Boolean, default=False)              # ① 告知权利义务
    principles_explained: Mapped[bool] = mapped_column(Boolean, default=False)     # ② 原则、方法、参加人介绍
    statements: Mapped[dict] = mapped_column(JSON, default=dict)                   # ③ {party uid: 陈述}
    findings_checked: Mapped[str] = mapped_column(Text, default="")                # ④ 核实的事实
    risks_explained: Mapped[str] = mapped_column(Text, default="")                 # ⑤ 风险告知
    outcome: Mapped[str | None] = mapped_column(String(12))                        # ⑥ agreed / not_agreed / continued
    terms_reached: Mapped[str] = mapped_column(Text, default="")
    no_agreement_reason: Mapped[str] = mapped_column(Text, default="")
    routes_explained: Mapped[list] = mapped_column(JSON, default=list)             # fail_routes codes
    proposal: Mapped[str] = mapped_column(Text, default="")        # staged mediation: taken up next session
    signatures: Mapped[dict] = mapped_column(JSON, default=dict)   # ⑦ {person key: true/false}
    notes: Mapped[str] = mapped_column(Text, default="")

    # the agenda looks up planned sessions by time
    __table_args__ = (Index("ix_mediation_session_status_planned", "status", "planned_at"),)

    def __repr__(self) -> str:
        return f"MediationSession(id={self.id!r}, seq={self.seq!r})"


class Investigation(Synced, Base):
    __tablename__ = "investigation"
    id: Mapped[int] = mapped_column(primary_key=True)
    dispute_id: Mapped[int] = mapped_column(ForeignKey("dispute.id"), index=True)
    held_at: Mapped[datetime] = mapped_column(DateTime)
    place: Mapped[str] = mapped_column(String(200), default="")
    investigator_id: Mapped[int | None] = mapped_column(ForeignKey("mediator.id"))
    record_keeper_id: Mapped[int | None] = mapped_column(ForeignKey("mediator.id"))
    person_questioned: Mapped[str] = mapped_column(String(100))
    questions: Mapped[list] = mapped_column(JSON, default=list)    # [{"q": 问, "a": 答}]

    def __repr__(self) -> str:
        return f"Investigation(id={self.id!r})"


class Evidence(Synced, Base):
    __tablename__ = "evidence"
    id: Mapped[int] = mapped_column(primary_key=True)
    dispute_id: Mapped[int] = mapped_column(ForeignKey("dispute.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(200))
    source: Mapped[str] = mapped_column(String(200), default="")
    kind: Mapped[str] = mapped_column(String(16), default="documentary")   # code table evidence_kinds
    pages: Mapped[int] = mapped_column(Integer, default=0)
    provided_by: Mapped[str] = mapped_column(String(100), default="")
    received_on: Mapped[date | None] = mapped_column(Date)

    def __repr__(self) -> str:
        return f"Evidence(id={self.id!r})"


class Attachment(Synced, Base):
    """A file attached to an evidence item; the bytes live beside the database under their SHA-256."""
    __tablename__ = "attachment"
    id: Mapped[int] = mapped_column(primary_key=True)
    evidence_id: Mapped[int] = mapped_column(ForeignKey("evidence.id"), index=True)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    size: Mapped[int] = mapped_column(Integer)
    media_type: Mapped[str] = mapped_column(String(100), default="application/octet-stream")

    def __repr__(self) -> str:
        return f"Attachment(id={self.id!r})"
