"""The case library (以案释法): closed cases marked as typical, summarised with names masked, and found again
by dispute type and likeness of text when a mediator drafts the reasoning of a similar case.

Likeness is the cosine of the cases' character-bigram counts, weighted by how rare each bigram is across the
library (tf-idf), the tokens the register's search index uses (app/search_text.py). A station's library is tens
or hundreds of cases: ranking them in Python is instant, and alike on SQLite and the county's PostgreSQL.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import clock, codes, masking
from app.drafts import Collector
from app.errors import NotFound, ValidationFailed
from app.i18n import N_, _
from app.lifecycle import Status
from app.search_text import tokens
from app.services import agreements
from app.services.disputes import get_dispute
from db.models import CaseLibraryEntry, Mediator

CLOSED = frozenset({Status.SETTLED, Status.FAILED, Status.ENDED, Status.PERFORMED, Status.ARCHIVED})
LABELS = {"title": N_("Title"), "type_code": N_("Dispute type"), "tags": N_("Tags"), "summary": N_("Case summary")}
TAG_SPLIT = re.compile(r"[、,，;；\s]+")
OUTCOMES = {"settled": "经调解，双方达成协议", "performed": "经调解，双方达成协议，协议已履行完毕",
            "archived": "调解结束，案件已归档", "failed": "经调解，双方未能达成协议，调解员告知了其他解决途径",
            "ended": "调解因当事人一方要求而终止"}


@dataclass(frozen=True)
class LibraryDraft:
    title: str
    type_code: str
    tags: str
    summary: str


@dataclass(frozen=True)
class LibraryEntryView:
    id: int
    uid: str
    dispute_id: int
    title: str
    type_code: str
    type_label: str
    tags: tuple[str, ...]
    summary: str
    marked_on: date
    marked_by: str

    def passages(self) -> list[str]:
        """The summary's paragraphs, each a passage a mediator may quote."""
        return [p.strip() for p in self.summary.splitlines() if p.strip()]


@dataclass(frozen=True)
class Match:
    entry: LibraryEntryView
    score: float             # 0–1: how alike the texts are
    passage: str             # the entry's paragraph most like the text


def _view(session: Session, row: CaseLibraryEntry) -> LibraryEntryView:
    by = session.get(Mediator, row.marked_by) if row.marked_by else None
    return LibraryEntryView(row.id, row.uid, row.dispute_id, row.title, row.type_code,
                            codes.dispute_types().label(row.type_code), tuple(t for t in TAG_SPLIT.split(row.tags) if t),
                            row.summary, row.marked_on, by.name if by else "")


def _masks(session: Session, dispute_id: int) -> tuple[dict[str, str], list[str], list[str]]:
    """The case's names with their stand-ins, its places, and the identifiers no summary may hold."""
    view = get_dispute(session, dispute_id=dispute_id)
    people = [p.name for p in view.parties if p.kind == "person"]
    people += [n for p in view.parties for n in (p.agent_name, p.legal_representative) if n]
    organisations = [p.name for p in view.parties if p.kind != "person"]
    places = [p.address for p in view.parties if p.address]
    identifiers = [v for p in view.parties for v in (p.id_number, p.phone, p.credit_code, p.agent_phone,
                                                     p.agent_id_number) if v]
    return masking.pseudonyms(people, organisations), places, identifiers


