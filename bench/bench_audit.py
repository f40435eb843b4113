"""Benchmark of the audit log: append rate and proof generation + verification time.

Appends synthetic entries to a fresh SQLite file (WAL, synchronous=NORMAL, a commit every
--commit-every entries) and, at 10^4, 10^5, 10^6 ... entries up to --max, measures:

- append rate (entries/s) over the segment since the previous milestone, appends + commits only;
- inclusion proof generation and verification (random leaves, ms, mean and p95);
- consistency proof generation and verification (random old sizes, ms, mean and p95);
- checkpoint signing + verification (ms).

With --pymerkle (needs `pip install pymerkle`) the same entries also go into a pymerkle
SqliteTree (same pragmas; it commits on every append, it has no bulk append), its roots are
checked against ours, and its numbers are printed alongside.

    python bench/bench_audit.py --max 1000000
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from signalmatch.audit import merkle
from signalmatch.audit.checkpoint import verify_checkpoint
from signalmatch.audit.log import AuditEntry, AuditLog

ORIGIN = "bench.signalmatch.test/audit"
ACTIONS = ("batch.submitted", "hit.created", "hits.listed", "disclosure.requested", "disclosure.approved")


def make_entry(n: int) -> AuditEntry:
    return AuditEntry(
        time=f"2025-{1 + n % 12:02d}-{1 + n % 28:02d}T{n % 24:02d}:{n % 60:02d}:{(n // 60) % 60:02d}Z",
        actor_org=f"partner-{n % 9}",
        actor_role="partner",
        actor_user=f"spiffe://signalmatch.test/partner-{n % 9}/user-{n % 31}",
        action=ACTIONS[n % len(ACTIONS)],
        objects=(f"batch:{n:08x}", f"signal:{(n * 2654435761) % 2**32:08x}"),
        purpose="signalering",
        legal_basis="wpg-art-20",
        data_categories=("pseudonyms",),
        recipients=("matcher",),
        details=(("signals", str(n % 50)),),
    )


def connect(path: Path, mmap_mb: int) -> sqlite3.Connection:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute(f"PRAGMA mmap_size={mmap_mb * 2**20}")
    return conn


def ms_stats(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
    return f"{statistics.fmean(samples) * 1e3:7.3f} / {p95 * 1e3:7.3f}"


class Ours:
    name = "signalmatch"

    def __init__(self, path: Path, commit_every: int, mmap_mb: int):
        self.conn = connect(path, mmap_mb)
        self.log = AuditLog(self.conn, ORIGIN)
        self.commit_every = commit_every
        self.key = Ed25519PrivateKey.generate()

    def append(self, data: list[AuditEntry]) -> float:
        started = time.perf_counter()
        for i, entry in enumerate(data, start=1):
            self.log.append(entry)
            if i % self.commit_every == 0:
                self.conn.commit()
        self.conn.commit()
        return time.perf_counter() - started

    def root(self, size: int) -> bytes:
        return self.log.root(size)

    def inclusion(self, index: int, size: int, root: bytes) -> tuple[float, float]:
        t0 = time.perf_counter()
        proof = self.log.inclusion_proof(index, size)
        leaf = merkle.leaf_hash(self.log.entry(index).canonical_bytes())
        t1 = time.perf_counter()
        merkle.verify_inclusion(leaf, index, size, proof, root)
        return t1 - t0, time.perf_counter() - t1

    def consistency(self, old: int, size: int, old_root: bytes, root: bytes) -> tuple[float, float]:
        t0 = time.perf_counter()
        proof = self.log.consistency_proof(old, size)
        t1 = time.perf_counter()
        merkle.verify_consistency(old, size, old_root, root, proof)
        return t1 - t0, time.perf_counter() - t1

    def checkpoint(self) -> float:
        t0 = time.perf_counter()
        verify_checkpoint(self.log.checkpoint(ORIGIN, self.key), ORIGIN, self.key.public_key())
        return time.perf_counter() - t0


class PyMerkle:
    name = "pymerkle"

    def __init__(self, path: Path):
        import pymerkle

        self.pymerkle = pymerkle
        self.tree = pymerkle.SqliteTree(str(path))
        self.tree.con.execute("PRAGMA journal_mode=WAL")
        self.tree.con.execute("PRAGMA synchronous=NORMAL")

    def append(self, data: list[AuditEntry]) -> float:
        raw = [e.canonical_bytes() for e in data]  # encoding is not part of its append time
        started = time.perf_counter()
        for item in raw:
            self.tree.append_entry(item)
        return time.perf_counter() - started

    def root(self, size: int) -> bytes:
        return self.tree.get_root(size)

    def inclusion(self, index: int, size: int, root: bytes) -> tuple[float, float]:
        t0 = time.perf_counter()
        proof = self.tree.prove_inclusion(index + 1, size)
        leaf = self.tree.get_leaf(index + 1)
        t1 = time.perf_counter()
        self.pymerkle.verify_inclusion(leaf, root, proof)
        return t1 - t0, time.perf_counter() - t1

    def consistency(self, old: int, size: int, old_root: bytes, root: bytes) -> tuple[float, float]:
        t0 = time.perf_counter()
        proof = self.tree.prove_consistency(old, size)
        t1 = time.perf_counter()
        self.pymerkle.verify_consistency(old_root, root, proof)
        return t1 - t0, time.perf_counter() - t1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--max", type=int, default=1_000_000, help="entries to append in total")
    parser.add_argument("--samples", type=int, default=300, help="proofs measured per milestone")
    parser.add_argument("--commit-every", type=int, default=100)
    parser.add_argument("--mmap-mb", type=int, default=0, help="SQLite mmap_size for our log, in MiB")
    parser.add_argument("--dir", type=Path, help="where to put the databases (default: a temp dir)")
    parser.add_argument("--pymerkle", action="store_true", help="also run pymerkle's SqliteTree")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    milestones = [10**k for k in range(4, 10) if 10**k <= args.max]
    if not milestones or milestones[-1] != args.max:
        milestones.append(args.max)
    rng = random.Random(args.seed)
    workdir = args.dir or Path(tempfile.mkdtemp(prefix="bench-audit-"))
    workdir.mkdir(parents=True, exist_ok=True)
    systems = [Ours(workdir / "signalmatch.db", args.commit_every, args.mmap_mb)]
    if args.pymerkle:
        systems.append(PyMerkle(workdir / "pymerkle.db"))

    print(
        f"# {os.cpu_count()} CPUs, SQLite {sqlite3.sqlite_version}, WAL, synchronous=NORMAL, mmap "
        f"{args.mmap_mb} MiB, commit every {args.commit_every} (pymerkle: every append), "
        f"{args.samples} proofs per row"
    )
    print("# times in ms: mean / p95; inclusion = proof generation + entry read, then verification")
    header = (
        f"{'system':<12} {'entries':>9} {'append/s':>9}  {'incl. gen':>17}  {'incl. verify':>17}"
        f"  {'incl. total':>17}  {'cons. gen':>17}  {'cons. verify':>17}  {'ckpt':>7}"
    )
    print(header)
    print("-" * len(header))

    done = 0
    for milestone in milestones:
        batch_start = done
        rates = {}
        while done < milestone:
            step = min(10_000, milestone - done)
            data = [make_entry(n) for n in range(done, done + step)]
            for system in systems:
                rates[system.name] = rates.get(system.name, 0.0) + system.append(data)
            done += step
        indexes = [rng.randrange(milestone) for _ in range(args.samples)]
        olds = [rng.randrange(1, milestone) for _ in range(args.samples)]
        roots = {}
        for system in systems:
            root = system.root(milestone)
            roots[system.name] = root
            old_roots = {old: system.root(old) for old in olds}
            inc = [system.inclusion(i, milestone, root) for i in indexes]
            con = [system.consistency(o, milestone, old_roots[o], root) for o in olds]
            ckpt = f"{system.checkpoint() * 1e3:7.3f}" if isinstance(system, Ours) else f"{'-':>7}"
            rate = (milestone - batch_start) / rates[system.name]
            print(
                f"{system.name:<12} {milestone:>9} {rate:>9.0f}  {ms_stats([g for g, _ in inc])}"
                f"  {ms_stats([v for _, v in inc])}  {ms_stats([g + v for g, v in inc])}"
                f"  {ms_stats([g for g, _ in con])}  {ms_stats([v for _, v in con])}  {ckpt}",
                flush=True,
            )
        if len(set(roots.values())) != 1:
            raise SystemExit(f"roots differ at size {milestone}: {roots}")


if __name__ == "__main__":
    main()
