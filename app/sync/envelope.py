"""The outer layer of a bundle: encrypted to the county, signed by the station, written and read as a stream.

    MSBUNDLE\\x02 | header length (4 bytes) | header JSON | chunk 0 | chunk 1 | … | final chunk | signature

The header is plain (no personal information: format, station code, bundle number and id, the keys and
algorithms) so that the county can refuse an unknown or revoked key before it decrypts anything.

The payload is cut into chunks of `chunk` bytes (1 MiB) and each is sealed on its own with AES-256-GCM under a
key agreed by X25519 between a fresh ephemeral key and the county's key (HKDF-SHA256): the STREAM construction
(Hoang, Reyhanitabar, Rogaway, Vizár 2015). Chunk i's nonce is a random 7-byte prefix, i as 4 bytes, and a
byte that is 1 for the final chunk only; the header is every chunk's associated data. So chunks cannot be
reordered, dropped, repeated, cut after a whole chunk or moved to another bundle. Every chunk but the final
one holds exactly `chunk` bytes (`chunk` + 16 sealed); the final one holds 0 to `chunk` bytes.

The signature (Ed25519) is over SIGNED + SHA-256 of every byte before it, computed as the bytes go by, so
neither end ever holds the bundle in memory. The bundle's digest (the ledger's and the receipt's) is the
SHA-256 of the whole stream, signature included.
"""
from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import struct
from collections.abc import Callable
from dataclasses import dataclass
from typing import BinaryIO, Protocol

from app.errors import MediationError
from app.i18n import _
from app.sync.schema import ALGORITHMS, BUNDLE_FORMAT
from app.sync_keys import b64

MAGIC = b"MSBUNDLE\x02"
OLD_MAGIC = b"MSBUNDLE\x01"      # the whole-file format of earlier versions
MAX_HEADER = 64 * 1024
SIGNATURE_SIZE = 64
TAG_SIZE = 16
CHUNK = 1 << 20
CHUNK_RANGE = (1 << 12, 1 << 24)  # what a reader accepts from a header: memory stays bounded
INFO = b"mediation-station-bundle/2"
SIGNED = b"mediation-station-bundle/2 signature\n"


class BundleRefused(MediationError):
    """A bundle the county will not take; the message says why and what to do."""


class Writable(Protocol):
    def write(self, data: bytes, /) -> object: ...


@dataclass(frozen=True)
class Header:
    station_code: str
    number: int
    signer: str          # base64 of the station's Ed25519 public key
    recipient: str       # base64 of the county's X25519 public key
    raw: dict
    bundle_id: str = ""


def unb64(text: str) -> bytes:
    return base64.b64decode(text, validate=True)


def _key(shared: bytes, ephemeral: bytes, recipient: bytes) -> bytes:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    return HKDF(algorithm=hashes.SHA256(), length=32, salt=ephemeral + recipient, info=INFO).derive(shared)


def _nonce(prefix: bytes, index: int, last: bool) -> bytes:
    return prefix + struct.pack(">I", index) + (b"\x01" if last else b"\x00")


