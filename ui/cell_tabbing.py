"""Tab and Shift+Tab through a table of terms cell by cell, as through a form: into the combo boxes, check boxes
and date fields that sit in its cells, and straight into typing in a text cell. Qt's own Tab in a table moves
the current cell but leaves the focus on the table when the cell holds a widget, so what is typed next goes
nowhere; and Tab from a widget in a cell jumps to whatever widget was created next. Tab from the last cell (or
Shift+Tab from the first) leaves the table, to the control after (or before) it."""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QTableWidget, QWidget


class CellTabbing(QObject):
    def __init__(self, table: QTableWidget):
        super().__init__(table)
        self.table = table
        table.setTabKeyNavigation(False)      # this filter walks the cells, those with widgets too
        table.installEventFilter(self)
        # a text cell's editor passes Tab on by itself (its delegate moves to the next cell): a widget cell
        # reached that way takes the focus here
        table.currentCellChanged.connect(self._entered)

    def watch(self, widget: QWidget) -> None:
        """Call after setCellWidget: Tab in the widget (or in its parts) walks the cells."""
        for part in (widget, *widget.findChildren(QWidget)):
            part.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.table and event.type() == QEvent.Type.FocusIn:
            self._arrived(event.reason())
            return False
        if event.type() != QEvent.Type.KeyPress or event.key() not in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
            return False
        if event.modifiers() & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier):
            return False
        back = event.key() == Qt.Key.Key_Backtab or bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        if watched is self.table:
            row, column = self.table.currentRow(), self.table.currentColumn()
            if row < 0:       # entering the table: its first (or last) cell
                return self._go(0 if not back else self._count() - 1, back)
        else:
            row, column = self._cell_of(watched)
            if row < 0:
                return False
        return self._go(row * self.table.columnCount() + column + (-1 if back else 1), back)

    def _arrived(self, reason: Qt.FocusReason) -> None:
        """Tabbed into from the control before: the first cell; Shift+Tab from the one after: the last."""
        if reason == Qt.FocusReason.TabFocusReason:
            self._go(0, back=False)
        elif reason == Qt.FocusReason.BacktabFocusReason:
            self._go(self._count() - 1, back=True)

    def _count(self) -> int:
        return self.table.rowCount() * self.table.columnCount()

    def _go(self, flat: int, back: bool) -> bool:
        if not 0 <= flat < self._count():
            self._leave(back)
            return True
        row, column = divmod(flat, self.table.columnCount())
        self.table.setCurrentCell(row, column)
        widget = self.table.cellWidget(row, column)
        if widget is not None:
            widget.setFocus(Qt.FocusReason.BacktabFocusReason if back else Qt.FocusReason.TabFocusReason)
        else:
            self.table.setFocus()
            item = self.table.item(row, column)
            if item is not None and item.flags() & Qt.ItemFlag.ItemIsEditable:
                self.table.editItem(item)     # typing (Chinese through the input method too) goes in at once
        return True

    def _leave(self, back: bool) -> None:
        """On to the control after the table (or before it) in the window's Tab order."""
        self.table.setCurrentCell(-1, -1)
        self.table.setFocus()
        self.table.focusNextPrevChild(not back)     # with Tab navigation off, the table moves the focus on

    def _cell_of(self, widget: QObject) -> tuple[int, int]:
        viewport = self.table.viewport()
        while isinstance(widget, QWidget) and widget.parentWidget() is not viewport:
            widget = widget.parentWidget()
        if not isinstance(widget, QWidget):
            return -1, -1
        index = self.table.indexAt(widget.geometry().center())
        return (index.row(), index.column()) if index.isValid() else (-1, -1)

    def _entered(self, row: int, column: int, _previous_row: int, _previous_column: int) -> None:
        widget = self.table.cellWidget(row, column) if row >= 0 else None
        if widget is not None and self.table.hasFocus():
            widget.setFocus(Qt.FocusReason.TabFocusReason)


def edit_cell(table: QTableWidget, row: int, column: int) -> None:
    """Put the focus in a cell, scrolled into view: into its widget, or typing into its text at once (after
    添加条款 the focus stayed on the button and what was typed next was lost)."""
    table.setCurrentCell(row, column)
    table.scrollTo(table.model().index(row, column))
    widget = table.cellWidget(row, column)
    if widget is not None:
        widget.setFocus(Qt.FocusReason.OtherFocusReason)
        return
    table.setFocus(Qt.FocusReason.OtherFocusReason)
    item = table.item(row, column)
    if item is not None and item.flags() & Qt.ItemFlag.ItemIsEditable:
        table.editItem(item)


def rows_height(table: QTableWidget, rows: int) -> int:
    """The height that shows the header and `rows` rows (and a horizontal scroll bar) without scrolling."""
    return (table.horizontalHeader().sizeHint().height() + rows * table.verticalHeader().defaultSectionSize()
            + table.horizontalScrollBar().sizeHint().height() + 2 * table.frameWidth())
