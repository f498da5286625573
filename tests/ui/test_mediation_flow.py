"""Through the case window: record a session, write an agreement with two terms and a citation, sign it,
mark a term performed, and see the follow-up appear in the agenda."""
from __future__ import annotations

from app import clock

from datetime import timedelta


from app.services import settings
from tests.conftest import accept, register
from tests.ui.conftest import type_text, wait_saved
from ui.agreement_tab import AgreementTab
from ui.main_window import MainWindow
from ui.session_dialogs import PlanSessionDialog, RecordSessionDialog
from ui.sessions_tab import SessionsTab


def tab(case, kind):
    return next(case.tabs.widget(i) for i in range(case.tabs.count()) if isinstance(case.tabs.widget(i), kind))


def test_session_agreement_performance_and_follow_up_in_agenda(backend, qtbot, ui_settings, answers, db,
                                                                monkeypatch):
    today = clock.today()
    dispute_id = register(db, registered_on=(today - timedelta(days=3)).isoformat())
    accept(db, dispute_id, on=today - timedelta(days=2))
    with db.write.begin() as s:
        settings.put(s, "follow_up_delay_days", "0")          # the visit falls due with the last term
    window = MainWindow(backend, ui_settings)
    qtbot.addWidget(window)
    case = window.open_case(dispute_id)

    # plan and record a session with the seven points
    tab(case, SessionsTab).buttons["plan"].click()
    plan = case.findChild(PlanSessionDialog)
    plan.when.setText("今天上午9点")                  # typed as said; the clock is frozen at 10:00
    type_text(plan.place, "村委会")
    plan_ok(plan)
    qtbot.waitUntil(lambda: len(case.record.sessions) == 1, timeout=3000)
    tab(case, SessionsTab).record_selected()
    rec = case.findChild(RecordSessionDialog)
    rec.held_at.setText("今天 9:00")
    rec.rights.setChecked(True)
    rec.principles.setChecked(True)
    for box in rec.statements.values():
        type_text(box, "陈述经过")
    type_text(rec.findings, "漏水属实")
    type_text(rec.risks, "告知诉讼成本")
    rec.outcome.setCurrentIndex(rec.outcome.findData("agreed"))
    type_text(rec.terms, "赔偿维修费")
    rec.keeper.setCurrentIndex(1)                   # ⑦ ticks the record-keeper's signature: one is named
    for box in rec.signed.values():
        box.setChecked(True)
    plan_ok(rec)
    qtbot.waitUntil(lambda: case.record.sessions and case.record.sessions[0].status == "recorded", timeout=3000)
    assert case.view.status == "in_mediation"
    from ui.case_dialog import FINDING_CODE_ROLE

    shown = [case.findings.item(i).data(FINDING_CODE_ROLE) for i in range(case.findings.count())]
    assert not {"P02", "P03"} & set(shown)

    # write the agreement: two terms and a citation found through the provision search
    agreement = tab(case, AgreementTab)
    for key, text in (("matters", "维修费承担"), ("responsibilities", "李四负责"), ("findings", "漏水点在李四家"),
                      ("fairness", "按报价赔偿")):
        type_text(agreement.texts[key][1], text)
    for content, amount in (("李四赔偿维修费", "3500.5"), ("李四修复防水层", "")):
        row = agreement.add_term()
        agreement.terms.item(row, 0).setText(content)
        agreement.terms.cellWidget(row, 1).setCurrentIndex(2)          # 李四 (the respondent)
        agreement.terms.cellWidget(row, 2).setCurrentIndex(1)          # 张三
        agreement.terms.cellWidget(row, 3).setChecked(bool(amount))
        agreement.terms.item(row, 4).setText(amount)
        agreement.terms.item(row, 5).setText("转账")
        agreement.terms.item(row, 6).setText("城关镇")
        agreement.terms.cellWidget(row, 7).setText("今天")
    type_text(agreement.provision_search, "第二百九十六条")
    assert agreement.provisions.count() == 1
    agreement.provisions.itemActivated.emit(agreement.provisions.item(0))
    assert agreement.citations.count() == 1
    monkeypatch.setattr("ui.agreement_tab.QInputDialog.getText",
                        staticmethod(lambda *a, **k: ("张三、李四", True)))
    agreement.sign()
    qtbot.waitUntil(lambda: case.record.agreement is not None and case.record.agreement.signed_on is not None,
                    timeout=3000)
    signed = case.record.agreement
    assert [t.position for t in signed.terms] == [1, 2] and str(signed.terms[0].amount) == "3500.50"
    assert signed.citations[0].article == "第二百九十六条"

    # mark the first term performed; the follow-up visit is now on the agenda
    performance = tab(case, AgreementTab)
    performance.performance.setCurrentCell(0, 0)
    monkeypatch.setattr("ui.agreement_tab.QInputDialog.getText", staticmethod(lambda *a, **k: ("转账凭证", True)))
    monkeypatch.setattr("ui.agreement_tab.QInputDialog.getItem", staticmethod(lambda *a, **k: (a[3][0], True)))
    performance.mark_performed(signed)
    qtbot.waitUntil(lambda: case.record.agreement.terms[0].performance == "performed", timeout=3000)
    window.agenda.refresh()
    kinds = {(i.kind, i.dispute_id) for i in window.agenda.items}
    assert ("follow_up", dispute_id) in kinds and ("performance", dispute_id) in kinds
    case.close()


