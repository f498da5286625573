"""The agenda (今日待办): what is due today, in the coming week, and overdue, across the station.

Plain SQL (see sql.py): the agenda is the first thing the window shows.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from app import codes
from app.i18n import N_, _
from app.lifecycle import OPEN_STATUSES
from app.services.sql import Db, as_date, date_param, is_sqlite, rows, scalar

# Frozen copies of app/services/places.py and risks.py (which need SQLAlchemy; the agenda must not).
SCREENING_INTERVAL_KEY, SCREENING_INTERVAL_DAYS = "screening.interval_days", 30
# A case still needs a report while no report covers its colour now (a red report covers orange too).
UNREPORTED_SQL = ("NOT EXISTS (SELECT 1 FROM risk_report r WHERE r.dispute_id = d.id AND r.deleted_at IS NULL "
                  "AND (r.risk_level = d.risk_level OR r.risk_level = 'red'))")

WEEK = 7
JC_WINDOW_DAYS = 30
LIMIT_PER_KIND = 200       # of each kind, overdue and coming each (a station has far fewer; the bench more)
KIND_LABELS = {
    "session": N_("Mediation session"), "hearing": N_("Hearing"), "deadline": N_("One-month mediation limit"),
    "summary": N_("Hearing summary due"), "confirmation": N_("Judicial confirmation window ends"),
    "performance": N_("Performance deadline"), "follow_up": N_("Follow-up visit"),
    "risk_report": N_("Risk not yet reported"), "referral": N_("Referral feedback due"),
    "screening": N_("Screening visit due"), "deposit": N_("Deposit still held"),
}


@dataclass(frozen=True)
class AgendaItem:
    due_on: date
    kind: str
    dispute_id: int | None             # None: not a case's (a village's screening visit), never "overdue cases"
    case_no: str | None
    title: str
    detail: str

    def bucket(self, on: date) -> str:
        return "overdue" if self.due_on < on else "today" if self.due_on == on else "week"

    def to_json(self, on: date) -> dict:
        return {"due_on": self.due_on.isoformat(), "kind": self.kind, "bucket": self.bucket(on),
                "case_no": self.case_no, "title": self.title, "detail": self.detail, "dispute_id": self.dispute_id}


@dataclass(frozen=True)
class _Source:
    """One kind of agenda item as SQL: `body` is FROM ... WHERE ... without the date bound on `due`."""
    kind: str
    due: str                  # the column that holds the due day (or the stored timestamp, see `timestamp`)
    detail: str
    body: str
    timestamp: bool = False   # compared as stored, so that the (status, planned_at) index is used
    can_be_late: bool = True


# An archived case's records no longer change (access.check_archived): nothing of it is due any more, not even a
# visit planned before it was archived, which could never be recorded.
_LIVE = "d.deleted_at IS NULL AND d.status <> 'archived'"
# The one-month limit runs in the open statuses (app/lifecycle.py), the same ones the case window marks.
_OPEN = ", ".join(f"'{s.value}'" for s in sorted(OPEN_STATUSES))
_SOURCES = (
    _Source("session", "s.planned_at", "s.place", "FROM mediation_session s JOIN dispute d ON d.id = s.dispute_id "
            f"WHERE {_LIVE} AND s.deleted_at IS NULL AND s.status = 'planned'", timestamp=True),
    _Source("hearing", "h.planned_at", "h.place", "FROM hearing h JOIN dispute d ON d.id = h.dispute_id "
            f"WHERE {_LIVE} AND h.deleted_at IS NULL AND h.status = 'planned'", timestamp=True),
    _Source("deadline", "d.deadline", "''", f"FROM dispute d WHERE {_LIVE} AND d.status IN ({_OPEN})"),
    _Source("summary", "h.summary_due", "''", "FROM hearing h JOIN dispute d ON d.id = h.dispute_id "
            f"WHERE {_LIVE} AND h.deleted_at IS NULL AND h.status = 'held' AND h.summary_on IS NULL"),
    # one source per state, so that each walks the (performance, due_on) index in order; a term whose
    # non-performance is on record (the routes explained at a visit) is dealt with, no longer due
    *(_Source("performance", "t.due_on", "t.content", "FROM agreement_term t JOIN agreement a ON "
              "a.id = t.agreement_id JOIN dispute d ON d.id = a.dispute_id WHERE "
              f"{_LIVE} AND a.deleted_at IS NULL AND t.deleted_at IS NULL AND a.signed_on IS NOT NULL "
              f"AND t.performance = '{state}' AND NOT EXISTS (SELECT 1 FROM nonperformance n WHERE n.term_id = t.id "
              "AND n.deleted_at IS NULL)") for state in ("pending", "partly")),
    _Source("follow_up", "f.due_on", "''", "FROM follow_up f JOIN dispute d ON d.id = f.dispute_id "
            f"WHERE {_LIVE} AND f.deleted_at IS NULL AND f.visited_on IS NULL"),
    # An orange or red case that no report covers, not yet closed: due at once, from its registration.
    _Source("risk_report", "d.registered_on", "d.risk_level", f"FROM dispute d WHERE {_LIVE} AND d.risk_level IN "
            "('orange', 'red') AND d.status IN ('registered', 'accepted', 'in_mediation') AND " + UNREPORTED_SQL),
    # Feedback owed or awaited: by its deadline; to the court or the police without one, once the case closed.
    _Source("referral", "COALESCE(r.due_on, CASE WHEN r.direction <> 'out' THEN d.closed_on END)", "r.body",
            f"FROM referral r JOIN dispute d ON d.id = r.dispute_id WHERE {_LIVE} AND r.deleted_at IS NULL "
            "AND r.result_on IS NULL"),
    # A 赔偿保证金 not yet released or returned: due by its term's deadline (held past it, it is late); one whose term
    # has no deadline has no day decided for it, so it is due from the day it was received.
    _Source("deposit", "COALESCE(t.due_on, x.received_on)", "CAST(x.amount_fen AS TEXT) || ':' || x.holder",
            "FROM deposit x JOIN agreement_term t ON t.id = x.term_id JOIN dispute d ON d.id = x.dispute_id "
            f"WHERE {_LIVE} AND x.deleted_at IS NULL AND x.outcome IS NULL"),
    # A closed confirmation window cannot be caught up: only windows still open are listed, never overdue.
    _Source("confirmation", "a.effective_on", "''", "FROM agreement a JOIN dispute d ON d.id = a.dispute_id "
            f"WHERE {_LIVE} AND a.deleted_at IS NULL AND a.form = 'written' AND NOT a.status_matter "
            "AND a.jc_applied_on IS NULL", can_be_late=False),
)


def _bound(db: Db, source: _Source, day: date) -> object:
    """The parameter a source's due column is compared with: the start of `day`."""
    if not source.timestamp:
        return date_param(db, day)
    # stored timestamps: SQLite text "YYYY-MM-DD HH:MM:SS" compared as text; other databases as timestamps
    return day.isoformat() if is_sqlite(db) else datetime.combine(day, time())


