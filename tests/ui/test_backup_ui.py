"""Start-up checks and the backups page: the day's backup, a broken audit trail reported, a damaged
database offered its latest good backup, a restore from the Settings page (主任 only)."""
from __future__ import annotations

import sqlite3

from PySide6.QtWidgets import QApplication

from app import audit, backups
from app.access import Actor
from tests.conftest import register
from ui import start_checks
from ui.backup_dialog import BackupDialog


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
