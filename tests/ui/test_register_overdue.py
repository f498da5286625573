"""The register explains its colours, and its "overdue cases only" names the cases of the agenda's overdue items,
each painted in the legend's overdue colour; the agenda says it counts items, and in how many cases."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from app.services import demo
from app.services.agenda import is_overdue
from tests.conftest import TODAY
from ui.dispute_table_model import DISPUTE_ID_ROLE, RISK_COLOURS, ROW_COLOURS, Column, RowState
from ui.main_window import MainWindow


def test_legend_filter_and_agenda_agree(backend, qtbot, ui_settings, db):
    with db.write.begin() as s:
        demo.generate(s, cases=300, seed=6, today=TODAY)
    window = MainWindow(backend, ui_settings)
    qtbot.addWidget(window)
    window.show()
    page = window.page
    window.tabs.setCurrentWidget(page)

    # the legend: the table's own colours, each with its meaning in Chinese
    texts = [w.text() for w in page.legend.findChildren(QLabel)]
    assert page.legend.isVisible() and "已逾期" in texts and "7 天内到期" in texts
    swatches = [w.pixmap().toImage().pixelColor(6, 6).name() for w in page.legend.findChildren(QLabel)
                if not w.pixmap().isNull()]
    assert swatches == [colour for colour, _m in ROW_COLOURS.values()] + list(RISK_COLOURS.values())
    assert "计划的调解" in page.overdue.toolTip()

    # the filter lists the cases of the agenda's overdue items, once each, painted as the legend says
    late_items = [i for i in window.agenda.items if is_overdue(i, TODAY)]
    late_cases = {i.dispute_id for i in late_items}
    assert late_items and len(late_cases) <= len(late_items)
    page.overdue.setChecked(True)
    model = page.model
    while model.canFetchMore():
        model.fetchMore()
    shown = {model.data(model.index(r, 0), DISPUTE_ID_ROLE) for r in range(model.rowCount())}
    assert shown == late_cases
    assert page.count_label.text() == f"共 {len(late_cases)} 件逾期案件"
    overdue_colour = ROW_COLOURS[RowState.OVERDUE][0]
    assert all(model.data(model.index(r, Column.TITLE), Qt.BackgroundRole).color().name() == overdue_colour
               for r in range(model.rowCount()))
    assert f"逾期 {len(late_items)} 项（{len(late_cases)} 件案件）" in window.agenda.summary.text()


def test_a_cut_short_agenda_counts_on_the_worker_and_says_so(backend, qtbot, ui_settings, db, monkeypatch):
    from datetime import timedelta

    from app import clock
    from app.services import agenda as agenda_module, register
    from app.services.register import RegisterQuery

    with db.write.begin() as s:
        demo.generate(s, cases=300, seed=6, today=TODAY)
    clock.advance(timedelta(days=20))
    cases = backend.query(lambda c: register.count_cases(c, RegisterQuery(overdue_only=True)))
    monkeypatch.setattr(agenda_module, "LIMIT_PER_KIND", 3)
    window = MainWindow(backend, ui_settings)
    qtbot.addWidget(window)
    # the counts come from the DB worker; the list holds the latest three of each kind
    qtbot.waitUntil(lambda: f"（{cases} 件案件）" in window.agenda.summary.text(), timeout=10000)
    late = window.agenda.source.overdue()
    assert late.cases == cases and late.listed < late.items
    assert f"（{late.items} 项，列出最近的 {late.listed} 项）" in window.agenda.tree.topLevelItem(0).text(0)


def test_the_case_window_names_what_is_late(backend, qtbot, db):
    from tests.app.test_overdue import late_cases_of_every_kind
    from ui.case_dialog import CaseDialog

    cases = late_cases_of_every_kind(db)
    expected = {"deadline": "一个月调解期限 2026-11-02", "session": "2026-11-20", "term": "2026-11-22",
                "visit": "回访 2026-11-22"}
    for key, dispute_id in cases.items():
        dialog = CaseDialog(backend, dispute_id)
        qtbot.addWidget(dialog)
        header = dialog.header.text()
        if key == "on_time":
            assert "逾期" not in header
        else:
            assert "逾期：" in header and expected[key] in header, (key, header)


def test_refresh_reads_a_change_made_elsewhere_into_the_agenda_and_the_colours(backend, qtbot, ui_settings, db,
                                                                               answers):
    """Cases added by another process (the command line's demo, another window) while the window is open: the
    agenda and the register's colours come with them at 刷新 (F5), as the register's rows do."""
    window = MainWindow(backend, ui_settings)
    qtbot.addWidget(window)
    window.show()
    assert not [i for i in window.agenda.items if is_overdue(i, TODAY)]
    with db.write.begin() as s:                                  # not through this window: no change signal
        demo.generate(s, cases=300, seed=6, today=TODAY)
    window.refresh_action.trigger()
    late = [i for i in window.agenda.items if is_overdue(i, TODAY)]
    assert late and f"逾期 {len(late)} 项" in window.agenda.summary.text()
    page, case = window.page, late[0].dispute_id
    page.overdue.setChecked(True)
    model = page.model
    while model.canFetchMore():
        model.fetchMore()
    row = next(r for r in range(model.rowCount()) if model.data(model.index(r, 0), DISPUTE_ID_ROLE) == case)
    assert model.data(model.index(row, Column.TITLE), Qt.BackgroundRole).color().name() == \
        ROW_COLOURS[RowState.OVERDUE][0]
    backend.runner.wait()
