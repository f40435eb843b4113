"""Raw data never leaves a node: a byte-level scan of everything the matcher has, logs and receives."""

from __future__ import annotations

import base64
import sqlite3
import threading
from pathlib import Path

import pytest
from privacy_scan import MIN_LENGTH, leaks, raw_values
from support import drained, spawn, wait_for

from signalmatch import crypto
from signalmatch.console.node import import_file
from signalmatch.node import normalise
from signalmatch.synthetic.generate import generate, write
from signalmatch.v1 import hits_pb2

pytestmark = pytest.mark.slow


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

    # The dealer (nla) deals the table secret through the matcher, sealed to each partner: the
    # matcher relays ciphertext only. The scan also looks for the secret, raw, base64 and hex.
    secret = crypto.load_secret(federation.node_config("vtgv").table_secrets[1])
    secret_forms = [secret, base64.b64encode(secret), secret.hex().encode()]
    relay = federation.matcher_db()

    def relayed() -> int:
        with sqlite3.connect(f"file:{relay}?mode=ro", uri=True) as conn:
            return conn.execute("SELECT count(*) FROM directory_deals").fetchone()[0]

    wait_for(lambda: relayed() > 0, what="the dealer's deal relayed by the matcher")

    def scan_matcher_dir() -> dict[str, list[str]]:
        found = {}
        for path in sorted(federation.matcher_dir().rglob("*")):
            if path.is_file():
                content = path.read_bytes()
                hit = leaks(content, values) + ["table secret"] * any(f in content for f in secret_forms)
                if hit:
                    found[str(path)] = hit[:5]
        return found

    assert scan_matcher_dir() == {}  # while running: database, WAL and shared memory files
    # The scan covers the fuzzy encodings (keyed Bloom filters of names, dates of birth and addresses):
    # the matcher holds them as the nodes sent them.
    db = sqlite3.connect(federation.matcher_db())
    kinds = dict(db.execute("SELECT kind, COUNT(*) FROM encodings GROUP BY kind").fetchall())
    db.close()
    assert kinds.get("person_fields", 0) > 100 and kinds.get("address_fields", 0) > 100
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
    assert not any(f in log.read_bytes() for f in secret_forms)


def test_the_scan_would_catch_a_leak(tmp_path: Path):
    """Guards the guard: the same scan flags a value that is present."""
    dataset = generate(seed=3, signals=20, partners=["vtgv", "nla"])
    values = raw_values(dataset.signals)
    person = next(p for s in dataset.signals for p in s.get("persons", []) if p.get("phones"))
    assert leaks(b"\x00junk" + normalise.phone(person["phones"][0]).encode() + b"junk", values)
    explanation = next(s["explanation"] for s in dataset.signals if len(s.get("explanation", "")) >= MIN_LENGTH)
    assert leaks(b"\x01" + explanation.encode() + b"\x02", values)
    assert not leaks(b"nothing personal here", values)
