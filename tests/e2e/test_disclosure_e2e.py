"""Disclosure end to end with real servers on loopback: the chair asks, the node's officer (or its
policy) decides, the chair decrypts on its own machine; refusal, expiry, non-recipients, the
matcher's storage and a node killed between decision and delivery."""

from __future__ import annotations

import io
import json
import signal
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import grpc
import pytest
from rich.console import Console
from support import PARTNERS, TABLE, Federation, drained, spawn, wait_for

from signalmatch import clock, config, crypto, transport
from signalmatch.audit.log import AuditLog
from signalmatch.cli import main
from signalmatch.console import officer as officer_console
from signalmatch.deploy.federation import init_federation
from signalmatch.errors import AuthenticationError
from signalmatch.node import disclosure
from signalmatch.node.signal import from_json, to_proto
from signalmatch.v1 import disclosure_pb2, disclosure_pb2_grpc, hits_pb2, intake_pb2, officer_pb2, officer_pb2_grpc

pytestmark = pytest.mark.slow

NLA_SIGNAL = {
    "external_id": "NLA-2026-001",
    "observed_at": "2026-03-14",
    "municipality": "Utrecht",
    "place": "Loods aan de Kanaalweg achterzijde",
    "reporter": {"name": "Inspecteur Verborgen", "contact": "verborgen@nla.example"},
    "exploitation_types": ["arbeidsuitbuiting"],
    "explanation": "Veertien matrassen op de zolder boven de werkplaats",
    "persons": [
        {
            "role": "mogelijk_slachtoffer",
            "given_names": "Oleksandr",
            "surname": "Petrenko",
            "date_of_birth": "1991-04-12",
            "bsn": "111222333",
            "phones": ["06-12 34 56 78"],
            "emails": ["o.petrenko@example.com"],
        }
    ],
    "companies": [{"name": "Kanaal Uitzendbureau", "kvk": "12345678", "ibans": ["NL91ABNA0417164300"]}],
}
VTGV_SIGNAL = {
    "external_id": "VT-2026-001",
    "observed_at": "2026-03-10",
    "municipality": "Utrecht",
    "place": "Portiekwoning Zuilen",
    "reporter": {"name": "Buurvrouw Anoniem", "contact": "buurvrouw@example.org"},
    "exploitation_types": ["seksuele_uitbuiting"],
    "explanation": "Buurvrouw hoort 's nachts steeds andere mannen",
    "persons": [
        {"role": "mogelijk_slachtoffer", "given_names": "Sasha", "surname": "Bondarenko", "phones": ["+31612345678"]}
    ],
}
# What approving persons + contact_details discloses of NLA_SIGNAL, exactly.
NLA_PERSONS_AND_CONTACT = [
    {
        "given_names": "Oleksandr",
        "surname": "Petrenko",
        "date_of_birth": "1991-04-12",
        "role": "mogelijk_slachtoffer",
        "phones": ["06-12 34 56 78"],
        "emails": ["o.petrenko@example.com"],
    }
]
NOT_REQUESTED = [
    "111222333",
    "Kanaal Uitzendbureau",
    "NL91ABNA0417164300",
    "Veertien matrassen",
    "Loods aan de Kanaalweg",
    "Inspecteur Verborgen",
    "verborgen@nla.example",
    "NLA-2026-001",
]
REFUSAL = "lopend-onderzoek"


@pytest.fixture
def federation(tmp_path: Path):
    """As in conftest, with a second chair who is never a recipient."""
    root = tmp_path / "federation"
    init_federation(root, TABLE, PARTNERS, ["voorzitter", "tweede"])
    fed = Federation(root, PARTNERS)
    fed.start_keyholder()
    yield fed
    fed.stop_all()


# -- helpers -------------------------------------------------------------------------------------


def cli(capsys, *argv: str) -> tuple[int, dict | str]:
    """Run `signalmatch <argv>`; the parsed JSON it printed (with --json) or its stdout."""
    capsys.readouterr()
    code = main([str(a) for a in argv])
    out = capsys.readouterr().out
    return code, json.loads(out) if "--json" in argv else out


def officer_toml(fed: Federation, partner: str) -> Path:
    return fed.officer_config_path(partner)


def chair_toml(fed: Federation, name: str = "voorzitter") -> Path:
    return fed.chair_config_path(name)


def start(fed: Federation, partners=("nla", "vtgv"), policy: str = "") -> None:
    fed.start_matcher()
    for p in partners:
        if policy and p == "nla":
            fed.node_config(p).disclosure_policy.write_text(policy)
        fed.start_node(p, max_backoff=0.5, disclosure_interval=0.1)


