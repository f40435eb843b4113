"""Keyed pseudonyms (tokens) for normalised identifiers.

    token = HMAC-SHA256(K_table_epoch, encode_fields("signalmatch/token/v1", table, epoch, kind, value))

The secret is per table and key epoch; the table, the epoch and the identifier kind are also in
the message, so tokens are domain-separated even if a secret were ever reused: a phone token of
table A never equals one of table B, of another epoch, or a KvK number with the same digits.
Without the secret nobody (the matcher included) can dictionary-attack a 9-digit BSN.
`encode_fields` length-prefixes every field, so no two different inputs share a message.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass, field

from signalmatch import crypto, enums, i18n
from signalmatch.errors import ConfigError, InvalidValue
from signalmatch.v1 import common_pb2

TOKEN_LABEL = "signalmatch/token/v1"


_PROTO_PREFIX = "IDENTIFIER_KIND_"


class IdentifierKind(enum.StrEnum):
    """Kinds of identifier; 1:1 with the proto enum signalmatch.v1.IdentifierKind."""

    BSN = "bsn"
    PHONE = "phone"
    EMAIL = "email"
    ADDRESS = "address"
    KENTEKEN = "kenteken"
    KVK = "kvk"
    IBAN = "iban"
    URL = "url"
    NAME_DOB = "name_dob"

    def to_proto(self) -> common_pb2.IdentifierKind:
        return enums.number(common_pb2.IdentifierKind, self.name)

    @classmethod
    def from_proto(cls, value: int) -> IdentifierKind:
        """The kind for a proto enum number; InvalidValue for UNSPECIFIED or an unknown number."""
        try:
            name = common_pb2.IdentifierKind.Name(value)
            return cls[name.removeprefix(_PROTO_PREFIX)]
        except (ValueError, KeyError):
            raise InvalidValue("identifier_kind.unknown", i18n.t("identifier_kind.unknown", value=value)) from None


@dataclass(frozen=True)
class TokenKey:
    """The token secret of one table and key epoch. Its repr never shows the secret."""

    table: str
    epoch: int
    secret: bytes = field(repr=False)

    def __post_init__(self) -> None:
        if not self.table:
            raise ConfigError("a token key needs a table id")
        if isinstance(self.epoch, bool) or not isinstance(self.epoch, int) or self.epoch < 0:
            raise ConfigError(f"token key epoch must be a non-negative integer, not {self.epoch!r}")
        if not isinstance(self.secret, bytes) or len(self.secret) < crypto.SECRET_BYTES:
            raise ConfigError(f"token key secret must be at least {crypto.SECRET_BYTES} bytes")


def token(key: TokenKey, kind: IdentifierKind, normalised: str) -> bytes:
    """The 32-byte keyed token of one normalised identifier (see :mod:`node.normalise`)."""
    kind = IdentifierKind(kind)
    if not normalised:
        raise ValueError("cannot tokenise an empty identifier")
    message = crypto.encode_fields(TOKEN_LABEL, key.table, str(key.epoch), kind.value, normalised)
    return crypto.hmac_sha256(key.secret, message)


def tokens(key: TokenKey, identifiers: Iterable[tuple[IdentifierKind, str]]) -> list[tuple[IdentifierKind, bytes]]:
    """Tokens of `identifiers`, duplicates removed, in first-seen order."""
    unique = dict.fromkeys((IdentifierKind(kind), value) for kind, value in identifiers)
    return [(kind, token(key, kind, value)) for kind, value in unique]
