"""Field validators: ID numbers (GB 11643), credit codes (GB 32100), phones, dates, amounts."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from app import validation
from app.validation import Invalid
from tests.conftest import ID_A, ID_B


def test_id_number_accepts_standard_example_and_lowercase_x():
    assert validation.id_number(ID_A) == ID_A
    assert validation.id_number(ID_A.lower()) == ID_A
    assert validation.id_number(f" {ID_B} ") == ID_B


@pytest.mark.parametrize("bad", [ID_A[:-1] + "1", "110105194912310021", "11010519491331002X",
                                 "1101051949123100", "110105491231002", "11010519491231002Y"])
def test_id_number_rejects_bad_check_digit_date_or_length(bad):
    with pytest.raises(Invalid):
        validation.id_number(bad)


def test_id_number_rejects_future_birth_date():
    first17 = "11010520300101001"
    with pytest.raises(Invalid, match="不合理|impossible"):
        validation.id_number(first17 + validation.id_check_char(first17), today=date(2026, 11, 23))


def test_id_number_gives_birth_date_and_gender():
    assert validation.birth_date_from_id(ID_A) == date(1949, 12, 31)
    assert validation.gender_from_id(ID_A) == "female"
    assert validation.gender_from_id(ID_B) == "male"


def test_credit_code_checks_gb32100_sample():
    assert validation.credit_code("91350100m000100y43") == "91350100M000100Y43"
    with pytest.raises(Invalid):
        validation.credit_code("91350100M000100Y44")
    with pytest.raises(Invalid):
        validation.credit_code("91350100I000100Y43")


@pytest.mark.parametrize("good", ["13812345678", "+86 138 1234 5678", "0571-87654321", "010-12345678转123"])
def test_phone_accepts_mobiles_and_landlines(good):
    assert validation.phone(good)


@pytest.mark.parametrize("bad", ["12345678901", "1381234567", "87654321", "phone"])
def test_phone_rejects_wrong_numbers(bad):
    with pytest.raises(Invalid):
        validation.phone(bad)


@pytest.mark.parametrize("text", ["2026-11-23", "2026/11/23", "2026年11月23日", "2026-1-5"])
def test_parse_date_formats(text):
    expected = date(2026, 1, 5) if text == "2026-1-5" else date(2026, 11, 23)
    assert validation.parse_date(text) == expected


def test_parse_date_rejects_impossible_and_future_dates():
    with pytest.raises(Invalid):
        validation.parse_date("2026-02-30")
    with pytest.raises(Invalid):
        validation.parse_date("23/11/2026")
    with pytest.raises(Invalid):
        validation.parse_date("2026-11-24", not_after=date(2026, 11, 23))


def test_amount_is_exact_to_the_fen():
    assert validation.amount("12,000.5") == Decimal("12000.50")
    assert validation.amount("¥3000元") == Decimal("3000.00")
    assert validation.amount(0.1 + 0.2) == Decimal("0.30")      # a spreadsheet float, taken by its decimal
    assert validation.amount(1234.56) == Decimal("1234.56")
    assert validation.to_fen(Decimal("12000.50")) == 1200050
    assert validation.from_fen(1200050) == Decimal("12000.50")


@pytest.mark.parametrize("bad", ["-1", "12.345", "abc", "1e20"])
def test_amount_rejects_negative_fractional_fen_and_text(bad):
    with pytest.raises(Invalid):
        validation.amount(bad)


# --- issue 16: names are names, a case has both sides or says why not -------------------------------------------
@pytest.mark.parametrize("good, organisation, expected", [
    ("张三", False, "张三"), ("阿依古丽·买买提", False, "阿依古丽·买买提"), ("阿依古丽•买买提", False, "阿依古丽·买买提"),
    ("John Smith", False, "John Smith"), ("王\U00031350", False, "王\U00031350"),
    ("某某(杭州)建筑工程有限公司", True, "某某(杭州)建筑工程有限公司"), ("城关第3建筑工程公司", True, "城关第3建筑工程公司")])
def test_party_name_accepts_chinese_minority_foreign_and_organisation_names(good, organisation, expected):
    assert validation.party_name(good, organisation=organisation) == expected


@pytest.mark.parametrize("bad, organisation, says", [
    (ID_A, False, "身份证号码"), ("13812345678", False, "数字"), ("12345", True, "数字"), ("？？", False, "汉字"),
    ("张三3", False, "删去数字"), ("张三!", False, "删去数字"), ("", False, "填写"), ("·张三", False, "删去")])
def test_party_name_refuses_digits_id_numbers_and_signs_saying_how_to_fix(bad, organisation, says):
    with pytest.raises(Invalid, match=says):
        validation.party_name(bad, organisation=organisation)


def test_sides_need_both_or_a_reason():
    assert validation.sides_problem(["applicant", "respondent"], "") is None
    assert "被申请人" in validation.sides_problem(["applicant"], "")
    assert validation.sides_problem(["applicant"], "主动调解：村民小组土地纠纷") is None
    assert "申请人" in validation.sides_problem([], "主动调解")


def test_id_facts_only_from_a_complete_valid_number():
    assert validation.id_facts(ID_A) == (validation.birth_date_from_id(ID_A), validation.gender_from_id(ID_A))
    assert validation.id_facts(ID_A[:-1]) is None and validation.id_facts(ID_A[:-1] + "0") is None


def test_station_and_head_names_are_names(empty_db):
    """A newcomer's walk: a station named 12345, a county 67890, a prefix 111 and a mediator 2222 were taken
    and printed on every agreement; so was a mediator 9999 added later."""
    import pytest

    from app.errors import ValidationFailed
    from app.services import stations

    with pytest.raises(ValidationFailed) as refused:
        with empty_db.write.begin() as s:
            stations.init_station(s, name="12345", code="330101001", county="67890", case_prefix="111",
                                  mediator_name="2222", require_mediator=True)
    assert {e.key for e in refused.value.errors} == {"name", "county", "case_prefix", "mediator"}
    assert "汉字" in str(refused.value) or "characters" in str(refused.value)


def test_a_mediator_named_with_digits_is_refused(db):
    import pytest

    from app.errors import ValidationFailed
    from app.services import mediators

    with pytest.raises(ValidationFailed):
        with db.write.begin() as s:
            mediators.add_mediator(s, name="9999")
    with db.write.begin() as s:
        assert mediators.add_mediator(s, name="阿依古丽·买买提").name == "阿依古丽·买买提"


def test_a_partys_message_counts_within_its_role_and_an_empty_form_asks_for_a_named_applicant():
    """The first respondent is 被申请人1 in the messages, whatever comes before it in the form."""
    from app.drafts import PartyDraft, clean_dispute
    from tests.conftest import make_draft

    draft = make_draft(parties=(PartyDraft(role="applicant", name="张三", id_number=ID_A),
                                PartyDraft(role="respondent", kind="organisation", name="青山建材有限公司",
                                           credit_code="BAD")))
    _clean, errors = clean_dispute(draft, today=date(2026, 11, 23))
    [error] = [e for e in errors if e.key == "parties.1.credit_code"]
    assert error.field.startswith("被申请人1")                 # not 被申请人2
    _clean, errors = clean_dispute(make_draft(parties=()), today=date(2026, 11, 23))
    assert any("有姓名" in e.message for e in errors)
