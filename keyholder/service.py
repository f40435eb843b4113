"""KeyholderService: RFC 9497 VOPRF evaluations for partner nodes, counted, limited and audited.

Only partner certificates of the table's configured partners get an answer. Every batch counts
against the partner's hourly quota before any work is done (RESOURCE_EXHAUSTED beyond it) and is
audited as ``oprf.evaluated`` with partner, count and epoch — the elements themselves are never
stored or logged. A volume far above the partner's usual hourly volume raises an alert.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable, Iterable
from typing import Protocol

import grpc

from signalmatch import i18n, oprf, transport
from signalmatch.errors import InvalidValue, PermissionDeniedError, ValidationError
from signalmatch.keyholder.store import KeyholderStore, Limits, QuotaExceededError
from signalmatch.v1 import keyholder_pb2, keyholder_pb2_grpc

log = logging.getLogger("signalmatch.keyholder")

MAX_BATCH = 5_000  # blinded elements per EvaluateBatch
ELEMENT_BYTES = 32
SUITE = "OPRFV1-\x01-ristretto255-SHA512"  # RFC 9497 context string of the suite, VOPRF mode


def _utcnow() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)


class Counters(Protocol):
    """Where the servicer counts evaluations and refusals (keyholder.metrics.KeyholderCounters)."""

    def evaluated(self, partner: str, epoch: int, count: int) -> None: ...
    def refused(self, partner: str, reason: str) -> None: ...


class KeyholderServicer(keyholder_pb2_grpc.KeyholderServiceServicer):
    def __init__(
        self,
        table: str,
        partners: tuple[str, ...] | frozenset[str],
        store: KeyholderStore,
        limits: Limits,
        now: Callable[[], datetime.datetime] = _utcnow,
        counters: Counters | None = None,
    ):
        self._counters = counters
        self._table = table
        self._partners = frozenset(partners)
        self._store = store
        self._limits = limits
        self._now = now

    def use_partners(self, partners: Iterable[str]) -> None:
        """The partners of a new directory version (a removed partner is refused at once)."""
        self._partners = frozenset(partners)

    def _partner(self, context: grpc.ServicerContext) -> transport.Identity:
        who = transport.authorize(context, self._table, {"partner"})
        if who.name not in self._partners:
            raise PermissionDeniedError(i18n.t("keyholder.not_member", uri=who.uri))
        return who

    @staticmethod
    def _epoch(epoch: int) -> int:
        if epoch < 1:
            raise ValidationError([InvalidValue("epoch.range", i18n.t("keyholder.epoch")).at("epoch")])
        return epoch

    def GetEpochKey(
        self, request: keyholder_pb2.GetEpochKeyRequest, context: grpc.ServicerContext
    ) -> keyholder_pb2.GetEpochKeyResponse:
        self._partner(context)
        key = self._store.key(self._epoch(request.epoch))
        return keyholder_pb2.GetEpochKeyResponse(epoch=request.epoch, public_key=key.public, suite=SUITE)

    def EvaluateBatch(
        self, request: keyholder_pb2.EvaluateBatchRequest, context: grpc.ServicerContext
    ) -> keyholder_pb2.EvaluateBatchResponse:
        who = self._partner(context)
        epoch = self._epoch(request.epoch)
        elements = list(request.blinded_elements)
        count = len(elements)
        if not 1 <= count <= MAX_BATCH:
            raise ValidationError(
                [
                    InvalidValue("batch.size", i18n.t("keyholder.batch_size", max=MAX_BATCH, count=count)).at(
                        "blinded_elements"
                    )
                ]
            )
        wrong = [i for i, e in enumerate(elements) if len(e) != ELEMENT_BYTES]
        if wrong:
            message = i18n.t("keyholder.element", size=ELEMENT_BYTES)
            raise ValidationError(
                [InvalidValue("element.size", message).at(f"blinded_elements[{i}]") for i in wrong[:10]]
            )
        key = self._store.key(epoch)  # NOT_FOUND for an unknown or destroyed epoch, before counting
        try:
            alert = self._store.record(who.name, who.uri, epoch, count, self._limits, self._now())
        except QuotaExceededError as exc:
            if self._counters is not None:
                self._counters.refused(who.name, "quota")
            log.warning("quota exceeded: partner %s, %d requested, limit %d/h", who.name, count, exc.limit)
            context.abort(grpc.StatusCode.RESOURCE_EXHAUSTED, str(exc))
        if alert is not None:
            log.warning(
                i18n.t(
                    "keyholder.alert",
                    partner=alert.partner,
                    evaluations=alert.evaluations,
                    limit=alert.limit,
                    baseline=f"{alert.baseline:g}",
                )
            )
        try:
            evaluated, proof = oprf.blind_evaluate(key, elements)
        except InvalidValue:  # not a canonical, non-identity ristretto255 encoding
            message = i18n.t("keyholder.element", size=ELEMENT_BYTES)
            raise ValidationError([InvalidValue("element.invalid", message).at("blinded_elements")]) from None
        if self._counters is not None:
            self._counters.evaluated(who.name, epoch, count)
        log.info("evaluated %d elements for partner %s, epoch %d", count, who.name, epoch)
        return keyholder_pb2.EvaluateBatchResponse(epoch=epoch, evaluated_elements=evaluated, proof=proof)
