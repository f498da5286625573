"""排查, 预防, places, risk reports and referrals reach the county through a real bundle, and the county checks
them: codes, dates, ranges and the rules between a record's fields (a hostile station's records are refused one
by one, what depends on them too)."""
from __future__ import annotations

from datetime import date

import pytest

from app.sync.county_import import import_bundles
from app.sync.schema import TABLES
from tests.conftest import station_work_record
from tests.sync.conftest import content, export, link, open_bundle
from tests.sync.test_hostile import forge, lines, sealed

NEW = ("place", "grid", "screening", "screening_finding", "info_report", "prevented_dispute", "risk_report",
       "referral")


@pytest.fixture(params=["sqlite", "postgresql"])
def any_county(request, county_db):
    return county_db if request.param == "sqlite" else request.getfixturevalue("pg_county")


def test_the_station_work_arrives_whole_at_the_county(db, any_county, tmp_path):
    case = station_work_record(db)
    link(db, any_county, tmp_path)
    bundle = export(db, tmp_path / "out")
    assert set(NEW) <= set(TABLES) and all(bundle.counts[t] > 0 for t in NEW), bundle.counts
    [report] = import_bundles(any_county.write, [bundle.path])
    assert report.status == "applied", report.message
    county, station = content(any_county.engine), content(db.engine)
    for table in (*NEW, "dispute"):
        assert county[table] == station[table], table
    [finding] = county["screening_finding"].values()
    [red] = [d for d in county["dispute"].values() if d["risk_level"] == "red"]
    assert finding["dispute_id"] == red["uid"] and red["people_at_risk"] == 4 and red["place_id"] is not None
    [visit] = county["screening"].values()
    assert len(visit["mediator_ids"]) == 2          # the mediators who went, as uids of the station's roster
    from app.services import prevention, risks

    period = dict(start=date(2026, 11, 1), end=date(2026, 11, 30))
    with db.read() as s, any_county.read() as c:        # the same figures from the county's copy
        assert prevention.work_counts(c, **period) == prevention.work_counts(s, **period) == {
            "screenings": 1, "found": 1, "reports": 1, "prevented": 1, "prevented_people": 3}
        assert risks.escalations_prevented(c, **period) == risks.escalations_prevented(s, **period)
    assert case


def test_the_county_refuses_impossible_station_work_records(db, county_db, tmp_path):
    station_work_record(db)
    link(db, county_db, tmp_path)
    bundle = export(db, tmp_path / "out")
    entries = open_bundle(county_db, bundle.path)
    [court, out] = sorted(lines(entries, "referral"), key=lambda r: r["direction"])
    [finding] = lines(entries, "screening_finding")
    [prevented] = lines(entries, "prevented_dispute")
    [risk] = lines(entries, "risk_report")
    [case] = [d for d in lines(entries, "dispute") if d["risk_level"] == "red"]

    def bad(record: dict, n: int, **change) -> dict:
        return {**record, "uid": f"99999999-0000-4000-8000-{n:012d}", **change}
    forged = {
        "referral": [court, out, bad(court, 1, due_on=None), bad(out, 2, court_kind="assigned"),
                     bad(court, 3, result_on="2020-01-01"), bad(out, 4, direction="sideways")],
        "screening_finding": [finding, bad(finding, 5, type_code="XX"), bad(finding, 6, people_involved=-3),
                              bad(finding, 7, handling="case", dispute_id=None)],
        "prevented_dispute": [prevented, bad(prevented, 8, people_involved=0), bad(prevented, 9, on_date="2999-01-01")],
        "risk_report": [risk, bad(risk, 10, risk_level="yellow"), bad(risk, 11, method="pigeon"),
                        bad(risk, 12, reply_on="2020-01-01")],
        "dispute": [*[d for d in lines(entries, "dispute")], bad(case, 13, people_at_risk=7, case_no=None)],
    }
    path = sealed(county_db, forge(entries, **forged), tmp_path, "bad.msb")
    [report] = import_bundles(county_db.write, [path])
    assert report.status == "applied", report.message
    refused = {r.uid[-2:]: r.reason for r in report.rejected}
    assert set(refused) == {f"{n:02d}" for n in range(1, 14)}, report.rejected
    stored = content(county_db.engine)
    assert {r["uid"] for r in stored["referral"].values()} == {court["uid"], out["uid"]}
    assert len(stored["screening_finding"]) == len(stored["prevented_dispute"]) == len(stored["risk_report"]) == 1
