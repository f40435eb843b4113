"""The matcher trusts certificates and signatures, never fields in the request."""

from __future__ import annotations

import sqlite3

import grpc
import pytest
from google.rpc import error_details_pb2
from grpc_status import rpc_status

from signalmatch import crypto
from signalmatch.audit.log import AuditEntry
from signalmatch.node.intake import new_ref, pseudonymised
from signalmatch.node.outbox import build_batch
from signalmatch.node.pseudonymise import TokenKey, tokens
from signalmatch.node.signal import from_json, validate
from signalmatch.node.vault import Operation
from signalmatch.protocol import BATCH_LABEL
from signalmatch.v1 import hits_pb2, hits_pb2_grpc, submission_pb2, submission_pb2_grpc


def one_signal_operations(seq: int = 1) -> list[Operation]:
    accepted = validate(
        from_json(
            {
                "external_id": f"X-{seq}",
                "observed_at": "2026-05-01",
                "municipality": "Amersfoort",
                "exploitation_types": ["onbekend"],
                "vehicles": [{"kenteken": "AB-123-C"}],
            }
        )
    )
    ref = new_ref()
    key = TokenKey("midden-nederland", 1, b"k" * 32)
    message = pseudonymised(accepted, ref, key.epoch, tokens(key, accepted.identifiers))
    return [Operation(seq, "submit", ref, message.SerializeToString())]


def submit(fed, partner_cert: str, body: bytes, signature: bytes):
    channel = fed.channel_to_matcher(fed.node_config(partner_cert).tls)
    stub = submission_pb2_grpc.SubmissionServiceStub(channel)
    return stub.SubmitBatch(submission_pb2.SubmitBatchRequest(batch=body, signature=signature), timeout=10)


def audit_actions(fed) -> list[AuditEntry]:
    db = sqlite3.connect(fed.matcher_config().data_dir / "matcher.sqlite")
    try:
        from signalmatch.audit.log import AuditLog

        log = AuditLog(db, origin="midden-nederland/matcher")
        return [log.entry(i) for i in range(log.size())]
    finally:
        db.close()


def test_spoofed_partner_and_bad_signature_are_rejected_and_logged(federation):
    federation.start_matcher()
    nla = federation.node_config("nla")
    vtgv = federation.node_config("vtgv")
    nla_key = crypto.load_ed25519_private(nla.signing_key)
    vtgv_key = crypto.load_ed25519_private(vtgv.signing_key)

    # vtgv's certificate, a batch that claims to come from nla, signed with nla's key.
    body, signature = build_batch("midden-nederland", "nla", nla_key, "b" * 32, one_signal_operations())
    with pytest.raises(grpc.RpcError) as err:
        submit(federation, "vtgv", body, signature)
    assert err.value.code() == grpc.StatusCode.PERMISSION_DENIED

    # vtgv's certificate and batch, but signed with another key.
    body, _ = build_batch("midden-nederland", "vtgv", vtgv_key, "c" * 32, one_signal_operations())
    with pytest.raises(grpc.RpcError) as err:
        submit(federation, "vtgv", body, crypto.sign(nla_key, BATCH_LABEL, body))
    assert err.value.code() == grpc.StatusCode.UNAUTHENTICATED

    # A batch for another table.
    body, signature = build_batch("other-table", "vtgv", vtgv_key, "d" * 32, one_signal_operations())
    with pytest.raises(grpc.RpcError) as err:
        submit(federation, "vtgv", body, signature)
    assert err.value.code() == grpc.StatusCode.PERMISSION_DENIED

    entries = audit_actions(federation)
    rejected = [e for e in entries if e.action == "batch.rejected"]
    assert len(rejected) == 3
    assert all(e.actor_org == "vtgv" and e.outcome == "rejected" for e in rejected)
    assert not [e for e in entries if e.action == "batch.accepted"]


