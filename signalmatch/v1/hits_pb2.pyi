import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from signalmatch.v1 import common_pb2 as _common_pb2
from signalmatch.v1 import submission_pb2 as _submission_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Hit(_message.Message):
    __slots__ = ("name", "status", "referred_to", "status_note", "signals", "links", "partners", "identifier_kinds", "create_time", "update_time")
    NAME_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    REFERRED_TO_FIELD_NUMBER: _ClassVar[int]
    STATUS_NOTE_FIELD_NUMBER: _ClassVar[int]
    SIGNALS_FIELD_NUMBER: _ClassVar[int]
    LINKS_FIELD_NUMBER: _ClassVar[int]
    PARTNERS_FIELD_NUMBER: _ClassVar[int]
    IDENTIFIER_KINDS_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    name: str
    status: _common_pb2.HitStatus
    referred_to: _common_pb2.PartnerKind
    status_note: str
    signals: _containers.RepeatedCompositeFieldContainer[HitSignal]
    links: _containers.RepeatedCompositeFieldContainer[HitLink]
    partners: _containers.RepeatedScalarFieldContainer[str]
    identifier_kinds: _containers.RepeatedScalarFieldContainer[_common_pb2.IdentifierKind]
    create_time: _timestamp_pb2.Timestamp
    update_time: _timestamp_pb2.Timestamp
    def __init__(self, name: _Optional[str] = ..., status: _Optional[_Union[_common_pb2.HitStatus, str]] = ..., referred_to: _Optional[_Union[_common_pb2.PartnerKind, str]] = ..., status_note: _Optional[str] = ..., signals: _Optional[_Iterable[_Union[HitSignal, _Mapping]]] = ..., links: _Optional[_Iterable[_Union[HitLink, _Mapping]]] = ..., partners: _Optional[_Iterable[str]] = ..., identifier_kinds: _Optional[_Iterable[_Union[_common_pb2.IdentifierKind, str]]] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., update_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class HitSignal(_message.Message):
    __slots__ = ("partner", "signal_ref", "metadata", "receive_time")
    PARTNER_FIELD_NUMBER: _ClassVar[int]
    SIGNAL_REF_FIELD_NUMBER: _ClassVar[int]
    METADATA_FIELD_NUMBER: _ClassVar[int]
    RECEIVE_TIME_FIELD_NUMBER: _ClassVar[int]
    partner: str
    signal_ref: str
    metadata: _submission_pb2.SignalMetadata
    receive_time: _timestamp_pb2.Timestamp
    def __init__(self, partner: _Optional[str] = ..., signal_ref: _Optional[str] = ..., metadata: _Optional[_Union[_submission_pb2.SignalMetadata, _Mapping]] = ..., receive_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class HitLink(_message.Message):
    __slots__ = ("signal_ref_a", "signal_ref_b", "kinds", "first_seen", "last_seen", "similar")
    SIGNAL_REF_A_FIELD_NUMBER: _ClassVar[int]
    SIGNAL_REF_B_FIELD_NUMBER: _ClassVar[int]
    KINDS_FIELD_NUMBER: _ClassVar[int]
    FIRST_SEEN_FIELD_NUMBER: _ClassVar[int]
    LAST_SEEN_FIELD_NUMBER: _ClassVar[int]
    SIMILAR_FIELD_NUMBER: _ClassVar[int]
    signal_ref_a: str
    signal_ref_b: str
    kinds: _containers.RepeatedScalarFieldContainer[_common_pb2.IdentifierKind]
    first_seen: _timestamp_pb2.Timestamp
    last_seen: _timestamp_pb2.Timestamp
    similar: _containers.RepeatedCompositeFieldContainer[SimilarityEvidence]
    def __init__(self, signal_ref_a: _Optional[str] = ..., signal_ref_b: _Optional[str] = ..., kinds: _Optional[_Iterable[_Union[_common_pb2.IdentifierKind, str]]] = ..., first_seen: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., last_seen: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., similar: _Optional[_Iterable[_Union[SimilarityEvidence, _Mapping]]] = ...) -> None: ...

class SimilarityEvidence(_message.Message):
    __slots__ = ("kind", "similarity")
    KIND_FIELD_NUMBER: _ClassVar[int]
    SIMILARITY_FIELD_NUMBER: _ClassVar[int]
    kind: _common_pb2.FuzzyKind
    similarity: float
    def __init__(self, kind: _Optional[_Union[_common_pb2.FuzzyKind, str]] = ..., similarity: _Optional[float] = ...) -> None: ...

class ListHitsRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "status", "exploitation_type", "municipality", "partner", "update_period", "create_period", "skip")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    EXPLOITATION_TYPE_FIELD_NUMBER: _ClassVar[int]
    MUNICIPALITY_FIELD_NUMBER: _ClassVar[int]
    PARTNER_FIELD_NUMBER: _ClassVar[int]
    UPDATE_PERIOD_FIELD_NUMBER: _ClassVar[int]
    CREATE_PERIOD_FIELD_NUMBER: _ClassVar[int]
    SKIP_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    status: _common_pb2.HitStatus
    exploitation_type: _common_pb2.ExploitationType
    municipality: str
    partner: str
    update_period: TimePeriod
    create_period: TimePeriod
    skip: int
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., status: _Optional[_Union[_common_pb2.HitStatus, str]] = ..., exploitation_type: _Optional[_Union[_common_pb2.ExploitationType, str]] = ..., municipality: _Optional[str] = ..., partner: _Optional[str] = ..., update_period: _Optional[_Union[TimePeriod, _Mapping]] = ..., create_period: _Optional[_Union[TimePeriod, _Mapping]] = ..., skip: _Optional[int] = ...) -> None: ...

