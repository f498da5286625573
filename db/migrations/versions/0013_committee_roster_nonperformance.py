"""the committee's details and mediator profiles; the roster of outside members and teams (诉前调解组); terms
found unperformed and 赔偿保证金 deposits; the late-closing reason and what an imported case kept

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02
"""
from __future__ import annotations

import json
import uuid

import sqlalchemy as sa
from alembic import op

revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None

# ADD COLUMN keeps the tables, and with them the change-log triggers of migration 0006 (a batch copy would
# drop them); the defaults fill the rows already there.
COLUMNS = (("station", "committee_kind", "VARCHAR(16) NOT NULL DEFAULT ''"),
           ("station", "committee_field", "VARCHAR(100) NOT NULL DEFAULT ''"),
           ("station", "founded_on", "DATE"),
           ("station", "address", "VARCHAR(200) NOT NULL DEFAULT ''"),
           ("mediator", "employment", "VARCHAR(12) NOT NULL DEFAULT ''"),
           ("mediator", "gender", "VARCHAR(8) NOT NULL DEFAULT ''"),
           ("mediator", "ethnicity", "VARCHAR(4) NOT NULL DEFAULT ''"),
           ("mediator", "education", "VARCHAR(16) NOT NULL DEFAULT ''"),
           ("mediator", "certificate_no", "VARCHAR(40) NOT NULL DEFAULT ''"),
           ("mediator", "training_hours", "INTEGER NOT NULL DEFAULT 0"),
           ("dispute", "late_reason", "TEXT"),
           ("dispute", "original_case_no", "VARCHAR(60)"),
           ("dispute", "agreed_amount_fen", "BIGINT"))
# Frozen copies (a migration must not change when the models do).
NEW_TABLES = ("roster_member", "team", "team_member", "nonperformance", "deposit")
LOG_TRIGGERS = (("i", "INSERT", "NEW"), ("u", "UPDATE", "NEW"), ("d", "DELETE", "OLD"))
# How the free-text roles of former session participants map to roster categories.
CATEGORY_WORDS = (("police", ("警", "派出所", "公安")), ("grid_worker", ("网格",)), ("informant", ("信息员",)),
                  ("lawyer", ("律师",)), ("legal_aide", ("法律明白人",)), ("judge", ("法官", "法院")))


def _synced() -> list[sa.Column]:
    return [sa.Column('uid', sa.String(length=36), nullable=False),
            sa.Column('created_at', sa.DateTime(), nullable=False),
            sa.Column('updated_at', sa.DateTime(), nullable=False),
            sa.Column('revision', sa.Integer(), nullable=False),
            sa.Column('deleted_at', sa.DateTime(), nullable=True)]


