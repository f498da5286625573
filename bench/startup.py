"""Start-up: process launch to the main window showing the first page of the register, on the 100,000-case
database, beside a bare PySide6 window measured in the same run (goal: at most 2.5x the bare window).

Both processes print, at the first turn of their event loop after show(), the seconds since they were launched
and the CPU seconds of all their threads so far (ui/app.py launch_figures): the work the app leaves for after
the window shows (the agenda, SQLAlchemy, reportlab) and its shutdown are not counted, as the user does not
wait for them. The CPU ratio is the steadier figure on a machine shared with other work; the goal is on the
wall-clock ratio."""
from __future__ import annotations

import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import ROOT, demo_database  # noqa: E402

BARE = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QTableView
app = QApplication(sys.argv)
w = QMainWindow(); w.setCentralWidget(QTableView()); w.resize(1280, 760); w.show()
def done():
    import os, time
    print(f"launch figures: wall {time.monotonic() - float(os.environ['MEDIATION_STATION_LAUNCHED']):.4f} s, "
          f"cpu {time.process_time():.4f} s", flush=True)
    app.quit()
QTimer.singleShot(0, done)
app.exec()
"""
RUNS = 15
FIGURES = re.compile(r"launch figures: wall ([\d.]+) s, cpu ([\d.]+) s")


def timed(argv: list[str], env: dict) -> tuple[float, float]:
    """(seconds from launch to the first page, CPU seconds until then) of one run."""
    env = {**env, "MEDIATION_STATION_LAUNCHED": repr(time.monotonic())}     # one clock for all processes
    out = subprocess.run(argv, check=True, cwd=ROOT, env=env, capture_output=True, text=True).stdout
    found = FIGURES.search(out)
    if not found:
        raise SystemExit(f"no launch figures in the output of {argv[:3]}: {out!r}")
    return float(found[1]), float(found[2])


def main() -> dict[str, float]:
    path, _ = demo_database()
    env = {**os.environ, "MEDIATION_STATION_EXIT_AFTER_SHOW": "1", "MEDIATION_STATION_DB": str(path),
           "MEDIATION_STATION_DATA": str(ROOT / "bench" / "out" / "userdata")}
    env.setdefault("QT_QPA_PLATFORM", "offscreen" if not os.environ.get("DISPLAY") else "xcb")
    # Compiled bytecode, as an installed app has (pip compiles it; the packaged build carries it): a shell with
    # PYTHONDONTWRITEBYTECODE would otherwise compile every module of the app from source at every start.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(ROOT / "bench" / "out" / "pycache")
    app_cmd = [sys.executable, "-m", "ui.cli"]
    bare_cmd = [sys.executable, "-c", BARE]
    timed(bare_cmd, env)                    # warm the file cache and the bytecode once, as on a PC used
    timed(app_cmd, env)                     # every day
    bare, app = [], []
    for _ in range(RUNS):                   # interleaved, so both see the same machine load
        bare.append(timed(bare_cmd, env))
        app.append(timed(app_cmd, env))
    result = {"bare_s": statistics.median(w for w, _c in bare), "app_s": statistics.median(w for w, _c in app),
              "bare_cpu_s": statistics.median(c for _w, c in bare), "app_cpu_s": statistics.median(c for _w, c in app)}
    result["ratio"] = result["app_s"] / result["bare_s"]
    result["cpu_ratio"] = result["app_cpu_s"] / result["bare_cpu_s"]
    print(f"start-up to first register page ({env['QT_QPA_PLATFORM']}, median of {RUNS}): "
          f"bare PySide6 window {result['bare_s']:.3f} s, Mediation Station {result['app_s']:.3f} s, "
          f"ratio {result['ratio']:.2f}x (goal <= 2.5x); CPU time {result['bare_cpu_s']:.3f} s and "
          f"{result['app_cpu_s']:.3f} s, ratio {result['cpu_ratio']:.2f}x")
    return result


if __name__ == "__main__":
    main()
