"""gRPC IntakeService of a node: thin translation between protobuf and node.intake / node.vault.

Only the partner's own operators (certificate spiffe://<table>/operator/<partner>) may call it.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterator
from typing import Any

import grpc

from signalmatch import clock, enums, i18n, protocol, transport
from signalmatch.errors import SignalmatchError, ValidationError, Violation
from signalmatch.node.intake import Intake
from signalmatch.node.signal import from_proto, to_proto
from signalmatch.node.vault import (
    Actor,
    FeedbackHit,
    StoredSignal,
    Vault,
)
from signalmatch.v1 import common_pb2, intake_pb2, intake_pb2_grpc, signal_pb2

IMPORT_GROUP = 200




def signal_message(stored: StoredSignal) -> signal_pb2.Signal:
    msg = to_proto(stored.signal) if stored.signal is not None else signal_pb2.Signal()
    msg.name = f"signals/{stored.ref}"
    msg.state = enums.number(signal_pb2.SignalState, stored.state)
    msg.create_time.CopyFrom(clock.to_timestamp(stored.create_time))
    msg.hits.extend(stored.hits)
    msg.hit_feedback.extend(feedback_message(f) for f in stored.feedback)
    if stored.refusal is not None:
        msg.refusal.violations.extend(
            common_pb2.FieldViolation(field=v.field, rule=v.rule, description=v.description)
            for v in stored.refusal.violations
        )
        msg.refusal.refuse_time.CopyFrom(clock.to_timestamp(stored.refusal.time))
    return msg


def feedback_message(hit: FeedbackHit) -> signal_pb2.HitFeedback:
    """The table's feedback on one hit, as the node last polled it from the matcher."""
    return signal_pb2.HitFeedback(
        hit=hit.hit,
        status=enums.number(common_pb2.HitStatus, hit.status),
        referred_to=enums.number(common_pb2.PartnerKind, hit.referred_to),
        partner_count=hit.partner_count,
        identifier_kinds=[enums.number(common_pb2.IdentifierKind, k) for k in hit.kinds],
        update_time=clock.to_timestamp(hit.update_time),
    )


def parse_name(name: str, field: str = "name") -> str:
    ref = name.removeprefix("signals/")
    if not name.startswith("signals/") or not ref.isalnum():
        raise ValidationError([Violation(field, "name.format", "expected signals/{signal_ref}")])
    return ref


def page_size(value: int) -> int:
    """A request's page_size for the node's listings: the protocol's default and maximum."""
    return protocol.page_size(value)


def arrived_groups(iterator: Iterator, limit: int, size: Callable[[Any], int] = lambda item: 1) -> Iterator[list]:
    """Yield the items of a blocking iterator in groups: whatever has arrived, until their `size`s
    add up to `limit` (a group has at least one item).

    A reader thread drains the iterator into a queue; each group waits for one item and then takes
    what is already there. Errors of the iterator (a cancelled call) end the groups.
    """
    items: queue.Queue = queue.Queue(maxsize=limit * 4)
    done = object()
    failed: list[Exception] = []  # what ended the iterator, unless the call was cancelled
    stopped = threading.Event()  # the consumer went away: the reader must not block forever

    def put(item: object) -> bool:
        while not stopped.is_set():
            try:
                items.put(item, timeout=0.5)
                return True
            except queue.Full:
                continue
        return False

    def read() -> None:
        try:
            for item in iterator:
                if not put(item):
                    return
        except grpc.RpcError:  # the call was cancelled; the handler ends with it
            pass
        except Exception as exc:  # e.g. an item that is no request at all: the handler raises it
            failed.append(exc)
        finally:
            put(done)

    threading.Thread(target=read, name="import-reader", daemon=True).start()
    try:
        while True:
            first = items.get()
            if first is done:
                if failed:
                    raise failed[0]
                return
            group = [first]
            total = size(first)
            while total < limit:
                try:
                    item = items.get_nowait()
                except queue.Empty:
                    break
                if item is done:
                    yield group
                    if failed:
                        raise failed[0]
                    return
                group.append(item)
                total += size(item)
            yield group
    finally:
        stopped.set()


def import_items(request: intake_pb2.ImportSignalsRequest) -> list[intake_pb2.ImportSignalsRequest]:
    """The items of one ImportSignals request: itself, or its items (each without items of its own,
    and then no signal of its own beside them); ValidationError for a request that is neither."""
    if not request.items:
        return [request]
    if request.HasField("signal") or request.sequence:
        raise ValidationError([Violation("items", "import.items.mixed", i18n.t("node.service.import.items.mixed"))])
    if any(item.items for item in request.items):
        raise ValidationError([Violation("items", "import.items.nested", i18n.t("node.service.import.items.nested"))])
    return list(request.items)


def import_result(
    item: intake_pb2.ImportSignalsRequest, result: tuple[str, bool] | SignalmatchError
) -> intake_pb2.ImportSignalsResponse:
    """The answer to one imported item: its signal's name, or why it was refused."""
    if isinstance(result, ValidationError):
        violations = result.violations
    elif isinstance(result, SignalmatchError):
        violations = (Violation("external_id", "external_id.conflict", str(result)),)
    else:
        return intake_pb2.ImportSignalsResponse(
            sequence=item.sequence, signal_name=f"signals/{result[0]}", created=result[1]
        )
    return intake_pb2.ImportSignalsResponse(
        sequence=item.sequence,
        violations=[
            common_pb2.FieldViolation(field=v.field, rule=v.rule, description=v.description) for v in violations
        ],
    )


