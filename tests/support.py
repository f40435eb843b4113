"""Test support: real federations (certificates, keys, configs) and real servers on loopback."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import grpc

from signalmatch import config, transport
from signalmatch.deploy.federation import Layout
from signalmatch.keyholder.server import KeyholderProcess
from signalmatch.matcher.server import MatcherProcess
from signalmatch.node.server import Node
from signalmatch.v1 import hits_pb2_grpc, intake_pb2, intake_pb2_grpc

TABLE = "midden-nederland"
PARTNERS = ["vtgv", "politie-avim", "nla"]
REPO = Path(__file__).resolve().parents[1]


@dataclass
class Federation:
    """A federation directory plus the processes a test started in it. Reach every config and
    data file through these accessors: the layout belongs to deploy/federation.py."""

    root: Path
    partners: list[str]
    running: list = field(default_factory=list)
    keyholder: KeyholderProcess | None = None

    @property
    def layout(self) -> Layout:
        return Layout(self.root)

    # -- config files --------------------------------------------------------------------------

    def matcher_config_path(self) -> Path:
        return self.layout.matcher_toml

    def node_config_path(self, partner: str) -> Path:
        return self.layout.node_toml(partner)

    def chair_config_path(self, name: str = "voorzitter") -> Path:
        return self.layout.chair_toml(name)

    def officer_config_path(self, name: str) -> Path:
        return self.layout.officer_toml(name)

    def keyholder_config_path(self) -> Path:
        return self.layout.keyholder_toml

    def matcher_config(self) -> config.MatcherConfig:
        return config.load_matcher(self.matcher_config_path())

    def node_config(self, partner: str) -> config.NodeConfig:
        return config.load_node(self.node_config_path(partner))

    def chair_config(self, name: str = "voorzitter") -> config.ChairConfig:
        return config.load_chair(self.chair_config_path(name))

    def officer_config(self, name: str) -> config.OfficerConfig:
        return config.load_officer(self.officer_config_path(name))

    def keyholder_config(self) -> config.KeyholderConfig:
        return config.load_keyholder(self.keyholder_config_path())

    def table_config_path(self) -> Path:
        return self.layout.table_toml

    # -- directories and databases -------------------------------------------------------------

    def matcher_dir(self) -> Path:
        return self.matcher_config_path().parent

    def node_dir(self, partner: str) -> Path:
        return self.node_config_path(partner).parent

    def matcher_db(self) -> Path:
        return self.matcher_dir() / "data" / "matcher.sqlite"

    def vault_db(self, partner: str) -> Path:
        return self.node_dir(partner) / "data" / "vault.sqlite"

    def start_keyholder(self, cfg: config.KeyholderConfig | None = None, **options) -> KeyholderProcess:
        """The keyholder, in this process (nodes need it to layer their tokens)."""
        proc = KeyholderProcess(cfg or self.keyholder_config(), **options)
        proc.start()
        self.running.append(proc)
        self.keyholder = proc
        return proc

    def start_matcher(self, cfg: config.MatcherConfig | None = None, **options) -> MatcherProcess:
        proc = MatcherProcess(cfg or self.matcher_config(), **options)
        proc.start()
        self.running.append(proc)
        return proc

    def start_node(self, partner: str, **options) -> Node:
        node = Node(self.node_config(partner), **options)
        node.start()
        self.running.append(node)
        return node

    def intake(self, partner: str, tls: config.TlsFiles | None = None) -> intake_pb2_grpc.IntakeServiceStub:
        cfg = self.node_config(partner)
        channel = transport.secure_channel(
            cfg.listen, tls or cfg.operator_tls, expect=transport.Identity(TABLE, "partner", partner)
        )
        self.running.append(channel)
        return intake_pb2_grpc.IntakeServiceStub(channel)

    def hits(self, tls: config.TlsFiles | None = None) -> hits_pb2_grpc.HitServiceStub:
        cfg = self.chair_config()
        channel = transport.matcher_channel(TABLE, cfg.matcher_address, tls or cfg.tls)
        self.running.append(channel)
        return hits_pb2_grpc.HitServiceStub(channel)

    def channel_to_matcher(self, tls: config.TlsFiles) -> grpc.Channel:
        channel = transport.matcher_channel(TABLE, self.chair_config().matcher_address, tls)
        self.running.append(channel)
        return channel

    def stop_all(self) -> None:
        for item in reversed(self.running):
            if isinstance(item, grpc.Channel):
                item.close()
            elif isinstance(item, subprocess.Popen):
                if item.poll() is None:
                    item.send_signal(signal.SIGTERM)
                    try:
                        item.wait(10)
                    except subprocess.TimeoutExpired:
                        item.kill()
            else:
                item.stop()
        self.running.clear()


def wait_for(predicate, timeout: float = 30.0, interval: float = 0.05, what: str = "condition"):
    """Poll until predicate() is truthy; deterministic outcome, only the waiting is timed."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


def drained(fed: Federation, partners: list[str]) -> bool:
    return all(
        fed.intake(p).GetNodeStatus(intake_pb2.GetNodeStatusRequest(), timeout=5).outbox_pending == 0 for p in partners
    )


def spawn(args: list[str], log: Path) -> subprocess.Popen:
    """Start `signalmatch <args>` as its own process and wait for its ready line."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "signalmatch.cli", "--verbose", *args],
        stdout=subprocess.PIPE,
        stderr=log.open("ab"),
        text=True,
        cwd=REPO,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    line = proc.stdout.readline()
    if not line.startswith("ready"):
        proc.kill()
        raise AssertionError(f"process did not start: {log.read_text()[-2000:]}")
    return proc
