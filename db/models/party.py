"""A party to a dispute: a natural person or an organisation, with an optional agent."""
from __future__ import annotations

from datetime import date

from sqlalchemy import Date, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, Synced


class Party(Synced, Base):
    __tablename__ = "party"
    id: Mapped[int] = mapped_column(primary_key=True)
    dispute_id: Mapped[int] = mapped_column(ForeignKey("dispute.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)        # order shown on documents
    role: Mapped[str] = mapped_column(String(16))                    # applicant / respondent / third_party
    kind: Mapped[str] = mapped_column(String(16), default="person")  # person / organisation
    name: Mapped[str] = mapped_column(String(100), index=True)
    # natural person
    gender: Mapped[str | None] = mapped_column(String(8))            # male / female
    ethnicity: Mapped[str | None] = mapped_column(String(4))         # GB 3304 code
    birth_date: Mapped[date | None] = mapped_column(Date)
    occupation: Mapped[str | None] = mapped_column(String(100))
    address: Mapped[str | None] = mapped_column(String(200))         # 住址或单位 / organisation address
    phone: Mapped[str | None] = mapped_column(String(32), index=True)
    id_number: Mapped[str | None] = mapped_column(String(18), index=True)
    # organisation
    credit_code: Mapped[str | None] = mapped_column(String(18))
    legal_representative: Mapped[str | None] = mapped_column(String(50))
    # agent (委托代理人)
    agent_name: Mapped[str | None] = mapped_column(String(50))
    agent_phone: Mapped[str | None] = mapped_column(String(32))
    agent_id_number: Mapped[str | None] = mapped_column(String(18))
    agent_authority: Mapped[str | None] = mapped_column(String(100))  # 一般授权 / 特别授权: ...

    def __repr__(self) -> str:
        return f"Party(id={self.id!r}, role={self.role!r})"
