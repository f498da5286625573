"""The register (台账): filtered, sorted pages of cases, all done in SQL so 100,000 cases stay quick."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from app import search_index
from app.lifecycle import OPEN_STATUSES, Status
from app.views import RegisterRow, amount_of
from db.models import Dispute, Mediator


class SortKey(StrEnum):
    REGISTERED = "registered"
    CASE_NO = "case_no"
    DEADLINE = "deadline"
    TYPE = "type"
    STATUS = "status"
    RISK = "risk"


_SORT_COLUMNS = {
    SortKey.REGISTERED: (Dispute.registered_on,),
    SortKey.CASE_NO: (Dispute.case_year, Dispute.case_seq),
    SortKey.DEADLINE: (Dispute.deadline,),
    SortKey.TYPE: (Dispute.type_code,),
    SortKey.STATUS: (Dispute.status,),
    SortKey.RISK: (Dispute.risk_level,),
}


@dataclass(frozen=True)
class RegisterQuery:
    search: str = ""
    statuses: tuple[str, ...] = ()
    type_code: str | None = None
    risk_level: str | None = None
    mediator_id: int | None = None
    registered_from: date | None = None
    registered_to: date | None = None
    overdue_only: bool = False
    due_within_days: int | None = None
    sort: SortKey = SortKey.REGISTERED
    descending: bool = True


def _filtered(session: Session, query: RegisterQuery, stmt: Select, today: date) -> Select:
    stmt = stmt.where(Dispute.deleted_at.is_(None))
    ids = search_index.filter_ids(session, query.search)
    if ids is not None:
        stmt = stmt.where(Dispute.id.in_(ids))
    if query.statuses:
        stmt = stmt.where(Dispute.status.in_(query.statuses))
    if query.type_code:
        stmt = stmt.where(Dispute.type_code == query.type_code)
    if query.risk_level:
        stmt = stmt.where(Dispute.risk_level == query.risk_level)
    if query.mediator_id:
        stmt = stmt.where(Dispute.presiding_mediator_id == query.mediator_id)
    if query.registered_from:
        stmt = stmt.where(Dispute.registered_on >= query.registered_from)
    if query.registered_to:
        stmt = stmt.where(Dispute.registered_on <= query.registered_to)
    if query.overdue_only or query.due_within_days is not None:
        stmt = stmt.where(Dispute.status.in_([s.value for s in OPEN_STATUSES]))
    if query.overdue_only:
        stmt = stmt.where(Dispute.deadline < today)
    if query.due_within_days is not None:
        stmt = stmt.where(Dispute.deadline.between(today, today + timedelta(days=query.due_within_days)))
    return stmt


def count_cases(session: Session, query: RegisterQuery, *, today: date | None = None) -> int:
    stmt = _filtered(session, query, select(func.count()).select_from(Dispute), today or date.today())
    return session.scalar(stmt)


def fetch_page(session: Session, query: RegisterQuery, *, offset: int, limit: int,
               today: date | None = None) -> list[RegisterRow]:
    """One page of the register, in the query's order (ties broken by id so pages never overlap)."""
    stmt = select(Dispute.id, Dispute.case_no, Dispute.title, Dispute.type_code, Dispute.parties_text,
                  Dispute.status, Mediator.name, Dispute.registered_on, Dispute.deadline, Dispute.risk_level,
                  Dispute.amount_fen).outerjoin(Mediator, Mediator.id == Dispute.presiding_mediator_id)
    stmt = _filtered(session, query, stmt, today or date.today())
    columns = (*_SORT_COLUMNS[query.sort], Dispute.id)
    # NULLS LAST only where a column can be null: on NOT NULL columns it would stop SQLite using the index.
    order = [(c.desc() if query.descending else c.asc()) for c in columns]
    order = [o.nulls_last() if c.nullable else o for o, c in zip(order, columns)]
    rows = session.execute(stmt.order_by(*order).offset(offset).limit(limit)).all()
    return [RegisterRow(r[0], r[1], r[2], r[3], r[4], Status(r[5]), r[6], r[7], r[8], r[9], amount_of(r[10]))
            for r in rows]
