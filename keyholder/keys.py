"""The keyholder's OPRF keys as files in its own directory: made here, announced signed.

The keyholder makes every epoch's key itself (at enrolment for epoch 1, and when the directory
asks for a new epoch) and signs its public half (signalmatch.directory.announce_oprf_key); the
operator only publishes that announcement in the directory, where every node checks the
keyholder's signature. Keys of destroyed epochs are shredded here and deleted from the database.
"""

from __future__ import annotations

import base64
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from signalmatch import crypto, oprf
from signalmatch.config import oprf_key_name
from signalmatch.directory import Directory, OprfKey, announce_oprf_key
from signalmatch.keyholder.store import key_pair


def make_key(directory: Path, table: str, epoch: int, signing: Ed25519PrivateKey) -> OprfKey:
    """Make epoch `epoch`'s key in `directory` (0600, never overwritten) and announce it."""
    pair = oprf.generate_key_pair()
    crypto.write_private(directory / oprf_key_name(epoch), crypto.secret_to_text(pair.secret))
    return announce(directory / oprf_key_name(epoch), table, epoch, signing)


def announce(key_file: Path, table: str, epoch: int, signing: Ed25519PrivateKey) -> OprfKey:
    pair = key_pair(crypto.load_secret(key_file))
    return announce_oprf_key(signing, table, epoch, base64.b64encode(pair.public).decode("ascii"))


def shred_destroyed(directory: Path, d: Directory) -> list[int]:
    shredded = []
    for epoch in d.epochs.destroyed:
        path = directory / oprf_key_name(epoch)
        if path.exists():
            crypto.shred(path)
            shredded.append(epoch)
    return shredded
