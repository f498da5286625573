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

PASSPHRASE = "县里的口令 correct horse"


@dataclass
class County:
    url: str
    engine: object
    read: object
    write: object


def _open_county(url: str) -> County:
    from app.sync import county
    from app.database import open_database

    engine, read, write = open_database(url)
    with write.begin() as s:
        county.init_county(s, name="某某县司法局", passphrase=PASSPHRASE)
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


def act(db: Db, dispute_id: int, action, **kw):
    from app.lifecycle import ActionRequest
    from app.services import transitions
    from tests.conftest import TODAY

    with db.write.begin() as s:
        return transitions.apply_action(s, dispute_id=dispute_id, request=ActionRequest(
            action, kw.pop("on", TODAY), **kw), by=1, today=TODAY)


def export(db: Db, out: Path, **kw):
    from app.sync.export import export_bundle

    out.mkdir(parents=True, exist_ok=True)
    return export_bundle(db.read, db.write, out_dir=out, database=db.path, **kw)


def content(engine) -> dict:
    """Every synced row by uid, with references (columns and JSON lists) as uids: comparable between a
    station and the county, whose integer keys differ."""
    from sqlalchemy import select

    from app.sync.schema import JSON_REFS, TABLES, specs
    from db.base import Base

    out = {}
    with engine.connect() as conn:
        uid_of = {t: dict(conn.execute(select(Base.metadata.tables[t].c.id, Base.metadata.tables[t].c.uid)).all())
                  for t in TABLES}
        for name in TABLES:
            spec, table = specs()[name], Base.metadata.tables[name]
            rows = {}
            for r in conn.execute(select(table)).mappings():
                row = {c: uid_of[spec.refs[c]].get(r[c]) if c in spec.refs else r[c] for c in spec.columns}
                for (t, c), (target, kind) in JSON_REFS.items():
                    if t == name:
                        row[c] = ([uid_of[target][i] for i in row[c]] if kind == "list"
                                  else {uid_of[target][int(k)]: v for k, v in row[c].items()})
                rows[r["uid"]] = row
            out[name] = rows
        dm = Base.metadata.tables["dispute_mediator"]
        out["dispute_mediator"] = {(uid_of["dispute"][d], uid_of["mediator"][m])
                                   for d, m in conn.execute(select(dm.c.dispute_id, dm.c.mediator_id))}
    return out


def snapshot(engine) -> dict:
    """Every row of every table, as stored: equal snapshots mean nothing changed at all (but the audit trail,
    which records the refusal itself)."""
    from sqlalchemy import select

    from db.base import Base

    with engine.connect() as conn:
        return {t.name: sorted(map(repr, conn.execute(select(t)).all())) for t in Base.metadata.sorted_tables
                if not t.name.startswith("audit_")}


def open_bundle(county: County, path: Path) -> dict[str, bytes]:
    from app.sync import archive

    return dict(archive.read(open_payload(county, path)))


def open_payload(county: County, path: Path) -> bytes:
    """The plain zip inside a bundle, as the county decrypts it."""
    from app.sync import county as county_service, volumes
    from app.sync.envelope import open_sealed, read_header

    [(_path, parts)] = volumes.gather([path])
    with volumes.Joined(parts) as stream:
        data = stream.read()
    header, _at = read_header(data)
    with county.read() as s:
        ident = county_service.identity(s)
        return open_sealed(data, station_key=header.signer,
                           county_agreement_key=lambda: county_service.agreement_key(ident))


def seal(county: County, entries: dict[str, bytes], *, station_code: str, number: int, out: Path,
         raw_zip: bytes | None = None, signer: str | None = None) -> Path:
    """Sign and encrypt (possibly forged) contents as the station would: what a compromised station PC could
    send (signer: the code of the station whose key signs, when the header names another)."""
    from app import sync_keys
    from app.sync import archive, envelope, volumes

    with county.read() as s:
        from app.sync import county as county_service
        key = county_service.public_keys(county_service.identity(s)).agreement
    bundle_id = volumes.new_bundle_id()
    data = envelope.seal(raw_zip if raw_zip is not None else archive.build(entries), station_code=station_code,
                         number=number, signing_key=sync_keys.signing_key(signer or station_code),
                         county_agreement_key=key, bundle_id=bundle_id)
    out.write_bytes(data + volumes.trailer(bundle_id=bundle_id, station_code=station_code, number=number, volume=1,
                                           volumes=1, size=len(data)))
    return out


def with_manifest(entries: dict[str, bytes], **changes) -> dict[str, bytes]:
    """Entries with the manifest changed and every digest recomputed (a well-formed forgery)."""
    from app.sync import archive

    manifest = json.loads(entries["manifest.json"])
    manifest.update(changes)
    body = {n: d for n, d in entries.items() if n != "manifest.json"}
    manifest["files"] = {n: archive.digest(d) for n, d in body.items()}
    return {"manifest.json": json.dumps(manifest).encode("utf-8"), **body}
