"""Restore: the backup checked, the current database kept, attachments completed, the next bundle full;
a second running copy refused; a migration that fails puts the database back; a newer one is untouched."""
from __future__ import annotations

import hashlib
import sqlite3
from datetime import datetime

import pytest

from app import backups
from app.access import Actor
from app.database import NewerDatabase, open_database
from app.errors import MediationError, PermissionRefused
from app.instance_lock import AlreadyOpen, InstanceLock
from app.restore import restore
from tests.conftest import full_case_record, register


def titles(path) -> list[str]:
    with sqlite3.connect(path) as conn:
        return [r[0] for r in conn.execute("SELECT title FROM dispute ORDER BY id")]


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_restore_puts_the_backup_back_and_keeps_the_current_database(db, head_login, tmp_path, capsys):
    from ui.cli import main

    full_case_record(db)
    stick = tmp_path / "stick"
    stick.mkdir()
    made = backups.backup(db.path, stick, now=datetime(2026, 11, 23, 9, 0))
    register(db, title="备份之后登记的案件")
    for path in (db.path.parent / "station-attachments").rglob("*"):
        if path.is_file():
            path.unlink()                                       # the disk lost the attachment too
    db.engine.dispose()
    assert main(["--db", str(db.path), "restore", str(made.path), "--yes"]) == 0
    out = capsys.readouterr().out
    assert "恢复" in out and "完整" in out
    assert titles(db.path) == ["张三与李四邻里纠纷"]
    kept = next(backups.automatic_folder(db.path).glob("调解站-恢复前-*.sqlite"))
    assert "备份之后登记的案件" in titles(kept)
    assert any(p.is_file() for p in (db.path.parent / "station-attachments").rglob("*"))
    with sqlite3.connect(db.path) as conn:
        assert conn.execute("SELECT value FROM station_setting WHERE key = 'sync.next_full'").fetchone() == ("1",)
        assert conn.execute("SELECT action FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone() == ("restore",)
    assert main(["--db", str(db.path), "audit", "verify"]) == 0


def test_restore_refuses_a_damaged_backup_a_mediator_and_a_running_app(db, tmp_path, capsys):
    from ui.cli import main

    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"not a database at all" * 100)
    before = digest(db.path)
    assert main(["--db", str(db.path), "restore", str(bad), "--yes"]) == 1
    assert "错误" in capsys.readouterr().err
    good = backups.backup(db.path, tmp_path).path
    with pytest.raises(PermissionRefused):
        restore(db.path, good, actor=Actor(5, "赵调解", "mediator", 3))
    with InstanceLock(db.path):
        with pytest.raises(AlreadyOpen, match="另一个"):
            restore(db.path, good)
        with pytest.raises(AlreadyOpen):
            InstanceLock(db.path).acquire()
    assert digest(db.path) == before
    InstanceLock(db.path).acquire().release()                    # free again once the holder is gone


def test_a_database_from_a_newer_version_is_refused_and_left_untouched(db):
    with sqlite3.connect(db.path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0099'")
    db.engine.dispose()
    before = digest(db.path)
    with pytest.raises(NewerDatabase, match="更新版本"):
        open_database(db.path)
    assert digest(db.path) == before


def test_a_failed_migration_puts_the_database_back(tmp_path, monkeypatch):
    from db import migrate
    from db.engine import make_engine

    path = tmp_path / "old.sqlite"
    engine = make_engine(path)
    migrate.upgrade(engine, "0007")
    with engine.begin() as conn:
        conn.exec_driver_sql("INSERT INTO station (id, uid, name, code, county, case_prefix, created_at, "
                             "updated_at, revision) VALUES (1, 's', '调委会', 'c', '县', '城人', '2026-01-01', "
                             "'2026-01-01', 1)")
    engine.dispose()
    real_upgrade = migrate.upgrade

    def breaks_halfway(engine, revision="head"):
        with engine.begin() as conn:
            conn.exec_driver_sql("DELETE FROM station")           # damage done by a half-run migration
        raise RuntimeError("disk error in the middle")
    monkeypatch.setattr(migrate, "upgrade", breaks_halfway)
    with pytest.raises(MediationError, match="恢复原状|放回"):
        open_database(path)
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT name FROM station").fetchall() == [("调委会",)]
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == ("0007",)
    monkeypatch.setattr(migrate, "upgrade", real_upgrade)
    engine, _read, _write = open_database(path)                  # and works once the cause is gone
    engine.dispose()
    assert list(backups.automatic_folder(path).glob("调解站-升级前-*.sqlite"))