def plan_ok(dialog) -> None:
    from PySide6.QtWidgets import QDialogButtonBox

    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.Ok).click()
    wait_saved(dialog)


def test_on_the_spot_settlement_screen_closes_a_case_in_one_go(backend, qtbot, ui_settings, answers, db):
    from ui.quick_settle_dialog import QuickSettleDialog

    window = MainWindow(backend, ui_settings)
    qtbot.addWidget(window)
    window.quick_settle()
    dialog = window._dialog
    assert isinstance(dialog, QuickSettleDialog)
    type_text(dialog.title, "摊位碰撞纠纷")
    dialog.type.setCurrentIndex(dialog.type.findData("06"))
    type_text(dialog.facts, "李四推车碰倒张三摊位。")
    form = dialog.parties.form
    dialog.parties.select(0)
    type_text(form.widgets["name"], "张三")
    dialog.parties.select(1)
    type_text(form.widgets["name"], "李四")
    type_text(dialog.statement, "双方陈述经过")
    type_text(dialog.findings, "碰倒属实")
    type_text(dialog.risks, "告知诉讼成本")
    dialog.terms.item(0, 0).setText("李四赔偿张三200元")
    dialog.terms.cellWidget(0, 1).setCurrentIndex(1)         # 李四
    dialog.terms.item(0, 3).setText("200")
    plan_ok(dialog)
    qtbot.waitUntil(lambda: dialog.saved is not None, timeout=5000)
    assert not dialog.isVisible()
    assert dialog.saved.status == "settled" and dialog.saved.outcome == "oral"
    assert [p.name for p in dialog.saved.parties] == ["张三", "李四"]
    window.page.refresh()
    assert window.page.count_label.text() == "共 1 件"


def test_on_the_spot_settlement_with_errors_keeps_the_screen(backend, qtbot, answers):
    from ui.quick_settle_dialog import QuickSettleDialog

    dialog = QuickSettleDialog(backend)
    qtbot.addWidget(dialog)
    dialog.show()
    type_text(dialog.title, "无当事人姓名")
    plan_ok(dialog)
    assert dialog.isVisible() and dialog.saved is None and dialog.errors.isVisible()
    assert dialog.statement.property("invalid") and "陈述" in dialog.statement.toolTip()
    assert dialog.type.property("invalid") and dialog.terms.property("invalid")
    assert "当事人" in dialog.errors.text()


def test_own_provision_is_added_and_found_while_writing(backend, qtbot, ui_settings, answers, db):
    from tests.conftest import complete_record

    dispute_id = register(db)
    accept(db, dispute_id)
    complete_record(db, dispute_id)
    window = MainWindow(backend, ui_settings)
    qtbot.addWidget(window)
    case = window.open_case(dispute_id)
    agreement = tab(case, AgreementTab)
    agreement.add_provision()
    dialog = agreement._dialog
    law, article = dialog.findChildren(type(agreement.provision_search))[:2]      # the law and article fields
    type_text(law, "某村村规民约")
    type_text(article, "第五条")
    plan_ok(dialog)
    type_text(agreement.provision_search, "村规民约")
    assert agreement.provisions.count() == 1 and "第五条" in agreement.provisions.item(0).text()
    case.close()


def test_follow_up_delay_is_a_station_setting(backend, qtbot, ui_settings):
    from ui.settings_dialog import SettingsDialog

    window = MainWindow(backend, ui_settings)
    qtbot.addWidget(window)
    window.settings_action.trigger()
    dialog = window.findChild(SettingsDialog)
    dialog.pages.setCurrentRow(1)
    dialog.fields["follow_up_delay_days"].setValue(30)
    dialog.save()
    qtbot.waitUntil(lambda: dialog.result() == dialog.DialogCode.Accepted, timeout=3000)
    assert backend.read(settings.follow_up_delay_days) == 30


