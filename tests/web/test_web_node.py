"""The partner staff console (console/web/node.py) against a real federation: a matcher and the
nodes of vtgv (the console's) and nla (for a hit), over mTLS on loopback.

Fast tests drive the ASGI app with Starlette's TestClient; the browser test drives Debian's
Chromium through the signaalformulier (error, fix, save), the list, the signal and withdrawal.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from browser import shot
from playwright.sync_api import Page, expect
from rich.console import Console
from starlette.testclient import TestClient
from support import PARTNERS, TABLE, Federation, drained, wait_for

from signalmatch.console import node as node_cli
from signalmatch.console.web import app as web
from signalmatch.console.web import node as node_console
from signalmatch.console.web import security
from signalmatch.console.web.node_form import Filled
from signalmatch.deploy.federation import init_federation
from signalmatch.errors import Violation
from signalmatch.node.signal import from_json, to_proto
from signalmatch.v1 import common_pb2, hits_pb2, intake_pb2, signal_pb2

PORT = 8997
BASE = f"http://127.0.0.1:{PORT}"
INVALID_BSN = "123456789"  # fails the 11-test
VALID_BSN = "111222333"


@pytest.fixture(scope="module")
def fed(tmp_path_factory):
    root = tmp_path_factory.mktemp("web-node") / "federation"
    init_federation(root, TABLE, PARTNERS, ["voorzitter"])
    federation = Federation(root, PARTNERS)
    federation.start_keyholder()
    federation.start_matcher()
    federation.nodes = {p: federation.start_node(p) for p in ("vtgv", "nla")}
    yield federation
    federation.stop_all()


@pytest.fixture
def client(fed):
    sessions = security.SessionStore(600, "nl")
    asgi = web.create_app(node_console.build(fed.node_config("vtgv")), port=PORT, sessions=sessions)
    client = TestClient(asgi, base_url=BASE, follow_redirects=False)
    assert client.get(f"/login?token={sessions.issue_login_token()}").headers["location"] == "/signalen"
    return client


# -- helpers -----------------------------------------------------------------------------------------


class Elements(HTMLParser):
    """Every element with an id: its attributes and its text."""

    def __init__(self, html: str):
        super().__init__()
        self.by_id: dict[str, dict] = {}
        self._open: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attributes = {k: v or "" for k, v in attrs}
        if "id" in attributes:
            self.by_id[attributes["id"]] = {"tag": tag, **attributes, "text": ""}
            if tag not in ("input", "br"):
                self._open.append(attributes["id"])

    def handle_endtag(self, tag):
        if self._open and self.by_id[self._open[-1]]["tag"] == tag:
            self._open.pop()

    def handle_data(self, data):
        for element in self._open:
            self.by_id[element]["text"] += data


def new_form(client: TestClient) -> dict[str, str]:
    """The hidden fields of a freshly rendered signaalformulier (csrf, request id, rows)."""
    html = client.get("/signalen/nieuw").text
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', html))


def valid(external_id: str, **extra: str) -> dict[str, str]:
    return {
        "external_id": external_id,
        "observed_at": "2026-03-14",
        "municipality": "Utrecht",
        "place": "Portiekwoning Zuilen",
        "explanation": "Buurvrouw hoort 's nachts steeds andere mannen",
        "exploitation_types": "seksuele_uitbuiting",
        "persons[0].role": "mogelijk_slachtoffer",
        "persons[0].given_names": "Sasha",
        "persons[0].surname": "Bondarenko",
        "persons[0].bsn": VALID_BSN,
        "persons[0].phones[0]": "06-12 34 56 78",
        **extra,
    }


def submit(client: TestClient, fields: dict[str, str], hidden: dict[str, str] | None = None):
    return client.post("/signalen/nieuw", data={**(hidden or new_form(client)), **fields})


def created_ref(response) -> str:
    assert response.status_code == 303, response.text[:2000]
    return response.headers["location"].removeprefix("/signalen/")


def assert_error_at(html: str, field_id: str, message: str, value: str | None = None) -> None:
    """`message` right at the field: its error element, tied to it with aria-invalid/-describedby."""
    elements = Elements(html).by_id
    field, error = elements[field_id], elements[f"{field_id}-error"]
    assert "field-error" in error["class"] and message in error["text"]
    assert field["aria-invalid"] == "true"
    assert f"{field_id}-error" in field["aria-describedby"].split()
    if value is not None:
        assert field["value"] == value
    assert f'href="#{field_id}"' in html  # and listed in the summary at the top
    summary = elements["summary"]
    assert message in summary["text"]


def audit_entries(node, start: int):
    """The node's log entries from `start` on of what its operators did (the node's own sending
    of batches goes on meanwhile)."""
    log = node.vault.audit
    return [e for e in log.entries(start, log.size()) if e.actor_role == "operator"]


# -- the signaalformulier ------------------------------------------------------------------------------


def test_a_valid_signal_is_created_and_appears_in_the_list(client, fed):
    response = submit(client, valid("VT-WEB-001", **{"persons[0].emails[0]": "sasha@example.org"}))
    ref = created_ref(response)
    shown = client.get(f"/signalen/{ref}")
    assert shown.status_code == 200
    assert "Signaal VT-WEB-001 is opgeslagen" in shown.text  # the notice, once
    for value in ("Bondarenko", VALID_BSN, "06-12 34 56 78", "sasha@example.org", "Portiekwoning Zuilen"):
        assert value in shown.text
    assert "Signaal VT-WEB-001 is opgeslagen" not in client.get(f"/signalen/{ref}").text
    listed = client.get("/signalen").text
    assert f'href="/signalen/{ref}">VT-WEB-001</a>' in listed
    stored = fed.intake("vtgv").GetSignal(intake_pb2.GetSignalRequest(name=f"signals/{ref}"), timeout=5).signal
    assert stored.persons[0].bsn == VALID_BSN and list(stored.persons[0].emails) == ["sasha@example.org"]


def test_invalid_bsn_and_phone_are_shown_next_to_their_fields_with_the_input_kept(client, fed):
    before = fed.intake("vtgv").GetNodeStatus(intake_pb2.GetNodeStatusRequest(), timeout=5).signals
    # The first person row is left blank: the node's persons[0] is the form's persons[1].
    fields = valid("VT-WEB-002")
    fields = {k.replace("persons[0]", "persons[1]"): v for k, v in fields.items()}
    fields |= {"persons[1].bsn": INVALID_BSN, "persons[1].phones[1]": "12345", "persons[1].phones[0]": ""}
    response = submit(client, fields)
    assert response.status_code == 400
    html = response.text
    assert_error_at(html, "f-persons-1-bsn", "elfproef", value=INVALID_BSN)
    assert_error_at(html, "f-persons-1-phones-1", "geen geldig telefoonnummer", value="12345")
    elements = Elements(html).by_id
    assert elements["f-persons-1-surname"]["value"] == "Bondarenko"  # what was typed stays
    assert elements["f-external-id"]["value"] == "VT-WEB-002"
    assert "aria-invalid" not in elements["f-persons-1-surname"]
    assert "aria-invalid" not in elements["f-persons-0-bsn"]
    assert fed.intake("vtgv").GetNodeStatus(intake_pb2.GetNodeStatusRequest(), timeout=5).signals == before


def test_missing_municipality_and_type_are_checked_before_asking_the_node(client, fed):
    fields = valid("VT-WEB-003", municipality="")
    del fields["exploitation_types"]
    response = submit(client, fields)
    assert response.status_code == 400
    html = response.text
    assert_error_at(html, "f-municipality", "verplicht veld")
    assert "kies minstens één vorm van uitbuiting" in Elements(html).by_id["f-exploitation-types-error"]["text"]
    elements = Elements(html).by_id
    assert elements["f-persons-0-bsn"]["value"] == VALID_BSN and elements["f-place"]["value"] == "Portiekwoning Zuilen"
    assert "Buurvrouw hoort" in elements["f-explanation"]["text"]


def test_errors_in_english_after_the_language_switch(client):
    hidden = new_form(client)
    client.post("/taal", data={"csrf": hidden["csrf"], "language": "en", "next": "/signalen/nieuw"})
    response = submit(client, valid("VT-WEB-004", **{"persons[0].bsn": INVALID_BSN}), hidden)
    assert_error_at(response.text, "f-persons-0-bsn", "BSN fails the 11-test")  # the node's rule, in English


def test_more_rows_keeps_what_was_typed_and_saves_nothing(client, fed):
    hidden = new_form(client)
    assert hidden["rows.persons"] == "2"
    response = submit(client, {**valid("VT-WEB-005"), "meer": "persons"}, hidden)
    assert response.status_code == 200
    elements = Elements(response.text).by_id
    assert "f-persons-2-surname" in elements and "f-persons-3-surname" not in elements
    assert elements["f-persons-0-surname"]["value"] == "Bondarenko"
    assert re.search(rf'name="request_id" value="{hidden["request_id"]}"', response.text)  # the same form
    assert "VT-WEB-005" not in client.get("/signalen").text


def test_the_form_has_its_date_limit_and_numeric_keyboards_as_attributes(client):
    fields = Elements(client.get("/signalen/nieuw").text).by_id  # these were escaped into the tag as text
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", fields["f-observed-at"]["max"])
    assert fields["f-persons-0-bsn"]["inputmode"] == "numeric" and fields["f-companies-0-kvk"]["inputmode"] == "numeric"


def test_forged_row_counts_are_no_server_errors(client):
    for count in ("\u00b2", "9" * 5000, "-1", "x"):
        response = submit(client, {"rows.persons": count, "meer": "addresses"})
        assert response.status_code == 200, count
        assert 'id="f-persons-1-role"' in response.text and 'id="f-persons-2-role"' not in response.text


def test_a_double_submit_creates_one_signal(client, fed):
    hidden = new_form(client)
    before = fed.intake("vtgv").GetNodeStatus(intake_pb2.GetNodeStatusRequest(), timeout=5).signals
    first = created_ref(submit(client, valid("VT-WEB-006"), hidden))
    client.get(f"/signalen/{first}")  # the notice of the first
    second = created_ref(submit(client, valid("VT-WEB-006"), hidden))
    assert second == first
    assert "er is geen tweede signaal gemaakt" in client.get(f"/signalen/{second}").text
    assert fed.intake("vtgv").GetNodeStatus(intake_pb2.GetNodeStatusRequest(), timeout=5).signals == before + 1
    # A new form (a new request id) with a case number already used: an error at that field.
    response = submit(client, valid("VT-WEB-006"))
    assert_error_at(response.text, "f-external-id", "kenmerk is al gebruikt", value="VT-WEB-006")
    # The same form sent again with other content: refused, and the form gets a new request id.
    changed = submit(client, valid("VT-WEB-006", place="Elders"), hidden)
    assert changed.status_code == 400 and "eerder verzonden met andere gegevens" in changed.text
    assert hidden["request_id"] not in changed.text


def test_withdraw_asks_for_confirmation_first(client, fed):
    ref = created_ref(submit(client, valid("VT-WEB-007")))
    csrf = new_form(client)["csrf"]
    confirm = client.post(f"/signalen/{ref}/intrekken", data={"csrf": csrf})
    assert confirm.status_code == 200 and "Signaal VT-WEB-007 intrekken?" in confirm.text
    stub = fed.intake("vtgv")
    state = stub.GetSignal(intake_pb2.GetSignalRequest(name=f"signals/{ref}"), timeout=5).signal.state
    assert state != signal_pb2.SIGNAL_STATE_WITHDRAWN  # asking withdraws nothing
    done = client.post(f"/signalen/{ref}/intrekken", data={"csrf": csrf, "bevestigd": "ja"})
    assert done.status_code == 303 and done.headers["location"] == f"/signalen/{ref}"
    html = client.get(f"/signalen/{ref}").text
    assert "Het signaal is ingetrokken." in html and "Bondarenko" not in html
    signal = stub.GetSignal(intake_pb2.GetSignalRequest(name=f"signals/{ref}"), timeout=5).signal
    assert signal.state == signal_pb2.SIGNAL_STATE_WITHDRAWN and not signal.persons  # data deleted


def test_unknown_signal_is_a_not_found_page(client):
    assert client.get("/signalen/abcdefghijklmnopqrstuvwxyz").status_code == 404
    assert client.get("/signalen/..%2Fstatus").status_code == 404


# -- audit of viewing personal data ----------------------------------------------------------------------


def test_viewing_a_signal_is_audited_at_the_node_without_raw_data(client, fed):
    node = fed.nodes["vtgv"]
    ref = created_ref(submit(client, valid("VT-WEB-008", **{"persons[0].surname": "Kowalczyk"})))
    start = node.vault.audit.size()
    assert client.get(f"/signalen/{ref}").status_code == 200
    [entry] = audit_entries(node, start)
    assert entry.action == "signal.viewed" and entry.objects == (f"signals/{ref}",)
    assert entry.actor_role == "operator" and entry.actor_user.endswith("/operator/vtgv")
    raw = entry.canonical_bytes().decode()
    for personal in ("Kowalczyk", "Sasha", VALID_BSN, "VT-WEB-008", "Utrecht", "0612345678"):
        assert personal not in raw

    start = node.vault.audit.size()  # the CLI's path: a GetSignal straight to the node
    fed.intake("vtgv").GetSignal(intake_pb2.GetSignalRequest(name=f"signals/{ref}"), timeout=5)
    assert [(e.action, e.objects) for e in audit_entries(node, start)] == [("signal.viewed", (f"signals/{ref}",))]

    start = node.vault.audit.size()
    assert client.get("/signalen").status_code == 200
    [listed] = audit_entries(node, start)
    assert listed.action == "signals.listed" and f"signals/{ref}" in listed.objects
    assert dict(listed.details)["count"] == str(len(listed.objects))
    assert "Kowalczyk" not in listed.canonical_bytes().decode()

    start = node.vault.audit.size()
    client.get("/status")
    assert audit_entries(node, start) == []  # no personal data, nothing to log


# -- feedback from the table ---------------------------------------------------------------------


def overlap_at_nla(fed, bsn: str, external_id: str, **person: object) -> None:
    """A signal at nla sharing the BSN (or `person`): with vtgv's signal it makes a hit at the matcher."""
    signal = from_json(
        {
            "external_id": external_id,
            "observed_at": "2026-03-12",
            "municipality": "Utrecht",
            "exploitation_types": ["arbeidsuitbuiting"],
            "persons": [{"role": "mogelijk_slachtoffer", **({"bsn": bsn} if bsn else {}), **person}],
        }
    )
    fed.intake("nla").CreateSignal(intake_pb2.CreateSignalRequest(signal=to_proto(signal)), timeout=10)


