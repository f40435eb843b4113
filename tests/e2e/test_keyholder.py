"""The oblivious keyholder in the loop: layered tokens, blinding, proofs, quotas, roles, outages."""

from __future__ import annotations

import base64
import dataclasses
import datetime
import sqlite3

import grpc
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from support import TABLE, drained, wait_for
from test_federation_e2e import all_hits, create, signal_json

from signalmatch import config, crypto, oprf, transport
from signalmatch.errors import ConfigError
from signalmatch.keyholder import keys
from signalmatch.keyholder.store import KeyholderStore, Limits, QuotaExceededError
from signalmatch.node.server import Node
from signalmatch.v1 import common_pb2, intake_pb2, keyholder_pb2, keyholder_pb2_grpc

PHONE_PERSON = {"role": "mogelijk_slachtoffer", "surname": "Kowalska", "phones": ["06-12 34 56 78"]}


class RecordingInterceptor(grpc.ServerInterceptor):
    """Records what the keyholder receives in EvaluateBatch, as it arrives on the wire."""

    def __init__(self):
        self.batches: list[list[bytes]] = []

    def intercept_service(self, continuation, handler_call_details):
        handler = continuation(handler_call_details)
        if handler is None or not handler_call_details.method.endswith("/EvaluateBatch"):
            return handler

        def behavior(request, context):
            self.batches.append(list(request.blinded_elements))
            return handler.unary_unary(request, context)

        return grpc.unary_unary_rpc_method_handler(
            behavior,
            request_deserializer=handler.request_deserializer,
            response_serializer=handler.response_serializer,
        )


def restart_keyholder(fed, cfg: config.KeyholderConfig | None = None, **options):
    if fed.keyholder is not None:
        fed.keyholder.stop()
        fed.running.remove(fed.keyholder)
        fed.keyholder = None
    return fed.start_keyholder(cfg, **options)


def matcher_tokens(fed) -> set[bytes]:
    db = sqlite3.connect(fed.matcher_config().data_dir / "matcher.sqlite")
    try:
        return {row[0] for row in db.execute("SELECT value FROM tokens")}
    finally:
        db.close()


def matcher_signal_count(fed) -> int:
    db = sqlite3.connect(fed.matcher_config().data_dir / "matcher.sqlite")
    try:
        return db.execute("SELECT count(*) FROM signals").fetchone()[0]
    finally:
        db.close()


def node_hmac_tokens(node: Node) -> set[bytes]:
    with node.vault.transaction() as conn:
        return {row[0] for row in conn.execute("SELECT token FROM signal_tokens")}


def keyholder_actions(fed) -> list:
    store = fed.keyholder.store
    with store.transaction():
        return store.audit.entries(0, store.audit.size())


def status(fed, partner: str) -> intake_pb2.GetNodeStatusResponse:
    return fed.intake(partner).GetNodeStatus(intake_pb2.GetNodeStatusRequest(), timeout=5)


def keyholder_stub(fed, tls: config.TlsFiles) -> keyholder_pb2_grpc.KeyholderServiceStub:
    channel = transport.secure_channel(
        fed.keyholder_config().listen, tls, expect=transport.Identity(TABLE, "keyholder", "")
    )
    fed.running.append(channel)
    return keyholder_pb2_grpc.KeyholderServiceStub(channel)


# -- end to end ----------------------------------------------------------------------------------


