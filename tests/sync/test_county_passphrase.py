"""The county's private keys and person key are sealed in its database under a passphrase: not readable from the
file, refused with a wrong passphrase (nothing changed), and sealed on the first open of an older database."""
from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from app.sync import county_secrets
from tests.sync.conftest import PASSPHRASE
from ui.cli import main

ENV = "MEDIATION_COUNTY_PASSPHRASE"
INIT = ["--name", "某某县司法局", "--reviewer", "王调解"]      # the reviewer logs in as cli_env says
pytestmark = pytest.mark.usefixtures("cli_env")


@pytest.fixture(autouse=True)
def new_process():
    """Each command is a process of its own: nothing opened by an earlier one is remembered."""
    county_secrets._opened.clear()
    yield
    county_secrets._opened.clear()


def raw_bytes(path: Path) -> bytes:
    """The database as anyone who copies its files would read it: the main file, its WAL and shared memory."""
    return b"".join(Path(str(path) + s).read_bytes() for s in ("", "-wal", "-shm") if Path(str(path) + s).exists())


def secrets_of(path: Path) -> dict[str, bytes]:
    """The three secrets in plain, opened with the right passphrase."""
    from app.database import open_database
    from app.sync import county

    engine, _read, write = open_database(path)
    county_secrets.unlock(write, PASSPHRASE)
    with write() as s:
        row = county.identity(s)
        found = {"signing": county_secrets.plain(row.signing_key), "agreement": county_secrets.plain(row.agreement_key),
                 "person": county.person_secret(row)}
    engine.dispose()
    county_secrets._opened.clear()
    return found


def identity_row(path: Path) -> tuple:
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT signing_key, agreement_key, person_key FROM county_identity").fetchone()


def test_county_init_seals_the_keys_in_the_database_file(tmp_path, monkeypatch, capsys):
    path = tmp_path / "county.sqlite"
    monkeypatch.setenv(ENV, PASSPHRASE)
    assert main(["county", "init", "--db", str(path), *INIT]) == 0
    county_secrets._opened.clear()
    assert main(["county", "export-key", "--db", str(path), "--out", str(tmp_path / "key.json")]) == 0
    found = secrets_of(path)
    assert [len(v) for v in found.values()] == [32, 32, 32]
    stored = raw_bytes(path)
    assert not [name for name, value in found.items() if value in stored]
    assert all(bytes(v).startswith(b"\x00MSSEAL1") for v in identity_row(path))


def test_a_wrong_passphrase_is_refused_in_chinese_and_changes_nothing(tmp_path, monkeypatch, capsys):
    path = tmp_path / "county.sqlite"
    monkeypatch.setenv(ENV, PASSPHRASE)
    assert main(["county", "init", "--db", str(path), *INIT]) == 0
    county_secrets._opened.clear()
    before = identity_row(path)
    capsys.readouterr()
    monkeypatch.setenv(ENV, "not the county passphrase")
    assert main(["county", "export-key", "--db", str(path), "--out", str(tmp_path / "key.json")]) == 1
    err = capsys.readouterr().err
    assert "口令不对" in err and "Traceback" not in err and not (tmp_path / "key.json").exists()
    assert identity_row(path) == before
    monkeypatch.delenv(ENV)
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    assert main(["county", "conflicts", "--db", str(path)]) == 1
    assert ENV in capsys.readouterr().err


