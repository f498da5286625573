"""Recording an investigation (调查记录) and adding an item of evidence with its files."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import (QDialog, QFileDialog, QFormLayout, QHBoxLayout, QLabel,
                               QLineEdit, QPlainTextEdit, QPushButton, QSpinBox, QWidget)

from app import codes
from app.i18n import _
from app import clock
from ui.date_inputs import DateInput, DateTimeInput
from ui.widgets import code_combo, ok_cancel, save_or_explain


def parse_questions(text: str) -> list[tuple[str, str]]:
    """Lines "问：..." and "答：..." (or Q:/A:) into (question, answer) pairs."""
    pairs: list[list[str]] = []
    for line in text.splitlines():
        line = line.strip()
        head, body = line[:2], line[2:].strip()
        if head in ("问：", "问:", "Q:", "q:"):
            pairs.append([body, ""])
        elif head in ("答：", "答:", "A:", "a:") and pairs:
            pairs[-1][1] = (pairs[-1][1] + "\n" + body).strip()
        elif line and pairs:
            pairs[-1][1 if pairs[-1][1] else 0] += line
    return [(q, a) for q, a in pairs]


class InvestigationDialog(QDialog):
    def __init__(self, save: Callable[..., object], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("Investigation record"))
        self.resize(560, 480)
        self.when = DateTimeInput(clock.local_now(), maximum=clock.local_now())
        self.place, self.person = QLineEdit(), QLineEdit()
        self.qa = QPlainTextEdit(placeholderText="问：……\n答：……")
        form = QFormLayout(self)
        form.addRow(_("Time"), self.when)
        form.addRow(_("Place"), self.place)
        form.addRow(_("Person questioned"), self.person)
        form.addRow(_("Questions and answers"), self.qa)
        form.addRow(ok_cancel(self, _("Save"), lambda: save_or_explain(self, lambda: save(**self.values()))))

    def values(self) -> dict:
        return dict(held_at=self.when.value(),
                    place=self.place.text(), person_questioned=self.person.text(),
                    questions=parse_questions(self.qa.toPlainText()))


class EvidenceDialog(QDialog):
    def __init__(self, save: Callable[..., object], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("Add evidence"))
        self.name, self.source, self.provided_by = QLineEdit(), QLineEdit(), QLineEdit()
        self.kind = code_combo(codes.load("evidence_kinds"))
        self.pages = QSpinBox(minimum=0, maximum=9999)
        self.pages.setToolTip(_("Pages of the paper filed in the dossier; the contents list them. 0 when the item "
                                "is only a file, an object or a recording."))
        self.received = DateInput(clock.today(), maximum=clock.today())
        self.files: list[Path] = []
        self.files_label = QLabel(_("No files"))
        choose = QPushButton(_("Attach files…"))
        choose.setAutoDefault(False)
        choose.clicked.connect(self._choose)
        files_row = QHBoxLayout()
        files_row.addWidget(self.files_label, 1)
        files_row.addWidget(choose)
        form = QFormLayout(self)
        for label, widget in ((_("Name of the evidence"), self.name), (_("Kind"), self.kind),
                              (_("Source"), self.source), (_("Pages on paper"), self.pages),
                              (_("Provided by"), self.provided_by), (_("Received on"), self.received)):
            form.addRow(label, widget)
        form.addRow(_("Files"), files_row)
        form.addRow(ok_cancel(self, _("Save"), lambda: save_or_explain(self, lambda: save(**self.values()))))

    def _choose(self) -> None:
        paths, _filter = QFileDialog.getOpenFileNames(self, _("Attach files"), str(Path.home()),
                                                      _("Photos, scans and documents (*.jpg *.jpeg *.png *.pdf *.tif "
                                                        "*.tiff *.doc *.docx);;All files (*)"))
        if paths:
            self.set_files([Path(p) for p in paths])

    def set_files(self, files: list[Path]) -> None:
        self.files = files
        self.files_label.setText("、".join(f.name for f in files) or _("No files"))

    def values(self) -> dict:
        return dict(name=self.name.text(), source=self.source.text(), kind=self.kind.currentData(),
                    pages=self.pages.value(), provided_by=self.provided_by.text(),
                    received_on=self.received.value(), files=list(self.files))
