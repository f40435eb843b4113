"""RFC 9497 VOPRF (ristretto255-SHA512): the official vectors, then properties of the protocol."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import rbcl
from hypothesis import given, settings
from hypothesis import strategies as st
from voprf import ristretto as voprf  # a dev dependency: an independent implementation (curve25519-dalek)

from signalmatch import oprf
from signalmatch.errors import AuthenticationError, InvalidValue, SignalmatchError

VECTORS = json.loads((Path(__file__).parents[1] / "vectors" / "rfc9497-voprf-ristretto255-sha512.json").read_text("utf-8"))
ORDER = 2**252 + 27742317777372353535851937790883648493
KEY = oprf.generate_key_pair()  # a bare scalar: evaluated on libsodium
OTHER_KEY = oprf.generate_key_pair()
SEEDED = oprf.derive_key_pair(oprf.new_seed(), b"test_oprf")  # DeriveKeyPair: evaluated on voprf
SEEDED_ON_LIBSODIUM = oprf.KeyPair(secret=SEEDED.secret, public=SEEDED.public)  # the same key, without its seed
PROPERTY = settings(max_examples=25, deadline=None, derandomize=True)

inputs_st = st.lists(st.binary(min_size=0, max_size=64), min_size=1, max_size=5)


def h(text: str) -> bytes:
    return bytes.fromhex(text)


def vector_key() -> oprf.KeyPair:
    return oprf.derive_key_pair(h(VECTORS["Seed"]), h(VECTORS["KeyInfo"]))


def run(inputs: list[bytes], key: oprf.KeyPair = KEY):
    blinds, blinded = oprf.blind(inputs)
    evaluated, proof = oprf.blind_evaluate(key, blinded)
    return blinds, blinded, evaluated, proof


def scalar_add(scalar: bytes, delta: int) -> bytes:
    return rbcl.crypto_core_ristretto255_scalar_add(scalar, delta.to_bytes(32, "little"))


# -- RFC 9380 Appendix K.3: expand_message_xmd(SHA-512), the expander under both hash functions --

XMD_DST = b"QUUX-V01-CS02-with-expander-SHA512-256"
XMD_VECTORS = [  # (msg, len_in_bytes, uniform_bytes); 0x80 takes the multi-block path
    (b"", 0x20, "6b9a7312411d92f921c6f68ca0b6380730a1a4d982c507211a90964c394179ba"),
    (b"abc", 0x20, "0da749f12fbe5483eb066a5f595055679b976e93abe9be6f0f6318bce7aca8dc"),
    (b"abcdef0123456789", 0x20, "087e45a86e2939ee8b91100af1583c4938e0f5fc6c9db4b107b83346bc967f58"),
    (
        b"",
        0x80,
        "41b037d1734a5f8df225dd8c7de38f851efdb45c372887be655212d07251b921"
        "b052b62eaed99b46f72f2ef4cc96bfaf254ebbbec091e1a3b9e4fb5e5b619d2e"
        "0c5414800a1d882b62bb5cd1778f098b8eb6cb399d5d9d18f5d5842cf5d13d7e"
        "b00a7cff859b605da678b318bd0e65ebff70bec88c753b159a805d2c89c55961",
    ),
]


@pytest.mark.parametrize("msg,length,expected", XMD_VECTORS)
def test_expand_message_xmd_sha512(msg, length, expected):
    assert oprf._expand_message_xmd(msg, XMD_DST, length).hex() == expected


# -- RFC 9497 Appendix A.1.2 ------------------------------------------------------------------


def test_context_string_is_the_rfc_one():
    assert oprf.CONTEXT_STRING == b"OPRFV1-\x01-ristretto255-SHA512"


def test_derive_key_pair_matches_the_vector():
    key = vector_key()
    assert key.secret.hex() == VECTORS["skSm"]
    assert key.public.hex() == VECTORS["pkSm"]
    assert (key.seed, key.info) == (h(VECTORS["Seed"]), h(VECTORS["KeyInfo"]))
    assert key._evaluator is not None and key._evaluator.public_key.serialize().hex() == VECTORS["pkSm"]


@pytest.mark.parametrize(
    "vector", VECTORS["vectors"], ids=[f"vector{i + 1}-batch{v['Batch']}" for i, v in enumerate(VECTORS["vectors"])]
)
def test_rfc_vector(vector):
    key = vector_key()
    inputs = [h(x) for x in vector["Input"]]
    blinds, blinded = oprf.blind(inputs, [h(x) for x in vector["Blind"]])
    assert [b.hex() for b in blinds] == vector["Blind"]
    assert [b.hex() for b in blinded] == vector["BlindedElement"]

    evaluated, proof = oprf.blind_evaluate(key, blinded, r=h(vector["ProofRandomScalar"]))
    assert [e.hex() for e in evaluated] == vector["EvaluationElement"]
    assert proof.hex() == vector["Proof"]

    outputs = oprf.finalize(inputs, blinds, blinded, evaluated, proof, key.public)
    assert [o.hex() for o in outputs] == vector["Output"]
    assert [oprf.evaluate(key, x).hex() for x in inputs] == vector["Output"]


@pytest.mark.parametrize(
    "vector", VECTORS["vectors"], ids=[f"vector{i + 1}-batch{v['Batch']}" for i, v in enumerate(VECTORS["vectors"])]
)
def test_rfc_vector_on_the_voprf_evaluator(vector):
    """The keyholder's path for keys from a seed: voprf draws the proof's scalar itself, so its
    proof differs from the vector's, but the evaluated elements and the outputs are the vector's."""
    key = vector_key()
    inputs = [h(x) for x in vector["Input"]]
    blinds, blinded = oprf.blind(inputs, [h(x) for x in vector["Blind"]])
    evaluated, proof = oprf.blind_evaluate(key, blinded)
    assert [e.hex() for e in evaluated] == vector["EvaluationElement"]
    assert proof.hex() != vector["Proof"] and len(proof) == oprf.PROOF_BYTES
    outputs = oprf.finalize(inputs, blinds, blinded, evaluated, proof, h(VECTORS["pkSm"]))
    assert [o.hex() for o in outputs] == vector["Output"]


def test_finalize_accepts_the_rfc_proof_from_the_vector_alone():
    """The client side, fed only the published values (no server computation in between)."""
    vector = VECTORS["vectors"][2]
    outputs = oprf.finalize(
        [h(x) for x in vector["Input"]],
        [h(x) for x in vector["Blind"]],
        [h(x) for x in vector["BlindedElement"]],
        [h(x) for x in vector["EvaluationElement"]],
        h(vector["Proof"]),
        h(VECTORS["pkSm"]),
    )
    assert [o.hex() for o in outputs] == vector["Output"]


def test_batch_proof_covers_exactly_its_batch():
    vector = VECTORS["vectors"][2]
    inputs = [h(x) for x in vector["Input"]]
    blinds = [h(x) for x in vector["Blind"]]
    blinded = [h(x) for x in vector["BlindedElement"]]
    evaluated = [h(x) for x in vector["EvaluationElement"]]
    proof, pk = h(vector["Proof"]), h(VECTORS["pkSm"])
    with pytest.raises(AuthenticationError):  # a sub-batch
        oprf.finalize(inputs[:1], blinds[:1], blinded[:1], evaluated[:1], proof, pk)
    with pytest.raises(AuthenticationError):  # the evaluations swapped
        oprf.finalize(inputs, blinds, blinded, evaluated[::-1], proof, pk)
    with pytest.raises(AuthenticationError):  # the batch-1 proof of the first element
        oprf.finalize(inputs, blinds, blinded, evaluated, h(VECTORS["vectors"][0]["Proof"]), pk)


# -- protocol properties -----------------------------------------------------------------------


@PROPERTY
@given(data=st.binary(max_size=64))
def test_same_input_blinds_differently_but_gives_the_same_output(data):
    first, second = run([data]), run([data])
    assert first[1] != second[1]  # the keyholder sees unrelated elements
    assert oprf.finalize([data], *first[:3], first[3], KEY.public) == oprf.finalize(
        [data], *second[:3], second[3], KEY.public
    )


@PROPERTY
@given(inputs=inputs_st)
def test_finalize_equals_evaluate(inputs):
    blinds, blinded, evaluated, proof = run(inputs)
    outputs = oprf.finalize(inputs, blinds, blinded, evaluated, proof, KEY.public)
    assert outputs == [oprf.evaluate(KEY, x) for x in inputs]
    assert all(len(o) == oprf.OUTPUT_BYTES for o in outputs)
    assert len(proof) == oprf.PROOF_BYTES
    assert outputs != [oprf.evaluate(OTHER_KEY, x) for x in inputs]


@PROPERTY
@given(inputs=inputs_st, seed=st.binary(min_size=32, max_size=32))
def test_wrong_public_key_is_caught(inputs, seed):
    wrong = oprf.derive_key_pair(seed, b"wrong key").public
    blinds, blinded, evaluated, proof = run(inputs)
    with pytest.raises(AuthenticationError, match="proof does not verify"):
        oprf.finalize(inputs, blinds, blinded, evaluated, proof, wrong)


@PROPERTY
@given(inputs=inputs_st, data=st.data())
def test_evaluation_under_another_key_is_caught(inputs, data):
    """A keyholder that evaluates one element under a different key cannot pass the proof."""
    blinds, blinded, evaluated, proof = run(inputs)
    i = data.draw(st.integers(0, len(inputs) - 1))
    forged, _ = oprf.blind_evaluate(OTHER_KEY, blinded)
    tampered = evaluated[:i] + [forged[i]] + evaluated[i + 1 :]
    with pytest.raises(AuthenticationError):
        oprf.finalize(inputs, blinds, blinded, tampered, proof, KEY.public)


@PROPERTY
@given(inputs=inputs_st, data=st.data())
def test_tampered_evaluated_element_is_caught(inputs, data):
    blinds, blinded, evaluated, proof = run(inputs)
    i = data.draw(st.integers(0, len(inputs) - 1))
    shifted = rbcl.crypto_core_ristretto255_add(evaluated[i], oprf._GENERATOR)
    tampered = evaluated[:i] + [shifted] + evaluated[i + 1 :]
    with pytest.raises(AuthenticationError):
        oprf.finalize(inputs, blinds, blinded, tampered, proof, KEY.public)


@PROPERTY
@given(inputs=inputs_st, half=st.sampled_from([0, 1]), delta=st.integers(1, ORDER - 1))
def test_tampered_proof_is_caught(inputs, half, delta):
    blinds, blinded, evaluated, proof = run(inputs)
    parts = [proof[:32], proof[32:]]
    parts[half] = scalar_add(parts[half], delta)
    with pytest.raises(AuthenticationError):
        oprf.finalize(inputs, blinds, blinded, evaluated, b"".join(parts), KEY.public)


def test_proof_is_bound_to_the_blinded_elements():
    blinds, blinded, evaluated, proof = run([b"a", b"b"])
    other_blinds, other_blinded = oprf.blind([b"a", b"b"])
    with pytest.raises(AuthenticationError):
        oprf.finalize([b"a", b"b"], other_blinds, other_blinded, evaluated, proof, KEY.public)


# -- input validation --------------------------------------------------------------------------

P = 2**255 - 19
VALID = oprf.blind([b"x"])[1][0]
BAD_ELEMENTS = {
    "identity": bytes(32),
    "negative": (1).to_bytes(32, "little"),  # s must be non-negative (even)
    "non-canonical p": P.to_bytes(32, "little"),
    "non-canonical p+2": (P + 2).to_bytes(32, "little"),
    "high bit set": VALID[:31] + bytes([VALID[31] | 0x80]),
    "not a point": (2).to_bytes(32, "little"),  # canonical, non-negative, but no ristretto255 point
    "short": VALID[:31],
    "long": VALID + b"\x00",
    "not bytes": VALID.hex(),
}
bad_elements = pytest.mark.parametrize("bad", list(BAD_ELEMENTS.values()), ids=list(BAD_ELEMENTS))


def assert_rule(exc: pytest.ExceptionInfo[InvalidValue], rule: str) -> None:
    assert exc.value.rule == rule
    assert exc.value.description


@bad_elements
def test_blind_evaluate_rejects_invalid_elements(bad):
    with pytest.raises(InvalidValue) as exc:
        oprf.blind_evaluate(KEY, [VALID, bad])
    assert_rule(exc, "oprf.element")


@bad_elements
@pytest.mark.parametrize("position", ["public_key", "blinded", "evaluated"])
def test_finalize_rejects_invalid_elements(bad, position):
    blinds, blinded, evaluated, proof = run([b"x"])
    args = {"blinded": blinded, "evaluated": evaluated, "public_key": KEY.public}
    args[position] = bad if position == "public_key" else [bad]
    with pytest.raises(InvalidValue) as exc:
        oprf.finalize([b"x"], blinds, proof=proof, **args)
    assert_rule(exc, "oprf.element")


@bad_elements
def test_key_pair_rejects_an_invalid_public_key(bad):
    with pytest.raises(InvalidValue):
        oprf.KeyPair(secret=KEY.secret, public=bad)


def test_key_pair_rejects_a_mismatched_public_key():
    with pytest.raises(InvalidValue):
        oprf.KeyPair(secret=KEY.secret, public=OTHER_KEY.public)


@pytest.mark.parametrize(
    "bad", [bytes(32), ORDER.to_bytes(32, "little"), b"\xff" * 32, b"\x01" * 31], ids=["zero", "order", "ff", "short"]
)
def test_invalid_scalars_are_rejected(bad):
    blinds, blinded, evaluated, proof = run([b"x"])
    for call in (
        lambda: oprf.blind([b"x"], [bad]),
        lambda: oprf.finalize([b"x"], [bad], blinded, evaluated, proof, KEY.public),
        lambda: oprf.KeyPair(secret=bad, public=KEY.public),
        lambda: oprf.blind_evaluate(KEY, blinded, r=bad),
    ):
        with pytest.raises(InvalidValue) as exc:
            call()
        assert_rule(exc, "oprf.scalar")


@pytest.mark.parametrize(
    "bad",
    [b"\x00" * 63, b"\x00" * 65, ORDER.to_bytes(32, "little") + bytes(32), bytes(32) + b"\xff" * 32],
    ids=["short", "long", "c=order", "s=ff"],
)
def test_malformed_proofs_are_rejected(bad):
    blinds, blinded, evaluated, _ = run([b"x"])
    with pytest.raises(InvalidValue) as exc:
        oprf.finalize([b"x"], blinds, blinded, evaluated, bad, KEY.public)
    assert_rule(exc, "oprf.proof")


def test_batch_shape_is_checked():
    blinds, blinded, evaluated, proof = run([b"a", b"b"])
    for call in (
        lambda: oprf.blind([]),
        lambda: oprf.blind([b"a"], blinds),
        lambda: oprf.blind_evaluate(KEY, []),
        lambda: oprf.finalize([b"a"], blinds, blinded, evaluated, proof, KEY.public),
        lambda: oprf.finalize([b"a", b"b"], blinds, blinded, evaluated[:1], proof, KEY.public),
    ):
        with pytest.raises(InvalidValue) as exc:
            call()
        assert_rule(exc, "oprf.batch")


def test_input_length_limit():
    longest = b"\x00" * oprf.MAX_INPUT_BYTES
    blinds, blinded, evaluated, proof = run([longest])
    assert oprf.finalize([longest], blinds, blinded, evaluated, proof, KEY.public) == [oprf.evaluate(KEY, longest)]
    with pytest.raises(InvalidValue) as exc:
        oprf.blind([longest + b"\x00"])
    assert_rule(exc, "oprf.input")


@pytest.mark.parametrize("key", [KEY, SEEDED], ids=["scalar", "seed"])
def test_key_pair_repr_hides_the_secret(key):
    text = repr(key) + str(key)
    for secret in (key.secret, key.seed):
        if secret is not None:
            assert secret.hex() not in text and repr(secret) not in text
    assert "secret" not in text and "seed" not in text


def test_a_key_pair_whose_seed_derives_another_key_is_refused():
    with pytest.raises(SignalmatchError, match="another key"):
        oprf.KeyPair(secret=KEY.secret, public=KEY.public, seed=bytes(32))
    with pytest.raises(ValueError, match="seed"):
        oprf.derive_key_pair(bytes(31), b"")  # voprf itself would take it


def test_generated_keys_are_valid_and_distinct():
    assert KEY.secret != OTHER_KEY.secret
    assert oprf.KeyPair(secret=KEY.secret, public=KEY.public).public == KEY.public


# -- cross-checks: the batch path against the element-by-element one, and against `voprf` ------


def _reference_finalize(inputs, blinds, blinded, evaluated, proof, public_key):
    """The RFC's Finalize written out element by element: an inversion per blind, composites as
    running sums from the identity. Only for comparison with the batch path."""
    weights = oprf._composite_scalars(public_key, blinded, evaluated)
    m = z = oprf._IDENTITY
    for d_i, c_i, e_i in zip(weights, blinded, evaluated, strict=True):
        m = rbcl.crypto_core_ristretto255_add(oprf._mul(d_i, c_i), m)
        z = rbcl.crypto_core_ristretto255_add(oprf._mul(d_i, e_i), z)
    challenge, s = proof[:32], proof[32:]
    t2 = rbcl.crypto_core_ristretto255_add(oprf._mul(s, oprf._GENERATOR), oprf._mul(challenge, public_key))
    t3 = rbcl.crypto_core_ristretto255_add(oprf._mul(s, m), oprf._mul(challenge, z))
    assert oprf._challenge(public_key, m, z, t2, t3) == challenge
    return [
        oprf._finalize_hash(x, oprf._mul(rbcl.crypto_core_ristretto255_scalar_invert(r), e))
        for x, r, e in zip(inputs, blinds, evaluated, strict=True)
    ]


@PROPERTY
@given(inputs=st.lists(st.binary(max_size=40), min_size=1, max_size=9))
def test_batch_inversion_equals_the_element_by_element_path(inputs):
    blinds, blinded, evaluated, proof = run(inputs)
    assert oprf._invert_all(blinds) == [rbcl.crypto_core_ristretto255_scalar_invert(r) for r in blinds]
    expected = _reference_finalize(inputs, blinds, blinded, evaluated, proof, KEY.public)
    assert oprf.finalize(inputs, blinds, blinded, evaluated, proof, KEY.public) == expected


# The node's batch path runs on voprf (curve25519-dalek): outputs against this module's Evaluate,
# proofs from this module's keyholder, and every way a keyholder can answer wrongly.


def node_run(inputs: list[bytes], key: oprf.KeyPair = KEY):
    batch = oprf.blind_batch(inputs)
    evaluated, proof = oprf.blind_evaluate(key, list(batch.elements))
    return batch, evaluated, proof


@PROPERTY
@given(inputs=st.lists(st.binary(min_size=1, max_size=40), min_size=1, max_size=9))
def test_node_batch_path_gives_the_prf(inputs):
    batch, evaluated, proof = node_run(inputs)
    assert oprf.finalize_batch(batch, evaluated, proof, KEY.public) == [oprf.evaluate(KEY, x) for x in inputs]
    again = oprf.blind_batch(inputs)
    assert set(again.elements).isdisjoint(batch.elements)  # fresh blinds every time
    assert "clients" not in repr(batch)


@PROPERTY
@given(inputs=st.lists(st.binary(min_size=1, max_size=40), min_size=2, max_size=6), data=st.data())
def test_node_batch_path_catches_every_wrong_answer_as_an_ordinary_exception(inputs, data):
    batch, evaluated, proof = node_run(inputs)
    i = data.draw(st.integers(0, len(inputs) - 1))
    forged, _ = oprf.blind_evaluate(OTHER_KEY, list(batch.elements))
    shifted = rbcl.crypto_core_ristretto255_add(evaluated[i], oprf._GENERATOR)
    delta = data.draw(st.integers(1, ORDER - 1))
    wrong = {
        "another key for one": (evaluated[:i] + [forged[i]] + evaluated[i + 1 :], proof, KEY.public),
        "shifted element": (evaluated[:i] + [shifted] + evaluated[i + 1 :], proof, KEY.public),
        "swapped": (evaluated[::-1], proof, KEY.public),
        "tampered c": (evaluated, scalar_add(proof[:32], delta) + proof[32:], KEY.public),
        "tampered s": (evaluated, proof[:32] + scalar_add(proof[32:], delta), KEY.public),
        "zero c": (evaluated, bytes(32) + proof[32:], KEY.public),
        "zero s": (evaluated, proof[:32] + bytes(32), KEY.public),
        "wrong public key": (evaluated, proof, OTHER_KEY.public),
    }
    for case, (elements, bad_proof, public) in wrong.items():
        try:
            oprf.finalize_batch(batch, elements, bad_proof, public)
        except AuthenticationError:
            continue
        raise AssertionError(f"{case}: accepted")


@bad_elements
@pytest.mark.parametrize("position", ["public_key", "evaluated"])
def test_node_batch_path_rejects_invalid_elements(bad, position):
    batch, evaluated, proof = node_run([b"x"])
    args = {"evaluated": evaluated, "public_key": KEY.public}
    args[position] = bad if position == "public_key" else [bad]
    with pytest.raises(InvalidValue) as exc:
        oprf.finalize_batch(batch, proof=proof, **args)
    assert_rule(exc, "oprf.element")


def test_node_batch_path_checks_shapes_and_proofs():
    batch, evaluated, proof = node_run([b"a", b"b"])
    with pytest.raises(InvalidValue) as exc:
        oprf.finalize_batch(batch, evaluated[:1], proof, KEY.public)
    assert_rule(exc, "oprf.batch")
    for bad in (proof[:63], proof + b"\x00", ORDER.to_bytes(32, "little") + proof[32:]):
        with pytest.raises(InvalidValue) as exc:
            oprf.finalize_batch(batch, evaluated, bad, KEY.public)
        assert_rule(exc, "oprf.proof")
    for inputs in ([], [b""], [b"x" * (oprf.MAX_INPUT_BYTES + 1)], ["text"]):
        with pytest.raises(InvalidValue):
            oprf.blind_batch(inputs)


def test_voprf_evaluates_like_us():
    seed, info = h(VECTORS["Seed"]), h(VECTORS["KeyInfo"])
    theirs = voprf.Evaluator.from_seed(seed, info)
    assert theirs.public_key.serialize() == vector_key().public
    for data in (b"x", bytes(32), b"signalmatch" * 9):
        assert theirs.evaluate_known_input(data) == oprf.evaluate(vector_key(), data)


def test_voprf_client_finalizes_our_keyholders_batch():
    inputs = [bytes([i]) * 32 for i in range(7)]
    clients, blinded = zip(*(voprf.Client.blind(x) for x in inputs), strict=True)
    evaluated, proof = oprf.blind_evaluate(KEY, [b.serialize() for b in blinded])
    response = voprf.VerifiableBatchOutput.deserialize(proof + b"".join(evaluated))
    outputs = voprf.Client.finalize_batch(list(clients), response, voprf.PublicKey.deserialize(KEY.public))
    assert outputs == [oprf.evaluate(KEY, x) for x in inputs]


def test_our_node_finalizes_voprfs_keyholder_batch():
    seed = bytes(range(32))
    theirs = voprf.Evaluator.from_seed(seed, b"cross-check")
    inputs = [bytes([i]) * 32 for i in range(7)]
    batch = oprf.blind_batch(inputs)
    response = theirs.evaluate_batch([voprf.BlindedInput.deserialize(e) for e in batch.elements]).serialize()
    proof, evaluated = response[: oprf.PROOF_BYTES], response[oprf.PROOF_BYTES :]
    evaluated = [evaluated[i : i + 32] for i in range(0, len(evaluated), 32)]
    public = theirs.public_key.serialize()
    assert oprf.finalize_batch(batch, evaluated, proof, public) == [theirs.evaluate_known_input(x) for x in inputs]
    with pytest.raises(AuthenticationError):
        oprf.finalize_batch(batch, evaluated[::-1], proof, public)


# The keyholder's path for keys from DeriveKeyPair runs on voprf's Evaluator: against the libsodium
# path with the same key, and every hostile input an ordinary exception.


@PROPERTY
@given(inputs=st.lists(st.binary(min_size=1, max_size=40), min_size=1, max_size=9))
def test_voprf_keyholder_evaluates_like_the_libsodium_keyholder(inputs):
    batch = oprf.blind_batch(inputs)
    blinded = list(batch.elements)
    evaluated, proof = oprf.blind_evaluate(SEEDED, blinded)
    reference, reference_proof = oprf.blind_evaluate(SEEDED_ON_LIBSODIUM, blinded)
    assert evaluated == reference  # the same key: the same evaluations
    assert oprf._verify_proof(oprf._GENERATOR, SEEDED.public, blinded, evaluated, proof)  # checked on libsodium
    expected = [oprf.evaluate(SEEDED, x) for x in inputs]
    assert oprf.finalize_batch(batch, evaluated, proof, SEEDED.public) == expected  # the node accepts it
    assert oprf.finalize_batch(batch, reference, reference_proof, SEEDED.public) == expected
    with pytest.raises(AuthenticationError):
        oprf.finalize_batch(batch, evaluated, proof, KEY.public)


@bad_elements
def test_voprf_keyholder_rejects_invalid_elements(bad):
    with pytest.raises(InvalidValue) as exc:
        oprf.blind_evaluate(SEEDED, [VALID, bad])
    assert_rule(exc, "oprf.element")


def test_voprf_keyholder_checks_the_batch_size():
    for blinded in ([], [VALID] * (oprf.MAX_BATCH + 1)):
        with pytest.raises(InvalidValue) as exc:
            oprf.blind_evaluate(SEEDED, blinded)
        assert_rule(exc, "oprf.batch")


def _panic_type() -> type[BaseException]:
    """voprf's panic type, as it raises it for a proof under another key."""
    batch, evaluated, proof = node_run([b"x"])
    response = voprf.VerifiableBatchOutput.deserialize(proof + evaluated[0])
    try:
        voprf.Client.finalize_batch(list(batch.clients), response, voprf.PublicKey.deserialize(OTHER_KEY.public))
    except BaseException as exc:
        return type(exc)
    raise AssertionError("voprf accepted a proof under another key")


