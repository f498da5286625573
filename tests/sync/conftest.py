"""A station with a case of every kind of record, a county database (SQLite, or PostgreSQL when
MEDIATION_TEST_PG names a server) with that station enrolled, and the keys exchanged both ways."""
from __future__ import annotations

import json
import os
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import Db


@dataclass
class County:
    url: str
    engine: object
    read: object
    write: object


def _open_county(url: str) -> County:
    from app.sync import county
    from db.engine import open_database

    engine, read, write = open_database(url)
    with write.begin() as s:
        county.init_county(s, name="某某县司法局")
    return County(url, engine, read, write)


@pytest.fixture
def county_db(tmp_path) -> County:
    c = _open_county(str(tmp_path / "county.sqlite"))
    yield c
    c.engine.dispose()


@pytest.fixture
def pg_county() -> County:
    """A fresh database on the real PostgreSQL server that .ci/run starts; dropped afterwards."""
    base = os.environ.get("MEDIATION_TEST_PG")
    if not base:
        pytest.skip("MEDIATION_TEST_PG is not set (.ci/run starts a PostgreSQL server and sets it)")
    from sqlalchemy import create_engine, text

    name = f"county_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    c = _open_county(base.rsplit("/", 1)[0] + "/" + name)
    yield c
    c.engine.dispose()
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    admin.dispose()


def link(station_db: Db, county: County, tmp_path: Path) -> None:
    """What the two offices do once: the station sends its enrolment, the county sends its key."""
    from app import sync_keys
    from app.services.stations import get_station
    from app.sync import county as county_service

    with station_db.read() as s:
        st = get_station(s)
    enrol = tmp_path / f"enrol-{st.code}.json"
    enrol.write_text(json.dumps(sync_keys.enrolment(st.code, st.name, st.county)), encoding="utf-8")
    with county.write.begin() as s:
        county_service.enrol(s, enrol)
        key = county_service.key_file(s)
    key_path = tmp_path / "county-key.json"
    key_path.write_bytes(key)
    sync_keys.import_county_key(st.code, key_path)
