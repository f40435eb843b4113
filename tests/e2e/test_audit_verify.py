"""`signalmatch audit verify` end to end with real servers on loopback: an honest log verifies;
a rewritten entry (with and without its leaf hash), a truncated log and a fork (two parties shown
different histories under the same log key) are each detected and named; audit RPCs are refused
to every role without a right to them; a partner's officer sees only its own entries."""

from __future__ import annotations

import dataclasses
import io
import json
import sqlite3
from contextlib import contextmanager
from pathlib import Path

import grpc
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from rich.console import Console
from support import TABLE, Federation, drained, wait_for

from signalmatch import clock, config, crypto, transport
from signalmatch.audit import checkpoint_store, merkle
from signalmatch.audit import service as audit_service
from signalmatch.audit import verify as verify_module
from signalmatch.audit.checkpoint import verify_checkpoint
from signalmatch.audit.checkpoint_store import CheckpointStore
from signalmatch.audit.log import AuditEntry, AuditLog
from signalmatch.audit.merkle import leaf_hash, node_hash, verify_inclusion
from signalmatch.cli import main
from signalmatch.config import TlsFiles
from signalmatch.console import audit as audit_console
from signalmatch.errors import ValidationError
from signalmatch.matcher.server import MatcherProcess
from signalmatch.node.signal import from_json, to_proto
from signalmatch.v1 import audit_pb2, audit_pb2_grpc, intake_pb2, officer_pb2, officer_pb2_grpc, submission_pb2

pytestmark = pytest.mark.slow


@pytest.fixture(autouse=True)
def english(monkeypatch):
    monkeypatch.setenv("SIGNALMATCH_LANG", "en")


# -- helpers -------------------------------------------------------------------------------------


def signal(external_id: str, phone: str) -> dict:
    return {
        "external_id": external_id,
        "observed_at": "2026-03-14",
        "municipality": "Utrecht",
        "exploitation_types": ["arbeidsuitbuiting"],
        "persons": [{"role": "mogelijk_slachtoffer", "surname": "Nowak", "phones": [phone]}],
    }


def create(fed: Federation, partner: str, external_id: str, phone: str) -> None:
    fed.intake(partner).CreateSignal(
        intake_pb2.CreateSignalRequest(signal=to_proto(from_json(signal(external_id, phone)))), timeout=10
    )
    wait_for(lambda: drained(fed, [partner]), what=f"{partner} outbox drained")


def officer_path(fed: Federation, name: str) -> Path:
    return fed.officer_config_path(name)


def officer(fed: Federation, name: str) -> config.OfficerConfig:
    return config.load_officer(officer_path(fed, name))


def verify(capsys, fed: Federation, name: str, *witnesses: Path, incremental: bool = False) -> tuple[int, dict]:
    capsys.readouterr()
    args = ["audit", "verify", "--config", str(officer_path(fed, name)), "--json"]
    if incremental:
        args.append("--incremental")
    for witness in witnesses:
        args += ["--witness", str(witness)]
    code = main(args)
    return code, json.loads(capsys.readouterr().out)


def findings(result: dict) -> set[tuple[str, str]]:
    return {(f["code"], f["subject"]) for f in result["findings"]}


def matcher_db(fed: Federation) -> Path:
    return fed.matcher_config().data_dir / "matcher.sqlite"


def receipts(fed: Federation, partner: str) -> list[submission_pb2.BatchReceipt]:
    cfg = officer(fed, partner)
    with audit_console.node_channel(cfg) as channel:
        page = officer_pb2_grpc.OfficerServiceStub(channel).ListReceipts(officer_pb2.ListReceiptsRequest(), timeout=10)
    return [submission_pb2.BatchReceipt.FromString(r.receipt) for r in page.receipts]


def audit_stub(fed: Federation, tls: TlsFiles, node: str = "") -> audit_pb2_grpc.AuditServiceStub:
    if node:
        channel = transport.secure_channel(
            fed.node_config(node).listen, tls, expect=transport.Identity(TABLE, "partner", node)
        )
        fed.running.append(channel)
    else:
        channel = fed.channel_to_matcher(tls)
    return audit_pb2_grpc.AuditServiceStub(channel)