class TimePeriod(_message.Message):
    __slots__ = ("start_time", "end_time")
    START_TIME_FIELD_NUMBER: _ClassVar[int]
    END_TIME_FIELD_NUMBER: _ClassVar[int]
    start_time: _timestamp_pb2.Timestamp
    end_time: _timestamp_pb2.Timestamp
    def __init__(self, start_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., end_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ListHitsResponse(_message.Message):
    __slots__ = ("hits", "next_page_token", "total_size", "status_counts")
    HITS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    TOTAL_SIZE_FIELD_NUMBER: _ClassVar[int]
    STATUS_COUNTS_FIELD_NUMBER: _ClassVar[int]
    hits: _containers.RepeatedCompositeFieldContainer[Hit]
    next_page_token: str
    total_size: int
    status_counts: _containers.RepeatedCompositeFieldContainer[StatusCount]
    def __init__(self, hits: _Optional[_Iterable[_Union[Hit, _Mapping]]] = ..., next_page_token: _Optional[str] = ..., total_size: _Optional[int] = ..., status_counts: _Optional[_Iterable[_Union[StatusCount, _Mapping]]] = ...) -> None: ...

class StatusCount(_message.Message):
    __slots__ = ("status", "count")
    STATUS_FIELD_NUMBER: _ClassVar[int]
    COUNT_FIELD_NUMBER: _ClassVar[int]
    status: _common_pb2.HitStatus
    count: int
    def __init__(self, status: _Optional[_Union[_common_pb2.HitStatus, str]] = ..., count: _Optional[int] = ...) -> None: ...

class GetHitRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class GetHitResponse(_message.Message):
    __slots__ = ("hit",)
    HIT_FIELD_NUMBER: _ClassVar[int]
    hit: Hit
    def __init__(self, hit: _Optional[_Union[Hit, _Mapping]] = ...) -> None: ...

class UpdateHitStatusRequest(_message.Message):
    __slots__ = ("name", "status", "referred_to", "note", "request_id")
    NAME_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    REFERRED_TO_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    name: str
    status: _common_pb2.HitStatus
    referred_to: _common_pb2.PartnerKind
    note: str
    request_id: str
    def __init__(self, name: _Optional[str] = ..., status: _Optional[_Union[_common_pb2.HitStatus, str]] = ..., referred_to: _Optional[_Union[_common_pb2.PartnerKind, str]] = ..., note: _Optional[str] = ..., request_id: _Optional[str] = ...) -> None: ...

class UpdateHitStatusResponse(_message.Message):
    __slots__ = ("hit",)
    HIT_FIELD_NUMBER: _ClassVar[int]
    hit: Hit
    def __init__(self, hit: _Optional[_Union[Hit, _Mapping]] = ...) -> None: ...

class ListPartnerHitsRequest(_message.Message):
    __slots__ = ("page_size", "page_token")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class PartnerHit(_message.Message):
    __slots__ = ("name", "status", "referred_to", "signal_refs", "partner_count", "identifier_kinds", "update_time")
    NAME_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    REFERRED_TO_FIELD_NUMBER: _ClassVar[int]
    SIGNAL_REFS_FIELD_NUMBER: _ClassVar[int]
    PARTNER_COUNT_FIELD_NUMBER: _ClassVar[int]
    IDENTIFIER_KINDS_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    name: str
    status: _common_pb2.HitStatus
    referred_to: _common_pb2.PartnerKind
    signal_refs: _containers.RepeatedScalarFieldContainer[str]
    partner_count: int
    identifier_kinds: _containers.RepeatedScalarFieldContainer[_common_pb2.IdentifierKind]
    update_time: _timestamp_pb2.Timestamp
    def __init__(self, name: _Optional[str] = ..., status: _Optional[_Union[_common_pb2.HitStatus, str]] = ..., referred_to: _Optional[_Union[_common_pb2.PartnerKind, str]] = ..., signal_refs: _Optional[_Iterable[str]] = ..., partner_count: _Optional[int] = ..., identifier_kinds: _Optional[_Iterable[_Union[_common_pb2.IdentifierKind, str]]] = ..., update_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ListPartnerHitsResponse(_message.Message):
    __slots__ = ("hits", "next_page_token")
    HITS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    hits: _containers.RepeatedCompositeFieldContainer[PartnerHit]
    next_page_token: str
    def __init__(self, hits: _Optional[_Iterable[_Union[PartnerHit, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...
