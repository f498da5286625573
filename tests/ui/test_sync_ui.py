"""The station's 数据报送 dialog and weekly reminder, its statistics, and the county window: import with
progress, committees late or not, a conflict decided side by side, statistics with the chart."""
from __future__ import annotations

import json

from PySide6.QtWidgets import QDialog

from app.periods import Period
from tests.conftest import register
from tests.sync.conftest import _open_county, export, link, open_bundle, seal, with_manifest
from ui.county_app import CountyWindow
from ui.main_window import MainWindow
from ui.statistics_view import StatisticsView
from ui.sync_dialog import SyncDialog


def test_station_exports_from_the_dialog_and_the_reminder_goes(backend, qtbot, ui_settings, answers, db, tmp_path):
    register(db)
    window = MainWindow(backend, ui_settings)
    qtbot.addWidget(window)
    # never sent, and no county key yet: the reminder says what to do first, not "send"
    qtbot.waitUntil(lambda: "登记文件" in window.sync_reminder.text())
    window.open_sync()
    dialog = window.findChild(SyncDialog)
    assert not dialog.export_button.isEnabled() and "县" in dialog.state.text()
    county = _open_county(str(tmp_path / "county.sqlite"))
    link(db, county, tmp_path)
    dialog.refresh()
    assert dialog.export_button.isEnabled()
    window.check_sync_due()
    assert "Ctrl+E" in window.sync_reminder.text() and "登记文件" not in window.sync_reminder.text()
    (tmp_path / "stick").mkdir()
    dialog.folder.setText(str(tmp_path / "stick"))
    dialog.export_button.click()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=10000)
    [bundle] = (tmp_path / "stick").glob("*.msb")
    assert any("330101001-000001.msb" in text for _kind, text in answers.seen)
    assert dialog.table.item(0, 2).text() == "全量"        # the first bundle carries everything
    dialog.done(QDialog.Accepted)
    qtbot.waitUntil(lambda: window.sync_reminder.text() == "")
    county.engine.dispose()
    assert bundle.stat().st_size > 0


def test_station_statistics_dialog_counts_the_period(backend, qtbot, ui_settings, db):
    register(db)
    window = MainWindow(backend, ui_settings)
    qtbot.addWidget(window)
    window.open_statistics()
    view = window.findChild(StatisticsView)
    view.picker.set_period(Period.parse("2026-11"))
    view.refresh()
    qtbot.waitUntil(lambda: view.report is not None and view.report.period.label == "2026-11")
    assert view.table.rowCount() == 2 and view.table.verticalHeaderItem(0).text() == "邻里"
    assert view.table.item(1, 0).text() == "1"                         # registered, in the total row
    assert view.chart.categories == ("邻里",) and not any(view.chart.totals())     # registered, none concluded


def test_county_window_imports_shows_late_committees_and_decides_a_conflict(qtbot, answers, db, tmp_path):
    register(db)
    county = _open_county(str(tmp_path / "county.sqlite"))
    link(db, county, tmp_path)
    bundle = export(db, tmp_path / "out")
    window = CountyWindow(county.read, county.write, "某某县司法局")
    qtbot.addWidget(window)
    assert window.stations.rowCount() == 1 and window.stations.item(0, 3).text() == "从未"
    window.import_bundles([bundle.path])
    qtbot.waitUntil(lambda: window.stations.item(0, 2).text() == "1", timeout=10000)
    assert "导入" in answers.seen[-1][1]
    entries = open_bundle(county, bundle.path)
    lines = [json.loads(x) for x in entries["records/dispute.jsonl"].splitlines()]
    lines[0]["title"] = "另一份事由"
    entries["records/dispute.jsonl"] = "".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines).encode()
    forged = seal(county, with_manifest(entries, number=2), station_code="330101001", number=2,
                  out=tmp_path / "second.msb")
    window.import_bundles([forged])
    qtbot.waitUntil(lambda: window.conflict_list.count() == 1, timeout=10000)
    window.conflict_list.setCurrentRow(0)
    assert [window.differences.item(0, j).text() for j in range(3)] == ["title", "张三与李四邻里纠纷", "另一份事由"]
    window._resolve("county")                                          # on the database worker
    qtbot.waitUntil(lambda: window.conflict_list.count() == 0, timeout=10000)
    window.tabs.setCurrentWidget(window.statistics)
    window.statistics.picker.set_period(Period.parse("2026-11"))
    window.statistics.by.setCurrentIndex(1)                             # by committee
    qtbot.waitUntil(lambda: window.statistics.report is not None and window.statistics.report.by == "station")
    assert window.statistics.table.verticalHeaderItem(0).text() == "城关镇人民调解委员会"
    window.runner.wait()
    county.engine.dispose()


