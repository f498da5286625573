"""The register as a clerk searches and filters it: a search or filter that finds nothing says so in words, a case is
found by its organisation's 法定代表人, and a reversed or impossible date range is named at the field, not run."""
from __future__ import annotations

from app.drafts import PartyDraft
from app.services import disputes
from tests.conftest import ID_A, TODAY, make_draft
from tests.ui.conftest import type_text
from ui.main_window import MainWindow


def page_of(backend, qtbot, ui_settings):
    window = MainWindow(backend, ui_settings)
    qtbot.addWidget(window)
    window.show()
    return window.page


def test_a_search_by_the_representative_finds_the_case_and_nothing_found_is_said(backend, db, qtbot, ui_settings):
    organisation = PartyDraft(role="respondent", kind="organisation", name="青山物业服务有限公司",
                              credit_code="91350100M000100Y43", legal_representative="赵大海")
    with db.write.begin() as s:
        disputes.register_dispute(s, draft=make_draft(parties=(
            PartyDraft(role="applicant", name="张三", id_number=ID_A), organisation)), by=1, today=TODAY)
    page = page_of(backend, qtbot, ui_settings)
    type_text(page.search, "赵大海")
    qtbot.waitUntil(lambda: page.model.query.search == "赵大海", timeout=3000)
    assert page.model.rowCount() == 1 and page.count_label.text() == "共 1 件"
    page.search.setText("钱多多")
    qtbot.waitUntil(lambda: page.model.query.search == "钱多多", timeout=3000)
    assert page.model.rowCount() == 0 and page.count_label.text() == "没有找到符合条件的案件"


def test_a_reversed_or_impossible_date_range_is_named_and_not_run(backend, db, qtbot, ui_settings):
    with db.write.begin() as s:
        disputes.register_dispute(s, draft=make_draft(), by=1, today=TODAY)
    page = page_of(backend, qtbot, ui_settings)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=3000)
    page.use_dates.setChecked(True)
    query = page.model.query
    page.date_from.setText("2026-11-25")          # after the last date, 2026-11-23
    assert not page.date_note.isHidden() and "晚于截止日期" in page.date_note.text()
    assert page.date_from.line.property("invalid") and page.date_to.line.property("invalid")
    assert page.model.query == query and page.model.rowCount() == 1         # the query was not run
    assert "共 0 件" not in page.count_label.text()
    page.date_from.setText("2026-11-01")
    assert page.date_note.isHidden() and not page.date_from.line.property("invalid")
    assert page.model.query.registered_from is not None and page.model.rowCount() == 1
    page.date_from.line.setText("2026-13-01")     # typed and left: no date, so no dateChanged
    page.date_from.line.editingFinished.emit()
    assert not page.date_note.isHidden() and page.date_note.text().startswith("登记日期自")
    assert page.date_from.line.property("invalid")
    page.type.setCurrentIndex(1)                  # another filter changed meanwhile: still not run
    assert page.model.query.type_code is None and not page.date_note.isHidden()
    page.use_dates.setChecked(False)              # not filtered on dates any more: no mark left on them
    assert page.date_note.isHidden() and not page.date_from.line.property("invalid")
    assert page.date_from.line.styleSheet() == ""
