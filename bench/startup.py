"""Start-up: process launch to the main window showing the first page of the register, on the 100,000-case
database, beside a bare PySide6 window measured in the same run (goal: at most 2.5x the bare window)."""
from __future__ import annotations

import os
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
QTimer.singleShot(0, app.quit)
app.exec()
"""
RUNS = 7


def timed(argv: list[str], env: dict) -> float:
    started = time.perf_counter()
    subprocess.run(argv, check=True, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def main() -> dict[str, float]:
    path, _ = demo_database()
    env = {**os.environ, "MEDIATION_STATION_EXIT_AFTER_SHOW": "1", "MEDIATION_STATION_DB": str(path),
           "MEDIATION_STATION_DATA": str(ROOT / "bench" / "out" / "userdata")}
    env.setdefault("QT_QPA_PLATFORM", "offscreen" if not os.environ.get("DISPLAY") else "xcb")
    app_cmd = [sys.executable, "-m", "ui.cli"]
    timed(app_cmd, env)                     # warm the file cache once, as on a PC used every day
    bare, app = [], []
    for _ in range(RUNS):                   # interleaved, so both see the same machine load
        bare.append(timed([sys.executable, "-c", BARE], env))
        app.append(timed(app_cmd, env))
    result = {"bare_s": statistics.median(bare), "app_s": statistics.median(app)}
    result["ratio"] = result["app_s"] / result["bare_s"]
    print(f"start-up to first register page ({env['QT_QPA_PLATFORM']}, median of {RUNS}): "
          f"bare PySide6 window {result['bare_s']:.3f} s, Mediation Station {result['app_s']:.3f} s, "
          f"ratio {result['ratio']:.2f}x (goal <= 2.5x)")
    return result


if __name__ == "__main__":
    main()
