"""gRPC IntakeService of a node: thin translation between protobuf and node.intake / node.vault.

Only the partner's own operators (certificate spiffe://<table>/operator/<partner>) may call it.
"""

from __future__ import annotations

import grpc

from node.intake import Intake
from node.signal import from_proto, to_proto
from node.vault import STATE_PENDING, STATE_SUBMITTED, STATE_WITHDRAWN, StoredSignal, Vault
from signalmatch import clock, transport
from signalmatch.errors import ValidationError, Violation
from signalmatch.v1 import common_pb2, intake_pb2, intake_pb2_grpc, signal_pb2

MAX_PAGE = 500
DEFAULT_PAGE = 50

_STATES = {
    STATE_PENDING: signal_pb2.SIGNAL_STATE_PENDING,
    STATE_SUBMITTED: signal_pb2.SIGNAL_STATE_SUBMITTED,
    STATE_WITHDRAWN: signal_pb2.SIGNAL_STATE_WITHDRAWN,
}


def signal_message(stored: StoredSignal) -> signal_pb2.Signal:
    msg = to_proto(stored.signal) if stored.signal is not None else signal_pb2.Signal()
    msg.name = f"signals/{stored.ref}"
    msg.state = _STATES[stored.state]
    msg.create_time.CopyFrom(clock.to_timestamp(stored.create_time))
    msg.hits.extend(stored.hits)
    return msg


def parse_name(name: str, field: str = "name") -> str:
    ref = name.removeprefix("signals/")
    if not name.startswith("signals/") or not ref.isalnum():
        raise ValidationError([Violation(field, "name.format", "expected signals/{signal_ref}")])
    return ref


def page_size(value: int) -> int:
    if value < 0:
        raise ValidationError([Violation("page_size", "page_size.range", "must be 0 or more")])
    return min(value or DEFAULT_PAGE, MAX_PAGE)


class IntakeServicer(intake_pb2_grpc.IntakeServiceServicer):
    def __init__(self, table: str, partner: str, intake: Intake, vault: Vault, status):
        self._table = table
        self._partner = partner
        self._intake = intake
        self._vault = vault
        self._status = status  # callable -> last outbox error

    def _authorize(self, context: grpc.ServicerContext) -> None:
        transport.authorize(context, self._table, {"operator"}, self._partner)

    def CreateSignal(self, request, context):
        self._authorize(context)
        stored, created = self._intake.create(from_proto(request.signal), request.request_id)
        return intake_pb2.CreateSignalResponse(signal=signal_message(stored), created=created)

    def ImportSignals(self, request_iterator, context):
        self._authorize(context)
        for request in request_iterator:
            try:
                stored, created = self._intake.create(from_proto(request.signal))
            except ValidationError as exc:
                yield intake_pb2.ImportSignalsResponse(
                    sequence=request.sequence,
                    violations=[
                        common_pb2.FieldViolation(field=v.field, rule=v.rule, description=v.description)
                        for v in exc.violations
                    ],
                )
                continue
            yield intake_pb2.ImportSignalsResponse(
                sequence=request.sequence, signal_name=f"signals/{stored.ref}", created=created
            )

    def GetSignal(self, request, context):
        self._authorize(context)
        return intake_pb2.GetSignalResponse(signal=signal_message(self._vault.get(parse_name(request.name))))

    def ListSignals(self, request, context):
        self._authorize(context)
        signals, token = self._vault.list(page_size(request.page_size), request.page_token)
        return intake_pb2.ListSignalsResponse(
            signals=[signal_message(s) for s in signals], next_page_token=token
        )

    def WithdrawSignal(self, request, context):
        self._authorize(context)
        ref = parse_name(request.name)
        return intake_pb2.WithdrawSignalResponse(signal=signal_message(self._intake.withdraw(ref)))

    def GetNodeStatus(self, request, context):
        self._authorize(context)
        signals, acked = self._vault.counts()
        return intake_pb2.GetNodeStatusResponse(
            partner=self._partner,
            signals=signals,
            outbox_pending=self._vault.outbox_pending(),
            batches_acknowledged=acked,
            last_error=self._status(),
        )

