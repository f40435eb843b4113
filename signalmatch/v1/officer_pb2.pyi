import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from signalmatch.v1 import disclosure_pb2 as _disclosure_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class ReviewState(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    REVIEW_STATE_UNSPECIFIED: _ClassVar[ReviewState]
    REVIEW_STATE_PENDING: _ClassVar[ReviewState]
    REVIEW_STATE_APPROVED: _ClassVar[ReviewState]
    REVIEW_STATE_REFUSED: _ClassVar[ReviewState]
    REVIEW_STATE_EXPIRED: _ClassVar[ReviewState]
REVIEW_STATE_UNSPECIFIED: ReviewState
REVIEW_STATE_PENDING: ReviewState
REVIEW_STATE_APPROVED: ReviewState
REVIEW_STATE_REFUSED: ReviewState
REVIEW_STATE_EXPIRED: ReviewState

class DisclosureReview(_message.Message):
    __slots__ = ("name", "request", "state", "decided_by", "reason", "decide_time", "delivered", "preview")
    NAME_FIELD_NUMBER: _ClassVar[int]
    REQUEST_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    DECIDED_BY_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    DECIDE_TIME_FIELD_NUMBER: _ClassVar[int]
    DELIVERED_FIELD_NUMBER: _ClassVar[int]
    PREVIEW_FIELD_NUMBER: _ClassVar[int]
    name: str
    request: _disclosure_pb2.Disclosure
    state: ReviewState
    decided_by: str
    reason: str
    decide_time: _timestamp_pb2.Timestamp
    delivered: bool
    preview: _disclosure_pb2.DisclosurePayload
    def __init__(self, name: _Optional[str] = ..., request: _Optional[_Union[_disclosure_pb2.Disclosure, _Mapping]] = ..., state: _Optional[_Union[ReviewState, str]] = ..., decided_by: _Optional[str] = ..., reason: _Optional[str] = ..., decide_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., delivered: _Optional[bool] = ..., preview: _Optional[_Union[_disclosure_pb2.DisclosurePayload, _Mapping]] = ...) -> None: ...

class ListDisclosureReviewsRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "state")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    state: ReviewState
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., state: _Optional[_Union[ReviewState, str]] = ...) -> None: ...

