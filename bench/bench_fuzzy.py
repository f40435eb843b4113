"""Fuzzy matching on keyed Bloom-filter encodings: encoding rate, Dice rate, match latency, memory, blocking.

On one core (numpy is single-threaded for these operations):

* encoding rate: persons and addresses encoded per second (`node.fuzzy`), drawn from
  `synthetic.corrupt.linkage_dataset` (realistic Dutch and migrant names, Midden-Nederland addresses),
  cold (a fresh key: every feature computes its HMAC) and warm (the per-key feature cache filled);
* Dice comparisons per second: one query against 10^6 packed encodings, with the stored set-bit
  counts (the index's path) and with `dice_one_to_many` (counts computed on the fly), per length;
* match latency: `FuzzyIndex.matches` of a new person encoding against `--stored` stored person
  encodings with blocking, p50 / p95 / max over `--queries` queries (corrupted copies of stored people);
* memory per stored encoding in the index (matrix row, set-bit count, block entries, id);
* blocking recall: of the true pairs of the linkage dataset that reach the default threshold by brute
  force, the share the blocking finds, per hardening option.

    python -m bench.bench_fuzzy [--stored 1000000] [--queries 1000] [--records 5000] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from datetime import date

import numpy as np

from signalmatch.encoding import DEFAULT_HARDENING, HARDENING_OPTIONS, encoded_bits
from signalmatch.matcher.fuzzy import DEFAULT_THRESHOLD, FuzzyIndex, _dice_rows, dice_one_to_many, pack, popcounts
from signalmatch.node.fuzzy import AddressRecord, PersonRecord, encode_address, encode_person, fuzzy_key
from signalmatch.node.pseudonymise import TokenKey
from signalmatch.synthetic.corrupt import linkage_dataset

TODAY = date(2025, 1, 1)


def _key():
    return fuzzy_key(TokenKey("bench", 1, os.urandom(32)))


def encoding_rate(records: int, hardening: str) -> dict[str, float]:
    data = linkage_dataset(seed=11, records=records)
    rows = data.a + data.b
    persons = [PersonRecord(r.given_names, r.surname, r.date_of_birth) for r in rows]
    addresses = [AddressRecord(r.street, r.house_number, r.postcode, r.city) for r in rows]
    key = _key()
    result: dict[str, float] = {"records": len(rows)}
    for run in ("cold", "warm"):  # cold: every feature needs its HMAC; warm: the per-key cache is filled
        start = time.perf_counter()
        for p in persons:
            encode_person(key, p, hardening=hardening, today=TODAY)
        result[f"persons_per_s_{run}"] = len(persons) / (time.perf_counter() - start)
        start = time.perf_counter()
        for a in addresses:
            encode_address(key, a, hardening=hardening)
        result[f"addresses_per_s_{run}"] = len(addresses) / (time.perf_counter() - start)
    return result


def dice_rate(rows: int = 1_000_000, repeats: int = 5) -> dict[str, float]:
    rng = np.random.default_rng(1)
    result = {}
    for bits in sorted({encoded_bits(h) for h in HARDENING_OPTIONS}):
        matrix = rng.integers(0, 2**64, size=(rows, bits // 64), dtype=np.uint64, endpoint=False)
        counts = popcounts(matrix)
        query = matrix[rows // 2].copy()
        best_indexed = best_plain = float("inf")
        for _ in range(repeats):
            start = time.perf_counter()
            _dice_rows(query, matrix, counts)
            best_indexed = min(best_indexed, time.perf_counter() - start)
            start = time.perf_counter()
            dice_one_to_many(query, matrix)
            best_plain = min(best_plain, time.perf_counter() - start)
        result[f"{bits}_bits_indexed_per_s"] = rows / best_indexed
        result[f"{bits}_bits_one_to_many_per_s"] = rows / best_plain
    return result


# -- a large population of people, fast to draw (the linkage generator checks uniqueness per person) --

_GIVEN = ("Jan", "Pieter", "Daan", "Sem", "Lucas", "Anna", "Emma", "Julia", "Sophie", "Lotte", "Fleur",
          "Mohamed", "Fatima", "Yusuf", "Ayse", "Piotr", "Anna Maria", "Ana", "Ion", "Maria", "Jan Willem",
          "Kevin", "Dennis", "Mark", "Sanne", "Lisa", "Iris", "Eva", "Noa", "Chloë", "Zoë", "René")  # fmt: skip
_SURNAMES = ("de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Janssen", "Visser",
             "Smit", "Meijer", "de Boer", "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks",
             "van Leeuwen", "Dekker", "Brouwer", "de Wit", "Dijkstra", "Smits", "de Graaf", "van der Meer",
             "Kowalski", "Nowak", "Popescu", "Ionescu", "Yilmaz", "Kaya", "El Amrani", "Bennani",
             "Ivanova", "Petrov", "Nguyen", "Okafor", "García", "Silva", "Kovács")  # fmt: skip


def _population(count: int, seed: int) -> list[PersonRecord]:
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        surname = rng.choice(_SURNAMES)
        if rng.random() < 0.7:  # a long tail of rarer surnames
            surname += rng.choice(("", "s", "e", "er", "ink", "ema", "stra", "man", "huis", "kamp", "veld"))
            surname += rng.choice(("", "a", "o", "en", "ing", "ma"))
        born = date(rng.randrange(1955, 2011), rng.randrange(1, 13), rng.randrange(1, 29))
        out.append(PersonRecord(rng.choice(_GIVEN), surname, f"{born.day}-{born.month}-{born.year}"))
    return out


def match_latency(stored: int, queries: int, hardening: str) -> dict[str, float]:
    key = _key()
    people = _population(stored, seed=5)
    index = FuzzyIndex()
    start = time.perf_counter()
    for i, p in enumerate(people):
        enc = encode_person(key, p, hardening=hardening, today=TODAY)
        assert enc is not None
        index.add(f"signal-{i}", enc)
    fill_s = time.perf_counter() - start
    rng = random.Random(9)
    latencies, candidates = [], []
    for _ in range(queries):
        p = people[rng.randrange(stored)]
        day, month, year = p.date_of_birth.split("-")
        variant = PersonRecord(p.given_names[0] + ".", p.surname, f"{int(day):02d}/{int(month):02d}/{year[2:]}")
        enc = encode_person(key, variant, hardening=hardening, today=TODAY)
        assert enc is not None
        start = time.perf_counter()
        index.matches(enc)
        latencies.append(time.perf_counter() - start)
        candidates.append(len(index._tables["person"].candidates(enc.blocks)))
    latencies.sort()
    table = index._tables["person"]
    n = len(table.ids)
    block_entries = sum(len(rows) for rows in table.blocks.values())
    id_bytes = sum(sys.getsizeof(i) for i in table.ids) / n + 8  # the str object and its list slot
    per_record = table.words * 8 + table.counts.itemsize + block_entries * 8 / n + id_bytes
    allocated = (table.rows.nbytes + table.counts.nbytes) / n  # capacity doubles as the index grows
    return {
        "stored": n,
        "fill_records_per_s": n / fill_s,
        "p50_ms": latencies[len(latencies) // 2] * 1e3,
        "p95_ms": latencies[int(len(latencies) * 0.95)] * 1e3,
        "max_ms": latencies[-1] * 1e3,
        "mean_candidates": statistics.fmean(candidates),
        "bytes_per_encoding": per_record,
        "bytes_per_encoding_bits_only": table.words * 8,
        "bytes_per_encoding_allocated_matrix": allocated,
    }


def _encode(key, r, kind: str, hardening: str):
    if kind == "person":
        return encode_person(key, PersonRecord(r.given_names, r.surname, r.date_of_birth), hardening=hardening)
    return encode_address(key, AddressRecord(r.street, r.house_number, r.postcode, r.city), hardening=hardening)


def blocking_recall(records: int) -> dict[str, dict[str, float]]:
    """Per hardening and kind: true pairs reaching the default threshold by brute force, and the share blocking finds."""
    data = linkage_dataset(seed=7, records=records)
    a = {r.record_id: r for r in data.a}
    b = {r.record_id: r for r in data.b}
    key = _key()
    result: dict[str, dict[str, float]] = {}
    for hardening in HARDENING_OPTIONS:
        for kind in ("person", "address"):
            reach = found = 0
            for a_id, b_id in sorted(data.truth):
                x, y = _encode(key, a[a_id], kind, hardening), _encode(key, b[b_id], kind, hardening)
                if x is None or y is None:
                    continue
                score = float(dice_one_to_many(pack(x.bits), pack(y.bits)[None, :])[0])
                if score >= np.float32(DEFAULT_THRESHOLD[kind]):
                    reach += 1
                    found += bool(set(x.blocks) & set(y.blocks))
            result[f"{hardening}.{kind}"] = {
                "reach_threshold": reach,
                "blocking_recall": found / reach if reach else 1.0,
            }
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stored", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--records", type=int, default=5000, help="people in the linkage dataset (A side)")
    parser.add_argument("--hardening", default=DEFAULT_HARDENING, choices=HARDENING_OPTIONS)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = {
        "hardening": args.hardening,
        "encoding": encoding_rate(args.records, args.hardening),
        "dice": dice_rate(),
        "latency": match_latency(args.stored, args.queries, args.hardening),
        "blocking": blocking_recall(args.records),
    }
    if args.json:
        print(json.dumps(result, indent=2))
        return
    enc, dice, lat = result["encoding"], result["dice"], result["latency"]
    print(f"hardening                          {args.hardening:>14}")
    for run in ("cold", "warm"):
        print(f"persons encoded/s ({run}, one core)  {enc[f'persons_per_s_{run}']:>14,.0f}")
        print(f"addresses encoded/s ({run})        {enc[f'addresses_per_s_{run}']:>14,.0f}")
    for name, value in dice.items():
        print(f"Dice/s {name:<28}{value:>14,.0f}")
    print(f"stored person encodings            {lat['stored']:>14,}")
    print(f"index fill (encode+add)/s          {lat['fill_records_per_s']:>14,.0f}")
    print(f"match latency p50 / p95 / max ms   {lat['p50_ms']:>6.2f} / {lat['p95_ms']:.2f} / {lat['max_ms']:.2f}")
    print(f"candidates per query (mean)        {lat['mean_candidates']:>14,.0f}")
    print(
        f"bytes per stored encoding          {lat['bytes_per_encoding']:>14.0f}  (bits {lat['bytes_per_encoding_bits_only']})"
    )
    for name, value in result["blocking"].items():
        print(
            f"blocking recall {name:<19}{value['blocking_recall']:>14.4f}  (of {value['reach_threshold']} true pairs)"
        )


if __name__ == "__main__":
    main()
