"""The Ministry's report as files: JSON with its rows under their Chinese labels, and xlsx / CSV with one row per
figure (a county's with a column for its sum and one for each station). The rows and labels are those of
app/services/ministry_rows.py; the PDF is app/documents/ministry.py's. No person is named anywhere."""
from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from decimal import Decimal

from app import cells
from app.periods import Period, PeriodKind
from app.services.ministry_report import CountyMinistryReport, MinistryReport
from app.services.ministry_rows import MATRIX_TITLE, OUTCOMES, SECTIONS, TITLE, TOTAL, matrix_key

FORMATS = ("pdf", "xlsx", "json", "csv")


def plain(value: int | Decimal) -> int | float:
    """A figure as JSON and spreadsheets hold it: a count, or a number with its decimals (rates, 万元)."""
    return float(value) if isinstance(value, Decimal) else value


def period_name(period: Period) -> str:
    """The period as the report names it, in Chinese whatever the window's language: 2026年11月, 2026年第4季度,
    2026年第47周, 2026年; a range of days by its first and last day."""
    def day(d) -> str:
        return f"{d.year}年{d.month}月{d.day}日"

    y = period.start.year
    return {PeriodKind.YEAR: f"{y}年", PeriodKind.QUARTER: f"{y}年第{(period.start.month + 2) // 3}季度",
            PeriodKind.MONTH: f"{y}年{period.start.month}月",
            PeriodKind.WEEK: "{0}年第{1}周".format(*period.start.isocalendar()[:2])}.get(
        period.kind, f"{day(period.start)}至{day(period.end)}")


def period_text(period: Period) -> str:
    """统计期间: 2026年11月（2026年11月1日至2026年11月30日）; a range of days as its two days."""
    name = period_name(period)
    span = f"{period.start.year}年{period.start.month}月{period.start.day}日至" \
           f"{period.end.year}年{period.end.month}月{period.end.day}日"
    return name if name == span else f"{name}（{span}）"


# --- JSON ---------------------------------------------------------------------------------------------------

def matrix_json(report: MinistryReport) -> dict:
    """纠纷类型: each type's 受理, 调解成功, 调解不成, 终止, then 合计."""
    out = {label: {name: report.value(matrix_key(code, key)) for key, name in OUTCOMES}
           for code, label in report.types}
    return out | {TOTAL: {name: report.value(key) for key, name in OUTCOMES}}


def sections_json(report: MinistryReport) -> dict:
    """Each section by its name, each line by its label holding {unit: figure}, a part under the line it is
    part of ("人民调解员": {"人": 3, "专职": {"人": 1}, …})."""
    out: dict = {}
    for section in SECTIONS:
        lines: dict[str, dict] = {}
        body: dict = {MATRIX_TITLE: matrix_json(report)} if section.matrix else {}
        for line in section.lines:
            entry = lines[line.label] = {f.unit: plain(report.value(f.key)) for f in line.figures}
            (lines[line.parent] if line.parent else body)[line.label] = entry
        out[section.name] = body
    return out


def _heading(report: MinistryReport) -> dict:
    p = report.period
    return {"报表": TITLE, "填报单位": report.unit,
            "统计期间": {"期间": p.label, "起始日期": p.start.isoformat(), "截止日期": p.end.isoformat()}}


def to_json(report: MinistryReport) -> dict:
    return {**_heading(report), **sections_json(report), "说明": list(report.notes)}


def county_json(county: CountyMinistryReport) -> dict:
    return {**_heading(county.total), TOTAL: sections_json(county.total),
            "各调委会": [{"调委会": r.unit, "代码": r.station, **sections_json(r)} for r in county.stations],
            "未报送调委会": list(county.not_reported), "说明": list(county.total.notes)}


# --- one row per figure (xlsx, CSV) -------------------------------------------------------------------------

@dataclass(frozen=True)
class FlatRow:
    section: str          # printed on the first row of its section
    label: str            # a part indented under its line
    unit: str
    key: str
    decimals: int = 0


