"""One case: its tabs (概况, 当事人, ..., 历程) and the lifecycle actions that apply to its status."""
from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QFormLayout, QHBoxLayout, QLabel, QListWidget,
                               QListWidgetItem, QPushButton, QTableWidget, QTableWidgetItem, QTabWidget,
                               QTextBrowser, QVBoxLayout, QWidget)

from app import clock, codes, i18n, lifecycle
from app.checks import check_case
from app.i18n import N_, _
from app.lifecycle import ACTION_LABELS, Action
from app.services import lookups, screenings, transitions
from app.services.agenda import KIND_LABELS, overdue_items_of
from app.services.case_record import load_case_record
from app.views import DisputeView
from ui.action_dialog import ActionDialog
from ui.agreement_tab import AgreementTab
from ui.backend import Backend
from ui.dispute_dialog import DisputeDialog
from ui.documents_tab import DocumentsTab
from ui.extension_dialog import ExtensionDialog
from ui.follow_up_tab import FollowUpTab
from ui.hearings_tab import HearingsTab
from ui.messages import confirm, show_error
from ui.record_tab import freeze_archived
from ui.risk_referral_tab import RiskReferralTab
from ui.screen_fit import resize_within_screen
from ui.sessions_tab import SessionsTab
from ui.undo import DeleteCaseCommand

SEVERITY_COLOURS = {"error": "#b00000", "warning": "#a06000"}
FINDING_CODE_ROLE = Qt.UserRole + 1
PARTY_COLUMNS = (N_("Role"), N_("Name"), N_("Gender"), N_("Ethnic group"), N_("Date of birth"), N_("ID number"),
                 N_("Phone"), N_("Address or work unit"), N_("Agent"))


