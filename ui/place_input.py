"""The one chooser of a record's place: the village or community (村/社区), then one of its grids (网格), from the
station's own list (设置 → 村/社区与网格)."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QSizePolicy, QWidget

from app.i18n import _
from app.services.place_choices import PlaceChoice, place_choices
from ui.backend import Backend


class PlaceInput(QWidget):
    changed = Signal()

    def __init__(self, backend: Backend, parent: QWidget | None = None, *, blank: str | None = None,
                 with_grid: bool = True, include_inactive: bool = False):
        super().__init__(parent)
        self.choices: list[PlaceChoice] = backend.query(place_choices)
        self.include_inactive = include_inactive
        self.place = QComboBox()
        self.place.setAccessibleName(_("Village or community (村/社区)"))
        self.place.addItem(blank or _("(not chosen)"), None)
        for p in self.choices:
            if p.active or include_inactive:
                self.place.addItem(p.name, p.id)
        self.grid = QComboBox()
        self.grid.setAccessibleName(_("Grid (网格)"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.place, 2)
        layout.addWidget(self.grid, 1)
        self.grid.setVisible(with_grid)
        self.place.currentIndexChanged.connect(self._fill_grids)
        self.grid.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self._fill_grids()
        self.setFocusProxy(self.place)
        # one line high: a form would otherwise give it the spare height, a gap around the two boxes
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

    def _fill_grids(self, *_args) -> None:
        self.grid.blockSignals(True)
        self.grid.clear()
        self.grid.addItem(_("(no grid)"), None)
        chosen = next((p for p in self.choices if p.id == self.place.currentData()), None)
        for gid, name, active in chosen.grids if chosen else ():
            if active or self.include_inactive:
                self.grid.addItem(name, gid)
        self.grid.setEnabled(self.grid.count() > 1)
        self.grid.blockSignals(False)
        self.changed.emit()

    def value(self) -> tuple[int | None, int | None]:
        return self.place.currentData(), self.grid.currentData()

    def set_value(self, place_id: int | None, grid_id: int | None = None) -> None:
        index = self.place.findData(place_id)
        if index < 0 and place_id is not None:           # a place no longer in use, still named by the record
            chosen = next((p for p in self.choices if p.id == place_id), None)
            if chosen is not None:
                self.place.addItem(chosen.name, chosen.id)
                index = self.place.count() - 1
        self.place.setCurrentIndex(max(index, 0))
        index = self.grid.findData(grid_id)
        self.grid.setCurrentIndex(max(index, 0))
