"""Layered tokens: the node's HMAC token, evaluated obliviously by the table's keyholder.

    hmac_token  = HMAC-SHA256(K_table_epoch, ...)                 (node.pseudonymise, at intake)
    final_token = OPRF_epoch(hmac_token)[:32]                     (here, when a batch is frozen)

OPRF is RFC 9497 in VOPRF mode with suite ristretto255-SHA512 (``signalmatch.oprf``): the node
blinds each HMAC token into a random-looking group element, the keyholder multiplies it by the
epoch's secret scalar and proves (one batched DLEQ proof) that it used the key whose public half
every node pins in its configuration, and the node unblinds and finalises. The 64-byte OPRF
output (SHA-512) is cut to its first 32 bytes, the token size the matcher stores; 256 bits
keep collisions out of reach. Only final tokens leave the node: linking one to an identifier
takes both the partners' HMAC secret and the keyholder's key, and the keyholder never sees
an HMAC token, let alone an identifier.

Per outbox batch, the distinct tokens not already in the node's cache go to the keyholder in
chunks of up to 1,000, two in flight: while the keyholder evaluates one chunk the node blinds the
next or finalises the previous, so node and keyholder work at the same time. Each chunk has its
own proof, verified before any of its outputs is used. The cache (per epoch, in memory, the most
recently used 100,000 tokens by default) spares repeated identifiers — the same phone number or
address in many signals — the whole round trip; it holds only what the node computed itself and
is gone when the process ends.
"""

from __future__ import annotations

import base64
import dataclasses
import threading
from collections import OrderedDict, deque
from collections.abc import Iterable, Mapping

import grpc

from signalmatch import i18n, oprf
from signalmatch.errors import AuthenticationError, InvalidValue, SignalmatchError
from signalmatch.node.vault import Operation
from signalmatch.protocol import TOKEN_BYTES
from signalmatch.v1 import keyholder_pb2, keyholder_pb2_grpc, submission_pb2

MAX_ELEMENTS = 5_000  # per EvaluateBatch (the keyholder's limit)
CHUNK = 1_000  # elements per EvaluateBatch sent by the node
IN_FLIGHT = 2  # EvaluateBatch calls outstanding at once: the node's work overlaps the keyholder's
CACHE_SIZE = 100_000  # final tokens kept per epoch (about 250 bytes each)


class KeyholderError(SignalmatchError):
    """The keyholder is down, refused, or answered wrongly: nothing is frozen, the outbox retries.
    The message holds no token or element and is shown as the node's last error."""


def _decoded(public_keys: Mapping[int, str | bytes]) -> dict[int, bytes]:
    return {e: k if isinstance(k, bytes) else base64.b64decode(k, validate=True) for e, k in public_keys.items()}


