"""The county's 人民调解工作统计表: from what two stations' bundles carry (committee, mediators, roster, screenings,
prevented disputes, cases with their risks and agreements), each station's column equals the station's own
report, and the county's figures, counted over its whole database, equal the sum of the two; printed, saved and
asked for from the command line."""
from __future__ import annotations

import io
import json
import shutil
import subprocess

import pytest
from openpyxl import load_workbook

from app.periods import Period
from app.services import ministry_report
from app.services.ministry_rows import TITLE, TOTAL
from app.sync.county_import import import_bundles
from tests.app.ministry_station import HAND, ministry_station
from tests.conftest import closed_case, station_work_record
from tests.sync.conftest import PASSPHRASE, export, link
from tests.sync.test_statistics import second_station

NOVEMBER = Period.parse("2026-11")


def two_stations(db, county_db, tmp_path):
    """城关镇 (every kind of record) and 东岭村 (the station's work, a red case, a failed and an oral settlement),
    both sent to the county; returns the second station."""
    from app.services import mediators

    ministry_station(db, tmp_path)
    other = second_station(tmp_path, "330101002", "东岭村人民调解委员会")
    with other.write.begin() as s:
        mediators.add_mediator(s, name="吴记录", role="clerk")
    station_work_record(other)
    closed_case(other, "failed")
    closed_case(other, "oral")
    for station in (db, other):
        link(station, county_db, tmp_path)
    bundles = [export(db, tmp_path / "a").path, export(other, tmp_path / "b").path]
    assert [r.status for r in import_bundles(county_db.write, bundles)] == ["applied", "applied"]
    return other


def test_the_county_sums_its_stations(db, county_db, tmp_path):
    other = two_stations(db, county_db, tmp_path)
    own = {}
    for code, station in (("330101001", db), ("330101002", other)):
        with station.read() as s:
            own[code] = ministry_report.compute(s, NOVEMBER, unit=code)
    with county_db.read() as s:
        county = ministry_report.compute_county(s, NOVEMBER, unit="某某县司法局")
    assert [r.station for r in county.stations] == ["330101001", "330101002"]
    assert [r.unit for r in county.stations] == ["城关镇人民调解委员会", "东岭村人民调解委员会"]
    for report in county.stations:           # each station's column: what the station counts on its own database
        assert report.counts == own[report.station].counts, report.station
    assert {k: county.stations[0].value(k) for k in HAND} == HAND
    summed = ministry_report.summed([own["330101001"], own["330101002"]], period=NOVEMBER, unit="x")
    assert county.total.counts == summed.counts                     # the county's own count is the sum
    # 东岭村 accepted its failed and its oral case (its red case is registered only)
    assert county.total.value("accepted") == HAND["accepted"] + 2 and county.total.value("committees") == 2
    assert county.total.value("escalation:group_fight:people") == 4 + 0     # the other red case is not settled
    assert county.total.value("success_rate") == summed.value("success_rate") and county.not_reported == ()
    other.engine.dispose()


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils is not installed")
def test_the_county_prints_saves_and_answers_the_command_line(db, county_db, tmp_path, capsys, monkeypatch):
    from app.services import accounts
    from tests.conftest import CLI_PASSWORD, CLI_USER
    from ui.cli import main

    other = two_stations(db, county_db, tmp_path)
    monkeypatch.setenv("MEDIATION_COUNTY_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("MEDIATION_STATION_USER", CLI_USER)
    monkeypatch.setenv("MEDIATION_STATION_PASSWORD", CLI_PASSWORD)
    with county_db.write.begin() as s:
        accounts.add_account(s, name=CLI_USER, role="reviewer", password=CLI_PASSWORD)
    args = ["--period", "2026-11", "--db", county_db.url, "--ministry"]
    pdf = tmp_path / "县统计表.pdf"
    assert main(["county", "stats", *args, "--format", "pdf", "--out", str(pdf)]) == 0
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True).stdout
    flat = text.replace(" ", "").replace("\n", "")
    assert TITLE in flat and "填报单位：某某县司法局" in flat and "附表：各调委会主要数据" in flat
    appendix = flat[flat.index("附表"):]
    assert appendix.index("城关镇人民调解委员会") < appendix.index("（330101001）") < appendix.index("东岭村人民调解委员会")
    assert "填报人" not in appendix and "10770.03.4033" in appendix      # 合计: 受理, 调解成功, 成功率, 万元, 排查, 预防
    assert main(["county", "stats", *args, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["填报单位"] == "某某县司法局" and [s["代码"] for s in data["各调委会"]] == ["330101001", "330101002"]
    assert data[TOTAL]["组织队伍"]["调解委员会"]["个"] == 2
    assert data[TOTAL]["调解"]["纠纷类型"][TOTAL]["受理"] == sum(
        s["调解"]["纠纷类型"][TOTAL]["受理"] for s in data["各调委会"])
    xlsx = tmp_path / "县统计表.xlsx"
    assert main(["county", "stats", *args, "--format", "xlsx", "--out", str(xlsx)]) == 0
    sheet = load_workbook(io.BytesIO(xlsx.read_bytes()))[TITLE]
    header = next(r for r in sheet.iter_rows(values_only=True) if r[0] == "类别")
    assert header[3:] == (TOTAL, "城关镇人民调解委员会(330101001)", "东岭村人民调解委员会(330101002)")
    for row in sheet.iter_rows(values_only=True):       # every count: the county's = the two stations'
        if isinstance(row[3], int) and row[2] != "%":
            assert row[3] == row[4] + row[5], row
    assert main(["county", "stats", "--period", "2026-11", "--db", county_db.url, "--format", "json"]) == 0
    plain = json.loads(capsys.readouterr().out)
    assert plain["total"]["settled"] and plain[TITLE]["各调委会"][1]["调委会"] == "东岭村人民调解委员会"
    other.engine.dispose()
