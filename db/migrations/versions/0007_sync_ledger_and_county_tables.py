"""sync ledger and county tables

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('county_bundle',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('station_code', sa.String(length=32), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('digest', sa.String(length=64), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('seq_from', sa.Integer(), nullable=False),
    sa.Column('seq_to', sa.Integer(), nullable=False),
    sa.Column('period_from', sa.String(length=10), nullable=False),
    sa.Column('period_to', sa.String(length=10), nullable=False),
    sa.Column('zero_report', sa.Boolean(), nullable=False),
    sa.Column('counts', sa.JSON(), nullable=False),
    sa.Column('outcome', sa.JSON(), nullable=False),
    sa.Column('summary', sa.JSON(), nullable=False),
    sa.Column('payload', sa.LargeBinary(), nullable=True),
    sa.Column('received_at', sa.DateTime(), nullable=False),
    sa.Column('applied_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_county_bundle')),
    sa.UniqueConstraint('digest', name=op.f('uq_county_bundle_digest')),
    sa.UniqueConstraint('station_code', 'number', name='uq_county_bundle_station_number')
    )
    with op.batch_alter_table('county_bundle', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_county_bundle_station_code'), ['station_code'], unique=False)

    op.create_table('county_file',
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.PrimaryKeyConstraint('sha256', name=op.f('pk_county_file'))
    )
    op.create_table('county_identity',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('signing_key', sa.LargeBinary(), nullable=False),
    sa.Column('agreement_key', sa.LargeBinary(), nullable=False),
    sa.Column('person_key', sa.LargeBinary(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_county_identity'))
    )
    op.create_table('county_person',
    sa.Column('party_uid', sa.String(length=36), nullable=False),
    sa.Column('person_key', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('party_uid', name=op.f('pk_county_person'))
    )
    with op.batch_alter_table('county_person', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_county_person_person_key'), ['person_key'], unique=False)

    op.create_table('county_station',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('county', sa.String(length=100), nullable=False),
    sa.Column('signing_key', sa.String(length=64), nullable=False),
    sa.Column('agreement_key', sa.String(length=64), nullable=False),
    sa.Column('enrolled_at', sa.DateTime(), nullable=False),
    sa.Column('revoked_at', sa.DateTime(), nullable=True),
    sa.Column('applied_no', sa.Integer(), nullable=False),
    sa.Column('applied_seq', sa.Integer(), nullable=False),
    sa.Column('last_received_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_county_station')),
    sa.UniqueConstraint('code', name=op.f('uq_county_station_code'))
    )
    op.create_table('sent_bundle',
    sa.Column('number', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('full', sa.Boolean(), nullable=False),
    sa.Column('seq_from', sa.Integer(), nullable=False),
    sa.Column('seq_to', sa.Integer(), nullable=False),
    sa.Column('period_from', sa.String(length=10), nullable=False),
    sa.Column('period_to', sa.String(length=10), nullable=False),
    sa.Column('digest', sa.String(length=64), nullable=False),
    sa.Column('file_name', sa.String(length=255), nullable=False),
    sa.Column('counts', sa.JSON(), nullable=False),
    sa.Column('receipt', sa.String(length=12), nullable=True),
    sa.Column('receipt_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('number', name=op.f('pk_sent_bundle'))
    )
    op.create_table('county_conflict',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('bundle_id', sa.Integer(), nullable=False),
    sa.Column('station_code', sa.String(length=32), nullable=False),
    sa.Column('table_name', sa.String(length=40), nullable=False),
    sa.Column('row_uid', sa.String(length=36), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('incoming', sa.JSON(), nullable=False),
    sa.Column('detected_at', sa.DateTime(), nullable=False),
    sa.Column('resolved_at', sa.DateTime(), nullable=True),
    sa.Column('resolution', sa.String(length=12), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['bundle_id'], ['county_bundle.id'], name=op.f('fk_county_conflict_bundle_id_county_bundle')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_county_conflict'))
    )
    with op.batch_alter_table('county_conflict', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_county_conflict_bundle_id'), ['bundle_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_county_conflict_row_uid'), ['row_uid'], unique=False)

    op.create_table('county_receipt',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('bundle_id', sa.Integer(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['bundle_id'], ['county_bundle.id'], name=op.f('fk_county_receipt_bundle_id_county_bundle')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_county_receipt'))
    )
    with op.batch_alter_table('county_receipt', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_county_receipt_bundle_id'), ['bundle_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('county_receipt', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_county_receipt_bundle_id'))

    op.drop_table('county_receipt')
    with op.batch_alter_table('county_conflict', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_county_conflict_row_uid'))
        batch_op.drop_index(batch_op.f('ix_county_conflict_bundle_id'))

    op.drop_table('county_conflict')
    op.drop_table('sent_bundle')
    op.drop_table('county_station')
    with op.batch_alter_table('county_person', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_county_person_person_key'))

    op.drop_table('county_person')
    op.drop_table('county_identity')
    op.drop_table('county_file')
    with op.batch_alter_table('county_bundle', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_county_bundle_station_code'))

    op.drop_table('county_bundle')
