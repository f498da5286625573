"""the case library (以案释法) and the head's monthly work summary

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-02
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None

# Frozen copy of 0006's change-log triggers, for the one new synced table.
LOG_TRIGGERS = (("i", "INSERT", "NEW"), ("u", "UPDATE", "NEW"), ("d", "DELETE", "OLD"))


def upgrade() -> None:
    op.create_table('monthly_summary',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('station_id', sa.Integer(), nullable=False),
    sa.Column('month', sa.String(length=7), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('written_by', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['station_id'], ['station.id'], name=op.f('fk_monthly_summary_station_id_station')),
    sa.ForeignKeyConstraint(['written_by'], ['mediator.id'], name=op.f('fk_monthly_summary_written_by_mediator')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_monthly_summary')),
    sa.UniqueConstraint('station_id', 'month', name='uq_monthly_summary_station_month')
    )
    op.create_table('case_library_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('dispute_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('type_code', sa.String(length=8), nullable=False),
    sa.Column('tags', sa.String(length=200), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('marked_by', sa.Integer(), nullable=True),
    sa.Column('marked_on', sa.Date(), nullable=False),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['dispute_id'], ['dispute.id'], name=op.f('fk_case_library_entry_dispute_id_dispute')),
    sa.ForeignKeyConstraint(['marked_by'], ['mediator.id'], name=op.f('fk_case_library_entry_marked_by_mediator')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_library_entry')),
    sa.UniqueConstraint('dispute_id', name=op.f('uq_case_library_entry_dispute_id')),
    sa.UniqueConstraint('uid', name=op.f('uq_case_library_entry_uid'))
    )
    op.create_index(op.f('ix_case_library_entry_type_code'), 'case_library_entry', ['type_code'], unique=False)
    if op.get_bind().dialect.name != "sqlite":
        return          # the county's database does not export
    for code, event, row in LOG_TRIGGERS:
        op.execute(f"CREATE TRIGGER trg_case_library_entry_log_{code} AFTER {event} ON case_library_entry BEGIN "
                   f"INSERT INTO change_log (table_name, row_uid, op) VALUES ('case_library_entry', {row}.uid, "
                   f"'{code}'); END")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for code, _event, _row in LOG_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS trg_case_library_entry_log_{code}")
    op.drop_index(op.f('ix_case_library_entry_type_code'), table_name='case_library_entry')
    op.drop_table('case_library_entry')
    op.drop_table('monthly_summary')
