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


def test_october_counts_only_what_happened_in_october(db, tmp_path):
    """The October screening, prevention and imported settlement, and the contract case accepted on 6 October;
    the committee and its people as they stand."""
    ministry_station(db, tmp_path)
    with db.read() as s:
        october = ministry_report.compute(s, Period.parse("2026-10"), unit="城关镇人民调解委员会")
    assert {k: october.value(k) for k in ("screenings", "found", "prevented", "accepted", "settled", "oral",
                                          "performed", "confirmed", "mediators", "escalation:group_fight")} == {
        "screenings": 1, "found": 2, "prevented": 1, "accepted": 2, "settled": 1, "oral": 1, "performed": 0,
        "confirmed": 0, "mediators": 3, "escalation:group_fight": 0}
    assert str(october.value("agreed_wan")) == "0.09" and str(october.value("success_rate")) == "100.0"


def test_what_the_figures_leave_out_is_said(db):
    """A committee without its kind and a mediator neither full- nor part-time count in the totals only, and the
    report says so (in Chinese, as it prints)."""
    with db.read() as s:
        report = ministry_report.compute(s, Period.parse("2026-11"), unit="城关镇人民调解委员会")
    assert report.value("committees") == 1 and report.value("mediators") == 2
    assert report.value("full_time") + report.value("part_time") == 0
    assert report.notes == ("1个调委会未填写类别：计入调解委员会总数，未计入各类别（主任在“设置 → 本委员会”中填写）。",
                            "2名人民调解员未填写专职或兼职：计入人民调解员总数，未计入专职、兼职（在调解员资料中填写）。")
    assert str(report.value("success_rate")) == "0.0" and str(report.value("source:applied:share")) == "0.0"
