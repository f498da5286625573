"""Logging in, the lockout after five wrong passwords, the idle screen lock that keeps unsaved input, the
accounts dialog, and the case's history (历程) tab."""
from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLineEdit

from app import access
from app.services import accounts
from tests.conftest import register
from tests.ui.conftest import type_text, wait_saved
from ui.login_dialog import FirstAccountDialog, LoginDialog, create_with, login_with

PASSWORD = "correct horse"


@pytest.fixture
def staff(db):
    with db.write.begin() as s:
        accounts.add_account(s, name="王调解", role="head", password=PASSWORD)
        accounts.add_account(s, name="赵调解", role="mediator", password=PASSWORD)


def attempt(dialog: LoginDialog, password: str) -> None:
    dialog.password.setText(password)
    dialog.accept()
    wait_saved(dialog)                  # checked on the DB worker


def test_login_refuses_wrong_passwords_then_locks(backend, qtbot, staff):
    dialog = LoginDialog(login_with(backend.as_system), ["王调解", "赵调解"])
    qtbot.addWidget(dialog)
    dialog.name.setCurrentText("赵调解")
    attempt(dialog, "wrong")
    assert "还可尝试 4 次" in dialog.message.text() and dialog.actor is None
    assert dialog.password.text() == ""                    # never left in the field
    for _ in range(4):
        attempt(dialog, "wrong")
    assert "锁定" in dialog.message.text()
    attempt(dialog, PASSWORD)                               # locked: even the right one waits
    assert dialog.actor is None and "锁定" in dialog.message.text()
    dialog.name.setCurrentText("王调解")
    attempt(dialog, PASSWORD)
    assert dialog.result() == LoginDialog.Accepted and dialog.actor.role == "head"


def test_first_start_sets_up_the_head_account_and_logs_in(backend, qtbot):
    dialog = FirstAccountDialog(create_with(backend.as_system, "head"), "王调解", "")
    qtbot.addWidget(dialog)
    dialog.password.setText(PASSWORD)
    dialog.again.setText("something else")
    dialog.accept()
    assert "不一致" in dialog.message.text() and dialog.actor is None
    dialog.again.setText(PASSWORD)
    dialog.accept()
    wait_saved(dialog)
    assert dialog.actor.name == "王调解" and dialog.actor.role == "head" and dialog.actor.mediator_id == 1


def test_idle_lock_covers_the_windows_and_keeps_unsaved_input(backend, qtbot, ui_settings, staff):
    from ui.main_window import MainWindow

    with backend._sessions()[1].begin() as s:
        actor = accounts.login(s, name="赵调解", password=PASSWORD).actor
    backend.log_in(actor)
    window = MainWindow(backend, ui_settings)
    qtbot.addWidget(window)
    window.show()
    editor = QLineEdit(window)
    editor.show()
    type_text(editor, "未保存的调解意见")
    window.idle_lock.set_interval(50)
    qtbot.waitUntil(lambda: window.idle_lock.is_locked, timeout=3000)
    lock = window.idle_lock.dialog
    assert lock.isVisible() and lock.name.currentText() == "赵调解" and not lock.name.isEnabled()
    assert window.idle_lock._covers and all(c.isVisible() for c in window.idle_lock._covers)
    attempt(lock, "wrong")
    assert window.idle_lock.is_locked and "还可尝试" in lock.message.text()
    attempt(lock, PASSWORD)
    assert not window.idle_lock.is_locked
    assert editor.text() == "未保存的调解意见"                # the input survived the lock
    window.idle_lock.set_interval(0)


def test_a_mediator_sees_settings_greyed_and_the_service_refuses_anyway(backend, qtbot, ui_settings, staff,
                                                                         answers):
    from app.services import settings
    from ui.main_window import MainWindow

    with backend._sessions()[1].begin() as s:
        backend.log_in(accounts.login(s, name="赵调解", password=PASSWORD).actor)
    window = MainWindow(backend, ui_settings)
    qtbot.addWidget(window)
    assert not window.accounts_action.isEnabled()
    from ui.settings_dialog import SettingsDialog

    window.edit_settings()
    dialog = window.findChild(SettingsDialog)
    assert not dialog.fields["idle_minutes"].isEnabled() and not dialog.fields["name"].isEnabled()
    assert dialog.fields["locale"].isEnabled()                  # this computer's: anyone's
    assert "赵调解" in window.user_label.text()
    with pytest.raises(Exception, match="主任"):
        access.perform(backend.session_factories()[1], backend.actor,
                       lambda s: settings.put(s, "security.idle_minutes", "0"))


def test_accounts_dialog_adds_resets_and_keeps_the_last_head(backend, qtbot, staff, answers):
    from ui.accounts_dialog import AccountsDialog

    dialog = AccountsDialog(backend)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 2
    dialog.table.selectRow(0)                             # 王调解, the only head
    dialog.toggle()
    qtbot.waitUntil(lambda: bool(answers.seen), timeout=3000)       # the write runs on the DB worker
    assert "最后一位主任" in answers.seen[-1][1] and dialog.isEnabled()
    dialog.table.selectRow(1)
    dialog.toggle()
    qtbot.waitUntil(lambda: dialog.table.item(1, 2).text() == "已停用", timeout=3000)


def test_history_tab_tells_the_case_in_words(backend, qtbot, db):
    from ui.case_dialog import CaseDialog

    case = register(db)
    dialog = CaseDialog(backend, case)
    qtbot.addWidget(dialog)
    text = dialog.history_view.toPlainText()
    assert "登记了案件" in text and "新增了当事人：李四" in text and "全过程记录" in text


