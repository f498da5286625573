"""The statistics of a period as a table and a bar chart, saved as CSV or xlsx; the station and the county
window show the same widget on their own database. The chart is painted here (a few bars do not justify
QtCharts, which would add 400 MB of pyside6-addons)."""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import (QComboBox, QFileDialog, QHBoxLayout, QLabel, QLineEdit, QPushButton, QSplitter,
                               QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from app import codes, i18n, safe_names
from app.i18n import _
from app.services.statistics import MEASURES, Period, Report
from app import clock
from ui.messages import show_error
from ui.tasks import TaskRunner

OUTCOMES = ((codes.CaseStatus.SETTLED, "#3a7d44"), (codes.CaseStatus.FAILED, "#c0392b"),
            (codes.CaseStatus.ENDED, "#e67e22"), (codes.CaseStatus.DECLINED, "#7f8c8d"),
            (codes.CaseStatus.REFERRED, "#2c6fbb"))


class OutcomeChart(QWidget):
    """Concluded cases per group, each bar split by outcome."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.report: Report | None = None
        self.setMinimumHeight(220)

    def show_report(self, report: Report) -> None:
        self.report = report
        self.update()

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), Qt.white)
        if not self.report or not self.report.rows:
            painter.drawText(self.rect(), Qt.AlignCenter, _("No cases moved in this period."))
            return
        labels = {k: (zh if i18n.is_chinese() else en) for k, zh, en in MEASURES}
        x = 10.0
        for key, colour in OUTCOMES:                      # legend
            painter.fillRect(QRectF(x, 8, 12, 12), QColor(colour))
            painter.drawText(QRectF(x + 16, 4, 90, 20), Qt.AlignVCenter, labels[key])
            x += 100
        rows = self.report.rows
        top, bottom = 34.0, self.height() - 40.0
        biggest = max(1, max(r.values["concluded"] for r in rows))
        width = max(8.0, (self.width() - 20.0) / len(rows))
        for i, row in enumerate(rows):
            left, base = 10 + i * width, bottom
            for key, colour in OUTCOMES:
                height = (bottom - top) * row.values[key] / biggest
                painter.fillRect(QRectF(left + 4, base - height, width - 8, height), QColor(colour))
                base -= height
            painter.drawText(QRectF(left, bottom + 2, width, 18), Qt.AlignHCenter | Qt.AlignTop,
                             str(row.values["concluded"]))
            painter.drawText(QRectF(left, bottom + 18, width, 18), Qt.AlignHCenter | Qt.AlignTop, row.label)


class StatisticsView(QWidget):
    """load(period, by) runs on the DB worker and returns the Report."""

    def __init__(self, runner: TaskRunner, load: Callable[[Period, str], Report], *, by_station: bool,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.runner, self.load, self.report = runner, load, None
        self.period = QLineEdit(clock.today().strftime("%Y-%m"))
        self.period.setPlaceholderText(_("2026-11, 2026-W47 or 2026"))
        self.period.returnPressed.connect(self.refresh)
        self.by = QComboBox()
        self.by.addItem(_("By dispute type"), "type")
        if by_station:
            self.by.addItem(_("By committee"), "station")
        self.by.setVisible(by_station)
        self.by.currentIndexChanged.connect(self.refresh)
        show = QPushButton(_("Show"))
        show.clicked.connect(self.refresh)
        self.save_button = QPushButton(_("Save as…"))
        self.save_button.clicked.connect(self.save)
        self.save_button.setEnabled(False)
        controls = QHBoxLayout()
        controls.addWidget(QLabel(_("Period:")))
        controls.addWidget(self.period)
        controls.addWidget(self.by)
        controls.addWidget(show)
        controls.addStretch(1)
        controls.addWidget(self.save_button)
        self.table = QTableWidget()
        self.table.setEditTriggers(QTableWidget.NoEditTriggers)
        self.chart = OutcomeChart()
        self.notes = QLabel()
        self.notes.setWordWrap(True)
        split = QSplitter(Qt.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.chart)
        split.setSizes([320, 240])
        layout = QVBoxLayout(self)
        layout.addLayout(controls)
        layout.addWidget(split, 1)
        layout.addWidget(self.notes)

    def refresh(self) -> None:
        try:
            period = Period.parse(self.period.text())
        except Exception as exc:   # a MediationError with the accepted forms
            show_error(self, exc)
            return
        by = self.by.currentData()
        self.runner.submit_db(lambda: self.load(period, by), self.show_report, lambda e: show_error(self, e),
                              label=_("Counting…"), parent=self)

    def show_report(self, report: Report) -> None:
        self.report = report
        chinese = i18n.is_chinese()
        headers = [(zh if chinese else en) for _k, zh, en in MEASURES]
        rows = [*report.rows, report.total]
        self.table.clear()
        self.table.setColumnCount(len(headers))
        self.table.setRowCount(len(rows))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setVerticalHeaderLabels([r.label for r in rows])
        for i, row in enumerate(rows):
            for j, (key, _zh, _en) in enumerate(MEASURES):
                item = QTableWidgetItem(str(row.values[key]))
                item.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
                self.table.setItem(i, j, item)
        self.chart.show_report(report)
        notes = [_("Period {start} to {end}.").format(start=report.period.start, end=report.period.end)]
        if report.zero_report:
            notes.append(_("零报告: {names}.").format(names="、".join(report.zero_report)))
        if report.not_reported:
            notes.append(_("No bundle covering the period from: {names}.").format(names="、".join(report.not_reported)))
        self.notes.setText(" ".join(notes))
        self.save_button.setEnabled(True)

    def save(self) -> None:
        from app.files import write_atomically
        from app.services.statistics_output import render

        if self.report is None:
            return
        name = safe_names.file_name("调解统计", self.report.period.label)
        path, chosen = QFileDialog.getSaveFileName(self, _("Save the report"), name + ".xlsx",
                                                   "Excel (*.xlsx);;CSV (*.csv);;JSON (*.json)")
        if not path:
            return
        fmt = "csv" if "csv" in chosen.lower() else "json" if "json" in chosen.lower() else "xlsx"
        if not path.lower().endswith("." + fmt):
            path += "." + fmt
        try:
            write_atomically(render(self.report, fmt), path)
        except OSError as exc:
            show_error(self, exc)
