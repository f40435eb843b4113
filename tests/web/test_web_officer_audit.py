"""The privacy officer's audit pages (console/web/officer_audit.py, charts.py) against a real
federation: matcher + the nla and vtgv nodes, one cross-partner hit and one disclosure round
(nla approves, vtgv refuses). The log's filters and paging, the per-entry inclusion check, the
DPIA report and its CSV; in Chromium the verification panel is green, turns red naming the entry
after the matcher's log is rewritten in its SQLite file, and green again once it is restored."""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date

import pytest
from browser import shot
from playwright.sync_api import expect
from rich.console import Console
from starlette.testclient import TestClient
from support import PARTNERS, TABLE, Federation, wait_for
from test_disclosure_e2e import matcher_actions, plant_hit, start

from signalmatch import config
from signalmatch.audit import merkle
from signalmatch.audit.checkpoint import Checkpoint
from signalmatch.audit.report import safe_cell
from signalmatch.audit.verify import Finding, VerifyResult
from signalmatch.console import chair as chair_console
from signalmatch.console import officer as officer_console
from signalmatch.console.web import app as web
from signalmatch.console.web import charts, dpia, officer_audit, security
from signalmatch.console.web.officer_audit import LogFilter, Row
from signalmatch.deploy.federation import init_federation

pytestmark = pytest.mark.slow

PORT = 8997
BASE = f"http://127.0.0.1:{PORT}"
REFUSAL = "lopend-onderzoek"
# Every personal value of the planted signals: none may show in the log, the report or the CSV.
PERSONAL = [
    "Oleksandr",
    "Petrenko",
    "1991-04-12",
    "111222333",
    "06-12 34 56 78",
    "+31612345678",
    "o.petrenko@example.com",
    "Kanaal Uitzendbureau",
    "12345678",
    "NL91ABNA0417164300",
    "Veertien matrassen",
    "Kanaalweg",
    "Inspecteur Verborgen",
    "Sasha",
    "Bondarenko",
    "Portiekwoning",
    "buurvrouw@example.org",
    "NLA-2026-001",
    "VT-2026-001",
]


@dataclass
class Activity:
    fed: Federation
    hit: str  # e.g. hits/1
    disclosure: str


@pytest.fixture(scope="module")
def activity(tmp_path_factory) -> Iterator[Activity]:
    """One federation for the module: a hit between nla and vtgv, persons requested, nla approves,
    vtgv refuses, the chair opens the answer."""
    root = tmp_path_factory.mktemp("officer-audit") / "federation"
    init_federation(root, TABLE, PARTNERS, ["voorzitter"])
    fed = Federation(root, PARTNERS)
    fed.start_keyholder()
    try:
        start(fed)
        hit = plant_hit(fed)
        quiet = Console(file=io.StringIO())
        chair = fed.chair_config()
        chair_console.run_request(chair, hit, "persons", "signaalbeoordeling", "riec-convenant", "", False, quiet)
        names = {}
        for partner in ("nla", "vtgv"):
            cfg = officer_cfg(fed, partner)

            def pending(cfg=cfg):
                channel, stub = officer_console.officer_stub(cfg)
                with channel:
                    return [r.name for r in officer_console.fetch_reviews(stub)]

            names[partner] = wait_for(pending, what=f"the request at {partner}")[0]
        officer_console.run_decide(officer_cfg(fed, "nla"), names["nla"], True, "", quiet)
        officer_console.run_decide(officer_cfg(fed, "vtgv"), names["vtgv"], False, REFUSAL, quiet)
        wait_for(
            lambda: {"disclosure.approved", "disclosure.refused"} <= set(matcher_actions(fed)),
            what="both answers at the matcher",
        )
        assert chair_console.run_open(chair, hit, False, quiet) == 0  # delivered and opened at the chair
        yield Activity(fed, hit, names["nla"])
    finally:
        fed.stop_all()


def officer_cfg(fed: Federation, name: str) -> config.OfficerConfig:
    return fed.officer_config(name)


