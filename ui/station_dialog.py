"""First start: set up the station (committee, code, county, case-number short name, first mediator)."""
from __future__ import annotations

from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from app.i18n import _
from app.services import stations
from ui.case_no_preview import show_preview
from ui.backend import Backend
from ui.widgets import ok_cancel, save_marking_fields


class StationDialog(QDialog):
    def __init__(self, backend: Backend, parent: QWidget | None = None):
        super().__init__(parent)
        self.backend = backend
        self.setWindowTitle(_("Set up the station"))
        self.setMinimumWidth(520)
        self.fields = {k: QLineEdit() for k in ("name", "code", "county", "case_prefix", "mediator", "phone")}
        self.fields["name"].setPlaceholderText("某某镇人民调解委员会")
        self.fields["case_prefix"].setPlaceholderText("某人")
        self.fields["case_prefix"].textChanged.connect(self._preview)
        self.preview = QLabel(wordWrap=True)
        self.errors = QLabel(wordWrap=True)
        self.errors.setStyleSheet("color: #b00000")
        form = QFormLayout()
        form.addRow(QLabel(_("Welcome. Tell the app which committee this computer works for; you can change the "
                             "wording later."), wordWrap=True))
        for key, widget in self.fields.items():
            label = QLabel(_(stations.STATION_LABELS[key]) + ("" if key == "phone" else " *"))
            label.setBuddy(widget)
            form.addRow(label, widget)
            if key == "case_prefix":
                form.addRow("", self.preview)
        buttons = ok_cancel(self, _("Set up"), self.save)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.errors)
        layout.addWidget(buttons)
        self._preview()

    def _preview(self) -> None:
        show_preview(self.preview, self.fields["case_prefix"].text())

    def save(self) -> None:
        values = {k: w.text() for k, w in self.fields.items()}
        save_marking_fields(self, self.fields, self.errors, lambda: self.backend.submit(
            lambda s: stations.init_station(
                s, name=values["name"], code=values["code"], county=values["county"],
                case_prefix=values["case_prefix"], mediator_name=values["mediator"],
                mediator_phone=values["phone"], require_mediator=True)), lambda _r: self._saved(values["code"]))

    def _saved(self, code: str) -> None:
        from app.sync_keys import ensure_station_keys

        ensure_station_keys(code.strip())    # the station's key pair for its weekly bundles
        self.accept()