def wait_for_hit(fed, ref: str) -> str:
    """The hit vtgv's node learns `ref` is in (its feedback is refreshed here, not every few seconds)."""
    node = fed.nodes["vtgv"]
    wait_for(lambda: drained(fed, ["vtgv", "nla"]), what="both outboxes drained")
    return wait_for(lambda: node.pusher.refresh_feedback() or node.vault.get(ref).hits, what="feedback")[0]


def chair_moves(fed, hit: str, status: int, referred_to: int = 0) -> None:
    """The chair changes the hit's status at the matcher (HitService, chair certificate)."""
    request = hits_pb2.UpdateHitStatusRequest(name=hit, status=status, referred_to=referred_to)
    fed.hits().UpdateHitStatus(request, timeout=5)


def wait_for_status(fed, ref: str, status: str) -> None:
    """Until vtgv's node has polled the table's feedback and holds `status` for the hit of `ref`."""
    node = fed.nodes["vtgv"]
    wait_for(
        lambda: node.pusher.refresh_feedback() or [f.status for f in node.vault.get(ref).feedback] == [status],
        what=f"feedback {status} at the node",
    )


def list_row(client: TestClient, ref: str) -> str:
    return next(r for r in client.get("/signalen").text.split("<tr") if f"/signalen/{ref}" in r)


