"""The agenda (今日待办): what is due today, in the coming week, and overdue, across the station.

Plain SQL (see sql.py): the agenda is the first thing the window shows.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from app.i18n import N_
from app.services.sql import Db, as_date, date_param, is_sqlite, rows

WEEK = 7
JC_WINDOW_DAYS = 30
LIMIT_PER_KIND = 500
KIND_LABELS = {
    "session": N_("Mediation session"), "hearing": N_("Hearing"), "deadline": N_("One-month mediation limit"),
    "summary": N_("Hearing summary due"), "confirmation": N_("Judicial confirmation window ends"),
    "performance": N_("Performance deadline"), "follow_up": N_("Follow-up visit"),
}


@dataclass(frozen=True)
class AgendaItem:
    due_on: date
    kind: str
    dispute_id: int
    case_no: str | None
    title: str
    detail: str

    def bucket(self, on: date) -> str:
        return "overdue" if self.due_on < on else "today" if self.due_on == on else "week"

    def to_json(self, on: date) -> dict:
        return {"due_on": self.due_on.isoformat(), "kind": self.kind, "bucket": self.bucket(on),
                "case_no": self.case_no, "title": self.title, "detail": self.detail, "dispute_id": self.dispute_id}


def _queries(day) -> dict[str, str]:
    """kind -> SQL selecting (due date, dispute id, case number, title, detail) and ending in the ORDER BY
    that walks its index (newest first, so LIMIT stops early); day(col) is col's date."""
    live = "d.deleted_at IS NULL"
    return {
        # Timestamps are compared as they are stored, so the (status, planned_at) index is used.
        "session": f"SELECT {day('s.planned_at')}, d.id, d.case_no, d.title, s.place FROM mediation_session s "
                   f"JOIN dispute d ON d.id = s.dispute_id WHERE {live} AND s.deleted_at IS NULL "
                   "AND s.status = 'planned' AND s.planned_at < :to_end ORDER BY s.planned_at DESC",
        "hearing": f"SELECT {day('h.planned_at')}, d.id, d.case_no, d.title, h.place FROM hearing h "
                   f"JOIN dispute d ON d.id = h.dispute_id WHERE {live} AND h.deleted_at IS NULL "
                   "AND h.status = 'planned' AND h.planned_at < :to_end ORDER BY h.planned_at DESC",
        "deadline": f"SELECT d.deadline, d.id, d.case_no, d.title, '' FROM dispute d WHERE {live} "
                    "AND d.status IN ('accepted', 'in_mediation') AND d.deadline <= :to ORDER BY d.deadline DESC",
        "summary": f"SELECT h.summary_due, d.id, d.case_no, d.title, '' FROM hearing h JOIN dispute d ON "
                   f"d.id = h.dispute_id WHERE {live} AND h.deleted_at IS NULL AND h.status = 'held' "
                   "AND h.summary_on IS NULL AND h.summary_due <= :to ORDER BY h.summary_due DESC",
        # one query per state, so that each walks the (performance, due_on) index in order
        **{f"performance:{state}": "SELECT t.due_on, d.id, d.case_no, d.title, t.content FROM agreement_term t "
           "JOIN agreement a ON a.id = t.agreement_id JOIN dispute d ON d.id = a.dispute_id "
           f"WHERE {live} AND a.deleted_at IS NULL AND t.deleted_at IS NULL AND a.signed_on IS NOT NULL "
           f"AND t.performance = '{state}' AND t.due_on <= :to ORDER BY t.due_on DESC"
           for state in ("pending", "partly")},
        "follow_up": f"SELECT f.due_on, d.id, d.case_no, d.title, '' FROM follow_up f JOIN dispute d ON "
                     f"d.id = f.dispute_id WHERE {live} AND f.deleted_at IS NULL AND f.visited_on IS NULL "
                     "AND f.due_on <= :to ORDER BY f.due_on DESC",
        # A closed confirmation window cannot be caught up: only windows still open are listed.
        "confirmation": f"SELECT a.effective_on, d.id, d.case_no, d.title, '' FROM agreement a JOIN dispute d "
                        f"ON d.id = a.dispute_id WHERE {live} AND a.deleted_at IS NULL AND a.form = 'written' "
                        "AND NOT a.status_matter AND a.jc_applied_on IS NULL AND a.effective_on >= :eff_from "
                        "AND a.effective_on <= :eff_to ORDER BY a.effective_on",
    }


def agenda(db: Db, *, on: date) -> list[AgendaItem]:
    """Every item due up to a week after `on`, overdue ones included, earliest first."""
    end = on + timedelta(days=WEEK + 1)
    params = {"to": date_param(db, on + timedelta(days=WEEK)),
              # stored timestamps: SQLite text "YYYY-MM-DD HH:MM:SS", compared as text; others as timestamps
              "to_end": end.isoformat() if is_sqlite(db) else datetime.combine(end, time()),
              "eff_from": date_param(db, on - timedelta(days=JC_WINDOW_DAYS)),
              "eff_to": date_param(db, on + timedelta(days=WEEK - JC_WINDOW_DAYS))}
    # SQLite keeps timestamps as text, where date() takes the day; other databases cast.
    day = (lambda col: f"date({col})") if is_sqlite(db) else (lambda col: f"CAST({col} AS DATE)")
    items = []
    for key, sql in _queries(day).items():
        kind = key.split(":")[0]
        for due, dispute_id, case_no, title, detail in rows(db, f"{sql} LIMIT {LIMIT_PER_KIND}", params):
            due_on = as_date(due)
            if kind == "confirmation":
                due_on += timedelta(days=JC_WINDOW_DAYS)
            items.append(AgendaItem(due_on, kind, dispute_id, case_no, title, detail or ""))
    items.sort(key=lambda i: (i.due_on, i.kind, i.dispute_id))
    return items
