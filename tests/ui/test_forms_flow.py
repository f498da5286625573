"""Forms that flow (issue 16): Tab in reading order, Enter to the next party, Ctrl+Enter saves, the ID number
fills birth date and gender, villages complete, a known person is offered; and the day's replay saves right."""
from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from app.drafts import PartyDraft
from tests.conftest import ID_A, ID_B, accept, register
from tests.ui.conftest import type_text
from ui.dispute_dialog import DisputeDialog


def shown_dialog(qtbot, backend) -> DisputeDialog:
    dialog = DisputeDialog(backend)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.parties.form.widgets["name"], timeout=3000)
    return dialog


def key(k, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
    QTest.keyClick(QApplication.focusWidget(), k, modifiers)


def test_tab_walks_the_form_in_the_applications_reading_order(backend, qtbot, answers):
    dialog = shown_dialog(qtbot, backend)
    form = dialog.parties.form
    walked = [QApplication.focusWidget()]
    for _ in range(17):
        key(Qt.Key.Key_Tab)
        walked.append(QApplication.focusWidget())
    w = form.widgets
    assert walked == [w["name"], w["gender"], w["ethnicity"], w["birth_date"], w["id_number"], w["occupation"],
                      w["address"], w["phone"], form.agent, dialog.facts, dialog.claims, dialog.type, dialog.title,
                      dialog.source, dialog.registered_on.line, dialog.place.place,   # its grid: once chosen
                      dialog.presiding, dialog.co_mediators]
    # on screen as on paper: each party field below the one before, the facts below the parties
    tops = [x.mapTo(dialog, x.rect().topLeft()).y() for x in walked[:11]]
    assert tops == sorted(tops) and len(set(tops)) == len(tops)
    answers.state["answer"] = answers.state["answer"].Yes


def test_enter_on_a_partys_last_field_goes_to_the_next_party(backend, qtbot, answers):
    dialog = shown_dialog(qtbot, backend)
    form, parties = dialog.parties.form, dialog.parties
    type_text(form.widgets["name"], "赵钱")
    key(Qt.Key.Key_Return)                                   # Enter moves on inside a party
    assert QApplication.focusWidget() is form.gender
    form.widgets["phone"].setFocus()
    key(Qt.Key.Key_Return)                                   # the last field: a new party, its first field
    assert parties.list.count() == 2 and form.role.currentData() == "respondent"
    assert QApplication.focusWidget() is form.widgets["name"] and dialog.isVisible()
    type_text(form.widgets["name"], "孙李")
    parties.select(0)
    form.widgets["phone"].setFocus()
    key(Qt.Key.Key_Return)                                   # a next party exists: it is shown, none added
    assert parties.list.count() == 2 and parties.list.currentRow() == 1
    form.widgets["phone"].setFocus()
    key(Qt.Key.Key_Return)                                   # a third party, left empty, is not saved
    assert parties.list.count() == 3 and [d.name for d in parties.drafts()] == ["赵钱", "孙李"]


def test_ctrl_enter_saves_from_a_text_box(backend, qtbot, answers):
    dialog = shown_dialog(qtbot, backend)
    form = dialog.parties.form
    type_text(form.widgets["name"], "赵钱")
    form.widgets["phone"].setFocus()
    key(Qt.Key.Key_Return)
    type_text(form.widgets["name"], "孙李")
    dialog.type.setCurrentIndex(dialog.type.findData("02"))
    type_text(dialog.facts, "堆放杂物")
    key(Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: dialog.saved is not None, timeout=5000)
    assert dialog.facts.toPlainText() == "堆放杂物"                # no new line was typed
    assert dialog.saved.title == "赵钱与孙李邻里纠纷"               # the suggested 事由
    assert [p.role for p in dialog.saved.parties] == ["applicant", "respondent"]


def test_a_pasted_id_number_fills_birth_date_and_gender(backend, qtbot, answers):
    dialog = shown_dialog(qtbot, backend)
    form = dialog.parties.form
    form.widgets["id_number"].setFocus()
    QApplication.clipboard().setText(ID_B)
    key(Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert form.widgets["birth_date"].text() == "1990-01-01" and form.gender.currentData() == "male"
    assert dialog.parties.drafts() == [] or dialog.parties._drafts[0].birth_date == "1990-01-01"


def test_a_person_already_in_the_register_is_offered_and_taken_with_one_key(backend, qtbot, db, answers):
    register(db, parties=(PartyDraft(role="applicant", name="张三", id_number=ID_A, phone="13812345678",
                                     occupation="务农", address="城关镇东湖村3组"),
                          PartyDraft(role="respondent", name="李四")))
    dialog = shown_dialog(qtbot, backend)
    form = dialog.parties.form
    type_text(form.widgets["name"], "张三")
    form.widgets["id_number"].setFocus()
    QApplication.clipboard().setText(ID_A)
    key(Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert form.offer_label.isVisible() and "张三" in form.offer_label.text() and "F2" in form.offer_label.text()
    assert form.widgets["phone"].text() == ""                           # nothing filled before it is taken
    key(Qt.Key.Key_F2)
    assert form.widgets["phone"].text() == "13812345678" and form.widgets["address"].text() == "城关镇东湖村3组"
    assert not form.offer_label.isVisible() and dialog.parties.drafts()[0].occupation == "务农"
    type_text(form.widgets["name"], "张三丰")                            # another name: nothing offered
    assert not form.offer_label.isVisible()


def test_the_stations_villages_complete_in_the_address(backend, qtbot, db, answers):
    register(db, parties=(PartyDraft(role="applicant", name="张三", address="城关镇东湖村3组12号"),
                          PartyDraft(role="respondent", name="李四", address="城关镇西山社区8栋")))
    dialog = shown_dialog(qtbot, backend)
    form = dialog.parties.form
    qtbot.waitUntil(lambda: form.places.rowCount() == 2, timeout=5000)     # read on the DB worker
    assert sorted(form.places.stringList()) == ["城关镇东湖村", "城关镇西山社区"]
    type_text(form.widgets["address"], "东湖")
    popup = form.widgets["address"].completer().popup()
    assert popup.isVisible()
    QTest.keyClick(popup, Qt.Key.Key_Down)
    QTest.keyClick(popup, Qt.Key.Key_Return)
    assert form.widgets["address"].text() == "城关镇东湖村" and dialog.isVisible()
    assert QApplication.focusWidget() is form.widgets["address"]                # stays, for 3组12号
    assert dialog.parties._drafts[0].address == "城关镇东湖村"


def test_a_new_station_completes_its_own_villages_then_past_addresses(backend, qtbot, db, answers):
    """No case yet: the 村/社区 of 设置 → 村/社区与网格 complete (a stopped one not); past addresses come after."""
    from app.services import places

    with db.write.begin() as s:
        places.add_place(s, name="东湖村")
        places.add_place(s, name="西山社区")
        gone = places.add_place(s, name="老河村")
        places.set_active(s, place_id=gone.id, active=False)
    dialog = shown_dialog(qtbot, backend)
    form = dialog.parties.form
    qtbot.waitUntil(lambda: form.places.rowCount() == 2, timeout=5000)
    assert form.places.stringList() == ["东湖村", "西山社区"]
    type_text(form.widgets["address"], "东湖")
    popup = form.widgets["address"].completer().popup()
    assert popup.isVisible()
    QTest.keyClick(popup, Qt.Key.Key_Down)
    QTest.keyClick(popup, Qt.Key.Key_Return)
    assert form.widgets["address"].text() == "东湖村"
    dialog.reject()
    register(db, parties=(PartyDraft(role="applicant", name="张三", address="城关镇北岭村3组12号"),
                          PartyDraft(role="respondent", name="李四", address="东湖村5组")))
    dialog = shown_dialog(qtbot, backend)
    form = dialog.parties.form
    qtbot.waitUntil(lambda: form.places.rowCount() == 3, timeout=5000)
    assert form.places.stringList() == ["东湖村", "西山社区", "城关镇北岭村"]     # the station's own first, once


def test_the_session_record_marks_a_missing_statement_and_outcome_and_saves_with_ctrl_enter(backend, qtbot, db,
                                                                                           answers):
    from app.services import disputes, lookups, sessions
    from ui.session_dialogs import RecordSessionDialog

    dispute_id = register(db)
    accept(db, dispute_id)
    with db.write.begin() as s:
        planned = sessions.plan_session(s, dispute_id=dispute_id, planned_at=datetime(2026, 11, 22, 9),
                                        place="村委会")
        view = disputes.get_dispute(s, dispute_id=dispute_id)
    saved = []
    dialog = RecordSessionDialog(view, planned, backend.query(lookups.mediators), saved.append)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=3000)
    first, second = view.parties
    type_text(dialog.statements[first.uid], "陈述经过")
    key(Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert saved == [] and dialog.isVisible() and dialog.errors.isVisible()
    assert dialog.statements[second.uid].property("invalid") and "李四" in dialog.statements[second.uid].toolTip()
    assert dialog.outcome.property("invalid") and not dialog.statements[first.uid].property("invalid")
    type_text(dialog.statements[second.uid], "承认漏水")
    dialog.outcome.setCurrentIndex(dialog.outcome.findData("continued"))
    key(Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert len(saved) == 1 and saved[0].statements == {first.uid: "陈述经过", second.uid: "承认漏水"}


def test_the_days_replay_registers_and_settles_through_the_real_widgets(backend, qtbot, ui_settings, db, answers):
    """bench/day.py's own keystrokes, from the main window: what it saves is what was typed."""
    from bench import day
    from ui.main_window import MainWindow

    window = MainWindow(backend, ui_settings)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    kb = day.Keyboard()
    kb.wait_until(lambda: QApplication.focusWidget() is not None)
    case = day.register_two_parties(window, kb).saved
    assert case.title == "赵钱与孙李邻里纠纷" and case.type_code == "02" and case.status == "registered"
    applicant, respondent = case.parties
    assert (applicant.role, applicant.name, applicant.id_number, applicant.phone, applicant.occupation) == (
        "applicant", "赵钱", day.ID_APPLICANT, "13812345678", "务农")
    assert applicant.birth_date == date(1980, 5, 1) and applicant.gender == "male"
    assert applicant.address == "东风3组12号"                     # no cases yet: nothing to complete
    assert (respondent.role, respondent.name, respondent.birth_date) == ("respondent", "孙李", date(1975, 3, 12))
    assert case.facts.startswith("孙李在公共通道") and case.claims.startswith("要求孙李")
    assert kb.keys > 150
    window.activateWindow()
    kb = day.Keyboard()
    kb.wait_until(lambda: QApplication.focusWidget() is not None)
    settled = day.settle_on_the_spot(window, kb).saved
    assert settled.status == "settled" and settled.outcome == "oral"
    assert [p.name for p in settled.parties] == ["张三", "李四"] and settled.title == "张三与李四损害赔偿纠纷"
    from app.services.case_record import load_case_record

    record = backend.read(lambda s: load_case_record(s, dispute_id=settled.id))
    term = record.agreement.terms[0]
    assert term.content == "李四当场赔偿张三损失二百元"
    assert term.obligor_uid == settled.parties[1].uid                # the respondent performs, by default
    assert record.sessions[0].statements[settled.parties[0].uid].startswith("张三称")
    assert record.sessions[0].place == "集市现场"


def test_the_presiding_mediator_is_not_offered_again_and_public_mediation_is_not_a_risk(backend, qtbot, db, answers):
    from PySide6.QtWidgets import QCheckBox, QFormLayout

    from app.services import mediators

    with db.write.begin() as s:
        mediators.add_mediator(s, name="李新", role="mediator")
    dialog = shown_dialog(qtbot, backend)
    items = [dialog.co_mediators.item(i) for i in range(dialog.co_mediators.count())]
    names = {i.text(): i for i in items}
    dialog.presiding.setCurrentIndex(dialog.presiding.findText("李新"))
    assert names["李新"].isHidden() and not any(i.isHidden() for n, i in names.items() if n != "李新")
    names["王调解"].setCheckState(Qt.CheckState.Checked)
    dialog.presiding.setCurrentIndex(dialog.presiding.findText("王调解"))     # the other way round: unticked
    assert names["王调解"].isHidden() and names["王调解"].checkState() == Qt.CheckState.Unchecked
    assert not names["李新"].isHidden()
    form = dialog.public.parentWidget().layout()
    row, _role = form.getWidgetPosition(dialog.public)
    label = form.itemAt(row, QFormLayout.ItemRole.LabelRole).widget()
    assert label.text() == "调解方式" and isinstance(dialog.public, QCheckBox)


def test_the_session_record_does_not_offer_the_presiding_mediator_again(backend, qtbot, db, answers):
    from app.services import disputes, lookups, mediators, sessions
    from ui.session_dialogs import RecordSessionDialog

    with db.write.begin() as s:
        mediators.add_mediator(s, name="李新", role="mediator")
    dispute_id = register(db)
    accept(db, dispute_id)
    with db.write.begin() as s:
        planned = sessions.plan_session(s, dispute_id=dispute_id, planned_at=datetime(2026, 11, 22, 9), place="村委会")
        view = disputes.get_dispute(s, dispute_id=dispute_id)
    dialog = RecordSessionDialog(view, planned, backend.query(lookups.mediators), lambda _r: None)
    qtbot.addWidget(dialog)
    dialog.show()
    names = {box.text(): box for box in dialog.co_mediators.values()}
    presiding = dialog.presiding.currentText()
    assert presiding and not names[presiding].isVisible()
    other = next(n for n in names if n != presiding)
    assert names[other].isVisible()
    dialog.presiding.setCurrentIndex(dialog.presiding.findText(other))
    assert not names[other].isVisible() and names[presiding].isVisible()
    assert dialog.public.text() == "公开调解"
