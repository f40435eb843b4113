"""Fault matrix: the CSV/JSONL importer fuzzed, and the CSV exports (docs/reliability.md).

Files are built from valid rows and then damaged the ways files are: a byte-order mark (at the start,
or in the middle where two files were joined), NUL bytes, lines in Latin-1 or Windows-1252 among
UTF-8 ones, cut-off lines, cells that start with =, +, - or @, and (once, on its own) a line of
100 MB. Every import finishes; every line is accepted whole or reported with its line number; no
signal is stored in part; and a spreadsheet formula in a cell stays text. The CSV exports (the DPIA
report, CLI and web) neutralise formula cells.
"""

from __future__ import annotations

import csv
import io
import json
import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from signalmatch.audit.report import BasisCounts, PartnerCounts, Report, safe_cell
from signalmatch.console.node import import_file
from signalmatch.node.importer import MAX_LINE_BYTES
from signalmatch.node.signal import from_proto
from signalmatch.v1 import intake_pb2

pytestmark = pytest.mark.slow

FORMULAS = ["=SUM(A1:A9)", "+31 6 12345678", "-1+2", "@cmd", "=HYPERLINK(\"http://x\")"]
COUNTER = iter(range(10**9))


def row(external_id: str, draw) -> dict:
    return {
        "external_id": external_id,
        "observed_at": draw(st.sampled_from(["2026-03-14", "2026-02-01T10:00:00+01:00"])),
        "municipality": "Utrecht",
        "exploitation_types": ["onbekend"],
        "explanation": draw(st.sampled_from(["MARK", "MARK Zie =SUM(A1)", "MARK @iedereen", "MARK -- let op", "MARK € café ü"])),
        "persons": [
            {
                "role": "betrokkene",
                "surname": draw(st.sampled_from(["Jansen", "Çelik", "Øster"])),
                "phones": [draw(st.sampled_from(["0612345678", "+31 6 12345679"]))],
            }
        ],
    }


DAMAGE = ["none", "bom", "nul", "latin1", "cp1252", "cut", "formula", "control", "empty"]


