"""设置: every setting (app/settings.py) on the pages of one dialog; each wrong field is marked with what to do,
and nothing is stored while one is wrong. The station's pages are the 主任's; this computer's are anyone's."""
from __future__ import annotations

from dataclasses import fields

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QComboBox, QDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QListWidget,
                               QListWidgetItem, QMessageBox, QPlainTextEdit, QSpinBox, QStackedWidget, QVBoxLayout, QWidget)

from app import access
from app import settings as model
from app.documents.registry import REGISTRY
from app.errors import ValidationFailed
from app.i18n import N_, _
from app.services import settings as service
from app.settings import LABELS, LIMITS, Settings
from printing.fonts import candidates
from ui.backend import Backend
from ui.case_no_preview import show_preview
from ui.widgets import ok_cancel, save_marking_fields, set_combo_data

# The pages, in the list's order: (title, fields on it, kept for the whole station?)
PAGES = ((N_("Station (本站信息)"), ("name", "case_prefix"), True),
         (N_("Office hours and deadlines (办公时间与期限)"),
          ("opens", "closes", "performance_days", "follow_up_delay_days"), True),
         (N_("Printing (打印)"), ("clause_binding", "clause_confirmation", "clause_copies", "clause_oral", "masked",
                                "body_font", "heading_font"), True),
         (N_("Sending to the county (同步)"), ("volume_mib",), True),
         (N_("Screen lock (屏幕锁定)"), ("idle_minutes",), True),
         (N_("Language (语言)"), ("locale",), False))
LOCAL_FIELDS = frozenset(model.LOCAL)
LANGUAGES = (("zh_CN", "中文"), ("en", "English"))
# Said in both languages: whoever changed it reads the one they chose.
RESTART_NOTE = "界面语言将在重新启动本软件后改变。\nThe new language takes effect when you restart the app."


