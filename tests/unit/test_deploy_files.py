"""The packaging files: systemd units verified by systemd-analyze (and their exposure score), the
Containerfile linted by hadolint, the compose files holding the promised hardening."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
SYSTEMD = REPO / "deploy" / "systemd"
CONTAINER = REPO / "deploy" / "container"
SERVICES = ["signalmatch-matcher.service", "signalmatch-keyholder.service", "signalmatch-node.service"]


def _tool(name: str) -> str:
    """A tool `make test` installs (systemd from Debian, hadolint from PyPI): fail, never skip."""
    path = shutil.which(name) or shutil.which(name, path=str(Path(sys.executable).parent))
    assert path, f"{name} is missing: `make test` installs it"
    return path


@pytest.fixture(scope="module")
def units(tmp_path_factory) -> Path:
    """The units with ExecStart pointing at this checkout's signalmatch (verify checks it exists)."""
    target = tmp_path_factory.mktemp("units")
    executable = Path(sys.executable).parent / "signalmatch"
    for unit in SYSTEMD.glob("signalmatch*"):
        text = unit.read_text().replace("/opt/signalmatch/bin/signalmatch", str(executable))
        (target / unit.name).write_text(text)
    return target


def test_systemd_analyze_verify_finds_nothing(units):
    names = [*SERVICES, "signalmatch-backup@node.service", "signalmatch-backup@node.timer"]
    done = subprocess.run(
        [_tool("systemd-analyze"), "verify", "--man=no", *(f"./{n}" for n in names)],
        cwd=units,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0 and done.stderr.strip() == "" and done.stdout.strip() == "", done.stderr


@pytest.mark.parametrize("service", SERVICES)
def test_services_are_hardened(units, service):
    text = (units / service).read_text()
    for setting in (
        "User=signalmatch",
        "StateDirectory=signalmatch/",
        "LoadCredential=tls.key:",
        "ProtectSystem=strict",
        "NoNewPrivileges=yes",
        "PrivateTmp=yes",
        "CapabilityBoundingSet=\n",
        "KillSignal=SIGTERM",
        "RestartPreventExitStatus=2 5",
    ):
        assert setting in text, setting
    done = subprocess.run(
        [_tool("systemd-analyze"), "security", "--offline=yes", "--no-pager", f"./{service}"],
        cwd=units,
        capture_output=True,
        text=True,
        timeout=120,
    )
    score = float(re.search(r"Overall exposure level for \S+: ([0-9.]+)", done.stdout).group(1))
    assert score <= 2.0, done.stdout[-2000:]  # systemd: 0-10, "OK" below 2.5 (measured: 1.4-1.6)


def test_containerfile_passes_hadolint():
    done = subprocess.run(
        [_tool("hadolint"), str(CONTAINER / "Containerfile")], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stdout + done.stderr
    text = (CONTAINER / "Containerfile").read_text()
    assert "USER 10001:10001" in text and "HEALTHCHECK" in text and 'VOLUME ["/var/lib/signalmatch"]' in text


@pytest.mark.parametrize("name", ["compose.node.yaml", "compose.matcher.yaml", "compose.keyholder.yaml"])
def test_compose_files_run_read_only_non_root_with_keys_as_read_only_files(name):
    document = yaml.safe_load((CONTAINER / name).read_text())
    [service] = document["services"].values()
    assert service["read_only"] is True and service["user"] == "10001:10001"
    assert service["cap_drop"] == ["ALL"] and "no-new-privileges:true" in service["security_opt"]
    volume, *keys = service["volumes"]
    assert volume.endswith(":/var/lib/signalmatch:rw")  # the one writable place
    assert keys and all(k.endswith(".key:ro") for k in keys)
    for port in service["ports"]:
        plaintext = port.split(":")[-1] in ("9464", "9465")
        assert not plaintext or port.startswith("127.0.0.1:"), port  # metrics and health on loopback
    assert service["healthcheck"]["test"] == ["CMD", "signalmatch", "health"]
    assert service["environment"]["SIGNALMATCH_CONFIG"] in " ".join(service["command"])
    assert service["stop_signal"] == "SIGTERM"