def draft_summary(session: Session, *, dispute_id: int) -> LibraryDraft:
    """A first draft of the entry from the case's facts and agreement, names replaced by 张某/李某; the mediator
    edits it before saving."""
    view = get_dispute(session, dispute_id=dispute_id)
    names, places, _identifiers = _masks(session, dispute_id)
    agreement = agreements.get_agreement(session, dispute_id=dispute_id)
    closed = view.status if view.status == Status.PERFORMED else (view.closed_as or view.status)
    parts = ["一、基本案情", (agreement.facts if agreement and agreement.facts else view.facts) or view.title]
    if agreement is not None and agreement.matters:
        parts.append(f"争议焦点：{agreement.matters}")
    process = [t for t in ((agreement.findings, agreement.fairness) if agreement else ()) if t]
    if process:
        parts += ["二、调解过程及说理", *process]
    outcome = OUTCOMES.get(str(closed), "")
    if agreement is not None and agreement.terms:
        outcome += "：" + "；".join(f"（{i}）{t.content}" for i, t in enumerate(agreement.terms, start=1))
    parts += ["三、调解结果", (outcome or "调解结束") + "。"]
    if agreement is not None and agreement.citations:
        parts += ["四、法律依据", "、".join(f"《{c.law}》{c.article}" for c in agreement.citations) + "。"]
    parts += ["五、典型意义", "（请写明本案对同类纠纷调解的参考意义。）"]
    summary = "\n".join(masking.mask_text(p, names, places=places) for p in parts)
    type_label = codes.dispute_types().label(view.type_code)
    title = masking.mask_text(view.title, names, places=places)
    return LibraryDraft(title=title if title.endswith("案") else f"{title}案", type_code=view.type_code,
                        tags=type_label, summary=summary)


def leaks(session: Session, *, dispute_id: int, text: str) -> list[str]:
    """What in the text would name someone: each party name (and agent, representative) still in it, and
    whether an ID number, credit code or phone number is. Empty: it may be published."""
    names, places, identifiers = _masks(session, dispute_id)
    found = [_("the name {name}").format(name=n) for n in names if n in text]
    found += [_("an address of a party") for p in places if len(p) >= 4 and p in text][:1]
    if any(v in text for v in identifiers) or masking.ID_NUMBER.search(text) or masking.PHONE.search(text) \
            or masking.CREDIT_CODE.search(text):
        found.append(_("an ID number, credit code or phone number"))
    return found


def mark_typical(session: Session, *, dispute_id: int, title: str, type_code: str, tags: str, summary: str,
                 by: int | None, today: date | None = None) -> LibraryEntryView:
    """Add the closed case to the library, or change its entry; refused while a name or number shows through."""
    view = get_dispute(session, dispute_id=dispute_id)
    c = Collector(labels=LABELS)
    if view.status not in CLOSED:
        c.fail("summary", _("Only a closed case can be a typical case; this one is {status}.").format(
            status=codes.load("statuses").label(view.status)))
    title, summary, tags = title.strip(), summary.strip(), "、".join(t for t in TAG_SPLIT.split(tags) if t)
    if not title:
        c.fail("title", _("Give the typical case a title, e.g. 张某与李某相邻漏水纠纷案."))
    elif len(title) > 200:
        c.fail("title", _("The title is longer than 200 characters; shorten it."))
    if len(tags) > 200:
        c.fail("tags", _("The tags are longer than 200 characters; keep a few words."))
    if type_code not in codes.dispute_types():
        c.fail("type_code", _("Choose the dispute type from the list."))
    if not summary:
        c.fail("summary", _("Write the summary: the facts, how it was mediated, the result and why it is typical."))
    for field, text in (("title", title), ("summary", summary)):
        found = leaks(session, dispute_id=dispute_id, text=text)
        if found:
            c.fail(field, _("It still shows {what}: replace names by 张某/李某 and leave numbers out (自动生成 "
                            "does so).").format(what="、".join(found)))
    if c.errors:
        raise ValidationFailed(c.errors)
    row = session.scalars(select(CaseLibraryEntry).where(CaseLibraryEntry.dispute_id == dispute_id)).first()
    if row is None:
        row = CaseLibraryEntry(dispute_id=dispute_id, marked_by=by, marked_on=today or clock.today())
        session.add(row)
    row.title, row.type_code, row.tags, row.summary, row.deleted_at = title, type_code, tags, summary, None
    session.flush()
    return _view(session, row)


def unmark(session: Session, *, dispute_id: int) -> None:
    """Take the case out of the library (kept as deleted, so the county learns of it)."""
    row = session.scalars(select(CaseLibraryEntry).where(CaseLibraryEntry.dispute_id == dispute_id,
                                                         CaseLibraryEntry.deleted_at.is_(None))).first()
    if row is None:
        raise NotFound(_("This case is not in the case library."))
    row.deleted_at = clock.utcnow()
    session.flush()


