"""the stations' audit chains at the county (links and events)

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-23
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('county_audit_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('station_code', sa.String(length=32), nullable=False),
    sa.Column('bundle_number', sa.Integer(), nullable=False),
    sa.Column('bundle_digest', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('last_match', sa.Integer(), nullable=False),
    sa.Column('first_differ', sa.Integer(), nullable=True),
    sa.Column('county_head', sa.Integer(), nullable=False),
    sa.Column('station_head', sa.Integer(), nullable=False),
    sa.Column('detail', sa.JSON(), nullable=False),
    sa.Column('detected_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_county_audit_event'))
    )
    with op.batch_alter_table('county_audit_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_county_audit_event_station_code'), ['station_code'], unique=False)
    op.create_table('county_audit_link',
    sa.Column('station_code', sa.String(length=32), nullable=False),
    sa.Column('seq', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.Column('bundle_number', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('station_code', 'seq', name=op.f('pk_county_audit_link'))
    )


def downgrade() -> None:
    op.drop_table('county_audit_link')
    with op.batch_alter_table('county_audit_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_county_audit_event_station_code'))
    op.drop_table('county_audit_event')
