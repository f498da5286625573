"""Backups: a consistent, checked copy with the attachments, made while the database is in use; a copy that
fails its check is never given a backup's name."""
from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

import pytest

from app import backups
from app.errors import MediationError
from tests.conftest import full_case_record, register


def test_backup_is_a_checked_copy_with_the_attachments_even_while_a_writer_is_busy(db, head_login, tmp_path, capsys):
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


def test_rotation_keeps_seven_days_four_weeks_and_twelve_months():
    from datetime import date, timedelta

    today = date(2026, 11, 23)
    # two backups a day for 400 days
    taken = [datetime(2026, 11, 23, h) - timedelta(days=d) for d in range(400) for h in (9, 15)]
    kept = backups.to_keep(taken, today)
    days = sorted({t.date() for t in kept}, reverse=True)
    assert days[:7] == [today - timedelta(days=d) for d in range(7)]           # every one of the last 7 days
    assert all(t.hour == 15 for t in kept)                                       # the newest of each day
    weeks = {t.isocalendar()[:2] for t in kept}
    assert len({(today - timedelta(weeks=w)).isocalendar()[:2] for w in range(4)} - weeks) == 0
    months = {(t.year, t.month) for t in kept}
    assert len(months) == 12 and (2025, 12) in months and (2025, 11) not in months
    assert len(kept) <= 7 + 4 + 12


def test_daily_backup_once_a_day_and_old_ones_rotated(db):
    from datetime import timedelta

    folder = backups.automatic_folder(db.path)
    start = datetime(2026, 1, 1, 8, 0)
    for day in range(60):
        backups.daily_backup(db.path, now=start + timedelta(days=day))
    again = backups.daily_backup(db.path, now=start + timedelta(days=59, hours=3))
    assert again is None                                          # the second start of a day copies nothing
    names = [p.name for _t, p in backups.list_backups(folder)]
    assert names[0] == "调解站备份-20260301-080000.sqlite"
    assert 7 <= len(names) <= 7 + 4 + 12 - 2
    assert (folder / "attachments").is_dir() or not (db.path.parent / "station-attachments").exists()


def test_sqlite_never_opens_a_file_in_the_chosen_folder(db, tmp_path, monkeypatch):
    """The 'disk I/O error' from 设置 → 备份: the backup API made the copy a WAL database for a moment, so SQLite
    created -wal and -shm on the stick and mapped the -shm, which FUSE, network and VM-shared folders refuse.
    The folder now only receives plain writes; SQLite works beside the database."""
    from urllib.parse import unquote

    register(db)
    stick = tmp_path / "stick"
    stick.mkdir()
    opened: list[str] = []
    real_connect = sqlite3.connect

    def spy(target, *args, **kwargs):
        opened.append(unquote(str(target)))
        return real_connect(target, *args, **kwargs)
    monkeypatch.setattr(sqlite3, "connect", spy)
    made = backups.backup(db.path, stick)
    monkeypatch.undo()
    assert opened and not [p for p in opened if str(stick) in p]
    assert [p.name for p in stick.iterdir()] == [made.path.name]
    assert backups.check_copy(made.path) and made.sha256 == backups._file_digest(made.path)


def test_two_backups_in_the_same_second_to_one_folder_keep_both(db, tmp_path):
    from concurrent.futures import ThreadPoolExecutor

    register(db)
    out = tmp_path / "stick"
    out.mkdir()
    at = datetime(2026, 11, 23, 10, 0, 0)
    with ThreadPoolExecutor(2) as pool:
        made = list(pool.map(lambda _i: backups.backup(db.path, out, now=at), range(2)))
    names = sorted(m.path.name for m in made)
    assert names == ["调解站备份-20261123-100000-2.sqlite", "调解站备份-20261123-100000.sqlite"]
    assert all(backups.check_copy(m.path) for m in made)
    assert sorted(p.name for p in out.iterdir()) == names     # no temporary file left


def test_a_folder_that_refuses_the_chinese_name_gets_a_plain_one(db, tmp_path, monkeypatch):
    """A FAT stick mounted without UTF-8 refuses 调解站备份-…: the backup takes an ASCII name there."""
    import errno
    import os as os_module

    register(db)
    out = tmp_path / "fat"
    out.mkdir()
    real_open = os_module.open

    def fat_open(path, flags, *args, **kwargs):
        if str(out) in str(path) and not Path(path).name.isascii():
            raise OSError(errno.EINVAL, "Invalid argument", str(path))
        return real_open(path, flags, *args, **kwargs)
    monkeypatch.setattr(os_module, "open", fat_open)
    made = backups.backup(db.path, out)
    monkeypatch.undo()
    assert made.path.name == "mediation-backup-20261123-100000.sqlite" and backups.check_copy(made.path)
    assert [p.name for p in out.iterdir()] == [made.path.name]
