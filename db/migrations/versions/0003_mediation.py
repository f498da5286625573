"""mediation records hearings agreements follow-ups

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table('legal_provision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('law', sa.String(length=100), nullable=False),
    sa.Column('article', sa.String(length=40), nullable=False),
    sa.Column('gist', sa.Text(), nullable=False),
    sa.Column('topic', sa.String(length=100), nullable=False),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_legal_provision')),
    sa.UniqueConstraint('uid', name=op.f('uq_legal_provision_uid'))
    )
    op.create_table('station_setting',
    sa.Column('key', sa.String(length=60), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_station_setting'))
    )
    op.create_table('hearing_officer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('station_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=50), nullable=False),
    sa.Column('category', sa.String(length=20), nullable=False),
    sa.Column('phone', sa.String(length=32), nullable=True),
    sa.Column('unit', sa.String(length=200), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['station_id'], ['station.id'], name=op.f('fk_hearing_officer_station_id_station')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_hearing_officer')),
    sa.UniqueConstraint('uid', name=op.f('uq_hearing_officer_uid'))
    )
    with op.batch_alter_table('hearing_officer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_hearing_officer_station_id'), ['station_id'], unique=False)

    op.create_table('agreement',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('dispute_id', sa.Integer(), nullable=False),
    sa.Column('form', sa.String(length=8), nullable=False),
    sa.Column('facts', sa.Text(), nullable=False),
    sa.Column('matters', sa.Text(), nullable=False),
    sa.Column('responsibilities', sa.Text(), nullable=False),
    sa.Column('findings', sa.Text(), nullable=False),
    sa.Column('fairness', sa.Text(), nullable=False),
    sa.Column('copies', sa.Integer(), nullable=True),
    sa.Column('status_matter', sa.Boolean(), nullable=False),
    sa.Column('signed_on', sa.Date(), nullable=True),
    sa.Column('signatories', sa.Text(), nullable=False),
    sa.Column('effective_on', sa.Date(), nullable=True),
    sa.Column('jc_applied_on', sa.Date(), nullable=True),
    sa.Column('jc_court', sa.String(length=100), nullable=False),
    sa.Column('jc_result', sa.String(length=12), nullable=True),
    sa.Column('jc_result_on', sa.Date(), nullable=True),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['dispute_id'], ['dispute.id'], name=op.f('fk_agreement_dispute_id_dispute')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agreement')),
    sa.UniqueConstraint('uid', name=op.f('uq_agreement_uid'))
    )
    with op.batch_alter_table('agreement', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agreement_dispute_id'), ['dispute_id'], unique=False)

    op.create_table('evidence',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('dispute_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('source', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('pages', sa.Integer(), nullable=False),
    sa.Column('provided_by', sa.String(length=100), nullable=False),
    sa.Column('received_on', sa.Date(), nullable=True),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['dispute_id'], ['dispute.id'], name=op.f('fk_evidence_dispute_id_dispute')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evidence')),
    sa.UniqueConstraint('uid', name=op.f('uq_evidence_uid'))
    )
    with op.batch_alter_table('evidence', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_evidence_dispute_id'), ['dispute_id'], unique=False)

    op.create_table('follow_up',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('dispute_id', sa.Integer(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('visited_on', sa.Date(), nullable=True),
    sa.Column('visitor_id', sa.Integer(), nullable=True),
    sa.Column('persons_visited', sa.Text(), nullable=False),
    sa.Column('performance', sa.Text(), nullable=False),
    sa.Column('satisfaction', sa.String(length=12), nullable=True),
    sa.Column('escalation_signs', sa.Text(), nullable=False),
    sa.Column('measures', sa.Text(), nullable=False),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['dispute_id'], ['dispute.id'], name=op.f('fk_follow_up_dispute_id_dispute')),
    sa.ForeignKeyConstraint(['visitor_id'], ['mediator.id'], name=op.f('fk_follow_up_visitor_id_mediator')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_follow_up')),
    sa.UniqueConstraint('uid', name=op.f('uq_follow_up_uid'))
    )
    with op.batch_alter_table('follow_up', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_follow_up_dispute_id'), ['dispute_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_follow_up_due_on'), ['due_on'], unique=False)

    op.create_table('hearing',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('dispute_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('planned_at', sa.DateTime(), nullable=False),
    sa.Column('place', sa.String(length=200), nullable=False),
    sa.Column('is_public', sa.Boolean(), nullable=False),
    sa.Column('private_reason', sa.Text(), nullable=False),
    sa.Column('presider_id', sa.Integer(), nullable=True),
    sa.Column('clerk_id', sa.Integer(), nullable=True),
    sa.Column('officer_ids', sa.JSON(), nullable=False),
    sa.Column('parties_present', sa.JSON(), nullable=False),
    sa.Column('others_present', sa.JSON(), nullable=False),
    sa.Column('notices', sa.JSON(), nullable=False),
    sa.Column('record', sa.JSON(), nullable=False),
    sa.Column('opinions', sa.JSON(), nullable=False),
    sa.Column('refusals', sa.Text(), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=True),
    sa.Column('summary_due', sa.Date(), nullable=True),
    sa.Column('summary_on', sa.Date(), nullable=True),
    sa.Column('summary_facts', sa.Text(), nullable=False),
    sa.Column('summary_views', sa.Text(), nullable=False),
    sa.Column('summary_disagreements', sa.Text(), nullable=False),
    sa.Column('summary_handling', sa.Text(), nullable=False),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['clerk_id'], ['mediator.id'], name=op.f('fk_hearing_clerk_id_mediator')),
    sa.ForeignKeyConstraint(['dispute_id'], ['dispute.id'], name=op.f('fk_hearing_dispute_id_dispute')),
    sa.ForeignKeyConstraint(['presider_id'], ['mediator.id'], name=op.f('fk_hearing_presider_id_mediator')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_hearing')),
    sa.UniqueConstraint('uid', name=op.f('uq_hearing_uid'))
    )
    with op.batch_alter_table('hearing', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_hearing_dispute_id'), ['dispute_id'], unique=False)

    op.create_table('investigation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('dispute_id', sa.Integer(), nullable=False),
    sa.Column('held_at', sa.DateTime(), nullable=False),
    sa.Column('place', sa.String(length=200), nullable=False),
    sa.Column('investigator_id', sa.Integer(), nullable=True),
    sa.Column('record_keeper_id', sa.Integer(), nullable=True),
    sa.Column('person_questioned', sa.String(length=100), nullable=False),
    sa.Column('questions', sa.JSON(), nullable=False),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['dispute_id'], ['dispute.id'], name=op.f('fk_investigation_dispute_id_dispute')),
    sa.ForeignKeyConstraint(['investigator_id'], ['mediator.id'], name=op.f('fk_investigation_investigator_id_mediator')),
    sa.ForeignKeyConstraint(['record_keeper_id'], ['mediator.id'], name=op.f('fk_investigation_record_keeper_id_mediator')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_investigation')),
    sa.UniqueConstraint('uid', name=op.f('uq_investigation_uid'))
    )
    with op.batch_alter_table('investigation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_investigation_dispute_id'), ['dispute_id'], unique=False)

    op.create_table('mediation_session',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('dispute_id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('planned_at', sa.DateTime(), nullable=False),
    sa.Column('place', sa.String(length=200), nullable=False),
    sa.Column('held_at', sa.DateTime(), nullable=True),
    sa.Column('is_public', sa.Boolean(), nullable=False),
    sa.Column('presiding_mediator_id', sa.Integer(), nullable=True),
    sa.Column('record_keeper_id', sa.Integer(), nullable=True),
    sa.Column('co_mediator_ids', sa.JSON(), nullable=False),
    sa.Column('parties_present', sa.JSON(), nullable=False),
    sa.Column('participants', sa.JSON(), nullable=False),
    sa.Column('rights_told', sa.Boolean(), nullable=False),
    sa.Column('principles_explained', sa.Boolean(), nullable=False),
    sa.Column('statements', sa.JSON(), nullable=False),
    sa.Column('findings_checked', sa.Text(), nullable=False),
    sa.Column('risks_explained', sa.Text(), nullable=False),
    sa.Column('outcome', sa.String(length=12), nullable=True),
    sa.Column('terms_reached', sa.Text(), nullable=False),
    sa.Column('no_agreement_reason', sa.Text(), nullable=False),
    sa.Column('routes_explained', sa.JSON(), nullable=False),
    sa.Column('proposal', sa.Text(), nullable=False),
    sa.Column('signatures', sa.JSON(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['dispute_id'], ['dispute.id'], name=op.f('fk_mediation_session_dispute_id_dispute')),
    sa.ForeignKeyConstraint(['presiding_mediator_id'], ['mediator.id'], name=op.f('fk_mediation_session_presiding_mediator_id_mediator')),
    sa.ForeignKeyConstraint(['record_keeper_id'], ['mediator.id'], name=op.f('fk_mediation_session_record_keeper_id_mediator')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mediation_session')),
    sa.UniqueConstraint('uid', name=op.f('uq_mediation_session_uid'))
    )
    with op.batch_alter_table('mediation_session', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mediation_session_dispute_id'), ['dispute_id'], unique=False)

    op.create_table('agreement_citation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('agreement_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('law', sa.String(length=100), nullable=False),
    sa.Column('article', sa.String(length=40), nullable=False),
    sa.Column('gist', sa.Text(), nullable=False),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['agreement_id'], ['agreement.id'], name=op.f('fk_agreement_citation_agreement_id_agreement')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agreement_citation')),
    sa.UniqueConstraint('uid', name=op.f('uq_agreement_citation_uid'))
    )
    with op.batch_alter_table('agreement_citation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agreement_citation_agreement_id'), ['agreement_id'], unique=False)

    op.create_table('agreement_term',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('agreement_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('obligor_uid', sa.String(length=36), nullable=False),
    sa.Column('obligee_uid', sa.String(length=36), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('involves_money', sa.Boolean(), nullable=False),
    sa.Column('amount_fen', sa.BigInteger(), nullable=True),
    sa.Column('method', sa.String(length=200), nullable=False),
    sa.Column('place', sa.String(length=200), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('performance', sa.String(length=12), nullable=False),
    sa.Column('performed_on', sa.Date(), nullable=True),
    sa.Column('performance_note', sa.Text(), nullable=False),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['agreement_id'], ['agreement.id'], name=op.f('fk_agreement_term_agreement_id_agreement')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agreement_term')),
    sa.UniqueConstraint('uid', name=op.f('uq_agreement_term_uid'))
    )
    with op.batch_alter_table('agreement_term', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agreement_term_agreement_id'), ['agreement_id'], unique=False)

    op.create_table('attachment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('evidence_id', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('media_type', sa.String(length=100), nullable=False),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['evidence_id'], ['evidence.id'], name=op.f('fk_attachment_evidence_id_evidence')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attachment')),
    sa.UniqueConstraint('uid', name=op.f('uq_attachment_uid'))
    )
    with op.batch_alter_table('attachment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attachment_evidence_id'), ['evidence_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_attachment_sha256'), ['sha256'], unique=False)




def downgrade() -> None:

    with op.batch_alter_table('attachment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attachment_sha256'))
        batch_op.drop_index(batch_op.f('ix_attachment_evidence_id'))

    op.drop_table('attachment')
    with op.batch_alter_table('agreement_term', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_agreement_term_agreement_id'))

    op.drop_table('agreement_term')
    with op.batch_alter_table('agreement_citation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_agreement_citation_agreement_id'))

    op.drop_table('agreement_citation')
    with op.batch_alter_table('mediation_session', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mediation_session_dispute_id'))

    op.drop_table('mediation_session')
    with op.batch_alter_table('investigation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_investigation_dispute_id'))

    op.drop_table('investigation')
    with op.batch_alter_table('hearing', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_hearing_dispute_id'))

    op.drop_table('hearing')
    with op.batch_alter_table('follow_up', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_follow_up_due_on'))
        batch_op.drop_index(batch_op.f('ix_follow_up_dispute_id'))

    op.drop_table('follow_up')
    with op.batch_alter_table('evidence', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_evidence_dispute_id'))

    op.drop_table('evidence')
    with op.batch_alter_table('agreement', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_agreement_dispute_id'))

    op.drop_table('agreement')
    with op.batch_alter_table('hearing_officer', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_hearing_officer_station_id'))

    op.drop_table('hearing_officer')
    op.drop_table('station_setting')
    op.drop_table('legal_provision')

