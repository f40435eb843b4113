import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from signalmatch.v1 import common_pb2 as _common_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class SubmitBatchRequest(_message.Message):
    __slots__ = ("batch", "signature")
    BATCH_FIELD_NUMBER: _ClassVar[int]
    SIGNATURE_FIELD_NUMBER: _ClassVar[int]
    batch: bytes
    signature: bytes
    def __init__(self, batch: _Optional[bytes] = ..., signature: _Optional[bytes] = ...) -> None: ...

class SubmitBatchResponse(_message.Message):
    __slots__ = ("receipt", "signature")
    RECEIPT_FIELD_NUMBER: _ClassVar[int]
    SIGNATURE_FIELD_NUMBER: _ClassVar[int]
    receipt: bytes
    signature: bytes
    def __init__(self, receipt: _Optional[bytes] = ..., signature: _Optional[bytes] = ...) -> None: ...

class SignalBatch(_message.Message):
    __slots__ = ("batch_id", "table", "partner", "create_time", "operations")
    BATCH_ID_FIELD_NUMBER: _ClassVar[int]
    TABLE_FIELD_NUMBER: _ClassVar[int]
    PARTNER_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    OPERATIONS_FIELD_NUMBER: _ClassVar[int]
    batch_id: str
    table: str
    partner: str
    create_time: _timestamp_pb2.Timestamp
    operations: _containers.RepeatedCompositeFieldContainer[BatchOperation]
    def __init__(self, batch_id: _Optional[str] = ..., table: _Optional[str] = ..., partner: _Optional[str] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., operations: _Optional[_Iterable[_Union[BatchOperation, _Mapping]]] = ...) -> None: ...

class BatchOperation(_message.Message):
    __slots__ = ("submit", "withdraw")
    SUBMIT_FIELD_NUMBER: _ClassVar[int]
    WITHDRAW_FIELD_NUMBER: _ClassVar[int]
    submit: PseudonymisedSignal
    withdraw: str
    def __init__(self, submit: _Optional[_Union[PseudonymisedSignal, _Mapping]] = ..., withdraw: _Optional[str] = ...) -> None: ...

class PseudonymisedSignal(_message.Message):
    __slots__ = ("signal_ref", "epoch", "tokens", "metadata", "encodings")
    SIGNAL_REF_FIELD_NUMBER: _ClassVar[int]
    EPOCH_FIELD_NUMBER: _ClassVar[int]
    TOKENS_FIELD_NUMBER: _ClassVar[int]
    METADATA_FIELD_NUMBER: _ClassVar[int]
    ENCODINGS_FIELD_NUMBER: _ClassVar[int]
    signal_ref: str
    epoch: int
    tokens: _containers.RepeatedCompositeFieldContainer[Token]
    metadata: SignalMetadata
    encodings: _containers.RepeatedCompositeFieldContainer[FuzzyEncoding]
    def __init__(self, signal_ref: _Optional[str] = ..., epoch: _Optional[int] = ..., tokens: _Optional[_Iterable[_Union[Token, _Mapping]]] = ..., metadata: _Optional[_Union[SignalMetadata, _Mapping]] = ..., encodings: _Optional[_Iterable[_Union[FuzzyEncoding, _Mapping]]] = ...) -> None: ...

class FuzzyEncoding(_message.Message):
    __slots__ = ("kind", "bits", "blocks", "epoch")
    KIND_FIELD_NUMBER: _ClassVar[int]
    BITS_FIELD_NUMBER: _ClassVar[int]
    BLOCKS_FIELD_NUMBER: _ClassVar[int]
    EPOCH_FIELD_NUMBER: _ClassVar[int]
    kind: _common_pb2.FuzzyKind
    bits: bytes
    blocks: _containers.RepeatedScalarFieldContainer[bytes]
    epoch: int
    def __init__(self, kind: _Optional[_Union[_common_pb2.FuzzyKind, str]] = ..., bits: _Optional[bytes] = ..., blocks: _Optional[_Iterable[bytes]] = ..., epoch: _Optional[int] = ...) -> None: ...

