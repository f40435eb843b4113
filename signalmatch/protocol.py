"""Constants both ends of the wire must agree on: signature labels and size limits."""

# Ed25519 signatures cover "<label>\n" || the serialized message (see signalmatch.crypto.sign).
BATCH_LABEL = "signalmatch.v1.SignalBatch"
RECEIPT_LABEL = "signalmatch.v1.BatchReceipt"

TOKEN_BYTES = 32  # HMAC-SHA256 output
MAX_TOKENS_PER_SIGNAL = 500  # the node refuses a signal with more identifiers, the matcher such a submission
MAX_ENCODINGS_PER_SIGNAL = 200  # persons and addresses (50 each at the node) in two active epochs
MAX_FUZZY_BLOCKS = 4  # blocking keys per encoding (node.fuzzy makes one or two)
MAX_BATCH_OPERATIONS = 5_000
MAX_BATCH_BYTES = 2 * 1024 * 1024  # well below gRPC's default 4 MiB message limit

# Why a hit was closed: codes, not free text, so no personal data is written at the matcher.
CLOSURE_REASONS = (
    "geen-aanwijzing-mensenhandel",
    "onvoldoende-informatie",
    "elders-in-behandeling",
    "dubbele-melding",
    "overig",
)

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
