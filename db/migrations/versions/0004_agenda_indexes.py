"""Indexes for the agenda's look-ups and the register's count

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

INDEXES = (("ix_mediation_session_status_planned", "mediation_session", ["status", "planned_at"]),
           ("ix_hearing_status_planned", "hearing", ["status", "planned_at"]),
           ("ix_agreement_term_performance_due", "agreement_term", ["performance", "due_on"]),
           ("ix_agreement_effective_on", "agreement", ["effective_on"]),
           ("ix_dispute_status_deadline", "dispute", ["status", "deadline"]))
DELETED = sa.text("deleted_at IS NOT NULL")


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns)
    # Only the deleted cases: the register counts live cases as all minus these.
    op.create_index("ix_dispute_deleted", "dispute", ["id"], sqlite_where=DELETED, postgresql_where=DELETED)


def downgrade() -> None:
    op.drop_index("ix_dispute_deleted", table_name="dispute")
    for name, table, _columns in INDEXES:
        op.drop_index(name, table_name=table)
