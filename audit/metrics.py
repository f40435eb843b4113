"""Audit log metrics, the same for every log (matcher, node, keyholder)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

from signalmatch.audit.log import AuditLog, log_size
from signalmatch.metrics import Sample, sample


def audit_samples(conn: sqlite3.Connection, log: AuditLog, name: str) -> Iterator[Sample]:
    """``audit_log_entries{log}`` from `conn`, and when this process has signed a checkpoint,
    ``audit_checkpoint_timestamp_seconds{log}`` and ``audit_checkpoint_size{log}`` of the last one."""
    yield sample("audit_log_entries", "Entries in an audit log", log_size(conn), log=name)
    if log.last_signed is not None:
        moment, size = log.last_signed
        yield sample(
            "audit_checkpoint_timestamp_seconds", "When this process last signed a checkpoint of the log", moment, log=name
        )
        yield sample("audit_checkpoint_size", "Size of the last checkpoint this process signed", size, log=name)
