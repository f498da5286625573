"""人民调解工作统计表 printed, parsed back with pdftotext: every label of the registry is on the page with the
hand-counted figures beside it, the fonts are embedded, the matrix that runs over a page repeats its header; and
the xlsx, JSON and CSV hold the same figures under the same labels."""
from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess

import pytest
from openpyxl import load_workbook

from app.documents.ministry import print_station
from app.periods import Period
from app.services import ministry_report
from app.services.ministry_output import render
from app.services.ministry_rows import MATRIX_TITLE, OUTCOMES, SECTIONS, TITLE, TOTAL
from tests.app.ministry_station import HAND, HAND_TYPES, ministry_station

UNITS = {"个", "人", "次", "件", "%", "万元"}
NOVEMBER = Period.parse("2026-11")


def figures_after(text: str, label: str) -> list[str]:
    """The figures printed after a label on its line (units skipped), up to the next label."""
    for line in text.splitlines():
        tokens = line.split()
        at = next((i for i, t in enumerate(tokens) if t == label or t == "其中：" + label), None)
        if at is None:
            continue
        found = []
        for token in tokens[at + 1:]:
            if token in UNITS:
                continue
            if not re.fullmatch(r"\d+(\.\d+)?", token):
                break
            found.append(token)
        return found
    raise AssertionError(f"{label} is not on the page")


@pytest.fixture
def printed(db, tmp_path):
    ministry_station(db, tmp_path)
    with db.read() as s:
        doc, printout = print_station(s, period=NOVEMBER)
    path = tmp_path / "统计表.pdf"
    path.write_bytes(printout.pdf)
    return path, printout


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils is not installed")
def test_the_pdf_shows_every_label_with_its_hand_counted_figures(printed):
    path, printout = printed
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True).stdout
    flat = text.replace(" ", "")
    assert printout.pages == 2 and printout.missing == () and printout.embedded
    labels = [TITLE, "填报单位：城关镇人民调解委员会", "统计期间：2026年11月（2026年11月1日至2026年11月30日）", "填报人：",
              "审核人：", "填报日期：2026年11月23日", *(name for _key, name in OUTCOMES)]
    labels += [t for section in SECTIONS for t in (section.title, *(line.label for line in section.lines))]
    assert not [label for label in labels if label.replace(" ", "") not in flat]
    assert figures_after(text, "调解委员会") == ["1"] and figures_after(text, "乡镇/苏木") == ["1"]
    assert figures_after(text, "人民调解员") == ["3"] and figures_after(text, "专职") == ["1"]
    assert figures_after(text, "女性") == ["2"] and figures_after(text, "信息员/网格员") == ["2"]
    assert figures_after(text, "排查次数") == ["2"] and figures_after(text, "排查发现纠纷") == ["3"]
    assert figures_after(text, "预防纠纷") == ["2"]
    for label, counts in HAND_TYPES.items():
        assert figures_after(text, label) == [str(n) for n in counts], label
    assert figures_after(text, "合同") == ["0"] * 4 and figures_after(text, TOTAL) == ["8", "6", "1", "1"]
    assert figures_after(text, "成功率") == ["75.0"] and figures_after(text, "协议涉及金额") == ["3.05"]
    assert figures_after(text, "书面") == ["3"] and figures_after(text, "口头") == ["3"]
    assert figures_after(text, "涉及人数") == ["23"] and figures_after(text, "履行") == ["2"]
    assert figures_after(text, "司法确认") == ["1"]
    assert figures_after(text, "主动调解") == ["1", "12.5"] and figures_after(text, "接受委托移送调解") == ["2", "25.0"]
    assert figures_after(text, "防止民间纠纷转化为刑事案件") == ["1", "1"]
    assert figures_after(text, "制止群体性械斗") == ["1", "4"] and figures_after(text, "防止群体性上访") == ["0", "0"]
    second = text.split("\f")[1]
    assert f"{MATRIX_TITLE}（件）" in second.replace(" ", "")          # the header repeated on the next page
    assert "第1页共2页" in flat and "草稿" not in flat


