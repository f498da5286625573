"""issued documents

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table('issued_document',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('dispute_id', sa.Integer(), nullable=False),
    sa.Column('doc_type', sa.String(length=32), nullable=False),
    sa.Column('part', sa.String(length=32), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=16), nullable=False),
    sa.Column('content_digest', sa.String(length=64), nullable=False),
    sa.Column('issued_at', sa.DateTime(), nullable=False),
    sa.Column('issued_by', sa.Integer(), nullable=True),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['dispute_id'], ['dispute.id'], name=op.f('fk_issued_document_dispute_id_dispute')),
    sa.ForeignKeyConstraint(['issued_by'], ['mediator.id'], name=op.f('fk_issued_document_issued_by_mediator')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_issued_document')),
    sa.UniqueConstraint('code', name=op.f('uq_issued_document_code')),
    sa.UniqueConstraint('uid', name=op.f('uq_issued_document_uid'))
    )
    with op.batch_alter_table('issued_document', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_issued_document_dispute_id'), ['dispute_id'], unique=False)




def downgrade() -> None:

    with op.batch_alter_table('issued_document', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_issued_document_dispute_id'))

    op.drop_table('issued_document')

