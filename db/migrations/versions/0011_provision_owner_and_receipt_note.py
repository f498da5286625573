"""legal provisions owned by a station; what the county's receipt said besides its status

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-23
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

# Frozen copy of 0006's change-log triggers for this table: a batch copy (downgrade) drops them.
LOG_TRIGGERS = (("i", "INSERT", "NEW"), ("u", "UPDATE", "NEW"), ("d", "DELETE", "OLD"))


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        # ADD COLUMN keeps the table, and with it the change-log triggers (a batch copy would drop them).
        op.execute("ALTER TABLE legal_provision ADD COLUMN station_id INTEGER "
                   "CONSTRAINT fk_legal_provision_station_id_station REFERENCES station (id)")
    else:
        op.add_column('legal_provision', sa.Column('station_id', sa.Integer(), nullable=True))
        op.create_foreign_key(op.f('fk_legal_provision_station_id_station'), 'legal_provision', 'station',
                              ['station_id'], ['id'])
    op.create_index(op.f('ix_legal_provision_station_id'), 'legal_provision', ['station_id'], unique=False)
    op.add_column('sent_bundle', sa.Column('receipt_note', sa.Text(), nullable=True))
    county = op.get_bind().execute(sa.text("SELECT COUNT(*) FROM county_identity")).scalar()
    if not county:
        # A station's provisions are its own. The new revision sends them again, so that the county (where
        # they arrived without an owner) learns whose they are instead of seeing a conflict.
        op.execute("UPDATE legal_provision SET station_id = (SELECT MIN(id) FROM station), revision = revision + 1 "
                   "WHERE station_id IS NULL")


def downgrade() -> None:
    op.drop_index(op.f('ix_legal_provision_station_id'), table_name='legal_provision')
    with op.batch_alter_table('sent_bundle', schema=None) as batch_op:
        batch_op.drop_column('receipt_note')
    if op.get_bind().dialect.name != "sqlite":
        op.drop_constraint(op.f('fk_legal_provision_station_id_station'), 'legal_provision', type_='foreignkey')
        op.drop_column('legal_provision', 'station_id')
        return
    logged = op.get_bind().execute(sa.text("SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE "
                                           "'trg_legal_provision_log_%'")).scalar()
    with op.batch_alter_table('legal_provision', schema=None) as batch_op:
        batch_op.drop_column('station_id')        # with its reference: the table is copied without it
    for code, event, row in LOG_TRIGGERS if logged else ():      # a county database has none
        op.execute(f"CREATE TRIGGER trg_legal_provision_log_{code} AFTER {event} ON legal_provision BEGIN "
                   f"INSERT INTO change_log (table_name, row_uid, op) VALUES ('legal_provision', {row}.uid, "
                   f"'{code}'); END")
