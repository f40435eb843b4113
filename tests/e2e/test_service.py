"""Running as a service: metrics of every process (names, types, no personal data), JSON logs,
real readiness in gRPC health and on the plaintext health port, reflection v1, graceful SIGTERM."""

from __future__ import annotations

import dataclasses
import io
import json
import logging
import math
import re
import signal
import threading
import time
import tomllib
import urllib.error
import urllib.request
from pathlib import Path

import grpc
import pytest
import tomli_w
from google.protobuf import descriptor_pb2, descriptor_pool, message_factory
from grpc_health.v1 import health_pb2, health_pb2_grpc
from privacy_scan import leaks, raw_values
from prometheus_client.parser import text_string_to_metric_families
from support import REPO, TABLE, drained, spawn, wait_for

from signalmatch import config, logs, reflection, transport
from signalmatch.cli.main import main
from signalmatch.console.node import import_file
from signalmatch.deploy.keyfiles import free_ports
from signalmatch.node.server import Node
from signalmatch.node.signal import from_json, to_proto
from signalmatch.synthetic.generate import generate, write
from signalmatch.v1 import hits_pb2, intake_pb2

SERVING = health_pb2.HealthCheckResponse.SERVING
NOT_SERVING = health_pb2.HealthCheckResponse.NOT_SERVING

# Every metric family a process must expose (name -> type), beyond the RPC ones all share.
RPC = {
    "grpc_server_started": "counter",
    "grpc_server_handled": "counter",
    "grpc_server_handling_seconds": "histogram",
    "signalmatch_build_info": "gauge",
    "signalmatch_collector_up": "gauge",
    "signalmatch_store_bytes": "gauge",
    "signalmatch_certificate_expiry_timestamp_seconds": "gauge",
    "signalmatch_audit_log_entries": "gauge",
    "process_resident_memory_bytes": "gauge",
}
EXPECTED = {
    "keyholder": {
        **RPC,
        "signalmatch_keyholder_evaluations": "counter",
        "signalmatch_keyholder_quota_remaining": "gauge",
        "signalmatch_keyholder_quota_per_hour": "gauge",
        "signalmatch_keyholder_key_epochs": "gauge",
    },
    "matcher": {
        **RPC,
        "signalmatch_matcher_signals": "gauge",
        "signalmatch_matcher_tokens": "gauge",
        "signalmatch_matcher_links": "gauge",
        "signalmatch_matcher_hits": "gauge",
        "signalmatch_matcher_hits_new_evidence": "gauge",
        "signalmatch_matcher_review_candidates": "gauge",
        "signalmatch_matcher_disclosure_requests": "gauge",
        "signalmatch_matcher_batches_accepted": "gauge",
        "signalmatch_audit_checkpoint_timestamp_seconds": "gauge",
        "signalmatch_audit_checkpoint_size": "gauge",
    },
    "node": {
        **RPC,
        "signalmatch_node_signals": "gauge",
        "signalmatch_outbox_pending_operations": "gauge",
        "signalmatch_outbox_oldest_pending_age_seconds": "gauge",
        "signalmatch_outbox_refused_operations": "gauge",
        "signalmatch_outbox_parked_batches": "gauge",
        "signalmatch_outbox_unacknowledged_batches": "gauge",
        "signalmatch_outbox_acknowledged_batches": "gauge",
    },
}
ALLOWED_PREFIXES = ("signalmatch_", "grpc_server_", "process_")
# Label values are codes, method names, organisation ids, epochs and file roles: short, no spaces.
LABEL_VALUE = re.compile(r"[A-Za-z0-9_.\-/+]{0,48}")


def scrape(port: int) -> str:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=10) as answer:
        assert answer.status == 200
        return answer.read().decode()


def families(text: str) -> dict[str, object]:
    return {f.name: f for f in text_string_to_metric_families(text)}


def value(found: dict, name: str, **labels: str) -> float:
    return sum(s.value for s in found[name].samples if all(s.labels.get(k) == v for k, v in labels.items()))


