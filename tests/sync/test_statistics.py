"""Statistics on a known set of cases equal the figures counted by hand, at the station and at the county;
the files open in Chinese spreadsheets; no output or log names anyone."""
from __future__ import annotations

import csv
import io
import json
import logging
from datetime import date

import pytest
from openpyxl import load_workbook

from app.lifecycle import Action, Outcome
from app.services import agreements, statistics, stations
from app.services.statistics import Period
from app.services.statistics_output import render
from app.database import open_database
from tests.conftest import ID_A, ID_B, TODAY, Db, accept, complete_agreement, complete_record, register
from tests.sync.conftest import act, export, link

PERSONAL = ("张三", "李四", ID_A, ID_B, "13812345678", "0571-87654321", "13900001111")


def known_cases(db) -> None:
    """Four cases moving in November 2026 (two types, four outcomes) and one in October."""
    c1 = register(db, escalations=frozenset({"criminal", "mass_petition"}), people_involved=5, people_at_risk=3)
    accept(db, c1)
    complete_record(db, c1)
    complete_agreement(db, c1)
    with db.write.begin() as s:
        agreements.sign_agreement(s, dispute_id=c1, signed_on=TODAY, signatories="张三、李四", today=TODAY)
        for term in agreements.get_agreement(s, dispute_id=c1).terms:      # performed, with the evidence
            agreements.record_performance(s, term_id=term.id, performance="performed", on=TODAY, note="转账凭证",
                                          today=TODAY)
    act(db, c1, Action.SETTLE, outcome=Outcome.WRITTEN)
    act(db, c1, Action.PERFORM)
    with db.write.begin() as s:
        agreements.apply_for_confirmation(s, dispute_id=c1, applied_on=TODAY, court="城关人民法庭")
        agreements.record_confirmation_result(s, dispute_id=c1, result="confirmed", on=TODAY)
    c2 = register(db, title="货款纠纷", type_code="04", source_code="police", amount="800")
    accept(db, c2)
    complete_record(db, c2)
    act(db, c2, Action.FAIL, routes=("litigation",))
    c3 = register(db, title="邻里噪音")
    act(db, c3, Action.DECLINE, reason="已起诉至法院")
    c4 = register(db, title="装修合同", type_code="04", source_code="court")
    accept(db, c4)
    act(db, c4, Action.END, reason="申请人撤回申请")
    c5 = register(db, title="十月的案件", registered_on="2026-10-05")
    accept(db, c5, on=date(2026, 10, 6))


# Counted by hand from known_cases (the agreed amount, c1's term of 3,500.50 yuan, in 万元; people: 5 given for
# c1, 2 parties for the others; prevented escalations: c1's 3 people actually at risk, not its 5 involved).
NOVEMBER = {
    "02": dict(registered=2, accepted=1, concluded=2, settled=1, failed=0, ended=0, declined=1, referred=0,
               success_rate=100.0, written=1, oral=0, agreed_wan=0.35, people=7, performed=1, confirmed=1,
               prevented_criminal=1, prevented_criminal_people=3, prevented_mass_petition=1,
               prevented_mass_petition_people=3, prevented_suicide=0, prevented_group_fight=0),
    "04": dict(registered=2, accepted=2, concluded=2, settled=0, failed=1, ended=1, declined=0, referred=0,
               success_rate=0.0, written=0, agreed_wan=0.0, people=4, performed=0, confirmed=0,
               prevented_criminal=0),
    "total": dict(registered=4, accepted=3, concluded=4, settled=1, failed=1, ended=1, declined=1,
                  success_rate=33.3, written=1, agreed_wan=0.35, people=11, performed=1, confirmed=1,
                  prevented_criminal=1, prevented_criminal_people=3),
}


def check(report, expected: dict, parties: dict[str, int]) -> None:
    rows = {r.key: r for r in report.rows} | {"total": report.total}
    assert set(rows) == set(expected)
    for key, values in expected.items():
        assert {k: rows[key].values[k] for k in values} == values, key
        assert rows[key].values["parties"] == parties[key], key
    assert rows["02"].sources == {"applied": 1} and rows["04"].sources == {"police": 1, "court": 1}


def second_station(tmp_path, code: str, name: str) -> Db:
    engine, read, write = open_database(tmp_path / f"{code}.sqlite")
    with write.begin() as s:
        stations.init_station(s, name=name, code=code, county="某某县", case_prefix=name[:1] + "人",
                              mediator_name="周调解", mediator_phone="")
    return Db(tmp_path / f"{code}.sqlite", engine, read, write)


