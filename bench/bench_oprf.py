"""Layered tokens: the OPRF's cost at the node and at the keyholder, and identifiers per second
through the whole keyholder pipeline on 2 cores.

Per batch, exactly what a node's outbox does (node.layering.TokenLayer.final_tokens): blind
every HMAC token, EvaluateBatch round trips to the keyholder over loopback mTLS (chunks of 1,000,
two in flight; the keyholder counts, audits, evaluates and proves), verify each chunk's DLEQ
proof against the pinned public key, and finalise. The keyholder runs as its own process
(`signalmatch keyholder serve`), so node and keyholder can each have a core. Every token is
distinct, so the node's cache never helps here.

One-core costs are per CPU second of this process (see bench.anchors), next to the anchors
measured in the same run (among them the `voprf` wheel's own floor per identifier, called bare):
the node's path as shipped (`voprf`, curve25519-dalek) and the same steps on libsodium
(signalmatch.oprf's own blind + finalize); the keyholder's evaluation as shipped (a key from
DeriveKeyPair, on voprf's Evaluator) and the same key as a bare scalar on libsodium, as epochs
made before keys came from seeds are evaluated.

The pipeline runs with the node's shipped default of token workers (config.default_token_workers:
worker processes that blind and finalise, node.tokenworkers) at every batch size, and at the
largest batch size also with each worker count of --workers; the node's CPU is its own process's
plus its workers'.

    python -m bench.bench_oprf --batches 1,100,1000,5000 --identifiers 20000 --workers 0,1,2 [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from pathlib import Path

from bench import anchors, servers
from signalmatch import config, oprf, transport
from signalmatch.deploy.federation import Layout, init_federation
from signalmatch.keyholder import keys
from signalmatch.node.layering import TokenLayer

PARTNERS = ["vtgv", "nla"]


def _rate(count: int, seconds: float) -> float:
    return count / seconds if seconds else float("inf")


def _best(runs: list[dict[str, float]]) -> dict[str, float]:
    return {name: max(run[name] for run in runs) for name in runs[0]}


def _timed(work, *args):
    """(work(*args), CPU seconds it took)."""
    start = time.process_time()
    result = work(*args)
    return result, time.process_time() - start


def _one_run(pair: oprf.KeyPair, n: int) -> dict[str, float]:
    inputs = [os.urandom(32) for _ in range(n)]
    batch, blind_s = _timed(oprf.blind_batch, inputs)
    (evaluated, proof), evaluate_s = _timed(oprf.blind_evaluate, pair, list(batch.elements))
    _, finalize_s = _timed(oprf.finalize_batch, batch, evaluated, proof, pair.public)
    (blinds, blinded), own_blind_s = _timed(oprf.blind, inputs)
    evaluated, proof = oprf.blind_evaluate(pair, blinded)
    _, own_finalize_s = _timed(oprf.finalize, inputs, blinds, blinded, evaluated, proof, pair.public)
    scalar = oprf.KeyPair(secret=pair.secret, public=pair.public)  # the same key without its seed
    _, libsodium_evaluate_s = _timed(oprf.blind_evaluate, scalar, list(batch.elements))
    return {
        "blind_per_s": _rate(n, blind_s),
        "finalize_per_s": _rate(n, finalize_s),
        "node_ids_per_s_core": _rate(n, blind_s + finalize_s),
        "libsodium_node_ids_per_s_core": _rate(n, own_blind_s + own_finalize_s),
        "keyholder_ids_per_s_core": _rate(n, evaluate_s),
        "libsodium_keyholder_ids_per_s_core": _rate(n, libsodium_evaluate_s),
    }


def one_core_costs(n: int = 1_000, repeat: int = 3) -> dict[str, float]:
    """Identifiers per CPU second for each step of a batch of `n`, best of `repeat`."""
    pair = oprf.derive_key_pair(oprf.new_seed(), keys.key_info("bench", 1))  # as the keyholder makes keys
    return _best([_one_run(pair, n) for _ in range(repeat)])


def _cpu_bound(cpu: dict[str, float], workers: int, cores: int) -> float:
    """Identifiers/s the CPU per identifier allows on `cores` free cores: no process beyond one
    core (the keyholder, the node's own process, the workers together on `workers` cores) and
    all of them together within `cores`."""
    node_own = cpu["pipeline_node_cpu_us_per_id"] - cpu["pipeline_node_workers_cpu_us_per_id"]
    limits = [
        cores * 1e6 / (cpu["pipeline_node_cpu_us_per_id"] + cpu["pipeline_keyholder_cpu_us_per_id"]),
        1e6 / cpu["pipeline_keyholder_cpu_us_per_id"],
        1e6 / node_own,
    ]
    if workers:
        limits.append(workers * 1e6 / cpu["pipeline_node_workers_cpu_us_per_id"])
    return min(limits)


def _run_layer(
    layer: TokenLayer, keyholder_pid: int, size: int, identifiers: int
) -> tuple[float, dict[str, float]]:
    """(identifiers/s, CPU µs per identifier of the node, its workers and the keyholder)."""
    rounds = max(1, identifiers // size) if size > 1 else min(identifiers, 2_000)
    batches = [[os.urandom(32) for _ in range(size)] for _ in range(rounds)]
    workers = layer.worker_pids()
    before = [anchors.process_cpu_seconds(pid) for pid in (keyholder_pid, *workers)]
    node_cpu = time.process_time()
    start = time.perf_counter()
    for batch in batches:
        layer.final_tokens(1, batch)
    rate = _rate(size * rounds, time.perf_counter() - start)
    node_cpu = time.process_time() - node_cpu
    if layer.worker_pids() != workers:
        raise RuntimeError("a token worker was replaced during the run")
    used = [anchors.process_cpu_seconds(pid) - b for pid, b in zip((keyholder_pid, *workers), before, strict=True)]
    per_id = 1e6 / (size * rounds)
    return rate, {
        "pipeline_node_cpu_us_per_id": (node_cpu + sum(used[1:])) * per_id,
        "pipeline_node_workers_cpu_us_per_id": sum(used[1:]) * per_id,
        "pipeline_keyholder_cpu_us_per_id": used[0] * per_id,
    }


def pipeline(
    batch_sizes: list[int], identifiers: int, worker_counts: list[int]
) -> tuple[dict[int, float], dict[str, float], dict[int, tuple[float, dict[str, float]]]]:
    """Identifiers/s through blind -> EvaluateBatch (mTLS, separate process) -> verify -> finalise,
    per batch size with the shipped default of token workers; at the largest size the CPU µs per
    identifier of the node (this process and its workers) and of the keyholder process; and at
    the largest size, per worker count, the rate and the CPU per identifier."""
    root = Path(tempfile.mkdtemp(prefix="signalmatch-bench-oprf-")) / "federation"
    init_federation(root, "midden-nederland", PARTNERS, ["voorzitter"])
    (root / "logs").mkdir()
    keyholder_toml = Layout(root).keyholder_toml
    # A benchmark is a dictionary attack as far as the keyholder can tell: lift the quota.
    keyholder_toml.write_text(
        keyholder_toml.read_text().replace("quota_per_hour = 200000", "quota_per_hour = 100000000")
    )
    node = config.load_node(Layout(root).node_toml("vtgv"))
    processes = servers.start([("keyholder", ["keyholder", "serve", "--config", str(keyholder_toml)])], root / "logs")
    rates: dict[int, float] = {}
    by_workers: dict[int, tuple[float, dict[str, float]]] = {}
    keyholder_pid = processes["keyholder"].pid
    try:
        channel = transport.secure_channel(
            node.keyholder_address, node.tls, expect=transport.Identity(node.table, "keyholder", "")
        )
        with channel:
            for workers in [config.default_token_workers(), *worker_counts]:
                layer = TokenLayer(channel, node.keyholder_public_keys, workers=workers)
                try:
                    layer.final_tokens(1, [os.urandom(32) for _ in range(2 * max(1, workers))])  # connect, warm up
                    if not rates:  # the shipped default, every batch size
                        for size in batch_sizes:
                            rates[size], cpu = _run_layer(layer, keyholder_pid, size, identifiers)
                    else:
                        by_workers[workers] = _run_layer(layer, keyholder_pid, max(batch_sizes), identifiers)
                finally:
                    layer.close()
        # Sanity: the pipeline's output is the OPRF under the keyholder's key.
        keyholder = config.load_keyholder(keyholder_toml)
        pair = keys.read_key(keyholder.oprf_keys[1], keyholder.table, 1)
        probe = os.urandom(32)
        with transport.secure_channel(
            node.keyholder_address, node.tls, expect=transport.Identity(node.table, "keyholder", "")
        ) as channel:
            assert (
                TokenLayer(channel, node.keyholder_public_keys).final_tokens(1, [probe])[probe]
                == oprf.evaluate(pair, probe)[:32]
            )
    finally:
        servers.stop(processes)
    return rates, cpu, by_workers


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batches", default="1,100,1000,5000", help="comma-separated batch sizes")
    parser.add_argument("--identifiers", type=int, default=20_000, help="identifiers per batch size (batch 1: 2,000)")
    parser.add_argument("--workers", default="0,1,2", help="token worker counts to run at the largest batch size")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    sizes = sorted(int(s) for s in args.batches.split(","))
    counts = sorted(int(w) for w in args.workers.split(",") if w)
    result: dict[str, object] = {**anchors.measure(), **anchors.voprf_floor(), **one_core_costs()}
    rates, cpu, by_workers = pipeline(sizes, args.identifiers, counts)
    cores = os.cpu_count() or 1
    default = config.default_token_workers()
    result.update(cpu)
    result["pipeline_token_workers"] = default
    result["pipeline_cpu_bound_ids_per_s"] = _cpu_bound(cpu, default, cores)
    result["pipeline_ids_per_s_by_batch"] = {str(size): rate for size, rate in rates.items()}
    result["pipeline_batch"] = max(sizes)
    result["pipeline_ids_per_s"] = rates[max(sizes)]
    result["pipeline_ids_per_s_by_workers"] = {str(w): rate for w, (rate, _) in by_workers.items()}
    result["pipeline_cpu_us_per_id_by_workers"] = {str(w): used for w, (_, used) in by_workers.items()}
    result["pipeline_cpu_bound_ids_per_s_by_workers"] = {
        str(w): _cpu_bound(used, w, cores) for w, (_, used) in by_workers.items()
    }
    if args.json:
        print(json.dumps(result))
        return
    per_s = "identifiers/s per core"
    print(f"anchor: libsodium scalar mult  {result['scalarmult_per_s']:>10,.0f} /s per core")
    print(f"anchor: HMAC token             {result['hmac_tokens_per_s']:>10,.0f} /s per core")
    print(f"anchor: voprf floor, node      {result['voprf_floor_node_us_per_id']:>10.0f} µs per identifier")
    print(f"anchor: voprf floor, keyholder {result['voprf_floor_keyholder_us_per_id']:>10.0f} µs per identifier")
    print(f"node: blind                    {result['blind_per_s']:>10,.0f} {per_s}")
    print(f"node: verify + finalise        {result['finalize_per_s']:>10,.0f} {per_s}")
    print(f"node side (blind + finalise)   {result['node_ids_per_s_core']:>10,.0f} {per_s}")
    print(f"... the same on libsodium      {result['libsodium_node_ids_per_s_core']:>10,.0f} {per_s}")
    print(f"keyholder: evaluate + prove    {result['keyholder_ids_per_s_core']:>10,.0f} {per_s}")
    print(f"... a bare scalar on libsodium {result['libsodium_keyholder_ids_per_s_core']:>10,.0f} {per_s}")
    for size, rate in rates.items():
        print(f"pipeline, batch {size:>6,}         {rate:>10,.0f} identifiers/s ({default} token workers, wall clock)")
    print(
        f"pipeline CPU per identifier    node {cpu['pipeline_node_cpu_us_per_id']:.0f} µs (of which workers "
        f"{cpu['pipeline_node_workers_cpu_us_per_id']:.0f}), keyholder {cpu['pipeline_keyholder_cpu_us_per_id']:.0f} µs:"
        f" at most {result['pipeline_cpu_bound_ids_per_s']:,.0f}/s on {cores} free cores"
    )
    for w, (rate, used) in by_workers.items():
        print(
            f"pipeline, {w} token workers     {rate:>10,.0f} identifiers/s; CPU node "
            f"{used['pipeline_node_cpu_us_per_id']:.0f} µs, keyholder {used['pipeline_keyholder_cpu_us_per_id']:.0f} µs"
            f" per identifier (at most {_cpu_bound(used, w, cores):,.0f}/s)"
        )
    print(f"load average at the start      {result['load_1min']:>10.2f} ({result['cores']} cores)")


if __name__ == "__main__":
    main()
