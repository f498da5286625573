"""SQLite's locks are POSIX locks, held per process and per file: closing *any* descriptor of the database file
drops every lock this process holds on it. Another process (the command line, a second look with sqlite3) then
sees no other connection when it closes, checkpoints, and deletes the -wal that the window is still writing to:
what the window saves afterwards goes to a deleted file, lost at the next power cut (found in a newcomer's walk).
These tests open the database as the window does, then let another process open and close it."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from app.database import open_database
from ui.backend import Backend

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX locks")

OTHER = ("import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
         "c.execute('SELECT count(*) FROM sqlite_master').fetchall(); c.close()")


def _another_process_looks(path: Path) -> None:
    subprocess.run([sys.executable, "-c", OTHER, str(path)], check=True, timeout=60)


def _write(write) -> None:
    with write.begin() as s:
        s.execute(text("INSERT INTO station_setting (key, value) VALUES ('lock_probe', '1') "
                       "ON CONFLICT (key) DO UPDATE SET value = value || '1'"))


def test_the_window_keeps_its_locks_when_sqlalchemy_opens_beside_its_plain_reads(tmp_path):
    path = tmp_path / "station.sqlite"
    open_database(path)[0].dispose()            # a station at the current schema, closed
    backend = Backend(path, runner=None, events=None)
    backend.query(lambda conn: conn.execute("SELECT count(*) FROM station").fetchall())   # the login form's read
    _read, write = backend.session_factories()  # SQLAlchemy opens at login
    _write(write)
    wal = Path(str(path) + "-wal")
    assert wal.exists() and wal.stat().st_size > 0
    _another_process_looks(path)
    assert wal.exists(), "another process deleted the window's -wal: this process had lost its locks"
    _write(write)                               # and what is written next is still in the file everyone sees
    _another_process_looks(path)
    found = subprocess.run([sys.executable, "-c", "import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute("
                            "\"SELECT value FROM station_setting WHERE key = 'lock_probe'\").fetchone()[0])", str(path)],
                           check=True, capture_output=True, text=True, timeout=60).stdout.strip()
    assert found == "11"
    backend._engine.dispose()
    backend._conn.close()
