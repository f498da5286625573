"""The statistics' bar chart: a stack of one segment shows its count once, above it, not also inside it."""
from __future__ import annotations

from PySide6.QtGui import QPainter

from ui import bar_chart
from ui.bar_chart import BarChart, Series


def _texts_drawn(qtbot, monkeypatch, values: list[tuple[float, ...]]) -> list[str]:
    drawn: list[str] = []

    class Recording(QPainter):
        def drawText(self, *args):  # noqa: N802
            drawn.append(args[-1])
            return super().drawText(*args)

    monkeypatch.setattr(bar_chart, "QPainter", Recording)
    chart = BarChart("办结", "件", stacked=True)
    qtbot.addWidget(chart)
    chart.resize(500, 320)
    chart.set_data(["邻里"], [Series(name, colour, tuple(v)) for name, v, colour in
                             zip(("调解成功", "调解不成"), zip(*values), ("#2e86c1", "#c0392b"))])
    chart.grab()
    for tick in chart.ticks():              # the axis' own figures are not the bars' counts
        drawn.remove(bar_chart._number(tick))
    return drawn


def test_a_single_segment_is_counted_once_and_several_each_and_in_total(qtbot, monkeypatch):
    assert _texts_drawn(qtbot, monkeypatch, [(3, 0)]).count("3") == 1
    several = _texts_drawn(qtbot, monkeypatch, [(3, 2)])
    assert several.count("3") == 1 and several.count("2") == 1 and several.count("5") == 1
