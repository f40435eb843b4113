"""Key epochs: rotation keeps every hit, destroying the old epoch shreds its keys and tokens.

Real servers through the federation fixture; processes are restarted in this process with the
configs that `federation rotate` / `destroy-epoch` rewrote, as an operator would restart them.
"""

from __future__ import annotations

import dataclasses
import itertools
import sqlite3
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import grpc
import pytest
from support import Federation, drained, wait_for

from signalmatch import crypto, transport
from signalmatch.deploy.federation import destroy_epoch, rotate_epoch
from signalmatch.errors import ValidationError
from signalmatch.matcher.store import HitFilter, MatchStore, Metadata, SignalIn, TokenIn
from signalmatch.node.layering import KeyholderError, TokenLayer
from signalmatch.node.outbox import build_batch
from signalmatch.node.signal import from_json, to_proto
from signalmatch.node.vault import Operation
from signalmatch.v1 import common_pb2, hits_pb2, intake_pb2, submission_pb2, submission_pb2_grpc

NUMBERS = itertools.count(100_000)  # distinct phone numbers: overlaps only where planted


def signal(external_id: str, phone: str) -> dict:
    return {
        "external_id": external_id,
        "observed_at": "2026-03-14T10:30:00+01:00",
        "municipality": "Utrecht",
        "exploitation_types": ["arbeidsuitbuiting"],
        "persons": [{"role": "mogelijk_slachtoffer", "surname": "Kowalska", "phones": [phone]}],
        # A different house for every signal: fuzzy encodings to re-encode and shred, no link of their own.
        "addresses": [{"street": "Kanaalweg", "house_number": str(next(NUMBERS) % 9000 + 1), "postcode": "3526 KL"}],
    }


def create(fed: Federation, partner: str, data: dict) -> str:
    """Create a signal, retrying (same request id: idempotent) while its node restarts."""
    request = intake_pb2.CreateSignalRequest(request_id=data["external_id"], signal=to_proto(from_json(data)))
    stub = fed.intake(partner)
    while True:
        try:
            return stub.CreateSignal(request, timeout=10).signal.name.removeprefix("signals/")
        except grpc.RpcError as exc:
            # CANCELLED: the node stopped (gracefully) while the call was in flight.
            if exc.code() not in (grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED, grpc.StatusCode.CANCELLED):
                raise
            stub = fed.intake(partner)  # the node may be on a new server; a new channel finds it


def snapshot(fed: Federation) -> dict[int, tuple[int, bool, frozenset[str]]]:
    """hit id -> (status, new_evidence, signal refs), as the chair sees them."""
    response = fed.hits().ListHits(hits_pb2.ListHitsRequest(page_size=500), timeout=10)
    with matcher_db(fed) as conn:  # the flag is the matcher's (the chair's API shows it per status)
        flags = dict(conn.execute("SELECT id, new_evidence FROM hits"))
    return {
        int(h.name.removeprefix("hits/")): (
            h.status,
            bool(flags[int(h.name.removeprefix("hits/"))]),
            frozenset(s.signal_ref for s in h.signals),
        )
        for h in response.hits
    }


@contextmanager
def matcher_db(fed: Federation) -> Iterator[sqlite3.Connection]:
    conn = sqlite3.connect(f"file:{fed.matcher_db()}?mode=ro", uri=True)
    try:
        yield conn
    finally:
        conn.close()


def start_matcher(fed: Federation):
    """A matcher without the directory key: the epoch steps here are the operator's (`federation
    rotate`/`destroy-epoch`), not the ones the matcher would publish itself (tests/e2e/test_membership.py)."""
    return fed.start_matcher(dataclasses.replace(fed.matcher_config(), directory_signing_key=None))


def tokens_of_epoch(fed: Federation, epoch: int) -> list[bytes]:
    with matcher_db(fed) as conn:
        return [bytes(r[0]) for r in conn.execute("SELECT value FROM tokens WHERE epoch = ?", (epoch,))]


