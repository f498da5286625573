"""The parties of a dispute: a list on the left, the selected party's form on the right.

The form reads as the paper 人民调解申请书 does (姓名, 性别, 民族, 出生日期, 身份证号, 职业, 住址, 联系电话), and
Tab follows it. Enter moves to the next field; on the party's last field it goes on to the next party, adding
one when there is none. A complete ID number fills the birth date and gender; the address completes the
station's own 村/社区 names; a person already in the register is offered (F2 fills their details).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields, replace

from PySide6.QtCore import QEvent, QObject, QStringListModel, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QCheckBox, QComboBox, QCompleter, QFormLayout, QGroupBox, QHBoxLayout, QLabel,
                               QLineEdit, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget)

from app import codes, validation
from app.drafts import PartyDraft, field_label
from app.i18n import _
from app.services.lookups import PersonOnRecord
from ui.form_flow import EnterMovesOn
from ui.widgets import code_combo, mark_invalid, set_combo_data

TEXT_FIELDS = ("name", "birth_date", "occupation", "address", "phone", "id_number", "credit_code",
               "legal_representative", "agent_name", "agent_phone", "agent_id_number", "agent_authority")
PERSON_ONLY = ("gender", "ethnicity", "birth_date", "occupation", "id_number")
ORGANISATION_ONLY = ("credit_code", "legal_representative")
AGENT_FIELDS = ("agent_name", "agent_phone", "agent_id_number", "agent_authority")
# The paper's reading order; an organisation shows its own rows in place of a person's.
ORDER = ("name", "gender", "ethnicity", "birth_date", "id_number", "credit_code", "legal_representative",
         "occupation", "address", "phone")
LIVE_CHECKS = {"phone": validation.phone, "agent_phone": validation.phone, "id_number": validation.id_number,
               "agent_id_number": validation.id_number, "credit_code": validation.credit_code}
OFFER_KEY = "F2"
Lookup = Callable[..., PersonOnRecord | None]


class _TakeCompletion(QObject):
    """Enter in the address's completion list takes the village and stays in the field, to type 3组12号 next
    (QCompleter would also hand the Enter to the field, which would move on or save the form)."""

    def __init__(self, edit: QLineEdit, taken: Callable[[], None]):
        super().__init__(edit)
        self.edit, self.taken = edit, taken

    def eventFilter(self, popup: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() != QEvent.Type.KeyPress or event.key() not in (Qt.Key.Key_Return, Qt.Key.Key_Enter) \
                or event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            return False
        index = popup.currentIndex()
        popup.hide()
        if index.isValid():
            self.edit.setText(str(index.data()))
            self.taken()
        return True


class PartyForm(QWidget):
    """Edits one PartyDraft; emits edited whenever a field changes, finished on Enter in its last field."""
    edited = Signal()
    finished = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.widgets: dict[str, QWidget] = {}
        self.lookup: Lookup | None = None
        self.offer: PersonOnRecord | None = None
        self.role = code_combo(codes.party_roles())
        self.kind = QComboBox()
        self.kind.addItem(_("Natural person"), codes.PartyKind.PERSON)
        self.kind.addItem(_("Organisation"), codes.PartyKind.ORGANISATION)
        # Set by the button that added the party: reached with Alt and their label's letter, not on Tab's way.
        for combo in (self.role, self.kind):
            combo.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.gender = QComboBox()
        for label, value in (("", ""), (_("Male"), "male"), (_("Female"), "female")):
            self.gender.addItem(label, value)
        self.ethnicity = code_combo(codes.ethnic_groups(), blank="")
        self.widgets.update(role=self.role, kind=self.kind, gender=self.gender, ethnicity=self.ethnicity)
        for name in TEXT_FIELDS:
            edit = QLineEdit()
            edit.textEdited.connect(lambda _t: self.edited.emit())
            self.widgets[name] = edit
        self.widgets["birth_date"].setPlaceholderText(_("e.g. 1980-05-01 (filled from the ID number)"))
        self.widgets["phone"].setPlaceholderText("13812345678")
        self.widgets["address"].setPlaceholderText(_("type the village: its name completes"))
        self.places = QStringListModel(self)
        completer = QCompleter(self.places, self)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)      # 东湖 finds 城关镇东湖村
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.widgets["address"].setCompleter(completer)
        self._take_completion = _TakeCompletion(self.widgets["address"], lambda: self.edited.emit())
        completer.popup().installEventFilter(self._take_completion)    # before QCompleter's own filter
        self.agent = QCheckBox(_("Represented by an agent (委托代理人)"))
        self.agent.toggled.connect(self._show_kind_fields)
        for combo in (self.role, self.kind, self.gender, self.ethnicity):
            combo.currentIndexChanged.connect(lambda _i: self.edited.emit())
        self.kind.currentIndexChanged.connect(self._show_kind_fields)
        for name, check in LIVE_CHECKS.items():
            self.widgets[name].editingFinished.connect(lambda n=name, c=check: self._live_check(n, c))
        self.widgets["id_number"].textEdited.connect(self._id_typed)
        self.widgets["phone"].textEdited.connect(lambda _t: self._offer_known())
        self.widgets["name"].textEdited.connect(lambda _t: self._hide_offer())
        self.widgets["name"].editingFinished.connect(self._offer_known)
        self.offer_label = QLabel(wordWrap=True)
        self.offer_label.setStyleSheet("background: #fff8d6; border: 1px solid #d8c26a; padding: 4px;")
        self.offer_label.hide()
        offer_key = QShortcut(QKeySequence(OFFER_KEY), self)
        offer_key.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        offer_key.activated.connect(self.take_offer)
        self._rows: dict[str, tuple[QLabel, QWidget]] = {}
        form = QFormLayout(self)
        kinds = QHBoxLayout()
        role_label, kind_label = QLabel(_("&Role")), QLabel(_("&Kind"))
        role_label.setBuddy(self.role)
        kind_label.setBuddy(self.kind)
        for w in (role_label, self.role, kind_label, self.kind):
            kinds.addWidget(w)
        kinds.addStretch(1)
        form.addRow(kinds)
        form.addRow(self.offer_label)
        for name in (*ORDER, *AGENT_FIELDS):
            if name == AGENT_FIELDS[0]:
                form.addRow(self.agent)
            label = QLabel(field_label(name))
            label.setBuddy(self.widgets[name])
            form.addRow(label, self.widgets[name])
            self._rows[name] = (label, self.widgets[name])
        self.enter = EnterMovesOn(self, self._is_last, self.finished.emit)
        self.enter.watch(*self.tab_stops(all_rows=True))
        self._show_kind_fields()

    def tab_stops(self, *, all_rows: bool = False) -> list[QWidget]:
        """The fields in reading order (only the shown ones unless all_rows)."""
        names = [n for n in ORDER if all_rows or self._shown(n)]
        agents = [n for n in AGENT_FIELDS if all_rows or self.agent.isChecked()]
        return [*(self.widgets[n] for n in names), self.agent, *(self.widgets[n] for n in agents)]

    def _shown(self, name: str) -> bool:
        organisation = self.kind.currentData() == codes.PartyKind.ORGANISATION
        return not ((organisation and name in PERSON_ONLY) or (not organisation and name in ORGANISATION_ONLY))

    def _is_last(self, widget: QWidget) -> bool:
        if self.agent.isChecked():
            return widget is self.widgets[AGENT_FIELDS[-1]] or widget is self.agent
        return widget in (self.widgets["phone"], self.agent)

    def _show_kind_fields(self) -> None:
        for name, (label, widget) in self._rows.items():
            shown = self._shown(name) and (name not in AGENT_FIELDS or self.agent.isChecked())
            label.setVisible(shown)
            widget.setVisible(shown)
        organisation = self.kind.currentData() == codes.PartyKind.ORGANISATION
        self._rows["name"][0].setText(_("Name of organisation") if organisation else _("Name"))

    def _live_check(self, name: str, check) -> None:
        text = self.widgets[name].text().strip()
        try:
            if text:
                check(text)
        except validation.Invalid as exc:
            mark_invalid(self.widgets[name], str(exc))
        else:
            mark_invalid(self.widgets[name], None)

    def _id_typed(self, text: str) -> None:
        """A complete, valid ID number (typed or pasted) fills the birth date and gender it carries."""
        facts = validation.id_facts(text)
        if facts is None:
            return
        born, gender = facts
        mark_invalid(self.widgets["id_number"], None)
        self.widgets["birth_date"].setText(born.isoformat())
        mark_invalid(self.widgets["birth_date"], None)
        self.gender.blockSignals(True)
        set_combo_data(self.gender, gender)
        self.gender.blockSignals(False)
        self.edited.emit()
        self._offer_known()

    # --- a person who comes again ------------------------------------------------------------------------
    def _offer_known(self) -> None:
        if self.lookup is None or self.kind.currentData() != codes.PartyKind.PERSON:
            return
        name = self.widgets["name"].text().strip()
        id_text, phone_text = self.widgets["id_number"].text().strip(), self.widgets["phone"].text().strip()
        id_number = id_text.upper() if validation.id_facts(id_text) else ""
        phone = phone_text if len(phone_text) >= 7 else ""
        found = self.lookup(name=name, id_number=id_number, phone=phone) if name and (id_number or phone) else None
        if found is None or self._already_shown(found):
            self._hide_offer()
            return
        self.offer = found
        details = "，".join(x for x in (found.birth_date and _("born {date}").format(date=found.birth_date),
                                        found.address, found.phone) if x)
        self.offer_label.setText(_("{name} is already in the register ({details}). Press {key} to fill in "
                                   "the rest.").format(name=found.name, details=details, key=OFFER_KEY))
        self.offer_label.show()

    def _already_shown(self, found: PersonOnRecord) -> bool:
        return all(not getattr(found, n) or self.widgets[n].text().strip() for n in
                   ("birth_date", "occupation", "address", "phone", "id_number"))

    def _hide_offer(self) -> None:
        self.offer = None
        self.offer_label.hide()

    def take_offer(self) -> None:
        """Fill the fields still empty from the register's record (what was typed stays)."""
        found = self.offer
        if found is None:
            return
        for name in ("birth_date", "occupation", "address", "phone", "id_number"):
            if not self.widgets[name].text().strip() and getattr(found, name):
                self.widgets[name].setText(getattr(found, name))
        for combo, value in ((self.gender, found.gender), (self.ethnicity, found.ethnicity)):
            if value and not combo.currentData():
                combo.blockSignals(True)
                set_combo_data(combo, value)
                combo.blockSignals(False)
        self._hide_offer()
        self.edited.emit()

    # --- the draft ---------------------------------------------------------------------------------------
    def set_draft(self, draft: PartyDraft) -> None:
        for w in (*self.widgets.values(), self.agent):
            w.blockSignals(True)
            mark_invalid(w, None)
        set_combo_data(self.role, draft.role)
        set_combo_data(self.kind, draft.kind)
        set_combo_data(self.gender, draft.gender)
        set_combo_data(self.ethnicity, draft.ethnicity)
        for name in TEXT_FIELDS:
            self.widgets[name].setText(getattr(draft, name))
        self.agent.setChecked(any(getattr(draft, n).strip() for n in AGENT_FIELDS))
        for w in (*self.widgets.values(), self.agent):
            w.blockSignals(False)
        self._hide_offer()
        self._show_kind_fields()

    def draft(self, uid: str) -> PartyDraft:
        values = {name: self.widgets[name].text() for name in TEXT_FIELDS}
        return PartyDraft(role=self.role.currentData(), kind=self.kind.currentData(),
                          gender=self.gender.currentData() or "", ethnicity=self.ethnicity.currentData() or "",
                          uid=uid, **values)


