from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Optional as _Optional

DESCRIPTOR: _descriptor.FileDescriptor

class ExploitationType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    EXPLOITATION_TYPE_UNSPECIFIED: _ClassVar[ExploitationType]
    EXPLOITATION_TYPE_SEKSUELE_UITBUITING: _ClassVar[ExploitationType]
    EXPLOITATION_TYPE_ARBEIDSUITBUITING: _ClassVar[ExploitationType]
    EXPLOITATION_TYPE_CRIMINELE_UITBUITING: _ClassVar[ExploitationType]
    EXPLOITATION_TYPE_GEDWONGEN_ORGAANVERWIJDERING: _ClassVar[ExploitationType]
    EXPLOITATION_TYPE_OVERIG: _ClassVar[ExploitationType]
    EXPLOITATION_TYPE_ONBEKEND: _ClassVar[ExploitationType]

class SubjectRole(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SUBJECT_ROLE_UNSPECIFIED: _ClassVar[SubjectRole]
    SUBJECT_ROLE_MOGELIJK_SLACHTOFFER: _ClassVar[SubjectRole]
    SUBJECT_ROLE_MOGELIJKE_DADER: _ClassVar[SubjectRole]
    SUBJECT_ROLE_BETROKKENE: _ClassVar[SubjectRole]

class IdentifierKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    IDENTIFIER_KIND_UNSPECIFIED: _ClassVar[IdentifierKind]
    IDENTIFIER_KIND_BSN: _ClassVar[IdentifierKind]
    IDENTIFIER_KIND_PHONE: _ClassVar[IdentifierKind]
    IDENTIFIER_KIND_EMAIL: _ClassVar[IdentifierKind]
    IDENTIFIER_KIND_ADDRESS: _ClassVar[IdentifierKind]
    IDENTIFIER_KIND_KENTEKEN: _ClassVar[IdentifierKind]
    IDENTIFIER_KIND_KVK: _ClassVar[IdentifierKind]
    IDENTIFIER_KIND_IBAN: _ClassVar[IdentifierKind]
    IDENTIFIER_KIND_URL: _ClassVar[IdentifierKind]
    IDENTIFIER_KIND_NAME_DOB: _ClassVar[IdentifierKind]

class FuzzyKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    FUZZY_KIND_UNSPECIFIED: _ClassVar[FuzzyKind]
    FUZZY_KIND_PERSON: _ClassVar[FuzzyKind]
    FUZZY_KIND_ADDRESS: _ClassVar[FuzzyKind]
    FUZZY_KIND_PERSON_FIELDS: _ClassVar[FuzzyKind]
    FUZZY_KIND_ADDRESS_FIELDS: _ClassVar[FuzzyKind]

class HitStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    HIT_STATUS_UNSPECIFIED: _ClassVar[HitStatus]
    HIT_STATUS_NIEUW: _ClassVar[HitStatus]
    HIT_STATUS_IN_BEHANDELING: _ClassVar[HitStatus]
    HIT_STATUS_INFO_OPGEVRAAGD: _ClassVar[HitStatus]
    HIT_STATUS_BESPROKEN: _ClassVar[HitStatus]
    HIT_STATUS_DOORGELEID: _ClassVar[HitStatus]
    HIT_STATUS_AFGESLOTEN: _ClassVar[HitStatus]

class PartnerKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    PARTNER_KIND_UNSPECIFIED: _ClassVar[PartnerKind]
    PARTNER_KIND_VEILIG_THUIS: _ClassVar[PartnerKind]
    PARTNER_KIND_GEMEENTE: _ClassVar[PartnerKind]
    PARTNER_KIND_POLITIE: _ClassVar[PartnerKind]
    PARTNER_KIND_NLA: _ClassVar[PartnerKind]
    PARTNER_KIND_ZORGCOORDINATOR: _ClassVar[PartnerKind]
    PARTNER_KIND_OM: _ClassVar[PartnerKind]
    PARTNER_KIND_RIEC: _ClassVar[PartnerKind]
    PARTNER_KIND_KMAR: _ClassVar[PartnerKind]
    PARTNER_KIND_OTHER: _ClassVar[PartnerKind]
EXPLOITATION_TYPE_UNSPECIFIED: ExploitationType
EXPLOITATION_TYPE_SEKSUELE_UITBUITING: ExploitationType
EXPLOITATION_TYPE_ARBEIDSUITBUITING: ExploitationType
EXPLOITATION_TYPE_CRIMINELE_UITBUITING: ExploitationType
EXPLOITATION_TYPE_GEDWONGEN_ORGAANVERWIJDERING: ExploitationType
EXPLOITATION_TYPE_OVERIG: ExploitationType
EXPLOITATION_TYPE_ONBEKEND: ExploitationType
SUBJECT_ROLE_UNSPECIFIED: SubjectRole
SUBJECT_ROLE_MOGELIJK_SLACHTOFFER: SubjectRole
SUBJECT_ROLE_MOGELIJKE_DADER: SubjectRole
SUBJECT_ROLE_BETROKKENE: SubjectRole
IDENTIFIER_KIND_UNSPECIFIED: IdentifierKind
IDENTIFIER_KIND_BSN: IdentifierKind
IDENTIFIER_KIND_PHONE: IdentifierKind
IDENTIFIER_KIND_EMAIL: IdentifierKind
IDENTIFIER_KIND_ADDRESS: IdentifierKind
IDENTIFIER_KIND_KENTEKEN: IdentifierKind
IDENTIFIER_KIND_KVK: IdentifierKind
IDENTIFIER_KIND_IBAN: IdentifierKind
IDENTIFIER_KIND_URL: IdentifierKind
IDENTIFIER_KIND_NAME_DOB: IdentifierKind
FUZZY_KIND_UNSPECIFIED: FuzzyKind
FUZZY_KIND_PERSON: FuzzyKind
FUZZY_KIND_ADDRESS: FuzzyKind
FUZZY_KIND_PERSON_FIELDS: FuzzyKind
FUZZY_KIND_ADDRESS_FIELDS: FuzzyKind
HIT_STATUS_UNSPECIFIED: HitStatus
HIT_STATUS_NIEUW: HitStatus
HIT_STATUS_IN_BEHANDELING: HitStatus
HIT_STATUS_INFO_OPGEVRAAGD: HitStatus
HIT_STATUS_BESPROKEN: HitStatus
HIT_STATUS_DOORGELEID: HitStatus
HIT_STATUS_AFGESLOTEN: HitStatus
PARTNER_KIND_UNSPECIFIED: PartnerKind
PARTNER_KIND_VEILIG_THUIS: PartnerKind
PARTNER_KIND_GEMEENTE: PartnerKind
PARTNER_KIND_POLITIE: PartnerKind
PARTNER_KIND_NLA: PartnerKind
PARTNER_KIND_ZORGCOORDINATOR: PartnerKind
PARTNER_KIND_OM: PartnerKind
PARTNER_KIND_RIEC: PartnerKind
PARTNER_KIND_KMAR: PartnerKind
PARTNER_KIND_OTHER: PartnerKind

class FieldViolation(_message.Message):
    __slots__ = ("field", "rule", "description")
    FIELD_FIELD_NUMBER: _ClassVar[int]
    RULE_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    field: str
    rule: str
    description: str
    def __init__(self, field: _Optional[str] = ..., rule: _Optional[str] = ..., description: _Optional[str] = ...) -> None: ...
