"""Background thread of the node: fetch disclosure requests, decide by policy, deliver answers.

Every few seconds (or at once when woken after a decision) one round:

1. pull: ``ListDisclosures(state=PENDING)`` at the matcher (only requests addressed to this
   partner); each new one is checked against the table's policy and directory and stored as a
   review. An invalid request is refused automatically (rule ``invalid-request``); a valid one
   that an auto-approve rule covers is approved in the same transaction.
2. expire: pending reviews past their expire time become expired.
3. push: every decided, undelivered answer is sent with ``AnswerDisclosure``. An approval is
   sealed now, per recipient, from what the vault holds now. If the matcher refuses an answer
   with FAILED_PRECONDITION (it may already hold it: a reply lost before a crash), the node looks
   the disclosure up: its own answer there in the decided state means delivered; anything else
   (e.g. expired at the matcher first) marks the answer undeliverable.

Errors back off exponentially (with jitter) up to `max_backoff`; decisions wait in the vault
meanwhile, so nothing decided is lost when the matcher or the node goes down.
"""

from __future__ import annotations

import logging

import grpc

from signalmatch import clock, crypto
from signalmatch.config import ChairInfo, PartnerInfo, TablePolicy
from signalmatch.directory import Directory
from signalmatch.node import disclosure
from signalmatch.node.reviews import APPROVED, Decider, Review, Reviews
from signalmatch.node.worker import Worker
from signalmatch.v1 import disclosure_pb2, disclosure_pb2_grpc

log = logging.getLogger("signalmatch.node.disclosure")

INVALID_REQUEST_RULE = "invalid-request"
PAGE = 200
# Answers the matcher will never take, whatever we retry.
_FINAL = (grpc.StatusCode.NOT_FOUND, grpc.StatusCode.INVALID_ARGUMENT)


class DisclosureSync(Worker):
    name = "disclosures"

    def __init__(
        self,
        reviews: Reviews,
        channel: grpc.Channel,
        encryption_key: crypto.BoxPrivateKey,
        partners: dict[str, PartnerInfo],
        chairs: dict[str, ChairInfo],
        table_policy: TablePolicy,
        policy: disclosure.DisclosurePolicy,
        interval: float = 3.0,
        max_backoff: float = 30.0,
    ):
        self.reviews = reviews
        self.partner = reviews.partner
        self._stub = disclosure_pb2_grpc.DisclosureServiceStub(channel)
        self._key = encryption_key
        self._partners = partners
        self._chairs = chairs
        self._table_policy = table_policy
        self._policy = policy
        super().__init__(interval=interval, max_backoff=max_backoff)

    def use_members(self, d: Directory) -> None:
        """The partners, chairs and table policy of a new directory version (no restart)."""
        from signalmatch.config import ChairInfo, PartnerInfo

        self._partners = {
            p.id: PartnerInfo(p.id, p.kind, p.signing_public_key, p.encryption_public_key) for p in d.partners.values()
        }
        self._chairs = {
            c.name: ChairInfo(c.name, c.signing_public_key, c.encryption_public_key) for c in d.chairs.values()
        }
        self._table_policy = d.policy

    def round(self) -> None:
        self.sync_once()

    def sync_once(self) -> None:
        self.pull()
        self.reviews.expire(clock.now())
        self.push()

    # -- pull ------------------------------------------------------------------------------------

    def pull(self) -> int:
        """Store new pending requests; returns how many were new."""
        new = 0
        token = ""
        while True:
            page = self._stub.ListDisclosures(
                disclosure_pb2.ListDisclosuresRequest(
                    page_size=PAGE, page_token=token, state=disclosure_pb2.ANSWER_STATE_PENDING
                ),
                timeout=30,
            )
            for request in page.disclosures:
                if not disclosure.well_named(request):
                    log.warning("ignored a disclosure request with a malformed name or hit")
                    continue
                if self.reviews.receive(request, clock.now(), self._automatic(request)):
                    new += 1
                    log.info("disclosure request %s received", request.name)
            token = page.next_page_token
            if not token:
                return new

    def _automatic(self, request: disclosure_pb2.Disclosure) -> tuple[bool, str, Decider] | None:
        node = f"node/{self.partner}"
        violations = disclosure.check_request(request, self.partner, self._table_policy, self._partners, self._chairs)
        if violations:
            rules = ", ".join(sorted({v.rule for v in violations}))
            log.warning("disclosure request %s refused automatically: %s", request.name, rules)
            return False, "ongeldig-verzoek", Decider("system", node, INVALID_REQUEST_RULE)
        rule = self._policy.match(request.categories, request.legal_basis, request.purpose)
        if rule is not None:
            return True, "", Decider("system", node, rule.id)
        return None

    # -- push ------------------------------------------------------------------------------------

    def push(self) -> int:
        """Send every decided, undelivered answer; returns how many the matcher took."""
        sent = 0
        for review in self.reviews.undelivered(clock.now()):
            answer, refs = self._answer(review)
            try:
                self._stub.AnswerDisclosure(answer, timeout=30)
            except grpc.RpcError as exc:
                if exc.code() == grpc.StatusCode.FAILED_PRECONDITION and self._matcher_has(review):
                    pass  # taken before, its reply lost
                elif exc.code() in (grpc.StatusCode.FAILED_PRECONDITION, *_FINAL):
                    log.warning("answer to %s undeliverable: %s", review.name, exc.code().name)
                    self.reviews.mark_undeliverable(review.name, exc.code().name.lower(), clock.now())
                    continue
                else:
                    raise
            self.reviews.mark_delivered(review.name, refs, clock.now())
            log.info("answer to %s delivered (%s)", review.name, review.state)
            sent += 1
        return sent

    def _answer(self, review: Review) -> tuple[disclosure_pb2.AnswerDisclosureRequest, tuple[str, ...]]:
        if review.state != APPROVED:
            refs = review.signal_refs(self.partner)
            return disclosure_pb2.AnswerDisclosureRequest(name=review.name, approve=False, reason=review.reason), refs
        payload = self.reviews.payload(review)
        keys = disclosure.recipient_keys(review.request.recipients, self._partners, self._chairs)
        answer = disclosure_pb2.AnswerDisclosureRequest(name=review.name, approve=True)
        for recipient, key in keys.items():
            answer.sealed.add(recipient=recipient, ciphertext=disclosure.seal(payload, self._key, key))
        return answer, tuple(s.signal_ref for s in payload.signals)

    def _matcher_has(self, review: Review) -> bool:
        """Whether the matcher already holds this node's answer to `review` as decided."""
        want = disclosure_pb2.ANSWER_STATE_APPROVED if review.state == APPROVED else disclosure_pb2.ANSWER_STATE_REFUSED
        token = ""
        while True:
            page = self._stub.ListDisclosures(
                disclosure_pb2.ListDisclosuresRequest(page_size=PAGE, page_token=token, hit=review.request.hit),
                timeout=30,
            )
            for found in page.disclosures:
                if found.name == review.name:
                    return any(a.partner == self.partner and a.state == want for a in found.answers)
            token = page.next_page_token
            if not token:
                return False
