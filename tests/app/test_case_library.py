"""The case library (以案释法): a closed case marked typical with a masked summary (the automatic draft holds no
party name, ID number or phone; a summary that does is refused), listed, ranked by likeness within its type,
quoted into a reasoning; the command line; and pseudonyms as a reader expects them."""
from __future__ import annotations

import pytest

from app import masking
from app.errors import ValidationFailed
from app.services import case_library
from tests.conftest import ID_A, ID_B, closed_case, register

PERSONAL = ("张三", "李四", ID_A, ID_B, "13812345678", "0571-87654321", "87654321")


def _mark(db, d, **overrides):
    with db.read() as s:
        draft = case_library.draft_summary(s, dispute_id=d)
    values = dict(title=draft.title, type_code=draft.type_code, tags=draft.tags, summary=draft.summary)
    values.update(overrides)
    with db.write.begin() as s:
        return case_library.mark_typical(s, dispute_id=d, by=1, **values)


def test_the_draft_masks_every_name_and_number_and_is_saved(db):
    d = closed_case(db, "oral")
    with db.write.begin() as s:                         # facts that name the parties and their numbers
        from db.models import Dispute
        s.get(Dispute, d).facts = (f"张三（身份证号{ID_A}，电话13812345678）称李四家漏水；李四（{ID_B}，"
                                   "电话0571-87654321）不认可。")
    with db.read() as s:
        draft = case_library.draft_summary(s, dispute_id=d)
    whole = draft.title + draft.summary
    assert not [p for p in PERSONAL if p in whole], whole
    assert "张某" in draft.summary and "李某" in draft.summary and "一、基本案情" in draft.summary
    assert "三、调解结果" in draft.summary and "李某赔偿张某维修费" in draft.summary
    entry = _mark(db, d)
    assert entry.title == draft.title and entry.type_label and entry.marked_by == "王调解"
    with db.read() as s:
        [listed] = case_library.list_entries(s)
        assert listed.uid == entry.uid and not [p for p in PERSONAL if p in listed.summary]
        assert case_library.get_entry(s, dispute_id=d).summary == draft.summary


@pytest.mark.parametrize("leak", ["张三", ID_A, "110105194912310", "13812345678", "李四的代理人"])
def test_a_summary_that_names_someone_is_refused_and_nothing_saved(db, leak):
    d = closed_case(db, "failed")
    with pytest.raises(ValidationFailed) as refused:
        _mark(db, d, summary=f"基本案情：{leak}与邻居发生纠纷。")
    assert "张某" in str(refused.value)
    with db.read() as s:
        assert case_library.list_entries(s) == []


def test_only_a_closed_case_enters_the_library(db):
    d = register(db)
    with pytest.raises(ValidationFailed, match="已结案"):
        _mark(db, d)


def test_similar_cases_of_the_same_type_come_first_by_likeness(db):
    leak = closed_case(db, "oral")                   # 漏水 (type 02)
    noise = register(db, title="王五与赵六噪音纠纷", facts="赵六家夜间装修噪音影响王五休息。")
    other_type = closed_case(db, "failed")
    for d, summary in ((leak, None), (other_type, "一、基本案情\n楼上卫生间漏水，天花板受损。")):
        _mark(db, d, **({"summary": summary, "type_code": "04"} if summary else {}))
    from app.lifecycle import Action
    from tests.conftest import accept, act, complete_record
    accept(db, noise)
    complete_record(db, noise)
    act(db, noise, Action.END, reason="申请人撤回调解申请")
    _mark(db, noise, summary="一、基本案情\n赵某家夜间装修，噪音影响王某休息。\n二、调解过程\n调解员组织双方协商装修时间。")
    query = register(db, title="钱七与孙八漏水纠纷", facts="孙八家卫生间漏水导致钱七家天花板受损。")
    with db.read() as s:
        found = case_library.similar(s, dispute_id=query)
    assert [m.entry.dispute_id for m in found] == [leak, noise]     # type 04 left out; 漏水 before 噪音
    assert found[0].score > found[1].score >= 0
    assert "漏水" in found[0].passage
    quoted = case_library.quotation(found[0].entry, found[0].passage)
    assert quoted.startswith("参照典型案例《") and quoted.endswith("”") and found[0].passage in quoted
    with db.read() as s:                                            # its own entry is never offered
        assert leak not in [m.entry.dispute_id for m in case_library.similar(s, dispute_id=leak)]


def test_taken_out_of_the_library(db):
    d = closed_case(db, "oral")
    _mark(db, d)
    with db.write.begin() as s:
        case_library.unmark(s, dispute_id=d)
    with db.read() as s:
        assert case_library.list_entries(s) == [] and case_library.get_entry(s, dispute_id=d) is None
    assert _mark(db, d).title                                      # and put back


def test_pseudonyms_as_a_reader_expects_them():
    names = masking.pseudonyms(["张三", "张四", "欧阳修", "李四"], ["城关建材有限公司", "幸福村村民委员会"])
    assert names == {"张三": "张某甲", "张四": "张某乙", "欧阳修": "欧阳某", "李四": "李某",
                     "城关建材有限公司": "某有限公司", "幸福村村民委员会": "某村民委员会"}
    text = masking.mask_text("张三丰与张三争执，电话13812345678，住幸福村三组12号。", {"张三": "张某"},
                             places=["幸福村三组12号"])
    assert text == "张某丰与张某争执，电话（电话略），住某地。"


def test_cli_marks_lists_and_finds(head_login, tmp_path, capsys):
    from ui.cli import main

    db = head_login
    d = closed_case(db, "oral")
    with db.read() as s:
        from app.services.disputes import get_dispute
        case_no = get_dispute(s, dispute_id=d).case_no
    base = ["--db", str(db.path), "library"]
    assert main([*base, "mark", case_no, "--tags", "漏水、相邻关系"]) == 0
    assert "典型案例库" in capsys.readouterr().out
    assert main([*base, "list"]) == 0
    out = capsys.readouterr().out
    assert "漏水、相邻关系" in out and not [p for p in PERSONAL if p in out]
    bad = tmp_path / "摘要.txt"
    bad.write_text("张三与李四发生纠纷。", encoding="utf-8")
    assert main([*base, "mark", case_no, "--summary-file", str(bad)]) == 1
    assert "张三" in capsys.readouterr().err
    from tests.conftest import accept
    query = register(db, title="钱七与孙八漏水纠纷", facts="孙八家卫生间漏水。")
    accept(db, query)
    with db.read() as s:
        query_no = get_dispute(s, dispute_id=query).case_no
    assert main([*base, "similar", query_no]) == 0
    [line] = capsys.readouterr().out.splitlines()
    score, title, passage = line.split("\t")
    assert 0 < float(score) <= 1 and title.endswith("案") and passage
