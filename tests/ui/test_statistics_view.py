"""The 统计报表 window on a small fixed station: a quarter, a week and a range picked as a person does give
the table and the charts counted by hand; 另存为 writes exactly the table shown, as text, never a formula;
the command line takes the same periods."""
from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from datetime import date

from openpyxl import load_workbook
from PySide6.QtWidgets import QFileDialog

from app.periods import Period, PeriodKind
from app.services.statistics import Report, StatRow
from tests.sync.test_statistics import known_cases
from ui.main_window import MainWindow
from ui.statistics_view import StatisticsView

# known_cases, counted by hand. 邻里 (02): c1 and c3 registered 20 Nov, c1 accepted 21 Nov and settled 23 Nov,
# c3 declined 23 Nov, c5 registered 5 Oct and accepted 6 Oct. 合同 (04): c2 and c4 registered 20 Nov and
# accepted 21 Nov; c2 failed and c4 ended on 23 Nov. Week 47 is 16-22 Nov, week 48 23-29 Nov.
COLUMNS = ("登记数", "受理数", "办结数", "调解成功", "调解不成", "终止调解", "不予受理")
Q4 = {"邻里": (3, 2, 2, 1, 0, 0, 1), "合同": (2, 2, 2, 0, 1, 1, 0), "合计": (5, 4, 4, 1, 1, 1, 1)}
W47 = {"邻里": (2, 1, 0, 0, 0, 0, 0), "合同": (2, 2, 0, 0, 0, 0, 0), "合计": (4, 3, 0, 0, 0, 0, 0)}
W48 = {"邻里": (0, 0, 2, 1, 0, 0, 1), "合同": (0, 0, 2, 0, 1, 1, 0), "合计": (0, 0, 4, 1, 1, 1, 1)}
OCTOBER = {"邻里": (1, 1, 0, 0, 0, 0, 0), "合计": (1, 1, 0, 0, 0, 0, 0)}


def shown_counts(view: StatisticsView) -> dict[str, tuple[int, ...]]:
    header, *rows = view.shown_table()
    at = [header.index(c) for c in COLUMNS]
    return {row[0]: tuple(int(row[i]) for i in at) for row in rows}


def chart_bars(view: StatisticsView) -> dict[str, dict[str, int]]:
    """Each category's bar in the outcome chart: {outcome: count}, zeros left out."""
    return {cat: {s.label: s.values[i] for s in view.chart.series if s.values[i]}
            for i, cat in enumerate(view.chart.categories)}


def open_view(backend, qtbot, ui_settings) -> StatisticsView:
    window = MainWindow(backend, ui_settings)
    qtbot.addWidget(window)
    window.open_statistics()
    view = window.findChild(StatisticsView)
    qtbot.waitUntil(lambda: view.report is not None)             # the current month, shown at once
    assert view.report.period == Period.parse("2026-11")
    return view


def wait_for(qtbot, view: StatisticsView, label: str) -> None:
    qtbot.waitUntil(lambda: view.report is not None and view.report.period.label == label)


def choose(picker, kind: PeriodKind) -> None:
    picker.kind.setCurrentIndex(picker.kind.findData(kind))