def role(cfg: config.OfficerConfig) -> web.RoleConsole:
    """The audit pages alone, as console/web/officer.py assembles them."""
    nav, routes = officer_audit.pages(cfg)
    who = {"partner": cfg.name}
    return web.RoleConsole("officer", "web.audit.log.title", "web.officer.who.partner", nav[0].path, nav, routes, who_args=who)


@contextmanager
def client_of(cfg: config.OfficerConfig) -> Iterator[TestClient]:
    sessions = security.SessionStore(600, "nl")
    asgi = web.create_app(role(cfg), port=PORT, sessions=sessions, announce=lambda url: None)
    with TestClient(asgi, base_url=BASE, follow_redirects=False) as client:
        assert client.get(f"/login?token={sessions.issue_login_token()}").status_code == 303
        yield client


def csrf_of(html: str) -> str:
    return html.split('name="csrf" value="')[1].split('"')[0]


def indices(html: str) -> list[int]:
    return [int(i) for i in re.findall(r'<td class="num">(\d+)</td>', html)]


def matcher_entries(fed: Federation) -> dict[int, bytes]:
    with sqlite3.connect(fed.matcher_config().data_dir / "matcher.sqlite") as conn:
        return dict(conn.execute("SELECT idx, entry FROM audit_entries ORDER BY idx").fetchall())


def batch_entry(fed: Federation, partner: str) -> int:
    """The index of `partner`'s batch.accepted entry of one signal."""
    return next(
        i
        for i, data in matcher_entries(fed).items()
        if b'"batch.accepted"' in data and f'"actor_org":"{partner}"'.encode() in data and b'["submitted","1"]' in data
    )


@contextmanager
def rewritten(fed: Federation, index: int) -> Iterator[None]:
    """The matcher's entry `index` rewritten in its SQLite file (as tests/e2e/test_audit_verify.py does,
    leaf hash untouched), restored afterwards."""
    path = fed.matcher_config().data_dir / "matcher.sqlite"
    with sqlite3.connect(path) as conn:
        (entry,) = conn.execute("SELECT entry FROM audit_entries WHERE idx = ?", (index,)).fetchone()
        forged = entry.replace(b'["submitted","1"]', b'["submitted","7"]')
        assert forged != entry
        conn.execute("UPDATE audit_entries SET entry = ? WHERE idx = ?", (forged, index))
    try:
        yield
    finally:
        with sqlite3.connect(path) as conn:
            conn.execute("UPDATE audit_entries SET entry = ? WHERE idx = ?", (entry, index))


def no_personal_data(text: str) -> None:
    assert [v for v in PERSONAL if v in text] == []


# -- the log ---------------------------------------------------------------------------------------


def test_log_filters_narrow_the_entries_the_server_lets_the_officer_see(activity):
    fed = activity.fed
    with client_of(officer_cfg(fed, "tafel")) as client:
        everything = client.get("/audit")
        assert everything.status_code == 200
        no_personal_data(everything.text)
        shown = indices(everything.text)
        assert shown == sorted(shown, reverse=True) and len(shown) >= 10  # newest first

        disclosures = client.get("/audit?actie=disclosure.").text
        actions = set(re.findall(r"<code>([a-z_.]+)</code></td>", disclosures))
        assert {"disclosure.requested", "disclosure.approved", "disclosure.refused"} <= actions
        assert all(a.startswith("disclosure.") for a in actions)

        by_org = client.get("/audit?organisatie=vtgv&rol=partner").text
        assert indices(by_org) and set(re.findall(r"<td>([a-z-]+) <span", by_org)) == {"vtgv"}
        assert "(partner)" in by_org and "(matcher)" not in by_org

        by_object = client.get("/audit", params={"object": activity.hit}).text
        assert indices(by_object) and "hit.created" in by_object
        assert f"<code>{activity.hit}</code>" in by_object
        assert len(indices(by_object)) < len(indices(client.get("/audit").text))

        future = client.get("/audit?van=2999-01-01").text
        assert indices(future) == [] and "Geen regels die aan de filters voldoen." in future
        today = date.today().isoformat()
        assert indices(client.get(f"/audit?van={today}&tot={today}").text)

        # Wrong input is named next to its field: a date here, an action prefix by the server.
        bad_date = client.get("/audit?van=14-03-2026").text
        assert 'aria-invalid="true" aria-describedby="err-van"' in bad_date and "JJJJ-MM-DD" in bad_date
        bad_range = client.get(f"/audit?van={today}&tot=2000-01-01").text
        assert 'id="err-tot"' in bad_range
        bad_action = client.get("/audit?actie=Disclosure!").text
        assert 'id="err-actie"' in bad_action and indices(bad_action) == []


