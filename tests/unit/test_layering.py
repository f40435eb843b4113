"""The node's token layer against an in-process keyholder: chunks in flight, the cache, failures."""

from __future__ import annotations

import grpc
import pytest

from signalmatch import oprf
from signalmatch.node.layering import KeyholderError, TokenLayer
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

    def __init__(self, key: oprf.KeyPair = KEY, fail: dict[int, str] | None = None):
        self.key, self.fail = key, fail or {}
        self.requests: list[list[bytes]] = []
        self.calls: list[Call] = []
        self.EvaluateBatch = self  # the stub's method object, with .future

    def future(self, request: keyholder_pb2.EvaluateBatchRequest, timeout: float) -> Call:
        elements = list(request.blinded_elements)
        self.requests.append(elements)
        fault = self.fail.get(len(self.requests))
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


def layer_with(keyholder: Keyholder, **options) -> TokenLayer:
    layer = TokenLayer(grpc.insecure_channel("localhost:1"), {1: KEY.public}, **options)
    layer._stub = keyholder
    return layer


def expected(tokens: list[bytes]) -> dict[bytes, bytes]:
    return {t: oprf.evaluate(KEY, t)[:TOKEN_BYTES] for t in tokens}


TOKENS = [i.to_bytes(32, "big") for i in range(25)]


def test_chunks_are_evaluated_in_order_and_give_the_prf():
    keyholder = Keyholder()
    assert layer_with(keyholder, chunk=10).final_tokens(1, TOKENS + TOKENS[:5]) == expected(TOKENS)
    assert [len(r) for r in keyholder.requests] == [10, 10, 5]  # distinct tokens only


def test_repeated_tokens_come_from_the_cache_without_a_round_trip():
    keyholder = Keyholder()
    layer = layer_with(keyholder, chunk=10)
    layer.final_tokens(1, TOKENS[:20])
    assert layer.final_tokens(1, TOKENS) == expected(TOKENS)
    assert [len(r) for r in keyholder.requests] == [10, 10, 5]  # only the 5 new ones went out again
    assert layer.final_tokens(1, TOKENS) == expected(TOKENS)
    assert len(keyholder.requests) == 3


def test_the_cache_keeps_the_most_recently_used_and_can_be_turned_off():
    keyholder = Keyholder()
    layer = layer_with(keyholder, cache_size=3)
    layer.final_tokens(1, TOKENS[:3])
    layer.final_tokens(1, TOKENS[:1])  # used again: TOKENS[1] is now the oldest
    layer.final_tokens(1, TOKENS[3:4])
    keyholder.requests.clear()
    layer.final_tokens(1, TOKENS[:4])
    assert keyholder.requests == [[keyholder.requests[0][0]]]  # only TOKENS[1] was evicted
    off = Keyholder()
    uncached = layer_with(off, cache_size=0)
    uncached.final_tokens(1, TOKENS[:2])
    uncached.final_tokens(1, TOKENS[:2])
    assert len(off.requests) == 2


@pytest.mark.parametrize(
    "fault,message",
    [("down", "UNAVAILABLE"), ("other key", "bewijs"), ("short", "evaluaties ontvangen")],
)
def test_a_failing_chunk_fails_the_whole_batch_and_caches_nothing(fault, message):
    keyholder = Keyholder(fail={2: fault})
    layer = layer_with(keyholder, chunk=10)
    with pytest.raises(KeyholderError, match=message):
        layer.final_tokens(1, TOKENS)
    assert all(call.cancelled for call in keyholder.calls[2:])  # the chunk still in flight is dropped
    keyholder.fail.clear()
    keyholder.requests.clear()
    assert layer.final_tokens(1, TOKENS) == expected(TOKENS)
    assert [len(r) for r in keyholder.requests] == [10, 10, 5]  # the chunk that verified was not kept


def test_unknown_epoch_and_chunk_size_are_refused():
    with pytest.raises(KeyholderError, match="epoch 2"):
        layer_with(Keyholder()).final_tokens(2, TOKENS)
    with pytest.raises(ValueError):
        layer_with(Keyholder(), chunk=0)
