"""change log written by triggers, for the weekly sync bundle

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

# Frozen copies: a migration must not change when the models do.
TABLES = ("station", "mediator", "dispute", "party", "status_change", "extension", "legal_provision",
          "hearing_officer", "agreement", "agreement_term", "agreement_citation", "evidence", "follow_up",
          "hearing", "investigation", "mediation_session", "attachment", "issued_document")
OPS = (("i", "INSERT", "NEW"), ("u", "UPDATE", "NEW"), ("d", "DELETE", "OLD"))


def upgrade() -> None:
    op.create_table('change_log',
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('table_name', sa.String(length=40), nullable=False),
    sa.Column('row_uid', sa.String(length=36), nullable=False),
    sa.Column('op', sa.String(length=1), nullable=False),
    sa.PrimaryKeyConstraint('seq', name=op.f('pk_change_log')),
    sqlite_autoincrement=True
    )
    if op.get_bind().dialect.name != "sqlite":
        return          # the county's database does not export
    for table in TABLES:
        for code, event, row in OPS:
            op.execute(f"CREATE TRIGGER trg_{table}_log_{code} AFTER {event} ON {table} BEGIN "
                       f"INSERT INTO change_log (table_name, row_uid, op) VALUES ('{table}', {row}.uid, '{code}'); END")
    for code, event, row in OPS[::2]:
        op.execute(f"CREATE TRIGGER trg_dispute_mediator_log_{code} AFTER {event} ON dispute_mediator BEGIN "
                   f"INSERT INTO change_log (table_name, row_uid, op) SELECT 'dispute', uid, 'u' FROM dispute "
                   f"WHERE id = {row}.dispute_id; END")
    # Everything already recorded is a change the county has not seen.
    for table in TABLES:
        op.execute(f"INSERT INTO change_log (table_name, row_uid, op) SELECT '{table}', uid, 'i' FROM {table}")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for table in (*TABLES, "dispute_mediator"):
            for code, _event, _row in OPS:
                op.execute(f"DROP TRIGGER IF EXISTS trg_{table}_log_{code}")
    op.drop_table('change_log')
