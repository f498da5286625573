"""The mediation-station command line, run in-process (and once as a real process)."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.app.test_importer import GOOD, write_csv
from ui.cli import main

INIT = ["init", "--station-name", "城关镇人民调解委员会", "--station-code", "330101001", "--county", "某某县",
        "--case-prefix", "城人", "--mediator", "王调解"]


@pytest.fixture
def dbfile(tmp_path, cli_env):
    path = tmp_path / "cli.sqlite"
    assert main(["--db", str(path), *INIT]) == 0
    return path


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_init_demo_list_and_show_json(dbfile, capsys):
    assert run(capsys, "demo", "--db", str(dbfile), "--cases", "40", "--seed", "5")[0] == 0
    code, out, _err = run(capsys, "cases", "list", "--db", str(dbfile), "--limit", "5", "--json")
    rows = json.loads(out)
    assert code == 0 and len(rows) == 5
    numbered = json.loads(run(capsys, "--db", str(dbfile), "cases", "list", "--status", "调解成功", "--json")[1])
    assert numbered and all(r["status"] == "settled" for r in numbered)
    code, out, _err = run(capsys, "--db", str(dbfile), "cases", "show", numbered[0]["case_no"], "--json")
    case = json.loads(out)
    for key in ("case_no", "title", "type", "source", "status", "registered_on", "accepted_on", "deadline",
                "amount", "risk", "parties"):
        assert key in case
    assert case["case_no"] == numbered[0]["case_no"]
    assert {"name", "role", "kind", "id_number", "phone"} <= set(case["parties"][0])


def test_an_empty_list_says_so_on_stderr_and_prints_no_rows(dbfile, capsys):
    code, out, err = run(capsys, "--db", str(dbfile), "cases", "list")
    assert code == 0 and out == "" and "没有找到符合条件的案件" in err


def test_environment_variable_selects_the_database(dbfile, capsys, monkeypatch):
    monkeypatch.setenv("MEDIATION_STATION_DB", str(dbfile))
    assert run(capsys, "demo", "--cases", "3")[0] == 0
    assert len(json.loads(run(capsys, "cases", "list", "--json")[1])) == 3


def test_import_dry_run_then_real(dbfile, tmp_path, capsys):
    path = write_csv(tmp_path / "old.csv", GOOD)
    code, out, _ = run(capsys, "--db", str(dbfile), "cases", "import", str(path), "--dry-run")
    assert code == 0 and "3" in out
    assert json.loads(run(capsys, "--db", str(dbfile), "cases", "list", "--json")[1]) == []
    assert run(capsys, "--db", str(dbfile), "cases", "import", str(path))[0] == 0
    found = json.loads(run(capsys, "--db", str(dbfile), "cases", "list", "--search", "周八", "--json")[1])
    assert [r["title"] for r in found] == ["赡养纠纷"]


def test_bad_import_lists_rows_and_exits_nonzero(dbfile, tmp_path, capsys):
    rows = [list(r) for r in GOOD]
    rows[0][7] = "12345"
    code, _out, err = run(capsys, "--db", str(dbfile), "cases", "import",
                          str(write_csv(tmp_path / "bad.csv", rows)))
    assert code == 1 and "第 2 行" in err and "申请人电话" in err


def test_errors_are_one_line_in_the_ui_language(dbfile, capsys):
    code, _out, err = run(capsys, "--db", str(dbfile), "cases", "show", "(2026)城人调字第999号")
    assert code == 1 and err.strip() == "错误：没有案号为 (2026)城人调字第999号 的案件。"
    code, _out, err = run(capsys, "--lang", "en", "--db", str(dbfile), "cases", "list", "--status", "nonsense")
    assert code == 1 and err.startswith("Error: Unknown value for --status") and len(err.strip().splitlines()) == 1


def test_real_process_prints_no_traceback_on_a_bad_database(tmp_path):
    bogus = tmp_path / "not-a-db.sqlite"
    bogus.write_bytes(b"this is not sqlite" * 100)
    env = {**os.environ, "MEDIATION_STATION_DATA": str(tmp_path)}
    proc = subprocess.run([sys.executable, "-m", "ui.cli", "--db", str(bogus), "cases", "list"],
                          capture_output=True, text=True, env=env, timeout=60)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr and proc.stderr.startswith("错误：")


def test_print_list_verify_and_unavailable_documents(db, head_login, tmp_path, capsys, monkeypatch):
    from app.services import agreements
    from tests.conftest import TODAY, accept, complete_agreement, complete_record, register

    monkeypatch.chdir(tmp_path)
    code, out, _err = run(capsys, "--db", str(db.path), "print", "--list-docs")
    assert code == 0 and "agreement\t人民调解协议书" in out and "oral-agreement" in out
    d = register(db)
    accept(db, d)
    complete_record(db, d)
    code, _out, err = run(capsys, "--db", str(db.path), "print", "(2026)城人调字第1号", "--doc", "agreement")
    assert code == 1 and err.startswith("错误：本案尚无书面调解协议")
    complete_agreement(db, d)
    with db.write.begin() as s:
        agreements.sign_agreement(s, dispute_id=d, signed_on=TODAY, signatories="张三、李四", today=TODAY)
    code, out, _err = run(capsys, "--db", str(db.path), "print", "(2026)城人调字第1号", "--doc", "agreement",
                          "--out", "a.pdf")
    assert code == 0 and (tmp_path / "a.pdf").read_bytes().startswith(b"%PDF")
    issued_code = out.split("校验码 ")[1].split("，")[0]
    code, out, _err = run(capsys, "--db", str(db.path), "verify", issued_code)
    assert code == 0 and "人民调解协议书" in out and "(2026)城人调字第1号" in out
    assert run(capsys, "--db", str(db.path), "verify", "AAAAA-AAAAA")[0] == 1
    assert run(capsys, "--db", str(db.path), "print", "(2026)城人调字第1号", "--doc", "nonsense")[0] == 1


def test_committee_command_shows_the_counts_of_the_ministry_report(dbfile, capsys):
    from app.database import open_database
    from app.services import committee, roster

    _engine, _read, write = open_database(dbfile)
    with write.begin() as s:
        committee.update_committee(s, name="城关镇人民调解委员会", kind="township", founded_on=None, address="",
                                   head_id=1)
        committee.update_profile(s, mediator_id=1, name="王调解", role="head", employment="full_time",
                                 gender="female", education="college")
        grid = roster.add_roster_member(s, name="赵网格", category="grid_worker")
        roster.save_team(s, name="城关诉前调解组", kind="presuit", partner="某某县人民法院",
                         members=(("mediator", 1, "组长"), ("roster", grid.id, "")))
    _engine.dispose()
    code, out, _err = run(capsys, "committee", "--db", str(dbfile), "--json")
    data = json.loads(out)
    assert code == 0 and data["committee"]["kind"] == "township"
    assert data["counts"]["committees_by_kind"] == {"township": 1}
    assert (data["counts"]["women"], data["counts"]["college_or_above"], data["counts"]["informants"]) == (1, 1, 1)
    assert [m["name"] for m in data["teams"][0]["members"]] == ["王调解", "赵网格"]
    code, out, _err = run(capsys, "committee", "--db", str(dbfile))
    assert code == 0 and "乡镇" in out and "诉前调解组 城关诉前调解组：王调解（组长）、赵网格（网格员）" in out


def test_init_refuses_a_case_prefix_written_with_diaozi(tmp_path, cli_env, capsys):
    """The short name is 青人: 青人调字 would number cases (2026)青人调字调字第12号; said, and nothing made."""
    path = tmp_path / "prefix.sqlite"
    argv = [a if a != "城人" else "青人调字" for a in INIT]
    code, out, err = run(capsys, "--db", str(path), *argv)
    assert code != 0 and "只写简称即可，如“青人”" in err and "Traceback" not in err
    assert main(["--db", str(path), *INIT]) == 0              # the same file takes the right short name after
