"""The matcher's signed receipts as the node stored them, for the partner's officer (`audit verify`).

Each acknowledged batch in the vault's ``batches`` table keeps the serialized BatchReceipt and the
matcher's signature over it, exactly as received; the receipt carries the log index of the
batch's entry in the matcher's log and a signed checkpoint that includes it. Oldest first.
"""

from __future__ import annotations

from signalmatch import i18n
from signalmatch.errors import ValidationError, Violation
from signalmatch.node.vault import Vault
from signalmatch.v1 import officer_pb2

DEFAULT_PAGE = 100
MAX_PAGE = 1000


def list_receipts(
    vault: Vault, page_size: int, page_token: str, caller: str = ""
) -> officer_pb2.ListReceiptsResponse:
    """A page of stored receipts in acknowledgement order; the token (signalmatch.requests.PageTokens)
    holds for the same caller only."""
    if page_size < 0:
        raise ValidationError([Violation("page_size", "page_size.range", i18n.t("receipts.page_size"))])
    after = vault.page_tokens.decode(page_token, caller, "receipts", (int,))[0] if page_token else 0
    size = min(page_size or DEFAULT_PAGE, MAX_PAGE)
    with vault.transaction() as conn:
        rows = conn.execute(
            "SELECT rowid, receipt, receipt_signature FROM batches"
            " WHERE ack_time IS NOT NULL AND receipt IS NOT NULL AND rowid > ? ORDER BY rowid LIMIT ?",
            (after, size + 1),
        ).fetchall()
    response = officer_pb2.ListReceiptsResponse(
        receipts=[officer_pb2.StoredReceipt(receipt=r[1], signature=r[2]) for r in rows[:size]]
    )
    if len(rows) > size:
        response.next_page_token = vault.page_tokens.encode(caller, "receipts", [rows[size - 1][0]])
    return response
