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

i18n.register(
    {
        "receipts.page_size": {"nl": "moet 0 of meer zijn", "en": "must be 0 or more"},
        "receipts.page_token": {
            "nl": "ongeldige paginatoken; gebruik next_page_token van het vorige antwoord",
            "en": "invalid page token; use next_page_token from the previous response",
        },
    }
)


def list_receipts(vault: Vault, page_size: int, page_token: str) -> officer_pb2.ListReceiptsResponse:
    """A page of stored receipts in acknowledgement order; the token is an opaque row cursor."""
    problems = []
    if page_size < 0:
        problems.append(Violation("page_size", "page_size.range", i18n.t("receipts.page_size")))
    if page_token and not (page_token.isascii() and page_token.isdigit() and len(page_token) < 20):
        problems.append(Violation("page_token", "page_token.invalid", i18n.t("receipts.page_token")))
    if problems:
        raise ValidationError(problems)
    size = min(page_size or DEFAULT_PAGE, MAX_PAGE)
    with vault.transaction() as conn:
        rows = conn.execute(
            "SELECT rowid, receipt, receipt_signature FROM batches"
            " WHERE ack_time IS NOT NULL AND receipt IS NOT NULL AND rowid > ? ORDER BY rowid LIMIT ?",
            (int(page_token or 0), size + 1),
        ).fetchall()
    response = officer_pb2.ListReceiptsResponse(
        receipts=[officer_pb2.StoredReceipt(receipt=r[1], signature=r[2]) for r in rows[:size]]
    )
    if len(rows) > size:
        response.next_page_token = str(rows[size - 1][0])
    return response
