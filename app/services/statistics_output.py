"""The statistics report as files a county clerk opens: CSV (UTF-8 with BOM, which WPS and Excel need to
read Chinese), JSON, and xlsx with Chinese headers. Labels are group names (types or committees): no person
is ever named."""
from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass

from app import cells, codes
from app.services.statistics import MEASURES, Report

FORMATS = ("csv", "json", "xlsx")
# Decimals a measure is shown with (the window, the xlsx cell format); every other one is a whole count.
DECIMALS = {"success_rate": 1, "agreed_wan": 2}
NO_FIGURE = "—"         # a figure there is none of (the success rate where no mediation ended), as shown


@dataclass(frozen=True)
class Column:
    key: str             # a measure of MEASURES, "group" for the first column, "source:CODE" for a source
    header: str
    decimals: int = 0


def columns(report: Report, *, chinese: bool = True) -> list[Column]:
    """The table's columns in order: the group, every measure, then the accepted cases by source. A new
    measure in MEASURES (or a new source in the code table) becomes a new column of every output."""
    group = ("调委会" if chinese else "Committee") if report.by == "station" else ("纠纷类型" if chinese else "Type")
    out = [Column("group", group)]
    out += [Column(k, zh if chinese else en, DECIMALS.get(k, 0)) for k, zh, en in MEASURES]
    out += [Column(f"source:{c.code}", f"来源:{c.zh}" if chinese else f"Source: {c.en}")
            for c in codes.case_sources().codes]
    return out


def table(report: Report, *, chinese: bool = True) -> list[list]:
    """Header row, one row per group, the total row: what the window shows and every file holds."""
    cols = columns(report, chinese=chinese)
    body = []
    for row in (*report.rows, report.total):
        label = ("合计" if chinese else "Total") if row is report.total else row.label
        body.append([label, *(row.sources.get(c.key.removeprefix("source:"), 0) if c.key.startswith("source:")
                              else NO_FIGURE if row.values[c.key] is None else row.values[c.key]
                              for c in cols[1:])])
    return [[c.header for c in cols], *body]


def shown(value: object, column: Column) -> str:
    """A cell as the window shows it (and the xlsx cell's number format displays it)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and column.key != "group":
        return f"{value:.{column.decimals}f}"
    return str(value)


def _notes(report: Report) -> list[list[str]]:
    return [["统计期间", f"{report.period.start.isoformat()} 至 {report.period.end.isoformat()}"],
            ["零报告调委会", "、".join(report.zero_report) or "无"],
            ["未报送调委会", "、".join(report.not_reported) or "无"]]


def render(report: Report, fmt: str, *, chinese: bool = True) -> bytes:
    if fmt == "json":
        return json.dumps(report.to_json(), ensure_ascii=False, indent=1).encode("utf-8")
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerows(cells.row(r) for r in table(report, chinese=chinese))
        writer.writerow([])
        writer.writerows(cells.row(r) for r in _notes(report))
        return "\ufeff".encode("utf-8") + out.getvalue().encode("utf-8")
    if fmt == "xlsx":
        return _xlsx(report, chinese)
    raise ValueError(fmt)


def _xlsx(report: Report, chinese: bool) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    ws = wb.active
    ws.title = "调解统计"
    cols = columns(report, chinese=chinese)
    for row in table(report, chinese=chinese):
        ws.append(cells.row(row))
    for j, column in enumerate(cols, start=1):
        if column.decimals:                   # shown with the window's decimals, kept as numbers
            for (cell,) in ws.iter_rows(min_row=2, min_col=j, max_col=j):
                cell.number_format = "0." + "0" * column.decimals
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
    ws.freeze_panes = "B2"
    ws.column_dimensions["A"].width = 24
    notes = wb.create_sheet("报送情况")
    for row in _notes(report):
        notes.append(cells.row(row))
    notes.column_dimensions["A"].width = 16
    notes.column_dimensions["B"].width = 80
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