def test_station_and_county_statistics_equal_the_hand_counts(db, county_db, tmp_path):
    known_cases(db)
    with db.read() as s:
        check(statistics.compute(s, Period.parse("2026-11")), NOVEMBER, {"02": 4, "04": 4, "total": 8})
        assert statistics.compute(s, Period.parse("2026")).total.values["registered"] == 5
        assert statistics.compute(s, Period.parse("2026-W41")).total.values["accepted"] == 1   # 6 October
    quiet = second_station(tmp_path, "330101002", "东岭村人民调解委员会")
    silent = second_station(tmp_path, "330101003", "西山村人民调解委员会")
    for station in (db, quiet, silent):
        link(station, county_db, tmp_path)
    from app.sync.county_import import import_bundles
    reports = import_bundles(county_db.write, [export(db, tmp_path / "a").path, export(quiet, tmp_path / "b").path])
    assert [r.status for r in reports] == ["applied", "applied"]
    from app.sync import county
    with county_db.read() as s:
        # the same two people in all four cases: counted once through the county's keyed hash
        check(statistics.compute(s, Period.parse("2026-11")), NOVEMBER, {"02": 2, "04": 2, "total": 2})
        by_station = statistics.compute(s, Period.parse("2026-11"), by="station")
        assert [(r.key, r.label, r.values["concluded"]) for r in by_station.rows] == [
            ("330101001", "城关镇人民调解委员会", 4)]
        zero, missing = county.reporting(s, date(2026, 11, 1), date(2026, 11, 30))
    assert zero == ("东岭村人民调解委员会(330101002)",) and missing == ("西山村人民调解委员会(330101003)",)
    for station in (quiet, silent):
        station.engine.dispose()


def test_report_files_open_in_chinese_spreadsheets_and_name_no_one(db):
    known_cases(db)
    with db.read() as s:
        report = statistics.compute(s, Period.parse("2026-11"))
    data = render(report, "csv")
    assert data.startswith(b"\xef\xbb\xbf")                  # the BOM WPS and Excel need
    table = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert table[0][:4] == ["纠纷类型", "登记数", "受理数", "办结数"] and "来源:公安机关移交" in table[0]
    assert [r[0] for r in table[1:4]] == ["邻里", "合同", "合计"]
    assert table[3][table[0].index("调解成功率(%)")] == "33.3"
    book = load_workbook(io.BytesIO(render(report, "xlsx")))
    sheet = book["调解统计"]
    assert [c.value for c in sheet[1]][:3] == ["纠纷类型", "登记数", "受理数"]
    assert sheet.cell(row=4, column=1).value == "合计" and sheet.cell(row=4, column=2).value == 4
    assert json.loads(render(report, "json"))["total"]["concluded"] == 4
    cells = " ".join(str(c.value) for ws in book for row in ws.iter_rows() for c in row)
    for text in (data.decode("utf-8-sig"), render(report, "json").decode("utf-8"), cells):
        assert not [p for p in PERSONAL if p in text]


def test_cli_export_import_and_stats_leave_no_personal_information_in_output_or_logs(db, head_login, tmp_path, capsys,
                                                                                     caplog, monkeypatch):
    from tests.sync.conftest import PASSPHRASE
    from ui.cli import main

    monkeypatch.setenv("MEDIATION_COUNTY_PASSPHRASE", PASSPHRASE)
    known_cases(db)
    county_path = str(tmp_path / "county.sqlite")
    caplog.set_level(logging.DEBUG)
    assert main(["county", "init", "--db", county_path, "--name", "某某县司法局"]) == 0
    assert main(["county", "export-key", "--db", county_path, "--out", str(tmp_path / "county.json")]) == 0
    assert main(["--db", str(db.path), "keys", "export-enrolment", "--out", str(tmp_path / "enrol.json")]) == 0
    assert main(["county", "enrol", str(tmp_path / "enrol.json"), "--db", county_path]) == 0
    assert main(["--db", str(db.path), "keys", "import-county", str(tmp_path / "county.json")]) == 0
    (tmp_path / "stick").mkdir()
    assert main(["--db", str(db.path), "export", "--out", str(tmp_path / "stick")]) == 0
    [bundle] = (tmp_path / "stick").glob("*.msb")
    assert main(["county", "import", str(bundle), "--db", county_path, "--dry-run"]) == 0
    assert main(["county", "import", str(bundle), "--db", county_path, "--receipt-out", str(tmp_path / "r")]) == 0
    assert main(["--db", str(db.path), "receipt", "import", str(tmp_path / "r" / "330101001-000001.receipt.json")]) == 0
    assert main(["county", "stats", "--period", "2026-11", "--by", "station", "--format", "json", "--db",
                 county_path]) == 0
    out = capsys.readouterr()
    assert json.loads(out.out[out.out.index("{"):])["total"]["settled"] == 1
    text = out.out + out.err + caplog.text
    assert "已导入" in text or "imported" in text
    assert not [p for p in PERSONAL if p in text]
    assert not [p for p in PERSONAL if p.encode("utf-8") in bundle.read_bytes()]   # encrypted on the stick
    assert main(["county", "stats", "--period", "2026-13", "--db", county_path]) == 1
    assert "2026-13" in capsys.readouterr().err


@pytest.mark.parametrize("text,start,end", [("2026-11", date(2026, 11, 1), date(2026, 11, 30)),
                                            ("2026-W47", date(2026, 11, 16), date(2026, 11, 22)),
                                            ("2026-12", date(2026, 12, 1), date(2026, 12, 31)),
                                            ("2026", date(2026, 1, 1), date(2026, 12, 31))])
def test_periods(text, start, end):
    period = Period.parse(text)
    assert (period.start, period.end) == (start, end)
