"""The chair's web console (console/web/chair.py, graph.py) against a real matcher and nodes: hit
filters, the status workflow, the information request form, CSRF; the evidence graph as pure
layout; and in Chromium the whole round: filter, open, request, a partner's officer approves, the
chair sees the decrypted details and records the outcome."""

from __future__ import annotations

import io
import re
import sqlite3
from datetime import UTC, datetime

import pytest
from browser import shot
from google.protobuf.timestamp_pb2 import Timestamp
from playwright.sync_api import expect
from rich.console import Console
from starlette.requests import Request
from starlette.routing import Route
from starlette.testclient import TestClient
from support import PARTNERS, TABLE, Federation, drained, wait_for
from test_disclosure_e2e import NLA_SIGNAL, VTGV_SIGNAL, matcher_actions

from signalmatch import config, i18n
from signalmatch.audit.log import AuditLog
from signalmatch.console import chair as chair_cli
from signalmatch.console import officer as officer_console
from signalmatch.console.web import app as web
from signalmatch.console.web import chair, graph, labels, security
from signalmatch.deploy.federation import init_federation
from signalmatch.errors import ValidationError
from signalmatch.node.signal import from_json, to_proto
from signalmatch.v1 import common_pb2, disclosure_pb2, disclosure_pb2_grpc, hits_pb2, intake_pb2, submission_pb2

pytestmark = pytest.mark.slow

PORT = 8997
BASE = f"http://127.0.0.1:{PORT}"

# Hit A: NLA_SIGNAL and VTGV_SIGNAL share a phone number; politie-avim knows NLA_SIGNAL's IBAN.
POLITIE_A = {
    "external_id": "AVIM-2026-001",
    "observed_at": "2026-03-18",
    "municipality": "Utrecht",
    "reporter": {"name": "Rechercheur Anoniem"},
    "exploitation_types": ["arbeidsuitbuiting"],
    "companies": [{"name": "Kanaal Uitzend", "ibans": ["NL91 ABNA 0417 1643 00"]}],
}
# Hit B: vtgv and politie-avim share a licence plate, in Amersfoort.
VTGV_B = {
    "external_id": "VT-2026-002",
    "observed_at": "2026-02-02",
    "municipality": "Amersfoort",
    "reporter": {"name": "Wijkagent Anoniem"},
    "exploitation_types": ["criminele_uitbuiting"],
    "vehicles": [{"kenteken": "GH-123-J"}],
}
POLITIE_B = {
    "external_id": "AVIM-2026-002",
    "observed_at": "2026-02-05",
    "municipality": "Amersfoort",
    "reporter": {"name": "Rechercheur Anoniem"},
    "exploitation_types": ["criminele_uitbuiting"],
    "vehicles": [{"kenteken": "gh123j"}],
}
# Hit C: nla and politie-avim share an e-mail address, in Zeist.
NLA_C = {
    "external_id": "NLA-2026-003",
    "observed_at": "2026-01-20",
    "municipality": "Zeist",
    "reporter": {"name": "Inspecteur Anoniem"},
    "exploitation_types": ["arbeidsuitbuiting"],
    "companies": [{"name": "Schoonmaak BV", "kvk": "87654321"}],
}
POLITIE_C = {
    "external_id": "AVIM-2026-003",
    "observed_at": "2026-01-22",
    "municipality": "Zeist",
    "reporter": {"name": "Rechercheur Anoniem"},
    "exploitation_types": ["arbeidsuitbuiting"],
    "companies": [{"name": "Schoonmaak B.V.", "kvk": "87654321"}],
}


# -- fixtures: one federation for the module --------------------------------------------------------


@pytest.fixture(scope="module")
def fed(tmp_path_factory):
    root = tmp_path_factory.mktemp("chair") / "federation"
    init_federation(root, TABLE, PARTNERS, ["voorzitter"])
    federation = Federation(root, PARTNERS)
    federation.start_keyholder()
    federation.start_matcher()
    for partner in PARTNERS:
        federation.start_node(partner, max_backoff=0.5, disclosure_interval=0.1)
    yield federation
    federation.stop_all()


