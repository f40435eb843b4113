"""End to end: signals per second from import into five nodes until the matcher has them all, and
the time from CreateSignal at a node to the hit listed at the chair under a steady load.

Starts the matcher, the keyholder and five nodes as separate processes on loopback with mTLS (as
the demo does; every token is layered through the keyholder), then

- throughput: imports the generated signals into their nodes in parallel and measures the time
  until every outbox is drained (every signal acknowledged by the matcher with a signed receipt);
- hit latency (a fresh federation): sends generated signals one by one with CreateSignal to their
  partners' nodes at a steady rate (default 50/s) while the chair lists recently updated hits
  every 50 ms; each time a hit shows signals it did not show before, the latency is the time
  since the latest of those signals was sent (the one that made or grew the hit). The poll
  interval adds up to 50 ms.

The anchors (bench.anchors) are measured in the same run.

    python -m bench.bench_e2e --signals 20000 [--rate 50 --seconds 60] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sqlite3
import statistics
import subprocess
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

from google.protobuf.timestamp_pb2 import Timestamp

from bench import anchors, servers
from signalmatch import config, transport
from signalmatch.console.node import intake_stub
from signalmatch.deploy.demo import import_everywhere, wait_until_delivered
from signalmatch.deploy.federation import Layout, init_federation
from signalmatch.node.signal import from_json, to_proto
from signalmatch.synthetic.generate import DEFAULT_PARTNERS, generate, write
from signalmatch.v1 import hits_pb2, hits_pb2_grpc, intake_pb2

TABLE = "midden-nederland"
POLL = 0.05  # seconds between the chair's listings


def _federation(partners: list[str]) -> tuple[Path, dict[str, subprocess.Popen]]:
    """A new federation with the matcher, the keyholder and a node per partner running."""
    root = Path(tempfile.mkdtemp(prefix="signalmatch-bench-")) / "federation"
    init_federation(root, TABLE, partners, ["voorzitter"])
    (root / "logs").mkdir()
    layout = Layout(root)
    processes = servers.start(
        [
            ("matcher", ["matcher", "serve", "--config", str(layout.matcher_toml)]),
            ("keyholder", ["keyholder", "serve", "--config", str(layout.keyholder_toml)]),
            *[(p, ["node", "serve", "--config", str(layout.node_toml(p))]) for p in partners],
        ],
        root / "logs",
    )
    return root, processes


def measure(signals: int, seed: int = 1) -> dict[str, float]:
    """Throughput, and where the CPU went: seconds per process kind over the whole run."""
    partners = list(DEFAULT_PARTNERS)
    root, processes = _federation(partners)
    data = root / "signals.jsonl"
    write(generate(seed, signals, partners), data)
    node_cfgs = [config.load_node(Layout(root).node_toml(p)) for p in partners]
    try:
        before = {name: anchors.process_cpu_seconds(popen.pid) for name, popen in processes.items()}
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        reports = import_everywhere([Layout(root).node_toml(p) for p in partners], data).values()
        imported = time.perf_counter() - start
        importers = resource.getrusage(resource.RUSAGE_CHILDREN)
        wait_until_delivered(node_cfgs, timeout=3600)
        delivered = time.perf_counter() - start
        cpu = {name: anchors.process_cpu_seconds(popen.pid) - before[name] for name, popen in processes.items()}
    finally:
        servers.stop(processes)
    accepted = sum(r.accepted for r in reports)
    matcher_db = config.load_matcher(Layout(root).matcher_toml).data_dir / "matcher.sqlite"
    with sqlite3.connect(f"file:{matcher_db}?mode=ro", uri=True) as db:
        tokens = db.execute("SELECT count(*) FROM tokens").fetchone()[0]
    cpu_s = {
        "nodes": sum(cpu[p] for p in partners),
        "matcher": cpu["matcher"],
        "keyholder": cpu["keyholder"],
        "importers": importers.ru_utime + importers.ru_stime - children.ru_utime - children.ru_stime,
    }
    cpu_ms_per_signal = 1000 * sum(cpu_s.values()) / accepted
    return {
        "signals": accepted,
        "import_s": imported,
        "end_to_end_s": delivered,
        "signals_per_s": accepted / delivered,
        "matcher_db_mb": matcher_db.stat().st_size / 2**20,
        "tokens_per_signal": tokens / accepted,
        **{f"cpu_s_{kind}": seconds for kind, seconds in cpu_s.items()},
        "cpu_ms_per_signal": cpu_ms_per_signal,
        # what the CPU spent allows on this machine's cores if they did nothing else
        "cpu_bound_signals_per_s": 1000 * (os.cpu_count() or 1) / cpu_ms_per_signal,
    }


class HitWatcher(threading.Thread):
    """The chair, listing hits updated in the last minute every POLL seconds."""

    def __init__(self, stub: hits_pb2_grpc.HitServiceStub, sent: dict[str, float]):
        super().__init__(daemon=True)
        self._stub, self._sent = stub, sent
        self._seen: set[str] = set()
        self.latencies: list[float] = []
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.wait(POLL):
            since = Timestamp()
            since.FromDatetime(datetime.now(UTC) - timedelta(minutes=1))
            request = hits_pb2.ListHitsRequest(page_size=100, update_period=hits_pb2.TimePeriod(start_time=since))
            hits: list[hits_pb2.Hit] = []
            while True:
                response = self._stub.ListHits(request, timeout=10)
                hits.extend(response.hits)
                if not response.next_page_token:
                    break
                request.page_token = response.next_page_token
            seen_at = time.monotonic()
            for hit in hits:
                new = [s.signal_ref for s in hit.signals if s.signal_ref not in self._seen]
                if not new or any(ref not in self._sent for ref in new):
                    continue  # nothing new, or a CreateSignal that has not returned yet: next round
                self.latencies.append(seen_at - max(self._sent[ref] for ref in new))
                self._seen.update(new)


def hit_latency(rate: float, seconds: float, seed: int = 2) -> dict[str, float]:
    """CreateSignal at a node -> the hit listed at the chair, at a steady `rate` signals/s."""
    partners = list(DEFAULT_PARTNERS)
    dataset = generate(seed, int(rate * seconds), partners)
    root, processes = _federation(partners)
    channels = []
    try:
        stubs = {}
        for p in partners:
            channel, stubs[p] = intake_stub(config.load_node(Layout(root).node_toml(p)))
            channels.append(channel)
        chair = config.load_chair(Layout(root).chair_toml("voorzitter"))
        chair_channel = transport.matcher_channel(TABLE, chair.matcher_address, chair.tls)
        channels.append(chair_channel)
        sent: dict[str, float] = {}
        watcher = HitWatcher(hits_pb2_grpc.HitServiceStub(chair_channel), sent)
        watcher.start()

        def send(i: int, record: dict) -> None:
            signal = to_proto(from_json(record, ignore=("partner",)))
            request = intake_pb2.CreateSignalRequest(request_id=f"bench-{i}", signal=signal)
            start = time.monotonic()
            response = stubs[record["partner"]].CreateSignal(request, timeout=30)
            sent[response.signal.name.removeprefix("signals/")] = start

        begin = time.monotonic()
        with ThreadPoolExecutor(8) as pool:
            futures = []
            for i, record in enumerate(dataset.signals):
                time.sleep(max(0.0, begin + i / rate - time.monotonic()))
                futures.append(pool.submit(send, i, record))
            for future in futures:
                future.result()
        sending = time.monotonic() - begin
        wait_until_delivered([config.load_node(Layout(root).node_toml(p)) for p in partners], timeout=600)
        time.sleep(1.0)  # the last listings
        watcher.stop.set()
        watcher.join()
    finally:
        for channel in channels:
            channel.close()
        servers.stop(processes)
    latencies = sorted(watcher.latencies)
    quantiles = statistics.quantiles(latencies, n=100, method="inclusive") if len(latencies) > 1 else latencies * 99
    return {
        "latency_signals": len(dataset.signals),
        "latency_rate": len(dataset.signals) / sending,
        "hit_events": len(latencies),
        "hit_latency_p50_s": quantiles[49],
        "hit_latency_p99_s": quantiles[98],
        "hit_latency_max_s": latencies[-1] if latencies else float("nan"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--signals", type=int, default=20000, help="signals for the throughput run")
    parser.add_argument("--rate", type=float, default=50.0, help="signals/s for the latency run")
    parser.add_argument("--seconds", type=float, default=60.0, help="length of the latency run")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    result: dict[str, object] = dict(anchors.measure())
    result.update(measure(args.signals))
    if args.seconds > 0:
        result.update(hit_latency(args.rate, args.seconds))
    if args.json:
        print(json.dumps(result))
        return
    print(f"anchor: libsodium scalar mult {result['scalarmult_per_s']:>10,.0f} /s per core")
    print(f"anchor: HMAC token            {result['hmac_tokens_per_s']:>10,.0f} /s per core")
    print(f"signals accepted              {result['signals']:>10,}")
    print(f"import into nodes             {result['import_s']:>10.1f} s")
    print(f"until all acknowledged        {result['end_to_end_s']:>10.1f} s")
    print(f"end-to-end signals/s          {result['signals_per_s']:>10,.0f}")
    print(f"matcher database              {result['matcher_db_mb']:>10.1f} MiB")
    cpu = ", ".join(f"{kind} {result['cpu_s_' + kind]:.1f}" for kind in ("nodes", "keyholder", "matcher", "importers"))
    print(f"CPU seconds                   {cpu}")
    print(
        f"CPU per signal                {result['cpu_ms_per_signal']:>10.2f} ms ({result['tokens_per_signal']:.1f} tokens)"
    )
    print(f"CPU-bound signals/s           {result['cpu_bound_signals_per_s']:>10,.0f}")
    if args.seconds > 0:
        print(f"latency run: signals, rate    {result['latency_signals']:>10,} at {result['latency_rate']:.1f}/s")
        print(f"hits made or grown            {result['hit_events']:>10,}")
        print(
            f"CreateSignal -> hit listed    p50 {result['hit_latency_p50_s']:.3f} s, p99 "
            f"{result['hit_latency_p99_s']:.3f} s, max {result['hit_latency_max_s']:.3f} s"
        )
    print(f"load average at the start     {result['load_1min']:>10.2f} ({result['cores']} cores)")


if __name__ == "__main__":
    main()
