"""The statistics DOMAIN.md asks for, over a period, on a station's database or the county's (same SQL).

Which cases count:
- 受理 (accepted): accepted in the period; the case sources are counted over these.
- 办结 (concluded): closed in the period, by outcome: settled (an agreement, written or oral), failed,
  ended by a party, declined, referred. Success rate = settled / (settled + failed + ended).
- People are those of the cases concluded in the period; the agreed amount (协议金额, 万元) is what the agreements
  of the cases settled in it agreed to pay (their terms; an imported case's 协议金额), never what was claimed.
- Prevented escalations: the settled cases flagged with that risk and the people entered as actually at risk in
  them (app/services/risks.py, escalations_by).
- Performed: an agreement performed in the period, on the evidence of its terms (every term recorded performed,
  with its receipt or evidence, the last in the period); an imported case without terms, by the register's mark.
  Judicially confirmed: confirmations dated in the period.
Parties are counted once per person across cases and stations where the county has a keyed hash of their ID
number (county_person), otherwise once per party record. Nothing here names anyone.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from app import codes
from app.errors import MediationError
from app.i18n import _
from app.periods import Period  # noqa: F401  (the service's callers name it from here)
from app.services import prevention
from app.services.risks import ESCALATIONS, escalations_by
from app.services.sql import Db, in_station, rows

# What a case's agreement agreed to pay, in fen: its terms' amounts, or an imported case's 协议金额 (no terms).
AGREED_FEN_SQL = ("COALESCE((SELECT SUM(t.amount_fen) FROM agreement_term t JOIN agreement g ON g.id = t.agreement_id "
                  "WHERE g.dispute_id = d.id AND g.deleted_at IS NULL AND t.deleted_at IS NULL AND t.involves_money), "
                  "d.agreed_amount_fen, 0)")
# The settled cases whose agreement was wholly performed in the period: every term recorded performed (each with
# its evidence, app/services/agreements.py), the last one in the period; a case without terms (an imported one)
# by the register's mark. Not by the 履行完毕 mark alone, which says nothing of what was done.
PERFORMED_IDS_SQL = (
    "SELECT g.dispute_id FROM agreement g JOIN agreement_term t ON t.agreement_id = g.id WHERE g.deleted_at IS NULL "
    "AND t.deleted_at IS NULL GROUP BY g.dispute_id HAVING SUM(CASE WHEN t.performance = 'performed' THEN 0 ELSE 1 "
    "END) = 0 AND MAX(t.performed_on) BETWEEN :a AND :b UNION SELECT c.dispute_id FROM status_change c WHERE "
    "c.to_status = 'performed' AND c.deleted_at IS NULL AND c.on_date BETWEEN :a AND :b AND NOT EXISTS (SELECT 1 "
    "FROM agreement g JOIN agreement_term t ON t.agreement_id = g.id WHERE g.dispute_id = c.dispute_id AND "
    "g.deleted_at IS NULL AND t.deleted_at IS NULL)")
WAN = Decimal(1_000_000)        # fen in a 万元


# (key, Chinese header, English header); the order of the columns in every output.
MEASURES = (
    ("registered", "登记数", "Registered"), ("accepted", "受理数", "Accepted"),
    ("concluded", "办结数", "Concluded"), ("settled", "调解成功", "Settled"), ("failed", "调解不成", "Failed"),
    ("ended", "终止调解", "Ended"), ("declined", "不予受理", "Declined"), ("referred", "移送", "Referred"),
    ("success_rate", "调解成功率(%)", "Success rate (%)"),
    ("written", "书面协议", "Written agreements"), ("oral", "口头协议", "Oral agreements"),
    # 涉及人数 as the Ministry's report counts it: the people of the cases concluded in the period (a case only
    # registered has none yet here), said in the header so a registered case's people are not looked for in it.
    ("agreed_wan", "协议金额(万元)", "Agreed amount (10,000 yuan)"),
    ("people", "办结涉及人数", "People involved (concluded)"),
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
    values: dict[str, float | int | None]    # None: no figure (the success rate of no mediation)
    sources: dict[str, int] = field(default_factory=dict)
    agreed_fen: int = 0            # the agreed amount exactly, in fen (values hold it in 万元, two decimals)


@dataclass(frozen=True)
class Report:
    period: Period
    by: str
    rows: tuple[StatRow, ...]
    total: StatRow
    zero_report: tuple[str, ...] = ()      # stations that reported and had nothing in the period
    not_reported: tuple[str, ...] = ()     # stations with no bundle covering the period (county only)
    work: dict[str, int] = field(default_factory=dict)    # 排查与预防 of the period (prevention.work_counts)

    def to_json(self) -> dict:
        return {"period": {"label": self.period.label, "from": self.period.start.isoformat(),
                           "to": self.period.end.isoformat()},
                "by": self.by, "rows": [_row_json(r) for r in self.rows], "total": _row_json(self.total),
                "zero_report_stations": list(self.zero_report), "not_reported_stations": list(self.not_reported),
                "screening_and_prevention": dict(self.work)}


def _row_json(row: StatRow) -> dict:
    """A row as JSON: a figure there is none of (None) is left out, not null, as the county's summary check of
    earlier versions wants every figure a number (a station upgraded first still reports)."""
    return {"key": row.key, "label": row.label, **{k: v for k, v in row.values.items() if v is not None},
            "sources": row.sources}


def _group(by: str) -> tuple[str, str]:
    if by == "station":
        return "s.code", "JOIN station s ON s.id = d.station_id"
    if by == "type":
        return "d.type_code", ""
    if by == "place":      # 村/社区; cases without one are grouped under "-"
        return "COALESCE(pl.uid, '-')", "LEFT JOIN place pl ON pl.id = d.place_id"
    raise MediationError(_("Statistics can be grouped by station, by type or by place, not by {by}.").format(by=by))


def _case_measures(db: Db, key: str, join: str, p: dict, scope: str) -> dict[str, dict]:
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
    parts += [f"SUM(CASE WHEN {settled} THEN {AGREED_FEN_SQL} ELSE 0 END)",
              f"SUM(CASE WHEN {concl} THEN d.people_involved ELSE 0 END)"]
    names = [*sums, "agreed_fen", "people"]
    sql = (f"SELECT {key}, {', '.join(parts)} FROM dispute d {join} WHERE d.deleted_at IS NULL{scope} AND "
           f"(d.registered_on BETWEEN :a AND :b OR d.accepted_on BETWEEN :a AND :b OR {concl}) GROUP BY {key}")
    return {str(r[0]): {n: int(v or 0) for n, v in zip(names, r[1:])} for r in rows(db, sql, p)}


def _counted(db: Db, key: str, join: str, p: dict, sql: str, scope: str) -> dict[str, int]:
    return {str(r[0]): int(r[1]) for r in rows(db, sql.format(key=key, join=join, scope=scope), p)}


def compute(db: Db, period: Period, *, by: str = "type", station: str | None = None) -> Report:
    """The period's figures per group (`by`: type, place, station); `station`: one station of a county's."""
    key, join = _group(by)
    scope, params = in_station("d.station_id", station)
    p = {"a": period.start, "b": period.end, **params}
    cases = _case_measures(db, key, join, p, scope)
    prevented = escalations_by(db, start=period.start, end=period.end, key=key, join=join, station=station)
    performed = _counted(db, key, join, p, "SELECT {key}, COUNT(*) FROM dispute d {join} WHERE d.deleted_at IS NULL "
                         "AND d.outcome IS NOT NULL{scope} AND d.id IN (" + PERFORMED_IDS_SQL + ") GROUP BY {key}",
                         scope)
    confirmed = _counted(db, key, join, p, "SELECT {key}, COUNT(*) FROM agreement g JOIN dispute d ON d.id = "
                         "g.dispute_id {join} WHERE g.jc_result = 'confirmed' AND g.jc_result_on BETWEEN :a AND "
                         ":b AND d.deleted_at IS NULL AND g.deleted_at IS NULL{scope} GROUP BY {key}", scope)
    parties_sql = ("SELECT {key}, COUNT(DISTINCT COALESCE(cp.person_key, pa.uid)) FROM party pa "
                   "JOIN dispute d ON d.id = pa.dispute_id {join} LEFT JOIN county_person cp ON cp.party_uid = "
                   "pa.uid WHERE pa.deleted_at IS NULL AND d.deleted_at IS NULL AND d.closed_on BETWEEN :a AND "
                   ":b{scope} GROUP BY {key}")
    parties = _counted(db, key, join, p, parties_sql, scope)
    sources: dict[str, dict[str, int]] = {}
    for k, source, n in rows(db, f"SELECT {key}, d.source_code, COUNT(*) FROM dispute d {join} WHERE "
                                 f"d.deleted_at IS NULL AND d.accepted_on BETWEEN :a AND :b{scope} GROUP BY {key}, "
                                 f"d.source_code", p):
        sources.setdefault(str(k), {})[source] = int(n)
    labels = _labels(db, by)
    raw: dict[str, dict[str, int]] = {}
    for k in sorted(set(cases) | set(performed) | set(confirmed)):
        raw[k] = {**(cases.get(k) or _zeros()), "performed": performed.get(k, 0), "confirmed": confirmed.get(k, 0),
                  "parties": parties.get(k, 0),
                  **_escalations(prevented.get(k))}
    total = {m: sum(r[m] for r in raw.values()) for m in _zeros()}
    # A person in two groups counts once in the total: GROUP BY 1 groups everything (first column constant).
    total["parties"] = sum(_counted(db, "1", join, p, parties_sql, scope).values())
    total_sources: dict[str, int] = {}
    for per_key in sources.values():
        for s, n in per_key.items():
            total_sources[s] = total_sources.get(s, 0) + n
    out = tuple(StatRow(k, labels.get(k, k), _finish(v), sources.get(k, {}), v["agreed_fen"]) for k, v in raw.items())
    work = prevention.work_counts(db, start=period.start, end=period.end, station=station)
    return Report(period, by, out, StatRow("total", _("Total"), _finish(total), total_sources, total["agreed_fen"]),
                  work=work)


def _escalations(found: dict[str, dict[str, int]] | None) -> dict[str, int]:
    out = {}
    for code, _column in ESCALATIONS:
        counts = (found or {}).get(code, {})
        out[f"prevented_{code}"], out[f"prevented_{code}_people"] = counts.get("cases", 0), counts.get("people", 0)
    return out


def wan(fen: int) -> Decimal:
    """Fen as 万元 with two decimals (half up), as the Ministry's report states amounts."""
    return (Decimal(fen) / WAN).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def rate(part: int, whole: int) -> Decimal:
    """part of whole in per cent with one decimal (half up); 0.0 of nothing."""
    return (Decimal(100 * part) / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP) if whole else Decimal("0.0")


def _zeros() -> dict[str, int]:
    return {k: 0 for k, _zh, _en in MEASURES if k not in ("success_rate", "agreed_wan")} | {"agreed_fen": 0}


def _finish(values: dict) -> dict:
    """The agreed amount in 万元 and the success rate, from the raw sums; no rate (None, shown "—") where no
    mediation ended: 0.0 there read as every mediation having failed."""
    mediated = values["settled"] + values["failed"] + values["ended"]     # the success rate's base
    done = {**values, "agreed_wan": float(wan(values["agreed_fen"])),
            "success_rate": float(rate(values["settled"], mediated)) if mediated else None}
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
