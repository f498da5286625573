"""Planning a mediation session, and recording it with the seven points of a 调解记录."""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QFormLayout, QLabel, QLineEdit,
                               QPlainTextEdit, QScrollArea, QVBoxLayout, QWidget)

from app import codes
from app.i18n import _
from app.record_views import SessionView
from app.date_text import DateTextError
from app.errors import FieldError
from app.services.sessions import SessionRecord, check_record
from app.services.roster import RosterMemberView
from app.views import DisputeView, MediatorView
from app import clock
from app.work_rules import WorkRules
from ui.date_inputs import DateTimeInput
from ui.form_flow import save_shortcut
from ui.widgets import code_combo, error_banner, mark_invalid, ok_cancel, save_or_explain, set_combo_data


def _text_box(text: str = "", height: int = 60) -> QPlainTextEdit:
    box = QPlainTextEdit(text, tabChangesFocus=True)
    box.setMaximumHeight(height)
    return box


class PlanSessionDialog(QDialog):
    def __init__(self, save: Callable[..., object], parent: QWidget | None = None, *, previous_proposal: str = "",
                 rules: WorkRules | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("Plan a mediation session"))
        # the next office hour (设置 → 工作时间与期限), never the minute the form happened to be opened
        self.when = DateTimeInput((rules or WorkRules()).next_session(clock.local_now()))
        self.place = QLineEdit(placeholderText=_("e.g. 村委会调解室"))
        form = QFormLayout(self)
        form.addRow(_("Planned for"), self.when)
        form.addRow(_("Place"), self.place)
        if previous_proposal:
            form.addRow(_("Proposal from the last session"), QLabel(previous_proposal, wordWrap=True))
        form.addRow(ok_cancel(self, _("Plan"), self.save))
        self._save = save
        save_shortcut(self, self.save)

    def save(self) -> None:
        save_or_explain(self, lambda: self._save(**self.values()))

    def values(self) -> dict:
        return dict(planned_at=self.when.value(),
                    place=self.place.text())


