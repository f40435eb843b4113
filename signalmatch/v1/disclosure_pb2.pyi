import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from signalmatch.v1 import signal_pb2 as _signal_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class DataCategory(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    DATA_CATEGORY_UNSPECIFIED: _ClassVar[DataCategory]
    DATA_CATEGORY_PERSONS: _ClassVar[DataCategory]
    DATA_CATEGORY_IDENTITY_NUMBERS: _ClassVar[DataCategory]
    DATA_CATEGORY_CONTACT_DETAILS: _ClassVar[DataCategory]
    DATA_CATEGORY_ADDRESSES: _ClassVar[DataCategory]
    DATA_CATEGORY_VEHICLES: _ClassVar[DataCategory]
    DATA_CATEGORY_COMPANIES: _ClassVar[DataCategory]
    DATA_CATEGORY_ADVERTS: _ClassVar[DataCategory]
    DATA_CATEGORY_CIRCUMSTANCES: _ClassVar[DataCategory]
    DATA_CATEGORY_EXPLANATION: _ClassVar[DataCategory]

class AnswerState(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ANSWER_STATE_UNSPECIFIED: _ClassVar[AnswerState]
    ANSWER_STATE_PENDING: _ClassVar[AnswerState]
    ANSWER_STATE_APPROVED: _ClassVar[AnswerState]
    ANSWER_STATE_REFUSED: _ClassVar[AnswerState]
    ANSWER_STATE_EXPIRED: _ClassVar[AnswerState]
DATA_CATEGORY_UNSPECIFIED: DataCategory
DATA_CATEGORY_PERSONS: DataCategory
DATA_CATEGORY_IDENTITY_NUMBERS: DataCategory
DATA_CATEGORY_CONTACT_DETAILS: DataCategory
DATA_CATEGORY_ADDRESSES: DataCategory
DATA_CATEGORY_VEHICLES: DataCategory
DATA_CATEGORY_COMPANIES: DataCategory
DATA_CATEGORY_ADVERTS: DataCategory
DATA_CATEGORY_CIRCUMSTANCES: DataCategory
DATA_CATEGORY_EXPLANATION: DataCategory
ANSWER_STATE_UNSPECIFIED: AnswerState
ANSWER_STATE_PENDING: AnswerState
ANSWER_STATE_APPROVED: AnswerState
ANSWER_STATE_REFUSED: AnswerState
ANSWER_STATE_EXPIRED: AnswerState

class Disclosure(_message.Message):
    __slots__ = ("name", "hit", "requester", "categories", "purpose", "legal_basis", "answers", "recipients", "create_time", "expire_time")
    NAME_FIELD_NUMBER: _ClassVar[int]
    HIT_FIELD_NUMBER: _ClassVar[int]
    REQUESTER_FIELD_NUMBER: _ClassVar[int]
    CATEGORIES_FIELD_NUMBER: _ClassVar[int]
    PURPOSE_FIELD_NUMBER: _ClassVar[int]
    LEGAL_BASIS_FIELD_NUMBER: _ClassVar[int]
    ANSWERS_FIELD_NUMBER: _ClassVar[int]
    RECIPIENTS_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    EXPIRE_TIME_FIELD_NUMBER: _ClassVar[int]
    name: str
    hit: str
    requester: str
    categories: _containers.RepeatedScalarFieldContainer[DataCategory]
    purpose: str
    legal_basis: str
    answers: _containers.RepeatedCompositeFieldContainer[PartnerAnswer]
    recipients: _containers.RepeatedScalarFieldContainer[str]
    create_time: _timestamp_pb2.Timestamp
    expire_time: _timestamp_pb2.Timestamp
    def __init__(self, name: _Optional[str] = ..., hit: _Optional[str] = ..., requester: _Optional[str] = ..., categories: _Optional[_Iterable[_Union[DataCategory, str]]] = ..., purpose: _Optional[str] = ..., legal_basis: _Optional[str] = ..., answers: _Optional[_Iterable[_Union[PartnerAnswer, _Mapping]]] = ..., recipients: _Optional[_Iterable[str]] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., expire_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class PartnerAnswer(_message.Message):
    __slots__ = ("partner", "state", "reason", "signal_refs", "decide_time", "sealed")
    PARTNER_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    SIGNAL_REFS_FIELD_NUMBER: _ClassVar[int]
    DECIDE_TIME_FIELD_NUMBER: _ClassVar[int]
    SEALED_FIELD_NUMBER: _ClassVar[int]
    partner: str
    state: AnswerState
    reason: str
    signal_refs: _containers.RepeatedScalarFieldContainer[str]
    decide_time: _timestamp_pb2.Timestamp
    sealed: _containers.RepeatedCompositeFieldContainer[SealedPayload]
    def __init__(self, partner: _Optional[str] = ..., state: _Optional[_Union[AnswerState, str]] = ..., reason: _Optional[str] = ..., signal_refs: _Optional[_Iterable[str]] = ..., decide_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., sealed: _Optional[_Iterable[_Union[SealedPayload, _Mapping]]] = ...) -> None: ...

class SealedPayload(_message.Message):
    __slots__ = ("recipient", "ciphertext")
    RECIPIENT_FIELD_NUMBER: _ClassVar[int]
    CIPHERTEXT_FIELD_NUMBER: _ClassVar[int]
    recipient: str
    ciphertext: bytes
    def __init__(self, recipient: _Optional[str] = ..., ciphertext: _Optional[bytes] = ...) -> None: ...

class DisclosurePayload(_message.Message):
    __slots__ = ("disclosure", "partner", "categories", "signals")
    DISCLOSURE_FIELD_NUMBER: _ClassVar[int]
    PARTNER_FIELD_NUMBER: _ClassVar[int]
    CATEGORIES_FIELD_NUMBER: _ClassVar[int]
    SIGNALS_FIELD_NUMBER: _ClassVar[int]
    disclosure: str
    partner: str
    categories: _containers.RepeatedScalarFieldContainer[DataCategory]
    signals: _containers.RepeatedCompositeFieldContainer[DisclosedSignal]
    def __init__(self, disclosure: _Optional[str] = ..., partner: _Optional[str] = ..., categories: _Optional[_Iterable[_Union[DataCategory, str]]] = ..., signals: _Optional[_Iterable[_Union[DisclosedSignal, _Mapping]]] = ...) -> None: ...

class DisclosedSignal(_message.Message):
    __slots__ = ("signal_ref", "signal")
    SIGNAL_REF_FIELD_NUMBER: _ClassVar[int]
    SIGNAL_FIELD_NUMBER: _ClassVar[int]
    signal_ref: str
    signal: _signal_pb2.Signal
    def __init__(self, signal_ref: _Optional[str] = ..., signal: _Optional[_Union[_signal_pb2.Signal, _Mapping]] = ...) -> None: ...

class CreateDisclosureRequest(_message.Message):
    __slots__ = ("hit", "partners", "categories", "purpose", "legal_basis", "request_id")
    HIT_FIELD_NUMBER: _ClassVar[int]
    PARTNERS_FIELD_NUMBER: _ClassVar[int]
    CATEGORIES_FIELD_NUMBER: _ClassVar[int]
    PURPOSE_FIELD_NUMBER: _ClassVar[int]
    LEGAL_BASIS_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    hit: str
    partners: _containers.RepeatedScalarFieldContainer[str]
    categories: _containers.RepeatedScalarFieldContainer[DataCategory]
    purpose: str
    legal_basis: str
    request_id: str
    def __init__(self, hit: _Optional[str] = ..., partners: _Optional[_Iterable[str]] = ..., categories: _Optional[_Iterable[_Union[DataCategory, str]]] = ..., purpose: _Optional[str] = ..., legal_basis: _Optional[str] = ..., request_id: _Optional[str] = ...) -> None: ...

class CreateDisclosureResponse(_message.Message):
    __slots__ = ("disclosure",)
    DISCLOSURE_FIELD_NUMBER: _ClassVar[int]
    disclosure: Disclosure
    def __init__(self, disclosure: _Optional[_Union[Disclosure, _Mapping]] = ...) -> None: ...

class GetDisclosureRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class GetDisclosureResponse(_message.Message):
    __slots__ = ("disclosure",)
    DISCLOSURE_FIELD_NUMBER: _ClassVar[int]
    disclosure: Disclosure
    def __init__(self, disclosure: _Optional[_Union[Disclosure, _Mapping]] = ...) -> None: ...

class ListDisclosuresRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "hit", "state")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    HIT_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    hit: str
    state: AnswerState
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., hit: _Optional[str] = ..., state: _Optional[_Union[AnswerState, str]] = ...) -> None: ...

class ListDisclosuresResponse(_message.Message):
    __slots__ = ("disclosures", "next_page_token")
    DISCLOSURES_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    disclosures: _containers.RepeatedCompositeFieldContainer[Disclosure]
    next_page_token: str
    def __init__(self, disclosures: _Optional[_Iterable[_Union[Disclosure, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class RecordDisclosureOpenedRequest(_message.Message):
    __slots__ = ("name", "partners")
    NAME_FIELD_NUMBER: _ClassVar[int]
    PARTNERS_FIELD_NUMBER: _ClassVar[int]
    name: str
    partners: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, name: _Optional[str] = ..., partners: _Optional[_Iterable[str]] = ...) -> None: ...

class RecordDisclosureOpenedResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class AnswerDisclosureRequest(_message.Message):
    __slots__ = ("name", "approve", "reason", "sealed")
    NAME_FIELD_NUMBER: _ClassVar[int]
    APPROVE_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    SEALED_FIELD_NUMBER: _ClassVar[int]
    name: str
    approve: bool
    reason: str
    sealed: _containers.RepeatedCompositeFieldContainer[SealedPayload]
    def __init__(self, name: _Optional[str] = ..., approve: _Optional[bool] = ..., reason: _Optional[str] = ..., sealed: _Optional[_Iterable[_Union[SealedPayload, _Mapping]]] = ...) -> None: ...

class AnswerDisclosureResponse(_message.Message):
    __slots__ = ("disclosure",)
    DISCLOSURE_FIELD_NUMBER: _ClassVar[int]
    disclosure: Disclosure
    def __init__(self, disclosure: _Optional[_Union[Disclosure, _Mapping]] = ...) -> None: ...
