"""The papers that close a case without an agreement: 不予受理告知书, 纠纷移送函 and 调解终止告知书. Each reads how the
case was closed from its history, so an archived case still prints them."""
from __future__ import annotations

from sqlalchemy.orm import Session

from app import codes
from app.cn_text import cn_number
from app.documents.shapes import FormDoc
from app.lifecycle import Status
from app.services import sessions
from app.services.disputes import get_dispute
from app.documents.pieces import addressees, by_role, cn_date, code_label, document_header, party_line
from app.views import DisputeView

# 人民调解法 Art 26: when mediation fails, the parties are told of the other routes.
ROUTES_NOTE = "当事人可以依法通过下列途径维护自己的权利："

# Each ground for declining, the words of a recorded reason that show it, and the provision that says it. Not
# 人民调解法第十八条: that article lets courts and the police point parties to mediation; it is no ground.
DECLINE_GROUNDS = (
    (("拒绝调解", "不同意调解", "不愿调解", "拒绝"), "《中华人民共和国人民调解法》第十七条"),
    (("专门机关", "禁止", "刑事", "犯罪", "只能由"), "《人民调解工作若干规定》第二十二条第（一）项"),
    (("法院", "公安", "派出所", "行政机关", "已经受理", "已受理", "已经解决", "已解决", "起诉", "立案"),
     "《人民调解工作若干规定》第二十二条第（二）项"),
)


def decline_ground(reason: str) -> str:
    """The provision that says the recorded reason is a ground for declining; "" when none does."""
    return next((law for words, law in DECLINE_GROUNDS if any(w in reason for w in words)), "")


def _reason(v: DisputeView, status: Status) -> str:
    """The reason recorded with the status change that closed the case."""
    change = next((h for h in reversed(v.history) if h.to_status == status), None)
    return (change.reason if change and change.reason else "") or ""


def decline_notice(session: Session, dispute_id: int, part: str) -> FormDoc:
    """不予受理告知书: why the committee did not accept the case, and where the parties can turn."""
    v = get_dispute(session, dispute_id=dispute_id)
    header = document_header(session, v, "decline-notice")
    reason = v.decline_reason or "（未记录理由）"
    ground = decline_ground(reason)
    text = (f"你（们）于{cn_date(v.registered_on)}申请调解的{v.title}一案，经审查，因{reason}，"
            + (f"根据{ground}的规定，" if ground else "") + "本委员会决定不予受理。")
    return FormDoc(header, (), paragraphs=(
        addressees(v), text, "你（们）可以依法通过仲裁、行政、司法等途径解决该纠纷。", "特此告知。"),
        signatures=("当事人签收",), date=cn_date(v.closed_on), seal=True)


def referral(session: Session, dispute_id: int, part: str) -> FormDoc:
    """纠纷移送函: the case handed to the body better placed to handle it; the committee keeps a copy, signed
    for by the receiving body, in the dossier."""
    v = get_dispute(session, dispute_id=dispute_id)
    header = document_header(session, v, "referral")
    target = v.referral_target or "________"
    reason = _reason(v, Status.REFERRED)
    why = f"因{reason}，" if reason and reason != v.referral_target else ""
    rows = (("纠纷名称", v.title), ("纠纷类型", code_label("dispute_types", v.type_code)),
            ("登记日期", cn_date(v.registered_on)), ("纠纷简要情况", v.facts), ("当事人请求", v.claims or "（未填写）"))
    return FormDoc(header, rows, parties=tuple(party_line(p) for p in by_role(v.parties)), paragraphs=(
        f"{target}：",
        f"本委员会于{cn_date(v.registered_on)}登记的{v.title}一案，{why}不宜由本委员会调解，现将该纠纷移送你单位依法处理，"
        "相关材料随函附送。已告知当事人移送情况。", "此致", target),
        signatures=("接收单位签收（盖章）", "接收人（签名）"), date=cn_date(v.closed_on), seal=True)


def termination_notice(session: Session, dispute_id: int, part: str) -> FormDoc:
    """调解终止告知书: mediation failed or a party ended it; the reason and the other routes."""
    v = get_dispute(session, dispute_id=dispute_id)
    if v.closed_as == Status.ENDED:
        reason = f"因当事人要求终止调解（{v.end_reason}）" if v.end_reason else "因当事人要求终止调解"
        basis = "《中华人民共和国人民调解法》第二十三条第（二）项"     # the party's right to have it ended
    else:
        basis = "《中华人民共和国人民调解法》第二十六条"               # mediation failed: end it, tell the routes
        recorded = [s for s in sessions.list_sessions(session, dispute_id=dispute_id) if s.status == "recorded"]
        said = _reason(v, Status.FAILED) or (recorded[-1].no_agreement_reason if recorded else "")
        sides = "双方" if len(v.parties) <= 2 else "各方"
        reason = f"经调解，{sides}当事人未能达成协议" + (f"（{said}）" if said else "")
    routes = codes.load("fail_routes")
    chosen = [routes.get(c) for c in v.routes_explained if routes.get(c)] or list(routes.codes)
    header = document_header(session, v, "termination")
    text = (f"你（们）之间的{v.title}一案，本委员会于{cn_date(v.accepted_on)}受理。{reason}，根据{basis}的规定，"
            "本委员会决定终止调解。")
    lines = tuple(f"（{cn_number(i)}）{r.zh}{'。' if i == len(chosen) else '；'}" for i, r in enumerate(chosen, 1))
    return FormDoc(header, (), paragraphs=(
        addressees(v), text, ROUTES_NOTE, *lines,
        "人民调解委员会的调解不影响当事人依法通过上述途径解决纠纷。", "特此告知。"),
        signatures=("当事人签收",), date=cn_date(v.closed_on), seal=True)
