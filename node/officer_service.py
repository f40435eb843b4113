"""gRPC OfficerService of a node: the partner's privacy officer decides on disclosure requests.

Served on the node's intake port, for ``spiffe://<table>/officer/<this partner>`` only. Thin: it
translates between protobuf and node.reviews; ListReceipts and LookupSubject delegate to
node.receipts and node.subject.
"""

from __future__ import annotations

from collections.abc import Callable

import grpc

from signalmatch import clock, enums, i18n, transport
from signalmatch.errors import InvalidValue, UnavailableError, ValidationError
from signalmatch.node import disclosure, receipts, subject
from signalmatch.node.pseudonymise import TokenKey
from signalmatch.node.reviews import APPROVED, PENDING, Decider, Review, Reviews
from signalmatch.node.service import page_size
from signalmatch.node.vault import Actor, Vault
from signalmatch.protocol import REFUSAL_REASONS
from signalmatch.v1 import disclosure_pb2, officer_pb2, officer_pb2_grpc


def review_message(
    review: Review, preview: disclosure_pb2.DisclosurePayload | None = None
) -> officer_pb2.DisclosureReview:
    msg = officer_pb2.DisclosureReview(
        name=review.name,
        request=review.request,
        state=enums.number(officer_pb2.ReviewState, review.state),
        decided_by=review.decided_by,
        reason=review.reason,
        delivered=review.delivered,
    )
    if review.decide_time:
        msg.decide_time.CopyFrom(clock.to_timestamp(review.decide_time))
    if preview is not None:
        msg.preview.CopyFrom(preview)
    return msg


class OfficerServicer(officer_pb2_grpc.OfficerServiceServicer):
    def __init__(
        self,
        table: str,
        partner: str,
        reviews: Reviews,
        vault: Vault,
        token_key: TokenKey | None,
        on_decided: Callable[[], None] = lambda: None,
    ):
        self._table = table
        self._partner = partner
        self._reviews = reviews
        self._vault = vault
        self._token_key = token_key
        self._on_decided = on_decided


    def use_key(self, token_key: TokenKey | None) -> None:
        """The current key epoch's token key (a new epoch while serving); None until dealt."""
        self._token_key = token_key
    def _authorize(self, context: grpc.ServicerContext) -> transport.Identity:
        return transport.authorize(context, self._table, {"officer"}, self._partner)

    def ListDisclosureReviews(
        self, request: officer_pb2.ListDisclosureReviewsRequest, context: grpc.ServicerContext
    ) -> officer_pb2.ListDisclosureReviewsResponse:
        who = self._authorize(context)
        if request.state and not enums.known(officer_pb2.ReviewState, request.state):
            raise ValidationError([InvalidValue("state.unknown", i18n.t("node.officer.state.unknown")).at("state")])
        reviews, token = self._reviews.list_reviews(
            clock.now(), page_size(request.page_size), request.page_token, enums.short(officer_pb2.ReviewState, request.state), who.uri
        )
        return officer_pb2.ListDisclosureReviewsResponse(
            reviews=[review_message(r) for r in reviews], next_page_token=token
        )

    def GetDisclosureReview(
        self, request: officer_pb2.GetDisclosureReviewRequest, context: grpc.ServicerContext
    ) -> officer_pb2.GetDisclosureReviewResponse:
        identity = self._authorize(context)
        disclosure.check_name(request.name)
        now = clock.now()
        review = self._reviews.get(request.name, now)
        # The preview is what approval sends: while it is still to be decided or to be sent. It
        # shows personal data, so showing it is audited (disclosure.previewed), for CLI and web alike.
        preview = None
        if review.state == PENDING or (review.state == APPROVED and not review.delivered):
            preview = self._reviews.preview(review, Actor(self._partner, "officer", identity.uri), now)
        return officer_pb2.GetDisclosureReviewResponse(review=review_message(review, preview))

    def DecideDisclosure(
        self, request: officer_pb2.DecideDisclosureRequest, context: grpc.ServicerContext
    ) -> officer_pb2.DecideDisclosureResponse:
        identity = self._authorize(context)
        disclosure.check_name(request.name)
        reason = request.reason.strip()
        if not request.approve and reason not in REFUSAL_REASONS:
            raise ValidationError(
                [
                    InvalidValue(
                        "reason.required", i18n.t("node.officer.reason.required", choices=", ".join(REFUSAL_REASONS))
                    ).at("reason")
                ]
            )
        review = self._reviews.decide(
            request.name, request.approve, reason, Decider("officer", identity.uri), clock.now()
        )
        self._on_decided()
        return officer_pb2.DecideDisclosureResponse(review=review_message(review))

    def ListReceipts(
        self, request: officer_pb2.ListReceiptsRequest, context: grpc.ServicerContext
    ) -> officer_pb2.ListReceiptsResponse:
        who = self._authorize(context)
        return receipts.list_receipts(self._vault, request.page_size, request.page_token, who.uri)

    def LookupSubject(
        self, request: officer_pb2.LookupSubjectRequest, context: grpc.ServicerContext
    ) -> officer_pb2.LookupSubjectResponse:
        identity = self._authorize(context)
        actor = Actor(self._partner, "officer", identity.uri)
        if self._token_key is None:
            raise UnavailableError(i18n.t("intake.no_secret"))
        return subject.lookup(self._vault, self._token_key, request, actor)
