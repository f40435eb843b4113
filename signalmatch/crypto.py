"""All cryptography of the project in one small place, on standard primitives only.

- HMAC-SHA256 (RFC 2104, checked against RFC 4231 vectors) for keyed pseudonyms.
- Ed25519 (RFC 8032) signatures with a context label, for batches, receipts and checkpoints.
- AES-256-GCM for the node vault (encryption at rest).
- NaCl crypto_box (X25519, XSalsa20-Poly1305; pynacl `Box`) for disclosures, sender-authenticated:
  the wire form is nonce (24 bytes) || ciphertext.
- HPKE (RFC 9180, base mode, DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, ChaCha20Poly1305; checked
  against the RFC's vectors) for the table secrets a dealer seals to each partner.
- SHA-256 fingerprints of public keys (certificate pinning) and short fingerprints that people
  read out to each other by phone.
- Key files: Ed25519/X25519 private keys as unencrypted PKCS#8 PEM, symmetric secrets as
  base64 text; all written with mode 0600. Public keys travel as base64 of the raw 32 bytes.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from pathlib import Path

import nacl.exceptions
import nacl.public
from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hpke, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.types import PrivateKeyTypes, PublicKeyTypes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from signalmatch.errors import AuthenticationError, ConfigError

SECRET_BYTES = 32


def hmac_sha256(key: bytes, message: bytes) -> bytes:
    return hmac.digest(key, message, "sha256")  # the one-shot C implementation of HMAC


def sha256(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


def encode_fields(*fields: str | bytes) -> bytes:
    """Unambiguous concatenation: each field as 4-byte big-endian length then its bytes."""
    out = bytearray()
    for field in fields:
        raw = field.encode("utf-8") if isinstance(field, str) else field
        out += len(raw).to_bytes(4, "big") + raw
    return bytes(out)


# -- Ed25519 with a context label ---------------------------------------------------------------


def _labelled(label: str, payload: bytes) -> bytes:
    return label.encode("ascii") + b"\n" + payload


def sign(key: Ed25519PrivateKey, label: str, payload: bytes) -> bytes:
    return key.sign(_labelled(label, payload))


def verify(public_key: Ed25519PublicKey, label: str, payload: bytes, signature: bytes) -> None:
    """Raises AuthenticationError when the signature does not verify."""
    try:
        public_key.verify(signature, _labelled(label, payload))
    except InvalidSignature:
        raise AuthenticationError(f"signature over {label} does not verify") from None


def public_key_b64(key: Ed25519PrivateKey | X25519PrivateKey) -> str:
    raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.b64encode(raw).decode("ascii")


def ed25519_public_from_b64(text: str) -> Ed25519PublicKey:
    try:
        return Ed25519PublicKey.from_public_bytes(base64.b64decode(text, validate=True))
    except ValueError as exc:
        raise ConfigError(f"not a base64 Ed25519 public key: {exc}") from None


def x25519_public_from_b64(text: str) -> X25519PublicKey:
    try:
        return X25519PublicKey.from_public_bytes(base64.b64decode(text, validate=True))
    except ValueError as exc:
        raise ConfigError(f"not a base64 X25519 public key: {exc}") from None


# -- HPKE (RFC 9180) ------------------------------------------------------------------------------

HPKE_SUITE = hpke.Suite(hpke.KEM.X25519, hpke.KDF.HKDF_SHA256, hpke.AEAD.CHACHA20_POLY1305)
"""Base mode, DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, ChaCha20Poly1305 (RFC 9180 A.2.1)."""


def hpke_seal(recipient: X25519PublicKey, plaintext: bytes, info: bytes) -> bytes:
    """Single-shot HPKE: enc (32 bytes) || ciphertext; `info` binds it to its context."""
    return HPKE_SUITE.encrypt(plaintext, recipient, info=info)


def hpke_open(private_key: X25519PrivateKey, sealed: bytes, info: bytes) -> bytes:
    """Inverse of hpke_seal; AuthenticationError when it does not open (wrong key, info or bytes)."""
    try:
        return HPKE_SUITE.decrypt(sealed, private_key, info=info)
    except (InvalidTag, ValueError):
        raise AuthenticationError("an HPKE ciphertext does not open with this key and context") from None


# -- fingerprints ---------------------------------------------------------------------------------


def spki_sha256(public_key: PublicKeyTypes) -> str:
    """Hex SHA-256 of a public key's SubjectPublicKeyInfo (DER): what the directory pins."""
    der = public_key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    return hashlib.sha256(der).hexdigest()