def tls_of(fed: Federation, who: str) -> TlsFiles:
    """TLS files by identity: "chair", "officer/<name>", "partner/<id>", "operator/<id>"."""
    if who == "chair":
        return fed.chair_config().tls
    role, name = who.split("/")
    if role == "officer":
        return officer(fed, name).tls
    node = fed.node_config(name)
    return node.tls if role == "partner" else node.operator_tls


@pytest.fixture
def running(federation):
    """Matcher and the vtgv and politie-avim nodes, with one cross-partner hit and three batches."""
    federation.start_matcher()
    for partner in ("vtgv", "politie-avim"):
        federation.start_node(partner, max_backoff=0.5)
    create(federation, "vtgv", "VT-1", "06-12 34 56 78")
    create(federation, "politie-avim", "POL-1", "+31612345678")
    create(federation, "vtgv", "VT-2", "06-12 34 56 02")
    return federation


# -- honest log ----------------------------------------------------------------------------------


def test_honest_log_verifies_for_partner_and_table_officers(running, capsys):
    code, result = verify(capsys, running, "vtgv")
    assert code == 0, result
    assert result["ok"] and result["checked"]["receipts"] == 2
    # The node's receipts carry the log index and a signed checkpoint that includes it.
    key = crypto.ed25519_public_from_b64(officer(running, "vtgv").matcher_log_public_key)
    for receipt in receipts(running, "vtgv"):
        cp = verify_checkpoint(receipt.checkpoint, f"{TABLE}/matcher", key, origin=f"{TABLE}/matcher")
        assert cp.size == receipt.log_index + 1
    create(running, "vtgv", "VT-3", "06-11 11 11 11")
    code, again = verify(capsys, running, "vtgv")
    assert code == 0 and again["size"] > result["size"] and again["checked"]["checkpoints"] >= 3
    code, table = verify(capsys, running, "tafel")
    assert code == 0 and table["checked"]["entries"] == table["size"]
    # The checkpoint store keeps signed notes, usable by another party as a witness.
    store = CheckpointStore.load(officer(running, "vtgv").data_dir / "checkpoints.json", f"{TABLE}/matcher")
    assert len(store.checkpoints) >= 3
    code, witnessed = verify(capsys, running, "politie-avim", store.path)
    assert code == 0 and witnessed["checked"]["witness_checkpoints"] == len(store.checkpoints)


def test_cli_text_output_names_the_log(running, capsys):
    capsys.readouterr()
    assert main(["audit", "verify", "--config", str(officer_path(running, "vtgv"))]) == 0
    assert f"OK: log {TABLE}/matcher" in capsys.readouterr().out


# -- tampering -----------------------------------------------------------------------------------


def batch_entry_index(fed: Federation, partner: str) -> int:
    return receipts(fed, partner)[0].log_index


def rewrite(fed: Federation, index: int, update_leaf_hash: bool) -> None:
    with sqlite3.connect(matcher_db(fed)) as conn:
        (entry,) = conn.execute("SELECT entry FROM audit_entries WHERE idx = ?", (index,)).fetchone()
        forged = entry.replace(b'["submitted","1"]', b'["submitted","7"]')
        assert forged != entry
        conn.execute("UPDATE audit_entries SET entry = ? WHERE idx = ?", (forged, index))
        if update_leaf_hash:
            conn.execute("UPDATE audit_entries SET leaf_hash = ? WHERE idx = ?", (leaf_hash(forged), index))


@pytest.mark.parametrize("update_leaf_hash", [False, True])
def test_rewritten_entry_is_detected_and_named(running, capsys, update_leaf_hash):
    assert verify(capsys, running, "vtgv")[0] == 0
    index = batch_entry_index(running, "vtgv")
    rewrite(running, index, update_leaf_hash)
    code, result = verify(capsys, running, "vtgv")
    assert code == 4 and not result["ok"]
    assert any(c in ("entry.altered", "entry.changed") for c, s in findings(result) if s == f"entry {index}"), result
    # The table's officer, who lists every entry, finds it as well.
    code, table = verify(capsys, running, "tafel")
    assert code == 4 and any(s == f"entry {index}" for _, s in findings(table)), table


