"""The keyholder's OPRF keys as files in its own directory: made here, announced signed.

The keyholder makes every epoch's key itself (at enrolment for epoch 1, and when the directory
asks for a new epoch) and signs its public half (signalmatch.directory.announce_oprf_key); the
operator only publishes that announcement in the directory, where every node checks the
keyholder's signature. Keys of destroyed epochs are shredded here and deleted from the database.

A key file (0600) holds one line. A key made since keys are derived from seeds holds
``seed <base64 of 32 bytes>``: the seed of RFC 9497 DeriveKeyPair, whose public info is
:func:`key_info` (table and epoch), so the keyholder evaluates it on voprf's Evaluator. A key
made before holds the bare base64 scalar; it keeps being evaluated on libsodium (a scalar cannot
be turned into a seed, so such an epoch stays on the slower path until it is destroyed).
"""

from __future__ import annotations

import base64
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from signalmatch import crypto, i18n, oprf
from signalmatch.config import oprf_key_name
from signalmatch.directory import Directory, OprfKey, announce_oprf_key
from signalmatch.errors import ConfigError, InvalidValue

SEED_PREFIX = b"seed "


def key_info(table: str, epoch: int) -> bytes:
    """DeriveKeyPair's public info for the key of `epoch` in `table`: binds the key to both."""
    return crypto.encode_fields("signalmatch/oprf-key", table, str(epoch))


def read_key(key_file: Path, table: str, epoch: int) -> oprf.KeyPair:
    """The key pair in `key_file` (a seed or, made before seeds, a bare scalar); ConfigError if invalid."""
    try:
        text = key_file.read_bytes().strip()
        if text.startswith(SEED_PREFIX):
            seed = base64.b64decode(text.removeprefix(SEED_PREFIX), validate=True)
            return oprf.derive_key_pair(seed, key_info(table, epoch))
        return oprf.scalar_key_pair(base64.b64decode(text, validate=True))
    except (OSError, ValueError, InvalidValue):
        raise ConfigError(i18n.t("keyholder.bad_key", path=key_file)) from None


def make_key(directory: Path, table: str, epoch: int, signing: Ed25519PrivateKey) -> OprfKey:
    """Make epoch `epoch`'s key from a fresh seed in `directory` (0600, never overwritten) and announce it."""
    key_file = directory / oprf_key_name(epoch)
    crypto.write_private(key_file, SEED_PREFIX + base64.b64encode(oprf.new_seed()) + b"\n")
    return announce(key_file, table, epoch, signing)


def announce(key_file: Path, table: str, epoch: int, signing: Ed25519PrivateKey) -> OprfKey:
    pair = read_key(key_file, table, epoch)
    return announce_oprf_key(signing, table, epoch, base64.b64encode(pair.public).decode("ascii"))


def shred_destroyed(directory: Path, d: Directory) -> list[int]:
    shredded = []
    for epoch in d.epochs.destroyed:
        path = directory / oprf_key_name(epoch)
        if path.exists():
            crypto.shred(path)
            shredded.append(epoch)
    return shredded
