"""The real start path, as `mediation-station` runs it: ui.cli.main with the login, first start included.

No shortcut around the login: each test calls the same function as the installed command and answers
the windows as they appear (tests/ui/robot.py), from the first start on an empty database to the main
window and back out; the last test runs the installed executable itself under a real X server.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialogButtonBox, QWidget

from tests.ui.robot import Robot
from tests.ui.conftest import wait_saved
from ui import cli

from tests.conftest import CLI_PASSWORD as PASSWORD
STATION = {"name": "城关镇人民调解委员会", "code": "330101001", "county": "某某县", "case_prefix": "城人",
           "mediator": "王调解", "phone": "13900001111"}


def click(dialog: QWidget, role: QDialogButtonBox.ButtonRole) -> None:
    """Press the dialog's button of that role with the mouse, as a person would."""
    box = dialog.findChild(QDialogButtonBox)
    button = next(b for b in box.buttons() if box.buttonRole(b) == role)
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)


def fill_station(dialog) -> None:
    for key, value in STATION.items():
        dialog.fields[key].setText(value)
    click(dialog, QDialogButtonBox.ButtonRole.AcceptRole)


def set_password(dialog) -> None:
    assert dialog.name.text() == "王调解"          # the head named at set-up is offered,
    assert dialog.focusWidget() is dialog.password  # and typing goes to the password, not after the name
    dialog.password.setText(PASSWORD)
    dialog.again.setText(PASSWORD)
    click(dialog, QDialogButtonBox.ButtonRole.AcceptRole)


def log_in(password: str):
    def act(dialog) -> None:
        dialog.name.setCurrentText("王调解")
        dialog.password.setText(password)
        click(dialog, QDialogButtonBox.ButtonRole.AcceptRole)
    return act


def close_soon(seen: dict):
    """Note what the main window shows, then close it once the start-up checks (the day's backup, off the GUI
    thread) have had their turn and finished, as a person would see them done."""
    def act(window) -> None:
        seen["title"] = window.windowTitle()
        seen["user"] = window.backend.actor.name if window.backend.actor else None

        def close_when_idle() -> None:
            if window.backend.runner.busy:
                QTimer.singleShot(100, close_when_idle)
            else:
                window.close()
        QTimer.singleShot(2000, close_when_idle)
    return act


def run_app(db: Path, robot: Robot, *extra: str) -> int:
    robot.start()
    try:
        return cli.main(["--db", str(db), *extra])
    finally:
        robot.stop()


def init_station(db: Path) -> None:
    assert cli.main(["init", "--db", str(db), "--station-name", STATION["name"], "--station-code",
                     STATION["code"], "--county", STATION["county"], "--case-prefix", STATION["case_prefix"],
                     "--mediator", STATION["mediator"]]) == 0


def test_first_start_sets_up_the_station_and_the_head_then_opens_the_main_window(qtbot, tmp_path):
    db, seen = tmp_path / "新站" / "station.sqlite", {}
    db.parent.mkdir()
    robot = Robot([("StationDialog", fill_station), ("FirstAccountDialog", set_password),
                   ("MainWindow", close_soon(seen))])
    assert run_app(db, robot) == 0
    assert robot.failures == [] and robot.finished
    assert seen["title"].endswith(STATION["name"]) and seen["user"] == "王调解"
    from app.database import open_database
    from app.services import accounts, lookups

    engine, read, _write = open_database(db)
    with read() as s:
        assert lookups.station(s).code == STATION["code"]
        assert [(a.name, a.role) for a in accounts.list_accounts(s)] == [("王调解", "head")]
    engine.dispose()
    assert (db.parent / "station.sqlite.log").exists()      # the log lives beside the --db it belongs to


def test_later_start_refuses_a_wrong_password_then_takes_the_right_one(qtbot, tmp_path, monkeypatch, cli_env):
    db, seen, messages = tmp_path / "station.sqlite", {}, []
    init_station(db)                  # the head 王调解 gets an account with the password from cli_env

    def wrong_then_right(dialog) -> None:
        log_in("not the password")(dialog)
        wait_saved(dialog)                               # the password is checked on the DB worker
        messages.append(dialog.message.text())
        assert dialog.isVisible()                        # still asking
        log_in(PASSWORD)(dialog)
    robot = Robot([("LoginDialog", wrong_then_right), ("MainWindow", close_soon(seen))])
    assert run_app(db, robot) == 0
    assert robot.failures == [] and seen["user"] == "王调解"
    assert messages and "密码" in messages[0]            # said in Chinese what is wrong


def test_quitting_at_the_login_form_ends_cleanly(qtbot, tmp_path, monkeypatch, cli_env):
    db = tmp_path / "station.sqlite"
    init_station(db)                  # the head 王调解 gets an account with the password from cli_env
    robot = Robot([("LoginDialog", lambda d: click(d, QDialogButtonBox.ButtonRole.RejectRole))])
    assert run_app(db, robot) == 0
    assert robot.failures == [] and robot.seen == ["LoginDialog"]


