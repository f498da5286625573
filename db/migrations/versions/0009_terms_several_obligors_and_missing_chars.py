"""several obligors / obligees on an agreement term and how they are liable; characters an issued document
could not print

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

# ADD COLUMN keeps the tables, and with them the change-log triggers of migration 0006 (a batch copy would
# drop them); the defaults fill the rows already there.
COLUMNS = (("agreement_term", "co_obligor_uids", "JSON NOT NULL DEFAULT '[]'"),
           ("agreement_term", "co_obligee_uids", "JSON NOT NULL DEFAULT '[]'"),
           ("agreement_term", "liability", "VARCHAR(8) NOT NULL DEFAULT ''"),
           ("agreement_term", "shares", "JSON NOT NULL DEFAULT '{}'"),
           ("issued_document", "missing_chars", "TEXT NOT NULL DEFAULT ''"))


def upgrade() -> None:
    for table, column, kind in COLUMNS:
        op.execute(f"ALTER TABLE {table} ADD COLUMN {column} {kind}")


def downgrade() -> None:
    for table, column, _kind in reversed(COLUMNS):
        op.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
