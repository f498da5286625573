"""人民调解协议书 and 人民调解口头协议登记表, built from the case's agreement."""
from __future__ import annotations

from sqlalchemy.orm import Session

from app import clock
from app.documents.pieces import by_role, cn_date, document_header, mediator_names, party_line
from app.documents.shapes import AgreementDoc, Citation, TermLine
from app.money import in_words
from app.services import agreements, settings
from app.services.disputes import get_dispute
from app.services.sessions import list_sessions


def written(session: Session, dispute_id: int, part: str) -> AgreementDoc:
    return build_agreement(session, dispute_id=dispute_id, oral=False)


def oral(session: Session, dispute_id: int, part: str) -> AgreementDoc:
    return build_agreement(session, dispute_id=dispute_id, oral=True)


def build_agreement(session: Session, *, dispute_id: int, oral: bool) -> AgreementDoc:
    """The agreement as recorded (the registry lets it through only when the case has one of this form)."""
    view = get_dispute(session, dispute_id=dispute_id)
    a = agreements.get_agreement(session, dispute_id=dispute_id)
    terms = []
    for t in a.terms:
        text = t.content.rstrip("。；;，, ")
        if t.amount is not None:
            text += f"，金额{in_words(t.amount)}"
        terms.append(TermLine(t.position, text + "。", t.method, t.place,
                              cn_date(t.due_on) + "前" if t.due_on else ""))
    wording = lambda key: settings.get(session, key)  # noqa: E731
    clauses = (wording("clause.oral"),) if oral else (
        wording("clause.binding"), wording("clause.confirmation"), wording("clause.copies").format(copies=a.copies))
    recorded = [s for s in list_sessions(session, dispute_id=dispute_id) if s.status == "recorded"]
    record_keeper = mediator_names(session).get(recorded[-1].record_keeper_id, "") if recorded else ""
    return AgreementDoc(
        header=document_header(session, view, "oral-agreement" if oral else "agreement"), oral=oral,
        parties=tuple(party_line(p) for p in by_role(view.parties)), facts=a.facts, matters=a.matters,
        responsibilities=a.responsibilities, findings=a.findings,
        citations=tuple(Citation(c.law, c.article, c.gist) for c in a.citations), fairness=a.fairness,
        terms=tuple(terms), clauses=clauses, signers=tuple(p.name for p in by_role(view.parties)),
        mediator=view.presiding_mediator_name or "", record_keeper=record_keeper,
        date=cn_date(a.signed_on or clock.today()))
