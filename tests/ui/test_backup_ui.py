"""Start-up checks and the backups page: the day's backup, a broken audit trail reported, a damaged
database offered its latest good backup, a restore from the Settings page (主任 only), and a backup to a
folder made from the page as a 主任 does it: logged in, 设置 → 备份与恢复, a folder chosen."""
from __future__ import annotations

import fcntl
import os
import sqlite3
import stat
import struct
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog

from app import audit, backups
from app.access import Actor
from app.attachments import AttachmentStore
from app.services import accounts
from db.migrate import HEAD
from tests.conftest import register
from tests.ui.conftest import wait_saved
from ui import start_checks
from ui.backup_dialog import BackupDialog
from ui.login_dialog import LoginDialog, login_with

PASSWORD = "correct horse"


def titles(path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [r[0] for r in conn.execute("SELECT title FROM dispute ORDER BY id")]
    finally:
        conn.close()


def test_start_checks_make_the_days_backup_once_and_report_a_broken_trail(backend, qtbot, answers, db):
    health = start_checks.file_health(db.path)
    assert health.integrity == "ok" and health.backup is not None and not health.removable
    assert start_checks.file_health(db.path).backup is None             # once a day
    start_checks._audit_known(None, audit.Verification(12, 7, "第 7 条记录在写入后被改动过。"))
    assert answers.seen[-1][0] == "warning" and "第 7 条" in answers.seen[-1][1]


def test_a_damaged_database_is_offered_its_latest_good_backup(backend, qtbot, answers, db, monkeypatch):
    register(db, title="备份里的案件")
    backups.daily_backup(db.path)
    register(db, title="备份之后的案件")
    closed = []
    monkeypatch.setattr(QApplication, "closeAllWindows", staticmethod(lambda: closed.append(True)))
    db.engine.dispose()
    assert start_checks.offer_restore(None, backend, "database disk image is malformed")
    assert titles(db.path) == ["备份里的案件"] and closed
    assert any("恢复" in text for _kind, text in answers.seen)


def test_backups_page_restores_for_the_head_only(backend, qtbot, answers, db, monkeypatch):
    register(db, title="第一件")
    backups.daily_backup(db.path)
    register(db, title="第二件")
    backend.log_in(Actor(2, "赵调解", "mediator", 2))
    page = BackupDialog(backend)
    qtbot.addWidget(page)
    assert page.table.rowCount() == 1 and not page.restore_button.isEnabled()
    backend.log_in(Actor(1, "王调解", "head", 1))
    page = BackupDialog(backend)
    qtbot.addWidget(page)
    monkeypatch.setattr(QApplication, "closeAllWindows", staticmethod(lambda: None))
    db.engine.dispose()
    page.table.selectRow(0)
    page.restore_selected()
    assert titles(db.path) == ["第一件"]
    with sqlite3.connect(db.path) as conn:
        last = conn.execute("SELECT actor, action FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    assert last == ("王调解", "restore")


# --- a backup to a folder, through the main window's Settings menu ------------------------------------------

def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def head_window(backend, db, qtbot, ui_settings):
    """The main window after the 主任 logged in through the login form, as the app gets there."""
    from ui.main_window import MainWindow

    with db.write.begin() as s:
        accounts.add_account(s, name="王调解", role="head", password=PASSWORD)
    login = LoginDialog(login_with(backend.as_system), ["王调解"])
    qtbot.addWidget(login)
    login.password.setText(PASSWORD)
    login.accept()
    wait_saved(login)                   # the password is checked on the DB worker
    assert login.actor is not None and login.actor.role == "head"
    backend.log_in(login.actor)
    window = MainWindow(backend, ui_settings)
    qtbot.addWidget(window)
    window.show()
    return window


def open_backups_page(window) -> BackupDialog:
    window.backups_action.trigger()                      # 设置 → 备份与恢复…
    page = window.findChild(BackupDialog)
    assert page is not None and page.isVisible()
    return page


def back_up_to(page: BackupDialog, folder: Path, qtbot, answers, monkeypatch) -> tuple[str, str]:
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(lambda *a, **k: str(folder)))
    seen = len(answers.seen)
    qtbot.mouseClick(page.backup_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: len(answers.seen) > seen, timeout=20000)
    return answers.seen[-1]


def test_head_backs_up_to_a_folder_from_the_settings_page(head_window, db, tmp_path, qtbot, answers,
                                                           monkeypatch):
    register(db, title="备份里的第一件")
    register(db, title="备份里的第二件")
    quote = tmp_path / "报价单.txt"
    quote.write_text("维修报价：3500.50元", encoding="utf-8")
    sha, _size = AttachmentStore.beside(db.path).put(quote)
    stick = tmp_path / "U盘 #1 (100%)"                  # characters a SQLite URI must not take literally
    stick.mkdir()
    page = open_backups_page(head_window)
    kind, text = back_up_to(page, stick, qtbot, answers, monkeypatch)
    made = list(stick.glob("*.sqlite"))
    assert kind == "information" and len(made) == 1 and made[0].name == "调解站备份-20261123-100000.sqlite"
    assert "已写入" in text and str(made[0]) in text and "完整性检查" in text
    assert backups.check_copy(made[0]) == HEAD                          # quick_check ok, schema current
    assert titles(made[0]) == ["备份里的第一件", "备份里的第二件"]
    attachment = stick / "attachments" / sha[:2] / sha
    assert attachment.read_bytes() == quote.read_bytes()
    assert mode(made[0]) == 0o600 and mode(attachment) == 0o600        # backups hold personal information
    assert sorted(p.name for p in stick.iterdir()) == ["attachments", made[0].name]   # no -wal, -shm, .part
    assert not list(backups.automatic_folder(db.path).glob(".*"))      # the private snapshot is gone too
    head_window.backend.runner.wait()
    with db.read() as s:                                               # on the audit trail, as the head
        from app.services.sql import rows

        entry = rows(s, "SELECT actor, detail FROM audit_log WHERE action = 'backup'")
    assert len(entry) == 1 and entry[0][0] == "王调解" and made[0].name in entry[0][1]


def immutable(folder: Path, on: bool) -> None:
    """chattr ±i: the one way to refuse root a folder (the suite runs as root in CI)."""
    get_flags, set_flags, immutable_flag = 0x80086601, 0x40086602, 0x10
    fd = os.open(folder, os.O_RDONLY)
    try:
        flags = struct.unpack("i", fcntl.ioctl(fd, get_flags, struct.pack("i", 0)))[0]
        flags = flags | immutable_flag if on else flags & ~immutable_flag
        fcntl.ioctl(fd, set_flags, struct.pack("i", flags))
    finally:
        os.close(fd)


@pytest.fixture
def unwritable_folder(tmp_path):
    folder = tmp_path / "写保护的U盘"
    folder.mkdir()
    try:
        if os.geteuid() == 0:
            immutable(folder, True)
        else:
            folder.chmod(0o500)
    except OSError as exc:
        pytest.skip(f"this file system cannot make a folder read-only for this user ({exc})")
    yield folder
    if os.geteuid() == 0:
        immutable(folder, False)
    folder.chmod(0o700)


def test_a_folder_that_cannot_be_written_is_named_and_left_empty(head_window, db, unwritable_folder, qtbot,
                                                                  answers, monkeypatch):
    register(db, title="一件案件")
    page = open_backups_page(head_window)
    kind, text = back_up_to(page, unwritable_folder, qtbot, answers, monkeypatch)
    assert kind == "warning" and str(unwritable_folder) in text
    assert "无法写入文件夹" in text and "没有留下不完整的文件" in text and "Error" not in text
    assert list(unwritable_folder.iterdir()) == []
    assert not list(backups.automatic_folder(db.path).glob(".*"))


def test_the_days_backup_off_the_gui_thread_then_one_from_the_page_in_the_same_second(
        head_window, backend, db, qtbot, answers, monkeypatch):
    register(db, title="今天的案件")
    start_checks.run(head_window, backend)               # the start checks: the day's backup on the I/O pool
    qtbot.waitUntil(lambda: "今日备份已完成" in head_window.statusBar().currentMessage(), timeout=20000)
    page = open_backups_page(head_window)
    folder = backups.automatic_folder(db.path)
    kind, _text = back_up_to(page, folder, qtbot, answers, monkeypatch)   # same folder, same frozen second
    made = sorted(p.name for p in folder.glob("*.sqlite"))
    assert kind == "information"
    assert made == ["调解站备份-20261123-100000-2.sqlite", "调解站备份-20261123-100000.sqlite"]
    for name in made:
        assert backups.check_copy(folder / name) == HEAD and titles(folder / name) == ["今天的案件"]
        assert mode(folder / name) == 0o600
    assert mode(folder) == 0o700 and not list(folder.glob(".*"))
    assert page.table.rowCount() == 2                     # the page lists the new one at once


def test_a_backup_made_from_the_page_is_restored_from_the_page(head_window, backend, db, tmp_path, qtbot,
                                                                answers, monkeypatch):
    register(db, title="备份前的案件")
    stick = tmp_path / "stick"
    stick.mkdir()
    page = open_backups_page(head_window)
    back_up_to(page, stick, qtbot, answers, monkeypatch)
    made = next(stick.glob("*.sqlite"))
    register(db, title="备份后的案件")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(made), "")))
    monkeypatch.setattr(QApplication, "closeAllWindows", staticmethod(lambda: None))
    db.engine.dispose()
    page.restore_file()                                   # 从文件恢复…, answered Yes
    assert titles(db.path) == ["备份前的案件"] and mode(db.path) == 0o600
    assert answers.seen[-1][0] == "information" and "已从" in answers.seen[-1][1]
    kept = next(backups.automatic_folder(db.path).glob("调解站-恢复前-*.sqlite"))
    assert titles(kept) == ["备份前的案件", "备份后的案件"] and mode(kept) == 0o600
