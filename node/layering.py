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

With token workers (``token_workers`` in the node config, node.tokenworkers) the blinding and
the verifying + finalising run in worker processes instead, so a node tokenises on several
cores: each batch is cut into chunks of even size (a multiple of the worker count, none made
smaller than MIN_SPLIT just to even them out), each worker takes its share with two chunks in
flight, and the same worker that blinded a chunk — it alone holds the blinds — verifies the
keyholder's proof and finalises it. Everything else is the same: nothing of a batch is used or
cached unless all its chunks verify; a worker that dies fails the batch (KeyholderError, the
outbox retries) and is replaced.
"""

from __future__ import annotations

import base64
import dataclasses
import itertools
import threading
from collections import OrderedDict, deque
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor

import grpc

from signalmatch import i18n, oprf
from signalmatch.errors import AuthenticationError, InvalidValue, SignalmatchError
from signalmatch.node.tokenworkers import Worker, WorkerError, WorkerPool
from signalmatch.node.vault import Operation
from signalmatch.protocol import TOKEN_BYTES
from signalmatch.v1 import keyholder_pb2, keyholder_pb2_grpc, submission_pb2

MAX_ELEMENTS = 5_000  # per EvaluateBatch (the keyholder's limit)
CHUNK = 1_000  # elements per EvaluateBatch sent by the node
IN_FLIGHT = 2  # EvaluateBatch calls outstanding at once: the node's work overlaps the keyholder's
CACHE_SIZE = 100_000  # final tokens kept per epoch (about 250 bytes each)
MIN_SPLIT = 100  # with workers: no chunk made smaller than this only to spread a batch evenly


class KeyholderError(SignalmatchError):
    """The keyholder is down, refused, or answered wrongly: nothing is frozen, the outbox retries.
    The message holds no token or element and is shown as the node's last error."""


def _decoded(public_keys: Mapping[int, str | bytes]) -> dict[int, bytes]:
    return {e: k if isinstance(k, bytes) else base64.b64decode(k, validate=True) for e, k in public_keys.items()}