def test_retried_batch_is_idempotent_and_batch_ids_cannot_be_reused(federation):
    federation.start_matcher()
    vtgv = federation.node_config("vtgv")
    key = crypto.load_ed25519_private(vtgv.signing_key)
    body, signature = build_batch("midden-nederland", "vtgv", key, "e" * 32, one_signal_operations())
    first = submit(federation, "vtgv", body, signature)
    again = submit(federation, "vtgv", body, signature)
    assert first.receipt == again.receipt and first.signature == again.signature
    receipt = submission_pb2.BatchReceipt.FromString(first.receipt)
    assert receipt.submitted == 1 and receipt.batch_sha256 == crypto.sha256(body)
    matcher_key = crypto.ed25519_public_from_b64(vtgv.matcher_signing_public_key)
    crypto.verify(matcher_key, "signalmatch.v1.BatchReceipt", first.receipt, first.signature)
    accepted = [e for e in audit_actions(federation) if e.action == "batch.accepted"]
    assert len(accepted) == 1 and receipt.log_index == audit_actions(federation).index(accepted[0])

    other, other_sig = build_batch("midden-nederland", "vtgv", key, "e" * 32, one_signal_operations(2))
    with pytest.raises(grpc.RpcError) as err:
        submit(federation, "vtgv", other, other_sig)
    assert err.value.code() == grpc.StatusCode.FAILED_PRECONDITION


def test_malformed_batch_content_gets_field_errors_in_the_signed_receipt(federation):
    federation.start_matcher()
    vtgv = federation.node_config("vtgv")
    key = crypto.load_ed25519_private(vtgv.signing_key)
    op = one_signal_operations()[0]
    message = submission_pb2.PseudonymisedSignal.FromString(op.payload)
    message.tokens[0].value = b"short"
    message.metadata.municipality = "Jan Jansen 0612345678"
    bad = Operation(1, "submit", op.ref, message.SerializeToString())
    body, signature = build_batch("midden-nederland", "vtgv", key, "f" * 32, [bad])
    response = submit(federation, "vtgv", body, signature)
    matcher_key = crypto.ed25519_public_from_b64(vtgv.matcher_signing_public_key)
    crypto.verify(matcher_key, "signalmatch.v1.BatchReceipt", response.receipt, response.signature)
    [rejected] = submission_pb2.BatchReceipt.FromString(response.receipt).rejected
    assert {v.field for v in rejected.violations} == {"submit.tokens[0].value", "submit.metadata.municipality"}
    assert b"Jan Jansen" not in response.receipt  # the receipt never echoes free text
    # What no operation can fix still refuses the batch as a whole, with field errors.
    body, signature = build_batch("midden-nederland", "vtgv", key, "not a batch id!", [bad])
    with pytest.raises(grpc.RpcError) as err:
        submit(federation, "vtgv", body, signature)
    assert err.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    status = rpc_status.from_call(err.value)
    detail = error_details_pb2.BadRequest()
    status.details[0].Unpack(detail)
    assert {v.field for v in detail.field_violations} == {"batch.batch_id"}


def test_roles_are_enforced_per_service(federation):
    federation.start_matcher()
    # A partner may not act as chair.
    partner_channel = federation.channel_to_matcher(federation.node_config("vtgv").tls)
    with pytest.raises(grpc.RpcError) as err:
        hits_pb2_grpc.HitServiceStub(partner_channel).ListHits(hits_pb2.ListHitsRequest(), timeout=5)
    assert err.value.code() == grpc.StatusCode.PERMISSION_DENIED
    # An operator certificate is for the partner's own node only.
    operator_channel = federation.channel_to_matcher(federation.node_config("vtgv").operator_tls)
    with pytest.raises(grpc.RpcError) as err:
        submission_pb2_grpc.SubmissionServiceStub(operator_channel).SubmitBatch(
            submission_pb2.SubmitBatchRequest(), timeout=5
        )
    assert err.value.code() == grpc.StatusCode.PERMISSION_DENIED
    # The chair may not submit.
    chair_channel = federation.channel_to_matcher(federation.chair_config().tls)
    with pytest.raises(grpc.RpcError) as err:
        submission_pb2_grpc.SubmissionServiceStub(chair_channel).SubmitBatch(
            submission_pb2.SubmitBatchRequest(), timeout=5
        )
    assert err.value.code() == grpc.StatusCode.PERMISSION_DENIED


