"""The register's full-text index: CJK text as overlapping bigrams, digits and letters as whole tokens.

SQLite's trigram tokenizer ignores queries under three characters, and most Chinese names have two. So
the index stores "王小明借钱" as the tokens 王小 小明 明借 借钱, and a query becomes a phrase of its own
bigrams: "小明借" -> "小明 明借", which matches exactly where the text contains 小明借. Two-character
names are one token; phone and ID numbers are whole tokens searched by prefix.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

from sqlalchemy import Select, and_, or_, select, text
from sqlalchemy.orm import Session

from db.models import Dispute, Party

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_RUN = re.compile(rf"[{_CJK}]+|[0-9A-Za-z]+")
_IS_CJK = re.compile(rf"[{_CJK}]")
CASE_NO_HINT = re.compile(r"调字|第\d+号|^[(（〔]?\d{4}[)）〕]")


def tokens(value: str) -> list[str]:
    out: list[str] = []
    for run in _RUN.findall(value):
        if _IS_CJK.match(run) and len(run) > 1:
            out.extend(run[i:i + 2] for i in range(len(run) - 1))
        else:
            out.append(run.lower())
    return out


def document(fields: Iterable[str | None]) -> str:
    return " ".join(" ".join(tokens(f)) for f in fields if f)


def match_expression(query: str) -> str | None:
    """An FTS5 expression for a user's query, or None when nothing in it is searchable that way.

    Each whitespace-separated word must appear; within a word, runs stay adjacent (a phrase). A lone CJK
    character cannot be a bigram, so it splits the word into phrases that must all appear.
    """
    clauses = []
    for word in query.split():
        phrase: list[str] = []
        for run in _RUN.findall(word):
            if _IS_CJK.match(run) and len(run) == 1:
                _flush(phrase, clauses, prefix=False)
                phrase = []
                continue
            phrase.extend(tokens(run))
        last_is_alnum = bool(phrase) and not _IS_CJK.match(phrase[-1])
        _flush(phrase, clauses, prefix=last_is_alnum)
    return " AND ".join(clauses) or None


def _flush(phrase: list[str], clauses: list[str], *, prefix: bool) -> None:
    if phrase:
        clauses.append('"' + " ".join(phrase) + '"' + (" *" if prefix else ""))


def refresh(session: Session, dispute_ids: Iterable[int]) -> None:
    """Rewrite the index rows of these disputes from the database (call after any change to them)."""
    if session.get_bind().dialect.name != "sqlite":
        return
    ids = list(dispute_ids)
    if not ids:
        return
    rows = session.execute(select(Dispute.id, Dispute.case_no, Dispute.title, Dispute.facts, Dispute.claims,
                                  Dispute.deleted_at).where(Dispute.id.in_(ids))).all()
    party_text: dict[int, list[str]] = {i: [] for i in ids}
    for p in session.execute(select(Party.dispute_id, Party.name, Party.phone, Party.id_number,
                                    Party.agent_name, Party.agent_phone)
                             .where(Party.dispute_id.in_(ids), Party.deleted_at.is_(None))):
        party_text[p.dispute_id].extend(v for v in p[1:] if v)
    session.execute(text("DELETE FROM dispute_search WHERE rowid IN (%s)" % ",".join(map(str, ids))))
    docs = [{"id": r.id, "body": document([r.case_no, r.title, *party_text[r.id], r.facts, r.claims])}
            for r in rows if r.deleted_at is None]
    if docs:
        session.execute(insert_statement(), docs)


def insert_statement():
    """Parameters: id (the dispute's id) and body (from document())."""
    return text("INSERT INTO dispute_search(rowid, body) VALUES (:id, :body)")


def filter_ids(session: Session, query: str) -> Select | None:
    """A SELECT of dispute ids matching the query, or None when the query is empty."""
    query = query.strip()
    if not query:
        return None
    if CASE_NO_HINT.search(query):
        return select(Dispute.id).where(Dispute.case_no.contains(query.replace("（", "(").replace("）", ")"),
                                                                  autoescape=True))
    expression = match_expression(query) if session.get_bind().dialect.name == "sqlite" else None
    if expression:
        return select(text("rowid")).select_from(text("dispute_search")).where(
            text("dispute_search MATCH :q").bindparams(q=expression))
    if len(query) == 1 or session.get_bind().dialect.name == "sqlite":
        # A single character: the parties whose name starts with it (by surname), through the name index.
        return select(Party.dispute_id).where(and_(Party.name >= query, Party.name < query + "\U0010ffff",
                                                   Party.deleted_at.is_(None)))
    like = f"%{query}%"
    return select(Dispute.id).where(or_(Dispute.title.ilike(like), Dispute.facts.ilike(like),
                                        Dispute.parties_text.ilike(like), Dispute.case_no.ilike(like)))
