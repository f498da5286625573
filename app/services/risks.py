"""Risk that leads to action: an orange or red case is reported (风险报告: to whom, when, how, the reply), and
the escalations prevented are counted from the people actually at risk."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import clock, codes, validation
from app.drafts import Collector
from app.errors import NotFound, ValidationFailed
from app.i18n import N_, _
from app.services.agenda import UNREPORTED_SQL   # a report covers the colour now, or red covers all
from app.services.disputes import load_row
from app.services.sql import Db, date_param, in_station, rows
from db.models import Mediator, RiskReport

REPORTED = ("orange", "red")             # the colours that must be reported (red at once, orange the same day)
LABELS = {"reported_to": N_("Reported to"), "recipient": N_("Office or person"), "reported_at": N_("When"),
          "method": N_("How"), "content": N_("What was reported"), "reply": N_("Reply"),
          "reply_on": N_("Reply date"), "risk_level": N_("Risk level")}


@dataclass(frozen=True)
class RiskReportView:
    id: int
    uid: str
    dispute_id: int
    risk_level: str
    reported_to: str
    recipient: str
    reported_at: datetime
    method: str
    content: str
    reply: str
    reply_on: date | None
    by_name: str | None


def add_risk_report(session: Session, *, dispute_id: int, reported_to: str, reported_at: datetime, method: str,
                    recipient: str = "", content: str = "", by: int | None = None,
                    now: datetime | None = None) -> RiskReportView:
    """Record that the case's risk was reported; the colour reported is the case's colour now."""
    dispute = load_row(session, dispute_id)
    now = now or clock.local_now()
    c = Collector(labels=LABELS)
    if dispute.risk_level not in REPORTED:
        c.fail("risk_level", _("Only an orange or red case is reported; this case's risk is {level}.").format(
            level=codes.risk_levels().label(dispute.risk_level)))
    if reported_to not in codes.load("report_recipients"):
        c.fail("reported_to", _("Choose where it was reported: 司法所, 派出所, 综治中心 …"))
    if method not in codes.load("report_methods"):
        c.fail("method", _("Choose how it was reported."))
    if not isinstance(reported_at, datetime) or reported_at > now or reported_at.date() < dispute.registered_on:
        c.fail("reported_at", _("The report is recorded after it was made, on or after the case's registration."))
    recipient = c.run("recipient", validation.optional_text, recipient, max_length=100) or ""
    content = c.run("content", validation.optional_text, content, max_length=20000) or ""
    if reported_to == "other" and not recipient:
        c.fail("recipient", _("Name the office it was reported to."))
    if c.errors:
        raise ValidationFailed(c.errors)
    row = RiskReport(dispute_id=dispute.id, risk_level=dispute.risk_level, reported_to=reported_to,
                     recipient=recipient, reported_at=reported_at.replace(tzinfo=None, microsecond=0), method=method,
                     content=content, by_mediator_id=by)
    session.add(row)
    session.flush()
    return _view(session, row)


def record_reply(session: Session, *, report_id: int, reply: str, reply_on: date | str,
                 today: date | None = None) -> RiskReportView:
    row = session.get(RiskReport, report_id)
    if row is None or row.deleted_at is not None:
        raise NotFound(_("No risk report with id {id}.").format(id=report_id))
    c = Collector(labels=LABELS)
    reply = c.run("reply", validation.required_text, reply, max_length=20000)
    day = c.run("reply_on", validation.parse_date, reply_on, not_after=today or clock.today(),
                not_before=row.reported_at.date())
    if c.errors:
        raise ValidationFailed(c.errors)
    row.reply, row.reply_on = reply, day
    session.flush()
    return _view(session, row)


def _view(session: Session, r: RiskReport) -> RiskReportView:
    name = session.get(Mediator, r.by_mediator_id).name if r.by_mediator_id else None
    return RiskReportView(r.id, r.uid, r.dispute_id, r.risk_level, r.reported_to, r.recipient, r.reported_at,
                          r.method, r.content, r.reply, r.reply_on, name)


def list_risk_reports(session: Session, *, dispute_id: int) -> list[RiskReportView]:
    found = session.scalars(select(RiskReport).where(RiskReport.dispute_id == dispute_id,
                                                     RiskReport.deleted_at.is_(None)).order_by(RiskReport.reported_at))
    return [_view(session, r) for r in found]


def unreported(db: Db) -> list[tuple[int, str | None, str, str]]:
    """Open orange and red cases not yet reported: (id, case number, title, colour)."""
    return [tuple(r) for r in rows(db, "SELECT d.id, d.case_no, d.title, d.risk_level FROM dispute d WHERE "
                                       "d.deleted_at IS NULL AND d.risk_level IN ('orange', 'red') AND d.status IN "
                                       f"('registered', 'accepted', 'in_mediation') AND {UNREPORTED_SQL} "
                                       "ORDER BY d.registered_on, d.id")]


ESCALATIONS = (("criminal", "risk_criminal"), ("mass_petition", "risk_mass_petition"),
               ("suicide", "risk_suicide"), ("group_fight", "risk_group_fight"))


def escalations_by(db: Db, *, start: date, end: date, key: str = "1", join: str = "",
                   station: str | None = None) -> dict[str, dict[str, dict[str, int]]]:
    """防止激化 over a period, per group (`key`, an SQL expression over dispute d and `join`; "1" groups all):
    per escalation (民转刑, 群体性上访, 自杀, 群体性械斗), the settled cases flagged with it and closed in the period
    ("cases") and the people entered as actually at risk in them ("people") — not every party, nor everyone
    involved. The one definition the statistics and the Ministry's report count by."""
    parts = []
    for _code, column in ESCALATIONS:
        parts += [f"SUM(CASE WHEN d.{column} THEN 1 ELSE 0 END)",
                  f"SUM(CASE WHEN d.{column} THEN d.people_at_risk ELSE 0 END)"]
    scope, params = in_station("d.station_id", station)
    found = rows(db, f"SELECT {key}, {', '.join(parts)} FROM dispute d {join} WHERE d.deleted_at IS NULL AND "
                     f"d.outcome IS NOT NULL AND d.closed_on BETWEEN :a AND :b{scope} GROUP BY {key}",
                 {"a": date_param(db, start), "b": date_param(db, end), **params})
    return {str(r[0]): {code: {"cases": int(r[1 + 2 * i] or 0), "people": int(r[2 + 2 * i] or 0)}
                        for i, (code, _column) in enumerate(ESCALATIONS)} for r in found}


def escalations_prevented(db: Db, *, start: date, end: date, station: str | None = None) -> dict[str, dict[str, int]]:
    """防止激化 of the whole database (or of one station of a county's), as escalations_by counts them."""
    found = escalations_by(db, start=start, end=end, station=station)
    return next(iter(found.values()), None) or {code: {"cases": 0, "people": 0} for code, _column in ESCALATIONS}
