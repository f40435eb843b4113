"""The consoles together, in one browser, as issue 6 tells the story: the chair filters hits, opens one
and asks for information; the partner's privacy officer sees the request with its preview and approves
it; the chair sees the decrypted details and records the outcome; the officer's verification panel is
green, and turns red once the matcher's log is tampered with."""

from __future__ import annotations

import http.client
import re

import pytest
from browser import shot
from playwright.sync_api import Page, expect
from support import Federation, drained, wait_for
from test_disclosure_e2e import NLA_SIGNAL, VTGV_SIGNAL
from test_web_officer_audit import batch_entry, rewritten

from signalmatch.console.web import app as web
from signalmatch.console.web.serve import builder
from signalmatch.node.signal import from_json, to_proto
from signalmatch.v1 import hits_pb2, intake_pb2

# The same person written differently at vtgv, with the e-mail address nla has: one exact link
# (e-mail) that also "lijkt op" on the person (Dice >= 0.90 over 300 random keys).
VTGV_SAME_PERSON = {
    "external_id": "VT-2026-002",
    "observed_at": "2026-03-20",
    "municipality": "Utrecht",
    "exploitation_types": ["arbeidsuitbuiting"],
    "persons": [
        {
            "role": "mogelijk_slachtoffer",
            "given_names": "Oleksandr",
            "surname": "Petrenco",
            "date_of_birth": "12-04-1991",
            "emails": ["o.petrenko@example.com"],
        }
    ],
}


def sign_in(page: Page, running: web.Running) -> None:
    page.context.clear_cookies()  # one browser, one console at a time, as on separate machines
    page.goto(running.login_url())


@pytest.mark.browser
def test_request_approve_disclose_refer_and_verify(federation: Federation, page: Page, tmp_path):
    fed = federation
    fed.start_matcher()
    for partner in ("nla", "vtgv"):
        fed.start_node(partner, max_backoff=0.5, disclosure_interval=0.1)
    for partner, data in (("nla", NLA_SIGNAL), ("vtgv", VTGV_SIGNAL), ("vtgv", VTGV_SAME_PERSON)):
        fed.intake(partner).CreateSignal(intake_pb2.CreateSignalRequest(signal=to_proto(from_json(data))), timeout=10)
    wait_for(lambda: drained(fed, ["nla", "vtgv"]), what="signals submitted")
    def one_hit_of_three():
        found = fed.hits().ListHits(hits_pb2.ListHitsRequest(), timeout=10).hits
        return found if len(found) == 1 and len(found[0].signals) == 3 else None

    hit = wait_for(one_hit_of_three, what="one hit of three signals")[0]
    hit_id = hit.name.removeprefix("hits/")

    chair = builder(fed.chair_config_path())
    officer = builder(fed.officer_config_path("nla"))
    with web.serving(chair, announce=lambda url: None) as chair_console, web.serving(
        officer, announce=lambda url: None
    ) as officer_console:
        # The chair filters, opens the hit and asks nla for persons.
        sign_in(page, chair_console)
        page.select_option("select[name=partner]", "nla")
        page.get_by_role("button", name="Filteren").click()
        page.locator(f"tr[data-hit='{hit_id}'] a.hit-link").click()
        expect(page.locator("svg.graph line.edge.exact")).to_have_count(2)  # phone, e-mail
        expect(page.locator("svg.graph line.edge.similar")).to_have_count(1)  # the person
        expect(page.locator("table.links")).to_contain_text("lijkt op: persoon 0,9")
        shot(page, "chair-hit-evidence", tmp_path)
        form = page.locator("#opvragen form")
        form.get_by_label("vtgv").uncheck()
        form.get_by_label("personen (naam, geboortedatum)").check()
        form.get_by_label("Doel").select_option("signaalbeoordeling")
        form.get_by_label("Grondslag").select_option("riec-convenant")
        form.get_by_role("button", name="Verzoek versturen").click()
        expect(page.locator(".notice")).to_contain_text("Verzoek verstuurd aan nla")

        # nla's privacy officer sees it in the queue, checks the preview and approves.
        sign_in(page, officer_console)
        queued = page.locator("#open tr[data-request]")
        wait_for(lambda: page.reload() or queued.count() == 1, what="the request at nla's node")
        queued.get_by_role("link", name="Bekijken en beslissen").click()
        preview = page.locator("#voorvertoning table.fields")
        expect(preview).to_contain_text("Petrenko")
        expect(preview).not_to_contain_text("o.petrenko@example.com")  # contact details were not asked
        approve = page.locator("form.approve")
        approve.get_by_label("Ik heb de voorvertoning gecontroleerd").check()
        approve.get_by_role("button", name="Goedkeuren en versturen").click()
        expect(page.locator("p.notice")).to_contain_text("goedgekeurd")

        # The chair sees the decrypted details and records the outcome.
        sign_in(page, chair_console)
        page.goto(f"{chair_console.url}/hits/{hit_id}")
        disclosed = page.locator(".answer[data-partner=nla] .disclosed")
        wait_for(lambda: page.reload() or disclosed.count() == 1, what="the disclosure delivered")
        expect(disclosed).to_contain_text("Petrenko")
        outcome = page.locator("#status form.outcome").first
        outcome.get_by_label("Doorgeleid naar").select_option("politie")
        outcome.get_by_role("button", name="Doorgeleiding vastleggen").click()
        expect(page.locator("#outcome")).to_have_text("doorgeleid naar politie")

        # The officer's verification panel: green, then red after tampering, naming the entry.
        sign_in(page, officer_console)
        page.locator("header nav").get_by_role("link", name="Controle").click()
        panel = page.locator("#log-matcher")
        expect(panel).to_have_class(re.compile(r"\bpanel ok\b"))
        index = batch_entry(fed, "nla")
        with rewritten(fed, index):
            page.get_by_role("button", name="Nu controleren").click()
            expect(panel).to_have_class(re.compile(r"\bpanel bad\b"))
            expect(panel.locator("table.findings")).to_contain_text(f"logregel {index}")


def test_the_demo_serves_a_console_per_role(tmp_path):
    from signalmatch.deploy.demo import CHAIR, TABLE, demo_consoles
    from signalmatch.deploy.federation import init_federation

    root = tmp_path / "federation"
    init_federation(root, TABLE, ["nla", "vtgv"], [CHAIR])
    roles = []
    for _label, path in demo_consoles(root, "nla"):
        with web.serving(builder(path), announce=lambda url: None) as running:
            roles.append(running.console.role)
            conn = http.client.HTTPConnection("127.0.0.1", int(running.url.rsplit(":", 1)[1]), timeout=10)
            conn.request("GET", running.login_url().removeprefix(running.url))
            assert conn.getresponse().status == 303
    assert roles == ["chair", "node", "officer", "officer"]