def test_quarter_week_and_range_picked_give_the_hand_counts(backend, db, qtbot, ui_settings):
    known_cases(db)
    view = open_view(backend, qtbot, ui_settings)
    picker = view.picker

    choose(picker, PeriodKind.QUARTER)                 # November holds today: the quarter holding today
    wait_for(qtbot, view, "2026Q4")
    assert picker.part.currentText() == "第4季度" and picker.year.value() == 2026
    assert shown_counts(view) == Q4
    assert chart_bars(view) == {"邻里": {"调解成功": 1, "不予受理": 1}, "合同": {"调解不成": 1, "终止调解": 1}}
    assert view.chart.ticks()[-1] >= 2 and view.heading.text().startswith("2026年第4季度")

    choose(picker, PeriodKind.WEEK)                    # the week holding today (Monday 23 November)
    wait_for(qtbot, view, "2026W48")
    assert shown_counts(view) == W48
    picker.previous.click()
    wait_for(qtbot, view, "2026W47")
    assert picker.part.currentText() == "第47周（11-16至11-22）"
    assert shown_counts(view) == W47 and chart_bars(view) == {"邻里": {}, "合同": {}}
    assert view.sources_chart.categories == ("当事人申请", "公安机关移交", "人民法院委托/委派")
    assert view.sources_chart.series[0].values == (1, 1, 1)      # the three accepted, by their sources
    picker.part.setCurrentIndex(picker.part.findData(41))       # the week of 5 October
    wait_for(qtbot, view, "2026W41")
    assert shown_counts(view) == OCTOBER

    choose(picker, PeriodKind.RANGE)
    picker.start.setText("2026年10月1日")                        # the forms' Chinese date input
    picker.end.setText("20261031")
    wait_for(qtbot, view, "2026-10-01~2026-10-31")
    assert shown_counts(view) == OCTOBER
    picker.end.setText("2026-09-01")                             # before the start: said, nothing counted
    assert "对调" in picker.span.text() and view.report.period.label == "2026-10-01~2026-10-31"
    picker.start.setText("11月21日")
    picker.end.setText("11月23日")
    wait_for(qtbot, view, "2026-11-21~2026-11-23")
    assert shown_counts(view)["合计"] == (0, 3, 4, 1, 1, 1, 1)

    choose(picker, PeriodKind.YEAR)
    wait_for(qtbot, view, "2026")
    picker.next.click()
    wait_for(qtbot, view, "2027")
    assert shown_counts(view) == {"合计": (0,) * 7} and view.chart.categories == ()
    view.runner.wait()


def test_no_rate_without_mediation_whole_headers_and_the_periods_screening_and_prevention(backend, db, qtbot,
                                                                                      ui_settings):
    from app.services import places, prevention, screenings

    known_cases(db)
    with db.write.begin() as s:
        village = places.add_place(s, name="东湖村")
        screenings.add_screening(s, visited_on=date(2026, 11, 20), place_id=village.id, mediator_ids=[1], findings=[
            screenings.FindingDraft(summary="排水沟争执", type_code="02", people_involved=3, risk_level="none",
                                    handling="watch")])
        prevention.add_prevented(s, on_date=date(2026, 11, 21), type_code="02", people_involved=6,
                                 how="上门劝解", place_id=village.id, mediator_ids=[1])
    view = open_view(backend, qtbot, ui_settings)
    choose(view.picker, PeriodKind.WEEK)
    view.picker.previous.click()
    wait_for(qtbot, view, "2026W47")                 # cases registered and accepted, none concluded
    header, *rows = view.shown_table()
    rate = header.index("调解成功率(%)")
    assert [row[rate] for row in rows] == ["—", "—", "—"]                 # not 0.0: nothing was mediated
    assert "办结涉及人数" in header                                        # whose people the column counts
    assert "排查 1 次" in view.work.text() and "发现纠纷 1 件" in view.work.text()
    assert "预防纠纷 1 件（6 人）" in view.work.text() and not view.work.isHidden()
    metrics = view.table.horizontalHeader().fontMetrics()
    for j in range(view.table.columnCount()):
        text = view.table.horizontalHeaderItem(j).text()
        assert view.table.columnWidth(j) >= metrics.horizontalAdvance(text), text      # no header cut
    saved = view.save_to(db.path.parent / "w47.xlsx", "xlsx")
    sheet = load_workbook(saved).active
    assert [sheet.cell(row=r, column=rate + 1).value for r in (2, 3, 4)] == ["—", "—", "—"]
    choose(view.picker, PeriodKind.QUARTER)
    wait_for(qtbot, view, "2026Q4")
    header, *rows = view.shown_table()
    assert rows[-1][header.index("调解成功率(%)")] == "33.3"
    view.runner.wait()


def test_weeks_of_a_53_week_year_cross_new_year(qtbot):
    from ui.period_picker import PeriodPicker

    picker = PeriodPicker(Period.parse("2026W53"))
    qtbot.addWidget(picker)
    assert picker.part.count() == 53 and picker.part.currentText() == "第53周（12-28至01-03）"
    assert picker.period() == Period.week(2026, 53) and picker.span.text() == ""
    picker.next.click()
    assert picker.period().label == "2027W01" and picker.part.count() == 52
    picker.year.setValue(2026)                                 # week 1 kept, of the other year
    assert picker.period().start == date(2025, 12, 29)


