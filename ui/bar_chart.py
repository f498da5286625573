"""A bar chart painted with QPainter (QtCharts is not in pyside6-essentials, and pyside6-addons would add
hundreds of MB for a few bars): a y axis with round tick values and its title, the categories along the x
axis with its title, a legend, and every bar's value written on it. Bars may be stacked."""
from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget


@dataclass(frozen=True)
class Series:
    label: str
    colour: str
    values: tuple[int | float, ...]        # one per category


def nice_ticks(biggest: float, most: int = 6) -> list[float]:
    """0 and round steps (1, 2 or 5 times a power of ten) up to the first tick at or above `biggest`, at most
    `most` steps; whole numbers for counts."""
    if biggest <= 0:
        return [0, 1]
    raw = biggest / most
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    step = max(step, 1)
    top = math.ceil(biggest / step) * step
    return [i * step for i in range(int(round(top / step)) + 1)]


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


class BarChart(QWidget):
    """set_data(categories, series): one group of bars (or one stacked bar) per category."""

    def __init__(self, title: str, y_title: str, parent: QWidget | None = None, *, stacked: bool = False):
        super().__init__(parent)
        self.title, self.y_title, self.stacked = title, y_title, stacked
        self.x_title = ""
        self.empty_text = ""
        self.categories: tuple[str, ...] = ()
        self.series: tuple[Series, ...] = ()
        self._slanted = False
        self.setMinimumSize(320, 240)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_data(self, categories: list[str], series: list[Series], *, x_title: str = "",
                 empty_text: str = "") -> None:
        self.categories, self.series = tuple(categories), tuple(series)
        self.x_title, self.empty_text = x_title, empty_text
        self.update()

    def totals(self) -> list[float]:
        """Each category's bar height: the sum of its stack, or its tallest bar."""
        columns = list(zip(*(s.values for s in self.series))) or [() for _ in self.categories]
        return [(sum(c) if self.stacked else max(c, default=0)) for c in columns]

    def ticks(self) -> list[float]:
        return nice_ticks(max(self.totals(), default=0))

    # --- painting ---------------------------------------------------------------------------------------
    def paintEvent(self, _event) -> None:  # noqa: N802 (Qt override)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), Qt.GlobalColor.white)
        fm = QFontMetricsF(self.font())
        line = fm.height()
        painter.setPen(Qt.GlobalColor.black)
        painter.drawText(QRectF(0, 4, self.width(), line), Qt.AlignmentFlag.AlignHCenter, self.title)
        if not self.categories or not any(self.totals()):
            painter.drawText(QRectF(self.rect()), Qt.AlignmentFlag.AlignCenter, self.empty_text)
            return
        legend_bottom = self._legend(painter, fm, 8 + line)
        ticks = self.ticks()
        tick_width = max(fm.horizontalAdvance(_number(t)) for t in ticks)
        left = 6 + line + 4 + tick_width + 6          # rotated y title, tick values, tick marks
        slot = (self.width() - 12.0 - left) / len(self.categories)
        widest = max(fm.horizontalAdvance(c) for c in self.categories)
        # labels wider than their slot are written slanting down to the left, whole, rather than cut short
        self._slanted = widest > slot - 2
        labels_height = min(widest, self.height() / 3) * 0.71 + line if self._slanted else line
        bottom = self.height() - (6 + labels_height + line + 6)     # category labels, then the x title
        top, right = legend_bottom + line / 2 + 4, self.width() - 12.0
        if bottom - top < 3 * line or right - left < 40:
            return
        plot = QRectF(left, top, right - left, bottom - top)

        def y_of(value: float) -> float:
            return plot.bottom() - plot.height() * value / ticks[-1]

        self._axes(painter, fm, plot, ticks, y_of)
        self._bars(painter, fm, plot, y_of)

    def _legend(self, painter: QPainter, fm: QFontMetricsF, y: float) -> float:
        if len(self.series) < 2:
            return y
        x = 10.0
        for s in self.series:
            width = 16 + fm.horizontalAdvance(s.label) + 14
            if x + width > self.width() and x > 10:
                x, y = 10.0, y + fm.height() + 2
            painter.fillRect(QRectF(x, y + (fm.height() - 10) / 2, 10, 10), QColor(s.colour))
            painter.drawText(QRectF(x + 14, y, width, fm.height()), Qt.AlignmentFlag.AlignVCenter, s.label)
            x += width
        return y + fm.height()

    def _axes(self, painter: QPainter, fm: QFontMetricsF, plot: QRectF, ticks: list[float], y_of) -> None:
        grid = QPen(QColor("#dddddd"))
        for t in ticks:
            y = y_of(t)
            painter.setPen(grid)
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(Qt.GlobalColor.black)
            painter.drawLine(QPointF(plot.left() - 4, y), QPointF(plot.left(), y))
            painter.drawText(QRectF(0, y - fm.height() / 2, plot.left() - 6, fm.height()),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, _number(t))
        painter.setPen(QPen(Qt.GlobalColor.black, 1.2))
        painter.drawLine(plot.bottomLeft(), plot.topLeft())
        painter.drawLine(plot.bottomLeft(), plot.bottomRight())
        painter.save()                                    # the y title, read from bottom to top
        painter.translate(6, plot.center().y())
        painter.rotate(-90)
        painter.drawText(QRectF(-plot.height() / 2, 0, plot.height(), fm.height()),
                         Qt.AlignmentFlag.AlignHCenter, self.y_title)
        painter.restore()
        painter.drawText(QRectF(plot.left(), self.height() - 6 - fm.height(), plot.width(), fm.height()),
                         Qt.AlignmentFlag.AlignHCenter, self.x_title)

    def _bars(self, painter: QPainter, fm: QFontMetricsF, plot: QRectF, y_of) -> None:
        slot = plot.width() / len(self.categories)
        per_slot = 1 if self.stacked else len(self.series)
        bar = max(2.0, min(64.0, slot * 0.7 / per_slot))
        for i, category in enumerate(self.categories):
            x0 = plot.left() + i * slot + (slot - bar * per_slot) / 2
            base = 0.0
            # a segment's own count only where the stack has several: alone, it is the total shown above it
            parts = sum(1 for s in self.series if s.values[i])
            for j, s in enumerate(self.series):
                value = s.values[i]
                x = x0 if self.stacked else x0 + j * bar
                low = base if self.stacked else 0.0
                rect = QRectF(x, y_of(low + value), bar, y_of(low) - y_of(low + value))
                painter.fillRect(rect, QColor(s.colour))
                if value and self.stacked and parts > 1 and rect.height() >= fm.height():   # its count, inside
                    painter.setPen(Qt.GlobalColor.white)
                    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, _number(value))
                elif not self.stacked:                                      # each bar's value above it
                    painter.setPen(Qt.GlobalColor.black)
                    painter.drawText(QRectF(x - 20, rect.top() - fm.height(), bar + 40, fm.height()),
                                     Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom, _number(value))
                if self.stacked:
                    base += value
            painter.setPen(Qt.GlobalColor.black)
            if self.stacked:                                                # the stack's total above it
                painter.drawText(QRectF(x0 - 20, y_of(base) - fm.height(), bar + 40, fm.height()),
                                 Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom, _number(base))
            if self._slanted:
                room = (self.height() - plot.bottom() - 2 * fm.height()) / 0.71
                label = fm.elidedText(category, Qt.TextElideMode.ElideRight, room)
                painter.save()
                painter.translate(plot.left() + (i + 0.5) * slot - fm.height() / 3, plot.bottom() + 6)
                painter.rotate(-45)
                painter.drawText(QRectF(-room, 0, room, fm.height()),
                                 Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop, label)
                painter.restore()
            else:
                painter.drawText(QRectF(plot.left() + i * slot, plot.bottom() + 3, slot, fm.height()),
                                 Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, category)
