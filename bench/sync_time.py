"""The weekly bundle: a full export of the 100,000-case demo station; then 20 station bundles (about 500,000
rows) imported into a county database on SQLite and, when MEDIATION_TEST_PG names a server, PostgreSQL.
Beside each import, the same rows loaded raw into an empty database of the same schema (executemany on
SQLite, COPY on PostgreSQL), measured in the same run: import rate / raw rate is the figure to watch
(goal >= 0.4); the export goal is <= 15 s."""
from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import OUT, cli, demo_database  # noqa: E402

STATIONS = int(os.environ.get("BENCH_STATIONS", "20"))
CASES_EACH = int(os.environ.get("BENCH_CASES_EACH", "2150"))     # about 11.6 rows a case: ~500,000 rows


def _link(station_db: Path, county_write, work: Path) -> None:
    from app import sync_keys
    from app.services.stations import get_station
    from app.sync import county
    from app.database import open_database

    engine, read, _write = open_database(station_db)
    with read() as s:
        st = get_station(s)
    engine.dispose()
    enrol = work / f"enrol-{st.code}.json"
    import json
    enrol.write_text(json.dumps(sync_keys.enrolment(st.code, st.name, st.county)), encoding="utf-8")
    with county_write.begin() as s:
        county.enrol(s, enrol)
        key = county.key_file(s)
    (work / "county.json").write_bytes(key)
    sync_keys.import_county_key(st.code, work / "county.json")


def _export(station_db: Path, out: Path):
    from app.sync.export import export_bundle
    from app.database import open_database

    engine, read, write = open_database(station_db)
    try:
        return export_bundle(read, write, out_dir=out, database=station_db, full=True)
    finally:
        engine.dispose()


def _county(url: str):
    from app.sync import county
    from app.database import open_database

    engine, read, write = open_database(url)
    with write.begin() as s:
        county.init_county(s, name="某某县司法局", passphrase="bench passphrase 123")
    return engine, read, write


def _stations(work: Path) -> list[Path]:
    paths = []
    for i in range(STATIONS):
        path = work / f"station-{i:02d}.sqlite"
        cli("--db", str(path), "init", "--station-name", f"第{i + 1}调解委员会", "--station-code",
            f"3301019{i:02d}", "--county", "某某县", "--case-prefix", f"{i + 1}人", "--mediator", "王调解",
            env={"MEDIATION_STATION_DATA": os.environ["MEDIATION_STATION_DATA"]})
        cli("--db", str(path), "demo", "--cases", str(CASES_EACH), "--seed", str(i + 1),
            env={"MEDIATION_STATION_DATA": os.environ["MEDIATION_STATION_DATA"]})
        paths.append(path)
    return paths


def _table_rows(engine) -> dict[str, list[tuple]]:
    from sqlalchemy import select

    from app.sync.schema import TABLES
    from db.base import Base

    with engine.connect() as conn:
        return {t: [tuple(r) for r in conn.execute(select(Base.metadata.tables[t]))] for t in
                (*TABLES, "dispute_mediator")}


def _raw_load(url: str, rows: dict[str, list[tuple]]) -> float:
    """The same rows, as stored, loaded in one transaction with the fastest plain tool of each database."""
    from sqlalchemy import create_engine

    from app.sync.schema import TABLES
    from db.base import Base
    from db.migrate import upgrade

    engine = create_engine(url) if "://" in url else create_engine(f"sqlite:///{url}")
    upgrade(engine)
    if engine.dialect.name == "sqlite":   # change-log triggers are part of a station's schema, not a bulk load
        with engine.begin() as conn:
            for (name,) in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type='trigger'").all():
                conn.exec_driver_sql(f"DROP TRIGGER {name}")
    raw = engine.raw_connection()
    try:
        cur = raw.cursor()
        started = time.perf_counter()
        for name in (*TABLES, "dispute_mediator"):
            table = Base.metadata.tables[name]
            columns = [c.name for c in table.columns]
            data = [tuple(_plain(v) for v in r) for r in rows[name]]
            if engine.dialect.name == "sqlite":
                cur.executemany(f"INSERT INTO {name} ({', '.join(columns)}) VALUES "
                                f"({', '.join('?' * len(columns))})", data)
            else:
                with cur.copy(f"COPY {name} ({', '.join(columns)}) FROM STDIN") as copy:
                    for r in data:
                        copy.write_row(r)
        raw.commit()
        return time.perf_counter() - started
    finally:
        raw.close()
        engine.dispose()


def _plain(value):
    import json

    return json.dumps(value, ensure_ascii=False) if isinstance(value, (dict, list)) else value


def _import_run(label: str, url: str, raw_url: str, stations: list[Path], work: Path) -> None:
    from app.sync.county_import import import_bundles

    engine, _read, write = _county(url)
    for station in stations:
        _link(station, write, work)
    # each county has keys of its own: every station writes its bundle for this one (not timed)
    out = work / f"bundles-{label}"
    out.mkdir()
    sealed = [_export(station, out).path for station in stations]
    started = time.perf_counter()
    reports = import_bundles(write, sealed)
    seconds = time.perf_counter() - started
    assert all(r.status == "applied" for r in reports), [r.message for r in reports if r.status != "applied"]
    total = sum(r.outcome.get("inserted", 0) for r in reports)
    rows = _table_rows(engine)
    engine.dispose()
    raw_seconds = _raw_load(raw_url, rows)
    loaded = sum(len(v) for v in rows.values())
    import_rate, raw_rate = total / seconds, loaded / raw_seconds
    print(f"county import on {label}: {len(stations)} bundles, {total:,} rows in {seconds:.1f} s = "
          f"{import_rate:,.0f} rows/s; raw {'COPY' if label == 'PostgreSQL' else 'executemany'} of the same "
          f"{loaded:,} rows: {raw_seconds:.1f} s = {raw_rate:,.0f} rows/s; ratio {import_rate / raw_rate:.2f}x "
          f"(goal >= 0.4x)")


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="sync-bench-", dir=OUT))
    os.environ["MEDIATION_STATION_DATA"] = str(work / "userdata")
    try:
        path, _seconds = demo_database()
        engine, _read, write = _county(str(work / "county-export.sqlite"))
        _link(path, write, work)
        engine.dispose()
        (work / "export").mkdir()
        result = _export(path, work / "export")
        print(f"export --full of {path.name}: {sum(result.counts.values()):,} records, "
              f"{result.size / 2**20:.1f} MiB, {result.seconds:.1f} s (goal <= 15 s)")
        stations = _stations(work)
        _import_run("SQLite", str(work / "county.sqlite"), str(work / "raw.sqlite"), stations, work)
        base = os.environ.get("MEDIATION_TEST_PG")
        if base:
            from sqlalchemy import create_engine, text

            names = [f"bench_{uuid.uuid4().hex[:8]}" for _ in range(2)]
            admin = create_engine(base, isolation_level="AUTOCOMMIT")
            with admin.connect() as conn:
                for name in names:
                    conn.execute(text(f'CREATE DATABASE "{name}"'))
            root = base.rsplit("/", 1)[0]
            try:
                _import_run("PostgreSQL", f"{root}/{names[0]}", f"{root}/{names[1]}", stations, work)
            finally:
                with admin.connect() as conn:
                    for name in names:
                        conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        else:
            print("county import on PostgreSQL: skipped (set MEDIATION_TEST_PG, e.g. from .ci/start-postgres)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
