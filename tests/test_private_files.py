"""Files holding cases or keys are the owner's only (0600, folders 0700), from the real commands; what an older
version left open is tightened at the next start; a killed writer's .part is removed then; errors get a line
of their own."""
from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from app.paths import config_dir, data_dir
from tests.conftest import ID_A, make_draft
from tests.sync.conftest import PASSPHRASE
from ui.cli import main

pytestmark = [pytest.mark.skipif(os.name != "posix", reason="Unix file modes"),
              pytest.mark.usefixtures("cli_env")]         # the command line logs in as the head 王调解

INIT = ["init", "--station-name", "城关镇人民调解委员会", "--station-code", "330101001", "--county", "某某县",
        "--case-prefix", "城人", "--mediator", "王调解"]


@pytest.fixture(autouse=True)
def usual_umask():
    """The usual umask (022), under which a file made without care is readable by everyone."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def loose(*roots: Path) -> dict[str, str]:
    """Every file not 0600 and every folder not 0700 under the roots (the roots included)."""
    found = {}
    for root in roots:
        for path in [root, *root.rglob("*")] if root.is_dir() else [root]:
            mode = stat.S_IMODE(path.lstat().st_mode)
            if mode != (0o700 if path.is_dir() else 0o600):
                found[str(path)] = oct(mode)
    return found


def _case_with_attachment(database: Path, tmp_path: Path) -> None:
    from app.attachments import AttachmentStore
    from app.database import open_database
    from app.services import disputes, evidence

    scan = tmp_path / "扫描件.txt"
    scan.write_text(f"身份证 {ID_A}", encoding="utf-8")
    engine, _read, write = open_database(database)
    with write.begin() as s:
        d = disputes.register_dispute(s, draft=make_draft(), by=1, today=date(2026, 11, 23)).id
        evidence.add_evidence(s, dispute_id=d, name="身份证复印件", kind="documentary", pages=1, provided_by="张三",
                              received_on=date(2026, 11, 21), store=AttachmentStore.beside(database), files=[scan])
    engine.dispose()


def test_everything_the_commands_write_is_the_owners_only(tmp_path, monkeypatch, capsys):
    from app.backups import daily_backup

    monkeypatch.setenv("MEDIATION_COUNTY_PASSPHRASE", PASSPHRASE)
    station = tmp_path / "data" / "station.sqlite"          # its folder does not exist yet: the app makes it
    county = tmp_path / "county" / "county.sqlite"
    stick, reports = tmp_path / "stick", tmp_path / "reports"
    stick.mkdir()
    reports.mkdir()
    assert main(["--db", str(station), *INIT]) == 0
    _case_with_attachment(station, tmp_path)
    assert daily_backup(station) is not None
    assert main(["--db", str(station), "backup", "--out", str(stick)]) == 0
    assert main(["county", "init", "--db", str(county), "--name", "某某县司法局", "--reviewer", "王调解"]) == 0
    assert main(["county", "export-key", "--db", str(county), "--out", str(reports / "县级公钥.json")]) == 0
    assert main(["--db", str(station), "keys", "export-enrolment", "--out", str(reports / "登记.json")]) == 0
    assert main(["county", "enrol", str(reports / "登记.json"), "--db", str(county)]) == 0
    assert main(["--db", str(station), "keys", "import-county", str(reports / "县级公钥.json")]) == 0
    assert main(["--db", str(station), "export", "--out", str(stick)]) == 0
    [bundle] = stick.glob("*.msb")
    assert main(["county", "import", str(bundle), "--db", str(county), "--receipt-out", str(tmp_path / "回执")]) == 0
    assert main(["--db", str(station), "stats", "--period", "2026-11", "--format", "xlsx", "--out",
                 str(reports / "统计.xlsx")]) == 0
    assert main(["county", "stats", "--period", "2026-11", "--format", "csv", "--out", str(reports / "县统计.csv"),
                 "--db", str(county)]) == 0
    capsys.readouterr()

    assert {p.name for p in station.parent.iterdir()} >= {"station.sqlite", "station.sqlite-wal",
                                                         "station-attachments", "station-backups"}
    assert list((station.parent / "station-attachments").rglob("*.*")) == [] and len(
        [p for p in (station.parent / "station-attachments").rglob("*") if p.is_file()]) == 1
    assert loose(station.parent, county.parent, tmp_path / "回执", config_dir() / "keys") == {}
    written = [*stick.glob("*.sqlite"), bundle, stick / "attachments", *(stick / "attachments").rglob("*"),
               *reports.iterdir()]
    assert len(written) == 9 and loose(*written) == {}
    # Folders the user chose (the stick, the reports folder) are theirs: left as they were.
    assert stat.S_IMODE(stick.stat().st_mode) == 0o755


def test_the_log_file_is_made_private_before_logging_opens_it(tmp_path):
    import logging

    from app.files import private_file

    path = private_file(data_dir() / "mediation.sqlite.log")    # what ui/crash_guard.py's start_logging() opens
    handler = logging.FileHandler(path)
    handler.emit(logging.makeLogRecord({"msg": "a warning"}))
    handler.close()
    assert "a warning" in path.read_text() and loose(data_dir()) == {}


def test_what_an_older_version_left_open_is_tightened_at_the_next_start(tmp_path, capsys):
    station = data_dir() / "mediation.sqlite"                  # the usual place: no --db
    assert main(INIT) == 0
    _case_with_attachment(station, tmp_path)
    backups = station.parent / "mediation-backups"
    backups.mkdir()
    (backups / "调解站备份-20261120-080000.sqlite").write_bytes(station.read_bytes())
    (data_dir() / "mediation-station.log").write_text("old log\n")
    (data_dir() / "mediation.sqlite.log").write_text("old log beside the database\n")
    other = tmp_path / "elsewhere" / "station.sqlite"           # and a database the user keeps in a folder of theirs
    other.parent.mkdir()
    assert main(["--db", str(other), *INIT]) == 0
    for path in [*data_dir().rglob("*"), data_dir(), *other.parent.rglob("*"), other.parent]:
        path.chmod(0o755 if path.is_dir() else 0o644)       # as the version before this one made them
    assert main(["cases", "list"]) == 0 and main(["--db", str(other), "cases", "list"]) == 0
    assert len(list(data_dir().rglob("*"))) >= 12 and loose(data_dir()) == {}
    assert loose(*other.parent.iterdir()) == {}
    assert stat.S_IMODE(other.parent.stat().st_mode) == 0o755   # the user's own folder is left as it was


WRITER = """
import sys, time
from pathlib import Path
from app.files import staged
with staged(b"half a bundle", Path(sys.argv[1])):
    print("writing", flush=True)
    time.sleep(120)
