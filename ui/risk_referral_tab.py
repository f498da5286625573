"""The case window's 风险与转介 tab: risk reports of an orange or red case (to whom, when, how, the reply), and the
referrals: in from the court (委派/委托) or the police (110), out (移送) at any stage, each with its feedback."""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (QGroupBox, QLineEdit, QPlainTextEdit, QTreeWidget, QTreeWidgetItem, QVBoxLayout,
                               QWidget)

from app import clock, codes, i18n
from app.date_text import DateTextError
from app.i18n import _
from app.services import referrals, risks
from app.services.case_record import CaseRecord
from ui.backend import Backend
from ui.date_inputs import DateInput, DateTimeInput
from ui.record_tab import RecordTab
from ui.station_work_dialogs import WorkerForm, date_value
from ui.widgets import code_combo

def _titles() -> dict[str, str]:
    return {"court": _("From the court (委派/委托)"), "police": _("From the police (110联动)"),
            "out": _("Referred out (移送)")}


class RiskReferralTab(RecordTab):
    def __init__(self, backend: Backend, record: CaseRecord, changed: Callable[[], None],
                 parent: QWidget | None = None):
        super().__init__(backend, record, changed, parent)
        v = record.dispute
        self.reports = QTreeWidget()
        self.reports.setHeaderLabels([_("Risk level"), _("Reported to"), _("When"), _("How"),
                                      _("What was reported"), _("Reply"), _("Reply date")])
        recipients, methods = codes.load("report_recipients"), codes.load("report_methods")
        for r in record.risk_reports:
            self.reports.addTopLevelItem(QTreeWidgetItem([
                codes.risk_levels().label(r.risk_level),
                recipients.label(r.reported_to) + (f"（{r.recipient}）" if r.recipient else ""),
                i18n.format_datetime(r.reported_at), methods.label(r.method), r.content, r.reply,
                r.reply_on.isoformat() if r.reply_on else _("(awaited)")]))
        risk_box = QGroupBox(_("Risk reports (风险报告)"))
        risk_layout = QVBoxLayout(risk_box)
        risk_layout.addWidget(self.reports)
        risk_layout.addLayout(self.button_row([("report", _("Record a risk report…"), self.add_report),
                                               ("reply", _("Record the reply…"), self.add_reply)]))
        self.buttons["report"].setEnabled(v.risk_level in risks.REPORTED)
        self.buttons["reply"].setEnabled(any(r.reply_on is None for r in record.risk_reports))
        self.referrals = QTreeWidget()
        self.referrals.setHeaderLabels([_("Kind of referral"), _("Court, police station or receiving body"),
                                        _("Letter or incident number"), _("Date"), _("Deadline for the feedback"),
                                        _("Feedback"), _("Feedback date")])
        kinds = codes.load("court_referral_kinds")
        for f in record.referrals:
            kind = _titles()[f.direction] + (f"：{kinds.label(f.court_kind)}" if f.court_kind else "")
            self.referrals.addTopLevelItem(QTreeWidgetItem([
                kind, f.body, f.letter_no, f.on_date.isoformat(), f.due_on.isoformat() if f.due_on else "",
                f.result, f.result_on.isoformat() if f.result_on else _("(awaited)")]))
        referral_box = QGroupBox(_("Referrals (转介)"))
        referral_layout = QVBoxLayout(referral_box)
        referral_layout.addWidget(self.referrals)
        referral_layout.addLayout(self.button_row([
            ("court", _("From the court…"), lambda: self.add_referral("court")),
            ("police", _("From the police (110)…"), lambda: self.add_referral("police")),
            ("out", _("Refer out…"), lambda: self.add_referral("out")),
            ("result", _("Record the feedback…"), self.add_result)]))
        self.buttons["result"].setEnabled(any(f.result_on is None for f in record.referrals))
        layout = QVBoxLayout(self)
        layout.addWidget(risk_box, 1)
        layout.addWidget(referral_box, 1)

    def _form(self, title: str, rows, job, **kw) -> None:
        dialog = WorkerForm(self.backend, title, self, rows=rows, job=job, changed=[self.record.dispute.id], **kw)
        self.open_dialog(dialog)

    def add_report(self) -> None:
        now = clock.local_now().replace(second=0, microsecond=0)
        to, recipient = code_combo(codes.load("report_recipients")), QLineEdit()
        at, method = DateTimeInput(now, maximum=now), code_combo(codes.load("report_methods"))
        content = QPlainTextEdit(tabChangesFocus=True)
        dispute_id, by = self.record.dispute.id, self.backend.operator_id

        def job():
            values = dict(reported_to=to.currentData(), recipient=recipient.text(), method=method.currentData(),
                          content=content.toPlainText(), reported_at=_moment(at))
            return lambda s: risks.add_risk_report(s, dispute_id=dispute_id, by=by, **values)
        self._form(_("Risk report (风险报告)"), [
            ("reported_to", _("Reported to"), to), ("recipient", _("Office or person"), recipient),
            ("reported_at", _("When"), at), ("method", _("How"), method), ("content", _("What was reported"), content)],
            job, intro=_("Red: report at once; orange: the same day (人民调解法 Art 25)."))

    def add_reply(self) -> None:
        pending = next(r for r in self.record.risk_reports if r.reply_on is None)
        reply, on = QPlainTextEdit(tabChangesFocus=True), DateInput(clock.today(), maximum=clock.today())

        def job():
            values = dict(reply=reply.toPlainText(), reply_on=date_value(on))
            return lambda s: risks.record_reply(s, report_id=pending.id, **values)
        self._form(_("Reply to the risk report"), [("reply", _("Reply"), reply), ("reply_on", _("Reply date"), on)],
                   job)

    def add_referral(self, direction: str) -> None:
        body, letter, note = QLineEdit(), QLineEdit(), QPlainTextEdit(tabChangesFocus=True)
        on = DateInput(clock.today(), maximum=clock.today())
        due = DateInput(None)
        kind = code_combo(codes.load("court_referral_kinds"))
        rows = [("body", {"court": _("Court"), "police": _("Police station"), "out": _("Receiving body")}[direction],
                 body)]
        if direction == "court":
            rows += [("court_kind", _("委派 or 委托"), kind), ("letter_no", _("Letter number"), letter)]
        elif direction == "police":
            rows += [("letter_no", _("110 incident number"), letter)]
        rows += [("on_date", _("Date"), on), ("due_on", _("Deadline for the feedback"), due), ("note", _("Note"), note)]
        dispute_id = self.record.dispute.id

        def job():
            values = dict(body=body.text(), letter_no=letter.text(), on_date=date_value(on),
                          due_on=date_value(due) if due.text().strip() else None, note=note.toPlainText(),
                          court_kind=kind.currentData() if direction == "court" else None)
            return lambda s: referrals.add_referral(s, dispute_id=dispute_id, direction=direction, **values)
        self._form(_titles()[direction], rows, job)

    def add_result(self) -> None:
        pending = next(f for f in self.record.referrals if f.result_on is None)
        result, on = QPlainTextEdit(tabChangesFocus=True), DateInput(clock.today(), maximum=clock.today())

        def job():
            values = dict(result=result.toPlainText(), result_on=date_value(on))
            return lambda s: referrals.record_result(s, referral_id=pending.id, **values)
        self._form(_("Feedback on the referral"), [("result", _("Feedback"), result),
                                                   ("result_on", _("Feedback date"), on)], job,
                   intro=f"{_titles()[pending.direction]}：{pending.body}")


def _moment(widget: DateTimeInput):
    try:
        return widget.value()
    except DateTextError:       # a mistyped time: the service names the field, the input says how to write it
        return None
