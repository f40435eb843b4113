"""`signalmatch audit report` (DPIA accountability) and `signalmatch audit subject` (GDPR art. 15):
the report's counts on a known scenario, pure and end to end; a person's signals found at the node
by identifiers written differently than at intake."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import grpc
import pytest
from support import Federation, drained, wait_for

from signalmatch.audit.log import AuditEntry
from signalmatch.audit.report import build_report
from signalmatch.cli import main
from signalmatch.node.signal import from_json, to_proto
from signalmatch.v1 import hits_pb2, intake_pb2

# -- the report as pure logic ----------------------------------------------------------------------


def entry(time: str, org: str, action: str, *objects: str, role: str = "partner", **kw) -> AuditEntry:
    details = kw.pop("details", {})
    return AuditEntry(
        time=f"2026-03-{time}Z",
        actor_org=org,
        actor_role=role,
        actor_user=f"spiffe://t/{role}/{org}",
        action=action,
        objects=objects,
        details=tuple(details.items()),
        **kw,
    )


def disclosure(
    time: str, org: str, action: str, number: int, purpose: str, basis: str, role: str, **details
) -> AuditEntry:
    return entry(
        time,
        org,
        action,
        f"disclosures/{number}",
        "hits/1",
        role=role,
        purpose=purpose,
        legal_basis=basis,
        data_categories=("persons",),
        recipients=("chair/voorzitter",),
        details=details,
    )


SCENARIO = [
    entry("01T09:00:00.000000", "vtgv", "batch.accepted", "b1", details={"submitted": "3", "withdrawn": "0"}),
    entry("01T09:00:01.000000", "matcher", "hit.created", "hits/1", role="matcher"),
    entry("01T10:00:00.000000", "nla", "batch.accepted", "b2", details={"submitted": "2", "withdrawn": "1"}),
    entry("01T10:00:00.000001", "matcher", "hit.merged", "hits/2", "hits/1", role="matcher"),
    disclosure(
        "02T08:00:00.000000",
        "voorzitter",
        "disclosure.requested",
        1,
        "signaalbeoordeling",
        "riec-convenant",
        "chair",
        partners="nla,vtgv",
    ),
    disclosure(
        "02T09:00:00.000000", "vtgv", "disclosure.approved", 1, "signaalbeoordeling", "riec-convenant", "partner"
    ),
    disclosure("02T11:00:00.000000", "nla", "disclosure.refused", 1, "signaalbeoordeling", "riec-convenant", "partner"),
    disclosure(
        "02T12:00:00.000000",
        "voorzitter",
        "disclosure.delivered",
        1,
        "signaalbeoordeling",
        "riec-convenant",
        "chair",
        partners="vtgv",
    ),
    disclosure(
        "02T12:00:01.000000",
        "voorzitter",
        "disclosure.opened",
        1,
        "signaalbeoordeling",
        "riec-convenant",
        "chair",
        partners="vtgv",
    ),
    disclosure(
        "03T08:00:00.000000",
        "voorzitter",
        "disclosure.requested",
        2,
        "doorverwijzing",
        "wpg-art-20",
        "chair",
        partners="nla,politie-avim",
    ),
    disclosure("03T09:00:00.000000", "nla", "disclosure.approved", 2, "doorverwijzing", "wpg-art-20", "partner"),
    disclosure(
        "06T08:00:00.000000",
        "matcher",
        "disclosure.expired",
        2,
        "doorverwijzing",
        "wpg-art-20",
        "system",
        partners="politie-avim",
    ),
    entry("06T09:00:00.000000", "tafel", "audit.read", role="officer"),
    entry("06T09:00:00.000000", "matcher", "retention.purged", role="system", details={"count": "4"}),
    entry("09T00:00:00.000000", "vtgv", "batch.accepted", "b3", details={"submitted": "5", "withdrawn": "0"}),
]


def test_report_counts_a_known_scenario():
    report = build_report(SCENARIO, "2026-03-01T00:00:00.000000Z", "2026-03-08T00:00:00.000000Z")
    assert report.entries == len(SCENARIO) - 1  # the batch of 03-09 is outside [from, to)
    vtgv, nla, politie = report.partners["vtgv"], report.partners["nla"], report.partners["politie-avim"]
    assert (vtgv.batches, vtgv.signals_submitted, vtgv.signals_withdrawn) == (1, 3, 0)
    assert (nla.batches, nla.signals_submitted, nla.signals_withdrawn) == (1, 2, 1)
    assert (
        vtgv.disclosures_requested,
        vtgv.disclosures_approved,
        vtgv.disclosures_delivered,
        vtgv.disclosures_opened,
    ) == (1, 1, 1, 1)
    assert (nla.disclosures_requested, nla.disclosures_approved, nla.disclosures_refused) == (2, 1, 1)
    assert (politie.disclosures_requested, politie.disclosures_expired) == (1, 1)
    assert (report.hits_created, report.hits_merged, report.disclosures_requested) == (1, 1, 2)
    first = report.bases[("signaalbeoordeling", "riec-convenant")]
    assert (first.requested, first.approved, first.refused, first.expired, first.opened) == (1, 1, 1, 0, 1)
    second = report.bases[("doorverwijzing", "wpg-art-20")]
    assert (second.requested, second.approved, second.expired) == (1, 1, 1)
    # Decisions after 1 h, 3 h and 1 h: the median is one hour.
    assert report.decisions_timed == 3 and report.median_decision_seconds == 3600.0
    assert (report.expired_answers, report.purges, report.audit_reads) == (1, 4, 1)
    totals = report.to_json()["totals"]
    assert totals["signals_withdrawn"] == 1 and totals["median_decision_seconds"] == 3600.0
    rows = report.csv_rows()
    assert rows[0] == ("section", "key", "metric", "value")
    assert ("partner", "nla", "disclosures_refused", "1") in rows
    assert ("purpose", "doorverwijzing/wpg-art-20", "expired", "1") in rows


def test_empty_window_has_no_median():
    report = build_report(SCENARIO, "2027-01-01T00:00:00.000000Z", "2027-02-01T00:00:00.000000Z")
    assert report.entries == 0 and report.median_decision_seconds is None and not report.partners


# -- end to end ------------------------------------------------------------------------------------

PERSON = {
    "role": "mogelijk_slachtoffer",
    "given_names": "Anna Maria",
    "surname": "van der Berg",
    "date_of_birth": "1990-05-17",
    "phones": ["06-12 34 56 78"],
}


def signal(external_id: str, **subjects) -> dict:
    return {
        "external_id": external_id,
        "observed_at": "2026-03-14",
        "municipality": "Utrecht",
        "exploitation_types": ["arbeidsuitbuiting"],
        **subjects,
    }


def toml(fed: Federation, kind: str, name: str) -> str:
    return str(fed.chair_config_path(name) if kind == "chair" else fed.officer_config_path(name))


def cli(capsys, *args: str) -> tuple[int, object]:
    capsys.readouterr()
    code = main(list(args))
    out = capsys.readouterr().out
    return code, json.loads(out) if out.strip().startswith(("{", "[")) else out


@pytest.fixture
def scenario(federation, capsys):
    """vtgv: 2 signals (the person twice, the second one withdrawn), politie-avim: 1 signal sharing
    the person's phone -> 1 hit; the chair asks both for persons; vtgv approves, politie refuses."""
    federation.start_matcher()
    nodes = {
        partner: federation.start_node(partner, max_backoff=0.5, disclosure_interval=0.1)
        for partner in ("vtgv", "politie-avim")
    }
    vt = federation.intake("vtgv")
    created = [
        vt.CreateSignal(
            intake_pb2.CreateSignalRequest(signal=to_proto(from_json(signal(ext, persons=[PERSON])))), timeout=10
        )
        for ext in ("VT-1", "VT-2")
    ]
    wait_for(lambda: drained(federation, ["vtgv"]), what="vtgv outbox drained")
    vt.WithdrawSignal(intake_pb2.WithdrawSignalRequest(name=created[1].signal.name), timeout=10)
    wait_for(lambda: drained(federation, ["vtgv"]), what="withdrawal sent")
    politie = signal("POL-1", persons=[{"role": "mogelijke_dader", "surname": "Nowak", "phones": ["+31 6 1234 5678"]}])
    federation.intake("politie-avim").CreateSignal(
        intake_pb2.CreateSignalRequest(signal=to_proto(from_json(politie))), timeout=10
    )
    wait_for(lambda: drained(federation, ["vtgv", "politie-avim"]), what="outboxes drained")
    hits = wait_for(lambda: list(federation.hits().ListHits(hits_pb2.ListHitsRequest(), timeout=10).hits), what="hit")
    assert len(hits) == 1
    code, request = cli(
        capsys,
        "chair",
        "request",
        hits[0].name,
        "--categories",
        "persons",
        "--purpose",
        "signaalbeoordeling",
        "--legal-basis",
        "riec-convenant",
        "--config",
        toml(federation, "chair", "voorzitter"),
        "--json",
    )
    assert code == 0, request
    name = request["name"]

    def received(partner: str) -> bool:
        code, listed = cli(capsys, "node", "requests", "--config", toml(federation, "officer", partner), "--json")
        return code == 0 and any(r["name"] == name for r in listed["reviews"])

    for partner in ("vtgv", "politie-avim"):
        wait_for(lambda p=partner: received(p), what=f"request at {partner}")
    assert main(["node", "approve", name, "--config", toml(federation, "officer", "vtgv")]) == 0
    assert (
        main(
            [
                "node",
                "refuse",
                name,
                "--reason",
                "lopend-onderzoek",
                "--config",
                toml(federation, "officer", "politie-avim"),
            ]
        )
        == 0
    )

    def answered() -> bool:
        code, report = cli(capsys, *report_args(federation, "tafel"), "--json")
        partners = report["partners"]
        return (
            partners.get("vtgv", {}).get("disclosures_approved") == 1
            and partners.get("politie-avim", {}).get("disclosures_refused") == 1
        )

    wait_for(answered, what="both answers at the matcher")
    nodes["vtgv"].pusher.refresh_feedback()  # the hit as the node learns it (otherwise every few seconds)
    return federation, created[0].signal.name, name


