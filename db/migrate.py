"""Bring a database to the current schema through alembic, without importing alembic when it is current.

Alembic costs about half a second of imports, so a normal start only reads alembic_version and compares
it with HEAD (db/connection.py does so without SQLAlchemy); `tests/db/test_migrations.py` checks that HEAD
is the newest script.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy import Engine

HEAD = "0015"
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def current_revision(engine: Engine) -> str | None:
    from sqlalchemy import inspect, text

    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def alembic_config(engine: Engine):
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.attributes["engine"] = engine
    return cfg


def upgrade(engine: Engine, revision: str = "head") -> None:
    from alembic import command

    command.upgrade(alembic_config(engine), revision)


def ensure_schema(engine: Engine) -> bool:
    """Create or upgrade the schema when needed; returns True when migrations ran."""
    if current_revision(engine) == HEAD:
        return False
    upgrade(engine)
    return True
