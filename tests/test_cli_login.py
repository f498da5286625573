"""The command line logs in like psql: no command that reads cases or changes anything runs without an
account, each runs with its role's rights, wrong passwords count toward the lockout, and the work is on the
audit trail under that account's name."""
from __future__ import annotations

import hashlib
import io

import pytest

from tests.conftest import CLI_PASSWORD, CLI_USER, signed_case
from ui.cli import main

CASE = "(2026)城人调字第1号"


def digest(path, *, logins_allowed: bool = False) -> str:
    """The database's content, read back through SQLite (WAL included); with `logins_allowed`, apart from
    what a login itself writes (its audit entries and the account's last login)."""
    import sqlite3

    skipped = ("audit_log", "audit_head", "account") if logins_allowed else ()
    with sqlite3.connect(path) as conn:
        lines = [line for line in conn.iterdump() if not any(f'"{t}"' in line for t in skipped)]
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()


def commands(tmp_path) -> list[list[str]]:
    """Every station command that reads cases or changes anything, and every county command but init."""
    out = str(tmp_path / "out")
    return [["demo", "--cases", "3"], ["cases", "list"], ["cases", "show", CASE], ["agenda"], ["check", "--all"],
            ["print", CASE, "--doc", "agreement", "--out", f"{out}.pdf"], ["dossier", CASE, "--out", f"{out}2.pdf"],
            ["keys", "export-enrolment", "--out", f"{out}.json"], ["users", "list"],
            ["users", "add", "--name", "坏人", "--role", "head", "--password-stdin"], ["users", "disable", CLI_USER],
            ["users", "reset-password", CLI_USER, "--password-stdin"], ["audit", "verify"],
            ["backup", "--out", out], ["export", "--out", out], ["stats", "--period", "2026-11"],
            ["cases", "import", str(tmp_path / "x.csv")]]


@pytest.fixture
def station(db, head_login):
    signed_case(db)
    db.engine.dispose()
    return db


