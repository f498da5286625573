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


# --- hostile backups (issue 14): each is refused with a Chinese message and changes nothing -------------------

@pytest.fixture
def stick(db, head_login, tmp_path):
    """A good backup of a station with an attachment, on a stick of its own."""
    full_case_record(db)
    folder = tmp_path / "stick"
    folder.mkdir()
    made = backups.backup(db.path, folder, now=datetime(2026, 11, 23, 9, 0))
    register(db, title="备份之后登记的案件")
    db.engine.dispose()
    return made.path


def refused(db, backup_file, capsys, *expected: str) -> None:
    """The attack's outcome: exit 1, one Chinese line naming the problem, the database and the attachments as
    they were, and no copy made."""
    from ui.cli import main

    store = db.path.parent / "station-attachments"
    before, files = digest(db.path), sorted(p for p in store.rglob("*"))
    assert main(["--db", str(db.path), "restore", str(backup_file), "--yes"]) == 1
    err = capsys.readouterr().err
    assert "错误" in err and all(text in err for text in expected), err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert digest(db.path) == before and sorted(p for p in store.rglob("*")) == files
    assert not list(backups.automatic_folder(db.path).glob("调解站-恢复前-*"))


@pytest.mark.parametrize("statement, named", [
    ("CREATE TRIGGER wipe AFTER INSERT ON dispute BEGIN DELETE FROM party; END", ("wipe 的触发器",)),
    ("CREATE VIEW leak AS SELECT name, id_number FROM party", ("leak 的视图",)),
    ("CREATE TABLE extra (x)", ("extra 的表",)),
])
def test_a_backup_with_a_foreign_trigger_view_or_table_is_refused(db, stick, capsys, statement, named):
    with sqlite3.connect(stick) as conn:
        conn.execute(statement)
    refused(db, stick, capsys, *named, "改动")


def test_a_backup_with_a_changed_trigger_is_refused(db, stick, capsys):
    with sqlite3.connect(stick) as conn:        # the audit trail's guard, disarmed under its own name
        conn.execute("DROP TRIGGER audit_log_no_delete")
        conn.execute("CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT 1; END")
    refused(db, stick, capsys, "audit_log_no_delete")


def test_a_backup_missing_a_trigger_is_refused(db, stick, capsys):
    with sqlite3.connect(stick) as conn:
        conn.execute("DROP TRIGGER audit_log_no_update")
    refused(db, stick, capsys, "缺少", "audit_log_no_update")


@pytest.mark.parametrize("tables", [(), ("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)",
                                         "INSERT INTO alembic_version VALUES ('0008')")])
def test_an_empty_schema_is_refused(db, head_login, tmp_path, capsys, tables):
    from db.migrate import HEAD

    empty = tmp_path / "调解站备份-20261123-090000.sqlite"
    with sqlite3.connect(empty) as conn:
        conn.execute("PRAGMA user_version = 1")      # a valid SQLite file, but no station in it
        for statement in tables:
            conn.execute(statement.replace("0008", HEAD))
    db.engine.dispose()
    refused(db, empty, capsys, "空")


def test_a_symbolic_link_among_the_attachments_is_refused(db, stick, tmp_path, capsys):
    secret = tmp_path / "secret.txt"
    secret.write_text("另一台电脑上的文件", encoding="utf-8")
    sha = hashlib.sha256(secret.read_bytes()).hexdigest()      # named by its hash: only the link gives it away
    (stick.parent / "attachments" / sha[:2]).mkdir(exist_ok=True)
    (stick.parent / "attachments" / sha[:2] / sha).symlink_to(secret)
    refused(db, stick, capsys, "符号链接", sha)
    (stick.parent / "attachments" / sha[:2] / sha).unlink()
    (stick.parent / "attachments" / "zz").symlink_to(tmp_path, target_is_directory=True)
    refused(db, stick, capsys, "符号链接", "zz")


def test_an_attachment_whose_content_does_not_match_its_hash_is_refused(db, stick, capsys):
    store = db.path.parent / "station-attachments"
    for path in store.rglob("*"):
        if path.is_file():
            path.unlink()                       # the station lost the file: the restore would copy it back
    kept = next(p for p in (stick.parent / "attachments").rglob("*") if p.is_file())
    kept.write_bytes(b"altered on the stick")
    refused(db, stick, capsys, "哈希", kept.name)
    assert not [p for p in store.rglob("*") if p.is_file()]      # nothing half-copied, not even a .part


def test_the_gui_restore_refuses_a_foreign_trigger_before_closing_anything(db, stick, qtbot, monkeypatch):
    from ui import backup_dialog
    from ui.backend import Backend
    from ui.events import AppEvents
    from ui.tasks import TaskRunner

    with sqlite3.connect(stick) as conn:
        conn.execute("CREATE TRIGGER wipe AFTER INSERT ON dispute BEGIN DELETE FROM party; END")
    shown = []
    monkeypatch.setattr(backup_dialog, "show_error", lambda parent, exc: shown.append(str(exc)))
    monkeypatch.setattr(backup_dialog, "confirm", lambda *args: False)     # were it asked, the answer is no
    backend = Backend(db.path, TaskRunner(), AppEvents())
    backend.log_in(Actor(1, "王调解", "head", 1))
    page = backup_dialog.BackupDialog(backend)
    qtbot.addWidget(page)
    before = digest(db.path)
    page.restore(stick)
    backend.runner.wait()
    backend.close()
    assert len(shown) == 1 and "wipe 的触发器" in shown[0]
    assert digest(db.path) == before


def test_an_older_backup_is_compared_with_its_own_revision(tmp_path):
    """A backup from before the last upgrades is checked against a database migrated to its revision, and
    passes; a trigger slipped into it does not."""
    from app.restore import check_backup
    from db import migrate
    from db.engine import make_engine

    old = tmp_path / "调解站备份-20250101-090000.sqlite"
    engine = make_engine(old)
    migrate.upgrade(engine, "0007")
    engine.dispose()
    with sqlite3.connect(old) as conn:
        conn.execute("PRAGMA journal_mode=DELETE")
    assert check_backup(old) == "0007"
    with sqlite3.connect(old) as conn:
        conn.execute("CREATE TRIGGER later AFTER UPDATE ON station BEGIN DELETE FROM dispute; END")
    with pytest.raises(MediationError, match="later"):
        check_backup(old)