def test_odd_page_numbers_and_entry_indices_are_no_server_errors(activity):
    with client_of(officer_cfg(activity.fed, "tafel")) as client:
        for page in ("\u00b2", "9" * 5000, "-1"):
            response = client.get(f"/audit?pagina={page}")
            assert response.status_code == 200 and indices(response.text), page
        for index in ("9" * 5000, "9" * 19, "\u00b2", "-1"):
            assert client.get(f"/audit/matcher/{index}").status_code == 404, index


def test_log_pages_and_a_partner_officer_sees_its_own_and_its_node_log(activity, monkeypatch):
    fed = activity.fed
    monkeypatch.setattr(officer_audit, "PAGE_SIZE", 2)
    with client_of(officer_cfg(fed, "tafel")) as client:
        # requested, approved, refused, delivered, opened: three pages of two, newest first.
        first = client.get("/audit?actie=disclosure.").text
        assert "Pagina 1 van 3" in first and 'rel="next"' in first and 'rel="prev"' not in first
        next_link = re.search(r'href="/audit\?([^"]+)" rel="next"', first).group(1).replace("&amp;", "&")
        assert "actie=disclosure." in next_link and "pagina=2" in next_link
        second = client.get(f"/audit?{next_link}").text
        assert "Pagina 2 van 3" in second and 'rel="prev"' in second and len(indices(second)) == 2
        assert max(indices(second)) < min(indices(first))
        last = client.get("/audit?actie=disclosure.&pagina=9").text  # beyond the end: the last page
        assert "Pagina 3 van 3" in last and len(indices(last)) == 1

    monkeypatch.setattr(officer_audit, "PAGE_SIZE", 1000)
    with client_of(officer_cfg(fed, "nla")) as client:
        # The matcher's log, as this partner's officer: nothing of the vtgv node's doings.
        matcher_log = client.get("/audit").text
        assert "batch.accepted" in matcher_log and 'aria-current="true">Matcher' in matcher_log
        visible = set(indices(matcher_log))
        vtgv_batch = batch_entry(fed, "vtgv")
        assert batch_entry(fed, "nla") in visible and vtgv_batch not in visible

        node_log = client.get("/audit?log=node").text
        assert 'aria-current="true">Eigen node' in node_log and "Log van uw node (nla)" in node_log
        assert "disclosure.approved" in node_log and "signal.created" in node_log
        no_personal_data(matcher_log + node_log)


def audit_reads_since(fed: Federation, index: int) -> list[dict[str, str]]:
    """The details of the matcher's audit.read entries from `index` on."""
    reads = [json.loads(data) for i, data in matcher_entries(fed).items() if i >= index]
    return [dict(e["details"]) for e in reads if e["action"] == "audit.read"]


def test_log_page_fetches_newest_first_only_down_to_the_page_shown(activity, monkeypatch):
    fed = activity.fed
    monkeypatch.setattr(officer_audit, "PAGE_SIZE", 2)
    with client_of(officer_cfg(fed, "tafel")) as client:
        # Everything fetched (five disclosure entries, fewer than FETCH_AHEAD): exact counts.
        whole = {p: client.get(f"/audit?actie=disclosure.&rol=chair&pagina={p}").text for p in (1, 2)}
        exact = client.get("/audit?actie=disclosure.&pagina=2").text
        assert "5 regels gevonden" in exact and "Pagina 2 van 3" in exact

        monkeypatch.setattr(officer_audit, "FETCH_AHEAD", 1)
        mark = len(matcher_entries(fed))
        first = client.get("/audit").text
        # One call, newest first, for page 1 and one entry more; so the totals are lower bounds.
        assert [r["count"] for r in audit_reads_since(fed, mark)] == ["3"]
        shown = indices(first)
        assert len(shown) == 2 and shown == sorted(shown, reverse=True) and shown[0] >= mark - 1
        assert "3+ regels gevonden" in first and "Pagina 1 van 2+" in first and 'rel="next"' in first

        mark = len(matcher_entries(fed))
        second = client.get("/audit?actie=disclosure.&pagina=2").text
        assert [r["count"] for r in audit_reads_since(fed, mark)] == ["5"]
        assert indices(second) == indices(exact) and "Pagina 2 van 3+" in second and "5+ regels" in second

        # A role filter is applied here: the console reads on until enough entries match, same rows.
        for p, html in whole.items():
            assert indices(client.get(f"/audit?actie=disclosure.&rol=chair&pagina={p}").text) == indices(html)