def restart(fed: Federation, old) -> None:
    old.stop()
    fed.running.remove(old)


def restart_keyholder(fed: Federation) -> None:
    restart(fed, fed.keyholder)
    fed.start_keyholder()


def restart_node(fed: Federation, nodes: dict, partner: str) -> None:
    restart(fed, nodes[partner])
    nodes[partner] = fed.start_node(partner)


def switched(fed: Federation, nodes: dict) -> bool:
    """Every node re-pseudonymised all its live signals and delivered them."""
    return all(n.repseudonymiser.pending() == 0 for n in nodes.values()) and drained(fed, list(nodes))


def plant(fed: Federation, tag: str, count: int) -> dict[str, set[str]]:
    """`count` overlaps vtgv <-> politie-avim (a third of them with nla too), plus a loner at
    each partner; returns phone -> the refs that must form one hit."""
    planted: dict[str, set[str]] = {}
    for i in range(count):
        phone = f"0612{next(NUMBERS):06d}"
        refs = {create(fed, "vtgv", signal(f"VT-{tag}-{i}", phone))}
        refs.add(create(fed, "politie-avim", signal(f"POL-{tag}-{i}", phone)))
        if i % 3 == 0:
            refs.add(create(fed, "nla", signal(f"NLA-{tag}-{i}", phone)))
        planted[phone] = refs
    for p in fed.partners:
        create(fed, p, signal(f"LONE-{tag}-{p}", f"0612{next(NUMBERS):06d}"))
    return planted


def assert_exactly(hits: dict, planted: dict[str, set[str]]) -> None:
    """One hit per planted overlap, holding exactly its signals: nothing lost, nothing doubled."""
    assert sorted(sorted(refs) for _, _, refs in hits.values()) == sorted(sorted(r) for r in planted.values())


