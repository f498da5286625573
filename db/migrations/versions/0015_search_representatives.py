"""the register's search text also holds an organisation's 法定代表人 and the agents: the index is emptied here
and rebuilt by the app right after (app/database.py), the bigram tokenizer being the app's (app/search_text.py)

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-02
"""
from __future__ import annotations

from alembic import op

revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DELETE FROM dispute_search")


def downgrade() -> None:
    pass    # the older index's rows are a subset of the newer's words: it finds what it found before