# -- one entry ---------------------------------------------------------------------------------------


def test_entry_page_proves_inclusion_locally_and_turns_red_for_a_rewritten_entry(activity):
    fed = activity.fed
    index = batch_entry(fed, "nla")
    stored = matcher_entries(fed)[index]
    with client_of(officer_cfg(fed, "nla")) as client:
        csrf = csrf_of(client.get("/audit").text)
        verified = client.post("/audit/controle", data={"csrf": csrf})  # keeps the checkpoints as seen
        assert verified.status_code == 303 and verified.headers["location"] == "/audit/controle"
        panel = client.get("/audit/controle").text
        assert panel.count('class="panel ok"') == 2
        size = int(re.search(r"<strong>(\d+) regels</strong>", panel).group(1))

        page_ = client.get(f"/audit/matcher/{index}")
        assert page_.status_code == 200
        html = page_.text
        assert 'class="panel ok" id="inclusion"' in html
        assert f"checkpoint {size}, door u gecontroleerd" in html and 'class="warning"' not in html
        assert merkle.leaf_hash(stored).hex() in html
        assert "<code>batch.accepted</code>" in html and "submitted=1" in html
        proof_hashes = re.findall(r"<li><code>([0-9a-f]{64})</code></li>", html)
        assert proof_hashes  # the proof is shown, hash by hash

        # Another partner's entry is not part of this officer's view; nor is a missing index.
        hidden = client.get(f"/audit/matcher/{batch_entry(fed, 'vtgv')}")
        assert hidden.status_code == 404 and "hoort niet bij uw deel" in hidden.text
        assert client.get("/audit/matcher/999999").status_code == 404
        assert client.get("/audit/elders/1").status_code == 404

        node_entry = client.get("/audit/node/0")
        assert node_entry.status_code == 200 and 'class="panel ok"' in node_entry.text

        # Newer than the verified checkpoint: the server's checkpoint, proven to extend it.
        newest = max(indices(client.get("/audit").text))
        assert newest >= size
        newer = client.get(f"/audit/matcher/{newest}").text
        assert 'class="panel ok"' in newer and f"consistent met uw gecontroleerde checkpoint {size}" in newer

        with rewritten(fed, index):
            bad = client.get(f"/audit/matcher/{index}").text
            assert 'class="panel bad" id="inclusion"' in bad and "de regel is gewijzigd" in bad
            assert "submitted=7" in bad  # what the server now claims, shown for the record
        assert 'class="panel ok"' in client.get(f"/audit/matcher/{index}").text


# -- the DPIA report ---------------------------------------------------------------------------------


