"""Keyed tokens: HMAC-SHA256 against RFC 4231, token format and domain separation, kinds."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from signalmatch import crypto
from signalmatch.errors import ConfigError, InvalidValue
from signalmatch.node.pseudonymise import IdentifierKind, TokenKey, token, tokens
from signalmatch.v1 import common_pb2

VECTORS = json.loads((Path(__file__).parents[1] / "vectors" / "rfc4231.json").read_text())["cases"]
SETTINGS = settings(max_examples=150, deadline=None)

TABLES = st.text(min_size=1, max_size=20)
EPOCHS = st.integers(0, 2**31)
KINDS = st.sampled_from(list(IdentifierKind))
VALUES = st.text(min_size=1, max_size=40)
SECRETS = st.binary(min_size=crypto.SECRET_BYTES, max_size=crypto.SECRET_BYTES)


# -- RFC 4231 ------------------------------------------------------------------------------------


def test_all_seven_rfc4231_cases_are_present():
    assert [case["case"] for case in VECTORS] == [1, 2, 3, 4, 5, 6, 7]


@pytest.mark.parametrize("case", VECTORS, ids=lambda case: f"case{case['case']}")
def test_hmac_sha256_matches_rfc4231(case):
    mac = crypto.hmac_sha256(bytes.fromhex(case["key"]), bytes.fromhex(case["data"]))
    assert len(mac) == 32
    expected = bytes.fromhex(case["mac"])
    assert len(expected) * 8 == case["truncate_bits"]
    assert mac[: len(expected)] == expected


# -- tokens --------------------------------------------------------------------------------------


def _field(text: str) -> bytes:
    raw = text.encode("utf-8")
    return len(raw).to_bytes(4, "big") + raw


def test_token_is_hmac_over_length_prefixed_fields():
    """The wire format of a token, written out independently of crypto.encode_fields."""
    secret = crypto.new_secret()
    key = TokenKey(table="tafel-noord", epoch=3, secret=secret)
    message = b"".join(_field(f) for f in ("signalmatch/token/v1", "tafel-noord", "3", "phone", "+31612345678"))
    assert token(key, IdentifierKind.PHONE, "+31612345678") == hmac.new(secret, message, hashlib.sha256).digest()


@given(TABLES, EPOCHS, KINDS, VALUES, SECRETS)
@SETTINGS
def test_same_input_same_token_of_32_bytes(table, epoch, kind, value, secret):
    first = token(TokenKey(table, epoch, secret), kind, value)
    again = token(TokenKey(table, epoch, bytes(secret)), IdentifierKind(kind.value), str(value))
    assert first == again
    assert len(first) == 32


@given(st.data(), TABLES, EPOCHS, KINDS, VALUES)
@SETTINGS
def test_any_difference_gives_another_token(data, table, epoch, kind, value):
    secret = crypto.new_secret()
    base = token(TokenKey(table, epoch, secret), kind, value)
    what = data.draw(st.sampled_from(["table", "epoch", "kind", "value", "secret"]))
    if what == "table":
        other = token(TokenKey(data.draw(TABLES.filter(lambda t: t != table)), epoch, secret), kind, value)
    elif what == "epoch":
        other = token(TokenKey(table, data.draw(EPOCHS.filter(lambda e: e != epoch)), secret), kind, value)
    elif what == "kind":
        other = token(TokenKey(table, epoch, secret), data.draw(KINDS.filter(lambda k: k != kind)), value)
    elif what == "value":
        other = token(TokenKey(table, epoch, secret), kind, data.draw(VALUES.filter(lambda v: v != value)))
    else:
        other = token(TokenKey(table, epoch, crypto.new_secret()), kind, value)
    assert other != base


def test_field_boundaries_cannot_be_shifted():
    secret = crypto.new_secret()
    assert token(TokenKey("ab", 1, secret), IdentifierKind.KVK, "12345678") != token(
        TokenKey("a", 1, secret), IdentifierKind.KVK, "b12345678"
    )
    assert token(TokenKey("t", 1, secret), IdentifierKind.KVK, "12345678") != token(
        TokenKey("t", 11, secret), IdentifierKind.KVK, "2345678"
    )


def test_same_digits_as_different_kinds_differ():
    key = TokenKey("t", 1, crypto.new_secret())
    assert token(key, IdentifierKind.KVK, "12345678") != token(key, IdentifierKind.BSN, "12345678")


def test_repr_does_not_show_the_secret():
    secret = crypto.new_secret()
    key = TokenKey("tafel-noord", 2, secret)
    for shown in (repr(key), str(key), f"{key}", repr([key])):
        assert "tafel-noord" in shown
        assert "secret" not in shown
        for form in (repr(secret), secret.hex(), base64.b64encode(secret).decode()):
            assert form not in shown


def test_token_key_rejects_weak_or_malformed_keys():
    with pytest.raises(ConfigError):
        TokenKey("t", 1, b"short")
    with pytest.raises(ConfigError):
        TokenKey("", 1, crypto.new_secret())
    with pytest.raises(ConfigError):
        TokenKey("t", -1, crypto.new_secret())
    with pytest.raises(ConfigError):
        TokenKey("t", "1", crypto.new_secret())  # type: ignore[arg-type]


def test_empty_identifier_is_a_programming_error():
    with pytest.raises(ValueError):
        token(TokenKey("t", 1, crypto.new_secret()), IdentifierKind.BSN, "")


def test_tokens_deduplicate_and_keep_order():
    key = TokenKey("t", 1, crypto.new_secret())
    result = tokens(
        key,
        [
            (IdentifierKind.PHONE, "+31612345678"),
            (IdentifierKind.BSN, "111222333"),
            (IdentifierKind.PHONE, "+31612345678"),
            (IdentifierKind.KVK, "111222333"),
            (IdentifierKind.BSN, "111222333"),
        ],
    )
    assert [kind for kind, _ in result] == [IdentifierKind.PHONE, IdentifierKind.BSN, IdentifierKind.KVK]
    assert result[0][1] == token(key, IdentifierKind.PHONE, "+31612345678")
    assert result[1][1] == token(key, IdentifierKind.BSN, "111222333")
    assert result[2][1] == token(key, IdentifierKind.KVK, "111222333")
    assert tokens(key, []) == []


# -- identifier kinds ----------------------------------------------------------------------------


def test_kinds_match_the_proto_enum_one_to_one():
    proto_names = {
        name.removeprefix("IDENTIFIER_KIND_")
        for name in common_pb2.IdentifierKind.keys()
        if name != "IDENTIFIER_KIND_UNSPECIFIED"
    }
    assert proto_names == {kind.name for kind in IdentifierKind}
    for kind in IdentifierKind:
        assert kind.value == kind.name.lower()
        assert common_pb2.IdentifierKind.Name(kind.to_proto()) == f"IDENTIFIER_KIND_{kind.name}"
        assert IdentifierKind.from_proto(kind.to_proto()) is kind


@pytest.mark.parametrize("number", [common_pb2.IDENTIFIER_KIND_UNSPECIFIED, 999])
def test_unknown_proto_kind_is_rejected(number):
    with pytest.raises(InvalidValue) as caught:
        IdentifierKind.from_proto(number)
    assert caught.value.rule == "identifier_kind.unknown"
