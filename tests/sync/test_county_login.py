"""The county window's login: the first start sets up a 县级审核员."""
from __future__ import annotations

from app.services import accounts
from tests.ui.conftest import wait_saved
from ui.login_dialog import FirstAccountDialog

PASSWORD = "correct horse"


def test_county_window_asks_for_a_reviewer(county_db, qtbot, monkeypatch):
    """The county's first start sets up a 县级审核员, whose imports then stand on the county's audit trail."""
    from app import audit
    from ui import county_app

    def first_start(dialog):
        qtbot.addWidget(dialog)
        dialog.name.setText("县审核员")
        dialog.password.setText(PASSWORD)
        dialog.again.setText(PASSWORD)
        dialog.accept()
        wait_saved(dialog)              # the account is made on a worker thread, the form busy meanwhile
        return dialog.result()
    monkeypatch.setattr(FirstAccountDialog, "exec", first_start)
    actor = county_app.county_login(county_db.write)
    assert (actor.name, actor.role, actor.mediator_id) == ("县审核员", "reviewer", None)
    with county_db.write.begin() as s:
        s.info["actor"] = actor
        audit.append(s, "import", detail={"file": "x.msb"})
    with county_db.read() as s:
        assert accounts.list_accounts(s)[0].role == "reviewer" and audit.verify(s).ok
