"""The hearing's papers: 听证通知书 (posted, so identities are masked by default), 听证记录 (signed by all)
and 听证纪要 (handed to others, masked by default). part = the hearing's number in the case."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy.orm import Session

from app import codes
from app.documents.shapes import FormDoc
from app.errors import DocumentUnavailable
from app.i18n import _
from app.record_views import HearingView
from app.services import hearings
from app.services.disputes import get_dispute
from app.documents.pieces import (addressees, by_role, cn_date, cn_datetime, code_label, document_header, mediator_names,
                                    numbered, party_line, signer)


def _hearing(session: Session, dispute_id: int, part: str, *, held: bool) -> tuple[int, HearingView]:
    found = [h for h in hearings.list_hearings(session, dispute_id=dispute_id) if not held or h.status == "held"]
    return numbered(found, part, _("No hearing {n} {state} in this case; give --session with the hearing's number.")
                    .format(n=part, state=_("held") if held else _("planned")))


def _officers(session: Session, h: HearingView) -> list[tuple[int, str]]:
    """(id, "姓名（人大代表）") of the hearing's officers."""
    roster = {o.id: o for o in hearings.list_officers(session, active_only=False)}
    return [(i, f"{roster[i].name}（{code_label('officer_categories', roster[i].category)}）")
            for i in h.officer_ids if i in roster]


def _openness(h: HearingView) -> str:
    return "公开" if h.is_public else f"不公开（{h.private_reason}）"


def notice(session: Session, dispute_id: int, part: str) -> FormDoc:
    """听证通知书."""
    v = get_dispute(session, dispute_id=dispute_id)
    n, h = _hearing(session, dispute_id, part, held=False)
    names = mediator_names(session)
    officers = "、".join(label for _i, label in _officers(session, h))
    text = (f"关于{v.title}一案，本委员会定于{cn_datetime(h.planned_at)}在{h.place}举行{_openness(h)}听证。"
            f"听证主持人：{names.get(h.presider_id, '')}；听证员：{officers}。")
    sent = sorted(h.notices.values())
    return FormDoc(document_header(session, v, "hearing-notice", n), (),
                   parties=tuple(party_line(p) for p in by_role(v.parties)),
                   paragraphs=(addressees(v), text, "请携带身份证明及与纠纷有关的证据材料准时参加。当事人认为听证员与"
                               "本纠纷有利害关系的，可以在听证开始前提出回避申请。不能按时参加的，请于听证前告知本委员会。",
                               "特此通知。"),
                   date=cn_date(date.fromisoformat(sent[0]) if sent else None), seal=True)


def record(session: Session, dispute_id: int, part: str) -> FormDoc:
    """听证记录: the hearing in its prescribed sequence, each officer's opinion, and refusals to sign."""
    v = get_dispute(session, dispute_id=dispute_id)
    n, h = _hearing(session, dispute_id, part, held=True)
    names = mediator_names(session)
    by_uid = {p.uid: p.name for p in v.parties}
    party = {p.uid: p for p in v.parties}
    officers = _officers(session, h)
    # Held on its day at the planned hour (the hearing records the day it was held, the plan its hour).
    held_at = datetime.combine(h.held_on, h.planned_at.time()) if h.held_on and h.planned_at else None
    rows = (("时间", cn_datetime(held_at) if held_at else cn_date(h.held_on)), ("地点", h.place), ("听证方式", _openness(h)),
            ("主持人", names.get(h.presider_id, "")), ("记录人", names.get(h.clerk_id, "")),
            ("听证员", "、".join(label for _i, label in officers)),
            ("到场当事人", "、".join(by_uid.get(u, "") for u in h.parties_present)),
            ("其他到场人员", "、".join(h.others_present) or "无"))
    steps = codes.load("hearing_steps").codes
    numbers = "一二三四五六七八九十"
    paragraphs = [f"{numbers[i]}、{step.zh}：{h.record.get(step.code, '') or '（无记录）'}" for i, step in enumerate(steps)]
    paragraphs += [f"听证员{label}的意见：{h.opinions.get(str(i), '') or '（未发表意见）'}" for i, label in officers]
    if h.refusals:
        paragraphs.append(f"拒绝签名情况：{h.refusals}")
    return FormDoc(document_header(session, v, "hearing-record", n), rows,
                   paragraphs=tuple(paragraphs),
                   party_signatures=tuple(signer(party[u], "当事人") for u in h.parties_present if u in party),
                   signatures=("主持人（签名）", *(f"听证员{label.split('（')[0]}（签名）" for _i, label in officers),
                               "记录人（签名）"), date=cn_date(h.held_on))


def summary(session: Session, dispute_id: int, part: str) -> FormDoc:
    """听证纪要: facts, views, points of disagreement and proposed handling."""
    v = get_dispute(session, dispute_id=dispute_id)
    n, h = _hearing(session, dispute_id, part, held=True)
    if h.summary_on is None:
        raise DocumentUnavailable(_("The summary of this hearing is not written yet; write it on the Hearings tab."))
    officers = "、".join(label for _i, label in _officers(session, h))
    intro = (f"{cn_date(h.held_on)}，本委员会在{h.place}就{v.title}一案举行{_openness(h)}听证，"
             f"听证员{officers}参加。现将听证情况纪要如下：")
    return FormDoc(document_header(session, v, "hearing-summary", n), (),
                   parties=tuple(party_line(p) for p in by_role(v.parties)),
                   paragraphs=(intro, "一、查明的事实", h.summary_facts, "二、各方意见", h.summary_views or "无",
                               "三、争议焦点", h.summary_disagreements or "无", "四、处理意见", h.summary_handling),
                   signatures=("主持人（签名）",), date=cn_date(h.summary_on), seal=True)
