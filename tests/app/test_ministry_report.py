"""The Ministry's report (人民调解工作统计) over a fixed station holding every kind of record equals the hand
counts: committees and mediators, screening and prevention, disputes by type and outcome, sources, agreements and
their agreed amount, performance on evidence, and escalations counted from the people actually at risk."""
from __future__ import annotations

from app.periods import Period
from app.services import ministry_report
from app.services.ministry_rows import OUTCOMES, SECTIONS, matrix_key
from tests.app.ministry_station import HAND, HAND_TYPES, ministry_station


def test_the_report_equals_the_hand_counts(db, tmp_path):
    ministry_station(db, tmp_path)
    with db.read() as s:
        report = ministry_report.compute(s, Period.parse("2026-11"), unit="城关镇人民调解委员会")
    assert {key: report.value(key) for key in HAND} == HAND
    labels = dict(report.types)
    assert list(labels.values())[:3] == ["婚姻家庭", "邻里", "房屋宅基地"] and len(labels) == 18
    for code, label in report.types:
        found = tuple(report.value(matrix_key(code, outcome)) for outcome, _label in OUTCOMES)
        assert found == HAND_TYPES.get(label, (0, 0, 0, 0)), label
    figures = [f.key for section in SECTIONS for line in section.lines for f in line.figures]
    assert set(figures) <= set(HAND) and len(figures) == len(set(figures))      # every row is checked above
    assert report.notes == ()
