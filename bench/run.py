"""Run every benchmark with the settings whose numbers are in the README (`make bench`).

Pass --quick for smaller sizes (a minute instead of several).
"""

from __future__ import annotations

import argparse
import subprocess
import sys

FULL = [
    ["bench.bench_tokens", "--signals", "5000"],
    ["bench.bench_oprf", "--identifiers", "20000"],
    ["bench.bench_e2e", "--signals", "20000"],
    ["bench.bench_match", "--levels", "10000,100000,1000000"],
    ["bench.bench_audit", "--max", "1000000"],
    ["bench.bench_anonlink", "--records", "5000", "--seeds", "1,2,3"],
]
QUICK = [
    ["bench.bench_tokens", "--signals", "1000"],
    ["bench.bench_oprf", "--identifiers", "3000"],
    ["bench.bench_e2e", "--signals", "2000", "--seconds", "20"],
    ["bench.bench_match", "--levels", "10000,100000"],
    ["bench.bench_audit", "--max", "100000"],
    ["bench.bench_anonlink", "--records", "1000", "--seeds", "1", "--stored", "20000"],
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    failed = 0
    for module, *options in QUICK if args.quick else FULL:
        print(f"\n## {module} {' '.join(options)}", flush=True)
        failed |= subprocess.call([sys.executable, "-m", module, *options])
    return failed


if __name__ == "__main__":
    sys.exit(main())