def rebuild_tree(conn: sqlite3.Connection) -> None:
    """What a careful forger does after rewriting a leaf: recompute every stored subtree hash."""
    level_hashes = [h for (h,) in conn.execute("SELECT leaf_hash FROM audit_entries ORDER BY idx")]
    conn.execute("DELETE FROM audit_nodes")
    level = 0
    while len(level_hashes) > 1:
        level += 1
        level_hashes = [node_hash(level_hashes[i], level_hashes[i + 1]) for i in range(0, len(level_hashes) - 1, 2)]
        conn.executemany(
            "INSERT INTO audit_nodes (level, idx, hash) VALUES (?, ?, ?)",
            [(level, i, h) for i, h in enumerate(level_hashes)],
        )


def test_fully_recomputed_tree_is_caught_by_checkpoints_seen_before(running, capsys):
    """Entry, leaf hash and every node hash rewritten: the server's tree is self-consistent, so only
    the checkpoints the officer saw before (and the node's receipt) can tell; the entry is named."""
    code, before = verify(capsys, running, "vtgv")
    assert code == 0
    index = batch_entry_index(running, "vtgv")
    rewrite(running, index, update_leaf_hash=True)
    with sqlite3.connect(matcher_db(running)) as conn:
        rebuild_tree(conn)
    code, result = verify(capsys, running, "vtgv")
    assert code == 4
    found = findings(result)
    assert ("log.rewritten", f"checkpoint {before['size']}") in found, result
    assert ("entry.changed", f"entry {index}") in found, result
    assert ("receipt.entry_mismatch", f"entry {index}") in found, result


def test_truncated_log_is_detected(running, capsys):
    code, before = verify(capsys, running, "vtgv")
    assert code == 0
    cut = receipts(running, "vtgv")[-1].log_index  # drop vtgv's last batch entry and everything after
    with sqlite3.connect(matcher_db(running)) as conn:
        conn.execute("DELETE FROM audit_entries WHERE idx >= ?", (cut,))
        conn.execute("DELETE FROM audit_nodes WHERE (idx + 1) << level > ?", (cut,))
    code, result = verify(capsys, running, "vtgv")
    assert code == 4
    assert ("log.truncated", f"checkpoint {before['size']}") in findings(result), result
    assert ("log.truncated", f"entry {cut}") in findings(result), result
    message = next(f["message"] for f in result["findings"] if f["subject"] == f"checkpoint {before['size']}")
    assert "truncated" in message and str(cut) in message


def _copy_db(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True)
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)


def test_fork_between_two_parties_is_detected(federation, capsys):
    """Two matcher databases share a prefix, then diverge; each officer alone sees a consistent log,
    together (witness) they prove the fork; a party moved to the other history notices by itself."""
    cfg = federation.matcher_config()
    first = federation.start_matcher()
    for partner in ("vtgv", "politie-avim"):
        federation.start_node(partner, max_backoff=0.2)
    create(federation, "vtgv", "VT-1", "06-12 34 56 78")
    create(federation, "politie-avim", "POL-1", "06-22 22 22 22")
    first.stop()
    other_dir = cfg.data_dir.parent / "data-fork"
    _copy_db(matcher_db(federation), other_dir / "matcher.sqlite")

    history_a = federation.start_matcher()
    create(federation, "vtgv", "VT-2", "06-33 33 33 33")
    code, seen_a = verify(capsys, federation, "vtgv")
    assert code == 0, seen_a
    history_a.stop()

    history_b = MatcherProcess(dataclasses.replace(cfg, data_dir=other_dir))
    history_b.start()
    federation.running.append(history_b)
    create(federation, "politie-avim", "POL-2", "06-44 44 44 44")
    code, seen_b = verify(capsys, federation, "politie-avim")
    assert code == 0, seen_b
    assert seen_a["size"] == seen_b["size"] and seen_a["root_hash"] != seen_b["root_hash"]

    store_a = officer(federation, "vtgv").data_dir / "checkpoints.json"
    store_b = officer(federation, "politie-avim").data_dir / "checkpoints.json"
    code, result = verify(capsys, federation, "politie-avim", store_a)
    assert code == 4
    assert ("log.fork", f"checkpoint {seen_a['size']}") in findings(result), result
    assert "fork" in result["findings"][0]["message"]
    # vtgv's officer, now served history B, notices without a witness: its own checkpoints and
    # its node's receipt do not fit.
    code, result = verify(capsys, federation, "vtgv", store_b)
    assert code == 4
    codes = {c for c, _ in findings(result)}
    assert "log.fork" in codes and ("log.rewritten" in codes or "receipt.entry_mismatch" in codes), result