@pytest.fixture(scope="module")
def hits(fed) -> dict[str, str]:
    """Three hits: "A" (nla + vtgv + politie-avim), "B" (vtgv + politie-avim), "C" (nla + politie-avim) -> hit id."""
    for partner, data in (
        ("nla", NLA_SIGNAL),
        ("vtgv", VTGV_SIGNAL),
        ("politie-avim", POLITIE_A),
        ("vtgv", VTGV_B),
        ("politie-avim", POLITIE_B),
        ("nla", NLA_C),
        ("politie-avim", POLITIE_C),
    ):
        fed.intake(partner).CreateSignal(intake_pb2.CreateSignalRequest(signal=to_proto(from_json(data))), timeout=10)
    wait_for(lambda: drained(fed, PARTNERS), what="signals submitted")
    wanted = {"A": ("nla", "politie-avim", "vtgv"), "B": ("politie-avim", "vtgv"), "C": ("nla", "politie-avim")}

    def by_partners() -> dict[tuple[str, ...], str]:
        found = fed.hits().ListHits(hits_pb2.ListHitsRequest(page_size=10), timeout=10).hits
        return {tuple(sorted(h.partners)): chair.hit_id(h.name) for h in found}

    ids = wait_for(lambda: (ids := by_partners()).keys() == set(wanted.values()) and ids, what="the three hits")
    return {letter: ids[partners] for letter, partners in wanted.items()}


class Signed:
    """A TestClient signed in to the chair's console, with its CSRF token."""

    def __init__(self, fed: Federation):
        sessions = security.SessionStore(idle_timeout=600, language="nl")
        asgi = web.create_app(chair.build(fed.chair_config()), port=PORT, sessions=sessions)
        self.client = TestClient(asgi, base_url=BASE, follow_redirects=False)
        login = self.client.get(f"/login?token={sessions.issue_login_token()}")
        assert login.headers["location"] == "/hits"
        self.csrf = re.search(r'name="csrf" value="([^"]+)"', self.client.get("/hits").text).group(1)

    def get(self, path: str):
        return self.client.get(path)

    def post(self, path: str, **fields):
        return self.client.post(path, data={"csrf": self.csrf, **fields})


@pytest.fixture(scope="module")
def signed(fed) -> Signed:
    return Signed(fed)


def listed(response) -> set[str]:
    assert response.status_code == 200, response.text
    return set(re.findall(r'<tr data-hit="(\d+)"', response.text))


def status_of(fed: Federation, hit: str) -> hits_pb2.Hit:
    return fed.hits().GetHit(hits_pb2.GetHitRequest(name=f"hits/{hit}"), timeout=10).hit


def disclosures_of(fed: Federation, hit: str) -> list[disclosure_pb2.Disclosure]:
    cfg = fed.chair_config()
    stub = disclosure_pb2_grpc.DisclosureServiceStub(fed.channel_to_matcher(cfg.tls))
    return list(stub.ListDisclosures(disclosure_pb2.ListDisclosuresRequest(hit=f"hits/{hit}"), timeout=10).disclosures)


def listings(fed: Federation) -> list[set[str]]:
    """The hits of each hits.listed entry in the matcher's audit log, oldest first."""
    db = sqlite3.connect(fed.matcher_config().data_dir / "matcher.sqlite")
    try:
        log = AuditLog(db, origin=f"{TABLE}/matcher")
        return [set(e.objects) for e in log.entries(0, log.size()) if e.action == "hits.listed"]
    finally:
        db.close()


def field_error(html: str, field: str) -> str:
    """The inline message next to form field `field` ("" if none)."""
    found = re.search(rf'class="field-error" id="e-{re.escape(field)}"[^>]*>([^<]*)<', html)
    return found.group(1) if found else ""


# -- the hits overview -------------------------------------------------------------------------------


