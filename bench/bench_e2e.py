"""End-to-end throughput: signals per second from import into five nodes until the matcher has them all.

Starts the matcher, the keyholder and five nodes as separate processes on loopback with mTLS (as
the demo does; every token is layered through the keyholder),
imports the generated signals into their nodes in parallel, and measures the time until every
outbox is drained (every signal acknowledged by the matcher with a signed receipt).

    python -m bench.bench_e2e --signals 20000
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from signalmatch import config
from signalmatch.deploy.demo import import_everywhere, start_process, stop_processes, wait_until_delivered
from signalmatch.deploy.federation import init_federation
from signalmatch.synthetic.generate import DEFAULT_PARTNERS, generate, write


def measure(signals: int, seed: int = 1) -> dict[str, float]:
    root = Path(tempfile.mkdtemp(prefix="signalmatch-bench-")) / "federation"
    partners = list(DEFAULT_PARTNERS)
    init_federation(root, "midden-nederland", partners, ["voorzitter"])
    (root / "logs").mkdir()
    data = root / "signals.jsonl"
    write(generate(seed, signals, partners), data)
    node_cfgs = [config.load_node(root / "nodes" / p / "node.toml") for p in partners]
    processes = [start_process("matcher", ["matcher", "serve", "--config", str(root / "matcher" / "matcher.toml")], root / "logs")]
    keyholder_toml = root / "keyholder" / "keyholder.toml"
    processes.append(start_process("keyholder", ["keyholder", "serve", "--config", str(keyholder_toml)], root / "logs"))
    try:
        for p in partners:
            processes.append(start_process(p, ["node", "serve", "--config", str(root / "nodes" / p / "node.toml")], root / "logs"))

        start = time.perf_counter()
        reports = import_everywhere([root / "nodes" / p / "node.toml" for p in partners], data).values()
        imported = time.perf_counter() - start
        wait_until_delivered(node_cfgs, timeout=3600)
        delivered = time.perf_counter() - start
    finally:
        stop_processes(processes)
    accepted = sum(r.accepted for r in reports)
    return {
        "signals": accepted,
        "import_s": imported,
        "end_to_end_s": delivered,
        "signals_per_s": accepted / delivered,
        "matcher_db_mb": (root / "matcher" / "data" / "matcher.sqlite").stat().st_size / 2**20,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--signals", type=int, default=20000)
    args = parser.parse_args()
    r = measure(args.signals)
    print(f"signals accepted           {r['signals']:>10,}")
    print(f"import into nodes          {r['import_s']:>10.1f} s")
    print(f"until all acknowledged     {r['end_to_end_s']:>10.1f} s")
    print(f"end-to-end signals/s       {r['signals_per_s']:>10,.0f}")
    print(f"matcher database           {r['matcher_db_mb']:>10.1f} MiB")


if __name__ == "__main__":
    main()
