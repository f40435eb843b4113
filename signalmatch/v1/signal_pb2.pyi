import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from signalmatch.v1 import common_pb2 as _common_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class SignalState(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SIGNAL_STATE_UNSPECIFIED: _ClassVar[SignalState]
    SIGNAL_STATE_PENDING: _ClassVar[SignalState]
    SIGNAL_STATE_SUBMITTED: _ClassVar[SignalState]
    SIGNAL_STATE_WITHDRAWN: _ClassVar[SignalState]
    SIGNAL_STATE_REFUSED: _ClassVar[SignalState]
SIGNAL_STATE_UNSPECIFIED: SignalState
SIGNAL_STATE_PENDING: SignalState
SIGNAL_STATE_SUBMITTED: SignalState
SIGNAL_STATE_WITHDRAWN: SignalState
SIGNAL_STATE_REFUSED: SignalState

class Signal(_message.Message):
    __slots__ = ("name", "external_id", "observed_at", "municipality", "place", "reporter", "exploitation_types", "explanation", "persons", "addresses", "vehicles", "companies", "adverts", "state", "create_time", "hits", "hit_feedback", "refusal")
    NAME_FIELD_NUMBER: _ClassVar[int]
    EXTERNAL_ID_FIELD_NUMBER: _ClassVar[int]
    OBSERVED_AT_FIELD_NUMBER: _ClassVar[int]
    MUNICIPALITY_FIELD_NUMBER: _ClassVar[int]
    PLACE_FIELD_NUMBER: _ClassVar[int]
    REPORTER_FIELD_NUMBER: _ClassVar[int]
    EXPLOITATION_TYPES_FIELD_NUMBER: _ClassVar[int]
    EXPLANATION_FIELD_NUMBER: _ClassVar[int]
    PERSONS_FIELD_NUMBER: _ClassVar[int]
    ADDRESSES_FIELD_NUMBER: _ClassVar[int]
    VEHICLES_FIELD_NUMBER: _ClassVar[int]
    COMPANIES_FIELD_NUMBER: _ClassVar[int]
    ADVERTS_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    HITS_FIELD_NUMBER: _ClassVar[int]
    HIT_FEEDBACK_FIELD_NUMBER: _ClassVar[int]
    REFUSAL_FIELD_NUMBER: _ClassVar[int]
    name: str
    external_id: str
    observed_at: str
    municipality: str
    place: str
    reporter: Reporter
    exploitation_types: _containers.RepeatedScalarFieldContainer[_common_pb2.ExploitationType]
    explanation: str
    persons: _containers.RepeatedCompositeFieldContainer[Person]
    addresses: _containers.RepeatedCompositeFieldContainer[Address]
    vehicles: _containers.RepeatedCompositeFieldContainer[Vehicle]
    companies: _containers.RepeatedCompositeFieldContainer[Company]
    adverts: _containers.RepeatedCompositeFieldContainer[Advert]
    state: SignalState
    create_time: _timestamp_pb2.Timestamp
    hits: _containers.RepeatedScalarFieldContainer[str]
    hit_feedback: _containers.RepeatedCompositeFieldContainer[HitFeedback]
    refusal: SignalRefusal
    def __init__(self, name: _Optional[str] = ..., external_id: _Optional[str] = ..., observed_at: _Optional[str] = ..., municipality: _Optional[str] = ..., place: _Optional[str] = ..., reporter: _Optional[_Union[Reporter, _Mapping]] = ..., exploitation_types: _Optional[_Iterable[_Union[_common_pb2.ExploitationType, str]]] = ..., explanation: _Optional[str] = ..., persons: _Optional[_Iterable[_Union[Person, _Mapping]]] = ..., addresses: _Optional[_Iterable[_Union[Address, _Mapping]]] = ..., vehicles: _Optional[_Iterable[_Union[Vehicle, _Mapping]]] = ..., companies: _Optional[_Iterable[_Union[Company, _Mapping]]] = ..., adverts: _Optional[_Iterable[_Union[Advert, _Mapping]]] = ..., state: _Optional[_Union[SignalState, str]] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., hits: _Optional[_Iterable[str]] = ..., hit_feedback: _Optional[_Iterable[_Union[HitFeedback, _Mapping]]] = ..., refusal: _Optional[_Union[SignalRefusal, _Mapping]] = ...) -> None: ...

class SignalRefusal(_message.Message):
    __slots__ = ("violations", "refuse_time")
    VIOLATIONS_FIELD_NUMBER: _ClassVar[int]
    REFUSE_TIME_FIELD_NUMBER: _ClassVar[int]
    violations: _containers.RepeatedCompositeFieldContainer[_common_pb2.FieldViolation]
    refuse_time: _timestamp_pb2.Timestamp
    def __init__(self, violations: _Optional[_Iterable[_Union[_common_pb2.FieldViolation, _Mapping]]] = ..., refuse_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class HitFeedback(_message.Message):
    __slots__ = ("hit", "status", "referred_to", "partner_count", "identifier_kinds", "update_time")
    HIT_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    REFERRED_TO_FIELD_NUMBER: _ClassVar[int]
    PARTNER_COUNT_FIELD_NUMBER: _ClassVar[int]
    IDENTIFIER_KINDS_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    hit: str
    status: _common_pb2.HitStatus
    referred_to: _common_pb2.PartnerKind
    partner_count: int
    identifier_kinds: _containers.RepeatedScalarFieldContainer[_common_pb2.IdentifierKind]
    update_time: _timestamp_pb2.Timestamp
    def __init__(self, hit: _Optional[str] = ..., status: _Optional[_Union[_common_pb2.HitStatus, str]] = ..., referred_to: _Optional[_Union[_common_pb2.PartnerKind, str]] = ..., partner_count: _Optional[int] = ..., identifier_kinds: _Optional[_Iterable[_Union[_common_pb2.IdentifierKind, str]]] = ..., update_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class Reporter(_message.Message):
    __slots__ = ("name", "contact")
    NAME_FIELD_NUMBER: _ClassVar[int]
    CONTACT_FIELD_NUMBER: _ClassVar[int]
    name: str
    contact: str
    def __init__(self, name: _Optional[str] = ..., contact: _Optional[str] = ...) -> None: ...

class Person(_message.Message):
    __slots__ = ("role", "given_names", "surname", "date_of_birth", "bsn", "phones", "emails")
    ROLE_FIELD_NUMBER: _ClassVar[int]
    GIVEN_NAMES_FIELD_NUMBER: _ClassVar[int]
    SURNAME_FIELD_NUMBER: _ClassVar[int]
    DATE_OF_BIRTH_FIELD_NUMBER: _ClassVar[int]
    BSN_FIELD_NUMBER: _ClassVar[int]
    PHONES_FIELD_NUMBER: _ClassVar[int]
    EMAILS_FIELD_NUMBER: _ClassVar[int]
    role: _common_pb2.SubjectRole
    given_names: str
    surname: str
    date_of_birth: str
    bsn: str
    phones: _containers.RepeatedScalarFieldContainer[str]
    emails: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, role: _Optional[_Union[_common_pb2.SubjectRole, str]] = ..., given_names: _Optional[str] = ..., surname: _Optional[str] = ..., date_of_birth: _Optional[str] = ..., bsn: _Optional[str] = ..., phones: _Optional[_Iterable[str]] = ..., emails: _Optional[_Iterable[str]] = ...) -> None: ...

class Address(_message.Message):
    __slots__ = ("street", "house_number", "addition", "postcode", "city")
    STREET_FIELD_NUMBER: _ClassVar[int]
    HOUSE_NUMBER_FIELD_NUMBER: _ClassVar[int]
    ADDITION_FIELD_NUMBER: _ClassVar[int]
    POSTCODE_FIELD_NUMBER: _ClassVar[int]
    CITY_FIELD_NUMBER: _ClassVar[int]
    street: str
    house_number: str
    addition: str
    postcode: str
    city: str
    def __init__(self, street: _Optional[str] = ..., house_number: _Optional[str] = ..., addition: _Optional[str] = ..., postcode: _Optional[str] = ..., city: _Optional[str] = ...) -> None: ...

class Vehicle(_message.Message):
    __slots__ = ("kenteken",)
    KENTEKEN_FIELD_NUMBER: _ClassVar[int]
    kenteken: str
    def __init__(self, kenteken: _Optional[str] = ...) -> None: ...

class Company(_message.Message):
    __slots__ = ("name", "kvk", "ibans")
    NAME_FIELD_NUMBER: _ClassVar[int]
    KVK_FIELD_NUMBER: _ClassVar[int]
    IBANS_FIELD_NUMBER: _ClassVar[int]
    name: str
    kvk: str
    ibans: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, name: _Optional[str] = ..., kvk: _Optional[str] = ..., ibans: _Optional[_Iterable[str]] = ...) -> None: ...

class Advert(_message.Message):
    __slots__ = ("url",)
    URL_FIELD_NUMBER: _ClassVar[int]
    url: str
    def __init__(self, url: _Optional[str] = ...) -> None: ...
