"""The county's private keys and person key, sealed in its database under the county's passphrase.

Whoever copies the county database gets the stations' records but not the keys that decrypt the next bundles,
sign receipts or recognise a person across stations. The secrets are opened when the county opens (the command
line: MEDIATION_COUNTY_PASSPHRASE or a prompt; the window: a passphrase dialog) and kept in this process's memory
only. A county database made before they were sealed is sealed on its first open with a passphrase. No OS
keyring: a county database on PostgreSQL is opened from several PCs, and a server has no keyring to ask.
"""
from __future__ import annotations

from sqlalchemy import select, text
from sqlalchemy.orm import Session, sessionmaker

from app import audit, passphrase
from app.errors import MediationError
from app.i18n import _
from db.models import CountyIdentity

FIELDS = ("signing_key", "agreement_key", "person_key")
ENV = "MEDIATION_COUNTY_PASSPHRASE"
NEW, PLAIN, LOCKED, OPEN = "new", "plain", "locked", "open"
_opened: dict[bytes, bytes] = {}        # sealed value -> the secret, for the databases opened in this process


class Locked(MediationError):
    pass


def _label(field: str) -> str:
    return f"county_identity.{field}"


def seal_new(values: dict[str, bytes], secret: str) -> dict[str, bytes]:
    """The new county's secrets sealed under its passphrase (and open in this process)."""
    passphrase.check_new(secret)
    out = {}
    for field, value in values.items():
        out[field] = passphrase.seal(value, secret, label=_label(field))
        _opened[out[field]] = value
    return out


def plain(blob: bytes) -> bytes:
    """The secret behind a stored value. A value never sealed is itself (a county database not yet opened with a
    passphrase: the command line and the window seal it when they open it)."""
    blob = bytes(blob)
    if not passphrase.is_sealed(blob):
        return blob
    try:
        return _opened[blob]
    except KeyError:
        raise Locked(_("The county database is locked: open it with its passphrase (the county window asks for "
                       "it; on the command line set {env} or type it when asked).").format(env=ENV)) from None


def _row(s: Session) -> CountyIdentity:
    found = s.scalars(select(CountyIdentity)).first()
    if found is None:
        from app.sync.county import identity

        identity(s)         # its message: not a county database
    return found


def state(read: sessionmaker[Session]) -> str:
    """NEW (no county keys yet), PLAIN (never sealed: a passphrase is to be set), LOCKED (sealed, not opened in
    this process) or OPEN."""
    with read() as s:
        row = s.scalars(select(CountyIdentity)).first()
        if row is None:
            return NEW
        blobs = [bytes(getattr(row, f)) for f in FIELDS]
    if not all(passphrase.is_sealed(b) for b in blobs):
        return PLAIN
    return OPEN if all(b in _opened for b in blobs) else LOCKED


def unlock(write: sessionmaker[Session], secret: str) -> bool:
    """Open the county's secrets with the passphrase; secrets still stored in plain are sealed under it first
    (True then), the old plain bytes overwritten in the file. A wrong passphrase changes nothing."""
    with write.begin() as s:
        row = _row(s)
        blobs = {f: bytes(getattr(row, f)) for f in FIELDS}
        opened = {f: passphrase.unseal(b, secret, label=_label(f)) for f, b in blobs.items()
                  if passphrase.is_sealed(b)}
        unsealed = [f for f in FIELDS if f not in opened]
        if unsealed:
            if not opened:
                passphrase.check_new(secret)
            if s.get_bind().dialect.name == "sqlite":     # the old row's bytes zeroed, not left as free space
                s.execute(text("PRAGMA secure_delete=ON"))
            for field in unsealed:
                opened[field] = blobs[field]
                blobs[field] = passphrase.seal(blobs[field], secret, label=_label(field))
                setattr(row, field, blobs[field])
            audit.append(s, "county_keys_sealed", detail={"fields": unsealed})
        for field, value in opened.items():
            _opened[blobs[field]] = value
    if unsealed:
        _forget_old_copies(write)
    return bool(unsealed)


def _forget_old_copies(write: sessionmaker[Session]) -> None:
    """The plain row may still sit in the write-ahead log (SQLite) or as a dead row version (PostgreSQL)."""
    engine = write.kw["bind"]
    raw = engine.raw_connection()
    try:
        if engine.dialect.name == "sqlite":
            raw.driver_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        else:
            raw.driver_connection.autocommit = True        # VACUUM runs outside a transaction
            raw.driver_connection.execute("VACUUM FULL county_identity")
            raw.invalidate()                                # not back into the pool in autocommit
    finally:
        raw.close()
