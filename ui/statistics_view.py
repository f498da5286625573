"""The statistics of a period (picked as a year, quarter, month, week or range) as a table and two bar charts,
saved as xlsx, CSV or JSON exactly as shown, and the Ministry's report (人民调解工作统计表) of the same period as
PDF, xlsx or JSON; the station and the county window show the same widget on their own database."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QComboBox, QFileDialog, QHBoxLayout, QLabel, QPushButton, QSplitter, QTableWidget,
                               QTableWidgetItem, QVBoxLayout, QWidget)

from app import codes, i18n, safe_names
from app.i18n import _
from app.periods import Period, PeriodKind
from app.services.statistics import MEASURES, Report
from app.services.statistics_output import columns, shown, table
from ui.bar_chart import BarChart, Series
from ui.messages import show_error
from ui.period_picker import PeriodPicker
from ui.tasks import TaskRunner

OUTCOMES = ((codes.CaseStatus.SETTLED, "#3a7d44"), (codes.CaseStatus.FAILED, "#c0392b"),
            (codes.CaseStatus.ENDED, "#e67e22"), (codes.CaseStatus.DECLINED, "#7f8c8d"),
            (codes.CaseStatus.REFERRED, "#2c6fbb"))


def work_line(work: dict[str, int]) -> str:
    """排查与预防 of the period in one line (the Ministry's report's own figures, prevention.work_counts)."""
    if not work:
        return ""
    return _("Screening and prevention: {screenings} screening visits, {found} disputes found, {reports} reports "
             "of information officers and grid workers, {prevented} disputes prevented ({people} people).").format(
        screenings=work["screenings"], found=work["found"], reports=work["reports"], prevented=work["prevented"],
        people=work["prevented_people"])


class StatisticsView(QWidget):
    """load(period, by) runs on the DB worker and returns the Report; the table, both charts and the saved
    file all come from that one Report."""

    def __init__(self, runner: TaskRunner, load: Callable[[Period, str], Report], *, by_station: bool,
                 ministry: Callable[[Period], object] | None = None, parent: QWidget | None = None):
        """ministry(period), on the DB worker: the Ministry's report of the period (a station's or a county's)."""
        super().__init__(parent)
        self.runner, self.load, self.report, self.ministry = runner, load, None, ministry
        self.picker = PeriodPicker(Period.current(PeriodKind.MONTH))
        self.picker.changed.connect(self.refresh)
        self.by = QComboBox()
        self.by.addItem(_("By dispute type"), "type")
        if by_station:
            self.by.addItem(_("By committee"), "station")
        self.by.setVisible(by_station)
        self.by.currentIndexChanged.connect(self.refresh)
        # Not a default button: in the statistics dialog, Enter in the period's date fields would save a file.
        self.save_button = QPushButton(_("Save as…"), autoDefault=False)
        self.save_button.clicked.connect(self.save)
        self.save_button.setEnabled(False)
        self.ministry_button = QPushButton(_("Ministry's report…"), autoDefault=False)
        self.ministry_button.setToolTip(_("人民调解工作统计表 of the period: PDF for printing, xlsx or JSON"))
        self.ministry_button.clicked.connect(self.save_ministry)
        self.ministry_button.setVisible(ministry is not None)
        controls = QHBoxLayout()
        controls.addWidget(QLabel(_("Period:")))
        controls.addWidget(self.picker)
        controls.addWidget(self.by)
        controls.addStretch(1)
        controls.addWidget(self.ministry_button)
        controls.addWidget(self.save_button)
        self.heading = QLabel()
        self.heading.setStyleSheet("font-weight: bold")
        self.work = QLabel(wordWrap=True)       # 排查与预防 of the period: not cases, so beside the table
        self.table = QTableWidget()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.chart = BarChart(_("Concluded cases by outcome"), _("Number of cases"), stacked=True)
        self.sources_chart = BarChart(_("Accepted cases by source"), _("Number of cases"))
        charts = QSplitter(Qt.Orientation.Horizontal)
        charts.addWidget(self.chart)
        charts.addWidget(self.sources_chart)
        charts.setSizes([600, 400])
        self.notes = QLabel()
        self.notes.setWordWrap(True)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(charts)
        split.setSizes([300, 300])
        layout = QVBoxLayout(self)
        layout.addLayout(controls)
        layout.addWidget(self.heading)
        layout.addWidget(self.work)
        layout.addWidget(split, 1)
        layout.addWidget(self.notes)

    def refresh(self) -> None:
        try:
            period = self.picker.period()
        except Exception:     # a wrong range: the picker says what is wrong beside the dates
            return
        by = self.by.currentData()
        self.runner.submit_db(lambda: self.load(period, by), self.show_report, lambda e: show_error(self, e),
                              label=_("Counting…"), parent=self)

    def shown_table(self) -> list[list[str]]:
        """The table as the window shows it, header row first (what the tests and the saved file compare)."""
        header = [self.table.horizontalHeaderItem(j).text() for j in range(self.table.columnCount())]
        rows = [[self.table.verticalHeaderItem(i).text(),
                 *(self.table.item(i, j).text() for j in range(self.table.columnCount()))]
                for i in range(self.table.rowCount())]
        return [[self._group_header, *header], *rows]

    def show_report(self, report: Report) -> None:
        self.report = report
        chinese = i18n.is_chinese()
        cols = columns(report, chinese=chinese)
        header, *rows = table(report, chinese=chinese)
        self._group_header = header[0]
        self.table.clear()
        self.table.setColumnCount(len(cols) - 1)
        self.table.setRowCount(len(rows))
        self.table.setHorizontalHeaderLabels(header[1:])
        self.table.setVerticalHeaderLabels([str(r[0]) for r in rows])
        for i, row in enumerate(rows):
            for j, (value, column) in enumerate(zip(row[1:], cols[1:])):
                item = QTableWidgetItem(shown(value, column))
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(i, j, item)
        # every header read whole ("防止群体性上访(件)" was cut to "方止群体性上访(件"): each column as wide as
        # its header or its widest figure
        self.table.resizeColumnsToContents()
        self.work.setText(work_line(report.work))
        self.work.setVisible(bool(report.work))
        period = report.period
        self.heading.setText(period.title() if period.kind in (PeriodKind.WEEK, PeriodKind.RANGE) else
                             _("{title}: {start} to {end}").format(title=period.title(), start=period.start,
                                                                   end=period.end))
        self._draw_charts(report, header[0])
        notes = []
        if report.zero_report:
            notes.append(_("零报告: {names}.").format(names="、".join(report.zero_report)))
        if report.not_reported:
            notes.append(_("No bundle covering the period from: {names}.").format(names="、".join(report.not_reported)))
        self.notes.setText(" ".join(notes))
        self.notes.setVisible(bool(notes))
        self.save_button.setEnabled(True)

    def _draw_charts(self, report: Report, group_title: str) -> None:
        labels = {k: (zh if i18n.is_chinese() else en) for k, zh, en in MEASURES}
        self.chart.set_data([r.label for r in report.rows],
                            [Series(labels[key], colour, tuple(r.values[key] for r in report.rows))
                             for key, colour in OUTCOMES],
                            x_title=group_title, empty_text=_("No case was concluded in this period."))
        sources = [c for c in codes.case_sources().codes if report.total.sources.get(c.code)]
        self.sources_chart.set_data([c.label() for c in sources],
                                    [Series(_("Accepted"), "#2c6fbb",
                                            tuple(report.total.sources[c.code] for c in sources))],
                                    x_title=_("Source"), empty_text=_("No case was accepted in this period."))

    def save(self) -> None:
        """Save exactly what is shown (same rows, columns, language and decimals) as xlsx, CSV or JSON."""
        if self.report is None:
            return
        name = safe_names.file_name(_("Mediation statistics"), self.report.period.label)
        filters = {"xlsx": _("Excel workbook (*.xlsx)"), "csv": _("CSV table (*.csv)"), "json": _("JSON (*.json)")}
        path, chosen = QFileDialog.getSaveFileName(self, _("Save the statistics"), str(Path.home() / (name + ".xlsx")),
                                                   ";;".join(filters.values()))
        if path:
            fmt = next((f for f, text in filters.items() if text == chosen), "xlsx")
            self.save_to(Path(path), fmt)

    def save_to(self, path: Path, fmt: str = "xlsx") -> Path | None:
        from app.files import write_atomically
        from app.services.statistics_output import render

        if path.suffix.lower() != "." + fmt:
            path = path.with_name(path.name + "." + fmt)
        try:
            write_atomically(render(self.report, fmt, chinese=i18n.is_chinese()), path)
        except OSError as exc:
            show_error(self, exc)
            return None
        return path

    def save_ministry(self) -> None:
        """The Ministry's report of the period picked: where to save it, then counted and written off the GUI
        thread."""
        from ui import ministry_export

        try:
            period = self.picker.period()
        except Exception:     # a wrong range: the picker says what is wrong beside the dates
            return
        chosen = ministry_export.choose_file(self, period)
        if chosen:
            self.export_ministry(period, *chosen)

    def export_ministry(self, period: Period, path: Path, fmt: str) -> None:
        from ui import ministry_export

        ministry_export.export(self, self.runner, self.ministry, period, path, fmt, self._ministry_written)

    def _ministry_written(self, path: Path, warnings: list[str]) -> None:
        self.notes.setText(" ".join([_("Written {path}.").format(path=path), *warnings]))
        self.notes.setVisible(True)
