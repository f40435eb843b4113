"""Every RPC of every server, fuzzed at the wire: no INTERNAL, no crash, no hang.

Requests are built from the message descriptors as raw protobuf bytes, so they can hold what no
generated class would write: any field with any value of its wire type (varints out of range,
negative enums), repeated fields, wrong wire types, unknown fields, deeply nested groups, and
invalid UTF-8 in strings. Each is sent with a certificate that passes authorisation for the service,
so the request reaches validation. The same test runs once more in a subprocess with the pure-Python
protobuf backend (PROTOCOL_BUFFERS_PYTHON_IMPLEMENTATION=python), which raises UnicodeDecodeError
where the C (upb) backend raises DecodeError.
"""

from __future__ import annotations

import os
import subprocess
import sys

import grpc
import pytest
from google.protobuf.descriptor import Descriptor, FieldDescriptor
from google.protobuf.internal import api_implementation
from grpc_health.v1 import health_pb2, health_pb2_grpc
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import PARTNERS, REPO, TABLE, Federation

from signalmatch import transport
from signalmatch.deploy.federation import init_federation
from signalmatch.v1 import audit_pb2, disclosure_pb2, hits_pb2, intake_pb2, keyholder_pb2, officer_pb2, submission_pb2

pytestmark = pytest.mark.slow

PARTNER = "vtgv"
EXAMPLES = int(os.environ.get("SIGNALMATCH_FUZZ_EXAMPLES", "25"))
BAD_CODES = {
    grpc.StatusCode.INTERNAL,
    grpc.StatusCode.UNKNOWN,
    grpc.StatusCode.DEADLINE_EXCEEDED,
    grpc.StatusCode.UNAVAILABLE,
    grpc.StatusCode.DATA_LOSS,
}

# server -> services on it, and whose certificate passes each service's authorisation
SERVICES = [
    ("matcher", submission_pb2, "SubmissionService", "partner"),
    ("matcher", hits_pb2, "HitService", "chair"),
    ("matcher", hits_pb2, "FeedbackService", "partner"),
    ("matcher", disclosure_pb2, "DisclosureService", "chair"),
    ("matcher", disclosure_pb2, "DisclosureService", "partner"),
    ("matcher", audit_pb2, "AuditService", "officer"),
    ("node", intake_pb2, "IntakeService", "operator"),
    ("node", officer_pb2, "OfficerService", "officer"),
    ("node", audit_pb2, "AuditService", "officer"),
    ("keyholder", keyholder_pb2, "KeyholderService", "partner"),
]
METHODS = [
    (server, cert, method)
    for server, module, service, cert in SERVICES
    for method in module.DESCRIPTOR.services_by_name[service].methods
]


# -- raw protobuf from descriptors ------------------------------------------------------------------


def varint(value: int) -> bytes:
    value &= (1 << 64) - 1
    out = bytearray()
    while True:
        byte, value = value & 0x7F, value >> 7
        out.append(byte | (0x80 if value else 0))
        if not value:
            return bytes(out)


def key(number: int, wire_type: int) -> bytes:
    return varint(number << 3 | wire_type)


def length_delimited(number: int, payload: bytes) -> bytes:
    return key(number, 2) + varint(len(payload)) + payload


VARINTS = st.one_of(
    st.integers(-(2**63), 2**64 - 1),
    st.sampled_from([0, 1, -1, 2**31, 2**31 - 1, -(2**31), 2**32, 2**63 - 1, 2**63, 2**64 - 1, 2**70]),
)
TEXTS = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["hits/1", "hits/１", "hits/99999999999999999999999", "disclosures/1", "signals/abc", "", " "]),
).map(lambda s: s.encode("utf-8", "surrogatepass"))
INVALID_UTF8 = st.sampled_from([b"\xff", b"\xc3\x28", b"\xed\xa0\x80", b"abc\x80", b"\xf8\x88\x80\x80\x80", b"\x00"])
_VARINT_TYPES = {
    FieldDescriptor.TYPE_INT32, FieldDescriptor.TYPE_INT64, FieldDescriptor.TYPE_UINT32, FieldDescriptor.TYPE_UINT64,
    FieldDescriptor.TYPE_SINT32, FieldDescriptor.TYPE_SINT64, FieldDescriptor.TYPE_BOOL, FieldDescriptor.TYPE_ENUM,
}  # fmt: skip
_FIXED = {
    FieldDescriptor.TYPE_FIXED32: 5, FieldDescriptor.TYPE_SFIXED32: 5, FieldDescriptor.TYPE_FLOAT: 5,
    FieldDescriptor.TYPE_FIXED64: 1, FieldDescriptor.TYPE_SFIXED64: 1, FieldDescriptor.TYPE_DOUBLE: 1,
}  # fmt: skip


def field_value(draw, field: FieldDescriptor, depth: int) -> bytes:
    if draw(st.integers(0, 30)) == 0:  # now and then the wrong wire type
        return key(field.number, draw(st.sampled_from([0, 1, 2, 5]))) + varint(draw(VARINTS))
    if field.type in _VARINT_TYPES:
        return key(field.number, 0) + varint(draw(VARINTS))
    if field.type in _FIXED:
        size = 4 if _FIXED[field.type] == 5 else 8
        return key(field.number, _FIXED[field.type]) + draw(st.binary(min_size=size, max_size=size))
    if field.type == FieldDescriptor.TYPE_STRING:
        return length_delimited(field.number, draw(st.one_of(TEXTS, INVALID_UTF8)))
    if field.type == FieldDescriptor.TYPE_BYTES:
        return length_delimited(field.number, draw(st.binary(max_size=80)))
    if field.type == FieldDescriptor.TYPE_MESSAGE:
        inner = draw(message(field.message_type, depth + 1)) if depth < 4 else b""
        return length_delimited(field.number, inner)
    return b""


