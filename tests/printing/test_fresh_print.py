"""The `print` command as a user runs it, in a fresh process (`python -m ui.cli`, logged in through the
environment): it loads only what printing needs, it prints what a print inside the running app prints, and the
login's Argon2 verification, run ahead while the code loads, still refuses, counts and audits as before."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from app import password_ahead
from app.documents import issuing
from tests.conftest import CLI_PASSWORD, CLI_USER, full_case_record
from ui.cli import main

CASE = "(2026)城人调字第1号"
FROZEN = "2026-11-23T10:00:00+08:00"      # the tests' frozen clock (tests/conftest.py), for the child too
# What other commands and the GUI load, and a print never should: the county's PostgreSQL dialect (its index
# option once loaded it everywhere), alembic (only when a schema is migrated), Qt, spreadsheets, merging.
NOT_LOADED = ("sqlalchemy.dialects.postgresql", "alembic", "PySide6", "openpyxl", "pypdf")


def fresh_print(db_path, *argv: str, env: dict | None = None) -> tuple[subprocess.CompletedProcess, set[str]]:
    """`mediation-station --db DB print ARGV` in a new process: (the process, every module it imported)."""
    proc = subprocess.run([sys.executable, "-X", "importtime", "-m", "ui.cli", "--db", str(db_path), "print", *argv],
                          capture_output=True, text=True, timeout=120, check=False,
                          env={**os.environ, "MEDIATION_STATION_CLOCK": FROZEN, **(env or {})})
    modules = {line.rsplit("|", 1)[-1].strip() for line in proc.stderr.splitlines()
               if line.startswith("import time:")}
    return proc, modules


def pdf_text(path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def pages(path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


@pytest.fixture
def station(db, head_login):
    full_case_record(db)
    db.engine.dispose()
    return db


def test_a_fresh_print_loads_only_what_printing_needs(station, tmp_path):
    proc, modules = fresh_print(station.path, CASE, "--doc", "agreement", "--out", str(tmp_path / "a.pdf"))
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert {"sqlalchemy.orm", "reportlab.platypus", "argon2"} <= modules     # the parse itself works
    assert [m for m in modules if m.startswith(NOT_LOADED)] == []
    assert (tmp_path / "a.pdf").read_bytes().startswith(b"%PDF")


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) is not installed")
@pytest.mark.parametrize("doc_type", ["agreement", "acceptance", "session-record", "hearing-notice",
                                      "evidence-list", "cover"])
def test_a_fresh_print_is_the_document_the_running_app_prints(station, doc_type, tmp_path):
    """Same text, same pages, same verification code: the fresh path (collector paused, login run ahead) changes
    nothing on paper. The app prints first and issues; the command finds the same content and the same code."""
    with station.write.begin() as s:
        _doc, issued, printout = issuing.issue_printed(s, dispute_id=1, doc_type=doc_type)
    (tmp_path / "app.pdf").write_bytes(printout.pdf)
    station.engine.dispose()
    proc, _modules = fresh_print(station.path, CASE, "--doc", doc_type, "--out", str(tmp_path / "cli.pdf"))
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert not issued.draft and issued.code in proc.stdout
    assert pdf_text(tmp_path / "cli.pdf") == pdf_text(tmp_path / "app.pdf")
    assert pages(tmp_path / "cli.pdf") == pages(tmp_path / "app.pdf") == printout.pages


def login_actions(station) -> list[str]:
    from app.services.sql import rows

    with station.read() as s:
        return [r[0] for r in rows(s, "SELECT action FROM audit_log WHERE action LIKE 'lo%' ORDER BY seq")]


def test_a_wrong_password_run_ahead_is_refused_counted_and_prints_nothing(station, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("MEDIATION_STATION_PASSWORD", "not the password")
    out = tmp_path / "a.pdf"
    for left in (4, 3, 2, 1):
        assert main(["--db", str(station.path), "print", CASE, "--doc", "agreement", "--out", str(out)]) == 1
        assert f"还可尝试 {left} 次" in capsys.readouterr().err
    assert main(["--db", str(station.path), "print", CASE, "--doc", "agreement", "--out", str(out)]) == 1
    assert "锁定" in capsys.readouterr().err
    monkeypatch.setenv("MEDIATION_STATION_PASSWORD", CLI_PASSWORD)     # locked: the right one, verified ahead, waits
    assert main(["--db", str(station.path), "print", CASE, "--doc", "agreement", "--out", str(out)]) == 1
    assert "锁定" in capsys.readouterr().err
    assert not out.exists()
    assert login_actions(station) == ["login_failed"] * 4 + ["lockout", "login_refused"]
    with station.read() as s:
        from app.services.sql import rows

        assert rows(s, "SELECT count(*) FROM issued_document")[0][0] == 0


def test_a_disabled_account_is_refused_though_its_password_was_verified_ahead(station, tmp_path, capsys):
    from app.services import accounts

    with station.write.begin() as s:
        accounts.add_account(s, name="赵调解", role="head", password="zhao password 1")
        accounts.set_disabled(s, name=CLI_USER, disabled=True)
    assert main(["--db", str(station.path), "print", CASE, "--doc", "agreement", "--out",
                 str(tmp_path / "a.pdf")]) == 1
    assert "停用" in capsys.readouterr().err
    assert not (tmp_path / "a.pdf").exists()
    assert login_actions(station)[-1] == "login_refused"


def test_the_right_password_prints_and_the_login_is_audited(station, tmp_path, capsys):
    assert main(["--db", str(station.path), "print", CASE, "--doc", "agreement", "--out",
                 str(tmp_path / "a.pdf")]) == 0
    assert "校验码" in capsys.readouterr().out
    assert login_actions(station)[-1] == "login"


def test_a_verification_run_ahead_answers_only_its_own_hash_and_password_once(station):
    from app.services.sql import rows

    with station.read() as s:
        stored = rows(s, "SELECT password_hash FROM account WHERE name = :n", {"n": CLI_USER})[0][0]
    password_ahead.start(station.path, CLI_USER, CLI_PASSWORD)
    assert not password_ahead.verified(stored, CLI_PASSWORD + "x")     # another password: not vouched for
    password_ahead.start(station.path, CLI_USER, CLI_PASSWORD)
    assert not password_ahead.verified(stored.replace("$argon2id$", "$argon2i$"), CLI_PASSWORD)  # another hash
    assert password_ahead.verified(stored, CLI_PASSWORD)
    assert not password_ahead.verified(stored, CLI_PASSWORD)            # used once
    password_ahead.start(station.path, CLI_USER, "wrong password")
    assert not password_ahead.verified(stored, "wrong password")
    password_ahead.start(station.path, "nobody", CLI_PASSWORD)          # no such account, no file: nothing starts
    password_ahead.start(station.path.parent / "none.sqlite", CLI_USER, CLI_PASSWORD)
    assert not password_ahead.verified(stored, CLI_PASSWORD)


def test_the_postgresql_form_of_the_partial_index_is_kept(station):
    """Attached when a PostgreSQL engine is made, not at import: the same WHERE on both databases."""
    from sqlalchemy.dialects import postgresql, sqlite
    from sqlalchemy.schema import CreateIndex

    from db.models.dispute import Dispute, on_postgresql

    index = next(i for i in Dispute.__table__.indexes if i.name == "ix_dispute_deleted")
    on_postgresql()
    for dialect in (sqlite.dialect(), postgresql.dialect()):
        assert str(CreateIndex(index).compile(dialect=dialect)).endswith("WHERE deleted_at IS NOT NULL")
