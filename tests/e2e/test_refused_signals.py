"""Issue 10, defect 1: a signal the matcher refuses is refused alone, shown, counted and correctable.

The node's policy has drifted from the matcher's (one municipality more): its intake accepts a
signal the matcher must refuse. Before the fix the matcher refused the whole batch, the node parked
it "for good" with a valid signal inside, and that one stayed PENDING for ever while status said 0 waiting.
"""

from __future__ import annotations

import dataclasses
import logging

import grpc
import pytest
from support import TABLE, drained, wait_for

from signalmatch.matcher.service import Matcher
from signalmatch.matcher.store import MatchStore
from signalmatch.node.server import Node
from signalmatch.node.signal import from_json, to_proto
from signalmatch.node.vault import Actor
from signalmatch.transport import Identity
from signalmatch.v1 import intake_pb2, signal_pb2, submission_pb2

ACTOR = Actor("vtgv", "operator", f"spiffe://{TABLE}/operator/vtgv")


def signal_json(external_id: str, municipality: str = "Utrecht", kenteken: str = "AB-123-C") -> dict:
    return {
        "external_id": external_id,
        "observed_at": "2026-03-14",
        "municipality": municipality,
        "exploitation_types": ["arbeidsuitbuiting"],
        "vehicles": [{"kenteken": kenteken}],
    }


def matcher_refs(fed) -> set[str]:
    store = MatchStore(fed.matcher_config().data_dir / "matcher.sqlite")
    try:
        return {r[0] for r in store.conn.execute("SELECT signal_ref FROM signals")}
    finally:
        store.close()


def test_a_refused_operation_is_rejected_alone_shown_counted_logged_once_and_correctable(federation, caplog):
    federation.start_matcher()
    cfg = federation.node_config("vtgv")
    drifted = dataclasses.replace(
        cfg, policy=dataclasses.replace(cfg.policy, municipalities=(*cfg.policy.municipalities, "Atlantis"))
    )
    node = Node(drifted, max_backoff=0.2)
    federation.running.append(node)
    # Both signals wait in the outbox before the pusher runs: they travel in ONE batch.
    bad, _ = node.intake.create(from_json(signal_json("VT-1", "Atlantis")), ACTOR)
    good, _ = node.intake.create(from_json(signal_json("VT-2", kenteken="XX-99-99")), ACTOR)
    with caplog.at_level(logging.WARNING, logger="signalmatch.node.outbox"):
        node.start()
        stub = federation.intake("vtgv")
        status = wait_for(
            lambda: (s := stub.GetNodeStatus(intake_pb2.GetNodeStatusRequest(), timeout=5)).signals_refused and s,
            what="the refusal",
        )
        wait_for(lambda: drained(federation, ["vtgv"]), what="outbox drained")
        # More rounds (a feedback poll, an empty push) say nothing new about it.
        stub.CreateSignal(intake_pb2.CreateSignalRequest(signal=to_proto(from_json(signal_json("VT-3", kenteken="YY-11-11")))), timeout=10)
        wait_for(lambda: drained(federation, ["vtgv"]), what="the next signal delivered")
    refusals = [r for r in caplog.records if "refused" in r.getMessage()]
    assert len(refusals) == 1 and refusals[0].levelno == logging.WARNING
    assert f"signals/{bad.ref}" in refusals[0].getMessage() and "Atlantis" not in refusals[0].getMessage()

    # The valid signal that shared the batch was applied; only the bad one was rejected.
    assert good.ref in matcher_refs(federation) and bad.ref not in matcher_refs(federation)
    assert status.outbox_pending == 0 and status.last_error == "" and status.operations_rejected == 0
    listed = {s.external_id: s for s in stub.ListSignals(intake_pb2.ListSignalsRequest(), timeout=5).signals}
    assert {k: s.state for k, s in listed.items()} == {
        "VT-1": signal_pb2.SIGNAL_STATE_REFUSED,
        "VT-2": signal_pb2.SIGNAL_STATE_SUBMITTED,
        "VT-3": signal_pb2.SIGNAL_STATE_SUBMITTED,
    }
    refusal = listed["VT-1"].refusal
    assert [(v.field, v.rule) for v in refusal.violations] == [("municipality", "municipality.unknown")]
    assert refusal.HasField("refuse_time")
    only = stub.ListSignals(intake_pb2.ListSignalsRequest(state=signal_pb2.SIGNAL_STATE_REFUSED), timeout=5)
    assert [s.external_id for s in only.signals] == ["VT-1"]

    # Staff correct it and resubmit; a signal that is not refused cannot be "resubmitted".
    corrected = to_proto(from_json(signal_json("VT-1", "Utrecht")))
    name = listed["VT-1"].name
    again = stub.ResubmitSignal(intake_pb2.ResubmitSignalRequest(name=name, signal=corrected), timeout=10).signal
    assert again.state == signal_pb2.SIGNAL_STATE_PENDING and not again.refusal.violations
    wait_for(lambda: drained(federation, ["vtgv"]), what="the corrected signal delivered")
    assert bad.ref in matcher_refs(federation)
    final = stub.GetSignal(intake_pb2.GetSignalRequest(name=name), timeout=5).signal
    assert final.state == signal_pb2.SIGNAL_STATE_SUBMITTED and final.municipality == "Utrecht"
    assert stub.GetNodeStatus(intake_pb2.GetNodeStatusRequest(), timeout=5).signals_refused == 0
    with pytest.raises(grpc.RpcError) as err:
        stub.ResubmitSignal(intake_pb2.ResubmitSignalRequest(name=name), timeout=10)
    assert err.value.code() == grpc.StatusCode.FAILED_PRECONDITION


