"""Mutual-TLS gRPC transport: identities from certificates, authorisation, error mapping.

Every connection is mutual TLS with certificates of the table's CA. The caller's identity is the
single SPIFFE-style URI SAN of its verified client certificate (``spiffe://<table>/<role>/<name>``,
or ``spiffe://<table>/matcher``), never a field in the request.

Servers made with :func:`make_server` map our exceptions to gRPC status codes (ValidationError
becomes INVALID_ARGUMENT with ``google.rpc.BadRequest`` details) and never log request content:
an unexpected exception reaches the client as INTERNAL with a short reference, and the server log
gets the exception type, the reference and the stack locations, but not the exception's message.
"""

from __future__ import annotations

import contextvars
import datetime
import errno
import functools
import logging
import secrets
import socket
import sqlite3
import ssl
import threading
import traceback
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from concurrent import futures
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeAlias, cast

import grpc
from cryptography import x509
from google.protobuf import any_pb2
from google.protobuf.message import DecodeError, Message
from google.rpc import code_pb2, error_details_pb2, status_pb2
from grpc_health.v1 import health, health_pb2, health_pb2_grpc
from grpc_status import rpc_status

from signalmatch import i18n, logs, reflection
from signalmatch.config import ID_PATTERN, TlsFiles
from signalmatch.errors import (
    AlreadyExistsError,
    AuthenticationError,
    ConfigError,
    ConflictError,
    NotFoundError,
    PermissionDeniedError,
    UnavailableError,
    ValidationError,
    Violation,
)

log = logging.getLogger(__name__)

ROLES = ("matcher", "keyholder", "partner", "operator", "chair", "officer")
UNNAMED_ROLES = ("matcher", "keyholder")  # one per table: spiffe://<table>/<role>
SCHEME = "spiffe://"


# -- identities ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Identity:
    """Who is calling: table, role and name (name is "" for the matcher and the keyholder)."""

    table: str
    role: str
    name: str = ""

    @property
    def uri(self) -> str:
        return spiffe_uri(self.table, self.role, self.name)

    def __str__(self) -> str:
        return self.uri


def spiffe_uri(table: str, role: str, name: str = "") -> str:
    """``spiffe://<table>/matcher`` or ``spiffe://<table>/<role>/<name>``; ValueError if invalid."""
    _check_identity(table, role, name)
    return f"{SCHEME}{table}/{role}" + (f"/{name}" if name else "")


def _check_identity(table: str, role: str, name: str) -> None:
    if not ID_PATTERN.fullmatch(table):
        raise ValueError(f"bad table {table!r}")
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}")
    if role in UNNAMED_ROLES and name:
        raise ValueError(f"the {role} has no name")
    if role not in UNNAMED_ROLES and not ID_PATTERN.fullmatch(name):
        raise ValueError(f"bad name {name!r}")


def parse_spiffe(uri: str) -> Identity:
    """Strict inverse of :func:`spiffe_uri`; ValueError for anything else."""
    if not uri.startswith(SCHEME):
        raise ValueError(f"not a spiffe:// URI: {uri!r}")
    parts = uri[len(SCHEME) :].split("/")
    if len(parts) == 2:
        table, role, name = parts[0], parts[1], ""
    elif len(parts) == 3:
        table, role, name = parts
    else:
        raise ValueError(f"expected spiffe://<table>/<role>[/<name>]: {uri!r}")
    _check_identity(table, role, name)
    return Identity(table, role, name)


@functools.lru_cache(maxsize=1024)
def identity_from_pem(pem: bytes) -> Identity:
    """The identity in a PEM certificate's single spiffe URI SAN; AuthenticationError otherwise."""
    try:
        cert = x509.load_pem_x509_certificate(pem)
        san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
        uris = san.get_values_for_type(x509.UniformResourceIdentifier)
        spiffe = [u for u in uris if u.startswith(SCHEME)]
        if len(spiffe) != 1:
            raise ValueError(f"{len(spiffe)} spiffe URI SANs")
        return parse_spiffe(spiffe[0])
    except (ValueError, x509.ExtensionNotFound) as exc:
        raise AuthenticationError(i18n.t("transport.bad_identity", reason=exc)) from None


