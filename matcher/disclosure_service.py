"""DisclosureService: thin translation between protobuf and matcher/disclosure.py (rules) and
matcher/disclosure_store.py (the store).

Chairs create, list, read and report opening; partner nodes list, read, answer and report
opening. Roles come from the client certificate (transport.authorize); everyone else is refused.
"""

from __future__ import annotations

import grpc

from signalmatch import clock, enums, i18n, transport
from signalmatch.errors import ValidationError, Violation
from signalmatch.matcher.disclosure import (
    Answer,
    AnswerIn,
    Disclosure,
    ListFilter,
    Sealed,
    parse_disclosure_name,
    validate_request,
)
from signalmatch.matcher.disclosure_store import Disclosures
from signalmatch.requests import parse_hit_name
from signalmatch.transport import Identity
from signalmatch.v1 import disclosure_pb2, disclosure_pb2_grpc

_CHAIR = {"chair"}
_PARTNER = {"partner"}
_BOTH = {"chair", "partner"}


def category_name(value: int) -> str:
    """Short name of a DataCategory value; "" for UNSPECIFIED or an unknown number."""
    return enums.short(disclosure_pb2.DataCategory, value) if enums.known(disclosure_pb2.DataCategory, value) else ""


def category_value(name: str) -> disclosure_pb2.DataCategory:
    return enums.number(disclosure_pb2.DataCategory, name)


def state_name(value: int) -> str:
    if value not in disclosure_pb2.AnswerState.values():
        raise ValidationError([Violation("state", "disclosure.state.unknown", i18n.t("disclosure.state.unknown"))])
    return enums.short(disclosure_pb2.AnswerState, value)


def state_value(name: str) -> disclosure_pb2.AnswerState:
    return enums.number(disclosure_pb2.AnswerState, name)


def answer_message(answer: Answer) -> disclosure_pb2.PartnerAnswer:
    return disclosure_pb2.PartnerAnswer(
        partner=answer.partner,
        state=state_value(answer.state),
        reason=answer.reason,
        signal_refs=answer.signal_refs,
        decide_time=clock.to_timestamp(answer.decide_time),
        sealed=[disclosure_pb2.SealedPayload(recipient=s.recipient, ciphertext=s.ciphertext) for s in answer.sealed],
    )


def disclosure_message(d: Disclosure) -> disclosure_pb2.Disclosure:
    return disclosure_pb2.Disclosure(
        name=d.name,
        hit=f"hits/{d.hit_id}",
        requester=d.requester,
        categories=[category_value(c) for c in d.categories],
        purpose=d.purpose,
        legal_basis=d.legal_basis,
        answers=[answer_message(a) for a in d.answers],
        recipients=d.recipients,
        create_time=clock.to_timestamp(d.create_time),
        expire_time=clock.to_timestamp(d.expire_time),
    )


class DisclosureServicer(disclosure_pb2_grpc.DisclosureServiceServicer):
    def __init__(self, disclosures: Disclosures):
        self._d = disclosures
        self._table = disclosures.table

    def _who(self, context: grpc.ServicerContext, roles: set[str]) -> Identity:
        return transport.authorize(context, self._table, roles)

    def CreateDisclosure(
        self, request: disclosure_pb2.CreateDisclosureRequest, context: grpc.ServicerContext
    ) -> disclosure_pb2.CreateDisclosureResponse:
        who = self._who(context, _CHAIR)
        parsed = validate_request(
            hit=request.hit,
            partners=list(request.partners),
            categories=[category_name(c) for c in request.categories],
            purpose=request.purpose,
            legal_basis=request.legal_basis,
            request_id=request.request_id,
            policy=self._d.policy,
        )
        disclosure = self._d.create(who, parsed, given_partners=list(request.partners))
        return disclosure_pb2.CreateDisclosureResponse(disclosure=disclosure_message(disclosure))

    def GetDisclosure(
        self, request: disclosure_pb2.GetDisclosureRequest, context: grpc.ServicerContext
    ) -> disclosure_pb2.GetDisclosureResponse:
        who = self._who(context, _BOTH)
        disclosure = self._d.get(who, parse_disclosure_name(request.name))
        return disclosure_pb2.GetDisclosureResponse(disclosure=disclosure_message(disclosure))

    def ListDisclosures(
        self, request: disclosure_pb2.ListDisclosuresRequest, context: grpc.ServicerContext
    ) -> disclosure_pb2.ListDisclosuresResponse:
        who = self._who(context, _BOTH)
        flt = ListFilter(
            hit_id=parse_hit_name(request.hit, "hit") if request.hit else None,
            state=state_name(request.state),
        )
        found, token = self._d.list_disclosures(who, flt, request.page_size, request.page_token)
        return disclosure_pb2.ListDisclosuresResponse(
            disclosures=[disclosure_message(d) for d in found], next_page_token=token
        )

    def RecordDisclosureOpened(
        self, request: disclosure_pb2.RecordDisclosureOpenedRequest, context: grpc.ServicerContext
    ) -> disclosure_pb2.RecordDisclosureOpenedResponse:
        who = self._who(context, _BOTH)
        self._d.record_opened(who, parse_disclosure_name(request.name), list(request.partners))
        return disclosure_pb2.RecordDisclosureOpenedResponse()

    def AnswerDisclosure(
        self, request: disclosure_pb2.AnswerDisclosureRequest, context: grpc.ServicerContext
    ) -> disclosure_pb2.AnswerDisclosureResponse:
        who = self._who(context, _PARTNER)
        answer = AnswerIn(
            approve=request.approve,
            reason=request.reason,
            sealed=tuple(Sealed(s.recipient, s.ciphertext) for s in request.sealed),
        )
        disclosure = self._d.answer(who, parse_disclosure_name(request.name), answer)
        return disclosure_pb2.AnswerDisclosureResponse(disclosure=disclosure_message(disclosure))

