"""The monthly work report (月度工作报告): figures against hand counts over a fixed station, the head's summary
saved (and refused to a mediator), printed as a PDF through the document registry and the command line."""
from __future__ import annotations

import io
import shutil
import subprocess
from dataclasses import asdict

import pytest
from pypdf import PdfReader

from app.access import Actor, perform
from app.errors import MediationError, PermissionRefused
from app.services import monthly_report
from tests.app.station_month import HAND, HAND_SCREENING, MONTH, fixed_station, screening_month


def test_figures_match_the_hand_counts(db):
    cases = fixed_station(db)
    with db.read() as s:
        f = monthly_report.compute(s, month=MONTH)
    got = {k: v for k, v in asdict(f).items() if k in HAND}
    assert got == HAND
    assert (f.screenings, f.found, f.reports, f.prevented) == (0, 0, 0, 0)
    assert f.success_rate == 50.0
    assert [(t.label, t.registered, t.accepted, t.settled, t.failed, t.ended) for t in f.by_type] == [
        ("邻里纠纷", 4, 4, 2, 1, 1)] or [(t.type_code, t.registered) for t in f.by_type] == [("02", 4)]
    with db.read() as s:
        from app.services.disputes import get_dispute
        overdue_no = get_dispute(s, dispute_id=cases["d4"]).case_no
    assert f.overdue_cases == (overdue_no,)
    with db.read() as s:                                     # October: d4 alone, registered and accepted
        october = monthly_report.compute(s, month="2026-10")
    assert (october.registered, october.accepted, october.settled, october.overdue) == (1, 1, 0, 0)


def test_screenings_and_prevention_are_counted_in_their_month_and_printed(head_login, tmp_path):
    """排查 visits, the disputes they found, 信息员/网格员 reports and disputes prevented: in the figures (against the
    hand counts), in the window's lines and on the printed report; October's visit is October's."""
    from ui.cli import main

    db = head_login
    fixed_station(db)
    screening_month(db)
    with db.read() as s:
        f = monthly_report.compute(s, month=MONTH)
        october = monthly_report.compute(s, month="2026-10")
    assert {k: v for k, v in asdict(f).items() if k in HAND_SCREENING} == HAND_SCREENING
    assert {k: v for k, v in asdict(f).items() if k in HAND} == HAND          # nothing else moved
    assert (october.screenings, october.found, october.reports, october.prevented) == (1, 0, 0, 0)
    lines = dict(monthly_report.figure_lines(f))
    assert (lines["矛盾纠纷排查（次）"], lines["排查发现纠纷（件）"], lines["预防纠纷（件）"]) == ("2", "2", "1")
    out = tmp_path / "月报.pdf"
    assert main(["--db", str(db.path), "report", "monthly", "--month", MONTH, "--out", str(out)]) == 0
    assert "开展矛盾纠纷排查2次，排查发现纠纷2件；信息员、网格员报告纠纷1件；预防纠纷1件。" in _text(out.read_bytes())


def test_a_month_is_asked_for_as_2026_11(db):
    with db.read() as s:
        for bad in ("2026-W47", "2026", "11/2026", "2026-13"):
            with pytest.raises(MediationError, match="2026-11"):
                monthly_report.compute(s, month=bad)


def test_the_head_writes_the_summary_and_a_mediator_may_not(db):
    head, mediator = Actor(1, "王调解", "head", 1), Actor(2, "李记录", "mediator", 2)
    saved = perform(db.write, head, lambda s: monthly_report.save_summary(
        s, month=MONTH, text="本月开展矛盾纠纷排查，调解成功率较上月提高。", by=1))
    assert saved.summary.startswith("本月开展") and saved.summary_by == "王调解"
    with pytest.raises(PermissionRefused):
        perform(db.write, mediator, lambda s: monthly_report.save_summary(s, month=MONTH, text="改写", by=2))
    with db.read() as s:
        assert monthly_report.compute(s, month=MONTH).summary.startswith("本月开展")
        from app.services.sql import rows
        assert rows(s, "SELECT COUNT(*) FROM audit_log WHERE table_name = 'monthly_summary'")[0][0] >= 1


def _text(pdf: bytes) -> str:
    return "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).replace(" ", "").replace("\n", "")


def test_printed_report_holds_every_part_with_fonts_embedded(head_login, tmp_path, capsys):
    from app.documents import registry
    from ui.cli import main

    db = head_login
    fixed_station(db)
    summary = tmp_path / "小结.txt"
    summary.write_text("本月重点调处邻里纠纷。\n下月将加强回访。", encoding="utf-8")
    out = tmp_path / "月报.pdf"
    assert main(["--db", str(db.path), "report", "monthly", "--month", MONTH, "--out", str(out),
                 "--summary-file", str(summary)]) == 0
    assert "人民调解月度工作报告" in capsys.readouterr().out
    text = _text(out.read_bytes())
    for marker in (q.marker for q in registry.TYPES["monthly-report"].requires):
        assert marker in text, marker
    for words in ("2026年11月", "本月登记纠纷4件，受理4件", "调解成功2件，调解不成1件，终止调解1件，调解成功率50.0%",
                  "书面协议1件，协议金额人民币3,500.50元", "口头协议1件", "合计人民币7,001.00元（0.70万元）",
                  "召开调解会4次", "开展回访1次", "超过调解期限未办结的纠纷1件", "本月重点调处邻里纠纷。",
                  "下月将加强回访。", "邻里纠纷", "城关镇人民调解委员会"):
        assert words in text, words
    assert "草稿" not in text
    if shutil.which("pdffonts"):
        lines = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True).stdout.splitlines()[2:]
        assert lines and all(line.split()[-5] == "yes" for line in lines), lines


def test_a_case_cannot_print_the_station_report(db):
    from app.documents import issuing
    from app.errors import DocumentUnavailable
    from tests.conftest import register

    d = register(db)
    with db.write.begin() as s, pytest.raises(DocumentUnavailable, match="report monthly"):
        issuing.plan(s, dispute_id=d, doc_type="monthly-report")
