"""The matcher's metrics, computed at scrape time on a read-only connection to its database:
signals per partner, tokens per key epoch, links by evidence, review candidates (pairs in the
review zone), hits by status, hits with new evidence (to review again), disclosure answers by
state, receipts, and its audit log."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from signalmatch import sqlite
from signalmatch.audit.log import AuditLog
from signalmatch.audit.metrics import audit_samples
from signalmatch.metrics import Sample, sample


def matcher_samples(path: Path, audit: AuditLog) -> Callable[[], Iterator[Sample]]:
    def compute() -> Iterator[Sample]:
        with sqlite.read_only(path) as conn:
            for partner, count in conn.execute("SELECT partner, count(*) FROM signals GROUP BY partner"):
                yield sample("matcher_signals", "Pseudonymised signals held, by partner", count, partner=partner)
            for epoch, count in conn.execute("SELECT epoch, count(*) FROM tokens GROUP BY epoch"):
                yield sample("matcher_tokens", "Tokens in the index, by key epoch", count, epoch=str(epoch))
            exact, similar = conn.execute(
                "SELECT count(*) FILTER (WHERE similar = '[]'), count(*) FILTER (WHERE similar != '[]')"
                " FROM links WHERE zone = 'link'"
            ).fetchone()
            yield sample("matcher_links", "Links between signals, by evidence", exact, evidence="exact")
            yield sample("matcher_links", "Links between signals, by evidence", similar, evidence="similar")
            review = conn.execute("SELECT count(*) FROM links WHERE zone = 'review'").fetchone()[0]
            yield sample("matcher_review_candidates", "Pairs in the review zone, for the chair's review list", review)
            for status, count in conn.execute("SELECT status, count(*) FROM hits WHERE state = 'active' GROUP BY status"):
                yield sample("matcher_hits", "Active hits, by status", count, status=status)
            review = conn.execute("SELECT count(*) FROM hits WHERE state = 'active' AND new_evidence = 1").fetchone()[0]
            yield sample("matcher_hits_new_evidence", "Reviewed hits that gained signals since (to review again)", review)
            for state, count in conn.execute("SELECT state, count(*) FROM disclosure_answers GROUP BY state"):
                yield sample(
                    "matcher_disclosure_answers", "Partners' answers to disclosure requests, by state", count, state=state
                )
            requests = conn.execute("SELECT count(*) FROM disclosures").fetchone()[0]
            yield sample("matcher_disclosure_requests", "Disclosure requests made", requests)
            receipts = conn.execute("SELECT count(*) FROM receipts").fetchone()[0]
            yield sample("matcher_batches_accepted", "Batches accepted (receipts issued)", receipts)
            yield from audit_samples(conn, audit, "matcher")

    return compute
