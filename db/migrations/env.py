"""Alembic environment: the engine is handed in by db.migrate (no alembic.ini, no URL in files)."""
from __future__ import annotations

from alembic import context

from db.base import Base
import db.models  # noqa: F401  (registers every table on Base.metadata)



def include_name(name, type_, parent_names) -> bool:
    """The full-text index (and SQLite's shadow tables of it) is made by hand in the migrations."""
    return not (type_ == "table" and name.startswith("dispute_search"))


engine = context.config.attributes["engine"]
with engine.connect() as connection:
    context.configure(connection=connection, target_metadata=Base.metadata,
                      render_as_batch=connection.dialect.name == "sqlite", include_name=include_name)
    with context.begin_transaction():
        context.run_migrations()
    connection.commit()
