"""The weekly bundle: a full export of the 100,000-case demo station, beside SQLite building the same JSON
records alone (the floor under any export), measured in the same run (goal <= 15 s); the peak memory of an
export and of a county import of a station with 2 GiB of attachments (BENCH_ATTACHMENT_MIB), each in a process
of its own, beside the same process doing nothing but importing the modules and opening the database (goal:
under 300 MB); then 20 station bundles (about 500,000 rows) imported into a county database on SQLite and,
when MEDIATION_TEST_PG names a server, PostgreSQL. Beside each import, the same rows loaded raw into an empty
database of the same schema (executemany on SQLite, COPY on PostgreSQL), measured in the same run: import
rate / raw rate is the figure to watch (goal >= 0.4)."""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import OUT, ROOT, cli, demo_database  # noqa: E402

STATIONS = int(os.environ.get("BENCH_STATIONS", "20"))
CASES_EACH = int(os.environ.get("BENCH_CASES_EACH", "2150"))     # about 11.6 rows a case: ~500,000 rows
ATTACHMENT_MIB = int(os.environ.get("BENCH_ATTACHMENT_MIB", "2048"))
FILE_MIB = 8                                                      # a scanned page or a photo: a few MB
PASSPHRASE = "bench passphrase 123"


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
        county.init_county(s, name="某某县司法局", passphrase=PASSPHRASE)
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


def _bare_records(station_db: Path) -> float:
    """Seconds SQLite takes to build every record's JSON (summed lengths: nothing leaves SQLite)."""
    import sqlite3

    from app.sync.export import _record_parts
    from app.sync.schema import TABLES, specs

    conn = sqlite3.connect(station_db)
    try:
        started = time.perf_counter()
        for name in TABLES:
            expression, source = _record_parts(specs()[name])
            conn.execute(f"SELECT count(*), sum(length({expression})) FROM {source}").fetchall()
        return time.perf_counter() - started
    finally:
        conn.close()


def _attachment_station(work: Path) -> Path:
    """A station with ATTACHMENT_MIB of evidence files of random bytes (photos do not compress), written
    straight into its store, linked to the county database county-files.sqlite."""
    from app.attachments import AttachmentStore
    from app.database import open_database
    from app.services import demo, evidence, stations

    path = work / "files-station.sqlite"
    engine, _read, write = open_database(path)
    with write.begin() as s:
        stations.init_station(s, name="城关镇人民调解委员会", code="330101002", county="某某县", case_prefix="城人",
                              mediator_name="王调解")
        demo.generate(s, cases=1, seed=1)
    store, block, files = AttachmentStore.beside(path), os.urandom(FILE_MIB << 20), []
    for i in range(ATTACHMENT_MIB // FILE_MIB):
        data = f"scan {i}\n".encode() + block[:-16]
        target = store.path_for(hashlib.sha256(data).hexdigest())
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        files.append(target)
    with write.begin() as s:
        for i in range(0, len(files), 100):
            evidence.add_evidence(s, dispute_id=1, name="现场照片", kind="documentary", pages=1, store=store,
                                  files=files[i:i + 100])
    engine.dispose()
    engine, _read, county_write = _county(str(work / "county-files.sqlite"))
    _link(path, county_write, work)
    engine.dispose()
    return path


PEAK = "\nprint('VmHWM', [l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM')][0])\n"
OPEN_STATION = """
import sys, time
from pathlib import Path
from app.database import open_database
from app.sync.export import export_bundle
db = Path(sys.argv[1])
engine, read, write = open_database(db)
"""
EXPORT = OPEN_STATION + """
started = time.perf_counter()
result = export_bundle(read, write, out_dir=Path(sys.argv[2]), database=db, full=True)
print('seconds', time.perf_counter() - started, 'volumes', len(result.paths))
"""
OPEN_COUNTY = """
import sys, time
from pathlib import Path
from app.database import open_database
from app.sync import county_secrets
from app.sync.county_import import import_bundles
engine, read, write = open_database(sys.argv[1])
county_secrets.unlock(write, %r)
""" % PASSPHRASE
IMPORT = OPEN_COUNTY + """
started = time.perf_counter()
[report] = import_bundles(write, [Path(p) for p in sys.argv[2:]])
assert report.status == 'applied', report.message
print('seconds', time.perf_counter() - started, 'volumes', len(sys.argv) - 2)
"""


def _process(code: str, *args: str) -> dict[str, float]:
    """Run code in a process of its own; what it printed (seconds, volumes) and its peak resident MiB (VmHWM,
    read by the process itself: ru_maxrss would carry over the forking parent's size)."""
    done = subprocess.run([sys.executable, "-c", code + PEAK, *args], cwd=ROOT, env=os.environ,
                          capture_output=True, text=True, check=True)
    words = done.stdout.split()
    figures = {k: float(v) for k, v in zip(words[::2], words[1::2])}
    figures["MiB"] = figures.pop("VmHWM") / 1024
    return figures


def _attachments_memory(work: Path) -> None:
    if not Path("/proc/self/status").exists():
        print("export and import memory: skipped (reads VmHWM from /proc)")
        return
    station = _attachment_station(work)
    out = work / "files-export"
    out.mkdir()
    floor = _process(OPEN_STATION, str(station))
    export = _process(EXPORT, str(station), str(out))
    county_floor = _process(OPEN_COUNTY, str(work / "county-files.sqlite"))
    imported = _process(IMPORT, str(work / "county-files.sqlite"), *map(str, sorted(out.glob("*.msb"))))
    print(f"export --full of a station with {ATTACHMENT_MIB:,} MiB of attachments: peak {export['MiB']:.0f} MiB "
          f"({export['MiB'] / ATTACHMENT_MIB:.3f}x the attachments; the same process only opening the database "
          f"{floor['MiB']:.0f} MiB), {export['seconds']:.1f} s, {export['volumes']:.0f} volume(s) (goal < 300 MB)")
    print(f"county import of that bundle: peak {imported['MiB']:.0f} MiB (opening the county database alone "
          f"{county_floor['MiB']:.0f} MiB), {imported['seconds']:.1f} s")


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="sync-bench-", dir=OUT))
    os.environ["MEDIATION_STATION_DATA"] = str(work / "userdata")
    try:
        path, _seconds = demo_database()
        engine, _read, write = _county(str(work / "county-export.sqlite"))
        _link(path, write, work)
        engine.dispose()
        (work / "export").mkdir()
        bare = _bare_records(path)
        result = _export(path, work / "export")
        print(f"export --full of {path.name}: {sum(result.counts.values()):,} records, "
              f"{result.size / 2**20:.1f} MiB, {result.seconds:.1f} s (goal <= 15 s); SQLite building the same "
              f"JSON alone {bare:.1f} s: {result.seconds / bare:.2f}x")
        _attachments_memory(work)
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
