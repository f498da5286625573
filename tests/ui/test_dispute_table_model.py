"""The register's paged model: Qt's model checks, pages, sorting and deadline colours."""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import QModelIndex, Qt

from app.services import demo, register
from tests.conftest import TODAY, accept, register as reg
from ui.dispute_table_model import DISPUTE_ID_ROLE, ROW_COLOURS, Column, DisputeTableModel, RowState


def make_model(db):
    def fetch(query, offset, limit):
        with db.read() as s:
            return register.fetch_page(s, query, offset=offset, limit=limit, today=TODAY)
    return DisputeTableModel(fetch, today=lambda: TODAY)


def test_model_passes_qt_checks_and_fetches_in_pages(db, qtbot, qtmodeltester):
    with db.write.begin() as s:
        demo.generate(s, cases=450, seed=2, today=TODAY)
    model = make_model(db)
    model.reload()
    assert model.rowCount() == DisputeTableModel.PAGE and model.canFetchMore()
    qtmodeltester.check(model)
    while model.canFetchMore():
        model.fetchMore()
    assert model.rowCount() == 450
    ids = [model.data(model.index(r, 0), DISPUTE_ID_ROLE) for r in range(450)]
    assert len(set(ids)) == 450


def test_sort_by_case_number_and_overdue_colour(db, qtbot, qtmodeltester):
    late = reg(db, title="逾期案", registered_on="2026-09-30")
    accept(db, late, on=date(2026, 10, 1))
    fresh = reg(db, title="新案")
    model = make_model(db)
    model.reload()
    model.sort(Column.CASE_NO, Qt.DescendingOrder)
    assert model.data(model.index(0, Column.CASE_NO)) == "(2026)城人调字第1号"
    assert model.data(model.index(0, Column.DEADLINE)) == "2026-11-01"
    assert model.data(model.index(0, Column.CASE_NO), Qt.BackgroundRole).color().name() == ROW_COLOURS[RowState.OVERDUE][0]
    assert "22" in model.data(model.index(0, Column.DEADLINE), Qt.ToolTipRole)   # overdue by 22 days
    assert model.data(model.index(1, Column.TITLE)) == "新案"
    assert model.data(model.index(1, Column.CASE_NO), DISPUTE_ID_ROLE) == fresh
    assert model.headerData(Column.STATUS, Qt.Horizontal) == "状态"
    assert model.rowCount(model.index(0, 0)) == 0 and not model.canFetchMore(QModelIndex())
    qtmodeltester.check(model)
