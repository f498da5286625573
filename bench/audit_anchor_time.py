"""The audit chain anchored at the county: what the segment costs in a bundle and at the county. A station
with a long trail (ENTRIES, default 500,000) sends its first segment (every link) and then a week's
(WEEK entries); each is timed beside a baseline measured in the same run: reading the same columns plainly
at the station, and a plain executemany of the same links at the county."""
from __future__ import annotations

import os
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

ENTRIES = int(os.environ.get("MEDIATION_BENCH_AUDIT_ENTRIES", "500000"))
WEEK = 2_000


def _append(path: Path, first: int, count: int) -> tuple[int, str]:
    """Entries first..first+count-1, hashed as the app does, written straight into the file."""
    from app import audit

    conn = sqlite3.connect(path)
    prev = conn.execute("SELECT hash FROM audit_log WHERE seq = ?", (first - 1,)).fetchone()
    prev = prev[0] if prev else audit.GENESIS
    rows = []
    for seq in range(first, first + count):
        at, detail = "2026-11-23T02:00:00.000000", '{"values":{"title":"某某纠纷"}}'
        digest = audit.entry_hash(seq, at, 1, "王调解", "insert", "dispute", f"uid-{seq}", seq, detail, prev)
        rows.append((seq, at, 1, "王调解", "insert", "dispute", f"uid-{seq}", seq, detail, prev, digest))
        prev = digest
    conn.executemany("INSERT INTO audit_log VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    conn.execute("INSERT OR REPLACE INTO audit_head (id, seq, hash) VALUES (1, ?, ?)", (first + count - 1, prev))
    conn.commit()
    conn.close()
    return first + count - 1, prev


def _acknowledge(path: Path, number: int, head: tuple[int, str]) -> None:
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO sent_bundle (number, created_at, full, seq_from, seq_to, period_from, period_to, "
                 "digest, file_name, counts, receipt, audit_seq, audit_hash) VALUES (?, '2026-11-23', 0, 0, 0, "
                 "'2026-11-16', '2026-11-23', ?, 'b', '{}', 'applied', ?, ?)", (number, f"{number:064d}", *head))
    conn.commit()
    conn.close()


def _timed(fn):
    started = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - started


def _county_check(write, number: int, segment: bytes) -> None:
    from app.sync import audit_anchor
    from db.models import CountyBundle

    with write.begin() as s:
        bundle = CountyBundle(station_code="330101001", number=number, digest=f"{number:064x}", status="pending",
                              seq_from=0, seq_to=0, period_from="2026-11-16", period_to="2026-11-23",
                              counts={}, outcome={}, summary={})
        s.add(bundle)
        s.flush()
        finding = audit_anchor.check_bundle(s, bundle, {audit_anchor.ENTRY: segment})
        assert finding.kind == "ok", finding


def _raw_insert(folder: Path, segment: bytes) -> float:
    import json

    links = json.loads(segment)["links"]
    conn = sqlite3.connect(folder / "raw.sqlite")
    conn.execute("CREATE TABLE link (station_code TEXT, seq INTEGER, hash TEXT, bundle_number INTEGER, "
                 "PRIMARY KEY (station_code, seq))")
    started = time.perf_counter()
    conn.executemany("INSERT INTO link VALUES ('330101001', ?, ?, 1)", [(s, h) for s, _p, h in links])
    conn.commit()
    elapsed = time.perf_counter() - started
    conn.close()
    return elapsed


def main() -> None:
    from app.database import open_database
    from app.sync import audit_anchor

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        engine, read, _write = open_database(folder / "station.sqlite")
        engine.dispose()
        station = folder / "station.sqlite"
        head = _append(station, 1, ENTRIES)
        engine, read, _write = open_database(station)
        with read() as s:
            first, seconds = _timed(lambda: audit_anchor.segment(s))
        plain = sqlite3.connect(station)
        _rows, baseline = _timed(lambda: plain.execute("SELECT seq, prev_hash, hash FROM audit_log").fetchall())
        print(f"first segment, {ENTRIES:,} links: {seconds:.2f} s, {len(first) / 2**20:.1f} MiB of JSON "
              f"(reading the same columns plainly: {baseline:.2f} s, {seconds / baseline:.2f}x)")
        county_engine, _cread, cwrite = open_database(folder / "county.sqlite")
        _none, county_seconds = _timed(lambda: _county_check(cwrite, 1, first))
        raw = _raw_insert(folder, first)
        print(f"county check of the first segment: {county_seconds:.2f} s (plain executemany of the links: "
              f"{raw:.2f} s, {county_seconds / raw:.2f}x)")
        _acknowledge(station, 1, head)
        _append(station, ENTRIES + 1, WEEK)
        with read() as s:
            week, week_seconds = _timed(lambda: audit_anchor.segment(s))
        _none, week_county = _timed(lambda: _county_check(cwrite, 2, week))
        print(f"a week's segment ({WEEK:,} new entries, {len(week) / 1024:.0f} KiB): {week_seconds * 1000:.0f} ms at "
              f"the station, {week_county * 1000:.0f} ms at the county")
        plain.close()
        engine.dispose()
        county_engine.dispose()


if __name__ == "__main__":
    main()
