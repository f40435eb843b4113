from signalmatch.v1 import common_pb2 as _common_pb2
from signalmatch.v1 import signal_pb2 as _signal_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class CreateSignalRequest(_message.Message):
    __slots__ = ("request_id", "signal")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    SIGNAL_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    signal: _signal_pb2.Signal
    def __init__(self, request_id: _Optional[str] = ..., signal: _Optional[_Union[_signal_pb2.Signal, _Mapping]] = ...) -> None: ...

class CreateSignalResponse(_message.Message):
    __slots__ = ("signal", "created")
    SIGNAL_FIELD_NUMBER: _ClassVar[int]
    CREATED_FIELD_NUMBER: _ClassVar[int]
    signal: _signal_pb2.Signal
    created: bool
    def __init__(self, signal: _Optional[_Union[_signal_pb2.Signal, _Mapping]] = ..., created: _Optional[bool] = ...) -> None: ...

class ImportSignalsRequest(_message.Message):
    __slots__ = ("sequence", "signal", "items")
    SEQUENCE_FIELD_NUMBER: _ClassVar[int]
    SIGNAL_FIELD_NUMBER: _ClassVar[int]
    ITEMS_FIELD_NUMBER: _ClassVar[int]
    sequence: int
    signal: _signal_pb2.Signal
    items: _containers.RepeatedCompositeFieldContainer[ImportSignalsRequest]
    def __init__(self, sequence: _Optional[int] = ..., signal: _Optional[_Union[_signal_pb2.Signal, _Mapping]] = ..., items: _Optional[_Iterable[_Union[ImportSignalsRequest, _Mapping]]] = ...) -> None: ...

class ImportSignalsResponse(_message.Message):
    __slots__ = ("sequence", "signal_name", "created", "violations", "items")
    SEQUENCE_FIELD_NUMBER: _ClassVar[int]
    SIGNAL_NAME_FIELD_NUMBER: _ClassVar[int]
    CREATED_FIELD_NUMBER: _ClassVar[int]
    VIOLATIONS_FIELD_NUMBER: _ClassVar[int]
    ITEMS_FIELD_NUMBER: _ClassVar[int]
    sequence: int
    signal_name: str
    created: bool
    violations: _containers.RepeatedCompositeFieldContainer[_common_pb2.FieldViolation]
    items: _containers.RepeatedCompositeFieldContainer[ImportSignalsResponse]
    def __init__(self, sequence: _Optional[int] = ..., signal_name: _Optional[str] = ..., created: _Optional[bool] = ..., violations: _Optional[_Iterable[_Union[_common_pb2.FieldViolation, _Mapping]]] = ..., items: _Optional[_Iterable[_Union[ImportSignalsResponse, _Mapping]]] = ...) -> None: ...

class GetSignalRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class GetSignalResponse(_message.Message):
    __slots__ = ("signal",)
    SIGNAL_FIELD_NUMBER: _ClassVar[int]
    signal: _signal_pb2.Signal
    def __init__(self, signal: _Optional[_Union[_signal_pb2.Signal, _Mapping]] = ...) -> None: ...

class ListSignalsRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "state")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    state: _signal_pb2.SignalState
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., state: _Optional[_Union[_signal_pb2.SignalState, str]] = ...) -> None: ...

class ListSignalsResponse(_message.Message):
    __slots__ = ("signals", "next_page_token")
    SIGNALS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    signals: _containers.RepeatedCompositeFieldContainer[_signal_pb2.Signal]
    next_page_token: str
    def __init__(self, signals: _Optional[_Iterable[_Union[_signal_pb2.Signal, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class WithdrawSignalRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class WithdrawSignalResponse(_message.Message):
    __slots__ = ("signal",)
    SIGNAL_FIELD_NUMBER: _ClassVar[int]
    signal: _signal_pb2.Signal
    def __init__(self, signal: _Optional[_Union[_signal_pb2.Signal, _Mapping]] = ...) -> None: ...

class ResubmitSignalRequest(_message.Message):
    __slots__ = ("name", "signal")
    NAME_FIELD_NUMBER: _ClassVar[int]
    SIGNAL_FIELD_NUMBER: _ClassVar[int]
    name: str
    signal: _signal_pb2.Signal
    def __init__(self, name: _Optional[str] = ..., signal: _Optional[_Union[_signal_pb2.Signal, _Mapping]] = ...) -> None: ...

class ResubmitSignalResponse(_message.Message):
    __slots__ = ("signal",)
    SIGNAL_FIELD_NUMBER: _ClassVar[int]
    signal: _signal_pb2.Signal
    def __init__(self, signal: _Optional[_Union[_signal_pb2.Signal, _Mapping]] = ...) -> None: ...

class GetNodeStatusRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class GetNodeStatusResponse(_message.Message):
    __slots__ = ("partner", "signals", "outbox_pending", "batches_acknowledged", "last_error", "operations_rejected", "signals_refused")
    PARTNER_FIELD_NUMBER: _ClassVar[int]
    SIGNALS_FIELD_NUMBER: _ClassVar[int]
    OUTBOX_PENDING_FIELD_NUMBER: _ClassVar[int]
    BATCHES_ACKNOWLEDGED_FIELD_NUMBER: _ClassVar[int]
    LAST_ERROR_FIELD_NUMBER: _ClassVar[int]
    OPERATIONS_REJECTED_FIELD_NUMBER: _ClassVar[int]
    SIGNALS_REFUSED_FIELD_NUMBER: _ClassVar[int]
    partner: str
    signals: int
    outbox_pending: int
    batches_acknowledged: int
    last_error: str
    operations_rejected: int
    signals_refused: int
    def __init__(self, partner: _Optional[str] = ..., signals: _Optional[int] = ..., outbox_pending: _Optional[int] = ..., batches_acknowledged: _Optional[int] = ..., last_error: _Optional[str] = ..., operations_rejected: _Optional[int] = ..., signals_refused: _Optional[int] = ...) -> None: ...
