"""Investigation records (调查记录) and items of evidence with their files: added, opened, corrected, previewed."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize, Qt
from PySide6.QtGui import QColor, QImage, QImageReader, QPainter, QPixmap
from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import (QDialog, QFileDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QListWidget,
                               QListWidgetItem, QPlainTextEdit, QPushButton, QSizePolicy, QSpinBox, QVBoxLayout,
                               QWidget)

from app import clock, codes
from app.attachments import AttachmentStore
from app.i18n import _, format_size
from app.record_views import AttachmentView, EvidenceView, InvestigationView
from ui.date_inputs import DateInput, DateTimeInput
from ui.record_tab import write_then_close
from ui.widgets import code_combo, ok_cancel, set_combo_data

# Larger files are not read for a preview (a scan is a few MB; a video is not previewed anyway).
PREVIEW_MAX_BYTES = 64 * 1024 * 1024
FILE_ROLE = Qt.UserRole + 1
SaveJob = Callable[..., Callable]     # the dialog's values -> a job for Backend.write (run on the DB worker)


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


def questions_text(questions: tuple[tuple[str, str], ...]) -> str:
    """The pairs back as the form shows them (parse_questions reads this again)."""
    return "\n".join(f"问：{q}\n答：{a}" for q, a in questions)


class InvestigationDialog(QDialog):
    """A new investigation record, or an existing one opened to correct it."""

    def __init__(self, backend, save_job: SaveJob, parent: QWidget | None = None, *,
                 existing: InvestigationView | None = None):
        super().__init__(parent)
        self.backend, self.save_job, self.existing = backend, save_job, existing
        self.setWindowTitle(_("Investigation record") if existing is None else _("Correct the investigation record"))
        self.resize(560, 480)
        self.when = DateTimeInput(existing.held_at if existing else clock.local_now(), maximum=clock.local_now())
        self.place, self.person = QLineEdit(), QLineEdit()
        self.qa = QPlainTextEdit(placeholderText="问：……\n答：……")
        if existing is not None:
            self.place.setText(existing.place)
            self.person.setText(existing.person_questioned)
            self.qa.setPlainText(questions_text(existing.questions))
        form = QFormLayout(self)
        form.addRow(_("Time"), self.when)
        form.addRow(_("Place"), self.place)
        form.addRow(_("Person questioned"), self.person)
        form.addRow(_("Questions and answers"), self.qa)
        form.addRow(ok_cancel(self, _("Save"), self.save))

    def values(self) -> dict:
        return dict(held_at=self.when.value(),
                    place=self.place.text(), person_questioned=self.person.text(),
                    questions=parse_questions(self.qa.toPlainText()))

    def save(self) -> None:
        write_then_close(self, self.backend, lambda: self.save_job(**self.values()))


class AttachmentPreview(QWidget):
    """A file of an item of evidence: a photo or scan scaled to the pane, a PDF page by page (QtPdf), and for
    anything else its name and size. The bytes are read on the I/O pool, never on the GUI thread."""

    def __init__(self, runner=None, parent: QWidget | None = None):
        super().__init__(parent)
        self.runner = runner
        self.picture = QLabel(alignment=Qt.AlignCenter)
        self.picture.setMinimumSize(320, 360)
        self.picture.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Ignored)
        self.picture.setStyleSheet("background: #f4f4f4; border: 1px solid #ccc;")
        self.caption = QLabel(wordWrap=True)
        self.previous, self.next = QPushButton(_("Previous page")), QPushButton(_("Next page"))
        self.previous.clicked.connect(lambda: self.show_page(self.page - 1))
        self.next.clicked.connect(lambda: self.show_page(self.page + 1))
        pages = QHBoxLayout()
        for widget in (self.previous, self.caption, self.next):
            pages.addWidget(widget, 1 if widget is self.caption else 0)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.picture, 1)
        layout.addLayout(pages)
        self._image: QImage | None = None
        self._pdf: QPdfDocument | None = None
        self._buffer: QBuffer | None = None
        self._wanted = 0            # which request the pane waits for (a later click wins)
        self.page = 0
        self.clear()

    def clear(self, text: str = "") -> None:
        self._image = None
        self._close_pdf()
        self.picture.setPixmap(QPixmap())
        self.picture.setText(text or _("Choose a file to see it here."))
        self.caption.setText("")
        self._sync_buttons()

    def show_file(self, name: str, size: int, load: Callable[[], bytes]) -> None:
        """Preview a file; `load` reads its bytes (run on the I/O pool)."""
        self._wanted += 1
        wanted = self._wanted
        if size > PREVIEW_MAX_BYTES:
            self.clear(_("{name} ({size}) is too large to preview.").format(name=name, size=format_size(size)))
            return
        self.clear(_("Opening {name}…").format(name=name))
        done = lambda data: wanted == self._wanted and self._show_bytes(name, data)  # noqa: E731
        failed = lambda exc: wanted == self._wanted and self.clear(  # noqa: E731
            _("{name} cannot be read: {error}").format(name=name, error=exc))
        if self.runner is None:
            try:
                done(load())
            except OSError as exc:
                failed(exc)
        else:
            self.runner.submit_io(load, done, failed)

    def _show_bytes(self, name: str, data: bytes) -> None:
        if data.startswith(b"%PDF"):
            self._open_pdf(name, data)
            return
        buffer = QBuffer()
        buffer.setData(QByteArray(data))
        reader = QImageReader(buffer)
        reader.setAutoTransform(True)      # a phone photo upright, as its EXIF orientation says
        image = reader.read()
        if image.isNull():
            self.clear(_("{name}: this kind of file has no preview ({size}).").format(
                name=name, size=format_size(len(data))))
            return
        self._image = image
        self.picture.setText("")
        self.caption.setText(_("{name}, {width} × {height} pixels").format(name=name, width=image.width(),
                                                                             height=image.height()))
        self._paint()

    def _open_pdf(self, name: str, data: bytes) -> None:
        self._buffer = QBuffer(self)
        self._buffer.setData(QByteArray(data))
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self._pdf = QPdfDocument(self)
        self._pdf.load(self._buffer)
        if self._pdf.status() != QPdfDocument.Status.Ready or self._pdf.pageCount() == 0:
            self.clear(_("{name} is not a PDF that can be read.").format(name=name))
            return
        self._name = name
        self.picture.setText("")
        self.show_page(0)

    def _close_pdf(self) -> None:
        if self._pdf is not None:
            self._pdf.close()
            self._pdf.deleteLater()
            self._pdf = None
        if self._buffer is not None:
            self._buffer.close()
            self._buffer.deleteLater()
            self._buffer = None

    def show_page(self, page: int) -> None:
        if self._pdf is None or not 0 <= page < self._pdf.pageCount():
            return
        self.page = page
        self.caption.setText(_("{name}, page {page} of {pages}").format(name=self._name, page=page + 1,
                                                                        pages=self._pdf.pageCount()))
        self._paint()

    def _paint(self) -> None:
        room = self.picture.size().boundedTo(QSize(2000, 2000)).expandedTo(QSize(160, 160)) - QSize(8, 8)
        if self._image is not None:
            self.picture.setPixmap(QPixmap.fromImage(self._image).scaled(room, Qt.KeepAspectRatio,
                                                                           Qt.SmoothTransformation))
        elif self._pdf is not None:
            size = self._pdf.pagePointSize(self.page).toSize().scaled(room, Qt.KeepAspectRatio)
            rendered = self._pdf.render(self.page, size)
            # QtPdf leaves the page's background transparent: paint it on white paper.
            paper = QImage(rendered.size(), QImage.Format_RGB32)
            paper.fill(QColor("white"))
            painter = QPainter(paper)
            painter.drawImage(0, 0, rendered)
            painter.end()
            self.picture.setPixmap(QPixmap.fromImage(paper))
        self._sync_buttons()

    def _sync_buttons(self) -> None:
        pages = self._pdf.pageCount() if self._pdf is not None else 0
        for button in (self.previous, self.next):
            button.setVisible(pages > 1)
        self.previous.setEnabled(self.page > 0)
        self.next.setEnabled(self.page < pages - 1)

    def pixmap(self) -> QPixmap:
        return self.picture.pixmap()

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        if self._image is not None or self._pdf is not None:
            self._paint()


class EvidenceDialog(QDialog):
    """A new item of evidence, or an existing one opened: its details, its files with a preview, more files
    attached or some taken off."""

    def __init__(self, backend, save_job: SaveJob, parent: QWidget | None = None, *,
                 existing: EvidenceView | None = None):
        super().__init__(parent)
        self.backend, self.save_job, self.existing = backend, save_job, existing
        self.store = AttachmentStore.beside(backend.path) if backend is not None else None
        self.setWindowTitle(_("Add evidence") if existing is None else _("Evidence: {name}").format(
            name=existing.name))
        self.resize(900, 560)
        self.name, self.source, self.provided_by = QLineEdit(), QLineEdit(), QLineEdit()
        self.kind = code_combo(codes.load("evidence_kinds"))
        self.pages = QSpinBox(minimum=0, maximum=9999)
        self.pages.setToolTip(_("Pages of the paper filed in the dossier; the contents list them. 0 when the item "
                                "is only a file, an object or a recording."))
        self.received = DateInput(clock.today(), maximum=clock.today())
        self.files: list[Path] = []                     # new files, attached on saving
        self.removed: list[int] = []                    # stored attachments to take off
        self.file_list = QListWidget()
        self.file_list.currentItemChanged.connect(lambda item, _old: self._preview(item))
        self.files_label = QLabel()
        choose, self.remove_button = QPushButton(_("Attach files…")), QPushButton(_("Remove the file"))
        for button in (choose, self.remove_button):
            button.setAutoDefault(False)
        choose.clicked.connect(self._choose)
        self.remove_button.clicked.connect(self._remove_current)
        self.preview = AttachmentPreview(backend.runner if backend is not None else None)
        if existing is not None:
            self.name.setText(existing.name)
            self.source.setText(existing.source)
            self.provided_by.setText(existing.provided_by)
            set_combo_data(self.kind, existing.kind)
            self.pages.setValue(existing.pages)
            if existing.received_on is not None:
                self.received.setValue(existing.received_on)
            for a in existing.attachments:
                self._add_item(f"{a.filename}（{format_size(a.size)}）", a)
        self.form = form = QFormLayout()
        for label, widget in ((_("Name of the evidence"), self.name), (_("Kind"), self.kind),
                              (_("Source"), self.source), (_("Pages on paper"), self.pages),
                              (_("Provided by"), self.provided_by), (_("Received on"), self.received)):
            form.addRow(label, widget)
        file_buttons = QHBoxLayout()
        file_buttons.addWidget(choose)
        file_buttons.addWidget(self.remove_button)
        file_buttons.addStretch(1)
        left = QVBoxLayout()
        left.addLayout(form)
        left.addWidget(QLabel(_("Files")))
        left.addWidget(self.file_list, 1)
        left.addWidget(self.files_label)
        left.addLayout(file_buttons)
        body = QHBoxLayout()
        body.addLayout(left, 1)
        body.addWidget(self.preview, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(ok_cancel(self, _("Save"), self.save))
        self._update_files_label()
        if self.file_list.count():
            self.file_list.setCurrentRow(0)

    # --- files ---------------------------------------------------------------------------------------
    def _add_item(self, text: str, payload: AttachmentView | Path) -> None:
        item = QListWidgetItem(text)
        item.setData(FILE_ROLE, payload)
        self.file_list.addItem(item)

    def _choose(self) -> None:
        paths, _filter = QFileDialog.getOpenFileNames(self, _("Attach files"), str(Path.home()),
                                                      _("Photos, scans and documents (*.jpg *.jpeg *.png *.pdf *.tif "
                                                        "*.tiff *.doc *.docx);;All files (*)"))
        if paths:
            self.add_files([Path(p) for p in paths])

    def set_files(self, files: list[Path]) -> None:
        """The new files to attach (replacing the ones chosen before in this dialog)."""
        for row in reversed(range(self.file_list.count())):
            if isinstance(self.file_list.item(row).data(FILE_ROLE), Path):
                self.file_list.takeItem(row)
        self.files = []
        self.add_files(files)

    def add_files(self, files: list[Path]) -> None:
        for f in files:
            if f not in self.files:
                self.files.append(f)
                self._add_item(_("{name} (new)").format(name=f.name), f)
        self._update_files_label()
        if files:
            self.file_list.setCurrentRow(self.file_list.count() - 1)

    def _remove_current(self) -> None:
        item = self.file_list.currentItem()
        if item is None:
            return
        payload = item.data(FILE_ROLE)
        if isinstance(payload, Path):
            self.files.remove(payload)
        else:
            self.removed.append(payload.id)
        self.file_list.takeItem(self.file_list.row(item))
        self._update_files_label()

    def _update_files_label(self) -> None:
        self.remove_button.setEnabled(self.file_list.count() > 0)
        notes = []
        if self.removed:
            notes.append(_("{n} files taken off when saved").format(n=len(self.removed)))
        self.files_label.setText("；".join(notes) if notes else ("" if self.file_list.count() else _("No files")))

    def _preview(self, item: QListWidgetItem | None) -> None:
        if item is None:
            self.preview.clear()
            return
        payload = item.data(FILE_ROLE)
        if isinstance(payload, Path):
            size = payload.stat().st_size if payload.is_file() else 0
            self.preview.show_file(payload.name, size, payload.read_bytes)
        elif self.store is not None:
            store, sha = self.store, payload.sha256
            self.preview.show_file(payload.filename, payload.size, lambda: store.read(sha))

    # --- saving --------------------------------------------------------------------------------------
    def values(self) -> dict:
        received = self.received.value() if self.received.line.text().strip() else None
        values = dict(name=self.name.text(), source=self.source.text(), kind=self.kind.currentData(),
                      pages=self.pages.value(), provided_by=self.provided_by.text(), received_on=received)
        if self.existing is None:
            return dict(values, files=list(self.files))
        return dict(values, add_files=list(self.files), remove_attachment_ids=list(self.removed))

    def save(self) -> None:
        write_then_close(self, self.backend, lambda: self.save_job(**self.values()))

    def done(self, result: int) -> None:
        self.preview.clear()        # let go of the PDF before the dialog goes
        super().done(result)
