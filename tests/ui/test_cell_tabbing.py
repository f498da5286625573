"""Tab walks the terms table as a form: into the combo boxes, check boxes and date fields of its cells, straight
into typing in a text cell, and out of the table after the last cell (Shift+Tab the other way)."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit

from app.services.case_record import load_case_record
from tests.conftest import accept, complete_record, register


def _tab(qtbot, back: bool = False):
    widget = QApplication.focusWidget()
    assert widget is not None
    QTest.keyClick(widget, Qt.Key.Key_Backtab if back else Qt.Key.Key_Tab,
                   Qt.KeyboardModifier.ShiftModifier if back else Qt.KeyboardModifier.NoModifier)
    qtbot.wait(10)
    return QApplication.focusWidget()


def _in_cell(table, widget) -> tuple[int, int]:
    while widget is not None and widget.parentWidget() is not table.viewport():
        widget = widget.parentWidget()
    if widget is None:
        return -1, -1
    index = table.indexAt(widget.geometry().center())
    return index.row(), index.column()


def _quick_settle(qtbot, backend):
    from ui.quick_settle_dialog import QuickSettleDialog

    dialog = QuickSettleDialog(backend)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    return dialog


def test_tab_walks_the_on_the_spot_terms_cell_by_cell_and_leaves_after_the_last(backend, qtbot):
    dialog = _quick_settle(qtbot, backend)
    table = dialog.terms
    dialog.signed.setFocus()                              # the control before the table in the Tab order
    qtbot.waitUntil(dialog.signed.hasFocus)
    entered = _tab(qtbot)                                 # into the first cell, ready for typing
    assert isinstance(entered, QLineEdit) and _in_cell(table, entered) == (0, 0)
    seen = [_in_cell(table, entered)]
    for _ in range(4):
        seen.append(_in_cell(table, _tab(qtbot)))
    # content → who performs (combo) → for whom (combo) → amount (typing at once) → deadline (the date field)
    assert seen == [(0, 0), (0, 1), (0, 2), (0, 3), (0, 4)]
    assert isinstance(table.cellWidget(0, 1), QComboBox)
    after = _tab(qtbot)                                   # past the last cell: out of the table, to the buttons
    assert _in_cell(table, after) == (-1, -1) and after is not table
    assert after in dialog.buttons.buttons()
    back = _tab(qtbot, back=True)                         # and Shift+Tab comes back into the last cell
    assert _in_cell(table, back) == (0, 4)
    assert _in_cell(table, _tab(qtbot, back=True)) == (0, 3)


def test_a_number_typed_after_tab_lands_in_the_amount_cell(backend, qtbot, answers):   # closing asks
    dialog = _quick_settle(qtbot, backend)
    table = dialog.terms
    table.setFocus()
    table.setCurrentCell(0, 2)
    table.cellWidget(0, 2).setFocus()
    qtbot.waitUntil(lambda: _in_cell(table, QApplication.focusWidget()) == (0, 2))
    editor = _tab(qtbot)
    QTest.keyClicks(editor, "200")
    _tab(qtbot)                                           # Tab commits the typed amount
    assert table.item(0, 3).text() == "200"


def test_tab_reaches_the_widgets_of_the_agreement_terms(backend, qtbot, db):
    from ui.agreement_tab import AgreementTab

    d = register(db)
    accept(db, d)
    complete_record(db, d)
    record = backend.read(lambda s: load_case_record(s, dispute_id=d))
    tab = AgreementTab(backend, record, lambda: None)
    qtbot.addWidget(tab)
    tab.show()
    qtbot.waitExposed(tab)
    tab.activateWindow()
    tab.add_term()
    table = tab.terms
    table.setFocus()
    table.setCurrentCell(0, 0)
    table.editItem(table.item(0, 0))
    qtbot.waitUntil(lambda: isinstance(QApplication.focusWidget(), QLineEdit))
    seen = [_in_cell(table, _tab(qtbot)) for _ in range(8)]
    assert seen == [(0, c) for c in range(1, 9)]