def test_layered_tokens_form_the_same_hits_and_the_keyholder_sees_only_blinded_elements(federation):
    recorder = RecordingInterceptor()
    restart_keyholder(federation, interceptors=[recorder])
    federation.start_matcher()
    nodes = {p: federation.start_node(p) for p in federation.partners}
    create(federation.intake("vtgv"), signal_json("VT-1", persons=[PHONE_PERSON]))
    wait_for(lambda: drained(federation, federation.partners), what="first signal delivered")
    # The same identifier again, at another partner and written differently: another batch.
    pol_person = {"role": "mogelijke_dader", "surname": "Nowak", "phones": ["+31612345678"]}
    create(federation.intake("politie-avim"), signal_json("POL-1", persons=[pol_person]))
    create(federation.intake("nla"), signal_json("NLA-1", vehicles=[{"kenteken": "AB-123-C"}]))
    wait_for(lambda: drained(federation, federation.partners), what="outboxes drained")

    hits = wait_for(lambda: all_hits(federation), what="a hit")
    assert len(hits) == 1 and sorted(hits[0].partners) == ["politie-avim", "vtgv"]
    assert list(hits[0].identifier_kinds) == [common_pb2.IDENTIFIER_KIND_PHONE]

    # final token = OPRF(hmac token)[:32] under the epoch-1 key, for every token the matcher has.
    hmac_tokens = set().union(*(node_hmac_tokens(n) for n in nodes.values()))
    key = keys.read_key(federation.keyholder_config().oprf_keys[1], TABLE, 1)
    assert key.seed is not None  # made from a seed: evaluated on voprf
    at_matcher = matcher_tokens(federation)
    assert at_matcher == {oprf.evaluate(key, t)[:32] for t in hmac_tokens}
    assert not at_matcher & hmac_tokens

    # What the keyholder received: random-looking elements only, the shared phone twice but as
    # two different elements, never an HMAC token or a final token.
    received = [e for batch in recorder.batches for e in batch]
    per_node = [node_hmac_tokens(n) for n in nodes.values()]
    assert len(received) == sum(map(len, per_node)) == 3  # phone (vtgv), phone (politie), kenteken
    assert len(hmac_tokens) == 2  # the phone's HMAC token is the same at both partners
    assert len(set(received)) == len(received)
    assert not set(received) & (hmac_tokens | at_matcher)
    # Its audit log counts them per batch (partner, count, epoch) and never holds an element.
    evaluated = [e for e in keyholder_actions(federation) if e.action == "oprf.evaluated"]
    assert len(evaluated) == len(recorder.batches)
    assert sum(int(dict(e.details)["count"]) for e in evaluated) == len(received)
    assert {e.actor_org for e in evaluated} == set(federation.partners)
    assert all(dict(e.details)["epoch"] == "1" and e.objects == ("epochs/1",) for e in evaluated)
    federation.keyholder.stop()
    database = b"".join(p.read_bytes() for p in federation.keyholder_config().data_dir.iterdir() if p.is_file())
    for element in received:
        assert element not in database and base64.b64encode(element) not in database


def test_wrong_pinned_key_refuses_the_evaluation_and_nothing_is_submitted(federation):
    federation.start_matcher()
    cfg = federation.node_config("vtgv")
    impostor = base64.b64encode(oprf.generate_key_pair().public).decode()
    node = Node(dataclasses.replace(cfg, keyholder_public_keys={1: impostor}), max_backoff=0.2)
    node.start()
    federation.running.append(node)
    create(federation.intake("vtgv"), signal_json("VT-1", persons=[PHONE_PERSON]))
    got = wait_for(lambda: (s := status(federation, "vtgv")).last_error and s, what="the refusal")
    assert "epoch 1" in got.last_error and got.outbox_pending == 1
    assert matcher_signal_count(federation) == 0
    with node.vault.transaction() as conn:
        assert conn.execute("SELECT count(*) FROM batches").fetchone()[0] == 0  # nothing frozen
    # With the published key pinned again, the same signal goes through.
    node.stop()
    federation.start_node("vtgv", max_backoff=0.2)
    wait_for(lambda: drained(federation, ["vtgv"]), what="delivered with the right key")
    assert matcher_signal_count(federation) == 1


def test_keyholder_outage_loses_nothing(federation):
    federation.start_matcher()
    federation.start_node("vtgv", max_backoff=0.2)
    federation.start_node("nla", max_backoff=0.2)
    federation.keyholder.stop()
    create(federation.intake("vtgv"), signal_json("VT-1", persons=[PHONE_PERSON]))
    nla_person = {"role": "betrokkene", "surname": "Nowak", "phones": ["0031 6 12345678"]}
    create(federation.intake("nla"), signal_json("NLA-1", persons=[nla_person]))
    got = wait_for(lambda: (s := status(federation, "vtgv")).last_error and s, what="the outage reported")
    assert "UNAVAILABLE" in got.last_error and got.outbox_pending == 1
    assert matcher_signal_count(federation) == 0
    restart_keyholder(federation)
    wait_for(lambda: drained(federation, ["vtgv", "nla"]), what="delivered after the keyholder came back")
    assert status(federation, "vtgv").last_error == ""
    hits = wait_for(lambda: all_hits(federation), what="the hit")
    assert sorted(hits[0].partners) == ["nla", "vtgv"]