def flat_rows(types: tuple[tuple[str, str], ...]) -> list[FlatRow]:
    """Every figure of the report in order, 纠纷类型 spelled out as "婚姻家庭（受理）" for each of `types` (the
    county's sum has every type any of its stations has)."""
    out = []
    for section in SECTIONS:
        first = len(out)
        if section.matrix:
            out += [FlatRow("", f"{label}（{name}）", "件", matrix_key(code, key))
                    for code, label in types for key, name in OUTCOMES]
            out += [FlatRow("", f"{TOTAL}（{name}）", "件", key) for key, name in OUTCOMES]
        for line in section.lines:
            label = ("　　" if line.parent else "") + line.label
            out += [FlatRow("", label, f.unit, f.key, f.decimals) for f in line.figures]
            if not line.figures:
                out.append(FlatRow("", label, "", ""))
        out[first] = FlatRow(section.title, out[first].label, out[first].unit, out[first].key, out[first].decimals)
    return out


def _columns(subject: MinistryReport | CountyMinistryReport) -> tuple[list[str], list[MinistryReport]]:
    if isinstance(subject, CountyMinistryReport):
        return [TOTAL, *(f"{r.unit}({r.station})" for r in subject.stations)], [subject.total, *subject.stations]
    return ["数值"], [subject]


def table(subject: MinistryReport | CountyMinistryReport) -> list[list]:
    """Header row, then one row per figure: 类别, 项目, 单位 and the figure of each column."""
    headers, reports = _columns(subject)
    body = [[r.section, r.label, r.unit, *((plain(rep.value(r.key)) if r.key else "") for rep in reports)]
            for r in flat_rows(reports[0].types)]
    return [["类别", "项目", "单位", *headers], *body]


def _about(subject: MinistryReport | CountyMinistryReport) -> list[list[str]]:
    report = subject.total if isinstance(subject, CountyMinistryReport) else subject
    rows = [["填报单位", report.unit], ["统计期间", period_text(report.period)]]
    if isinstance(subject, CountyMinistryReport):
        rows.append(["未报送调委会", "、".join(subject.not_reported) or "无"])
    return rows + [["说明", note] for note in report.notes]


def render(subject: MinistryReport | CountyMinistryReport, fmt: str) -> bytes:
    """json, csv or xlsx (the PDF: app/documents/ministry.py)."""
    if fmt == "json":
        data = county_json(subject) if isinstance(subject, CountyMinistryReport) else to_json(subject)
        return json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerows(cells.row(r) for r in [[TITLE], *_about(subject), [], *table(subject)])
        return "\ufeff".encode("utf-8") + out.getvalue().encode("utf-8")
    if fmt == "xlsx":
        return _xlsx(subject)
    raise ValueError(fmt)


def _xlsx(subject: MinistryReport | CountyMinistryReport) -> bytes:
    """The figures sheet (title, 填报单位, 统计期间, then the table with each figure's decimals) and the 纠纷类型
    sheet laid out as on paper, of the report or the county's sum."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = TITLE
    about = _about(subject)
    ws.append(cells.row([TITLE]))
    ws["A1"].font = Font(bold=True, size=16)
    for row in about:
        ws.append(cells.row(row))
    ws.append([])
    header, *body = table(subject)
    ws.append(cells.row(header))
    first = ws.max_row                  # (an empty row appended above holds no cell: count from the header)
    for row in body:
        ws.append(cells.row(row))
    for cell in ws[first]:
        cell.font = Font(bold=True)
    reports = _columns(subject)[1]
    for offset, flat in enumerate(flat_rows(reports[0].types), start=first + 1):
        for cell in ws[offset][3:]:
            cell.number_format = "0." + "0" * flat.decimals if flat.decimals else "0"
    ws.freeze_panes = ws.cell(row=first + 1, column=4)
    for column, width in (("A", 16), ("B", 30), ("C", 8)):
        ws.column_dimensions[column].width = width
    matrix = wb.create_sheet(MATRIX_TITLE)
    report = reports[0]
    matrix.append(cells.row([MATRIX_TITLE, *(name for _key, name in OUTCOMES)]))
    for label, counts in matrix_json(report).items():
        matrix.append(cells.row([label, *counts.values()]))
    for cell in (*matrix[1], *matrix[matrix.max_row]):
        cell.font = Font(bold=True)
    matrix.column_dimensions["A"].width = 16
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
