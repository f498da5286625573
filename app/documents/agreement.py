"""人民调解协议书 and 人民调解口头协议登记表, built from the case's agreement."""
from __future__ import annotations

from sqlalchemy.orm import Session

from app import clock
from app.documents.pieces import by_role, cn_date, document_header, mediator_names, names, party_line, signers
from app.documents.rules import share_total
from app.documents.shapes import AgreementDoc, Citation, TermLine
from app.money import in_words
from app.record_views import CitationView, TermView
from app.services import agreements, settings
from app.services.disputes import get_dispute
from app.services.sessions import list_sessions

LIABILITY = {"joint": "{who}对本项义务承担连带责任。", "shares": "{who}按份承担本项义务：{shares}。"}


def written(session: Session, dispute_id: int, part: str) -> AgreementDoc:
    return build_agreement(session, dispute_id=dispute_id, oral=False)


def oral(session: Session, dispute_id: int, part: str) -> AgreementDoc:
    return build_agreement(session, dispute_id=dispute_id, oral=True)


def term_line(t: TermView, by_uid: dict[str, str]) -> TermLine:
    """The term as agreed, naming who performs and who receives it, and with several obligors how they are
    liable: jointly (连带) or each for a share (按份)."""
    obligors, obligees = names(t.obligors, by_uid), names(t.obligees, by_uid)
    text = t.content.rstrip("。；;，, ")
    if t.amount is not None:
        text += f"，金额{in_words(t.amount)}"
    text += "。"
    named = [by_uid.get(u, "") for u in (*t.obligors, *t.obligees)]
    if obligors and obligees and not all(n and n in t.content for n in named):
        text += f"本项由{obligors}向{obligees}履行。"
    if len(t.obligors) > 1 and t.liability in LIABILITY:
        given = {u: dict(t.shares).get(u, "").strip() or "（未定）" for u in t.obligors}
        money = t.amount is not None and share_total(given.values()) is not None
        shares = "，".join(f"{by_uid.get(u, '')}承担{in_words(_plain(v)) if money else v}" for u, v in given.items())
        text += LIABILITY[t.liability].format(who=obligors, shares=shares)
    return TermLine(t.position, text, t.method, t.place, cn_date(t.due_on) + "前" if t.due_on else "",
                    obligors, obligees)


def _plain(amount: str) -> str:
    return amount.replace(",", "").replace("，", "").removesuffix("元")


def citation(c: CitationView) -> Citation:
    """The citation with the catalogue's verbatim text of the article, when the catalogue has it; the station's
    own words stay an explanation."""
    entry = agreements.catalogue_entry(c.law, c.article)
    if entry is None or not entry.text:
        return Citation(c.law, c.article, c.gist)
    own = c.gist if c.gist.strip() and c.gist.strip() != entry.gist else ""
    return Citation(entry.law, entry.article, own, entry.text, entry.source, entry.version)


def build_agreement(session: Session, *, dispute_id: int, oral: bool) -> AgreementDoc:
    """The agreement as recorded (the registry lets it through only when the case has one of this form)."""
    view = get_dispute(session, dispute_id=dispute_id)
    a = agreements.get_agreement(session, dispute_id=dispute_id)
    by_uid = {p.uid: p.name for p in view.parties}
    wording = lambda key: settings.get(session, key)  # noqa: E731
    clauses = (wording("clause.oral"),) if oral else (
        wording("clause.binding"), wording("clause.confirmation"), wording("clause.copies").format(copies=a.copies))
    recorded = [s for s in list_sessions(session, dispute_id=dispute_id) if s.status == "recorded"]
    record_keeper = mediator_names(session).get(recorded[-1].record_keeper_id, "") if recorded else ""
    return AgreementDoc(
        header=document_header(session, view, "oral-agreement" if oral else "agreement"), oral=oral,
        parties=tuple(party_line(p) for p in by_role(view.parties)), facts=a.facts, matters=a.matters,
        responsibilities=a.responsibilities, findings=a.findings,
        citations=tuple(citation(c) for c in a.citations), fairness=a.fairness,
        terms=tuple(term_line(t, by_uid) for t in a.terms), clauses=clauses, signers=signers(view.parties),
        mediator=view.presiding_mediator_name or "", record_keeper=record_keeper,
        date=cn_date(a.signed_on or clock.today()))
