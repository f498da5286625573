"""A dialog's save runs on the DB worker, never on the GUI thread; meanwhile the dialog shows it is busy, then
closes, or names the error in Chinese and is usable again."""
from __future__ import annotations

import threading

from PySide6.QtWidgets import QApplication

from app.services import mediators, stations
from tests.ui.conftest import type_text
from ui.backend import Backend
from ui.events import AppEvents
from ui.station_dialog import StationDialog
from ui.tasks import TaskRunner


def test_the_station_form_saves_off_the_gui_thread_and_shows_it_is_busy(empty_db, qtbot, monkeypatch):
    seen: dict[str, threading.Thread] = {}
    release = threading.Event()
    real = stations.init_station

    def slow_init(session, **kw):
        seen["thread"] = threading.current_thread()
        release.wait(10)                        # held until the test has looked at the dialog
        return real(session, **kw)
    monkeypatch.setattr(stations, "init_station", slow_init)
    backend = Backend(empty_db.path, TaskRunner(), AppEvents())
    writing: list[bool] = []
    backend.events.writing.connect(writing.append)
    dialog = StationDialog(backend)
    qtbot.addWidget(dialog)
    for key, text in (("name", "城关镇人民调解委员会"), ("code", "330101001"), ("county", "某某县"),
                      ("case_prefix", "城人"), ("mediator", "王调解")):
        type_text(dialog.fields[key], text)
    dialog.save()
    qtbot.waitUntil(lambda: "thread" in seen, timeout=3000)
    assert seen["thread"] is not threading.main_thread()
    assert QApplication.instance().thread().isCurrentThread()         # the test itself is on the GUI thread
    assert dialog.property("busy") and not dialog.isEnabled() and writing == [True]
    assert dialog.result() != StationDialog.DialogCode.Accepted
    release.set()
    qtbot.waitUntil(lambda: dialog.result() == StationDialog.DialogCode.Accepted, timeout=3000)
    assert not dialog.property("busy") and writing == [True, False]
    backend.runner.wait()
    backend.close()


def test_a_refused_write_is_named_in_chinese_and_the_dialog_is_usable_again(backend, qtbot, answers,
                                                                             monkeypatch):
    from ui.mediators_dialog import MediatorsDialog

    seen: list[threading.Thread] = []
    real = mediators.add_mediator

    def record(session, **kw):
        seen.append(threading.current_thread())
        return real(session, **kw)
    monkeypatch.setattr(mediators, "add_mediator", record)
    dialog = MediatorsDialog(backend)
    qtbot.addWidget(dialog)
    rows = dialog.table.rowCount()
    type_text(dialog.name, "赵新")
    type_text(dialog.phone, "123")
    dialog.add()
    qtbot.waitUntil(lambda: bool(dialog.phone.property("invalid")), timeout=3000)
    assert "手机" in dialog.phone.toolTip() or "电话" in dialog.phone.toolTip()
    assert dialog.isEnabled() and dialog.table.rowCount() == rows
    dialog.phone.clear()
    dialog.add()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == rows + 1, timeout=3000)
    assert seen and all(t is not threading.main_thread() for t in seen)