def report_args(fed: Federation, officer: str) -> list[str]:
    today = datetime.now(UTC).date()
    return [
        "audit",
        "report",
        "--config",
        toml(fed, "officer", officer),
        "--from",
        str(today - timedelta(days=1)),
        "--to",
        str(today + timedelta(days=1)),
    ]


def test_report_end_to_end_for_the_table_and_a_partner(scenario, capsys):
    fed, _, _ = scenario
    code, report = cli(capsys, *report_args(fed, "tafel"), "--json")
    assert code == 0
    vtgv, politie = report["partners"]["vtgv"], report["partners"]["politie-avim"]
    assert vtgv["signals_submitted"] == 2 and vtgv["signals_withdrawn"] == 1
    assert politie["signals_submitted"] == 1
    assert (vtgv["disclosures_requested"], vtgv["disclosures_approved"]) == (1, 1)
    assert (politie["disclosures_requested"], politie["disclosures_refused"]) == (1, 1)
    totals = report["totals"]
    assert totals["hits_created"] == 1 and totals["disclosures_requested"] == 1 and totals["decisions_timed"] == 2
    assert totals["median_decision_seconds"] > 0 and totals["expired_answers"] == 0
    (basis,) = report["purposes"]
    assert (basis["purpose"], basis["legal_basis"], basis["requested"], basis["approved"], basis["refused"]) == (
        "signaalbeoordeling",
        "riec-convenant",
        1,
        1,
        1,
    )
    # A partner's officer reports over its own entries only.
    code, own = cli(capsys, *report_args(fed, "vtgv"), "--json")
    assert code == 0 and set(own["partners"]) == {"vtgv"} and own["totals"]["hits_created"] == 0
    # CSV and the rich table.
    code, text = cli(capsys, *report_args(fed, "tafel"), "--csv")
    rows = list(csv.reader(io.StringIO(text)))
    assert code == 0 and rows[0] == ["section", "key", "metric", "value"]
    assert ["partner", "politie-avim", "disclosures_refused", "1"] in rows
    code, text = cli(capsys, *report_args(fed, "tafel"))
    assert code == 0 and "politie-avim" in text
    # A reversed window is refused, naming the field.
    code = main(
        ["audit", "report", "--config", toml(fed, "officer", "tafel"), "--from", "2026-03-02", "--to", "2026-03-01"]
    )
    assert code == 2