def get_entry(session: Session, *, dispute_id: int) -> LibraryEntryView | None:
    row = session.scalars(select(CaseLibraryEntry).where(CaseLibraryEntry.dispute_id == dispute_id,
                                                         CaseLibraryEntry.deleted_at.is_(None))).first()
    return _view(session, row) if row is not None else None


def list_entries(session: Session, *, type_code: str | None = None) -> list[LibraryEntryView]:
    q = select(CaseLibraryEntry).where(CaseLibraryEntry.deleted_at.is_(None))
    if type_code:
        q = q.where(CaseLibraryEntry.type_code == type_code)
    return [_view(session, r) for r in session.scalars(q.order_by(CaseLibraryEntry.marked_on.desc(),
                                                                  CaseLibraryEntry.id.desc()))]


def case_text(session: Session, *, dispute_id: int) -> str:
    """What a case being drafted is about: its 事由, facts, claims and the agreement's facts and matters."""
    view = get_dispute(session, dispute_id=dispute_id)
    agreement = agreements.get_agreement(session, dispute_id=dispute_id)
    extra = (agreement.facts, agreement.matters, agreement.findings) if agreement else ()
    return "\n".join(t for t in (view.title, view.facts, view.claims, *extra) if t)


def _vector(text: str) -> Counter:
    return Counter(tokens(text))


def _cosine(a: Counter, b: Counter, weight: dict[str, float]) -> float:
    dot = sum(a[t] * b[t] * weight.get(t, 1.0) ** 2 for t in a.keys() & b.keys())
    if not dot:
        return 0.0
    norm = math.sqrt(sum((n * weight.get(t, 1.0)) ** 2 for t, n in a.items())) * \
        math.sqrt(sum((n * weight.get(t, 1.0)) ** 2 for t, n in b.items()))
    return dot / norm if norm else 0.0


def similar(session: Session, *, dispute_id: int, text: str | None = None, limit: int = 10) -> list[Match]:
    """The library's cases of the same dispute type as this case, most alike first (its own entry left out);
    `text`: what the mediator is writing, else the case's own text."""
    view = get_dispute(session, dispute_id=dispute_id)
    entries = [e for e in list_entries(session, type_code=view.type_code) if e.dispute_id != dispute_id]
    if not entries:
        return []
    query = _vector(text or case_text(session, dispute_id=dispute_id))
    docs = [_vector(f"{e.title}\n{'、'.join(e.tags)}\n{e.summary}") for e in entries]
    df = Counter(t for d in docs for t in d)
    weight = {t: math.log((1 + len(docs)) / (1 + n)) + 1 for t, n in df.items()}
    found = []
    for entry, doc in zip(entries, docs):
        score = _cosine(query, doc, weight)
        passages = entry.passages() or [entry.summary]
        best = max(passages, key=lambda p: (_cosine(query, _vector(p), weight), len(p)))
        found.append(Match(entry, round(score, 4), best))
    found.sort(key=lambda m: (-m.score, -m.entry.marked_on.toordinal(), m.entry.id))
    return found[:limit]


def quotation(entry: LibraryEntryView, passage: str) -> str:
    """The passage as inserted into a reasoning: marked as quoted from the typical case, by its title."""
    return f"参照典型案例《{entry.title.removesuffix('》').removeprefix('《')}》：“{passage.strip()}”"


@dataclass(frozen=True)
class Candidate:
    dispute_id: int
    case_no: str
    title: str
    in_library: bool


def candidates(session: Session, *, limit: int = 300) -> list[Candidate]:
    """Closed cases, newest first, that may be marked typical (with whether each already is)."""
    from db.models import Dispute

    listed = set(session.scalars(select(CaseLibraryEntry.dispute_id).where(CaseLibraryEntry.deleted_at.is_(None))))
    rows = session.execute(select(Dispute.id, Dispute.case_no, Dispute.title).where(
        Dispute.deleted_at.is_(None), Dispute.status.in_([s.value for s in CLOSED]))
        .order_by(Dispute.closed_on.desc(), Dispute.id.desc()).limit(limit))
    return [Candidate(i, case_no or "", title, i in listed) for i, case_no, title in rows]
