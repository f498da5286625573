"""The case window fits the screen it opens on (the print preview too: tests/ui/test_printing_ui.py) (an office PC's 1366x768 hid the case
window's action buttons and the preview's page footer), and the agreement editor scrolls instead of squeezing
its text boxes to one line."""
from __future__ import annotations

from PySide6.QtWidgets import QPlainTextEdit, QScrollArea

from tests.conftest import register
from ui.agreement_tab import AgreementTab
from ui.case_dialog import CaseDialog


def test_the_case_window_fits_the_screen_and_the_agreement_scrolls(backend, qtbot, db):
    case = CaseDialog(backend, register(db))
    qtbot.addWidget(case)
    case.show()
    room = case.screen().availableGeometry()
    assert case.frameGeometry().height() <= room.height() and case.width() <= room.width()
    index = next(i for i in range(case.tabs.count()) if isinstance(case.tabs.widget(i), AgreementTab))
    case.tabs.setCurrentIndex(index)
    tab = case.tabs.widget(index)
    assert tab.findChild(QScrollArea) is not None
    boxes = [b for b in tab.findChildren(QPlainTextEdit) if b.isVisible()]
    assert boxes and min(b.height() for b in boxes) >= 46          # two lines, not one squeezed line
