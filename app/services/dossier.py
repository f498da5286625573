"""The case's dossier (卷宗): every document in the national order, required ones checked present."""
from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from app.documents import DocumentHeader, DossierDoc, DossierEntry
from app.errors import MediationError
from app.services import documents, follow_ups, lookups, sessions
from app.services.case_record import load_case_record
from app.services.doc_parts import cn_date, verification_code

MISSING, ON_PAPER, NOT_YET = "缺", "纸质材料附后", "本软件尚未生成，请附纸质件"


def _issue(session: Session, dispute_id: int, doc_type: str, by: int | None, part: str = ""):
    try:
        return documents.issue(session, dispute_id=dispute_id, doc_type=doc_type, part=part, by=by)[0]
    except MediationError:
        return None


def build_dossier(session: Session, *, dispute_id: int, by: int | None = None,
                  today: date | None = None) -> DossierDoc:
    record = load_case_record(session, dispute_id=dispute_id)
    v = record.dispute
    entries: list[DossierEntry] = []

    def add(number: int, title: str, required: bool, document=None, note: str = "") -> None:
        entries.append(DossierEntry(number, title, required, document, note or ("" if document else MISSING)))

    add(1, "人民调解受理登记表", True, _issue(session, dispute_id, "acceptance", by))
    add(2, "当事人权利义务告知书", True, _issue(session, dispute_id, "rights-notice", by))
    add(3, "当事人身份证明", True, note=ON_PAPER)
    if any(p.agent_name for p in v.parties):
        add(4, "授权委托书", False, note=ON_PAPER)
    if record.investigations:
        add(5, "人民调解调查记录", False, note=NOT_YET)
    if record.evidence:
        add(6, "证据材料", False, note=ON_PAPER)
    recorded = [s for s in sessions.list_sessions(session, dispute_id=dispute_id) if s.status == "recorded"]
    for s in recorded:
        add(7, f"人民调解记录（第{s.seq}次）", True, _issue(session, dispute_id, "session-record", by, str(s.seq)))
    if not recorded:
        add(7, "人民调解记录", True)
    a = record.agreement
    if a is not None and a.form == "written":
        add(8, "人民调解协议书", True, _issue(session, dispute_id, "agreement", by))
    elif a is not None:
        add(8, "口头协议登记表", True, _issue(session, dispute_id, "oral-agreement", by))
    elif v.outcome is not None:
        add(8, "人民调解协议书", True)
    if a is not None and any(t.performance != "pending" for t in a.terms):
        add(9, "履行凭证", False, note=ON_PAPER)
    if any(f.visited_on for f in follow_ups.list_follow_ups(session, dispute_id=dispute_id)):
        add(10, "人民调解回访记录", False, note=NOT_YET)
    if a is not None and a.jc_applied_on:
        add(11, "司法确认申请书及相关材料", False, note=NOT_YET)
    station = lookups.station(session)
    codes = "|".join(getattr(e.document, "header", DocumentHeader("", "", "", "")).code for e in entries)
    header = DocumentHeader(doc_type="dossier", title="人民调解卷宗", committee=station.name, case_no=v.case_no or "",
                            code=verification_code(f"{v.uid}|{codes}"))
    cover = (("卷名", v.title), ("卷号", v.case_no or ""), ("调解员", v.presiding_mediator_name or ""),
             ("起止日期", f"{cn_date(v.registered_on)} 至 {cn_date(v.closed_on) if v.closed_on else ''}"),
             ("立卷人", _mediator_name(session, by)), ("立卷日期", cn_date(today or date.today())),
             ("保管期限", "长期"))
    return DossierDoc(header, cover, tuple(entries), _mediator_name(session, by), cn_date(today or date.today()))


def _mediator_name(session: Session, mediator_id: int | None) -> str:
    return {m.id: m.name for m in lookups.mediators(session, active_only=False)}.get(mediator_id, "")

