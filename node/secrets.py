"""The table secrets this node holds, one file per key epoch, dealt by the table's dealer.

Every partner node can be the dealer (the directory names one; another partner takes over when
it goes). The dealer makes an epoch's secret here, keeps it like every node does, and seals it to
the partners (signalmatch.deal); each node verifies a deal against its directory, opens its own
copy and stores it. Secrets of destroyed epochs are shredded. The same functions serve the live
path (node.secret_sync, through the matcher) and the offline ceremony (deploy), so there is one
way a secret comes to exist and one way it is accepted.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from signalmatch import crypto, i18n
from signalmatch.config import table_secret_name
from signalmatch.deal import DealRefused, SignedDeal, make_deal, open_deal, verify_deal
from signalmatch.directory import Directory


def secret_file(secrets_dir: Path, epoch: int) -> Path:
    return secrets_dir / table_secret_name(epoch)


def held_secret(secrets_dir: Path, epoch: int) -> bytes | None:
    path = secret_file(secrets_dir, epoch)
    return crypto.load_secret(path) if path.is_file() else None


def store_secret(secrets_dir: Path, epoch: int, secret: bytes) -> Path:
    secrets_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(secrets_dir, 0o700)
    path = secret_file(secrets_dir, epoch)
    crypto.write_private(path, crypto.secret_to_text(secret))
    return path


def accept_deal(
    secrets_dir: Path, partner: str, private_key: X25519PrivateKey, directory: Directory, signed: SignedDeal
) -> int:
    """Verify `signed` against `directory`, open this partner's copy and keep it; returns its
    epoch. DealRefused for a deal from anyone but the named dealer, for an epoch the directory does
    not ask for, a copy that does not open, or another secret than the one already held."""
    deal = verify_deal(signed, directory)
    secret = open_deal(deal, partner, private_key)
    held = held_secret(secrets_dir, deal.epoch)
    if held is None:
        store_secret(secrets_dir, deal.epoch, secret)
    elif held != secret:
        raise DealRefused(i18n.t("deal.conflict", epoch=deal.epoch))
    return deal.epoch


def deal(
    secrets_dir: Path,
    dealer: str,
    signing_key: Ed25519PrivateKey,
    directory: Directory,
    epoch: int,
    recipients: Iterable[str],
    may_create: bool = True,
) -> SignedDeal | None:
    """As the dealer: seal epoch `epoch`'s secret to `recipients` (and to the dealer itself, so
    every deal of the epoch is visible to it). Makes the secret when this node holds none and
    `may_create` (nobody has dealt the epoch yet); None when it cannot deal the epoch."""
    secret = held_secret(secrets_dir, epoch)
    if secret is None:
        if not may_create:
            return None
        secret = crypto.new_secret()
        store_secret(secrets_dir, epoch, secret)  # kept before it is dealt: a crash re-deals the same
    return make_deal(dealer, signing_key, directory, epoch, secret, {*recipients, dealer})


def shred_destroyed(secrets_dir: Path, directory: Directory) -> list[int]:
    """Shred the secrets of the epochs the directory lists as destroyed; returns them."""
    shredded = []
    for epoch in directory.epochs.destroyed:
        path = secret_file(secrets_dir, epoch)
        if path.exists():
            crypto.shred(path)
            shredded.append(epoch)
    return shredded
