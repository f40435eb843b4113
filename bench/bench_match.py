"""Matcher incremental-match latency and memory at growing numbers of stored tokens.

Fills a fresh MatchStore with synthetic signals (random 32-byte tokens, a fraction of them
drawn from a shared pool so that signals of different partners link and form hits), committing
one transaction per batch like the real SubmitBatch service, and measures at each level:

* submit latency per signal (the incremental match: index look-ups, links, hit updates),
  p50 / p99 / max over a window of signals submitted once the level is reached, wall clock, and
  the p99 of the submit's own CPU time (the thread's): on a shared machine the wall-clock p99 is
  mostly time spent waiting for a core, which the CPU-time p99 leaves out;
* commit latency per batch (synchronous=FULL: an fsync per batch), p50 / p99;
* the process's peak resident memory (ru_maxrss) and the database size;
* the anchors (bench.anchors: libsodium scalar multiplications and HMAC tokens per CPU second,
  the load average), measured in the same run before the fill and repeated in every row.

With `--encodings N` every signal also carries N fuzzy encodings (alternately person and address:
random 64-byte filters, a person blocked on one of 100 year-of-birth keys, an address on a key
drawn from 10^6), so the same run measures the submit cost of fuzzy matching (blocking and the Dice
kernel); compare its signals/s with a run without.

Usage: python bench/bench_match.py [--levels 10000,100000,1000000] [--encodings 2] [--db DIR] [--json]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import resource
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench import anchors
from signalmatch.matcher.match import EncodingIn, HitFilter, Metadata, SignalIn, TokenIn, format_time
from signalmatch.matcher.store import MatchStore

KINDS = ("bsn", "phone", "email", "address", "kenteken", "kvk", "iban", "url", "name_dob")
PARTNERS = ("vtgv", "gemeente-hilversum", "politie-avim", "nla", "zorgcoordinator")
EXPLOITATION = ("seksuele_uitbuiting", "arbeidsuitbuiting", "criminele_uitbuiting", "onbekend")
MUNICIPALITIES = ("utrecht", "amersfoort", "hilversum", "zeist", "nieuwegein", "veenendaal")
ROLES = ("mogelijk_slachtoffer", "mogelijke_dader", "betrokkene")


class Generator:
    """Deterministic synthetic pseudonymised signals with planted overlaps."""

    def __init__(self, seed: int, tokens_per_signal: int, overlap: float, encodings_per_signal: int = 0):
        self.rng = random.Random(seed)
        self.encodings_per_signal = encodings_per_signal
        self.years = [random.Random(year).randbytes(8) for year in range(100)]
        self.tokens_per_signal = tokens_per_signal
        self.overlap = overlap
        self.pool: list[TokenIn] = []
        self.emitted = 0
        self.count = 0

    def _token(self) -> TokenIn:
        return TokenIn(self.rng.choice(KINDS), self.rng.randbytes(32))

    def _shared(self) -> TokenIn:
        # The pool grows with the store, so a pool token is shared by ~2 signals on average
        # whatever the level: hits stay small, as at a real table.
        want = max(50, int(self.emitted * self.overlap / 2))
        while len(self.pool) < want:
            self.pool.append(self._token())
        return self.pool[self.rng.randrange(len(self.pool))]

    def signal(self) -> SignalIn:
        rng = self.rng
        n = max(1, round(rng.gauss(self.tokens_per_signal, 1)))
        tokens = tuple(self._shared() if rng.random() < self.overlap else self._token() for _ in range(n))
        self.emitted += len(tokens)
        self.count += 1
        metadata = Metadata(
            exploitation_types=(rng.choice(EXPLOITATION),),
            municipality=rng.choice(MUNICIPALITIES),
            month=f"2025-{rng.randint(1, 12):02d}",
            subject_roles=tuple(sorted(set(rng.choices(ROLES, k=rng.randint(1, 3))))),
        )
        encodings = tuple(self._encoding(i % 2 == 0) for i in range(self.encodings_per_signal))
        return SignalIn(rng.choice(PARTNERS), f"s{self.count:08d}", 1, tokens, metadata, encodings)

    def _encoding(self, person: bool) -> EncodingIn:
        rng = self.rng
        bits = (int.from_bytes(rng.randbytes(64)) & int.from_bytes(rng.randbytes(64))).to_bytes(64)  # ~25% set
        block = rng.choice(self.years) if person else rng.randrange(10**6).to_bytes(8)
        return EncodingIn("person" if person else "address", bits, (block,))


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def run(store: MatchStore, db: Path, levels: list[int], window: int, batch: int, gen: Generator) -> list[dict]:
    clock = datetime(2025, 1, 1, tzinfo=UTC)
    results = []
    total_start = time.perf_counter()

    def submit_batches(
        n_signals: int, lat: list[float] | None, commits: list[float] | None, cpu: list[float] | None = None
    ) -> None:
        nonlocal clock
        done = 0
        while done < n_signals:
            size = min(batch, n_signals - done)
            signals = [gen.signal() for _ in range(size)]
            with store.transaction():
                for s in signals:
                    clock += timedelta(milliseconds=1)
                    digest = hashlib.sha256(s.signal_ref.encode()).digest()
                    t0, c0 = time.perf_counter(), time.thread_time()
                    store.submit(s, digest, format_time(clock))
                    if lat is not None:
                        lat.append(time.perf_counter() - t0)
                    if cpu is not None:
                        cpu.append(time.thread_time() - c0)
                c0 = time.perf_counter()
            if commits is not None:
                commits.append(time.perf_counter() - c0)
            done += size

    for level in levels:
        fill_start = time.perf_counter()
        while (stored := store.token_count()) < level:
            missing_signals = (level - stored) // max(1, gen.tokens_per_signal) + 1
            submit_batches(min(missing_signals, 20 * batch), None, None)
        fill_s = time.perf_counter() - fill_start
        lat: list[float] = []
        commits: list[float] = []
        cpu: list[float] = []
        measure_start = time.perf_counter()
        submit_batches(window, lat, commits, cpu)
        measure_s = time.perf_counter() - measure_start
        total_hits = store.list_hits(HitFilter(), 1, "")[2]
        results.append(
            {
                "level_tokens": level,
                "tokens": store.token_count(),
                "encodings": store.encoding_count(),
                "signals": store.signal_count(),
                "hits": total_hits,
                "submit_p50_ms": percentile(lat, 50) * 1e3,
                "submit_p99_ms": percentile(lat, 99) * 1e3,
                "submit_max_ms": max(lat) * 1e3,
                "submit_mean_ms": statistics.fmean(lat) * 1e3,
                "submit_cpu_p99_ms": percentile(cpu, 99) * 1e3,
                "commit_p50_ms": percentile(commits, 50) * 1e3,
                "commit_p99_ms": percentile(commits, 99) * 1e3,
                "signals_per_s_incl_commit": window / measure_s,
                "peak_rss_mib": peak_rss_mib(),
                "db_mib": sum(p.stat().st_size for p in db.parent.glob(db.name + "*")) / 2**20,
                "fill_s": fill_s,
                "elapsed_s": time.perf_counter() - total_start,
            }
        )
        print(f"level {level:>9,} done after {results[-1]['elapsed_s']:.0f} s", file=sys.stderr, flush=True)
    return results


def print_table(results: list[dict]) -> None:
    header = (
        f"{'level':>10} {'tokens':>10} {'signals':>8} {'hits':>6} {'p50 ms':>7} {'p99 ms':>7} {'max ms':>7} {'cpu p99':>7} "
        f"{'commit p50':>10} {'commit p99':>10} {'sig/s':>7} {'peak RSS MiB':>12} {'db MiB':>7}"
    )
    print(header)
    print("-" * len(header))
    for r in results:
        print(
            f"{r['level_tokens']:>10,} {r['tokens']:>10,} {r['signals']:>8,} {r['hits']:>6,} {r['submit_p50_ms']:>7.3f} "
            f"{r['submit_p99_ms']:>7.3f} {r['submit_max_ms']:>7.2f} {r['submit_cpu_p99_ms']:>7.3f} {r['commit_p50_ms']:>10.2f} "
            f"{r['commit_p99_ms']:>10.2f} {r['signals_per_s_incl_commit']:>7.0f} {r['peak_rss_mib']:>12.0f} "
            f"{r['db_mib']:>7.0f}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--levels", default="10000,100000,1000000", help="stored-token levels, comma-separated")
    parser.add_argument("--window", type=int, default=1000, help="signals measured once each level is reached")
    parser.add_argument("--batch", type=int, default=100, help="signals per transaction (commit)")
    parser.add_argument("--tokens-per-signal", type=int, default=5)
    parser.add_argument("--overlap", type=float, default=0.05, help="fraction of tokens from the shared pool")
    parser.add_argument("--encodings", type=int, default=0, help="fuzzy encodings per signal (person, address, ...)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--db", type=Path, help="directory for the database (default: a temporary one)")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args(argv)
    levels = sorted(int(x) for x in args.levels.split(","))

    with tempfile.TemporaryDirectory(prefix="bench-match-") as tmp:
        directory = args.db or Path(tmp)
        directory.mkdir(parents=True, exist_ok=True)
        db = directory / "bench-matcher.db"
        if db.exists():
            parser.error(f"{db} exists; give an empty directory")
        gen = Generator(args.seed, args.tokens_per_signal, args.overlap, args.encodings)
        anchor = anchors.measure()
        with MatchStore(db) as store:
            results = [{**row, **anchor} for row in run(store, db, levels, args.window, args.batch, gen)]
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        print_table(results)
        print(
            f"anchors: libsodium scalar mult {anchor['scalarmult_per_s']:,.0f}/s, HMAC token "
            f"{anchor['hmac_tokens_per_s']:,.0f}/s per core; load average {anchor['load_1min']:.2f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