def plant_hit(fed: Federation) -> str:
    for partner, data in (("nla", NLA_SIGNAL), ("vtgv", VTGV_SIGNAL)):
        fed.intake(partner).CreateSignal(intake_pb2.CreateSignalRequest(signal=to_proto(from_json(data))), timeout=10)
    wait_for(lambda: drained(fed, ["nla", "vtgv"]), what="signals submitted")
    hits = wait_for(
        lambda: list(fed.hits().ListHits(hits_pb2.ListHitsRequest(page_size=10), timeout=10).hits), what="a hit"
    )
    assert len(hits) == 1 and sorted(hits[0].partners) == ["nla", "vtgv"]
    return hits[0].name


def request(fed, capsys, hit: str, categories: str, legal_basis: str = "riec-convenant") -> str:
    code, created = cli(
        capsys,
        "chair",
        "request",
        hit,
        "--categories",
        categories,
        "--purpose",
        "signaalbeoordeling",
        "--legal-basis",
        legal_basis,
        "--config",
        chair_toml(fed),
        "--json",
    )
    assert code == 0 and [a["partner"] for a in created["answers"]] == ["nla", "vtgv"]
    return created["name"]


def review_of(fed, capsys, partner: str, name: str) -> dict | None:
    code, listed = cli(capsys, "node", "requests", "--config", officer_toml(fed, partner), "--json")
    assert code == 0
    return next((r for r in listed["reviews"] if r["name"] == name), None)


def answers(fed, capsys, name: str) -> dict[str, str]:
    _, listed = cli(capsys, "chair", "disclosures", "--config", chair_toml(fed), "--json")
    found = next(d for d in listed["disclosures"] if d["name"] == name)
    return {a["partner"]: a["state"] for a in found["answers"]}


def open_(fed, capsys, target: str, chair_name: str = "voorzitter") -> tuple[int, dict]:
    return cli(capsys, "chair", "open", target, "--config", chair_toml(fed, chair_name), "--json")


def decide(fed, partner: str, name: str, approve: bool, reason: str = "") -> int:
    """Straight through the console function, so that a refused call raises its grpc.RpcError."""
    cfg = config.load_officer(officer_toml(fed, partner))
    return officer_console.run_decide(cfg, name, approve, reason, Console(file=io.StringIO()))


def node_audit(fed, partner: str) -> list:
    db = sqlite3.connect(fed.vault_db(partner))
    try:
        log = AuditLog(db, origin=f"{TABLE}/partner/{partner}")
        return log.entries(0, log.size())
    finally:
        db.close()


def matcher_actions(fed) -> list[str]:
    db = sqlite3.connect(fed.matcher_config().data_dir / "matcher.sqlite")
    try:
        log = AuditLog(db, origin=f"{TABLE}/matcher")
        return [e.action for e in log.entries(0, log.size())]
    finally:
        db.close()


def leaks(root: Path, values: list[str]) -> dict[str, list[str]]:
    found = {}
    for path in sorted(root.rglob("*")):
        if path.is_file():
            data = path.read_bytes().lower()
            hit = [v for v in values if v.lower().encode() in data]
            if hit:
                found[str(path)] = hit
    return found


# -- tests ---------------------------------------------------------------------------------------