def test_the_saved_workbook_is_what_is_shown_and_holds_no_formula(backend, db, qtbot, ui_settings, tmp_path,
                                                                  monkeypatch):
    known_cases(db)
    view = open_view(backend, qtbot, ui_settings)
    asked = {}

    def dialog(parent, title, name, filters):
        asked.update(title=title, name=name, filters=filters)
        return str(tmp_path / "统计"), filters.split(";;")[0]

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(dialog))
    view.save_button.click()
    assert asked["title"] == "保存统计表" and asked["name"] == str(Path.home() / "调解统计-2026-11.xlsx")
    assert asked["filters"].startswith("Excel 工作簿 (*.xlsx)")
    path = tmp_path / "统计.xlsx"
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600                    # a private file
    assert read_back(path) == view.shown_table()
    assert view.shown_table()[-1][:4] == ["合计", "4", "3", "4"]

    # A label a spreadsheet would run (a county's committee named by a hostile bundle): text, as shown.
    hostile = "=HYPERLINK(\"http://x\",\"点击\")"
    row = StatRow("x", hostile, view.report.total.values, {"police": 1})
    view.show_report(Report(Period.parse("2026-11"), "station", (row,), view.report.total))
    assert view.shown_table()[1][0] == hostile
    saved = view.save_to(tmp_path / "hostile", "xlsx")
    book = load_workbook(saved)
    assert all(c.data_type != "f" for ws in book for r in ws.iter_rows() for c in r)
    cell = book["调解统计"]["A2"].value
    assert cell == "'" + hostile and read_back(saved)[1][1:] == view.shown_table()[1][1:]
    view.runner.wait()


def read_back(path) -> list[list[str]]:
    """The first sheet as the window shows cells: numbers in the cell's own number format's decimals."""
    sheet = load_workbook(path)["调解统计"]
    out = []
    for row in sheet.iter_rows():
        texts = []
        for c in row:
            if isinstance(c.value, (int, float)):
                decimals = len(c.number_format.split(".")[1]) if "." in c.number_format else 0
                texts.append(f"{c.value:.{decimals}f}")
            else:
                texts.append(str(c.value))
        out.append(texts)
    return out


def test_cli_stats_takes_quarters_weeks_and_ranges(head_login, capsys):
    from ui.cli import main

    known_cases(head_login)
    db = str(head_login.path)

    def total(*args: str) -> dict:
        assert main(["--db", db, "stats", *args, "--format", "json"]) == 0
        out = capsys.readouterr().out
        return json.loads(out[out.index("{"):])["total"]

    assert total("--period", "2026Q4")["registered"] == 5
    assert total("--period", "2026-Q4")["accepted"] == 4
    assert total("--period", "2026W47")["accepted"] == 3
    assert total("--period", "2026-W48")["concluded"] == 4
    assert total("--period", "2026-11")["registered"] == 4
    assert total("--period", "2026")["registered"] == 5
    assert total("--from", "2026-10-01", "--to", "2026-10-31")["accepted"] == 1
    assert total("--from", "2026-11-21")["concluded"] == 4                     # to today, 23 November
    assert main(["--db", db, "stats", "--period", "2026Q5"]) == 1
    assert "2026Q5" in capsys.readouterr().err
    assert main(["--db", db, "stats", "--period", "2026", "--from", "2026-01-01"]) == 1
    assert "--period" in capsys.readouterr().err
    assert main(["--db", db, "stats", "--from", "2026-12-01", "--to", "2026-11-01"]) == 1
    assert "对调" in capsys.readouterr().err


def test_enter_in_the_range_dates_saves_no_file(backend, db, qtbot, ui_settings, answers, monkeypatch):
    """In the statistics dialog, Enter in a date of the range moves on; it pressed 另存为… before (a newcomer's
    walk), since the dialog's first push button was its default."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    saved = []
    monkeypatch.setattr(StatisticsView, "save", lambda self: saved.append(self))
    view = open_view(backend, qtbot, ui_settings)
    choose(view.picker, PeriodKind.RANGE)
    QTest.keyClick(view.picker.start, Qt.Key.Key_Return)
    QTest.keyClick(view.picker.end, Qt.Key.Key_Return)
    assert not view.save_button.autoDefault() and saved == []
    backend.runner.wait()                     # the range's statistics, computed on the worker, before teardown
