"""One new signal against 10^6 stored encodings: the matcher's whole linkage decision, timed.

Stores `--stored` persons and as many addresses (real keyed encodings: `node.fuzzy`, the population
of bench_fuzzy with a long tail of surnames, random Midden-Nederland style addresses) in a
FuzzyIndex, then for each of `--queries` new signals (a stored person written differently - an
initial, a two-digit year, a day-first date - at its address written differently) runs what
MatchStore._evidence and the zones do: blocking and the Dice kernel for both kinds from the model's
floors (FuzzyIndex.matching), the Dice of every field of all candidates once per encoding
(FuzzyIndex.field_dice), the comparison vectors of all candidates at once (store.reaching),
and for those that can reach a zone their evidence from the same scores and the zone under the
shipped default model.
Reports p50 / p99 / max latency (wall clock, and the query thread's CPU time, which other processes
on a shared machine do not inflate) and the candidates per query. One core.

    python -m bench.bench_linkage [--stored 1000000] [--queries 1000] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import time

from bench.bench_fuzzy import TODAY, _population
from signalmatch.encoding import Encoding
from signalmatch.matcher.fuzzy import FuzzyIndex
from signalmatch.matcher.linkage import DEFAULT_ZONES, FLOOR, PairEvidence, default_model, zone
from signalmatch.matcher.match import EncodingIn
from signalmatch.matcher.store import reaching
from signalmatch.node.fuzzy import AddressRecord, PersonRecord, encode_address, encode_person, fuzzy_key
from signalmatch.node.pseudonymise import TokenKey

STREETS = ("Dorpsstraat", "Kerkstraat", "Molenweg", "Stationsweg", "Oudegracht", "Biltstraat", "Julianalaan",
           "Burgemeester van Heemstralaan", "Lange Nieuwstraat", "Eikenlaan", "Schoolstraat", "Amsterdamsestraatweg")  # fmt: skip
PLACES = ("Utrecht", "Amersfoort", "Zeist", "Nieuwegein", "Veenendaal", "Hilversum", "Houten", "Woerden")


def _addresses(count: int, seed: int) -> list[AddressRecord]:
    rng = random.Random(seed)
    return [
        AddressRecord(
            rng.choice(STREETS) if rng.random() < 0.5 else rng.choice(STREETS).replace("straat", "plein"),
            str(rng.randrange(1, 300)),
            f"{rng.randrange(1000, 9999)} {rng.choice('ABCDEGHJKLMNPRSTVWXZ')}{rng.choice('ABCDEGHJKLMNPRSTVWXZ')}",
            rng.choice(PLACES),
        )
        for _ in range(count)
    ]


def _plain(e: EncodingIn) -> Encoding:
    return Encoding(e.kind, e.bits, e.blocks)


def run(stored: int, queries: int) -> dict[str, float]:
    key = fuzzy_key(TokenKey("bench", 1, os.urandom(32)))
    people, places = _population(stored, seed=5), _addresses(stored, seed=6)
    index = FuzzyIndex()
    start = time.perf_counter()
    for i, (p, a) in enumerate(zip(people, places, strict=True)):
        for enc in (encode_person(key, p, today=TODAY), encode_address(key, a)):
            if enc is not None:
                index.add(i, enc)
    fill_s = time.perf_counter() - start
    model = default_model()
    rng = random.Random(9)
    latencies, cpu_times, candidates, decided = [], [], [], []
    for _ in range(queries):
        i = rng.randrange(stored)
        p, a = people[i], places[i]
        day, month, year = p.date_of_birth.split("-")
        person = encode_person(
            key,
            PersonRecord(p.given_names[0] + ".", p.surname, f"{int(day):02d}/{int(month):02d}/{year[2:]}"),
            today=TODAY,
        )
        address = encode_address(
            key, AddressRecord(a.street.upper(), a.house_number, a.postcode.replace(" ", ""), a.city)
        )
        start, cpu = time.perf_counter(), time.thread_time()
        encodings = [EncodingIn(e.kind, e.bits, e.blocks, 1) for e in (person, address) if e is not None]
        found = sorted({other for e in encodings for other in index.matching(_plain(e), FLOOR[e.kind])})
        # as MatchStore._evidence: each encoding's field Dice of all candidates once, for the test
        # whether a candidate can reach a zone and as the evidence of those that can
        scored = [(e.kind, *index.field_dice(_plain(e), found)) for e in encodings]
        reach = reaching(model, DEFAULT_ZONES, scored, found, {})  # type: ignore[arg-type]
        similar: dict[int, dict[str, float]] = {other: {} for other in found if other in reach}
        for _, ids, columns in scored:  # what each candidate has in common with the new signal, field by field
            values = [(name, column.tolist()) for name, column in columns.items()]
            for i, other in enumerate(ids):
                if other in similar:
                    similar[other].update((name, v[i]) for name, v in values if v[i] == v[i])  # type: ignore[index]
        zones = [zone(model, PairEvidence(scores)) for scores in similar.values()]
        latencies.append(time.perf_counter() - start)
        cpu_times.append(time.thread_time() - cpu)
        candidates.append(len(found))
        decided.append(len(zones))
    latencies.sort()
    cpu_times.sort()
    return {
        "stored_signals": stored,
        "stored_encodings": len(index),
        "fill_s": round(fill_s, 1),
        "p50_ms": round(latencies[len(latencies) // 2] * 1e3, 3),
        "p99_ms": round(latencies[int(len(latencies) * 0.99)] * 1e3, 3),
        "max_ms": round(latencies[-1] * 1e3, 3),
        # CPU time of the query's thread: the latency without the other processes of a shared machine
        "cpu_p50_ms": round(cpu_times[len(cpu_times) // 2] * 1e3, 3),
        "cpu_p99_ms": round(cpu_times[int(len(cpu_times) * 0.99)] * 1e3, 3),
        "mean_candidates": round(sum(candidates) / len(candidates), 1),
        "mean_decided": round(sum(decided) / len(decided), 1),  # candidates whose similarities reach a zone
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stored", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = run(args.stored, args.queries)
    print(json.dumps(result) if args.json else "\n".join(f"{k}: {v}" for k, v in result.items()))


if __name__ == "__main__":
    main()
