"""以案释法: the case library window, the editor of one typical case (with its automatic masked draft), and the
参考典型案例 picker that inserts a quoted passage into a reasoning being written. Reads and writes run on the
DB worker."""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit,
                               QListWidget, QListWidgetItem, QPlainTextEdit, QPushButton, QSplitter, QVBoxLayout,
                               QWidget)

from app import codes
from app.i18n import _
from ui.backend import Backend
from ui.messages import confirm, show_error


class LibraryEntryDialog(QDialog):
    """One typical case: title, type, tags and the summary, names masked; 自动生成 writes a first draft."""

    def __init__(self, backend: Backend, dispute_id: int, parent: QWidget | None = None,
                 saved: Callable[[object], None] | None = None):
        super().__init__(parent)
        self.backend, self.dispute_id, self.saved = backend, dispute_id, saved
        self.setWindowTitle(_("Typical case"))
        self.resize(720, 600)
        self.title = QLineEdit()
        self.type_code = QComboBox()
        for c in codes.dispute_types().codes:
            self.type_code.addItem(c.label(), c.code)
        self.tags = QLineEdit()
        self.tags.setPlaceholderText(_("tags separated by 、"))
        self.summary = QPlainTextEdit(tabChangesFocus=True)
        draft = QPushButton(_("Generate a draft"))
        draft.setAutoDefault(False)
        draft.clicked.connect(self.generate)
        self.problems = QLabel(wordWrap=True)
        self.problems.setStyleSheet("color: #b00000")
        form = QFormLayout()
        form.addRow(_("Title"), self.title)
        form.addRow(_("Dispute type"), self.type_code)
        form.addRow(_("Tags"), self.tags)
        form.addRow(_("Case summary"), self.summary)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(_("Save"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("Names are replaced by 张某/李某 and numbers left out before a case is shared; "
                                  "the library refuses a summary that still shows them.")))
        layout.addLayout(form, 1)
        row = QHBoxLayout()
        row.addWidget(draft)
        row.addWidget(self.problems, 1)
        layout.addLayout(row)
        layout.addWidget(buttons)
        self._load()

    def _load(self) -> None:
        from app.services import case_library

        def read(s):
            return case_library.get_entry(s, dispute_id=self.dispute_id) or case_library.draft_summary(
                s, dispute_id=self.dispute_id)
        self.backend.runner.submit_db(lambda: self.backend.read(read), self._show, lambda e: show_error(self, e))

    def generate(self) -> None:
        from app.services import case_library

        self.backend.runner.submit_db(lambda: self.backend.read(lambda s: case_library.draft_summary(
            s, dispute_id=self.dispute_id)), self._show, lambda e: show_error(self, e))

    def _show(self, entry) -> None:
        self.title.setText(entry.title)
        self.type_code.setCurrentIndex(max(0, self.type_code.findData(entry.type_code)))
        self.tags.setText(entry.tags if isinstance(entry.tags, str) else "、".join(entry.tags))
        self.summary.setPlainText(entry.summary)

    def save(self) -> None:
        from app.services import case_library

        values = dict(dispute_id=self.dispute_id, title=self.title.text(), type_code=self.type_code.currentData(),
                      tags=self.tags.text(), summary=self.summary.toPlainText(), by=self.backend.operator_id)
        self.backend.write(lambda s: case_library.mark_typical(s, **values), self._saved, self._failed, parent=self)

    def _saved(self, entry) -> None:
        if self.saved:
            self.saved(entry)
        self.accept()

    def _failed(self, exc: Exception) -> None:
        from app.errors import ValidationFailed

        if isinstance(exc, ValidationFailed):
            self.problems.setText("\n".join(f"{e.field}：{e.message}" for e in exc.errors))
        else:
            show_error(self, exc)