"""


def _writer(target: Path) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(target)], stdout=subprocess.PIPE, text=True,
                            cwd=Path(__file__).resolve().parent.parent)
    assert proc.stdout.readline().strip() == "writing"
    return proc


def test_a_killed_writers_part_file_is_removed_at_the_next_start_and_only_that(tmp_path, capsys):
    station = tmp_path / "data" / "station.sqlite"
    assert main(["--db", str(station), *INIT]) == 0
    stick = tmp_path / "stick"
    stick.mkdir()
    killed, alive = _writer(stick / "330101001-000007.msb"), _writer(stick / "330101001-000008.msb")
    try:
        killed.send_signal(signal.SIGKILL)
        killed.wait()
        [left] = stick.glob("330101001-000007.msb*.part")
        theirs = stick / "照片.jpg.part"                       # the user's own file with the same ending
        theirs.write_bytes(b"not ours")
        backups = station.parent / "station-backups"            # an older version's leftover, no record of it
        backups.mkdir(mode=0o755)
        old = backups / "调解站备份-20261120-080000.sqlite.part"
        old.write_bytes(b"half a backup")
        assert main(["--db", str(station), "cases", "list"]) == 0
        assert not left.exists() and not old.exists()
        assert theirs.exists() and len(list(stick.glob("330101001-000008.msb*.part"))) == 1   # still written
    finally:
        alive.kill()
        alive.wait()
        killed.stdout.close()
        alive.stdout.close()
    assert main(["--db", str(station), "cases", "list"]) == 0
    assert sorted(p.name for p in stick.iterdir()) == ["照片.jpg.part"]


def test_an_error_after_a_progress_line_is_printed_on_a_line_of_its_own(tmp_path, capsys, monkeypatch):
    from app.errors import MediationError
    from app.services import demo

    station = tmp_path / "station.sqlite"
    assert main(["--db", str(station), *INIT]) == 0
    capsys.readouterr()

    def fails_halfway(s, *, cases, seed, progress):
        progress(5, 10)
        raise MediationError("磁盘已满")
    monkeypatch.setattr(demo, "generate", fails_halfway)
    assert main(["--db", str(station), "demo", "--cases", "10"]) == 1
    err = capsys.readouterr().err
    assert err.split("\n")[-2] == "错误：磁盘已满" and "5/10" in err