def _late_parts(db: Db, today: date) -> tuple[list[str], dict[str, object]]:
    """One SELECT d.id per late item of each source, and their parameters."""
    parts, params = [], {}
    for n, source in enumerate(s for s in _SOURCES if s.can_be_late):
        parts.append(f"SELECT d.id AS id {source.body} AND {source.due} < :late{n}")
        params[f"late{n}"] = _bound(db, source, today)
    return parts, params


def overdue_cases_sql(db: Db, today: date) -> tuple[str, dict[str, object]]:
    """THE definition of overdue (逾期): a case is overdue when something on the agenda is past its day — a
    planned session or hearing not recorded, the one-month limit of an open case, a hearing summary, an
    agreement term not performed, a follow-up visit, an orange or red risk not reported, a referral's feedback,
    a deposit still held after its term's deadline. Returns a query of the ids of such cases (the register's
    "overdue only" filter and the CLI's --overdue), matching the agenda's overdue items one for one."""
    parts, params = _late_parts(db, today)
    return " UNION ".join(parts), params


def overdue_items_of(db: Db, *, dispute_id: int, on: date) -> list[AgendaItem]:
    """One case's overdue items (what makes it overdue, for its window), earliest first."""
    day = (lambda col: f"date({col})") if is_sqlite(db) else (lambda col: f"CAST({col} AS DATE)")
    items = []
    for source in (s for s in _SOURCES if s.can_be_late):
        sql = (f"SELECT {day(source.due) if source.timestamp else source.due}, d.id, d.case_no, d.title, "
               f"{source.detail} {source.body} AND d.id = :case AND {source.due} < :late")
        for due, case_id, case_no, title, detail in rows(db, sql, {"case": dispute_id,
                                                                  "late": _bound(db, source, on)}):
            items.append(AgendaItem(as_date(due), source.kind, case_id, case_no, title, _shown(source.kind, detail)))
    return sorted(items, key=lambda i: (i.due_on, i.kind))


def is_overdue(item: AgendaItem, on: date) -> bool:
    """An agenda item past its day (the same rule as overdue_cases_sql, on items already read)."""
    return item.bucket(on) == "overdue"