def upgrade() -> None:
    for table, column, kind in COLUMNS:
        op.execute(f"ALTER TABLE {table} ADD COLUMN {column} {kind}")
    op.create_table('roster_member',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('station_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=50), nullable=False),
    sa.Column('category', sa.String(length=20), nullable=False),
    sa.Column('title', sa.String(length=50), nullable=False),
    sa.Column('unit', sa.String(length=200), nullable=False),
    sa.Column('phone', sa.String(length=32), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    *_synced(),
    sa.ForeignKeyConstraint(['station_id'], ['station.id'], name=op.f('fk_roster_member_station_id_station')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_roster_member')),
    sa.UniqueConstraint('uid', name=op.f('uq_roster_member_uid')))
    op.create_index(op.f('ix_roster_member_station_id'), 'roster_member', ['station_id'], unique=False)
    op.create_table('team',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('station_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('partner', sa.String(length=200), nullable=False),
    sa.Column('formed_on', sa.Date(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    *_synced(),
    sa.ForeignKeyConstraint(['station_id'], ['station.id'], name=op.f('fk_team_station_id_station')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_team')),
    sa.UniqueConstraint('uid', name=op.f('uq_team_uid')))
    op.create_index(op.f('ix_team_station_id'), 'team', ['station_id'], unique=False)
    op.create_table('team_member',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=False),
    sa.Column('mediator_id', sa.Integer(), nullable=True),
    sa.Column('roster_member_id', sa.Integer(), nullable=True),
    sa.Column('duty', sa.String(length=20), nullable=False),
    *_synced(),
    sa.ForeignKeyConstraint(['team_id'], ['team.id'], name=op.f('fk_team_member_team_id_team')),
    sa.ForeignKeyConstraint(['mediator_id'], ['mediator.id'], name=op.f('fk_team_member_mediator_id_mediator')),
    sa.ForeignKeyConstraint(['roster_member_id'], ['roster_member.id'],
                            name=op.f('fk_team_member_roster_member_id_roster_member')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_team_member')),
    sa.UniqueConstraint('uid', name=op.f('uq_team_member_uid')))
    op.create_index(op.f('ix_team_member_team_id'), 'team_member', ['team_id'], unique=False)
    op.create_table('nonperformance',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('dispute_id', sa.Integer(), nullable=False),
    sa.Column('follow_up_id', sa.Integer(), nullable=False),
    sa.Column('term_id', sa.Integer(), nullable=False),
    sa.Column('found_on', sa.Date(), nullable=False),
    sa.Column('detail', sa.Text(), nullable=False),
    sa.Column('options_explained', sa.JSON(), nullable=False),
    sa.Column('parties_choice', sa.Text(), nullable=False),
    *_synced(),
    sa.ForeignKeyConstraint(['dispute_id'], ['dispute.id'], name=op.f('fk_nonperformance_dispute_id_dispute')),
    sa.ForeignKeyConstraint(['follow_up_id'], ['follow_up.id'], name=op.f('fk_nonperformance_follow_up_id_follow_up')),
    sa.ForeignKeyConstraint(['term_id'], ['agreement_term.id'],
                            name=op.f('fk_nonperformance_term_id_agreement_term')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_nonperformance')),
    sa.UniqueConstraint('uid', name=op.f('uq_nonperformance_uid')))
    for column in ('dispute_id', 'follow_up_id', 'term_id'):
        op.create_index(op.f(f'ix_nonperformance_{column}'), 'nonperformance', [column], unique=False)
    op.create_table('deposit',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('dispute_id', sa.Integer(), nullable=False),
    sa.Column('term_id', sa.Integer(), nullable=False),
    sa.Column('amount_fen', sa.BigInteger(), nullable=False),
    sa.Column('received_on', sa.Date(), nullable=False),
    sa.Column('paid_by', sa.String(length=100), nullable=False),
    sa.Column('holder', sa.String(length=100), nullable=False),
    sa.Column('outcome', sa.String(length=12), nullable=True),
    sa.Column('settled_on', sa.Date(), nullable=True),
    sa.Column('settled_to', sa.String(length=100), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    *_synced(),
    sa.ForeignKeyConstraint(['dispute_id'], ['dispute.id'], name=op.f('fk_deposit_dispute_id_dispute')),
    sa.ForeignKeyConstraint(['term_id'], ['agreement_term.id'], name=op.f('fk_deposit_term_id_agreement_term')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_deposit')),
    sa.UniqueConstraint('uid', name=op.f('uq_deposit_uid')))
    for column in ('dispute_id', 'term_id'):
        op.create_index(op.f(f'ix_deposit_{column}'), 'deposit', [column], unique=False)
    bind = op.get_bind()
    county = bind.execute(sa.text("SELECT COUNT(*) FROM county_identity")).scalar()
    if county:
        return      # the stations send their own roster and sessions; the county makes none of its own
    if bind.dialect.name == "sqlite":
        for table in NEW_TABLES:
            for code, event, row in LOG_TRIGGERS:
                op.execute(f"CREATE TRIGGER trg_{table}_log_{code} AFTER {event} ON {table} BEGIN "
                           f"INSERT INTO change_log (table_name, row_uid, op) VALUES ('{table}', {row}.uid, '{code}'); END")
    _participants_to_roster(bind)


def _category(role: str) -> str:
    return next((code for code, words in CATEGORY_WORDS if any(w in role for w in words)), "other")


def _participants_to_roster(bind) -> None:
    """The invited participants of recorded sessions were free text (name, role): each becomes a roster entry (one
    per station, name and role), and the session's entry keeps its printed name and role with the member's uid.
    The session's new revision sends it again, with the roster, in the next bundle."""
    now = bind.execute(sa.text("SELECT CURRENT_TIMESTAMP")).scalar()
    found = bind.execute(sa.text(
        "SELECT s.id, s.participants, d.station_id FROM mediation_session s JOIN dispute d ON d.id = s.dispute_id "
        "ORDER BY s.id")).all()
    members: dict[tuple[int, str, str], str] = {}
    for session_id, raw, station_id in found:
        entries = json.loads(raw) if isinstance(raw, str) else raw
        if not entries or not isinstance(entries, list):
            continue
        changed = False
        for entry in entries:
            if not isinstance(entry, dict) or entry.get("member") or not str(entry.get("name", "")).strip():
                continue
            name, role = str(entry["name"]).strip()[:50], str(entry.get("role", "")).strip()[:50]
            key = (station_id, name, role)
            if key not in members:
                members[key] = str(uuid.uuid4())
                bind.execute(sa.text(
                    "INSERT INTO roster_member (station_id, name, category, title, unit, phone, active, uid, "
                    "created_at, updated_at, revision) VALUES (:station, :name, :category, :title, '', NULL, :yes, "
                    ":uid, :now, :now, 1)"), {"station": station_id, "name": name, "category": _category(role),
                                              "title": role, "uid": members[key], "now": now, "yes": True})
            entry["member"] = members[key]
            changed = True
        if changed:
            value = ":p" if bind.dialect.name == "sqlite" else "CAST(:p AS JSON)"
            bind.execute(sa.text(f"UPDATE mediation_session SET participants = {value}, revision = revision + 1 "
                                 "WHERE id = :id"), {"p": json.dumps(entries, ensure_ascii=False), "id": session_id})


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for table in NEW_TABLES:
            for code, _event, _row in LOG_TRIGGERS:
                op.execute(f"DROP TRIGGER IF EXISTS trg_{table}_log_{code}")
    for table in reversed(NEW_TABLES):
        op.drop_table(table)
    for table, column, _kind in reversed(COLUMNS):
        op.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
