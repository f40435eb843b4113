"""audit.merkle against published RFC 6962/9162 vectors, plus property tests."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from signalmatch.audit import merkle
from signalmatch.audit.merkle import EMPTY_ROOT, ProofError

VECTORS = json.loads((Path(__file__).parents[1] / "vectors" / "rfc9162-transparency-dev.json").read_text())
LEAF_HASHES = [merkle.leaf_hash(bytes.fromhex(x)) for x in VECTORS["leaves"]]
ROOTS = [bytes.fromhex(x) for x in VECTORS["roots"]]
SOME_HASH = bytes.fromhex("abacaba000000000000000000000000000000000000000000060061e00123456")


def _h(values: list[str]) -> list[bytes]:
    return [bytes.fromhex(v) for v in values]


def _flip(value: bytes, bit: int) -> bytes:
    out = bytearray(value)
    out[bit // 8] ^= 1 << (bit % 8)
    return bytes(out)


def _fails(fn, *args) -> bool:
    try:
        fn(*args)
    except ProofError:
        return True
    return False


# -- published vectors ---------------------------------------------------------------------------


def test_hasher_vectors():
    hv = VECTORS["hasher"]
    assert EMPTY_ROOT.hex() == hv["empty_root"]
    assert merkle.root([]) == EMPTY_ROOT
    assert merkle.leaf_hash(b"").hex() == hv["empty_leaf_hash"]
    assert merkle.leaf_hash(hv["leaf"]["data_ascii"].encode()).hex() == hv["leaf"]["hash"]
    node = hv["node"]
    assert merkle.node_hash(node["left_ascii"].encode(), node["right_ascii"].encode()).hex() == node["hash"]


def test_reference_roots():
    for size in range(1, len(LEAF_HASHES) + 1):
        assert merkle.root(LEAF_HASHES[:size]) == ROOTS[size - 1], size


@pytest.mark.parametrize("case", VECTORS["inclusion"], ids=lambda c: f"{c['index']}@{c['size']}")
def test_reference_inclusion(case):
    index, size, expected = case["index"], case["size"], _h(case["proof"])
    proof = merkle.inclusion_proof(index, size, merkle.memory_subtree_hasher(LEAF_HASHES))
    assert proof == expected
    root, leaf = ROOTS[size - 1], LEAF_HASHES[index]
    merkle.verify_inclusion(leaf, index, size, proof, root)

    # The corruptions transparency-dev probes its verifier with: all must fail.
    probes = [
        (leaf, index - 1, size, proof, root),
        (leaf, index + 1, size, proof, root),
        (leaf, index ^ 2, size, proof, root),
        (leaf, index, size * 2, proof, root),
        (leaf, index, size // 2, proof, root),
        (merkle.leaf_hash(b"WrongLeaf"), index, size, proof, root),
        (leaf, index, size, proof, EMPTY_ROOT),
        (leaf, index, size, proof, SOME_HASH),
        (leaf, index, size, proof + [b""], root),
        (leaf, index, size, proof + [root], root),
        (leaf, index, size, [b""] + proof, root),
        (leaf, index, size, [root] + proof, root),
    ]
    probes += [(leaf, index, size, proof[:i] + [_flip(p, 3)] + proof[i + 1 :], root) for i, p in enumerate(proof)]
    if proof:
        probes.append((leaf, index, size, proof[:-1], root))
    if len(proof) > 1:
        probes.append((leaf, index, size, [proof[0], SOME_HASH] + proof[1:], root))
    for probe in probes:
        assert _fails(merkle.verify_inclusion, *probe), probe[1:3]


@pytest.mark.parametrize("case", VECTORS["consistency"], ids=lambda c: f"{c['size1']}-{c['size2']}")
def test_reference_consistency(case):
    m, n, expected = case["size1"], case["size2"], _h(case["proof"])
    proof = merkle.consistency_proof(m, n, merkle.memory_subtree_hasher(LEAF_HASHES))
    assert proof == expected
    root1, root2 = ROOTS[m - 1], ROOTS[n - 1]
    merkle.verify_consistency(m, n, root1, root2, proof)
    if not proof:
        return
    probes = [
        (m - 1, n, root1, root2, proof),
        (m + 1, n, root1, root2, proof),
        (m ^ 2, n, root1, root2, proof),
        (m, n * 2, root1, root2, proof),
        (m, n // 2, root1, root2, proof),
        (m, n, SOME_HASH, root2, proof),
        (m, n, root1, SOME_HASH, proof),
        (m, n, root2, root1, proof),
        (m, n, root1, root2, []),
        (m, n, root1, root2, proof + [b""]),
        (m, n, root1, root2, proof + [root1]),
        (m, n, root1, root2, proof + [root2]),
        (m, n, root1, root2, [b""] + proof),
        (m, n, root1, root2, [root1] + proof),
        (m, n, root1, root2, [root2] + proof),
        (m, n, root1, root2, [proof[0]] + proof),
        (m, n, root1, root2, proof[:-1]),
    ]
    probes += [(m, n, root1, root2, proof[:i] + [_flip(p, 4)] + proof[i + 1 :]) for i, p in enumerate(proof)]
    for probe in probes:
        assert _fails(merkle.verify_consistency, *probe), probe[:2]


def test_consistency_edge_cases():
    r1, r2 = SOME_HASH, merkle.leaf_hash(b"other")
    merkle.verify_consistency(0, 0, EMPTY_ROOT, EMPTY_ROOT, [])
    merkle.verify_consistency(0, 5, EMPTY_ROOT, r2, [])
    merkle.verify_consistency(3, 3, r1, r1, [])
    with pytest.raises(ProofError) as fork:
        merkle.verify_consistency(3, 3, r1, r2, [])
    assert fork.value.reason == "audit.consistency.fork"
    with pytest.raises(ProofError) as shrank:
        merkle.verify_consistency(2, 1, r1, r2, [])
    assert shrank.value.reason == "audit.consistency.shrank"
    for args in [
        (1, 2, r1, r2, []),  # empty proof
        (3, 3, r1, r1, [EMPTY_ROOT]),  # equal sizes need an empty proof
        (0, 1, EMPTY_ROOT, r2, [EMPTY_ROOT]),  # from the empty tree: empty proof
        (0, 1, r1, r2, []),  # size 0 has the empty-tree root
        (1, 2, r1[:31], r2, [r2]),  # wrong hash length
    ]:
        assert _fails(merkle.verify_consistency, *args), args


def test_inclusion_edge_cases():
    leaf = merkle.leaf_hash(b"data")
    merkle.verify_inclusion(leaf, 0, 1, [], leaf)  # a one-leaf tree's root is its leaf hash
    for args in [
        (leaf, 0, 1, [], b""),
        (b"", 0, 1, [], leaf),
        (leaf, 0, 0, [], EMPTY_ROOT),
        (leaf, 1, 1, [], leaf),
        (leaf, -1, 1, [], leaf),
    ]:
        assert _fails(merkle.verify_inclusion, *args), args[1:3]
    with pytest.raises(ValueError):
        merkle.inclusion_proof(1, 1, merkle.memory_subtree_hasher([leaf]))
    with pytest.raises(ValueError):
        merkle.consistency_proof(2, 1, merkle.memory_subtree_hasher([leaf]))


def test_error_messages_follow_language(monkeypatch):
    monkeypatch.setenv("SIGNALMATCH_LANG", "en")
    with pytest.raises(ProofError, match="does not lead to the given root"):
        merkle.verify_inclusion(SOME_HASH, 0, 1, [], EMPTY_ROOT)
    monkeypatch.setenv("SIGNALMATCH_LANG", "nl")
    with pytest.raises(ProofError, match="leidt niet tot de opgegeven root"):
        merkle.verify_inclusion(SOME_HASH, 0, 1, [], EMPTY_ROOT)


# -- property tests --------------------------------------------------------------------------------


class Tree:
    """Leaves plus two independent ways to answer get_subtree_hash: memoised recursive MTH, and
    composition from complete aligned subtrees (how audit.log answers)."""

    def __init__(self, seed: int, size: int):
        self.leaves = [merkle.leaf_hash(seed.to_bytes(8, "big") + i.to_bytes(4, "big")) for i in range(size)]
        self.mth = lru_cache(maxsize=None)(self._mth)

    def _mth(self, start: int, end: int) -> bytes:
        if end - start == 1:
            return self.leaves[start]
        k = 1 << ((end - start - 1).bit_length() - 1)
        return merkle.node_hash(self.mth(start, start + k), self.mth(start + k, end))

    def perfect(self, level: int, index: int) -> bytes:
        return self.mth(index << level, (index + 1) << level)

    def from_perfect(self, start: int, end: int) -> bytes:
        return merkle.subtree_hash(start, end, self.perfect)

    def root(self, size: int) -> bytes:
        return self.mth(0, size) if size else EMPTY_ROOT


sizes = st.integers(min_value=1, max_value=300)
seeds = st.integers(min_value=0, max_value=2**32)


@settings(max_examples=60, deadline=None)
@given(seed=seeds, size=sizes, data=st.data())
def test_every_inclusion_proof_verifies_and_any_change_fails(seed, size, data):
    tree = Tree(seed, size)
    root = tree.root(size)
    assert merkle.root(tree.leaves) == root
    for index in range(size):
        proof = merkle.inclusion_proof(index, size, tree.from_perfect)
        merkle.verify_inclusion(tree.leaves[index], index, size, proof, root)

    index = data.draw(st.integers(0, size - 1), label="index")
    proof = merkle.inclusion_proof(index, size, tree.mth)
    assert proof == merkle.inclusion_proof(index, size, tree.from_perfect)
    leaf = tree.leaves[index]
    bit = data.draw(st.integers(0, 255), label="bit")
    assert _fails(merkle.verify_inclusion, _flip(leaf, bit), index, size, proof, root)
    assert _fails(merkle.verify_inclusion, leaf, index, size, proof, _flip(root, bit))
    for i in range(len(proof)):
        bad = proof[:i] + [_flip(proof[i], bit)] + proof[i + 1 :]
        assert _fails(merkle.verify_inclusion, leaf, index, size, bad, root)
    other_index = data.draw(st.integers(0, 2 * size).filter(lambda i: i != index), label="other index")
    assert _fails(merkle.verify_inclusion, leaf, other_index, size, proof, root)
    # A proof does not bind the size by itself (the signed checkpoint does): sizes whose path has
    # the same shape verify against the same root. Claiming another size with that size's real
    # root always fails, and so do the size changes that alter the shape.
    for other_size in (size * 2, size // 2):
        assert _fails(merkle.verify_inclusion, leaf, index, other_size, proof, root)
    other_size = data.draw(st.integers(index + 1, 2 * size).filter(lambda n: n != size), label="other size")
    other = Tree(seed, other_size)
    assert _fails(merkle.verify_inclusion, leaf, index, other_size, proof, other.root(other_size))


@settings(max_examples=60, deadline=None)
@given(seed=seeds, size=sizes, data=st.data())
def test_every_consistency_proof_verifies_and_any_change_fails(seed, size, data):
    tree = Tree(seed, size)
    new_root = tree.root(size)
    for old in range(0, size + 1):
        proof = merkle.consistency_proof(old, size, tree.from_perfect)
        merkle.verify_consistency(old, size, tree.root(old), new_root, proof)

    if size < 2:
        return
    old = data.draw(st.integers(1, size - 1), label="old size")
    proof = merkle.consistency_proof(old, size, tree.mth)
    assert proof == merkle.consistency_proof(old, size, tree.from_perfect)
    old_root = tree.root(old)
    bit = data.draw(st.integers(0, 255), label="bit")
    assert _fails(merkle.verify_consistency, old, size, _flip(old_root, bit), new_root, proof)
    assert _fails(merkle.verify_consistency, old, size, old_root, _flip(new_root, bit), proof)
    for i in range(len(proof)):
        bad = proof[:i] + [_flip(proof[i], bit)] + proof[i + 1 :]
        assert _fails(merkle.verify_consistency, old, size, old_root, new_root, bad)
    for old2, new2 in ((old - 1, size), (old + 1, size), (old ^ 2, size), (old, size * 2), (old, size // 2)):
        assert _fails(merkle.verify_consistency, old2, new2, old_root, new_root, proof), (old2, new2)
    # Another (old, new) pair with the honest roots of those sizes: the proof does not fit.
    other_old = data.draw(st.integers(1, size).filter(lambda m: m != old), label="other old size")
    assert _fails(merkle.verify_consistency, other_old, size, tree.root(other_old), new_root, proof)
    # A different history of the same length (one leaf changed) is caught.
    changed = data.draw(st.integers(0, size - 1), label="changed leaf")
    forked = Tree(seed, size)
    forked.leaves[changed] = _flip(forked.leaves[changed], bit)
    if changed < old:
        assert _fails(merkle.verify_consistency, old, size, old_root, forked.root(size), proof)
    else:
        forked_proof = merkle.consistency_proof(old, size, forked.mth)
        merkle.verify_consistency(old, size, old_root, forked.root(size), forked_proof)


@given(st.lists(st.binary(max_size=40), max_size=70))
def test_root_matches_the_recursive_definition(leaves):
    hashes = [merkle.leaf_hash(x) for x in leaves]

    def mth(items):
        if not items:
            return EMPTY_ROOT
        if len(items) == 1:
            return items[0]
        k = 1 << ((len(items) - 1).bit_length() - 1)
        return merkle.node_hash(mth(items[:k]), mth(items[k:]))

    assert merkle.root(hashes) == mth(hashes)
