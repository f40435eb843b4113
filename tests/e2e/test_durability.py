"""Crashes lose nothing and duplicate nothing: SIGKILL of the matcher and of a node mid-stream."""

from __future__ import annotations

import signal
import sqlite3
import threading
from pathlib import Path

import grpc
import pytest
from support import drained, spawn, wait_for

from signalmatch.console.node import import_file
from signalmatch.deploy.demo import evaluate
from signalmatch.node.signal import from_json, to_proto
from signalmatch.synthetic.generate import generate, write
from signalmatch.v1 import hits_pb2, intake_pb2

pytestmark = pytest.mark.slow


def matcher_signals(fed) -> list[tuple[str, str]]:
    db = sqlite3.connect(fed.matcher_config().data_dir / "matcher.sqlite")
    try:
        return db.execute("SELECT partner, signal_ref FROM signals").fetchall()
    finally:
        db.close()


def accepted_batches(fed) -> int:
    db = sqlite3.connect(fed.matcher_config().data_dir / "matcher.sqlite")
    try:
        from signalmatch.audit.log import AuditLog

        log = AuditLog(db, origin="midden-nederland/matcher")
        return sum(1 for i in range(log.size()) if log.entry(i).action == "batch.accepted")
    finally:
        db.close()


def acknowledged(fed, partners) -> int:
    return sum(
        fed.intake(p).GetNodeStatus(intake_pb2.GetNodeStatusRequest(), timeout=5).batches_acknowledged for p in partners
    )


def test_matcher_killed_mid_stream_loses_and_duplicates_nothing(federation, tmp_path):
    partners = federation.partners
    dataset = generate(seed=7, signals=600, partners=partners)
    data = tmp_path / "signals.jsonl"
    write(dataset, data)
    matcher_args = ["matcher", "serve", "--config", str(federation.matcher_config_path())]
    matcher = spawn(matcher_args, tmp_path / "matcher.log")
    federation.running.append(matcher)
    for p in partners:
        federation.start_node(p, batch_size=15, max_backoff=0.5)

    reports = {}

    def run_import(partner: str) -> None:
        reports[partner] = import_file(federation.intake(partner), data, partner)

    threads = [threading.Thread(target=run_import, args=(p,)) for p in partners]
    for t in threads:
        t.start()
    wait_for(lambda: acknowledged(federation, partners) >= 3, what="first batches acknowledged")
    matcher.send_signal(signal.SIGKILL)
    matcher.wait()
    restarted = spawn(matcher_args, tmp_path / "matcher.log")
    federation.running.append(restarted)
    for t in threads:
        t.join(120)
    wait_for(lambda: drained(federation, partners), timeout=120, what="outboxes drained after restart")

    accepted = {(p, ref) for p, report in reports.items() for ref in report.refs.values()}
    assert sum(r.accepted for r in reports.values()) == len(dataset.signals)
    stored = matcher_signals(federation)
    assert len(stored) == len(set(stored)) == len(accepted)
    assert set(stored) == accepted
    assert accepted_batches(federation) == acknowledged(federation, partners)

    hits = list(federation.hits().ListHits(hits_pb2.ListHitsRequest(page_size=500), timeout=10).hits)
    refs = {(p, ext): ref for p, report in reports.items() for ext, ref in report.refs.items()}
    found, missed, unexpected = evaluate(dataset.overlaps, refs, hits)
    assert (missed, unexpected) == (0, 0) and found == len(dataset.overlaps) > 0


def children(pid: int) -> list[int]:
    """The running child processes of `pid` (Linux /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            found.append(int(stat.parent.name))
    return found


def running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_node_killed_mid_import_keeps_every_accepted_signal_once(federation, tmp_path):
    federation.start_matcher()
    dataset = generate(seed=11, signals=400, partners=["vtgv"])
    node_args = ["node", "serve", "--config", str(federation.node_config_path("vtgv"))]
    node = spawn(node_args, tmp_path / "node.log")
    federation.running.append(node)
    workers = children(node.pid)  # its token workers (node.tokenworkers; 2 by default on 2 cores)
    assert len(workers) == federation.node_config("vtgv").token_workers

    acked: list[str] = []
    stub = federation.intake("vtgv")

    def requests():
        for i, data in enumerate(dataset.signals):
            data = {k: v for k, v in data.items() if k != "partner"}
            yield intake_pb2.ImportSignalsRequest(sequence=i, signal=to_proto(from_json(data)))

    with pytest.raises(grpc.RpcError):
        for response in stub.ImportSignals(requests(), timeout=60):
            assert not response.violations
            acked.append(dataset.signals[response.sequence]["external_id"])
            if len(acked) == 1:  # mid-stream, while later requests are in flight (not a race on timing)
                node.send_signal(signal.SIGKILL)
    node.wait()
    assert acked, "the node acknowledged nothing before it was killed"
    wait_for(lambda: not any(running(p) for p in workers), timeout=30, what="the token workers gone with the node")

    restarted = spawn(node_args, tmp_path / "node.log")
    federation.running.append(restarted)
    stub = federation.intake("vtgv")
    second = 0
    for i, data in enumerate(dataset.signals):  # the operator simply imports the file again
        data = {k: v for k, v in data.items() if k != "partner"}
        response = stub.CreateSignal(intake_pb2.CreateSignalRequest(signal=to_proto(from_json(data))), timeout=10)
        if dataset.signals[i]["external_id"] in acked:
            assert not response.created  # accepted before the crash: still there
        second += response.created
    wait_for(lambda: drained(federation, ["vtgv"]), timeout=120, what="outbox drained")
    status = stub.GetNodeStatus(intake_pb2.GetNodeStatusRequest(), timeout=5)
    assert status.signals == len(dataset.signals)
    stored = matcher_signals(federation)
    assert len(stored) == len(set(stored)) == len(dataset.signals)