def test_rotation_keeps_every_hit_and_destroy_shreds_the_old_epoch(federation):
    fed = federation
    matcher = start_matcher(fed)
    nodes = {p: fed.start_node(p) for p in fed.partners}
    planted = plant(fed, "a", 6)
    wait_for(lambda: drained(fed, fed.partners) and len(snapshot(fed)) == len(planted), what="hits")
    hits = fed.hits()
    first, second = sorted(snapshot(fed))[:2]
    for status in (common_pb2.HIT_STATUS_IN_BEHANDELING, common_pb2.HIT_STATUS_BESPROKEN):
        hits.UpdateHitStatus(hits_pb2.UpdateHitStatusRequest(name=f"hits/{first}", status=status), timeout=10)
    hits.UpdateHitStatus(
        hits_pb2.UpdateHitStatusRequest(name=f"hits/{second}", status=common_pb2.HIT_STATUS_IN_BEHANDELING), timeout=10
    )
    before = snapshot(fed)
    assert_exactly(before, planted)
    old_tokens = tokens_of_epoch(fed, 1)
    assert old_tokens
    old_public = fed.node_config("vtgv").keyholder_public_keys[1]

    assert rotate_epoch(fed.root) == 2
    cfg = fed.node_config("vtgv")
    assert (cfg.epoch, cfg.active_epochs) == (2, (1, 2))
    assert (cfg.table_secrets[2].stat().st_mode & 0o777) == 0o600
    restart_keyholder(fed)
    restart(fed, matcher)  # it accepts tokens of the active epochs only (matcher.toml epochs_active)
    matcher = start_matcher(fed)
    for partner in fed.partners:  # one by one: mid-switch, old and new tokens coexist
        restart_node(fed, nodes, partner)
        wait_for(lambda p=partner: switched(fed, {p: nodes[p]}), what=f"{partner} re-pseudonymised")
        assert snapshot(fed) == before  # same ids, status, new-evidence flags and signals
    with matcher_db(fed) as conn:  # every signal now also stands on epoch-2 tokens and encodings
        for table in ("tokens", "encodings"):
            assert {r[0] for r in conn.execute(f"SELECT DISTINCT epoch FROM {table}")} == {1, 2}
            assert conn.execute(
                f"SELECT count(*) FROM signals WHERE id NOT IN (SELECT signal_id FROM {table} WHERE epoch = 2)"
            ).fetchone()[0] == 0
        old_encodings = conn.execute("SELECT count(*) FROM encodings WHERE epoch = 1").fetchone()[0]

    destroy_epoch(fed.root, 1)
    restart_keyholder(fed)
    for partner in fed.partners:
        restart_node(fed, nodes, partner)
    restart(fed, matcher)
    matcher = start_matcher(fed)
    assert snapshot(fed) == before  # the hits stand on epoch-2 tokens alone
    assert tokens_of_epoch(fed, 1) == []
    audit = matcher.matcher.audit
    destroyed = [e for e in audit.entries(0, audit.size()) if e.action == "epoch.destroyed"]
    assert [(e.objects, dict(e.details)["tokens"], dict(e.details)["encodings"]) for e in destroyed] == [
        (("epochs/1",), str(len(old_tokens)), str(old_encodings))
    ]
    with matcher_db(fed) as conn:
        assert {r[0] for r in conn.execute("SELECT DISTINCT epoch FROM encodings")} == {2}

    # Unreproducible: the secrets are gone everywhere and the keyholder refuses epoch 1.
    assert not list(fed.root.rglob("table-secret-epoch-1.key"))
    assert not list(fed.root.rglob("oprf-epoch-1.key"))
    assert 1 not in fed.node_config("vtgv").table_secrets and 1 not in fed.keyholder_config().oprf_keys
    node_cfg = fed.node_config("vtgv")
    channel = transport.secure_channel(
        node_cfg.keyholder_address, node_cfg.tls, expect=transport.Identity(node_cfg.table, "keyholder", "")
    )
    fed.running.append(channel)
    with pytest.raises(KeyholderError):
        TokenLayer(channel, {1: old_public}).final_tokens(1, [bytes(32)])
    TokenLayer(channel, node_cfg.keyholder_public_keys).final_tokens(2, [bytes(32)])  # epoch 2 still serves

    # Unmatchable: an epoch-1 token submitted again is dropped; the new signal links to nothing.
    message = submission_pb2.PseudonymisedSignal(
        signal_ref="replayold1",
        epoch=2,
        tokens=[submission_pb2.Token(kind=common_pb2.IDENTIFIER_KIND_PHONE, value=old_tokens[0], epoch=1)],
        metadata=submission_pb2.SignalMetadata(municipality="Utrecht", month="2026-03"),
    )
    body, signature = build_batch(
        node_cfg.table,
        "vtgv",
        crypto.load_ed25519_private(node_cfg.signing_key),
        uuid.uuid4().hex,
        [Operation(1, "submit", "replayold1", message.SerializeToString())],
    )
    submit = submission_pb2_grpc.SubmissionServiceStub(fed.channel_to_matcher(node_cfg.tls))
    submit.SubmitBatch(submission_pb2.SubmitBatchRequest(batch=body, signature=signature), timeout=10)
    assert snapshot(fed) == before
    assert tokens_of_epoch(fed, 1) == []

    # Shredded at the matcher: no file under its directory holds an old token, running or stopped.
    restart(fed, matcher)
    for path in fed.matcher_dir().rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert not any(token in data for token in old_tokens), path


