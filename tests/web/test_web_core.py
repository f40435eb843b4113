"""The web consoles' shared core (console/web/app.py, security.py): sessions, CSRF, Host and Origin
checks, headers, idle timeout, language and error pages — with a small role defined here."""

from __future__ import annotations

import http.client

import grpc
import pytest
from starlette.requests import Request
from starlette.routing import Route
from starlette.testclient import TestClient

from signalmatch import i18n
from signalmatch.cli import main
from signalmatch.console.web import app as web
from signalmatch.console.web import security
from signalmatch.v1 import hits_pb2, hits_pb2_grpc

PORT = 8999
BASE = f"http://127.0.0.1:{PORT}"
SECRET = "Jansen-geheim-1234"


async def page(request: Request):
    return web.render(request, "error.html", message=SECRET)


async def save(request: Request):
    form = await request.form()
    return web.redirect("/pagina", notice=f"opgeslagen {len(form['value'])}", request=request)


async def broken(request: Request):
    raise ValueError(f"invalid literal: {request.query_params.get('naam', '')}")


async def unreachable(request: Request):
    """A real gRPC call to a port where nothing listens: UNAVAILABLE."""
    with grpc.insecure_channel("127.0.0.1:9") as channel:
        stub = hits_pb2_grpc.HitServiceStub(channel)
        await web.call(stub.ListHits, hits_pb2.ListHitsRequest(), timeout=5)


def role() -> web.RoleConsole:
    return web.RoleConsole(
        role="test",
        title="web.error.title",
        who="web.back",
        home="/pagina",
        nav=(web.NavItem("/pagina", "web.back"),),
        routes=[
            Route("/pagina", page),
            Route("/opslaan", save, methods=["POST"]),
            Route("/weg", unreachable),
            Route("/kapot", broken),
        ],
    )


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


@pytest.fixture
def console():
    clock = Clock()
    announced: list[str] = []
    sessions = security.SessionStore(idle_timeout=600, language="nl")
    asgi = web.create_app(role(), port=PORT, sessions=sessions, announce=announced.append, clock=clock)
    client = TestClient(asgi, base_url=BASE, follow_redirects=False)
    return client, sessions, clock, announced


def signed_in(client: TestClient, sessions: security.SessionStore) -> str:
    response = client.get(f"/login?token={sessions.issue_login_token()}")
    assert response.status_code == 303 and response.headers["location"] == "/pagina"
    page = client.get("/pagina").text
    return page.split('name="csrf" value="')[1].split('"')[0]


def test_pages_need_a_session_from_a_one_time_token(console):
    client, sessions, _, _ = console
    assert client.get("/pagina").headers["location"] == "/afgemeld"
    assert client.get("/login?token=guess").headers["location"] == "/afgemeld"
    token = sessions.issue_login_token()
    first = client.get(f"/login?token={token}")
    cookie = first.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/" in cookie
    assert SECRET in client.get("/pagina").text
    other = TestClient(client.app, base_url=BASE, follow_redirects=False)
    assert other.get(f"/login?token={token}").headers["location"] == "/afgemeld"  # used up
    assert other.get("/pagina").status_code == 303


def test_every_response_has_the_security_headers(console):
    client, sessions, _, _ = console
    for response in (client.get("/afgemeld"), client.get("/static/style.css"), client.get("/pagina")):
        assert response.headers["content-security-policy"] == security.CONTENT_SECURITY_POLICY
        assert "script-src" not in response.headers["content-security-policy"]  # default-src 'none'
        assert response.headers["x-frame-options"] == "DENY"
        assert response.headers["referrer-policy"] == "same-origin"
        assert response.headers["cache-control"] == "no-store"


def test_host_header_must_be_the_console_itself(console):
    client, sessions, _, _ = console
    signed_in(client, sessions)
    for host in ("evil.example", f"evil.example:{PORT}", f"127.0.0.1:{PORT + 1}", "127.0.0.1"):
        response = client.get("/pagina", headers={"host": host})
        assert response.status_code == 421, host
        assert SECRET not in response.text
    assert client.get("/pagina", headers={"host": f"localhost:{PORT}"}).status_code == 200


