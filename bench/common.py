"""Shared helpers for the benchmarks: a 100,000-case database made once and reused."""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
CASES = int(os.environ.get("BENCH_CASES", "100000"))
# The command line logs in (ui/cli_auth.py): the head that `init` makes, with this password.
LOGIN = {"MEDIATION_STATION_USER": "王调解", "MEDIATION_STATION_PASSWORD": "bench password 2026"}


def cli(*args: str, env: dict | None = None) -> float:
    """Run `mediation-station ARGS` as a real process; returns its wall time in seconds."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "ui.cli", *args], check=True, cwd=ROOT,
                   env={**os.environ, **LOGIN, **(env or {})}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def demo_database(cases: int = CASES) -> tuple[Path, float | None]:
    """The benchmark database; (path, seconds `demo` took, or None when it was already there)."""
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"bench-{cases}.sqlite"
    if path.exists():
        return path, None
    cli("--db", str(path), "init", "--station-name", "城关镇人民调解委员会", "--station-code", "330101001",
        "--county", "某某县", "--case-prefix", "城人", "--mediator", "王调解")
    seconds = cli("--db", str(path), "demo", "--cases", str(cases), "--seed", "1")
    return path, seconds


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]
