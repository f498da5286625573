"""Secrets kept at rest under a passphrase: Argon2id turns the passphrase into a key, AES-256-GCM seals each
secret with it.

A sealed secret carries everything needed to open it again but the passphrase: a format mark, the Argon2id
parameters and salt, the nonce, then the ciphertext and its tag. The label (which secret it is) is bound in as
associated data, so one sealed value cannot be passed off as another. A wrong passphrase fails the tag check.
"""
from __future__ import annotations

import os
import struct
from dataclasses import dataclass

from app.errors import MediationError
from app.i18n import _

MARK = b"\x00MSSEAL1"
MIN_LENGTH = 10
_HEADER = struct.Struct(">BIB")          # time cost, memory cost (KiB), parallelism


@dataclass(frozen=True)
class Kdf:
    """RFC 9106's second recommended choice for Argon2id: 3 passes over 64 MiB, 4 lanes (≈0.3 s here)."""
    time_cost: int = 3
    memory_kib: int = 64 * 1024
    parallelism: int = 4


KDF = Kdf()
SALT, NONCE = 16, 12
# Derived keys by (passphrase, salt, parameters): one derivation per process per passphrase and salt; secrets
# sealed in this process reuse the salt of the last derivation with the same passphrase.
_keys: dict[tuple[bytes, bytes, Kdf], bytes] = {}
_salts: dict[bytes, tuple[bytes, Kdf]] = {}


class WrongPassphrase(MediationError):
    pass


def _derive(passphrase: bytes, salt: bytes, kdf: Kdf) -> bytes:
    found = _keys.get((passphrase, salt, kdf))
    if found is None:
        from argon2.low_level import Type, hash_secret_raw

        found = hash_secret_raw(passphrase, salt, time_cost=kdf.time_cost, memory_cost=kdf.memory_kib,
                                parallelism=kdf.parallelism, hash_len=32, type=Type.ID)
        _keys[(passphrase, salt, kdf)] = found
        _salts[passphrase] = (salt, kdf)
    return found


def check_new(passphrase: str) -> None:
    """A passphrase good enough to protect keys: long, and not only spaces."""
    if len(passphrase.strip()) < MIN_LENGTH:
        raise MediationError(_("The passphrase must be at least {n} characters long (a short sentence is easy to "
                               "remember); nothing was changed.").format(n=MIN_LENGTH))


def is_sealed(blob: bytes) -> bool:
    return bytes(blob[:len(MARK)]) == MARK


def seal(secret: bytes, passphrase: str, *, label: str) -> bytes:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    key_material = passphrase.encode("utf-8")
    salt, kdf = _salts.get(key_material) or (os.urandom(SALT), KDF)
    nonce = os.urandom(NONCE)
    sealed = AESGCM(_derive(key_material, salt, kdf)).encrypt(nonce, secret, label.encode("utf-8"))
    return MARK + _HEADER.pack(kdf.time_cost, kdf.memory_kib, kdf.parallelism) + salt + nonce + sealed


def unseal(blob: bytes, passphrase: str, *, label: str) -> bytes:
    """The secret, or WrongPassphrase; nothing else is told (a damaged value looks the same)."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    blob = bytes(blob)
    at = len(MARK)
    time_cost, memory_kib, parallelism = _HEADER.unpack_from(blob, at)
    at += _HEADER.size
    salt, nonce, sealed = blob[at:at + SALT], blob[at + SALT:at + SALT + NONCE], blob[at + SALT + NONCE:]
    kdf = Kdf(time_cost, memory_kib, parallelism)
    if not (1 <= time_cost <= 16 and 8 * parallelism <= memory_kib <= 4 << 20 and 1 <= parallelism <= 16):
        raise MediationError(_("A sealed key in the database is damaged (impossible parameters); restore the "
                               "database from a backup."))
    try:
        return AESGCM(_derive(passphrase.encode("utf-8"), salt, kdf)).decrypt(nonce, sealed, label.encode("utf-8"))
    except (InvalidTag, ValueError):
        raise WrongPassphrase(_("The passphrase is wrong; nothing was opened or changed. Type it again (mind the "
                                "keyboard layout and Caps Lock).")) from None
