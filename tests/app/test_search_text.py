"""How queries become full-text expressions or number look-ups (pure functions)."""
from __future__ import annotations

from datetime import date

from app import search_text


def test_cjk_text_becomes_overlapping_bigrams_and_alnum_whole_tokens():
    assert search_text.tokens("王小明借钱") == ["王小", "小明", "明借", "借钱"]
    assert search_text.tokens("张三 138-1234") == ["张三", "138", "1234"]
    assert search_text.tokens("号") == ["号"]
    assert search_text.tokens("ID 11010519491231002X") == ["id", "11010519491231002x"]


def test_queries_become_phrases_and_prefixes():
    assert search_text.match_expression("小明借") == '"小明 明借"'
    assert search_text.match_expression("张三 漏水") == '"张三" AND "漏水"'
    assert search_text.match_expression("13812") == '"13812" *'
    assert search_text.match_expression("A栋3号") == '"a" AND "3"'   # lone CJK characters split phrases
    assert search_text.match_expression("号") is None
    assert search_text.match_expression('"; DROP') == '"drop" *'      # quotes never reach FTS syntax


def test_case_numbers_are_looked_up_by_number():
    full = search_text.plan("(2026)城人调字第12号", sqlite=True)
    # by number, or (an imported case's 原案号) as the same words in the index
    assert full.expression is None and full.params == {"seq": 12, "year": 2026, "fts": '"2026 城人 人调 调字 字第 12"'}
    assert search_text.plan("（2025）城人调字第3号", sqlite=True).params["year"] == 2025
    assert search_text.plan("第7号", sqlite=True).params == {"seq": 7}            # too bare to be text
    elsewhere = search_text.plan("(2025)城人调字第3号", sqlite=False)
    assert elsewhere.params == {"seq": 3, "year": 2025, "original": "(2025)城人调字第3号"}
    assert search_text.plan("  ", sqlite=True) is None


def test_single_character_searches_surnames_and_other_databases_use_like():
    assert "party" in search_text.plan("王", sqlite=True).condition
    like = search_text.plan("漏水_50%", sqlite=False)
    assert "ILIKE" in like.condition and like.params["like"] == "%漏水\\_50\\%%"


def test_register_key_orders_by_date_then_id():
    a = search_text.register_key(date(2026, 1, 2), 5)
    b = search_text.register_key(date(2026, 1, 2), 6)
    c = search_text.register_key(date(2026, 1, 3), 1)
    assert a < b < c and c & search_text.ID_MASK == 1
