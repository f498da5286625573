"""The newcomer's walk through the agreement terms, the on-the-spot screen and the session record: an impossible
deadline is said at its term (never the crash box), 添加条款 puts the cursor in the new row, an organisation signs
and attends through its representative, and a fixed field loses its red mark at once."""
from __future__ import annotations

import json
from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QInputDialog, QLineEdit, QMessageBox, QPushButton
from sqlalchemy import update

from app.drafts import PartyDraft
from app.services import agreements, disputes, lookups, sessions
from app.services.case_record import load_case_record
from tests.conftest import ID_A, accept, complete_record, register
from tests.ui.conftest import type_text
from ui.agreement_tab import AgreementTab
from ui.session_dialogs import RecordSessionDialog

COMPANY = PartyDraft(role="respondent", kind="organisation", name="青山建材有限公司",
                     credit_code="91350100M000100Y43", legal_representative="赵大海")


def _org_case(db) -> int:
    d = register(db, parties=(PartyDraft(role="applicant", name="张建国", id_number=ID_A), COMPANY))
    accept(db, d)
    return d


def _agreement_tab(backend, db, qtbot, d: int) -> AgreementTab:
    tab = AgreementTab(backend, backend.read(lambda s: load_case_record(s, dispute_id=d)), lambda: None)
    qtbot.addWidget(tab)
    tab.resize(1280, 900)
    tab.show()
    qtbot.waitExposed(tab)
    tab.activateWindow()
    return tab


def _in_cell(table, widget) -> tuple[int, int]:
    while widget is not None and widget.parentWidget() is not table.viewport():
        widget = widget.parentWidget()
    if widget is None:
        return -1, -1
    index = table.indexAt(widget.geometry().center())
    return index.row(), index.column()


def _add_button(tab):
    return next(b for b in tab.findChildren(QPushButton) if b.text() == "添加条款")


def test_add_term_puts_the_cursor_in_the_new_row_and_the_table_has_room(backend, db, qtbot):
    tab = _agreement_tab(backend, db, qtbot, _org_case(db))
    table = tab.terms
    row_h = table.verticalHeader().defaultSectionSize()
    assert table.height() >= table.horizontalHeader().height() + 4 * row_h     # several rows, not one
    for expected in (0, 1):
        QTest.mouseClick(_add_button(tab), Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: isinstance(QApplication.focusWidget(), QLineEdit)
                        and _in_cell(table, QApplication.focusWidget()) == (expected, 0))
        type_text(QApplication.focusWidget(), "支付货款")                      # typing goes into the new row
        table.commitData(QApplication.focusWidget())
        assert table.item(expected, 0).text() == "支付货款"
        rect = table.visualRect(table.model().index(expected, 0))
        assert table.viewport().rect().contains(rect)                       # not hidden behind a scroll bar


def test_an_impossible_deadline_is_named_at_its_term_and_nothing_is_saved(backend, db, qtbot):
    d = _org_case(db)
    tab = _agreement_tab(backend, db, qtbot, d)
    tab.add_term()
    tab.add_term()
    due = tab.terms.cellWidget(1, 7)
    due.setText("2026-11-31")
    tab.save_button.click()                              # the crash box before: an uncaught DateTextError
    assert tab.missing.text().startswith("第2项条款的履行期限：") and "2026-11-31" in tab.missing.text()
    assert "b00000" in tab.missing.styleSheet()
    assert due.property("invalid") and not tab.terms.cellWidget(0, 7).property("invalid")
    assert tab.isEnabled()                               # nothing sent to the DB worker
    assert backend.read(lambda s: load_case_record(s, dispute_id=d)).agreement is None
    QTest.keyClick(due.line, "0")                          # the user edits the date: the mark goes at once
    assert not due.property("invalid")


def test_complete_is_not_red_and_the_organisation_signs_through_its_representative(backend, db, qtbot,
                                                                                  monkeypatch):
    d = _org_case(db)
    complete_record(db, d)
    with db.read() as s:
        uids = [p.uid for p in disputes.get_dispute(s, dispute_id=d).parties]
    with db.write.begin() as s:
        agreements.save_agreement(s, dispute_id=d, draft=agreements.AgreementDraft(
            facts="欠款8万元", matters="货款", responsibilities="被申请人付款", findings="双方确认欠款。",
            fairness="分期付款兼顾双方。", citations=(agreements.search_provisions(s, text="")[0],),
            terms=(agreements.TermDraft("支付货款", obligor_uid=uids[1], obligee_uid=uids[0],
                                        involves_money=True, amount="40000", method="转账", place="青山镇",
                                        due_on=datetime(2026, 12, 20).date()),)))
    tab = _agreement_tab(backend, db, qtbot, d)
    asked = []

    def get_text(parent, title, label, *args, text="", **kwargs):
        asked.append(text)
        return "", False
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(get_text))
    tab.sign()
    qtbot.waitUntil(lambda: tab.isEnabled() and tab.missing.text() != "")
    assert tab.missing.text() == "内容齐全，可以签署。", tab.missing.text()
    assert "b00000" not in tab.missing.styleSheet() and "#1e7b34" in tab.missing.styleSheet()
    assert asked == ["张建国、赵大海（青山建材有限公司）"]