@pytest.mark.skipif(not shutil.which("pdffonts"), reason="poppler-utils is not installed")
def test_the_pdf_embeds_its_fonts(printed):
    path, _printout = printed
    lines = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout.splitlines()[2:]
    assert lines and all(line.split()[-5] == "yes" for line in lines), lines        # the "emb" column


def _report(db, tmp_path):
    ministry_station(db, tmp_path)
    with db.read() as s:
        return ministry_report.compute(s, NOVEMBER, unit="城关镇人民调解委员会")


def test_the_workbook_holds_each_figure_as_a_number_under_its_label(db, tmp_path):
    book = load_workbook(io.BytesIO(render(_report(db, tmp_path), "xlsx")))
    sheet = book[TITLE]
    assert sheet["A1"].value == TITLE and sheet["B2"].value == "城关镇人民调解委员会"
    rows = {}                     # by label (its first figure) and by label and unit
    for row in sheet.iter_rows(min_row=5):
        if row[1].value:
            label = row[1].value.strip("\u3000")
            rows.setdefault(label, row[3])
            rows[label, row[2].value] = row[3]
    assert rows["协议涉及金额"].value == 3.05 and rows["协议涉及金额"].number_format == "0.00"
    assert rows["成功率"].value == 75.0 and rows["成功率"].number_format == "0.0"
    assert rows["邻里（受理）"].value == 4 and rows["合计（调解成功）"].value == 6 and rows["专职"].value == 1
    assert rows["排查发现纠纷"].value == 3 and rows["制止群体性械斗", "件"].value == 1
    assert rows["制止群体性械斗", "人"].value == 4 and rows["主动调解", "%"].value == 12.5
    assert all(not str(c.value).startswith("=") for r in sheet.iter_rows() for c in r if c.value is not None)
    matrix = {r[0].value: tuple(c.value for c in r[1:]) for r in book[MATRIX_TITLE].iter_rows(min_row=2)}
    assert matrix["邻里"] == HAND_TYPES["邻里"] and matrix[TOTAL] == (8, 6, 1, 1) and len(matrix) == 19


def test_the_json_carries_the_rows_under_their_chinese_labels(db, tmp_path):
    data = json.loads(render(_report(db, tmp_path), "json"))
    assert data["报表"] == TITLE and data["统计期间"]["起始日期"] == "2026-11-01"
    assert [name for name in data if name in {s.name for s in SECTIONS}] == [s.name for s in SECTIONS]
    for section in SECTIONS:
        for line in section.lines:
            entry = data[section.name][line.parent][line.label] if line.parent else data[section.name][line.label]
            assert {f.unit for f in line.figures} <= set(entry), line.label
    assert data["组织队伍"]["人民调解员"] == {"人": 3, "专职": {"人": 1}, "兼职": {"人": 2}, "女性": {"人": 2},
                                          "大专以上": {"人": 2}, "调委会主任": {"人": 1}}
    assert data["调解"][MATRIX_TITLE]["邻里"] == {"受理": 4, "调解成功": 2, "调解不成": 1, "终止": 1}
    assert data["调解"]["案件来源"]["主动调解"] == {"件": 1, "%": 12.5}
    assert data["调解"]["协议涉及金额"] == {"万元": 3.05} and data["调解"]["协议形式"]["口头"] == {"件": 3}
    assert data["防止激化"]["制止群体性械斗"] == {"件": 1, "人": 4}
    assert data["排查与预防"]["排查次数"] == {"次": HAND["screenings"]}


def test_the_csv_opens_in_chinese_spreadsheets(db, tmp_path):
    data = render(_report(db, tmp_path), "csv")
    assert data.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert table[0] == [TITLE] and ["类别", "项目", "单位", "数值"] in table
    assert ["", "协议涉及金额", "万元", "3.05"] in table and ["四、防止激化", "防止民间纠纷转化为刑事案件", "件", "1"] in table
