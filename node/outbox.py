"""Pushes the vault's outbox to the matcher in signed batches, with retry and backoff.

The loop is: resend the oldest unacknowledged batch if there is one, otherwise freeze a new one
from queued operations, their HMAC tokens layered through the keyholder on the way (one round
trip per batch, see node.layering; a keyholder that is down, refuses or gives a bad proof freezes
nothing and is retried like the matcher); send it; verify the matcher's signed receipt (right
batch id, partner, digest of exactly the bytes sent); then mark it acknowledged. A crash anywhere in between leads
to a resend of the same bytes, which the matcher answers with its stored receipt.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

import grpc
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from signalmatch import clock, crypto, enums, transport
from signalmatch.errors import AuthenticationError, Violation
from signalmatch.node.intake import on_form
from signalmatch.node.layering import KeyholderError
from signalmatch.node.vault import FeedbackHit, FrozenBatch, Operation, Vault
from signalmatch.node.worker import Worker
from signalmatch.protocol import BATCH_LABEL, RECEIPT_LABEL
from signalmatch.v1 import common_pb2, hits_pb2, hits_pb2_grpc, submission_pb2, submission_pb2_grpc

log = logging.getLogger("signalmatch.node.outbox")

# Answers that resending the same batch cannot change.
PERMANENT = frozenset(
    {
        grpc.StatusCode.INVALID_ARGUMENT,
        grpc.StatusCode.FAILED_PRECONDITION,
        grpc.StatusCode.ALREADY_EXISTS,
        grpc.StatusCode.OUT_OF_RANGE,
    }
)



def build_batch(
    table: str, partner: str, signing_key: Ed25519PrivateKey, batch_id: str, operations: list[Operation]
) -> tuple[bytes, bytes]:
    batch = submission_pb2.SignalBatch(batch_id=batch_id, table=table, partner=partner)
    batch.create_time.GetCurrentTime()
    for op in operations:
        if op.kind == "submit":
            batch.operations.add().submit.ParseFromString(op.payload)
        else:
            batch.operations.add(withdraw=op.ref)
    body = batch.SerializeToString()
    return body, crypto.sign(signing_key, BATCH_LABEL, body)


def check_receipt(
    response: submission_pb2.SubmitBatchResponse,
    batch: FrozenBatch,
    table: str,
    partner: str,
    matcher_key: Ed25519PublicKey,
) -> submission_pb2.BatchReceipt:
    """The receipt must be signed by the matcher and name exactly the batch we sent."""
    crypto.verify(matcher_key, RECEIPT_LABEL, response.receipt, response.signature)
    receipt = submission_pb2.BatchReceipt.FromString(response.receipt)
    if (
        receipt.batch_id != batch.batch_id
        or receipt.partner != partner
        or receipt.table != table
        or receipt.batch_sha256 != crypto.sha256(batch.body)
    ):
        raise AuthenticationError("the matcher's receipt does not match the batch that was sent")
    return receipt


class OutboxPusher(Worker):
    """Background thread: drains the outbox and refreshes the hit feedback."""

    name = "outbox"

    def __init__(
        self,
        vault: Vault,
        channel: grpc.Channel,
        table: str,
        partner: str,
        signing_key: Ed25519PrivateKey,
        matcher_key: Ed25519PublicKey,
        batch_size: int = 500,
        feedback_interval: float = 5.0,
        max_backoff: float = 10.0,
        layer: Callable[[list[Operation]], list[Operation]] | None = None,
        timeout: float = 30.0,
        diagnose: Callable[[], str] = lambda: "",
    ):
        self._vault = vault
        self._timeout = timeout  # of each call to the matcher
        self._diagnose = diagnose  # why a TLS handshake failed: a certificate out of its dates
        self._layer = layer  # node.layering.TokenLayer.layer: HMAC tokens -> final tokens
        self._submit = submission_pb2_grpc.SubmissionServiceStub(channel)
        self._feedback = hits_pb2_grpc.FeedbackServiceStub(channel)
        self._table = table
        self._partner = partner
        self._key = signing_key
        self._matcher_key = matcher_key
        self._batch_size = batch_size
        self._feedback_interval = feedback_interval
        self._next_feedback = 0.0
        self._rejected: str | None = None  # the batch in flight, to park if it is refused for good
        super().__init__(interval=1.0, max_backoff=max_backoff)

    def round(self) -> None:
        while not self._stop.is_set() and self.push_once():
            pass
        if time.monotonic() >= self._next_feedback:
            self.refresh_feedback()
            self._next_feedback = time.monotonic() + self._feedback_interval

    def describe(self, exc: Exception) -> str:
        text = f"{exc.code().name}: {exc.details()}" if isinstance(exc, grpc.RpcError) else ""
        if isinstance(exc, KeyholderError):
            text = str(exc)
        if "andshake" in text:  # TLS refused: say whose certificate is out of its dates, if one is
            return self._diagnose() or text
        return text or type(exc).__name__

    def failed(self, exc: Exception) -> bool:
        if isinstance(exc, grpc.RpcError) and exc.code() in PERMANENT and self._rejected is not None:
            # Resending the same bytes cannot succeed: park the batch, mark its signals refused (the
            # staff see why and can resubmit them), carry on with the rest.
            violations = on_form(transport.bad_request_violations(exc))
            refused = self._vault.reject(self._rejected, self.last_error[:500], clock.now(), self._partner, violations)
            log.error(
                "matcher refused batch %s for good (%s): %d signals refused, see `signalmatch node signals --state refused`",
                self._rejected,
                exc.code().name,
                len(refused),
                extra={"event": "batch.refused", "batch_id": self._rejected},
            )
            return True
        return False

    def push_once(self) -> bool:
        """Send one batch. True if one was sent and acknowledged, False if nothing was queued."""
        batch = self._vault.unacknowledged_batch()
        if batch is None:
            batch = self._vault.freeze_batch(
                self._batch_size,
                lambda batch_id, ops: build_batch(self._table, self._partner, self._key, batch_id, ops),
                clock.now(),
                layer=self._layer,
            )
        if batch is None:
            return False
        self._rejected = batch.batch_id
        response = self._submit.SubmitBatch(
            submission_pb2.SubmitBatchRequest(batch=batch.body, signature=batch.signature), timeout=self._timeout
        )
        self._rejected = None
        receipt = check_receipt(response, batch, self._table, self._partner, self._matcher_key)
        rejected = {
            r.index: on_form(tuple(Violation(v.field, v.rule, v.description) for v in r.violations))
            for r in receipt.rejected
        }
        refused = self._vault.acknowledge(
            batch.batch_id,
            response.receipt,
            response.signature,
            clock.now(),
            self._partner,
            receipt.log_index,
            rejected,
        )
        log.info(
            "batch acknowledged: %d submitted, %d withdrawn, log index %d",
            receipt.submitted,
            receipt.withdrawn,
            receipt.log_index,
            extra={"event": "batch.acknowledged", "batch_id": batch.batch_id},
        )
        if refused:  # once, when the receipt arrives; the signals then show it until corrected
            rules = sorted({v.rule for violations in rejected.values() for v in violations})
            log.warning(
                "matcher refused %d signals of batch %s (%s): %s; correct and resubmit them "
                "(`signalmatch node signals --state refused`)",
                len(refused),
                batch.batch_id,
                ", ".join(rules),
                " ".join(f"signals/{ref}" for ref in refused),
            )
        return True

    def refresh_feedback(self) -> None:
        hits: list[FeedbackHit] = []
        token = ""
        while True:
            page = self._feedback.ListPartnerHits(
                hits_pb2.ListPartnerHitsRequest(page_size=500, page_token=token), timeout=self._timeout
            )
            for h in page.hits:
                hits.append(
                    FeedbackHit(
                        hit=h.name,
                        status=enums.short(common_pb2.HitStatus, h.status),
                        referred_to=enums.short(common_pb2.PartnerKind, h.referred_to),
                        refs=tuple(h.signal_refs),
                        partner_count=h.partner_count,
                        kinds=tuple(enums.short(common_pb2.IdentifierKind, k) for k in h.identifier_kinds),
                        update_time=clock.from_timestamp(h.update_time),
                    )
                )
            token = page.next_page_token
            if not token:
                break
        self._vault.replace_feedback(hits)