# -- access --------------------------------------------------------------------------------------

AUDIT_CALLS = {
    "GetCheckpoint": audit_pb2.GetCheckpointRequest(),
    "GetConsistencyProof": audit_pb2.GetConsistencyProofRequest(old_size=1, new_size=2),
    "GetInclusionProof": audit_pb2.GetInclusionProofRequest(index=0, tree_size=1),
    "ListAuditEntries": audit_pb2.ListAuditEntriesRequest(),
}


def refused(stub, method: str) -> bool:
    with pytest.raises(grpc.RpcError) as info:
        getattr(stub, method)(AUDIT_CALLS[method], timeout=10)
    return info.value.code() == grpc.StatusCode.PERMISSION_DENIED


def test_unauthorised_roles_are_refused_every_audit_call(running):
    # The matcher's log: chairs and operators get nothing; partner nodes checkpoints and proofs only.
    for who in ("chair", "operator/vtgv"):
        stub = audit_stub(running, tls_of(running, who))
        assert all(refused(stub, method) for method in AUDIT_CALLS), who
    assert refused(audit_stub(running, tls_of(running, "partner/vtgv")), "ListAuditEntries")
    partner = audit_stub(running, tls_of(running, "partner/vtgv"))
    assert partner.GetCheckpoint(audit_pb2.GetCheckpointRequest(), timeout=10).checkpoint
    # A node's own log: only that partner's officer.
    for who in (
        "chair",
        "operator/vtgv",
        "partner/vtgv",
        "partner/politie-avim",
        "officer/politie-avim",
        "officer/tafel",
    ):
        stub = audit_stub(running, tls_of(running, who), node="vtgv")
        assert all(refused(stub, method) for method in AUDIT_CALLS), who


def test_partner_officer_sees_only_its_own_entries_and_reads_are_audited(running):
    own = audit_stub(running, tls_of(running, "officer/vtgv"))
    listed = [
        AuditEntry.from_bytes(e.entry)
        for e in own.ListAuditEntries(AUDIT_CALLS["ListAuditEntries"], timeout=10).entries
    ]
    assert listed and all(e.actor_org == "vtgv" or "partner/vtgv" in e.recipients for e in listed)
    assert sum(e.action == "batch.accepted" for e in listed) == 2
    table = audit_stub(running, tls_of(running, "officer/tafel"))
    everything = [
        AuditEntry.from_bytes(e.entry)
        for e in table.ListAuditEntries(audit_pb2.ListAuditEntriesRequest(page_size=1000), timeout=10).entries
    ]
    assert {e.actor_org for e in everything} >= {"vtgv", "politie-avim", "matcher"}
    reads = [e for e in everything if e.action == "audit.read"]
    assert [(e.actor_org, e.actor_role, e.actor_user) for e in reads] == [
        ("vtgv", "officer", f"spiffe://{TABLE}/officer/vtgv")
    ]
    # Filters: by action prefix, and invalid input is named.
    hits = table.ListAuditEntries(audit_pb2.ListAuditEntriesRequest(action="hit."), timeout=10).entries
    assert hits and all(AuditEntry.from_bytes(e.entry).action.startswith("hit.") for e in hits)
    with pytest.raises(grpc.RpcError) as info:
        table.ListAuditEntries(audit_pb2.ListAuditEntriesRequest(page_token="x"), timeout=10)
    assert info.value.code() == grpc.StatusCode.INVALID_ARGUMENT and "page_token" in info.value.details()


