"""Logging in on the command line, as psql does: who from --user or MEDIATION_STATION_USER, the password from
a prompt or MEDIATION_STATION_PASSWORD (for scripts). Every command that reads cases or changes anything
opens its database through `open_as`, so it runs as that account, with its role's rights, and is audited as
that account; wrong passwords count toward the lockout exactly as in the login window.

Only `verify CODE` (the public check of a document's code), `print --list-docs`, `--help` and the first
`init` / `county init` of an empty database run without a login.
"""
from __future__ import annotations

import getpass
import os
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.errors import MediationError
from app.i18n import _

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session, sessionmaker

    from app.access import Actor

USER_ENV = "MEDIATION_STATION_USER"
PASSWORD_ENV = "MEDIATION_STATION_PASSWORD"
# Who may run a command: any station account, the 主任 only, or the county's 县级审核员.
ROLES_ALLOWED = {"user": ("mediator", "head"), "head": ("head",), "reviewer": ("reviewer",)}


@dataclass(frozen=True)
class Opened:
    engine: Engine
    read: sessionmaker[Session]
    write: sessionmaker[Session]
    actor: Actor


def add_user_option(parser, *, top: bool) -> None:
    import argparse

    parser.add_argument("--user", metavar="NAME", default=None if top else argparse.SUPPRESS,
                        help=_("log in as this account (default: MEDIATION_STATION_USER); the password is asked, "
                               "or read from MEDIATION_STATION_PASSWORD"))


def user_name(args) -> str:
    name = (getattr(args, "user", None) or os.environ.get(USER_ENV, "")).strip()
    if not name:
        raise MediationError(_("This command needs a login: give your account with --user NAME (or set "
                               "MEDIATION_STATION_USER); the password is then asked."))
    return name


def password(name: str, *, twice: bool = False) -> str:
    """From MEDIATION_STATION_PASSWORD, else asked on the terminal (twice for a new password)."""
    given = os.environ.get(PASSWORD_ENV)
    if given:
        return given
    if not sys.stdin.isatty():
        raise MediationError(_("No terminal to ask the password of {name}: set MEDIATION_STATION_PASSWORD for "
                               "scripts.").format(name=name))
    first = getpass.getpass(_("Password of {name}: ").format(name=name))
    if twice and getpass.getpass(_("Password again: ")) != first:
        raise MediationError(_("The two passwords differ; nothing was changed."))
    return first


def open_as(target, args, role: str) -> Opened:
    """Open the database at `target`, log the user in, and make every session of it act as them."""
    from app.database import open_database

    engine, read, write = open_database(target)
    actor = log_in(write, args, role)
    for factory in (read, write):
        factory.configure(info={"actor": actor})
    return Opened(engine, read, write, actor)


def log_in(write: sessionmaker[Session], args, role: str) -> Actor:
    from app.services import accounts
    from app.services.sql import rows

    name = user_name(args)
    with write() as s:
        if not rows(s, "SELECT 1 FROM account LIMIT 1"):
            raise MediationError(_("This database has no account yet. Start the app once and set the password of "
                                   "the head of the station (主任), or use `users add --role head`."))
    secret = password(name)
    with write.begin() as s:              # committed either way: failures count toward the lockout
        result = accounts.login(s, name=name, password=secret)
    if result.actor is None:
        raise MediationError(result.message)
    if result.actor.role not in ROLES_ALLOWED[role]:
        needed = {"user": _("a station account"), "head": _("the head of the station (主任)"),
                  "reviewer": _("a county reviewer (县级审核员)")}[role]
        raise MediationError(_("{role} {name} may not run this command; it needs {needed}.").format(
            role=result.actor.role_label, name=result.actor.name, needed=needed))
    return result.actor
