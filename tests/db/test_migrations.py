"""The schema comes only from migrations, and matches the models."""
from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

from db import migrate
from db.base import Base
from db.engine import make_engine


def include_name(name, type_, parent_names) -> bool:
    return not (type_ == "table" and name.startswith("dispute_search"))


def test_head_constant_is_the_newest_migration(tmp_path):
    engine = make_engine(tmp_path / "x.sqlite")
    script = ScriptDirectory.from_config(migrate.alembic_config(engine))
    assert script.get_current_head() == migrate.HEAD


def test_empty_database_upgrades_to_head_matching_models(tmp_path):
    engine = make_engine(tmp_path / "new.sqlite")
    assert migrate.current_revision(engine) is None
    assert migrate.ensure_schema(engine) is True
    assert migrate.current_revision(engine) == migrate.HEAD
    assert migrate.ensure_schema(engine) is False          # a current schema is left alone
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_name": include_name})
        diffs = compare_metadata(context, Base.metadata)
        assert diffs == []
        assert "dispute_search" in inspect(conn).get_table_names()


def test_downgrade_to_base_and_up_again(tmp_path):
    engine = make_engine(tmp_path / "round.sqlite")
    migrate.upgrade(engine)
    from alembic import command
    command.downgrade(migrate.alembic_config(engine), "base")
    with engine.connect() as conn:
        assert set(inspect(conn).get_table_names()) <= {"alembic_version"}
    migrate.upgrade(engine)
    assert migrate.current_revision(engine) == migrate.HEAD


def test_sqlite_runs_with_foreign_keys_wal_and_full_sync(empty_db):
    with empty_db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA synchronous")).scalar() == 2   # FULL


def test_0002_rekeys_existing_search_rows_in_register_order(tmp_path):
    from datetime import date

    from app import search_text
    from app.services import register
    from app.services.register import RegisterQuery
    from sqlalchemy.orm import sessionmaker

    engine = make_engine(tmp_path / "old.sqlite")
    migrate.upgrade(engine, "0001")
    with engine.begin() as conn:   # a station's data as 0001 stored it: index rowid = dispute id
        conn.execute(text("INSERT INTO station (id, uid, name, code, county, case_prefix, created_at, updated_at, "
                          "revision) VALUES (1, 's', '调委会', 'c', '县', '城人', '2026-01-01', '2026-01-01', 1)"))
        for i, day in ((1, "2026-03-01"), (2, "2025-01-05")):
            conn.execute(text(
                "INSERT INTO dispute (id, uid, station_id, title, type_code, source_code, registered_on, facts, "
                "claims, people_involved, risk_level, risk_criminal, risk_mass_petition, risk_suicide, "
                "risk_group_fight, is_public, status, parties_text, created_at, updated_at, revision) VALUES "
                f"({i}, 'u{i}', 1, '漏水纠纷{i}', '02', 'applied', '{day}', '楼上漏水', '', 2, 'none', 0, 0, 0, 0, "
                "1, 'registered', '', '2026-01-01', '2026-01-01', 1)"))
            conn.execute(text(f"INSERT INTO dispute_search(rowid, body) VALUES ({i}, :b)"),
                         {"b": search_text.document([f"漏水纠纷{i}", "楼上漏水"])})
    migrate.upgrade(engine, "0014")     # 0015 empties the index for the app to rewrite (test_search_people.py)
    with sessionmaker(engine)() as s:
        keys = s.execute(text("SELECT rowid FROM dispute_search ORDER BY rowid")).scalars().all()
        assert keys == [search_text.register_key(date(2025, 1, 5), 2),
                        search_text.register_key(date(2026, 3, 1), 1)]
        rows = register.fetch_page(s, RegisterQuery(search="楼上漏水"), offset=0, limit=10)
        assert [r.id for r in rows] == [1, 2]


