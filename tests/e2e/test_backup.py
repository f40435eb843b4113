"""Backup and restore: consistent copies while serving, restore only when stopped and never over a
newer store unless told, and a matcher rolled back by a restore is reported by itself, by every
node and by the officers, naming the sizes."""

from __future__ import annotations

import json
import logging
import shutil
import threading

import pytest
from support import drained, spawn, wait_for

from signalmatch.audit.log import AuditEntry
from signalmatch.cli.main import main
from signalmatch.console.audit import verify_as
from signalmatch.console.node import import_file
from signalmatch.deploy import backup as backup_mod
from signalmatch.synthetic.generate import generate, write
from signalmatch.v1 import hits_pb2, intake_pb2


def _import(federation, partners, dataset, path):
    write(dataset, path)
    threads = [threading.Thread(target=import_file, args=(federation.intake(p), path, p)) for p in partners]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    wait_for(lambda: drained(federation, partners), timeout=120, what="outboxes drained")


def test_a_matcher_restored_to_an_older_state_is_detected_everywhere(federation, tmp_path, capsys, caplog):
    partners = ["vtgv", "nla"]
    matcher = federation.start_matcher()
    nodes = {p: federation.start_node(p) for p in partners}
    _import(federation, partners, generate(seed=12, signals=40, partners=partners), tmp_path / "a.jsonl")
    matcher_toml = str(federation.matcher_config().path)

    # 1. Back up while serving.
    out = tmp_path / "backup"
    assert main(["backup", "--config", matcher_toml, str(out), "--json"]) == 0
    manifest = json.loads(capsys.readouterr().out)
    backed_up = manifest["stores"]["matcher"]["audit_size"]
    assert manifest["role"] == "matcher" and backed_up > 0
    assert main(["backup", "--config", matcher_toml, str(out)]) == 2  # never over an existing backup

    # 2. Write more; the officers and the nodes see the larger log.
    _import(federation, partners, generate(seed=13, signals=40, partners=partners), tmp_path / "b.jsonl")
    federation.hits().ListHits(hits_pb2.ListHitsRequest(), timeout=10)
    table_officer = federation.officer_config("tafel")
    result, _ = verify_as(table_officer, [])
    assert result.ok, result.summary()
    seen = result.size
    for node in nodes.values():
        node.host.readiness.refresh()
        assert node.logwatch.problem == ""
    assert seen > backed_up

    # 3. Restore: refused while the matcher runs, refused over the newer store, then forced.
    assert main(["restore", "--config", matcher_toml, str(out)]) == 2
    assert "in gebruik" in capsys.readouterr().out  # the data directory lock of the running matcher
    matcher.stop()
    federation.running.remove(matcher)
    assert main(["restore", "--config", matcher_toml, str(out)]) == 2
    refused = capsys.readouterr().out
    assert str(backed_up) in refused and "--force" in refused
    assert main(["restore", "--config", matcher_toml, str(out), "--force", "--json"]) == 0
    [done] = json.loads(capsys.readouterr().out)
    assert (done["backup_audit_size"], done["replaced_audit_size"]) == (backed_up, seen + 1)  # + the audit.read

    # 4. The matcher knows: log, audit entry, health.
    with caplog.at_level(logging.WARNING):
        restored = federation.start_matcher()
    assert any(getattr(r, "event", "") == "store.restored" for r in caplog.records)
    assert restored.host.readiness.report()["restored"]["backup_audit_size"] == backed_up
    entry = AuditEntry.from_bytes(
        restored.store.conn.execute("SELECT entry FROM audit_entries WHERE idx = ?", (backed_up,)).fetchone()[0]
    )
    assert entry.action == "store.restored" and dict(entry.details)["backup_size"] == str(backed_up)

    # 5. Every node reports the rollback, naming both sizes.
    for partner, node in nodes.items():
        wait_for(lambda node=node: node.host.readiness.refresh()["matcher"] == "", what="matcher reachable again")
        assert node.host.readiness.refresh()["matcher_log"] == "ROLLED_BACK"
        status = federation.intake(partner).GetNodeStatus(intake_pb2.GetNodeStatusRequest(), timeout=10)
        assert node.logwatch.latest_size == backed_up + 1  # the backup and its store.restored entry
        assert node.logwatch.seen_size > backed_up  # a receipt of a batch the restore took away
        assert f"{node.logwatch.seen_size}" in status.last_error and f"{backed_up + 1}" in status.last_error

    # 6. The officers' verification fails, naming the sizes and the restore.
    assert main(["audit", "verify", "--config", str(table_officer.path), "--json"]) == 4
    findings = json.loads(capsys.readouterr().out)["findings"]
    codes = {f["code"] for f in findings}
    assert {"log.truncated", "log.rolled_back"} <= codes
    rolled_back = next(f for f in findings if f["code"] == "log.rolled_back")
    assert str(backed_up) in rolled_back["message"] and str(seen) in rolled_back["message"]
    partner_officer = federation.officer_config("nla")
    assert main(["audit", "verify", "--config", str(partner_officer.path), "--json"]) == 4
    findings = json.loads(capsys.readouterr().out)["findings"]
    assert "log.rolled_back" in {f["code"] for f in findings}, findings


@pytest.mark.slow
def test_backups_under_heavy_writes_restore_on_a_fresh_directory_and_check_full(federation, tmp_path):
    partners = federation.partners
    matcher_toml = federation.matcher_config().path
    federation.running.append(spawn(["matcher", "serve", "--config", str(matcher_toml)], tmp_path / "matcher.log"))
    for p in partners:
        federation.start_node(p)
    data = tmp_path / "signals.jsonl"
    write(generate(seed=14, signals=400, partners=partners), data)
    threads = [threading.Thread(target=import_file, args=(federation.intake(p), data, p)) for p in partners]
    for t in threads:
        t.start()
    backups = []
    while any(t.is_alive() for t in threads) or len(backups) < 2:  # back up while the writes go on
        out = tmp_path / f"backup-{len(backups)}"
        assert main(["backup", "--config", str(matcher_toml), str(out)]) == 0
        backups.append(out)
    for t in threads:
        t.join(120)
    node_toml = federation.node_config("nla").path
    assert main(["backup", "--config", str(node_toml), str(tmp_path / "node-backup")]) == 0
    keyholder_toml = federation.keyholder_config().path
    assert main(["backup", "--config", str(keyholder_toml), str(tmp_path / "keyholder-backup")]) == 0

    # Each backup restores into a fresh directory: the organisation's files (config, keys, the
    # directory; for the matcher the operator's whole directory, which its config refers into), no data.
    for number, out in enumerate([*backups, tmp_path / "node-backup", tmp_path / "keyholder-backup"]):
        manifest = backup_mod.read_manifest(out)
        source = {"matcher": matcher_toml, "node": node_toml, "keyholder": keyholder_toml}[manifest["role"]]
        root = source.parent.parent if manifest["role"] == "matcher" else source.parent
        fresh = tmp_path / f"fresh-{number}"
        shutil.copytree(root, fresh, ignore=shutil.ignore_patterns("data"))
        config = fresh / source.relative_to(root)
        assert main(["restore", "--config", str(config), str(out)]) == 0
        assert main(["check", "--config", str(config), "--full"]) == 0, out
        [store] = backup_mod.process_of(config).stores
        backed_up = manifest["stores"][store.name]
        state = backup_mod.inspect(store.path, store.origin)
        assert (state.audit_size, state.audit_root) == (backed_up["audit_size"], backed_up["audit_root"])
