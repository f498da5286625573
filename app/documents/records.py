"""Records made while working a case and after it: 调查记录, 证据材料清单, 履行情况记录, 回访记录."""
from __future__ import annotations

from sqlalchemy.orm import Session

from app.documents.shapes import FormDoc
from app.i18n import _
from app.money import figures
from app.record_views import DepositView, FollowUpView, NonperformanceView, TermView
from app.services import agreements, evidence, follow_ups, performance as performing
from app.services.disputes import get_dispute
from app.documents.pieces import (cn_date, cn_datetime, code_label, document_header, mediator_names, numbered,
                                    term_with_amount)

PERFORMANCE = {"pending": "尚未履行", "partly": "部分履行", "performed": "已履行"}
# The routes open to the parties when a term is not performed (人民调解法 Art 31–33), as the follow-up record
# explains each one ticked at the visit (code table nonperformance_options), in the statute's words.
ROUTES = {
    "mediate_again": ("再次调解", "经当事人同意，由本调解委员会就协议的履行再次调解。"),
    "enforce": ("申请强制执行", "调解协议经人民法院依法确认有效，一方当事人拒绝履行或者未全部履行的，对方当事人可以向"
                            "人民法院申请强制执行（《中华人民共和国人民调解法》第三十三条第二款）。"),
    "sue": ("提起诉讼", "当事人之间就调解协议的履行或者调解协议的内容发生争议的，一方当事人可以向人民法院提起诉讼"
                    "（《中华人民共和国人民调解法》第三十二条）。"),
}
COUNTING = "一二三四五六七八九十"
DEPOSIT_OUTCOMES = {"released": "交付", "returned": "退还"}


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
    """人民调解回访记录: one per visit made (part = its number among the visits), with the terms found unperformed at
    it (the routes explained, 人民调解法 Art 31–33) and the 赔偿保证金 as they stood that day."""
    v = get_dispute(session, dispute_id=dispute_id)
    visits = [f for f in follow_ups.list_follow_ups(session, dispute_id=dispute_id) if f.visited_on]
    n, f = numbered(visits, part, _("No follow-up visit {n} is recorded in this case; record the visit on the "
                                    "Follow-up tab first.").format(n=part))
    rows = (("回访时间", cn_date(f.visited_on)), ("回访人", mediator_names(session).get(f.visitor_id, "")),
            ("回访对象", f.persons_visited), ("协议履行情况", f.performance),
            ("当事人满意度", code_label("satisfaction", f.satisfaction)),
            ("有无矛盾激化苗头", f.escalation_signs or "无"), ("采取的措施", f.measures or "无"))
    agreement = agreements.get_agreement(session, dispute_id=dispute_id)
    terms = {t.id: t for t in agreement.terms} if agreement else {}
    found = [x for x in performing.list_nonperformance(session, dispute_id=dispute_id) if x.follow_up_id == f.id]
    # Deposits as they stood on the day of the visit: the record is signed then, and says what was known then.
    held = [x for x in performing.list_deposits(session, dispute_id=dispute_id) if x.received_on <= f.visited_on]
    paragraphs = (*_unperformed(found, terms), *(("赔偿保证金：",) if held else ()))
    table = ((("序号", "担保事项", "金额（元）", "交纳人", "保管人", "收取日期", "交付或退还"),
              *(_deposit_row(i, x, f) for i, x in enumerate(held, start=1))) if held else ())
    return FormDoc(document_header(session, v, "follow-up", n), rows, paragraphs=paragraphs, table=table,
                   party_signatures=(f"被回访人：{f.persons_visited}",), signatures=("回访人（签名）",),
                   date=cn_date(f.visited_on), seal=True)


def _unperformed(found: list[NonperformanceView], terms: dict[int, TermView]) -> list[str]:
    """The terms found unperformed at the visit (协议第1项: the agreement prints the amount in capitals; here it is
    quoted in figures), each group recorded together with the routes explained to the parties and what they chose."""
    groups: dict[tuple, list[NonperformanceView]] = {}
    for x in found:
        groups.setdefault((x.detail, x.options_explained, x.parties_choice), []).append(x)
    lines = ["未履行的协议事项："] if found else []
    for (detail, options, choice), items in groups.items():
        for x in items:
            t = terms.get(x.term_id)
            text = t.content.rstrip("。") + (f"（人民币{figures(t.amount)}元）" if t.amount is not None else "") \
                if t else ""
            due = f"，履行期限{cn_date(t.due_on)}" if t and t.due_on else ""
            lines.append(f"协议第{x.term_position}项：{text}{due}。")
        if detail:
            lines.append(f"未履行情况：{_sentence(detail)}")
        lines.append("向当事人释明的途径：")
        lines += [f"（{COUNTING[i]}）{ROUTES[o][0]}：{ROUTES[o][1]}"
                  for i, o in enumerate(o for o in options if o in ROUTES)]
        if choice:
            lines.append(f"当事人的意见：{_sentence(choice)}")
    return lines


def _sentence(text: str) -> str:
    return text if text.endswith(("。", "！", "？", "…")) else text.rstrip("，；：、") + "。"


def _deposit_row(i: int, x: DepositView, f: FollowUpView) -> tuple[str, ...]:
    """One deposit: the term it secures (第1项, the agreement's numbering), the money, who paid, who holds it."""
    if x.outcome and x.settled_on and x.settled_on <= f.visited_on:
        settled = f"{cn_date(x.settled_on)}{DEPOSIT_OUTCOMES.get(x.outcome, '')}{x.settled_to}"
    else:
        settled = "尚未交付或退还"
    return (str(i), f"第{x.term_position}项", figures(x.amount), x.paid_by, x.holder, cn_date(x.received_on), settled)