def test_a_signal_in_a_hit_shows_the_feedback(client, fed):
    ref = created_ref(submit(client, valid("VT-WEB-009", **{"persons[0].bsn": "999999990"})))
    overlap_at_nla(fed, "999999990", "NLA-WEB-009")
    hit = wait_for_hit(fed, ref)
    number = hit.removeprefix("hits/")
    html = client.get(f"/signalen/{ref}").text
    assert "Dit signaal zit in 1 hit(s)" in html
    row = Elements(html).by_id[f"hit-{number}"]["text"]
    assert f"Hit {number}" in row and "nieuw" in row and "BSN" in row and "Nog niet beoordeeld" in row
    assert '<span class="badge nieuw">nieuw</span>' in list_row(client, ref)


def test_the_chairs_status_changes_reach_the_staffs_pages(client, fed, capsys):
    ref = created_ref(submit(client, valid("VT-WEB-010", **{"persons[0].bsn": "123456782"})))
    overlap_at_nla(fed, "123456782", "NLA-WEB-010")
    hit = wait_for_hit(fed, ref)
    number = hit.removeprefix("hits/")

    chair_moves(fed, hit, common_pb2.HIT_STATUS_IN_BEHANDELING)
    wait_for_status(fed, ref, "in_behandeling")
    assert '<span class="badge in_behandeling">in behandeling</span>' in list_row(client, ref)
    row = Elements(client.get(f"/signalen/{ref}").text).by_id[f"hit-{number}"]["text"]
    assert "in behandeling" in row and "De voorzitter beoordeelt de hit." in row

    chair_moves(fed, hit, common_pb2.HIT_STATUS_DOORGELEID, common_pb2.PARTNER_KIND_POLITIE)
    wait_for_status(fed, ref, "doorgeleid")
    assert '<span class="badge doorgeleid">doorgeleid naar politie</span>' in list_row(client, ref)
    html = client.get(f"/signalen/{ref}").text
    assert "doorgeleid naar politie" in Elements(html).by_id[f"hit-{number}"]["text"]

    # The node's own answer, and the CLI (`node signals --json` and its table).
    stored = fed.intake("vtgv").GetSignal(intake_pb2.GetSignalRequest(name=f"signals/{ref}"), timeout=5).signal
    [feedback] = stored.hit_feedback
    assert (feedback.hit, feedback.status, feedback.referred_to) == (
        hit,
        common_pb2.HIT_STATUS_DOORGELEID,
        common_pb2.PARTNER_KIND_POLITIE,
    )
    assert feedback.partner_count == 2 and list(feedback.identifier_kinds) == [common_pb2.IDENTIFIER_KIND_BSN]
    assert node_cli.run_signals(fed.node_config("vtgv"), True, Console()) == 0
    listed = {row["name"]: row for row in json.loads(capsys.readouterr().out)}
    [shown] = listed[f"signals/{ref}"]["feedback"]
    assert (shown["hit"], shown["status"], shown["referred_to"]) == (hit, "doorgeleid", "politie")
    console = Console(record=True, width=250)
    node_cli.run_signals(fed.node_config("vtgv"), False, console)
    assert f"{hit} doorgeleid → politie" in console.export_text()