def split_evenly(items: list[bytes], chunk: int, workers: int) -> list[list[bytes]]:
    """`items` in chunks of at most `chunk`, of even sizes, their number a multiple of `workers`
    unless that would make chunks smaller than MIN_SPLIT."""
    parts = -(-len(items) // chunk)
    parts = max(parts, min(-(-parts // workers) * workers, len(items) // MIN_SPLIT))
    size = -(-len(items) // parts) if parts else chunk
    return [items[start : start + size] for start in range(0, len(items), size)]


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
        workers: int | WorkerPool = 0,
    ):
        """With `active_epochs`, queued tokens and encodings of any other epoch (one destroyed since
        they were queued) are dropped: they can no longer be finalised, and would match nothing.
        Without `fuzzy` (the table policy turned fuzzy matching off after they were queued) every
        encoding is dropped: the matcher refuses them. Encodings are never sent to the keyholder.
        `cache_size` 0 turns the cache off. `workers` > 0 starts that many token worker processes
        (node.tokenworkers; `close()` stops them), 0 tokenises in this process; a running
        WorkerPool is used as it is (tests and benchmarks share one)."""
        if not 1 <= chunk <= MAX_ELEMENTS:
            raise ValueError(f"chunk must be 1 to {MAX_ELEMENTS}")
        if isinstance(workers, int) and workers < 0:
            raise ValueError("workers must be 0 or more")
        self._active = None if active_epochs is None else frozenset(active_epochs)
        self._fuzzy = fuzzy
        self._stub = keyholder_pb2_grpc.KeyholderServiceStub(channel)
        self._keys = _decoded(public_keys)
        self._timeout = timeout
        self._chunk = chunk
        self._cache_size = cache_size
        self._cache: dict[int, OrderedDict[bytes, bytes]] = {}
        self._lock = threading.Lock()
        self._pool: WorkerPool | None = None
        if isinstance(workers, WorkerPool):
            self._pool = workers
        elif workers:
            self._pool = WorkerPool(workers, timeout)
        self._threads = (
            ThreadPoolExecutor(self._pool.size, thread_name_prefix="token-worker") if self._pool is not None else None
        )
        self._chunk_ids = itertools.count()

    def close(self) -> None:
        """Stop the token workers, if any (they also exit by themselves when this process ends)."""
        if self._pool is not None and self._threads is not None:
            self._pool.close()
            self._threads.shutdown(wait=False, cancel_futures=True)

    def worker_pids(self) -> list[int]:
        """The token workers' process ids (none without workers)."""
        return [] if self._pool is None else self._pool.pids()

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
        if missing and self._pool is not None:
            fresh = self._in_workers(epoch, public_key, missing)
        elif missing:
            chunks = [missing[start : start + self._chunk] for start in range(0, len(missing), self._chunk)]
            fresh = dict(self._pipelined(epoch, public_key, chunks, _InProcess.blind))
        self._remember(epoch, fresh)
        result.update(fresh)
        return result

    def _pipelined(
        self,
        epoch: int,
        public_key: bytes,
        chunks: list[list[bytes]],
        blind: Callable[[list[bytes]], _Blinded],
        stop: threading.Event | None = None,
    ) -> list[tuple[bytes, bytes]]:
        """(HMAC token, final token) for every token of `chunks`: each chunk blinded, sent, and
        finished once its answer is in, IN_FLIGHT calls outstanding; the first failure raises
        (and sets `stop`, which ends the other workers' shares too)."""
        fresh: list[tuple[bytes, bytes]] = []
        pending: deque[tuple[_Blinded, grpc.Future]] = deque()
        try:
            for chunk in chunks:
                if stop is not None and stop.is_set():
                    return []
                blinded = blind(chunk)
                pending.append((blinded, self._send(epoch, blinded.elements)))
                if len(pending) >= IN_FLIGHT:
                    fresh.extend(self._finish(epoch, public_key, *pending[0]))
                    pending.popleft()
            while pending:
                fresh.extend(self._finish(epoch, public_key, *pending[0]))
                pending.popleft()
        except BaseException:
            if stop is not None:
                stop.set()
            raise
        finally:
            for blinded, call in pending:  # after a failure: nothing of this batch is used
                call.cancel()
                blinded.forget()
        return fresh

    def _in_workers(self, epoch: int, public_key: bytes, missing: list[bytes]) -> dict[bytes, bytes]:
        """The chunks spread over the token workers, each worker's share pipelined by one thread."""
        assert self._pool is not None and self._threads is not None
        with self._pool.lock:
            try:
                workers = self._pool.workers()
            except WorkerError as exc:
                raise KeyholderError(i18n.t("layering.worker", reason=str(exc))) from None
            chunks = split_evenly(missing, self._chunk, len(workers))
            stop = threading.Event()
            shares = [
                self._threads.submit(
                    self._pipelined,
                    epoch,
                    public_key,
                    chunks[i :: len(workers)],
                    self._blinder(worker),
                    stop,
                )
                for i, worker in enumerate(workers)
            ]
            fresh: dict[bytes, bytes] = {}
            failure: BaseException | None = None
            for share in shares:  # every share ended before the batch fails or returns
                try:
                    fresh.update(share.result())
                except BaseException as exc:  # the first failure is the batch's
                    failure = failure or exc
        if isinstance(failure, WorkerError):
            raise KeyholderError(i18n.t("layering.worker", reason=str(failure))) from None
        if failure is not None:
            raise failure
        return fresh

    def _blinder(self, worker: Worker) -> Callable[[list[bytes]], _Blinded]:
        return lambda chunk: _InWorker(worker, next(self._chunk_ids), chunk)

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

    def _send(self, epoch: int, elements: Iterable[bytes]) -> grpc.Future:
        request = keyholder_pb2.EvaluateBatchRequest(epoch=epoch, blinded_elements=elements)
        return self._stub.EvaluateBatch.future(request, timeout=self._timeout)

    def _finish(
        self, epoch: int, public_key: bytes, blinded: _Blinded, call: grpc.Future
    ) -> Iterable[tuple[bytes, bytes]]:
        try:
            response = call.result()
        except grpc.RpcError as exc:
            raise KeyholderError(
                i18n.t("layering.unreachable", code=exc.code().name, details=exc.details() or "")
            ) from None
        evaluated = list(response.evaluated_elements)
        if len(evaluated) != len(blinded.elements) or response.epoch != epoch:
            raise KeyholderError(i18n.t("layering.count", got=len(evaluated), sent=len(blinded.elements)))
        try:
            outputs = blinded.finalize(evaluated, response.proof, public_key)
        except (AuthenticationError, InvalidValue):
            raise KeyholderError(i18n.t("layering.proof", epoch=epoch)) from None
        return zip(blinded.inputs, (output[:TOKEN_BYTES] for output in outputs), strict=True)

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


class _Blinded:
    """A blinded chunk waiting for the keyholder: its inputs and elements; whoever holds the blinds
    verifies the proof and finalises (oprf.finalize_batch)."""

    inputs: list[bytes] | tuple[bytes, ...]
    elements: list[bytes] | tuple[bytes, ...]

    def finalize(self, evaluated: list[bytes], proof: bytes, public_key: bytes) -> list[bytes]:
        raise NotImplementedError

    def forget(self) -> None:
        """The chunk will not be finalised (its batch failed)."""


class _InProcess(_Blinded):
    def __init__(self, batch: oprf.BlindedBatch):
        self.batch, self.inputs, self.elements = batch, batch.inputs, batch.elements

    @classmethod
    def blind(cls, chunk: list[bytes]) -> _Blinded:
        return cls(oprf.blind_batch(chunk))

    def finalize(self, evaluated: list[bytes], proof: bytes, public_key: bytes) -> list[bytes]:
        return oprf.finalize_batch(self.batch, evaluated, proof, public_key)


class _InWorker(_Blinded):
    """A chunk blinded by `worker`, which alone holds its blinds until finalize()."""

    def __init__(self, worker: Worker, chunk_id: int, inputs: list[bytes]):
        self.worker, self.chunk_id, self.inputs = worker, chunk_id, inputs
        self.elements = worker.blind(chunk_id, inputs)
        self._open = True

    def finalize(self, evaluated: list[bytes], proof: bytes, public_key: bytes) -> list[bytes]:
        self._open = False  # the worker drops the state whatever the outcome
        return self.worker.finish(self.chunk_id, evaluated, proof, public_key)

    def forget(self) -> None:
        if self._open:
            self._open = False
            try:
                self.worker.drop([self.chunk_id])
            except WorkerError:
                pass  # a dead worker holds nothing any more
