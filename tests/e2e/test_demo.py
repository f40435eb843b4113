"""The main job: `signalmatch demo` runs a whole federation as separate processes and finds every planted overlap."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from support import REPO

from signalmatch.deploy.federation import Layout

pytestmark = pytest.mark.slow


def test_demo_finds_every_planted_overlap(tmp_path):
    directory = tmp_path / "fed"
    result = subprocess.run(
        [sys.executable, "-m", "signalmatch.cli", "demo", "--signals", "400", "--seed", "5", "--json", "--dir", str(directory)],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    summary = json.loads(result.stdout)
    assert {"planted", "found", "missed", "hits", "signals", "elapsed_s"} <= summary.keys()
    assert summary["signals"] == 400
    assert summary["planted"] > 10
    assert summary["found"] == summary["planted"] and summary["missed"] == 0
    assert summary["unexpected_hits"] == 0 and summary["hits"] == summary["planted"]
    # Some planted overlaps have a misspelt name; those hits, and others, show "lijkt op" evidence.
    assert summary["fuzzy_links"] >= summary["fuzzy_planted"] > 0
    # One disclosure round on a planted hit (every partner in it delivered), and a verified log.
    assert summary["disclosures_delivered"] >= 2
    assert summary["audit_verified"] is True
    # Every token went through the oblivious keyholder, run as its own process.
    assert summary["oprf"] is True and summary["epoch"] == 1 and summary["oprf_evaluations"] > 0
    layout = Layout(directory)
    assert (layout.keyholder_toml.parent / "data" / "keyholder.sqlite").exists()
    # Set up as a ceremony of separate organisations: one directory each, public material exchanged.
    assert summary["directory_version"] >= 3 and summary["ceremony_s"] < summary["elapsed_s"]
    assert set(layout.partners()) == {"vtgv", "gemeente-hilversum", "politie-avim", "nla", "zorgcoordinator"}
    assert {p.name for p in layout.exchange.iterdir()} == {"requests", "responses", "pending", "deals"}
    # The federation stays for inspection, and every process shut down cleanly.
    assert (layout.matcher_toml.parent / "data" / "matcher.sqlite").exists()
    logs = {p.name: p.read_text() for p in (directory / "logs").iterdir()}
    assert all("Traceback" not in text for text in logs.values()), logs
