"""`mediation-station stats --ministry` on a station, through ui/cli.py main() and a real database: the PDF, the
xlsx and the JSON of the Ministry's report, `stats --format json` carrying its rows, and a PDF refused without
--ministry (in Chinese, nothing written)."""
from __future__ import annotations

import json

from openpyxl import load_workbook
from pypdf import PdfReader

from app.services.ministry_rows import TITLE
from tests.app.ministry_station import ministry_station
from ui.cli import main


def test_the_ministry_report_from_the_command_line(head_login, tmp_path, capsys):
    ministry_station(head_login, tmp_path)
    db = ["--db", str(head_login.path)]
    pdf, xlsx = tmp_path / "统计表.pdf", tmp_path / "统计表.xlsx"
    assert main(["stats", "--ministry", "--period", "2026-11", "--format", "pdf", "--out", str(pdf), *db]) == 0
    text = "".join(p.extract_text() for p in PdfReader(pdf).pages).replace(" ", "").replace("\n", "")
    assert TITLE in text and "城关镇人民调解委员会" in text and "四、防止激化" in text
    assert main(["stats", "--ministry", "--from", "2026-11-01", "--to", "2026-11-30", "--format", "xlsx", "--out",
                 str(xlsx), *db]) == 0
    assert load_workbook(xlsx)[TITLE]["A1"].value == TITLE
    capsys.readouterr()
    assert main(["stats", "--ministry", "--period", "2026-11", "--format", "json", *db]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["调解"]["协议涉及金额"] == {"万元": 3.05} and data["防止激化"]["制止群体性械斗"] == {"件": 1, "人": 4}
    assert main(["stats", "--period", "2026-11", "--format", "json", *db]) == 0
    both = json.loads(capsys.readouterr().out)
    assert both["total"]["agreed_wan"] == 3.05 and both[TITLE]["排查与预防"]["排查次数"] == {"次": 2}
    assert both[TITLE] == data


def test_a_pdf_needs_the_ministry_report_and_a_file(head_login, tmp_path, capsys):
    db = ["--db", str(head_login.path)]
    out = tmp_path / "x.pdf"
    assert main(["stats", "--period", "2026-11", "--format", "pdf", "--out", str(out), *db]) == 1
    err = capsys.readouterr().err
    assert "只有人民调解工作统计表可以输出为 PDF" in err and "--ministry" in err and not out.exists()
    assert main(["stats", "--ministry", "--period", "2026-11", "--format", "pdf", *db]) == 1
    assert "需要用 --out 指定文件" in capsys.readouterr().err