def test_an_older_county_database_is_sealed_on_its_first_open_with_a_passphrase(tmp_path, monkeypatch, capsys):
    """A county database from before this version: its secrets in plain. The first open with a passphrase seals
    them, the keys themselves stay the same (stations need not re-import anything), and the plain bytes are gone
    from the file."""
    path = tmp_path / "county.sqlite"
    monkeypatch.setenv(ENV, PASSPHRASE)
    assert main(["county", "init", "--db", str(path), *INIT]) == 0
    assert main(["county", "export-key", "--db", str(path), "--out", str(tmp_path / "before.json")]) == 0
    found = secrets_of(path)
    with sqlite3.connect(path) as conn:                      # what the version before this one stored
        conn.execute("UPDATE county_identity SET signing_key = ?, agreement_key = ?, person_key = ?",
                     (found["signing"], found["agreement"], found["person"]))
        conn.commit()
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert found["person"] in raw_bytes(path)
    monkeypatch.delenv(ENV)
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    assert main(["county", "conflicts", "--db", str(path)]) == 1    # no passphrase to seal them with: refused
    assert identity_row(path) == (found["signing"], found["agreement"], found["person"])
    monkeypatch.setenv(ENV, "short")
    assert main(["county", "conflicts", "--db", str(path)]) == 1
    assert "至少要有 10 个字符" in capsys.readouterr().err and identity_row(path)[2] == found["person"]

    monkeypatch.setenv(ENV, PASSPHRASE)
    assert main(["county", "export-key", "--db", str(path), "--out", str(tmp_path / "after.json")]) == 0
    assert (tmp_path / "after.json").read_bytes() == (tmp_path / "before.json").read_bytes()
    assert not [name for name, value in found.items() if value in raw_bytes(path)]
    assert secrets_of(path) == found


def test_locked_keys_refuse_an_import_with_a_plain_message_and_change_nothing(db, county_db, tmp_path):
    from app.sync.county_import import import_bundles
    from tests.conftest import register
    from tests.sync.conftest import export, link, snapshot

    link(db, county_db, tmp_path)
    register(db)
    bundle = export(db, tmp_path / "stick").path
    county_secrets._opened.clear()
    before = snapshot(county_db.engine)
    [report] = import_bundles(county_db.write, [bundle])
    assert report.refused and "口令" in report.message and snapshot(county_db.engine) == before


def test_the_county_window_asks_for_the_passphrase_until_it_is_right(county_db, qtbot):
    from ui.county_app import open_keys
    from ui.passphrase_dialog import PassphraseDialog

    county_secrets._opened.clear()
    assert county_secrets.state(county_db.read) == county_secrets.LOCKED
    dialog = PassphraseDialog(lambda text: county_secrets.unlock(county_db.write, text), new=False)
    qtbot.addWidget(dialog)
    dialog.passphrase.setText("wrong passphrase here")
    dialog.accept()
    assert "口令不对" in dialog.message.text() and dialog.result() != PassphraseDialog.DialogCode.Accepted
    assert county_secrets.state(county_db.read) == county_secrets.LOCKED
    dialog.passphrase.setText(PASSPHRASE)
    dialog.accept()
    assert dialog.result() == PassphraseDialog.DialogCode.Accepted
    assert county_secrets.state(county_db.read) == county_secrets.OPEN
    assert open_keys(county_db.read, county_db.write)          # open already: not asked again


def test_on_postgresql_too_the_plain_secrets_are_sealed_and_the_old_row_vacuumed(pg_county):
    from sqlalchemy import text

    from app.sync import county

    with pg_county.read() as s:
        row = county.identity(s)
        found = (county_secrets.plain(row.signing_key), county_secrets.plain(row.agreement_key),
                 county.person_secret(row))
    with pg_county.engine.begin() as conn:                  # as the version before this one stored them
        conn.execute(text("UPDATE county_identity SET signing_key = :a, agreement_key = :b, person_key = :c"),
                     dict(zip("abc", found)))
    county_secrets._opened.clear()
    file_node = "SELECT pg_relation_filenode('county_identity')"
    with pg_county.engine.connect() as conn:
        old_file = conn.execute(text(file_node)).scalar()
    assert county_secrets.state(pg_county.read) == county_secrets.PLAIN
    assert county_secrets.unlock(pg_county.write, PASSPHRASE) is True
    with pg_county.engine.connect() as conn:
        stored = conn.execute(text("SELECT signing_key, agreement_key, person_key FROM county_identity")).one()
        assert conn.execute(text(file_node)).scalar() != old_file     # rewritten: the dead plain row is gone
    assert all(bytes(v).startswith(b"\x00MSSEAL1") for v in stored)
    county_secrets._opened.clear()
    county_secrets.unlock(pg_county.write, PASSPHRASE)
    with pg_county.read() as s:
        row = county.identity(s)
        assert (county_secrets.plain(row.signing_key), county_secrets.plain(row.agreement_key),
                county.person_secret(row)) == found
