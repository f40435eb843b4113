"""The web consoles' shared core: one Starlette app per role (chair, node staff, privacy officer).

A console runs on the user's own machine, on 127.0.0.1, and is a gRPC client of the node or the
matcher with the user's own certificate; private keys and decrypted disclosures stay here. Pages are
rendered on the server (Jinja2, autoescaped), with no JavaScript and only local assets.

Role modules (console/web/chair.py, node.py, officer.py) build a :class:`RoleConsole`: their routes,
navigation and identity. Everything else lives here and applies to every route:

* the Host check, the session check and the idle timeout (``/login`` with the one-time token
  printed on the terminal opens a session; the token expires after security.LOGIN_TOKEN_TTL);
* only GET, HEAD and POST, and only paths without "." or ".." segments (what is routed is what
  was checked); the session cookie is named per port (consoles side by side in one browser);
* CSRF: every POST must carry the session's token in the form field ``csrf`` — checked here, before
  any handler runs, so a role module cannot forget it; POSTs from another Origin are refused;
* security headers (see security.HEADERS), no caching;
* the session's language for every message rendered (Dutch by default, English via the switch);
* errors as pages in the user's language, never a stack trace; nothing of a request's content is
  logged (an exception is logged by its type only, and not handed on to the server's logger).

Parameters from query strings, forms and paths are parsed with :func:`whole_number` and
:func:`path_number`: anything odd is a default or a 404, never a 500.
"""

from __future__ import annotations

import logging
import re
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import grpc
import jinja2
import uvicorn
from google.rpc import error_details_pb2
from grpc_status import rpc_status
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from signalmatch import i18n
from signalmatch.console.web import security
from signalmatch.errors import SignalmatchError

log = logging.getLogger("signalmatch.console")

HERE = Path(__file__).parent
MAX_FORM_BYTES = 64 * 1024
DEFAULT_IDLE_TIMEOUT = 15 * 60  # seconds
PUBLIC_PATHS = ("/login", "/login/nieuw", "/afgemeld")
METHODS = ("GET", "HEAD", "POST")  # POST is the only method that changes anything
_LOCAL_PATH = re.compile(r"/[A-Za-z0-9._~/-]*")
NEW_LINK_INTERVAL = 5.0  # seconds between two new login links printed on the terminal


@dataclass(frozen=True)
class NavItem:
    path: str
    label: str  # i18n key


@dataclass
class RoleConsole:
    """What a role module contributes: its pages and how the console presents the user."""

    role: str  # "chair" | "node" | "officer"
    title: str  # i18n key of the console's name
    who: str  # i18n key of the signed-in identity as shown (e.g. "voorzitter {name}"), with `who_args`
    home: str  # path of the first page
    nav: tuple[NavItem, ...]
    routes: list[Route]
    service: str = "web.service.matcher"  # i18n key of the gRPC service it talks to, for errors
    context: dict[str, Any] = field(default_factory=dict)  # extra template globals of the role
    who_args: dict[str, str] = field(default_factory=dict)

    def identity(self) -> str:
        """Who is signed in, in the current language."""
        return i18n.t(self.who, **self.who_args)


# -- rendering ---------------------------------------------------------------------------------------

