"""Benchmark of pseudonymisation at the node, on one core.

- tokens/s: HMAC-SHA256 tokens of already normalised values (the keyed pseudonym alone);
- identifiers/s: normalise + token, over the identifier mix of generated signals;
- signals/s: the whole intake domain step per signal (validate every field, normalise,
  pseudonymise, build the PseudonymisedSignal) without storage or network.

    python -m bench.bench_tokens --signals 5000
"""

from __future__ import annotations

import argparse
import os
import time

from signalmatch.node.intake import new_ref, pseudonymised
from signalmatch.node.pseudonymise import TokenKey, token, tokens
from signalmatch.node.signal import from_json, validate
from signalmatch.synthetic.generate import generate


def measure(signals: int) -> dict[str, float]:
    key = TokenKey("midden-nederland", 1, os.urandom(32))
    dataset = generate(seed=1, signals=signals)
    parsed = [from_json({k: v for k, v in s.items() if k != "partner"}) for s in dataset.signals]
    accepted = [validate(s) for s in parsed]
    identifiers = [i for a in accepted for i in a.identifiers]

    start = time.perf_counter()
    for kind, value in identifiers:
        token(key, kind, value)
    tokens_s = len(identifiers) / (time.perf_counter() - start)

    start = time.perf_counter()
    for s in parsed:
        tokens(key, validate(s).identifiers)
    elapsed = time.perf_counter() - start
    identifiers_s = len(identifiers) / elapsed

    start = time.perf_counter()
    for s in parsed:
        accepted = validate(s)
        pseudonymised(accepted, new_ref(), key.epoch, tokens(key, accepted.identifiers)).SerializeToString()
    signals_s = len(parsed) / (time.perf_counter() - start)
    return {
        "identifiers": len(identifiers),
        "tokens_per_s": tokens_s,
        "identifiers_per_s": identifiers_s,
        "signals_per_s": signals_s,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--signals", type=int, default=5000)
    args = parser.parse_args()
    result = measure(args.signals)
    print(f"identifiers measured         {result['identifiers']:>12,}")
    print(f"HMAC tokens/s (one core)     {result['tokens_per_s']:>12,.0f}")
    print(f"normalise+token /s           {result['identifiers_per_s']:>12,.0f}")
    print(f"signals/s validate+pseudonym {result['signals_per_s']:>12,.0f}")


if __name__ == "__main__":
    main()