def test_posts_need_the_session_csrf_token_and_origin(console):
    client, sessions, _, _ = console
    csrf = signed_in(client, sessions)
    assert client.post("/opslaan", data={"value": "x"}).status_code == 403
    assert client.post("/opslaan", data={"value": "x", "csrf": "wrong"}).status_code == 403
    assert "CSRF" in client.post("/opslaan", data={"value": "x", "csrf": ""}).text
    for origin in ("http://evil.example", "null", f"http://127.0.0.1:{PORT + 1}"):
        forged = client.post("/opslaan", data={"value": "x", "csrf": csrf}, headers={"origin": origin})
        assert forged.status_code == 403, origin
    json_body = client.post("/opslaan", json={"value": "x", "csrf": csrf})
    assert json_body.status_code == 415
    huge = client.post("/opslaan", data={"value": "x" * (web.MAX_FORM_BYTES + 1), "csrf": csrf})
    assert huge.status_code == 413
    ok = client.post("/opslaan", data={"value": "abc", "csrf": csrf}, headers={"origin": BASE})
    assert ok.status_code == 303 and ok.headers["location"] == "/pagina"
    assert "opgeslagen 3" in client.get("/pagina").text
    assert "opgeslagen" not in client.get("/pagina").text  # a notice is shown once


def test_another_sessions_token_does_not_pass(console):
    client, sessions, _, _ = console
    signed_in(client, sessions)
    other = TestClient(client.app, base_url=BASE, follow_redirects=False)
    other_csrf = signed_in(other, sessions)
    assert client.post("/opslaan", data={"value": "x", "csrf": other_csrf}).status_code == 403


def test_idle_sessions_end(console):
    client, sessions, clock, _ = console
    signed_in(client, sessions)
    clock.now += 599
    assert client.get("/pagina").status_code == 200  # activity renews the session
    clock.now += 601
    response = client.get("/pagina")
    assert response.headers["location"] == "/afgemeld?verlopen=1"
    assert "10 minuten zonder activiteit" in client.get("/afgemeld?verlopen=1").text
    assert client.get("/pagina").headers["location"] == "/afgemeld"  # gone for good


def test_language_switch_and_no_open_redirect(console):
    client, sessions, _, _ = console
    csrf = signed_in(client, sessions)
    assert "Er ging iets mis" in client.get("/pagina").text
    response = client.post("/taal", data={"csrf": csrf, "language": "en", "next": "//evil.example/x"})
    assert response.headers["location"] == "/"
    # A browser strips tabs and newlines from a URL: "/\t/evil.example" would be "//evil.example".
    for forged in ("/\t/evil.example", "/\n/evil.example", "/\\evil.example", "https://evil.example", "/a/../b"):
        response = client.post("/taal", data={"csrf": csrf, "language": "en", "next": forged})
        assert response.headers["location"] == "/", forged
    assert client.post("/taal", data={"csrf": csrf, "next": "/pagina"}).headers["location"] == "/pagina"
    assert "Something went wrong" in client.get("/pagina").text
    assert i18n.language() == "nl"  # the session's language does not leak into the process


def test_signout_ends_the_session(console):
    client, sessions, _, _ = console
    csrf = signed_in(client, sessions)
    assert client.post("/afmelden", data={"csrf": csrf}).headers["location"] == "/afgemeld"
    assert client.get("/pagina").headers["location"] == "/afgemeld"


def test_new_login_link_goes_to_the_terminal_only(console):
    client, sessions, clock, announced = console
    page = client.post("/login/nieuw")
    assert page.status_code == 200 and "terminalvenster" in page.text
    assert len(announced) == 1 and announced[0].startswith(f"{BASE}/login?token=")
    assert announced[0].split("token=")[1] not in page.text
    client.post("/login/nieuw")
    assert len(announced) == 1  # at most one per NEW_LINK_INTERVAL
    clock.now += web.NEW_LINK_INTERVAL
    client.post("/login/nieuw")
    assert len(announced) == 2
    assert client.get(announced[1].removeprefix(BASE)).headers["location"] == "/pagina"


def test_errors_are_pages_without_stack_traces(console):
    client, sessions, _, _ = console
    signed_in(client, sessions)
    response = client.get("/weg")
    assert response.status_code == 503
    assert "niet bereikbaar" in response.text and "Traceback" not in response.text
    missing = client.get("/bestaat-niet")
    assert missing.status_code == 404 and "bestaat niet" in missing.text


def test_real_server_on_loopback_refuses_foreign_hosts():
    with web.serving(role, announce=lambda url: None) as running:
        port = int(running.url.rsplit(":", 1)[1])
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.request("GET", "/afgemeld", headers={"Host": "rebind.example"})
        assert conn.getresponse().status == 421
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.request("GET", running.login_url().removeprefix(running.url))
        response = conn.getresponse()
        assert response.status == 303 and response.getheader("location") == "/pagina"
        assert "server" not in {k.lower() for k, _ in response.getheaders()}