_templates = jinja2.Environment(
    loader=jinja2.FileSystemLoader(HERE / "templates"),
    autoescape=jinja2.select_autoescape(("html",), default=True),
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
_templates.globals["t"] = i18n.t


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    """A page in the session's language; `context` plus the console, session and CSRF token."""
    console: RoleConsole = request.app.state.console
    session: security.Session | None = getattr(request.state, "session", None)
    notice = ""
    if session is not None and session.notice:
        notice, session.notice = session.notice, ""
    path = request.url.path
    current = max(
        (item.path for item in console.nav if path == item.path or path.startswith(item.path.rstrip("/") + "/")),
        key=len,
        default="",
    )
    html = _templates.get_template(template).render(
        console=console,
        current_nav=current,
        session=session,
        csrf=session.csrf if session else "",
        language=i18n.language(),
        languages=i18n.LANGUAGES,
        path=path,
        notice=notice,
        **console.context,
        **context,
    )
    return HTMLResponse(html, status_code=status_code)


def redirect(path: str, notice: str = "", request: Request | None = None) -> RedirectResponse:
    """303 See Other to a page of this console, optionally with a notice shown there once."""
    if notice and request is not None and getattr(request.state, "session", None) is not None:
        request.state.session.notice = notice
    return RedirectResponse(local_path(path), status_code=303)


def local_path(path: str) -> str:
    """`path` if it is a plain path of this console, else "/" (no open redirects: no scheme, no
    "//host", no backslash, no control characters a browser would strip, no query string)."""
    if not _LOCAL_PATH.fullmatch(path) or path.startswith("//") or not plain_path(path):
        return "/"
    return path


def plain_path(path: str) -> bool:
    """No "." or ".." segment and no empty segment but a trailing slash: the path as routed is the
    path as checked (the Guard's public prefixes cannot be stepped out of)."""
    segments = path.split("/")[1:]
    return not any(s in (".", "..") for s in segments) and "" not in segments[:-1]


def whole_number(text: str, default: int, maximum: int, minimum: int = 1) -> int:
    """A query or form parameter as a whole number from `minimum` to `maximum`; `default` for
    anything else ("abc", "²", "-3", "1e3", a thousand digits)."""
    text = text.strip()
    if not (text.isascii() and text.isdigit()) or len(text) > len(str(maximum)):
        return default
    number = int(text)
    return number if minimum <= number <= maximum else default


def path_number(request: Request, name: str, digits: int = 18) -> int:
    """A numeric path parameter (an opaque id or index); 404 for anything else or anything longer
    than `digits` (int64 ids)."""
    text = request.path_params[name]
    if not (text.isascii() and text.isdigit() and len(text) <= digits):
        raise HTTPException(404)
    return int(text)


async def call(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Run a blocking gRPC call off the event loop, in the request's language context."""
    return await run_in_threadpool(fn, *args, **kwargs)


def field_errors(err: grpc.RpcError) -> dict[str, str]:
    """The field violations of an INVALID_ARGUMENT as {field path: message}, else {}.

    A server words its messages in its own language; where the rule's message is known here and
    needs no values, it is given in the session's language instead."""
    if not hasattr(err, "trailing_metadata") or err.code() != grpc.StatusCode.INVALID_ARGUMENT:
        return {}
    status = rpc_status.from_call(err)
    errors: dict[str, str] = {}
    for detail in status.details if status else ():
        if detail.Is(error_details_pb2.BadRequest.DESCRIPTOR):
            bad = error_details_pb2.BadRequest()
            detail.Unpack(bad)
            for v in bad.field_violations:
                rule, _, text = v.description.partition(": ")
                try:
                    text = i18n.t(rule)
                except (KeyError, IndexError):  # not known here, or it needs the server's values
                    text = text or rule
                errors.setdefault(v.field, text)
    return errors


def rpc_message(request: Request, err: grpc.RpcError) -> tuple[int, str]:
    """(HTTP status, message in the user's language) for a failed gRPC call."""
    code = err.code() if hasattr(err, "code") else grpc.StatusCode.UNKNOWN
    details = (err.details() if hasattr(err, "details") else "") or ""
    errors = field_errors(err)
    if errors:
        details = "; ".join(f"{k}: {v}" for k, v in errors.items())
    if code in (grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED):
        service = i18n.t(request.app.state.console.service)
        return 503, i18n.t("web.error.unavailable", service=service)
    if code in (grpc.StatusCode.PERMISSION_DENIED, grpc.StatusCode.UNAUTHENTICATED):
        return 403, i18n.t("web.error.denied", details=details)
    if code == grpc.StatusCode.NOT_FOUND:
        return 404, i18n.t("web.error.not_found", details=details)
    status = {grpc.StatusCode.INVALID_ARGUMENT: 400, grpc.StatusCode.FAILED_PRECONDITION: 409}.get(code, 502)
    return status, i18n.t("web.error.other", details=details)


def error_page(request: Request, status: int, message: str) -> HTMLResponse:
    return render(request, "error.html", status_code=status, message=message)


# -- routes every console has ------------------------------------------------------------------------


async def login(request: Request) -> Response:
    sessions: security.SessionStore = request.app.state.sessions
    session = sessions.redeem(request.query_params.get("token"), request.app.state.clock())
    if session is None:
        return redirect("/afgemeld")
    cookie = security.cookie_name(request.app.state.port)
    previous = request.cookies.get(cookie)
    if previous:  # signing in again: the old session ends (no two live sessions in one browser)
        sessions.end(previous)
    response = redirect(request.app.state.console.home)
    response.set_cookie(cookie, session.id, httponly=True, samesite="strict", path="/")
    log.info("session started")
    return response


async def signed_out(request: Request) -> Response:
    expired = request.query_params.get("verlopen") == "1"
    minutes = int(request.app.state.sessions.idle_timeout // 60)
    return render(request, "signed_out.html", expired=expired, minutes=minutes, new_link=False)


async def new_login_link(request: Request) -> Response:
    """Print a fresh one-time link on the console's terminal (never in the page: only whoever sees
    that terminal may sign in)."""
    state = request.app.state
    now = state.clock()
    if now - state.last_new_link >= NEW_LINK_INTERVAL:
        state.last_new_link = now
        state.announce(state.login_url(state.sessions.issue_login_token()))
    minutes = int(state.sessions.idle_timeout // 60)
    return render(request, "signed_out.html", expired=False, minutes=minutes, new_link=True)


async def set_language(request: Request) -> Response:
    form = await request.form()
    language = str(form.get("language", ""))
    if language in i18n.LANGUAGES:
        request.state.session.language = language
    return redirect(str(form.get("next", "/")))


async def logout(request: Request) -> Response:
    request.app.state.sessions.end(request.state.session.id)
    response = redirect("/afgemeld")
    response.delete_cookie(security.cookie_name(request.app.state.port), path="/")
    return response


async def home(request: Request) -> Response:
    return redirect(request.app.state.console.home)


# -- middleware ---------------------------------------------------------------------------------------


class Guard:
    """Host check, method and path checks, session, idle timeout, CSRF/Origin on POST, language,
    security headers; an exception a handler let through ends here (logged by its type only)."""

    def __init__(self, app: ASGIApp, port: int, sessions: security.SessionStore, clock: Callable[[], float]):
        self.app = app
        self.hosts = security.allowed_hosts(port)
        self.port = port
        self.cookie = security.cookie_name(port)
        self.sessions = sessions
        self.clock = clock

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        started = False

        async def send_secured(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = [(k, v) for k, v in message.get("headers", []) if k.decode().lower() not in security.HEADERS]
                headers += [(k.encode(), v.encode()) for k, v in security.HEADERS.items()]
                message = {**message, "headers": headers}
            await send(message)

        try:
            await self._guarded(scope, receive, send_secured)
        except Exception as exc:
            # Starlette re-raises what it showed as an error page (logged there); uvicorn would log
            # the traceback, whose message may quote a request's content. It ends here.
            if not started:
                log.error("request failed: %s", type(exc).__name__)
                await PlainTextResponse(i18n.t("web.error.title"), status_code=500)(scope, receive, send_secured)

    async def _guarded(self, scope: Scope, receive: Receive, send_secured: Send) -> None:
        request = Request(scope)
        if request.headers.get("host") not in self.hosts:
            await PlainTextResponse(i18n.t("web.host.refused"), status_code=421)(scope, receive, send_secured)
            return
        path = scope["path"]
        session, expired = self.sessions.get(request.cookies.get(self.cookie), self.clock())
        language = session.language if session else self.sessions.language
        with i18n.using(language):
            scope.setdefault("state", {})["session"] = session
            if scope["method"] not in METHODS:
                await self._refuse(scope, receive, send_secured, "web.method.refused", 405)
                return
            if not plain_path(path):
                await self._refuse(scope, receive, send_secured, "web.page_not_found", 404)
                return
            if scope["method"] == "POST" and not security.origin_allowed(request.headers.get("origin"), self.port):
                await self._refuse(scope, receive, send_secured, "web.origin.refused", 403)
                return
            if path.startswith("/static/") or path in PUBLIC_PATHS:
                await self.app(scope, receive, send_secured)
                return
            if session is None:
                target = "/afgemeld?verlopen=1" if expired else "/afgemeld"
                await RedirectResponse(target, status_code=303)(scope, receive, send_secured)
                return
            if scope["method"] == "POST":
                body = await _read_body(receive)
                if body is None:
                    await self._refuse(scope, receive, send_secured, "web.form.too_large", 413)
                    return
                content_type = request.headers.get("content-type", "").split(";")[0].strip()
                if content_type != "application/x-www-form-urlencoded":
                    await self._refuse(scope, receive, send_secured, "web.form.type", 415)
                    return
                fields = dict(parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))
                if not security.same_token(fields.get("csrf"), session.csrf):
                    log.warning("form refused: CSRF token missing or wrong")
                    await self._refuse(scope, receive, send_secured, "web.csrf.refused", 403)
                    return
                receive = _replay(body)
            await self.app(scope, receive, send_secured)

    @staticmethod
    async def _refuse(scope: Scope, receive: Receive, send: Send, key: str, status: int) -> None:
        await PlainTextResponse(i18n.t(key), status_code=status)(scope, receive, send)


async def _read_body(receive: Receive) -> bytes | None:
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return b"".join(chunks)
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > MAX_FORM_BYTES:
            return None
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)


def _replay(body: bytes) -> Receive:
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return receive


# -- the app ------------------------------------------------------------------------------------------


def create_app(
    console: RoleConsole,
    *,
    port: int,
    sessions: security.SessionStore,
    announce: Callable[[str], None] = print,
    clock: Callable[[], float] = time.monotonic,
) -> ASGIApp:
    """The console's ASGI app for a server on 127.0.0.1:`port`."""

    async def not_found(request: Request, exc: Exception) -> Response:
        return error_page(request, 404, i18n.t("web.page_not_found"))

    async def rpc_failed(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, grpc.RpcError)
        status, message = rpc_message(request, exc)
        log.warning("gRPC call failed: %s", exc.code() if hasattr(exc, "code") else "?")
        return error_page(request, status, message)

    async def domain_failed(request: Request, exc: Exception) -> Response:
        return error_page(request, 400, str(exc))

    async def internal(request: Request, exc: Exception) -> Response:
        log.error("unexpected %s in %s", type(exc).__name__, request.scope.get("route", None) and request.scope["route"].path)
        return error_page(request, 500, i18n.t("web.error.internal", kind=type(exc).__name__))

    routes = [
        Route("/", home),
        Route("/login", login),
        Route("/login/nieuw", new_login_link, methods=["POST"]),
        Route("/afgemeld", signed_out),
        Route("/taal", set_language, methods=["POST"]),
        Route("/afmelden", logout, methods=["POST"]),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
        *console.routes,
    ]
    app = Starlette(
        routes=routes,
        exception_handlers={404: not_found, grpc.RpcError: rpc_failed, SignalmatchError: domain_failed, Exception: internal},
    )
    app.state.console = console
    app.state.port = port
    app.state.sessions = sessions
    app.state.clock = clock
    app.state.announce = announce
    app.state.last_new_link = float("-inf")
    app.state.login_url = lambda token: f"http://127.0.0.1:{port}/login?token={token}"
    return Guard(app, port, sessions, clock)


# -- serving ------------------------------------------------------------------------------------------


def bind(port: int = 0) -> socket.socket:
    """A listening socket on 127.0.0.1 only (port 0: any free port)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", port))
    sock.listen(64)
    return sock


@dataclass
class Running:
    """A console being served: its base URL and how to sign in (for the CLI and for tests)."""

    url: str
    sessions: security.SessionStore
    app: ASGIApp
    console: RoleConsole

    def login_url(self) -> str:
        return f"{self.url}/login?token={self.sessions.issue_login_token()}"


def _server(app: ASGIApp) -> uvicorn.Server:
    config = uvicorn.Config(
        app,
        log_level="warning",
        log_config=None,  # uvicorn's own lines go through signalmatch.logs (JSON or text) too
        access_log=False,
        server_header=False,
        date_header=False,
        lifespan="off",
        timeout_graceful_shutdown=5,  # SIGTERM: requests in flight get 5 s
    )
    return uvicorn.Server(config)


def prepare(
    build: Callable[[], RoleConsole],
    *,
    port: int = 0,
    idle_timeout: float = DEFAULT_IDLE_TIMEOUT,
    language: str = "nl",
    announce: Callable[[str], None] = print,
    clock: Callable[[], float] = time.monotonic,
) -> tuple[socket.socket, Running]:
    sock = bind(port)
    bound = sock.getsockname()[1]
    sessions = security.SessionStore(idle_timeout, language, clock)
    console = build()
    app = create_app(console, port=bound, sessions=sessions, announce=announce, clock=clock)
    return sock, Running(url=f"http://127.0.0.1:{bound}", sessions=sessions, app=app, console=console)


def serve_forever(sock: socket.socket, running: Running) -> None:
    """Serve until Ctrl-C / SIGTERM (uvicorn's own signal handling)."""
    _server(running.app).run(sockets=[sock])


@contextmanager
def serving(build: Callable[[], RoleConsole], **options: Any) -> Iterator[Running]:
    """Serve a console in a background thread (tests, the demo) until the block ends."""
    sock, running = prepare(build, **options)
    server = _server(running.app)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, name="console-web", daemon=True)
    thread.start()
    try:
        while not server.started:
            if not thread.is_alive():
                raise RuntimeError("the console's web server did not start")
            time.sleep(0.01)
        yield running
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()

