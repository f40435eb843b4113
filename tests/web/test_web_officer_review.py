"""A partner's privacy officer in the web console (console/web/officer_review.py) against a real
federation: matcher + the nla and vtgv nodes, one cross-partner hit, and the chair's disclosure
requests pulled by the nla node. The queue, the preview of exactly the requested fields (and its
audit entry at the node), the required confirmation, approval (the chair opens what was sent),
refusal with a reason, and the art. 15 look-up (audited at the node); in Chromium the officer
opens the queue and the request, sees the preview and approves."""

from __future__ import annotations

import contextlib
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

import pytest
from browser import shot
from playwright.sync_api import expect
from rich.console import Console
from starlette.testclient import TestClient
from support import PARTNERS, TABLE, Federation, wait_for
from test_disclosure_e2e import NLA_SIGNAL, NOT_REQUESTED, node_audit, plant_hit, start

from signalmatch import config, crypto, transport
from signalmatch.console import audit as audit_cli
from signalmatch.console import chair as chair_console
from signalmatch.console.web import app as web
from signalmatch.console.web import officer, officer_review, security
from signalmatch.deploy.federation import init_federation
from signalmatch.v1 import disclosure_pb2_grpc, officer_pb2

pytestmark = pytest.mark.slow

PORT = 8996
BASE = f"http://127.0.0.1:{PORT}"
OFFICER = f"spiffe://{TABLE}/officer/nla"
REFUSAL = "lopend-onderzoek"
# What persons + contact details of NLA_SIGNAL are, as the preview's value cells.
PERSONS_AND_CONTACT = {
    "persoon 1 · voornamen": "Oleksandr",
    "persoon 1 · achternaam": "Petrenko",
    "persoon 1 · geboortedatum": "1991-04-12",
    "persoon 1 · rol": "mogelijk slachtoffer",
    "persoon 1 · telefoon": "06-12 34 56 78",
    "persoon 1 · e-mail": "o.petrenko@example.com",
}
PERSONAL = [
    *PERSONS_AND_CONTACT.values(),
    "111222333",
    "+31612345678",
    "Kanaal Uitzendbureau",
    "Veertien matrassen",
    "Kanaalweg",
    "Sasha",
    "Bondarenko",
]


@dataclass
class Requests:
    fed: Federation
    hit: str
    signal_ref: str  # nla's signal in the hit
    open: str  # persons + contact details, never decided here (preview, missing confirmation)
    approve: str  # persons
    refuse: str  # explanation
    browser: str  # circumstances, approved in Chromium


def officer_cfg(fed: Federation) -> config.OfficerConfig:
    return fed.officer_config("nla")


def ask(fed: Federation, hit: str, categories: str) -> str:
    """The chair's `request` (console/chair.py), its JSON read back for the disclosure's name."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = chair_console.run_request(
            fed.chair_config(), hit, categories, "signaalbeoordeling", "riec-convenant", "", True, Console(file=out)
        )
    assert code == 0
    return json.loads(out.getvalue())["name"]


@pytest.fixture(scope="module")
def requests(tmp_path_factory) -> Iterator[Requests]:
    root = tmp_path_factory.mktemp("officer-review") / "federation"
    init_federation(root, TABLE, PARTNERS, ["voorzitter"])
    fed = Federation(root, PARTNERS)
    fed.start_keyholder()
    try:
        start(fed)
        hit = plant_hit(fed)
        names = [ask(fed, hit, c) for c in ("persons,contact_details", "persons", "explanation", "circumstances")]
        cfg = officer_cfg(fed)
        reviews = wait_for(
            lambda: (found := officer_review.list_reviews(cfg)) and {r["name"] for r in found} >= set(names) and found,
            what="the requests at the nla node",
        )
        [ref] = {ref for r in reviews for ref in r["signal_refs"]}
        # The node learns its hits from the matcher's feedback, every few seconds.
        by_phone = officer_pb2.LookupSubjectRequest(phones=["0612345678"])
        wait_for(lambda: audit_cli.lookup_subject(cfg, by_phone)["signals"][0]["hits"], what="the hit at the node")
        yield Requests(fed, hit, ref, *names)
    finally:
        fed.stop_all()


def role(cfg: config.OfficerConfig) -> web.RoleConsole:
    """These pages alone, with the officer console's title and identity (console/web/officer.py)."""
    nav, routes = officer_review.pages(cfg)
    return replace(officer.build(cfg), home=nav[0].path, nav=nav, routes=routes, service="web.service.node")