def short_fingerprint(*parts: str | bytes) -> str:
    """Six groups of five digits (about 100 bits) over SHA-256 of the parts, length-prefixed, as
    Signal's safety numbers are made: two people read them out to each other by phone to check
    that the public material one sent is what the other received."""
    digest = hashlib.sha256(encode_fields("signalmatch/fingerprint/v1", *parts)).digest()
    return " ".join(f"{int.from_bytes(digest[i : i + 5], 'big') % 100_000:05d}" for i in range(0, 30, 5))


# -- AES-256-GCM for data at rest ---------------------------------------------------------------


def seal_at_rest(key: bytes, plaintext: bytes, associated: bytes) -> bytes:
    """nonce (12 bytes) || ciphertext+tag, bound to `associated` (e.g. the record id)."""
    nonce = os.urandom(12)
    return nonce + AESGCM(key).encrypt(nonce, plaintext, associated)


def open_at_rest(key: bytes, sealed: bytes, associated: bytes) -> bytes:
    return AESGCM(key).decrypt(sealed[:12], sealed[12:], associated)


# -- key files -----------------------------------------------------------------------------------


BoxPrivateKey = nacl.public.PrivateKey
BoxPublicKey = nacl.public.PublicKey


def load_box_private(path: Path) -> BoxPrivateKey:
    """An X25519 key file (PKCS#8 PEM) as a crypto_box key."""
    raw = load_x25519_private(path).private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    return nacl.public.PrivateKey(raw)


def box_public_from_b64(text: str) -> BoxPublicKey:
    """A public X25519 key as published in the directory (base64 of the raw 32 bytes)."""
    return nacl.public.PublicKey(base64.b64decode(text, validate=True))


def box_seal(plaintext: bytes, sender: BoxPrivateKey, recipient: BoxPublicKey) -> bytes:
    """crypto_box from `sender` to `recipient`: nonce (24 bytes, random) || ciphertext."""
    return bytes(nacl.public.Box(sender, recipient).encrypt(plaintext))


def box_open(ciphertext: bytes, recipient: BoxPrivateKey, sender: BoxPublicKey) -> bytes:
    """Open a crypto_box; AuthenticationError unless `sender` boxed it for `recipient`."""
    try:
        return bytes(nacl.public.Box(recipient, sender).decrypt(ciphertext))
    except (nacl.exceptions.CryptoError, ValueError, TypeError):
        raise AuthenticationError("the box was not sealed by this sender for this recipient") from None


def write_private(path: Path, data: bytes) -> None:
    """Create `path` with mode 0600; refuses to overwrite."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)


def shred(path: Path) -> None:
    """Overwrite a key file with zeros, flush, and delete it. (On copy-on-write or journalling
    storage the overwrite is best effort; the deletion and the key's uselessness are what count.)"""
    path = Path(path)
    if not path.exists():
        return
    size = path.stat().st_size
    with path.open("r+b") as handle:
        handle.write(b"\0" * size)
        handle.flush()
        os.fsync(handle.fileno())
    path.unlink()


def new_secret() -> bytes:
    return os.urandom(SECRET_BYTES)


def secret_to_text(secret: bytes) -> bytes:
    return base64.b64encode(secret) + b"\n"


def load_secret(path: Path) -> bytes:
    try:
        secret = base64.b64decode(Path(path).read_bytes().strip(), validate=True)
    except (OSError, ValueError) as exc:
        raise ConfigError(f"cannot read secret key file {path}: {exc}") from None
    if len(secret) != SECRET_BYTES:
        raise ConfigError(f"secret key file {path} must hold {SECRET_BYTES} bytes, not {len(secret)}")
    return secret


def private_key_pem(key: Ed25519PrivateKey | X25519PrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def load_ed25519_private(path: Path) -> Ed25519PrivateKey:
    key = _load_private(path)
    if not isinstance(key, Ed25519PrivateKey):
        raise ConfigError(f"{path} is not an Ed25519 private key")
    return key


def load_x25519_private(path: Path) -> X25519PrivateKey:
    key = _load_private(path)
    if not isinstance(key, X25519PrivateKey):
        raise ConfigError(f"{path} is not an X25519 private key")
    return key


def _load_private(path: Path) -> PrivateKeyTypes:
    try:
        return serialization.load_pem_private_key(Path(path).read_bytes(), password=None)
    except (OSError, ValueError) as exc:
        raise ConfigError(f"cannot read private key file {path}: {exc}") from None