def test_report_shows_tables_and_charts_and_exports_the_same_period_as_csv(activity):
    fed = activity.fed
    with client_of(officer_cfg(fed, "tafel")) as client:
        html = client.get("/audit/rapport").text
        first, last = dpia.default_period(date.today())
        assert f'name="van" value="{first}"' in html and f'name="tot" value="{last}"' in html
        assert html.count('<svg class="chart"') == 5  # months, partner signals and answers, bases, actions
        assert "<script" not in html and "style=" not in html
        assert "signaalbeoordeling" in html and "riec-convenant" in html
        no_personal_data(html)

        response = client.get(f"/audit/rapport.csv?van={first}&tot={last}")
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/csv")
        assert response.headers["content-disposition"] == f'attachment; filename="dpia-rapport-{first}-{last}.csv"'
        no_personal_data(response.text)
        rows = list(csv.reader(io.StringIO(response.text)))
        assert rows[0] == ["section", "key", "metric", "value"]
        values = {(s, k, m): v for s, k, m, v in rows[1:]}
        assert values[("partner", "nla", "signals_submitted")] == "1"
        assert values[("partner", "nla", "disclosures_approved")] == "1"
        assert values[("partner", "vtgv", "disclosures_refused")] == "1"
        assert values[("purpose", "signaalbeoordeling/riec-convenant", "requested")] == "1"
        assert values[("total", "", "hits_created")] == "1"
        this_month = date.today().strftime("%Y-%m")
        assert values[("month", this_month, "signals_submitted")] == "2"
        assert values[("action", "disclosure.requested", "entries")] == "1"
        assert values[("total", "", "unreadable_entries")] == "0"
        assert {k for s, k, m in values if s == "month"} == {
            m.label for m in dpia.months_between(date.fromisoformat(f"{first}-01"), date.today())
        }

        # A period before everything: zeros, and the charts say there is nothing to draw.
        empty = client.get("/audit/rapport?van=2001-01&tot=2001-03").text
        assert '<svg class="chart"' not in empty and "Geen gegevens in deze periode." in empty
        wrong = client.get("/audit/rapport?van=2026-13&tot=2026-01")
        assert 'id="err-van"' in wrong.text and "JJJJ-MM" in wrong.text
        assert client.get("/audit/rapport.csv?van=2026-05&tot=2026-01").status_code == 400


def test_every_page_speaks_english_after_the_switch(activity):
    with client_of(officer_cfg(activity.fed, "tafel")) as client:
        csrf = csrf_of(client.get("/audit").text)
        assert client.post("/taal", data={"csrf": csrf, "language": "en", "next": "/audit"}).status_code == 303
        expected = {
            "/audit": "entries found, newest first",
            "/audit/controle": "All right: The matcher&#39;s log was not altered",
            "/audit/matcher/0": "Included: this entry is unchanged in checkpoint",
            "/audit/rapport": "Signals per partner",
        }
        for path, text in expected.items():
            response = client.get(path)
            assert response.status_code == 200 and text in response.text, path
            assert '<html lang="en">' in response.text


# -- pure parts ------------------------------------------------------------------------------------


def test_nice_scale_and_label_fitting():
    assert charts.nice_scale(0) == (1.0, 1.0)
    assert charts.nice_scale(3) == (3.0, 1.0)
    assert charts.nice_scale(7) == (8.0, 2.0)
    assert charts.nice_scale(180) == (200.0, 50.0)
    assert charts.nice_scale(1234) == (1500.0, 500.0)
    assert charts.fit("2026-03", 100) == "2026-03"
    assert charts.fit("signaalbeoordeling / riec-convenant", 70) == "signaalbe…"


def test_bar_chart_geometry_groups_series_per_category():
    chart = charts.bar_chart(
        "per maand", ["2026-01", "2026-02", "2026-03"], [charts.Series("a", (0, 4, 8)), charts.Series("b", (2, 2, 2))]
    )
    assert not chart.empty and len(chart.bars) == 6 and len(chart.swatches) == 2
    baseline = chart.height - 30
    by_title = {b.title: b for b in chart.bars}
    zero, half, full = by_title["2026-01 · a: 0"], by_title["2026-02 · a: 4"], by_title["2026-03 · a: 8"]
    assert zero.height == 0 and zero.y == baseline
    assert full.height == pytest.approx(2 * half.height) and full.y + full.height == pytest.approx(baseline)
    assert all(0 <= b.x and b.x + b.width <= chart.width and b.y >= 0 for b in chart.bars)
    a, b = by_title["2026-02 · a: 4"], by_title["2026-02 · b: 2"]
    assert a.fill != b.fill and a.x < b.x < a.x + 2 * a.width  # side by side in one group
    assert [t.text for t in chart.texts if t.anchor == "end"] == ["0", "2", "4", "6", "8"]  # the y axis
    assert charts.bar_chart("leeg", ["x"], [charts.Series("a", (0,))]).empty
    with pytest.raises(ValueError):
        charts.bar_chart("fout", ["x", "y"], [charts.Series("a", (1,))])