def test_a_panic_in_voprfs_evaluator_becomes_an_ordinary_exception():
    panic = _panic_type()
    assert not issubclass(panic, Exception)  # it would pass every `except Exception`, gRPC's too

    key = oprf.derive_key_pair(oprf.new_seed(), b"test_oprf panic")

    class Panicking:
        def evaluate_batch(self, messages):
            raise panic(f"evaluation failed with key {key.secret.hex()}")  # a panic's text could hold anything

    object.__setattr__(key, "_evaluator", Panicking())
    with pytest.raises(SignalmatchError, match="voprf failed in Evaluator.evaluate_batch") as caught:
        oprf.blind_evaluate(key, [VALID])
    assert key.secret.hex() not in str(caught.value)  # the message may be logged: the panic's text is left out


# -- who rejects what: the received elements are decoded once, by voprf ---------------------------
# The keyholder's and the node's batch paths on voprf leave the decoding of received elements to
# voprf's deserialize (one decode instead of two) and check only the length and type themselves.
# These tests pin that nothing is accepted that RFC 9497's DeserializeElement (this module's
# _deserialize_element, used on the libsodium paths) rejects, and nothing rejected that it accepts.


def _deserialize_element_accepts(buf: object) -> bool:
    try:
        oprf._deserialize_element(buf)  # type: ignore[arg-type]
    except InvalidValue:
        return False
    return True