def test_officer_approves_and_the_chair_decrypts_exactly_the_requested_fields(federation, capsys):
    start(federation)
    hit = plant_hit(federation)
    name = request(federation, capsys, hit, "persons,contact_details")

    # The officer sees the request with a preview of exactly what approval would send.
    review = wait_for(lambda: review_of(federation, capsys, "nla", name), what="request at the nla node")
    assert (review["state"], review["categories"], review["recipients"]) == (
        "pending",
        ["persons", "contact_details"],
        ["chair/voorzitter"],
    )
    assert [s["fields"] for s in review["preview"]] == [{"persons": NLA_PERSONS_AND_CONTACT}]
    code, text = cli(capsys, "node", "requests", "--config", officer_toml(federation, "nla"))
    assert code == 0 and "Oleksandr" in text and "Veertien" not in text

    assert cli(capsys, "node", "approve", name, "--config", officer_toml(federation, "nla"))[0] == 0
    # vtgv's node pulls the request on its own schedule: its officer can refuse it once it is there.
    wait_for(lambda: review_of(federation, capsys, "vtgv", name), what="request at the vtgv node")
    assert (
        cli(capsys, "node", "refuse", name, "--reason", REFUSAL, "--config", officer_toml(federation, "vtgv"))[0] == 0
    )
    wait_for(lambda: answers(federation, capsys, name) == {"nla": "approved", "vtgv": "refused"}, what="answers")

    code, opened = open_(federation, capsys, hit)
    assert code == 0
    [result] = opened["disclosures"]
    by_partner = {a["partner"]: a for a in result["answers"]}
    assert [s["fields"] for s in by_partner["nla"]["signals"]] == [{"persons": NLA_PERSONS_AND_CONTACT}]
    assert [s["signal_ref"] for s in by_partner["nla"]["signals"]] == review["signal_refs"]
    assert (by_partner["vtgv"]["state"], by_partner["vtgv"]["reason"]) == ("refused", REFUSAL)
    assert "signals" not in by_partner["vtgv"]
    code, text = cli(capsys, "chair", "open", hit, "--config", chair_toml(federation))
    assert code == 0 and "Oleksandr" in text and REFUSAL in text
    shown = json.dumps(opened, ensure_ascii=False) + text
    assert not [v for v in NOT_REQUESTED if v in shown]  # no reporter, no unrequested category

    # The node's log: received, the preview shown (twice: `node requests` --json and as a table),
    # approved by the officer, sent; never the payload or the reason.
    entries = [e for e in node_audit(federation, "nla") if e.action.startswith("disclosure.")]
    assert [e.action for e in entries] == [
        "disclosure.received",
        "disclosure.previewed",
        "disclosure.previewed",
        "disclosure.approved",
        "disclosure.sent",
    ]
    assert entries[1].objects == (name, hit, *(f"signals/{r}" for r in review["signal_refs"]))
    assert entries[3].actor_user == entries[1].actor_user == f"spiffe://{TABLE}/officer/nla"
    assert entries[3].data_categories == ("persons", "contact_details")
    assert (entries[3].purpose, entries[3].legal_basis) == ("signaalbeoordeling", "riec-convenant")
    refused = [e for e in node_audit(federation, "vtgv") if e.action == "disclosure.refused"]
    assert len(refused) == 1 and "strafrechtelijk" not in json.dumps(refused[0].to_json())
    assert "disclosure.opened" in matcher_actions(federation)

    # Deciding again is refused, and the matcher never held the disclosed plaintext.
    with pytest.raises(grpc.RpcError) as info:
        decide(federation, "nla", name, False, "overig")
    assert info.value.code() == grpc.StatusCode.FAILED_PRECONDITION
    disclosed = ["Oleksandr", "Petrenko", "o.petrenko@example.com", "06-12 34 56 78", "+31612345678", "1991-04-12"]
    assert leaks(federation.matcher_dir(), disclosed) == {}
    federation.stop_all()
    assert leaks(federation.matcher_dir(), disclosed) == {}
    assert leaks(federation.node_dir("vtgv"), ["Oleksandr", "Petrenko"]) == {}


def test_only_the_recipient_chair_can_open_and_only_its_officers_may_decide(federation, capsys):
    start(federation)
    hit = plant_hit(federation)
    name = request(federation, capsys, hit, "persons")
    wait_for(lambda: review_of(federation, capsys, "nla", name), what="request at the nla node")

    nla_node = federation.node_config("nla")
    vtgv_officer = config.load_officer(officer_toml(federation, "vtgv"))
    for tls in (vtgv_officer.tls, nla_node.operator_tls):  # another partner's officer, an operator
        channel = transport.secure_channel(nla_node.listen, tls, expect=transport.Identity(TABLE, "partner", "nla"))
        federation.running.append(channel)
        with pytest.raises(grpc.RpcError) as info:
            officer_pb2_grpc.OfficerServiceStub(channel).DecideDisclosure(
                officer_pb2.DecideDisclosureRequest(name=name, approve=True), timeout=10
            )
        assert info.value.code() == grpc.StatusCode.PERMISSION_DENIED

    decide(federation, "nla", name, True)
    wait_for(lambda: answers(federation, capsys, name)["nla"] == "approved", what="approval")

    # The second chair is no recipient: nothing is sealed to it, and `open` says so.
    code, opened = open_(federation, capsys, hit, "tweede")
    nla_answer = next(a for a in opened["disclosures"][0]["answers"] if a["partner"] == "nla")
    assert code == 1 and "signals" not in nla_answer and "chair/tweede" in nla_answer["error"]

    # The payload sealed to the first chair opens with neither the second chair's key nor a node's.
    stub = disclosure_pb2_grpc.DisclosureServiceStub(federation.channel_to_matcher(federation.chair_config().tls))
    d = stub.GetDisclosure(disclosure_pb2.GetDisclosureRequest(name=name), timeout=10).disclosure
    [sealed] = [s for a in d.answers if a.partner == "nla" for s in a.sealed]
    assert sealed.recipient == "chair/voorzitter"
    sender = crypto.box_public_from_b64(federation.node_config("nla").partners["nla"].encryption_public_key)
    for key_file in (
        federation.chair_config_path("tweede").parent / "encryption.key",
        federation.node_dir("vtgv") / "encryption.key",
    ):
        with pytest.raises(AuthenticationError):
            disclosure.open_sealed(sealed.ciphertext, crypto.load_box_private(key_file), sender, d, "nla")
    own = crypto.load_box_private(federation.chair_config_path().parent / "encryption.key")
    assert disclosure.open_sealed(sealed.ciphertext, own, sender, d, "nla").signals
    with pytest.raises(AuthenticationError):  # nor passes as another partner's disclosure
        disclosure.open_sealed(
            sealed.ciphertext,
            own,
            crypto.box_public_from_b64(federation.node_config("nla").partners["vtgv"].encryption_public_key),
            d,
            "vtgv",
        )


