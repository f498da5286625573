"""Accounts, logins and lockouts, and the permissions of each role, checked in the services."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from app import access
from app.errors import MediationError, PermissionRefused, ValidationFailed
from app.services import accounts, disputes, settings
from app.clock import utcnow
from db.models import AuditEntry, Dispute, StationSetting
from tests.conftest import make_draft, register

PASSWORD = "correct horse"


@pytest.fixture
def staff(db):
    """The station's head (王调解, mediator 1) and a mediator (赵调解) with accounts."""
    with db.write.begin() as s:
        head = accounts.add_account(s, name="王调解", role="head", password=PASSWORD)
        mediator = accounts.add_account(s, name="赵调解", role="mediator", password=PASSWORD)
    return head.actor, mediator.actor


def login(db, name="赵调解", password=PASSWORD, now=None):
    with db.write.begin() as s:
        return accounts.login(s, name=name, password=password, now=now)


def actions(db) -> list[str]:
    with db.read() as s:
        return list(s.scalars(select(AuditEntry.action).order_by(AuditEntry.seq)))


def test_head_links_to_the_existing_mediator_and_a_new_name_becomes_a_mediator(db, staff):
    head, mediator = staff
    assert (head.mediator_id, head.role) == (1, "head")
    assert mediator.mediator_id not in (None, 1)
    with db.read() as s:
        stored = accounts.list_accounts(s)
    assert [a.name for a in stored] == ["王调解", "赵调解"]
    assert all(a.actor.account_id and "correct" not in repr(a) for a in stored)


def test_passwords_are_stored_as_argon2id_and_checked(db, staff):
    with db.read() as s:
        hashes = s.scalars(select(accounts.Account.password_hash)).all()
    assert all(h.startswith("$argon2id$") and PASSWORD not in h for h in hashes)
    assert login(db).ok and login(db).actor.name == "赵调解"
    assert not login(db, password="wrong one").ok
    assert not login(db, name="无此人").ok


def test_short_password_and_duplicate_name_are_refused(db, staff):
    with db.write.begin() as s, pytest.raises(ValidationFailed, match="8"):
        accounts.add_account(s, name="钱调解", role="mediator", password="short")
    with db.write.begin() as s, pytest.raises(ValidationFailed, match="已有"):
        accounts.add_account(s, name="赵调解", role="mediator", password=PASSWORD)


def test_five_wrong_passwords_lock_the_account_for_a_period(db, staff):
    now = utcnow()
    results = [login(db, password=f"wrong {i}", now=now) for i in range(5)]
    assert "还可尝试 4 次" in results[0].message
    assert "锁定" in results[4].message
    # locked: even the right password is refused until the period ends
    assert not login(db, now=now + timedelta(minutes=1)).ok
    assert login(db, now=now + timedelta(minutes=accounts.LOCK_MINUTES + 1)).ok
    trail = actions(db)
    assert trail.count("login_failed") == 4 and trail.count("lockout") == 1
    assert "login_refused" in trail and trail[-1] == "login"


def test_head_resets_a_forgotten_password_and_lifts_the_lock(db, staff):
    now = utcnow()
    for i in range(5):
        login(db, password=f"wrong {i}", now=now)
    with db.write.begin() as s:
        accounts.reset_password(s, name="赵调解", password="a new password")
    assert login(db, password="a new password", now=now).ok
    assert "password_reset" in actions(db)


def test_disabled_account_cannot_log_in_and_the_last_head_stays(db, staff):
    with db.write.begin() as s:
        accounts.set_disabled(s, name="赵调解", disabled=True)
    assert "停用" in login(db).message
    with db.write.begin() as s, pytest.raises(MediationError, match="最后一位主任"):
        accounts.set_disabled(s, name="王调解", disabled=True)
    with db.write.begin() as s, pytest.raises(MediationError, match="最后一位主任"):
        accounts.set_role(s, name="王调解", role="mediator")
    with db.write.begin() as s:
        accounts.set_disabled(s, name="赵调解", disabled=False)
        accounts.set_role(s, name="赵调解", role="head")
        accounts.set_disabled(s, name="王调解", disabled=True)     # another head is left now
    assert not login(db, name="王调解").ok


def test_mediator_may_not_manage_accounts(db, staff):
    _head, mediator = staff
    with pytest.raises(PermissionRefused):
        access.perform(db.write, mediator, lambda s: accounts.reset_password(s, name="王调解", password="x" * 9))
    assert actions(db)[-1] == "refused"


def test_mediator_changes_own_and_new_cases_but_only_reads_others(db, staff):
    head, mediator = staff
    theirs = register(db)                                   # presided by 王调解
    mine = access.perform(db.write, mediator, lambda s: disputes.register_dispute(
        s, draft=make_draft(presiding_mediator_id=mediator.mediator_id, title="赵承办的纠纷"), by=None).id)

    def retitle(dispute_id, title):
        def change(s):
            row = s.get(Dispute, dispute_id)
            return disputes.update_dispute(s, dispute_id=dispute_id, draft=make_draft(
                title=title, presiding_mediator_id=row.presiding_mediator_id), expected_revision=row.revision)
        return change

    access.perform(db.write, mediator, retitle(mine, "赵改过的事由"))
    with pytest.raises(PermissionRefused, match="其他调解员"):
        access.perform(db.write, mediator, retitle(theirs, "被改的事由"))
    with db.read() as s:
        assert s.get(Dispute, theirs).title == "张三与李四邻里纠纷"        # nothing changed
        assert s.get(Dispute, mine).title == "赵改过的事由"
        refused = s.scalars(select(AuditEntry).where(AuditEntry.action == "refused")).one()
    assert (refused.actor, f"change case {theirs}" in refused.detail) == ("赵调解", True)
    access.perform(db.write, head, retitle(theirs, "主任改过的事由"))     # the head may


def test_mediator_may_not_change_settings_even_through_the_service(db, staff):
    _head, mediator = staff
    with pytest.raises(PermissionRefused, match="主任"):
        access.perform(db.write, mediator, lambda s: settings.put(s, "follow_up_delay_days", "30"))
    with db.read() as s:
        assert s.get(StationSetting, "follow_up_delay_days") is None


def test_mediator_may_not_move_a_party_out_of_a_colleagues_case(db, staff):
    """The attack: as 调解员, re-point a party of a colleague's case at one's own case (the new parent is the
    mediator's, the old one is not)."""
    from db.models import Party

    _head, mediator = staff
    theirs = register(db)                                   # presided by 王调解
    mine = access.perform(db.write, mediator, lambda s: disputes.register_dispute(
        s, draft=make_draft(presiding_mediator_id=mediator.mediator_id, title="赵承办的纠纷"), by=None).id)
    with db.read() as s:
        victim = s.scalars(select(Party.id).where(Party.dispute_id == theirs)).first()

    def move(expire: bool):
        def change(s):
            party = s.get(Party, victim)
            if expire:                                      # the old value not loaded: read from the database
                s.expire(party, ["dispute_id"])
            party.dispute_id = mine
            s.flush()
        return change

    for expire in (False, True):
        with pytest.raises(PermissionRefused, match="其他调解员"):
            access.perform(db.write, mediator, move(expire))
    with db.read() as s:
        assert s.get(Party, victim).dispute_id == theirs               # nothing moved
        assert actions(db)[-2:] == ["refused", "refused"]
