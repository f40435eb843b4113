"""Fault matrix: a stopped matcher and keyholder (SIGSTOP for 60 s), and a full disk.

SIGSTOP: both stopped in the same 60-second window, as separate processes. Deadlines fire (the
node's status names DEADLINE_EXCEEDED), the outbox holds what was accepted meanwhile, and after
SIGCONT everything is delivered once; the status shows the current cause (the keyholder's while
it is stopped, the matcher's once only the matcher is), and nothing once all is well.

Disk full: a small tmpfs the test mounts (CI runs as root) under a node and under the matcher.
Intake answers RESOURCE_EXHAUSTED saying the store is full, nothing is half-stored, and both resume
by themselves when there is room again.
"""

from __future__ import annotations

import dataclasses
import itertools
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import grpc
import pytest
from chaos import Tmpfs
from support import REPO, TABLE, drained, wait_for

from signalmatch.audit.integrity import store_checks as audit_store_checks
from signalmatch.matcher.server import MatcherProcess
from signalmatch.node.server import Node
from signalmatch.node.signal import from_json, to_proto
from signalmatch.v1 import intake_pb2

pytestmark = pytest.mark.slow
NUMBERS = itertools.count(1000)
STOP_SECONDS = 60


def create(stub, tag: str) -> str:
    data = {
        "external_id": f"{tag}-{next(NUMBERS)}",
        "observed_at": "2026-03-14",
        "municipality": "Utrecht",
        "exploitation_types": ["onbekend"],
        "explanation": "x" * 2000,  # some bulk, so that a small disk fills
        "persons": [{"role": "betrokkene", "surname": "Jansen", "phones": [f"0612{next(NUMBERS):06d}"]}],
    }
    request = intake_pb2.CreateSignalRequest(signal=to_proto(from_json(data)))
    return stub.CreateSignal(request, timeout=10).signal.name


def spawn(fed, role: str, log: Path) -> subprocess.Popen:
    path = fed.matcher_config_path() if role == "matcher" else fed.keyholder_config_path()
    proc = subprocess.Popen(
        [sys.executable, "-m", "signalmatch.cli", "--verbose", role, "serve", "--config", str(path)],
        stdout=subprocess.PIPE, stderr=log.open("ab"), text=True, cwd=REPO,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )  # fmt: skip
    assert proc.stdout.readline().startswith("ready"), log.read_text()[-2000:]
    fed.running.append(proc)
    return proc


def status(stub) -> intake_pb2.GetNodeStatusResponse:
    return stub.GetNodeStatus(intake_pb2.GetNodeStatusRequest(), timeout=5)


def matcher_refs(fed) -> list[str]:
    db = sqlite3.connect(fed.matcher_config().data_dir / "matcher.sqlite")
    try:
        return [r[0] for r in db.execute("SELECT signal_ref FROM signals")]
    finally:
        db.close()


def test_matcher_and_keyholder_stopped_for_60_seconds(federation, tmp_path):
    fed = federation
    fed.keyholder.stop()  # the fixture's, in this process: this test needs one it can SIGSTOP
    fed.running.remove(fed.keyholder)
    keyholder = spawn(fed, "keyholder", tmp_path / "keyholder.log")
    matcher = spawn(fed, "matcher", tmp_path / "matcher.log")
    fed.start_node("vtgv", max_backoff=1.0, rpc_timeout=5.0)
    stub = fed.intake("vtgv")
    names = [create(stub, "before")]
    wait_for(lambda: drained(fed, ["vtgv"]), what="delivered")

    for proc in (keyholder, matcher):
        proc.send_signal(signal.SIGSTOP)
    stopped = time.monotonic()
    try:
        names += [create(stub, "during") for _ in range(3)]  # intake goes on
        got = wait_for(lambda: "DEADLINE_EXCEEDED" in (s := status(stub)).last_error and s, what="a deadline fired")
        assert got.outbox_pending == 3 and got.last_error.startswith("sleutelhouder: DEADLINE_EXCEEDED")
        time.sleep(max(0.0, STOP_SECONDS - (time.monotonic() - stopped)))
        got = status(stub)
        assert got.outbox_pending == 3 and got.signals == 4  # held, nothing lost, nothing sent twice
        keyholder.send_signal(signal.SIGCONT)
        # Now only the matcher is away: the status says so, not the keyholder's old error.
        wait_for(
            lambda: (e := status(stub).last_error).startswith("DEADLINE_EXCEEDED") and "sleutelhouder" not in e,
            timeout=30,
            what="the matcher's deadline as the current cause",
        )
    finally:
        for proc in (keyholder, matcher):
            proc.send_signal(signal.SIGCONT)
    wait_for(lambda: drained(fed, ["vtgv"]), timeout=60, what="delivered after SIGCONT")
    wait_for(lambda: status(stub).last_error == "", timeout=30, what="no cause left")
    refs = matcher_refs(fed)
    assert len(refs) == len(set(refs)) == 4 and {f"signals/{r}" for r in refs} == set(names)


