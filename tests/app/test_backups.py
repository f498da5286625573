"""Backups: a consistent, checked copy with the attachments, made while the database is in use; a copy that
fails its check is never given a backup's name."""
from __future__ import annotations

import sqlite3
from datetime import datetime

import pytest

from app import backups
from app.errors import MediationError
from tests.conftest import full_case_record, register


def test_backup_is_a_checked_copy_with_the_attachments_even_while_a_writer_is_busy(db, tmp_path, capsys):
    from ui.cli import main

    full_case_record(db)
    out = tmp_path / "stick"
    out.mkdir()
    writer = sqlite3.connect(db.path, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")                     # another window in the middle of a save
    writer.execute("UPDATE dispute SET title = '未提交的改动'")
    first = backups.backup(db.path, out, now=datetime(2026, 11, 23, 18, 0, 0))
    writer.execute("ROLLBACK")
    writer.close()
    assert first.path.name == "调解站备份-20261123-180000.sqlite" and first.attachments_copied == 1
    with sqlite3.connect(first.path) as copy:
        assert copy.execute("SELECT title FROM dispute").fetchall() == [("张三与李四邻里纠纷",)]
        assert copy.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert [p.name for p in (out / "attachments").rglob("*") if p.is_file()] == [
        p.name for p in (db.path.parent / "station-attachments").rglob("*") if p.is_file()]
    register(db, title="第二件")
    assert main(["--db", str(db.path), "backup", "--out", str(out)]) == 0
    assert "0" in capsys.readouterr().out                  # the attachment was already there
    assert len(list(out.glob("*.sqlite"))) == 2 and not list(out.glob("*.part"))


def test_a_missing_folder_or_a_damaged_copy_leaves_no_backup(db, tmp_path, monkeypatch):
    with pytest.raises(MediationError, match="不存在"):
        backups.backup(db.path, tmp_path / "nowhere")
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
    with pytest.raises(MediationError):
        backups.check_copy(bad)
    out = tmp_path / "stick"
    out.mkdir()

    def damaged(path):
        raise MediationError("damaged")
    monkeypatch.setattr(backups, "check_copy", damaged)
    with pytest.raises(MediationError, match="damaged"):
        backups.backup(db.path, out)
    assert list(out.iterdir()) == []