def is_blank(draft: PartyDraft) -> bool:
    """Nothing typed: a party added by Enter and then left empty is not a party."""
    return not draft.uid and not any(getattr(draft, n).strip() for n in TEXT_FIELDS)


class PartiesEditor(QGroupBox):
    """Add, remove and edit the parties; the drafts are kept here, the form shows the selected one.
    Ctrl+PgDown / Ctrl+PgUp go to the next / previous party."""
    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(_("Parties"), parent)
        self._drafts: list[PartyDraft] = []
        self.list = QListWidget()
        self.list.setMaximumWidth(220)
        self.form = PartyForm()
        self.add_person = QPushButton(_("Add person"))
        self.add_organisation = QPushButton(_("Add organisation"))
        self.remove = QPushButton(_("Remove"))
        self.add_person.clicked.connect(lambda: self.add(PartyDraft(role=self._next_role())))
        self.add_organisation.clicked.connect(
            lambda: self.add(PartyDraft(role=self._next_role(), kind=codes.PartyKind.ORGANISATION)))
        self.remove.clicked.connect(self.remove_current)
        for widget in (self.list, self.add_person, self.add_organisation, self.remove):
            # Enter in a field never presses these; Tab goes through the form, the keys below switch parties
            widget.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        for button in (self.add_person, self.add_organisation, self.remove):
            button.setAutoDefault(False)
        for keys, step in (("Ctrl+PgDown", 1), ("Ctrl+PgUp", -1)):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda s=step: self.step(s))
        self.list.currentRowChanged.connect(self._show)
        self.form.edited.connect(self._store)
        self.form.finished.connect(self.next_party)
        left = QVBoxLayout()
        left.addWidget(self.list, 1)
        for b in (self.add_person, self.add_organisation, self.remove):
            left.addWidget(b)
        layout = QHBoxLayout(self)
        layout.addLayout(left)
        layout.addWidget(self.form, 1)
        self._show(-1)

    def set_lookup(self, lookup: Lookup | None) -> None:
        self.form.lookup = lookup

    def set_places(self, places: list[str]) -> None:
        self.form.places.setStringList(places)

    def _next_role(self) -> str:
        roles = {d.role for d in self._drafts}
        role = codes.PartyRole
        return role.APPLICANT if role.APPLICANT not in roles else role.RESPONDENT if role.RESPONDENT not in roles \
            else role.THIRD_PARTY

    def set_drafts(self, drafts: list[PartyDraft]) -> None:
        self._drafts = list(drafts)
        self.list.clear()
        for d in self._drafts:
            self.list.addItem(QListWidgetItem(self._item_text(d)))
        self.list.setCurrentRow(0 if drafts else -1)

    def drafts(self) -> list[PartyDraft]:
        """The parties typed (one added by Enter and left empty is dropped)."""
        return [d for d in self._drafts if not is_blank(d)]

    def add(self, draft: PartyDraft) -> None:
        self._drafts.append(draft)
        self.list.addItem(QListWidgetItem(self._item_text(draft)))
        self.list.setCurrentRow(len(self._drafts) - 1)
        self.form.widgets["name"].setFocus()
        self.changed.emit()

    def next_party(self) -> None:
        """Enter on a party's last field: the next party's first field, a new party when this was the last."""
        row = self.list.currentRow()
        if 0 <= row < len(self._drafts) - 1:
            self.select(row + 1)
        else:
            self.add(PartyDraft(role=self._next_role()))
        self.form.widgets["name"].setFocus()

    def step(self, by: int) -> None:
        row = self.list.currentRow() + by
        if 0 <= row < len(self._drafts):
            self.select(row)
            self.form.widgets["name"].setFocus()

    def remove_current(self) -> None:
        row = self.list.currentRow()
        if row < 0:
            return
        del self._drafts[row]
        self.list.takeItem(row)
        self.changed.emit()

    def select(self, index: int) -> None:
        self.list.setCurrentRow(index)

    def select_typed(self, index: int) -> None:
        """Show the index-th of drafts() (an error names a party by that position)."""
        rows = [r for r, d in enumerate(self._drafts) if not is_blank(d)]
        if 0 <= index < len(rows):
            self.select(rows[index])

    def _show(self, row: int) -> None:
        self.form.setEnabled(row >= 0)
        self.remove.setEnabled(row >= 0)
        self.form.set_draft(self._drafts[row] if row >= 0 else PartyDraft())

    def _store(self) -> None:
        row = self.list.currentRow()
        if row < 0:
            return
        self._drafts[row] = self.form.draft(self._drafts[row].uid)
        self.list.item(row).setText(self._item_text(self._drafts[row]))
        self.changed.emit()

    @staticmethod
    def _item_text(d: PartyDraft) -> str:
        name = d.name or _("(no name yet)")
        return f"{codes.party_roles().label(d.role)} · {name}"


def draft_from_view(p) -> PartyDraft:
    """A PartyDraft (form text) from a PartyView, for editing."""
    values = {f.name: getattr(p, f.name, "") for f in fields(PartyDraft)}
    values = {k: ("" if v is None else v.isoformat() if hasattr(v, "isoformat") else str(v))
              for k, v in values.items()}
    return replace(PartyDraft(), **values)
