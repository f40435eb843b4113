"""RFC 9162 (Certificate Transparency 2.0) Merkle tree hashing, proofs and verifiers. Pure, no I/O.

Hashing (RFC 9162 §2.1.1), with SHA-256:

- empty tree: ``MTH({}) = SHA-256("")``
- leaf: ``SHA-256(0x00 || data)``
- interior node: ``SHA-256(0x01 || left || right)``

Proof generation follows PATH (§2.1.3.1) and SUBPROOF (§2.1.4.1) but never touches leaf data:
:func:`inclusion_ranges` and :func:`consistency_ranges` say which leaf ranges [start, end) the
proof consists of, and :func:`inclusion_proof` / :func:`consistency_proof` ask a callback for
their hashes, ``get_subtree_hash(start, end) -> MTH(D[start:end])``. Every such range is a
complete subtree of 2^k leaves aligned at a multiple of 2^k, or a right-edge range made of
O(log n) of those (:func:`perfect_parts`, :func:`subtree_hash`). A store that keeps the hash of
every complete aligned subtree (see :mod:`audit.log`) answers a proof from O(log n) stored
hashes, and can fetch them all at once.

The verifiers follow §2.1.3.2 and §2.1.4.2 step by step and raise :class:`ProofError` with the
reason the proof failed.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable, Sequence

from signalmatch import i18n
from signalmatch.errors import SignalmatchError

HASH_SIZE = 32
EMPTY_ROOT = hashlib.sha256(b"").digest()

#: ``get_subtree_hash(start, end)`` returns MTH(D[start:end]) for 0 <= start < end.
SubtreeHashFn = Callable[[int, int], bytes]
#: ``get_perfect(level, index)`` returns the hash of leaves [index * 2^level, (index + 1) * 2^level).
PerfectHashFn = Callable[[int, int], bytes]


class ProofError(SignalmatchError):
    """A Merkle proof, checkpoint or log entry does not verify; the message says why.

    ``reason`` is a stable machine-readable key (also the i18n message key), ``params`` its values.
    """

    def __init__(self, reason: str, **params: object):
        self.reason = reason
        self.params = params
        super().__init__(i18n.t(reason, **params))


def leaf_hash(data: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def _split(n: int) -> int:
    """The largest power of two smaller than n (n >= 2): RFC 9162's k."""
    return 1 << ((n - 1).bit_length() - 1)


def root(leaf_hashes: Sequence[bytes]) -> bytes:
    """MTH over the given leaf hashes (not leaf data), computed bottom-up in O(n)."""
    if not leaf_hashes:
        return EMPTY_ROOT
    # Keep a stack of complete subtrees (a compact range); fold it from the right at the end.
    stack: list[tuple[int, bytes]] = []  # (size, hash)
    for h in leaf_hashes:
        size = 1
        while stack and stack[-1][0] == size:
            left_size, left = stack.pop()
            h = node_hash(left, h)
            size += left_size
        stack.append((size, h))
    _, acc = stack.pop()
    while stack:
        _, left = stack.pop()
        acc = node_hash(left, acc)
    return acc


def perfect_parts(start: int, end: int) -> list[tuple[int, int]]:
    """The complete aligned subtrees (level, index) that make up [start, end), left to right.

    Valid for the ranges PATH and SUBPROOF produce: ``start`` is a multiple of the largest power
    of two not exceeding ``end - start``. At most log2(end - start) + 1 parts.
    """
    if not 0 <= start < end:
        raise ValueError(f"empty or negative range [{start}, {end})")
    parts = []
    while start < end:
        level = (end - start).bit_length() - 1  # largest 2^level <= remaining size
        if start % (1 << level):
            raise ValueError(f"range [{start}, {end}) is not aligned for subtree look-ups")
        parts.append((level, start >> level))
        start += 1 << level
    return parts


def subtree_hash(start: int, end: int, get_perfect: PerfectHashFn) -> bytes:
    """MTH(D[start:end]) from the hashes of its :func:`perfect_parts` (folded from the right)."""
    hashes = [get_perfect(level, index) for level, index in perfect_parts(start, end)]
    acc = hashes.pop()
    while hashes:
        acc = node_hash(hashes.pop(), acc)
    return acc


def memory_subtree_hasher(leaf_hashes: Sequence[bytes]) -> SubtreeHashFn:
    """A ``get_subtree_hash`` over an in-memory list of leaf hashes (O(n) per call; for tests)."""

    def get(start: int, end: int) -> bytes:
        return root(leaf_hashes[start:end])

    return get


# -- proof generation ----------------------------------------------------------------------------


def inclusion_ranges(index: int, size: int) -> list[tuple[int, int]]:
    """The leaf ranges [start, end) whose MTHs form PATH(index, D[0:size]), in proof order."""
    if not 0 <= index < size:
        raise ValueError(f"leaf index {index} is outside a tree of size {size}")
    ranges = []
    start, end = 0, size
    # Walk from the root down to the leaf, collecting siblings; PATH lists them bottom-up.
    while end - start > 1:
        k = _split(end - start)
        if index < start + k:
            ranges.append((start + k, end))
            end = start + k
        else:
            ranges.append((start, start + k))
            start += k
    ranges.reverse()
    return ranges