def test_quota_exceeded_is_resource_exhausted_with_a_clear_message_and_retried(federation):
    cfg = dataclasses.replace(federation.keyholder_config(), quota_per_hour=3)
    restart_keyholder(federation, cfg)
    stub = keyholder_stub(federation, federation.node_config("nla").tls)
    _, blinded = oprf.blind([b"a", b"b", b"c", b"d"])
    answer = stub.EvaluateBatch(keyholder_pb2.EvaluateBatchRequest(epoch=1, blinded_elements=blinded[:3]), timeout=5)
    assert len(answer.evaluated_elements) == 3 and len(answer.proof) == 64
    with pytest.raises(grpc.RpcError) as info:
        stub.EvaluateBatch(keyholder_pb2.EvaluateBatchRequest(epoch=1, blinded_elements=blinded[3:]), timeout=5)
    assert info.value.code() == grpc.StatusCode.RESOURCE_EXHAUSTED
    message = info.value.details()
    assert "nla" in message and " 3 " in message and ":00:00Z" in message
    refused = [e for e in keyholder_actions(federation) if e.action == "oprf.quota_exceeded"]
    assert [(e.actor_org, e.outcome) for e in refused] == [("nla", "refused")]

    # A node over quota keeps its signal queued (not parked) and delivers once the quota allows.
    federation.start_matcher()
    federation.start_node("vtgv", max_backoff=0.2)
    four_identifiers = signal_json(
        "VT-1",
        persons=[PHONE_PERSON, {**PHONE_PERSON, "phones": ["0612345679"]}],
        vehicles=[{"kenteken": "AB-123-C"}, {"kenteken": "XX-99-99"}],
    )
    create(federation.intake("vtgv"), four_identifiers)
    got = wait_for(lambda: (s := status(federation, "vtgv")).last_error and s, what="the quota reported")
    assert "RESOURCE_EXHAUSTED" in got.last_error and "vtgv" in got.last_error
    assert got.outbox_pending == 1 and got.operations_rejected == 0
    restart_keyholder(federation, dataclasses.replace(cfg, quota_per_hour=100))
    wait_for(lambda: drained(federation, ["vtgv"]), what="delivered within the larger quota")
    assert matcher_signal_count(federation) == 1


@pytest.mark.parametrize("who", ["chair", "operator", "officer", "table officer", "matcher"])
def test_only_partner_nodes_may_evaluate(federation, who):
    stem = {
        "chair": federation.chair_config_path().parent / "tls",
        "operator": federation.node_dir("vtgv") / "operator",
        "officer": federation.officer_config_path("vtgv").parent / "tls",
        "table officer": federation.officer_config_path("tafel").parent / "tls",
        "matcher": federation.matcher_dir() / "tls",
    }[who]
    tls = config.TlsFiles(ca=stem.parent / "ca.crt", cert=stem.with_suffix(".crt"), key=stem.with_suffix(".key"))
    stub = keyholder_stub(federation, tls)
    _, blinded = oprf.blind([b"x"])
    for call, request in [
        (stub.EvaluateBatch, keyholder_pb2.EvaluateBatchRequest(epoch=1, blinded_elements=blinded)),
        (stub.GetEpochKey, keyholder_pb2.GetEpochKeyRequest(epoch=1)),
    ]:
        with pytest.raises(grpc.RpcError) as info:
            call(request, timeout=5)
        assert info.value.code() == grpc.StatusCode.PERMISSION_DENIED
    assert not [e for e in keyholder_actions(federation) if e.action == "oprf.evaluated"]


def test_partner_not_served_bad_input_and_epoch_key(federation):
    restart_keyholder(federation, dataclasses.replace(federation.keyholder_config(), partners=("vtgv",)))
    with pytest.raises(grpc.RpcError) as info:
        keyholder_stub(federation, federation.node_config("nla").tls).GetEpochKey(
            keyholder_pb2.GetEpochKeyRequest(epoch=1), timeout=5
        )
    assert info.value.code() == grpc.StatusCode.PERMISSION_DENIED and "nla" in info.value.details()

    stub = keyholder_stub(federation, federation.node_config("vtgv").tls)
    published = federation.node_config("vtgv").keyholder_public_keys[1]
    key = stub.GetEpochKey(keyholder_pb2.GetEpochKeyRequest(epoch=1), timeout=5)
    assert base64.b64encode(key.public_key).decode() == published and key.suite.endswith("ristretto255-SHA512")
    for request, code in [
        (keyholder_pb2.GetEpochKeyRequest(epoch=2), grpc.StatusCode.NOT_FOUND),
        (keyholder_pb2.GetEpochKeyRequest(epoch=0), grpc.StatusCode.INVALID_ARGUMENT),
    ]:
        with pytest.raises(grpc.RpcError) as info:
            stub.GetEpochKey(request, timeout=5)
        assert info.value.code() == code
    _, blinded = oprf.blind([b"x"])
    not_canonical = (2**255 - 19).to_bytes(32, "little")
    high_bit = blinded[0][:31] + bytes([blinded[0][31] | 0x80])
    for elements in [[], [b"\x01" * 31], [bytes(32)], [not_canonical], blinded + [high_bit], blinded * 5_001]:
        with pytest.raises(grpc.RpcError) as info:
            stub.EvaluateBatch(keyholder_pb2.EvaluateBatchRequest(epoch=1, blinded_elements=elements), timeout=10)
        assert info.value.code() == grpc.StatusCode.INVALID_ARGUMENT


# -- the store: keys sealed at rest, counters, alerts --------------------------------------------


