"""Trust: what accounts, the audit trail and backups cost. A case saved with its audit entries beside the
same save without them (measured in the same run), a login (Argon2id), checking the chain, and the
start-up checks (quick_check, the day's backup) on the 100,000-case database."""
from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import demo_database  # noqa: E402

SAVES = 300


def _station(folder: Path):
    from app.database import open_database
    from app.services import accounts, mediators, stations

    engine, read, write = open_database(folder / "trust.sqlite")
    with write.begin() as s:
        stations.init_station(s, name="城关镇人民调解委员会", code="330101001", county="某某县", case_prefix="城人",
                              mediator_name="王调解")
        mediators.add_mediator(s, name="李记录", role="clerk")
        accounts.add_account(s, name="王调解", role="head", password="correct horse")
    return engine, read, write


def _saves(write, label: str) -> float:
    from app.services import disputes
    from tests.conftest import make_draft

    times = []
    for i in range(SAVES):
        started = time.perf_counter()
        with write.begin() as s:
            disputes.register_dispute(s, draft=make_draft(title=f"{label}{i}"), by=1)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    from sqlalchemy import event
    from sqlalchemy.orm import Session

    from app import access, audit
    from app.backups import backup, quick_check
    from app.services import accounts

    with tempfile.TemporaryDirectory() as tmp:
        engine, read, write = _station(Path(tmp))
        with_audit = _saves(write, "有记录")
        event.remove(Session, "before_flush", access.check_flush)
        event.remove(Session, "after_flush", audit.record_flush)
        without = _saves(write, "无记录")
        event.listen(Session, "before_flush", access.check_flush)
        event.listen(Session, "after_flush", audit.record_flush)
        print(f"saving a new case (median of {SAVES}): {with_audit * 1000:.1f} ms with permission check and audit "
              f"entries, {without * 1000:.1f} ms without, ratio {with_audit / without:.2f}x")
        started = time.perf_counter()
        with write.begin() as s:
            assert accounts.login(s, name="王调解", password="correct horse").ok
        print(f"login (Argon2id verify, 64 MiB): {(time.perf_counter() - started) * 1000:.0f} ms")
        with read() as s:
            started = time.perf_counter()
            found = audit.verify(s)
        print(f"audit verify: {found.entries:,} entries in {(time.perf_counter() - started) * 1000:.0f} ms "
              f"({'intact' if found.ok else found.problem})")
        engine.dispose()
    path, _seconds = demo_database()
    started = time.perf_counter()
    result = quick_check(path)
    checked = time.perf_counter() - started
    with tempfile.TemporaryDirectory(dir=path.parent) as out:
        started = time.perf_counter()
        made = backup(path, Path(out))
        copied = time.perf_counter() - started
    print(f"start-up checks on {path.stat().st_size / 2**20:.0f} MiB (off the GUI thread): quick_check {checked:.2f} s "
          f"({result}), the day's backup {copied:.2f} s ({made.size / 2**20:.0f} MiB, read back and checked)")


if __name__ == "__main__":
    main()
