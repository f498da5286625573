"""Pieces every document builder uses: Chinese dates, party lines, parties in role order."""
from __future__ import annotations

import base64
import hashlib
from datetime import date, datetime

from sqlalchemy.orm import Session

from app import codes
from app.errors import DocumentUnavailable
from app.documents import registry
from app.documents.shapes import DocumentHeader, PartyLine, Signer
from app.services import lookups
from app.views import DisputeView, PartyView
from app.masking import mask_id, mask_phone
from app.money import in_words
from app.record_views import TermView


def cn_date(value: date | None) -> str:
    """2026年11月23日, whatever the UI language: documents are always in Chinese."""
    return f"{value.year}年{value.month}月{value.day}日" if value else "    年  月  日"


def party_line(p: PartyView, *, masked: bool = False) -> PartyLine:
    gender = {"male": "男", "female": "女"}.get(p.gender or "", "")
    ident = p.id_number or p.credit_code or ""
    return PartyLine(
        role=role_label(p), name=p.name,
        kind=p.kind, gender=gender, ethnicity=codes.ethnic_groups().get(p.ethnicity).zh if p.ethnicity else "",
        birth=cn_date(p.birth_date) if p.birth_date else "", occupation=p.occupation or "", address=p.address or "",
        phone=mask_phone(p.phone) if masked else (p.phone or ""),
        id_number=mask_id(ident) if masked and p.id_number else ident,
        legal_representative=p.legal_representative or "",
        agent=" ".join(filter(None, (p.agent_name, p.agent_authority))))


def role_label(p: PartyView) -> str:
    found = codes.party_roles().get(p.role)
    return found.zh if found else p.role


def signer(p: PartyView, label: str | None = None) -> Signer:
    """The party's signature line: "申请人：张三"; an organisation's with its seal and its representative."""
    return Signer(f"{label if label is not None else role_label(p)}：{p.name}", p.kind == "organisation",
                  p.legal_representative or "")


def signers(parties) -> tuple[Signer, ...]:
    """Every party's signature line, in role order."""
    return tuple(signer(p) for p in by_role(parties))


def names(uids, by_uid: dict[str, str]) -> str:
    """张三、李四 for these party uids."""
    return "、".join(by_uid.get(u, "") for u in uids if by_uid.get(u))


def by_role(parties: tuple[PartyView, ...]) -> list[PartyView]:
    """Applicants, then respondents, then third parties, each in the order they were entered."""
    order = {"applicant": 0, "respondent": 1, "third_party": 2}
    return sorted(parties, key=lambda p: order.get(p.role, 3))


def code_label(table: str, code: str | None) -> str:
    """The Chinese label of a code (documents are always in Chinese), or "" for none."""
    found = codes.load(table).get(code) if code else None
    return found.zh if found else ""


def term_with_amount(t: TermView) -> str:
    """李四赔偿张三维修费（人民币3,500.50元（大写：……））: a term as the performance and confirmation papers quote it."""
    return t.content + (f"（{in_words(t.amount)}）" if t.amount is not None else "")


def mediator_names(session: Session) -> dict[int, str]:
    return {m.id: m.name for m in lookups.mediators(session, active_only=False)}


def numbered(items: list, part: str, missing: str):
    """The item numbered `part` (1-based, as the case window lists them), or the last when no number is given;
    DocumentUnavailable with `missing` when there is none."""
    if part.isdigit() and 1 <= int(part) <= len(items):
        return int(part), items[int(part) - 1]
    if not part and items:
        return len(items), items[-1]
    raise DocumentUnavailable(missing)


def cn_datetime(value: datetime | None) -> str:
    """2026年12月3日 14时30分, as the national forms write a time."""
    return f"{cn_date(value.date())} {value.hour}时{value.minute:02d}分" if value else f"{cn_date(None)}    时  分"


def addressees(view: DisputeView) -> str:
    """"张三、李四：" heading a notice to the parties."""
    return "、".join(p.name for p in by_role(view.parties)) + "："


def document_header(session: Session, view: DisputeView, doc_type: str, part: object = "") -> DocumentHeader:
    """The header of one document of the case, titled as the registry names the type (and the part)."""
    return DocumentHeader(doc_type=doc_type, title=registry.TYPES[doc_type].label(str(part)),
                          committee=lookups.station(session).name, case_no=view.case_no or "", part=str(part))


def verification_code(basis: str) -> str:
    """Ten characters (two groups of five) derived from `basis`: short enough to type from paper."""
    raw = base64.b32encode(hashlib.sha256(basis.encode("utf-8")).digest()).decode()[:10]
    return f"{raw[:5]}-{raw[5:]}"
