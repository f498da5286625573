"""The one clock: nothing but app/clock.py reads the machine's time, and station dates are Beijing dates."""
from __future__ import annotations

import ast
import os
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from app import clock

ROOT = Path(__file__).resolve().parent.parent
# Calls that read the machine's clock or time zone: only app/clock.py may make them.
CLOCK_READS = {("date", "today"), ("datetime", "now"), ("datetime", "today"), ("datetime", "utcnow"),
               ("time", "time"), ("time", "localtime"), ("time", "strftime"), ("time", "ctime"),
               ("QDate", "currentDate"), ("QDateTime", "currentDateTime"), ("QTime", "currentTime"),
               ("QDateTime", "currentSecsSinceEpoch"), ("QDateTime", "currentMSecsSinceEpoch")}
ALLOWED = {Path("app/clock.py")}


def clock_reads(path: Path) -> list[str]:
    """Every mention of a clock read, called or not (`today=date.today` reads it later, unseen by a call)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Attribute):
            owner = node.value
            name = owner.id if isinstance(owner, ast.Name) else owner.attr if isinstance(owner, ast.Attribute) \
                else None
            if (name, node.attr) in CLOCK_READS:
                found.append(f"{path.relative_to(ROOT)}:{node.lineno} {name}.{node.attr}")
    return found


def test_nothing_but_the_clock_module_reads_the_machine_clock():
    offenders = []
    for package in ("app", "ui", "printing", "db", "tests"):
        for path in sorted((ROOT / package).rglob("*.py")):
            if path.relative_to(ROOT) not in ALLOWED:
                offenders += clock_reads(path)
    assert offenders == []


def test_the_guard_sees_a_direct_read(tmp_path, monkeypatch):
    sample = ROOT / "tests" / "_clock_guard_sample.py"
    try:
        sample.write_text("from datetime import date\nx = date.today()\ndef f(t=QDate.currentDate): ...\n", encoding="utf-8")
        assert [r.split(" ")[1] for r in clock_reads(sample)] == ["date.today", "QDate.currentDate"]
    finally:
        sample.unlink()


def test_station_date_is_the_beijing_date_whatever_the_utc_time(frozen_clock):
    clock.freeze(datetime(2028, 2, 29, 17, 30, tzinfo=UTC))     # already 1 March in Beijing
    assert clock.today() == date(2028, 3, 1)
    assert clock.local_now() == datetime(2028, 3, 1, 1, 30)
    assert clock.utcnow() == datetime(2028, 2, 29, 17, 30)


def test_year_boundary_in_beijing(frozen_clock):
    clock.freeze(datetime(2026, 12, 31, 16, 0, tzinfo=UTC))     # 2027-01-01 00:00 in Beijing
    assert clock.today() == date(2027, 1, 1)
    clock.advance(timedelta(seconds=-1))
    assert clock.today() == date(2026, 12, 31)


def test_naive_freeze_means_station_time(frozen_clock):
    clock.freeze(datetime(2026, 11, 23, 7, 0))
    assert clock.utcnow() == datetime(2026, 11, 22, 23, 0)
    assert clock.today() == date(2026, 11, 23)


@pytest.mark.parametrize("tz", ["UTC", "America/Los_Angeles", "Pacific/Kiritimati"])
def test_a_process_in_any_machine_time_zone_sees_station_dates(tz):
    """The frozen moment given to a subprocess is read in station time, whatever TZ the machine has."""
    code = "from app import clock; print(clock.today(), clock.local_now().hour)"
    env = {**os.environ, "TZ": tz, clock.FROZEN_ENV: "2028-02-29T17:30:00+00:00"}
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                         check=True).stdout.split()
    assert out == ["2028-03-01", "1"]
