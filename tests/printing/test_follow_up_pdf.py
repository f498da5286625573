"""The follow-up record (人民调解回访记录) prints what was found at the visit: the terms not performed, with the
routes explained to the parties (人民调解法 Art 31–33) and what they chose, and each 赔偿保证金 as it stood that day
(its term, amount, payer, holder, the day received and the day released or returned). Printed through the real
command line and parsed back."""
from __future__ import annotations

import io
from datetime import date, timedelta

from pypdf import PdfReader

from app import clock
from app.services import disputes, follow_ups, performance
from tests.app.test_performance import settled_with_first_term_due, terms, visit
from tests.conftest import TODAY


def printed(db, case_no: str, visit_no: int, out) -> str:
    from ui.cli import main

    assert main(["--db", str(db.path), "print", case_no, "--doc", "follow-up", "--session", str(visit_no),
                 "--out", str(out)]) == 0
    return "".join(p.extract_text() for p in PdfReader(io.BytesIO(out.read_bytes())).pages).replace(" ", "") \
        .replace("\n", "")


def test_follow_up_record_prints_unperformed_terms_with_the_routes_and_deposits_as_at_the_visit(head_login, tmp_path):
    db = head_login
    d = settled_with_first_term_due(db, date(2026, 12, 1))
    first, second = terms(db, d)
    with db.write.begin() as s:
        kept = performance.record_deposit(s, term_id=first.id, amount="2000", received_on=TODAY, paid_by="李四",
                                          holder="城关镇人民调解委员会")
        back = performance.record_deposit(s, term_id=second.id, amount="500", received_on=TODAY, paid_by="李四",
                                          holder="城关镇司法所")
        case_no = disputes.get_dispute(s, dispute_id=d).case_no
    clock.advance(timedelta(days=20))                                     # 2026-12-13
    with db.write.begin() as s:
        performance.settle_deposit(s, deposit_id=back.id, outcome="returned", settled_on=date(2026, 12, 5),
                                   settled_to="李四")
    first_visit = visit(db, d, clock.today())
    with db.write.begin() as s:
        performance.record_nonperformance(s, follow_up_id=first_visit, term_ids=(first.id,),
                                          options=("mediate_again", "sue"), detail="李四未按期支付维修费",
                                          parties_choice="张三表示将向人民法院起诉")
        follow_ups.schedule_follow_up(s, dispute_id=d, due_on=date(2027, 1, 5))   # a second visit
    clock.advance(timedelta(days=3))                                      # 2026-12-16: after the visit
    with db.write.begin() as s:
        performance.settle_deposit(s, deposit_id=kept.id, outcome="released", settled_on=date(2026, 12, 15),
                                   settled_to="张三")
        later = performance.record_deposit(s, term_id=first.id, amount="300", received_on=date(2026, 12, 14),
                                           paid_by="王五", holder="城关镇人民调解委员会")
    assert later.held
    visit(db, d, clock.today())

    text = printed(db, case_no, 1, tmp_path / "回访1.pdf")
    for words in ("人民调解回访记录（第1次）", "未履行的协议事项：",
                  "协议第1项：李四赔偿张三维修费（人民币3,500.50元），履行期限2026年12月1日。",
                  "未履行情况：李四未按期支付维修费", "向当事人释明的途径：",
                  "（一）再次调解：经当事人同意，由本调解委员会就协议的履行再次调解。",
                  "（二）提起诉讼：当事人之间就调解协议的履行或者调解协议的内容发生争议的，一方当事人可以向人民法院提起诉讼"
                  "（《中华人民共和国人民调解法》第三十二条）。", "当事人的意见：张三表示将向人民法院起诉",
                  "赔偿保证金：", "序号担保事项金额（元）交纳人保管人收取日期交付或退还", "1第1项2,000.00李四", "2,000.00", "城关镇人民调解委员会",
                  "尚未交付或退还", "2第2项500.00李四", "500.00", "城关镇司法所", "2026年11月23日",
                  "2026年12月5日退还李四"):
        assert words in text, words
    assert "申请强制执行" not in text                          # only the routes recorded as explained
    assert "交付张三" not in text and "王五" not in text          # released, and received, after this visit

    text = printed(db, case_no, 2, tmp_path / "回访2.pdf")
    assert "人民调解回访记录（第2次）" in text and "未履行的协议事项" not in text   # found at the first visit only
    for words in ("2026年12月15日交付张三", "300.00", "王五", "2026年12月14日", "2026年12月5日退还李四"):
        assert words in text, words


def test_a_visit_with_nothing_unperformed_and_no_deposit_prints_as_before(head_login, tmp_path):
    db = head_login
    d = settled_with_first_term_due(db, date(2026, 12, 1))
    clock.advance(timedelta(days=5))
    visit(db, d, clock.today())
    with db.read() as s:
        case_no = disputes.get_dispute(s, dispute_id=d).case_no
    text = printed(db, case_no, 1, tmp_path / "回访.pdf")
    assert "回访对象张三" in text and "赔偿保证金" not in text and "未履行的协议事项" not in text