@pytest.fixture
def client(requests: Requests) -> Iterator[TestClient]:
    sessions = security.SessionStore(600, "nl")
    asgi = web.create_app(role(officer_cfg(requests.fed)), port=PORT, sessions=sessions, announce=lambda url: None)
    with TestClient(asgi, base_url=BASE, follow_redirects=False) as client:
        assert client.get(f"/login?token={sessions.issue_login_token()}").status_code == 303
        yield client


def csrf_of(html: str) -> str:
    return html.split('name="csrf" value="')[1].split('"')[0]


def path_of(name: str) -> str:
    return "/verstrekking/" + name.removeprefix("disclosures/")


def section(html: str, element_id: str) -> str:
    """The <section id=...> of a page."""
    return html.split(f'id="{element_id}"', 1)[1].split("</section>", 1)[0]


def preview_rows(html: str) -> dict[str, str]:
    fields = section(html, "voorvertoning")
    return dict(re.findall(r'<tr><th scope="row">([^<]*)</th><td>([^<]*)</td></tr>', fields))


def review_state(fed: Federation, name: str) -> str:
    return next(r["state"] for r in officer_review.list_reviews(officer_cfg(fed)) if r["name"] == name)


def previews(fed: Federation, name: str) -> list:
    return [e for e in node_audit(fed, "nla") if e.action == "disclosure.previewed" and e.objects[0] == name]


def decisions(fed: Federation, name: str) -> list[str]:
    return [
        e.action
        for e in node_audit(fed, "nla")
        if e.action in ("disclosure.approved", "disclosure.refused") and e.objects[0] == name
    ]


def opened_by_chair(fed: Federation, name: str) -> dict[str, dict]:
    """The chair opens the disclosure on its own machine (console/chair.py): answers by partner."""
    chair = fed.chair_config()
    with transport.matcher_channel(TABLE, chair.matcher_address, chair.tls) as channel:
        stub = disclosure_pb2_grpc.DisclosureServiceStub(channel)
        result = chair_console.open_disclosure(chair, stub, name, crypto.load_box_private(chair.encryption_key))
    return {a["partner"]: a for a in result["answers"]}


# -- the queue and the preview -----------------------------------------------------------------------


def test_the_queue_lists_the_requests_with_the_open_ones_on_top(client, requests):
    html = client.get("/verstrekking").text
    assert "Verstrekkingsverzoeken aan nla" in html
    waiting = section(html, "open")
    for name in (requests.open, requests.approve, requests.refuse, requests.browser):
        assert f'href="{path_of(name)}"' in html
    assert f'data-request="{requests.open.removeprefix("disclosures/")}" data-state="open"' in waiting
    row = waiting.split(f'data-request="{requests.open.removeprefix("disclosures/")}"')[1].split("</tr>")[0]
    for text in (
        requests.hit,
        "voorzitter voorzitter",  # the requesting chair, and the only recipient
        "personen (naam, geboortedatum)",
        "contactgegevens (telefoon, e-mail)",
        "signaalbeoordeling",
        "riec-convenant",
        "Bekijken en beslissen",
    ):
        assert text in row, text
    open_count = sum(1 for r in officer_review.list_reviews(officer_cfg(requests.fed)) if r["state"] == "pending")
    assert re.search(rf'data-state="open">\s*<div class="count">{open_count}</div>', html)
    assert not [v for v in PERSONAL if v in html]  # the queue shows no personal data

    client.post("/taal", data={"csrf": csrf_of(html), "language": "en", "next": "/verstrekking"})
    html = client.get("/verstrekking").text
    assert "Disclosure requests to nla" in html and "persons (name, date of birth)" in html
    client.post("/taal", data={"csrf": csrf_of(html), "language": "nl", "next": "/verstrekking"})


