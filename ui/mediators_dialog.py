"""调解员名册: the station's mediators (add one, edit what the Ministry's statistics count of them, mark one as
no longer active), and the roster of outside members (民警, 网格员, 律师 …) that joint sessions and teams draw on."""
from __future__ import annotations

from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit,
                               QPushButton, QTableWidget, QTableWidgetItem, QTabWidget, QVBoxLayout, QWidget)

from app import clock, codes
from app.errors import ValidationFailed
from app.i18n import _
from app.services import committee, mediators, roster
from ui.backend import Backend
from ui.date_inputs import DateInput
from ui.form_dialog import FormDialog
from ui.messages import show_error
from ui.widgets import after_save, code_combo, mark_invalid, set_combo_data

GENDERS = (("", "—"), ("male", "男"), ("female", "女"))


class MediatorsDialog(QDialog):
    def __init__(self, backend: Backend, parent: QWidget | None = None, *, intro: str = ""):
        super().__init__(parent)
        self.backend = backend
        self.setWindowTitle(_("Mediators and roster"))
        self.resize(760, 480)
        self.table = QTableWidget(0, 8)
        self.table.setHorizontalHeaderLabels([_("Name"), _("Role"), _("Phone"), _("Active"),
                                              _("Full-time or part-time"), _("Education"),
                                              _("Certificate number"), _("Training hours")])
        self.table.setEditTriggers(QTableWidget.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectRows)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemActivated.connect(lambda _item: self.edit_profile())
        self.name, self.phone = QLineEdit(), QLineEdit()
        self.role = code_combo(codes.mediator_roles())
        add = QPushButton(_("Add mediator"))
        add.clicked.connect(self.add)
        self.name.returnPressed.connect(self.add)
        toggle = QPushButton(_("Active / inactive"))
        toggle.clicked.connect(self.toggle)
        self.profile_button = QPushButton(_("Edit details…"))
        self.profile_button.clicked.connect(self.edit_profile)
        form = QFormLayout()
        form.addRow(_("Name"), self.name)
        form.addRow(_("Role"), self.role)
        form.addRow(_("Phone"), self.phone)
        row = QHBoxLayout()
        for button in (add, self.profile_button, toggle):
            row.addWidget(button)
        row.addStretch(1)
        people = QWidget()
        inner = QVBoxLayout(people)
        inner.addWidget(self.table, 1)
        inner.addLayout(form)
        inner.addLayout(row)
        self.tabs = QTabWidget()
        self.tabs.addTab(people, _("Mediators"))
        self.tabs.addTab(self._roster_page(), _("Roster"))
        self.tabs.addTab(self._teams_page(), _("Teams"))
        close = QDialogButtonBox(QDialogButtonBox.Close)
        close.button(QDialogButtonBox.Close).setText(_("Close"))
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        if intro:
            layout.addWidget(QLabel(intro, wordWrap=True))
        layout.addWidget(self.tabs, 1)
        layout.addWidget(close)
        self.refresh()

    def _roster_page(self) -> QWidget:
        self.roster_table = QTableWidget(0, 5)
        self.roster_table.setHorizontalHeaderLabels([_("Name"), _("Category"), _("Title"), _("Unit"), _("Active")])
        self.roster_table.setEditTriggers(QTableWidget.NoEditTriggers)
        self.roster_table.setSelectionBehavior(QTableWidget.SelectRows)
        self.roster_table.horizontalHeader().setStretchLastSection(True)
        self.member_name, self.member_title, self.member_unit, self.member_phone = (QLineEdit() for _i in range(4))
        self.member_category = code_combo(codes.load("roster_categories"))
        self.member_name.returnPressed.connect(self.add_member)
        add = QPushButton(_("Add to the roster"))
        add.clicked.connect(self.add_member)
        toggle = QPushButton(_("Active / inactive"))
        toggle.clicked.connect(self.toggle_member)
        form = QFormLayout()
        for label, widget in ((_("Name"), self.member_name), (_("Category"), self.member_category),
                              (_("Title"), self.member_title), (_("Unit"), self.member_unit),
                              (_("Phone"), self.member_phone)):
            form.addRow(label, widget)
        row = QHBoxLayout()
        row.addWidget(add)
        row.addWidget(toggle)
        row.addStretch(1)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(QLabel(_("People outside the committee who take part in joint sessions and teams "
                                  "(诉前调解组): police officers, grid workers, lawyers, judges."), wordWrap=True))
        layout.addWidget(self.roster_table, 1)
        layout.addLayout(form)
        layout.addLayout(row)
        return page

    def _teams_page(self) -> QWidget:
        self.team_table = QTableWidget(0, 4)
        self.team_table.setHorizontalHeaderLabels([_("Team"), _("Kind"), _("Works with"), _("Members")])
        self.team_table.setEditTriggers(QTableWidget.NoEditTriggers)
        self.team_table.setSelectionBehavior(QTableWidget.SelectRows)
        self.team_table.horizontalHeader().setStretchLastSection(True)
        self.team_table.itemActivated.connect(lambda _item: self.edit_team())
        add = QPushButton(_("New team…"))
        add.clicked.connect(lambda: self.edit_team(new=True))
        edit = QPushButton(_("Edit team…"))
        edit.clicked.connect(self.edit_team)
        row = QHBoxLayout()
        row.addWidget(add)
        row.addWidget(edit)
        row.addStretch(1)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(QLabel(_("Standing teams: the 诉前调解组 that takes cases the court sends before a suit, and "
                                  "joint teams with the police or other bodies. Members come from the mediators and "
                                  "the roster."), wordWrap=True))
        layout.addWidget(self.team_table, 1)
        layout.addLayout(row)
        return page

    def refresh(self) -> None:
        self.rows = self.backend.read(committee.list_profiles)
        self.table.setRowCount(len(self.rows))
        employment, education = codes.load("employment_kinds"), codes.load("education_levels")
        for r, m in enumerate(self.rows):
            for c, text in enumerate((m.name, codes.mediator_roles().label(m.role), m.phone or "",
                                      _("Yes") if m.active else _("No"), employment.label(m.employment),
                                      education.label(m.education), m.certificate_no, str(m.training_hours))):
                self.table.setItem(r, c, QTableWidgetItem(text))
        self.members = self.backend.query(lambda c: roster.roster_members(c, active_only=False))
        self.roster_table.setRowCount(len(self.members))
        categories = codes.load("roster_categories")
        for r, m in enumerate(self.members):
            for c, text in enumerate((m.name, categories.label(m.category), m.title, m.unit,
                                      _("Yes") if m.active else _("No"))):
                self.roster_table.setItem(r, c, QTableWidgetItem(text))
        self.teams = self.backend.read(roster.list_teams)
        self.team_table.setRowCount(len(self.teams))
        kinds = codes.load("team_kinds")
        for r, t in enumerate(self.teams):
            for c, text in enumerate((t.name, kinds.label(t.kind), t.partner,
                                      "、".join(f"{m.name}（{m.duty or m.role_text}）" for m in t.members))):
                self.team_table.setItem(r, c, QTableWidgetItem(text))

    def add(self) -> None:
        name, role, phone = self.name.text(), self.role.currentData(), self.phone.text()
        for w in (self.name, self.phone):
            mark_invalid(w, None)

        def added(_result: object) -> None:
            self.name.clear()
            self.phone.clear()
            self.refresh()
            self.backend.events.mediators_changed.emit()

        def refused(exc: Exception) -> None:
            if isinstance(exc, ValidationFailed):
                for e in exc.errors:
                    mark_invalid({"name": self.name, "phone": self.phone}.get(e.key, self.role), e.message)
            else:
                show_error(self, exc)
        after_save(self, self.backend.submit(lambda s: mediators.add_mediator(s, name=name, role=role, phone=phone)),
                   added, refused)

    def toggle(self) -> None:
        row = self.table.currentRow()
        if row < 0:
            return
        m = self.rows[row]
        after_save(self, self.backend.submit(lambda s: mediators.set_mediator_active(s, mediator_id=m.id,
                                                                                     active=not m.active)),
                   lambda _r: self._profile_saved(), lambda exc: show_error(self, exc))

    def edit_profile(self) -> None:
        """What the roster (调解员名册) holds of the selected mediator: the counts of the Ministry's report."""
        row = self.table.currentRow()
        if row < 0:
            return
        m = self.rows[row]
        name, phone, certificate, hours = (QLineEdit(m.name), QLineEdit(m.phone or ""), QLineEdit(m.certificate_no),
                                           QLineEdit(str(m.training_hours)))
        role = code_combo(codes.mediator_roles())
        set_combo_data(role, m.role)
        employment = code_combo(codes.load("employment_kinds"), blank="—")
        set_combo_data(employment, m.employment)
        gender = QComboBox()
        for code, label in GENDERS:
            gender.addItem(label, code)
        set_combo_data(gender, m.gender)
        ethnicity = code_combo(codes.ethnic_groups(), blank="—")
        set_combo_data(ethnicity, m.ethnicity)
        education = code_combo(codes.load("education_levels"), blank="—")
        set_combo_data(education, m.education)

        def save():
            values = dict(name=name.text(), role=role.currentData(), phone=phone.text(),
                          employment=employment.currentData(), gender=gender.currentData(),
                          ethnicity=ethnicity.currentData(), education=education.currentData(),
                          certificate_no=certificate.text(), training_hours=hours.text())  # read on the GUI thread
            return self.backend.submit(lambda s: committee.update_profile(s, mediator_id=m.id, active=m.active,
                                                                          **values))

        dialog = FormDialog(_("Mediator: {name}").format(name=m.name), [
            (_("Name"), name), (_("Role"), role), (_("Phone"), phone), (_("Full-time or part-time"), employment),
            (_("Gender"), gender), (_("Ethnicity"), ethnicity), (_("Education"), education),
            (_("Certificate number"), certificate), (_("Training hours"), hours)], save, _("Save"), self)
        dialog.setModal(True)
        dialog.accepted.connect(self._profile_saved)
        dialog.open()
        self._dialog = dialog

    def _profile_saved(self) -> None:
        self.refresh()
        self.backend.events.mediators_changed.emit()

    def add_member(self) -> None:
        values = dict(name=self.member_name.text(), category=self.member_category.currentData(),
                      title=self.member_title.text(), unit=self.member_unit.text(), phone=self.member_phone.text())
        fields = {"name": self.member_name, "title": self.member_title, "unit": self.member_unit,
                  "phone": self.member_phone}
        for w in fields.values():
            mark_invalid(w, None)

        def added(_result: object) -> None:
            for w in fields.values():
                w.clear()
            self.refresh()

        def refused(exc: Exception) -> None:
            if isinstance(exc, ValidationFailed):
                for e in exc.errors:
                    mark_invalid(fields.get(e.key, self.member_category), e.message)
            else:
                show_error(self, exc)
        after_save(self, self.backend.submit(lambda s: roster.add_roster_member(s, **values)), added, refused)

    def toggle_member(self) -> None:
        row = self.roster_table.currentRow()
        if row < 0:
            return
        m = self.members[row]
        after_save(self, self.backend.submit(lambda s: roster.update_roster_member(
            s, member_id=m.id, name=m.name, category=m.category, title=m.title, unit=m.unit, phone=m.phone or "",
            active=not m.active)), lambda _r: self.refresh(), lambda exc: show_error(self, exc))

    def edit_team(self, new: bool = False) -> None:
        """A team's name, kind, partner and members, ticked from the mediators and the roster."""
        row = self.team_table.currentRow()
        if not new and row < 0:
            return
        team = None if new else self.teams[row]
        name, partner = QLineEdit(team.name if team else ""), QLineEdit(team.partner if team else "")
        partner.setPlaceholderText(_("e.g. 某某县人民法院, 城关派出所"))
        kind = code_combo(codes.load("team_kinds"))
        set_combo_data(kind, team.kind if team else "presuit")
        formed = DateInput(team.formed_on if team else None, maximum=clock.today())
        chosen = {(m.kind, m.member_id): m.duty for m in team.members} if team else {}
        people = [(roster.MEDIATOR, m.id, f"{m.name}（{codes.mediator_roles().label(m.role)}）")
                  for m in self.rows if m.active or (roster.MEDIATOR, m.id) in chosen]
        people += [(roster.ROSTER, m.id, f"{m.name}（{m.role_text}）")
                   for m in self.members if m.active or (roster.ROSTER, m.id) in chosen]
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        boxes = {}
        for kind_of, member_id, text in people:
            box = QCheckBox(text, checked=(kind_of, member_id) in chosen)
            boxes[(kind_of, member_id)] = box
            column.addWidget(box)
        leader = QComboBox()
        leader.addItem("—", None)
        for kind_of, member_id, text in people:
            leader.addItem(text, (kind_of, member_id))
        set_combo_data(leader, next((k for k, duty in chosen.items() if duty == _("Team leader")), None))
        team_id = team.id if team else None

        def save():
            if formed.line.text().strip():
                formed_on = formed.value()
            else:
                formed_on = None
            lead = leader.currentData()
            members = tuple((k, i, _("Team leader") if (k, i) == lead else "")
                            for (k, i), box in boxes.items() if box.isChecked())
            values = dict(name=name.text(), kind=kind.currentData(), partner=partner.text())
            return self.backend.submit(lambda s: roster.save_team(s, team_id=team_id, formed_on=formed_on,
                                                                  members=members, **values))

        dialog = FormDialog(_("Team"), [(_("Name"), name), (_("Kind"), kind), (_("Works with"), partner),
                                        (_("Formed on"), formed), (_("Members"), holder), (_("Team leader"), leader)],
                            save, _("Save"), self)
        dialog.setModal(True)
        dialog.accepted.connect(self.refresh)
        dialog.open()
        self._dialog = dialog
