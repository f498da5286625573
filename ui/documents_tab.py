"""The 文书 tab: the documents this case can print now (Enter or double-click previews one), the dossier, and
the registry of what was issued (version, verification code, when, by whom)."""
from __future__ import annotations

import re
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QLabel, QListWidget, QListWidgetItem, QSplitter, QTreeWidget, QTreeWidgetItem,
                               QVBoxLayout, QWidget)

from app import i18n
from app.i18n import _
from app.documents import issuing, registry
from app.services.case_record import CaseRecord
from ui import print_flow
from ui.backend import Backend
from ui.record_tab import RecordTab

PRINTABLE_ROLE = Qt.UserRole + 1


def without_command_options(text: str) -> str:
    """The registry's description without the command line's options (--session N), which mean nothing here."""
    text = re.sub(r"\s*--[a-z-]+(?: [A-Z]+)?", "", text)
    return re.sub(r"（[；，]", "（", re.sub(r"[；，]）", "）", text)).replace("（）", "")


class DocumentsTab(RecordTab):
    def __init__(self, backend: Backend, record: CaseRecord, changed: Callable[[], None],
                 parent: QWidget | None = None):
        super().__init__(backend, record, changed, parent)
        self.list = QListWidget()
        for p in registry.printable(record):
            item = QListWidgetItem(_("{title} (draft)").format(title=p.label) if p.draft else p.label)
            item.setToolTip(without_command_options(_(registry.TYPES[p.doc_type].description)))
            item.setData(PRINTABLE_ROLE, p)
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        self.list.itemActivated.connect(lambda _item: self.preview())
        self.issued = QTreeWidget()
        self.issued.setRootIsDecorated(False)
        self.issued.setHeaderLabels([_("Document"), _("Version"), _("Verification code"), _("Issued at"),
                                     _("Issued by")])
        for view in backend.read(lambda s: issuing.list_issued(s, dispute_id=record.dispute.id)):
            self.issued.addTopLevelItem(QTreeWidgetItem([
                view.title, str(view.version), view.code, i18n.format_datetime(view.issued_at), view.issued_by or ""]))
        self.issued.resizeColumnToContents(0)
        buttons = self.button_row([("preview", _("Preview and print…"), self.preview),
                                   ("dossier", _("Dossier (卷宗)…"), self.dossier)])
        split = QSplitter(Qt.Vertical)
        split.addWidget(self.list)
        holder = QWidget()
        lower = QVBoxLayout(holder)
        lower.setContentsMargins(0, 0, 0, 0)
        lower.addWidget(QLabel(_("Issued documents (a changed document gets a new version and code):")))
        lower.addWidget(self.issued)
        split.addWidget(holder)
        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)
        layout.addLayout(buttons)

    def preview(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            chosen: registry.Printable = item.data(PRINTABLE_ROLE)
            print_flow.preview_document(self.window(), self.backend, self.record.dispute.id, chosen.doc_type,
                                        chosen.part)

    def dossier(self) -> None:
        print_flow.preview_dossier(self.window(), self.backend, self.record.dispute.id)
