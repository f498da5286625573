"""Confirming a lifecycle action, with the date and what the law wants on record (reason, target, ...)."""
from __future__ import annotations

from PySide6.QtWidgets import (QButtonGroup, QCheckBox, QDialog, QFormLayout,
                               QLabel, QLineEdit, QPlainTextEdit, QRadioButton, QVBoxLayout, QWidget)

from app import codes
from app.i18n import N_, _
from app.lifecycle import ACTION_LABELS, Action, ActionRequest, Outcome
from app.views import DisputeView
from app import clock
from ui.date_inputs import DateInput
from ui.widgets import ok_cancel, save_or_explain

EXPLANATIONS = {
    Action.ACCEPT: N_("Accepting gives the case its number and starts the one-month time limit."),
    Action.DECLINE: N_("The applicant must be told why the dispute is not accepted."),
    Action.REFER: N_("The case leaves this committee for the body named below."),
    Action.START: N_("Mediation begins; sessions are recorded on the 调解记录 tab."),
    Action.SETTLE: N_("The parties reached an agreement."),
    Action.FAIL: N_("No agreement; the parties were told of the other routes."),
    Action.END: N_("A party ended the mediation; record who and why."),
    Action.PERFORM: N_("Every term of the agreement has been performed."),
    Action.CLOSE_UNPERFORMED: N_("A term was not performed by its deadline; the follow-up visit records it and the "
                                 "routes explained to the parties (mediate again, enforcement, a suit under 人民调解法 "
                                 "Art 32)."),
    Action.ARCHIVE: N_("The dossier is complete and filed; the case can no longer change."),
}


def _closed_late(view: DisputeView) -> bool:
    return bool(view.deadline and view.closed_on and view.closed_on > view.deadline and not view.late_reason)


class ActionDialog(QDialog):
    def __init__(self, view: DisputeView, action: Action, parent: QWidget | None = None):
        super().__init__(parent)
        self.view, self.action = view, action
        self.setWindowTitle(_(ACTION_LABELS[action]) + " — " + (view.case_no or view.title))
        self.on = DateInput(clock.today(), minimum=view.registered_on, maximum=clock.today())
        self.on.minimum_name = _("the registration date")
        self.reason = QPlainTextEdit(tabChangesFocus=True)
        self.reason.setMaximumHeight(80)
        self.target = QLineEdit()
        self.written = QRadioButton(_("Written agreement (人民调解协议书)"), checked=True)
        self.oral = QRadioButton(_("Oral agreement (口头协议)"))
        group = QButtonGroup(self)
        group.addButton(self.written)
        group.addButton(self.oral)
        self.routes = {c.code: QCheckBox(c.label()) for c in codes.fail_routes().codes}
        form = QFormLayout()
        form.addRow(QLabel(_(EXPLANATIONS[action]), wordWrap=True))
        form.addRow(_("Date"), self.on)
        if action in (Action.DECLINE, Action.END):
            form.addRow(_("Reason") + " *", self.reason)
        if action == Action.ARCHIVE and _closed_late(view):
            # 若干规定 Art 33 says "generally within one month": the reason makes the late closing a warning.
            form.addRow(QLabel(_("The case was closed after its time limit ({date}) without an extension: give the "
                                 "reason, which stays on record.").format(date=view.deadline.isoformat()),
                               wordWrap=True))
            form.addRow(_("Reason for the late closing") + " *", self.reason)
        if action == Action.REFER:
            form.addRow(_("Referred to") + " *", self.target)
        if action == Action.SETTLE:
            form.addRow(_("Form"), self.written)
            form.addRow("", self.oral)
        if action == Action.FAIL:
            for i, box in enumerate(self.routes.values()):
                form.addRow(_("Routes explained") + " *" if i == 0 else "", box)
        # a mistyped date is named and the dialog stays open, with everything typed
        buttons = ok_cancel(self, _(ACTION_LABELS[action]), lambda: save_or_explain(self, self.request))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def request(self) -> ActionRequest:
        return ActionRequest(
            self.action, self.on.value(), reason=self.reason.toPlainText().strip() or None,
            referral_target=self.target.text().strip() or None,
            outcome=(Outcome.WRITTEN if self.written.isChecked() else Outcome.ORAL)
            if self.action == Action.SETTLE else None,
            routes=tuple(c for c, b in self.routes.items() if b.isChecked()))
