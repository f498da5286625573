"""A plain sqlite3 connection for the quick reads of the GUI thread, and the schema check at start-up,
both without importing SQLAlchemy (see app/services/sql.py for why)."""
from __future__ import annotations

import sqlite3
from pathlib import Path

from db.migrate import HEAD


def connect(path: Path) -> sqlite3.Connection:
    """Autocommit reads: each statement sees the latest committed data and holds no lock afterwards."""
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=True)
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute("PRAGMA busy_timeout=15000")
    # A larger page cache keeps the register's indexes in memory between keystrokes (default is 2 MiB).
    conn.execute("PRAGMA cache_size=-32768")
    return conn


def schema_is_current(path: Path) -> bool:
    if not path.exists():
        return False
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
            found = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.Error:
        return False
    return found is not None and found[0] == HEAD
