"""The signed receipts the matcher gave for applied batches (table ``receipts`` of its store): a
retried batch gets the very same receipt again."""

from __future__ import annotations

import sqlite3

from signalmatch.errors import ConflictError


def get(conn: sqlite3.Connection, partner: str, batch_id: str) -> tuple[bytes, bytes, bytes] | None:
    """(batch_sha256, receipt, signature) of a batch already applied, or None."""
    row = conn.execute(
        "SELECT batch_sha256, receipt, signature FROM receipts WHERE partner = ? AND batch_id = ?",
        (partner, batch_id),
    ).fetchone()
    return None if row is None else (bytes(row[0]), bytes(row[1]), bytes(row[2]))


def put(conn: sqlite3.Connection, partner: str, batch_id: str, batch_sha256: bytes, receipt: bytes, signature: bytes) -> None:
    """Record the receipt of a batch (in the caller's transaction); ConflictError if it has one."""
    try:
        conn.execute(
            "INSERT INTO receipts (partner, batch_id, batch_sha256, receipt, signature) VALUES (?, ?, ?, ?, ?)",
            (partner, batch_id, batch_sha256, receipt, signature),
        )
    except sqlite3.IntegrityError:
        raise ConflictError(f"batch {batch_id!r} of partner {partner!r} already has a receipt") from None
