"""The outer layer of a bundle: encrypted to the county, signed by the station.

    MSBUNDLE\\x01 | header length (4 bytes) | header JSON | ciphertext length (8 bytes) | ciphertext | signature

The header is plain (no personal information: format, station code, bundle number, the keys and
algorithms) so that the county can refuse an unknown or revoked key, and check the signature, before it
decrypts anything. The signature (Ed25519) covers every byte before it. The payload is encrypted with
AES-256-GCM under a key agreed by X25519 between a fresh ephemeral key and the county's key (HKDF-SHA256);
the header is the AEAD's associated data, so it cannot be swapped either.
"""
from __future__ import annotations

import base64
import json
import os
import struct
from collections.abc import Callable
from dataclasses import dataclass

from app.errors import MediationError
from app.i18n import _
from app.sync.schema import ALGORITHMS, BUNDLE_FORMAT
from app.sync_keys import b64

MAGIC = b"MSBUNDLE\x01"
MAX_HEADER = 64 * 1024
SIGNATURE_SIZE = 64
INFO = b"mediation-station-bundle/1"


class BundleRefused(MediationError):
    """A bundle the county will not take; the message says why and what to do."""


@dataclass(frozen=True)
class Header:
    station_code: str
    number: int
    signer: str          # base64 of the station's Ed25519 public key
    recipient: str       # base64 of the county's X25519 public key
    raw: dict


def unb64(text: str) -> bytes:
    return base64.b64decode(text, validate=True)


def _key(shared: bytes, ephemeral: bytes, recipient: bytes) -> bytes:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    return HKDF(algorithm=hashes.SHA256(), length=32, salt=ephemeral + recipient, info=INFO).derive(shared)


def seal(payload: bytes, *, station_code: str, number: int, signing_key, county_agreement_key: str) -> bytes:
    """Encrypt payload to the county's X25519 public key (base64) and sign with the station's Ed25519 key."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    raw = serialization.Encoding.Raw, serialization.PublicFormat.Raw
    recipient = unb64(county_agreement_key)
    ephemeral = X25519PrivateKey.generate()
    ephemeral_pub = ephemeral.public_key().public_bytes(*raw)
    key = _key(ephemeral.exchange(X25519PublicKey.from_public_bytes(recipient)), ephemeral_pub, recipient)
    nonce = os.urandom(12)
    header = json.dumps({"format": BUNDLE_FORMAT, "station_code": station_code, "number": number,
                         "signer": b64(signing_key.public_key().public_bytes(*raw)), "recipient": b64(recipient),
                         "ephemeral": b64(ephemeral_pub), "nonce": b64(nonce), "algorithms": ALGORITHMS},
                        sort_keys=True).encode("utf-8")
    ciphertext = AESGCM(key).encrypt(nonce, payload, header)
    body = b"".join((MAGIC, struct.pack(">I", len(header)), header, struct.pack(">Q", len(ciphertext)),
                     ciphertext))
    return body + signing_key.sign(body)


def read_header(data: bytes) -> tuple[Header, int]:
    """The plain header and where the ciphertext length starts; refuses what is not a whole bundle."""
    damaged = _("The file is not a Mediation Station bundle, or it is truncated or damaged; ask the station "
                "to export it again.")
    if not data.startswith(MAGIC) or len(data) < len(MAGIC) + 4:
        raise BundleRefused(damaged)
    (length,) = struct.unpack_from(">I", data, len(MAGIC))
    start = len(MAGIC) + 4
    if length > MAX_HEADER or start + length + 8 + SIGNATURE_SIZE > len(data):
        raise BundleRefused(damaged)
    try:
        raw = json.loads(data[start:start + length])
        header = Header(str(raw["station_code"]), int(raw["number"]), str(raw["signer"]), str(raw["recipient"]),
                        raw)
    except (ValueError, KeyError, TypeError):
        raise BundleRefused(damaged) from None
    if raw.get("format") != BUNDLE_FORMAT:
        raise BundleRefused(_("The bundle's format {format} is not one this version reads; update Mediation "
                              "Station.").format(format=raw.get("format")))
    return header, start + length


def open_sealed(data: bytes, *, station_key: str, county_agreement_key: Callable[[], object]) -> bytes:
    """Check the signature against the enrolled station key (base64), then decrypt with the county's key."""
    from cryptography.exceptions import InvalidSignature, InvalidTag
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PublicKey
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    header, at = read_header(data)
    (length,) = struct.unpack_from(">Q", data, at)
    end = at + 8 + length
    if end + SIGNATURE_SIZE != len(data):
        raise BundleRefused(_("The bundle is truncated or has bytes added; ask the station to export it again."))
    if header.signer != station_key:
        raise BundleRefused(_("Bundle {number} of station {code} is signed with a key the county has not enrolled "
                              "for that station; enrol the station's current key file first.").format(
            number=header.number, code=header.station_code))
    try:
        Ed25519PublicKey.from_public_bytes(unb64(station_key)).verify(data[end:], data[:end])
    except (InvalidSignature, ValueError):
        raise BundleRefused(_("The signature of bundle {number} of station {code} does not match its contents: "
                              "the file was changed or damaged on the way. Ask the station to send it again.")
                            .format(number=header.number, code=header.station_code)) from None
    private = county_agreement_key()
    own = private.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    if header.recipient != b64(own):
        raise BundleRefused(_("Bundle {number} of station {code} was encrypted to another county key; the station "
                              "must import this county's key file (county export-key) and export again.")
                            .format(number=header.number, code=header.station_code))
    try:
        ephemeral = unb64(header.raw["ephemeral"])
        key = _key(private.exchange(X25519PublicKey.from_public_bytes(ephemeral)), ephemeral, own)
        return AESGCM(key).decrypt(unb64(header.raw["nonce"]), data[at + 8:end], data[len(MAGIC) + 4:at])
    except (InvalidTag, KeyError, ValueError, TypeError):
        raise BundleRefused(_("Bundle {number} of station {code} cannot be decrypted with this county's key.")
                            .format(number=header.number, code=header.station_code)) from None
