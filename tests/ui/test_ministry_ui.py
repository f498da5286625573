"""人民调解工作统计表 from the statistics window, as a person saves it: the station's as a PDF (the file dialog
answered, counted and printed off the GUI thread), the county's as an xlsx with a column for each station."""
from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

from openpyxl import load_workbook
from pypdf import PdfReader
from PySide6.QtWidgets import QFileDialog

from app.periods import Period
from app.services.ministry_rows import TITLE
from tests.app.ministry_station import ministry_station
from ui.main_window import MainWindow
from ui.statistics_view import StatisticsView


def test_the_station_saves_the_ministry_report_as_a_pdf(backend, db, qtbot, ui_settings, tmp_path, monkeypatch):
    ministry_station(db, tmp_path)
    window = MainWindow(backend, ui_settings)
    qtbot.addWidget(window)
    window.open_statistics()
    view = window.findChild(StatisticsView)
    qtbot.waitUntil(lambda: view.report is not None)
    asked, threads = {}, set()

    def dialog(parent, title, name, filters):
        asked.update(title=title, name=name, filters=filters.split(";;"))
        return str(tmp_path / "报表"), filters.split(";;")[0]

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(dialog))
    load = view.ministry
    view.ministry = lambda period: (threads.add(threading.current_thread()), load(period))[1]
    assert view.ministry_button.isVisible() and view.ministry_button.text() == "人民调解工作统计表…"
    view.ministry_button.click()
    path = tmp_path / "报表.pdf"
    qtbot.waitUntil(lambda: "报表.pdf" in view.notes.text(), timeout=10000)
    assert asked["name"] == str(Path.home() / f"{TITLE}-2026-11.pdf") and asked["title"] == "保存人民调解工作统计表"
    assert asked["filters"][0].endswith("(*.pdf)") and threading.main_thread() not in threads
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    text = "".join(p.extract_text() for p in PdfReader(path).pages).replace(" ", "").replace("\n", "")
    assert TITLE in text and "2026年11月" in text and "制止群体性械斗" in text
    view.runner.wait()


def test_the_county_window_saves_the_sum_with_each_station(qtbot, db, tmp_path, monkeypatch):
    from tests.sync.conftest import _open_county
    from tests.sync.test_ministry_county import two_stations
    from ui.county_app import CountyWindow

    county = _open_county(str(tmp_path / "county.sqlite"))
    other = two_stations(db, county, tmp_path)
    window = CountyWindow(county.read, county.write, "某某县司法局")
    qtbot.addWidget(window)
    window.tabs.setCurrentWidget(window.statistics)
    view = window.statistics
    view.picker.set_period(Period.parse("2026-11"))
    assert view.ministry_button.isVisibleTo(window)
    path = tmp_path / "县统计表.xlsx"
    view.export_ministry(Period.parse("2026-11"), path, "xlsx")
    qtbot.waitUntil(lambda: path.exists() and "县统计表.xlsx" in view.notes.text(), timeout=10000)
    sheet = load_workbook(path)[TITLE]
    header = next(r for r in sheet.iter_rows(values_only=True) if r[0] == "类别")
    assert header[3:] == ("合计", "城关镇人民调解委员会(330101001)", "东岭村人民调解委员会(330101002)")
    assert sheet["B2"].value == "某某县司法局"
    view.runner.wait()
    window.runner.wait()
    other.engine.dispose()
    county.engine.dispose()