def summary(name: str, state: str, decided_by: str = "") -> dict:
    """A review summary as console/officer.py review_summary gives it."""
    return {
        "name": name,
        "hit": "hits/1",
        "requester": "jansen",
        "categories": ["persons"],
        "purpose": "signaalbeoordeling",
        "legal_basis": "riec-convenant",
        "recipients": ["chair/jansen", "partner/vtgv"],
        "signal_refs": ["abc"],
        "expire_time": "",
        "state": state,
        "decided_by": decided_by,
        "reason": "lopend-onderzoek" if state == "refused" else "",
        "decide_time": "",
        "delivered": False,
    }


def test_the_queue_puts_open_requests_on_top_and_tells_policy_approvals_apart():
    views = [
        officer_review.review_view(s)
        for s in (  # newest first, as the node lists them
            summary("disclosures/6", "approved", "policy:omstandigheden"),
            summary("disclosures/5", "pending"),
            summary("disclosures/4", "refused", OFFICER),
            summary("disclosures/3", "expired"),
            summary("disclosures/2", "pending"),
            summary("disclosures/1", "approved", OFFICER),
        )
    ]
    queue = officer_review.queue(views)
    assert [v.id for v in queue.open] == ["5", "2"]
    assert [(v.id, v.state) for v in queue.done] == [
        ("6", "auto_approved"),
        ("4", "refused"),
        ("3", "expired"),
        ("1", "approved"),
    ]
    assert dict(queue.counts) == {"open": 2, "approved": 1, "auto_approved": 1, "refused": 1, "expired": 1}
    assert (views[0].decided_by, views[2].decided_by, views[2].reason) == (
        "verstrekkingsbeleid (regel omstandigheden)",
        "functionaris nla",
        "lopend onderzoek",
    )
    assert (views[0].requester, views[0].recipients) == ("voorzitter jansen", ("voorzitter jansen", "partner vtgv"))


def test_the_preview_shows_exactly_the_requested_fields_and_is_audited_at_the_node(client, requests):
    before = len(previews(requests.fed, requests.open))
    html = client.get(path_of(requests.open)).text
    assert preview_rows(html) == PERSONS_AND_CONTACT
    assert not [v for v in NOT_REQUESTED if v in html]  # no BSN, company, explanation, reporter, case number
    assert f"Signaal {requests.signal_ref}" in html
    assert "Niet gevraagd en dus nooit verstuurd: BSN, adressen" in html
    assert "Ik heb de voorvertoning gecontroleerd" in html and ">lopend onderzoek</option>" in html

    # Showing the preview was audited at the node: who, which disclosure and signals; no content.
    entries = previews(requests.fed, requests.open)
    assert len(entries) == before + 1
    entry = entries[-1]
    assert (entry.actor_org, entry.actor_role, entry.actor_user) == ("nla", "officer", OFFICER)
    assert entry.objects == (requests.open, requests.hit, f"signals/{requests.signal_ref}")
    assert entry.data_categories == ("persons", "contact_details")
    assert not [v for v in PERSONAL if v in json.dumps(entry.to_json(), ensure_ascii=False)]


def test_an_unknown_or_malformed_request_is_not_found(client):
    assert client.get("/verstrekking/999999999").status_code == 404
    assert client.get("/verstrekking/not%20an%20id").status_code == 404


# -- deciding ----------------------------------------------------------------------------------------


def test_nothing_is_decided_without_the_confirmation_or_a_reason(client, requests):
    url = path_of(requests.open)
    csrf = csrf_of(client.get(url).text)

    response = client.post(url + "/goedkeuren", data={"csrf": csrf})
    assert response.status_code == 400
    assert re.search(
        r'id="approve-confirm"[^>]*aria-invalid="true"[^>]*>.*?<p class="field-error" id="approve-confirm-error">'
        r"Vink aan dat u de voorvertoning hebt gecontroleerd",
        response.text,
        re.S,
    )
    assert "refuse-confirm-error" not in response.text
    assert preview_rows(response.text) == PERSONS_AND_CONTACT  # the preview is still there to check

    response = client.post(url + "/weigeren", data={"csrf": csrf, "reason": ""})
    assert response.status_code == 400
    assert 'id="refuse-reason-error">Kies een reden van weigering.' in response.text
    assert 'id="refuse-confirm-error"' in response.text

    response = client.post(url + "/weigeren", data={"csrf": csrf, "reason": "geen-idee", "gecontroleerd": "ja"})
    assert response.status_code == 400 and 'id="refuse-reason-error"' in response.text
    assert 'id="refuse-confirm" name="gecontroleerd" value="ja" required checked' in response.text

    assert review_state(requests.fed, requests.open) == "pending"
    assert decisions(requests.fed, requests.open) == []


