"""Each mediator's work log: entries from every registered source over the fixed station, read by the mediator
or the head (not by another mediator), shown by the command line and written as a formula-safe xlsx."""
from __future__ import annotations

import io
from datetime import date

import pytest
from openpyxl import load_workbook

from app.access import Actor
from app.errors import NotFound, PermissionRefused
from app.services import worklog
from app.periods import Period
from tests.app.station_month import MONTH, fixed_station, screening_month

NOVEMBER = Period.parse(MONTH)


def _log(db, mediator_id: int, actor: Actor | None = None, period: Period = NOVEMBER):
    with db.read() as s:
        if actor is not None:
            s.info["actor"] = actor
        return worklog.work_log(s, mediator_id=mediator_id, period=period)


def test_the_log_gathers_sessions_visits_documents_and_case_steps(db):
    from app.documents import issuing

    cases = fixed_station(db)
    with db.write.begin() as s:
        issuing.issue(s, dispute_id=cases["d1"], doc_type="acceptance", by=1)
    head = _log(db, 1)
    kinds = head.counts()
    assert kinds["session"] == 4 and kinds["follow_up"] == 1 and kinds["document"] == 1
    sessions = [e for e in head.entries if e.kind == "session"]
    assert all(e.on == date(2026, 11, 22) and e.at.hour == 9 and "主持" in e.what for e in sessions), sessions
    assert [e.what for e in head.entries if e.kind == "document"] == ["签发人民调解受理登记表第1版（" + next(
        e.what for e in head.entries if e.kind == "document").split("（")[1]]
    # The cases 王调解 registered and accepted (by=1), each step once on its day.
    steps = [e for e in head.entries if e.kind == "case"]
    assert sum("登记" in e.what for e in steps) == 5 - 1 and sum("已受理" in e.what for e in steps) == 4
    assert [e.on for e in head.entries] == sorted(e.on for e in head.entries)
    clerk = _log(db, 2)
    assert clerk.counts().get("session") == 4 and all("记录" in e.what for e in clerk.entries if e.kind == "session")
    # The clerk (mediator 2) settled, failed, ended and marked performed on the 23rd.
    assert {e.what.split("：")[0] for e in clerk.entries if e.kind == "case"} == {"调解成功", "调解不成", "已终止", "已履行"}
    assert "follow_up" not in clerk.counts()
    assert _log(db, 1, period=Period.parse("2026-10")).counts() == {"case": 2}      # d4 registered and accepted


def test_a_mediator_reads_their_own_log_and_not_a_colleagues(db):
    fixed_station(db)
    clerk = Actor(2, "李记录", "mediator", 2)
    assert _log(db, 2, clerk).entries
    with pytest.raises(PermissionRefused):
        _log(db, 1, clerk)
    assert _log(db, 2, Actor(1, "王调解", "head", 1)).entries
    with db.read() as s, pytest.raises(NotFound, match="王调解"):
        worklog.find_mediator(s, name="无此人")


def test_a_new_source_is_one_function_and_one_line(db, monkeypatch):
    def trainings(session, mediator_id, first, last):
        yield worklog.LogEntry(date(2026, 11, 5), None, "training", "", "参加县司法局业务培训")

    monkeypatch.setattr(worklog, "SOURCES", (*worklog.SOURCES, ("training", "Training", trainings)))
    assert [e.what for e in _log(db, 1).entries] == ["参加县司法局业务培训"]


def test_screening_visits_are_in_the_log_of_each_who_went(head_login, capsys):
    """排查 visits are in the log of every mediator who went on them (the visit's participants), not of the
    others, and only in their month; the command line shows them with the place and what was found. A dispute
    prevented is in the log of those who prevented it."""
    from ui.cli import main

    db = head_login
    visits = screening_month(db)
    assert main(["--db", str(db.path), "worklog", "--mediator", "李记录", "--month", MONTH]) == 0
    printed = capsys.readouterr().out
    lines = [line.split("\t") for line in printed.splitlines() if "排查" in line and "\t" in line]
    assert [(line[0], line[2], line[4]) for line in lines] == [
        ("2026-11-10", "矛盾纠纷排查", "排查城东村（一网格），发现纠纷2件"),
        ("2026-11-18", "矛盾纠纷排查", "排查西山村，发现纠纷0件")], printed
    assert "矛盾纠纷排查 2" in printed.splitlines()[-1]
    assert "2026-11-15\t\t预防纠纷\t\t预防邻里纠纷（西山村）：上门劝解" in printed       # 李记录 prevented it
    head = _log(db, 1)
    assert [(e.on, e.what) for e in head.entries if e.kind == "screening"] == [
        (date(2026, 11, 10), "排查城东村（一网格），发现纠纷2件")]         # not 西山村 (李记录 went alone)
    assert "prevention" not in head.counts()
    assert [e.on for e in _log(db, 1, period=Period.parse("2026-10")).entries] == [date(2026, 10, 28)]
    with db.write.begin() as s:                                       # a visit deleted leaves the log
        from db.models import Screening
        gone = s.get(Screening, visits["both"])
        gone.deleted_at = gone.created_at
    assert [e.on for e in _log(db, 2).entries if e.kind == "screening"] == [date(2026, 11, 18)]


def test_cli_prints_the_log_and_writes_a_formula_safe_workbook(head_login, tmp_path, capsys):
    from ui.cli import main

    db = head_login
    cases = fixed_station(db)
    with db.write.begin() as s:                        # a place that would be a formula in a spreadsheet
        from db.models import MediationSession
        s.query(MediationSession).filter_by(dispute_id=cases["d1"]).one().place = "=HYPERLINK(\"x\")"
    out = tmp_path / "日志.xlsx"
    assert main(["--db", str(db.path), "worklog", "--mediator", "王调解", "--month", MONTH, "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "王调解" in printed and "2026-11-22\t09:30\t调解" in printed
    sheet = load_workbook(io.BytesIO(out.read_bytes())).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[1] == ["日期", "时间", "工作类别", "案件", "工作内容"]
    assert any(v and "'=HYPERLINK" in v or v and "（=HYPERLINK" in v for row in values for v in row)
    assert not any(isinstance(v, str) and v.startswith("=") for row in values for v in row)
    assert main(["--db", str(db.path), "worklog", "--mediator", "无此人", "--month", MONTH]) == 1
    assert "无此人" in capsys.readouterr().err
