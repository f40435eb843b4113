"""The matcher's CPU per signal on bench_e2e's workload, without the other processes.

bench_e2e measures the matcher's CPU seconds among five nodes, a keyholder and the importers on
two cores (a run takes minutes and loads the machine). This replays the same kind of data into
one MatchStore in this process: the generated signals of `synthetic.generate` (the seed and
partners of bench_e2e), validated and pseudonymised as a node does (node.intake: the HMAC tokens
and the keyed encodings; the keyholder's VOPRF layer is left out - it maps equal tokens to equal
tokens, so what matches is the same), then submitted the way the SubmissionService applies a batch
(the wire validator, signal_from_message, one transaction per batch, partners taking turns).

Reports the CPU seconds of this process (`time.process_time`) for the submissions and per signal,
the links per zone and the hits, and the anchors (bench.anchors) with the load average measured in
the same run. `--dump FILE` writes every decision (each stored pair's zone, weight and evidence,
each signal's hit) as JSON lines, to compare two versions of the code decision for decision.

    python -m bench.bench_submit [--signals 20000] [--batch 100] [--json] [--dump FILE] [--profile]
"""

from __future__ import annotations

import argparse
import base64
import cProfile
import hashlib
import json
import pstats
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from bench import anchors
from signalmatch.config import MIDDEN_NEDERLAND
from signalmatch.matcher.match import accepted_signal, format_time
from signalmatch.matcher.service import signal_from_message
from signalmatch.matcher.store import MatchStore
from signalmatch.node.importer import read_rows
from signalmatch.node.intake import pseudonymise
from signalmatch.node.pseudonymise import TokenKey
from signalmatch.node.signal import validate
from signalmatch.synthetic.generate import DEFAULT_PARTNERS, generate, write
from signalmatch.v1 import submission_pb2
from signalmatch.wire import SubmissionRules, submission_violations

TABLE = "midden-nederland"
TODAY = date(2026, 12, 1)  # the generator's signals are of the year before 2026-11-01
KEY = TokenKey(TABLE, 1, hashlib.sha256(b"bench_submit: not a real table secret").digest())


def prepare(seed: int, signals: int, cache: Path | None = None) -> list[tuple[str, bytes]]:
    """(partner, serialized PseudonymisedSignal) per accepted signal, each partner's in file order."""
    if cache is not None and cache.exists():
        return [(partner, base64.b64decode(body)) for partner, body in json.loads(cache.read_text())]
    out: list[tuple[str, bytes]] = []
    with tempfile.TemporaryDirectory(prefix="bench-submit-") as tmp:
        path = Path(tmp) / "signals.jsonl"
        write(generate(seed, signals, DEFAULT_PARTNERS), path)
        for partner in DEFAULT_PARTNERS:
            for number, row in enumerate(read_rows(path, partner)):
                if row.signal is None:
                    continue
                accepted = validate(row.signal, MIDDEN_NEDERLAND, TODAY)
                message, _ = pseudonymise(accepted, f"{partner[:4]}{number:08d}", KEY)
                out.append((partner, message.SerializeToString()))
    if cache is not None:
        cache.write_text(json.dumps([(partner, base64.b64encode(body).decode()) for partner, body in out]))
    return out


def batches(messages: list[tuple[str, bytes]], size: int) -> list[tuple[str, list[bytes]]]:
    """Batches of up to `size` signals of one partner, the partners taking turns (as five nodes'
    outboxes reach the matcher)."""
    queues: dict[str, list[bytes]] = {}
    for partner, body in messages:
        queues.setdefault(partner, []).append(body)
    out: list[tuple[str, list[bytes]]] = []
    start = 0
    while any(start < len(q) for q in queues.values()):
        for partner, queue in queues.items():
            if start < len(queue):
                out.append((partner, queue[start : start + size]))
        start += size
    return out


def replay(store: MatchStore, work: list[tuple[str, list[bytes]]]) -> float:
    """Apply every batch as the SubmissionService does; CPU seconds of this process."""
    rules = SubmissionRules(frozenset(MIDDEN_NEDERLAND), frozenset({1}), True)
    clock = datetime(2026, 12, 1, tzinfo=UTC)
    start = time.process_time()
    for partner, bodies in work:
        signals = []
        for body in bodies:
            msg = submission_pb2.PseudonymisedSignal.FromString(body)
            if submission_violations(msg, rules):
                raise SystemExit("a generated signal failed the wire validator")
            signals.append((accepted_signal(signal_from_message(partner, msg)), hashlib.sha256(body).digest()))
        clock += timedelta(milliseconds=10)
        with store.transaction():
            for signal, digest in signals:
                store.submit(signal, digest, format_time(clock))
    return time.process_time() - start


def dump(store: MatchStore, path: Path) -> None:
    """Every decision as JSON lines: stored pairs, then each signal's hit, then the hits."""
    with store._reading() as conn, path.open("w") as out:
        for row in conn.execute(
            "SELECT a, b, kinds, similar, compared, zone, weight, first_seen, last_seen FROM links ORDER BY a, b"
        ):
            out.write(json.dumps(["link", *row]) + "\n")
        for row in conn.execute("SELECT id, partner, signal_ref, hit_id FROM signals ORDER BY id"):
            out.write(json.dumps(["signal", *row]) + "\n")
        for row in conn.execute("SELECT * FROM hits ORDER BY id"):
            out.write(json.dumps(["hit", *row]) + "\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--signals", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--batch", type=int, default=100, help="signals per batch (one transaction)")
    parser.add_argument("--cache", type=Path, help="keep the pseudonymised signals here between runs")
    parser.add_argument("--dump", type=Path, help="write every decision to this file (JSON lines)")
    parser.add_argument("--profile", type=Path, help="write a cProfile of the replay here and print its top")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    messages = prepare(args.seed, args.signals, args.cache)
    work = batches(messages, args.batch)
    anchor = anchors.measure()
    with tempfile.TemporaryDirectory(prefix="bench-submit-") as tmp, MatchStore(Path(tmp) / "matcher.db") as store:
        profiler = cProfile.Profile() if args.profile else None
        if profiler:
            profiler.enable()
        cpu = replay(store, work)
        if profiler:
            profiler.disable()
            profiler.dump_stats(args.profile)
            pstats.Stats(str(args.profile)).sort_stats("cumulative").print_stats(40)
        with store._reading() as conn:
            zones = dict(conn.execute("SELECT zone, COUNT(*) FROM links GROUP BY zone").fetchall())
            hits = conn.execute("SELECT COUNT(*) FROM hits WHERE state = 'active'").fetchone()[0]
        if args.dump:
            dump(store, args.dump)
    result = {
        "signals": len(messages),
        "batch": args.batch,
        "cpu_s": round(cpu, 2),
        "cpu_ms_per_signal": round(cpu / len(messages) * 1e3, 3),
        "links": zones,
        "hits": hits,
        **anchor,
    }
    print(json.dumps(result) if args.json else "\n".join(f"{k}: {v}" for k, v in result.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