def test_horizontal_bar_chart_for_long_names():
    chart = charts.hbar_chart("per actie", ["audit.read", "disclosure.requested"], [10, 5])
    long, short = chart.bars
    assert long.width == pytest.approx(2 * short.width) and long.y < short.y
    assert "10" in [t.text for t in chart.texts] and chart.height == 16 + 2 * 24
    assert charts.hbar_chart("leeg", [], []).empty


def test_inclusion_result_checks_the_proof_locally():
    entries = [f'{{"n":{i}}}'.encode() for i in range(7)]
    leaves = [merkle.leaf_hash(e) for e in entries]
    cp = Checkpoint(f"{TABLE}/matcher", 7, merkle.root(leaves))
    proof = merkle.inclusion_proof(5, 7, merkle.memory_subtree_hasher(leaves))
    good = officer_audit.inclusion_result("matcher", 5, cp, "basis", proof, entries[5])
    assert good.computed_root == cp.root_hash and good.leaf_hash == leaves[5]
    assert not good.ok and "canonieke" in good.reason  # included, but not an audit entry
    forged = officer_audit.inclusion_result("matcher", 5, cp, "basis", proof, b'{"n":50}')
    assert not forged.ok and "gewijzigd" in forged.reason and forged.computed_root != cp.root_hash


def test_check_lines_assign_findings_to_their_check():
    result = VerifyResult(origin="o", checkpoints=3, receipts=2, entries=9)
    assert [(c.name, c.checked, c.failed) for c in officer_audit.check_lines(result, receipts_apply=True)] == [
        ("signature", 3, 0),
        ("consistency", 2, 0),
        ("receipts", 2, 0),
        ("entries", 9, 0),
    ]
    result.findings += [Finding("entry.altered", "logregel 4", "x"), Finding("proof.unavailable", "logregel 5", "y")]
    lines = {c.name: c for c in officer_audit.check_lines(result, receipts_apply=False)}
    assert lines["entries"].failed == 1 and lines["proofs"].failed == 1 and lines["receipts"].checked is None


def test_periods_and_filters():
    assert dpia.default_period(date(2026, 3, 14)) == ("2025-04", "2026-03")
    assert dpia.default_period(date(2026, 12, 1)) == ("2026-01", "2026-12")
    months = dpia.months_between(date(2025, 11, 1), date(2026, 2, 1))
    assert [m.label for m in months] == ["2025-11", "2025-12", "2026-01", "2026-02"]
    assert (months[1].start, months[1].end) == ("2025-12-01T00:00:00.000000Z", "2026-01-01T00:00:00.000000Z")
    _, _, found, errors = dpia.report_period({"van": "2020-01", "tot": "2026-01"}, date(2026, 3, 1))
    assert found == [] and "tot" in errors

    flt = LogFilter.from_query({"actie": "hit.", "pagina": "3", "rol": "koning", "log": "node"}, ("matcher",))
    assert (flt.action, flt.page, flt.role, flt.log) == ("hit.", 3, "", "matcher")
    assert flt.query(page=1) == "actie=hit."
    start_, end_, errors = LogFilter(start="2026-03-01", end="2026-03-01").period()
    assert (start_, end_, errors) == ("2026-03-01T00:00:00.000000Z", "2026-03-02T00:00:00.000000Z", {})
    assert not LogFilter(org="nla").matches(Row(1, None))  # an unreadable entry has no organisation
    assert LogFilter().matches(Row(1, None))

    report = dpia.build_dpia([], 0, months)
    assert dpia.csv_rows(report)[-1] == ("total", "", "unreadable_entries", "0")
    assert safe_cell("=HYPERLINK(1)") == "'=HYPERLINK(1)"  # the one neutraliser, CLI and web (audit/report.py)


# -- in the browser ----------------------------------------------------------------------------------


