"""`users` and `audit verify` on the command line."""
from __future__ import annotations

import io
import sqlite3

from ui.cli import main


def run(db, capsys, *argv, stdin: str | None = None, monkeypatch=None) -> tuple[int, str, str]:
    if stdin is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(["--db", str(db.path), *argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_users_add_list_disable_reset(db, capsys, monkeypatch):
    # The first head of a database without accounts needs no login (as at the window's first start); every
    # later account change is made logged in as that head.
    monkeypatch.setenv("MEDIATION_STATION_USER", "王调解")
    monkeypatch.setenv("MEDIATION_STATION_PASSWORD", "head password")
    assert run(db, capsys, "users", "add", "--name", "王调解", "--role", "head", "--password-stdin",
               stdin="head password\n", monkeypatch=monkeypatch)[0] == 0
    code, out, _err = run(db, capsys, "users", "add", "--name", "赵调解", "--role", "mediator", "--password-stdin",
                          stdin="mediator pw\n", monkeypatch=monkeypatch)
    assert code == 0 and "赵调解" in out and "调解员" in out
    code, _out, err = run(db, capsys, "users", "add", "--name", "钱调解", "--role", "mediator", "--password-stdin",
                          stdin="short\n", monkeypatch=monkeypatch)
    assert code == 1 and "8" in err
    assert run(db, capsys, "users", "disable", "赵调解")[0] == 0
    code, _out, err = run(db, capsys, "users", "disable", "王调解")
    assert code == 1 and "最后一位主任" in err
    code, out, _err = run(db, capsys, "users", "list")
    assert out.splitlines() == ["王调解\t主任\t正常", "赵调解\t调解员\t已停用"]
    assert run(db, capsys, "users", "reset-password", "赵调解", "--password-stdin", stdin="a new password\n",
               monkeypatch=monkeypatch)[0] == 0
    stored = b"".join(p.read_bytes() for p in db.path.parent.glob("station.sqlite*") if p.is_file())
    assert b"$argon2id$" in stored and b"a new password" not in stored and b"head password" not in stored


def test_users_without_a_terminal_need_password_stdin(db, head_login, capsys, monkeypatch):
    code, _out, err = run(db, capsys, "users", "add", "--name", "孙调解", "--role", "mediator", stdin="",
                          monkeypatch=monkeypatch)
    assert code == 1 and "--password-stdin" in err


def test_audit_verify_reports_the_first_broken_entry(db, head_login, capsys):
    from tests.conftest import register

    register(db)
    code, out, _err = run(db, capsys, "audit", "verify")
    assert code == 0 and "完整" in out
    with sqlite3.connect(db.path) as conn:
        conn.execute("DROP TRIGGER audit_log_no_update")
        conn.execute("UPDATE audit_log SET actor = '别人' WHERE seq = 4")
    code, _out, err = run(db, capsys, "audit", "verify")
    assert code == 2 and "第 4 条" in err