def refused_by_the_matcher(fed, ref: str) -> None:
    """What the node does when the matcher's receipt rejects the signal's operation (the path
    itself is tested end to end in tests/e2e/test_refused_signals.py)."""
    vault = fed.nodes["vtgv"].vault
    why = {ref: (Violation("observed_at", "observed_at.range", "datum ligt voor 1900"),)}
    with vault.transaction() as conn:
        vault._refuse(conn, why, "batch-web", "2026-03-14T10:00:00Z", "vtgv")


def test_a_refused_signal_is_shown_counted_and_corrected_by_the_staff(client, fed, capsys):
    ref = created_ref(submit(client, valid("VT-WEB-020")))
    wait_for(lambda: drained(fed, ["vtgv"]), what="delivered")
    refused_by_the_matcher(fed, ref)

    listing = client.get("/signalen").text
    assert "geweigerd door de matcher" in list_row(client, ref) and "datum ligt voor 1900" in list_row(client, ref)
    assert "1 signalen zijn geweigerd door de matcher" in Elements(listing).by_id["refused-note"]["text"]
    only = client.get("/signalen?status=geweigerd").text
    assert f"/signalen/{ref}" in only and only.count('<tr class="') + only.count("<tr>") - 1 == 1
    assert Elements(client.get("/status").text).by_id["status-refused"]["text"] == "1"
    page = Elements(client.get(f"/signalen/{ref}").text).by_id["refusal"]["text"]
    assert "Geweigerd door de matcher" in page and "Datum waarneming: datum ligt voor 1900" in page

    # The CLI says it too (`node status`, `node signals --state refused --json`).
    console = Console(record=True, width=250)
    node_cli.run_status(fed.node_config("vtgv"), False, console)
    assert "1 signalen geweigerd door de matcher" in console.export_text()
    capsys.readouterr()
    assert node_cli.run_signals(fed.node_config("vtgv"), True, Console(), "refused") == 0
    [row] = json.loads(capsys.readouterr().out)
    assert row["name"] == f"signals/{ref}" and row["refusal"][0]["rule"] == "observed_at.range"

    # The correction form: the stored values filled in, the matcher's reason at its field.
    form = client.get(f"/signalen/{ref}/verbeteren")
    assert form.status_code == 200 and f'action="/signalen/{ref}/verbeteren"' in form.text
    assert_error_at(form.text, "f-observed-at", "datum ligt voor 1900", value="2026-03-14")
    assert Elements(form.text).by_id["f-persons-0-surname"]["value"] == "Bondarenko"
    hidden = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', form.text))
    done = client.post(f"/signalen/{ref}/verbeteren", data={**hidden, **valid("VT-WEB-020", observed_at="2026-03-15")})
    assert done.status_code == 303 and done.headers["location"] == f"/signalen/{ref}"
    assert "is verbeterd en staat opnieuw klaar" in client.get(f"/signalen/{ref}").text
    stub = fed.intake("vtgv")
    stored = stub.GetSignal(intake_pb2.GetSignalRequest(name=f"signals/{ref}"), timeout=5).signal
    assert stored.observed_at == "2026-03-15" and stored.state != signal_pb2.SIGNAL_STATE_REFUSED
    assert stub.GetNodeStatus(intake_pb2.GetNodeStatusRequest(), timeout=5).signals_refused == 0
    # Once it is no longer refused, the correction page just leads back to the signal.
    assert client.get(f"/signalen/{ref}/verbeteren").headers["location"] == f"/signalen/{ref}"


