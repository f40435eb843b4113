"""What a request may carry, checked in one place: numbers in range, resource names with ASCII
digits, page tokens the server made itself (for this caller and this query), and text without
control characters or only blanks. Pure; every server uses it, so no request content can reach
SQLite out of range or produce INTERNAL.
"""

from __future__ import annotations

import base64
import hmac
import json
import re
import secrets
from collections.abc import Sequence

from google.protobuf.timestamp_pb2 import Timestamp

from signalmatch import clock, crypto, i18n
from signalmatch.errors import InvalidValue, ValidationError, Violation

MAX_ID = 2**63 - 1  # SQLite's INTEGER; every id, index and size from a request stays below it


def bad(field: str, rule: str, **values: object) -> ValidationError:
    return ValidationError([InvalidValue(rule, i18n.t(f"requests.{rule}", **values)).at(field)])


# -- numbers -------------------------------------------------------------------------------------


def in_range(value: int, field: str, low: int = 0, high: int = MAX_ID) -> int:
    """`value` when low <= value <= high (a bool is no number); ValidationError (rule "range") otherwise."""
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise bad(field, "range", low=low, high=high)
    return value


# The range of google.protobuf.Timestamp: 0001-01-01T00:00:00Z .. 9999-12-31T23:59:59Z.
MIN_SECONDS, MAX_SECONDS = -62_135_596_800, 253_402_300_799


def timestamp_violation(ts: Timestamp, field: str) -> Violation | None:
    """A Timestamp from a request outside 0001..9999 (or with bad nanos); None when it is fine."""
    if MIN_SECONDS <= ts.seconds <= MAX_SECONDS and 0 <= ts.nanos < 1_000_000_000:
        return None
    return InvalidValue("time.range", i18n.t("requests.time")).at(field)


def request_time(ts: Timestamp, field: str) -> str:
    """The RFC 3339 text of a Timestamp from a request (signalmatch.clock); ValidationError out of range."""
    problem = timestamp_violation(ts, field)
    if problem is not None:
        raise ValidationError([problem])
    return clock.from_timestamp(ts)


# -- resource names ------------------------------------------------------------------------------

_DIGITS = re.compile(r"[0-9]{1,19}")


def parse_id(name: str, prefix: str, field: str = "name") -> int:
    """The number of a resource name like "hits/12": ASCII digits only (no "１", no sign, no
    spaces), 1..MAX_ID; ValidationError (rule "name") otherwise."""
    number = name[len(prefix) :] if name.startswith(prefix) else ""
    if not _DIGITS.fullmatch(number) or not 1 <= int(number) <= MAX_ID:
        raise bad(field, "name", prefix=prefix, max=MAX_ID)
    return int(number)


def hit_name(hit_id: int) -> str:
    return f"hits/{hit_id}"


def parse_hit_name(name: str, field: str = "name") -> int:
    """The one parser of "hits/{id}" (matcher, disclosures, nodes alike)."""
    return parse_id(name, "hits/", field)


def is_hit_name(name: str) -> bool:
    try:
        parse_hit_name(name)
    except ValidationError:
        return False
    return True


# -- page tokens ---------------------------------------------------------------------------------

_TOKEN_LABEL = "signalmatch/page-token/v1"
_MAC_BYTES = 16
MAX_TOKEN_CHARS = 512


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class PageTokens:
    """The one page-token codec. A token holds a position (a short list of ints and strings) and an
    HMAC-SHA256 (truncated to 128 bits) under a key of this server process over the caller, the
    query and the position: the server recognises its own tokens, and a token is good only for the
    caller and the query it was made for. Tokens end with the process (a new key at each start)."""

    def __init__(self, key: bytes | None = None):
        self._key = key or secrets.token_bytes(32)

    def _mac(self, caller: str, query: str, payload: bytes) -> bytes:
        message = crypto.encode_fields(_TOKEN_LABEL, caller, query, payload)
        return crypto.hmac_sha256(self._key, message)[:_MAC_BYTES]

    def encode(self, caller: str, query: str, position: Sequence[int | str]) -> str:
        payload = json.dumps(list(position), separators=(",", ":"), ensure_ascii=True).encode()
        return f"{_b64(payload)}.{_b64(self._mac(caller, query, payload))}"

    def decode(self, token: str, caller: str, query: str, shape: Sequence[type]) -> tuple[int | str, ...]:
        """The position in `token`, each item of the type in `shape` (ints 0..MAX_ID, never a bool);
        ValidationError on the field page_token for anything else."""
        try:
            if len(token) > MAX_TOKEN_CHARS or not token.isascii():
                raise ValueError
            payload_text, _, mac_text = token.partition(".")
            payload = _unb64(payload_text)
            if not hmac.compare_digest(_unb64(mac_text), self._mac(caller, query, payload)):
                raise ValueError
            position = json.loads(payload)
            if not isinstance(position, list) or len(position) != len(shape):
                raise ValueError
            for item, kind in zip(position, shape, strict=True):
                if type(item) is not kind or (isinstance(item, int) and not 0 <= item <= MAX_ID):
                    raise ValueError
        except (ValueError, TypeError, UnicodeDecodeError):
            raise bad("page_token", "page_token") from None
        return tuple(position)


# -- text ----------------------------------------------------------------------------------------

# Unicode category Cc is exactly U+0000..U+001F and U+007F..U+009F (a stable property: no code point
# ever joins or leaves it), so one character class finds a control character at C speed.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
_CONTROL_MULTILINE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")  # without \t \n \r


def text_violation(field: str, value: str, multiline: bool = False) -> Violation | None:
    """A control character (Unicode category Cc; in multi-line text, newlines and tabs are fine) or a
    value of only whitespace; None when the text is plain."""
    if (_CONTROL_MULTILINE if multiline else _CONTROL).search(value):
        return InvalidValue("text.control", i18n.t("requests.text.control")).at(field)
    if value and not value.strip():
        return InvalidValue("text.blank", i18n.t("requests.text.blank")).at(field)
    return None
