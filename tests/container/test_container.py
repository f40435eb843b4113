"""The container image, built with Debian's podman and run: the demo inside, read-only, non-root.

`make test-container` (not part of `make test`: it takes minutes). No registry is reachable from
the build machines, so the base image is made here from Debian with debootstrap (python3 and its
venv module) and kept in podman's store for the next run; the wheels come from `pip wheel` on this
machine and the image installs them offline (PIP_NO_INDEX=1).

This machine's own limits need three options that a normal host does not: the vfs storage
driver, runc (crun refuses the hybrid cgroup layout here) and lowered ulimits (the sandbox lacks
CAP_SYS_RESOURCE to set podman's default ones).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tarfile
import tomllib
from pathlib import Path

import pytest
import tomli_w
import yaml
from support import drained, wait_for

from signalmatch.console.node import import_file
from signalmatch.deploy.keyfiles import free_ports
from signalmatch.synthetic.generate import generate, write

pytestmark = pytest.mark.container

REPO = Path(__file__).resolve().parents[2]
BASE = "localhost/signalmatch-base:bookworm"
IMAGE = "localhost/signalmatch:test"
PODMAN = ["podman", "--storage-driver", "vfs", "--runtime", "runc"]
LIMITS = ["--ulimit", "nofile=1024:1024", "--ulimit", "nproc=1024:1024"]


def run(args: list[str], timeout: float = 900, **options) -> subprocess.CompletedProcess:
    done = subprocess.run(args, capture_output=True, text=True, timeout=timeout, **options)
    assert done.returncode == 0, f"{args[:6]}: {done.stderr[-3000:]}"
    return done


def base_image(tmp: Path) -> str:
    """A Debian bookworm base with python3 (debootstrap), made once and kept in podman's store."""
    if subprocess.run([*PODMAN, "image", "exists", BASE]).returncode == 0:
        return BASE
    rootfs = tmp / "rootfs"
    run(
        [
            "debootstrap",
            "--variant=minbase",
            "--include=python3,python3-venv,ca-certificates",
            "bookworm",
            str(rootfs),
            "http://deb.debian.org/debian",
        ]
    )
    for cache in ("var/cache/apt/archives", "var/lib/apt/lists"):  # downloaded packages: not needed in the image
        for path in (rootfs / cache).glob("*"):
            if path.is_file():
                path.unlink()
    archive = tmp / "rootfs.tar"
    with tarfile.open(archive, "w") as tar:
        for path in sorted(rootfs.iterdir()):
            tar.add(path, arcname=path.name)
    run([*PODMAN, "import", str(archive), BASE])
    return BASE


@pytest.fixture(scope="module")
def image(tmp_path_factory) -> str:
    """The image, built from this checkout's wheels offline."""
    tmp = tmp_path_factory.mktemp("image")
    base = base_image(tmp)
    context = tmp / "context"
    run([sys.executable, "-m", "pip", "wheel", "-q", "-w", str(context / "dist"), str(REPO)])
    run(
        [
            *PODMAN, "build", "--format", "docker", "--network", "none", *LIMITS,
            "--build-arg", f"BASE={base}", "--build-arg", "PIP_NO_INDEX=1",
            "-f", str(REPO / "deploy" / "container" / "Containerfile"), "-t", IMAGE, str(context),
        ]
    )  # fmt: skip
    return IMAGE


def test_the_image_runs_the_demo_read_only_as_a_non_root_user(image):
    [inspected] = json.loads(run([*PODMAN, "image", "inspect", image]).stdout)
    assert inspected["Config"]["User"] == "10001:10001" and "/var/lib/signalmatch" in inspected["Config"]["Volumes"]
    assert inspected["Healthcheck"]["Test"] == ["CMD", "signalmatch", "health"]

    container = [*PODMAN, "run", "--rm", "--no-healthcheck", "--read-only", "--tmpfs", "/tmp", "--network", "none"]
    probe = "import os; print(os.getuid()); open('/opt/signalmatch/x', 'w')"
    denied = subprocess.run(
        [*container, *LIMITS, "--entrypoint", "python3", image, "-c", probe],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert denied.stdout.strip() == "10001" and "Read-only file system" in denied.stderr

    demo = json.loads(run([*container, *LIMITS, image, "demo", "--signals", "200", "--json"]).stdout)
    assert demo["found"] == demo["planted"] > 0 and demo["unexpected_hits"] == 0
    assert demo["audit_verified"] and demo["oprf"] and demo["disclosures_delivered"] > 0


def compose_run_options(service: dict, member_dir: Path) -> list[str]:
    """`podman run` options for a compose service (what podman-compose would pass), with the
    member directory at `member_dir` and the host's network instead of published ports."""
    options = ["--user", service["user"], "--network", "host"]
    options += ["--read-only"] if service.get("read_only") else []
    options += [arg for t in service.get("tmpfs", []) for arg in ("--tmpfs", t)]
    options += [arg for c in service.get("cap_drop", []) for arg in ("--cap-drop", c)]
    options += [arg for o in service.get("security_opt", []) for arg in ("--security-opt", o)]
    options += [arg for k, v in service.get("environment", {}).items() for arg in ("--env", f"{k}={v}")]
    for volume in service["volumes"]:
        options += ["--volume", volume.replace("./node", str(member_dir), 1)]
    return options


def test_a_node_runs_from_its_compose_file_against_the_matcher_and_keyholder(image, federation, tmp_path):
    """compose.node.yaml's container (read-only, user 10001, keys as read-only files): it becomes
    ready, takes an import over mTLS, delivers to the matcher and stops on SIGTERM with exit 0."""
    service = yaml.safe_load((REPO / "deploy" / "container" / "compose.node.yaml").read_text())["services"]["node"]
    federation.start_matcher()
    cfg = federation.node_config("nla")
    member_dir = cfg.path.parent
    document = tomllib.loads(cfg.path.read_text())
    document["health_listen"] = f"127.0.0.1:{free_ports(1)[0]}"
    cfg.path.write_text(tomli_w.dumps(document))
    run(["chown", "-R", "10001:10001", str(member_dir)])
    name = f"signalmatch-node-test-{os.getpid()}"
    run([*PODMAN, "run", "-d", "--name", name, "--no-healthcheck", *LIMITS, *compose_run_options(service, member_dir),
         image, *service["command"]])  # fmt: skip
    try:
        ready = [*PODMAN, "exec", name, *service["healthcheck"]["test"][1:]]
        wait_for(lambda: subprocess.run(ready, capture_output=True).returncode == 0, timeout=120, what="node ready")
        data = tmp_path / "signals.jsonl"
        write(generate(seed=31, signals=30, partners=["nla"]), data)
        report = import_file(federation.intake("nla"), data, "nla")
        assert report.accepted == 30
        wait_for(lambda: drained(federation, ["nla"]), timeout=120, what="outbox drained")
        run([*PODMAN, "stop", "--time", "60", name])
        state = json.loads(run([*PODMAN, "inspect", name]).stdout)[0]["State"]
        assert state["ExitCode"] == 0
    finally:
        subprocess.run([*PODMAN, "rm", "-f", name], capture_output=True)
    vault = member_dir / "data" / "vault.sqlite"
    assert vault.stat().st_uid == 10001
