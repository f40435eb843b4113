"""Raw data never leaves a node: a byte-level scan of everything the matcher has, logs and receives."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest
from support import drained, spawn, wait_for

from signalmatch.console.node import import_file
from signalmatch.node import normalise
from signalmatch.synthetic.generate import generate, write
from signalmatch.v1 import hits_pb2

pytestmark = pytest.mark.slow

# Shorter values (house numbers, additions, short names) would match random bytes, or base64 text
# such as the checkpoints in receipts, by chance. Matching is exact (case-sensitive): every form
# a value takes (as entered at each partner, and normalised) is searched for separately.
MIN_LENGTH = 6


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, (list, tuple)):
        return [s for v in value for s in _strings(v)]
    return []


def _normalised_forms(signal: dict) -> list[str]:
    forms = []
    for person in signal.get("persons", []):
        forms += [normalise.phone(p) for p in person.get("phones", [])]
        forms += [normalise.email(e) for e in person.get("emails", [])]
        if person.get("bsn"):
            forms.append(normalise.bsn(person["bsn"]))
        if person.get("date_of_birth") and person.get("surname") and person.get("given_names"):
            dob = normalise.date_of_birth(person["date_of_birth"])
            forms.append(normalise.name_dob(person["given_names"], person["surname"], dob.isoformat()))
            forms.append(dob.isoformat())
    for address in signal.get("addresses", []):
        forms.append(normalise.postcode(address["postcode"]))
        forms.append(normalise.address(address["postcode"], address["house_number"], address.get("addition", "")))
    forms += [normalise.kenteken(v["kenteken"]) for v in signal.get("vehicles", [])]
    for company in signal.get("companies", []):
        forms += [normalise.iban(i) for i in company.get("ibans", [])]
    forms += [normalise.url(a["url"]) for a in signal.get("adverts", [])]
    return forms


def raw_values(signals: list[dict]) -> set[str]:
    """Every identifier, name and free text as entered and as normalised; not the minimised metadata."""
    allowed = set()
    for s in signals:
        allowed |= {s["municipality"].lower(), s["partner"].lower(), *(e.lower() for e in s["exploitation_types"])}
        allowed |= {p.get("role", "").lower() for p in s.get("persons", [])}
    values = set()
    for s in signals:
        data = {k: v for k, v in s.items() if k not in ("partner", "municipality", "exploitation_types")}
        for person in data.get("persons", []):
            person.pop("role", None)
        for text in _strings(data) + _normalised_forms(s):
            text = text.strip()
            if len(text) >= MIN_LENGTH and text.lower() not in allowed:
                values.add(text)
    return values


def leaks(haystack: bytes, values: set[str]) -> list[str]:
    return sorted(v for v in values if v.encode("utf-8") in haystack)


def test_no_raw_value_reaches_the_matcher_its_logs_or_the_wire(federation, tmp_path):
    partners = federation.partners
    dataset = generate(seed=3, signals=500, partners=partners)
    data = tmp_path / "signals.jsonl"
    write(dataset, data)
    values = raw_values(dataset.signals)
    assert len(values) > 1000  # the scan has something to look for

    log = tmp_path / "matcher.log"
    federation.running.append(spawn(["matcher", "serve", "--config", str(federation.matcher_config_path())], log))
    nodes = [federation.start_node(p) for p in partners]
    threads = [threading.Thread(target=import_file, args=(federation.intake(p), data, p)) for p in partners]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    wait_for(lambda: drained(federation, partners), timeout=120, what="outboxes drained")

    chair = federation.hits()
    listed = chair.ListHits(hits_pb2.ListHitsRequest(page_size=500), timeout=10)
    assert listed.total_size > 0
    opened = [chair.GetHit(hits_pb2.GetHitRequest(name=h.name), timeout=10) for h in listed.hits[:5]]
    for node in nodes:  # feedback travelled too
        node.pusher.refresh_feedback()

    def scan_matcher_dir() -> dict[str, list[str]]:
        found = {}
        for path in sorted(federation.matcher_dir().rglob("*")):
            if path.is_file():
                hit = leaks(path.read_bytes(), values)
                if hit:
                    found[str(path)] = hit[:5]
        return found

    assert scan_matcher_dir() == {}  # while running: database, WAL and shared memory files
    # The scan covers the fuzzy encodings (keyed Bloom filters of names, dates of birth and addresses):
    # the matcher holds them as the nodes sent them.
    db = sqlite3.connect(federation.matcher_db())
    kinds = dict(db.execute("SELECT kind, COUNT(*) FROM encodings GROUP BY kind").fetchall())
    db.close()
    assert kinds.get("person", 0) > 100 and kinds.get("address", 0) > 100
    # What crossed the wire, at the application layer: every batch exactly as sent, the
    # receipts, and what the chair received.
    wire = b"".join(
        b"".join(row)
        for p in partners
        for row in sqlite3.connect(federation.vault_db(p)).execute(
            "SELECT body, receipt FROM batches"
        )
    )
    wire += listed.SerializeToString() + b"".join(o.SerializeToString() for o in opened)
    assert len(wire) > 10_000
    assert leaks(wire, values) == []

    federation.stop_all()
    assert scan_matcher_dir() == {}  # after shutdown and checkpoint
    assert log.stat().st_size > 0
    assert leaks(log.read_bytes(), values) == []


def test_the_scan_would_catch_a_leak(tmp_path: Path):
    """Guards the guard: the same scan flags a value that is present."""
    dataset = generate(seed=3, signals=20, partners=["vtgv", "nla"])
    values = raw_values(dataset.signals)
    person = next(p for s in dataset.signals for p in s.get("persons", []) if p.get("phones"))
    assert leaks(b"\x00junk" + normalise.phone(person["phones"][0]).encode() + b"junk", values)
    explanation = next(s["explanation"] for s in dataset.signals if len(s.get("explanation", "")) >= MIN_LENGTH)
    assert leaks(b"\x01" + explanation.encode() + b"\x02", values)
    assert not leaks(b"nothing personal here", values)
