"""The lint's security checks bite (docs/reliability.md): each project rule of semgrep/ finds its
sample, bandit with the project's configuration still finds a shell, and cyclonedx-py writes a
CycloneDX SBOM. (`make lint` runs bandit and semgrep over the code; `make sbom` the SBOM.)"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from support import REPO

pytestmark = pytest.mark.slow

SAST = REPO / ".venv" / "sast" / "bin" / "semgrep"
BAD = '''
import hmac, logging, pickle, random, subprocess
log = logging.getLogger("x")

def handle(data: bytes) -> None:
    try:
        pickle.loads(data)
    except ValueError as exc:
        log.error("failed: %s", exc)
    subprocess.run("ls " + data.decode(), shell=True)
    hmac.new(b"k", data, "sha256")
    random.random()
'''


def test_every_project_rule_finds_its_sample(tmp_path: Path):
    assert SAST.exists(), "semgrep is missing: `make lint` installs it in .venv/sast"
    (tmp_path / "node").mkdir()
    (tmp_path / "node" / "bad.py").write_text(BAD)
    run = subprocess.run(
        [str(SAST), "scan", "--config", str(REPO / "semgrep"), "--metrics=off", "--disable-version-check", "--json", "."],
        cwd=tmp_path, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    found = {r["check_id"].rsplit(".", 1)[-1] for r in json.loads(run.stdout)["results"]}
    assert found == {
        "no-shell",
        "no-unsafe-deserialisation",
        "crypto-only-in-the-crypto-modules",
        "no-random-for-secrets",
        "no-exception-text-in-server-logs",
    }


def test_bandit_with_the_project_configuration_still_finds_a_shell(tmp_path: Path):
    (tmp_path / "bad.py").write_text(BAD)
    run = subprocess.run(
        [sys.executable, "-m", "bandit", "-q", "-c", str(REPO / "pyproject.toml"), "-f", "json", str(tmp_path / "bad.py")],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    found = {r["test_id"] for r in json.loads(run.stdout)["results"]}
    assert {"B602", "B301"} <= found  # subprocess with shell=True; pickle


def test_cyclonedx_writes_an_sbom(tmp_path: Path):
    out = tmp_path / "sbom.json"
    subprocess.run(
        [str(Path(sys.executable).with_name("cyclonedx-py")), "environment", sys.executable, "--of", "JSON", "-o", str(out)],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    sbom = json.loads(out.read_text())
    assert sbom["bomFormat"] == "CycloneDX"
    assert {"grpcio", "protobuf", "cryptography"} <= {c["name"] for c in sbom["components"]}