@pytest.fixture
def tmpfs(tmp_path):
    made: list[Tmpfs] = []

    def mount(name: str) -> Tmpfs:
        made.append(Tmpfs(tmp_path / name))
        return made[-1]

    yield mount
    for disk in made:
        disk.unmount()


def test_a_full_disk_under_a_node_and_under_the_matcher(federation, tmpfs):
    fed = federation
    matcher_disk, node_disk = tmpfs("matcher-disk"), tmpfs("node-disk")
    matcher = MatcherProcess(dataclasses.replace(fed.matcher_config(), data_dir=matcher_disk.path / "data"))
    matcher.start()
    fed.running.append(matcher)
    node = Node(dataclasses.replace(fed.node_config("vtgv"), data_dir=node_disk.path / "data"), max_backoff=0.3)
    node.start()
    fed.running.append(node)
    stub = fed.intake("vtgv")
    names = [create(stub, "room")]
    wait_for(lambda: status(stub).outbox_pending == 0, what="delivered")

    # Under the node: intake refuses with RESOURCE_EXHAUSTED, storing nothing.
    node_disk.fill(free=16 * 1024)
    before = status(stub).signals
    with pytest.raises(grpc.RpcError) as err:
        for _ in range(50):
            names.append(create(stub, "full"))
    assert err.value.code() == grpc.StatusCode.RESOURCE_EXHAUSTED
    assert "vol" in err.value.details() and "niets opgeslagen" in err.value.details()
    accepted = status(stub).signals
    assert accepted == before + len(names) - 1  # each accepted one whole, the refused one not at all
    node_disk.make_room()
    names.append(create(stub, "again"))  # resumed by itself
    wait_for(lambda: status(stub).outbox_pending == 0, what="delivered")

    # Under the matcher: the node's batch is refused with RESOURCE_EXHAUSTED and retried, not parked.
    matcher_disk.fill(free=16 * 1024)
    for _ in range(20):
        names.append(create(stub, "matcher-full"))
    got = wait_for(lambda: "RESOURCE_EXHAUSTED" in (s := status(stub)).last_error and s, what="the matcher full")
    assert got.outbox_pending > 0 and got.operations_rejected == 0 and got.signals_refused == 0
    matcher_disk.make_room()
    wait_for(lambda: status(stub).outbox_pending == 0, timeout=60, what="delivered once there is room")
    assert status(stub).last_error == ""
    node.stop()
    matcher.stop()
    refs = matcher_refs_at(matcher_disk.path / "data" / "matcher.sqlite")
    assert len(refs) == len(set(refs)) == len(names) and {f"signals/{r}" for r in refs} == set(names)
    # Both stores are sound, their audit logs too: nothing half-written.
    matcher_cfg = fed.matcher_config()
    node_cfg = fed.node_config("vtgv")
    assert not [
        p
        for check in (
            *audit_store_checks(matcher_disk.path / "data" / "matcher.sqlite", f"{TABLE}/matcher", None, full=True),
            *audit_store_checks(node_disk.path / "data" / "vault.sqlite", f"{TABLE}/partner/vtgv", None, full=True),
        )
        for p in check()
    ], (matcher_cfg.path, node_cfg.path)


def matcher_refs_at(path: Path) -> list[str]:
    db = sqlite3.connect(path)
    try:
        return [r[0] for r in db.execute("SELECT signal_ref FROM signals")]
    finally:
        db.close()