def unknown_field(draw, depth: int) -> bytes:
    number = draw(st.integers(100, 2**29 - 1))
    kind = draw(st.sampled_from(["varint", "fixed", "bytes", "nested", "groups"]))
    if kind == "varint":
        return key(number, 0) + varint(draw(VARINTS))
    if kind == "fixed":
        return key(number, 5) + draw(st.binary(min_size=4, max_size=4))
    if kind == "bytes":
        return length_delimited(number, draw(st.binary(max_size=40)))
    if kind == "nested":  # a length-delimited field holding itself, deeply
        payload = b""
        for _ in range(draw(st.integers(1, 200))):
            payload = length_delimited(number, payload)
        return payload
    levels = draw(st.integers(1, 300))  # nested groups: past any recursion limit
    return key(number, 3) * levels + key(number, 4) * levels


@st.composite
def message(draw, descriptor: Descriptor, depth: int = 0) -> bytes:
    out = b""
    for field in descriptor.fields:
        if draw(st.booleans()):
            repeats = draw(st.integers(1, 3)) if field.is_repeated else 1
            out += b"".join(field_value(draw, field, depth) for _ in range(repeats))
    for _ in range(draw(st.integers(0, 2)) if depth == 0 else 0):
        out += unknown_field(draw, depth)
    if draw(st.integers(0, 40)) == 0:
        out += draw(st.binary(max_size=8))  # truncated garbage at the end
    return out


# -- servers and callers --------------------------------------------------------------------------


class Servers:
    def __init__(self, root):
        init_federation(root, TABLE, PARTNERS, ["voorzitter"])
        self.fed = Federation(root, PARTNERS)
        self.fed.start_keyholder()
        self.fed.start_matcher()
        self.fed.start_node(PARTNER)
        node = self.fed.node_config(PARTNER)
        officer = self.fed.officer_config(PARTNER)
        self.certs = {
            "partner": node.tls,
            "operator": node.operator_tls,
            "chair": self.fed.chair_config().tls,
            "officer": officer.tls,
        }
        self.targets = {
            "matcher": (node.matcher_address, transport.Identity(TABLE, "matcher")),
            "node": (node.listen, transport.Identity(TABLE, "partner", PARTNER)),
            "keyholder": (node.keyholder_address, transport.Identity(TABLE, "keyholder")),
        }
        self._channels: dict[tuple[str, str], grpc.Channel] = {}

    def channel(self, server: str, cert: str) -> grpc.Channel:
        if (server, cert) not in self._channels:
            address, identity = self.targets[server]
            self._channels[(server, cert)] = transport.secure_channel(address, self.certs[cert], expect=identity)
        return self._channels[(server, cert)]

    def close(self) -> None:
        for channel in self._channels.values():
            channel.close()
        self.fed.stop_all()


@pytest.fixture(scope="module")
def servers(tmp_path_factory):
    made = Servers(tmp_path_factory.mktemp("fuzz") / "federation")
    yield made
    made.close()


def call(channel: grpc.Channel, path: str, method, payloads: list[bytes]) -> grpc.StatusCode:
    """Send raw request bytes (no serializer: they go as they are); the status code of the answer."""
    try:
        if method.client_streaming:
            responses = channel.stream_stream(path)(iter(payloads), timeout=10)
            for _ in responses:
                pass
        elif method.server_streaming:
            for _ in channel.unary_stream(path)(payloads[0], timeout=10):
                pass
        else:
            channel.unary_unary(path)(payloads[0], timeout=10)
    except grpc.RpcError as err:
        return err.code()
    return grpc.StatusCode.OK


@pytest.mark.parametrize(
    ("server", "cert", "method"), METHODS, ids=[f"{m.containing_service.name}.{m.name}-{c}" for _, c, m in METHODS]
)
def test_every_rpc_answers_any_request_without_internal_or_hang(servers, server, cert, method):
    path = f"/{method.containing_service.full_name}/{method.name}"
    channel = servers.channel(server, cert)

    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(payloads=st.lists(message(method.input_type), min_size=1, max_size=3))
    def fuzz(payloads: list[bytes]) -> None:
        code = call(channel, path, method, payloads)
        assert code not in BAD_CODES, f"{path} answered {code.name} to {payloads!r}"

    fuzz()
    # Still serving: the health check answers.
    health = health_pb2_grpc.HealthStub(channel)
    assert health.Check(health_pb2.HealthCheckRequest(), timeout=10).status == health_pb2.HealthCheckResponse.SERVING


def test_the_same_with_the_pure_python_protobuf_backend():
    """The pure-Python backend raises UnicodeDecodeError (not DecodeError) for invalid UTF-8."""
    if os.environ.get("PROTOCOL_BUFFERS_PYTHON_IMPLEMENTATION") == "python":
        assert api_implementation.Type() == "python"
        return  # this is the run in the subprocess below
    env = {**os.environ, "PROTOCOL_BUFFERS_PYTHON_IMPLEMENTATION": "python", "SIGNALMATCH_FUZZ_EXAMPLES": "8"}
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", __file__],
        env=env, cwd=REPO, capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    assert " passed" in run.stdout and "failed" not in run.stdout
