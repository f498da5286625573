"""月度工作报告: the station's figures for one month and the head's 工作小结 (a station document, not a case's)."""
from __future__ import annotations

from decimal import Decimal

from sqlalchemy.orm import Session

from app import clock
from app.documents.pieces import cn_date
from app.documents.shapes import DocumentHeader, FormDoc
from app.money import figures
from app.services import monthly_report


def _yuan(fen: int) -> str:
    return f"人民币{figures(Decimal(fen) / 100)}元"


def monthly(session: Session, dispute_id: int, part: str) -> FormDoc:
    """The report of the month `part` (2026-11); `dispute_id` is not used: the report is the station's."""
    from app.documents import registry

    f = monthly_report.compute(session, month=part)
    label = f"{f.month.start.year}年{f.month.start.month}月"
    header = DocumentHeader(doc_type="monthly-report", title=registry.TYPES["monthly-report"].title,
                            committee=f.committee, case_no=label, part=f.month.label)
    concluded = f.settled + f.failed + f.ended
    amount = f.written_fen + f.oral_fen
    overdue = (f"截至月末，超过调解期限未办结的纠纷{f.overdue}件：{'、'.join(f.overdue_cases)}。" if f.overdue
               else "截至月末，没有超过调解期限未办结的纠纷。")
    summary = [p.strip() for p in f.summary.splitlines() if p.strip()] or ["（主任尚未填写本月工作小结。）"]
    paragraphs = (
        "一、纠纷受理情况",
        f"本月登记纠纷{f.registered}件，受理{f.accepted}件，不予受理{f.declined}件，移送{f.referred}件。",
        "二、纠纷调解情况",
        f"（一）办结情况。本月调解办结纠纷{concluded}件，其中调解成功{f.settled}件，调解不成{f.failed}件，"
        f"终止调解{f.ended}件，调解成功率{f.success_rate}%。",
        f"（二）协议情况。达成书面协议{f.written}件，协议金额{_yuan(f.written_fen)}；口头协议{f.oral}件，"
        f"协议金额{_yuan(f.oral_fen)}；协议金额合计{_yuan(amount)}（{Decimal(amount) / 1000000:.2f}万元）。",
        f"（三）工作开展情况。召开调解会{f.sessions}次，举行听证会{f.hearings}次，开展回访{f.follow_ups}次。",
        f"（四）排查与预防情况。开展矛盾纠纷排查{f.screenings}次，排查发现纠纷{f.found}件；信息员、网格员报告纠纷"
        f"{f.reports}件；预防纠纷{f.prevented}件。",
        "三、超期未办结情况",
        overdue,
        "四、工作小结",
        *summary,
        "附表：各类纠纷登记、受理及办结情况",
    )
    table = (("纠纷类型", "登记", "受理", "调解成功", "调解不成", "终止调解"),
             *((t.label, str(t.registered), str(t.accepted), str(t.settled), str(t.failed), str(t.ended))
               for t in f.by_type),
             ("合计", str(sum(t.registered for t in f.by_type)), str(sum(t.accepted for t in f.by_type)),
              str(f.settled), str(f.failed), str(f.ended)))
    rows = (("报告月份", label), ("调解委员会", f.committee),
            ("统计期间", f"{cn_date(f.month.start)}至{cn_date(f.month.end)}"))
    return FormDoc(header, rows, paragraphs=paragraphs, table=table,
                   signatures=("填报人（签名）", "调委会主任（签名）"), seal=True, date=cn_date(clock.today()))


def print_monthly(session: Session, *, month: str):
    """(document, Printout) of the month's report, rendered with this computer's fonts. A station report is
    not a case document: it is not entered in the issued-documents registry and carries no verification code."""
    from app.documents import registry
    from app.printouts import render_pdf

    period = monthly_report.parse_month(month)
    doc = registry.TYPES["monthly-report"].build(session, 0, period.label)
    return doc, render_pdf(doc)