def test_the_matcher_judges_each_operation_and_signs_the_rejections(federation, tmp_path):
    """A bad operation is rejected alone with field and rule in the signed receipt; identity,
    signature and table still refuse the whole batch."""
    from signalmatch import crypto
    from signalmatch.errors import PermissionDeniedError
    from signalmatch.node.outbox import build_batch
    from signalmatch.node.vault import Operation

    cfg = federation.matcher_config()
    store = MatchStore(tmp_path / "matcher.sqlite", cfg.policy.linkage_thresholds())
    matcher = Matcher(cfg, store)
    try:
        key = crypto.load_ed25519_private(federation.node_config("vtgv").signing_key)
        good = submission_pb2.PseudonymisedSignal(signal_ref="good-signal-1", epoch=1)
        good.metadata.municipality, good.metadata.month = "Utrecht", "2026-03"
        good.tokens.add(kind=2, value=bytes(32))
        bad = submission_pb2.PseudonymisedSignal()
        bad.CopyFrom(good)
        bad.signal_ref, bad.metadata.month = "bad-signal-1", "1-01"
        ops = [Operation(1, "submit", "", good.SerializeToString()), Operation(2, "submit", "", bad.SerializeToString())]
        ops.append(Operation(3, "withdraw", "Jan Jansen", b""))
        body, signature = build_batch(TABLE, "vtgv", key, "batch-000001", ops)
        receipt_bytes, receipt_signature = matcher.submit_batch(Identity(TABLE, "partner", "vtgv"), body, signature)
        crypto.verify(matcher.signing_key.public_key(), "signalmatch.v1.BatchReceipt", receipt_bytes, receipt_signature)
        receipt = submission_pb2.BatchReceipt.FromString(receipt_bytes)
        assert receipt.submitted == 1 and receipt.withdrawn == 0
        assert [(r.index, r.signal_ref, [(v.field, v.rule) for v in r.violations]) for r in receipt.rejected] == [
            (1, "bad-signal-1", [("submit.metadata.month", "month.format")]),
            (2, "", [("withdraw", "signal_ref.format")]),  # never echoes what is not a reference
        ]
        assert {r[0] for r in store.conn.execute("SELECT signal_ref FROM signals")} == {"good-signal-1"}
        entry = matcher.audit.entry(receipt.log_index)
        assert entry.action == "batch.accepted" and dict(entry.details)["rejected"] == "2"
        with pytest.raises(PermissionDeniedError):  # another partner's batch: refused as a whole
            matcher.submit_batch(Identity(TABLE, "partner", "nla"), body, signature)
    finally:
        store.close()


def test_a_batch_refused_as_a_whole_marks_its_signals_refused(tmp_path):
    """The matcher refuses a batch as a whole only for what no operation can fix (its format): its
    signals are refused with the reason, not left PENDING, and can be resubmitted."""
    from signalmatch.errors import Violation
    from signalmatch.node.vault import NewSignal, Vault

    vault = Vault(tmp_path / "vault.sqlite", bytes(32), f"{TABLE}/partner/vtgv")
    try:
        signal = from_json(signal_json("VT-9"))
        [(ref, _)] = vault.create_many([NewSignal("refnumber1", signal, "", b"payload", ())], "2026-03-14T10:00:00Z", ACTOR)
        batch = vault.freeze_batch(10, lambda batch_id, ops: (b"body", b"sig"), "2026-03-14T10:00:01Z")
        why = (Violation("batch.batch_id", "batch_id.format", "8-64 letters/digits"),)
        assert vault.reject(batch.batch_id, "INVALID_ARGUMENT", "2026-03-14T10:00:02Z", "vtgv", why) == [ref]
        stored = vault.get(ref)
        assert stored.state == "refused" and stored.refusal.violations == why
        assert vault.refused_count() == 1 and vault.outbox_pending() == 0
        assert [s.ref for s in vault.list_signals(10, state="refused")[0]] == [ref]
    finally:
        vault.close()