START = datetime.datetime(2026, 3, 2, 9, 15, tzinfo=datetime.UTC)
LIMITS = Limits(quota_per_hour=10_000, alert_factor=5, alert_threshold=1_000)


@pytest.fixture
def store(tmp_path):
    s = KeyholderStore(tmp_path / "kh.sqlite", crypto.new_secret(), TABLE)
    yield s
    s.close()


def alerts(store: KeyholderStore) -> list:
    with store.transaction():
        return [e for e in store.audit.entries(0, store.audit.size()) if e.action == "oprf.volume_alert"]


def test_volume_alert_on_the_first_day_uses_the_fixed_threshold_once_per_hour(store):
    assert store.record("nla", "u", 1, 600, LIMITS, START) is None
    alert = store.record("nla", "u", 1, 500, LIMITS, START + datetime.timedelta(minutes=5))
    assert alert is not None and (alert.evaluations, alert.limit, alert.baseline) == (1_100, 1_000, 0)
    assert store.record("nla", "u", 1, 500, LIMITS, START + datetime.timedelta(minutes=6)) is None  # once
    assert store.record("vtgv", "u", 1, 900, LIMITS, START) is None  # per partner
    assert [dict(e.details)["evaluations"] for e in alerts(store)] == ["1100"]
    assert alerts(store)[0].objects == ("partners/nla",)


def test_volume_alert_after_a_day_uses_the_median_of_active_hours(store):
    first = START - datetime.timedelta(days=2)
    store.record("nla", "u", 1, 10, LIMITS, first)
    for hours_ago, count in [(1, 100), (2, 200), (3, 300), (5, 200)]:  # median 200 -> limit 1,000
        store.record("nla", "u", 1, count, LIMITS, START - datetime.timedelta(hours=hours_ago))
    assert not alerts(store)
    assert store.record("nla", "u", 1, 1_000, LIMITS, START) is None
    alert = store.record("nla", "u", 1, 1, LIMITS, START)
    assert alert is not None and (alert.limit, alert.baseline) == (1_000, 200)


def test_quota_is_per_partner_and_clock_hour(store):
    limits = dataclasses.replace(LIMITS, quota_per_hour=100)
    store.record("nla", "u", 1, 100, limits, START)
    with pytest.raises(QuotaExceededError) as info:
        store.record("nla", "u", 1, 1, limits, START + datetime.timedelta(minutes=40))
    assert (info.value.partner, info.value.limit, info.value.reset) == ("nla", 100, "2026-03-02T10:00:00Z")
    assert store.usage("nla", START) == 100
    store.record("vtgv", "u", 1, 100, limits, START)
    store.record("nla", "u", 1, 100, limits, START + datetime.timedelta(minutes=45))  # 10:00: a new hour


def test_oprf_key_is_sealed_at_rest_and_never_replaced(store, tmp_path):
    keys.make_key(tmp_path, TABLE, 1, Ed25519PrivateKey.generate())  # a seed, as the keyholder makes keys
    key_file = tmp_path / "oprf-epoch-1.key"
    seed = base64.b64decode(key_file.read_bytes().removeprefix(keys.SEED_PREFIX))
    pair = oprf.derive_key_pair(seed, keys.key_info(TABLE, 1))
    assert store.import_key(1, key_file, START).public == pair.public
    store.import_key(1, key_file, START)  # again: harmless
    assert store.key(1).public == pair.public and store.key(1).seed == seed and store.key(1).secret == pair.secret
    other = tmp_path / "other.key"
    crypto.write_private(other, crypto.secret_to_text(oprf.generate_key_pair().secret))
    with pytest.raises(ConfigError, match="epoch 1"):
        store.import_key(1, other, START)
    # A bare scalar (how keys were made before): stored and evaluated as such, on libsodium.
    old = oprf.generate_key_pair()
    old_file = tmp_path / "oprf-epoch-2.key"
    crypto.write_private(old_file, crypto.secret_to_text(old.secret))
    assert store.import_key(2, old_file, START).seed is None
    assert store.key(2).secret == old.secret and store.key(2).seed is None
    rows = store.conn.execute("SELECT sealed_secret, key_info FROM oprf_keys ORDER BY epoch").fetchall()
    assert [info for _, info in rows] == [keys.key_info(TABLE, 1), None]
    for (raw, _), secret in zip(rows, (seed, old.secret), strict=True):
        assert secret not in raw and pair.secret not in raw and len(raw) == 12 + 32 + 16
    for name, text in [("bad.key", crypto.secret_to_text(b"\xff" * 32)), ("short.key", keys.SEED_PREFIX + b"AAAA\n")]:
        crypto.write_private(tmp_path / name, text)  # a scalar not below the group order; a short seed
        with pytest.raises(ConfigError, match=name):
            store.import_key(3, tmp_path / name, START)