def consistency_ranges(old_size: int, new_size: int) -> list[tuple[int, int]]:
    """The leaf ranges whose MTHs form PROOF(old_size, D[0:new_size]) = SUBPROOF(m, D[n], true).

    Empty when old_size is 0 or equals new_size (nothing to prove).
    """
    if not 0 <= old_size <= new_size:
        raise ValueError(f"no consistency proof from size {old_size} to size {new_size}")
    if old_size == 0 or old_size == new_size:
        return []
    ranges = []
    start, end, complete = 0, new_size, True
    while old_size != end:
        k = _split(end - start)
        if old_size <= start + k:
            ranges.append((start + k, end))
            end = start + k
        else:
            ranges.append((start, start + k))
            start += k
            complete = False
    if not complete:
        ranges.append((start, end))
    ranges.reverse()
    return ranges


def inclusion_proof(index: int, size: int, get_subtree_hash: SubtreeHashFn) -> list[bytes]:
    """PATH(index, D[0:size]) (RFC 9162 §2.1.3.1), leaf-level sibling first."""
    return [get_subtree_hash(start, end) for start, end in inclusion_ranges(index, size)]


def consistency_proof(old_size: int, new_size: int, get_subtree_hash: SubtreeHashFn) -> list[bytes]:
    """PROOF(old_size, D[0:new_size]) (RFC 9162 §2.1.4.1); empty for old_size 0 or new_size."""
    return [get_subtree_hash(start, end) for start, end in consistency_ranges(old_size, new_size)]


# -- verification --------------------------------------------------------------------------------


def _check_hash(value: bytes, what: str) -> None:
    if not isinstance(value, (bytes, bytearray)) or len(value) != HASH_SIZE:
        raise ProofError("audit.hash_size", what=what)


def root_from_inclusion_proof(leaf: bytes, index: int, size: int, proof: Sequence[bytes]) -> bytes:
    """Steps 1-4 of RFC 9162 §2.1.3.2: the root the proof leads to."""
    _check_hash(leaf, "leaf_hash")
    for i, p in enumerate(proof):
        _check_hash(p, f"proof[{i}]")
    if index < 0 or size < 0:
        raise ProofError("audit.negative")
    if index >= size:
        raise ProofError("audit.inclusion.index", index=index, size=size)
    fn, sn, r = index, size - 1, bytes(leaf)
    for p in proof:
        if sn == 0:
            raise ProofError("audit.inclusion.too_long", index=index, size=size)
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            if not fn & 1:
                while fn and not fn & 1:
                    fn >>= 1
                    sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise ProofError("audit.inclusion.too_short", index=index, size=size)
    return r


def verify_inclusion(leaf: bytes, index: int, size: int, proof: Sequence[bytes], root_hash: bytes) -> None:
    """RFC 9162 §2.1.3.2. Raises ProofError unless `leaf` is at `index` of the tree with `root_hash`."""
    _check_hash(root_hash, "root")
    computed = root_from_inclusion_proof(leaf, index, size, proof)
    if not hmac.compare_digest(computed, root_hash):
        raise ProofError("audit.inclusion.root_mismatch", index=index, size=size)


def verify_consistency(
    old_size: int, new_size: int, old_root: bytes, new_root: bytes, proof: Sequence[bytes]
) -> None:
    """RFC 9162 §2.1.4.2. Raises ProofError unless the tree with `new_root` extends the one with `old_root`.

    The RFC's algorithm covers 0 < old_size < new_size; the edge cases are: equal sizes need an
    empty proof and equal roots; old_size 0 needs an empty proof and the empty-tree root.
    """
    _check_hash(old_root, "old_root")
    _check_hash(new_root, "new_root")
    for i, c in enumerate(proof):
        _check_hash(c, f"proof[{i}]")
    if old_size < 0 or new_size < 0:
        raise ProofError("audit.negative")
    if old_size > new_size:
        raise ProofError("audit.consistency.shrank", old=old_size, new=new_size)
    if old_size == new_size:
        if proof:
            raise ProofError("audit.consistency.equal_nonempty")
        if not hmac.compare_digest(old_root, new_root):
            raise ProofError("audit.consistency.fork", size=old_size)
        return
    if old_size == 0:
        if proof or not hmac.compare_digest(old_root, EMPTY_ROOT):
            raise ProofError("audit.consistency.from_empty")
        return

    # 1. An empty path fails.
    if not proof:
        raise ProofError("audit.consistency.empty", old=old_size, new=new_size)
    path = list(proof)
    # 2. If first is an exact power of 2, prepend first_hash.
    if old_size & (old_size - 1) == 0:
        path.insert(0, bytes(old_root))
    # 3.
    fn, sn = old_size - 1, new_size - 1
    # 4.
    while fn & 1:
        fn >>= 1
        sn >>= 1
    # 5.
    fr = sr = path[0]
    # 6.
    for c in path[1:]:
        if sn == 0:
            raise ProofError("audit.consistency.too_long", old=old_size, new=new_size)
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            if not fn & 1:
                while fn and not fn & 1:
                    fn >>= 1
                    sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    # 7.
    if sn != 0:
        raise ProofError("audit.consistency.too_short", old=old_size, new=new_size)
    if not hmac.compare_digest(fr, old_root):
        raise ProofError("audit.consistency.old_root", old=old_size)
    if not hmac.compare_digest(sr, new_root):
        raise ProofError("audit.consistency.new_root", new=new_size)