def test_form_ids_are_checked_and_paths_map_back():
    forged = Filled.from_form([("request_id", "<script>"), ("persons[3].bsn", "1"), ("rows.persons", "999")])
    assert len(forged.request_id) == 32 and forged.request_id != "<script>"
    assert forged.rows.persons == 20  # the limit
    items = [("persons[2].phones[1]", "0612345678"), ("companies[0].ibans[1]", "NL91")]
    assert Filled.from_form(items).to_signal().persons == ()  # a row the form did not show
    filled = Filled.from_form([*items, ("rows.persons", "3")])
    signal = filled.to_signal()
    assert signal.persons[0].phones == ("0612345678",) and signal.companies[0].ibans == ("NL91",)
    assert filled.form_path("persons[0].phones[0]") == "persons[2].phones[1]"
    assert filled.form_path("companies[0].ibans[0]") == "companies[0].ibans[1]"
    assert filled.errors({"vehicles[0].kenteken": "x", "persons[0]": "y", "weird path": "z"}) == {
        "vehicles[0].kenteken": "x",
        "persons[2]": "y",
        "": "z",
    }


# -- in a real browser -------------------------------------------------------------------------------


OTHER_SIGNALS = [
    {"external_id": "VT-2026-0139", "observed_at": "2026-02-27", "municipality": "Nieuwegein",
     "exploitation_types": ["criminele_uitbuiting"], "addresses": [{"postcode": "3431 AB", "house_number": "12"}]},
    {"external_id": "VT-2026-0141", "observed_at": "2026-03-02", "municipality": "Amersfoort",
     "exploitation_types": ["arbeidsuitbuiting", "onbekend"], "vehicles": [{"kenteken": "GZ-123-K"}],
     "persons": [{"role": "mogelijke_dader", "surname": "Visser", "phones": ["0612340000"]}]},
]  # fmt: skip
BROWSER_BSN = "111111110"


