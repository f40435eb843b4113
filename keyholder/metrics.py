"""The keyholder's metrics: evaluations by partner and epoch (counted as they happen), refusals,
and at scrape time the quota left per partner this hour, the epochs it holds keys for, its log."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from pathlib import Path

from prometheus_client import CollectorRegistry, Counter

from signalmatch import sqlite
from signalmatch.audit.log import AuditLog
from signalmatch.audit.metrics import audit_samples
from signalmatch.keyholder.store import hour_of
from signalmatch.metrics import Sample, sample


class KeyholderCounters:
    """What the servicer counts: ``keyholder_evaluations_total{partner, epoch}`` and
    ``keyholder_refusals_total{partner, reason}``."""

    def __init__(self, registry: CollectorRegistry):
        self.evaluations = Counter(
            "signalmatch_keyholder_evaluations",
            "Blinded elements evaluated, by partner and key epoch",
            ["partner", "epoch"],
            registry=registry,
        )
        self.refusals = Counter(
            "signalmatch_keyholder_refusals",
            "Evaluation batches refused, by partner and reason",
            ["partner", "reason"],
            registry=registry,
        )

    def evaluated(self, partner: str, epoch: int, count: int) -> None:
        self.evaluations.labels(partner, str(epoch)).inc(count)

    def refused(self, partner: str, reason: str) -> None:
        self.refusals.labels(partner, reason).inc()


def keyholder_samples(
    path: Path, audit: AuditLog, partners: tuple[str, ...], quota: int
) -> Callable[[], Iterator[Sample]]:
    def compute() -> Iterator[Sample]:
        hour = hour_of(datetime.datetime.now(datetime.UTC))
        yield sample("keyholder_quota_per_hour", "Evaluations a partner may request per clock hour (UTC)", quota)
        with sqlite.read_only(path) as conn:
            used = dict(conn.execute("SELECT partner, evaluations FROM usage WHERE hour = ?", (hour,)).fetchall())
            for partner in partners:
                left = max(0, quota - used.get(partner, 0))
                yield sample("keyholder_quota_remaining", "Evaluations left this hour", left, partner=partner)
            for (epoch,) in conn.execute("SELECT epoch FROM oprf_keys ORDER BY epoch"):
                yield sample("keyholder_key_epochs", "1 for every key epoch the keyholder holds a key for", 1, epoch=str(epoch))
            yield from audit_samples(conn, audit, "keyholder")

    return compute