def test_newest_first_pages_down_with_a_partner_officers_filter_and_stable_tokens(monkeypatch):
    """The servicer alone over an in-memory log: 30 entries, every third vtgv's; at most 10 examined
    per call, so pages may be short and still carry a token."""
    conn = sqlite3.connect(":memory:", isolation_level=None)
    log = AuditLog(conn, f"{TABLE}/matcher")
    for i in range(30):
        org = "vtgv" if i % 3 == 0 else "politie-avim"
        log.append(
            AuditEntry(
                time=f"2026-03-14T09:00:{i:02d}.000000Z",
                actor_org=org,
                actor_role="partner",
                actor_user=f"spiffe://{TABLE}/partner/{org}",
                action="batch.accepted" if i % 2 == 0 else "hit.created",
            )
        )

    @contextmanager
    def transaction():
        conn.execute("BEGIN IMMEDIATE")
        yield conn
        conn.execute("COMMIT")

    servicer = audit_service.AuditServicer(
        log, "log-key", Ed25519PrivateKey.generate(), TABLE,
        audit_service.MatcherAuditPolicy(frozenset({"vtgv", "politie-avim"})), transaction,
    )  # fmt: skip
    caller = {"who": transport.Identity(TABLE, "officer", "vtgv")}
    monkeypatch.setattr(transport, "peer_identity", lambda context: caller["who"])
    monkeypatch.setattr(audit_service, "SCAN_LIMIT", 10)

    def page(**fields) -> tuple[list[int], str]:
        answer = servicer.ListAuditEntries(audit_pb2.ListAuditEntriesRequest(newest_first=True, **fields), None)
        return [e.index for e in answer.entries], answer.next_page_token

    # Pages of 4: each call examines 10 entries at most, so the first two pages are short and still
    # carry a token: the index just past the next entry to examine.
    pages, token = [], ""
    while True:
        indices, token = page(page_size=4, page_token=token)
        pages.append((indices, token))
        if not token:
            break
    assert pages == [([27, 24, 21], "20"), ([18, 15, 12], "10"), ([9, 6, 3, 0], "")]
    # A full page stops at the last entry taken; paging from its token goes on below it.
    assert page(page_size=2, page_token="30") == ([27, 24], "24")
    assert page(page_size=2, page_token="24") == ([21, 18], "18")
    # Every call was audited as a vtgv read (visible to vtgv), appended above the first page's
    # start: tokens are absolute, so later pages never show them. A fresh listing does.
    size = log.size()
    assert size == 30 + len(pages) + 2
    fresh, _ = page(page_size=3)
    assert fresh == [size - 1, size - 2, size - 3]
    last_read = AuditEntry.from_bytes(dict(conn.execute("SELECT idx, entry FROM audit_entries").fetchall())[size])
    assert (last_read.action, dict(last_read.details)["before_index"]) == ("audit.read", str(size))

    # Filters as oldest first: the action prefix and the period; the table officer sees everything.
    caller["who"] = transport.Identity(TABLE, "officer", "tafel")
    accepted, token = page(page_size=3, action="batch.", page_token="30")
    assert (accepted, token) == ([28, 26, 24], "24")
    assert page(page_size=3, action="batch.", page_token=token) == ([22, 20, 18], "18")
    window = audit_pb2.ListAuditEntriesRequest(
        newest_first=True,
        page_token="30",
        start_time=clock.to_timestamp("2026-03-14T09:00:25.000000Z"),
        end_time=clock.to_timestamp("2026-03-14T09:00:28.000000Z"),
    )
    assert [e.index for e in servicer.ListAuditEntries(window, None).entries] == [27, 26, 25]
    # A token beyond the end counts as the size; "0" has nothing below it; oldest first is unchanged.
    end = log.size()
    assert page(page_size=1, page_token="999999") == ([end - 1], str(end - 1))
    assert page(page_size=1, page_token="0") == ([], "")
    oldest = servicer.ListAuditEntries(audit_pb2.ListAuditEntriesRequest(page_size=3, page_token="5"), None)
    assert ([e.index for e in oldest.entries], oldest.next_page_token) == ([5, 6, 7], "8")
    with pytest.raises(ValidationError):
        servicer.ListAuditEntries(audit_pb2.ListAuditEntriesRequest(newest_first=True, page_token="-1"), None)


