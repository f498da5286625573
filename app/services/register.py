"""The register (台账): filtered, sorted pages of cases, all done in SQL so 100,000 cases stay quick.

Written as plain SQL (see app/services/sql.py) so that the register window opens without SQLAlchemy.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from app import search_text
from app.lifecycle import OPEN_STATUSES, Status
from app.services.agenda import overdue_cases_sql
from app.services.sql import Db, as_date, date_param, is_sqlite, rows, scalar
from app.views import RegisterRow, amount_of
from app import clock


class SortKey(StrEnum):
    REGISTERED = "registered"
    CASE_NO = "case_no"
    DEADLINE = "deadline"
    TYPE = "type"
    STATUS = "status"
    RISK = "risk"


# Sort columns; the nullable ones sort their NULLs last (on NOT NULL columns that would stop index use).
_SORT_COLUMNS: dict[SortKey, tuple[tuple[str, bool], ...]] = {
    SortKey.REGISTERED: (("d.registered_on", False),),
    SortKey.CASE_NO: (("d.case_year", True), ("d.case_seq", True)),
    SortKey.DEADLINE: (("d.deadline", True),),
    SortKey.TYPE: (("d.type_code", False),),
    SortKey.STATUS: (("d.status", False),),
    SortKey.RISK: (("d.risk_level", False),),
}
_COLUMNS = ("d.id, d.case_no, d.title, d.type_code, d.parties_text, d.status, m.name, d.registered_on, "
            "d.deadline, d.risk_level, d.amount_fen")


@dataclass(frozen=True)
class RegisterQuery:
    search: str = ""
    statuses: tuple[str, ...] = ()
    type_code: str | None = None
    risk_level: str | None = None
    mediator_id: int | None = None
    place_id: int | None = None          # 村/社区
    grid_id: int | None = None           # 网格
    registered_from: date | None = None
    registered_to: date | None = None
    overdue_only: bool = False
    due_within_days: int | None = None
    sort: SortKey = SortKey.REGISTERED
    descending: bool = True

    def has_filters(self) -> bool:
        """Any condition besides the search text."""
        return self != RegisterQuery(search=self.search, sort=self.sort, descending=self.descending)


def _conditions(db: Db, query: RegisterQuery, today: date, *,
                with_search: bool = True) -> tuple[list[str], dict[str, object]]:
    where, params = ["d.deleted_at IS NULL"], {}

    def add(condition: str, **values: object) -> None:
        where.append(condition)
        params.update(values)

    if with_search:
        plan = search_text.plan(query.search, sqlite=is_sqlite(db))
        if plan:
            condition, values = plan.where()
            add(condition, **values)
    statuses = list(query.statuses)
    if query.due_within_days is not None:
        open_codes = [s.value for s in OPEN_STATUSES]
        statuses = [s for s in statuses if s in open_codes] if statuses else open_codes
        if not statuses:
            statuses = ["-"]  # asked for closed cases with a running deadline: there are none
    if statuses:
        names = [f"st{i}" for i in range(len(statuses))]
        add(f"d.status IN ({', '.join(':' + n for n in names)})", **dict(zip(names, statuses, strict=True)))
    if query.type_code:
        add("d.type_code = :type_code", type_code=query.type_code)
    if query.risk_level:
        add("d.risk_level = :risk", risk=query.risk_level)
    if query.mediator_id:
        add("d.presiding_mediator_id = :mediator", mediator=query.mediator_id)
    if query.place_id:
        add("d.place_id = :place", place=query.place_id)
    if query.grid_id:
        add("d.grid_id = :grid", grid=query.grid_id)
    if query.registered_from:
        add("d.registered_on >= :reg_from", reg_from=date_param(db, query.registered_from))
    if query.registered_to:
        add("d.registered_on <= :reg_to", reg_to=date_param(db, query.registered_to))
    if query.overdue_only:
        # the agenda's definition, whatever is late: a session, the deadline, a term, a follow-up visit
        late, values = overdue_cases_sql(db, today)
        add(f"d.id IN ({late})", **values)
    if query.due_within_days is not None:
        add("d.deadline BETWEEN :today AND :due_by", today=date_param(db, today),
            due_by=date_param(db, today + timedelta(days=query.due_within_days)))
    return where, params


def count_cases(db: Db, query: RegisterQuery, *, today: date | None = None) -> int:
    if not query.search.strip() and not query.has_filters():
        # All rows (from the narrowest index) minus the deleted ones (a tiny partial index): no table scan.
        return scalar(db, "SELECT (SELECT count(*) FROM dispute) - "
                          "(SELECT count(*) FROM dispute WHERE deleted_at IS NOT NULL)")
    plan = search_text.plan(query.search, sqlite=is_sqlite(db))
    if plan and plan.expression and not query.has_filters():
        # The index holds live cases only, so its own count is the answer (no join).
        return scalar(db, "SELECT count(*) FROM dispute_search WHERE dispute_search MATCH :fts",
                      {"fts": plan.expression})
    where, params = _conditions(db, query, today or clock.today())
    return scalar(db, f"SELECT count(*) FROM dispute d WHERE {' AND '.join(where)}", params)


def fetch_page(db: Db, query: RegisterQuery, *, offset: int, limit: int,
               today: date | None = None) -> list[RegisterRow]:
    """One page of the register, in the query's order (ties broken by id so pages never overlap)."""
    today = today or clock.today()
    plan = search_text.plan(query.search, sqlite=is_sqlite(db))
    join = "LEFT JOIN mediator m ON m.id = d.presiding_mediator_id"
    direction = "DESC" if query.descending else "ASC"
    if plan and plan.expression and query.sort == SortKey.REGISTERED:
        # Walk the index in its rowid order, which is the register's order: no sort of all the hits.
        where, params = _conditions(db, query, today, with_search=False)
        sql = (f"SELECT {_COLUMNS} FROM dispute_search f JOIN dispute d ON d.id = f.rowid & {search_text.ID_MASK} "
               f"{join} WHERE dispute_search MATCH :fts AND {' AND '.join(where)} ORDER BY f.rowid {direction}")
        params["fts"] = plan.expression
    else:
        where, params = _conditions(db, query, today)
        order = [f"{c} {direction}" + (" NULLS LAST" if nullable else "")
                 for c, nullable in _SORT_COLUMNS[query.sort]] + [f"d.id {direction}"]
        sql = f"SELECT {_COLUMNS} FROM dispute d {join} WHERE {' AND '.join(where)} ORDER BY {', '.join(order)}"
    params.update(limit=limit, offset=offset)
    return [RegisterRow(r[0], r[1], r[2], r[3], r[4], Status(r[5]), r[6], as_date(r[7]), as_date(r[8]), r[9],
                        amount_of(r[10]))
            for r in rows(db, sql + " LIMIT :limit OFFSET :offset", params)]
