"""The login's Argon2 verification started ahead, in a thread, while a command loads the code it needs.

Argon2 (app/services/accounts.py) takes a tenth of a second or more, outside the GIL; on the command line, with
the password in the environment, it can run while the main thread imports SQLAlchemy and reportlab instead of
after them. Only the verification moves: `accounts.login` still finds the account, refuses a disabled or locked
one before anything else, counts failures and audits as always, and asks `verified` for the answer. The hash
is read with the plain sqlite3 module (read-only), so starting costs no import of SQLAlchemy. The parameters
come from the stored hash itself, exactly as in `PasswordHasher.verify`: nothing is weakened.
"""
from __future__ import annotations

import hmac
import sqlite3
import threading
from pathlib import Path

# stored hash -> (password given, the thread, its answer once it has one)
_PENDING: dict[str, tuple[bytes, threading.Thread, list[bool]]] = {}


def start(path: Path, name: str, password: str) -> None:
    """Verify `password` against the stored hash of account `name` in a thread. Anything unusual (no such file
    or account, an older schema, a database URL) starts nothing: `login` then verifies as it always did."""
    from db.connection import read_only

    if "://" in str(path) or not Path(path).is_file():
        return
    try:
        with read_only(Path(path)) as conn:
            row = conn.execute("SELECT password_hash FROM account WHERE name = ?", (name.strip(),)).fetchone()
    except sqlite3.Error:
        return
    if not row or not row[0]:
        return
    stored, answer = row[0], []

    def verify() -> None:
        from argon2 import PasswordHasher
        from argon2.exceptions import InvalidHashError, VerificationError

        try:
            answer.append(PasswordHasher().verify(stored, password))
        except (VerificationError, InvalidHashError):
            answer.append(False)

    thread = threading.Thread(target=verify, name="password-ahead", daemon=True)
    _PENDING[stored] = (password.encode("utf-8"), thread, answer)
    thread.start()


def verified(stored: str, password: str) -> bool:
    """True when a verification started ahead for this very hash and password succeeded (waited for, then
    forgotten). False otherwise, also for a failure: the caller then verifies itself, so that a wrong password
    takes exactly the usual path."""
    entry = _PENDING.pop(stored, None)
    if entry is None:
        return False
    given, thread, answer = entry
    thread.join()
    return hmac.compare_digest(given, password.encode("utf-8")) and answer == [True]
