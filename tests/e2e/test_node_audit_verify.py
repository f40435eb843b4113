"""`audit verify --node`: a partner's officer verifies the node's own log, and sees a tampered row."""

from __future__ import annotations

import sqlite3

from support import drained, wait_for

from signalmatch.console.audit import verify_node_log
from signalmatch.node.signal import from_json, to_proto
from signalmatch.v1 import intake_pb2


def test_officer_verifies_the_node_log_and_detects_a_rewritten_entry(federation):
    federation.start_matcher()
    federation.start_node("vtgv")
    stub = federation.intake("vtgv")
    for n in range(3):
        data = {
            "external_id": f"VT-{n}",
            "observed_at": "2026-05-01",
            "municipality": "Utrecht",
            "exploitation_types": ["onbekend"],
            "vehicles": [{"kenteken": f"AB-12{n}-C"}],
        }
        stub.CreateSignal(intake_pb2.CreateSignalRequest(signal=to_proto(from_json(data))), timeout=10)
    wait_for(lambda: drained(federation, ["vtgv"]), what="outbox drained")
    officer = federation.officer_config("vtgv")

    result, store = verify_node_log(officer)
    assert result.ok, result.summary()
    assert store.path.name == "node-checkpoints.json" and store.checkpoints

    # Someone with access to the node's database rewrites the first entry (and its leaf hash).
    vault = sqlite3.connect(federation.vault_db("vtgv"))
    entry = vault.execute("SELECT entry FROM audit_entries ORDER BY idx LIMIT 1").fetchone()[0]
    forged = entry.replace(b"signal.created", b"signal.withdrawn")
    vault.execute("UPDATE audit_entries SET entry = ? WHERE idx = 0", (forged,))
    vault.commit()
    vault.close()

    result, _ = verify_node_log(officer)
    assert not result.ok
    assert [(f.code, f.subject) for f in result.findings] == [("entry.altered", "logregel 0")]
    # Incremental mode (not the node log's default) would list only the entries after the verified
    # size: the tree and so the history are intact (same leaf hash, consistent), and the node log
    # has no receipts that fetch entry 0 again, so only a full run names the changed bytes.
    result, _ = verify_node_log(officer, full=False)
    assert result.ok and result.since > 0 and result.entries < result.size
