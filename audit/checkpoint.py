"""Signed checkpoints: C2SP tlog-checkpoint bodies in C2SP signed notes, with Ed25519.

A signed note (c2sp.org/signed-note) is UTF-8 text ending in a newline, a blank line, then one or
more signature lines ``"— <key name> <base64(4-byte key id || signature)>\\n"`` (em dash U+2014).
For Ed25519 (signature type 0x01) the signature is over the note text and::

    key id = SHA-256(key name || 0x0A || 0x01 || 32-byte public key)[:4]

A verifier key is written ``"<key name>+<8 hex digits key id>+<base64(0x01 || public key)>"``
(the golang.org/x/mod/sumdb/note convention). Signatures by unknown keys are ignored, as the
spec requires; a signature by the expected key that fails to verify rejects the whole note.

A checkpoint (c2sp.org/tlog-checkpoint) is the note text ``"<origin>\\n<size>\\n<base64 root>\\n"``.
We never write extension lines and refuse notes that carry them.

Signatures are over the raw note text (the standard format), not through the labelled signing in
:mod:`signalmatch.crypto`; use a key dedicated to checkpoints.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from signalmatch import i18n
from signalmatch.audit.merkle import HASH_SIZE, ProofError
from signalmatch.errors import AuthenticationError, ConfigError

ALG_ED25519 = 0x01
EM_DASH = "\u2014"
MAX_SIGNATURES = 100
_SIZE_RE = re.compile(r"0|[1-9][0-9]*")
_FORBIDDEN_IN_NAME = re.compile(r"[\s+]")


# -- keys ------------------------------------------------------------------------------------------


def _raw_public(public_key: Ed25519PublicKey) -> bytes:
    return public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def _check_key_name(key_name: str) -> None:
    if not key_name or _FORBIDDEN_IN_NAME.search(key_name):
        raise ConfigError(f"key name {key_name!r} must be non-empty without spaces or '+'")


def key_id(key_name: str, public_key: Ed25519PublicKey) -> bytes:
    """The 4-byte key id of an Ed25519 note key."""
    _check_key_name(key_name)
    material = key_name.encode("utf-8") + b"\n" + bytes([ALG_ED25519]) + _raw_public(public_key)
    return hashlib.sha256(material).digest()[:4]


def vkey(key_name: str, public_key: Ed25519PublicKey) -> str:
    """The verifier key string ``<name>+<hex id>+<base64(0x01 || public key)>``."""
    encoded = base64.b64encode(bytes([ALG_ED25519]) + _raw_public(public_key)).decode("ascii")
    return f"{key_name}+{key_id(key_name, public_key).hex()}+{encoded}"


def parse_vkey(text: str) -> tuple[str, Ed25519PublicKey]:
    """(key name, public key) from a verifier key string; ConfigError if it is malformed."""
    parts = text.strip().split("+", 2)  # the base64 key may itself contain '+'
    if len(parts) != 3:
        raise ConfigError(f"verifier key {text!r} must have the form name+hexid+base64key")
    name, hex_id, b64 = parts
    try:
        raw = base64.b64decode(b64, validate=True)
    except binascii.Error:
        raise ConfigError(f"verifier key {text!r}: key is not base64") from None
    if len(raw) != 33 or raw[0] != ALG_ED25519:
        raise ConfigError(f"verifier key {text!r} is not an Ed25519 key (type 0x01, 32 bytes)")
    public_key = Ed25519PublicKey.from_public_bytes(raw[1:])
    if hex_id != key_id(name, public_key).hex():
        raise ConfigError(f"verifier key {text!r}: key id does not match name and key")
    return name, public_key


# -- signed notes ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class NoteSignature:
    key_name: str
    key_id: bytes  # 4 bytes
    signature: bytes

    @property
    def key(self) -> str:
        return f"{self.key_name}+{self.key_id.hex()}"


def _malformed(detail: str) -> ProofError:
    return ProofError("audit.note.malformed", detail=detail)


def _check_text(text: str, what: str) -> None:
    if any(ord(ch) < 0x20 and ch != "\n" for ch in text):
        raise _malformed(f"{what} contains control characters")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise _malformed(f"{what} is not valid UTF-8") from None


def sign_note(text: str, key_name: str, private_key: Ed25519PrivateKey) -> str:
    """A signed note: `text` (which must end in a newline), a blank line, one signature line."""
    _check_text(text, "text")
    if not text.endswith("\n"):
        raise _malformed("text does not end with a newline")
    kid = key_id(key_name, private_key.public_key())
    signature = private_key.sign(text.encode("utf-8"))
    encoded = base64.b64encode(kid + signature).decode("ascii")
    return f"{text}\n{EM_DASH} {key_name} {encoded}\n"


def parse_note(note: str) -> tuple[str, list[NoteSignature]]:
    """Split a signed note into its text and signature lines (nothing verified yet)."""
    _check_text(note, "note")
    if not note.endswith("\n"):
        raise _malformed("does not end with a newline")
    cut = note.rfind("\n\n")
    if cut < 0:
        raise _malformed("no blank line before the signatures")
    text, block = note[: cut + 1], note[cut + 2 :]
    lines = block.split("\n")[:-1]
    if not lines:
        raise _malformed("no signature lines")
    if len(lines) > MAX_SIGNATURES:
        raise _malformed(f"more than {MAX_SIGNATURES} signatures")
    signatures = []
    for number, line in enumerate(lines, start=1):
        fields = line.split(" ")
        if len(fields) != 3 or fields[0] != EM_DASH or not fields[1] or _FORBIDDEN_IN_NAME.search(fields[1]):
            raise _malformed(f"signature line {number} is not '{EM_DASH} <key name> <base64>'")
        try:
            raw = base64.b64decode(fields[2], validate=True)
        except binascii.Error:
            raise _malformed(f"signature line {number} is not base64") from None
        if len(raw) < 5:
            raise _malformed(f"signature line {number} is too short")
        signatures.append(NoteSignature(fields[1], raw[:4], raw[4:]))
    return text, signatures


def open_note(note: str, key_name: str, public_key: Ed25519PublicKey) -> str:
    """The note's text once a signature by (key_name, public_key) verifies; others are ignored.

    Raises ProofError for a malformed note and AuthenticationError when the key did not sign it
    or its signature fails.
    """
    text, signatures = parse_note(note)
    kid = key_id(key_name, public_key)
    mine = [s for s in signatures if s.key_name == key_name and s.key_id == kid]
    wanted = f"{key_name}+{kid.hex()}"
    if not mine:
        present = ", ".join(s.key for s in signatures)
        raise AuthenticationError(i18n.t("audit.note.no_signature", signer=wanted, present=present))
    for sig in mine:
        try:
            public_key.verify(sig.signature, text.encode("utf-8"))
        except InvalidSignature:
            raise AuthenticationError(i18n.t("audit.note.bad_signature", signer=wanted)) from None
    return text


# -- checkpoints -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Checkpoint:
    """A tree head: the log's origin, its size and the RFC 9162 root hash at that size."""

    origin: str
    size: int
    root_hash: bytes

    def __post_init__(self) -> None:
        if not self.origin or re.search(r"\s", self.origin) or any(ord(c) < 0x20 for c in self.origin):
            raise ProofError("audit.checkpoint.malformed", detail="origin must be non-empty without spaces")
        if isinstance(self.size, bool) or not isinstance(self.size, int) or self.size < 0:
            raise ProofError("audit.checkpoint.malformed", detail="size must be a non-negative integer")
        if not isinstance(self.root_hash, bytes) or len(self.root_hash) != HASH_SIZE:
            raise ProofError("audit.checkpoint.malformed", detail=f"root hash must be {HASH_SIZE} bytes")

    def body(self) -> str:
        root = base64.b64encode(self.root_hash).decode("ascii")
        return f"{self.origin}\n{self.size}\n{root}\n"

    @classmethod
    def from_body(cls, text: str) -> Checkpoint:
        lines = text.split("\n")
        if len(lines) < 4 or lines[-1] != "":
            raise ProofError("audit.checkpoint.malformed", detail="expected origin, size and root lines")
        if len(lines) > 4:
            raise ProofError("audit.checkpoint.malformed", detail="extension lines are not accepted")
        origin, size, root = lines[:3]
        if not _SIZE_RE.fullmatch(size):
            raise ProofError("audit.checkpoint.malformed", detail=f"size {size!r} is not a decimal number")
        try:
            root_hash = base64.b64decode(root, validate=True)
        except binascii.Error:
            raise ProofError("audit.checkpoint.malformed", detail="root hash is not base64") from None
        if base64.b64encode(root_hash).decode("ascii") != root:
            raise ProofError("audit.checkpoint.malformed", detail="root hash is not canonical base64")
        return cls(origin, int(size), root_hash)


def sign_checkpoint(cp: Checkpoint, key_name: str, private_key: Ed25519PrivateKey) -> str:
    """The checkpoint as a signed note (text)."""
    return sign_note(cp.body(), key_name, private_key)


def verify_checkpoint(
    note: str, key_name: str, public_key: Ed25519PublicKey, *, origin: str | None = None
) -> Checkpoint:
    """The checkpoint in `note` once its signature by the given key verifies.

    Raises AuthenticationError (not signed by that key, bad signature) or ProofError (malformed,
    or not from `origin` when given).
    """
    cp = Checkpoint.from_body(open_note(note, key_name, public_key))
    if origin is not None and cp.origin != origin:
        raise ProofError("audit.checkpoint.origin", got=cp.origin, want=origin)
    return cp