@pytest.mark.browser
def test_table_officer_filters_the_log_checks_an_entry_and_reads_the_report(activity, page, tmp_path):  # noqa: F811
    cfg = officer_cfg(activity.fed, "tafel")
    with web.serving(lambda: role(cfg), announce=lambda url: None) as running:
        page.goto(running.login_url())
        expect(page.locator("h1")).to_contain_text("Auditlog")
        page.get_by_label("Actie (begint met)").fill("disclosure.")
        page.get_by_role("button", name="Filteren").click()
        expect(page.locator("table.audit-log tbody tr")).to_have_count(5)
        page.get_by_label("Actie (begint met)").fill("")
        page.get_by_role("button", name="Filteren").click()
        expect(page.locator(".count-line")).to_contain_text("regels gevonden")
        shot(page, "officer-log", tmp_path)

        page.locator("table.audit-log").get_by_role("link", name="controleer").last.click()
        expect(page.locator("#inclusion")).to_have_class(re.compile(r"\bpanel ok\b"))
        expect(page.locator("h1")).to_contain_text("Logregel 0")
        shot(page, "officer-entry", tmp_path)

        page.locator("header nav").get_by_role("link", name="DPIA-rapport").click()
        expect(page.locator("svg.chart")).to_have_count(5)
        expect(page.locator("table.report-partners tbody tr")).to_have_count(2)  # nla, vtgv
        expect(page.get_by_role("link", name="Download als CSV")).to_be_visible()
        shot(page, "officer-report", tmp_path)


@pytest.mark.browser
def test_officer_verification_panel_is_green_then_red_after_tampering(activity, page, tmp_path):  # noqa: F811
    fed = activity.fed
    cfg = officer_cfg(fed, "nla")
    with web.serving(lambda: role(cfg), announce=lambda url: None) as running:
        page.goto(running.login_url())
        page.locator("header nav").get_by_role("link", name="Controle").click()
        matcher, node = page.locator("#log-matcher"), page.locator("#log-node")
        expect(matcher).to_have_class(re.compile(r"\bpanel ok\b"))
        expect(node).to_have_class(re.compile(r"\bpanel ok\b"))
        expect(matcher.locator("h2")).to_contain_text("In orde")
        expect(matcher).to_contain_text("Ontvangstbewijzen van uw node")
        shot(page, "officer-verify-ok", tmp_path)

        index = batch_entry(fed, "nla")
        with rewritten(fed, index):
            page.get_by_role("button", name="Nu controleren").click()
            expect(page.locator(".notice")).to_contain_text("Controle uitgevoerd")
            expect(matcher).to_have_class(re.compile(r"\bpanel bad\b"))
            expect(matcher.locator("h2")).to_contain_text("Controle mislukt")
            expect(matcher.locator("table.findings")).to_contain_text(f"logregel {index}")
            expect(matcher.locator("table.findings")).to_contain_text("is gewijzigd")
            expect(node).to_have_class(re.compile(r"\bpanel ok\b"))  # the node's own log is untouched
            shot(page, "officer-verify-bad", tmp_path)

        page.get_by_role("button", name="Nu controleren").click()
        expect(matcher).to_have_class(re.compile(r"\bpanel ok\b"))


def test_verification_is_full_and_new_entries_only_is_an_option(activity):
    """The table's officer (no receipts) after an OLD entry's bytes were changed with its leaf hash
    left alone: "alleen nieuwe regels" (snel=1) lists only newer entries and the tree is intact, so it
    stays green (the documented limit); "Nu controleren" lists all and names it."""
    fed = activity.fed
    index = batch_entry(fed, "nla")
    with client_of(officer_cfg(fed, "tafel")) as client:
        csrf = csrf_of(client.get("/audit").text)
        assert client.post("/audit/controle", data={"csrf": csrf}).status_code == 303  # stores a verified size
        with rewritten(fed, index):
            assert client.post("/audit/controle", data={"csrf": csrf, "snel": "1"}).status_code == 303
            panel = client.get("/audit/controle").text
            assert 'class="panel ok" id="log-matcher"' in panel
            assert client.post("/audit/controle", data={"csrf": csrf}).status_code == 303
            panel = client.get("/audit/controle").text
            assert 'class="panel bad" id="log-matcher"' in panel and f"logregel {index}" in panel
        assert client.post("/audit/controle", data={"csrf": csrf}).status_code == 303
        assert 'class="panel ok" id="log-matcher"' in client.get("/audit/controle").text
