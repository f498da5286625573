"""帮助: the guide with its contents, the shortcuts from the real actions, and F1 opening a form's part."""
from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog

from tests.conftest import accept, register
from ui import help_window
from ui.help_window import HELP_TOPICS, HelpWindow, contents, guide_html, topic_for


def main_window(backend, qtbot, ui_settings):
    from ui.main_window import MainWindow

    window = MainWindow(backend, ui_settings)
    qtbot.addWidget(window)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    return window


def test_every_topic_of_the_registry_is_a_section_of_the_guide():
    anchors = {anchor for _level, anchor, _title in contents(guide_html())}
    assert set(HELP_TOPICS.values()) <= anchors
    for needed in ("first-start", "register", "sessions", "agreement", "printing", "weekly-export", "backups",
                   "colours", "dates", "shortcuts"):
        assert needed in anchors


def test_every_form_of_the_station_has_its_part_of_the_guide():
    from tests.ui.test_no_english import station_dialog_classes

    # 关于 (AboutDialog) says only the version, the licence and the data folder: nothing to explain
    assert station_dialog_classes() - set(HELP_TOPICS) <= {"ReportDialog", "FormDialog", "AboutDialog"}


def test_the_help_menu_opens_the_guide_and_its_contents_move_the_text(backend, qtbot, ui_settings):
    window = main_window(backend, qtbot, ui_settings)
    titles = [a.text() for a in window.help_menu.actions()]
    assert titles[:2] == ["用户指南", "键盘快捷键"] and "生成演示数据…" in titles
    window.guide_action.trigger()
    guide = window.help_window
    assert guide.isVisible() and guide.windowTitle() == "用户指南"
    assert guide.contents.count() == len(contents(guide_html()))
    assert "第一次启动" in guide.browser.toPlainText()
    row = next(i for i in range(guide.contents.count()) if guide.contents.item(i).text() == "颜色的含义")
    guide.browser.verticalScrollBar().setValue(0)
    guide.contents.setCurrentRow(row)
    assert guide.browser.verticalScrollBar().value() > 0


def test_the_shortcuts_page_is_made_from_the_actual_actions(backend, qtbot, ui_settings):
    window = main_window(backend, qtbot, ui_settings)
    window.shortcuts_action.trigger()
    text = window.help_window.browser.toPlainText()
    assert "新登记" in text and "Ctrl+N" in text and "当场调解" in text and "Ctrl+Shift+N" in text
    assert "用户指南" in text and "F1" in text
    # change a shortcut: the page follows, no hand-kept list
    window.statistics_action.setShortcut("Ctrl+Alt+T")
    window.help_window = None
    window.shortcuts_action.trigger()
    assert "Ctrl+Alt+T" in window.help_window.browser.toPlainText()


def test_f1_in_the_registration_form_opens_its_part(backend, qtbot, ui_settings):
    from ui.dispute_dialog import DisputeDialog

    window = main_window(backend, qtbot, ui_settings)
    window.new_action.trigger()
    form = window.findChild(DisputeDialog)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is form, timeout=3000)
    form.title.setFocus()
    QTest.keyClick(form.title, Qt.Key.Key_F1)
    guide = window.help_window
    assert guide.isVisible()
    assert guide.contents.currentItem().text() == "登记纠纷"
    assert guide.parentWidget() is form                # usable beside the modal form, not blocked by it
    form.reject()


def test_f1_in_a_case_window_opens_the_tab_being_worked_in(backend, db, qtbot, ui_settings):
    from ui.agreement_tab import AgreementTab

    dispute_id = register(db)
    accept(db, dispute_id)
    window = main_window(backend, qtbot, ui_settings)
    case = window.open_case(dispute_id)
    agreement = next(case.tabs.widget(i) for i in range(case.tabs.count())
                     if isinstance(case.tabs.widget(i), AgreementTab))
    case.tabs.setCurrentWidget(agreement)
    assert topic_for(agreement.provision_search) == "agreement"
    assert topic_for(case.header) == "lifecycle"
    case.activateWindow()
    qtbot.waitUntil(case.isActiveWindow, timeout=3000)
    agreement.provision_search.setFocus()
    QTest.keyClick(agreement.provision_search, Qt.Key.Key_F1)
    assert window.help_window.contents.currentItem().text() == "协议与履行"
    case.close()


@pytest.mark.parametrize("cls, topic", [("PlanSessionDialog", "sessions"), ("SyncDialog", "weekly-export"),
                                        ("BackupDialog", "backups"), ("DateInput", "dates")])
def test_topics_by_class(cls, topic):
    assert HELP_TOPICS[cls] == topic


def test_the_guide_is_plain_chinese_html_with_unique_anchors():
    html = guide_html()
    anchors = re.findall(r'id="([a-z0-9-]+)"', html)
    assert len(anchors) == len(set(anchors))
    assert help_window.SHORTCUTS_MARK in html
    assert HelpWindow  # the window class the menu opens
    assert QDialog