def test_a_record_the_county_cannot_take_is_named_in_the_stations_sync_window(db, tmp_path, qtbot, backend):
    """A station's own case of a dispute type the county has not adopted (a local code table): the county
    stores the rest, and the station's 数据报送 window says which case and why."""
    from app import codes
    from app.sync.county_import import import_bundles
    from app.sync.receipts import import_receipt
    from tests.sync.conftest import content

    local = tmp_path / "userdata" / "codes" / "dispute_types.json"
    local.parent.mkdir(parents=True)
    local.write_text(json.dumps({"version": "town-1", "codes": [{"code": "T1", "zh": "彩礼", "en": "Gifts"}]},
                                ensure_ascii=False), encoding="utf-8")
    codes.load.cache_clear()
    register(db, title="彩礼纠纷", type_code="T1")
    register(db)
    county_db = _open_county(str(tmp_path / "county.sqlite"))
    link(db, county_db, tmp_path)
    bundle = export(db, tmp_path / "out")
    local.unlink()                                             # the county's own tables: no T1
    codes.load.cache_clear()
    [report] = import_bundles(county_db.write, [bundle.path])
    assert report.status == "applied" and len(content(county_db.engine)["dispute"]) == 1
    [rejected] = [r for r in report.rejected if r.table == "dispute"]
    assert "type_code" in rejected.reason and "T1" in rejected.reason
    assert import_receipt(db.write, report.receipts[0], station_code="330101001").status == "applied"
    dialog = SyncDialog(backend)
    qtbot.addWidget(dialog)
    note = dialog.table.item(0, 5)
    assert note.text() == "县级未存入 4 条记录："          # the case, its two parties, its registration
    assert "T1" in note.toolTip() and "案件" in note.toolTip()
    county_db.engine.dispose()


def test_only_the_head_imports_the_county_key_in_the_window(backend, qtbot, answers, db, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    from app import sync_keys
    from app.access import Actor

    county = _open_county(str(tmp_path / "county.sqlite"))
    link(db, county, tmp_path)
    stored = sync_keys.county_keys("330101001")
    other = sync_keys.ensure_station_keys("999999999")
    key = tmp_path / "other-key.json"
    key.write_text(json.dumps({"format": sync_keys.COUNTY_FORMAT, "signing_key": other.signing,
                               "agreement_key": other.agreement}), encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(key), "")))
    backend.log_in(Actor(9, "赵调解", "mediator", 2))
    dialog = SyncDialog(backend)
    qtbot.addWidget(dialog)
    assert not dialog.county_key_button.isEnabled()
    assert not dialog.export_button.isEnabled() and "主任" in dialog.export_button.toolTip()   # greyed, with why
    assert "只有站主任" in dialog.state.text()
    dialog.import_county_key()                        # even if reached: refused, said, and nothing stored
    qtbot.waitUntil(lambda: bool(answers.seen), timeout=3000)              # on the DB worker
    assert "主任" in answers.seen[-1][1] and sync_keys.county_keys("330101001") == stored
    backend.log_in(Actor(1, "王调解", "head", 1))
    dialog = SyncDialog(backend)
    qtbot.addWidget(dialog)
    assert dialog.county_key_button.isEnabled()
    dialog.import_county_key()
    qtbot.waitUntil(lambda: sync_keys.county_keys("330101001") == other, timeout=3000)
    backend.runner.wait()
    qtbot.waitUntil(lambda: "已导入" in answers.seen[-1][1])       # said, with the fingerprint to compare
    assert sync_keys.fingerprint(other.signing) in answers.seen[-1][1]
    county.engine.dispose()