def test_every_process_exposes_metrics_and_json_logs_without_personal_data(federation, tmp_path):
    partners = federation.partners
    log_lines = io.StringIO()
    handler = logging.StreamHandler(log_lines)
    handler.setFormatter(logs.JsonLines())
    root = logging.getLogger()
    root.addHandler(handler)
    level = root.level
    root.setLevel(logging.INFO)
    try:
        matcher = federation.start_matcher()
        nodes = {p: federation.start_node(p) for p in partners}
        dataset = generate(seed=5, signals=150, partners=partners)
        data = tmp_path / "signals.jsonl"
        write(dataset, data)
        reports = {}
        threads = [
            threading.Thread(target=lambda p=p: reports.setdefault(p, import_file(federation.intake(p), data, p)))
            for p in partners
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
        wait_for(lambda: drained(federation, partners), timeout=120, what="outboxes drained")
        federation.hits().ListHits(hits_pb2.ListHitsRequest(), timeout=10)
        texts = {
            "keyholder": scrape(federation.keyholder.host.metrics_http.port),
            "matcher": scrape(matcher.host.metrics_http.port),
            **{f"node/{p}": scrape(n.host.metrics_http.port) for p, n in nodes.items()},
        }
    finally:
        root.removeHandler(handler)
        root.setLevel(level)

    refs = {ref for report in reports.values() for ref in report.refs.values()}
    assert len(refs) > 100
    values = raw_values(dataset.signals) | refs | {r.replace("-", "") for r in refs}
    now = time.time()
    for process, text in texts.items():
        found = families(text)
        expected = EXPECTED[process.split("/")[0]]
        assert {name: found[name].type for name in expected if name in found} == expected, process
        for family in found.values():
            assert family.name.startswith(ALLOWED_PREFIXES), family.name
            for s in family.samples:
                assert math.isfinite(s.value) or s.name.endswith("_bucket"), (process, s)
                for label, label_value in s.labels.items():
                    assert LABEL_VALUE.fullmatch(label_value), (process, s.name, label, label_value)
        assert leaks(text.encode(), values) == [], process
        assert all(
            v > now for v in (s.value for s in found["signalmatch_certificate_expiry_timestamp_seconds"].samples)
        )
        assert value(found, "signalmatch_collector_up") == len(found["signalmatch_collector_up"].samples)
        assert value(found, "signalmatch_store_bytes", file="db") > 0

    matcher_found = families(texts["matcher"])
    assert value(matcher_found, "signalmatch_matcher_signals") == len(dataset.signals)
    assert value(matcher_found, "grpc_server_handled", grpc_method="SubmitBatch", grpc_code="OK") > 0
    assert value(matcher_found, "grpc_server_handled", grpc_method="ListHits", grpc_code="OK") == 1
    assert value(matcher_found, "signalmatch_matcher_hits") > 0
    keyholder_found = families(texts["keyholder"])
    evaluated = sum(value(keyholder_found, "signalmatch_keyholder_evaluations", partner=p, epoch="1") for p in partners)
    assert evaluated > len(dataset.signals)
    for p in partners:
        node_found = families(texts[f"node/{p}"])
        assert value(node_found, "signalmatch_outbox_pending_operations") == 0
        assert value(node_found, "signalmatch_node_signals", state="submitted") == reports[p].accepted
        assert value(node_found, "grpc_server_handled", grpc_method="ImportSignals", grpc_code="OK") == 1

    # Every series the Grafana dashboard plots is one the processes expose.
    dashboard = json.loads((REPO / "deploy" / "grafana" / "signalmatch-dashboard.json").read_text())
    exprs = [t["expr"] for p in dashboard["panels"] for t in p.get("targets", [])]
    plotted = {
        re.sub(r"_(total|bucket)$", "", n)
        for e in exprs
        for n in re.findall(r"\b(?:signalmatch|grpc_server|process)_\w+", e)
    }
    exposed = {name for text in texts.values() for name in families(text)}
    assert (
        len(exprs) > 20
        and plotted - exposed - {"signalmatch_matcher_disclosure_answers", "signalmatch_keyholder_refusals"} == set()
    )

    lines = [json.loads(line) for line in log_lines.getvalue().splitlines()]
    assert lines, "the servers logged nothing at INFO"
    for line in lines:
        assert {"time", "level", "process", "event", "message"} <= set(line), line
        assert line["time"].endswith("Z")
    assert {"server.started", "metrics.listening"} <= {line["event"] for line in lines}
    assert leaks(log_lines.getvalue().encode(), values) == []


def _get(url: str) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_health_reports_real_readiness_per_service(federation):
    cfg = federation.node_config("nla")
    options = dataclasses.replace(cfg.service, health_listen="127.0.0.1:0")
    node = Node(dataclasses.replace(cfg, service=options))
    node.start()
    federation.running.append(node)
    url = f"http://127.0.0.1:{node.host.health_http.port}"
    channel = transport.secure_channel(cfg.listen, cfg.operator_tls, expect=transport.Identity(TABLE, "partner", "nla"))
    federation.running.append(channel)
    health = health_pb2_grpc.HealthStub(channel)

    def status(service: str) -> int:
        return health.Check(health_pb2.HealthCheckRequest(service=service), timeout=5).status

    # The matcher is not running: intake works (signals wait in the outbox), the node as a whole is not ready.
    node.host.readiness.refresh()
    assert status("signalmatch.v1.IntakeService") == SERVING
    assert status("") == NOT_SERVING
    code, report = _get(f"{url}/readyz")
    assert code == 503 and report["status"] == "NOT_SERVING"
    assert report["checks"]["matcher"] == {"ok": False, "reason": "UNAVAILABLE"}
    assert report["checks"]["store"]["ok"] and report["checks"]["keyholder"]["ok"]
    assert _get(f"{url}/livez") == (200, {"status": "alive"})

    federation.start_matcher()  # the node's channel reconnects after its back-off
    wait_for(lambda: node.host.readiness.refresh()["matcher"] == "", what="the matcher reachable")
    assert status("") == SERVING
    code, report = _get(f"{url}/readyz")
    assert code == 200 and report["status"] == "SERVING"
    assert set(report["services"]) == {
        "signalmatch.v1.IntakeService",
        "signalmatch.v1.OfficerService",
        "signalmatch.v1.AuditService",
    }

    federation.keyholder.stop()
    node.host.readiness.refresh()
    assert status("") == NOT_SERVING and status("signalmatch.v1.IntakeService") == SERVING
    assert _get(f"{url}/readyz")[1]["checks"]["keyholder"]["ok"] is False


def test_reflection_v1_answers_a_v1_client(federation):
    federation.start_matcher()
    cfg = federation.chair_config()
    channel = federation.channel_to_matcher(cfg.tls)
    pool = descriptor_pool.Default()
    reflection.v1_file()
    request_class = message_factory.GetMessageClass(
        pool.FindMessageTypeByName("grpc.reflection.v1.ServerReflectionRequest")
    )
    response_class = message_factory.GetMessageClass(
        pool.FindMessageTypeByName("grpc.reflection.v1.ServerReflectionResponse")
    )
    call = channel.stream_stream(
        "/grpc.reflection.v1.ServerReflection/ServerReflectionInfo",
        request_serializer=request_class.SerializeToString,
        response_deserializer=response_class.FromString,
    )
    answers = list(
        call(
            iter(
                [
                    request_class(list_services=""),
                    request_class(file_containing_symbol="signalmatch.v1.SubmissionService"),
                    request_class(file_containing_symbol="grpc.reflection.v1.ServerReflection"),
                ]
            ),
            timeout=10,
        )
    )
    listed = {s.name for s in answers[0].list_services_response.service}
    assert {
        "signalmatch.v1.SubmissionService",
        "grpc.health.v1.Health",
        "grpc.reflection.v1.ServerReflection",
        "grpc.reflection.v1alpha.ServerReflection",
    } <= listed
    for answer, file_name in ((answers[1], "signalmatch/v1/submission.proto"), (answers[2], reflection.V1_FILE)):
        files = [
            descriptor_pb2.FileDescriptorProto.FromString(b)
            for b in answer.file_descriptor_response.file_descriptor_proto
        ]
        assert file_name in {f.name for f in files}


def _set_keys(path: Path, **keys: object) -> None:
    data = tomllib.loads(path.read_text())
    data.update(keys)
    path.write_text(tomli_w.dumps(data))


@pytest.mark.slow
def test_sigterm_lets_calls_in_flight_finish_refuses_new_ones_and_exits_0(federation, tmp_path, capsys):
    """A node as its own process, JSON logs: SIGTERM in the middle of an import stream."""
    path = federation.node_config("vtgv").path
    health = f"127.0.0.1:{free_ports(1)[0]}"
    _set_keys(path, shutdown_grace_seconds=120, health_listen=health)  # far beyond what the test needs
    log = tmp_path / "node.log"
    node = spawn(["node", "serve", "--config", str(path)], log)
    federation.running.append(node)
    # `signalmatch health` (the container's HEALTHCHECK): alive, but not ready without a matcher.
    assert main(["health", "--config", str(path), "--live"]) == 0
    assert main(["health", "--config", str(path)]) == 1
    report = json.loads(capsys.readouterr().out.splitlines()[-1])
    assert report["status"] == "NOT_SERVING" and report["checks"]["matcher"]["ok"] is False
    signals = [
        {k: v for k, v in s.items() if k != "partner"} for s in generate(seed=4, signals=10, partners=["vtgv"]).signals
    ]
    release = threading.Event()

    def requests():
        for i, data in enumerate(signals):
            if i == 5:
                release.wait(60)
            yield intake_pb2.ImportSignalsRequest(sequence=i, signal=to_proto(from_json(data)))

    stub = federation.intake("vtgv")
    stream = stub.ImportSignals(requests(), timeout=120)
    answered = [next(stream) for _ in range(5)]
    node.send_signal(signal.SIGTERM)

    def refused() -> bool:  # a new call, on a new connection, finds no server accepting it
        try:
            federation.intake("vtgv").GetNodeStatus(intake_pb2.GetNodeStatusRequest(), timeout=5)
        except grpc.RpcError as exc:
            return exc.code() == grpc.StatusCode.UNAVAILABLE
        return False

    wait_for(refused, timeout=60, what="new calls refused after SIGTERM")
    assert node.poll() is None  # still finishing the call in flight
    release.set()
    answered += list(stream)
    assert [a.sequence for a in answered] == list(range(10))
    assert all(a.signal_name and not a.violations for a in answered)
    assert node.wait(60) == 0
    events = [json.loads(line)["event"] for line in log.read_text().splitlines() if line.startswith("{")]
    assert events.index("shutdown.requested") < events.index("shutdown.finished")

    restarted = spawn(["node", "serve", "--config", str(path)], log)
    federation.running.append(restarted)
    status = federation.intake("vtgv").GetNodeStatus(intake_pb2.GetNodeStatusRequest(), timeout=10)
    assert status.signals == 10


def test_config_paths_take_environment_variables(federation, tmp_path, monkeypatch):
    """A systemd unit's config names ${CREDENTIALS_DIRECTORY}/... and ${STATE_DIRECTORY}/..."""
    path = federation.node_config("nla").path
    keys = tmp_path / "credentials"
    keys.mkdir()
    (keys / "vault.key").write_bytes((path.parent / "vault.key").read_bytes())
    _set_keys(path, vault_key="${TEST_CREDENTIALS}/vault.key", data_dir="${TEST_STATE}/data")
    monkeypatch.setenv("TEST_CREDENTIALS", str(keys))
    monkeypatch.setenv("TEST_STATE", str(tmp_path / "state"))
    cfg = config.load_node(path)
    assert cfg.vault_key == keys / "vault.key" and cfg.data_dir == tmp_path / "state" / "data"
