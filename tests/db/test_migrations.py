"""The schema comes only from migrations, and matches the models."""
from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

from db import migrate
from db.base import Base
from db.engine import make_engine


def include_name(name, type_, parent_names) -> bool:
    return not (type_ == "table" and name.startswith("dispute_search"))


def test_head_constant_is_the_newest_migration(tmp_path):
    engine = make_engine(tmp_path / "x.sqlite")
    script = ScriptDirectory.from_config(migrate.alembic_config(engine))
    assert script.get_current_head() == migrate.HEAD


def test_empty_database_upgrades_to_head_matching_models(tmp_path):
    engine = make_engine(tmp_path / "new.sqlite")
    assert migrate.current_revision(engine) is None
    assert migrate.ensure_schema(engine) is True
    assert migrate.current_revision(engine) == migrate.HEAD
    assert migrate.ensure_schema(engine) is False          # a current schema is left alone
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_name": include_name})
        diffs = compare_metadata(context, Base.metadata)
        assert diffs == []
        assert "dispute_search" in inspect(conn).get_table_names()


def test_downgrade_to_base_and_up_again(tmp_path):
    engine = make_engine(tmp_path / "round.sqlite")
    migrate.upgrade(engine)
    from alembic import command
    command.downgrade(migrate.alembic_config(engine), "base")
    with engine.connect() as conn:
        assert set(inspect(conn).get_table_names()) <= {"alembic_version"}
    migrate.upgrade(engine)
    assert migrate.current_revision(engine) == migrate.HEAD


def test_sqlite_runs_with_foreign_keys_wal_and_full_sync(empty_db):
    with empty_db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA synchronous")).scalar() == 2   # FULL
