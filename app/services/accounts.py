"""Accounts: adding, listing, disabling, resetting passwords, and logging in (Argon2id).

Five wrong passwords in a row lock the account for LOCK_MINUTES; every login, failure, lockout and
change of an account goes on the audit trail. The last enabled 主任 can be neither disabled nor demoted,
or nobody could manage the station any more.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app import access, audit, password_ahead, validation
from app.access import Actor, actor_of
from app.errors import FieldError, MediationError, NotFound, ValidationFailed
from app.i18n import _, format_datetime
from app.clock import utcnow
from db.models import Account, Mediator

MAX_FAILURES = 5
LOCK_MINUTES = 15
MIN_PASSWORD = 8


@dataclass(frozen=True)
class AccountView:
    id: int
    name: str
    role: str
    mediator_id: int | None
    disabled: bool
    locked_until: datetime | None

    @property
    def actor(self) -> Actor:
        return Actor(self.id, self.name, self.role, self.mediator_id)

    @classmethod
    def from_row(cls, row: Account) -> AccountView:
        return cls(row.id, row.name, row.role, row.mediator_id, row.disabled, row.locked_until)


@dataclass(frozen=True)
class LoginResult:
    actor: Actor | None
    message: str = ""          # why not, when actor is None

    @property
    def ok(self) -> bool:
        return self.actor is not None


@lru_cache(maxsize=1)
def _hasher():
    from argon2 import PasswordHasher

    return PasswordHasher()     # Argon2id, 64 MiB, 3 passes: ~0.1 s on an old office PC


def _password(password: str) -> str:
    if len(password) < MIN_PASSWORD or not password.strip():
        raise ValidationFailed([FieldError(_("Password"), _("Use at least {n} characters.").format(n=MIN_PASSWORD),
                                           "password")])
    return _hasher().hash(password)


def _find(session: Session, name: str) -> Account:
    row = session.scalar(select(Account).where(Account.name == name.strip()))
    if row is None:
        raise NotFound(_("There is no account named {name}.").format(name=name.strip()))
    return row


def list_accounts(session: Session) -> list[AccountView]:
    return [AccountView.from_row(r) for r in session.scalars(select(Account).order_by(Account.id))]


def add_account(session: Session, *, name: str, role: str, password: str) -> AccountView:
    """A station account is one of the station's mediators (added to the list when new)."""
    access.require(actor_of(session), "accounts")
    errors = []
    try:
        name = validation.required_text(name, max_length=50)
    except validation.Invalid as exc:
        errors.append(FieldError(_("Name"), str(exc), "name"))
    if role not in access.ROLES:
        errors.append(FieldError(_("Role"), _("Choose mediator, head or reviewer."), "role"))
    if not errors and session.scalar(select(Account.id).where(Account.name == name)) is not None:
        errors.append(FieldError(_("Name"), _("There is already an account named {name}.").format(name=name), "name"))
    if errors:
        raise ValidationFailed(errors)
    hashed = _password(password)
    mediator_id = None
    if role != "reviewer":
        from app.services.stations import get_station

        mediator = session.scalar(select(Mediator).where(Mediator.name == name, Mediator.active.is_(True)))
        if mediator is None:
            mediator = Mediator(station_id=get_station(session).id, name=name, role=role)
            session.add(mediator)
            session.flush()
        mediator_id = mediator.id
    row = Account(name=name, role=role, mediator_id=mediator_id, password_hash=hashed)
    session.add(row)
    session.flush()
    audit.append(session, "account_added", table="account", record=name, detail={"role": role})
    return AccountView.from_row(row)


def _heads_left(session: Session, without: Account) -> int:
    return session.scalar(select(func.count()).select_from(Account).where(
        Account.role == "head", Account.disabled.is_(False), Account.id != without.id))