def test_approving_sends_the_preview_to_the_chair(client, requests):
    url = path_of(requests.approve)
    html = client.get(url).text
    shown = preview_rows(html)
    assert shown == {k: v for k, v in PERSONS_AND_CONTACT.items() if "telefoon" not in k and "e-mail" not in k}

    response = client.post(url + "/goedkeuren", data={"csrf": csrf_of(html), "gecontroleerd": "ja"})
    assert response.status_code == 303 and response.headers["location"] == url
    html = client.get(url).text
    assert "goedgekeurd; het antwoord gaat naar voorzitter voorzitter" in html
    decided = section(html, "besluit")
    assert "goedgekeurd" in decided and "functionaris nla" in decided
    assert f"uit uw signalen {requests.signal_ref}" in decided
    assert 'action="' + url + '/goedkeuren"' not in html  # no decision forms any more
    assert decisions(requests.fed, requests.approve) == ["disclosure.approved"]

    # What the chair opens on its own machine is exactly what the preview showed.
    nla = wait_for(
        lambda: (a := opened_by_chair(requests.fed, requests.approve)["nla"])["state"] == "approved" and a,
        what="the approval at the chair",
    )
    assert [s["signal_ref"] for s in nla["signals"]] == [requests.signal_ref]
    assert nla["signals"][0]["fields"] == {
        "persons": [
            {
                "given_names": "Oleksandr",
                "surname": "Petrenko",
                "date_of_birth": "1991-04-12",
                "role": "mogelijk_slachtoffer",
            }
        ]
    }
    wait_for(
        lambda: "Het antwoord is bij de matcher afgeleverd." in client.get(url).text, what="delivered, on the page"
    )
    html = client.get(url).text
    assert 'id="voorvertoning"' not in html  # sent: the node shows no more preview

    # Once decided, a second decision is refused by the node and said so on the page.
    response = client.post(url + "/weigeren", data={"csrf": csrf_of(html), "reason": "overig", "gecontroleerd": "ja"})
    assert response.status_code == 409 and "Niet besloten" in response.text
    assert decisions(requests.fed, requests.approve) == ["disclosure.approved"]

    queue = client.get("/verstrekking").text
    done = section(queue, "afgehandeld")
    row = done.split(f'data-request="{requests.approve.removeprefix("disclosures/")}"')[1].split("</tr>")[0]
    assert 'data-state="approved"' in row and "goedgekeurd" in row
    assert f'data-request="{requests.approve.removeprefix("disclosures/")}"' not in section(queue, "open")


def test_refusing_with_a_reason_reaches_the_chair(client, requests):
    url = path_of(requests.refuse)
    html = client.get(url).text
    assert preview_rows(html) == {"toelichting": NLA_SIGNAL["explanation"]}
    response = client.post(url + "/weigeren", data={"csrf": csrf_of(html), "reason": REFUSAL, "gecontroleerd": "ja"})
    assert response.status_code == 303
    html = client.get(url).text
    assert "geweigerd (lopend onderzoek)" in html
    decided = section(html, "besluit")
    assert "lopend onderzoek" in decided and "Alleen de weigering met reden; geen gegevens." in decided
    assert 'id="voorvertoning"' not in html and NLA_SIGNAL["explanation"] not in html
    assert decisions(requests.fed, requests.refuse) == ["disclosure.refused"]
    nla = wait_for(
        lambda: (a := opened_by_chair(requests.fed, requests.refuse)["nla"])["state"] == "refused" and a,
        what="the refusal at the chair",
    )
    assert nla["reason"] == REFUSAL and "signals" not in nla


# -- the art. 15 look-up ------------------------------------------------------------------------------