def damaged(line: str, how: str) -> bytes:
    data = line.encode("utf-8")
    if how == "none":
        return data
    if how == "bom":
        return b"\xef\xbb\xbf" + data
    if how == "nul":
        return data.replace(b"MARK", b"MA\x00RK")
    if how == "latin1":
        return line.replace("MARK", "MARK é").encode("latin-1", "replace")
    if how == "cp1252":
        return line.replace("MARK", "MARK \u20ac").encode("cp1252", "replace")
    if how == "cut":
        return data[: len(data) // 3]
    if how == "formula":
        return data.replace(b"MARK", b"=1+1")  # a formula at the start of a cell
    if how == "control":  # an escape character, as JSON escapes it or raw in a CSV cell
        return data.replace(b"MARK", b"MA\\u001bRK" if line.startswith("{") else b"MA\x1bRK")
    return b""  # empty: a blank line, skipped


def csv_line(data: dict) -> str:
    out = io.StringIO()
    person = data["persons"][0]
    csv.writer(out, lineterminator="").writerow(
        [data["external_id"], data["observed_at"], data["municipality"], "|".join(data["exploitation_types"]),
         data["explanation"], person["role"], person["surname"], "|".join(person["phones"])]  # fmt: skip
    )
    return out.getvalue()


CSV_HEADER = "external_id,observed_at,municipality,exploitation_types,explanation,person1_role,person1_surname,person1_phones"


@st.composite
def files(draw, kind: str) -> tuple[bytes, dict[int, tuple[str, str]]]:
    """The file's bytes and, per line number, (external id, damage) of what was written there."""
    lines: list[bytes] = [CSV_HEADER.encode()] if kind == "csv" else []
    written: dict[int, tuple[str, str]] = {}
    for _ in range(draw(st.integers(1, 8))):
        external_id = f"F-{next(COUNTER)}"
        data = row(external_id, draw)
        text = csv_line(data) if kind == "csv" else json.dumps(data, ensure_ascii=False)
        how = draw(st.sampled_from(DAMAGE))
        lines.append(damaged(text, how))
        written[len(lines)] = (external_id, how)
    if draw(st.booleans()):  # a byte-order mark at the very start too
        lines[0] = b"\xef\xbb\xbf" + lines[0].removeprefix(b"\xef\xbb\xbf")
    ending = draw(st.sampled_from([b"\n", b"\r\n"]))
    return ending.join(lines) + ending, written


def stored(stub, name: str):
    return from_proto(stub.GetSignal(intake_pb2.GetSignalRequest(name=name), timeout=10).signal)


@pytest.mark.parametrize("kind", ["jsonl", "csv"])
def test_the_importer_reports_each_bad_line_and_stores_no_partial_signal(federation, tmp_path, kind):
    federation.start_matcher()
    federation.start_node("vtgv")
    stub = federation.intake("vtgv")
    paths = iter(tmp_path / f"import-{i}.{kind}" for i in range(10**6))

    @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(files(kind))
    def run(made) -> None:
        content, written = made
        path = next(paths)
        path.write_bytes(content)
        before = stub.GetNodeStatus(intake_pb2.GetNodeStatusRequest(), timeout=10).signals
        report = import_file(stub, path, "vtgv")  # never raises on what is in the file
        rejected = {line for line, _ in report.rejected}
        accepted = {external_id for external_id in report.refs}
        assert report.accepted == len(accepted)
        after = stub.GetNodeStatus(intake_pb2.GetNodeStatusRequest(), timeout=10).signals
        assert after - before == report.accepted  # nothing stored that the report does not name
        for line, (external_id, how) in written.items():
            if how in ("none", "bom", "formula"):
                assert external_id in accepted or line in rejected
            if how in ("nul", "latin1", "cp1252", "cut", "control") and external_id in accepted:
                pytest.fail(f"line {line} ({how}) was accepted")
            if external_id in accepted:  # whole, as written: formula cells stay text
                signal = stored(stub, f"signals/{report.refs[external_id]}")
                assert signal.external_id == external_id and signal.persons[0].role == "betrokkene"
                if how == "formula":
                    assert signal.explanation.startswith("=1+1")

    run()


def test_a_100_mb_line_is_one_line_level_error(federation, tmp_path):
    federation.start_matcher()
    federation.start_node("vtgv")
    stub = federation.intake("vtgv")
    good = json.dumps({"external_id": "BIG-1", "observed_at": "2026-03-14", "municipality": "Utrecht",
                       "exploitation_types": ["onbekend"], "vehicles": [{"kenteken": "AB-123-C"}]})  # fmt: skip
    path = tmp_path / "big.jsonl"
    with path.open("wb") as handle:
        handle.write(good.encode() + b"\n")
        handle.write(b'{"external_id": "BIG-2", "explanation": "')
        chunk = string.ascii_letters.encode() * (1 << 14)  # 832 KiB
        for _ in range(130):
            handle.write(chunk)
        handle.write(b'"}\n')
        handle.write(good.replace("BIG-1", "BIG-3").replace("AB-123-C", "XX-99-99").encode() + b"\n")
    assert path.stat().st_size > 100 * 1024 * 1024
    report = import_file(stub, path, "vtgv")
    assert report.accepted == 2 and set(report.refs) == {"BIG-1", "BIG-3"}
    [(line, violations)] = report.rejected
    assert line == 2 and violations[0].rule == "import.line_too_long" and str(MAX_LINE_BYTES) in violations[0].description


def test_csv_exports_neutralise_formula_cells():
    for cell in ("=SUM(A1)", "+31", "-1", "@x", "\tx", "\rx"):
        assert safe_cell(cell) == "'" + cell
    for cell in ("Utrecht", "12", "", "a=b"):
        assert safe_cell(cell) == cell
    report = Report(start="2026-01-01", end="2026-02-01")
    report.partners["=HYPERLINK(1)"] = PartnerCounts()  # ids are checked, but the export does not rely on it
    report.bases[("@purpose", "-basis")] = BasisCounts()
    cells = [c for r in report.csv_rows() for c in r]
    assert "'=HYPERLINK(1)" in cells and "'@purpose/-basis" in cells
    assert not any(c.startswith(("=", "+", "-", "@")) for c in cells)
