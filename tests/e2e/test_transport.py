"""mTLS transport on real loopback servers: identities, authorisation, error mapping, health."""

from __future__ import annotations

import dataclasses
import logging
import re
from pathlib import Path

import grpc
import pytest
from google.rpc import error_details_pb2
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection_pb2, reflection_pb2_grpc
from grpc_status import rpc_status
from hypothesis import given
from hypothesis import strategies as st

from signalmatch import config
from signalmatch.deploy.federation import Layout, init_federation
from signalmatch.errors import (
    AuthenticationError,
    ConfigError,
    ConflictError,
    InvalidValue,
    NotFoundError,
    PermissionDeniedError,
    ValidationError,
)
from signalmatch.transport import (
    Identity,
    authorize,
    describe_rpc_error,
    identity_from_pem,
    make_server,
    parse_spiffe,
    peer_identity,
    secure_channel,
    spiffe_uri,
)
from signalmatch.v1 import intake_pb2, intake_pb2_grpc

TABLE = "midden-nederland"
SERVICE = "signalmatch.v1.IntakeService"
SECRET_VALUE = "Jansen 123456782 +31612345678"  # stands in for personal data in a request
TIMEOUT = 20


class ProbeServicer(intake_pb2_grpc.IntakeServiceServicer):
    """Returns the caller's identity; misbehaves on demand via metadata."""

    def __init__(self):
        self.seen: list[Identity] = []

    def GetNodeStatus(self, request, context):
        meta = dict(context.invocation_metadata())
        self.seen.append(peer_identity(context))
        identity = authorize(
            context,
            meta.get("x-table", TABLE),
            meta.get("x-roles", "partner,operator").split(","),
            meta.get("x-name"),
        )
        self._misbehave(meta.get("x-raise"), context)
        return intake_pb2.GetNodeStatusResponse(partner=identity.uri)

    def ImportSignals(self, request_iterator, context):
        for request in request_iterator:
            if request.sequence == 3:
                raise ValidationError(
                    [InvalidValue("phone.format", "not a phone number").at("signal.subjects[0].phones[0]")]
                )
            yield intake_pb2.ImportSignalsResponse(sequence=request.sequence, created=True)

    @staticmethod
    def _misbehave(what, context):
        if what == "validation":
            raise ValidationError(
                [
                    InvalidValue("bsn.elfproef", "BSN fails the 11-test").at("signal.subjects[0].bsn"),
                    InvalidValue("postcode.format", "bad postcode").at("signal.subjects[1].postcode"),
                ]
            )
        errors = {
            "permission": PermissionDeniedError("no entry"),
            "authentication": AuthenticationError("who are you"),
            "notfound": NotFoundError("signals/x not found"),
            "conflict": ConflictError("already withdrawn"),
            "boom": RuntimeError(SECRET_VALUE),
        }
        if what in errors:
            raise errors[what]
        if what == "abort":
            context.abort(grpc.StatusCode.RESOURCE_EXHAUSTED, "servicer aborted itself")