# The caller as the server's auth layer identified it (make_server with `identify`): from the
# directory, which also covers members known by OIN instead of a SPIFFE URI.
_identified: contextvars.ContextVar[Identity | None] = contextvars.ContextVar("signalmatch_peer", default=None)


def peer_identity(context: grpc.ServicerContext) -> Identity:
    """The caller's identity from its verified client certificate."""
    identified = _identified.get()
    if identified is not None:
        return identified
    pems = auth_values(context, "x509_pem_cert")
    if not pems:
        raise AuthenticationError(i18n.t("transport.no_certificate"))
    return identity_from_pem(pems[0])


def auth_values(context: grpc.ServicerContext, key: str) -> list[bytes]:
    """The values of `key` in the call's auth context (e.g. "x509_pem_cert"); [] when absent."""
    # grpc-stubs type auth_context() as Mapping[str, bytes]; gRPC maps each key to a list of values.
    auth = cast(Mapping[str, list[bytes]], context.auth_context())
    return auth.get(key, [])


def status_code(context: grpc.ServicerContext) -> grpc.StatusCode | None:
    """The status a handler has set so far (abort, set_code), None when none."""
    # ServicerContext.code() exists since grpcio 1.38; grpc-stubs does not declare it.
    return context.code()  # type: ignore[attr-defined]


def authorize(
    context: grpc.ServicerContext,
    table: str,
    roles: str | Collection[str],
    name: str | None = None,
) -> Identity:
    """The caller's identity if it is of `table`, has one of `roles` and (if given) is `name`."""
    identity = peer_identity(context)
    roles = (roles,) if isinstance(roles, str) else tuple(roles)
    if identity.table != table:
        raise PermissionDeniedError(
            i18n.t("transport.wrong_table", uri=identity.uri, found=identity.table, expected=table)
        )
    if identity.role not in roles:
        expected = " / ".join(repr(r) for r in roles)
        raise PermissionDeniedError(
            i18n.t("transport.wrong_role", uri=identity.uri, found=identity.role, expected=expected)
        )
    if name is not None and identity.name != name:
        raise PermissionDeniedError(i18n.t("transport.wrong_name", uri=identity.uri, expected=name))
    return identity


# -- credentials ---------------------------------------------------------------------------------


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ConfigError(i18n.t("transport.unreadable", path=path, reason=exc.strerror)) from None


def _subject(cert: x509.Certificate) -> str:
    """Whose certificate: its SPIFFE identity, else its subject."""
    try:
        san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
        uris = [u for u in san.get_values_for_type(x509.UniformResourceIdentifier) if u.startswith(SCHEME)]
    except x509.ExtensionNotFound:
        uris = []
    return uris[0] if uris else cert.subject.rfc4514_string()


def certificate_problem(pem: bytes, what: str, now: datetime.datetime | None = None) -> str:
    """Why the certificate `pem` (`what`: its file or its role) cannot be used at `now` (by this
    process's clock): expired, or not valid yet; "" when it can."""
    now = now or datetime.datetime.now(datetime.UTC)
    try:
        cert = x509.load_pem_x509_certificate(pem)
    except ValueError:
        return ""  # not this check's business: TLS refuses it with its own error
    if now > cert.not_valid_after_utc:
        return i18n.t(
            "transport.cert.expired", what=what, subject=_subject(cert), date=_day(cert.not_valid_after_utc), now=_day(now)
        )
    if now < cert.not_valid_before_utc:
        return i18n.t(
            "transport.cert.not_yet", what=what, subject=_subject(cert), date=_day(cert.not_valid_before_utc), now=_day(now)
        )
    return ""


