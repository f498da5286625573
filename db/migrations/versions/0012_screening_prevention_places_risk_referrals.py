"""screening, prevention, places, risk reports and referrals

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-23
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


# Frozen copies: a migration must not change when the models do. The new synced tables get 0006's change-log
# triggers, on a station's SQLite database only (the county's does not export).
TABLES = ("place", "grid", "screening", "screening_finding", "info_report", "prevented_dispute", "risk_report",
          "referral")
LOG_TRIGGERS = (("i", "INSERT", "NEW"), ("u", "UPDATE", "NEW"), ("d", "DELETE", "OLD"))


def _logged() -> bool:
    """A station's database: it has the change-log triggers of 0006."""
    if op.get_bind().dialect.name != "sqlite":
        return False
    return bool(op.get_bind().execute(sa.text("SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger' AND name "
                                              "LIKE 'trg_dispute_log_%'")).scalar())


def _log_triggers(table: str) -> None:
    for code, event, row in LOG_TRIGGERS:
        op.execute(f"CREATE TRIGGER trg_{table}_log_{code} AFTER {event} ON {table} BEGIN "
                   f"INSERT INTO change_log (table_name, row_uid, op) VALUES ('{table}', {row}.uid, '{code}'); END")


def upgrade() -> None:
    op.create_table('place',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('station_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=50), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['station_id'], ['station.id'], name=op.f('fk_place_station_id_station')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_place')),
    sa.UniqueConstraint('uid', name=op.f('uq_place_uid'))
    )
    with op.batch_alter_table('place', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_place_station_id'), ['station_id'], unique=False)

    op.create_table('grid',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('place_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=50), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['place_id'], ['place.id'], name=op.f('fk_grid_place_id_place')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_grid')),
    sa.UniqueConstraint('uid', name=op.f('uq_grid_uid'))
    )
    with op.batch_alter_table('grid', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_grid_place_id'), ['place_id'], unique=False)

    op.create_table('prevented_dispute',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('station_id', sa.Integer(), nullable=False),
    sa.Column('on_date', sa.Date(), nullable=False),
    sa.Column('place_id', sa.Integer(), nullable=True),
    sa.Column('grid_id', sa.Integer(), nullable=True),
    sa.Column('type_code', sa.String(length=8), nullable=False),
    sa.Column('people_involved', sa.Integer(), nullable=False),
    sa.Column('how', sa.Text(), nullable=False),
    sa.Column('mediator_ids', sa.JSON(), nullable=False),
    sa.Column('others', sa.String(length=200), nullable=False),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['grid_id'], ['grid.id'], name=op.f('fk_prevented_dispute_grid_id_grid')),
    sa.ForeignKeyConstraint(['place_id'], ['place.id'], name=op.f('fk_prevented_dispute_place_id_place')),
    sa.ForeignKeyConstraint(['station_id'], ['station.id'], name=op.f('fk_prevented_dispute_station_id_station')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_prevented_dispute')),
    sa.UniqueConstraint('uid', name=op.f('uq_prevented_dispute_uid'))
    )
    with op.batch_alter_table('prevented_dispute', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_prevented_dispute_on_date'), ['on_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_prevented_dispute_station_id'), ['station_id'], unique=False)

    op.create_table('screening',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('station_id', sa.Integer(), nullable=False),
    sa.Column('visited_on', sa.Date(), nullable=False),
    sa.Column('place_id', sa.Integer(), nullable=False),
    sa.Column('grid_id', sa.Integer(), nullable=True),
    sa.Column('mediator_ids', sa.JSON(), nullable=False),
    sa.Column('others', sa.String(length=200), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['grid_id'], ['grid.id'], name=op.f('fk_screening_grid_id_grid')),
    sa.ForeignKeyConstraint(['place_id'], ['place.id'], name=op.f('fk_screening_place_id_place')),
    sa.ForeignKeyConstraint(['station_id'], ['station.id'], name=op.f('fk_screening_station_id_station')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_screening')),
    sa.UniqueConstraint('uid', name=op.f('uq_screening_uid'))
    )
    with op.batch_alter_table('screening', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_screening_place_id'), ['place_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_screening_station_id'), ['station_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_screening_visited_on'), ['visited_on'], unique=False)

    op.create_table('info_report',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('station_id', sa.Integer(), nullable=False),
    sa.Column('reporter', sa.String(length=50), nullable=False),
    sa.Column('reporter_role', sa.String(length=16), nullable=False),
    sa.Column('reported_on', sa.Date(), nullable=False),
    sa.Column('place_id', sa.Integer(), nullable=True),
    sa.Column('grid_id', sa.Integer(), nullable=True),
    sa.Column('location', sa.String(length=200), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('dispute_id', sa.Integer(), nullable=True),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['dispute_id'], ['dispute.id'], name=op.f('fk_info_report_dispute_id_dispute')),
    sa.ForeignKeyConstraint(['grid_id'], ['grid.id'], name=op.f('fk_info_report_grid_id_grid')),
    sa.ForeignKeyConstraint(['place_id'], ['place.id'], name=op.f('fk_info_report_place_id_place')),
    sa.ForeignKeyConstraint(['station_id'], ['station.id'], name=op.f('fk_info_report_station_id_station')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_info_report')),
    sa.UniqueConstraint('uid', name=op.f('uq_info_report_uid'))
    )
    with op.batch_alter_table('info_report', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_info_report_dispute_id'), ['dispute_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_info_report_reported_on'), ['reported_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_info_report_station_id'), ['station_id'], unique=False)

    op.create_table('referral',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('dispute_id', sa.Integer(), nullable=False),
    sa.Column('direction', sa.String(length=8), nullable=False),
    sa.Column('court_kind', sa.String(length=12), nullable=True),
    sa.Column('body', sa.String(length=100), nullable=False),
    sa.Column('letter_no', sa.String(length=60), nullable=False),
    sa.Column('on_date', sa.Date(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('stage', sa.String(length=16), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('result_on', sa.Date(), nullable=True),
    sa.Column('result', sa.Text(), nullable=False),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['dispute_id'], ['dispute.id'], name=op.f('fk_referral_dispute_id_dispute')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_referral')),
    sa.UniqueConstraint('uid', name=op.f('uq_referral_uid'))
    )
    with op.batch_alter_table('referral', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_referral_dispute_id'), ['dispute_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_referral_due_on'), ['due_on'], unique=False)

    op.create_table('risk_report',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('dispute_id', sa.Integer(), nullable=False),
    sa.Column('risk_level', sa.String(length=8), nullable=False),
    sa.Column('reported_to', sa.String(length=32), nullable=False),
    sa.Column('recipient', sa.String(length=100), nullable=False),
    sa.Column('reported_at', sa.DateTime(), nullable=False),
    sa.Column('method', sa.String(length=16), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('reply', sa.Text(), nullable=False),
    sa.Column('reply_on', sa.Date(), nullable=True),
    sa.Column('by_mediator_id', sa.Integer(), nullable=True),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['by_mediator_id'], ['mediator.id'], name=op.f('fk_risk_report_by_mediator_id_mediator')),
    sa.ForeignKeyConstraint(['dispute_id'], ['dispute.id'], name=op.f('fk_risk_report_dispute_id_dispute')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_risk_report')),
    sa.UniqueConstraint('uid', name=op.f('uq_risk_report_uid'))
    )
    with op.batch_alter_table('risk_report', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_risk_report_dispute_id'), ['dispute_id'], unique=False)

    op.create_table('screening_finding',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('screening_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('type_code', sa.String(length=8), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('people_involved', sa.Integer(), nullable=False),
    sa.Column('risk_level', sa.String(length=8), nullable=False),
    sa.Column('handling', sa.String(length=12), nullable=False),
    sa.Column('dispute_id', sa.Integer(), nullable=True),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['dispute_id'], ['dispute.id'], name=op.f('fk_screening_finding_dispute_id_dispute')),
    sa.ForeignKeyConstraint(['screening_id'], ['screening.id'], name=op.f('fk_screening_finding_screening_id_screening')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_screening_finding')),
    sa.UniqueConstraint('uid', name=op.f('uq_screening_finding_uid'))
    )
    with op.batch_alter_table('screening_finding', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_screening_finding_dispute_id'), ['dispute_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_screening_finding_screening_id'), ['screening_id'], unique=False)

    if op.get_bind().dialect.name == "sqlite":
        # ADD COLUMN keeps the table, and with it the change-log triggers (a batch copy would drop them).
        op.execute("ALTER TABLE dispute ADD COLUMN people_at_risk INTEGER NOT NULL DEFAULT 0")
        op.execute("ALTER TABLE dispute ADD COLUMN place_id INTEGER CONSTRAINT fk_dispute_place_id_place "
                   "REFERENCES place (id)")
        op.execute("ALTER TABLE dispute ADD COLUMN grid_id INTEGER CONSTRAINT fk_dispute_grid_id_grid "
                   "REFERENCES grid (id)")
    else:
        op.add_column('dispute', sa.Column('people_at_risk', sa.Integer(), nullable=False, server_default="0"))
        op.add_column('dispute', sa.Column('place_id', sa.Integer(), nullable=True))
        op.add_column('dispute', sa.Column('grid_id', sa.Integer(), nullable=True))
        op.create_foreign_key(op.f('fk_dispute_place_id_place'), 'dispute', 'place', ['place_id'], ['id'])
        op.create_foreign_key(op.f('fk_dispute_grid_id_grid'), 'dispute', 'grid', ['grid_id'], ['id'])
    op.create_index(op.f('ix_dispute_place_id'), 'dispute', ['place_id'], unique=False)
    if _logged():
        for table in TABLES:
            _log_triggers(table)


def downgrade() -> None:
    logged = _logged()
    op.drop_index(op.f('ix_dispute_place_id'), table_name='dispute')
    if op.get_bind().dialect.name != "sqlite":
        op.drop_constraint(op.f('fk_dispute_grid_id_grid'), 'dispute', type_='foreignkey')
        op.drop_constraint(op.f('fk_dispute_place_id_place'), 'dispute', type_='foreignkey')
        for column in ("grid_id", "place_id", "people_at_risk"):
            op.drop_column('dispute', column)
    else:
        # The batch copy drops dispute's triggers and trips over those of other tables that name it: set them
        # aside and make them again on the copy.
        kept = op.get_bind().execute(sa.text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND "
                                             "(tbl_name = 'dispute' OR sql LIKE '%FROM dispute %')")).all()
        for name, _sql in kept:
            op.execute(f"DROP TRIGGER {name}")
        with op.batch_alter_table('dispute', schema=None) as batch_op:
            for column in ("grid_id", "place_id", "people_at_risk"):
                batch_op.drop_column(column)
        for _name, sql in kept:
            op.execute(sql)
    if logged:
        for table in TABLES:
            for code, _event, _row in LOG_TRIGGERS:
                op.execute(f"DROP TRIGGER IF EXISTS trg_{table}_log_{code}")
    with op.batch_alter_table('screening_finding', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_screening_finding_screening_id'))
        batch_op.drop_index(batch_op.f('ix_screening_finding_dispute_id'))

    op.drop_table('screening_finding')
    with op.batch_alter_table('risk_report', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_risk_report_dispute_id'))

    op.drop_table('risk_report')
    with op.batch_alter_table('referral', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_referral_due_on'))
        batch_op.drop_index(batch_op.f('ix_referral_dispute_id'))

    op.drop_table('referral')
    with op.batch_alter_table('info_report', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_info_report_station_id'))
        batch_op.drop_index(batch_op.f('ix_info_report_reported_on'))
        batch_op.drop_index(batch_op.f('ix_info_report_dispute_id'))

    op.drop_table('info_report')
    with op.batch_alter_table('screening', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_screening_visited_on'))
        batch_op.drop_index(batch_op.f('ix_screening_station_id'))
        batch_op.drop_index(batch_op.f('ix_screening_place_id'))

    op.drop_table('screening')
    with op.batch_alter_table('prevented_dispute', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_prevented_dispute_station_id'))
        batch_op.drop_index(batch_op.f('ix_prevented_dispute_on_date'))

    op.drop_table('prevented_dispute')
    with op.batch_alter_table('grid', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_grid_place_id'))

    op.drop_table('grid')
    with op.batch_alter_table('place', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_place_station_id'))

    op.drop_table('place')
