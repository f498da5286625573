"""The station's agenda on the 100,000-case database, through the service and connection the GUI uses."""
from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app import clock  # noqa: E402
from app.services.agenda import agenda  # noqa: E402
from bench.common import demo_database  # noqa: E402
from db.connection import connect  # noqa: E402

RUNS = 10


def main() -> dict[str, float]:
    path, _ = demo_database()
    conn = connect(path)
    timings, items = [], []
    for _ in range(RUNS):
        started = time.perf_counter()
        items = agenda(conn, on=clock.today())
        timings.append((time.perf_counter() - started) * 1000)
    result = {"first_ms": timings[0], "median_ms": statistics.median(timings), "items": len(items)}
    print(f"agenda of the station: {result['items']} items, first {result['first_ms']:.1f} ms, "
          f"then median {result['median_ms']:.1f} ms")
    return result


if __name__ == "__main__":
    main()
