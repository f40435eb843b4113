"""The wire format of a fuzzy encoding, shared by the node that makes it and the matcher that
compares it: the kinds, the lengths, the field segments of an address and the `Encoding` value. How
an encoding is made lives at the node (`signalmatch.node.fuzzy`), how it is compared at the matcher
(`signalmatch.matcher.fuzzy`)."""

from __future__ import annotations

from dataclasses import dataclass

from signalmatch.errors import ConfigError

PERSON = "person"  # name and date of birth in one filter: no longer made (issue 13)
ADDRESS = "address"  # the whole address in one filter, salted with the house number: no longer made (issue 13)
PERSON_FIELDS = "person_fields"  # the names and the date of birth in segments of one filter
ADDRESS_FIELDS = "address_fields"  # street, place, postcode and house number in segments of one filter
KINDS = (PERSON, ADDRESS, PERSON_FIELDS, ADDRESS_FIELDS)

FILTER_BITS = 1024  # before folding; a power of two, at most 65536 (16-bit positions)
BLOCK_BYTES = 8
HARDENING_OPTIONS = ("none", "xor")
DEFAULT_HARDENING = "xor"

# The fields of a person_fields or address_fields encoding, each in its own segment: (field, 64-bit
# words of the unfolded filter), in order. XOR-folding folds every segment onto its own first half,
# so the layout scales with the hardening and the matcher finds a segment by its share of the
# encoding's length (`segments`).
NAME, BIRTH_DATE = "name", "birth_date"
STREET, PLACE, POSTCODE, NUMBER, ADDITION = "street", "place", "postcode", "number", "addition"
SEGMENTS: dict[str, tuple[tuple[str, int], ...]] = {
    PERSON_FIELDS: ((NAME, 16), (BIRTH_DATE, 8)),
    # the addition ("12a") apart from the number: a missing addition is no evidence, another one is
    # another address (another flat in the same building)
    ADDRESS_FIELDS: ((STREET, 8), (PLACE, 4), (POSTCODE, 4), (NUMBER, 4), (ADDITION, 4)),
}


@dataclass(frozen=True)
class Encoding:
    """A keyed Bloom-filter encoding: `bits` (fixed length per kind and hardening) and keyed blocks."""

    kind: str  # one of KINDS
    bits: bytes
    blocks: tuple[bytes, ...]


def check_hardening(hardening: str) -> None:
    if hardening not in HARDENING_OPTIONS:
        raise ConfigError(f"unknown hardening {hardening!r}; choose one of {', '.join(HARDENING_OPTIONS)}")


def encoded_bits(hardening: str = DEFAULT_HARDENING, kind: str = PERSON_FIELDS) -> int:
    """The length in bits of every encoding of `kind` made with `hardening`."""
    check_hardening(hardening)
    bits = sum(words for _, words in SEGMENTS[kind]) * 64 if kind in SEGMENTS else FILTER_BITS
    return bits // 2 if "xor" in hardening else bits


def fields(kind: str) -> tuple[str, ...]:
    """The fields of an encoding of `kind` compared apart (none for a kind without segments)."""
    return tuple(name for name, _ in SEGMENTS.get(kind, ()))


def segments(kind: str, length: int) -> dict[str, tuple[int, int]]:
    """field -> (first word, end word) of its segment in an encoding of `kind` (one of SEGMENTS) of
    `length` bytes, folded or not: the segments keep their shares. ValueError for another length."""
    layout = SEGMENTS[kind]
    total = sum(words for _, words in layout)
    if length * 2 == total * 8:
        scale = 2  # XOR-folded: every segment half as long
    elif length == total * 8:
        scale = 1
    else:
        raise ValueError(f"a {kind} encoding of {length} bytes has no segment layout")
    out: dict[str, tuple[int, int]] = {}
    start = 0
    for name, words in layout:
        out[name] = (start, start + words // scale)
        start += words // scale
    return out
