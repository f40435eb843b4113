"""Issue 10, defect 2: a damaged store is refused at start, never served; `signalmatch check`.

Before the fix, a matcher whose SQLite file had a changed byte (the root page of a table) logged
"serving" and then answered every call with INTERNAL.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from support import REPO, drained, wait_for

from signalmatch.cli.main import main as cli
from signalmatch.node.signal import from_json, to_proto
from signalmatch.stores import EXIT_DAMAGED
from signalmatch.v1 import hits_pb2, intake_pb2

pytestmark = pytest.mark.slow


def damage_root_page(path: Path, table: str) -> None:
    """Overwrite the b-tree header of `table`'s root page, as a bad sector or a stray write would."""
    conn = sqlite3.connect(path)
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0]
    conn.close()
    assert not Path(f"{path}-wal").exists() or Path(f"{path}-wal").stat().st_size == 0  # all in the main file
    with path.open("r+b") as handle:
        handle.seek((root - 1) * page_size)
        handle.write(b"\x42" * 16)


def serve(role: str, config: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "signalmatch.cli", role, "serve", "--config", str(config)],
        capture_output=True, text=True, timeout=60, cwd=REPO,
    )  # fmt: skip


def fill(fed) -> None:
    """A matcher, a node and the keyholder that have each stored something (and signed checkpoints)."""
    matcher = fed.start_matcher()
    node = fed.start_node("vtgv")
    data = {"external_id": "S-1", "observed_at": "2026-03-14", "municipality": "Utrecht",
            "exploitation_types": ["onbekend"], "vehicles": [{"kenteken": "AB-123-C"}]}  # fmt: skip
    fed.intake("vtgv").CreateSignal(intake_pb2.CreateSignalRequest(signal=to_proto(from_json(data))), timeout=10)
    wait_for(lambda: drained(fed, ["vtgv"]), what="delivered")
    for _ in range(6):  # the chair lists hits: audited, so the log has a tree of a few levels
        fed.hits().ListHits(hits_pb2.ListHitsRequest(), timeout=10)
    with matcher.store.transaction():  # an officer's GetCheckpoint: the last one the matcher signed
        matcher.matcher.audit.checkpoint(matcher.matcher.audit.origin, matcher.matcher.log_key)
    with node.vault.transaction():
        node.vault.audit.checkpoint(node.vault.audit.origin, node.pusher._key)
    fed.stop_all()


def test_a_damaged_page_in_any_store_is_refused_at_start_naming_the_file(federation):
    fill(federation)
    stores = {
        "matcher": (federation.matcher_config().path, federation.matcher_config().data_dir / "matcher.sqlite", "hits"),
        "node": (federation.node_config("vtgv").path, federation.node_config("vtgv").data_dir / "vault.sqlite", "signals"),
        "keyholder": (
            federation.keyholder_config().path,
            federation.keyholder_config().data_dir / "keyholder.sqlite",
            "audit_entries",
        ),
    }
    for role, (config, store, table) in stores.items():
        assert cli(["check", "--config", str(config)]) == 0
        damage_root_page(store, table)
        run = serve(role, config)
        assert run.returncode == EXIT_DAMAGED, (role, run.stdout, run.stderr[-2000:])
        assert "ready" not in run.stdout
        assert str(store) in run.stderr and "quick_check" in run.stderr, run.stderr
        assert "Traceback" not in run.stderr
        assert cli(["check", "--config", str(config), "--full"]) == EXIT_DAMAGED


def audit_db(fed) -> sqlite3.Connection:
    return sqlite3.connect(fed.matcher_config().data_dir / "matcher.sqlite")


def test_the_audit_tree_is_checked_against_the_last_signed_checkpoint(federation, capsys):
    fill(federation)
    matcher_toml = str(federation.matcher_config().path)
    with audit_db(federation) as db:
        size, level = db.execute("SELECT count(*), (SELECT max(level) FROM audit_nodes) FROM audit_entries").fetchone()
        original = db.execute("SELECT hash FROM audit_nodes WHERE level = ? AND idx = 0", (level,)).fetchone()[0]
        # A rewritten subtree hash: the b-trees are fine, the tree no longer gives the signed root.
        db.execute("UPDATE audit_nodes SET hash = zeroblob(32) WHERE level = ? AND idx = 0", (level,))
    assert cli(["check", "--config", matcher_toml]) == EXIT_DAMAGED
    assert "past niet bij de checkpoint getekend bij grootte" in capsys.readouterr().out
    run = serve("matcher", Path(matcher_toml))
    assert run.returncode == EXIT_DAMAGED and "Merkle" in run.stderr

    with audit_db(federation) as db:
        db.execute("UPDATE audit_nodes SET hash = ? WHERE level = ? AND idx = 0", (original, level))
        # A changed entry with its leaf hash left alone: only the full check reads every entry.
        entry = db.execute("SELECT entry FROM audit_entries WHERE idx = 1").fetchone()[0]
        db.execute("UPDATE audit_entries SET entry = ? WHERE idx = 1", (entry.replace(b"matcher", b"mAtcher"),))
    assert cli(["check", "--config", matcher_toml]) == 0
    assert cli(["check", "--config", matcher_toml, "--full"]) == EXIT_DAMAGED
    assert "logregel 1" in capsys.readouterr().out

    with audit_db(federation) as db:
        db.execute("UPDATE audit_entries SET entry = ? WHERE idx = 1", (entry,))
        db.execute("DELETE FROM audit_entries WHERE idx >= ?", (size - 1,))  # entries lost after signing
    assert cli(["check", "--config", matcher_toml]) == EXIT_DAMAGED
    assert "regels ontbreken" in capsys.readouterr().out


def test_check_runs_for_every_kind_of_config(federation, capsys):
    fill(federation)
    configs = [
        federation.matcher_config().path,
        federation.keyholder_config().path,
        federation.node_config("vtgv").path,
        federation.chair_config().path,
        federation.officer_config("vtgv").path,
        federation.officer_config("tafel").path,
    ]
    for path in configs:
        assert cli(["check", "--config", str(path), "--full"]) == 0, capsys.readouterr()
    assert capsys.readouterr().out.count("In orde:") == len(configs)
    key = federation.node_config("vtgv").signing_key
    key.rename(key.with_suffix(".gone"))
    assert cli(["--lang", "en", "check", "--config", str(configs[2])]) == 2
    out = capsys.readouterr().out
    assert "signing_key" in out and "does not exist" in out