def test_locking_by_hand_does_not_say_the_screen_was_idle(backend, qtbot, ui_settings, staff, answers):
    from PySide6.QtWidgets import QLabel

    from ui.main_window import MainWindow

    with backend._sessions()[1].begin() as s:
        actor = accounts.login(s, name="赵调解", password=PASSWORD).actor
    backend.log_in(actor)
    window = MainWindow(backend, ui_settings)
    qtbot.addWidget(window)
    window.show()
    window.lock_action.trigger()
    texts = " ".join(label.text() for label in window.idle_lock.dialog.findChildren(QLabel))
    assert window.idle_lock.is_locked and "屏幕已锁定" in texts and "长时间无操作" not in texts
    window.idle_lock.dialog.reject = lambda: None          # leaving the lock would close every window
    window.idle_lock._unlock()                              # and no lock is left open for the next test


def test_a_new_account_without_a_name_is_told_so_and_the_form_stays(qtbot):
    from PySide6.QtWidgets import QDialog

    from ui.login_dialog import PasswordForm

    form = PasswordForm("新账户", with_name=True, with_role=True)
    qtbot.addWidget(form)
    form.show()
    form.password.setText("long enough pw 1")
    form.again.setText("long enough pw 1")
    form.accept()
    assert form.isVisible() and form.result() != QDialog.DialogCode.Accepted
    assert form.message.text() == "请填写用户名。" and form.password.text() == "long enough pw 1"
    form.name.setText("钱调解")
    form.accept()
    assert form.result() == QDialog.DialogCode.Accepted


def test_quitting_from_the_lock_is_refused_while_a_form_is_open_behind_it(backend, qtbot, ui_settings, staff,
                                                                           answers):
    from PySide6.QtWidgets import QDialog

    from ui.main_window import MainWindow

    with backend._sessions()[1].begin() as s:
        backend.log_in(accounts.login(s, name="赵调解", password=PASSWORD).actor)
    window = MainWindow(backend, ui_settings)
    qtbot.addWidget(window)
    window.show()
    form = QDialog(window)                      # a half-filled form of 赵调解's
    form.show()
    window.lock_action.trigger()
    lock = window.idle_lock.dialog
    quits = []
    lock.rejected.disconnect()
    lock.rejected.connect(lambda: quits.append(1))
    lock.reject()                               # someone else at the keyboard tries to leave
    assert not quits and "赵调解" in lock.message.text() and window.idle_lock.is_locked
    assert not answers.seen                     # refused outright, not merely asked
    attempt(lock, PASSWORD)
    form.close()
    window.lock_action.trigger()                # nothing open now: leaving is asked, then allowed
    lock = window.idle_lock.dialog
    lock.rejected.disconnect()
    lock.rejected.connect(lambda: quits.append(1))
    lock.reject()
    assert quits == [1]


def test_switch_user_closes_the_window_only_with_nothing_open_and_records_the_logout(backend, qtbot, ui_settings,
                                                                                    staff, answers, db):
    from PySide6.QtWidgets import QDialog
    from sqlalchemy import text

    from ui.main_window import MainWindow

    with backend._sessions()[1].begin() as s:
        backend.log_in(accounts.login(s, name="赵调解", password=PASSWORD).actor)
    window = MainWindow(backend, ui_settings)
    qtbot.addWidget(window)
    window.show()
    form = QDialog(window, windowTitle="登记")
    form.show()
    window.switch_action.trigger()
    assert window.isVisible() and not window.switch_requested and "登记" in answers.seen[-1][1]
    form.close()
    window.switch_action.trigger()
    assert not window.isVisible() and window.switch_requested
    backend.log_out()
    assert backend.actor.account_id is None and backend.operator_id is None
    with db.write() as s:
        last = s.execute(text("SELECT action, record_uid FROM audit_log ORDER BY seq DESC LIMIT 1")).one()
    assert tuple(last) == ("logout", "赵调解")


def test_the_window_after_a_switch_of_user_is_the_only_one_that_hears_of_changes(backend, qtbot, ui_settings,
                                                                               staff, answers):
    """切换用户 closes the first window and opens another on the same backend: the pages of the first must not
    still answer the backend's signals once they are gone (each save then raised two crash boxes)."""
    from PySide6.QtCore import QCoreApplication, QEvent

    from ui.main_window import MainWindow

    with backend._sessions()[1].begin() as s:
        backend.log_in(accounts.login(s, name="王调解", password=PASSWORD).actor)
    first = MainWindow(backend, ui_settings)
    first.show()
    first.switch_action.trigger()
    assert first.switch_requested
    first.deleteLater()                                     # as ui/app.py does between the two windows
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    backend.log_out()
    with backend._sessions()[1].begin() as s:
        backend.log_in(accounts.login(s, name="赵调解", password=PASSWORD).actor)
    second = MainWindow(backend, ui_settings)
    qtbot.addWidget(second)
    second.show()
    refreshed = []
    second.page.refresh = lambda: refreshed.append(1)
    backend.events.cases_changed.emit([])                  # a save: only the living window's pages answer
    assert refreshed == [1]


def test_a_message_on_the_lock_makes_room_instead_of_squashing_the_fields(backend, qtbot, staff):
    lock = LoginDialog(login_with(backend.as_system), [], locked_name="王调解")
    lock.open_forms = lambda: True
    qtbot.addWidget(lock)
    lock.show()
    qtbot.waitExposed(lock)
    field_height = lock.password.height()
    lock.reject()                                           # refused: the message takes a few lines
    qtbot.wait(20)
    assert lock.message.text() and lock.password.height() >= field_height
    assert lock.height() >= lock.sizeHint().height()
