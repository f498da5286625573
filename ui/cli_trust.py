"""The trust commands of `mediation-station`: accounts, the audit trail, backups and restore."""
from __future__ import annotations

import getpass
import sys
from collections.abc import Callable
from pathlib import Path

from app.errors import MediationError
from app import i18n
from app.i18n import _
from app.paths import resolve_db


def add_commands(sub, db_option: Callable[..., None]) -> None:
    users = sub.add_parser("users", help=_("the accounts that may log in"))
    usub = users.add_subparsers(dest="users_command", required=True)
    add = usub.add_parser("add", help=_("add an account"))
    db_option(add, top=False)
    add.add_argument("--name", required=True)
    add.add_argument("--role", choices=("mediator", "head", "reviewer"), required=True)
    add.add_argument("--password-stdin", action="store_true", help=_("read the password from standard input"))
    listing = usub.add_parser("list", help=_("list the accounts"))
    db_option(listing, top=False)
    for name, text in (("disable", _("stop an account from logging in")), ("enable", _("let an account log in again")),
                       ("reset-password", _("set a new password (and lift a lock)"))):
        cmd = usub.add_parser(name, help=text)
        db_option(cmd, top=False)
        cmd.add_argument("name")
        if name == "reset-password":
            cmd.add_argument("--password-stdin", action="store_true",
                             help=_("read the password from standard input"))

    audit = sub.add_parser("audit", help=_("the audit trail (全过程记录)"))
    asub = audit.add_subparsers(dest="audit_command", required=True)
    verify = asub.add_parser("verify", help=_("check the hash chain and report the first broken entry"))
    db_option(verify, top=False)

    backup = sub.add_parser("backup", help=_("copy the database and its attachments, checked, to a folder"))
    db_option(backup, top=False)
    backup.add_argument("--out", type=Path, required=True, help=_("folder to write the backup into"))
    restore = sub.add_parser("restore", help=_("put a backup back in place of the database"))
    db_option(restore, top=False)
    restore.add_argument("file", type=Path)
    restore.add_argument("--yes", action="store_true", help=_("do not ask for confirmation"))


def _as_head(args):
    from ui.cli_auth import open_as

    return open_as(resolve_db(args.db), args, "head").write


def _first_head(args):
    """`users add --role head` on a database with no account at all (one from before accounts): the same
    first step the window offers at its first start; afterwards every account change needs the head's login."""
    from app.database import open_database
    from app.services.sql import rows

    if args.users_command != "add" or args.role != "head":
        return None
    write = open_database(resolve_db(args.db))[2]
    with write() as s:
        return None if rows(s, "SELECT 1 FROM account LIMIT 1") else write


def _password(args) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    if not sys.stdin.isatty():
        raise MediationError(_("No terminal to ask for the password: use --password-stdin."))
    first = getpass.getpass(_("Password: "))
    if getpass.getpass(_("Password again: ")) != first:
        raise MediationError(_("The two passwords differ; nothing was changed."))
    return first


def cmd_users(args) -> int:
    from app.services import accounts

    write = _first_head(args) or _as_head(args)
    if args.users_command == "list":
        with write() as s:
            found = accounts.list_accounts(s)
        for a in found:
            state = _("disabled") if a.disabled else (_("locked") if a.locked_until else _("active"))
            print("\t".join([a.name, a.actor.role_label, state]))
        return 0
    with write.begin() as s:
        if args.users_command == "add":
            view = accounts.add_account(s, name=args.name, role=args.role, password=_password(args))
            message = _("Account {name} ({role}) added.")
        elif args.users_command == "reset-password":
            view = accounts.reset_password(s, name=args.name, password=_password(args))
            message = _("New password set for {name}; the account is unlocked.")
        else:
            view = accounts.set_disabled(s, name=args.name, disabled=args.users_command == "disable")
            message = _("Account {name} disabled.") if view.disabled else _("Account {name} can log in again.")
    print(message.format(name=view.name, role=view.actor.role_label))
    return 0


def cmd_audit(args) -> int:
    from app import audit

    with _as_head(args)() as s:
        found = audit.verify(s)
    if found.ok:
        print(_("The audit trail is intact: {n} entries, each linked to the one before.").format(n=found.entries))
        return 0
    print(_("The audit trail is broken at entry {seq}: {problem}").format(seq=found.broken_at, problem=found.problem),
          file=sys.stderr)
    return 2


def cmd_backup(args) -> int:
    from app.backups import backup, record_backup

    write = _as_head(args)
    result = backup(resolve_db(args.db), args.out)
    with write.begin() as s:
        record_backup(s, result)
    print(_("Written {path}: {size}, schema {schema}, passes the integrity check; {n} attachment files "
            "copied.").format(path=result.path, size=i18n.format_size(result.size), schema=result.schema,
                              n=result.attachments_copied))
    return 0


def cmd_restore(args) -> int:
    from app.restore import check_backup, restore

    database = resolve_db(args.db)
    schema = check_backup(args.file, database)          # refused before anyone logs in: nothing written
    _head_for_restore(args, database)
    if not args.yes:
        if not sys.stdin.isatty():
            raise MediationError(_("Restoring replaces the database; add --yes to confirm."))
        answer = input(_("Replace {db} by the backup {file} (schema {schema})? The current database is kept as a "
                         "copy. [y/N] ").format(db=database, file=args.file, schema=schema))
        if answer.strip().lower() not in ("y", "yes", "是"):
            print(_("Nothing was changed."))
            return 1
    result = restore(database, args.file)
    print(_("Restored from {file}. The database before the restore is kept as {copy}; {n} attachment files put "
            "back. The next weekly bundle will be full.").format(
        file=result.restored_from, copy=result.previous_copy or "-", n=result.attachments_restored))
    return 0


def _head_for_restore(args, database: Path) -> None:
    """The head logs in on the database being replaced; when that one cannot be used (damaged, or a new PC),
    on a scratch copy of the backup, whose heads are the ones who may put it back."""
    import shutil
    import tempfile

    from app.backups import quick_check
    from ui.cli_auth import open_as

    if database.exists() and quick_check(database) == "ok":
        open_as(database, args, "head").engine.dispose()
        return
    with tempfile.TemporaryDirectory() as folder:
        scratch = Path(folder) / "check.sqlite"
        shutil.copyfile(args.file, scratch)
        open_as(scratch, args, "head").engine.dispose()


TRUST_COMMANDS = {"users": cmd_users, "audit": cmd_audit, "backup": cmd_backup, "restore": cmd_restore}