@pytest.mark.browser
def test_staff_enter_fix_open_and_withdraw_a_signal_in_the_browser(fed, page: Page, tmp_path: Path):
    refs = [
        fed.intake("vtgv")
        .CreateSignal(intake_pb2.CreateSignalRequest(signal=to_proto(from_json(other))), timeout=10)
        .signal.name.removeprefix("signals/")
        for other in OTHER_SIGNALS  # a list to look at
    ]
    overlap_at_nla(fed, "", "NLA-BROWSER-2", phones=["0612340000"])  # with VT-2026-0141: a hit the chair refers
    referred = wait_for_hit(fed, refs[1])
    chair_moves(fed, referred, common_pb2.HIT_STATUS_IN_BEHANDELING)
    chair_moves(fed, referred, common_pb2.HIT_STATUS_DOORGELEID, common_pb2.PARTNER_KIND_POLITIE)
    wait_for_status(fed, refs[1], "doorgeleid")
    overlap_at_nla(fed, BROWSER_BSN, "NLA-BROWSER-1")  # the signal entered below makes a hit
    with web.serving(lambda: node_console.build(fed.node_config("vtgv")), announce=lambda url: None) as running:
        page.goto(running.login_url())
        expect(page.get_by_role("heading", name="Eigen signalen")).to_be_visible()
        page.get_by_role("link", name="Nieuw signaal invoeren").click()
        expect(page.get_by_role("heading", name="Signaalformulier")).to_be_visible()

        page.get_by_label("Eigen kenmerk (zaaknummer)").fill("VT-BROWSER-1")
        page.get_by_label("Datum waarneming").fill("2026-03-14")
        page.get_by_label("Gemeente").select_option("Utrecht")
        page.get_by_label("Plaats of locatie").fill("Portiekwoning Zuilen")
        page.get_by_label("Seksuele uitbuiting").check()
        page.get_by_label("Toelichting").fill("Buurvrouw hoort 's nachts steeds andere mannen")
        person = page.get_by_role("group", name="Persoon 1")
        person.get_by_label("Rol").select_option("mogelijk_slachtoffer")
        person.get_by_label("Voornamen").fill("Sasha")
        person.get_by_label("Achternaam").fill("Bondarenko")
        person.get_by_label("Geboortedatum").fill("12-4-1991")
        person.get_by_label("BSN").fill(INVALID_BSN)
        person.get_by_label("Telefoon 1").fill("06-12 34 56 78")
        page.get_by_label("Kenteken 1").fill("XX-999-X")
        page.get_by_role("button", name="Signaal opslaan").click()

        bsn = page.locator("#f-persons-0-bsn")
        expect(page.locator("#f-persons-0-bsn-error")).to_have_text(re.compile("elfproef"))
        expect(bsn).to_have_attribute("aria-invalid", "true")
        expect(bsn).to_have_accessible_description(re.compile("elfproef"))
        expect(bsn).to_have_value(INVALID_BSN)
        expect(page.locator("#f-persons-0-surname")).to_have_value("Bondarenko")
        expect(page.get_by_role("alert")).to_contain_text("BSN")
        shot(page, "node-form-errors", tmp_path)

        bsn.fill(BROWSER_BSN)
        page.get_by_role("button", name="Signaal opslaan").click()
        expect(page.get_by_role("heading", name="Signaal VT-BROWSER-1")).to_be_visible()
        expect(page.get_by_role("status")).to_contain_text("is opgeslagen")
        wait_for_hit(fed, page.url.rsplit("/", 1)[1])

        page.get_by_role("link", name="Eigen signalen").first.click()
        row = page.get_by_role("row").filter(has_text="VT-BROWSER-1")
        expect(row).to_contain_text("Seksuele uitbuiting")
        expect(row.locator(".badge.nieuw")).to_have_text("nieuw")
        other = page.get_by_role("row").filter(has_text="VT-2026-0141")
        expect(other.locator(".badge.doorgeleid")).to_have_text("doorgeleid naar politie")
        shot(page, "node-signals", tmp_path)

        row.get_by_role("link", name="VT-BROWSER-1").click()
        expect(page.get_by_role("cell", name="Bondarenko")).to_be_visible()
        expect(page.get_by_text("12-4-1991")).to_be_visible()
        expect(page.get_by_role("heading", name="Terugkoppeling van de tafel")).to_be_visible()
        expect(page.get_by_text("Dit signaal zit in 1 hit(s)")).to_be_visible()
        feedback = page.get_by_role("region", name="Terugkoppeling van de tafel")
        expect(feedback.locator(".badge.nieuw")).to_have_text("nieuw")
        expect(feedback.get_by_role("cell", name="BSN")).to_be_visible()
        shot(page, "node-signal", tmp_path)

        page.get_by_role("button", name="Signaal intrekken…").click()
        expect(page.get_by_role("heading", name="Signaal VT-BROWSER-1 intrekken?")).to_be_visible()
        page.get_by_role("button", name="Ja, signaal intrekken").click()
        expect(page.get_by_role("status")).to_have_text("Het signaal is ingetrokken.")
        expect(page.get_by_role("heading", name="Ingetrokken signaal")).to_be_visible()
        expect(page.get_by_text("Bondarenko")).to_have_count(0)

        page.get_by_role("link", name="Status node").click()
        expect(page.locator("#status-signals")).not_to_have_text("0")
