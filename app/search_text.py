"""Search text for the register's full-text index: CJK text as overlapping bigrams, digits and letters as whole tokens.

SQLite's trigram tokenizer ignores queries under three characters, and most Chinese names have two. So
the index stores "王小明借钱" as the tokens 王小 小明 明借 借钱, and a query becomes a phrase of its own
bigrams: "小明借" -> "小明 明借", which matches exactly where the text contains 小明借. Two-character
names are one token; phone and ID numbers are whole tokens searched by prefix.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cache

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(a run of CJK or of letters and digits, a CJK character): compiled on first search, not at start-up
    (the class with the supplementary planes takes milliseconds to compile)."""
    return re.compile(rf"[{_CJK}]+|[0-9A-Za-z]+"), re.compile(rf"[{_CJK}]")
# "(2026)城人调字第12号", "城人调字第12号", "第12号": looked up by number, not as text.
CASE_NO = re.compile(r"^(?:[(（〔](?P<year>\d{4})[)）〕])?(?P<words>[^\d第]*)第(?P<seq>\d+)号?$")


def tokens(value: str) -> list[str]:
    out: list[str] = []
    run_of, is_cjk = _patterns()
    for run in run_of.findall(value):
        if is_cjk.match(run) and len(run) > 1:
            out.extend(run[i:i + 2] for i in range(len(run) - 1))
        else:
            out.append(run.lower())
    return out


# What of a party the register's search finds it by: its name, phone and ID number, an organisation's
# 法定代表人, and the agent (委托代理人) by name and phone. The one list: the index (app/search_index.py), the
# importer and the demo data all take it from here.
PARTY_FIELDS = ("name", "phone", "id_number", "legal_representative", "agent_name", "agent_phone")


def party_values(party: object) -> list[str]:
    """A party's searchable values (PARTY_FIELDS), from a row, a dataclass or a dict."""
    get = party.get if isinstance(party, dict) else lambda f: getattr(party, f, None)
    return [v for v in (get(f) for f in PARTY_FIELDS) if v]


def document(fields: Iterable[str | None]) -> str:
    return " ".join(" ".join(tokens(f)) for f in fields if f)


def match_expression(query: str) -> str | None:
    """An FTS5 expression for a user's query, or None when nothing in it is searchable that way.

    Each whitespace-separated word must appear; within a word, runs stay adjacent (a phrase). A lone CJK
    character cannot be a bigram, so it splits the word into phrases that must all appear.
    """
    clauses = []
    run_of, is_cjk = _patterns()
    for word in query.split():
        phrase: list[str] = []
        for run in run_of.findall(word):
            if is_cjk.match(run) and len(run) == 1:
                _flush(phrase, clauses, prefix=False)
                phrase = []
                continue
            phrase.extend(tokens(run))
        last_is_alnum = bool(phrase) and not is_cjk.match(phrase[-1])
        _flush(phrase, clauses, prefix=last_is_alnum)
    return " AND ".join(clauses) or None


def _flush(phrase: list[str], clauses: list[str], *, prefix: bool) -> None:
    if phrase:
        clauses.append('"' + " ".join(phrase) + '"' + (" *" if prefix else ""))


KEY_SHIFT = 24                      # ids below 16.7 million fit beside the date
ID_MASK = (1 << KEY_SHIFT) - 1
EPOCH = date(1970, 1, 1)


def register_key(registered_on: date, dispute_id: int) -> int:
    """The index rowid of a case: ordering by it is ordering by (registered_on, id), the register's order,
    so a search's first page comes straight from the index without sorting every hit."""
    return ((registered_on - EPOCH).days << KEY_SHIFT) | dispute_id


@dataclass(frozen=True)
class SearchPlan:
    """How the register finds a query's cases: a full-text expression (SQLite), or a SQL condition on the
    dispute table (`d`) with its parameters."""
    expression: str | None = None
    condition: str = ""
    params: dict[str, object] = field(default_factory=dict)

    def where(self) -> tuple[str, dict[str, object]]:
        """A condition on `d` that any query can AND in."""
        if self.expression is not None:
            return (f"d.id IN (SELECT rowid & {ID_MASK} FROM dispute_search WHERE dispute_search MATCH :fts)",
                    {"fts": self.expression})
        return self.condition, self.params


def plan(query: str, *, sqlite: bool) -> SearchPlan | None:
    """The way to search for `query`, or None when it is empty."""
    query = query.strip()
    if not query:
        return None
    number = CASE_NO.match(query.replace(" ", ""))
    if number:
        if number["year"]:
            plan = SearchPlan(condition="d.case_seq = :seq AND d.case_year = :year",
                              params={"seq": int(number["seq"]), "year": int(number["year"])})
        else:
            plan = SearchPlan(condition="d.case_seq = :seq", params={"seq": int(number["seq"])})
        # An imported case keeps its former register's number (原案号), which reads like one of ours: typed with
        # its year or its words (not a bare 第12号), it is found as the index's text too.
        return _or_original(plan, query, sqlite=sqlite) if number["year"] or number["words"] else plan
    expression = match_expression(query) if sqlite else None
    if expression:
        return SearchPlan(expression=expression)
    if len(query) == 1 or sqlite:
        # A single character: the parties whose name starts with it (by surname), through the name index.
        return SearchPlan(condition="d.id IN (SELECT dispute_id FROM party WHERE name >= :lo AND name < :hi "
                                    "AND deleted_at IS NULL)", params={"lo": query, "hi": query + "\U0010ffff"})
    like = "%" + query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    return SearchPlan(condition="(d.title ILIKE :like OR d.facts ILIKE :like OR d.parties_text ILIKE :like "
                                "OR d.case_no ILIKE :like OR d.id IN (SELECT dispute_id FROM party WHERE "
                                "(legal_representative ILIKE :like OR agent_name ILIKE :like) "
                                "AND deleted_at IS NULL))", params={"like": like})


def _or_original(plan: SearchPlan, query: str, *, sqlite: bool) -> SearchPlan:
    """The case-number plan, or a case whose original number (原案号) is the query: through the full-text index
    (which holds it, app/search_index.py) on SQLite, as typed elsewhere."""
    expression = match_expression(query) if sqlite else None
    if expression:
        return SearchPlan(condition=f"(({plan.condition}) OR d.id IN (SELECT rowid & {ID_MASK} FROM dispute_search "
                                    "WHERE dispute_search MATCH :fts))", params={**plan.params, "fts": expression})
    return SearchPlan(condition=f"(({plan.condition}) OR d.original_case_no = :original)",
                      params={**plan.params, "original": query.strip()})
