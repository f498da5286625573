"""The one text normaliser of printed documents: full-width punctuation and brackets in Chinese text, no doubled
punctuation ("。，" where a builder added a comma after a sentence a person ended), straight quotes made curly.
Every document passes through it once (app/documents/registry.py DocType.build, and the dossier)."""
from __future__ import annotations

import re
from dataclasses import fields, is_dataclass, replace

# Left as typed: numbers and codes that must stay exactly what was recorded.
VERBATIM_FIELDS = frozenset({"id_number", "phone", "code", "doc_type", "part", "case_no"})

_CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef\U00020000-\U0003ffff]")
_HALF = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}
# A comma or colon between digits is part of a number or a time (3,500.50 / 14:30).
_TO_FULL = re.compile(r"(?<!\d)[,:]|[,:](?!\d)|[;?!()]")
_PERIOD = re.compile(r"(?<=[\u3400-\u9fff）」』”])\.(?=\s|$|[\u3400-\u9fff])")
# A run of sentence punctuation keeps its last mark: the one the sentence goes on with.
_RUN = re.compile(r"[，。；：、！？]{2,}")
# A case number stays as the register writes it, so that what is typed from the paper finds the case.
_CASE_NO = re.compile(r"\(\d{4}\)[^()（）\s]{1,16}?字第\d+号")
_SPACE_AROUND = re.compile(r"\s*([，。；：、！？）」』”])|([（「『“])\s*")


def normalise(text: str) -> str:
    """Chinese text with full-width punctuation and brackets and no doubled punctuation; text without any
    Chinese (a name in Latin letters, a number) is returned as it was."""
    if not text or not _CJK.search(text):
        return text
    kept = _CASE_NO.findall(text)
    if kept:
        return "".join(normalise(part) + (kept[i] if i < len(kept) else "")
                       for i, part in enumerate(_CASE_NO.split(text)))
    text = _quotes(text)
    text = _TO_FULL.sub(lambda m: _HALF[m.group()], text)
    text = _PERIOD.sub("。", text)
    text = _SPACE_AROUND.sub(lambda m: m.group(1) or m.group(2), text)
    return _RUN.sub(lambda m: m.group()[-1], text)


def _quotes(text: str) -> str:
    """Straight double quotes as “ and ”, alternately."""
    if '"' not in text:
        return text
    parts = text.split('"')
    return "".join(p + ("“" if i % 2 == 0 else "”") for i, p in enumerate(parts[:-1])) + parts[-1]


def normalise_document(value):
    """Every text of a document's dataclasses normalised (codes, ID numbers, phones and case numbers left)."""
    if isinstance(value, str):
        return normalise(value)
    if is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: normalise_document(getattr(value, f.name)) for f in fields(value)
                   if f.name not in VERBATIM_FIELDS and f.name != "header"}
        return replace(value, **changes)
    if isinstance(value, tuple):
        return tuple(normalise_document(v) for v in value)
    if isinstance(value, list):
        return [normalise_document(v) for v in value]
    return value


CN_DIGITS = "一二三四五六七八九十"


def cn_number(n: int) -> str:
    """一 … 十, 十一 … 九十九: the numbers of 一、 and （一） (GB/T 9704's first two levels)."""
    if n <= 10:
        return CN_DIGITS[n - 1]
    tens, ones = divmod(n, 10)
    return (CN_DIGITS[tens - 1] if tens > 1 else "") + "十" + (CN_DIGITS[ones - 1] if ones else "")
