"""What happens when an agreement is not performed (人民调解法 Art 31–33), and 赔偿保证金 deposits."""
from __future__ import annotations

from datetime import date

from sqlalchemy import JSON, BigInteger, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, Synced


class Nonperformance(Synced, Base):
    """A term found unperformed past its deadline at a follow-up visit, and the routes explained to the parties:
    mediate again, ask the court to enforce a judicially confirmed agreement, or sue (人民调解法 Art 32)."""
    __tablename__ = "nonperformance"
    id: Mapped[int] = mapped_column(primary_key=True)
    dispute_id: Mapped[int] = mapped_column(ForeignKey("dispute.id"), index=True)
    follow_up_id: Mapped[int] = mapped_column(ForeignKey("follow_up.id"), index=True)
    term_id: Mapped[int] = mapped_column(ForeignKey("agreement_term.id"), index=True)
    found_on: Mapped[date] = mapped_column(Date)
    detail: Mapped[str] = mapped_column(Text, default="")           # what was not done
    options_explained: Mapped[list] = mapped_column(JSON, default=list)   # code table nonperformance_options
    parties_choice: Mapped[str] = mapped_column(Text, default="")   # what the parties said they would do

    def __repr__(self) -> str:
        return f"Nonperformance(id={self.id!r})"


class Deposit(Synced, Base):
    """A 赔偿保证金 paid in as security for a term: received (how much, when, from whom), held by whom, and
    then released to the obligee or returned to the payer."""
    __tablename__ = "deposit"
    id: Mapped[int] = mapped_column(primary_key=True)
    dispute_id: Mapped[int] = mapped_column(ForeignKey("dispute.id"), index=True)
    term_id: Mapped[int] = mapped_column(ForeignKey("agreement_term.id"), index=True)
    amount_fen: Mapped[int] = mapped_column(BigInteger)
    received_on: Mapped[date] = mapped_column(Date)
    paid_by: Mapped[str] = mapped_column(String(100))
    holder: Mapped[str] = mapped_column(String(100))                # who keeps it (调委会, 司法所账户)
    outcome: Mapped[str | None] = mapped_column(String(12))         # released / returned
    settled_on: Mapped[date | None] = mapped_column(Date)
    settled_to: Mapped[str] = mapped_column(String(100), default="")
    note: Mapped[str] = mapped_column(Text, default="")

    def __repr__(self) -> str:
        return f"Deposit(id={self.id!r})"