def test_the_enrolment_file_goes_to_the_chosen_folder_and_is_confirmed(backend, qtbot, answers, db, tmp_path,
                                                                       monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    offered = []

    def save_as(_parent, _title, suggested, _filter):
        offered.append(suggested)
        return suggested, ""
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save_as))
    dialog = SyncDialog(backend)
    qtbot.addWidget(dialog)
    (tmp_path / "stick").mkdir()
    dialog.folder.setText(str(tmp_path / "stick"))
    dialog.write_enrolment()
    [written] = (tmp_path / "stick").glob("*.json")
    assert offered == [str(written)] and json.loads(written.read_text(encoding="utf-8"))["station_code"]
    assert str(written) in answers.seen[-1][1] and "县" in answers.seen[-1][1]


def test_a_refused_bundle_is_shown_in_the_stations_window_in_chinese(backend, qtbot, answers, db, tmp_path,
                                                                    monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    from app.sync import validate
    from app.sync.county_import import import_bundles

    register(db)
    county = _open_county(str(tmp_path / "county.sqlite"))
    link(db, county, tmp_path)
    bundle = export(db, tmp_path / "out")
    monkeypatch.setattr(validate, "schema_version", lambda: 1)      # a county not yet upgraded
    [report] = import_bundles(county.write, [bundle.path])
    [receipt] = report.receipts
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(receipt), "")))
    dialog = SyncDialog(backend)
    qtbot.addWidget(dialog)
    dialog.import_receipt()
    qtbot.waitUntil(lambda: bool(answers.seen), timeout=5000)              # read on the DB worker
    kind, text = answers.seen[-1]
    assert kind == "warning" and "县级拒收了该数据包" in text and "请先升级县级的调解工作站" in text
    assert dialog.table.item(0, 4).text() == "县级拒收" and "请先升级" in dialog.table.item(0, 5).text()
    county.engine.dispose()


def test_the_county_window_revokes_and_reinstates_off_the_gui_thread(qtbot, answers, db, tmp_path, monkeypatch):
    """The county window's changes run on the database worker (issue 16: no write on the GUI thread)."""
    import threading

    from app.sync import county as county_service

    county = _open_county(str(tmp_path / "county.sqlite"))
    link(db, county, tmp_path)
    seen: list[threading.Thread] = []
    for name in ("revoke", "reinstate"):
        real = getattr(county_service, name)

        def record(session, code, real=real):
            seen.append(threading.current_thread())
            return real(session, code)
        monkeypatch.setattr(county_service, name, record)
    window = CountyWindow(county.read, county.write, "某某县司法局")
    qtbot.addWidget(window)
    window.stations.selectRow(0)
    window.revoke()
    qtbot.waitUntil(lambda: len(seen) == 1, timeout=10000)
    window.runner.wait()
    assert revoked_at(county) is not None
    window.stations.selectRow(0)
    window.reinstate()
    qtbot.waitUntil(lambda: len(seen) == 2, timeout=10000)
    window.runner.wait()
    assert all(t is not threading.main_thread() for t in seen)
    assert revoked_at(county) is None
    county.engine.dispose()


def revoked_at(county):
    from sqlalchemy import select

    from db.models.county import CountyStation

    with county.read() as s:
        return s.scalar(select(CountyStation.revoked_at))
