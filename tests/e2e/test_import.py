"""`signalmatch node import`: CSV and JSONL, bad rows reported by line and field, good rows go in."""

from __future__ import annotations

import json
import subprocess
import sys

from support import REPO

CSV = """external_id,observed_at,municipality,exploitation_types,explanation,reporter_name,person1_role,person1_given_names,person1_surname,person1_date_of_birth,person1_phones,address1_postcode,address1_house_number,vehicle1_kenteken
CSV-1,2026-04-02,Utrecht,arbeidsuitbuiting|overig,Busjes 's nachts,Karin Smit,mogelijk_slachtoffer,Jan,van den Berg,3-4-1998,06-12345678|0301234567,3526 KL,12,AB-123-C
CSV-2,2026-04-03,Zeist,onbekend,,,mogelijke_dader,Piet,Bakker,31-02-1990,,,,
CSV-3,2026-04-04,Houten,seksuele_uitbuiting,,,betrokkene,Els,de Vries,,0612345679,1234 SA,5,
CSV-4,2026-04-05,Houten,arbeidsuitbuiting,,,,,,,,,,XX-99-99
"""


def run(args: list[str], cwd=REPO) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "signalmatch.cli", *args], capture_output=True, text=True, cwd=cwd, timeout=120
    )


def test_csv_and_jsonl_import_report_bad_rows_and_keep_good_ones(federation, tmp_path):
    federation.start_matcher()
    federation.start_node("vtgv")
    config = str(federation.node_config_path("vtgv"))
    csv_file = tmp_path / "signals.csv"
    csv_file.write_text(CSV, encoding="utf-8")

    result = run(["node", "import", str(csv_file), "--config", config, "--json"])
    assert result.returncode == 3, result.stderr
    report = json.loads(result.stdout)
    assert report["accepted"] == 2
    rejected = {row["line"]: {(v["field"], v["rule"]) for v in row["violations"]} for row in report["rejected"]}
    assert set(rejected) == {3, 4}
    assert {f for f, _ in rejected[3]} == {"persons[0].date_of_birth"}
    assert {f for f, _ in rejected[4]} == {"addresses[0].postcode"}
    assert {r for _, r in rejected[4]} == {"postcode.letters"}

    jsonl = tmp_path / "signals.jsonl"
    jsonl.write_text(
        "\n".join(
            [
                json.dumps({"external_id": "J-1", "observed_at": "2026-04-02", "municipality": "Utrecht",
                            "exploitation_types": ["onbekend"], "adverts": [{"url": "ads.example.nl/x"}]}),
                "{not json",
                json.dumps({"partner": "nla", "external_id": "N-1"}),  # for another node: skipped
                json.dumps({"external_id": "J-2", "observed_at": "2026-04-02", "municipality": "Utrecht",
                            "exploitation_types": ["onbekend"], "persons": "Jan"}),
            ]
        ),
        encoding="utf-8",
    )
    result = run(["node", "import", str(jsonl), "--config", config, "--json"])
    report = json.loads(result.stdout)
    assert report["accepted"] == 1
    assert [row["line"] for row in report["rejected"]] == [2, 4]
    assert report["rejected"][1]["violations"][0]["field"] == "persons"

    # Importing the same file again creates nothing new.
    again = json.loads(run(["node", "import", str(csv_file), "--config", config, "--json"]).stdout)
    assert again["accepted"] == 0 and again["already"] == 2

    # The human report is Dutch by default and names line and field.
    human = run(["node", "import", str(csv_file), "--config", config])
    assert "regel" in human.stdout and "persons[0].date_of_birth" in human.stdout


def test_cli_errors_are_clear_and_localised(tmp_path):
    missing = run(["node", "status", "--config", str(tmp_path / "nope.toml")])
    assert missing.returncode == 2
    assert "nope.toml" in missing.stdout + missing.stderr
    assert "Traceback" not in missing.stderr
    bad_init = run(["--lang", "en", "federation", "init", str(tmp_path / "f"), "--table", "Bad Table", "--partners", "a"])
    assert bad_init.returncode == 2
    assert "Invalid input" in bad_init.stdout and "table" in bad_init.stdout


def test_csv_row_with_more_cells_than_columns_is_reported_not_truncated(tmp_path):
    from signalmatch.node.importer import read_rows

    path = tmp_path / "shifted.csv"
    path.write_text(
        "external_id,observed_at,municipality,exploitation_types,explanation\n"
        "A-1,2026-04-02,Utrecht,onbekend,fine\n"
        "A-2,2026-04-02,Utrecht,onbekend,a comma, unquoted\n",
        encoding="utf-8",
    )
    rows = list(read_rows(path, "vtgv"))
    assert rows[0].signal is not None and not rows[0].violations
    assert rows[1].signal is None and rows[1].line == 3
    assert [v.rule for v in rows[1].violations] == ["import.extra_cells"]