def _record_dialog(backend, db, qtbot, d: int) -> RecordSessionDialog:
    with db.write.begin() as s:
        planned = sessions.plan_session(s, dispute_id=d, planned_at=datetime(2026, 11, 22, 9), place="村委会")
        view = disputes.get_dispute(s, dispute_id=d)
    saved: list = []
    dialog = RecordSessionDialog(view, planned, backend.query(lookups.mediators), saved.append)
    qtbot.addWidget(dialog)
    dialog.saved_records = saved
    return dialog


def test_session_record_offers_the_company_through_its_representative_and_wants_a_keeper(backend, db, qtbot):
    d = _org_case(db)
    dialog = _record_dialog(backend, db, qtbot, d)
    labels = [box.text() for box in dialog.present.values()]
    assert labels == ["张建国", "青山建材有限公司（法定代表人赵大海到场）"]
    assert "赵大海（青山建材有限公司）" in [box.text() for box in dialog.signed.values()]
    dialog.keeper.setCurrentIndex(0)                     # no record-keeper chosen …
    dialog.signed["record_keeper"].setChecked(True)      # … but ⑦ says the record-keeper signed
    dialog.save()
    assert dialog.saved_records == []
    assert dialog.keeper.property("invalid") and "记录人" in dialog.errors.text()
    assert not dialog.errors.isHidden()


def test_a_fixed_field_loses_its_mark_and_the_banner_goes_with_the_last(backend, db, qtbot):
    d = register(db)
    accept(db, d)
    dialog = _record_dialog(backend, db, qtbot, d)
    dialog.save()                                       # statements and the outcome missing
    marked = [w for w in (*dialog.statements.values(), dialog.outcome) if w.property("invalid")]
    assert len(marked) == 3 and not dialog.errors.isHidden()
    first, second = dialog.statements.values()
    type_text(first, "漏水属实")
    assert not first.property("invalid") and second.property("invalid")
    assert not dialog.errors.isHidden()                  # others still to fix
    type_text(second, "愿意赔偿")
    dialog.outcome.setCurrentIndex(1)
    assert not any(w.property("invalid") for w in marked) and dialog.errors.isHidden()


def test_check_flags_an_old_record_signed_by_no_record_keeper(db, head_login, capsys):
    from db.models import MediationSession
    from ui.cli import main

    d = register(db)
    accept(db, d)
    complete_record(db, d)
    with db.write.begin() as s:               # saved before the form refused it
        s.execute(update(MediationSession).where(MediationSession.dispute_id == d).values(record_keeper_id=None))
    assert main(["--db", str(db.path), "check", "(2026)城人调字第1号", "--json"]) == 0
    findings = json.loads(capsys.readouterr().out)[0]["findings"]
    p18 = [f for f in findings if f["code"] == "P18"]
    assert len(p18) == 1 and "记录人" in p18[0]["message"]


def test_quick_settlement_names_the_term_deadline_and_asks_before_throwing_a_form_away(backend, qtbot, answers):
    from ui.quick_settle_dialog import QuickSettleDialog

    dialog = QuickSettleDialog(backend)
    qtbot.addWidget(dialog)
    dialog.terms.item(0, 0).setText("赔偿200元")
    due = dialog.terms.cellWidget(0, 4)
    due.setText("2026-02-30")
    dialog.save()
    text = dialog.errors.text()
    assert "第1项条款的履行期限：" in text and "时间：" not in text
    assert due.property("invalid") and not dialog.when.property("invalid")
    dialog.show()
    cancel = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.Cancel)
    answers.state["answer"] = QMessageBox.No
    cancel.click()                                      # typed, not saved: asked first, kept on No
    assert answers.seen[-1][0] == "question" and dialog.isVisible()
    assert dialog.terms.item(0, 0).text() == "赔偿200元"
    answers.state["answer"] = QMessageBox.Yes
    cancel.click()
    assert not dialog.isVisible()


def test_quick_settlement_untouched_cancels_without_asking(backend, qtbot, answers):
    from ui.quick_settle_dialog import QuickSettleDialog

    dialog = QuickSettleDialog(backend)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.Cancel).click()
    assert answers.seen == [] and not dialog.isVisible()
