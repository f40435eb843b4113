"""The keyholder's own log: AuditService for the officers (checkpoints signed with the keyholder's
key from the directory), `audit verify --keyholder`, and `audit export --format nen7513` of every log."""

from __future__ import annotations

import csv
import json
import sqlite3

from privacy_scan import leaks, raw_values
from support import drained, wait_for

from signalmatch.audit import nen7513
from signalmatch.cli.main import main
from signalmatch.console.audit import verify_keyholder_log
from signalmatch.console.node import import_file
from signalmatch.synthetic.generate import generate, write


def test_the_table_officer_verifies_and_exports_the_keyholder_log(federation, tmp_path, capsys):
    federation.start_matcher()
    federation.start_node("nla")
    dataset = generate(seed=8, signals=30, partners=["nla"])
    data = tmp_path / "signals.jsonl"
    write(dataset, data)
    import_file(federation.intake("nla"), data, "nla")
    wait_for(lambda: drained(federation, ["nla"]), what="outbox drained")
    officer = federation.officer_config("tafel")

    result, store = verify_keyholder_log(officer)
    assert result.ok, result.summary()
    assert store.path.name == "keyholder-checkpoints.json" and store.checkpoints
    size = result.size
    assert size >= 2  # the key import and at least one evaluation batch

    out = tmp_path / "keyholder.csv"
    assert main(["audit", "export", "--config", str(officer.path), "--keyholder", "--out", str(out)]) == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert tuple(rows[0]) == nen7513.COLUMNS
    assert len(rows) == size + 1  # and the audit.read of the verification above
    by_type = {r["event_type"]: r for r in rows}
    assert by_type["oprf.key_imported"]["event_action"] == "C"
    evaluated = by_type["oprf.evaluated"]
    assert (evaluated["event_action"], evaluated["event_outcome"], evaluated["user_organisation"]) == ("E", "0", "nla")
    assert evaluated["object_type"] == "epochs" and evaluated["source_system"] == "keyholder"
    assert evaluated["event_id"].startswith("midden-nederland/keyholder/")

    assert main(["audit", "export", "--config", str(officer.path), "--json"]) == 0
    matcher_rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    accepted = [r for r in matcher_rows if r["event_type"] == "batch.accepted"]
    assert accepted and all(r["event_action"] == "C" and r["user_organisation"] == "nla" for r in accepted)
    exported = out.read_bytes() + json.dumps(matcher_rows).encode()
    assert leaks(exported, raw_values(dataset.signals)) == []

    # A partner's officer verifies it too, seeing only its own partner's evaluations.
    partner_officer = federation.officer_config("nla")
    assert main(["audit", "verify", "--config", str(partner_officer.path), "--keyholder", "--json"]) == 0
    capsys.readouterr()

    # Someone with access to the keyholder's database rewrites an evaluation entry.
    db = sqlite3.connect(federation.keyholder_config().data_dir / "keyholder.sqlite")
    query = "SELECT idx, entry FROM audit_entries WHERE CAST(entry AS TEXT) LIKE '%oprf.evaluated%' LIMIT 1"
    index, entry = db.execute(query).fetchone()
    db.execute("UPDATE audit_entries SET entry = ? WHERE idx = ?", (entry.replace(b'"nla"', b'"vtgv"'), index))
    db.commit()
    db.close()
    assert main(["audit", "verify", "--config", str(officer.path), "--keyholder", "--json"]) == 4
    findings = json.loads(capsys.readouterr().out)["findings"]
    assert [f["code"] for f in findings] == ["entry.altered"] and str(index) in findings[0]["subject"]