def test_subject_lookup_finds_a_person_by_other_spellings(scenario, capsys):
    fed, vt_signal, disclosure = scenario
    config = toml(fed, "officer", "vtgv")
    code, by_phone = cli(capsys, "audit", "subject", "--config", config, "--phone", "+31 (0)6-1234 5678", "--json")
    assert code == 0, by_phone
    (found,) = by_phone["signals"]  # the withdrawn second signal is gone, its tokens deleted with it
    assert found["signal"] == vt_signal and found["external_id"] == "VT-1" and found["matched_on"] == ["phone"]
    assert found["hits"] and found["state"] == "submitted"
    (disclosed,) = by_phone["disclosures"]
    assert disclosed["disclosure"] == disclosure and disclosed["state"] == "approved"
    assert disclosed["recipients"] == ["chair/voorzitter"] and disclosed["legal_basis"] == "riec-convenant"
    code, by_name = cli(
        capsys,
        "audit",
        "subject",
        "--config",
        config,
        "--given-names",
        "anna",
        "--surname",
        "Berg, van der",
        "--date-of-birth",
        "17-5-1990",
        "--json",
    )
    assert code == 0 and [s["signal"] for s in by_name["signals"]] == [vt_signal]
    assert by_name["signals"][0]["matched_on"] == ["name_dob"]
    # Someone else, another partner's node, and bad input.
    code, nobody = cli(capsys, "audit", "subject", "--config", config, "--phone", "06-11 11 11 11", "--json")
    assert code == 0 and nobody == {"signals": [], "disclosures": []}
    code, other = cli(
        capsys,
        "audit",
        "subject",
        "--config",
        toml(fed, "officer", "politie-avim"),
        "--given-names",
        "Anna",
        "--surname",
        "van der Berg",
        "--date-of-birth",
        "1990-05-17",
        "--json",
    )
    assert code == 0 and other["signals"] == []
    code, _ = cli(capsys, "audit", "subject", "--config", config, "--given-names", "Anna", "--json")
    assert code == 1  # INVALID_ARGUMENT from the node: surname and date of birth missing


def test_subject_lookup_needs_the_partners_officer(scenario):
    fed, _, _ = scenario
    from signalmatch import config, transport
    from signalmatch.v1 import officer_pb2, officer_pb2_grpc

    node = fed.node_config("vtgv")
    request = officer_pb2.LookupSubjectRequest(phones=["0612345678"])
    for tls in (
        config.load_officer(Path(toml(fed, "officer", "politie-avim"))).tls,
        node.operator_tls,
        fed.chair_config().tls,
    ):
        channel = transport.secure_channel(node.listen, tls, expect=transport.Identity(node.table, "partner", "vtgv"))
        fed.running.append(channel)
        with pytest.raises(grpc.RpcError) as info:
            officer_pb2_grpc.OfficerServiceStub(channel).LookupSubject(request, timeout=10)
        assert info.value.code() == grpc.StatusCode.PERMISSION_DENIED