class ListDisclosureReviewsResponse(_message.Message):
    __slots__ = ("reviews", "next_page_token")
    REVIEWS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    reviews: _containers.RepeatedCompositeFieldContainer[DisclosureReview]
    next_page_token: str
    def __init__(self, reviews: _Optional[_Iterable[_Union[DisclosureReview, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class GetDisclosureReviewRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class GetDisclosureReviewResponse(_message.Message):
    __slots__ = ("review",)
    REVIEW_FIELD_NUMBER: _ClassVar[int]
    review: DisclosureReview
    def __init__(self, review: _Optional[_Union[DisclosureReview, _Mapping]] = ...) -> None: ...

class DecideDisclosureRequest(_message.Message):
    __slots__ = ("name", "approve", "reason")
    NAME_FIELD_NUMBER: _ClassVar[int]
    APPROVE_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    name: str
    approve: bool
    reason: str
    def __init__(self, name: _Optional[str] = ..., approve: _Optional[bool] = ..., reason: _Optional[str] = ...) -> None: ...

class DecideDisclosureResponse(_message.Message):
    __slots__ = ("review",)
    REVIEW_FIELD_NUMBER: _ClassVar[int]
    review: DisclosureReview
    def __init__(self, review: _Optional[_Union[DisclosureReview, _Mapping]] = ...) -> None: ...

class ListReceiptsRequest(_message.Message):
    __slots__ = ("page_size", "page_token")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class StoredReceipt(_message.Message):
    __slots__ = ("receipt", "signature")
    RECEIPT_FIELD_NUMBER: _ClassVar[int]
    SIGNATURE_FIELD_NUMBER: _ClassVar[int]
    receipt: bytes
    signature: bytes
    def __init__(self, receipt: _Optional[bytes] = ..., signature: _Optional[bytes] = ...) -> None: ...

class ListReceiptsResponse(_message.Message):
    __slots__ = ("receipts", "next_page_token")
    RECEIPTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    receipts: _containers.RepeatedCompositeFieldContainer[StoredReceipt]
    next_page_token: str
    def __init__(self, receipts: _Optional[_Iterable[_Union[StoredReceipt, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class LookupSubjectRequest(_message.Message):
    __slots__ = ("bsn", "phones", "emails", "given_names", "surname", "date_of_birth", "postcode", "house_number", "addition")
    BSN_FIELD_NUMBER: _ClassVar[int]
    PHONES_FIELD_NUMBER: _ClassVar[int]
    EMAILS_FIELD_NUMBER: _ClassVar[int]
    GIVEN_NAMES_FIELD_NUMBER: _ClassVar[int]
    SURNAME_FIELD_NUMBER: _ClassVar[int]
    DATE_OF_BIRTH_FIELD_NUMBER: _ClassVar[int]
    POSTCODE_FIELD_NUMBER: _ClassVar[int]
    HOUSE_NUMBER_FIELD_NUMBER: _ClassVar[int]
    ADDITION_FIELD_NUMBER: _ClassVar[int]
    bsn: str
    phones: _containers.RepeatedScalarFieldContainer[str]
    emails: _containers.RepeatedScalarFieldContainer[str]
    given_names: str
    surname: str
    date_of_birth: str
    postcode: str
    house_number: str
    addition: str
    def __init__(self, bsn: _Optional[str] = ..., phones: _Optional[_Iterable[str]] = ..., emails: _Optional[_Iterable[str]] = ..., given_names: _Optional[str] = ..., surname: _Optional[str] = ..., date_of_birth: _Optional[str] = ..., postcode: _Optional[str] = ..., house_number: _Optional[str] = ..., addition: _Optional[str] = ...) -> None: ...

class SubjectSignal(_message.Message):
    __slots__ = ("signal_ref", "external_id", "create_time", "state", "hits", "matched_on")
    SIGNAL_REF_FIELD_NUMBER: _ClassVar[int]
    EXTERNAL_ID_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    HITS_FIELD_NUMBER: _ClassVar[int]
    MATCHED_ON_FIELD_NUMBER: _ClassVar[int]
    signal_ref: str
    external_id: str
    create_time: _timestamp_pb2.Timestamp
    state: str
    hits: _containers.RepeatedScalarFieldContainer[str]
    matched_on: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, signal_ref: _Optional[str] = ..., external_id: _Optional[str] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., state: _Optional[str] = ..., hits: _Optional[_Iterable[str]] = ..., matched_on: _Optional[_Iterable[str]] = ...) -> None: ...

class SubjectDisclosure(_message.Message):
    __slots__ = ("disclosure", "hit", "state", "recipients", "purpose", "legal_basis", "decide_time")
    DISCLOSURE_FIELD_NUMBER: _ClassVar[int]
    HIT_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    RECIPIENTS_FIELD_NUMBER: _ClassVar[int]
    PURPOSE_FIELD_NUMBER: _ClassVar[int]
    LEGAL_BASIS_FIELD_NUMBER: _ClassVar[int]
    DECIDE_TIME_FIELD_NUMBER: _ClassVar[int]
    disclosure: str
    hit: str
    state: ReviewState
    recipients: _containers.RepeatedScalarFieldContainer[str]
    purpose: str
    legal_basis: str
    decide_time: _timestamp_pb2.Timestamp
    def __init__(self, disclosure: _Optional[str] = ..., hit: _Optional[str] = ..., state: _Optional[_Union[ReviewState, str]] = ..., recipients: _Optional[_Iterable[str]] = ..., purpose: _Optional[str] = ..., legal_basis: _Optional[str] = ..., decide_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class LookupSubjectResponse(_message.Message):
    __slots__ = ("signals", "disclosures")
    SIGNALS_FIELD_NUMBER: _ClassVar[int]
    DISCLOSURES_FIELD_NUMBER: _ClassVar[int]
    signals: _containers.RepeatedCompositeFieldContainer[SubjectSignal]
    disclosures: _containers.RepeatedCompositeFieldContainer[SubjectDisclosure]
    def __init__(self, signals: _Optional[_Iterable[_Union[SubjectSignal, _Mapping]]] = ..., disclosures: _Optional[_Iterable[_Union[SubjectDisclosure, _Mapping]]] = ...) -> None: ...