def test_a_request_expires_unanswered(federation, capsys, monkeypatch):
    start(federation)
    hit = plant_hit(federation)
    name = request(federation, capsys, hit, "explanation")
    wait_for(lambda: review_of(federation, capsys, "nla", name), what="request at the nla node")

    ttl = federation.matcher_config().policy.request_ttl_hours
    later = datetime.now(UTC) + timedelta(hours=ttl, minutes=1)
    monkeypatch.setattr(clock, "now", lambda: later.strftime("%Y-%m-%dT%H:%M:%S.%fZ"))  # the same clock everywhere

    wait_for(lambda: review_of(federation, capsys, "nla", name)["state"] == "expired", what="expiry at the node")
    assert "preview" not in review_of(federation, capsys, "nla", name)
    with pytest.raises(grpc.RpcError) as info:
        decide(federation, "nla", name, True)
    assert info.value.code() == grpc.StatusCode.FAILED_PRECONDITION
    assert answers(federation, capsys, name) == {"nla": "expired", "vtgv": "expired"}
    wait_for(
        lambda: "disclosure.expired" in [e.action for e in node_audit(federation, "nla")], what="expiry in the log"
    )
    assert "disclosure.approved" not in [e.action for e in node_audit(federation, "nla")]


def test_the_auto_approve_policy_decides_without_an_officer(federation, capsys):
    start(
        federation,
        policy='[[auto_approve]]\nid = "omstandigheden"\ncategories = ["circumstances"]\n'
        'legal_bases = ["riec-convenant"]\n',
    )
    hit = plant_hit(federation)
    other = request(federation, capsys, hit, "circumstances", legal_basis="wpg-art-20")  # no rule for this basis
    name = request(federation, capsys, hit, "circumstances")
    wait_for(lambda: answers(federation, capsys, name)["nla"] == "approved", what="automatic approval")
    assert answers(federation, capsys, name)["vtgv"] == "pending"  # vtgv has no rules
    assert review_of(federation, capsys, "nla", name)["decided_by"] == "policy:omstandigheden"
    assert review_of(federation, capsys, "nla", other)["state"] == "pending"

    _, opened = open_(federation, capsys, name)
    [nla] = [a for a in opened["disclosures"][0]["answers"] if a["partner"] == "nla"]
    assert [s["fields"] for s in nla["signals"]] == [
        {
            "observed_at": "2026-03-14",
            "place": "Loods aan de Kanaalweg achterzijde",
            "municipality": "Utrecht",
            "exploitation_types": ["arbeidsuitbuiting"],
        }
    ]
    approved = [e for e in node_audit(federation, "nla") if e.action == "disclosure.approved"]
    assert [(e.actor_role, dict(e.details)) for e in approved] == [("system", {"rule": "omstandigheden"})]


def test_a_node_killed_after_deciding_still_delivers_after_restart(federation, capsys, tmp_path):
    matcher = federation.start_matcher()
    federation.start_node("vtgv", max_backoff=0.5, disclosure_interval=0.1)
    node_args = ["node", "serve", "--config", str(federation.node_config_path("nla"))]
    nla = spawn(node_args, tmp_path / "nla.log")
    federation.running.append(nla)
    hit = plant_hit(federation)
    name = request(federation, capsys, hit, "persons")
    wait_for(lambda: review_of(federation, capsys, "nla", name), what="request at the nla node")

    matcher.stop()  # the answer cannot be delivered now
    assert decide(federation, "nla", name, True) == 0
    nla.send_signal(signal.SIGKILL)
    nla.wait()

    federation.start_matcher()
    assert answers(federation, capsys, name)["nla"] == "pending"
    federation.running.append(spawn(node_args, tmp_path / "nla.log"))
    wait_for(lambda: answers(federation, capsys, name)["nla"] == "approved", timeout=60, what="delivery after restart")
    code, opened = open_(federation, capsys, name)
    [nla_answer] = [a for a in opened["disclosures"][0]["answers"] if a["partner"] == "nla"]
    assert code == 0 and nla_answer["signals"][0]["fields"]["persons"][0]["surname"] == "Petrenko"
    wait_for(lambda: review_of(federation, capsys, "nla", name)["delivered"], what="delivered at the node")
    actions = [e.action for e in node_audit(federation, "nla") if e.action.startswith("disclosure.")]
    assert actions == ["disclosure.received", "disclosure.previewed", "disclosure.approved", "disclosure.sent"]