def test_the_subject_look_up_answers_on_the_response_page_and_is_audited(client, requests):
    lookups = lambda: [e for e in node_audit(requests.fed, "nla") if e.action == "subject.looked_up"]  # noqa: E731
    before = len(lookups())
    html = client.get("/inzage?bsn=111222333").text
    assert 'id="resultaat"' not in html and "111222333" not in html  # a GET never looks anyone up
    assert len(lookups()) == before

    form = {"csrf": csrf_of(html), "phones": "+31 6 12345678\n", "given_names": "", "bsn": ""}
    response = client.post("/inzage", data=form)
    assert response.status_code == 200 and str(response.url).endswith("/inzage")
    result = section(response.text, "resultaat")
    assert "1 signaal en 4 verstrekkingsverzoeken over deze persoon" in result  # every request covered it
    row = result.split(f'data-signal="{requests.signal_ref}"')[1].split("</tr>")[0]
    assert "NLA-2026-001" in row and requests.hit in row and "telefoon" in row
    for name in (requests.open, requests.approve, requests.refuse, requests.browser):
        assert f'data-request="{name.removeprefix("disclosures/")}"' in result
    assert len(lookups()) == before + 1
    entry = lookups()[-1]
    assert (entry.actor_role, entry.actor_user, entry.objects) == (
        "officer",
        OFFICER,
        (f"signals/{requests.signal_ref}",),
    )
    assert "12345678" not in json.dumps(entry.to_json())

    # The node's validation, next to the fields; nothing looked up.
    response = client.post("/inzage", data={"csrf": form["csrf"], "bsn": "123456789", "phones": "06 1\n0612345678"})
    assert response.status_code == 400 and 'id="resultaat"' not in response.text
    assert re.search(r'id="s-bsn"[^>]*aria-invalid="true"', response.text)
    assert 'id="s-bsn-error"' in response.text
    assert re.search(r'id="s-phones-error">nr\. 1: ', response.text) and "nr. 2:" not in response.text
    response = client.post("/inzage", data={"csrf": form["csrf"], "surname": "Petrenko"})
    assert response.status_code == 400 and 'id="s-given_names-error"' in response.text
    response = client.post("/inzage", data={"csrf": form["csrf"]})
    assert response.status_code == 400 and "geef minstens één identificatie op" in response.text
    assert len(lookups()) == before + 1


# -- in Chromium --------------------------------------------------------------------------------------


@pytest.mark.browser
def test_the_officer_reviews_the_preview_and_approves_in_the_browser(page, requests, tmp_path):
    cfg = officer_cfg(requests.fed)
    request_id = requests.browser.removeprefix("disclosures/")
    with web.serving(lambda: role(cfg), announce=lambda url: None) as running:
        page.goto(running.login_url())
        expect(page.get_by_role("heading", level=1)).to_have_text("Verstrekkingsverzoeken aan nla")
        expect(page.locator(f'#open tr[data-request="{request_id}"]')).to_be_visible()
        shot(page, "officer-requests", tmp_path)

        page.locator(f'#open tr[data-request="{request_id}"]').get_by_role("link", name="Bekijken en beslissen").click()
        expect(page.get_by_role("heading", name="Voorvertoning: dit verstuurt goedkeuring")).to_be_visible()
        preview = page.locator("#voorvertoning table.fields")
        expect(preview).to_contain_text("Loods aan de Kanaalweg achterzijde")
        expect(preview).not_to_contain_text("Petrenko")
        shot(page, "officer-request-preview", tmp_path)

        approve = page.locator("form.approve")
        approve.get_by_label("Ik heb de voorvertoning gecontroleerd").check()
        approve.get_by_role("button", name="Goedkeuren en versturen").click()
        expect(page.locator("p.notice")).to_contain_text(f"Verzoek {request_id} goedgekeurd")
        expect(page.locator("#besluit")).to_contain_text("functionaris nla")
        assert review_state(requests.fed, requests.browser) == "approved"

        page.get_by_role("link", name="Inzageverzoek").click()
        page.get_by_label("Voornamen").fill("Oleksandr")
        page.get_by_label("Achternaam").fill("Petrenko")
        page.get_by_label("Geboortedatum").fill("12-04-1991")
        page.get_by_role("button", name="Zoeken").click()
        expect(page.locator("#resultaat")).to_contain_text("NLA-2026-001")
        assert page.url.endswith("/inzage")  # nothing of the person in the address
        shot(page, "officer-subject", tmp_path)
