"""The node's token layer against an in-process keyholder: chunks in flight, the cache, failures;
each in the node's process (workers=0) and with token worker processes (workers=2, one pool for
the module, marked slow)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator

import grpc
import pytest
from support import wait_for

from signalmatch import oprf
from signalmatch.node.layering import MIN_SPLIT, KeyholderError, TokenLayer, split_evenly
from signalmatch.node.tokenworkers import WorkerPool, pack, unpack
from signalmatch.protocol import TOKEN_BYTES
from signalmatch.v1 import keyholder_pb2

KEY = oprf.derive_key_pair(bytes(32), b"test_layering")
OTHER_KEY = oprf.derive_key_pair(bytes(32), b"another key")


class Call:
    """A finished grpc.Future: a response or an RpcError."""

    def __init__(self, response=None, error: grpc.RpcError | None = None):
        self._response, self._error = response, error
        self.cancelled = False

    def result(self):
        if self._error is not None:
            raise self._error
        return self._response

    def cancel(self) -> bool:
        self.cancelled = True
        return True


class Unavailable(grpc.RpcError):
    def code(self) -> grpc.StatusCode:
        return grpc.StatusCode.UNAVAILABLE

    def details(self) -> str:
        return "keyholder down"


class Keyholder:
    """Stands in for KeyholderServiceStub: evaluates with `key`; `fail` maps a call number to a fault."""

    def __init__(self, key: oprf.KeyPair = KEY, fail: dict[int, str] | None = None, on_call=None):
        self.key, self.fail, self.on_call = key, fail or {}, on_call
        self.requests: list[list[bytes]] = []
        self.calls: list[Call] = []
        self.EvaluateBatch = self  # the stub's method object, with .future

    def future(self, request: keyholder_pb2.EvaluateBatchRequest, timeout: float) -> Call:
        elements = list(request.blinded_elements)
        self.requests.append(elements)
        fault = self.fail.get(len(self.requests))
        if self.on_call is not None:
            self.on_call(len(self.requests))
        if fault == "down":
            call = Call(error=Unavailable())
        else:
            evaluated, proof = oprf.blind_evaluate(OTHER_KEY if fault == "other key" else self.key, elements)
            if fault == "short":
                evaluated = evaluated[:-1]
            call = Call(
                keyholder_pb2.EvaluateBatchResponse(epoch=request.epoch, evaluated_elements=evaluated, proof=proof)
            )
        self.calls.append(call)
        return call


@pytest.fixture(scope="module")
def pool() -> Iterator[WorkerPool]:
    """Two token workers for every test of this module that uses them (starting them costs)."""
    workers = WorkerPool(2, timeout=30.0)
    yield workers
    workers.close()


@pytest.fixture(params=[0, pytest.param(2, marks=pytest.mark.slow)], ids=["in-process", "workers"])
def workers(request: pytest.FixtureRequest) -> int | WorkerPool:
    return request.param and request.getfixturevalue("pool")


def layer_with(keyholder: Keyholder, workers: int | WorkerPool = 0, **options) -> TokenLayer:
    layer = TokenLayer(grpc.insecure_channel("localhost:1"), {1: KEY.public}, workers=workers, **options)
    layer._stub = keyholder
    return layer


def chunk_sizes(count: int, chunk: int, workers: int | WorkerPool) -> list[int]:
    """The sizes of the chunks a batch of `count` new tokens goes out in, in order of sending
    (with workers: as a sorted list, the workers send concurrently)."""
    if not workers:
        return [min(chunk, count - start) for start in range(0, count, chunk)]
    assert isinstance(workers, WorkerPool)
    return sorted(len(c) for c in split_evenly([bytes(32)] * count, chunk, workers.size))


def sent(keyholder: Keyholder, workers: int | WorkerPool) -> list[int]:
    sizes = [len(r) for r in keyholder.requests]
    return sorted(sizes) if workers else sizes


def expected(tokens: list[bytes]) -> dict[bytes, bytes]:
    return {t: oprf.evaluate(KEY, t)[:TOKEN_BYTES] for t in tokens}


TOKENS = [i.to_bytes(32, "big") for i in range(25)]


def test_chunks_are_evaluated_in_order_and_give_the_prf(workers):
    keyholder = Keyholder()
    assert layer_with(keyholder, workers, chunk=10).final_tokens(1, TOKENS + TOKENS[:5]) == expected(TOKENS)
    assert sent(keyholder, workers) == chunk_sizes(25, 10, workers)  # distinct tokens only
    if not workers:
        assert sent(keyholder, workers) == [10, 10, 5]


def test_repeated_tokens_come_from_the_cache_without_a_round_trip(workers):
    keyholder = Keyholder()
    layer = layer_with(keyholder, workers, chunk=10)
    layer.final_tokens(1, TOKENS[:20])
    first = len(keyholder.requests)
    assert layer.final_tokens(1, TOKENS) == expected(TOKENS)
    assert [len(r) for r in keyholder.requests[first:]] == [5]  # only the 5 new ones went out again
    assert layer.final_tokens(1, TOKENS) == expected(TOKENS)
    assert len(keyholder.requests) == first + 1


def test_the_cache_keeps_the_most_recently_used_and_can_be_turned_off(workers):
    keyholder = Keyholder()
    layer = layer_with(keyholder, workers, cache_size=3)
    layer.final_tokens(1, TOKENS[:3])
    layer.final_tokens(1, TOKENS[:1])  # used again: TOKENS[1] is now the oldest
    layer.final_tokens(1, TOKENS[3:4])
    keyholder.requests.clear()
    layer.final_tokens(1, TOKENS[:4])
    assert keyholder.requests == [[keyholder.requests[0][0]]]  # only TOKENS[1] was evicted
    off = Keyholder()
    uncached = layer_with(off, workers, cache_size=0)
    uncached.final_tokens(1, TOKENS[:2])
    uncached.final_tokens(1, TOKENS[:2])
    assert len(off.requests) == 2


@pytest.mark.parametrize(
    "fault,message",
    [("down", "UNAVAILABLE"), ("other key", "bewijs"), ("short", "evaluaties ontvangen")],
)
def test_a_failing_chunk_fails_the_whole_batch_and_caches_nothing(fault, message, workers):
    keyholder = Keyholder(fail={2: fault})
    layer = layer_with(keyholder, workers, chunk=10)
    with pytest.raises(KeyholderError, match=message):
        layer.final_tokens(1, TOKENS)
    if not workers:  # (with workers another worker's chunk may have been finished, and dropped)
        assert all(call.cancelled for call in keyholder.calls[2:])  # the chunk still in flight is dropped
    keyholder.fail.clear()
    keyholder.requests.clear()
    assert layer.final_tokens(1, TOKENS) == expected(TOKENS)
    assert sent(keyholder, workers) == chunk_sizes(25, 10, workers)  # the chunks that verified were not kept


def test_unknown_epoch_and_chunk_size_are_refused():
    with pytest.raises(KeyholderError, match="epoch 2"):
        layer_with(Keyholder()).final_tokens(2, TOKENS)
    with pytest.raises(ValueError):
        layer_with(Keyholder(), chunk=0)


# -- token workers ---------------------------------------------------------------------------------


def test_batches_are_split_evenly_over_the_workers():
    tokens = [bytes(32)] * 2_500
    assert [len(c) for c in split_evenly(tokens, 1_000, 1)] == [834, 834, 832]
    assert [len(c) for c in split_evenly(tokens, 1_000, 2)] == [625] * 4
    assert [len(c) for c in split_evenly(tokens[:150], 1_000, 2)] == [150]  # none below MIN_SPLIT to even out
    assert [len(c) for c in split_evenly(tokens[: 2 * MIN_SPLIT], 1_000, 2)] == [MIN_SPLIT, MIN_SPLIT]
    for count in (1, 7, 999, 1_000, 1_001, 2_500):
        for workers in (1, 2, 3):
            chunks = split_evenly(tokens[:count], 1_000, workers)
            assert sum(len(c) for c in chunks) == count and max(len(c) for c in chunks) <= 1_000


def test_the_workers_messages_come_back_as_sent_and_malformed_ones_are_refused():
    for fields in ([[b"ok"]], [[b"blind"], [bytes(8)], TOKENS], [[b"x"], [], [b"", b""], [b"a", b"bc", b""]]):
        data = pack(fields)
        assert int.from_bytes(data[:4], "big") == len(data) - 4
        assert unpack(data[4:]) == fields
    body = pack([[b"finish"], [b"a", b"bc"]])[4:]
    for bad in (body[:-1], body + b"\x00", body[:4] + b"W" + body[5:], bytes(3) + b"\x09"):
        with pytest.raises(ValueError):
            unpack(bad)


@pytest.mark.slow
def test_every_chunk_is_finished_by_the_worker_that_blinded_it(pool):
    tokens = [i.to_bytes(32, "big") for i in range(400)]
    keyholder = Keyholder()
    layer = layer_with(keyholder, pool, chunk=50)
    assert layer.final_tokens(1, tokens) == expected(tokens)  # another worker holds no blind to finish with
    assert sorted(len(r) for r in keyholder.requests) == [50] * 8


@pytest.mark.slow
def test_a_worker_killed_in_a_batch_fails_it_and_is_replaced(pool):
    victim = pool.pids()[0]
    keyholder = Keyholder(on_call=lambda n: n == 2 and os.kill(victim, signal.SIGKILL))
    layer = layer_with(keyholder, pool, chunk=10)
    tokens = [i.to_bytes(32, "big") for i in range(100, 140)]
    with pytest.raises(KeyholderError, match="tokenworker"):
        layer.final_tokens(1, tokens)
    assert layer._cache == {}  # nothing of the batch is kept; the outbox retries it
    keyholder.on_call = None
    assert layer.final_tokens(1, tokens) == expected(tokens)
    assert victim not in pool.pids() and len(pool.pids()) == 2


@pytest.mark.slow
def test_a_fresh_workers_first_deadline_includes_its_start_up():
    fresh = WorkerPool(1, timeout=0.01)  # far less than an interpreter needs to start and import
    try:
        assert len(fresh.workers()[0].blind(1, [b"x"])) == 1  # before the fix: "did not answer in time"
    finally:
        fresh.close()


@pytest.mark.slow
def test_a_hung_worker_fails_the_batch_after_the_timeout():
    hung = WorkerPool(1, timeout=1.0)
    try:
        assert layer_with(Keyholder(), hung).final_tokens(1, TOKENS[:1]) == expected(TOKENS[:1])  # started
        os.kill(hung.pids()[0], signal.SIGSTOP)
        with pytest.raises(KeyholderError, match="tokenworker"):
            layer_with(Keyholder(), hung).final_tokens(1, TOKENS[1:])
        assert layer_with(Keyholder(), hung).final_tokens(1, TOKENS) == expected(TOKENS)  # a new one
    finally:
        hung.close()


@pytest.mark.slow
def test_closing_the_workers_ends_a_batch_in_flight():
    stuck = WorkerPool(1, timeout=60.0)
    os.kill(stuck.pids()[0], signal.SIGSTOP)
    failures: list[BaseException] = []

    def batch() -> None:
        try:
            layer_with(Keyholder(), stuck).final_tokens(1, TOKENS)
        except BaseException as exc:
            failures.append(exc)

    worker = threading.Thread(target=batch)
    worker.start()
    wait_for(lambda: stuck._workers[0]._lock.locked(), what="the call in flight")
    stuck.close()  # the node stops: the call is not left writing to closed (reusable) fds
    worker.join(30)
    assert not worker.is_alive() and len(failures) == 1 and isinstance(failures[0], KeyholderError)


ORPHAN_PARENT = """
import grpc, sys, time
from signalmatch.node.layering import TokenLayer
layer = TokenLayer(grpc.insecure_channel("localhost:1"), {}, workers=2)
print(" ".join(map(str, layer.worker_pids())), flush=True)
time.sleep(600)
"""


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    # a zombie waits for its parent (init) to reap it: it is gone too
    with open(f"/proc/{pid}/stat") as stat:
        return stat.read().rsplit(")", 1)[1].split()[0] == "Z"


@pytest.mark.slow
def test_workers_die_with_a_node_that_is_killed():
    parent = subprocess.Popen([sys.executable, "-c", ORPHAN_PARENT], stdout=subprocess.PIPE, text=True)
    try:
        assert parent.stdout is not None
        pids = [int(p) for p in parent.stdout.readline().split()]
        assert len(pids) == 2 and not any(_gone(p) for p in pids)
        parent.kill()
        parent.wait()
        wait_for(lambda: all(_gone(p) for p in pids), timeout=20, what="the token workers gone")
    finally:
        parent.kill()
