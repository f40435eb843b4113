"""RFC 9497 verifiable OPRF: ristretto255-SHA512, VOPRF mode (0x01), with batched DLEQ proofs.

Two implementations, cross-checked against each other in the tests:

- This module's own, on libsodium's ristretto255 group operations (decode/encode, addition,
  scalar multiplication, scalar arithmetic, the RFC 9496 one-way map) through ``rbcl``:
  :func:`blind_evaluate` for keys without a seed or with the RFC's proof scalar, :func:`evaluate`,
  key derivation, and the client's :func:`blind` / :func:`finalize`, which reproduce the RFC's
  vectors.
- The node's batch path, :func:`blind_batch` and :func:`finalize_batch`, and the keyholder's
  :func:`blind_evaluate` for keys made by DeriveKeyPair, on the ``voprf`` package (Rust, RFC 9497
  over curve25519-dalek): the same protocol at about 1.5 times the speed on this machine. Its
  Client draws the blinds and its Evaluator the proof's random scalar itself, so the RFC's
  blind and proof vectors cannot be fed to them; the tests compare their outputs with
  :func:`evaluate`, the vectors' evaluated elements and outputs, and this module's proofs. Every
  value either side receives is checked before use (received elements decoded once, by voprf,
  which refuses exactly what DeserializeElement refuses once their length is checked here; see
  :func:`_voprf_decoded`), and a panic of the Rust code (a
  BaseException, which voprf raises for a proof that does not verify) becomes an ordinary
  exception: AuthenticationError at the node, SignalmatchError at the keyholder.
- voprf's Evaluator holds only keys it derived itself from a seed (DeriveKeyPair), so a key
  pair made from a bare scalar (:func:`generate_key_pair`, the keyholder's epochs made before
  keys were derived from seeds) is evaluated on libsodium; :func:`derive_key_pair` (from
  :func:`new_seed`) gives key pairs that carry their seed and evaluate on voprf.

This module's own implementation is RFC 9497 as written (section numbers refer to it):

- HashToGroup / HashToScalar: expand_message_xmd with SHA-512 (RFC 9380 §5.3.1), §4.1.
- DeriveKeyPair §3.2.1, GenerateKeyPair §3.2, Blind / BlindEvaluate / Finalize / Evaluate §3.3.
- GenerateProof / ComputeCompositesFast and VerifyProof / ComputeComposites, §2.2.
- Serialization and input validation, §4.1: elements are canonical ristretto255 encodings that
  are not the identity; scalars are canonical little-endian values below the group order.

Roles: a node calls :func:`blind_batch` and :func:`finalize_batch`; the keyholder calls
:func:`blind_evaluate`. Batches share one DLEQ proof, verified before any output is produced.

Cost per identifier here (libsodium offers neither multi-scalar multiplication nor decoded
points, so each composite term is a scalar multiplication plus an addition that decodes and
re-encodes): :func:`finalize` computes both composites (two multiplications, two additions) and
unblinds (one multiplication, the inverses of a batch's blinds from one inversion by
Montgomery's trick); the keyholder evaluates (one multiplication) and computes one composite
(one multiplication, one addition); its Z is k·M.

Secret-dependent work runs in constant time: libsodium's and curve25519-dalek's scalar
arithmetic and scalar multiplication are constant time, scalar checks go through libsodium and
``hmac.compare_digest``, and the proof challenge is compared with ``hmac.compare_digest``.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

import rbcl
from voprf import ristretto as dalek

from signalmatch import i18n
from signalmatch.errors import AuthenticationError, InvalidValue, SignalmatchError

MODE_VOPRF = 0x01
SUITE_ID = b"ristretto255-SHA512"
CONTEXT_STRING = b"OPRFV1-" + bytes([MODE_VOPRF]) + b"-" + SUITE_ID  # CreateContextString §3.1

ELEMENT_BYTES = 32  # Ne
SCALAR_BYTES = 32  # Ns
PROOF_BYTES = 2 * SCALAR_BYTES
OUTPUT_BYTES = 64  # Nh (SHA-512)
MAX_INPUT_BYTES = 2**16 - 2  # §4.7 "Input Limits": smaller than 2^16 - 1 bytes
MAX_BATCH = 2**16 - 1  # the composite index is I2OSP(i, 2); voprf takes at most 2^16 - 1
SEED_BYTES = 32  # Nseed of DeriveKeyPair

_HASH_TO_GROUP_DST = b"HashToGroup-" + CONTEXT_STRING
_HASH_TO_SCALAR_DST = b"HashToScalar-" + CONTEXT_STRING
_DERIVE_KEY_PAIR_DST = b"DeriveKeyPair" + CONTEXT_STRING
_SEED_DST = b"Seed-" + CONTEXT_STRING

_T = TypeVar("_T")

_IDENTITY = bytes(ELEMENT_BYTES)  # the canonical ristretto255 encoding of the identity
_ZERO = bytes(SCALAR_BYTES)
_ONE = (1).to_bytes(SCALAR_BYTES, "little")
_GENERATOR = rbcl.crypto_scalarmult_ristretto255_base(_ONE)


@dataclass(frozen=True, eq=False)  # eq=False: no variable-time comparison of secret keys
class KeyPair:
    """A keyholder key: the secret scalar skS and the serialized public element pkS, and for a key
    made by DeriveKeyPair its seed and info, with which voprf's Evaluator holds the same key."""

    secret: bytes = field(repr=False)
    public: bytes
    seed: bytes | None = field(default=None, repr=False)
    info: bytes = b""
    _evaluator: dalek.Evaluator | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        _deserialize_scalar(self.secret, nonzero=True)
        _deserialize_element(self.public)
        if not hmac.compare_digest(rbcl.crypto_scalarmult_ristretto255_base(self.secret), self.public):
            raise InvalidValue("oprf.element", i18n.t("oprf.element"))
        seed, info = self.seed, self.info
        if seed is not None:
            _check_seed(seed, info)
            evaluator = _rust("Evaluator.from_seed", lambda: dalek.Evaluator.from_seed(seed, info))
            # voprf's key is its own derivation: it must be this pair's, or voprf is not RFC 9497
            if not hmac.compare_digest(evaluator.public_key.serialize(), self.public):
                raise SignalmatchError("voprf derives another key from this seed than RFC 9497 DeriveKeyPair")
            object.__setattr__(self, "_evaluator", evaluator)


