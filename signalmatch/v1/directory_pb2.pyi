from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class SignedDirectoryVersion(_message.Message):
    __slots__ = ("body", "signature", "cosignature")
    BODY_FIELD_NUMBER: _ClassVar[int]
    SIGNATURE_FIELD_NUMBER: _ClassVar[int]
    COSIGNATURE_FIELD_NUMBER: _ClassVar[int]
    body: bytes
    signature: bytes
    cosignature: bytes
    def __init__(self, body: _Optional[bytes] = ..., signature: _Optional[bytes] = ..., cosignature: _Optional[bytes] = ...) -> None: ...

class ListDirectoryVersionsRequest(_message.Message):
    __slots__ = ("after_version",)
    AFTER_VERSION_FIELD_NUMBER: _ClassVar[int]
    after_version: int
    def __init__(self, after_version: _Optional[int] = ...) -> None: ...

class ListDirectoryVersionsResponse(_message.Message):
    __slots__ = ("versions",)
    VERSIONS_FIELD_NUMBER: _ClassVar[int]
    versions: _containers.RepeatedCompositeFieldContainer[SignedDirectoryVersion]
    def __init__(self, versions: _Optional[_Iterable[_Union[SignedDirectoryVersion, _Mapping]]] = ...) -> None: ...

class TableSecretDeal(_message.Message):
    __slots__ = ("body", "signature")
    BODY_FIELD_NUMBER: _ClassVar[int]
    SIGNATURE_FIELD_NUMBER: _ClassVar[int]
    body: bytes
    signature: bytes
    def __init__(self, body: _Optional[bytes] = ..., signature: _Optional[bytes] = ...) -> None: ...

class PutTableSecretDealRequest(_message.Message):
    __slots__ = ("deal",)
    DEAL_FIELD_NUMBER: _ClassVar[int]
    deal: TableSecretDeal
    def __init__(self, deal: _Optional[_Union[TableSecretDeal, _Mapping]] = ...) -> None: ...

class PutTableSecretDealResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListTableSecretDealsRequest(_message.Message):
    __slots__ = ("epoch",)
    EPOCH_FIELD_NUMBER: _ClassVar[int]
    epoch: int
    def __init__(self, epoch: _Optional[int] = ...) -> None: ...

class ListTableSecretDealsResponse(_message.Message):
    __slots__ = ("deals",)
    DEALS_FIELD_NUMBER: _ClassVar[int]
    deals: _containers.RepeatedCompositeFieldContainer[TableSecretDeal]
    def __init__(self, deals: _Optional[_Iterable[_Union[TableSecretDeal, _Mapping]]] = ...) -> None: ...

class AnnounceOprfKeyRequest(_message.Message):
    __slots__ = ("epoch", "public_key", "signature")
    EPOCH_FIELD_NUMBER: _ClassVar[int]
    PUBLIC_KEY_FIELD_NUMBER: _ClassVar[int]
    SIGNATURE_FIELD_NUMBER: _ClassVar[int]
    epoch: int
    public_key: bytes
    signature: bytes
    def __init__(self, epoch: _Optional[int] = ..., public_key: _Optional[bytes] = ..., signature: _Optional[bytes] = ...) -> None: ...

class AnnounceOprfKeyResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ReportEpochSwitchedRequest(_message.Message):
    __slots__ = ("epoch",)
    EPOCH_FIELD_NUMBER: _ClassVar[int]
    epoch: int
    def __init__(self, epoch: _Optional[int] = ...) -> None: ...

class ReportEpochSwitchedResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class RenewCertificateRequest(_message.Message):
    __slots__ = ("csrs",)
    CSRS_FIELD_NUMBER: _ClassVar[int]
    csrs: _containers.RepeatedScalarFieldContainer[bytes]
    def __init__(self, csrs: _Optional[_Iterable[bytes]] = ...) -> None: ...

class RenewCertificateResponse(_message.Message):
    __slots__ = ("certificate_chains",)
    CERTIFICATE_CHAINS_FIELD_NUMBER: _ClassVar[int]
    certificate_chains: _containers.RepeatedScalarFieldContainer[bytes]
    def __init__(self, certificate_chains: _Optional[_Iterable[bytes]] = ...) -> None: ...
