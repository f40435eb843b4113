"""A node notices when the matcher's log was rolled back (e.g. the matcher restored from a backup).

Each receipt the node keeps carries a checkpoint of the matcher's log signed with the log key. In
every readiness round the node fetches the matcher's current checkpoint and checks it against the
largest checkpoint among its receipts: a smaller log, another root at the same size, or a failing
consistency proof means the log no longer contains what the matcher once confirmed to this node.
The node then says so — naming both sizes — in its log (once per change, ERROR), its node status
(``last_error``), its health (check ``matcher_log`` fails, the node as a whole is NOT_SERVING) and
its metrics. It keeps working: signals still queue and submit; what to do about the lost history
is the table's decision (docs/deployment.md, "Restoring the matcher").
"""

from __future__ import annotations

import hmac
import logging
from collections.abc import Iterator
from pathlib import Path

import grpc

from signalmatch import crypto, i18n, sqlite
from signalmatch.audit import merkle
from signalmatch.audit.checkpoint import Checkpoint
from signalmatch.audit.checkpoint_store import LogKey
from signalmatch.audit.merkle import ProofError
from signalmatch.errors import AuthenticationError
from signalmatch.health import CheckFailed
from signalmatch.metrics import Sample, sample
from signalmatch.v1 import audit_pb2, audit_pb2_grpc, submission_pb2

log = logging.getLogger(__name__)

RECENT_RECEIPTS = 20  # receipts come in log order: the largest checkpoint is among the last ones


class MatcherLogWatch:
    def __init__(self, vault_path: Path, channel: grpc.Channel, table: str, log_public_key: str):
        origin = f"{table}/matcher"
        self._key = LogKey(origin, origin, crypto.ed25519_public_from_b64(log_public_key))
        self._vault_path = vault_path
        self._stub = audit_pb2_grpc.AuditServiceStub(channel)
        self.problem = ""  # what is wrong, for the node status ("" when the log is consistent)
        self.seen_size = 0  # the largest checkpoint among this node's receipts
        self.latest_size = 0  # the matcher's checkpoint at the last look

    def largest_receipt_checkpoint(self) -> Checkpoint | None:
        if not self._vault_path.exists():
            return None
        with sqlite.read_only(self._vault_path) as conn:
            rows = conn.execute(
                "SELECT receipt FROM batches WHERE receipt IS NOT NULL ORDER BY rowid DESC LIMIT ?",
                (RECENT_RECEIPTS,),
            ).fetchall()
        best: Checkpoint | None = None
        for (data,) in rows:
            try:
                cp = self._key.open(submission_pb2.BatchReceipt.FromString(data).checkpoint)
            except (AuthenticationError, ProofError, ValueError):
                continue  # `audit verify` names bad receipts; here only good checkpoints count
            if best is None or cp.size > best.size:
                best = cp
        return best

    def check(self) -> None:
        """The readiness probe: returns when the matcher's log holds what its receipts confirmed
        (or nothing can be compared yet), raises CheckFailed when it does not."""
        seen = self.largest_receipt_checkpoint()
        if seen is None:
            return
        try:
            note = self._stub.GetCheckpoint(audit_pb2.GetCheckpointRequest(), timeout=5).checkpoint
        except grpc.RpcError:
            return  # unreachable or refusing: the "matcher" check reports that
        try:
            latest = self._key.open(note)
        except (AuthenticationError, ProofError):
            self._report("BAD_CHECKPOINT", i18n.t("logwatch.invalid"))
        self.seen_size, self.latest_size = seen.size, latest.size
        if latest.size < seen.size:
            self._report("ROLLED_BACK", i18n.t("logwatch.rolled_back", seen=seen.size, latest=latest.size))
        if not self._consistent(seen, latest):
            self._report("ROLLED_BACK", i18n.t("logwatch.forked", seen=seen.size, latest=latest.size))
        if self.problem:
            log.info("the matcher's log is consistent again with this node's receipts", extra={"event": "matcher.log_ok"})
        self.problem = ""

    def _consistent(self, seen: Checkpoint, latest: Checkpoint) -> bool:
        if seen.size == latest.size:
            return hmac.compare_digest(seen.root_hash, latest.root_hash)
        try:
            request = audit_pb2.GetConsistencyProofRequest(old_size=seen.size, new_size=latest.size)
            proof = list(self._stub.GetConsistencyProof(request, timeout=10).proof)
            merkle.verify_consistency(seen.size, latest.size, seen.root_hash, latest.root_hash, proof)
        except grpc.RpcError:
            return True  # cannot tell now; the next round asks again
        except ProofError:
            return False
        return True

    def _report(self, reason: str, problem: str) -> None:
        if problem != self.problem:
            log.error(problem, extra={"event": "matcher.rollback"})
        self.problem = problem
        raise CheckFailed(reason)

    def samples(self) -> Iterator[Sample]:
        yield sample(
            "node_matcher_log_consistent", "1 while the matcher's log holds what its receipts confirmed", not self.problem
        )
        yield sample("node_receipt_checkpoint_size", "Largest checkpoint of the matcher's log in a receipt", self.seen_size)
        yield sample("node_matcher_log_size", "The matcher's log size at the last look", self.latest_size)