def test_the_overview_filters_by_partner_municipality_type_status_and_period(signed, hits, fed):
    a, b, c = hits["A"], hits["B"], hits["C"]
    shown = signed.get("/hits")
    assert listed(shown) == {a, b, c}
    assert "Overeenkomst op" in shown.text and '<span class="tag exact">kenteken</span>' in shown.text
    assert listed(signed.get("/hits?partner=nla")) == {a, c}
    assert listed(signed.get("/hits?gemeente=Amersfoort")) == {b}
    assert listed(signed.get("/hits?uitbuiting=criminele_uitbuiting")) == {b}
    assert listed(signed.get("/hits?partner=nla&gemeente=Zeist")) == {c}
    assert listed(signed.get("/hits?partner=vtgv&uitbuiting=arbeidsuitbuiting")) == {a}  # nla's signal in A

    # Status: the cards count per status within the other filters; the filter picks one.
    current = chair.enums.short(common_pb2.HitStatus, status_of(fed, b).status)
    assert b in listed(signed.get(f"/hits?status={current}"))
    counted = signed.get("/hits?gemeente=Amersfoort").text
    assert re.search(rf'data-status="{current}">\s*<div class="count">1</div>', counted)

    # Period: months (Dutch time) of the hits' update (default) or creation time, filtered by the matcher.
    month = datetime.now(UTC).astimezone(labels.ZONE).strftime("%Y-%m")
    assert listed(signed.get(f"/hits?van={month}&tot={month}")) == {a, b, c}
    assert listed(signed.get(f"/hits?van={month}&op=aangemaakt")) == {a, b, c}
    assert listed(signed.get("/hits?tot=2001-12&op=aangemaakt")) == set()
    empty = signed.get("/hits?van=2001-01&tot=2001-12&gemeente=Amersfoort")
    assert listed(empty) == set() and "Geen hits met deze filters" in empty.text
    assert re.search(r'data-status="nieuw">\s*<div class="count">0</div>', empty.text)

    # Unusable filter values are named next to their field and dropped, not sent to the matcher.
    bad = signed.get("/hits?van=maart&gemeente=Atlantis")
    assert listed(bad) == {a, b, c}
    assert "JJJJ-MM" in field_error(bad.text, "van") and "kies uit de lijst" in field_error(bad.text, "gemeente")
    assert 'name="van" value="" placeholder="2026-03" pattern="[0-9]{4}-[0-9]{2}" aria-invalid="true"' in bad.text
    reversed_range = signed.get("/hits?van=2026-05&tot=2026-01")
    assert "na de eindmaand" in field_error(reversed_range.text, "tot")


def test_odd_page_numbers_and_hit_ids_are_no_server_errors(signed, hits):
    """A "²" passes str.isdigit() and 5000 digits exceed int()'s limit: both used to be a 500."""
    for page in ("\u00b2", "9" * 5000, "-2", "0", "abc"):
        assert listed(signed.get(f"/hits?pagina={page}")) == set(hits.values()), page
    for hit in ("9" * 5000, "9" * 19, "abc", "\u00b2"):
        assert signed.get(f"/hits/{hit}").status_code == 404, hit
        assert signed.post(f"/hits/{hit}/status", status="besproken").status_code == 404, hit
    assert signed.get("/hits/999999").status_code == 404  # a well-formed id the matcher does not know


def test_the_pages_switch_to_english(fed, hits):
    english = Signed(fed)
    english.post("/taal", language="en", next="/hits")
    shown = english.get("/hits").text
    assert "Matched on" in shown and "All statuses" in shown and "labour exploitation" in shown
    hit = english.get(f"/hits/{hits['A']}").text
    assert "Request information" in hit and "Record referral" in hit and "persons (name, date of birth)" in hit


def test_the_overview_asks_the_matcher_for_the_one_page_it_shows():
    flt = chair.HitFilters(month_from="2026-02", month_to="2026-03", status="besproken", partner="nla", page=3)
    request = flt.request()
    assert (request.page_size, request.skip, request.partner) == (25, 50, "nla")
    assert request.status == common_pb2.HIT_STATUS_BESPROKEN
    # Months in Dutch time, both included: from 1 February (winter time) up to 1 April (summer time).
    assert request.update_period.start_time.ToJsonString() == "2026-01-31T23:00:00Z"
    assert request.update_period.end_time.ToJsonString() == "2026-03-31T22:00:00Z"
    assert not request.HasField("create_period")
    created = chair.HitFilters(month_from="2026-02", period_on="aangemaakt").request()
    assert created.create_period.start_time == request.update_period.start_time
    assert not created.create_period.HasField("end_time") and not created.HasField("update_period")
    plain = chair.HitFilters().request()
    assert [(field.name, value) for field, value in plain.ListFields()] == [("page_size", 25)]
    assert flt.query(page=2) == "?status=besproken&partner=nla&van=2026-02&tot=2026-03&pagina=2"


