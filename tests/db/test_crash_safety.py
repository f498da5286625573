"""Crashes and faults: a writer killed (SIGKILL) at random moments never leaves a damaged database or loses a
save it reported; a full or read-only disk gives a clear message and changes nothing."""
from __future__ import annotations

import gc
import os
import random
import select
import shutil
import signal
import sqlite3
import subprocess
import time

import pytest

from app.database import open_database
from app.services import disputes
from tests.conftest import TODAY, make_draft

CYCLES = int(os.environ.get("MEDIATION_CRASH_CYCLES", "200"))


def _writer(path, fd: int) -> None:
    """The child: register cases one transaction each, and report each id once its commit returned."""
    _engine, _read, write = open_database(path)
    for i in range(100_000):
        with write.begin() as s:
            dispute_id = disputes.register_dispute(s, draft=make_draft(title=f"断电测试{i}"), by=1, today=TODAY).id
        os.write(fd, f"{dispute_id}\n".encode())


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork (Linux)")
def test_sigkill_at_random_moments_loses_no_reported_commit(db):
    from app import audit

    db.engine.dispose()
    rng = random.Random(20261123)
    reported: set[int] = set()
    for _cycle in range(CYCLES):
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:                                   # pragma: no cover (the child never returns)
            os.close(read_end)
            try:
                _writer(db.path, write_end)
            except BaseException as exc:
                os.write(2, f"writer: {exc!r}\n".encode())
            finally:
                os._exit(0)
        os.close(write_end)
        # Kill at a random moment once the writer is under way (its first commit reported), so that a slow,
        # busy machine still kills mid-write rather than during start-up.
        ready, _w, _x = select.select([read_end], [], [], 30)
        assert ready, "the writer reported no commit in 30 s"
        time.sleep(rng.uniform(0.0, 0.08))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        with os.fdopen(read_end, "rb") as pipe:
            reported.update(int(line) for line in pipe.read().split() if line.strip())
    assert len(reported) >= CYCLES                     # every cycle got at least one commit done before its kill
    with sqlite3.connect(db.path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        stored = {r[0] for r in conn.execute("SELECT id FROM dispute")}
        parties = dict(conn.execute("SELECT dispute_id, COUNT(*) FROM party GROUP BY dispute_id"))
    assert reported <= stored
    assert all(parties.get(i) == 2 for i in stored)    # never a case without its parties: all or nothing
    with db.read() as s:
        assert audit.verify(s).ok                      # the audit chain survived every kill too


def _mount_tmpfs(folder) -> bool:
    folder.mkdir()
    try:
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(folder)],
                              capture_output=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return False
    return done.returncode == 0


def test_disk_full_and_read_only_give_a_clear_message_and_keep_every_save(db, tmp_path):
    from app.errors import MediationError
    from app.faults import explain

    small = tmp_path / "small-disk"
    if not _mount_tmpfs(small):
        pytest.skip("cannot mount a small tmpfs here (needs root and mount rights); the disk-full path is "
                    "not exercised")
    try:
        db.engine.dispose()
        with sqlite3.connect(db.path) as conn:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        path = small / "station.sqlite"
        shutil.copyfile(db.path, path)
        with open(small / "filler", "wb") as fh:       # leave the database a few hundred KiB to grow into
            free = shutil.disk_usage(small).free
            fh.write(b"\0" * max(0, free - 400 * 1024))
        engine, _read, write = open_database(path)
        saved, failure = [], None
        for i in range(2000):
            try:
                with write.begin() as s:
                    new_id = disputes.register_dispute(
                        s, draft=make_draft(title=f"磁盘测试{i}", facts="事实" * 400), by=1, today=TODAY).id
                saved.append(new_id)                   # only once the commit returned
            except Exception as exc:
                failure = exc
                break
        assert failure is not None and saved
        assert "磁盘已满" in explain(failure)
        failure = None                                 # its traceback holds the failed connection open
        engine.dispose()
        gc.collect()
        (small / "filler").unlink()
        conn = sqlite3.connect(path)
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert {r[0] for r in conn.execute("SELECT id FROM dispute")} >= set(saved)
        conn.close()
        subprocess.run(["mount", "-o", "remount,ro", str(small)], check=True)
        before = path.read_bytes()
        with pytest.raises(MediationError, match="无法写入"):
            open_database(path)
        assert path.read_bytes() == before
    finally:
        subprocess.run(["umount", "-l", str(small)], capture_output=True)
