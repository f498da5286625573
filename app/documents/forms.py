"""Builders of the form-shaped documents (FormDoc) from a case."""
from __future__ import annotations

from sqlalchemy.orm import Session

from app import codes
from app.cn_text import cn_number
from app.documents.shapes import FormDoc
from app.errors import DocumentUnavailable
from app.i18n import _
from app.money import in_words
from app.services import sessions
from app.services.disputes import get_dispute
from app.documents.pieces import (by_role, cn_date, cn_datetime, code_label, document_header, mediator_names,
                                  party_line, signer, signers)

RIGHTS = ("依据《中华人民共和国人民调解法》第二十三条，当事人在人民调解活动中享有下列权利：（一）选择或者接受人民调解员；"
          "（二）接受调解、拒绝调解或者要求终止调解；（三）要求调解公开进行或者不公开进行；"
          "（四）自主表达意愿、自愿达成调解协议。",
          "依据该法第二十四条，当事人在人民调解活动中履行下列义务：（一）如实陈述纠纷事实；"
          "（二）遵守调解现场秩序，尊重人民调解员；（三）尊重对方当事人行使权利。",
          "人民调解不收取任何费用。经人民调解委员会调解达成的调解协议具有法律约束力；调解不成的，当事人可以依法通过"
          "仲裁、行政、司法等途径维护自己的权利。")


def application(session: Session, dispute_id: int, part: str) -> FormDoc:
    """人民调解申请书: the applicants' request, as registered (signed by them)."""
    v = get_dispute(session, dispute_id=dispute_id)
    header = document_header(session, v, "application")
    applicants = [p for p in by_role(v.parties) if p.role == "applicant"]
    return FormDoc(header, (), parties=tuple(party_line(p) for p in by_role(v.parties)),
                   paragraphs=("申请事项：", v.claims or "（未填写）", "事实和理由：", v.facts or "（未填写）",
                               f"申请人自愿申请{header.committee}依法调解。", "此致", header.committee),
                   party_signatures=tuple(signer(p, "申请人") for p in applicants), date=cn_date(v.registered_on))


def acceptance(session: Session, dispute_id: int, part: str) -> FormDoc:
    """人民调解受理登记表."""
    v = get_dispute(session, dispute_id=dispute_id)
    rows = (("案号", v.case_no or ""), ("纠纷类型", code_label("dispute_types", v.type_code)),
            ("案件来源", code_label("case_sources", v.source_code)), ("登记日期", cn_date(v.registered_on)),
            ("纠纷简要情况", v.facts), ("当事人请求", v.claims),
            ("涉及金额", in_words(v.amount) if v.amount is not None else "无"), ("涉及人数", f"{v.people_involved}人"),
            ("受理日期", cn_date(v.accepted_on)), ("主持调解员", v.presiding_mediator_name or ""))
    return FormDoc(document_header(session, v, "acceptance"), rows,
                   parties=tuple(party_line(p) for p in by_role(v.parties)), party_signatures=signers(v.parties),
                   signatures=("登记人（签名）",), date=cn_date(v.accepted_on), seal=True)


def rights_notice(session: Session, dispute_id: int, part: str) -> FormDoc:
    """当事人权利义务告知书: read to, and signed by, every party before the first session."""
    v = get_dispute(session, dispute_id=dispute_id)
    names = "、".join(p.name for p in by_role(v.parties))
    return FormDoc(document_header(session, v, "rights-notice"), (),
                   paragraphs=(f"{names}：", *RIGHTS, "以上内容本人（本单位）已阅知。"),
                   party_signatures=tuple(signer(p, "当事人") for p in by_role(v.parties)),
                   date=cn_date(v.accepted_on or v.registered_on), seal=True)


def session_record(session: Session, dispute_id: int, part: str) -> FormDoc:
    """人民调解记录: one per recorded session (part = its number)."""
    v = get_dispute(session, dispute_id=dispute_id)
    recorded = [s for s in sessions.list_sessions(session, dispute_id=dispute_id) if s.status == "recorded"]
    chosen = next((s for s in recorded if str(s.seq) == part), recorded[-1] if recorded and not part else None)
    if chosen is None:
        raise DocumentUnavailable(_("No recorded session {n} in this case; give --session with a recorded "
                                    "session's number.").format(n=part or ""))
    names = mediator_names(session)
    by_uid = {p.uid: p.name for p in v.parties}
    statements = tuple(f"（{cn_number(i)}）{by_uid.get(u, u)}陈述：{text}"
                       for i, (u, text) in enumerate(chosen.statements.items(), start=1))
    outcome = codes.load("session_outcomes").get(chosen.outcome)
    rows = (("时间", cn_datetime(chosen.held_at)),
            ("地点", chosen.place), ("主持调解员", names.get(chosen.presiding_mediator_id, "")),
            ("其他调解员", "、".join(names.get(i, "") for i in chosen.co_mediator_ids)),
            ("记录人", names.get(chosen.record_keeper_id, "")),
            ("到场当事人", "、".join(by_uid.get(u, "") for u in chosen.parties_present)),
            ("参加人", "、".join(f"{n}（{r}）" for n, r in chosen.participants)),
            ("调解方式", "公开" if chosen.is_public else "不公开"))
    paragraphs = (f"一、告知权利义务：{'已告知' if chosen.rights_told else '未记录'}。",
                  f"二、说明调解原则、方法，介绍参加人员：{'已说明' if chosen.principles_explained else '未记录'}。",
                  "三、当事人陈述：", *statements, f"四、经核实的事实：{chosen.findings_checked}",
                  f"五、风险告知：{chosen.risks_explained}",
                  f"六、调解结果：{outcome.zh if outcome else ''}。" + (chosen.terms_reached or chosen.no_agreement_reason),
                  *((f"下次调解方案：{chosen.proposal}",) if chosen.proposal else ()),
                  *((f"备注：{chosen.notes}",) if chosen.notes else ()))
    signatures = ("主持调解员（签名）", "记录人（签名）", *(f"参加人{n}（签名）" for n, _r in chosen.participants))
    present = {p.uid: p for p in v.parties}
    header = document_header(session, v, "session-record", chosen.seq)
    return FormDoc(header, rows, paragraphs, signatures, cn_date(chosen.held_at.date() if chosen.held_at else None),
                   party_signatures=tuple(signer(present[u], "当事人") for u in chosen.parties_present
                                          if u in present))