def test_overview_shows_the_page_and_the_counts_the_matcher_sends():
    def hit(n: int) -> hits_pb2.Hit:
        ts = Timestamp()
        ts.FromDatetime(datetime(2026, 2, 15, 12, tzinfo=UTC))
        return hits_pb2.Hit(
            name=f"hits/{n}", status=common_pb2.HIT_STATUS_NIEUW, partners=["nla", "vtgv"], update_time=ts
        )

    response = hits_pb2.ListHitsResponse(
        hits=[hit(n) for n in range(50, 60)],
        total_size=60,
        status_counts=[
            hits_pb2.StatusCount(status=common_pb2.HIT_STATUS_NIEUW, count=40),
            hits_pb2.StatusCount(status=common_pb2.HIT_STATUS_BESPROKEN, count=20),
        ],
    )
    view = chair.overview(response, 3)
    assert (view.total, view.pages, view.page, len(view.rows), view.rows[0].id) == (60, 3, 3, 10, "50")
    assert view.rows[0].updated == "15-02-2026 13:00"
    assert view.counts == {
        "nieuw": 40,
        "in_behandeling": 0,
        "info_opgevraagd": 0,
        "besproken": 20,
        "doorgeleid": 0,
        "afgesloten": 0,
    }
    assert chair.overview(hits_pb2.ListHitsResponse(), 1).pages == 1


def test_periods_of_months_or_days_in_dutch_time():
    march = chair_cli.time_period("2026-03", "2026-03")
    assert (march.start_time.ToJsonString(), march.end_time.ToJsonString()) == (
        "2026-02-28T23:00:00Z",
        "2026-03-31T22:00:00Z",
    )
    summer = chair_cli.time_period("2026-03-29", "2026-03-29")  # 23 hours: the clocks go forward
    assert summer.end_time.seconds - summer.start_time.seconds == 23 * 3600
    december = chair_cli.time_period("", "2026-12")
    assert december.end_time.ToJsonString() == "2026-12-31T23:00:00Z" and not december.HasField("start_time")
    for first, last, fields in [
        ("2026-13", "", ["--from"]),
        ("2026-02-30", "maart", ["--from", "--to"]),
        ("2026-04", "2026-03", ["--to"]),
        ("2026-03-02", "2026-03-01", ["--to"]),
    ]:
        with pytest.raises(ValidationError) as info:
            chair_cli.time_period(first, last, ("--from", "--to"))
        assert [v.field for v in info.value.violations] == fields


def test_each_view_of_the_overview_lists_only_its_page_at_the_matcher(signed, hits, fed):
    a, c = hits["A"], hits["C"]
    before = len(listings(fed))
    assert listed(signed.get("/hits?partner=nla")) == {a, c}
    assert listings(fed)[before:] == [{f"hits/{a}", f"hits/{c}"}]  # one call, audited with what it showed
    # A page past the end (a stale bookmark) shows the last page: a second call.
    past = signed.get("/hits?partner=nla&pagina=4")
    assert listed(past) == {a, c} and "pagina 1 van 1" in past.text
    assert listings(fed)[before + 1 :] == [set(), {f"hits/{a}", f"hits/{c}"}]


# -- the hit page: status workflow ------------------------------------------------------------------------


def test_status_workflow_with_the_matchers_refusals_next_to_the_field(signed, hits, fed):
    b = hits["B"]
    shown = signed.get(f"/hits/{b}")
    assert shown.status_code == 200
    assert "Naar „in behandeling”" in shown.text and "Doorgeleiding vastleggen" in shown.text

    moved = signed.post(f"/hits/{b}/status", status="in_behandeling")
    assert moved.status_code == 303 and moved.headers["location"] == f"/hits/{b}"
    assert "is nu: in behandeling" in signed.get(f"/hits/{b}").text

    # Doorgeleid without saying to whom: the matcher refuses, its message stands next to the select.
    refused = signed.post(f"/hits/{b}/status", status="doorgeleid", referred_to="")
    assert refused.status_code == 400
    assert "verplicht aan wie is doorgeleid" in field_error(refused.text, "referred_to")
    assert '<select name="referred_to" aria-invalid="true" aria-describedby="e-referred_to">' in refused.text
    assert 'id="error-summary"' in refused.text
    assert status_of(fed, b).status == common_pb2.HIT_STATUS_IN_BEHANDELING

    closed = signed.post(f"/hits/{b}/status", status="afgesloten", note="dubbele-melding")
    assert closed.status_code == 303
    shown = signed.get(f"/hits/{b}").text
    assert "afgesloten: dubbele melding" in shown
    assert "Heropenen (in behandeling)" in shown and "Doorgeleiding vastleggen" not in shown
    hit = status_of(fed, b)
    assert (hit.status, hit.status_note) == (common_pb2.HIT_STATUS_AFGESLOTEN, "dubbele-melding")

    # A stale page offering a move that is no longer allowed: refused by the matcher, shown, nothing changes.
    stale = signed.post(f"/hits/{b}/status", status="besproken")
    assert stale.status_code == 409
    assert "kan niet naar besproken" in re.search(r'id="e-status" role="alert">([^<]*)<', stale.text).group(1)
    forged = signed.post(f"/hits/{b}/status", status="gearchiveerd")
    assert forged.status_code == 400 and "kies uit de lijst" in forged.text
    assert status_of(fed, b).status == common_pb2.HIT_STATUS_AFGESLOTEN

    reopened = signed.post(f"/hits/{b}/status", status="in_behandeling")
    assert reopened.status_code == 303
    assert status_of(fed, b).status == common_pb2.HIT_STATUS_IN_BEHANDELING


