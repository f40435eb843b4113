"""Constants both ends of the wire must agree on: signature labels and size limits."""

from __future__ import annotations

from signalmatch import enums, i18n
from signalmatch.errors import ValidationError, Violation
from signalmatch.v1 import disclosure_pb2

# Ed25519 signatures cover "<label>\n" || the serialized message (see signalmatch.crypto.sign).
BATCH_LABEL = "signalmatch.v1.SignalBatch"
RECEIPT_LABEL = "signalmatch.v1.BatchReceipt"

TOKEN_BYTES = 32  # HMAC-SHA256 output
MAX_TOKENS_PER_SIGNAL = 500  # the node refuses a signal with more identifiers, the matcher such a submission
MAX_ENCODINGS_PER_SIGNAL = 200  # persons and addresses (50 each at the node) in two active epochs
MAX_FUZZY_BLOCKS = 4  # blocking keys per encoding (node.fuzzy makes one or two)
MAX_BATCH_OPERATIONS = 5_000
MAX_BATCH_BYTES = 2 * 1024 * 1024  # well below gRPC's default 4 MiB message limit

# Listings (hits, a partner's hits, disclosures, a node's signals and reviews): the size of a page
# when a request leaves page_size 0, and the most one page holds, whatever a request asks.
DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 500


def page_size(value: int, default: int = DEFAULT_PAGE_SIZE, maximum: int = MAX_PAGE_SIZE) -> int:
    """The number of items to put on a page for a request's `value`: `default` for 0, at most
    `maximum`; ValidationError on the field ``page_size`` (rule ``page_size.range``) when negative."""
    if value < 0:
        raise ValidationError([Violation("page_size", "page_size.range", i18n.t("protocol.page_size.range"))])
    return min(value or default, maximum)


# Why a hit was closed: codes, not free text, so no personal data is written at the matcher.
CLOSURE_REASONS = (
    "geen-aanwijzing-mensenhandel",
    "onvoldoende-informatie",
    "elders-in-behandeling",
    "dubbele-melding",
    "overig",
)

# Why the chair confirmed or rejected a review candidate ("mogelijke overeenkomst"): codes, no free text.
REVIEW_CONFIRM_REASONS = ("zelfde-persoon", "aanvullende-informatie")
REVIEW_REJECT_REASONS = ("andere-persoon", "huisgenoot", "onvoldoende-bewijs")

# The data categories a chair may ask a partner to disclose: the short names of
# signalmatch.v1.DataCategory in enum order ("persons", "contact_details", ...), as in audit
# entries, disclosure policies and on the command line.
DATA_CATEGORIES: tuple[str, ...] = enums.choices(disclosure_pb2.DataCategory)

# Why a partner refused a disclosure: codes for the same reason (the matcher relays them).
REFUSAL_REASONS = (
    "geen-grondslag",
    "niet-noodzakelijk",
    "niet-proportioneel",
    "lopend-onderzoek",
    "bronbescherming",
    "ongeldig-verzoek",
    "overig",
)
