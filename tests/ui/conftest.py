"""UI fixtures: a Backend on a real SQLite file, and a way to type Chinese into widgets."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox

from ui.backend import Backend
from ui.events import AppEvents
from ui.settings import UiSettings
from ui.tasks import TaskRunner


@pytest.fixture
def backend(db, qtbot):
    b = Backend(db.path, TaskRunner(), AppEvents())
    b.operator_id = 1
    yield b
    b.runner.wait()
    b.close()


@pytest.fixture
def ui_settings(tmp_path):
    return UiSettings(QSettings(str(tmp_path / "ui.ini"), QSettings.IniFormat))


@pytest.fixture
def answers(monkeypatch):
    """Records message boxes instead of showing them; questions are answered Yes unless told otherwise."""
    seen: list[tuple[str, str]] = []
    state = {"answer": QMessageBox.Yes}

    def record(kind):
        def box(parent, title, text, *args, **kwargs):
            seen.append((kind, text))
            return state["answer"] if kind == "question" else QMessageBox.Ok
        return box

    for kind in ("warning", "information", "critical", "question"):
        monkeypatch.setattr(QMessageBox, kind, staticmethod(record(kind)))
    seen_state = type("Answers", (), {"seen": seen, "state": state})
    return seen_state


def type_text(widget, text: str) -> None:
    """Type any text, Chinese included (qtbot.keyClicks aborts on CJK)."""
    widget.setFocus()
    for ch in text:
        QTest.sendKeyEvent(QTest.KeyAction.Click, widget, Qt.Key_unknown, ch, Qt.NoModifier)


def wait_saved(widget, timeout: float = 5.0) -> None:
    """Let the event loop run until the widget's save (on the DB worker) has answered: it is busy until then."""
    import time

    from shiboken6 import isValid

    deadline = time.monotonic() + timeout
    while isValid(widget) and widget.property("busy") and time.monotonic() < deadline:
        QTest.qWait(10)
    assert not (isValid(widget) and widget.property("busy")), "the save did not answer in time"
