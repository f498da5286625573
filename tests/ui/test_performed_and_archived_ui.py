"""Through the case window: 履行完毕 refused while a term is open, saying which and how to go on; an archived case's
window offers no write (and a window left open on it is refused all the same); 填写调解记录… with no session planned
offers one held now."""
from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QDialogButtonBox, QInputDialog, QPlainTextEdit, QPushButton

from app import clock
from app.lifecycle import Action
from app.services import agreements, sessions
from tests.app.test_performance import settled_with_first_term_due, step, terms
from tests.conftest import TODAY, accept, closed_case, register
from tests.ui.test_performance_flow import follow_up_tab, run_action
from ui.agreement_tab import AgreementTab
from ui.documents_tab import DocumentsTab
from ui.main_window import MainWindow
from ui.session_dialogs import RecordSessionDialog
from ui.sessions_tab import SessionsTab


def tab_of(case, kind):
    return next(case.tabs.widget(i) for i in range(case.tabs.count()) if isinstance(case.tabs.widget(i), kind))


def button(widget, text: str) -> QPushButton:
    return next(b for b in widget.findChildren(QPushButton) if b.text() == text)


def window_on(backend, qtbot, ui_settings, d):
    window = MainWindow(backend, ui_settings)
    qtbot.addWidget(window)
    return window.open_case(d)


def test_performed_is_refused_in_the_window_naming_the_open_term(backend, qtbot, ui_settings, answers, db):
    d = settled_with_first_term_due(db, date(2026, 12, 1))
    with db.write.begin() as s:                               # the first instalment paid, the second not yet due
        agreements.record_performance(s, term_id=terms(db, d)[0].id, performance="performed", on=TODAY,
                                      note="转账凭证")
    case = window_on(backend, qtbot, ui_settings, d)
    run_action(qtbot, case, Action.PERFORM.value)
    qtbot.waitUntil(lambda: bool(answers.seen), timeout=3000)
    kind, text = answers.seen[-1]
    assert kind == "warning" and "第2项（未履行，履行期限2026-12-20）" in text and "记录未履行" in text
    assert case.view.status == "settled" and Action.ARCHIVE.value not in case.action_buttons
    case.close()


def test_an_archived_case_offers_no_write_and_a_stale_window_is_refused(backend, qtbot, ui_settings, answers, db,
                                                                         monkeypatch):
    d = settled_with_first_term_due(db, date(2026, 12, 1))
    for term in terms(db, d):
        with db.write.begin() as s:
            agreements.record_performance(s, term_id=term.id, performance="performed", on=TODAY, note="收条")
    step(db, d, Action.PERFORM)
    case = window_on(backend, qtbot, ui_settings, d)
    mark = button(tab_of(case, AgreementTab), "登记所选条款的履行情况…")
    assert mark.isEnabled()
    step(db, d, Action.ARCHIVE)          # archived meanwhile (another window, the command line): this one is stale
    agreement = tab_of(case, AgreementTab)
    agreement.performance.setCurrentCell(0, 0)
    monkeypatch.setattr(QInputDialog, "getItem", staticmethod(lambda *a, **k: ("部分履行", True)))
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: ("补交凭证", True)))
    mark.click()
    qtbot.waitUntil(lambda: bool(answers.seen), timeout=3000)
    assert "已归档" in answers.seen[-1][1]
    assert [t.performance for t in terms(db, d)] == ["performed", "performed"]

    backend.events.cases_changed.emit([d])                   # now showing it archived: nothing offers a change
    assert case.view.status == "archived"
    assert not button(tab_of(case, AgreementTab), "登记所选条款的履行情况…").isEnabled()
    assert not any(b.isEnabled() for b in follow_up_tab(case).buttons.values())
    records = tab_of(case, SessionsTab)
    assert not any(records.buttons[k].isEnabled() for k in ("plan", "record", "investigation", "evidence"))
    assert "已归档" in records.buttons["plan"].toolTip()
    assert tab_of(case, DocumentsTab).buttons["preview"].isEnabled()     # printing goes on
    assert not case.action_buttons["edit"].isEnabled() and not case.action_buttons["delete"].isEnabled()
    records.open_record_form(records.record.recorded_sessions[0])      # a record opened to read it: read only
    form = records._dialog
    assert "只读" in form.windowTitle()
    assert form.findChildren(QPlainTextEdit) and all(box.isReadOnly() for box in form.findChildren(QPlainTextEdit))
    assert not any(b.isEnabled() for b in form.findChildren(QDialogButtonBox)[0].buttons()
                   if form.findChildren(QDialogButtonBox)[0].buttonRole(b) != QDialogButtonBox.ButtonRole.RejectRole)
    form.reject()
    case.close()


def test_record_session_with_none_planned_offers_one_held_now(backend, qtbot, ui_settings, answers, db, monkeypatch):
    d = register(db)
    accept(db, d)
    case = window_on(backend, qtbot, ui_settings, d)
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: ("村委会调解室", True)))
    answers.state["answer"] = 0x00010000                      # QMessageBox.No: nothing is planned
    tab_of(case, SessionsTab).buttons["record"].click()
    assert answers.seen[-1][0] == "question" and "安排调解" in answers.seen[-1][1]
    with db.read() as s:
        assert sessions.list_sessions(s, dispute_id=d) == []

    answers.state["answer"] = 0x00004000                      # QMessageBox.Yes: held now, on the spot
    tab = tab_of(case, SessionsTab)
    tab.buttons["record"].click()
    qtbot.waitUntil(lambda: bool(tab.findChildren(RecordSessionDialog)), timeout=3000)
    form = tab.findChildren(RecordSessionDialog)[0]
    with db.read() as s:
        held = sessions.list_sessions(s, dispute_id=d)
    assert [(h.place, h.planned_at) for h in held] == [("村委会调解室", clock.local_now().replace(second=0,
                                                                                               microsecond=0))]
    assert form.isVisible() and "1" in form.windowTitle()
    form.reject()
    qtbot.waitUntil(lambda: tab_of(case, SessionsTab).timeline.topLevelItemCount() == 1, timeout=3000)
    case.close()


def test_record_session_on_a_case_not_accepted_says_what_to_do_first(backend, qtbot, ui_settings, answers, db):
    d = register(db)
    case = window_on(backend, qtbot, ui_settings, d)
    tab_of(case, SessionsTab).buttons["record"].click()
    assert answers.seen[-1][0] == "information" and "已受理" in answers.seen[-1][1]
    case.close()


def test_an_archived_closed_case_window_still_opens_its_documents(backend, qtbot, ui_settings, answers, db):
    d = closed_case(db, "failed", archived=True)
    case = window_on(backend, qtbot, ui_settings, d)
    documents = tab_of(case, DocumentsTab)
    assert documents.buttons["preview"].isEnabled() and documents.buttons["dossier"].isEnabled()
    assert not button(tab_of(case, AgreementTab), "保存草稿").isEnabled()   # no agreement: the draft form, frozen
    case.close()
