"""Layered tokens: identifiers per second through the whole keyholder pipeline, on 2 cores.

Per batch, exactly what a node's outbox does (node.layering.TokenLayer.final_tokens): blind
every HMAC token, one EvaluateBatch round trip to the keyholder over loopback mTLS (which counts,
audits, evaluates and proves), verify the batched DLEQ proof against the pinned public key, and
finalise. The keyholder runs as its own process (`signalmatch keyholder serve`), so node and
keyholder each have a core. Also: the one-core cost of each step, and the ratio against the
plain HMAC token.

    python -m bench.bench_oprf --batches 1,100,1000 --identifiers 20000
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

from signalmatch import config, crypto, oprf, transport
from signalmatch.deploy.demo import start_process, stop_processes
from signalmatch.deploy.federation import init_federation
from signalmatch.keyholder.store import key_pair
from signalmatch.node.layering import TokenLayer
from signalmatch.node.pseudonymise import IdentifierKind, TokenKey, token

PARTNERS = ["vtgv", "nla"]


def _rate(count: int, seconds: float) -> float:
    return count / seconds if seconds else float("inf")


def one_core_costs(n: int = 2_000) -> dict[str, float]:
    """Per-step throughput in this process (one core): HMAC, blind, evaluate+prove, verify+finalise."""
    key = TokenKey("midden-nederland", 1, os.urandom(32))
    values = [f"+316{i:08d}" for i in range(n)]
    start = time.perf_counter()
    hmacs = [token(key, IdentifierKind.PHONE, v) for v in values]
    hmac_s = time.perf_counter() - start
    pair = oprf.generate_key_pair()
    start = time.perf_counter()
    blinds, blinded = oprf.blind(hmacs)
    blind_s = time.perf_counter() - start
    start = time.perf_counter()
    evaluated, proof = oprf.blind_evaluate(pair, blinded)
    evaluate_s = time.perf_counter() - start
    start = time.perf_counter()
    oprf.finalize(hmacs, blinds, blinded, evaluated, proof, pair.public)
    finalize_s = time.perf_counter() - start
    return {
        "hmac_per_s": _rate(n, hmac_s),
        "blind_per_s": _rate(n, blind_s),
        "evaluate_per_s": _rate(n, evaluate_s),
        "finalize_per_s": _rate(n, finalize_s),
        "node_cpu_per_s": _rate(n, blind_s + finalize_s),
    }


def pipeline(batch_sizes: list[int], identifiers: int) -> dict[int, float]:
    """Identifiers/s through blind -> EvaluateBatch (mTLS, separate process) -> verify -> finalise."""
    root = Path(tempfile.mkdtemp(prefix="signalmatch-bench-oprf-")) / "federation"
    init_federation(root, "midden-nederland", PARTNERS, ["voorzitter"])
    (root / "logs").mkdir()
    keyholder_toml = root / "keyholder" / "keyholder.toml"
    # A benchmark is a dictionary attack as far as the keyholder can tell: lift the quota.
    keyholder_toml.write_text(
        keyholder_toml.read_text().replace("quota_per_hour = 200000", "quota_per_hour = 100000000")
    )
    node = config.load_node(root / "nodes" / "vtgv" / "node.toml")
    processes = [start_process("keyholder", ["keyholder", "serve", "--config", str(keyholder_toml)], root / "logs")]
    rates: dict[int, float] = {}
    try:
        channel = transport.secure_channel(
            node.keyholder_address, node.tls, expect=transport.Identity(node.table, "keyholder", "")
        )
        with channel:
            layer = TokenLayer(channel, node.keyholder_public_keys)
            layer.final_tokens(1, [os.urandom(32)])  # connect and warm up
            for size in batch_sizes:
                rounds = max(1, identifiers // size) if size > 1 else min(identifiers, 2_000)
                batches = [[os.urandom(32) for _ in range(size)] for _ in range(rounds)]
                start = time.perf_counter()
                for batch in batches:
                    layer.final_tokens(1, batch)
                rates[size] = _rate(size * rounds, time.perf_counter() - start)
        # Sanity: the pipeline's output is the OPRF under the keyholder's key.
        pair = key_pair(crypto.load_secret(root / "keyholder" / "oprf-epoch-1.key"))
        probe = os.urandom(32)
        with transport.secure_channel(
            node.keyholder_address, node.tls, expect=transport.Identity(node.table, "keyholder", "")
        ) as channel:
            assert (
                TokenLayer(channel, node.keyholder_public_keys).final_tokens(1, [probe])[probe]
                == oprf.evaluate(pair, probe)[:32]
            )
    finally:
        stop_processes(processes)
    return rates


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batches", default="1,100,1000", help="comma-separated batch sizes")
    parser.add_argument("--identifiers", type=int, default=20_000, help="identifiers per batch size (batch 1: 2,000)")
    args = parser.parse_args()
    costs = one_core_costs()
    print(f"one core: HMAC token           {costs['hmac_per_s']:>12,.0f} /s")
    print(f"one core: blind                {costs['blind_per_s']:>12,.0f} /s")
    print(f"one core: evaluate + proof     {costs['evaluate_per_s']:>12,.0f} /s   (keyholder)")
    print(f"one core: verify + finalise    {costs['finalize_per_s']:>12,.0f} /s")
    print(f"one core: node side (blind+fin){costs['node_cpu_per_s']:>12,.0f} /s")
    rates = pipeline([int(s) for s in args.batches.split(",")], args.identifiers)
    for size, rate in rates.items():
        ratio = costs["hmac_per_s"] / rate
        print(
            f"pipeline, batch {size:>5,}          {rate:>12,.0f} identifiers/s   ({ratio:,.0f}x the HMAC token's cost)"
        )


if __name__ == "__main__":
    main()
