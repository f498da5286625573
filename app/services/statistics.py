"""The statistics DOMAIN.md asks for, over a period, on a station's database or the county's (same SQL).

Which cases count:
- 受理 (accepted): accepted in the period; the case sources are counted over these.
- 办结 (concluded): closed in the period, by outcome: settled (an agreement, written or oral), failed,
  ended by a party, declined, referred. Success rate = settled / (settled + failed + ended).
- Amount, people and prevented escalations are those of the cases concluded in the period; an escalation
  counts as prevented when a case flagged with that risk was settled.
- Performed: cases marked performed in the period; judicially confirmed: confirmations dated in it.
Parties are counted once per person across cases and stations where the county has a keyed hash of their ID
number (county_person), otherwise once per party record. Nothing here names anyone.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from app import codes
from app.errors import MediationError
from app.i18n import _
from app.periods import Period  # noqa: F401  (the service's callers name it from here)
from app.services.sql import Db, rows

ESCALATIONS = (("criminal", "risk_criminal"), ("mass_petition", "risk_mass_petition"),
               ("suicide", "risk_suicide"), ("group_fight", "risk_group_fight"))


# (key, Chinese header, English header); the order of the columns in every output.
MEASURES = (
    ("registered", "登记数", "Registered"), ("accepted", "受理数", "Accepted"),
    ("concluded", "办结数", "Concluded"), ("settled", "调解成功", "Settled"), ("failed", "调解不成", "Failed"),
    ("ended", "终止调解", "Ended"), ("declined", "不予受理", "Declined"), ("referred", "移送", "Referred"),
    ("success_rate", "调解成功率(%)", "Success rate (%)"),
    ("written", "书面协议", "Written agreements"), ("oral", "口头协议", "Oral agreements"),
    ("amount_yuan", "涉及金额(元)", "Amount involved (yuan)"), ("people", "涉及人数", "People involved"),
    ("parties", "当事人(去重)", "Parties (distinct)"),
    ("performed", "已履行", "Performed"), ("confirmed", "司法确认", "Judicially confirmed"),
    *[(f"prevented_{code}{suffix}", f"防止{zh}{unit}", f"Prevented {en.lower()}{en_unit}")
      for code, zh, en in (("criminal", "民转刑", "Civil-to-criminal"),
                           ("mass_petition", "群体性上访", "Mass petitions"),
                           ("suicide", "自杀", "Suicides"), ("group_fight", "群体性械斗", "Group fights"))
      for suffix, unit, en_unit in (("", "(件)", " (cases)"), ("_people", "(人)", " (people)"))],
)


@dataclass(frozen=True)
class StatRow:
    key: str
    label: str
    values: dict[str, float | int]
    sources: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Report:
    period: Period
    by: str
    rows: tuple[StatRow, ...]
    total: StatRow
    zero_report: tuple[str, ...] = ()      # stations that reported and had nothing in the period
    not_reported: tuple[str, ...] = ()     # stations with no bundle covering the period (county only)

    def to_json(self) -> dict:
        return {"period": {"label": self.period.label, "from": self.period.start.isoformat(),
                           "to": self.period.end.isoformat()},
                "by": self.by, "rows": [_row_json(r) for r in self.rows], "total": _row_json(self.total),
                "zero_report_stations": list(self.zero_report), "not_reported_stations": list(self.not_reported)}


def _row_json(row: StatRow) -> dict:
    return {"key": row.key, "label": row.label, **row.values, "sources": row.sources}


def _group(by: str) -> tuple[str, str]:
    if by == "station":
        return "s.code", "JOIN station s ON s.id = d.station_id"
    if by == "type":
        return "d.type_code", ""
    if by == "place":      # 村/社区; cases without one are grouped under "-"
        return "COALESCE(pl.uid, '-')", "LEFT JOIN place pl ON pl.id = d.place_id"
    raise MediationError(_("Statistics can be grouped by station, by type or by place, not by {by}.").format(by=by))


def _case_measures(db: Db, key: str, join: str, p: dict) -> dict[str, dict]:
    concl = "d.closed_on BETWEEN :a AND :b"
    settled = f"{concl} AND d.outcome IS NOT NULL"
    failed = (f"{concl} AND d.outcome IS NULL AND d.decline_reason IS NULL AND d.referral_target IS NULL "
              f"AND d.end_reason IS NULL")
    sums = {
        "registered": "d.registered_on BETWEEN :a AND :b", "accepted": "d.accepted_on BETWEEN :a AND :b",
        "concluded": concl, "settled": settled, "failed": failed,
        "ended": f"{concl} AND d.outcome IS NULL AND d.end_reason IS NOT NULL",
        "declined": f"{concl} AND d.outcome IS NULL AND d.decline_reason IS NOT NULL",
        "referred": f"{concl} AND d.outcome IS NULL AND d.referral_target IS NOT NULL",
        "written": f"{concl} AND d.outcome = 'written'", "oral": f"{concl} AND d.outcome = 'oral'",
    }
    parts = [f"SUM(CASE WHEN {cond} THEN 1 ELSE 0 END)" for cond in sums.values()]
    parts += [f"SUM(CASE WHEN {concl} THEN COALESCE(d.amount_fen, 0) ELSE 0 END)",
              f"SUM(CASE WHEN {concl} THEN d.people_involved ELSE 0 END)"]
    for _code, column in ESCALATIONS:
        parts += [f"SUM(CASE WHEN {settled} AND d.{column} THEN 1 ELSE 0 END)",
                  f"SUM(CASE WHEN {settled} AND d.{column} THEN d.people_involved ELSE 0 END)"]
    names = [*sums, "amount_fen", "people"]
    for code, _column in ESCALATIONS:
        names += [f"prevented_{code}", f"prevented_{code}_people"]
    sql = (f"SELECT {key}, {', '.join(parts)} FROM dispute d {join} WHERE d.deleted_at IS NULL AND "
           f"(d.registered_on BETWEEN :a AND :b OR d.accepted_on BETWEEN :a AND :b OR {concl}) GROUP BY {key}")
    return {str(r[0]): {n: int(v or 0) for n, v in zip(names, r[1:])} for r in rows(db, sql, p)}


def _counted(db: Db, key: str, join: str, p: dict, sql: str) -> dict[str, int]:
    return {str(r[0]): int(r[1]) for r in rows(db, sql.format(key=key, join=join), p)}


def compute(db: Db, period: Period, *, by: str = "type") -> Report:
    key, join = _group(by)
    p = {"a": period.start, "b": period.end}
    cases = _case_measures(db, key, join, p)
    performed = _counted(db, key, join, p, "SELECT {key}, COUNT(DISTINCT d.id) FROM status_change c JOIN dispute d "
                         "ON d.id = c.dispute_id {join} WHERE c.to_status = 'performed' AND c.on_date BETWEEN :a "
                         "AND :b AND d.deleted_at IS NULL AND c.deleted_at IS NULL GROUP BY {key}")
    confirmed = _counted(db, key, join, p, "SELECT {key}, COUNT(*) FROM agreement g JOIN dispute d ON d.id = "
                         "g.dispute_id {join} WHERE g.jc_result = 'confirmed' AND g.jc_result_on BETWEEN :a AND "
                         ":b AND d.deleted_at IS NULL AND g.deleted_at IS NULL GROUP BY {key}")
    parties_sql = ("SELECT {key}, COUNT(DISTINCT COALESCE(cp.person_key, pa.uid)) FROM party pa "
                       "JOIN dispute d ON d.id = pa.dispute_id {join} LEFT JOIN county_person cp ON cp.party_uid = "
                       "pa.uid WHERE pa.deleted_at IS NULL AND d.deleted_at IS NULL AND d.closed_on BETWEEN :a AND "
                       ":b GROUP BY {key}")
    parties = _counted(db, key, join, p, parties_sql)
    sources: dict[str, dict[str, int]] = {}
    for k, source, n in rows(db, f"SELECT {key}, d.source_code, COUNT(*) FROM dispute d {join} WHERE "
                                 f"d.deleted_at IS NULL AND d.accepted_on BETWEEN :a AND :b GROUP BY {key}, "
                                 f"d.source_code", p):
        sources.setdefault(str(k), {})[source] = int(n)
    labels = _labels(db, by)
    raw: dict[str, dict[str, int]] = {}
    for k in sorted(set(cases) | set(performed) | set(confirmed)):
        raw[k] = {**(cases.get(k) or _zeros()), "performed": performed.get(k, 0), "confirmed": confirmed.get(k, 0),
                  "parties": parties.get(k, 0)}
    total = {m: sum(r[m] for r in raw.values()) for m in _zeros()}
    # A person in two groups counts once in the total: GROUP BY 1 groups everything (first column constant).
    total["parties"] = sum(_counted(db, "1", join, p, parties_sql).values())
    total_sources: dict[str, int] = {}
    for per_key in sources.values():
        for s, n in per_key.items():
            total_sources[s] = total_sources.get(s, 0) + n
    out = tuple(StatRow(k, labels.get(k, k), _finish(v), sources.get(k, {})) for k, v in raw.items())
    return Report(period, by, out, StatRow("total", _("Total"), _finish(total), total_sources))


def _zeros() -> dict[str, int]:
    return {k: 0 for k, _zh, _en in MEASURES if k not in ("success_rate", "amount_yuan")} | {"amount_fen": 0}


def _finish(values: dict) -> dict:
    """Amount in yuan and the success rate, from the raw sums."""
    mediated = values["settled"] + values["failed"] + values["ended"]
    done = {**values, "amount_yuan": round(values["amount_fen"] / 100, 2),
            "success_rate": round(100 * values["settled"] / mediated, 1) if mediated else 0.0}
    return {k: done[k] for k, _zh, _en in MEASURES}


def _labels(db: Db, by: str) -> dict[str, str]:
    if by == "station":
        return {str(code): name for code, name in rows(db, "SELECT code, name FROM station")}
    if by == "place":
        return {"-": _("(no village or community)"), **{str(uid): name for uid, name in rows(
            db, "SELECT uid, name FROM place")}}
    return {c.code: c.label() for c in codes.dispute_types().codes}


def is_zero(report: Report) -> bool:
    return not any(r.values["registered"] or r.values["accepted"] or r.values["concluded"] for r in report.rows)