class TokenLayer:
    """Turns the HMAC tokens of queued submissions into final tokens via the keyholder."""

    def __init__(
        self,
        channel: grpc.Channel,
        public_keys: Mapping[int, str | bytes],
        timeout: float = 30.0,
        active_epochs: tuple[int, ...] | None = None,
        fuzzy: bool = True,
        cache_size: int = CACHE_SIZE,
        chunk: int = CHUNK,
    ):
        """With `active_epochs`, queued tokens and encodings of any other epoch (one destroyed since
        they were queued) are dropped: they can no longer be finalised, and would match nothing.
        Without `fuzzy` (the table policy turned fuzzy matching off after they were queued) every
        encoding is dropped: the matcher refuses them. Encodings are never sent to the keyholder.
        `cache_size` 0 turns the cache off."""
        if not 1 <= chunk <= MAX_ELEMENTS:
            raise ValueError(f"chunk must be 1 to {MAX_ELEMENTS}")
        self._active = None if active_epochs is None else frozenset(active_epochs)
        self._fuzzy = fuzzy
        self._stub = keyholder_pb2_grpc.KeyholderServiceStub(channel)
        self._keys = _decoded(public_keys)
        self._timeout = timeout
        self._chunk = chunk
        self._cache_size = cache_size
        self._cache: dict[int, OrderedDict[bytes, bytes]] = {}
        self._lock = threading.Lock()

    def use_fuzzy(self, fuzzy: bool) -> None:
        """The table policy's fuzzy_matching, changed by a directory version."""
        self._fuzzy = fuzzy

    def use_epochs(self, public_keys: Mapping[int, str | bytes], active_epochs: tuple[int, ...]) -> None:
        """The published keys and active epochs of a new directory version (no restart)."""
        self._keys = _decoded(public_keys)
        self._active = frozenset(active_epochs)
        with self._lock:
            for epoch in set(self._cache) - self._active:
                del self._cache[epoch]

    def final_tokens(self, epoch: int, tokens: Iterable[bytes]) -> dict[bytes, bytes]:
        """HMAC token -> final token, for the distinct `tokens`; KeyholderError on any failure."""
        public_key = self._keys.get(epoch)
        if public_key is None:
            raise KeyholderError(i18n.t("layering.no_key", epoch=epoch))
        result, missing = self._cached(epoch, dict.fromkeys(tokens))
        fresh: dict[bytes, bytes] = {}
        pending: deque[tuple[oprf.BlindedBatch, grpc.Future]] = deque()
        try:
            for start in range(0, len(missing), self._chunk):
                batch = oprf.blind_batch(missing[start : start + self._chunk])
                pending.append((batch, self._send(epoch, batch)))
                if len(pending) >= IN_FLIGHT:
                    fresh.update(self._finish(epoch, public_key, *pending.popleft()))
            while pending:
                fresh.update(self._finish(epoch, public_key, *pending.popleft()))
        finally:
            for _, call in pending:  # after a failure: nothing of this batch is used
                call.cancel()
        self._remember(epoch, fresh)
        result.update(fresh)
        return result

    def _cached(self, epoch: int, tokens: Iterable[bytes]) -> tuple[dict[bytes, bytes], list[bytes]]:
        """(the tokens found in the cache with their final tokens, the others in order)."""
        found: dict[bytes, bytes] = {}
        missing: list[bytes] = []
        with self._lock:
            cache = self._cache.get(epoch)
            for token in tokens:
                final = None if cache is None else cache.get(token)
                if cache is None or final is None:
                    missing.append(token)
                else:
                    found[token] = final
                    cache.move_to_end(token)  # least recently used goes first
        return found, missing

    def _remember(self, epoch: int, fresh: dict[bytes, bytes]) -> None:
        if self._cache_size <= 0 or not fresh:
            return
        with self._lock:
            cache = self._cache.setdefault(epoch, OrderedDict())
            cache.update(fresh)
            while len(cache) > self._cache_size:
                cache.popitem(last=False)

    def _send(self, epoch: int, batch: oprf.BlindedBatch) -> grpc.Future:
        request = keyholder_pb2.EvaluateBatchRequest(epoch=epoch, blinded_elements=batch.elements)
        return self._stub.EvaluateBatch.future(request, timeout=self._timeout)

    def _finish(
        self, epoch: int, public_key: bytes, batch: oprf.BlindedBatch, call: grpc.Future
    ) -> Iterable[tuple[bytes, bytes]]:
        try:
            response = call.result()
        except grpc.RpcError as exc:
            raise KeyholderError(
                i18n.t("layering.unreachable", code=exc.code().name, details=exc.details() or "")
            ) from None
        evaluated = list(response.evaluated_elements)
        if len(evaluated) != len(batch.elements) or response.epoch != epoch:
            raise KeyholderError(i18n.t("layering.count", got=len(evaluated), sent=len(batch.elements)))
        try:
            outputs = oprf.finalize_batch(batch, evaluated, response.proof, public_key)
        except (AuthenticationError, InvalidValue):
            raise KeyholderError(i18n.t("layering.proof", epoch=epoch)) from None
        return zip(batch.inputs, (output[:TOKEN_BYTES] for output in outputs), strict=True)

    def layer(self, operations: list[Operation]) -> list[Operation]:
        """The operations with every submission's HMAC tokens replaced by final tokens: one round
        trip per key epoch present (one, or two during a key rotation) for the whole batch."""
        messages: dict[int, submission_pb2.PseudonymisedSignal] = {}
        by_epoch: dict[int, list[bytes]] = {}
        for op in operations:
            if op.kind == "submit":
                message = submission_pb2.PseudonymisedSignal.FromString(op.payload)
                if self._active is not None:
                    kept = [t for t in message.tokens if (t.epoch or message.epoch) in self._active]
                    if len(kept) != len(message.tokens):
                        del message.tokens[:]
                        message.tokens.extend(kept)
                encodings = [
                    e
                    for e in message.encodings
                    if self._fuzzy and (self._active is None or (e.epoch or message.epoch) in self._active)
                ]
                if len(encodings) != len(message.encodings):
                    del message.encodings[:]
                    message.encodings.extend(encodings)
                messages[op.seq] = message
                for t in message.tokens:
                    by_epoch.setdefault(t.epoch or message.epoch, []).append(t.value)
        finals = {epoch: self.final_tokens(epoch, tokens) for epoch, tokens in by_epoch.items() if tokens}
        layered = []
        for op in operations:
            submission = messages.get(op.seq)
            if submission is None:
                layered.append(op)
                continue
            for t in submission.tokens:
                t.value = finals[t.epoch or submission.epoch][t.value]
            layered.append(dataclasses.replace(op, payload=submission.SerializeToString()))
        return layered