def _voprf_accepts(decode, buf: bytes) -> bool:
    try:
        decode(buf)
    except ValueError:
        return False
    return True


@pytest.mark.parametrize("name", list(BAD_ELEMENTS))
def test_which_layer_rejects_each_malformed_element(name):
    bad = BAD_ELEMENTS[name]
    assert not _deserialize_element_accepts(bad)
    voprf_rejects = isinstance(bad, bytes) and not any(
        _voprf_accepts(decode, bad) for decode in (voprf.BlindedInput.deserialize, voprf.EvaluatedElement.deserialize)
    )
    # voprf ignores everything after the 32nd byte (and takes no str): only length and type are ours
    assert voprf_rejects == (name not in ("long", "not bytes"))


def _keyholder_accepts(element: bytes) -> bool:
    try:
        oprf.blind_evaluate(SEEDED, [VALID, element])
    except InvalidValue as exc:
        assert exc.rule == "oprf.element"
        return False
    return True


def _node_accepts(element: bytes) -> bool:
    batch, evaluated, proof = node_run([b"x", b"y"], SEEDED)
    try:
        oprf.finalize_batch(batch, [evaluated[0], element], proof, SEEDED.public)
    except InvalidValue as exc:
        assert exc.rule == "oprf.element"
        return False
    except AuthenticationError:
        return True  # decoded, then the proof failed (it covers the element it was made for)
    return True


elements_st = st.one_of(
    st.binary(min_size=31, max_size=33),
    st.binary(min_size=64, max_size=64).map(rbcl.crypto_core_ristretto255_from_hash),  # valid points
    st.binary(min_size=64, max_size=64).map(  # valid points with the high bit set
        lambda b: (lambda e: e[:31] + bytes([e[31] | 0x80]))(rbcl.crypto_core_ristretto255_from_hash(b))
    ),
    st.integers(P - 20, 2**255 - 1).map(lambda n: n.to_bytes(32, "little")),  # field encodings >= p
    st.integers(0, 40).map(lambda n: n.to_bytes(32, "little")),  # small values, the identity among them
)


@settings(max_examples=200, deadline=None, derandomize=True)
@given(element=elements_st)
def test_the_voprf_paths_reject_exactly_what_deserialize_element_rejects(element):
    expected = _deserialize_element_accepts(element)
    assert _keyholder_accepts(element) == expected
    assert _node_accepts(element) == expected