def set_disabled(session: Session, *, name: str, disabled: bool) -> AccountView:
    access.require(actor_of(session), "accounts")
    row = _find(session, name)
    if disabled and row.role == "head" and not _heads_left(session, row):
        raise MediationError(_("{name} is the last head (主任) of the station and cannot be disabled; make another "
                               "account head first.").format(name=row.name))
    row.disabled = disabled
    session.flush()
    audit.append(session, "account_disabled" if disabled else "account_enabled", table="account", record=row.name)
    return AccountView.from_row(row)


def set_role(session: Session, *, name: str, role: str) -> AccountView:
    access.require(actor_of(session), "accounts")
    row = _find(session, name)
    if role not in access.ROLES:
        raise ValidationFailed([FieldError(_("Role"), _("Choose mediator, head or reviewer."), "role")])
    if row.role == "head" and role != "head" and not _heads_left(session, row):
        raise MediationError(_("{name} is the last head (主任) of the station and must stay head.").format(
            name=row.name))
    before, row.role = row.role, role
    session.flush()
    audit.append(session, "account_role", table="account", record=row.name, detail={"changes": {"role": [before, role]}})
    return AccountView.from_row(row)


def reset_password(session: Session, *, name: str, password: str) -> AccountView:
    """By the 主任 (or on the command line): a new password, and the lock lifted."""
    access.require(actor_of(session), "accounts")
    row = _find(session, name)
    row.password_hash = _password(password)
    row.failed_logins, row.locked_until = 0, None
    session.flush()
    audit.append(session, "password_reset", table="account", record=row.name)
    return AccountView.from_row(row)


def login(session: Session, *, name: str, password: str, now: datetime | None = None) -> LoginResult:
    """Check a password; the result (and the count of failures) is committed whether it succeeds or not."""
    from argon2.exceptions import InvalidHashError, VerificationError

    now = now or utcnow()
    row = session.scalar(select(Account).where(Account.name == name.strip()))
    wrong = _("Wrong name or password.")
    if row is None:
        audit.append(session, "login_failed", table="account", record=name.strip()[:36], actor=access.SYSTEM)
        return LoginResult(None, wrong)
    actor = AccountView.from_row(row).actor
    if row.disabled:
        audit.append(session, "login_refused", table="account", record=row.name, detail={"why": "disabled"},
                     actor=actor)
        return LoginResult(None, _("This account is disabled; ask the head of the station (主任)."))
    if row.locked_until is not None and row.locked_until > now:
        audit.append(session, "login_refused", table="account", record=row.name, detail={"why": "locked"},
                     actor=actor)
        return LoginResult(None, _locked_message(row.locked_until))
    try:
        if not password_ahead.verified(row.password_hash, password):   # the command line's, started early
            _hasher().verify(row.password_hash, password)
    except (VerificationError, InvalidHashError):
        row.failed_logins += 1
        if row.failed_logins >= MAX_FAILURES:
            row.failed_logins, row.locked_until = 0, now + timedelta(minutes=LOCK_MINUTES)
            audit.append(session, "lockout", table="account", record=row.name, actor=actor,
                         detail={"until": row.locked_until.isoformat()})
            return LoginResult(None, _locked_message(row.locked_until))
        audit.append(session, "login_failed", table="account", record=row.name, actor=actor)
        return LoginResult(None, _("Wrong name or password; {n} more tries before the account is locked.").format(
            n=MAX_FAILURES - row.failed_logins))
    row.failed_logins, row.locked_until = 0, None
    if _hasher().check_needs_rehash(row.password_hash):
        row.password_hash = _hasher().hash(password)
    audit.append(session, "login", table="account", record=row.name, actor=actor)
    return LoginResult(actor)


def logout(session: Session, *, actor: Actor) -> None:
    """The window left for another user (切换用户): on record, so that the trail shows who worked when."""
    audit.append(session, "logout", table="account", record=actor.name, actor=actor)


def _locked_message(until: datetime) -> str:
    return _("Too many wrong passwords: the account is locked until {time}. Try again then, or ask the head of "
             "the station (主任) to reset the password.").format(time=format_datetime(until))