@pytest.fixture(scope="module")
def feds(tmp_path_factory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("transport")
    return (
        init_federation(root / "main", TABLE, ["vtgv", "nla"], base_port=1),
        init_federation(root / "foreign", TABLE, ["vtgv", "nla"], base_port=1),
    )


@pytest.fixture(scope="module")
def server(feds):
    node = config.load_node(Layout(feds[0]).node_toml("vtgv"))
    servicer = ProbeServicer()
    grpc_server, port = make_server(
        "127.0.0.1:0",
        node.tls,
        lambda s: intake_pb2_grpc.add_IntakeServiceServicer_to_server(servicer, s),
        [SERVICE],
        max_workers=4,
    )
    grpc_server.start()
    yield f"127.0.0.1:{port}", servicer
    grpc_server.stop(grace=None)


def node_dir(fed: Path, partner: str) -> Path:
    return Layout(fed).node_toml(partner).parent


def root_ca(fed: Path) -> Path:
    return node_dir(fed, "vtgv") / "ca.crt"


def tls_of(where: Path, stem: str = "tls") -> config.TlsFiles:
    return config.TlsFiles(ca=where / "ca.crt", cert=where / f"{stem}.crt", key=where / f"{stem}.key")


@pytest.fixture(scope="module")
def channel(server, feds):
    """A client with nla's partner certificate."""
    with secure_channel(server[0], tls_of(node_dir(feds[0], "nla"))) as ch:
        yield ch


def status(channel, **metadata) -> intake_pb2.GetNodeStatusResponse:
    stub = intake_pb2_grpc.IntakeServiceStub(channel)
    return stub.GetNodeStatus(intake_pb2.GetNodeStatusRequest(), metadata=list(metadata.items()), timeout=TIMEOUT)


def rpc_error(channel, **metadata) -> grpc.RpcError:
    with pytest.raises(grpc.RpcError) as info:
        status(channel, **metadata)
    return info.value


# -- identities and mTLS -------------------------------------------------------------------------


def test_partner_certificate_gets_through(server, channel):
    assert status(channel).partner == f"spiffe://{TABLE}/partner/nla"
    assert server[1].seen[-1] == Identity(TABLE, "partner", "nla")


def test_operator_certificate_is_seen_as_operator(server, feds):
    with secure_channel(server[0], tls_of(node_dir(feds[0], "vtgv"), "operator")) as ch:
        assert status(ch, **{"x-roles": "operator", "x-name": "vtgv"}).partner == (f"spiffe://{TABLE}/operator/vtgv")
    assert server[1].seen[-1] == Identity(TABLE, "operator", "vtgv")


def test_client_without_certificate_is_rejected(server, feds):
    seen = len(server[1].seen)
    credentials = grpc.ssl_channel_credentials(root_certificates=root_ca(feds[0]).read_bytes())
    with grpc.secure_channel(server[0], credentials) as ch:
        assert rpc_error(ch).code() == grpc.StatusCode.UNAVAILABLE
    assert len(server[1].seen) == seen


def test_client_certificate_of_foreign_ca_is_rejected(server, feds):
    seen = len(server[1].seen)
    foreign = tls_of(node_dir(feds[1], "nla"))
    # trusts the real CA (so the server is accepted) but presents a foreign-CA certificate
    tls = dataclasses.replace(foreign, ca=root_ca(feds[0]))
    with secure_channel(server[0], tls) as ch:
        assert rpc_error(ch).code() == grpc.StatusCode.UNAVAILABLE
    assert len(server[1].seen) == seen


def test_client_refuses_server_of_foreign_ca(server, feds):
    seen = len(server[1].seen)
    with secure_channel(server[0], tls_of(node_dir(feds[1], "nla"))) as ch:
        assert rpc_error(ch).code() == grpc.StatusCode.UNAVAILABLE
    assert len(server[1].seen) == seen


@pytest.mark.parametrize(
    "metadata, fragment",
    [
        ({"x-roles": "chair"}, "'chair'"),
        ({"x-roles": "matcher,officer"}, "'officer'"),
        ({"x-name": "vtgv"}, "'vtgv'"),
        ({"x-table": "oost-nederland"}, "'oost-nederland'"),
    ],
)
def test_authorize_rejects_other_role_partner_or_table(server, channel, metadata, fragment):
    err = rpc_error(channel, **metadata)
    assert err.code() == grpc.StatusCode.PERMISSION_DENIED
    assert f"spiffe://{TABLE}/partner/nla" in err.details() and fragment in err.details()
    assert server[1].seen[-1] == Identity(TABLE, "partner", "nla")


# -- error mapping -------------------------------------------------------------------------------


def test_validation_error_is_invalid_argument_with_bad_request(channel):
    err = rpc_error(channel, **{"x-raise": "validation"})
    assert err.code() == grpc.StatusCode.INVALID_ARGUMENT
    details = rpc_status.from_call(err).details
    assert len(details) == 1 and details[0].Is(error_details_pb2.BadRequest.DESCRIPTOR)
    bad_request = error_details_pb2.BadRequest()
    details[0].Unpack(bad_request)
    assert [(v.field, v.description) for v in bad_request.field_violations] == [
        ("signal.subjects[0].bsn", "bsn.elfproef: BSN fails the 11-test"),
        ("signal.subjects[1].postcode", "postcode.format: bad postcode"),
    ]
    assert describe_rpc_error(err) == [
        "signal.subjects[0].bsn: bsn.elfproef: BSN fails the 11-test",
        "signal.subjects[1].postcode: postcode.format: bad postcode",
    ]


@pytest.mark.parametrize(
    "what, code, message",
    [
        ("permission", grpc.StatusCode.PERMISSION_DENIED, "no entry"),
        ("authentication", grpc.StatusCode.UNAUTHENTICATED, "who are you"),
        ("notfound", grpc.StatusCode.NOT_FOUND, "signals/x not found"),
        ("conflict", grpc.StatusCode.FAILED_PRECONDITION, "already withdrawn"),
        ("abort", grpc.StatusCode.RESOURCE_EXHAUSTED, "servicer aborted itself"),
    ],
)
def test_our_errors_map_to_status_codes(channel, what, code, message):
    err = rpc_error(channel, **{"x-raise": what})
    assert (err.code(), err.details()) == (code, message)
    assert describe_rpc_error(err) == message


def test_unexpected_exception_is_internal_without_its_message(channel, caplog):
    caplog.set_level(logging.DEBUG)
    err = rpc_error(channel, **{"x-raise": "boom"})
    assert err.code() == grpc.StatusCode.INTERNAL
    assert SECRET_VALUE not in err.details()
    reference = re.search(r"\b([0-9a-f]{8})\)", err.details()).group(1)
    assert any("RuntimeError" in r.getMessage() and reference in r.getMessage() for r in caplog.records)
    assert "123456782" not in caplog.text and "Jansen" not in caplog.text


def test_streaming_handler_maps_errors_after_partial_results(channel):
    stub = intake_pb2_grpc.IntakeServiceStub(channel)
    requests = [intake_pb2.ImportSignalsRequest(sequence=n) for n in (1, 2, 3, 4)]
    received = []
    with pytest.raises(grpc.RpcError) as info:
        for response in stub.ImportSignals(iter(requests), timeout=TIMEOUT):
            received.append(response.sequence)
    assert received == [1, 2]
    assert info.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert describe_rpc_error(info.value) == ["signal.subjects[0].phones[0]: phone.format: not a phone number"]


# -- health and reflection -----------------------------------------------------------------------


def test_health_reports_serving(channel):
    stub = health_pb2_grpc.HealthStub(channel)
    for service in ["", SERVICE]:
        response = stub.Check(health_pb2.HealthCheckRequest(service=service), timeout=TIMEOUT)
        assert response.status == health_pb2.HealthCheckResponse.SERVING
    with pytest.raises(grpc.RpcError) as info:
        stub.Check(health_pb2.HealthCheckRequest(service="no.Such"), timeout=TIMEOUT)
    assert info.value.code() == grpc.StatusCode.NOT_FOUND


def test_reflection_lists_services(channel):
    stub = reflection_pb2_grpc.ServerReflectionStub(channel)
    request = reflection_pb2.ServerReflectionRequest(list_services="")
    (response,) = stub.ServerReflectionInfo(iter([request]), timeout=TIMEOUT)
    names = {s.name for s in response.list_services_response.service}
    assert {SERVICE, "grpc.health.v1.Health", "grpc.reflection.v1alpha.ServerReflection"} <= names


def test_make_server_refuses_a_port_in_use(server, feds):
    tls = tls_of(node_dir(feds[0], "vtgv"))
    with pytest.raises(ConfigError, match=re.escape(server[0])):
        make_server(server[0], tls, lambda s: None, [])


# -- SPIFFE identities ---------------------------------------------------------------------------

ids = st.from_regex(r"[a-z0-9][a-z0-9-]{0,62}", fullmatch=True)


@given(table=ids, role=st.sampled_from(["partner", "operator", "chair", "officer"]), name=ids)
def test_spiffe_round_trip(table, role, name):
    identity = Identity(table, role, name)
    assert parse_spiffe(identity.uri) == identity
    assert parse_spiffe(spiffe_uri(table, "matcher")) == Identity(table, "matcher", "")


@pytest.mark.parametrize(
    "uri",
    [
        "spiffe://t/partner",
        "spiffe://t/matcher/x",
        "spiffe://t/admin/x",
        "spiffe://T/partner/x",
        "spiffe://t/partner/x/y",
        "spiffe://t/partner/",
        "https://t/partner/x",
        "spiffe:///partner/x",
        "spiffe://t/partner/-x",
        "SPIFFE://t/partner/x",
    ],
)
def test_parse_spiffe_is_strict(uri):
    with pytest.raises(ValueError):
        parse_spiffe(uri)


def test_certificate_without_spiffe_identity_is_not_authenticated(feds):
    with pytest.raises(AuthenticationError):
        identity_from_pem(root_ca(feds[0]).read_bytes())
    assert identity_from_pem((Layout(feds[0]).chair_toml("voorzitter").parent / "tls.crt").read_bytes()) == (
        Identity(TABLE, "chair", "voorzitter")
    )
