"""Search latency through the register service the GUI uses, on the GUI's own kind of connection (plain
sqlite3): p50/p95 over a realistic query mix.

Each query is what the register does on a keystroke pause: count the matches and fetch the first page.
"""
from __future__ import annotations

import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.services import register  # noqa: E402
from app.services.register import RegisterQuery  # noqa: E402
from bench.common import demo_database, percentile  # noqa: E402
from db.connection import connect  # noqa: E402

PAGE = 200


def queries(conn, rng: random.Random, n: int) -> list[tuple[str, str]]:
    """Real values from random cases: two-character names, phrases from facts, case numbers, phones."""
    top = conn.execute("SELECT max(id) FROM dispute").fetchone()[0]
    ids = ",".join(str(rng.randint(1, top)) for _ in range(n))
    column = lambda sql: [r[0] for r in conn.execute(sql.format(ids=ids))]  # noqa: E731
    names = [q for q in column("SELECT name FROM party WHERE kind = 'person' AND dispute_id IN ({ids})")
             if len(q) == 2]
    phones = column("SELECT phone FROM party WHERE dispute_id IN ({ids})")
    case_nos = [c for c in column("SELECT case_no FROM dispute WHERE id IN ({ids})") if c]
    facts = []
    for f in column("SELECT facts FROM dispute WHERE id IN ({ids})"):
        start = rng.randint(0, max(0, len(f) - 6))
        facts.append(f[start:start + rng.randint(3, 6)].strip("，。、 "))
    mix = [("2-char name", q) for q in names[:n // 4]] + [("phrase", q) for q in facts[:n // 4] if len(q) >= 3]
    mix += [("case no", q) for q in case_nos[:n // 4]] + [("phone", q) for q in phones[:n // 4]]
    rng.shuffle(mix)
    return mix


def main() -> dict[str, float]:
    path, _ = demo_database()
    conn = connect(path)
    mix = queries(conn, random.Random(42), 400)
    total = conn.execute("SELECT count(*) FROM dispute").fetchone()[0]
    timings: dict[str, list[float]] = {}
    for kind, q in mix:
        started = time.perf_counter()
        register.count_cases(conn, RegisterQuery(search=q))
        register.fetch_page(conn, RegisterQuery(search=q), offset=0, limit=PAGE)
        timings.setdefault(kind, []).append((time.perf_counter() - started) * 1000)
    everything = [t for ts in timings.values() for t in ts]
    print(f"search over {total} cases, {len(everything)} queries (count + first page of {PAGE})")
    for kind, ts in sorted(timings.items()):
        print(f"  {kind:12s} n={len(ts):3d}  p50 {percentile(ts, 50):6.1f} ms  p95 {percentile(ts, 95):6.1f} ms"
              f"  max {max(ts):6.1f} ms")
    result = {"p50_ms": percentile(everything, 50), "p95_ms": percentile(everything, 95)}
    print(f"  {'all':12s} p50 {result['p50_ms']:6.1f} ms  p95 {result['p95_ms']:6.1f} ms   (goal: p95 <= 20 ms)")
    return result


if __name__ == "__main__":
    main()
