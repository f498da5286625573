"""Private files: what they cost. The start-up pass (a killed writer's .part files, what an older version left
open) on the first start after an upgrade with 5,000 evidence files and on every start after it; a registered
partial write beside the same write without registration (measured in the same run); opening the county's keys
(one Argon2id derivation)."""
from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

FILES, WRITES = 5000, 1000


def _start_pass(folder: Path) -> tuple[float, float]:
    from app import files

    database = files.private_file(folder / "mediation.sqlite")
    store = folder / "mediation-attachments"
    for i in range(FILES):
        sub = store / f"{i % 256:02x}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"{i:064x}").write_bytes(b"x" * 100)
    for path in [store, *store.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)          # as an older version left them
    started = time.perf_counter()
    files.at_start(database)
    first = time.perf_counter() - started
    started = time.perf_counter()
    files.at_start(database)
    return first, time.perf_counter() - started


def _writes(folder: Path) -> tuple[float, float]:
    from app import files

    registered, plain = [], []
    for i in range(WRITES):
        started = time.perf_counter()
        with files.partial(folder / "a.bin") as tmp:
            with files.open_private(tmp) as fh:
                fh.write(b"x" * 4096)
            os.replace(tmp, folder / "a.bin")
        registered.append(time.perf_counter() - started)
        started = time.perf_counter()
        tmp = folder / "b.bin.part"
        with open(tmp, "wb") as fh:
            fh.write(b"x" * 4096)
        os.replace(tmp, folder / "b.bin")
        plain.append(time.perf_counter() - started)
    return statistics.median(registered), statistics.median(plain)


def _derivation() -> float:
    from app import passphrase

    started = time.perf_counter()
    passphrase.seal(b"k" * 32, "a passphrase for the bench", label="bench")
    return time.perf_counter() - started


def main() -> None:
    before = os.environ.get("MEDIATION_STATION_DATA")
    with tempfile.TemporaryDirectory() as folder:
        os.environ["MEDIATION_STATION_DATA"] = str(Path(folder) / "userdata")   # the journal of partial writes
        try:
            first, later = _start_pass(Path(folder) / "userdata")
            registered, plain = _writes(Path(folder))
        finally:
            if before is None:
                os.environ.pop("MEDIATION_STATION_DATA")
            else:
                os.environ["MEDIATION_STATION_DATA"] = before
    print(f"start-up pass: {first * 1000:.0f} ms on the first start after an upgrade ({FILES:,} evidence files "
          f"made owner-only), {later * 1000:.2f} ms on every later start")
    print(f"a partial write registered for the next start's clean-up: {registered * 1e6:.0f} us; the same write "
          f"unregistered {plain * 1e6:.0f} us ({registered / plain:.1f}x; {WRITES} writes of 4 KiB, medians)")
    print(f"opening the county's keys (Argon2id, 3 passes over 64 MiB, 4 lanes): {_derivation():.2f} s")


if __name__ == "__main__":
    main()
