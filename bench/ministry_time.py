"""The Ministry's report (人民调解工作统计表) on the 100,000-case database: counting a month and a year, and
printing it, beside the statistics table of the same period (its largest part) measured in the same run."""
from __future__ import annotations

import statistics as stats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.database import open_database  # noqa: E402
from app.documents.ministry import ministry_file  # noqa: E402
from app.periods import Period  # noqa: E402
from app.services import ministry_report, statistics  # noqa: E402
from bench.common import demo_database  # noqa: E402

RUNS = 3


def _median(fn) -> tuple[float, object]:
    timings, result = [], None
    for _ in range(RUNS):
        started = time.perf_counter()
        result = fn()
        timings.append(time.perf_counter() - started)
    return stats.median(timings), result


def main() -> dict[str, float]:
    path, _ = demo_database()
    engine, read, _write = open_database(path)
    out = {}
    with read() as s:
        for label in ("2026-11", "2026"):
            period = Period.parse(label)
            table, _r = _median(lambda: statistics.compute(s, period))
            report_s, report = _median(lambda: ministry_report.compute(s, period, unit="城关镇人民调解委员会"))
            pdf_s, (pdf, _warnings) = _median(lambda: ministry_file(report, "pdf"))
            out[label] = report_s
            print(f"Ministry's report {label}: counted in {report_s:.2f} s (statistics table alone {table:.2f} s, "
                  f"ratio {report_s / table:.2f}), PDF {pdf_s:.2f} s, {len(pdf) / 1024:.0f} KiB")
    engine.dispose()
    return out


if __name__ == "__main__":
    main()