@dataclass(frozen=True, eq=False)
class BlindedBatch:
    """A node's blinded batch: `elements` go to the keyholder; the inputs and the clients (holding
    the blinds) stay with the node until :func:`finalize_batch`."""

    inputs: tuple[bytes, ...] = field(repr=False)
    elements: tuple[bytes, ...]
    clients: tuple[dalek.Client, ...] = field(repr=False)


# -- RFC 9380 expand_message_xmd and the suite's hash functions (§4.1) --------------------------


def _expand_message_xmd(msg: bytes, dst: bytes, len_in_bytes: int) -> bytes:
    """RFC 9380 §5.3.1 with H = SHA-512 (b_in_bytes = 64, s_in_bytes = 128)."""
    b_in_bytes, s_in_bytes = 64, 128
    ell = -(-len_in_bytes // b_in_bytes)
    if ell > 255 or len_in_bytes > 65535 or len(dst) > 255:
        raise ValueError("expand_message_xmd: output or DST too long")
    dst_prime = dst + bytes([len(dst)])
    msg_prime = bytes(s_in_bytes) + msg + len_in_bytes.to_bytes(2, "big") + b"\x00" + dst_prime
    b_0 = hashlib.sha512(msg_prime).digest()
    b_i = hashlib.sha512(b_0 + b"\x01" + dst_prime).digest()
    uniform = [b_i]
    for i in range(2, ell + 1):
        b_i = hashlib.sha512(bytes(x ^ y for x, y in zip(b_0, b_i, strict=True)) + bytes([i]) + dst_prime).digest()
        uniform.append(b_i)
    return b"".join(uniform)[:len_in_bytes]


def _hash_to_group(msg: bytes) -> bytes:
    """hash_to_ristretto255 (RFC 9380 §6.8.1 / RFC 9496 §4.3.4 one-way map), DST HashToGroup-."""
    return rbcl.crypto_core_ristretto255_from_hash(_expand_message_xmd(msg, _HASH_TO_GROUP_DST, 64))


def _hash_to_scalar(msg: bytes, dst: bytes = _HASH_TO_SCALAR_DST) -> bytes:
    """64 uniform bytes read as a little-endian integer, reduced modulo the group order."""
    return rbcl.crypto_core_ristretto255_scalar_reduce(_expand_message_xmd(msg, dst, 64))


def _i2osp2(value: int) -> bytes:
    return value.to_bytes(2, "big")


def _framed(*parts: bytes) -> bytes:
    """I2OSP(len(x), 2) || x for each part."""
    return b"".join(_i2osp2(len(part)) + part for part in parts)


# -- group helpers on serialized values -------------------------------------------------------


def _mul(scalar: bytes, element: bytes) -> bytes:
    """scalar * element; the identity (all zeros) when the product is the identity.

    Only for elements that passed _deserialize_element or were computed here: as installed, rbcl
    skips this function's point check and yields all zeros for an invalid point.
    """
    return rbcl.crypto_scalarmult_ristretto255_allow_scalar_zero(scalar, element)


def _add(a: bytes, b: bytes) -> bytes:
    return rbcl.crypto_core_ristretto255_add(a, b)


def _sum(elements: Iterable[bytes]) -> bytes:
    """The sum of one or more elements."""
    iterator = iter(elements)
    total = next(iterator)
    for element in iterator:
        total = _add(total, element)
    return total


def _invert_all(scalars: Sequence[bytes]) -> list[bytes]:
    """The inverses of non-zero scalars with one inversion (Montgomery's trick); constant time."""
    scalar_mul = rbcl.crypto_core_ristretto255_scalar_mul
    prefix = [scalars[0]]
    for scalar in scalars[1:]:
        prefix.append(scalar_mul(prefix[-1], scalar))
    inverse = rbcl.crypto_core_ristretto255_scalar_invert(prefix[-1])  # 1 / (s_0 ... s_{m-1})
    inverses = [b""] * len(scalars)
    for i in range(len(scalars) - 1, 0, -1):
        inverses[i] = scalar_mul(inverse, prefix[i - 1])
        inverse = scalar_mul(inverse, scalars[i])
    inverses[0] = inverse
    return inverses


def _random_scalar() -> bytes:
    """RandomScalar(): libsodium rejection-samples a uniform non-zero scalar below the order."""
    return rbcl.crypto_core_ristretto255_scalar_random()


def _deserialize_element(buf: bytes) -> bytes:
    """DeserializeElement: canonical ristretto255 encoding that is not the identity.

    RFC 9496 §4.3.1 rejects every encoding whose integer is >= p. The libsodium 1.0.18 that rbcl
    bundles ignores bit 255 instead (so two strings decode to one element), and accepts the
    identity; both are rejected here explicitly.
    """
    if (
        not isinstance(buf, bytes)
        or len(buf) != ELEMENT_BYTES
        or buf[31] & 0x80
        or not rbcl.crypto_core_ristretto255_is_valid_point(buf)
        or hmac.compare_digest(buf, _IDENTITY)
    ):
        raise InvalidValue("oprf.element", i18n.t("oprf.element"))
    return buf


def _check_element_sizes(elements: Sequence[bytes]) -> None:
    if not all(isinstance(element, bytes) and len(element) == ELEMENT_BYTES for element in elements):
        raise InvalidValue("oprf.element", i18n.t("oprf.element"))


def _voprf_decoded(decode: Callable[[bytes], _T], elements: Sequence[bytes]) -> list[_T]:
    """Received elements decoded by voprf (curve25519-dalek): DeserializeElement in one decode.

    voprf's deserialize refuses (ValueError) every encoding that :func:`_deserialize_element`
    refuses — non-canonical (>= p, the high bit), negative, not a point, the identity — except a
    wrong length: it reads the first 32 bytes and ignores the rest, so lengths are checked here.
    tests/unit/test_oprf.py shows which check refuses each kind of malformed element, and that
    this accepts exactly what :func:`_deserialize_element` accepts; decoding again with libsodium
    first would cost a second decode (about 5 µs per element) and refuse nothing more.
    """
    _check_element_sizes(elements)
    try:
        return [decode(element) for element in elements]
    except ValueError:
        raise InvalidValue("oprf.element", i18n.t("oprf.element")) from None


def _is_canonical_scalar(buf: bytes) -> bool:
    # canonical <=> reducing it (zero-extended to 64 bytes) leaves it unchanged; constant time
    return hmac.compare_digest(rbcl.crypto_core_ristretto255_scalar_reduce(buf + _ZERO), buf)


def _deserialize_scalar(buf: bytes, *, nonzero: bool) -> bytes:
    """DeserializeScalar: 32 bytes little-endian, below the group order (and non-zero if asked)."""
    if (
        not isinstance(buf, bytes)
        or len(buf) != SCALAR_BYTES
        or not _is_canonical_scalar(buf)
        or (nonzero and hmac.compare_digest(buf, _ZERO))
    ):
        raise InvalidValue("oprf.scalar", i18n.t("oprf.scalar"))
    return buf


def _check_input(data: bytes) -> bytes:
    if not isinstance(data, bytes) or len(data) > MAX_INPUT_BYTES:
        raise InvalidValue("oprf.input", i18n.t("oprf.input", limit=MAX_INPUT_BYTES))
    return data


def _check_seed(seed: bytes, info: bytes) -> None:
    if not isinstance(seed, bytes) or len(seed) != SEED_BYTES:
        raise ValueError(f"seed must be {SEED_BYTES} bytes")
    _check_input(info)


def _is_rust_panic(exc: BaseException) -> bool:
    """A panic in voprf's Rust code, which pyo3 raises as a BaseException (pyo3_runtime)."""
    return type(exc).__module__ == "pyo3_runtime"


def _rust(what: str, call: Callable[[], _T]) -> _T:
    """`call()` into voprf, its panics as ordinary exceptions (a BaseException would escape every
    `except Exception`, e.g. gRPC's handler, and kill the thread). The panic's own text is left
    out: it comes from code that holds the key or the seed, and the message may end up in a log."""
    try:
        return call()
    except BaseException as exc:
        if not _is_rust_panic(exc):
            raise
        raise SignalmatchError(f"voprf failed in {what} (a panic in its Rust code)") from None


def _check_batch(*lists: Sequence[object]) -> int:
    m = len(lists[0])
    if not 1 <= m <= MAX_BATCH or any(len(other) != m for other in lists[1:]):
        raise InvalidValue("oprf.batch", i18n.t("oprf.batch", limit=MAX_BATCH))
    return m


# -- key generation (§3.2) --------------------------------------------------------------------


def generate_key_pair() -> KeyPair:
    """A key pair from a random scalar (made without a seed: evaluated on libsodium)."""
    return scalar_key_pair(_random_scalar())


def scalar_key_pair(secret: bytes) -> KeyPair:
    """The key pair of a bare secret scalar; InvalidValue unless it is canonical and non-zero."""
    _deserialize_scalar(secret, nonzero=True)
    return KeyPair(secret=secret, public=rbcl.crypto_scalarmult_ristretto255_base(secret))


def derive_key_pair(seed: bytes, info: bytes) -> KeyPair:
    """DeriveKeyPair (§3.2.1): deterministic key pair from a secret 32-byte seed and public info.

    The pair keeps its seed: :func:`blind_evaluate` then runs on voprf's Evaluator, which derives
    the same key from it (checked here against this module's derivation)."""
    _check_seed(seed, info)
    derive_input = seed + _i2osp2(len(info)) + info
    for counter in range(256):
        secret = _hash_to_scalar(derive_input + bytes([counter]), _DERIVE_KEY_PAIR_DST)
        if not hmac.compare_digest(secret, _ZERO):
            public = rbcl.crypto_scalarmult_ristretto255_base(secret)
            return KeyPair(secret=secret, public=public, seed=seed, info=info)
    raise ValueError("DeriveKeyPairError")  # probability about 2^-64000; RFC 9497 §3.2.1


def new_seed() -> bytes:
    """A fresh random seed for :func:`derive_key_pair`: a key made this way is stored as its seed."""
    return os.urandom(SEED_BYTES)


# -- DLEQ proofs (§2.2) -----------------------------------------------------------------------


def _composite_scalars(b: bytes, c: Sequence[bytes], d: Sequence[bytes]) -> list[bytes]:
    """The d_i of ComputeComposites / ComputeCompositesFast, from the seed over B."""
    seed = hashlib.sha512(_framed(b, _SEED_DST)).digest()
    return [
        _hash_to_scalar(_framed(seed) + _i2osp2(i) + _framed(c_i, d_i) + b"Composite")
        for i, (c_i, d_i) in enumerate(zip(c, d, strict=True))
    ]


def _compute_composites_fast(k: bytes, b: bytes, c: Sequence[bytes], d: Sequence[bytes]) -> tuple[bytes, bytes]:
    m = _sum(_mul(d_i, c_i) for d_i, c_i in zip(_composite_scalars(b, c, d), c, strict=True))
    return m, _mul(k, m)


def _compute_composites(b: bytes, c: Sequence[bytes], d: Sequence[bytes]) -> tuple[bytes, bytes]:
    weights = _composite_scalars(b, c, d)
    m = _sum(_mul(d_i, c_i) for d_i, c_i in zip(weights, c, strict=True))
    z = _sum(_mul(d_i, e_i) for d_i, e_i in zip(weights, d, strict=True))
    return m, z


def _challenge(b: bytes, m: bytes, z: bytes, t2: bytes, t3: bytes) -> bytes:
    return _hash_to_scalar(_framed(b, m, z, t2, t3) + b"Challenge")


def _generate_proof(
    k: bytes, a: bytes, b: bytes, c: Sequence[bytes], d: Sequence[bytes], r: bytes | None = None
) -> bytes:
    """GenerateProof(k, A, B, C, D) -> SerializeScalar(c) || SerializeScalar(s)."""
    m, z = _compute_composites_fast(k, b, c, d)
    r = _random_scalar() if r is None else r
    t2 = _mul(r, a)
    t3 = _mul(r, m)
    challenge = _challenge(b, m, z, t2, t3)
    s = rbcl.crypto_core_ristretto255_scalar_sub(r, rbcl.crypto_core_ristretto255_scalar_mul(challenge, k))
    return challenge + s


def _check_proof(proof: bytes) -> bytes:
    """A serialized proof: two canonical scalars."""
    if (
        not isinstance(proof, bytes)
        or len(proof) != PROOF_BYTES
        or not (_is_canonical_scalar(proof[:SCALAR_BYTES]) and _is_canonical_scalar(proof[SCALAR_BYTES:]))
    ):
        raise InvalidValue("oprf.proof", i18n.t("oprf.proof"))
    return proof


def _verify_proof(a: bytes, b: bytes, c: Sequence[bytes], d: Sequence[bytes], proof: bytes) -> bool:
    """VerifyProof(A, B, C, D, proof); elements already deserialized."""
    challenge, s = _check_proof(proof)[:SCALAR_BYTES], proof[SCALAR_BYTES:]
    m, z = _compute_composites(b, c, d)
    t2 = _add(_mul(s, a), _mul(challenge, b))
    t3 = _add(_mul(s, m), _mul(challenge, z))
    return hmac.compare_digest(_challenge(b, m, z, t2, t3), challenge)


# -- the VOPRF protocol (§3.3.2) --------------------------------------------------------------


def _finalize_hash(data: bytes, element: bytes) -> bytes:
    return hashlib.sha512(_framed(data, element) + b"Finalize").digest()


def _input_element(data: bytes) -> bytes:
    element = _hash_to_group(_check_input(data))
    if hmac.compare_digest(element, _IDENTITY):
        raise InvalidValue("oprf.input", i18n.t("oprf.input", limit=MAX_INPUT_BYTES))
    return element


def blind(inputs: Sequence[bytes], blinds: Sequence[bytes] | None = None) -> tuple[list[bytes], list[bytes]]:
    """Blind (client): -> (blinds, blinded elements). `blinds` only for test vectors."""
    if blinds is None:
        _check_batch(inputs)
        blinds = [_random_scalar() for _ in inputs]
    else:
        _check_batch(inputs, blinds)
        blinds = [_deserialize_scalar(r, nonzero=True) for r in blinds]
    blinded = [_mul(r, _input_element(data)) for r, data in zip(blinds, inputs, strict=True)]
    return list(blinds), blinded


def blind_batch(inputs: Sequence[bytes]) -> BlindedBatch:
    """Blind (node): a batch of non-empty inputs with fresh random blinds, for :func:`finalize_batch`."""
    _check_batch(inputs)
    if not all(isinstance(data, bytes) and 0 < len(data) <= MAX_INPUT_BYTES for data in inputs):
        raise InvalidValue("oprf.input", i18n.t("oprf.input", limit=MAX_INPUT_BYTES))
    clients, blinded = zip(*(dalek.Client.blind(data) for data in inputs), strict=True)
    return BlindedBatch(inputs=tuple(inputs), elements=tuple(b.serialize() for b in blinded), clients=clients)


def blind_evaluate(key: KeyPair, blinded: Sequence[bytes], r: bytes | None = None) -> tuple[list[bytes], bytes]:
    """BlindEvaluate (server / keyholder) over a batch with one DLEQ proof.

    -> (evaluated elements, proof = c || s). On voprf's Evaluator when the key carries its seed,
    on libsodium otherwise or when `r` (the proof's random scalar, only for test vectors) is given.
    """
    m = _check_batch(blinded)
    if key._evaluator is not None and r is None:
        evaluator = key._evaluator
        decoded = _rust("BlindedInput.deserialize", lambda: _voprf_decoded(dalek.BlindedInput.deserialize, blinded))
        response = _rust("Evaluator.evaluate_batch", lambda: evaluator.evaluate_batch(decoded).serialize())
        if len(response) != PROOF_BYTES + m * ELEMENT_BYTES:
            raise SignalmatchError(f"voprf answered {len(response)} bytes for a batch of {m}")
        proof, elements = response[:PROOF_BYTES], response[PROOF_BYTES:]
        return [elements[i : i + ELEMENT_BYTES] for i in range(0, len(elements), ELEMENT_BYTES)], proof
    blinded = [_deserialize_element(element) for element in blinded]
    if r is not None:
        _deserialize_scalar(r, nonzero=True)
    evaluated = [_mul(key.secret, element) for element in blinded]
    proof = _generate_proof(key.secret, _GENERATOR, key.public, blinded, evaluated, r)
    return evaluated, proof


def finalize(
    inputs: Sequence[bytes],
    blinds: Sequence[bytes],
    blinded: Sequence[bytes],
    evaluated: Sequence[bytes],
    proof: bytes,
    public_key: bytes,
) -> list[bytes]:
    """Finalize (client): verify the batched proof first, then unblind and hash.

    Raises InvalidValue for malformed values and AuthenticationError when the proof does not
    verify against `public_key`. Returns one 64-byte output per input.
    """
    _check_batch(inputs, blinds, blinded, evaluated)
    for data in inputs:
        _check_input(data)
    blinds = [_deserialize_scalar(r, nonzero=True) for r in blinds]
    public_key = _deserialize_element(public_key)
    blinded = [_deserialize_element(element) for element in blinded]
    evaluated = [_deserialize_element(element) for element in evaluated]
    if not _verify_proof(_GENERATOR, public_key, blinded, evaluated, proof):
        raise AuthenticationError("the keyholder's proof does not verify")
    return [
        _finalize_hash(data, _mul(inverse, element))
        for data, inverse, element in zip(inputs, _invert_all(blinds), evaluated, strict=True)
    ]


def finalize_batch(batch: BlindedBatch, evaluated: Sequence[bytes], proof: bytes, public_key: bytes) -> list[bytes]:
    """Finalize (node) a batch from :func:`blind_batch`, like :func:`finalize`: every value from
    the keyholder and the public key checked here, the proof verified before any output."""
    _check_batch(batch.elements, evaluated)
    public_key = _deserialize_element(public_key)
    _check_element_sizes(evaluated)
    try:  # voprf decodes the elements (the only decoding of them): see _voprf_decoded
        response = dalek.VerifiableBatchOutput.deserialize(_check_proof(proof) + b"".join(evaluated))
    except (ValueError, InvalidValue):
        # voprf refuses a malformed element and a zero proof scalar alike; name which, in the
        # order of the checks done before voprf decoded (elements first, then the proof's form)
        for element in evaluated:
            _deserialize_element(element)
        _check_proof(proof)
        raise AuthenticationError("the keyholder's proof does not verify") from None
    except BaseException as exc:
        if not _is_rust_panic(exc):
            raise
        raise AuthenticationError("the keyholder's proof does not verify") from None
    try:
        return dalek.Client.finalize_batch(list(batch.clients), response, dalek.PublicKey.deserialize(public_key))
    except ValueError:
        pass
    except BaseException as exc:  # voprf panics (pyo3_runtime.PanicException) when a proof does not verify
        if not _is_rust_panic(exc):
            raise
    raise AuthenticationError("the keyholder's proof does not verify")


def evaluate(key: KeyPair, input: bytes) -> bytes:  # noqa: A002 - the RFC's parameter name
    """Evaluate (§3.3.1): the PRF output computed directly by whoever holds the key."""
    return _finalize_hash(input, _mul(key.secret, _input_element(input)))
