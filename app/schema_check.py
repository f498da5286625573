"""A database file's schema compared with the one this version's own migrations build, object by object.

A backup is hostile input: a trigger or view slipped into it would run inside the station after a restore,
and a file with the right version number but no tables would break the station. So the file's
sqlite_master must equal that of a fresh database migrated to the same revision: the same tables, indexes,
triggers and views, with the same SQL (whitespace aside), and nothing else.
"""
from __future__ import annotations

import sqlite3
import tempfile
from functools import cache
from pathlib import Path

from app.errors import MediationError
from app.i18n import N_, _
from db.connection import read_only

# Kept by SQLite itself after ANALYZE or PRAGMA optimize: statistics for the planner, no code.
PLANNER_TABLES = frozenset({"sqlite_stat1", "sqlite_stat2", "sqlite_stat3", "sqlite_stat4"})
KINDS = {"table": N_("table"), "index": N_("index"), "trigger": N_("trigger"), "view": N_("view")}

Schema = dict[tuple[str, str], tuple[str, str | None]]     # (type, name) -> (table, normalised SQL)


def read_schema(path: Path) -> Schema:
    with read_only(path, immutable=True) as conn:     # a closed copy, perhaps on a stick without locks
        rows = conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall()
    return {(kind, name): (table, " ".join(sql.split()) if sql else None) for kind, name, table, sql in rows
            if not (kind == "table" and name in PLANNER_TABLES)}


@cache
def expected_schema(revision: str) -> Schema:
    """The schema a fresh database has at this revision (built once per process, in a temporary folder)."""
    from db.engine import make_engine
    from db.migrate import upgrade

    with tempfile.TemporaryDirectory(prefix="mediation-schema-") as folder:
        engine = make_engine(Path(folder) / "fresh.sqlite")
        try:
            upgrade(engine, revision)
        except Exception:       # alembic does not know the revision (a made-up version number)
            raise MediationError(_("Schema version {revision} is unknown to this version of Mediation Station."
                                   ).format(revision=revision)) from None
        finally:
            engine.dispose()
        return read_schema(Path(folder) / "fresh.sqlite")


def require_tables(path: Path) -> None:
    """Refuse a file that holds no tables of a station at all (an empty schema)."""
    try:
        found = read_schema(path)
    except sqlite3.Error:
        raise MediationError(_("{path} is not a database file; choose a backup of the station "
                               "(调解站备份-….sqlite).").format(path=path)) from None
    if not any(kind == "table" and name != "alembic_version" for kind, name in found):
        raise MediationError(_("{path} holds no tables (an empty schema): it is not a backup of a station. It "
                               "was refused; nothing was changed.").format(path=path))


def require_same_schema(path: Path, revision: str) -> None:
    """Refuse a file whose schema is not exactly the one this version builds at its revision."""
    found, expected = read_schema(path), expected_schema(revision)
    extra = sorted(set(found) - set(expected))
    if extra:
        raise MediationError(_("{path} holds a {kind} named {name} that Mediation Station does not create: the "
                               "backup was altered outside the app. It was refused; nothing was changed.").format(
            path=path, kind=_kind(extra[0][0]), name=extra[0][1]))
    missing = sorted(set(expected) - set(found))
    if missing:
        raise MediationError(_("{path} lacks the {kind} {name} that every station database of schema {revision} "
                               "has: it is not a complete backup. It was refused; nothing was changed.").format(
            path=path, kind=_kind(missing[0][0]), name=missing[0][1], revision=revision))
    changed = sorted(key for key in found if found[key] != expected[key])
    if changed:
        raise MediationError(_("The {kind} {name} in {path} is not the one Mediation Station creates: the backup "
                               "was altered outside the app. It was refused; nothing was changed.").format(
            path=path, kind=_kind(changed[0][0]), name=changed[0][1]))


def _kind(kind: str) -> str:
    return _(KINDS[kind]) if kind in KINDS else kind