def test_long_overdue_group_is_filled_when_opened(backend, qtbot, ui_settings, db):
    from app.services import demo
    from tests.conftest import TODAY

    from datetime import timedelta

    from app import clock

    with db.write.begin() as s:
        demo.generate(s, cases=600, seed=4, today=TODAY)
    clock.advance(timedelta(days=60))        # two months with nothing done: a long overdue list
    window = MainWindow(backend, ui_settings)
    qtbot.addWidget(window)
    overdue = window.agenda.tree.topLevelItem(0)
    count = sum(1 for i in window.agenda.items if i.bucket(window.agenda.source.today()) == "overdue")
    assert count > 50                                     # long enough to be built lazily
    assert overdue.childCount() == 0 and not overdue.isExpanded()
    overdue.setExpanded(True)
    assert overdue.childCount() == count


def test_session_record_keeps_other_mediators_and_participants_signatures(backend, qtbot, db):
    from datetime import datetime

    from app.services import disputes, lookups, sessions

    dispute_id = register(db)
    accept(db, dispute_id)
    with db.write.begin() as s:
        planned = sessions.plan_session(s, dispute_id=dispute_id, planned_at=datetime(2026, 11, 22, 9), place="村委会")
        view = disputes.get_dispute(s, dispute_id=dispute_id)
    mediators = backend.query(lookups.mediators)
    saved = []
    dialog = RecordSessionDialog(view, planned, mediators, saved.append)
    qtbot.addWidget(dialog)
    dialog.co_mediators[2].setChecked(True)
    type_text(dialog.participants, "刘警官:社区民警")
    record = dialog.record()
    assert record.co_mediator_ids == (2,) and record.participants == (("刘警官", "社区民警"),)
    assert record.signatures["participant:刘警官"] is False        # a participant who has not signed yet


def test_a_term_of_several_obligors_is_written_with_their_liability_and_shares(backend, qtbot, ui_settings, db):
    """The 多人（连带／按份） button of a term: a second obligor, liability by shares, each one's share."""
    from app.drafts import PartyDraft
    from app.services import agreements
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QComboBox, QLineEdit, QListWidget

    from tests.conftest import complete_record
    from ui.form_dialog import FormDialog

    dispute_id = register(db, parties=(PartyDraft(role="applicant", name="张三"),
                                       PartyDraft(role="respondent", name="李四"),
                                       PartyDraft(role="respondent", name="王五")))
    accept(db, dispute_id)
    complete_record(db, dispute_id)
    window = MainWindow(backend, ui_settings)
    qtbot.addWidget(window)
    case = window.open_case(dispute_id)
    agreement = tab(case, AgreementTab)
    row = agreement.add_term()
    agreement.terms.item(row, 0).setText("赔偿维修费")
    agreement.terms.cellWidget(row, 1).setCurrentIndex(2)          # 李四
    agreement.terms.cellWidget(row, 2).setCurrentIndex(1)          # 张三
    agreement.terms.cellWidget(row, 3).setChecked(True)
    agreement.terms.item(row, 4).setText("3000")
    several = agreement.terms.cellWidget(row, 8)
    several.click()
    dialog = several.findChild(FormDialog)

    first_list = dialog.findChildren(QListWidget)[0]
    next(first_list.item(i) for i in range(first_list.count()) if first_list.item(i).text() == "王五") \
        .setCheckState(Qt.Checked)
    combo = dialog.findChild(QComboBox)
    combo.setCurrentIndex(combo.findData("shares"))
    dialog.findChild(QLineEdit).setText("2000、1000")
    plan_ok(dialog)
    assert "王五" in several.text() and "按份责任" in several.text()
    agreement.save_button.click()                    # as the user saves the draft
    qtbot.waitUntil(lambda: bool(agreement.missing.text()), timeout=3000)       # answered by the DB worker
    assert agreement.isEnabled()
    with db.read() as s:
        term = agreements.get_agreement(s, dispute_id=dispute_id).terms[0]
    by_name = {p.uid: p.name for p in case.record.dispute.parties}
    assert [by_name[u] for u in term.obligors] == ["李四", "王五"] and term.liability == "shares"
    assert [(by_name[u], v) for u, v in term.shares] == [("李四", "2000"), ("王五", "1000")]
    case.close()


def test_signing_an_incomplete_agreement_asks_for_no_signers(backend, qtbot, ui_settings, answers, db,
                                                              monkeypatch):
    """检查并签署 on an agreement with parts missing says what is missing and stops there (it asked for the
    signers first, then refused with the same list: a newcomer's walk)."""
    from PySide6.QtWidgets import QInputDialog

    asked = []
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: asked.append(a) or ("", False)))
    today = clock.today()
    dispute_id = register(db, registered_on=(today - timedelta(days=3)).isoformat())
    accept(db, dispute_id, on=today - timedelta(days=2))
    window = MainWindow(backend, ui_settings)
    qtbot.addWidget(window)
    case = window.open_case(dispute_id)
    agreement = tab(case, AgreementTab)
    agreement.sign()
    qtbot.waitUntil(lambda: agreement.isEnabled() and agreement.missing.text().startswith("尚缺"), timeout=5000)
    assert asked == []