def test_status_form_without_the_sessions_csrf_token_is_refused(signed, hits, fed, tmp_path):
    c = hits["C"]
    before = status_of(fed, c).status
    without = signed.client.post(f"/hits/{c}/status", data={"status": "besproken"})
    assert without.status_code == 403 and "CSRF" in without.text
    other = Signed(fed)  # another session's token does not pass either
    assert signed.client.post(f"/hits/{c}/status", data={"status": "besproken", "csrf": other.csrf}).status_code == 403
    assert status_of(fed, c).status == before


# -- the hit page: informatie opvragen ---------------------------------------------------------------------


def test_request_form_errors_inline_then_one_request_however_often_it_is_sent(signed, hits, fed):
    c = hits["C"]
    shown = signed.get(f"/hits/{c}").text
    request_id = re.search(r'name="request_id" value="([0-9a-f]{32})"', shown).group(1)
    assert re.search(r'name="request_id" value="([0-9a-f]{32})"', signed.get(f"/hits/{c}").text).group(1) != request_id
    for partner in ("nla", "politie-avim"):  # every partner in the hit is ticked by default
        assert f'name="partners" value="{partner}" checked' in shown

    empty = signed.post(f"/hits/{c}/verzoek", request_id=request_id)
    assert empty.status_code == 400
    assert field_error(empty.text, "partners") == "kies minstens één partner"
    assert field_error(empty.text, "categories") == "kies minstens één categorie"
    assert field_error(empty.text, "purpose") == "kies een doel uit de lijst"
    assert field_error(empty.text, "legal_basis") == "kies een grondslag uit de lijst"

    filled = {
        "categories": ["persons", "companies"],
        "purpose": "signaalbeoordeling",
        "legal_basis": "riec-convenant",
        "request_id": request_id,
    }
    # A partner that is not in the hit (a forged form): the matcher's refusal, at the partners.
    outsider = signed.post(f"/hits/{c}/verzoek", partners=["vtgv"], **filled)
    assert outsider.status_code == 400 and "vtgv" in field_error(outsider.text, "partners")
    assert 'value="persons" checked' in outsider.text and 'value="signaalbeoordeling" selected' in outsider.text
    # A broken hidden field: the matcher's message belongs to no visible field, so it heads the form.
    broken = signed.post(f"/hits/{c}/verzoek", partners=["nla"], **{**filled, "request_id": "twee woorden"})
    assert broken.status_code == 400
    assert "request_id" in re.search(r'id="e-request" role="alert">([^<]*)<', broken.text).group(1)
    assert disclosures_of(fed, c) == []

    first = signed.post(f"/hits/{c}/verzoek", partners=["nla"], **filled)
    assert first.status_code == 303 and first.headers["location"] == f"/hits/{c}"
    again = signed.post(f"/hits/{c}/verzoek", partners=["nla"], **filled)  # a double submit
    assert again.status_code == 303
    [created] = disclosures_of(fed, c)
    assert [a.partner for a in created.answers] == ["nla"]

    shown = signed.get(f"/hits/{c}").text
    assert "Verzoek verstuurd aan nla" in shown and "wacht op antwoord" in shown
    assert "personen (naam, geboortedatum), bedrijven (KvK, IBAN)" in shown
    disclosure_id = created.name.removeprefix("disclosures/")
    overview = signed.get("/verzoeken").text
    assert f'href="/hits/{c}#verzoek-{disclosure_id}"' in overview


# -- the evidence: graph layout and rendering --------------------------------------------------------------