def test_inclusion_proofs_show_an_entry_only_to_who_may_list_it(running):
    table = audit_stub(running, tls_of(running, "officer/tafel"))
    entries = table.ListAuditEntries(audit_pb2.ListAuditEntriesRequest(page_size=1000), timeout=10).entries
    by_org = {}
    for e in entries:
        by_org.setdefault(AuditEntry.from_bytes(e.entry).actor_org, e)
    foreign, own = by_org["politie-avim"], by_org["vtgv"]
    vtgv = audit_stub(running, tls_of(running, "officer/vtgv"))
    node = audit_stub(running, tls_of(running, "partner/vtgv"))
    for stub in (vtgv, node):
        hidden = stub.GetInclusionProof(audit_pb2.GetInclusionProofRequest(index=foreign.index), timeout=10)
        assert hidden.proof and hidden.entry == b""
    assert vtgv.GetInclusionProof(audit_pb2.GetInclusionProofRequest(index=own.index), timeout=10).entry == own.entry
    assert (
        table.GetInclusionProof(audit_pb2.GetInclusionProofRequest(index=foreign.index), timeout=10).entry
        == foreign.entry
    )


def test_node_serves_its_own_log_to_its_officer(running):
    stub = audit_stub(running, tls_of(running, "officer/vtgv"), node="vtgv")
    note = stub.GetCheckpoint(audit_pb2.GetCheckpointRequest(), timeout=10).checkpoint
    origin = f"{TABLE}/partner/vtgv"
    signing = crypto.ed25519_public_from_b64(running.node_config("vtgv").partners["vtgv"].signing_public_key)
    cp = verify_checkpoint(note, origin, signing, origin=origin)
    actions = []
    for index in range(cp.size):
        answer = stub.GetInclusionProof(audit_pb2.GetInclusionProofRequest(index=index, tree_size=cp.size), timeout=10)
        verify_inclusion(leaf_hash(answer.entry), index, cp.size, list(answer.proof), cp.root_hash)
        actions.append(AuditEntry.from_bytes(answer.entry).action)
    assert actions.count("signal.created") == 2 and actions.count("batch.sent") == 2


def test_verify_output_without_a_node_for_the_table_officer(running):
    out = io.StringIO()
    assert audit_console.run_verify(officer(running, "tafel"), [], False, Console(file=out, width=200)) == 0
    assert "OK" in out.getvalue()


# -- incremental verification ----------------------------------------------------------------------


class MemoryLog:
    """A log held in memory, signed like the matcher's, answering proofs like a LogSource."""

    ORIGIN = "tafel.test/matcher"

    def __init__(self, count: int):
        self.key = Ed25519PrivateKey.generate()
        self.entries = [self.entry(n) for n in range(count)]
        self.leaves = [leaf_hash(e) for e in self.entries]

    @staticmethod
    def entry(n: int) -> bytes:
        return AuditEntry(
            time="2026-03-14T12:00:00.000000Z",
            actor_org="matcher",
            actor_role="matcher",
            actor_user="matcher",
            action="batch.accepted",
            objects=(f"batch-{n}",),
            system="matcher",
            details=(("n", str(n)),),
        ).canonical_bytes()

    def note(self, size: int) -> str:
        from signalmatch.audit.checkpoint import Checkpoint, sign_checkpoint
        from signalmatch.audit.merkle import root

        return sign_checkpoint(Checkpoint(self.ORIGIN, size, root(self.leaves[:size])), self.ORIGIN, self.key)

    def log_key(self) -> checkpoint_store.LogKey:
        return checkpoint_store.LogKey(self.ORIGIN, self.ORIGIN, self.key.public_key())

    def consistency_proof(self, old_size: int, new_size: int) -> list[bytes]:
        return merkle.consistency_proof(old_size, new_size, merkle.memory_subtree_hasher(self.leaves))

    def inclusion_proof(self, index: int, tree_size: int) -> tuple[list[bytes], bytes]:
        return merkle.inclusion_proof(index, tree_size, merkle.memory_subtree_hasher(self.leaves)), self.entries[index]


