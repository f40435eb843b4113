"""The wire format of a fuzzy encoding, shared by the node that makes it and the matcher that
compares it: the kinds, the lengths and the `Encoding` value. How an encoding is made lives at the
node (`signalmatch.node.fuzzy`), how it is compared at the matcher (`signalmatch.matcher.fuzzy`)."""

from __future__ import annotations

from dataclasses import dataclass

from signalmatch.errors import ConfigError

PERSON = "person"
ADDRESS = "address"
KINDS = (PERSON, ADDRESS)

FILTER_BITS = 1024  # before folding; a power of two, at most 65536 (16-bit positions)
BLOCK_BYTES = 8
HARDENING_OPTIONS = ("none", "salt", "xor", "salt+xor")
DEFAULT_HARDENING = "salt+xor"


@dataclass(frozen=True)
class Encoding:
    """A keyed Bloom-filter encoding: `bits` (fixed length per kind and hardening) and keyed blocks."""

    kind: str  # "person" | "address"
    bits: bytes
    blocks: tuple[bytes, ...]


def check_hardening(hardening: str) -> None:
    if hardening not in HARDENING_OPTIONS:
        raise ConfigError(f"unknown hardening {hardening!r}; choose one of {', '.join(HARDENING_OPTIONS)}")


def encoded_bits(hardening: str = DEFAULT_HARDENING) -> int:
    """The length in bits of every encoding made with `hardening`."""
    check_hardening(hardening)
    return FILTER_BITS // 2 if "xor" in hardening else FILTER_BITS