def built_hit() -> hits_pb2.Hit:
    """A hit as the matcher sends it, with exact, "lijkt op" and mixed evidence."""
    meta = submission_pb2.SignalMetadata(
        exploitation_types=[common_pb2.EXPLOITATION_TYPE_ARBEIDSUITBUITING], municipality="Utrecht", month="2026-03"
    )
    hit = hits_pb2.Hit(name="hits/7", status=common_pb2.HIT_STATUS_NIEUW, partners=["nla", "vtgv", "politie-avim"])
    for partner, ref in (("nla", "n1"), ("vtgv", "v1"), ("politie-avim", "p1")):
        hit.signals.add(partner=partner, signal_ref=ref, metadata=meta)
    hit.links.add(signal_ref_a="n1", signal_ref_b="v1", kinds=[common_pb2.IDENTIFIER_KIND_PHONE])
    hit.links.add(
        signal_ref_a="v1",
        signal_ref_b="p1",
        similar=[hits_pb2.SimilarityEvidence(kind=common_pb2.FUZZY_KIND_PERSON, similarity=0.912)],
    )
    hit.links.add(
        signal_ref_a="n1",
        signal_ref_b="p1",
        kinds=[common_pb2.IDENTIFIER_KIND_EMAIL, common_pb2.IDENTIFIER_KIND_KENTEKEN],
        similar=[hits_pb2.SimilarityEvidence(kind=common_pb2.FUZZY_KIND_ADDRESS, similarity=0.87)],
    )
    hit.identifier_kinds.extend([common_pb2.IDENTIFIER_KIND_PHONE, common_pb2.IDENTIFIER_KIND_EMAIL])
    return hit


def test_graph_layout_places_every_signal_inside_and_draws_each_kind_of_evidence():
    signals = [
        graph.GraphSignal(ref, partner, ref)
        for ref, partner in (("a", "vtgv"), ("b", "nla"), ("c", "nla"), ("d", "politie-avim"))
    ]
    links = [
        graph.GraphLink("a", "b", "telefoon", ""),
        graph.GraphLink("b", "c", "", "lijkt op: persoon 0,91"),
        graph.GraphLink("c", "d", "e-mail", "lijkt op: adres 0,87"),
        graph.GraphLink("a", "zz", "bsn", ""),  # a signal that is not in the hit: left out
    ]
    drawn = graph.layout(signals, links)
    assert [n.ref for n in drawn.nodes] == ["b", "c", "d", "a"]  # grouped by partner
    for n in drawn.nodes:
        assert n.r <= n.x <= drawn.width - n.r and n.r <= n.y and n.partner_y <= drawn.height
    assert len({(n.x, n.y) for n in drawn.nodes}) == 4
    fills = {n.partner: n.fill for n in drawn.nodes}
    assert fills["nla"] != fills["vtgv"] != fills["politie-avim"] != fills["nla"]
    assert [i.partner for i in drawn.legend] == ["nla", "politie-avim", "vtgv"]
    assert [(e.a, e.b, e.similar, e.label.text) for e in drawn.edges] == [
        ("a", "b", False, "telefoon"),
        ("b", "c", True, "lijkt op: persoon 0,91"),
        ("c", "d", False, "e-mail"),
        ("c", "d", True, "lijkt op: adres 0,87"),
    ]
    exact, similar = drawn.edges[2], drawn.edges[3]
    assert (exact.x1, exact.y1) != (similar.x1, similar.y1)  # parallel, not on top of each other
    assert exact.label.y != similar.label.y
    assert graph.layout(signals, links) == drawn  # deterministic
    two = graph.layout(signals[:2], links[:1])
    assert two.nodes[0].y == two.nodes[1].y and two.height < drawn.height


def test_evidence_of_a_hit_keeps_exact_and_lijkt_op_apart_in_both_languages():
    view = chair.evidence_view(built_hit())
    assert [(v.a, v.b, v.exact, v.similar) for v in view.links] == [
        ("n1", "v1", ("telefoon",), ()),
        ("v1", "p1", (), ("lijkt op: persoon 0,91",)),
        ("n1", "p1", ("e-mail", "kenteken"), ("lijkt op: adres 0,87",)),
    ]
    assert [e.label.text for e in view.graph.edges] == [
        "telefoon",
        "lijkt op: persoon 0,91",
        "e-mail, kenteken",
        "lijkt op: adres 0,87",
    ]
    row = chair.hit_row(built_hit())
    assert row.exact == ("telefoon", "e-mail") and row.similar == ("lijkt op: persoon 0,91", "lijkt op: adres 0,87")
    with i18n.using("en"):
        english = chair.evidence_view(built_hit())
    assert english.links[1].similar == ("resembles: person 0.91",) and english.links[0].exact == ("phone",)