def test_county_window_logs_the_reviewer_in(qtbot, tmp_path, cli_env, monkeypatch):
    """`county init` makes the first reviewer and seals the county's keys; the county window then asks for the
    passphrase and that login."""
    from app.sync import county_secrets
    from tests.sync.conftest import PASSPHRASE

    county = tmp_path / "county.sqlite"
    monkeypatch.setenv(county_secrets.ENV, PASSPHRASE)
    assert cli.main(["county", "init", "--db", str(county), "--name", "某某县司法局", "--reviewer", "赵审核"]) == 0
    seen: dict = {}

    def note_and_close(window) -> None:
        seen["title"] = window.windowTitle()
        QTimer.singleShot(300, window.close)

    def log_in_reviewer(dialog) -> None:
        assert dialog.name.currentText() == "赵审核"
        dialog.password.setText(PASSWORD)
        click(dialog, QDialogButtonBox.ButtonRole.AcceptRole)

    def open_keys(dialog) -> None:
        dialog.passphrase.setText(PASSPHRASE)
        click(dialog, QDialogButtonBox.ButtonRole.AcceptRole)
    monkeypatch.delenv(county_secrets.ENV)          # the next start, without the variable: the window asks
    county_secrets._opened.clear()                  # (a new process remembers no opened keys)
    robot = Robot([("PassphraseDialog", open_keys), ("LoginDialog", log_in_reviewer),
                   ("CountyWindow", note_and_close)]).start()
    try:
        assert cli.main(["county", "--db", str(county)]) == 0
    finally:
        robot.stop()
    assert robot.failures == [] and "某某县司法局" in seen["title"]


def test_an_uncaught_error_in_the_gui_is_logged_and_shown_in_chinese(qtbot, tmp_path, monkeypatch, cli_env):
    """The last net: a failing slot is written to the log (kind and place, not the message, which may quote
    personal information) and explained in a Chinese dialog; the window stays usable."""
    from PySide6.QtWidgets import QMessageBox

    db, shown = tmp_path / "station.sqlite", []
    init_station(db)                  # the head 王调解 gets an account with the password from cli_env
    monkeypatch.setattr(QMessageBox, "critical", staticmethod(lambda parent, title, text, *a: shown.append(
        (title, text))))

    name, number = "张三", "11010519491231002X"

    def break_a_slot(window) -> None:
        def broken() -> None:
            raise ValueError(f"{name} {number}")     # an error message quoting a party
        QTimer.singleShot(0, broken)
        QTimer.singleShot(400, window.close)
    robot = Robot([("LoginDialog", log_in(PASSWORD)), ("MainWindow", break_a_slot)])
    assert run_app(db, robot) == 0
    assert robot.failures == [] and len(shown) == 1
    title, text = shown[0]
    log = db.with_name("station.sqlite.log")
    assert "ValueError" in text and str(log) in text and "test_real_start.py" in text
    assert title == "出错了" and "日志" in text
    written = log.read_text(encoding="utf-8")
    assert "uncaught ValueError" in written and "test_real_start.py" in written
    assert name not in written and number not in written
    assert oct(log.stat().st_mode & 0o777) == "0o600"


@pytest.mark.skipif(not (shutil.which("Xvfb") and shutil.which("xdotool")), reason="needs Xvfb and xdotool "
                    "(.ci/run installs them)")
def test_installed_command_reaches_the_login_form_and_quits_cleanly(tmp_path, monkeypatch, cli_env):
    """The installed `mediation-station` executable on a real X server: the login form appears; Escape
    closes it; the process exits 0 with no traceback."""
    exe = Path(sys.executable).with_name("mediation-station")
    assert exe.exists(), "make test installs the command into the venv"
    db = tmp_path / "station.sqlite"
    init_station(db)                  # the head 王调解 gets an account with the password from cli_env
    display = f":{90 + os.getpid() % 50}"
    xvfb = subprocess.Popen(["Xvfb", display, "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb",
           "MEDIATION_STATION_CLOCK": "2026-11-23T10:00:00+08:00"}
    app = None
    try:
        for _ in range(400):        # the X server is up when a client can ask it its size (slow when busy)
            if subprocess.run(["xdotool", "getdisplaygeometry"], env=env, capture_output=True).returncode == 0:
                break
            time.sleep(0.05)
        app = subprocess.Popen([str(exe), "--db", str(db)], env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
        found = subprocess.run(["xdotool", "search", "--sync", "--onlyvisible", "--name", "登录"], env=env,
                               capture_output=True, text=True, timeout=30)
        assert found.stdout.split(), (found.stderr, app.poll())
        window = found.stdout.split()[0]
        for _ in range(5):        # a busy X server may drop a synthetic key: press again until it quits
            subprocess.run(["xdotool", "windowactivate", "--sync", window], env=env, timeout=10,
                           capture_output=True)
            subprocess.run(["xdotool", "key", "Escape"], env=env, timeout=10, capture_output=True)
            try:
                app.wait(timeout=3)
                break
            except subprocess.TimeoutExpired:
                continue
        out, err = app.communicate(timeout=30)
    finally:
        if app is not None and app.poll() is None:
            app.kill()
        xvfb.send_signal(signal.SIGTERM)
        xvfb.wait(timeout=10)
    assert app.returncode == 0, err
    assert "Traceback" not in err and "Error" not in err, err
