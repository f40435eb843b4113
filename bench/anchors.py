"""The anchors every benchmark reports from its own run, so numbers from a shared, noisy machine
can be compared: libsodium's ristretto255 variable-base scalar multiplication (through `rbcl`)
and the node's HMAC token, each per second of this process's CPU time on one core; for the OPRF
benchmark also the `voprf` wheel's own floor per identifier (:func:`voprf_floor`).

Rates here are per CPU second (`time.process_time`), not per wall second: on a machine that other
work shares, CPU time is what one core delivers; wall time also counts the waits for a core."""

from __future__ import annotations

import os
import platform
import time
from collections.abc import Callable
from pathlib import Path

import rbcl
from voprf import ristretto as dalek

from signalmatch.node.pseudonymise import IdentifierKind, TokenKey, token


def cpu_rate(work: Callable[[], object], count: int) -> float:
    """`count` units of `work()` per CPU second of this process (one thread: one core)."""
    start = time.process_time()
    work()
    elapsed = time.process_time() - start
    return count / elapsed if elapsed else float("inf")


def _stat(pid: int) -> list[str]:
    """The fields of /proc/<pid>/stat after the command name (field 3, the state, first)."""
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()


def process_cpu_seconds(pid: int) -> float:
    """User + system CPU time so far of a running process and of its children — the running ones
    (a node's token workers, node.tokenworkers) and those it has waited for (Linux /proc)."""
    fields = _stat(pid)
    ticks = sum(int(f) for f in fields[11:15])  # utime, stime, cutime, cstime
    seconds = ticks / os.sysconf("SC_CLK_TCK")
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            child = _stat(int(stat.parent.name))
        except (OSError, ValueError):
            continue  # gone meanwhile
        if int(child[1]) == pid:
            seconds += process_cpu_seconds(int(stat.parent.name))
    return seconds


def scalarmult_per_s(n: int = 2_000) -> float:
    scalar = rbcl.crypto_core_ristretto255_scalar_random()
    points = [rbcl.crypto_core_ristretto255_from_hash(os.urandom(64)) for _ in range(n)]
    return cpu_rate(lambda: [rbcl.crypto_scalarmult_ristretto255(scalar, p) for p in points], n)


def hmac_tokens_per_s(n: int = 20_000) -> float:
    key = TokenKey("midden-nederland", 1, os.urandom(32))
    values = [f"+316{i:08d}" for i in range(n)]
    return cpu_rate(lambda: [token(key, IdentifierKind.PHONE, v) for v in values], n)


def voprf_floor(n: int = 1_000, repeat: int = 3) -> dict[str, float]:
    """The `voprf` wheel's own cost per identifier at batch `n`, called bare (no checks, no gRPC):
    the floor under the node's and the keyholder's OPRF. Node: Client.blind, serialising the
    blinded element, deserialising the keyholder's answer, Client.finalize_batch (verify + unblind
    + hash). Keyholder: deserialising the blinded elements, Evaluator.evaluate_batch (evaluate +
    prove), serialising the answer. CPU µs of this process per identifier, best of `repeat`."""
    evaluator = dalek.Evaluator.from_seed(os.urandom(32), b"bench.anchors")
    public_key = dalek.PublicKey.deserialize(evaluator.public_key.serialize())
    node, keyholder = [], []
    for _ in range(repeat):
        inputs = [os.urandom(32) for _ in range(n)]
        start = time.process_time()
        clients, blinded = zip(*(dalek.Client.blind(data) for data in inputs), strict=True)
        elements = [b.serialize() for b in blinded]
        blind_s = time.process_time() - start
        start = time.process_time()
        answer = evaluator.evaluate_batch([dalek.BlindedInput.deserialize(e) for e in elements]).serialize()
        keyholder.append(time.process_time() - start)
        start = time.process_time()
        dalek.Client.finalize_batch(list(clients), dalek.VerifiableBatchOutput.deserialize(answer), public_key)
        node.append(blind_s + time.process_time() - start)
    return {
        "voprf_floor_node_us_per_id": min(node) / n * 1e6,
        "voprf_floor_keyholder_us_per_id": min(keyholder) / n * 1e6,
    }


def measure() -> dict[str, float | str]:
    """The anchors, and how loaded the machine was (1-minute load average, cores)."""
    return {
        "scalarmult_per_s": scalarmult_per_s(),
        "hmac_tokens_per_s": hmac_tokens_per_s(),
        "load_1min": os.getloadavg()[0],
        "cores": os.cpu_count() or 0,
        "cpu": platform.processor() or platform.machine(),
    }
