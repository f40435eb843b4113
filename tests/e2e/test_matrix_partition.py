"""Fault matrix: a partition between a node and the matcher (docs/reliability.md).

The node reaches the matcher through a TCP proxy of the test's own (tests/chaos.py; no netem or
toxiproxy here) that drops, resets and delays connections. A simulated hour: the node's retry cap
and deadlines are scaled down 150 times (1/15 s and 0.2 s instead of 10 s and 30 s), so 24 seconds
of partition hold as many retry rounds as an hour does at the real cap. Meanwhile intake goes on.

What must hold: the node backs off (its connection attempts stay bounded), the outbox grows only by
what was accepted (one frozen batch at a time, resent as it is, never a new one per retry), and
when the partition heals everything is delivered once, in the order it was accepted.
"""

from __future__ import annotations

import dataclasses
import itertools
import sqlite3
import time

import pytest
from chaos import FaultProxy
from support import wait_for

from signalmatch.node.server import Node
from signalmatch.node.signal import from_json, to_proto
from signalmatch.v1 import intake_pb2

pytestmark = pytest.mark.slow
NUMBERS = itertools.count(1)
SCALE = 150  # the real cap 10 s and deadline 30 s, here 1/15 s and 0.2 s
PHASES = (("drop", 10.0), ("reset", 8.0), ("delay", 6.0))  # 24 s: an hour of retry rounds at the real cap


def create(stub) -> str:
    n = next(NUMBERS)
    data = {"external_id": f"P-{n}", "observed_at": "2026-03-14", "municipality": "Utrecht",
            "exploitation_types": ["onbekend"], "vehicles": [{"kenteken": f"AB-{n:03d}-C"}]}  # fmt: skip
    return stub.CreateSignal(intake_pb2.CreateSignalRequest(signal=to_proto(from_json(data))), timeout=10).signal.name


def test_a_partitioned_node_backs_off_holds_its_outbox_and_drains_in_order(federation):
    fed = federation
    fed.start_matcher()
    cfg = fed.node_config("vtgv")
    host, _, port = cfg.matcher_address.rpartition(":")
    with FaultProxy((host, int(port))) as proxy:
        node = Node(dataclasses.replace(cfg, matcher_address=proxy.address), max_backoff=10.0 / SCALE, rpc_timeout=30.0 / SCALE)
        node.start()
        fed.running.append(node)
        stub = fed.intake("vtgv")
        accepted = [create(stub)]
        wait_for(lambda: node.vault.outbox_pending() == 0, what="delivered before the partition")

        frozen_at_once = 0
        partition_start = time.monotonic()
        attempts_before = len(proxy.attempts)
        for mode, seconds in PHASES:
            proxy.mode = mode
            proxy.cut()  # open connections go down with the partition
            until = time.monotonic() + seconds
            while time.monotonic() < until:
                accepted.append(create(stub))  # intake goes on
                frozen_at_once = max(frozen_at_once, unacknowledged_batches(node))
                time.sleep(0.5)
        partition = time.monotonic() - partition_start
        attempts = len(proxy.attempts) - attempts_before

        pending = node.vault.outbox_pending()
        assert 0 < pending <= len(accepted) - 1  # only what was accepted waits (some got through the delay)
        assert frozen_at_once <= 1  # one frozen batch, resent as it is: the outbox does not grow per retry
        # Backoff: at most one connection attempt per (0.8 x cap) — no hot loop — and it kept trying.
        assert 3 <= attempts <= partition / (0.8 * 10.0 / SCALE) + 10, attempts
        status = stub.GetNodeStatus(intake_pb2.GetNodeStatusRequest(), timeout=5)
        assert status.last_error and status.operations_rejected == 0 and status.signals_refused == 0

        proxy.mode = "pass"  # healed
        wait_for(lambda: node.vault.outbox_pending() == 0, timeout=60, what="drained after the partition")
    stored = matcher_refs_in_order(fed)
    assert stored == [name.removeprefix("signals/") for name in accepted]  # each once, in intake order
    assert fed.intake("vtgv").GetNodeStatus(intake_pb2.GetNodeStatusRequest(), timeout=5).last_error == ""


def unacknowledged_batches(node: Node) -> int:
    with node.vault.transaction() as conn:
        return conn.execute("SELECT count(*) FROM batches WHERE ack_time IS NULL AND reject_time IS NULL").fetchone()[0]


def matcher_refs_in_order(fed) -> list[str]:
    db = sqlite3.connect(fed.matcher_config().data_dir / "matcher.sqlite")
    try:
        return [r[0] for r in db.execute("SELECT signal_ref FROM signals WHERE partner = 'vtgv' ORDER BY id")]
    finally:
        db.close()
