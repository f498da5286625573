"""A plain sqlite3 connection for the quick reads of the GUI thread, and the schema check at start-up,
both without importing SQLAlchemy (see app/services/sql.py for why)."""
from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from urllib.parse import quote

from db.migrate import HEAD


def connect(path: Path) -> sqlite3.Connection:
    """Autocommit reads: each statement sees the latest committed data and holds no lock afterwards."""
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=True)
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute("PRAGMA busy_timeout=15000")
    # A larger page cache keeps the register's indexes in memory between keystrokes (default is 2 MiB).
    conn.execute("PRAGMA cache_size=-32768")
    return conn


def read_only_uri(path: Path, *, immutable: bool = False) -> str:
    """A SQLite URI that opens `path` read-only. The path is percent-encoded: a folder named "U盘#1" or
    "100%" would otherwise be cut at the '#' or decoded, and SQLite would open (or create) another file.
    `immutable` also skips locking and any -wal beside the file: for a closed copy (a backup) that nobody
    writes, on a folder that may not support SQLite's locks."""
    text = str(Path(path).absolute())
    if os.sep != "/":
        text = text.replace(os.sep, "/")
    if not text.startswith("/"):
        text = "/" + text           # C:/x -> file:///C:/x, SQLite's form for a Windows drive
    return "file://" + quote(text, safe="/:") + "?mode=ro" + ("&immutable=1" if immutable else "")


@contextmanager
def read_only(path: Path, *, immutable: bool = False) -> Iterator[sqlite3.Connection]:
    """A read-only connection that is closed on leaving the block. (`with sqlite3.connect()` only commits;
    the connection then lives until the cyclic collector runs, which the GUI runs only now and then.)"""
    with closing(sqlite3.connect(read_only_uri(path, immutable=immutable), uri=True)) as conn:
        yield conn


def schema_is_current(path: Path) -> bool:
    if not path.exists():
        return False
    try:
        with read_only(path) as conn:
            found = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.Error:
        return False
    return found is not None and found[0] == HEAD
