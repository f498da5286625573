"""The start path: what a real start has imported when the main window shows (none of the heavy libraries
that are loaded after it), and the start-up's window, whose agenda and register colours arrive from the DB
worker after it shows."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from datetime import date
from pathlib import Path

from app.lifecycle import Action
from tests.conftest import accept, register
from tests.sync.conftest import act
from ui.main_window import MainWindow

ROOT = Path(__file__).resolve().parents[2]
# Loaded after the window shows (Backend.warm_up) or when first needed; none of them on the way to it.
NOT_ON_THE_START_PATH = ("reportlab", "alembic", "sqlalchemy", "cn2an", "openpyxl", "pypdf", "argon2",
                         "cryptography", "pathvalidate")
# The real command's main() in a process of its own; the modules are noted as the main window shows.
START = """
import json, sys
from ui import main_window
seen = {}
real_show = main_window.MainWindow.show
def show(self):
    real_show(self)
    seen.setdefault("modules", sorted({name.split(".")[0] for name in sys.modules}))
    seen.setdefault("rows", self.page.model.rowCount())
main_window.MainWindow.show = show
from ui import cli
code = cli.main([])
print("SEEN " + json.dumps(seen))
sys.exit(code)
"""


def overdue_case(db) -> int:
    """Accepted on 1 September: its one-month limit is long past, so the agenda has it as overdue."""
    dispute_id = register(db, registered_on="2026-08-31")
    accept(db, dispute_id, on=date(2026, 9, 1))
    return dispute_id


def test_a_real_start_shows_the_register_without_the_heavy_libraries(db):
    overdue_case(db)
    register(db)
    env = {**os.environ, "MEDIATION_STATION_EXIT_AFTER_SHOW": "1", "MEDIATION_STATION_DB": str(db.path),
           "MEDIATION_STATION_CLOCK": "2026-11-23T10:00:00+08:00", "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", START], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "first page shown after" in done.stdout
    seen = json.loads(done.stdout.split("SEEN ", 1)[1])
    assert seen["rows"] == 2 and "PySide6" in seen["modules"]
    assert [m for m in NOT_ON_THE_START_PATH if m in seen["modules"]] == []


def test_the_start_up_window_fills_the_agenda_from_the_worker(backend, db, qtbot, ui_settings):
    late = overdue_case(db)
    window = MainWindow(backend, ui_settings, start_up=True)
    qtbot.addWidget(window)
    assert window.agenda_source.loading and window.agenda.summary.text() == "正在计算今日待办…"
    assert not backend.runner.busy                     # closing now would not ask to wait for it
    qtbot.waitUntil(lambda: not window.agenda_source.loading, timeout=10000)
    assert [(i.kind, i.dispute_id) for i in window.agenda.items] == [("deadline", late)]
    assert window.agenda.summary.text().startswith("逾期 1 项")
    assert window.page.model.rowCount() == 1 and window.page.model._marks.keys() == {late}
    backend.runner.wait()


def test_a_change_while_the_agenda_is_computed_is_not_lost(backend, db, qtbot, ui_settings):
    late = overdue_case(db)
    release = threading.Event()
    backend.runner.submit_db(lambda: release.wait(10), lambda _r: None, lambda _e: None)   # the worker is busy
    window = MainWindow(backend, ui_settings, start_up=True)
    qtbot.addWidget(window)
    qtbot.wait(50)                                     # the agenda's job now waits behind it
    act(db, late, Action.END, reason="申请人撤回申请")
    backend.events.cases_changed.emit([late])
    release.set()
    qtbot.waitUntil(lambda: not window.agenda_source.loading, timeout=10000)
    assert window.agenda.items == [] and window.page.model._marks == {}
    backend.runner.wait()
