"""The statistics report as files a county clerk opens: CSV (UTF-8 with BOM, which WPS and Excel need to
read Chinese), JSON, and xlsx with Chinese headers. Labels are group names (types or committees): no person
is ever named."""
from __future__ import annotations

import csv
import io
import json

from app import cells, codes
from app.services.statistics import MEASURES, Report

FORMATS = ("csv", "json", "xlsx")


def table(report: Report) -> list[list]:
    """Header row, one row per group, the total row; the case sources as the last columns."""
    sources = codes.case_sources().codes
    group = "调委会" if report.by == "station" else "纠纷类型"
    header = [group, *(zh for _k, zh, _en in MEASURES), *(f"来源:{c.zh}" for c in sources)]
    body = []
    for row in (*report.rows, report.total):
        label = "合计" if row is report.total else row.label
        body.append([label, *(row.values[k] for k, _zh, _en in MEASURES),
                     *(row.sources.get(c.code, 0) for c in sources)])
    return [header, *body]


def _notes(report: Report) -> list[list[str]]:
    return [["统计期间", f"{report.period.start.isoformat()} 至 {report.period.end.isoformat()}"],
            ["零报告调委会", "、".join(report.zero_report) or "无"],
            ["未报送调委会", "、".join(report.not_reported) or "无"]]


def render(report: Report, fmt: str) -> bytes:
    if fmt == "json":
        return json.dumps(report.to_json(), ensure_ascii=False, indent=1).encode("utf-8")
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerows(cells.row(r) for r in table(report))
        writer.writerow([])
        writer.writerows(cells.row(r) for r in _notes(report))
        return "\ufeff".encode("utf-8") + out.getvalue().encode("utf-8")
    if fmt == "xlsx":
        return _xlsx(report)
    raise ValueError(fmt)


def _xlsx(report: Report) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    ws = wb.active
    ws.title = "调解统计"
    for row in table(report):
        ws.append(cells.row(row))
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
