"""The head's windows for the committee: 本委员会, the mediators' details, the roster and a 诉前调解组; and a
joint session's participants ticked from the roster."""
from __future__ import annotations

from datetime import datetime

from PySide6.QtWidgets import QCheckBox, QDialogButtonBox, QLineEdit

from app.access import Actor
from app.services import committee, roster, sessions
from tests.conftest import accept, register
from tests.ui.conftest import type_text, wait_saved
from ui.committee_dialog import CommitteeDialog
from ui.form_dialog import FormDialog
from ui.mediators_dialog import MediatorsDialog


def ok(dialog) -> None:
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.Ok).click()


def test_the_committee_dialog_marks_what_is_missing_then_saves(backend, qtbot, answers):
    backend.actor = Actor(1, "王调解", "head", 1)
    dialog = CommitteeDialog(backend)
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData("professional"))
    dialog.founded.setText("2011年6月1日")
    ok(dialog)
    qtbot.waitUntil(lambda: bool(dialog.field.property("invalid")), timeout=3000)
    assert dialog.result() == 0 and "领域" in dialog.errors.text()
    type_text(dialog.field, "医疗纠纷")
    dialog.head.setCurrentIndex(dialog.head.findData(2))
    with qtbot.waitSignal(dialog.accepted, timeout=3000):
        ok(dialog)
    view = backend.read(committee.get_committee)
    assert (view.kind, view.field, view.founded_on.isoformat(), view.head_names) == (
        "professional", "医疗纠纷", "2011-06-01", ("李记录",))


def test_details_roster_and_a_team_from_the_mediators_dialog(backend, qtbot, answers):
    dialog = MediatorsDialog(backend)
    qtbot.addWidget(dialog)
    dialog.table.setCurrentCell(1, 0)
    dialog.edit_profile()
    form = dialog.findChild(FormDialog)
    hours = [w for w in form.findChildren(QLineEdit)][-1]
    hours.setText("半天")
    ok(form)
    wait_saved(form)                                            # checked on the DB worker
    assert form.isVisible() and answers.seen                    # refused, said, everything typed kept
    hours.setText("16")
    ok(form)
    qtbot.waitUntil(lambda: dialog.table.item(1, 7).text() == "16", timeout=3000)

    dialog.tabs.setCurrentIndex(1)
    type_text(dialog.member_name, "刘警官")
    dialog.member_category.setCurrentIndex(dialog.member_category.findData("police"))
    type_text(dialog.member_title, "社区民警")
    dialog.add_member()
    qtbot.waitUntil(lambda: dialog.roster_table.rowCount() == 1, timeout=3000)
    assert dialog.roster_table.item(0, 2).text() == "社区民警"

    dialog.tabs.setCurrentIndex(2)
    dialog.edit_team(new=True)
    team = [f for f in dialog.findChildren(FormDialog) if f.isVisible()][-1]
    texts = [w for w in team.findChildren(QLineEdit)]
    texts[0].setText("城关诉前调解组")
    texts[1].setText("某某县人民法院")
    for box in team.findChildren(QCheckBox):
        box.setChecked(box.text().startswith(("王调解", "刘警官")))
    ok(team)
    qtbot.waitUntil(lambda: dialog.team_table.rowCount() == 1, timeout=3000)
    [saved] = backend.read(roster.list_teams)
    assert saved.kind == "presuit" and [m.name for m in saved.members] == ["王调解", "刘警官"]


def test_a_session_record_ticks_roster_members(backend, qtbot, db):
    from ui.session_dialogs import RecordSessionDialog
    from app.services import disputes, lookups

    d = register(db)
    accept(db, d)
    with db.write.begin() as s:
        police = roster.add_roster_member(s, name="刘警官", category="police", title="社区民警")
        planned = sessions.plan_session(s, dispute_id=d, planned_at=datetime(2026, 11, 22, 9), place="派出所")
        view = disputes.get_dispute(s, dispute_id=d)
    saved = []
    dialog = RecordSessionDialog(view, planned, backend.query(lookups.mediators), saved.append,
                                 roster=tuple(backend.query(roster.roster_members)))
    qtbot.addWidget(dialog)
    dialog.held_at.setText("2026-11-22 9:00")
    dialog.members[police.id].setChecked(True)
    dialog.participants.setText("王五:亲属")
    record = dialog.record()
    assert record.member_ids == (police.id,) and record.participants == (("王五", "亲属"),)
    assert record.signatures["participant:刘警官"] is False
