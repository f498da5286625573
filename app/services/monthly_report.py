"""The station's monthly work report (月度工作报告): the month's figures, computed from the records, and the
short 工作小结 the head writes.

Which cases count (as the statistics report counts them, app/services/statistics.py):
- 登记 registered and 受理 accepted: by the date of that step in the month.
- 调解成功 / 调解不成 / 终止 (and 不予受理, 移送): cases closed in the month, by how they closed.
- Agreements written and oral: cases settled in the month by the agreement's form; the amount is what the
  agreements' terms agreed to pay, or an imported case's 协议金额 (not what was claimed; statistics.AGREED_FEN_SQL).
- Sessions held (recorded), hearings held, follow-up visits made: by their date in the month.
- Screening visits (排查) made, the disputes they found, reports of 信息员/网格员 and disputes prevented (预防):
  by their date in the month, as the Ministry's report counts them (app/services/prevention.py work_counts).
- Overdue at month end: cases accepted by then, not closed by then, whose one-month limit (as extended) had
  passed before the last day of the month ended.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import clock, codes
from app.errors import MediationError, ValidationFailed
from app.drafts import Collector
from app.i18n import N_, _
from app.services import prevention
from app.services.sql import rows
from app.services.statistics import AGREED_FEN_SQL
from app.services.stations import get_station
from app.periods import Period, PeriodKind
from db.models import MonthlySummary

SUMMARY_MAX = 5000        # characters: a short summary, one page or so


@dataclass(frozen=True)
class TypeLine:
    type_code: str
    label: str
    registered: int = 0
    accepted: int = 0
    settled: int = 0
    failed: int = 0
    ended: int = 0


@dataclass(frozen=True)
class MonthlyFigures:
    month: Period
    committee: str
    registered: int
    accepted: int
    declined: int
    referred: int
    settled: int
    failed: int
    ended: int
    by_type: tuple[TypeLine, ...]          # the types with anything in the month, in the code table's order
    written: int
    oral: int
    written_fen: int                       # agreed amounts, fen
    oral_fen: int
    sessions: int
    hearings: int
    follow_ups: int
    screenings: int                        # 排查 visits made
    found: int                             # disputes they found
    reports: int                           # reports of 信息员/网格员
    prevented: int                         # disputes prevented (预防)
    overdue: int
    overdue_cases: tuple[str, ...]         # their case numbers
    summary: str                           # 工作小结 ("" until the head writes it)
    summary_by: str

    @property
    def success_rate(self) -> float:
        mediated = self.settled + self.failed + self.ended
        return round(100 * self.settled / mediated, 1) if mediated else 0.0


# The figures as the window lists them: (attribute or derived key, label). Documents and windows are in Chinese.
LINES = (("registered", "登记纠纷（件）"), ("accepted", "受理（件）"), ("declined", "不予受理（件）"),
         ("referred", "移送（件）"), ("settled", "调解成功（件）"), ("failed", "调解不成（件）"),
         ("ended", "终止调解（件）"), ("success_rate", "调解成功率（%）"), ("written", "书面协议（件）"),
         ("written_fen", "书面协议金额（元）"), ("oral", "口头协议（件）"), ("oral_fen", "口头协议金额（元）"),
         ("sessions", "召开调解会（次）"), ("hearings", "举行听证会（次）"), ("follow_ups", "回访（次）"),
         ("screenings", "矛盾纠纷排查（次）"), ("found", "排查发现纠纷（件）"), ("reports", "信息员、网格员报告纠纷（件）"),
         ("prevented", "预防纠纷（件）"), ("overdue", "月末超期未办结（件）"))


def figure_lines(f: MonthlyFigures) -> list[tuple[str, str]]:
    """(label, figure) of each line of LINES; amounts in yuan with two decimals."""
    from decimal import Decimal

    return [(label, f"{Decimal(getattr(f, key)) / 100:,.2f}" if key.endswith("_fen") else str(getattr(f, key)))
            for key, label in LINES]


def parse_month(text: str) -> Period:
    try:
        period = Period.parse(text)
    except MediationError:
        period = None
    if period is None or period.kind != PeriodKind.MONTH:
        raise MediationError(_("The month {text!r} is not understood; write it as 2026-11.").format(text=text))
    return period


def compute(session: Session, *, month: str) -> MonthlyFigures:
    period = parse_month(month)
    p = {"a": period.start, "b": period.end}
    closed = "d.closed_on BETWEEN :a AND :b"
    failed = f"{closed} AND d.outcome IS NULL AND d.decline_reason IS NULL AND d.referral_target IS NULL " \
             f"AND d.end_reason IS NULL"
    conditions = {"registered": "d.registered_on BETWEEN :a AND :b", "accepted": "d.accepted_on BETWEEN :a AND :b",
                  "settled": f"{closed} AND d.outcome IS NOT NULL", "failed": failed,
                  "ended": f"{closed} AND d.outcome IS NULL AND d.end_reason IS NOT NULL",
                  "declined": f"{closed} AND d.outcome IS NULL AND d.decline_reason IS NOT NULL",
                  "referred": f"{closed} AND d.outcome IS NULL AND d.referral_target IS NOT NULL",
                  "written": f"{closed} AND d.outcome = 'written'", "oral": f"{closed} AND d.outcome = 'oral'"}
    sums = ", ".join(f"SUM(CASE WHEN {c} THEN 1 ELSE 0 END)" for c in conditions.values())
    per_type: dict[str, dict[str, int]] = {}
    for r in rows(session, f"SELECT d.type_code, {sums} FROM dispute d WHERE d.deleted_at IS NULL GROUP BY "
                           f"d.type_code", p):
        per_type[r[0]] = {k: int(v or 0) for k, v in zip(conditions, r[1:])}
    total = {k: sum(v[k] for v in per_type.values()) for k in conditions}
    amounts = dict(rows(session, f"SELECT d.outcome, SUM({AGREED_FEN_SQL}) FROM dispute d WHERE d.deleted_at IS "
                                 f"NULL AND d.outcome IS NOT NULL AND {closed} GROUP BY d.outcome", p))
    start, end = datetime.combine(period.start, time()), datetime.combine(period.end + timedelta(days=1), time())
    sessions = rows(session, "SELECT COUNT(*) FROM mediation_session s JOIN dispute d ON d.id = s.dispute_id WHERE "
                             "s.status = 'recorded' AND s.deleted_at IS NULL AND d.deleted_at IS NULL AND "
                             "s.held_at >= :s AND s.held_at < :e", {"s": start, "e": end})[0][0]
    hearings = rows(session, "SELECT COUNT(*) FROM hearing h JOIN dispute d ON d.id = h.dispute_id WHERE "
                             "h.status = 'held' AND h.deleted_at IS NULL AND d.deleted_at IS NULL AND "
                             "h.held_on BETWEEN :a AND :b", p)[0][0]
    visits = rows(session, "SELECT COUNT(*) FROM follow_up f JOIN dispute d ON d.id = f.dispute_id WHERE "
                           "f.deleted_at IS NULL AND d.deleted_at IS NULL AND f.visited_on BETWEEN :a AND :b", p)[0][0]
    work = prevention.work_counts(session, start=period.start, end=period.end)
    overdue = [r[0] or r[1] for r in rows(
        session, "SELECT d.case_no, d.title FROM dispute d WHERE d.deleted_at IS NULL AND d.accepted_on <= :b AND "
                 "d.deadline < :b AND (d.closed_on IS NULL OR d.closed_on > :b) ORDER BY d.case_year, d.case_seq, "
                 "d.id", p)]
    types = codes.dispute_types()
    by_type = tuple(TypeLine(c.code, c.label(), *(per_type[c.code][k] for k in ("registered", "accepted", "settled",
                                                                                 "failed", "ended")))
                    for c in types.codes if c.code in per_type and any(
                        per_type[c.code][k] for k in ("registered", "accepted", "settled", "failed", "ended")))
    station = get_station(session)
    note = session.scalars(select(MonthlySummary).where(MonthlySummary.station_id == station.id,
                                                        MonthlySummary.month == period.label)).first()
    writer = _mediator_name(session, note.written_by) if note else ""
    return MonthlyFigures(period, station.name, total["registered"], total["accepted"], total["declined"],
                          total["referred"], total["settled"], total["failed"], total["ended"], by_type,
                          total["written"], total["oral"], int(amounts.get("written") or 0),
                          int(amounts.get("oral") or 0), int(sessions or 0), int(hearings or 0), int(visits or 0),
                          work["screenings"], work["found"], work["reports"], work["prevented"], len(overdue), tuple(overdue), note.text if note else "", writer)


def _mediator_name(session: Session, mediator_id: int | None) -> str:
    from db.models import Mediator

    row = session.get(Mediator, mediator_id) if mediator_id else None
    return row.name if row else ""


def save_summary(session: Session, *, month: str, text: str, by: int | None) -> MonthlyFigures:
    """The head writes (or rewrites) the month's 工作小结 (the table is the head's: app/access.py refuses others)."""
    period = parse_month(month)
    text = text.strip()
    if len(text) > SUMMARY_MAX:
        c = Collector(labels={"summary": N_("Work summary")})
        c.fail("summary", _("The summary is longer than {n} characters; keep it short (about a page).").format(
            n=SUMMARY_MAX))
        raise ValidationFailed(c.errors)
    station = get_station(session)
    row = session.scalars(select(MonthlySummary).where(MonthlySummary.station_id == station.id,
                                                       MonthlySummary.month == period.label)).first()
    if row is None:
        row = MonthlySummary(station_id=station.id, month=period.label)
        session.add(row)
    row.text, row.written_by, row.updated_at = text, by, clock.utcnow()
    session.flush()
    return compute(session, month=period.label)