class Sealer:
    """A writable that encrypts what it is given, chunk by chunk, into `out`; close() writes the final chunk and
    the signature and returns the bundle's digest."""

    def __init__(self, out: Writable, *, station_code: str, number: int, signing_key, county_agreement_key: str,
                 bundle_id: str = "", chunk: int = CHUNK):
        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        raw = serialization.Encoding.Raw, serialization.PublicFormat.Raw
        recipient = unb64(county_agreement_key)
        ephemeral = X25519PrivateKey.generate()
        ephemeral_pub = ephemeral.public_key().public_bytes(*raw)
        self._aead = AESGCM(_key(ephemeral.exchange(X25519PublicKey.from_public_bytes(recipient)), ephemeral_pub,
                                 recipient))
        self._prefix = os.urandom(7)
        self._header = json.dumps({
            "format": BUNDLE_FORMAT, "station_code": station_code, "number": number, "bundle_id": bundle_id,
            "signer": b64(signing_key.public_key().public_bytes(*raw)), "recipient": b64(recipient),
            "ephemeral": b64(ephemeral_pub), "nonce": b64(self._prefix), "chunk": chunk, "algorithms": ALGORITHMS},
            sort_keys=True).encode("utf-8")
        self._out, self._signing_key, self._chunk = out, signing_key, chunk
        self._hash = hashlib.sha256()
        self._pending = bytearray()
        self._index = 0
        self.size = 0
        self._emit(MAGIC + struct.pack(">I", len(self._header)) + self._header)

    def _emit(self, data: bytes) -> None:
        self._hash.update(data)
        self._out.write(data)
        self.size += len(data)

    def _seal(self, plain: bytes | memoryview, last: bool) -> None:
        self._emit(self._aead.encrypt(_nonce(self._prefix, self._index, last), bytes(plain), self._header))
        self._index += 1

    def write(self, data: bytes) -> int:
        # A chunk is sealed as not final only once a byte beyond it is known to exist.
        self._pending += data
        if len(self._pending) > self._chunk:
            view, at = memoryview(self._pending), 0
            while len(self._pending) - at > self._chunk:
                self._seal(view[at:at + self._chunk], last=False)
                at += self._chunk
            view.release()
            del self._pending[:at]
        return len(data)

    def close(self) -> str:
        """Seal the final chunk, sign; returns the SHA-256 (hex) of the whole stream."""
        self._seal(self._pending, last=True)
        self._pending = bytearray()
        signature = self._signing_key.sign(SIGNED + self._hash.digest())
        self._emit(signature)
        return self._hash.hexdigest()


def seal(payload: bytes, *, station_code: str, number: int, signing_key, county_agreement_key: str,
         bundle_id: str = "") -> bytes:
    """Encrypt payload to the county's X25519 public key (base64) and sign with the station's Ed25519 key."""
    out = io.BytesIO()
    sealer = Sealer(out, station_code=station_code, number=number, signing_key=signing_key,
                    county_agreement_key=county_agreement_key, bundle_id=bundle_id)
    sealer.write(payload)
    sealer.close()
    return out.getvalue()


def _damaged() -> BundleRefused:
    return BundleRefused(_("The file is not a Mediation Station bundle, or it is truncated or damaged; ask the "
                           "station to export it again."))


def read_header(data: bytes) -> tuple[Header, int]:
    """The plain header from the first bytes of the stream (at least MAX_HEADER + 13 of them, or all there
    are) and where the chunks start; refuses what is not a bundle of this format."""
    if data.startswith(OLD_MAGIC):
        raise BundleRefused(_("The bundle was written by an older version of Mediation Station, which this county "
                              "no longer reads; update the station's Mediation Station and export again."))
    if not data.startswith(MAGIC) or len(data) < len(MAGIC) + 4:
        raise _damaged()
    (length,) = struct.unpack_from(">I", data, len(MAGIC))
    start = len(MAGIC) + 4
    if length > MAX_HEADER or start + length > len(data):
        raise _damaged()
    try:
        raw = json.loads(data[start:start + length])
        header = Header(str(raw["station_code"]), int(raw["number"]), str(raw["signer"]), str(raw["recipient"]),
                        raw, str(raw.get("bundle_id", "")))
    except (ValueError, KeyError, TypeError, AttributeError):
        raise _damaged() from None
    if raw.get("format") != BUNDLE_FORMAT:
        raise BundleRefused(_("The bundle's format {format} is not one this version reads; update Mediation "
                              "Station.").format(format=raw.get("format")))
    return header, start + length