def test_evidence_renders_as_svg_with_solid_and_dashed_edges_and_a_table():
    async def evidence(request: Request):
        return web.render(request, "chair/_evidence.html", evidence=chair.evidence_view(built_hit()))

    role = web.RoleConsole("chair", "web.chair.title", "test", "/bewijs", (), [Route("/bewijs", evidence)])
    sessions = security.SessionStore(idle_timeout=600, language="nl")
    client = TestClient(web.create_app(role, port=PORT, sessions=sessions), base_url=BASE)
    client.get(f"/login?token={sessions.issue_login_token()}")
    html = client.get("/bewijs").text
    assert html.count('<line class="edge exact"') == 2 and html.count('<line class="edge similar"') == 2
    assert re.search(r'<line class="edge similar"[^>]*stroke-dasharray="7 5"', html)
    assert not re.search(r'<line class="edge exact"[^>]*stroke-dasharray', html)
    assert ">lijkt op: persoon 0,91</text>" in html and ">e-mail, kenteken</text>" in html
    assert '<span class="tag similar">lijkt op: adres 0,87</span>' in html
    assert '<span class="tag exact">kenteken</span>' in html
    assert "style=" not in html and "<script" not in html  # the CSP allows neither


def test_disclosed_fields_read_as_words():
    rows = labels.disclosed_rows(
        {
            "exploitation_types": ["arbeidsuitbuiting"],
            "persons": [{"surname": "Petrenko", "role": "mogelijk_slachtoffer", "phones": ["06-1", "06-2"]}],
        }
    )
    assert rows == (
        ("uitbuiting", "arbeidsuitbuiting"),
        ("persoon 1 · achternaam", "Petrenko"),
        ("persoon 1 · rol", "mogelijk slachtoffer"),
        ("persoon 1 · telefoon", "06-1, 06-2"),
    )


# -- in Chromium: the whole round -------------------------------------------------------------------------


@pytest.mark.browser
def test_chair_filters_opens_requests_sees_the_disclosure_and_refers(fed, hits, page, tmp_path):  # noqa: F811
    a = hits["A"]
    cfg = fed.chair_config()
    blocked: list[str] = []
    page.on("console", lambda msg: blocked.append(msg.text) if "Content Security Policy" in msg.text else None)
    with web.serving(lambda: chair.build(cfg), announce=lambda url: None) as running:
        page.goto(running.login_url())
        expect(page.locator("h1")).to_have_text("Hits")
        page.select_option("select[name=partner]", "vtgv")
        page.get_by_role("button", name="Filteren").click()
        expect(page.locator("tr[data-hit]")).to_have_count(2)
        expect(page.locator(f"tr[data-hit='{a}']")).to_be_visible()
        shot(page, "chair-hits", tmp_path)

        page.locator(f"tr[data-hit='{a}'] a.hit-link").click()
        expect(page.locator("h1")).to_contain_text(f"Hit {a}")
        expect(page.locator("svg.graph g.node")).to_have_count(3)
        expect(page.locator("svg.graph line.edge.exact")).to_have_count(2)
        expect(page.locator("svg.graph")).to_contain_text("IBAN")
        shot(page, "chair-hit", tmp_path)

        form = page.locator("#opvragen form")
        form.get_by_label("politie-avim").uncheck()  # only who is needed
        form.get_by_label("personen (naam, geboortedatum)").check()
        form.get_by_label("contactgegevens (telefoon, e-mail)").check()
        form.get_by_label("Doel").select_option("signaalbeoordeling")
        form.get_by_label("Grondslag").select_option("riec-convenant")
        form.get_by_role("button", name="Verzoek versturen").click()
        expect(page.locator(".notice")).to_contain_text("Verzoek verstuurd aan nla, vtgv")
        expect(page.locator(".answer[data-partner=nla] .badge")).to_have_text("wacht op antwoord")

        # The partners' officers decide at their own nodes (the existing officer console).
        [request] = disclosures_of(fed, a)
        for partner, approve, reason in (("nla", True, ""), ("vtgv", False, "lopend-onderzoek")):
            officer = fed.officer_config(partner)
            wait_for(lambda o=officer: any(r.name == request.name for r in reviews(o)), what=f"request at {partner}")
            officer_console.run_decide(officer, request.name, approve, reason, Console(file=io.StringIO()))
        wait_for(
            lambda: (
                {a_.partner: a_.state for a_ in disclosures_of(fed, a)[0].answers}
                == {"nla": disclosure_pb2.ANSWER_STATE_APPROVED, "vtgv": disclosure_pb2.ANSWER_STATE_REFUSED}
            ),
            what="both answers at the matcher",
        )
        opened_before = matcher_actions(fed).count("disclosure.opened")

        page.reload()
        disclosed = page.locator(".answer[data-partner=nla] .disclosed")
        expect(disclosed).to_contain_text("Petrenko")
        expect(disclosed).to_contain_text("o.petrenko@example.com")
        expect(disclosed).not_to_contain_text("111222333")  # BSN was not asked
        expect(page.locator(".answer[data-partner=vtgv]")).to_contain_text("geweigerd — lopend onderzoek")
        assert matcher_actions(fed).count("disclosure.opened") == opened_before + 1  # the page view is audited
        assert "Petrenko" not in page.url
        shot(page, "chair-hit-disclosed", tmp_path)

        outcome = page.locator("#status form.outcome").first
        outcome.get_by_label("Doorgeleid naar").select_option("politie")
        outcome.get_by_role("button", name="Doorgeleiding vastleggen").click()
        expect(page.locator(".notice")).to_contain_text("doorgeleid naar politie")
        expect(page.locator("#outcome")).to_have_text("doorgeleid naar politie")
        hit = status_of(fed, a)
        assert (hit.status, hit.referred_to) == (common_pb2.HIT_STATUS_DOORGELEID, common_pb2.PARTNER_KIND_POLITIE)

        page.get_by_role("link", name="Informatieverzoeken").click()
        expect(page.locator(f"tr[data-request='{request.name.removeprefix('disclosures/')}']")).to_contain_text(
            "verstrekt"
        )
        shot(page, "chair-requests", tmp_path)
    assert blocked == []


