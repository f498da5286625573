"""设置 → 村/社区与网格: the station's villages, communities and grids, and how often each village is screened
(the 主任's; the service refuses anyone else)."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QHBoxLayout, QInputDialog, QLabel, QPushButton, QSpinBox,
                               QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget)

from app import codes
from app.errors import ValidationFailed
from app.i18n import _
from app.services import places
from ui.backend import Backend
from ui.messages import show_error

PLACE_ROLE, GRID_ROLE = Qt.UserRole + 1, Qt.UserRole + 2


class PlacesDialog(QDialog):
    def __init__(self, backend: Backend, parent: QWidget | None = None):
        super().__init__(parent)
        self.backend = backend
        self.setWindowTitle(_("Villages, communities and grids"))
        self.resize(560, 460)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels([_("Name of the place"), _("Kind"), _("In use")])
        self.tree.setColumnWidth(0, 260)
        self.add_place_button = QPushButton(_("Add village or community…"))
        self.add_grid_button = QPushButton(_("Add grid…"))
        self.toggle_button = QPushButton(_("Stop or resume using"))
        self.interval = QSpinBox(minimum=1, maximum=366, suffix=_(" days"))
        self.save_interval = QPushButton(_("Save interval"))
        self.status = QLabel()
        buttons = QHBoxLayout()
        for b in (self.add_place_button, self.add_grid_button, self.toggle_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        interval_row = QHBoxLayout()
        label = QLabel(_("Screen each village every"))
        label.setBuddy(self.interval)
        interval_row.addWidget(label)
        interval_row.addWidget(self.interval)
        interval_row.addWidget(self.save_interval)
        interval_row.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.Close)
        close.button(QDialogButtonBox.Close).setText(_("Close"))
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tree, 1)
        layout.addLayout(buttons)
        layout.addLayout(interval_row)
        layout.addWidget(self.status)
        layout.addWidget(close)
        self.add_place_button.clicked.connect(self.add_place)
        self.add_grid_button.clicked.connect(self.add_grid)
        self.toggle_button.clicked.connect(self.toggle)
        self.save_interval.clicked.connect(self.set_interval)
        self.reload()

    def reload(self) -> None:
        self.backend.runner.submit_db(lambda: self.backend.read(
            lambda s: (places.list_places(s), places.screening_interval(s))), self._show, self._failed)

    def _show(self, found) -> None:
        found_places, interval = found
        self.tree.clear()
        kinds = codes.load("place_kinds")
        for p in found_places:
            item = QTreeWidgetItem([p.name, kinds.label(p.kind), _("Yes") if p.active else _("No")])
            item.setData(0, PLACE_ROLE, p.id)
            for g in p.grids:
                child = QTreeWidgetItem([g.name, _("Grid (网格)"), _("Yes") if g.active else _("No")])
                child.setData(0, GRID_ROLE, g.id)
                child.setData(0, PLACE_ROLE, p.id)
                item.addChild(child)
            self.tree.addTopLevelItem(item)
            item.setExpanded(True)
        self.interval.setValue(interval)
        self.places = found_places

    def _failed(self, exc: Exception) -> None:
        show_error(self, exc, _("Not saved"))

    def _write(self, fn, done: str, *, agenda: bool = False) -> None:
        def saved(_result) -> None:
            self.status.setText(done)
            self.reload()
            if agenda:                  # the agenda's screening reminders follow the list and the interval
                self.backend.events.cases_changed.emit([])
        self.backend.write(lambda s: fn(s), saved, self._failed)

    def add_place(self) -> None:
        name, ok = QInputDialog.getText(self, _("Add village or community"), _("Name (e.g. 城东村, 南街社区):"))
        if not ok or not self._name_ok(name):
            return
        kinds = codes.load("place_kinds")
        labels = [c.label() for c in kinds.codes]
        kind, ok = QInputDialog.getItem(self, _("Add village or community"), _("Kind:"), labels, 0, False)
        if ok:
            code = kinds.codes[labels.index(kind)].code
            self._write(lambda s: places.add_place(s, name=name, kind=code), _("Added {name}.").format(name=name),
                        agenda=True)

    def _name_ok(self, name: str) -> bool:
        """The name checked as soon as it is typed, before anything else is asked; what is wrong said."""
        try:
            places.check_name(name)
        except ValidationFailed as exc:
            show_error(self, exc, _("Not saved"))
            return False
        return True

    def _selected_place(self) -> int | None:
        item = self.tree.currentItem()
        return item.data(0, PLACE_ROLE) if item is not None else None

    def add_grid(self) -> None:
        place_id = self._selected_place()
        if place_id is None:
            self.status.setText(_("Select the village or community first."))
            return
        name, ok = QInputDialog.getText(self, _("Add grid"), _("Name of the grid (e.g. 一网格):"))
        if ok and self._name_ok(name):
            self._write(lambda s: places.add_grid(s, place_id=place_id, name=name),
                        _("Added grid {name}.").format(name=name))

    def toggle(self) -> None:
        item = self.tree.currentItem()
        if item is None:
            self.status.setText(_("Select a village, community or grid first."))
            return
        active = item.text(2) != _("Yes")
        grid_id = item.data(0, GRID_ROLE)
        if grid_id is not None:
            self._write(lambda s: places.set_active(s, grid_id=grid_id, active=active), _("Saved."))
        else:
            place_id = item.data(0, PLACE_ROLE)
            self._write(lambda s: places.set_active(s, place_id=place_id, active=active), _("Saved."), agenda=True)

    def set_interval(self) -> None:
        days = self.interval.value()
        self._write(lambda s: places.set_screening_interval(s, days=days),
                    _("Each village is to be screened every {n} days.").format(n=days), agenda=True)