class RecordSessionDialog(QDialog):
    """The seven points: ① rights told ② principles explained ③ each party's statement ④ findings checked
    ⑤ risks explained ⑥ the outcome ⑦ signatures; plus participants and free notes."""

    def __init__(self, dispute: DisputeView, planned: SessionView, mediators: list[MediatorView],
                 save: Callable[[SessionRecord], object], parent: QWidget | None = None, *,
                 roster: tuple[RosterMemberView, ...] = ()):
        super().__init__(parent)
        self._save = save
        self.registered_on = dispute.registered_on
        self.setWindowTitle(_("Record of session {n}").format(n=planned.seq))
        self.resize(760, 720)
        self.parties = [p for p in dispute.parties if p.role in ("applicant", "respondent", "third_party")]
        start = planned.held_at or planned.planned_at
        self.held_at = DateTimeInput(min(start, clock.local_now()), maximum=clock.local_now())
        self.presiding, self.keeper = QComboBox(), QComboBox()
        for combo in (self.presiding, self.keeper):
            combo.addItem("", None)
            for m in mediators:
                combo.addItem(m.name, m.id)
        set_combo_data(self.presiding, planned.presiding_mediator_id or dispute.presiding_mediator_id)
        set_combo_data(self.keeper, planned.record_keeper_id)
        self.co_mediators = {m.id: QCheckBox(m.name, checked=m.id in planned.co_mediator_ids) for m in mediators}
        self.public = QCheckBox(_("Mediated in public"), checked=planned.is_public)
        self.presiding.currentIndexChanged.connect(self._offer_co_mediators)
        self.present = {p.uid: QCheckBox(p.attends_as, checked=not planned.parties_present or
                                         p.uid in planned.parties_present) for p in self.parties}
        # Team members come from the roster (民警, 网格员, 律师 …); only others (relatives) are typed.
        members = tuple(planned.participant_members) + ("",) * len(planned.participants)
        chosen = {u for u in members if u}
        self.members = {m.id: QCheckBox(f"{m.name}（{m.role_text}）", checked=m.uid in chosen)
                        for m in roster if m.active or m.uid in chosen}
        others = [(n, r) for (n, r), u in zip(planned.participants, members) if not u]
        self.participants = QLineEdit(", ".join(f"{n}:{r}" for n, r in others))
        self.participants.setPlaceholderText(_("name:role, e.g. 王五:亲属"))
        self.rights = QCheckBox(_("① Rights and duties told to the parties"), checked=planned.rights_told)
        self.principles = QCheckBox(_("② Principles and method explained, participants introduced"),
                                    checked=planned.principles_explained)
        self.statements = {p.uid: _text_box(planned.statements.get(p.uid, "")) for p in self.parties}
        self.findings = _text_box(planned.findings_checked)
        self.risks = _text_box(planned.risks_explained)
        self.outcome = code_combo(codes.load("session_outcomes"), blank=_("(choose)"))
        set_combo_data(self.outcome, planned.outcome or "")
        self.terms = _text_box(planned.terms_reached)
        self.reason = _text_box(planned.no_agreement_reason)
        self.routes = {c.code: QCheckBox(c.label(), checked=c.code in planned.routes_explained)
                       for c in codes.fail_routes().codes}
        self.proposal = _text_box(planned.proposal)
        # ⑦ mediator, record-keeper, invited participants and parties; a participant is keyed by name
        self.signed = {key: QCheckBox(label, checked=planned.signatures.get(key, False)) for key, label in
                       (("mediator", _("Mediator")), ("record_keeper", _("Record-keeper")),
                        *((f"participant:{n}", n) for n, _role in planned.participants),
                        *((p.uid, p.signs_as) for p in self.parties))}
        self.notes = _text_box(planned.notes, 80)
        self._build()

    def _offer_co_mediators(self, *_args) -> None:
        """The presiding mediator is not offered again among the others (and is unticked there)."""
        presiding = self.presiding.currentData()
        for mediator_id, box in self.co_mediators.items():
            if mediator_id == presiding:
                box.setChecked(False)
            box.setVisible(mediator_id != presiding)

    def _build(self) -> None:
        form = QFormLayout()
        form.addRow(_("Held at"), self.held_at)
        form.addRow(_("Presiding mediator"), self.presiding)
        form.addRow(_("Record-keeper"), self.keeper)
        others = QWidget()              # one row, whichever of them is hidden as the presiding one
        column = QVBoxLayout(others)
        column.setContentsMargins(0, 0, 0, 0)
        for box in self.co_mediators.values():
            column.addWidget(box)
        form.addRow(_("Other mediators"), others)
        form.addRow(_("Manner of mediation"), self.public)      # not one of the mediators: a row of its own
        self._offer_co_mediators()
        for i, box in enumerate(self.present.values()):
            form.addRow(_("Parties present") if i == 0 else "", box)
        for i, box in enumerate(self.members.values()):
            form.addRow(_("Roster members") if i == 0 else "", box)
        form.addRow(_("Others invited"), self.participants)
        form.addRow("", self.rights)
        form.addRow("", self.principles)
        for p in self.parties:
            form.addRow(_("③ Statement of {name}").format(name=p.name), self.statements[p.uid])
        form.addRow(_("④ Findings checked with the parties"), self.findings)
        form.addRow(_("⑤ Risks explained"), self.risks)
        form.addRow(_("⑥ Outcome"), self.outcome)
        form.addRow(_("Terms reached"), self.terms)
        form.addRow(_("Why no agreement"), self.reason)
        for i, box in enumerate(self.routes.values()):
            form.addRow(_("Routes explained") if i == 0 else "", box)
        form.addRow(_("Proposal for the next session"), self.proposal)
        for i, box in enumerate(self.signed.values()):
            form.addRow(_("⑦ Signed") if i == 0 else "", box)
        form.addRow(_("Notes"), self.notes)
        body = QWidget()
        body.setLayout(form)
        scroll = QScrollArea(widgetResizable=True)
        scroll.setWidget(body)
        self.errors = error_banner()
        layout = QVBoxLayout(self)
        layout.addWidget(self.errors)
        layout.addWidget(scroll)
        layout.addWidget(ok_cancel(self, _("Save (Ctrl+Enter)"), self.save))
        save_shortcut(self, self.save)

    def save(self) -> None:
        """Check the record with the service's own rules first, marking each field; then save it."""
        try:
            record = self.record()
        except DateTextError as exc:   # a date-time typed wrongly: said at its field
            self.show_errors([FieldError(_("Held at"), str(exc), "held_at")])
            return
        errors = check_record(record, registered_on=self.registered_on, now=clock.local_now(),
                              party_names={p.uid: p.name for p in self.parties})
        self.show_errors(errors)
        if not errors:
            save_or_explain(self, lambda: self._save(record))

    def _widget_for(self, key: str) -> QWidget | None:
        if key.startswith("statements."):
            return self.statements.get(key.split(".", 1)[1])
        firsts = {"parties_present": next(iter(self.present.values()), None),
                  "routes_explained": next(iter(self.routes.values()), None)}
        return firsts.get(key) or {"held_at": self.held_at, "outcome": self.outcome, "terms_reached": self.terms,
                                   "no_agreement_reason": self.reason, "record_keeper_id": self.keeper}.get(key)

    def show_errors(self, errors: list[FieldError]) -> None:
        for w in (self.held_at, self.keeper, self.outcome, self.terms, self.reason, *self.statements.values(),
                  *self.present.values(), *self.routes.values()):
            mark_invalid(w, None)
        self.errors.setVisible(bool(errors))
        self.errors.setText(_("Please correct the marked fields:") + "\n" + "\n".join(f"• {e}" for e in errors))
        marked = [(w, e.message) for e in errors if (w := self._widget_for(e.key)) is not None]
        for widget, message in marked:
            mark_invalid(widget, message)
        if marked:
            marked[0][0].setFocus()

    def record(self) -> SessionRecord:
        participants = []
        for chunk in self.participants.text().replace("，", ",").split(","):
            name, _sep, role = chunk.strip().partition(":")
            if name.strip():
                participants.append((name.strip(), role.strip()))
        return SessionRecord(
            held_at=self.held_at.value(),
            is_public=self.public.isChecked(), presiding_mediator_id=self.presiding.currentData(),
            record_keeper_id=self.keeper.currentData(),
            co_mediator_ids=tuple(i for i, b in self.co_mediators.items() if b.isChecked()),
            parties_present=tuple(u for u, b in self.present.items() if b.isChecked()),
            participants=tuple(participants), rights_told=self.rights.isChecked(),
            member_ids=tuple(i for i, b in self.members.items() if b.isChecked()),
            principles_explained=self.principles.isChecked(),
            statements={u: box.toPlainText().strip() for u, box in self.statements.items()
                        if box.toPlainText().strip()},
            findings_checked=self.findings.toPlainText(), risks_explained=self.risks.toPlainText(),
            outcome=self.outcome.currentData() or None, terms_reached=self.terms.toPlainText(),
            no_agreement_reason=self.reason.toPlainText(),
            routes_explained=tuple(c for c, b in self.routes.items() if b.isChecked()),
            proposal=self.proposal.toPlainText(), signatures=self._signatures(participants),
            notes=self.notes.toPlainText())

    def _signatures(self, participants: list[tuple[str, str]]) -> dict[str, bool]:
        """Ticks as shown; participants added in this dialog have not signed yet (saving shows them next time)."""
        signed = {k: b.isChecked() for k, b in self.signed.items()}
        for name, _role in participants:
            signed.setdefault(f"participant:{name}", False)
        for box in (b for b in self.members.values() if b.isChecked()):
            signed.setdefault(f"participant:{box.text().partition('（')[0]}", False)
        return signed


def format_when(value: datetime | None) -> str:
    return value.isoformat(sep=" ", timespec="minutes") if value else ""