class IntakeServicer(intake_pb2_grpc.IntakeServiceServicer):
    def __init__(self, table: str, partner: str, intake: Intake, vault: Vault, status: Callable[[], str]):
        self._table = table
        self._partner = partner
        self._intake = intake
        self._vault = vault
        self._status = status  # callable -> last outbox error

    def _authorize(self, context: grpc.ServicerContext) -> Actor:
        who = transport.authorize(context, self._table, {"operator"}, self._partner)
        return Actor(org=self._partner, role=who.role, user=who.uri)

    def CreateSignal(
        self, request: intake_pb2.CreateSignalRequest, context: grpc.ServicerContext
    ) -> intake_pb2.CreateSignalResponse:
        actor = self._authorize(context)
        stored, created = self._intake.create(from_proto(request.signal), actor, request.request_id)
        return intake_pb2.CreateSignalResponse(signal=signal_message(stored), created=created)

    def ImportSignals(
        self, request_iterator: Iterator[intake_pb2.ImportSignalsRequest], context: grpc.ServicerContext
    ) -> Iterator[intake_pb2.ImportSignalsResponse]:
        """Items are taken in groups of what has arrived (about IMPORT_GROUP items) and committed
        together, IMPORT_GROUP at a time; a response is sent only after its items are durably
        stored. A request carries one item (sequence, signal) or several (items): see intake.proto."""
        actor = self._authorize(context)
        for group in arrived_groups(request_iterator, IMPORT_GROUP, lambda r: len(r.items) or 1):
            items = [item for request in group for item in import_items(request)]
            results: list[tuple[str, bool] | SignalmatchError] = []
            for start in range(0, len(items), IMPORT_GROUP):
                chunk = items[start : start + IMPORT_GROUP]
                results += self._intake.create_many([(from_proto(r.signal), "") for r in chunk], actor)
            answers = iter(zip(items, results, strict=True))
            for request in group:
                if request.items:
                    yield intake_pb2.ImportSignalsResponse(items=[import_result(*next(answers)) for _ in request.items])
                else:
                    yield import_result(*next(answers))

    def GetSignal(
        self, request: intake_pb2.GetSignalRequest, context: grpc.ServicerContext
    ) -> intake_pb2.GetSignalResponse:
        """Shows a raw signal to the operator: audited ("signal.viewed") in the node's own log."""
        actor = self._authorize(context)
        stored = self._vault.view(parse_name(request.name), clock.now(), actor)
        return intake_pb2.GetSignalResponse(signal=signal_message(stored))

    def ListSignals(
        self, request: intake_pb2.ListSignalsRequest, context: grpc.ServicerContext
    ) -> intake_pb2.ListSignalsResponse:
        """Shows raw signals to the operator: each page audited ("signals.listed", the refs)."""
        actor = self._authorize(context)
        size = page_size(request.page_size)
        if request.state and not enums.known(signal_pb2.SignalState, request.state):
            raise ValidationError([Violation("state", "state.unknown", i18n.t("node.service.state.unknown"))])
        state = enums.short(signal_pb2.SignalState, request.state)
        signals, token = self._vault.browse(size, request.page_token, clock.now(), actor, state)
        return intake_pb2.ListSignalsResponse(
            signals=[signal_message(s) for s in signals], next_page_token=token
        )

    def WithdrawSignal(
        self, request: intake_pb2.WithdrawSignalRequest, context: grpc.ServicerContext
    ) -> intake_pb2.WithdrawSignalResponse:
        actor = self._authorize(context)
        ref = parse_name(request.name)
        return intake_pb2.WithdrawSignalResponse(signal=signal_message(self._intake.withdraw(ref, actor)))

    def ResubmitSignal(
        self, request: intake_pb2.ResubmitSignalRequest, context: grpc.ServicerContext
    ) -> intake_pb2.ResubmitSignalResponse:
        """A signal the matcher refused, corrected by the staff (or as stored), queued again."""
        actor = self._authorize(context)
        ref = parse_name(request.name)
        signal = from_proto(request.signal) if request.HasField("signal") else None
        return intake_pb2.ResubmitSignalResponse(signal=signal_message(self._intake.resubmit(ref, signal, actor)))

    def GetNodeStatus(
        self, request: intake_pb2.GetNodeStatusRequest, context: grpc.ServicerContext
    ) -> intake_pb2.GetNodeStatusResponse:
        self._authorize(context)
        signals, acked = self._vault.counts()
        return intake_pb2.GetNodeStatusResponse(
            partner=self._partner,
            signals=signals,
            outbox_pending=self._vault.outbox_pending(),
            batches_acknowledged=acked,
            last_error=self._status(),  # the current cause only; refused signals say their own
            operations_rejected=self._vault.rejected_operations(),
            signals_refused=self._vault.refused_count(),
        )

