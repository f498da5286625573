"""The case's dossier (卷宗): every document in the national order, required ones checked present."""
from __future__ import annotations

from dataclasses import replace
from datetime import date

from sqlalchemy.orm import Session

from app.documents.shapes import DossierDoc, DossierEntry
from app.errors import MediationError
from app.lifecycle import Status
from app.documents import issuing
from app.services.case_record import load_case_record
from app.documents.pieces import cn_date, document_header, mediator_names, verification_code
from app import clock

MISSING, ON_PAPER = "缺", "纸质材料附后"


def build_dossier(session: Session, *, dispute_id: int, by: int | None = None,
                  today: date | None = None) -> DossierDoc:
    """Issues (or re-uses) each document of the case and lists them in the national order (DOMAIN.md)."""
    record = load_case_record(session, dispute_id=dispute_id)
    v = record.dispute
    entries: list[DossierEntry] = []

    def issue(doc_type: str, part: str = ""):
        try:
            return issuing.issue(session, dispute_id=dispute_id, doc_type=doc_type, part=part, by=by)[0]
        except MediationError:
            return None

    def add(number: int, title: str, required: bool, document=None, note: str = "") -> None:
        entries.append(DossierEntry(number, title, required, document, note or ("" if document else MISSING)))

    # 1. the application or the acceptance form (a declined case has the notice instead)
    if v.source_code == "applied":
        add(1, "人民调解申请书", False, issue("application"))
    if v.status == Status.DECLINED:
        add(1, "不予受理告知书", True, issue("decline-notice"))
    else:
        add(1, "人民调解受理登记表", True, issue("acceptance"))
        add(2, "当事人权利义务告知书", True, issue("rights-notice"))
    add(3, "当事人身份证明", True, note=ON_PAPER)
    if any(p.agent_name for p in v.parties):
        add(4, "授权委托书", False, note=ON_PAPER)
    for n in range(1, len(record.investigations) + 1):
        add(5, f"人民调解调查记录（第{n}次）", False, issue("investigation", str(n)))
    if record.evidence:
        add(6, "证据材料清单", False, issue("evidence-list"))
        add(6, "证据材料", False, note=ON_PAPER)
    for s in record.recorded_sessions:
        add(7, f"人民调解记录（第{s.seq}次）", True, issue("session-record", str(s.seq)))
    if not record.recorded_sessions and v.status != Status.DECLINED:
        add(7, "人民调解记录", True)
    for n in range(1, len(record.hearings) + 1):
        add(7, f"听证通知书（第{n}次）", False, issue("hearing-notice", str(n)))
    for n in range(1, sum(h.status == "held" for h in record.hearings) + 1):
        add(7, f"听证记录（第{n}次）", True, issue("hearing-record", str(n)))
        add(7, f"听证纪要（第{n}次）", True, issue("hearing-summary", str(n)))
    a = record.agreement
    if a is not None and a.form == "written":
        add(8, "人民调解协议书", True, issue("agreement"))
    elif a is not None:
        add(8, "口头协议登记表", True, issue("oral-agreement"))
    elif v.status in (Status.FAILED, Status.ENDED):
        add(8, "调解终止告知书", True, issue("termination"))
    elif v.outcome is not None:
        add(8, "人民调解协议书", True)
    if a is not None and any(t.performance != "pending" for t in a.terms):
        add(9, "履行情况记录", False, issue("performance"))
        add(9, "履行凭证", False, note=ON_PAPER)
    for n in range(1, sum(1 for f in record.follow_ups if f.visited_on) + 1):
        add(10, f"人民调解回访记录（第{n}次）", False, issue("follow-up", str(n)))
    if a is not None and a.jc_applied_on:
        add(11, "司法确认申请书", False, issue("judicial-confirmation"))
    codes = "|".join(e.document.header.code for e in entries if e.document is not None)
    header = replace(document_header(session, v, "dossier", "人民调解卷宗"), code=verification_code(f"{v.uid}|{codes}"))
    # Filed by whoever assembles it, else the presiding mediator; on the archiving date once archived, so an
    # unchanged archived dossier prints the same.
    filed_by = mediator_names(session).get(by, "") or v.presiding_mediator_name or ""
    archived = next((h.on_date for h in reversed(v.history) if h.to_status == Status.ARCHIVED), None)
    filed_on = cn_date(archived or today or clock.today())
    cover = (("卷名", v.title), ("卷号", v.case_no or ""), ("调解员", v.presiding_mediator_name or ""),
             ("起止日期", f"{cn_date(v.registered_on)} 至 {cn_date(v.closed_on) if v.closed_on else ''}"),
             ("立卷人", filed_by), ("立卷日期", filed_on), ("保管期限", "长期"))
    return DossierDoc(header, cover, tuple(entries), filed_by, filed_on)