def test_migration_from_the_first_schema_keeps_every_row_and_value(tmp_path):
    """Every table of 0001 filled with rows, then opened by the app: a copy is made first, and afterwards
    the row counts and a digest of every original column are the same."""
    import hashlib
    from datetime import date, datetime

    from sqlalchemy import JSON, BigInteger, Boolean, Date, DateTime, Integer, MetaData, insert, select

    from app import backups
    from app.database import open_database

    path = tmp_path / "first.sqlite"
    engine = make_engine(path)
    migrate.upgrade(engine, "0001")
    meta = MetaData()
    meta.reflect(engine)
    tables = [t for t in meta.sorted_tables if not t.name.startswith("dispute_search") and t.name != "alembic_version"]

    def value(column, i):
        if column.foreign_keys:
            return i
        kind = column.type
        if isinstance(kind, Boolean):
            return i % 2 == 0
        if isinstance(kind, (Integer, BigInteger)):
            return i * 7
        if isinstance(kind, DateTime):
            return datetime(2026, i, 2, 10, 30 + i)
        if isinstance(kind, Date):
            return date(2026, i, 10 + i)
        if isinstance(kind, JSON):
            return [f"项{i}"]
        return f"{column.name}值{i}"

    with engine.begin() as conn:
        for table in tables:
            conn.execute(insert(table), [{c.name: (i if c.primary_key and len(table.primary_key) == 1 else value(c, i))
                                          for c in table.columns} for i in (1, 2, 3)])

    def digests(conn) -> dict[str, tuple[int, str]]:
        out = {}
        for table in tables:
            rows = conn.execute(select(*[table.c[c.name] for c in table.columns])
                                .order_by(*table.primary_key.columns)).all()
            out[table.name] = (len(rows), hashlib.sha256(repr(rows).encode()).hexdigest())
        return out

    with engine.connect() as conn:
        before = digests(conn)
    engine.dispose()
    migrated, _read, _write = open_database(path)
    assert migrate.current_revision(migrated) == migrate.HEAD
    with migrated.connect() as conn:
        assert digests(conn) == before
    migrated.dispose()
    copies = list(backups.automatic_folder(path).glob("调解站-升级前-*.sqlite"))
    assert len(copies) == 1 and backups.check_copy(copies[0]) == "0001"


def test_0011_gives_a_stations_provisions_to_it_and_keeps_the_change_log_triggers(tmp_path):
    def at_0010(name: str, county: bool):
        engine = make_engine(tmp_path / name)
        migrate.upgrade(engine, "0010")
        with engine.begin() as conn:
            stamp = "'2026-11-01 08:00:00.000000'"
            conn.execute(text(f"INSERT INTO station (id, uid, name, code, county, case_prefix, created_at, "
                              f"updated_at, revision) VALUES (1, 's1', '调委会', '330101001', '县', '城人', {stamp}, "
                              f"{stamp}, 1)"))
            conn.execute(text(f"INSERT INTO legal_provision (id, uid, law, article, gist, topic, created_at, "
                              f"updated_at, revision) VALUES (1, 'p1', '民法典', '第二百八十八条', '相邻关系', '', "
                              f"{stamp}, {stamp}, 3)"))
            if county:
                conn.execute(text("INSERT INTO county_identity (id, name, signing_key, agreement_key, person_key, "
                                  f"created_at) VALUES (1, '县司法局', x'00', x'00', x'00', {stamp})"))
        return engine

    station = at_0010("station.sqlite", county=False)
    with station.connect() as conn:
        logged = conn.execute(text("SELECT COUNT(*) FROM change_log WHERE table_name = 'legal_provision'")).scalar()
    migrate.upgrade(station)
    with station.begin() as conn:
        assert conn.execute(text("SELECT station_id, revision FROM legal_provision")).one() == (1, 4)
        # sent again with its owner: one more change for the next bundle, and the triggers still write them
        assert conn.execute(text("SELECT COUNT(*) FROM change_log WHERE table_name = 'legal_provision'")
                            ).scalar() == logged + 1
        conn.execute(text("INSERT INTO legal_provision (uid, station_id, law, article, gist, topic, created_at, "
                          "updated_at, revision) VALUES ('p2', 1, '民法典', '第一条', '', '', '2026-11-02', "
                          "'2026-11-02', 1)"))
        assert conn.execute(text("SELECT op FROM change_log WHERE row_uid = 'p2'")).scalars().all() == ["i"]
        assert "receipt_note" in {c["name"] for c in inspect(conn).get_columns("sent_bundle")}
    county = at_0010("county.sqlite", county=True)
    migrate.upgrade(county)
    with county.connect() as conn:     # a county's provisions came from stations it cannot name: left unowned
        assert conn.execute(text("SELECT station_id, revision FROM legal_provision")).one() == (None, 3)
