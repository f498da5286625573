"""The Ministry's statistics report (人民调解工作统计) of a period, on a station's database or the county's (the
county's sum, or one of its stations): 组织队伍, 排查与预防, 调解 and 防止激化, with the rows of
app/services/ministry_rows.py.

Each figure comes from the service that owns its records, counted as the statistics count it:
- 组织队伍: committee.organisation_counts (active mediators and roster members, as they stand now).
- 排查与预防: prevention.work_counts (screening visits, their findings, disputes prevented, by their dates).
- 调解: statistics.compute by type: accepted, settled, failed and ended in the period (an imported closed case in
  the period of its closing); sources over the accepted cases; the agreed amount (万元) of the cases settled;
  people of the cases concluded; performed on the evidence of the terms; confirmations dated in the period.
- 防止激化: risks.escalations_prevented, the people counted from those entered as actually at risk.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from app import codes
from app.periods import Period
from app.services import committee, risks, statistics
from app.services.ministry_rows import COMMITTEE_KINDS, NOTES, OUTCOMES, SOURCES, matrix_key, source_group
from app.services.sql import Db, rows
from app.sync import county


@dataclass(frozen=True)
class MinistryReport:
    period: Period
    unit: str                                   # 填报单位: the committee, or the county office
    counts: dict[str, int]                      # every counted figure by its key (the agreed amount in fen)
    types: tuple[tuple[str, str], ...]          # (code, label) of the 纠纷类型 rows, the code table's order
    station: str = ""                           # the station's code; "" for a whole database
    notes: tuple[str, ...] = field(default=())  # what the figures leave out (ministry_rows.NOTES), printed under them

    def value(self, key: str) -> int | Decimal:
        """A figure of ministry_rows: a count, or derived from the counts (rates in %, the amount in 万元)."""
        c = self.counts
        if key == "success_rate":
            return statistics.rate(c["settled"], c["settled"] + c["failed"] + c["ended"])
        if key == "agreed_wan":
            return statistics.wan(c["agreed_fen"])
        if key.endswith(":share"):
            return statistics.rate(c[key.removesuffix(":share")],
                                   sum(c[f"source:{s}"] for s, _label, _codes in SOURCES))
        return c.get(key, 0)


def compute(db: Db, period: Period, *, unit: str, station: str | None = None) -> MinistryReport:
    """The report of the whole database (a station's own; the county's sum), or of one station of a county's."""
    start, end = period.start, period.end
    org = committee.organisation_counts(db, station_codes=None if station is None else (station,))
    stats = statistics.compute(db, period, by="type", station=station)
    work = stats.work                   # prevention.work_counts of the period, counted once
    prevented = risks.escalations_prevented(db, start=start, end=end, station=station)
    counts = {"committees": org.committees, "mediators": org.mediators, "full_time": org.full_time,
              "part_time": org.part_time, "women": org.women, "college_or_above": org.college_or_above,
              "heads": org.heads, "informants": org.informants, "screenings": work["screenings"],
              "found": work["found"], "prevented": work["prevented"]}
    counts |= {f"committees:{code}": org.committees_by_kind.get(code, 0) for code, _label in COMMITTEE_KINDS}
    total = stats.total.values
    counts |= {key: int(total[key]) for key in ("accepted", "settled", "failed", "ended", "written", "oral",
                                                 "people", "performed", "confirmed")}
    counts["agreed_fen"] = stats.total.agreed_fen
    for key, _label, _codes in SOURCES:
        counts[f"source:{key}"] = 0
    for code, n in stats.total.sources.items():
        counts[f"source:{source_group(code)}"] += n
    for row in stats.rows:
        counts |= {matrix_key(row.key, outcome): int(row.values[outcome]) for outcome, _label in OUTCOMES}
    for code, found in prevented.items():
        counts[f"escalation:{code}"], counts[f"escalation:{code}:people"] = found["cases"], found["people"]
    return MinistryReport(period, unit, counts, _types(stats), station or "", _notes(org))


def _types(stats: statistics.Report) -> tuple[tuple[str, str], ...]:
    """Every type of the code table (the form lists them all), then any other code the cases hold."""
    table = [(c.code, c.zh) for c in codes.dispute_types().codes]
    known = {code for code, _label in table}
    return (*table, *((r.key, r.label) for r in stats.rows if r.key not in known))


def _notes(org: committee.OrganisationCounts) -> tuple[str, ...]:
    unknown = {"committee_kind": org.committees_by_kind.get("", 0),
               "employment": org.mediators - org.full_time - org.part_time}
    return tuple(NOTES[key].format(n=n) for key, n in unknown.items() if n)


def summed(reports: list[MinistryReport], *, period: Period, unit: str) -> MinistryReport:
    """The sum of several reports of one period (the county's stations), figure by figure."""
    counts: dict[str, int] = {}
    types: dict[str, str] = {}
    for report in reports:
        for key, n in report.counts.items():
            counts[key] = counts.get(key, 0) + n
        types.update((code, label) for code, label in report.types if code not in types)
    notes = tuple(dict.fromkeys(note for report in reports for note in report.notes))
    return MinistryReport(period, unit, counts, tuple(types.items()), "", notes)


@dataclass(frozen=True)
class CountyMinistryReport:
    """The county's table (its stations summed) and each station's own, in the order of their codes."""
    total: MinistryReport
    stations: tuple[MinistryReport, ...]
    not_reported: tuple[str, ...] = ()          # enrolled stations with nothing covering the period


def compute_county(db: Db, period: Period, *, unit: str) -> CountyMinistryReport:
    """On the county's database: the report of each station whose records it holds, and their sum counted over
    the whole database (tests check that the two agree)."""
    stations = tuple(compute(db, period, unit=str(name), station=str(code))
                     for code, name in rows(db, "SELECT code, name FROM station WHERE deleted_at IS NULL ORDER BY code"))
    _zero, missing = county.reporting(db, period.start, period.end)
    return CountyMinistryReport(compute(db, period, unit=unit), stations, missing)
