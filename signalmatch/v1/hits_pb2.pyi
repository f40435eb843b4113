import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from signalmatch.v1 import common_pb2 as _common_pb2
from signalmatch.v1 import submission_pb2 as _submission_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class ReviewDecision(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    REVIEW_DECISION_UNSPECIFIED: _ClassVar[ReviewDecision]
    REVIEW_DECISION_CONFIRM: _ClassVar[ReviewDecision]
    REVIEW_DECISION_REJECT: _ClassVar[ReviewDecision]
REVIEW_DECISION_UNSPECIFIED: ReviewDecision
REVIEW_DECISION_CONFIRM: ReviewDecision
REVIEW_DECISION_REJECT: ReviewDecision

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

class ReviewCandidate(_message.Message):
    __slots__ = ("name", "signal_a", "signal_b", "kinds", "similar", "match_weight", "match_probability", "terms", "first_seen", "last_seen", "hit_a", "hit_b")
    NAME_FIELD_NUMBER: _ClassVar[int]
    SIGNAL_A_FIELD_NUMBER: _ClassVar[int]
    SIGNAL_B_FIELD_NUMBER: _ClassVar[int]
    KINDS_FIELD_NUMBER: _ClassVar[int]
    SIMILAR_FIELD_NUMBER: _ClassVar[int]
    MATCH_WEIGHT_FIELD_NUMBER: _ClassVar[int]
    MATCH_PROBABILITY_FIELD_NUMBER: _ClassVar[int]
    TERMS_FIELD_NUMBER: _ClassVar[int]
    FIRST_SEEN_FIELD_NUMBER: _ClassVar[int]
    LAST_SEEN_FIELD_NUMBER: _ClassVar[int]
    HIT_A_FIELD_NUMBER: _ClassVar[int]
    HIT_B_FIELD_NUMBER: _ClassVar[int]
    name: str
    signal_a: HitSignal
    signal_b: HitSignal
    kinds: _containers.RepeatedScalarFieldContainer[_common_pb2.IdentifierKind]
    similar: _containers.RepeatedCompositeFieldContainer[SimilarityEvidence]
    match_weight: float
    match_probability: float
    terms: _containers.RepeatedCompositeFieldContainer[WeightTerm]
    first_seen: _timestamp_pb2.Timestamp
    last_seen: _timestamp_pb2.Timestamp
    hit_a: str
    hit_b: str
    def __init__(self, name: _Optional[str] = ..., signal_a: _Optional[_Union[HitSignal, _Mapping]] = ..., signal_b: _Optional[_Union[HitSignal, _Mapping]] = ..., kinds: _Optional[_Iterable[_Union[_common_pb2.IdentifierKind, str]]] = ..., similar: _Optional[_Iterable[_Union[SimilarityEvidence, _Mapping]]] = ..., match_weight: _Optional[float] = ..., match_probability: _Optional[float] = ..., terms: _Optional[_Iterable[_Union[WeightTerm, _Mapping]]] = ..., first_seen: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., last_seen: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., hit_a: _Optional[str] = ..., hit_b: _Optional[str] = ...) -> None: ...

class WeightTerm(_message.Message):
    __slots__ = ("evidence", "exact", "similarity", "level", "differs", "weight", "agreement")
    EVIDENCE_FIELD_NUMBER: _ClassVar[int]
    EXACT_FIELD_NUMBER: _ClassVar[int]
    SIMILARITY_FIELD_NUMBER: _ClassVar[int]
    LEVEL_FIELD_NUMBER: _ClassVar[int]
    DIFFERS_FIELD_NUMBER: _ClassVar[int]
    WEIGHT_FIELD_NUMBER: _ClassVar[int]
    AGREEMENT_FIELD_NUMBER: _ClassVar[int]
    evidence: str
    exact: bool
    similarity: float
    level: int
    differs: bool
    weight: float
    agreement: str
    def __init__(self, evidence: _Optional[str] = ..., exact: _Optional[bool] = ..., similarity: _Optional[float] = ..., level: _Optional[int] = ..., differs: _Optional[bool] = ..., weight: _Optional[float] = ..., agreement: _Optional[str] = ...) -> None: ...

class LinkageModel(_message.Message):
    __slots__ = ("fit_time", "source", "candidate_pairs", "random_pairs", "prior", "link_probability", "review_probability")
    FIT_TIME_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    CANDIDATE_PAIRS_FIELD_NUMBER: _ClassVar[int]
    RANDOM_PAIRS_FIELD_NUMBER: _ClassVar[int]
    PRIOR_FIELD_NUMBER: _ClassVar[int]
    LINK_PROBABILITY_FIELD_NUMBER: _ClassVar[int]
    REVIEW_PROBABILITY_FIELD_NUMBER: _ClassVar[int]
    fit_time: _timestamp_pb2.Timestamp
    source: str
    candidate_pairs: int
    random_pairs: int
    prior: float
    link_probability: float
    review_probability: float
    def __init__(self, fit_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., source: _Optional[str] = ..., candidate_pairs: _Optional[int] = ..., random_pairs: _Optional[int] = ..., prior: _Optional[float] = ..., link_probability: _Optional[float] = ..., review_probability: _Optional[float] = ...) -> None: ...

class ListReviewCandidatesRequest(_message.Message):
    __slots__ = ("page_size", "page_token")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListReviewCandidatesResponse(_message.Message):
    __slots__ = ("candidates", "next_page_token", "total_size", "model")
    CANDIDATES_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    TOTAL_SIZE_FIELD_NUMBER: _ClassVar[int]
    MODEL_FIELD_NUMBER: _ClassVar[int]
    candidates: _containers.RepeatedCompositeFieldContainer[ReviewCandidate]
    next_page_token: str
    total_size: int
    model: LinkageModel
    def __init__(self, candidates: _Optional[_Iterable[_Union[ReviewCandidate, _Mapping]]] = ..., next_page_token: _Optional[str] = ..., total_size: _Optional[int] = ..., model: _Optional[_Union[LinkageModel, _Mapping]] = ...) -> None: ...

class DecideReviewCandidateRequest(_message.Message):
    __slots__ = ("name", "decision", "reason")
    NAME_FIELD_NUMBER: _ClassVar[int]
    DECISION_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    name: str
    decision: ReviewDecision
    reason: str
    def __init__(self, name: _Optional[str] = ..., decision: _Optional[_Union[ReviewDecision, str]] = ..., reason: _Optional[str] = ...) -> None: ...

class DecideReviewCandidateResponse(_message.Message):
    __slots__ = ("candidate", "hit")
    CANDIDATE_FIELD_NUMBER: _ClassVar[int]
    HIT_FIELD_NUMBER: _ClassVar[int]
    candidate: ReviewCandidate
    hit: str
    def __init__(self, candidate: _Optional[_Union[ReviewCandidate, _Mapping]] = ..., hit: _Optional[str] = ...) -> None: ...

class SignalEvidence(_message.Message):
    __slots__ = ("signal_ref", "identifier_kinds", "similarity_kinds")
    SIGNAL_REF_FIELD_NUMBER: _ClassVar[int]
    IDENTIFIER_KINDS_FIELD_NUMBER: _ClassVar[int]
    SIMILARITY_KINDS_FIELD_NUMBER: _ClassVar[int]
    signal_ref: str
    identifier_kinds: _containers.RepeatedScalarFieldContainer[_common_pb2.IdentifierKind]
    similarity_kinds: _containers.RepeatedScalarFieldContainer[_common_pb2.FuzzyKind]
    def __init__(self, signal_ref: _Optional[str] = ..., identifier_kinds: _Optional[_Iterable[_Union[_common_pb2.IdentifierKind, str]]] = ..., similarity_kinds: _Optional[_Iterable[_Union[_common_pb2.FuzzyKind, str]]] = ...) -> None: ...

class PartnerHit(_message.Message):
    __slots__ = ("name", "status", "referred_to", "signal_refs", "partner_count", "identifier_kinds", "update_time", "signal_evidence")
    NAME_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    REFERRED_TO_FIELD_NUMBER: _ClassVar[int]
    SIGNAL_REFS_FIELD_NUMBER: _ClassVar[int]
    PARTNER_COUNT_FIELD_NUMBER: _ClassVar[int]
    IDENTIFIER_KINDS_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    SIGNAL_EVIDENCE_FIELD_NUMBER: _ClassVar[int]
    name: str
    status: _common_pb2.HitStatus
    referred_to: _common_pb2.PartnerKind
    signal_refs: _containers.RepeatedScalarFieldContainer[str]
    partner_count: int
    identifier_kinds: _containers.RepeatedScalarFieldContainer[_common_pb2.IdentifierKind]
    update_time: _timestamp_pb2.Timestamp
    signal_evidence: _containers.RepeatedCompositeFieldContainer[SignalEvidence]
    def __init__(self, name: _Optional[str] = ..., status: _Optional[_Union[_common_pb2.HitStatus, str]] = ..., referred_to: _Optional[_Union[_common_pb2.PartnerKind, str]] = ..., signal_refs: _Optional[_Iterable[str]] = ..., partner_count: _Optional[int] = ..., identifier_kinds: _Optional[_Iterable[_Union[_common_pb2.IdentifierKind, str]]] = ..., update_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., signal_evidence: _Optional[_Iterable[_Union[SignalEvidence, _Mapping]]] = ...) -> None: ...

class ListPartnerHitsResponse(_message.Message):
    __slots__ = ("hits", "next_page_token")
    HITS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    hits: _containers.RepeatedCompositeFieldContainer[PartnerHit]
    next_page_token: str
    def __init__(self, hits: _Optional[_Iterable[_Union[PartnerHit, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...
