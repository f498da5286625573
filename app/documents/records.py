"""Records made while working a case and after it: 调查记录, 证据材料清单, 履行情况记录, 回访记录."""
from __future__ import annotations

from sqlalchemy.orm import Session

from app.documents.shapes import FormDoc
from app.i18n import _
from app.services import agreements, evidence, follow_ups
from app.services.disputes import get_dispute
from app.documents.pieces import (cn_date, cn_datetime, code_label, document_header, mediator_names, numbered,
                                    term_with_amount)

PERFORMANCE = {"pending": "尚未履行", "partly": "部分履行", "performed": "已履行"}


def investigation(session: Session, dispute_id: int, part: str) -> FormDoc:
    """人民调解调查记录: one per investigation (part = its number in the case)."""
    v = get_dispute(session, dispute_id=dispute_id)
    n, rec = numbered(evidence.list_investigations(session, dispute_id=dispute_id), part,
                      _("No investigation {n} in this case; give --session with an investigation's number.")
                      .format(n=part))
    names = mediator_names(session)
    rows = (("时间", cn_datetime(rec.held_at)), ("地点", rec.place), ("调查人", names.get(rec.investigator_id, "")),
            ("被调查人", rec.person_questioned), ("记录人", names.get(rec.record_keeper_id, "")),
            ("事由", v.title))
    qa = tuple(line for q, a in rec.questions for line in (f"问：{q}", f"答：{a}"))
    return FormDoc(document_header(session, v, "investigation", n), rows,
                   paragraphs=(*qa, "（以上记录已向被调查人宣读或交其阅看，与所述一致。）"),
                   party_signatures=(f"被调查人：{rec.person_questioned}",),
                   signatures=("调查人（签名）", "记录人（签名）"), date=cn_date(rec.held_at.date()))


def evidence_list(session: Session, dispute_id: int, part: str) -> FormDoc:
    """证据材料清单: every item received, with who provided it and when."""
    v = get_dispute(session, dispute_id=dispute_id)
    items = evidence.list_evidence(session, dispute_id=dispute_id)
    table = (("序号", "证据名称", "来源", "种类", "页数", "提供人", "接收日期"),
             *((str(i), e.name, e.source, code_label("evidence_kinds", e.kind), str(e.pages or ""), e.provided_by,
                cn_date(e.received_on) if e.received_on else "") for i, e in enumerate(items, start=1)))
    received = [e.received_on for e in items if e.received_on]
    return FormDoc(document_header(session, v, "evidence-list"), (), table=table,
                   paragraphs=(f"{v.title}一案，共收到证据材料{len(items)}项，"
                               f"合计{sum(e.pages for e in items)}页。",),
                   signatures=("提交人（签名）", "接收人（签名）"), date=cn_date(max(received) if received else None))


def performance(session: Session, dispute_id: int, part: str) -> FormDoc:
    """履行情况记录: each term of the agreement, how and when it was performed and the proof."""
    v = get_dispute(session, dispute_id=dispute_id)
    a = agreements.get_agreement(session, dispute_id=dispute_id)
    table = (("序号", "协议内容", "履行期限", "履行情况", "履行日期", "凭证或说明"),
             *((str(t.position), term_with_amount(t),
                cn_date(t.due_on) if t.due_on else "", PERFORMANCE.get(t.performance, t.performance),
                cn_date(t.performed_on) if t.performed_on else "", t.performance_note) for t in a.terms))
    done = [t.performed_on for t in a.terms if t.performed_on]
    rows = (("协议签订日期", cn_date(a.signed_on)), ("协议生效日期", cn_date(a.effective_on)))
    return FormDoc(document_header(session, v, "performance"), rows, table=table,
                   signatures=("记录人（签名）",), date=cn_date(max(done) if done else None))


def follow_up(session: Session, dispute_id: int, part: str) -> FormDoc:
    """人民调解回访记录: one per visit made (part = its number among the visits)."""
    v = get_dispute(session, dispute_id=dispute_id)
    visits = [f for f in follow_ups.list_follow_ups(session, dispute_id=dispute_id) if f.visited_on]
    n, f = numbered(visits, part, _("No follow-up visit {n} is recorded in this case; record the visit on the "
                                    "Follow-up tab first.").format(n=part))
    rows = (("回访时间", cn_date(f.visited_on)), ("回访人", mediator_names(session).get(f.visitor_id, "")),
            ("回访对象", f.persons_visited), ("协议履行情况", f.performance),
            ("当事人满意度", code_label("satisfaction", f.satisfaction)),
            ("有无矛盾激化苗头", f.escalation_signs or "无"), ("采取的措施", f.measures or "无"))
    return FormDoc(document_header(session, v, "follow-up", n), rows,
                   party_signatures=(f"被回访人：{f.persons_visited}",), signatures=("回访人（签名）",),
                   date=cn_date(f.visited_on), seal=True)