def _day(moment: datetime.datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC")


def check_certificates(tls: TlsFiles) -> None:
    """ConfigError when this process's own certificate or its CA's has expired or is not valid yet:
    every connection would be refused, so it says so (whose, and since when) and does not start."""
    for path in (tls.cert, tls.ca):
        problem = certificate_problem(_read(path), str(path))
        if problem:
            raise ConfigError(problem)


def peer_certificate_problem(address: str, tls: TlsFiles) -> str:
    """Why a TLS connection to `address` fails on a certificate's dates, by this process's clock:
    its own or its CA's (see check_certificates), or the peer's, fetched with a handshake that does
    not verify it; "" when no certificate is out of its dates (or the peer cannot be reached)."""
    for path in (tls.cert, tls.ca):
        problem = certificate_problem(_read(path), str(path))
        if problem:
            return problem
    host, _, port = address.rpartition(":")
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE  # only to read the peer's certificate, never to talk
    context.load_cert_chain(tls.cert, tls.key)
    try:
        with socket.create_connection((host.strip("[]"), int(port)), timeout=5) as raw:
            with context.wrap_socket(raw) as conn:
                der = conn.getpeercert(binary_form=True)
    except (OSError, ValueError):
        return ""
    if not der:
        return ""
    pem = ssl.DER_cert_to_PEM_cert(der).encode()
    return certificate_problem(pem, address)


def server_credentials(tls: TlsFiles) -> grpc.ServerCredentials:
    """Server side of mutual TLS: clients must present a certificate of the table CA."""
    check_certificates(tls)
    return grpc.ssl_server_credentials(
        [(_read(tls.key), _read(tls.cert))],
        root_certificates=_read(tls.ca),
        require_client_auth=True,
    )


def dynamic_server_credentials(tls: TlsFiles, trust_bundle: Callable[[], bytes]) -> grpc.ServerCredentials:
    """Server side of mutual TLS that follows its files and the directory: each new connection's
    handshake uses the current certificate (renewed in place) and the current trust bundle (the
    table's root and the directory's external trust anchors)."""
    check_certificates(tls)
    seen: list[tuple] = []

    def current() -> tuple:
        return (*(_mtime(p) for p in (tls.key, tls.cert, tls.ca)), trust_bundle())

    def configuration(stamp: tuple) -> grpc.ServerCertificateConfiguration:
        roots = _read(tls.ca) + b"\n" + stamp[-1]
        return grpc.ssl_server_certificate_configuration([(_read(tls.key), _read(tls.cert))], root_certificates=roots)

    def fetch() -> grpc.ServerCertificateConfiguration | None:
        stamp = current()
        if stamp == seen[-1]:
            return None
        seen.append(stamp)
        return configuration(stamp)

    seen.append(current())
    # gRPC's fetcher returns None for "unchanged"; grpc-stubs omits the None.
    return grpc.dynamic_ssl_server_credentials(
        configuration(seen[-1]),
        fetch,  # type: ignore[arg-type]
        require_client_authentication=True,
    )


def _mtime(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return 0


def channel_credentials(tls: TlsFiles) -> grpc.ChannelCredentials:
    """Client side of mutual TLS: trust only the table CA, present our own certificate."""
    check_certificates(tls)
    return grpc.ssl_channel_credentials(
        root_certificates=_read(tls.ca),
        private_key=_read(tls.key),
        certificate_chain=_read(tls.cert),
    )


def server_name(identity: Identity) -> str:
    """The DNS name in a server certificate that stands for its identity.

    Python gRPC cannot check a server's SPIFFE URI, so clients pin this name instead
    (`expect` below): a node's certificate, though issued by the same CA, cannot pose as the
    matcher, nor one node as another. ".internal" is reserved for private use.
    """
    labels = [identity.name, identity.role, identity.table] if identity.name else [identity.role, identity.table]
    return ".".join(labels) + ".signalmatch.internal"


RECONNECT_MAX_MS = 10_000  # the longest wait between a channel's connection attempts


def secure_channel(
    address: str,
    tls: TlsFiles,
    expect: Identity | None = None,
    options: list[tuple[str, Any]] | None = None,
) -> grpc.Channel:
    """An mTLS channel to `address` (host:port). With `expect`, the server certificate must carry
    that identity's server_name(); otherwise it must name the host of `address`. After a partition
    it reconnects within RECONNECT_MAX_MS of the peer being back (gRPC's own default is 2 minutes)."""
    options = [("grpc.max_reconnect_backoff_ms", RECONNECT_MAX_MS), *(options or [])]
    if expect is not None:
        options.append(("grpc.ssl_target_name_override", server_name(expect)))
    return grpc.secure_channel(address, channel_credentials(tls), options=options)


def matcher_channel(table: str, address: str, tls: TlsFiles) -> grpc.Channel:
    return secure_channel(address, tls, expect=Identity(table, "matcher", ""))


class RenewableChannel(grpc.Channel):
    """A channel that can reconnect with a renewed certificate: stubs made on it keep working,
    each call going to the newest underlying channel (Python gRPC's credentials are fixed per
    channel). The channels it replaced are closed with it."""

    def __init__(self, connect: Callable[[], grpc.Channel]):
        self._connect = connect
        self._channels = [connect()]
        self._lock = threading.Lock()

    @property
    def current(self) -> grpc.Channel:
        return self._channels[-1]

    def reconnect(self) -> None:
        fresh = self._connect()
        with self._lock:
            self._channels.append(fresh)

    def _callable(self, kind: str, method: str, args: tuple, kwargs: dict) -> _Switching:
        return _Switching(self, kind, method, args, kwargs)

    def unary_unary(self, method: str, *args: Any, **kwargs: Any) -> Any:
        return self._callable("unary_unary", method, args, kwargs)

    def unary_stream(self, method: str, *args: Any, **kwargs: Any) -> Any:
        return self._callable("unary_stream", method, args, kwargs)

    def stream_unary(self, method: str, *args: Any, **kwargs: Any) -> Any:
        return self._callable("stream_unary", method, args, kwargs)

    def stream_stream(self, method: str, *args: Any, **kwargs: Any) -> Any:
        return self._callable("stream_stream", method, args, kwargs)

    def subscribe(self, callback: Callable[[grpc.ChannelConnectivity], None], try_to_connect: bool = False) -> None:
        self.current.subscribe(callback, try_to_connect)

    def unsubscribe(self, callback: Callable[[grpc.ChannelConnectivity], None]) -> None:
        self.current.unsubscribe(callback)

    def close(self) -> None:
        with self._lock:
            channels, self._channels = self._channels, self._channels[-1:]
        for channel in channels:
            channel.close()

    def __enter__(self) -> RenewableChannel:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class _Switching:
    """A multi-callable bound to whichever channel is current when it is called."""

    def __init__(self, owner: RenewableChannel, kind: str, method: str, args: tuple, kwargs: dict):
        self._owner, self._kind, self._method, self._args, self._kwargs = owner, kind, method, args, kwargs
        self._bound: tuple[grpc.Channel, Any] | None = None

    def _target(self) -> Any:
        channel = self._owner.current
        if self._bound is None or self._bound[0] is not channel:
            self._bound = (channel, getattr(channel, self._kind)(self._method, *self._args, **self._kwargs))
        return self._bound[1]

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self._target()(*args, **kwargs)

    def __getattr__(self, name: str) -> Any:  # with_call, future
        return getattr(self._target(), name)


# -- error mapping -------------------------------------------------------------------------------

_STATUS_OF: tuple[tuple[type[Exception], grpc.StatusCode], ...] = (
    (AuthenticationError, grpc.StatusCode.UNAUTHENTICATED),
    (PermissionDeniedError, grpc.StatusCode.PERMISSION_DENIED),
    (NotFoundError, grpc.StatusCode.NOT_FOUND),
    (AlreadyExistsError, grpc.StatusCode.ALREADY_EXISTS),
    (ConflictError, grpc.StatusCode.FAILED_PRECONDITION),
    (UnavailableError, grpc.StatusCode.UNAVAILABLE),
)


def validation_status(error: ValidationError) -> grpc.Status:
    """INVALID_ARGUMENT with one google.rpc.BadRequest field violation per broken rule."""
    bad_request = error_details_pb2.BadRequest(
        field_violations=[
            error_details_pb2.BadRequest.FieldViolation(field=v.field, description=f"{v.rule}: {v.description}")
            for v in error.violations
        ]
    )
    detail = any_pb2.Any()
    detail.Pack(bad_request)
    return rpc_status.to_status(status_pb2.Status(code=code_pb2.INVALID_ARGUMENT, message=str(error), details=[detail]))


def _is_abort(exc: Exception, context: grpc.ServicerContext) -> bool:
    """True for what grpc raises itself: context.abort() (a bare Exception) or a cancelled call."""
    if isinstance(exc, grpc.RpcError):
        return True
    code = status_code(context)
    return type(exc) is Exception and not exc.args and code not in (None, grpc.StatusCode.OK)


def storage_full(exc: BaseException) -> bool:
    """Whether `exc` is a store that ran out of space (SQLite's SQLITE_FULL, or ENOSPC)."""
    if isinstance(exc, sqlite3.OperationalError):
        return getattr(exc, "sqlite_errorcode", None) == sqlite3.SQLITE_FULL or "disk is full" in str(exc)
    return isinstance(exc, OSError) and exc.errno == errno.ENOSPC


def _fail(exc: Exception, context: grpc.ServicerContext, method: str) -> None:
    """Ends the RPC with the status for `exc`; always raises."""
    if _is_abort(exc, context):
        raise exc
    if isinstance(exc, ValidationError):
        context.abort_with_status(validation_status(exc))
    if storage_full(exc):  # the transaction rolled back: nothing half-stored; retry when there is room
        log.error("storage full in %s", method)
        context.abort(grpc.StatusCode.RESOURCE_EXHAUSTED, i18n.t("transport.storage_full"))
    for kind, code in _STATUS_OF:
        if isinstance(exc, kind):
            context.abort(code, str(exc))
    reference = secrets.token_hex(4)
    # Only the type and code locations: messages and arguments may carry personal data.
    where = "".join(traceback.format_list(traceback.extract_tb(exc.__traceback__)))
    log.error("unexpected %s in %s (reference %s)\n%s", type(exc).__name__, method, reference, where)
    context.abort(grpc.StatusCode.INTERNAL, i18n.t("transport.internal", reference=reference))


class _Undecodable:
    """Stands for a request message the server could not parse (see _decoding)."""


_UNDECODABLE = _Undecodable()


def _decoding(deserialize: Callable | None) -> Callable | None:
    """The handler's request deserializer, returning _UNDECODABLE instead of raising: gRPC would
    answer INTERNAL; the guard answers INVALID_ARGUMENT. Malformed wire data raises DecodeError
    (upb) or UnicodeDecodeError (the pure-Python backend, for invalid UTF-8 in a string)."""
    if deserialize is None:
        return None

    def parse(data: bytes) -> Any:
        try:
            return deserialize(data)
        except (DecodeError, UnicodeDecodeError, RecursionError, ValueError, TypeError):
            return _UNDECODABLE

    return parse


def _undecodable() -> ValidationError:
    return ValidationError([Violation("", "request.decode", i18n.t("transport.undecodable"))])


def _checked(request_or_iterator: Any) -> Any:
    """The request, or an iterator over the requests, that raises for an undecodable one."""
    if request_or_iterator is _UNDECODABLE:
        raise _undecodable()
    if isinstance(request_or_iterator, Message) or not hasattr(request_or_iterator, "__next__"):
        return request_or_iterator

    def each() -> Iterator[Any]:
        for item in request_or_iterator:
            if item is _UNDECODABLE:
                raise _undecodable()
            yield item

    return each()


Identify = Callable[[grpc.ServicerContext], Identity]
Handler: TypeAlias = "grpc.RpcMethodHandler[Any, Any]"  # generic only in grpc-stubs
Continuation: TypeAlias = "Callable[[grpc.HandlerCallDetails], Handler | None]"
_OPEN = ("/grpc.health.v1.Health/", "/grpc.reflection.")  # any certificate of the table may ask these


@contextmanager
def _guarding(context: grpc.ServicerContext, method: str, identify: Identify | None) -> Iterator[None]:
    """Around one call: the caller's identity for the call's duration (when the server identifies
    callers), and any exception mapped to a status by _fail."""
    token = None
    try:
        if identify is not None:
            token = _identified.set(identify(context))
        yield
    except Exception as exc:  # noqa: BLE001 - mapped to a status, see _fail
        _fail(exc, context, method)
    finally:
        if token is not None:
            _identified.reset(token)


def _guard_unary(behavior: Callable, method: str, identify: Identify | None = None) -> Callable:
    def guarded(request_or_iterator: Any, context: grpc.ServicerContext) -> Any:
        with _guarding(context, method, identify):
            return behavior(_checked(request_or_iterator), context)

    return guarded


def _guard_stream(behavior: Callable, method: str, identify: Identify | None = None) -> Callable:
    def guarded(request_or_iterator: Any, context: grpc.ServicerContext) -> Iterator[Any]:
        with _guarding(context, method, identify):
            yield from behavior(_checked(request_or_iterator), context)

    return guarded


def wrap_handler(
    handler: grpc.RpcMethodHandler,
    wrap: Callable[[Callable[..., Any], bool], Callable[..., Any]],
    deserializer: Callable[[Callable | None], Callable | None] = lambda d: d,
) -> grpc.RpcMethodHandler:
    """`handler` with its behaviour replaced by ``wrap(behaviour, response_streaming)`` (and its
    request deserializer by ``deserializer(it)``): the one place where interceptors (errors, request
    ids, metrics) rebuild a method handler."""
    makers = {
        "unary_unary": (grpc.unary_unary_rpc_method_handler, False),
        "stream_unary": (grpc.stream_unary_rpc_method_handler, False),
        "unary_stream": (grpc.unary_stream_rpc_method_handler, True),
        "stream_stream": (grpc.stream_stream_rpc_method_handler, True),
    }
    for attribute, (make, streaming) in makers.items():
        behavior = getattr(handler, attribute)
        if behavior is not None:
            return make(
                wrap(behavior, streaming),
                request_deserializer=deserializer(handler.request_deserializer),
                response_serializer=handler.response_serializer,
            )
    return handler


class ErrorMappingInterceptor(grpc.ServerInterceptor):
    """Maps our exception hierarchy to gRPC statuses for unary and streaming handlers; with
    `identify` (the directory's auth layer) every call but health and reflection is first checked
    against the directory, so a removed member is refused at once, on open connections too."""

    def __init__(self, identify: Identify | None = None):
        self._identify = identify

    def intercept_service(self, continuation: Continuation, handler_call_details: grpc.HandlerCallDetails) -> Handler | None:
        handler = continuation(handler_call_details)
        if handler is None:
            return None
        method = handler_call_details.method
        identify = None if method.startswith(_OPEN) else self._identify
        return wrap_handler(
            handler,
            lambda behavior, streaming: (_guard_stream if streaming else _guard_unary)(behavior, method, identify),
            deserializer=_decoding,  # a request it cannot parse is INVALID_ARGUMENT, not gRPC's INTERNAL
        )


def _with_request_id(behavior: Callable[..., Any], streaming: bool) -> Callable[..., Any]:
    if streaming:

        def stream(request_or_iterator: Any, context: grpc.ServicerContext) -> Iterator[Any]:
            token = logs.request_id.set(secrets.token_hex(8))
            try:
                yield from behavior(request_or_iterator, context)
            finally:
                logs.request_id.reset(token)

        return stream

    def unary(request_or_iterator: Any, context: grpc.ServicerContext) -> Any:
        token = logs.request_id.set(secrets.token_hex(8))
        try:
            return behavior(request_or_iterator, context)
        finally:
            logs.request_id.reset(token)

    return unary


class RequestIds(grpc.ServerInterceptor):
    """Gives every call a random request id, carried by the log lines written while it runs."""

    def intercept_service(self, continuation: Continuation, handler_call_details: grpc.HandlerCallDetails) -> Handler | None:
        handler = continuation(handler_call_details)
        return None if handler is None else wrap_handler(handler, _with_request_id)


# -- server --------------------------------------------------------------------------------------


def make_server(
    listen: str,
    tls: TlsFiles,
    register: Callable[[grpc.Server], None],
    service_names: list[str],
    max_workers: int = 16,
    interceptors: Sequence[grpc.ServerInterceptor] = (),
    outer_interceptors: Sequence[grpc.ServerInterceptor] = (),
    health_servicer: health.HealthServicer | None = None,
    identify: Identify | None = None,
    trust_bundle: Callable[[], bytes] | None = None,
) -> tuple[grpc.Server, int]:
    """A gRPC server (not yet started) with mTLS on `listen`, error mapping, request ids, health and
    reflection (v1 and v1alpha).

    `register` adds the servicers; `service_names` are their full names (e.g.
    ``"signalmatch.v1.IntakeService"``), listed by server reflection and reported by the standard
    health service — SERVING, unless a `health_servicer` is given whose statuses the caller sets
    (see signalmatch.health.Readiness). Extra `interceptors` run inside the error mapping,
    `outer_interceptors` outside it (metrics, which must see the final status). Returns the server
    and the bound port (useful with port 0). With `identify` (see signalmatch.membership) every
    call is checked against the table's directory first; with `trust_bundle` the TLS layer follows
    the directory's trust anchors and a renewed certificate file without a restart.
    """
    server = grpc.server(
        futures.ThreadPoolExecutor(max_workers=max_workers),
        interceptors=[*outer_interceptors, RequestIds(), ErrorMappingInterceptor(identify), *interceptors],
        options=[("grpc.so_reuseport", 0)],  # a second server on a used port fails loudly
    )
    register(server)
    if health_servicer is None:
        health_servicer = health.HealthServicer()
        for name in ["", *service_names]:
            health_servicer.set(name, health_pb2.HealthCheckResponse.SERVING)
    health_pb2_grpc.add_HealthServicer_to_server(health_servicer, server)
    reflection.enable([*service_names, health.SERVICE_NAME], server)
    try:
        credentials = server_credentials(tls) if trust_bundle is None else dynamic_server_credentials(tls, trust_bundle)
        port = server.add_secure_port(listen, credentials)
    except RuntimeError:
        port = 0
    if port == 0:
        raise ConfigError(i18n.t("transport.bind_failed", listen=listen))
    return server, port


def bad_request_violations(err: grpc.RpcError) -> tuple[Violation, ...]:
    """The field violations of an INVALID_ARGUMENT's google.rpc.BadRequest details (the inverse of
    validation_status); () for any other error."""
    status = rpc_status.from_call(err) if hasattr(err, "trailing_metadata") else None
    if status is None or err.code() != grpc.StatusCode.INVALID_ARGUMENT:
        return ()
    out = []
    for detail in status.details:
        if detail.Is(error_details_pb2.BadRequest.DESCRIPTOR):
            bad_request = error_details_pb2.BadRequest()
            detail.Unpack(bad_request)
            for v in bad_request.field_violations:
                rule, _, text = v.description.partition(": ")
                out.append(Violation(v.field, rule, text))
    return tuple(out)


def describe_rpc_error(err: grpc.RpcError) -> list[str] | str:
    """For CLIs: "field: description" lines of an INVALID_ARGUMENT, else the status details."""
    violations = bad_request_violations(err)
    if violations:
        return [
            f"{v.field}: {v.rule}: {v.description}" if v.description else f"{v.field}: {v.rule}" for v in violations
        ]
    details = err.details() if hasattr(err, "details") else None
    return details or str(err)