class Token(_message.Message):
    __slots__ = ("kind", "value", "epoch")
    KIND_FIELD_NUMBER: _ClassVar[int]
    VALUE_FIELD_NUMBER: _ClassVar[int]
    EPOCH_FIELD_NUMBER: _ClassVar[int]
    kind: _common_pb2.IdentifierKind
    value: bytes
    epoch: int
    def __init__(self, kind: _Optional[_Union[_common_pb2.IdentifierKind, str]] = ..., value: _Optional[bytes] = ..., epoch: _Optional[int] = ...) -> None: ...

class SignalMetadata(_message.Message):
    __slots__ = ("exploitation_types", "municipality", "month", "subject_roles")
    EXPLOITATION_TYPES_FIELD_NUMBER: _ClassVar[int]
    MUNICIPALITY_FIELD_NUMBER: _ClassVar[int]
    MONTH_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_ROLES_FIELD_NUMBER: _ClassVar[int]
    exploitation_types: _containers.RepeatedScalarFieldContainer[_common_pb2.ExploitationType]
    municipality: str
    month: str
    subject_roles: _containers.RepeatedScalarFieldContainer[_common_pb2.SubjectRole]
    def __init__(self, exploitation_types: _Optional[_Iterable[_Union[_common_pb2.ExploitationType, str]]] = ..., municipality: _Optional[str] = ..., month: _Optional[str] = ..., subject_roles: _Optional[_Iterable[_Union[_common_pb2.SubjectRole, str]]] = ...) -> None: ...

class BatchReceipt(_message.Message):
    __slots__ = ("batch_id", "table", "partner", "batch_sha256", "submitted", "withdrawn", "receive_time", "log_index", "checkpoint", "rejected")
    BATCH_ID_FIELD_NUMBER: _ClassVar[int]
    TABLE_FIELD_NUMBER: _ClassVar[int]
    PARTNER_FIELD_NUMBER: _ClassVar[int]
    BATCH_SHA256_FIELD_NUMBER: _ClassVar[int]
    SUBMITTED_FIELD_NUMBER: _ClassVar[int]
    WITHDRAWN_FIELD_NUMBER: _ClassVar[int]
    RECEIVE_TIME_FIELD_NUMBER: _ClassVar[int]
    LOG_INDEX_FIELD_NUMBER: _ClassVar[int]
    CHECKPOINT_FIELD_NUMBER: _ClassVar[int]
    REJECTED_FIELD_NUMBER: _ClassVar[int]
    batch_id: str
    table: str
    partner: str
    batch_sha256: bytes
    submitted: int
    withdrawn: int
    receive_time: _timestamp_pb2.Timestamp
    log_index: int
    checkpoint: str
    rejected: _containers.RepeatedCompositeFieldContainer[RejectedOperation]
    def __init__(self, batch_id: _Optional[str] = ..., table: _Optional[str] = ..., partner: _Optional[str] = ..., batch_sha256: _Optional[bytes] = ..., submitted: _Optional[int] = ..., withdrawn: _Optional[int] = ..., receive_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., log_index: _Optional[int] = ..., checkpoint: _Optional[str] = ..., rejected: _Optional[_Iterable[_Union[RejectedOperation, _Mapping]]] = ...) -> None: ...

class RejectedOperation(_message.Message):
    __slots__ = ("index", "signal_ref", "violations")
    INDEX_FIELD_NUMBER: _ClassVar[int]
    SIGNAL_REF_FIELD_NUMBER: _ClassVar[int]
    VIOLATIONS_FIELD_NUMBER: _ClassVar[int]
    index: int
    signal_ref: str
    violations: _containers.RepeatedCompositeFieldContainer[_common_pb2.FieldViolation]
    def __init__(self, index: _Optional[int] = ..., signal_ref: _Optional[str] = ..., violations: _Optional[_Iterable[_Union[_common_pb2.FieldViolation, _Mapping]]] = ...) -> None: ...