def test_cli_refuses_configs_without_a_console_and_bad_ports(federation, capsys):
    assert main(["console", "--config", str(federation.matcher_config_path())]) == 2
    assert "niet voor matcher" in capsys.readouterr().out
    with pytest.raises(SystemExit) as exc:
        main(["console", "--config", "x.toml", "--port", "70000"])
    assert exc.value.code == 2
    assert "--port" in capsys.readouterr().err


def test_an_unexpected_error_is_a_page_and_nothing_of_the_request_is_logged(console, caplog):
    client, sessions, _, _ = console  # the TestClient raises what reaches the server (uvicorn logs it)
    signed_in(client, sessions)
    with caplog.at_level("DEBUG"):
        response = client.get("/kapot", params={"naam": SECRET})
    assert response.status_code == 500 and "Onverwachte fout (ValueError)" in response.text
    logged = "\n".join(r.getMessage() for r in caplog.records if not r.name.startswith("httpx"))  # the client's own
    assert SECRET not in response.text and SECRET not in logged
    assert "ValueError" in logged


def test_only_get_head_and_post_are_answered(console):
    client, sessions, _, _ = console
    csrf = signed_in(client, sessions)
    for method in ("PUT", "DELETE", "PATCH", "OPTIONS", "TRACE"):
        response = client.request(method, "/opslaan", data={"value": "x", "csrf": csrf})
        assert response.status_code == 405, method
        assert "opgeslagen" not in client.get("/pagina").text
    assert client.head("/pagina").status_code == 200


def test_dot_segments_cannot_step_out_of_the_public_paths():
    """Over the wire, as sent (an HTTP client library would resolve ".." itself)."""
    with web.serving(role, announce=lambda url: None) as running:
        port = int(running.url.rsplit(":", 1)[1])

        def get(path: str, cookie: str = "") -> tuple[int, bytes]:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            conn.request("GET", path, headers={"Cookie": cookie} if cookie else {})
            response = conn.getresponse()
            return response.status, response.read()

        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.request("GET", running.login_url().removeprefix(running.url))
        cookie = conn.getresponse().getheader("set-cookie").split(";")[0]
        assert get("/pagina", cookie)[0] == 200
        for path in ("/static/../pagina", "/static/x/../../pagina", "/afgemeld/../pagina", "/static//pagina", "/./pagina"):
            for with_cookie in ("", cookie):
                status, body = get(path, with_cookie)
                assert status == 404 and SECRET.encode() not in body, (path, with_cookie)
    assert web.plain_path("/signalen/") and not web.plain_path("/a/./b")


def test_consoles_side_by_side_in_one_browser_keep_their_sessions():
    """Browsers share cookies across the ports of 127.0.0.1 (the demo serves four consoles)."""
    jar: dict[str, str] = {}  # one browser: one cookie jar for the host, whatever the port
    consoles = []
    for port in (PORT, PORT - 1):
        sessions = security.SessionStore(600, "nl")
        asgi = web.create_app(role(), port=port, sessions=sessions, announce=lambda url: None)
        client = TestClient(asgi, base_url=f"http://127.0.0.1:{port}", follow_redirects=False)
        client.get(f"/login?token={sessions.issue_login_token()}")
        jar.update(client.cookies.items())
        consoles.append(client)
    for client in consoles:
        client.cookies.clear()
        for name, value in jar.items():
            client.cookies.set(name, value)
        assert SECRET in client.get("/pagina").text


def test_signing_in_again_ends_the_previous_session(console):
    client, sessions, _, _ = console
    signed_in(client, sessions)
    old = client.cookies[security.cookie_name(PORT)]
    signed_in(client, sessions)
    assert client.cookies[security.cookie_name(PORT)] != old
    assert sessions.get(old, 1000.0) == (None, False)


def test_a_login_link_expires():
    clock = Clock()
    sessions = security.SessionStore(600, "nl", clock)
    stale, fresh = sessions.issue_login_token(), None
    clock.now += security.LOGIN_TOKEN_TTL + 1
    fresh = sessions.issue_login_token()
    assert sessions.redeem(stale, clock.now) is None
    assert sessions.redeem(fresh, clock.now) is not None
    assert sessions.redeem(fresh, clock.now) is None  # used up


def test_whole_numbers_from_parameters():
    for text in ("abc", "", "\u00b2", "\u0663", "-3", "0", "1e3", "1" * 5000, "100001", "4.5"):
        assert web.whole_number(text, 1, 100_000) == 1, text
    assert web.whole_number(" 7 ", 1, 100_000) == 7
    assert web.whole_number("100000", 1, 100_000) == 100_000