def agenda(db: Db, *, on: date) -> list[AgendaItem]:
    """Every item due up to a week after `on`, overdue ones included, earliest first. Of each kind at most
    LIMIT_PER_KIND overdue items (the latest) and LIMIT_PER_KIND coming ones (the soonest): overdue ones are
    never crowded out by a busy week; overdue_summary() counts them all."""
    # SQLite keeps timestamps as text, where date() takes the day; other databases cast.
    day = (lambda col: f"date({col})") if is_sqlite(db) else (lambda col: f"CAST({col} AS DATE)")
    params = {"eff_from": date_param(db, on - timedelta(days=JC_WINDOW_DAYS)),
              "eff_to": date_param(db, on + timedelta(days=WEEK - JC_WINDOW_DAYS))}
    items = []
    for source in _SOURCES:
        if source.can_be_late:
            # each part walks the due index from its near end, so that LIMIT stops early
            parts = [(f"{source.due} < :start", f"{source.due} DESC"),
                     (f"{source.due} >= :start AND {source.due} < :end", source.due)]
            params.update(start=_bound(db, source, on), end=_bound(db, source, on + timedelta(days=WEEK + 1)))
        else:
            # the confirmation window: open on `on`, closing within the week
            parts = [(f"{source.due} >= :eff_from AND {source.due} <= :eff_to", source.due)]
        for where, order in parts:
            sql = (f"SELECT {day(source.due) if source.timestamp else source.due}, d.id, d.case_no, d.title, "
                   f"{source.detail} {source.body} AND {where} ORDER BY {order} LIMIT {LIMIT_PER_KIND}")
            for due, dispute_id, case_no, title, detail in rows(db, sql, params):
                due_on = as_date(due)
                if source.kind == "confirmation":
                    due_on += timedelta(days=JC_WINDOW_DAYS)
                items.append(AgendaItem(due_on, source.kind, dispute_id, case_no, title, _shown(source.kind, detail)))
    items += _screenings_due(db, on)
    items.sort(key=lambda i: (i.due_on, i.kind, i.dispute_id or 0))
    return items


def _shown(kind: str, detail: object) -> str:
    """An item's detail in words: a risk's colour by its label, a deposit's amount (fen) and holder."""
    if not detail:
        return ""
    if kind == "risk_report":
        return codes.risk_levels().label(detail)
    if kind == "deposit":
        fen, _sep, holder = str(detail).partition(":")
        return _("{amount} yuan, held by {holder}").format(amount=f"{Decimal(fen) / 100:,.2f}", holder=holder)
    return str(detail)


def _screenings_due(db: Db, on: date) -> list[AgendaItem]:
    """Each village in use, due for screening the set interval after its last visit (at once when never)."""
    interval = int(scalar(db, "SELECT value FROM station_setting WHERE key = :k", {"k": SCREENING_INTERVAL_KEY})
                   or SCREENING_INTERVAL_DAYS)
    found = []
    for _id, name, last in rows(db, "SELECT p.id, p.name, MAX(s.visited_on) FROM place p LEFT JOIN screening s ON "
                                    "s.place_id = p.id AND s.deleted_at IS NULL WHERE p.deleted_at IS NULL AND "
                                    "p.active GROUP BY p.id, p.name"):
        last_on = as_date(last)
        due = last_on + timedelta(days=interval) if last_on else on
        if due <= on + timedelta(days=WEEK):
            detail = (_("Last visit {date}").format(date=last_on.isoformat()) if last_on
                      else _("Never screened"))
            found.append(AgendaItem(due, "screening", None, None, name, detail))
    return found


@dataclass(frozen=True)
class OverdueSummary:
    items: int          # overdue things to do (the agenda's lines)
    cases: int          # the cases they belong to (the register's "overdue cases only")
    listed: int         # of the items, how many the agenda holds (fewer only past LIMIT_PER_KIND of a kind)

    @property
    def complete(self) -> bool:
        return self.listed == self.items


def listed_overdue(items: list[AgendaItem], on: date) -> tuple[OverdueSummary, bool]:
    """The counts the agenda's own items give, and whether they are the whole story (no kind filled its
    LIMIT_PER_KIND); when not, overdue_summary counts in SQL."""
    late = [i for i in items if is_overdue(i, on) and i.dispute_id is not None]     # cases' things only
    by_kind: dict[str, int] = {}
    for item in late:
        by_kind[item.kind] = by_kind.get(item.kind, 0) + 1
    whole = max(by_kind.values(), default=0) < LIMIT_PER_KIND
    return OverdueSummary(len(late), len({i.dispute_id for i in late}), len(late)), whole


def overdue_summary(db: Db, *, on: date, items: list[AgendaItem]) -> OverdueSummary:
    """How many overdue items and cases there are: counted from the agenda's items, or in SQL when a kind
    filled its LIMIT_PER_KIND (then the list holds the latest of them)."""
    listed, whole = listed_overdue(items, on)
    if whole:
        return listed
    parts, params = _late_parts(db, on)
    total, cases = rows(db, f"SELECT count(*), count(DISTINCT id) FROM ({' UNION ALL '.join(parts)}) late",
                        params)[0]
    return OverdueSummary(total, cases, listed.listed)
