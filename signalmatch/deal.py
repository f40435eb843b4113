"""Table secrets dealt by a partner: sealed to each partner with HPKE, signed, relayed as ciphertext.

The *dealer* (a partner node named in the directory) makes each key epoch's table secret and
deals it: one HPKE ciphertext per recipient partner (RFC 9180, sealed to its X25519 key from the
directory, ``info`` binding table, epoch and recipient), a commitment to the secret, and an
Ed25519 signature of the dealer over all of it (table, epoch, directory version, dealer,
recipients and their ciphertexts). The matcher stores and relays the deal; it cannot open it and
cannot alter or replace a ciphertext without breaking the signature (HPKE base mode alone would
let anyone seal a secret of their choosing to a partner). A node accepts a deal only when the
dealer is a partner and the dealer named in its verified directory, the epoch is one the
directory asks for, and its own copy opens to a secret that matches the commitment; a second
deal for an epoch it already holds must carry the same secret.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterable
from dataclasses import dataclass

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from signalmatch import crypto, i18n
from signalmatch.directory import Directory, canonical
from signalmatch.errors import AuthenticationError, ConfigError

FORMAT = "signalmatch.deal.v1"
LABEL = "signalmatch.v1.TableSecretDeal"


class DealRefused(AuthenticationError):
    pass


@dataclass(frozen=True)
class Deal:
    table: str
    epoch: int
    directory_version: int
    dealer: str
    commitment: bytes
    sealed: dict[str, bytes]  # recipient partner id -> HPKE ciphertext


@dataclass(frozen=True)
class SignedDeal:
    body: bytes
    signature: bytes

    def deal(self) -> Deal:
        try:
            d = json.loads(self.body.decode("utf-8"))
            if d["format"] != FORMAT or canonical(d) != self.body:
                raise ValueError("format")
            epoch, version = d["epoch"], d["directory_version"]
            if not all(isinstance(v, int) and not isinstance(v, bool) and v >= 1 for v in (epoch, version)):
                raise ValueError("epoch")
            sealed = {str(k): base64.b64decode(v, validate=True) for k, v in dict(d["sealed"]).items()}
            return Deal(
                str(d["table"]),
                epoch,
                version,
                str(d["dealer"]),
                base64.b64decode(d["commitment"], validate=True),
                sealed,
            )
        except (ValueError, KeyError, TypeError, UnicodeDecodeError):
            raise DealRefused(i18n.t("deal.malformed", reason="not a signed deal")) from None

    def to_json(self) -> str:
        return json.dumps(
            {"body": base64.b64encode(self.body).decode(), "signature": base64.b64encode(self.signature).decode()}
        )

    @classmethod
    def from_json(cls, text: str | bytes) -> SignedDeal:
        try:
            data = json.loads(text)
            return cls(
                base64.b64decode(data["body"], validate=True), base64.b64decode(data["signature"], validate=True)
            )
        except (ValueError, KeyError, TypeError):
            raise DealRefused(i18n.t("deal.malformed", reason="not a signed deal")) from None


def hpke_info(table: str, epoch: int, recipient: str) -> bytes:
    return crypto.encode_fields("signalmatch/table-secret/v1", table, str(epoch), recipient)


def commitment(table: str, epoch: int, secret: bytes) -> bytes:
    return crypto.sha256(crypto.encode_fields("signalmatch/table-secret-commitment/v1", table, str(epoch), secret))


def make_deal(
    dealer: str,
    dealer_key: Ed25519PrivateKey,
    directory: Directory,
    epoch: int,
    secret: bytes,
    recipients: Iterable[str],
) -> SignedDeal:
    """Seal `secret` (epoch `epoch`) to each recipient partner of `directory` and sign the deal."""
    sealed = {
        r: crypto.hpke_seal(
            crypto.x25519_public_from_b64(directory.partners[r].encryption_public_key),
            secret,
            hpke_info(directory.table, epoch, r),
        )
        for r in sorted(set(recipients))
    }
    body = canonical(
        {
            "format": FORMAT,
            "table": directory.table,
            "epoch": epoch,
            "directory_version": directory.version,
            "dealer": dealer,
            "commitment": base64.b64encode(commitment(directory.table, epoch, secret)).decode(),
            "sealed": {r: base64.b64encode(c).decode() for r, c in sealed.items()},
        }
    )
    return SignedDeal(body, crypto.sign(dealer_key, LABEL, body))


def verify_deal(signed: SignedDeal, directory: Directory) -> Deal:
    """The deal if its dealer is the partner `directory` names as dealer, its signature is that
    partner's and `directory` asks for its epoch; DealRefused otherwise. (What the matcher checks
    before it stores a deal, and every node before it opens one.)"""
    deal = signed.deal()
    named = directory.dealer
    if deal.table != directory.table or deal.directory_version > directory.version:
        raise DealRefused(i18n.t("deal.malformed", reason="another table or a future directory version"))
    if deal.dealer != named or deal.dealer not in directory.partners:
        raise DealRefused(
            i18n.t("deal.dealer", epoch=deal.epoch, dealer=deal.dealer, version=directory.version, named=named)
        )
    try:
        key = crypto.ed25519_public_from_b64(directory.partners[deal.dealer].signing_public_key)
        crypto.verify(key, LABEL, signed.body, signed.signature)
    except (AuthenticationError, ConfigError):
        raise DealRefused(i18n.t("deal.signature", epoch=deal.epoch, dealer=deal.dealer)) from None
    epochs = directory.epochs
    if deal.epoch not in epochs.active and deal.epoch != epochs.pending:
        raise DealRefused(
            i18n.t(
                "deal.epoch",
                epoch=deal.epoch,
                version=directory.version,
                active=list(epochs.active),
                pending=epochs.pending,
            )
        )
    return deal


def open_deal(deal: Deal, partner: str, private_key: X25519PrivateKey) -> bytes:
    """This partner's copy of the secret; DealRefused when it does not open or match the commitment."""
    sealed = deal.sealed.get(partner)
    if sealed is None:
        raise DealRefused(i18n.t("deal.open", epoch=deal.epoch, partner=partner))
    try:
        secret = crypto.hpke_open(private_key, sealed, hpke_info(deal.table, deal.epoch, partner))
    except AuthenticationError:
        raise DealRefused(i18n.t("deal.open", epoch=deal.epoch, partner=partner)) from None
    if len(secret) != crypto.SECRET_BYTES or commitment(deal.table, deal.epoch, secret) != deal.commitment:
        raise DealRefused(i18n.t("deal.open", epoch=deal.epoch, partner=partner))
    return secret