class LibraryDialog(QDialog):
    """The station's typical cases by type; closed cases to add; edit or take out the selected one."""

    def __init__(self, backend: Backend, parent: QWidget | None = None):
        super().__init__(parent)
        self.backend = backend
        self.setWindowTitle(_("Case library (以案释法)"))
        self.resize(960, 600)
        self.type_filter = QComboBox()
        self.type_filter.addItem(_("All types"), "")
        for c in codes.dispute_types().codes:
            self.type_filter.addItem(c.label(), c.code)
        self.type_filter.currentIndexChanged.connect(self.refresh)
        self.entries = QListWidget()
        self.entries.currentItemChanged.connect(self._show_entry)
        self.entries.itemActivated.connect(lambda _i: self.edit())
        self.text = QPlainTextEdit(readOnly=True)
        self.closed = QComboBox()
        add = QPushButton(_("Mark as typical…"))
        add.clicked.connect(self.add)
        edit, remove = QPushButton(_("Edit…")), QPushButton(_("Take out of the library"))
        edit.clicked.connect(self.edit)
        remove.clicked.connect(self.remove)
        top = QHBoxLayout()
        top.addWidget(QLabel(_("Dispute type")))
        top.addWidget(self.type_filter)
        top.addStretch(1)
        top.addWidget(QLabel(_("Closed case")))
        top.addWidget(self.closed, 1)
        top.addWidget(add)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.entries)
        split.addWidget(self.text)
        split.setSizes([360, 600])
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(edit)
        bottom.addWidget(remove)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        layout.addLayout(bottom)
        self.refresh()

    def refresh(self) -> None:
        from app.services import case_library

        type_code = self.type_filter.currentData() or None

        def read(s):
            return case_library.list_entries(s, type_code=type_code), case_library.candidates(s)
        self.backend.runner.submit_db(lambda: self.backend.read(read), self._fill, lambda e: show_error(self, e))

    def _fill(self, found) -> None:
        entries, candidates = found
        self.entries.clear()
        for e in entries:
            item = QListWidgetItem(f"{e.title}（{e.type_label}）")
            item.setData(Qt.ItemDataRole.UserRole, e)
            self.entries.addItem(item)
        if entries:
            self.entries.setCurrentRow(0)
        else:
            self.text.setPlainText(_("No typical case yet: choose a closed case above and mark it as typical."))
        self.closed.clear()
        for c in candidates:
            if not c.in_library:
                self.closed.addItem(f"{c.case_no} {c.title}".strip(), c.dispute_id)

    def _show_entry(self, item, _previous=None) -> None:
        if item is None:
            return
        e = item.data(Qt.ItemDataRole.UserRole)
        tags = "、".join(e.tags)
        self.text.setPlainText(f"{e.title}\n{e.type_label}{'　' + tags if tags else ''}　{e.marked_on.isoformat()}"
                               f"\n\n{e.summary}")

    def _open_entry(self, dispute_id: int) -> None:
        dialog = LibraryEntryDialog(self.backend, dispute_id, self, saved=lambda _e: self.refresh())
        dialog.setModal(True)
        dialog.open()
        self._dialog = dialog

    def add(self) -> None:
        if self.closed.currentData() is not None:
            self._open_entry(self.closed.currentData())

    def edit(self) -> None:
        item = self.entries.currentItem()
        if item is not None:
            self._open_entry(item.data(Qt.ItemDataRole.UserRole).dispute_id)

    def remove(self) -> None:
        from app.services import case_library

        item = self.entries.currentItem()
        if item is None:
            return
        e = item.data(Qt.ItemDataRole.UserRole)
        if confirm(self, _("Take out of the library"), _("Take {title} out of the case library?").format(
                title=e.title)):
            self.backend.write(lambda s: case_library.unmark(s, dispute_id=e.dispute_id), lambda _r: self.refresh(),
                               lambda exc: show_error(self, exc), parent=self)


class ReferenceDialog(QDialog):
    """参考典型案例: the library's cases of this case's type, most alike first; the chosen passage is inserted
    (quoted, with the typical case's title) where the mediator is writing."""

    def __init__(self, backend: Backend, dispute_id: int, text: str, insert: Callable[[str], None],
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.backend, self.insert = backend, insert
        self.setWindowTitle(_("Refer to typical cases"))
        self.resize(860, 520)
        self.matches = QListWidget()
        self.matches.currentItemChanged.connect(self._show_passages)
        self.passages = QListWidget()
        self.passages.setWordWrap(True)
        self.passages.itemActivated.connect(lambda _i: self.use())
        use = QPushButton(_("Insert the selected passage"))
        use.clicked.connect(self.use)
        self.note = QLabel(_("Looking for typical cases of the same type…"))
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.matches)
        split.addWidget(self.passages)
        split.setSizes([320, 540])
        row = QHBoxLayout()
        row.addWidget(self.note, 1)
        row.addWidget(use)
        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)
        layout.addLayout(row)
        from app.services import case_library

        backend.runner.submit_db(lambda: backend.read(lambda s: case_library.similar(
            s, dispute_id=dispute_id, text=text or None)), self._fill, lambda e: show_error(self, e))

    def _fill(self, matches) -> None:
        self.note.setText(_("{n} typical cases of this type, most alike first.").format(n=len(matches)) if matches
                          else _("The case library has no typical case of this type yet."))
        for m in matches:
            item = QListWidgetItem(f"{m.entry.title}（{round(m.score * 100)}%）")
            item.setData(Qt.ItemDataRole.UserRole, m)
            self.matches.addItem(item)
        if matches:
            self.matches.setCurrentRow(0)

    def _show_passages(self, item, _previous=None) -> None:
        self.passages.clear()
        if item is None:
            return
        m = item.data(Qt.ItemDataRole.UserRole)
        for p in m.entry.passages():
            row = QListWidgetItem(p)
            row.setData(Qt.ItemDataRole.UserRole, (m.entry, p))
            self.passages.addItem(row)
            if p == m.passage:
                self.passages.setCurrentItem(row)

    def use(self) -> None:
        from app.services.case_library import quotation

        item = self.passages.currentItem()
        if item is None:
            return
        entry, passage = item.data(Qt.ItemDataRole.UserRole)
        self.insert(quotation(entry, passage))
        self.accept()