def test_rotation_under_load_loses_and_duplicates_nothing(federation):
    fed = federation
    matcher = start_matcher(fed)
    nodes = {p: fed.start_node(p) for p in fed.partners}
    planted = plant(fed, "before", 5)
    wait_for(lambda: drained(fed, fed.partners), what="first signals delivered")
    ids_before = snapshot(fed)

    # Signals keep arriving at every partner before, during and after the switch.
    arriving: dict[str, set[str]] = {}
    failure: list[BaseException] = []
    started, switched_over = threading.Event(), threading.Event()

    def load() -> None:
        try:
            for i in itertools.count():
                last = switched_over.is_set()
                arriving.update(plant(fed, f"during-{i}", 1))
                if i == 2:
                    started.set()
                if last:
                    return  # at least one round after every process was restarted
        except BaseException as exc:  # reported below
            failure.append(exc)
            started.set()

    thread = threading.Thread(target=load)
    thread.start()
    assert started.wait(60)
    rotate_epoch(fed.root)
    restart_keyholder(fed)
    restart(fed, matcher)
    matcher = start_matcher(fed)
    for partner in fed.partners:
        restart_node(fed, nodes, partner)
    switched_over.set()
    thread.join(120)
    assert not thread.is_alive() and not failure
    assert len(arriving) >= 4
    wait_for(lambda: switched(fed, nodes), timeout=60, what="all nodes switched")
    during = snapshot(fed)
    assert_exactly(during, {**planted, **arriving})
    assert {h: v for h, v in during.items() if h in ids_before} == ids_before  # ids unchanged

    destroy_epoch(fed.root, 1)
    restart_keyholder(fed)
    for partner in fed.partners:
        restart_node(fed, nodes, partner)
    restart(fed, matcher)
    start_matcher(fed)
    assert snapshot(fed) == during
    late = plant(fed, "after", 3)  # new signals match in the new epoch alone
    wait_for(lambda: drained(fed, fed.partners) and len(snapshot(fed)) == len(during) + len(late), what="late hits")
    assert_exactly(snapshot(fed), {**planted, **arriving, **late})


def test_destroying_the_current_or_an_unknown_epoch_and_a_second_rotation_are_refused(federation):
    with pytest.raises(ValidationError):
        destroy_epoch(federation.root, 1)  # the current epoch
    rotate_epoch(federation.root)
    with pytest.raises(ValidationError):
        destroy_epoch(federation.root, 7)
    with pytest.raises(ValidationError) as refused:  # one rotation at a time
        rotate_epoch(federation.root)
    assert [v.rule for v in refused.value.violations] == ["directory.epoch.rotating"]
    destroy_epoch(federation.root, 1)
    keyholder = federation.keyholder_config()
    assert keyholder.destroyed_epochs == (1,) and set(keyholder.oprf_keys) == {2}
    node = federation.node_config("nla")
    assert (node.epoch, node.active_epochs, set(node.table_secrets)) == (2, (2,), {2})


def test_tokens_match_only_within_their_epoch_and_destroy_rematches(tmp_path):
    value = crypto.sha256(b"same token value")
    meta = Metadata((), "Utrecht", "2026-03", ())
    now = "2026-03-01T00:00:00Z"

    def submit(partner: str, ref: str, *epochs: int) -> None:
        tokens = tuple(TokenIn("phone", value, e) for e in epochs)
        with store.transaction():
            store.submit(SignalIn(partner, ref, max(epochs), tokens, meta), crypto.sha256(repr(tokens).encode()), now)

    with MatchStore(tmp_path / "matcher.sqlite") as store:
        submit("vtgv", "signal-a", 1)
        submit("nla", "signal-b", 2)
        assert store.list_hits(HitFilter(), 10, "")[2] == 0  # same value, other epoch: no match
        submit("politie-avim", "signal-c", 1, 2)
        (hit,), _, _ = store.list_hits(HitFilter(), 10, "")
        assert {s.signal_ref for s in hit.signals} == {"signal-a", "signal-b", "signal-c"}
        with store.transaction():
            deleted, encodings, changes = store.destroy_epoch(1, now)
        assert (deleted, encodings) == (2, 0) and changes.updated == (hit.id,)
        (after,), _, _ = store.list_hits(HitFilter(), 10, "")  # a's link rested on epoch 1 only
        assert after.id == hit.id and {s.signal_ref for s in after.signals} == {"signal-b", "signal-c"}
        with store.transaction():
            assert store.destroy_epoch(1, now)[:2] == (0, 0)
