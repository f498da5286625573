"""数据报送: the station's weekly bundle, the county's receipts, and the key files exchanged once."""
from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtWidgets import (QCheckBox, QDialog, QDialogButtonBox, QFileDialog, QHBoxLayout, QHeaderView,
                               QLabel, QLineEdit, QMessageBox, QPushButton, QSpinBox, QTableWidget, QTableWidgetItem,
                               QVBoxLayout, QWidget)

from app import access, i18n, safe_names, sync_keys
from app.codes import ReceiptStatus
from app.i18n import N_, _
from ui.backend import Backend
from app.sync.volumes import VOLUME_SETTING
from ui.messages import show_error

RECEIPTS = {None: N_("—"), ReceiptStatus.APPLIED: N_("imported by the county"),
            ReceiptStatus.PENDING: N_("held by the county (an earlier bundle is missing)"),
            ReceiptStatus.MISMATCH: N_("counts disagree"), ReceiptStatus.REFUSED: N_("refused by the county")}


class SyncDialog(QDialog):
    def __init__(self, backend: Backend, parent: QWidget | None = None):
        super().__init__(parent)
        self.backend = backend
        self.setWindowTitle(_("Send to the county (数据报送)"))
        self.resize(760, 480)
        from app.services import lookups

        self.station = backend.query(lookups.station)
        self.state = QLabel()
        self.state.setWordWrap(True)
        self.folder = QLineEdit(str(Path.home()))
        browse = QPushButton(_("Choose…"))
        browse.clicked.connect(self.choose_folder)
        self.full = QCheckBox(_("Everything, not only the changes (全量)"))
        # The largest file of a bundle: a larger one is split into volumes (FAT32 sticks hold files < 4 GiB).
        self.volume = QSpinBox()
        self.volume.setRange(16, 4095)
        self.volume.setSuffix(" " + _("MiB"))
        self.volume.setValue(int(backend.query(lambda db: lookups.setting(db, VOLUME_SETTING))))
        self.volume.setToolTip(_("A bundle larger than this is split into volumes; each fits on a FAT32 USB "
                                 "stick."))
        self.export_button = QPushButton(_("Export the bundle"))
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self.export)
        receipt = QPushButton(_("Import a receipt…"))
        receipt.clicked.connect(self.import_receipt)
        enrol = QPushButton(_("Write the enrolment file…"))
        enrol.clicked.connect(self.write_enrolment)
        self.county_key_button = county_key = QPushButton(_("Import the county key…"))
        county_key.clicked.connect(self.import_county_key)
        county_key.setEnabled(access.may(backend.actor, "county_key"))     # the 主任's, as the export
        self.table = QTableWidget(0, 6)
        self.table.setHorizontalHeaderLabels([_("Bundle"), _("Written on"), _("Kind"), _("Records"), _("Receipt"),
                                              _("The county's note")])
        self.table.setEditTriggers(QTableWidget.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        # the bundle's name and its times whole; the county's note takes what is left
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        where = QHBoxLayout()
        where.addWidget(QLabel(_("Folder (USB stick):")))
        where.addWidget(self.folder, 1)
        where.addWidget(browse)
        actions = QHBoxLayout()
        actions.addWidget(self.full)
        actions.addWidget(QLabel(_("Largest file:")))
        actions.addWidget(self.volume)
        actions.addStretch(1)
        actions.addWidget(self.export_button)
        actions.addWidget(receipt)
        keys = QHBoxLayout()
        keys.addWidget(QLabel(_("Once, with the county office:")))
        keys.addWidget(enrol)
        keys.addWidget(county_key)
        keys.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.state)
        layout.addLayout(where)
        layout.addLayout(actions)
        layout.addWidget(self.table, 1)
        layout.addLayout(keys)
        layout.addWidget(close)
        self.refresh()

    def refresh(self) -> None:
        from app.services.bundles import sent_bundles

        bundles = self.backend.read(sent_bundles)
        self.table.setRowCount(len(bundles))
        for i, b in enumerate(bundles):
            values = [str(b.number), i18n.format_datetime(b.created_at), _("full") if b.full else _("changes"),
                      str(b.records), _(RECEIPTS[b.receipt]), b.receipt_note.split("\n")[0]]
            for j, v in enumerate(values):
                item = QTableWidgetItem(v)
                if b.receipt_note:
                    item.setToolTip(b.receipt_note)
                self.table.setItem(i, j, item)
        self.table.resizeColumnsToContents()
        linked = sync_keys.county_keys(self.station.code) is not None
        if not linked:
            text = _("The county's key has not been imported yet: write the enrolment file and send it to the "
                     "county office, then import the key file it sends back. Bundles cannot be written before.")
        elif not bundles:
            text = _("No bundle has been written yet; the first one carries everything.")
        else:
            text = _("Last bundle: number {number}, written {when}. Bundles are due weekly; a week without "
                     "changes still sends one (零报告).").format(number=bundles[0].number,
                                                              when=i18n.format_datetime(bundles[0].created_at))
        allowed = access.may(self.backend.actor, "export")      # the 主任's
        if not allowed:
            text += "\n" + _("Only the head of station (主任) exports bundles and exchanges the keys.")
        self.state.setText(text)
        self.export_button.setEnabled(linked and allowed)
        self.export_button.setToolTip("" if allowed else _("Only the head of station (主任) exports bundles."))

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, _("Where to write the bundle"), self.folder.text())
        if folder:
            self.folder.setText(folder)

    def export(self) -> None:
        from app.sync.export import export_bundle

        from app.access import perform
        from app.services import settings

        read, write = self.backend.session_factories()
        folder, full, actor = Path(self.folder.text()), self.full.isChecked(), self.backend.actor
        mib = self.volume.value()

        def job(progress, is_cancelled):
            with read() as s:
                changed = settings.get(s, VOLUME_SETTING) != str(mib)
            if changed:         # remembered for the next export, as the 主任's own setting
                perform(write, actor, lambda s: settings.put(s, VOLUME_SETTING, str(mib)))
            return export_bundle(read, write, out_dir=folder, database=self.backend.path, full=full,
                                 progress=progress, actor=actor, volume_size=mib << 20, is_cancelled=is_cancelled)

        self.backend.runner.submit_db(job, self.exported, lambda e: show_error(self, e),
                                      label=_("Writing the bundle…"), parent=self, cancellable=True)

    def exported(self, result) -> None:
        lines = [_("Bundle {number} is written to {path} ({records} records) and was read back intact.").format(
            number=result.number, path=result.path, records=sum(result.counts.values()))]
        if len(result.paths) > 1:
            lines.append(_("The bundle is split into {count} volumes ({names}); copy them all to the county "
                           "together.").format(count=len(result.paths),
                                               names="、".join(p.name for p in result.paths)))
        if result.zero_report:
            lines.append(_("No changes since the last bundle: this is a 零报告."))
        lines += list(result.warnings)
        QMessageBox.information(self, _("Bundle written"), "\n".join(lines))
        self.refresh()

    def import_receipt(self) -> None:
        from app.sync.receipts import import_receipt

        path, _f = QFileDialog.getOpenFileName(self, _("The county's receipt"), self.folder.text(),
                                               _("Receipts (*.receipt.json)"))
        if not path:
            return
        write, code = self.backend.session_factories()[1], self.station.code
        self.backend.runner.submit_db(lambda: import_receipt(write, Path(path), station_code=code),
                                      self._receipt_imported, self._failed, label=_("Reading the receipt…"),
                                      parent=self)

    def _receipt_imported(self, result) -> None:
        status = ReceiptStatus(result.status)
        text = _("Receipt for bundle {number}: {status}.").format(number=result.number, status=_(RECEIPTS[status]))
        if status == ReceiptStatus.REFUSED:
            text += "\n\n" + _("The county refused the bundle: {reason}\nIts changes are sent again with the next "
                               "bundle; if the reason names a record, correct it first.").format(reason=result.note)
        elif result.note:
            text += "\n\n" + result.note
        if result.audit_chain:      # the county's word on this station's audit trail
            text += "\n\n" + result.audit_chain
        warn = result.chain_alarm or status == ReceiptStatus.REFUSED
        (QMessageBox.warning if warn else QMessageBox.information)(self, _("Receipt"), text)
        self.refresh()

    def _failed(self, exc: Exception) -> None:
        show_error(self, exc)
        self.refresh()

    def write_enrolment(self) -> None:
        from app.files import write_atomically

        path, _f = QFileDialog.getSaveFileName(self, _("Enrolment file for the county"), str(
            Path(self.folder.text()) / safe_names.file_name("登记", self.station.code, suffix=".json")),
                                               "JSON (*.json)")
        if not path:
            return
        try:
            data = sync_keys.enrolment(self.station.code, self.station.name, self.station.county)
            write_atomically(json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8"), Path(path))
        except Exception as exc:
            show_error(self, exc)
            return
        QMessageBox.information(self, _("Enrolment file written"), _(
            "The enrolment file is written to {path}. Give it to the county office; then import the key file the "
            "county sends back (导入县级公钥…).").format(path=path))

    def import_county_key(self) -> None:
        path, _f = QFileDialog.getOpenFileName(self, _("The county's key file"), self.folder.text(), "JSON (*.json)")
        if not path:
            return
        write, actor, code = self.backend.session_factories()[1], self.backend.actor, self.station.code
        self.backend.runner.submit_db(
            lambda: sync_keys.install_county_key(write, actor=actor, station_code=code, path=Path(path)),
            self._county_key_installed, self._failed)

    def _county_key_installed(self, keys) -> None:
        self.refresh()
        QMessageBox.information(self, _("County key imported"), _(
            "The county's key is imported (fingerprint {fingerprint}: compare it with the county office by "
            "telephone). Bundles can now be exported.").format(fingerprint=sync_keys.fingerprint(keys.signing)))