def test_every_command_without_a_login_is_refused_and_changes_nothing(station, tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("MEDIATION_STATION_USER")
    monkeypatch.setattr("sys.stdin", io.StringIO("evil password\n"))
    before = digest(station.path)
    for argv in commands(tmp_path):
        assert main(["--db", str(station.path), *argv]) == 1, argv
        assert "--user" in capsys.readouterr().err, argv
    assert digest(station.path) == before
    assert not list(tmp_path.glob("out*"))


def test_a_wrong_password_is_refused_and_counts_toward_the_lockout(station, capsys, monkeypatch):
    monkeypatch.setenv("MEDIATION_STATION_PASSWORD", "not the password")
    for left in (4, 3, 2, 1):
        assert main(["--db", str(station.path), "cases", "list"]) == 1
        assert f"还可尝试 {left} 次" in capsys.readouterr().err
    assert main(["--db", str(station.path), "cases", "list"]) == 1
    assert "锁定" in capsys.readouterr().err
    monkeypatch.setenv("MEDIATION_STATION_PASSWORD", CLI_PASSWORD)      # locked: even the right one waits
    assert main(["--db", str(station.path), "cases", "list"]) == 1
    assert "锁定" in capsys.readouterr().err
    with station.read() as s:
        from app.services.sql import rows

        actions = [r[0] for r in rows(s, "SELECT action FROM audit_log WHERE action LIKE 'lo%' ORDER BY seq")]
    assert actions == ["login_failed"] * 4 + ["lockout", "login_refused"]


def test_a_mediator_may_read_but_not_run_the_heads_commands(station, tmp_path, capsys, monkeypatch):
    from app.services import accounts

    with station.write.begin() as s:
        accounts.add_account(s, name="赵调解", role="mediator", password="mediator pw 1")
    monkeypatch.setenv("MEDIATION_STATION_USER", "赵调解")
    monkeypatch.setenv("MEDIATION_STATION_PASSWORD", "mediator pw 1")
    assert main(["--db", str(station.path), "cases", "list"]) == 0
    capsys.readouterr()
    before = digest(station.path, logins_allowed=True)
    for argv in (["demo", "--cases", "3"], ["users", "add", "--name", "坏人", "--role", "head", "--password-stdin"],
                 ["backup", "--out", str(tmp_path / "b")], ["export", "--out", str(tmp_path / "e")],
                 ["audit", "verify"], ["keys", "export-enrolment", "--out", str(tmp_path / "k.json")]):
        monkeypatch.setattr("sys.stdin", io.StringIO("a password 123\n"))
        assert main(["--db", str(station.path), *argv]) == 1, argv
        err = capsys.readouterr().err
        assert "调解员 赵调解" in err and "主任" in err, argv
    # Each attempt logged in (one audit entry each): apart from those, nothing changed.
    with station.read() as s:
        from app.services.sql import rows

        assert {r[0] for r in rows(s, "SELECT DISTINCT action FROM audit_log WHERE seq > (SELECT MAX(seq) - 6 "
                                      "FROM audit_log)")} == {"login"}
    assert not (tmp_path / "b").exists() and not (tmp_path / "e").exists()
    assert digest(station.path, logins_allowed=True) == before


def test_work_done_on_the_command_line_is_audited_under_the_account(station, tmp_path, capsys):
    from app.services.sql import rows

    def entries_since(seq: int) -> list[tuple[str, str]]:
        with station.read() as s:
            return [tuple(r) for r in rows(s, "SELECT action, actor FROM audit_log WHERE seq > :n ORDER BY seq",
                                           {"n": seq})]

    def last_seq() -> int:
        with station.read() as s:
            return rows(s, "SELECT MAX(seq) FROM audit_log")[0][0]

    start = last_seq()
    assert main(["--db", str(station.path), "print", CASE, "--doc", "agreement", "--out",
                 str(tmp_path / "a.pdf")]) == 0
    printed = entries_since(start)
    assert printed[0] == ("login", CLI_USER) and {who for _a, who in printed} == {CLI_USER}
    assert any(action.startswith("insert") or action == "issue" for action, _who in printed[1:]), printed
    (tmp_path / "b").mkdir()
    middle = last_seq()
    assert main(["--db", str(station.path), "backup", "--out", str(tmp_path / "b")]) == 0
    assert entries_since(middle) == [("login", CLI_USER), ("backup", CLI_USER)]


def test_demo_refuses_a_database_with_real_cases(station, capsys):
    before = digest(station.path, logins_allowed=True)
    assert main(["--db", str(station.path), "demo", "--cases", "3"]) == 1
    assert "真实案件" in capsys.readouterr().err
    assert digest(station.path, logins_allowed=True) == before


def test_init_makes_the_heads_account_and_demo_then_runs_as_the_head(tmp_path, cli_env, capsys):
    path = tmp_path / "new.sqlite"
    assert main(["--db", str(path), "init", "--station-name", "东街社区人民调解委员会", "--station-code", "330101009",
                 "--county", "某某县", "--case-prefix", "东人", "--mediator", CLI_USER]) == 0
    assert main(["--db", str(path), "demo", "--cases", "5"]) == 0
    assert main(["--db", str(path), "demo", "--cases", "5"]) == 0       # demo on demo: still training data
    assert main(["--db", str(path), "users", "list"]) == 0
    assert capsys.readouterr().out.splitlines()[-1].startswith(f"{CLI_USER}\t主任")


def test_init_without_a_terminal_or_password_changes_nothing(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    path = tmp_path / "new.sqlite"
    assert main(["--db", str(path), "init", "--station-name", "东街社区人民调解委员会", "--station-code", "330101009",
                 "--county", "某某县", "--case-prefix", "东人", "--mediator", CLI_USER]) == 1
    assert "MEDIATION_STATION_PASSWORD" in capsys.readouterr().err
    from app.database import open_database
    from app.services import lookups

    engine, read, _w = open_database(path)
    with read() as s:
        assert lookups.station(s) is None
    engine.dispose()


def test_verify_is_public(station, tmp_path, capsys, monkeypatch):
    assert main(["--db", str(station.path), "print", CASE, "--doc", "agreement", "--out",
                 str(tmp_path / "a.pdf")]) == 0
    code = capsys.readouterr().out.split("校验码 ")[1].split("，")[0]
    monkeypatch.delenv("MEDIATION_STATION_USER")
    monkeypatch.delenv("MEDIATION_STATION_PASSWORD")
    assert main(["--db", str(station.path), "verify", code]) == 0
    assert "人民调解协议书" in capsys.readouterr().out


def test_county_commands_need_a_reviewer(tmp_path, capsys, monkeypatch, cli_env):
    from tests.sync.conftest import PASSPHRASE

    county = str(tmp_path / "county.sqlite")
    monkeypatch.setenv("MEDIATION_COUNTY_PASSPHRASE", PASSPHRASE)      # the county's keys are sealed under it
    assert main(["county", "init", "--db", county, "--reviewer", "赵审核"]) == 0
    assert main(["county", "conflicts", "--db", county]) == 1          # 王调解 has no county account
    assert "错误" in capsys.readouterr().err
    monkeypatch.setenv("MEDIATION_STATION_USER", "赵审核")
    assert main(["county", "conflicts", "--db", county]) == 0
    monkeypatch.delenv("MEDIATION_STATION_USER")
    assert main(["county", "export-key", "--db", county, "--out", str(tmp_path / "k.json")]) == 1
    assert "--user" in capsys.readouterr().err
