"""人民调解工作统计表 on paper: the Ministry's report of a station (a station document, not a case's) or of a county
(its stations summed, then each station's main figures), its rows and labels from app/services/ministry_rows.py."""
from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from app import clock
from app.documents.pieces import cn_date
from app.documents.shapes import DocumentHeader, ReportDoc, TableBlock
from app.services import ministry_report
from app.periods import Period
from app.services.ministry_output import period_name, period_text
from app.services.ministry_report import CountyMinistryReport, MinistryReport
from app.services.ministry_rows import (MATRIX_TITLE, OUTCOMES, SECTIONS, TITLE, TOTAL, Figure, Line, figure,
                                        matrix_key)
from app.services.stations import get_station

COLUMN_NAMES = {"件": "件数", "人": "人数", "%": "占比（%）"}    # the heading of a column of figures in that unit
# The county's appendix: each station's main figures, one column each.
APPENDIX = ("accepted", "settled", "success_rate", "agreed_wan", "screenings", "prevented")


def shown(value: int | object, f: Figure) -> str:
    return f"{value:.{f.decimals}f}" if f.decimals else str(value)


def _single_rows(report: MinistryReport, lines: list[Line]) -> list[tuple[str, str, str]]:
    """(项目, 单位, 数量) of lines with one figure (a heading line: its label alone; a part indented, the first part
    of a counted line as its 其中)."""
    out = []
    counted = {line.label for line in lines if line.figures}       # a part of these is its 其中
    for i, line in enumerate(lines):
        first = line.parent and lines[i - 1].parent != line.parent
        label = ("　" + ("其中：" if first and line.parent in counted else "") if line.parent else "") + line.label
        f = line.figures[0] if line.figures else None
        out.append((label, f.unit if f else "", shown(report.value(f.key), f) if f else ""))
    return out


def _two_panes(rows: list[tuple[str, str, str]], heading: str) -> TableBlock:
    """Three columns twice across the page: the first half of the rows on the left, the rest on the right."""
    half = (len(rows) + 1) // 2
    right = rows[half:] + [("", "", "")] * (2 * half - len(rows))
    body = tuple((*a, *b) for a, b in zip(rows[:half], right))
    return TableBlock(heading, (("项目", "单位", "数量") * 2, *body), (0.25, 0.09, 0.16) * 2, figures=(2, 5))


def _pairs(report: MinistryReport, lines: list[Line], title: str, heading: str) -> TableBlock:
    """Lines with a figure in each of two units (件 and 人; 件 and %): a column for each unit."""
    units = [f.unit for f in lines[0].figures]
    body = tuple((line.label, *(shown(report.value(f.key), f) for f in line.figures)) for line in lines)
    return TableBlock(heading, ((title, *(COLUMN_NAMES.get(u, u) for u in units)), *body), (0.52, 0.24, 0.24),
                      figures=(1, 2))


def _matrix(report: MinistryReport, heading: str) -> TableBlock:
    body = [(label, *(str(report.value(matrix_key(code, key))) for key, _name in OUTCOMES))
            for code, label in report.types]
    body.append((TOTAL, *(str(report.value(key)) for key, _name in OUTCOMES)))
    return TableBlock(heading, ((f"{MATRIX_TITLE}（件）", *(name for _key, name in OUTCOMES)), *body),
                      (0.28, 0.18, 0.18, 0.18, 0.18), figures=(1, 2, 3, 4))


def blocks(report: MinistryReport) -> list[TableBlock]:
    """Each section: 纠纷类型 first where it has it, then its lines of one figure two panes across, then each group
    of lines with two figures (案件来源; 防止激化) as a table of its own."""
    out = []
    for section in SECTIONS:
        heading = section.title
        if section.matrix:
            out.append(_matrix(report, heading))
            heading = ""
        paired = [line for line in section.lines if len(line.figures) == 2]
        groups = {line.parent for line in paired}
        singles = [line for line in section.lines if len(line.figures) < 2 and line.label not in groups]
        if singles:
            out.append(_two_panes(_single_rows(report, singles), heading))
            heading = ""
        for group in dict.fromkeys(line.parent for line in paired):
            out.append(_pairs(report, [line for line in paired if line.parent == group], group or "项目", heading))
            heading = ""
    return out


def _appendix(county: CountyMinistryReport) -> TableBlock:
    named = [figure(key) for key in APPENDIX]
    header = ("调委会", *(f"{label}\n（{f.unit}）" for label, f in named))
    body = [(f"{r.unit}\n（{r.station}）", *(shown(r.value(f.key), f) for _label, f in named)) for r in county.stations]
    body.append((TOTAL, *(shown(county.total.value(f.key), f) for _label, f in named)))
    share = 0.7 / len(APPENDIX)
    return TableBlock("附表：各调委会主要数据", (header, *body), (0.3, *(share,) * len(APPENDIX)),
                      figures=tuple(range(1, len(APPENDIX) + 1)))


def report_doc(report: MinistryReport, *, filled_on: date, county: CountyMinistryReport | None = None) -> ReportDoc:
    """The report on paper; a county's with its stations' main figures appended."""
    header = DocumentHeader(doc_type="ministry-report", title=TITLE, committee=report.unit,
                            case_no=period_name(report.period), part=report.period.label)
    appendix = (_appendix(county),) if county is not None and county.stations else ()
    notes = list(report.notes)
    if county is not None and county.not_reported:
        notes.append("未报送本期数据的调委会：" + "、".join(county.not_reported) + "。")
    return ReportDoc(header, (("填报单位", report.unit), ("统计期间", period_text(report.period))),
                     tuple(blocks(report)), ("填报人", "审核人"), ("填报日期", cn_date(filled_on)), tuple(notes),
                     appendix)


def ministry(session: Session, dispute_id: int, part: str) -> ReportDoc:
    """The registry's builder: the station's report of the period `part` (2026-11, 2026Q4 …); `dispute_id` is not
    used, the report is the station's."""
    report = ministry_report.compute(session, Period.parse(part), unit=get_station(session).name)
    return report_doc(report, filled_on=clock.today())


def print_station(session: Session, *, period: Period):
    """(document, Printout) of the station's report of the period, with this computer's fonts. Like the monthly
    report, a station's report is not entered in the issued-documents registry and carries no code."""
    from app.documents import registry
    from app.printouts import render_pdf

    doc = registry.TYPES["ministry-report"].build(session, 0, period.label)
    return doc, render_pdf(doc)


def print_report(subject: MinistryReport | CountyMinistryReport):
    """(document, Printout) of a report already counted (the window counts on the DB worker and prints on the I/O
    worker): a station's, or the county's with its stations' main figures appended."""
    from app.cn_text import normalise_document
    from app.printouts import render_pdf

    county = subject if isinstance(subject, CountyMinistryReport) else None
    report = county.total if county else subject
    doc = normalise_document(report_doc(report, filled_on=clock.today(), county=county))
    return doc, render_pdf(doc)


def ministry_file(subject: MinistryReport | CountyMinistryReport, fmt: str) -> tuple[bytes, list[str]]:
    """The report as a file of `fmt` (pdf, xlsx, json, csv) and what the user must be told of a PDF (fonts)."""
    from app.services.ministry_output import render

    if fmt != "pdf":
        return render(subject, fmt), []
    _doc, printout = print_report(subject)
    return printout.pdf, printout.warnings()
