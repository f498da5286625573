"""The clerk's commands for the station's work: places, screenings, reports and prevented disputes (list and
add), `cases list --risk/--place` and `stats --by place`, through the real command and a real database."""
from __future__ import annotations

import json

from tests.conftest import register
from ui.cli import main


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_places_screenings_reports_and_prevented_from_the_command_line(head_login, capsys):
    db = ["--db", str(head_login.path)]
    assert run(capsys, "places", "add", "城东村", *db)[0] == 0
    assert run(capsys, "places", "add", "南街社区", "--kind", "社区", *db)[0] == 0
    assert run(capsys, "places", "add-grid", "城东村", "一网格", *db)[0] == 0
    assert run(capsys, "places", "interval", "14", *db)[0] == 0
    listed = json.loads(run(capsys, "places", "list", "--json", *db)[1])
    assert listed["interval_days"] == 14 and [(p["name"], p["kind"], [g["name"] for g in p["grids"]])
                                              for p in listed["places"]] == [("城东村", "village", ["一网格"]),
                                                                             ("南街社区", "community", [])]
    code, out, _err = run(capsys, "screenings", "add", "--date", "2026-11-22", "--place", "城东村/一网格",
                          "--mediator", "王调解", "--mediator", "李记录", "--others", "网格员赵六",
                          "--finding", "邻里|3|黄|两户因排水沟争执", "--finding", "婚姻家庭|2|无|婆媳矛盾", *db)
    assert code == 0 and "2" in out
    [visit] = json.loads(run(capsys, "screenings", "list", "--place", "城东村", "--json", *db)[1])
    assert visit["grid"] == "一网格" and visit["mediators"] == ["王调解", "李记录"]
    assert [(f["type"], f["people"], f["risk"]) for f in visit["findings"]] == [("02", 3, "yellow"), ("01", 2, "none")]
    assert json.loads(run(capsys, "screenings", "list", "--place", "南街社区", "--json", *db)[1]) == []
    assert run(capsys, "reports", "add", "--reporter", "赵六", "--role", "网格员", "--date", "2026-11-23",
               "--place", "城东村", "--content", "修路占地争吵", *db)[0] == 0
    [report] = json.loads(run(capsys, "reports", "list", "--json", *db)[1])
    assert (report["reporter"], report["role"], report["place"]) == ("赵六", "grid_worker", "城东村")
    assert run(capsys, "prevented", "add", "--date", "2026-11-23", "--place", "南街社区", "--type", "邻里",
               "--people", "4", "--how", "上门劝解", "--by", "李记录", *db)[0] == 0
    code, out, _err = run(capsys, "prevented", "list", *db)
    assert code == 0 and out.split("\t")[:4] == ["2026-11-23", "南街社区", "邻里", "4"]


def test_bad_input_is_one_chinese_line_and_changes_nothing(head_login, capsys):
    db = ["--db", str(head_login.path)]
    run(capsys, "places", "add", "城东村", *db)
    code, _out, err = run(capsys, "screenings", "add", "--date", "2026-11-22", "--place", "西山村", "--mediator",
                          "王调解", *db)
    assert code == 1 and "西山村" in err and len(err.strip().splitlines()) == 1
    code, _out, err = run(capsys, "screenings", "add", "--date", "2027-01-01", "--place", "城东村", *db)
    assert code == 1 and "排查日期" in err and "Traceback" not in err
    code, _out, err = run(capsys, "screenings", "add", "--date", "2026-11-22", "--place", "城东村", "--mediator",
                          "王调解", "--finding", "邻里,3,黄", *db)
    assert code == 1 and "类型|人数|风险|情况" in err
    assert json.loads(run(capsys, "screenings", "list", "--json", *db)[1]) == []


def test_cases_list_filters_by_risk_and_place_and_stats_group_by_place(head_login, capsys):
    db = ["--db", str(head_login.path)]
    run(capsys, "places", "add", "城东村", *db)
    run(capsys, "places", "add-grid", "城东村", "一网格", *db)
    register(head_login, title="城东的红色", place_id=1, grid_id=1, risk_level="red")
    register(head_login, title="城东的黄色", place_id=1)
    register(head_login, title="无村的红色", risk_level="red")
    titles = lambda *a: sorted(r["title"] for r in json.loads(run(capsys, "cases", "list", "--json", *a, *db)[1]))  # noqa: E731
    assert titles("--risk", "红") == ["城东的红色", "无村的红色"]
    assert titles("--place", "城东村") == ["城东的红色", "城东的黄色"]
    assert titles("--place", "城东村/一网格", "--risk", "红") == ["城东的红色"]
    code, out, _err = run(capsys, "stats", "--period", "2026-11", "--by", "place", "--format", "json", *db)
    rows = {r["label"]: r["registered"] for r in json.loads(out)["rows"]}
    assert code == 0 and rows == {"城东村": 2, "（未填村/社区）": 1}
    code, _out, err = run(capsys, "places", "add", "城东村", *db)
    assert code == 1 and "城东村" in err