def reviews(officer: config.OfficerConfig):
    channel, stub = officer_console.officer_stub(officer)
    with channel:
        return officer_console.fetch_reviews(stub)


# -- the review list ("mogelijke overeenkomsten", issue 13) ------------------------------------------------


def test_review_list_explains_the_weight_and_the_chair_confirms_with_a_reason(signed, fed):
    """The same person at two partners, one without an address: never linked on that alone, so it is
    up for review; the page explains the weight per piece of evidence; confirming links it."""
    person = {"role": "mogelijk_slachtoffer", "given_names": "Kees", "surname": "Jansen", "date_of_birth": "5-6-1979"}
    refs = []
    for partner, written, addresses in (
        ("vtgv", person, [{"street": "Dorpsstraat", "house_number": "7", "postcode": "3511 AB", "city": "Utrecht"}]),
        ("nla", {**person, "surname": "Janssen", "date_of_birth": "05-06-1979"}, []),
    ):  # fmt: skip
        data = {"external_id": f"R-{partner}", "observed_at": "2026-03-01", "municipality": "Utrecht",
                "exploitation_types": ["arbeidsuitbuiting"], "persons": [written], "addresses": addresses}  # fmt: skip
        request = intake_pb2.CreateSignalRequest(signal=to_proto(from_json(data)))
        refs.append(fed.intake(partner).CreateSignal(request, timeout=10).signal.name.removeprefix("signals/"))
    wait_for(lambda: drained(fed, PARTNERS), what="signals submitted")

    def mine() -> list[str]:
        rows = re.findall(r'<tr data-candidate="([\d-]+)">(.*?)</tr>', signed.get("/beoordelen").text, re.S)
        return [c for c, row in rows if all(chair.short_ref(ref) in row for ref in refs)]

    (candidate,) = wait_for(mine, what="the pair on the review list")
    page = signed.get("/beoordelen")
    assert "naam " in page.text and "vooraf " in page.text and "Mogelijke overeenkomsten" in page.text
    refused = signed.post("/beoordelen", candidate=candidate, decision="confirm", reason="andere-persoon")
    assert refused.status_code == 400
    done = signed.post("/beoordelen", candidate=candidate, decision="confirm", reason="zelfde-persoon")
    assert done.status_code == 303 and done.headers["location"] == "/beoordelen"
    assert not mine() and "review.confirmed" in matcher_actions(fed)
