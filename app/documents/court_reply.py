"""委派（委托）调解结果告知函: the result of a dispute the court sent to mediation (委派 before filing, 委托 after),
returned to the court under its letter number."""
from __future__ import annotations

from sqlalchemy.orm import Session

from app import codes
from app.documents import rules
from app.documents.pieces import cn_date, code_label, document_header
from app.documents.shapes import FormDoc
from app.services.case_record import load_case_record


def court_reply(session: Session, dispute_id: int, part: str) -> FormDoc:
    record = load_case_record(session, dispute_id=dispute_id)
    v = record.dispute
    referral = rules.court_referral(record, part)
    number = str(rules.court_referrals(record).index(referral) + 1) if referral else ""
    header = document_header(session, v, "court-reply", number)
    kind = codes.load("court_referral_kinds").get(referral.court_kind) if referral else None
    how = "委派" if kind is None or kind.code == "assigned" else "委托"
    court = referral.body if referral else "________"
    letter = referral.letter_no if referral and referral.letter_no else "____"
    result = referral.result if referral and referral.result else "（未填写）"
    rows = (("法院函号", letter), ("纠纷名称", v.title), ("纠纷类型", code_label("dispute_types", v.type_code)),
            (f"{how}日期", cn_date(referral.on_date) if referral else ""),
            ("调解期限", cn_date(referral.due_on) if referral and referral.due_on else ""),
            ("调解结果", result))
    return FormDoc(header, rows, paragraphs=(
        f"{court}：",
        f"你院{letter}函{how}本委员会调解的{v.title}一案，本委员会已依法进行调解，现将调解结果函告如下（详见上表）。",
        "特此函告。", "此致", court),
        signatures=("经办调解员（签名）",), date=cn_date(referral.result_on) if referral and referral.result_on
        else "", seal=True)
