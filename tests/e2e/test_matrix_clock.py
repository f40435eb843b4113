"""Fault matrix: clock skew, with Debian's libfaketime (it moves the clock OpenSSL checks
certificates with, too) — docs/reliability.md.

An hour either way between a node and the matcher changes nothing: signals flow, the overlap becomes
a hit, receipts verify, the officers' verification passes. Two years ahead, the certificates have
expired: a process refuses to start and says whose certificate expired and when; a node whose clock
jumps two years while it runs has every connection refused, and its status says so.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import grpc
import pytest
from chaos import faketime_env
from support import REPO, Federation, drained, wait_for

from signalmatch.console import audit as audit_console
from signalmatch.node.signal import from_json, to_proto
from signalmatch.v1 import hits_pb2, intake_pb2

pytestmark = pytest.mark.slow


def serve(fed: Federation, role: str, partner: str, log: Path, env: dict[str, str]) -> subprocess.Popen:
    config = fed.node_config_path(partner) if role == "node" else fed.matcher_config_path()
    proc = subprocess.Popen(
        [sys.executable, "-m", "signalmatch.cli", "--verbose", role, "serve", "--config", str(config)],
        stdout=subprocess.PIPE, stderr=log.open("ab"), text=True, cwd=REPO, env={**env, "PYTHONUNBUFFERED": "1"},
    )  # fmt: skip
    fed.running.append(proc)
    return proc


def ready(proc: subprocess.Popen, log: Path) -> subprocess.Popen:
    assert proc.stdout.readline().startswith("ready"), log.read_text()[-3000:]
    return proc


def create(fed: Federation, partner: str, phone: str) -> None:
    data = {"external_id": f"{partner}-{phone.replace(' ', '')}", "observed_at": "2026-03-14", "municipality": "Utrecht",
            "exploitation_types": ["onbekend"], "persons": [{"role": "betrokkene", "surname": "Jansen", "phones": [phone]}]}  # fmt: skip
    fed.intake(partner).CreateSignal(intake_pb2.CreateSignalRequest(signal=to_proto(from_json(data))), timeout=10)


def test_an_hour_either_way_changes_nothing(federation, tmp_path):
    fed = federation
    fed.start_matcher()
    logs = {p: tmp_path / f"{p}.log" for p in ("vtgv", "nla")}
    for partner, offset in (("vtgv", "-1h"), ("nla", "+1h")):
        ready(serve(fed, "node", partner, logs[partner], faketime_env(offset)), logs[partner])
    create(fed, "vtgv", "0612345670")
    create(fed, "nla", "06 1234 5670")
    wait_for(lambda: drained(fed, ["vtgv", "nla"]), what="both delivered")
    hits = wait_for(lambda: fed.hits().ListHits(hits_pb2.ListHitsRequest(), timeout=10).hits, what="the hit")
    assert len(hits) == 1 and sorted(hits[0].partners) == ["nla", "vtgv"]
    for partner in ("vtgv", "nla"):  # receipts and checkpoints verify with both clocks off by an hour
        result, _ = audit_console.verify_as(fed.officer_config(partner), [])
        assert result.ok, result
        status = fed.intake(partner).GetNodeStatus(intake_pb2.GetNodeStatusRequest(), timeout=5)
        assert status.last_error == "" and status.signals_refused == 0


def test_two_years_ahead_every_connection_is_refused_saying_whose_certificate_expired(federation, tmp_path):
    fed = federation
    # Started two years ahead: it does not start, and says why.
    late_matcher = subprocess.run(
        [sys.executable, "-m", "signalmatch.cli", "--lang", "en", "matcher", "serve", "--config", str(fed.matcher_config_path())],
        capture_output=True, text=True, cwd=REPO, env=faketime_env("+2y"), timeout=60,
    )  # fmt: skip
    assert late_matcher.returncode == 2
    assert "spiffe://midden-nederland/matcher" in " ".join(late_matcher.stdout.split() + late_matcher.stderr.split())

    matcher = fed.start_matcher()
    log = tmp_path / "vtgv-late.log"
    late = serve(fed, "node", "vtgv", log, faketime_env("+2y"))
    assert late.wait(60) == 2
    text = "".join(late.stdout.read().split("\n"))  # rich wraps long lines
    assert "spiffe://midden-nederland/partner/vtgv" in text and "is verlopen op" in text, text
    # Running, then two years pass at once: every connection is refused, and the status says whose.
    clock = tmp_path / "clock"
    clock.write_text("+0\n")
    env = {**faketime_env("+0"), "FAKETIME_TIMESTAMP_FILE": str(clock), "FAKETIME_NO_CACHE": "1"}
    env.pop("FAKETIME")
    log = tmp_path / "vtgv.log"
    ready(serve(fed, "node", "vtgv", log, env), log)
    create(fed, "vtgv", "0612345671")
    wait_for(lambda: drained(fed, ["vtgv"]), what="delivered in time")
    # Open connections would keep going (TLS checks dates at the handshake): the servers stop, a
    # signal waits in the outbox, two years pass, the servers are back and the node must connect again.
    for server in (matcher, fed.keyholder):
        server.stop()
        fed.running.remove(server)
    create(fed, "vtgv", "0612345672")
    clock.write_text("+2y\n")
    fed.start_keyholder()
    fed.start_matcher()
    error = wait_for(lambda: "verlopen" in (e := node_error(log)) and e, timeout=60, what="the expiry reported")
    assert "spiffe://midden-nederland/partner/vtgv" in error  # whose: the node's own certificate
    with pytest.raises(grpc.RpcError) as err:  # and the node refuses its operators (their certificates
        fed.intake("vtgv").GetNodeStatus(intake_pb2.GetNodeStatusRequest(), timeout=5)  # expired by its clock)
    assert err.value.code() == grpc.StatusCode.UNAVAILABLE


def node_error(log: Path) -> str:
    """The node's last error towards the matcher, from its log (its intake refuses TLS now)."""
    lines = [line for line in log.read_text().splitlines() if "round failed" in line]
    return lines[-1] if lines else ""