class SettingsDialog(QDialog):
    def __init__(self, backend: Backend, parent: QWidget | None = None, *, page: int = 0):
        super().__init__(parent)
        self.backend = backend
        self.setWindowTitle(_("Settings"))
        self.resize(820, 600)
        self.current: Settings = backend.read(service.load)
        self.saved: Settings | None = None
        self.may_edit_station = access.may(backend.actor, "settings")
        self.fields: dict[str, QWidget] = {}
        self._make_fields(self.current)
        self.pages = QListWidget()
        self.pages.setMaximumWidth(190)
        self.pages.setSpacing(3)
        self.stack = QStackedWidget()
        self.page_of: dict[str, int] = {}
        for index, (title, names, station_wide) in enumerate(PAGES):
            self.pages.addItem(QListWidgetItem(_(title)))
            self.stack.addWidget(self._page(names, station_wide))
            for name in names:
                self.page_of[name] = index
        self.pages.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.pages.setCurrentRow(page)
        self.errors = QLabel(wordWrap=True)
        self.errors.setStyleSheet("color: #b00000")
        body = QHBoxLayout()
        body.addWidget(self.pages)
        body.addWidget(self.stack, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(self.errors)
        layout.addWidget(ok_cancel(self, _("Save"), self.save))

    # --- building ----------------------------------------------------------------------------------
    def _make_fields(self, s: Settings) -> None:
        f = self.fields
        f["name"] = QLineEdit(s.name, placeholderText="某某镇人民调解委员会")
        f["case_prefix"] = QLineEdit(s.case_prefix, placeholderText="某人")
        f["opens"] = QLineEdit(f"{s.opens:%H:%M}", placeholderText="08:30")
        f["closes"] = QLineEdit(f"{s.closes:%H:%M}", placeholderText="17:30")
        for name, suffix in (("performance_days", _(" days")), ("follow_up_delay_days", _(" days")),
                             ("volume_mib", " " + _("MiB")), ("idle_minutes", _(" minutes"))):
            least, most = LIMITS[name]
            f[name] = QSpinBox(minimum=least, maximum=most, value=getattr(s, name), suffix=suffix)
        f["idle_minutes"].setSpecialValueText(_("never"))
        for name in ("clause_binding", "clause_confirmation", "clause_copies", "clause_oral"):
            edit = QPlainTextEdit(getattr(s, name), tabChangesFocus=True)
            edit.setFixedHeight(64)
            f[name] = edit
        masked = QListWidget()
        for kind in REGISTRY:
            item = QListWidgetItem(kind.title)
            item.setData(Qt.UserRole, kind.code)
            item.setCheckState(Qt.Checked if kind.code in s.masked else Qt.Unchecked)
            masked.addItem(item)
        f["masked"] = masked
        # the fonts as their makers spell them (AR PL UMing, WenQuanYi): tests/ui/test_no_english.py knows these two
        self.body_font = f["body_font"] = self._font_combo("body", s.body_font)
        self.heading_font = f["heading_font"] = self._font_combo("heading", s.heading_font)
        language = QComboBox()
        for code, label in LANGUAGES:
            language.addItem(label, code)
        set_combo_data(language, s.locale)
        f["locale"] = language

    def _page(self, names: tuple[str, ...], station_wide: bool) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        notes = {
            "name": _("Printed at the head of every document."),
            "case_prefix": "",
            "opens": _("A new session or hearing is offered at the next hour within office hours on a working day."),
            "performance_days": _("Each term of an agreement is first given this many days after signing."),
            "clause_copies": _("Keep {copies} in the copies clause: it becomes the number of copies."),
            "masked": _("Documents checked here print ID numbers and phones masked (110105********002X, "
                        "138****5678) and leave addresses out: they are posted or handed to others."),
            "heading_font": _("The fonts shipped with the app print the same at every station; the choice is kept "
                              "for this computer only."),
            "volume_mib": _("A bundle larger than this is split into volumes; each fits on a FAT32 USB stick."),
            "locale": _("The new language takes effect when you restart the app."),
        }
        for name in names:
            widget = self.fields[name]
            form.addRow(_(LABELS[name]), widget)
            if name == "case_prefix":
                self.case_no_preview = QLabel(wordWrap=True)
                widget.textChanged.connect(self._preview_case_no)
                self._preview_case_no()
                form.addRow("", self.case_no_preview)
            elif notes.get(name):
                form.addRow("", QLabel(notes[name], wordWrap=True))
            editable = name in LOCAL_FIELDS or self.may_edit_station
            widget.setEnabled(editable)
        if station_wide and not self.may_edit_station and not set(names) <= LOCAL_FIELDS:
            form.insertRow(0, QLabel(_("Only the head of the committee (主任) may change the station's settings; "
                                       "they are shown here for reading."), wordWrap=True))
        return page

    def _preview_case_no(self) -> None:
        show_preview(self.case_no_preview, self.fields["case_prefix"].text())

    @staticmethod
    def _font_combo(role: str, chosen: str | None) -> QComboBox:
        combo = QComboBox()
        found = candidates(role) or ([] if role == "body" else candidates("body"))
        for choice in found:
            shipped = _("{name} (shipped with the app)").format(name=choice.name)
            combo.addItem(shipped if choice.shipped else choice.name, choice.name)
        if not found:
            combo.addItem(_("No TrueType Chinese font found (STSong-Light, not embedded)"), None)
        combo.setCurrentIndex(max(combo.findData(chosen), 0))
        return combo

    # --- saving ------------------------------------------------------------------------------------
    def values(self) -> dict[str, object]:
        """What the pages hold, as the settings' own fields."""
        out: dict[str, object] = {}
        for f in fields(Settings):
            widget = self.fields[f.name]
            if isinstance(widget, QLineEdit):
                out[f.name] = widget.text()
            elif isinstance(widget, QPlainTextEdit):
                out[f.name] = widget.toPlainText()
            elif isinstance(widget, QSpinBox):
                out[f.name] = widget.value()
            elif isinstance(widget, QComboBox):
                out[f.name] = widget.currentData()
            else:
                out[f.name] = frozenset(widget.item(i).data(Qt.UserRole) for i in range(widget.count())
                                        if widget.item(i).checkState() == Qt.Checked)
        return out

    def save(self) -> None:
        values = self.values()

        def submit():
            try:
                wanted = model.check(**values)        # on the spot: every wrong field, in Chinese
            except ValidationFailed as exc:
                self.pages.setCurrentRow(min(self.page_of.get(e.key, 0) for e in exc.errors))
                raise
            if all(getattr(wanted, n) == getattr(self.current, n) for n in values if n not in LOCAL_FIELDS):
                return wanted                         # only this computer's: nothing to write in the database
            return self.backend.submit(lambda s: service.save(s, wanted))
        save_marking_fields(self, self.fields, self.errors, submit, self._saved)

    def _saved(self, wanted: Settings) -> None:
        service.save_local(wanted)
        self.saved = wanted
        self.backend.events.settings_changed.emit(wanted)
        self.backend.events.cases_changed.emit([])       # the register and documents show the new wording
        if wanted.locale != self.current.locale:
            QMessageBox.information(self, "语言 / Language", RESTART_NOTE)
        self.accept()