class CaseDialog(QDialog):
    def __init__(self, backend: Backend, dispute_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.backend, self.dispute_id = backend, dispute_id
        self.setAttribute(Qt.WA_DeleteOnClose)
        resize_within_screen(self, 900, 640)
        self.tabs = QTabWidget()
        self.actions_bar = QHBoxLayout()
        layout = QVBoxLayout(self)
        self.header = QLabel()
        self.header.setTextFormat(Qt.RichText)
        self.header.setWordWrap(True)          # several late things must not widen the window
        layout.addWidget(self.header)
        self.findings = QListWidget()
        self.findings.setMaximumHeight(84)
        layout.addWidget(self.findings)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(self.actions_bar)
        self.action_buttons: dict[str, QPushButton] = {}
        backend.events.cases_changed.connect(self._on_cases_changed)
        self.reload()

    def reload(self) -> None:
        self.record = self.backend.read(lambda s: load_case_record(s, dispute_id=self.dispute_id))
        self.view = self.record.dispute
        self._mediator_names = {m.id: m.name for m in self.backend.query(
            lambda c: lookups.mediators(c, active_only=False))}
        v = self.view
        self.setWindowTitle((v.case_no or _("(not accepted)")) + " " + v.title)
        self.header.setText(f"<b style='font-size:15px'>{escape(v.title)}</b>　{escape(v.case_no or '')}　"
                            f"<span style='color:#555'>{escape(codes.statuses().label(v.status))}</span>"
                            + self._deadline_html(v))
        current = self.tabs.currentIndex()
        self.tabs.clear()
        self.tabs.addTab(self._overview(v), _("Overview (概况)"))
        self.tabs.addTab(self._parties(v), _("Parties (当事人)"))
        refresh = lambda: self.backend.events.cases_changed.emit([self.dispute_id])  # noqa: E731
        self.tabs.addTab(SessionsTab(self.backend, self.record, refresh), _("Mediation records (调解记录)"))
        self.tabs.addTab(HearingsTab(self.backend, self.record, refresh), _("Hearings (听证)"))
        self.tabs.addTab(AgreementTab(self.backend, self.record, refresh), _("Agreement (协议)"))
        self.tabs.addTab(DocumentsTab(self.backend, self.record, refresh), _("Documents (文书)"))
        self.tabs.addTab(FollowUpTab(self.backend, self.record, refresh), _("Follow-up (回访)"))
        self.tabs.addTab(RiskReferralTab(self.backend, self.record, refresh), _("Risk and referrals (风险与转介)"))
        self.tabs.addTab(self._history(v), _("History (历程)"))
        if v.status == lifecycle.Status.ARCHIVED:
            for i in range(self.tabs.count()):
                freeze_archived(self.tabs.widget(i))
        self._show_findings()
        self.tabs.setCurrentIndex(max(current, 0))
        self._rebuild_actions(v)

    def _show_findings(self) -> None:
        """The procedural checks, live: red errors block archiving, orange warnings do not."""
        found = check_case(self.record, today=clock.today())
        self.findings.clear()
        self.findings.setVisible(bool(found))
        for f in found:
            item = QListWidgetItem(f.message)        # the rule's code (P02) is for the county and the CLI
            item.setData(FINDING_CODE_ROLE, f.code)
            item.setForeground(QColor(SEVERITY_COLOURS[f.severity]))
            self.findings.addItem(item)

    def _deadline_html(self, v: DisputeView) -> str:
        today = clock.today()
        late = self.backend.query(lambda c: overdue_items_of(c, dispute_id=v.id, on=today))
        if late:         # overdue as the agenda and the register mean it: each late thing, with its day
            days: dict[str, list[str]] = {}
            for i in late:
                days.setdefault(_(KIND_LABELS[i.kind]), []).append(i.due_on.isoformat())
            return "　<b style='color:#d62020'>" + escape(_("Overdue: {items}").format(items="；".join(
                f"{kind} {'、'.join(dates)}" for kind, dates in days.items()))) + "</b>"
        if lifecycle.due_soon(v.status, v.deadline, today):
            return "　<b style='color:#c06000'>" + escape(_("Due on {date}").format(date=v.deadline.isoformat())) + \
                "</b>"
        return ""

    def _overview(self, v: DisputeView) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        rows = [
            (_("Case number"), v.case_no or _("(not accepted)")), (_("Dispute type"),
                                                                   codes.dispute_types().label(v.type_code)),
            (_("Case source"), codes.case_sources().label(v.source_code)),
            (_("Registered on"), i18n.format_date(v.registered_on)),
            (_("Accepted on"), i18n.format_date(v.accepted_on)),
            (_("Deadline"), i18n.format_date(v.deadline)),
            (_("Presiding mediator"), v.presiding_mediator_name or _("(not yet assigned)")),
            (_("Other mediators"), "、".join(self._mediator_names.get(i, "?") for i in v.co_mediator_ids)),
            (_("Amount involved (yuan)"), i18n.format_amount(v.amount)),
            (_("People involved"), str(v.people_involved)),
            (_("Village or community (村/社区)"), self._place_text(v)),
            (_("People at risk of escalation"), str(v.people_at_risk)),
            (_("Where it came from"), "；".join(self.backend.read(lambda s: screenings.origins(s, dispute_id=v.id)))),
            (_("Risk level"), codes.risk_levels().label(v.risk_level) + "　" + "、".join(
                codes.escalations().label(e) for e in sorted(v.escalations))),
            (_("Mediated in public"), _("Yes") if v.is_public else _("No")),
            (_("Facts"), v.facts), (_("Claims"), v.claims)]
        if v.original_case_no:      # kept from the former register the case was imported from; never edited
            rows.insert(1, (_("Original case number (原案号)"), v.original_case_no))
        if v.outcome:
            rows.append((_("Agreement"), _("Written") if v.outcome == codes.AgreementForm.WRITTEN else _("Oral")))
        if v.agreed_amount is not None:
            rows.append((_("Amount agreed (yuan, from the former register)"), i18n.format_amount(v.agreed_amount)))
        if v.routes_explained:
            rows.append((_("Routes explained"), "、".join(codes.fail_routes().label(r) for r in v.routes_explained)))
        for label, text in ((_("Decline reason"), v.decline_reason), (_("Referred to"), v.referral_target),
                            (_("End reason"), v.end_reason)):
            if text:
                rows.append((label, text))
        for e in v.extensions:
            rows.append((_("Extension"), _("{old} → {new}, consent of {names} on {on}").format(
                old=e.old_deadline.isoformat(), new=e.new_deadline.isoformat(), names="、".join(e.consenting_names),
                on=e.consent_on.isoformat())))
        for label, text in rows:
            value = QLabel(text, wordWrap=True, textInteractionFlags=Qt.TextSelectableByMouse)
            form.addRow(label, value)
        return page

    def _place_text(self, v: DisputeView) -> str:
        from app.services.place_choices import place_choices

        place = next((p for p in self.backend.query(place_choices) if p.id == v.place_id), None)
        if place is None:
            return ""
        grid = next((name for gid, name, _a in place.grids if gid == v.grid_id), "")
        return place.name + (f" · {grid}" if grid else "")

    def _parties(self, v: DisputeView) -> QWidget:
        table = QTableWidget(len(v.parties), len(PARTY_COLUMNS))
        table.setHorizontalHeaderLabels([_(c) for c in PARTY_COLUMNS])
        table.setEditTriggers(QTableWidget.NoEditTriggers)
        gender = {"male": _("Male"), "female": _("Female")}
        for r, p in enumerate(v.parties):
            values = (codes.party_roles().label(p.role), p.name, gender.get(p.gender or "", ""),
                      codes.ethnic_groups().label(p.ethnicity) if p.ethnicity else "",
                      p.birth_date.isoformat() if p.birth_date else "", p.id_number or p.credit_code or "",
                      p.phone or "", p.address or "", p.agent_name or "")
            for c, text in enumerate(values):
                table.setItem(r, c, QTableWidgetItem(text))
        table.resizeColumnsToContents()
        return table

    def _history(self, v: DisputeView) -> QWidget:
        lines = []
        for h in v.history:
            step = codes.statuses().label(h.to_status)
            if h.from_status:
                step = f"{codes.statuses().label(h.from_status)} → {step}"
            who = h.by_name or _("(unknown)")
            text = _("{date}: {step}, by {who}").format(date=i18n.format_date(h.on_date), step=step, who=who)
            if h.reason:
                text += _("; reason: {reason}").format(reason=h.reason)
            recorded = _("recorded {when}").format(when=i18n.format_datetime(h.at))
            lines.append(f"<li>{escape(text)}<br><small style='color:#777'>{escape(recorded)}</small></li>")
        from app.services.case_history import case_history

        trail = []
        for line in self.backend.read(lambda s: case_history(s, dispute_id=v.id)):
            details = "".join(f"<br><small style='color:#555'>{escape(d)}</small>" for d in line.details)
            trail.append(f"<tr><td style='color:#777; white-space:nowrap'>{escape(i18n.format_datetime(line.at))}"
                         f"</td><td style='white-space:nowrap'>{escape(line.actor)}</td>"
                         f"<td>{escape(line.text)}{details}</td></tr>")
        if not trail:
            trail.append("<tr><td style='color:#777'>" + escape(_(
                "No itemised record: this case was entered before the audit trail began (or imported as demo "
                "data).")) + "</td></tr>")
        steps, changes = escape(_("Steps")), escape(_("Every change (全过程记录)"))
        browser = QTextBrowser()
        browser.setHtml(f"<h4>{steps}</h4><ol>" + "".join(lines) + f"</ol><h4>{changes}</h4>"
                        "<table cellspacing='0' cellpadding='3'>" + "".join(trail) + "</table>")
        self.history_view = browser
        return browser

    def keyPressEvent(self, event) -> None:  # noqa: N802
        """Enter on a list (sessions, evidence, documents) opens its line; the list passes the key on, and
        QDialog would then press the default button it finds among all its children: the OK of the dialog
        just opened, saving it unseen. The key stops here."""
        if event.key() in (Qt.Key_Return, Qt.Key_Enter) and isinstance(self.focusWidget(), QAbstractItemView):
            event.accept()
            return
        super().keyPressEvent(event)

    # --- actions -------------------------------------------------------------------------------
    def _rebuild_actions(self, v: DisputeView) -> None:
        while self.actions_bar.count():
            item = self.actions_bar.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self.action_buttons = {}
        closed = v.status == lifecycle.Status.ARCHIVED
        self._add_button("edit", _("Edit"), self.edit, enabled=not closed)
        if v.status in lifecycle.OPEN_STATUSES:
            self._add_button("extend", _("Extend time limit"), self.extend)
        for action in lifecycle.available_actions(v.status):
            self._add_button(action.value, _(ACTION_LABELS[action]), lambda _checked=False, a=action: self.run_action(a))
        self.actions_bar.addStretch(1)
        self._add_button("delete", _("Delete"), self.delete, enabled=not closed)
        self._add_button("close", _("Close"), self.close)

    def _add_button(self, key: str, text: str, slot, *, enabled: bool = True) -> None:
        button = QPushButton(text)
        button.setEnabled(enabled)
        button.clicked.connect(slot)
        self.actions_bar.addWidget(button)
        self.action_buttons[key] = button

    def run_action(self, action: Action) -> None:
        dialog = ActionDialog(self.view, action, self)
        dialog.setModal(True)
        dialog.accepted.connect(lambda: self._submit_action(dialog.request()))
        dialog.open()
        self._open_dialog = dialog

    def _submit_action(self, request) -> None:
        operator, dispute_id = self.backend.operator_id, self.dispute_id
        self.backend.write(lambda s: transitions.apply_action(s, dispute_id=dispute_id, request=request,
                                                              by=operator),
                           self._changed, lambda exc: show_error(self, exc))

    def extend(self) -> None:
        dialog = ExtensionDialog(self.view, self)
        dialog.setModal(True)
        dialog.accepted.connect(lambda: self._submit_extension(dialog.values()))
        dialog.open()
        self._open_dialog = dialog

    def _submit_extension(self, values: dict) -> None:
        operator, dispute_id = self.backend.operator_id, self.dispute_id
        self.backend.write(lambda s: transitions.extend_deadline(s, dispute_id=dispute_id, by=operator, **values),
                           self._changed, lambda exc: show_error(self, exc))

    def edit(self) -> None:
        dialog = DisputeDialog(self.backend, self, existing=self.view)
        dialog.setModal(True)
        dialog.open()
        self._open_dialog = dialog

    def delete(self) -> None:
        if not confirm(self, _("Delete case?"), _("Delete “{title}” from the register? You can undo it with "
                                                   "Edit → Undo (Ctrl+Z).").format(title=self.view.title)):
            return
        self._closing = True
        self.backend.undo_stack.push(DeleteCaseCommand(self.backend, self.dispute_id, self.view.title))
        self.close()

    def _changed(self, view: DisputeView) -> None:
        self.backend.events.cases_changed.emit([view.id])

    def _on_cases_changed(self, ids) -> None:
        if getattr(self, "_closing", False):
            return
        if not ids or self.dispute_id in ids:
            try:
                self.reload()
            except Exception as exc:  # deleted elsewhere: say so and close
                show_error(self, exc)
                self.close()
