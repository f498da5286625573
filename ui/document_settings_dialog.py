"""Settings → Documents and printing: the committee's wording (name, case-number short name, standard
clauses), which documents mask identities, and this computer's fonts. Nothing is stored while a field is
wrong."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QComboBox, QDialog, QFormLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem,
                               QPlainTextEdit, QTabWidget, QVBoxLayout, QWidget)

from app import preferences
from app.i18n import _
from app.services import document_settings
from app.services.document_settings import CLAUSES, DocumentSettings
from app.documents.registry import REGISTRY
from printing.fonts import candidates
from ui.backend import Backend
from ui.widgets import ok_cancel, save_marking_fields


class DocumentSettingsDialog(QDialog):
    def __init__(self, backend: Backend, parent: QWidget | None = None):
        super().__init__(parent)
        self.backend = backend
        self.setWindowTitle(_("Documents and printing"))
        self.resize(720, 560)
        current = backend.read(document_settings.load)
        self.fields: dict[str, QWidget] = {"name": QLineEdit(current.name),
                                           "case_prefix": QLineEdit(current.case_prefix)}
        for key in CLAUSES:
            edit = QPlainTextEdit(current.clauses[key], tabChangesFocus=True)
            edit.setFixedHeight(70)
            self.fields[key] = edit
        self.masked = QListWidget()
        for kind in REGISTRY:
            item = QListWidgetItem(kind.title)
            item.setData(Qt.UserRole, kind.code)
            item.setCheckState(Qt.Checked if kind.code in current.masked else Qt.Unchecked)
            self.masked.addItem(item)
        self.fields["mask.documents"] = self.masked
        body, heading = preferences.print_fonts()
        self.body_font, self.heading_font = self._font_combo("body", body), self._font_combo("heading", heading)
        self.errors = QLabel(wordWrap=True)
        self.errors.setStyleSheet("color: #b00000")

        wording = QWidget()
        form = QFormLayout(wording)
        for key, widget in self.fields.items():
            if key != "mask.documents":
                form.addRow(_(document_settings.LABELS[key]), widget)
        form.addRow("", QLabel(_("Keep {copies} in the copies clause: it becomes the number of copies."), wordWrap=True))
        privacy = QWidget()
        box = QVBoxLayout(privacy)
        box.addWidget(QLabel(_("Documents checked here print ID numbers and phones masked (110105********002X, "
                               "138****5678) and leave addresses out: they are posted or handed to others."),
                             wordWrap=True))
        box.addWidget(self.masked)
        fonts = QWidget()
        font_form = QFormLayout(fonts)
        font_form.addRow(_("Body text (仿宋 or 宋体)"), self.body_font)
        font_form.addRow(_("Titles and headings (黑体)"), self.heading_font)
        font_form.addRow("", QLabel(_("The fonts shipped with the app print the same at every station; the choice "
                                      "is kept for this computer only."), wordWrap=True))
        tabs = QTabWidget()
        tabs.addTab(wording, _("Wording"))
        tabs.addTab(privacy, _("Personal information"))
        tabs.addTab(fonts, _("Fonts"))
        layout = QVBoxLayout(self)
        layout.addWidget(tabs, 1)
        layout.addWidget(self.errors)
        layout.addWidget(ok_cancel(self, _("Save"), self.save))

    @staticmethod
    def _font_combo(role: str, chosen: str | None) -> QComboBox:
        combo = QComboBox()
        found = candidates(role) or ([] if role == "body" else candidates("body"))
        for choice in found:
            shipped = _("{name} (shipped with the app)").format(name=choice.name)
            combo.addItem(shipped if choice.shipped else choice.name, choice.name)
        if not found:
            combo.addItem(_("No TrueType Chinese font found (STSong-Light, not embedded)"), None)
        index = combo.findData(chosen)
        combo.setCurrentIndex(max(index, 0))
        return combo

    def wanted(self) -> DocumentSettings:
        text = {k: (w.toPlainText() if isinstance(w, QPlainTextEdit) else w.text())
                for k, w in self.fields.items() if k != "mask.documents"}
        masked = frozenset(self.masked.item(i).data(Qt.UserRole) for i in range(self.masked.count())
                           if self.masked.item(i).checkState() == Qt.Checked)
        return DocumentSettings(text["name"], text["case_prefix"], {k: text[k] for k in CLAUSES}, masked)

    def save(self) -> None:
        if not save_marking_fields(self, self.fields, self.errors,
                                   lambda: self.backend.write_now(lambda s: document_settings.save(s, self.wanted()))):
            return
        preferences.save_print_fonts(self.body_font.currentData(), self.heading_font.currentData())
        self.backend.events.cases_changed.emit([])
        self.accept()