def run_memory(
    log: MemoryLog, old: int, new: int, listed: dict[int, bytes] | None = None
) -> verify_module.VerifyResult:
    """An incremental verify from a verified checkpoint `old` to the latest `new`."""
    since = checkpoint_store.SeenCheckpoint(log.note(old), "matcher", verified=True)
    listed = {i: log.entries[i] for i in range(old, new)} if listed is None else listed
    return verify_module.verify(log.log_key(), log.note(new), log, seen=[since], entries=listed, since=since)


def test_incremental_tail_check_binds_new_entries_to_the_signed_root_for_every_size_pair():
    log = MemoryLog(40)
    for old in range(1, 40):
        for new in range(old, 41 if old < 8 else min(40, old + 9)):
            new = min(new, 40)
            result = run_memory(log, old, new)
            assert result.ok and result.since == old and result.entries == new - old, (old, new, result.findings)
            if new > old:  # a forged new entry (proofs from the honest tree) is named
                forged = {i: log.entries[i] for i in range(old, new)}
                forged[new - 1] = log.entry(999)
                bad = run_memory(log, old, new, forged)
                # the server proves its own bytes for it: the listing differs from what the tree holds
                assert {(f.code, f.subject) for f in bad.findings} == {("entry.listing_differs", f"entry {new - 1}")}


def test_incremental_verify_catches_a_rewritten_old_entry_by_consistency():
    log = MemoryLog(20)
    since = checkpoint_store.SeenCheckpoint(log.note(12), "matcher", verified=True)
    log.entries[3] = log.entry(333)  # entry and leaf rewritten, tree rebuilt, a new checkpoint signed
    log.leaves[3] = leaf_hash(log.entries[3])
    listed = {i: log.entries[i] for i in range(12, 20)}
    result = verify_module.verify(log.log_key(), log.note(20), log, seen=[since], entries=listed, since=since)
    assert ("log.rewritten", "checkpoint 12") in {(f.code, f.subject) for f in result.findings}, result.findings


def test_only_a_checkpoint_marked_verified_starts_an_incremental_run(tmp_path):
    log = MemoryLog(10)
    store = CheckpointStore(tmp_path / "checkpoints.json", log.ORIGIN)
    store.add([checkpoint_store.SeenCheckpoint(log.note(8), "receipt:b1")])
    assert store.largest_verified(log.log_key()) is None  # merely seen
    store.add([checkpoint_store.SeenCheckpoint(log.note(5), "matcher", verified=True)])
    store.add([checkpoint_store.SeenCheckpoint(log.note(8), "matcher", verified=True)])  # upgrades the mark
    store.save()
    again = CheckpointStore.load(store.path, log.ORIGIN)
    assert len(again.checkpoints) == 2
    assert verify_checkpoint(again.largest_verified(log.log_key()).note, log.ORIGIN, log.key.public_key()).size == 8
    # A signature that does not verify is no starting point either.
    other = MemoryLog(10)
    forged = CheckpointStore(
        tmp_path / "forged.json", log.ORIGIN, [checkpoint_store.SeenCheckpoint(other.note(9), "matcher", verified=True)]
    )
    assert forged.largest_verified(log.log_key()) is None


def counting_listings(monkeypatch) -> list[tuple[str, int]]:
    """Every ListAuditEntries listing the console makes: (page_token of its first request, entries)."""
    calls: list[tuple[str, int]] = []
    real = audit_console.list_entries

    def counted(stub, request):
        token, got = request.page_token, list(real(stub, request))
        calls.append((token, len(got)))
        return iter(got)

    monkeypatch.setattr(audit_console, "list_entries", counted)
    return calls


