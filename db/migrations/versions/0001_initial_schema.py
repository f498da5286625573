"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table('station',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('county', sa.String(length=100), nullable=False),
    sa.Column('case_prefix', sa.String(length=16), nullable=False),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_station')),
    sa.UniqueConstraint('uid', name=op.f('uq_station_uid'))
    )
    op.create_table('case_counter',
    sa.Column('station_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('last_seq', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['station_id'], ['station.id'], name=op.f('fk_case_counter_station_id_station')),
    sa.PrimaryKeyConstraint('station_id', 'year', name=op.f('pk_case_counter'))
    )
    op.create_table('mediator',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('station_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=50), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('phone', sa.String(length=32), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['station_id'], ['station.id'], name=op.f('fk_mediator_station_id_station')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mediator')),
    sa.UniqueConstraint('uid', name=op.f('uq_mediator_uid'))
    )
    with op.batch_alter_table('mediator', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mediator_station_id'), ['station_id'], unique=False)

    op.create_table('dispute',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('station_id', sa.Integer(), nullable=False),
    sa.Column('case_no', sa.String(length=40), nullable=True),
    sa.Column('case_year', sa.Integer(), nullable=True),
    sa.Column('case_seq', sa.Integer(), nullable=True),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('type_code', sa.String(length=8), nullable=False),
    sa.Column('source_code', sa.String(length=16), nullable=False),
    sa.Column('registered_on', sa.Date(), nullable=False),
    sa.Column('accepted_on', sa.Date(), nullable=True),
    sa.Column('presiding_mediator_id', sa.Integer(), nullable=True),
    sa.Column('facts', sa.Text(), nullable=False),
    sa.Column('claims', sa.Text(), nullable=False),
    sa.Column('amount_fen', sa.BigInteger(), nullable=True),
    sa.Column('people_involved', sa.Integer(), nullable=False),
    sa.Column('risk_level', sa.String(length=8), nullable=False),
    sa.Column('risk_criminal', sa.Boolean(), nullable=False),
    sa.Column('risk_mass_petition', sa.Boolean(), nullable=False),
    sa.Column('risk_suicide', sa.Boolean(), nullable=False),
    sa.Column('risk_group_fight', sa.Boolean(), nullable=False),
    sa.Column('is_public', sa.Boolean(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('deadline', sa.Date(), nullable=True),
    sa.Column('closed_on', sa.Date(), nullable=True),
    sa.Column('outcome', sa.String(length=8), nullable=True),
    sa.Column('routes_explained', sa.String(length=100), nullable=True),
    sa.Column('referral_target', sa.String(length=100), nullable=True),
    sa.Column('decline_reason', sa.Text(), nullable=True),
    sa.Column('end_reason', sa.Text(), nullable=True),
    sa.Column('parties_text', sa.String(length=400), nullable=False),
    sa.Column('import_key', sa.String(length=64), nullable=True),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['presiding_mediator_id'], ['mediator.id'], name=op.f('fk_dispute_presiding_mediator_id_mediator')),
    sa.ForeignKeyConstraint(['station_id'], ['station.id'], name=op.f('fk_dispute_station_id_station')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dispute')),
    sa.UniqueConstraint('case_no', name=op.f('uq_dispute_case_no')),
    sa.UniqueConstraint('import_key', name=op.f('uq_dispute_import_key')),
    sa.UniqueConstraint('station_id', 'case_year', 'case_seq', name='uq_dispute_case_seq'),
    sa.UniqueConstraint('uid', name=op.f('uq_dispute_uid'))
    )
    with op.batch_alter_table('dispute', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dispute_deadline'), ['deadline'], unique=False)
        batch_op.create_index(batch_op.f('ix_dispute_presiding_mediator_id'), ['presiding_mediator_id'], unique=False)
        batch_op.create_index('ix_dispute_register_order', ['registered_on', 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_dispute_risk_level'), ['risk_level'], unique=False)
        batch_op.create_index(batch_op.f('ix_dispute_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_dispute_type_code'), ['type_code'], unique=False)

    op.create_table('dispute_mediator',
    sa.Column('dispute_id', sa.Integer(), nullable=False),
    sa.Column('mediator_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['dispute_id'], ['dispute.id'], name=op.f('fk_dispute_mediator_dispute_id_dispute')),
    sa.ForeignKeyConstraint(['mediator_id'], ['mediator.id'], name=op.f('fk_dispute_mediator_mediator_id_mediator')),
    sa.PrimaryKeyConstraint('dispute_id', 'mediator_id', name=op.f('pk_dispute_mediator'))
    )
    op.create_table('extension',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('dispute_id', sa.Integer(), nullable=False),
    sa.Column('old_deadline', sa.Date(), nullable=False),
    sa.Column('new_deadline', sa.Date(), nullable=False),
    sa.Column('consent_on', sa.Date(), nullable=False),
    sa.Column('consenting_party_uids', sa.Text(), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('by_mediator_id', sa.Integer(), nullable=True),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['by_mediator_id'], ['mediator.id'], name=op.f('fk_extension_by_mediator_id_mediator')),
    sa.ForeignKeyConstraint(['dispute_id'], ['dispute.id'], name=op.f('fk_extension_dispute_id_dispute')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_extension')),
    sa.UniqueConstraint('uid', name=op.f('uq_extension_uid'))
    )
    with op.batch_alter_table('extension', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_extension_dispute_id'), ['dispute_id'], unique=False)

    op.create_table('party',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('dispute_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('gender', sa.String(length=8), nullable=True),
    sa.Column('ethnicity', sa.String(length=4), nullable=True),
    sa.Column('birth_date', sa.Date(), nullable=True),
    sa.Column('occupation', sa.String(length=100), nullable=True),
    sa.Column('address', sa.String(length=200), nullable=True),
    sa.Column('phone', sa.String(length=32), nullable=True),
    sa.Column('id_number', sa.String(length=18), nullable=True),
    sa.Column('credit_code', sa.String(length=18), nullable=True),
    sa.Column('legal_representative', sa.String(length=50), nullable=True),
    sa.Column('agent_name', sa.String(length=50), nullable=True),
    sa.Column('agent_phone', sa.String(length=32), nullable=True),
    sa.Column('agent_id_number', sa.String(length=18), nullable=True),
    sa.Column('agent_authority', sa.String(length=100), nullable=True),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['dispute_id'], ['dispute.id'], name=op.f('fk_party_dispute_id_dispute')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_party')),
    sa.UniqueConstraint('uid', name=op.f('uq_party_uid'))
    )
    with op.batch_alter_table('party', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_party_dispute_id'), ['dispute_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_party_id_number'), ['id_number'], unique=False)
        batch_op.create_index(batch_op.f('ix_party_name'), ['name'], unique=False)
        batch_op.create_index(batch_op.f('ix_party_phone'), ['phone'], unique=False)

    op.create_table('status_change',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('dispute_id', sa.Integer(), nullable=False),
    sa.Column('from_status', sa.String(length=16), nullable=True),
    sa.Column('to_status', sa.String(length=16), nullable=False),
    sa.Column('on_date', sa.Date(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('by_mediator_id', sa.Integer(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['by_mediator_id'], ['mediator.id'], name=op.f('fk_status_change_by_mediator_id_mediator')),
    sa.ForeignKeyConstraint(['dispute_id'], ['dispute.id'], name=op.f('fk_status_change_dispute_id_dispute')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_status_change')),
    sa.UniqueConstraint('uid', name=op.f('uq_status_change_uid'))
    )
    with op.batch_alter_table('status_change', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_status_change_dispute_id'), ['dispute_id'], unique=False)
    if op.get_bind().dialect.name == "sqlite":
        # Full-text index of the register, kept by app.search_index: rowid = dispute.id, body = the case's
        # searchable text as CJK bigrams and whole alphanumeric tokens (see app/search_index.py).
        op.execute("CREATE VIRTUAL TABLE dispute_search USING fts5(body, tokenize='unicode61', "
                   "prefix='2 3 4')")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE dispute_search")

    with op.batch_alter_table('status_change', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_status_change_dispute_id'))

    op.drop_table('status_change')
    with op.batch_alter_table('party', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_party_phone'))
        batch_op.drop_index(batch_op.f('ix_party_name'))
        batch_op.drop_index(batch_op.f('ix_party_id_number'))
        batch_op.drop_index(batch_op.f('ix_party_dispute_id'))

    op.drop_table('party')
    with op.batch_alter_table('extension', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_extension_dispute_id'))

    op.drop_table('extension')
    op.drop_table('dispute_mediator')
    with op.batch_alter_table('dispute', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_dispute_type_code'))
        batch_op.drop_index(batch_op.f('ix_dispute_status'))
        batch_op.drop_index(batch_op.f('ix_dispute_risk_level'))
        batch_op.drop_index('ix_dispute_register_order')
        batch_op.drop_index(batch_op.f('ix_dispute_presiding_mediator_id'))
        batch_op.drop_index(batch_op.f('ix_dispute_deadline'))

    op.drop_table('dispute')
    with op.batch_alter_table('mediator', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mediator_station_id'))

    op.drop_table('mediator')
    op.drop_table('case_counter')
    op.drop_table('station')

