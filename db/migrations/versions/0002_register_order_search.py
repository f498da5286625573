"""Search rows keyed in register order; index for case-number look-ups

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23

The full-text index's rowid becomes the register order key (days since 1970 of the registration date
× 2^24 + the dispute's id), so a search returns its first page in register order straight from the index
instead of sorting every hit. `dispute.search_key` remembers each case's key to replace its row on edit.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

KEY_SQL = "(CAST(julianday(registered_on) - 2440587.5 AS INTEGER) * 16777216 + id)"


def upgrade() -> None:
    with op.batch_alter_table("dispute", schema=None) as batch_op:
        batch_op.add_column(sa.Column("search_key", sa.BigInteger(), nullable=True))
        batch_op.create_index("ix_dispute_case_lookup", ["case_seq", "case_year"], unique=False)
    if op.get_bind().dialect.name == "sqlite":
        op.execute(f"UPDATE dispute SET search_key = {KEY_SQL} WHERE deleted_at IS NULL")
        op.execute("ALTER TABLE dispute_search RENAME TO dispute_search_old")
        op.execute("CREATE VIRTUAL TABLE dispute_search USING fts5(body, tokenize='unicode61', prefix='2 3 4')")
        op.execute("INSERT INTO dispute_search(rowid, body) SELECT d.search_key, o.body FROM dispute_search_old o "
                   "JOIN dispute d ON d.id = o.rowid")
        op.execute("DROP TABLE dispute_search_old")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ALTER TABLE dispute_search RENAME TO dispute_search_new")
        op.execute("CREATE VIRTUAL TABLE dispute_search USING fts5(body, tokenize='unicode61', prefix='2 3 4')")
        op.execute("INSERT INTO dispute_search(rowid, body) SELECT d.id, n.body FROM dispute_search_new n "
                   "JOIN dispute d ON d.search_key = n.rowid")
        op.execute("DROP TABLE dispute_search_new")
    with op.batch_alter_table("dispute", schema=None) as batch_op:
        batch_op.drop_index("ix_dispute_case_lookup")
        batch_op.drop_column("search_key")