def open_stream(source: BinaryIO, size: int, *, station_key: str, county_agreement_key: Callable[[], object],
                out: Writable) -> tuple[Header, str]:
    """Read a sealed stream of `size` bytes from source, writing the plain payload to out as it goes; returns
    the header and the stream's digest. The signature is checked against the enrolled station key (base64)
    once the last byte is read, and is the first thing reported if it fails; whatever was written to out
    before a refusal must then be thrown away."""
    from cryptography.exceptions import InvalidSignature, InvalidTag
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PublicKey
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    first = source.read(min(size, len(MAGIC) + 4 + MAX_HEADER))
    header, at = read_header(first)
    number, code = header.number, header.station_code
    if header.signer != station_key:
        raise BundleRefused(_("Bundle {number} of station {code} is signed with a key the county has not enrolled "
                              "for that station; enrol the station's current key file first.").format(
            number=number, code=code))
    try:
        chunk = int(header.raw["chunk"])
        prefix = unb64(header.raw["nonce"])
        ephemeral = unb64(header.raw["ephemeral"])
        verifier = Ed25519PublicKey.from_public_bytes(unb64(station_key))
    except (KeyError, ValueError, TypeError):
        raise _damaged() from None
    if not CHUNK_RANGE[0] <= chunk <= CHUNK_RANGE[1] or len(prefix) != 7:
        raise _damaged()
    if size < at + TAG_SIZE + SIGNATURE_SIZE:
        raise BundleRefused(_("The bundle is truncated or has bytes added; ask the station to export it again."))
    private = county_agreement_key()
    own = private.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    aead = None
    if header.recipient == b64(own):
        try:
            aead = AESGCM(_key(private.exchange(X25519PublicKey.from_public_bytes(ephemeral)), ephemeral, own))
        except ValueError:
            pass
    plain_header = first[len(MAGIC) + 4:at]
    hasher = hashlib.sha256(first[:at])
    pending = memoryview(first)[at:]        # bytes already read past the header
    position, end, index, failed = at, size - SIGNATURE_SIZE, 0, aead is None

    def take(n: int) -> bytes:
        nonlocal pending
        head = bytes(pending[:n])
        pending = pending[len(head):]
        while len(head) < n and (more := source.read(n - len(head))):
            head += more
        if len(head) < n:
            raise BundleRefused(_("The bundle is truncated or has bytes added; ask the station to export it "
                                  "again."))
        return head

    while position < end:
        n = min(chunk + TAG_SIZE, end - position)
        last = end - position <= chunk + TAG_SIZE
        if n < TAG_SIZE:
            failed = True
        sealed = take(n)
        hasher.update(sealed)
        position += n
        if not failed:
            try:
                out.write(aead.decrypt(_nonce(prefix, index, last), sealed, plain_header))
            except InvalidTag:
                failed = True        # keep reading: a changed file is reported as such, by the signature
        index += 1
    signature = take(SIGNATURE_SIZE)
    if len(pending) or source.read(1):
        raise BundleRefused(_("The bundle is truncated or has bytes added; ask the station to export it again."))
    try:
        verifier.verify(signature, SIGNED + hasher.digest())
    except InvalidSignature:
        raise BundleRefused(_("The signature of bundle {number} of station {code} does not match its contents: "
                              "the file was changed or damaged on the way. Ask the station to send it again.")
                            .format(number=number, code=code)) from None
    if header.recipient != b64(own):
        raise BundleRefused(_("Bundle {number} of station {code} was encrypted to another county key; the station "
                              "must import this county's key file (county export-key) and export again.")
                            .format(number=number, code=code))
    if failed:
        raise BundleRefused(_("Bundle {number} of station {code} cannot be decrypted with this county's key.")
                            .format(number=number, code=code))
    hasher.update(signature)
    return header, hasher.hexdigest()


def open_sealed(data: bytes, *, station_key: str, county_agreement_key: Callable[[], object]) -> bytes:
    """The payload of a whole sealed stream held in memory (tests, small bundles)."""
    out = io.BytesIO()
    open_stream(io.BytesIO(data), len(data), station_key=station_key, county_agreement_key=county_agreement_key,
                out=out)
    return out.getvalue()