def test_a_node_certificate_cannot_pose_as_the_matcher(federation):
    """Clients pin the matcher's server name: a server with a partner's certificate is refused."""
    from signalmatch import transport
    from signalmatch.v1 import intake_pb2_grpc

    impostor, port = transport.make_server(
        "127.0.0.1:0",
        federation.node_config("nla").tls,  # a valid certificate of the same CA, but not the matcher's
        lambda server: intake_pb2_grpc.add_IntakeServiceServicer_to_server(intake_pb2_grpc.IntakeServiceServicer(), server),
        [],
    )
    impostor.start()
    try:
        chair = federation.chair_config()
        with transport.matcher_channel(chair.table, f"127.0.0.1:{port}", chair.tls) as channel:
            with pytest.raises(grpc.RpcError) as err:
                hits_pb2_grpc.HitServiceStub(channel).ListHits(hits_pb2.ListHitsRequest(), timeout=5)
        assert err.value.code() == grpc.StatusCode.UNAVAILABLE
        # The real matcher passes the same check.
        federation.start_matcher()
        assert federation.hits().ListHits(hits_pb2.ListHitsRequest(), timeout=5).total_size == 0
    finally:
        impostor.stop(0)


def test_one_validator_names_every_rule_of_a_submitted_signal():
    """matcher.service.signal_in is the kernel's wire validator (signalmatch.wire, which the nodes
    run at intake too) plus what the matcher keeps: the rule ids of the wire stay, the texts follow
    the language, and nothing is half-checked."""
    from signalmatch import i18n
    from signalmatch.errors import ValidationError
    from signalmatch.matcher.service import signal_in
    from signalmatch.wire import SubmissionRules

    message = submission_pb2.PseudonymisedSignal.FromString(one_signal_operations()[0].payload)
    message.metadata.exploitation_types.append(message.metadata.exploitation_types[0])  # twice: kept once
    towns = frozenset({"Amersfoort"})
    rules = SubmissionRules(towns, frozenset({1}), fuzzy_matching=False)
    accepted = signal_in("vtgv", message, rules)
    assert accepted.metadata.exploitation_types == ("onbekend",) and accepted.tokens[0].epoch == 1
    assert signal_in("vtgv", message, rules, destroyed_epochs=frozenset({1})).tokens == ()

    message.signal_ref += "\n"  # a trailing newline passed the old `^...$` patterns
    message.metadata.month = "2026-05\n"
    message.tokens[0].kind = 999  # not an IdentifierKind
    message.tokens[0].value = b"short"
    message.metadata.subject_roles.append(999)
    message.encodings.add(kind=1, bits=bytes(64), blocks=[bytes(8)], epoch=2)
    with pytest.raises(ValidationError) as err, i18n.using("en"):
        signal_in("vtgv", message, SubmissionRules(towns, frozenset({1})))
    found = {(v.field, v.rule) for v in err.value.violations}
    assert found == {
        ("signal_ref", "signal_ref.format"),
        ("metadata.month", "month.format"),
        ("tokens[0].kind", "kind.unknown"),
        ("tokens[0].value", "token.length"),
        ("metadata.subject_roles[0]", "role.unknown"),
        ("encodings[0].epoch", "epoch.range"),
    }
    assert "unknown identifier kind '999'" in str(err.value)
    with pytest.raises(ValidationError) as err:
        signal_in("vtgv", message, rules)
    assert ("encodings", "encodings.disabled") in {(v.field, v.rule) for v in err.value.violations}
