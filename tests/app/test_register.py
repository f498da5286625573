"""The register's filters, sort and search (names of two characters included), on a real file."""
from __future__ import annotations

from datetime import date

from app.lifecycle import Action
from app.services import register
from app.services.register import RegisterQuery, SortKey
from tests.app.test_transitions import act
from tests.conftest import TODAY, accept, register as reg


def ids(db, **kw) -> list[int]:
    with db.read() as s:
        return [r.id for r in register.fetch_page(s, RegisterQuery(**kw), offset=0, limit=100, today=TODAY)]


def seed(db) -> dict[str, int]:
    from app.drafts import PartyDraft

    cases = {
        "neighbour": reg(db),
        "loan": reg(db, title="王五借款纠纷", type_code="04", facts="王五向赵六借款三万元到期未还。",
                    registered_on="2026-10-01", risk_level="red",
                    parties=(PartyDraft(name="赵六", phone="13700001234"),
                             PartyDraft(role="respondent", name="王五"))),
        "wages": reg(db, title="欠薪纠纷", type_code="10", facts="某建筑公司拖欠工人工资。",
                     registered_on="2026-11-22",
                     parties=(PartyDraft(name="欧阳娜娜"), PartyDraft(role="respondent", name="城建公司"))),
    }
    accept(db, cases["loan"], on=date(2026, 10, 2))       # deadline 2026-11-02: overdue
    accept(db, cases["neighbour"])                        # deadline 2026-12-21
    return cases


def test_search_finds_two_character_names_phrases_numbers_and_phones(db):
    c = seed(db)
    assert ids(db, search="赵六") == [c["loan"]]
    assert ids(db, search="王五") == [c["loan"]]
    assert ids(db, search="欧阳") == [c["wages"]]
    assert ids(db, search="拖欠工人") == [c["wages"]]
    assert ids(db, search="漏水 天花板") == [c["neighbour"]]
    assert ids(db, search="天花板漏水") == []                  # a phrase, not a bag of bigrams
    assert ids(db, search="(2026)城人调字第1号") == [c["loan"]]
    assert ids(db, search="城人调字第2号") == [c["neighbour"]]
    assert ids(db, search="13700001234") == [c["loan"]]
    assert ids(db, search="1370000") == [c["loan"]]           # a phone by its first digits
    assert ids(db, search="11010519491231002x") == [c["neighbour"]]
    assert ids(db, search="欧") == [c["wages"]]               # one character: surname
    assert ids(db, search="不存在的人") == []


def test_filters_and_overdue(db):
    c = seed(db)
    assert ids(db, statuses=("registered",)) == [c["wages"]]
    assert ids(db, type_code="04") == [c["loan"]]
    assert ids(db, risk_level="red") == [c["loan"]]
    assert ids(db, overdue_only=True) == [c["loan"]]
    assert ids(db, due_within_days=30) == [c["neighbour"]]
    assert ids(db, registered_from=date(2026, 11, 21)) == [c["wages"]]
    assert ids(db, registered_to=date(2026, 10, 31)) == [c["loan"]]
    assert ids(db, mediator_id=1) == [c["wages"], c["neighbour"], c["loan"]]
    act(db, c["loan"], Action.START)
    assert ids(db, statuses=("in_mediation",)) == [c["loan"]]


def test_sort_orders_and_pages_do_not_overlap(db):
    many = [reg(db, title=f"案{i}", registered_on="2026-11-01") for i in range(7)]
    assert ids(db) == sorted(many, reverse=True)
    assert ids(db, descending=False) == sorted(many)
    with db.read() as s:
        pages = [r.id for off in (0, 3, 6) for r in register.fetch_page(s, RegisterQuery(), offset=off, limit=3)]
        assert pages == sorted(many, reverse=True)
        assert register.count_cases(s, RegisterQuery()) == 7
    c = accept(db, many[3])
    assert ids(db, sort=SortKey.CASE_NO)[0] == c.id


def test_register_row_carries_what_the_table_shows(db):
    c = seed(db)
    with db.read() as s:
        row = next(r for r in register.fetch_page(s, RegisterQuery(), offset=0, limit=10) if r.id == c["loan"])
    assert row.case_no == "(2026)城人调字第1号" and row.parties_text == "赵六 / 王五"
    assert row.presiding_name == "王调解" and row.deadline == date(2026, 11, 2) and row.risk_level == "red"
    assert row.to_json()["status"] == "accepted"
