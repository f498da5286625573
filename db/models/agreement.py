"""Agreements (人民调解协议书 / 口头协议登记表), their numbered terms and cited provisions, and the catalogue
of legal provisions mediators add to."""
from __future__ import annotations

from datetime import date

from sqlalchemy import JSON, BigInteger, Boolean, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.base import Base, Synced


class Agreement(Synced, Base):
    __tablename__ = "agreement"
    id: Mapped[int] = mapped_column(primary_key=True)
    dispute_id: Mapped[int] = mapped_column(ForeignKey("dispute.id"), index=True)
    form: Mapped[str] = mapped_column(String(8), default="written")     # written / oral
    facts: Mapped[str] = mapped_column(Text, default="")                # 经调查查明
    matters: Mapped[str] = mapped_column(Text, default="")              # 争议事项
    responsibilities: Mapped[str] = mapped_column(Text, default="")     # 各方责任
    findings: Mapped[str] = mapped_column(Text, default="")             # 说理: what was found
    fairness: Mapped[str] = mapped_column(Text, default="")             # 说理: why the terms are fair
    copies: Mapped[int | None] = mapped_column(Integer)                 # None: parties + 1
    status_matter: Mapped[bool] = mapped_column(Boolean, default=False)  # marriage/adoption/status: not confirmable
    signed_on: Mapped[date | None] = mapped_column(Date)
    signatories: Mapped[str] = mapped_column(Text, default="")          # who signed (names, 、-separated)
    effective_on: Mapped[date | None] = mapped_column(Date, index=True)  # all signed and sealed
    jc_applied_on: Mapped[date | None] = mapped_column(Date)            # 司法确认 application
    jc_court: Mapped[str] = mapped_column(String(100), default="")
    jc_result: Mapped[str | None] = mapped_column(String(12))           # confirmed / rejected / withdrawn
    jc_result_on: Mapped[date | None] = mapped_column(Date)

    terms: Mapped[list[AgreementTerm]] = relationship(order_by="AgreementTerm.position", viewonly=True)
    citations: Mapped[list[AgreementCitation]] = relationship(order_by="AgreementCitation.position",
                                                              viewonly=True)

    def __repr__(self) -> str:
        return f"Agreement(id={self.id!r})"


class AgreementTerm(Synced, Base):
    """One numbered term: who owes what to whom, how, where and by when; and whether it was performed."""
    __tablename__ = "agreement_term"
    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreement.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    obligor_uid: Mapped[str] = mapped_column(String(36), default="")     # party uid
    obligee_uid: Mapped[str] = mapped_column(String(36), default="")
    # Several on a side: the other obligors and obligees (party uids), and how the obligors are liable:
    # "joint" (连带) or "shares" (按份, each one's share in `shares`, uid -> "1,500.00" or "60%").
    co_obligor_uids: Mapped[list] = mapped_column(JSON, default=list)
    co_obligee_uids: Mapped[list] = mapped_column(JSON, default=list)
    liability: Mapped[str] = mapped_column(String(8), default="")
    shares: Mapped[dict] = mapped_column(JSON, default=dict)
    content: Mapped[str] = mapped_column(Text)
    involves_money: Mapped[bool] = mapped_column(Boolean, default=False)
    amount_fen: Mapped[int | None] = mapped_column(BigInteger)
    method: Mapped[str] = mapped_column(String(200), default="")         # 履行方式
    place: Mapped[str] = mapped_column(String(200), default="")          # 履行地点
    due_on: Mapped[date | None] = mapped_column(Date)                    # 履行期限
    performance: Mapped[str] = mapped_column(String(12), default="pending")   # pending / partly / performed
    performed_on: Mapped[date | None] = mapped_column(Date)
    performance_note: Mapped[str] = mapped_column(Text, default="")      # receipt, transfer slip, evidence

    __table_args__ = (Index("ix_agreement_term_performance_due", "performance", "due_on"),)

    def __repr__(self) -> str:
        return f"AgreementTerm(id={self.id!r})"


class AgreementCitation(Synced, Base):
    """A provision cited in the reasoning, copied at the time so that the printed agreement never changes."""
    __tablename__ = "agreement_citation"
    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreement.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    law: Mapped[str] = mapped_column(String(100))
    article: Mapped[str] = mapped_column(String(40))
    gist: Mapped[str] = mapped_column(Text, default="")

    def __repr__(self) -> str:
        return f"AgreementCitation(id={self.id!r})"


class LegalProvision(Synced, Base):
    """A provision a mediator added to the catalogue (the built-in ones are in resources/)."""
    __tablename__ = "legal_provision"
    id: Mapped[int] = mapped_column(primary_key=True)
    # The station that added it: at the county, a station changes only its own (None: received before 0011).
    station_id: Mapped[int | None] = mapped_column(ForeignKey("station.id"), index=True)
    law: Mapped[str] = mapped_column(String(100))
    article: Mapped[str] = mapped_column(String(40))
    gist: Mapped[str] = mapped_column(Text, default="")
    topic: Mapped[str] = mapped_column(String(100), default="")

    def __repr__(self) -> str:
        return f"LegalProvision(id={self.id!r})"
