"""A node's metrics, computed at scrape time on a read-only connection to its vault."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

from signalmatch import sqlite
from signalmatch.audit.log import AuditLog
from signalmatch.audit.metrics import audit_samples
from signalmatch.metrics import Sample, sample

_PARKED = "SELECT batch_id FROM batches WHERE reject_time IS NOT NULL"


def _seconds(rfc3339: str) -> float:
    return datetime.fromisoformat(rfc3339.replace("Z", "+00:00")).timestamp()


def node_samples(path: Path, audit: AuditLog) -> Callable[[], Iterator[Sample]]:
    def compute() -> Iterator[Sample]:
        with sqlite.read_only(path) as conn:
            for state, count in conn.execute("SELECT state, count(*) FROM signals GROUP BY state"):
                yield sample("node_signals", "Signals in the vault, by state", count, state=state)
            pending, oldest = conn.execute(
                f"SELECT count(*), min(create_time) FROM outbox WHERE batch_id IS NULL OR batch_id NOT IN ({_PARKED})"
            ).fetchone()
            yield sample("outbox_pending_operations", "Operations accepted, not yet acknowledged by the matcher", pending)
            age = max(0.0, time.time() - _seconds(oldest)) if oldest else 0.0
            yield sample("outbox_oldest_pending_age_seconds", "Age of the oldest operation still to deliver", age)
            refused = conn.execute(f"SELECT count(*) FROM outbox WHERE batch_id IN ({_PARKED})").fetchone()[0]
            yield sample("outbox_refused_operations", "Operations the matcher refused for good", refused)
            parked, unacked = conn.execute(
                "SELECT count(*) FILTER (WHERE reject_time IS NOT NULL),"
                " count(*) FILTER (WHERE ack_time IS NULL AND reject_time IS NULL) FROM batches"
            ).fetchone()
            yield sample("outbox_parked_batches", "Batches the matcher refused for good (kept, never resent)", parked)
            yield sample("outbox_unacknowledged_batches", "Batches frozen and sent, without a receipt yet", unacked)
            acked = conn.execute("SELECT count(*) FROM batches WHERE ack_time IS NOT NULL").fetchone()[0]
            yield sample("outbox_acknowledged_batches", "Batches with the matcher's receipt", acked)
            for state, count in conn.execute("SELECT state, count(*) FROM disclosure_reviews GROUP BY state"):
                yield sample("node_disclosure_reviews", "Disclosure requests at this node, by state", count, state=state)
            yield from audit_samples(conn, audit, "node")

    return compute
