"""Benchmark of pseudonymisation and intake at the node, and of the importer, on one core.

- tokens/s: HMAC-SHA256 tokens of already normalised values (the keyed pseudonym alone);
- identifiers/s: normalise + token, over the identifier mix of generated signals;
- signals/s: the whole intake domain step per signal (validate every field, normalise,
  pseudonymise, build the PseudonymisedSignal) without storage or network;
- intake: CPU time per signal of a node's import without the network, as `ImportSignals` does it
  for one partner's share of the generated signals (each seen once, like bench_e2e's nodes):
  parse the request, validate, HMAC tokens, fuzzy encodings, the wire check, and the vault's
  group commit of 200; `intake_prepare_ms` is that without the vault;
- importer: CPU time per signal of `node import` for one partner without the network: read the
  JSONL file of all partners, parse and check its own rows, build and serialise the requests.

CPU times are `time.process_time` of this process; the anchors (bench.anchors) and the load
average are measured in the same run.

    python -m bench.bench_tokens [--signals 5000] [--intake 4000] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from bench import anchors
from signalmatch.config import MIDDEN_NEDERLAND
from signalmatch.console.node import import_file
from signalmatch.node.intake import Intake, new_ref, pseudonymised
from signalmatch.node.pseudonymise import TokenKey, token, tokens
from signalmatch.node.signal import from_json, from_proto, to_proto, validate
from signalmatch.node.vault import Actor, Vault
from signalmatch.synthetic.generate import DEFAULT_PARTNERS, generate, write
from signalmatch.v1 import intake_pb2

GROUP = 200  # node.service.IMPORT_GROUP


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


def _requests(signals: list[dict[str, Any]]) -> list[bytes]:
    return [
        intake_pb2.ImportSignalsRequest(
            sequence=i, signal=to_proto(from_json(s, ignore=("partner",)))
        ).SerializeToString()
        for i, s in enumerate(signals)
    ]


def intake(per_partner: int, seed: int = 3) -> dict[str, float]:
    """CPU ms per signal of one node's import (without gRPC), cold: every signal is new to it."""
    partners = list(DEFAULT_PARTNERS)
    mine = [s for s in generate(seed, per_partner * len(partners), partners).signals if s["partner"] == partners[0]]
    half = len(mine) // 2
    first, second = _requests(mine[:half]), _requests(mine[half:])
    actor = Actor(partners[0], "operator", "bench")
    with tempfile.TemporaryDirectory() as tmp:
        vault = Vault(Path(tmp) / "vault.sqlite", os.urandom(32), f"node/{partners[0]}")
        node = Intake(vault, TokenKey("midden-nederland", 1, os.urandom(32)), MIDDEN_NEDERLAND)
        start = time.process_time()
        for i in range(0, len(first), GROUP):  # as IntakeServicer.ImportSignals, without the stream
            group = [intake_pb2.ImportSignalsRequest.FromString(r) for r in first[i : i + GROUP]]
            node.create_many([(from_proto(r.signal), "") for r in group], actor)
        stored = time.process_time() - start
        start = time.process_time()
        for raw in second:  # other signals, prepared only (no vault)
            try:
                node.prepare(from_proto(intake_pb2.ImportSignalsRequest.FromString(raw).signal), new_ref())
            except Exception:  # noqa: BLE001 - a refused signal costs what it costs
                pass
        prepared = time.process_time() - start
        vault.close()
    return {
        "intake_signals": len(first),
        "intake_ms_per_signal": stored / len(first) * 1e3,
        "intake_prepare_ms_per_signal": prepared / len(second) * 1e3,
    }


class _Stub:
    """An IntakeService that answers every request at once (the importer's side alone)."""

    def ImportSignals(self, requests: Iterator[intake_pb2.ImportSignalsRequest]) -> Iterator[Any]:  # noqa: N802
        for request in requests:
            request.SerializeToString()
            answers = [
                intake_pb2.ImportSignalsResponse(sequence=item.sequence, signal_name="signals/bench", created=True)
                for item in request.items or [request]
            ]
            yield intake_pb2.ImportSignalsResponse(items=answers) if request.items else answers[0]


def importer(per_partner: int, seed: int = 3) -> dict[str, float]:
    partners = list(DEFAULT_PARTNERS)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "signals.jsonl"
        write(generate(seed, per_partner * len(partners), partners), path)
        start = time.process_time()
        report = import_file(_Stub(), path, partners[0])  # type: ignore[arg-type]
        elapsed = time.process_time() - start
    return {"importer_signals": report.accepted, "importer_ms_per_signal": elapsed / report.accepted * 1e3}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--signals", type=int, default=5000)
    parser.add_argument("--intake", type=int, default=4000, help="signals per partner for intake and importer")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    result: dict[str, object] = dict(anchors.measure())
    result.update(measure(args.signals))
    result.update(intake(args.intake))
    result.update(importer(args.intake))
    if args.json:
        print(json.dumps(result))
        return
    print(f"anchor: libsodium scalar mult {result['scalarmult_per_s']:>12,.0f} /s per core")
    print(f"anchor: HMAC token            {result['hmac_tokens_per_s']:>12,.0f} /s per core")
    print(f"identifiers measured          {result['identifiers']:>12,}")
    print(f"HMAC tokens/s (one core)      {result['tokens_per_s']:>12,.0f}")
    print(f"normalise+token /s            {result['identifiers_per_s']:>12,.0f}")
    print(f"signals/s validate+pseudonym  {result['signals_per_s']:>12,.0f}")
    print(f"node intake, CPU per signal   {result['intake_ms_per_signal']:>12.3f} ms (vault included)")
    print(f"  without the vault           {result['intake_prepare_ms_per_signal']:>12.3f} ms")
    print(f"importer, CPU per signal      {result['importer_ms_per_signal']:>12.3f} ms")
    print(f"load average at the start     {result['load_1min']:>12.2f} ({result['cores']} cores)")


if __name__ == "__main__":
    main()
