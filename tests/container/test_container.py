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
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

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


def test_the_image_builds_and_runs_the_demo_read_only_as_a_non_root_user(tmp_path):
    base = base_image(tmp_path)
    context = tmp_path / "context"
    run([sys.executable, "-m", "pip", "wheel", "-q", "-w", str(context / "dist"), str(REPO)])
    run(
        [
            *PODMAN, "build", "--format", "docker", "--network", "none", *LIMITS,
            "--build-arg", f"BASE={base}", "--build-arg", "PIP_NO_INDEX=1",
            "-f", str(REPO / "deploy" / "container" / "Containerfile"), "-t", IMAGE, str(context),
        ]
    )  # fmt: skip
    [image] = json.loads(run([*PODMAN, "image", "inspect", IMAGE]).stdout)
    assert image["Config"]["User"] == "10001:10001" and "/var/lib/signalmatch" in image["Config"]["Volumes"]
    assert image["Healthcheck"]["Test"] == ["CMD", "signalmatch", "health"]

    container = [*PODMAN, "run", "--rm", "--no-healthcheck", "--read-only", "--tmpfs", "/tmp", "--network", "none", *LIMITS]
    probe = "import os; print(os.getuid()); open('/opt/signalmatch/x', 'w')"
    denied = subprocess.run(
        [*container, "--entrypoint", "python3", IMAGE, "-c", probe], capture_output=True, text=True, timeout=300
    )
    assert denied.stdout.strip() == "10001" and "Read-only file system" in denied.stderr

    demo = json.loads(run([*container, IMAGE, "demo", "--signals", "200", "--json"]).stdout)
    assert demo["found"] == demo["planted"] > 0 and demo["unexpected_hits"] == 0
    assert demo["audit_verified"] and demo["oprf"] and demo["disclosures_delivered"] > 0