def last_audit_read(fed: Federation, actor: str) -> dict[str, str]:
    with sqlite3.connect(matcher_db(fed)) as conn:
        rows = conn.execute("SELECT idx, entry FROM audit_entries ORDER BY idx DESC").fetchall()
    for index, data in rows:
        entry = AuditEntry.from_bytes(data, index=index)
        if entry.action == "audit.read" and entry.actor_org == actor:
            return dict(entry.details)
    raise AssertionError("no audit.read")


def test_incremental_run_lists_only_new_entries_and_full_lists_all(running, capsys, monkeypatch):
    calls = counting_listings(monkeypatch)
    code, first = verify(capsys, running, "tafel")
    assert code == 0 and first["mode"] == "full" and first["checked"]["entries"] == first["size"]
    assert calls == [("", first["size"])]
    create(running, "vtgv", "VT-3", "06-11 11 11 11")
    calls.clear()
    code, second = verify(capsys, running, "tafel", incremental=True)
    assert code == 0 and second["mode"] == "incremental" and second["entries_from"] == first["size"], second
    new = second["size"] - first["size"]
    assert 0 < new < second["size"] and second["checked"]["entries"] == new
    assert calls == [(str(first["size"]), new)]
    # The server's own record of the listing: it started at the verified size.
    assert last_audit_read(running, "tafel")["from_index"] == str(first["size"])
    calls.clear()
    capsys.readouterr()
    assert main(["audit", "verify", "--config", str(officer_path(running, "tafel")), "--json"]) == 0
    full = json.loads(capsys.readouterr().out)
    assert full["mode"] == "full" and full["checked"]["entries"] == full["size"] and calls == [("", full["size"])]


def test_incremental_run_detects_a_tampered_new_entry(running, capsys):
    code, first = verify(capsys, running, "tafel")
    assert code == 0
    create(running, "vtgv", "VT-3", "06-11 11 11 11")
    index = max(r.log_index for r in receipts(running, "vtgv"))
    assert index >= first["size"]
    rewrite(running, index, update_leaf_hash=False)
    code, result = verify(capsys, running, "tafel", incremental=True)
    assert code == 4 and result["mode"] == "incremental"
    assert ("entry.altered", f"entry {index}") in findings(result), result


def test_rewritten_old_entry_incremental_and_full(running, capsys):
    """An OLD entry (below the verified size) rewritten while its leaf hash is left alone: the tree
    and so the history are intact, only the bytes served differ. The partner's officer still sees
    it incrementally when it is one of its receipts' entries (the receipt check fetches it with an
    inclusion proof); the table's officer, without receipts, sees it only in full mode (the default). With its leaf
    hash rewritten as well, the root changes and incremental mode fails on consistency."""
    assert verify(capsys, running, "vtgv")[0] == 0 and verify(capsys, running, "tafel")[0] == 0
    index = batch_entry_index(running, "vtgv")
    rewrite(running, index, update_leaf_hash=False)
    code, partner = verify(capsys, running, "vtgv", incremental=True)
    assert code == 4 and partner["mode"] == "incremental"
    assert ("entry.altered", f"entry {index}") in findings(partner), partner
    code, table = verify(capsys, running, "tafel", incremental=True)
    assert code == 0 and table["mode"] == "incremental"  # the documented limit of incremental mode
    capsys.readouterr()
    assert main(["audit", "verify", "--config", str(officer_path(running, "tafel")), "--json"]) == 4
    full = json.loads(capsys.readouterr().out)
    assert full["mode"] == "full" and ("entry.altered", f"entry {index}") in findings(full), full
    # Leaf hash too (and the tree rebuilt): the verified checkpoint is no longer consistent.
    with sqlite3.connect(matcher_db(running)) as conn:
        (forged,) = conn.execute("SELECT entry FROM audit_entries WHERE idx = ?", (index,)).fetchone()
        conn.execute("UPDATE audit_entries SET leaf_hash = ? WHERE idx = ?", (leaf_hash(forged), index))
        rebuild_tree(conn)
    code, table = verify(capsys, running, "tafel", incremental=True)
    assert code == 4 and table["mode"] == "incremental"
    assert any(c == "log.rewritten" for c, _ in findings(table)), table
