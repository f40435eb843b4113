"""Sessions, CSRF tokens, Host checks and response headers of the local web consoles (pure, no I/O).

The console runs on the user's own machine on 127.0.0.1. What it defends against:

* another local user or a web page in the same browser using the console: a session starts only
  with a one-time login token printed on the terminal of whoever started the console; the session
  cookie is HttpOnly and SameSite=Strict; every form carries a per-session CSRF token that is
  compared in constant time, and POSTs from another origin are refused;
* DNS rebinding (a hostile page re-pointing its own name at 127.0.0.1): the Host header must be
  exactly the console's own 127.0.0.1:PORT or localhost:PORT;
* injected content: a strict Content-Security-Policy without inline script or style, no framing;
* a machine left unattended: sessions end after an idle timeout.
"""

from __future__ import annotations

import hmac
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

COOKIE = "signalmatch_session"
TOKEN_BYTES = 32
LOGIN_TOKEN_TTL = 15 * 60  # seconds a one-time login link printed on the terminal stays valid

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'none'",
        "style-src 'self'",
        "img-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
    )
)

HEADERS = {
    "content-security-policy": CONTENT_SECURITY_POLICY,
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",  # "no-referrer" would make Chromium send "Origin: null" on POSTs
    "cache-control": "no-store",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
}


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def cookie_name(port: int) -> str:
    """The session cookie of the console on `port`: browsers share cookies between the ports of
    127.0.0.1, so consoles side by side (chair and officer, the demo) need names of their own."""
    return f"{COOKIE}_{port}"


def same_token(given: str | None, expected: str) -> bool:
    return given is not None and hmac.compare_digest(given.encode(), expected.encode())


def allowed_hosts(port: int) -> frozenset[str]:
    return frozenset({f"127.0.0.1:{port}", f"localhost:{port}"})


def origin_allowed(origin: str | None, port: int) -> bool:
    """A POST's Origin header, when the browser sends one, must be the console itself."""
    if origin is None:
        return True
    return origin in {f"http://{host}" for host in allowed_hosts(port)}


@dataclass
class Session:
    id: str
    csrf: str
    language: str
    last_seen: float
    notice: str = ""  # one message shown on the next page (e.g. "status saved")
    seen: dict[str, str] = field(default_factory=dict)  # small per-session state of the role's pages


class SessionStore:
    """Sessions in memory (they end with the process) and the one-time login tokens that open them.

    A login token is valid for LOGIN_TOKEN_TTL seconds by `clock` (a link left in a terminal's
    scroll-back does not open the console hours later; "show a new link" prints a fresh one)."""

    def __init__(self, idle_timeout: float, language: str, clock: Callable[[], float] = time.monotonic):
        self.idle_timeout = idle_timeout
        self.language = language
        self.clock = clock
        self._sessions: dict[str, Session] = {}
        self._login_tokens: dict[str, float] = {}  # token -> when issued (by self.clock)
        self._lock = threading.Lock()

    def issue_login_token(self) -> str:
        token = new_token()
        with self._lock:
            now = self.clock()
            self._login_tokens = {t: at for t, at in self._login_tokens.items() if now - at <= LOGIN_TOKEN_TTL}
            self._login_tokens[token] = now
        return token

    def redeem(self, token: str | None, now: float) -> Session | None:
        """A new session (last seen `now`) for a valid login token, which is used up; None for
        anything else, an expired token included."""
        with self._lock:
            match = next((t for t in self._login_tokens if same_token(token, t)), None)
            if match is None:
                return None
            issued = self._login_tokens.pop(match)
            if self.clock() - issued > LOGIN_TOKEN_TTL:
                return None
            session = Session(id=new_token(), csrf=new_token(), language=self.language, last_seen=now)
            self._sessions[session.id] = session
            return session

    def get(self, session_id: str | None, now: float) -> tuple[Session | None, bool]:
        """(session, expired): the live session of a cookie value, touched; expired ones are ended."""
        if not session_id:
            return None, False
        with self._lock:
            session = self._sessions.get(session_id)
            if session is None:
                return None, False
            if now - session.last_seen > self.idle_timeout:
                del self._sessions[session_id]
                return None, True
            session.last_seen = now
            return session, False

    def end(self, session_id: str) -> None:
        with self._lock:
            self._sessions.pop(session_id, None)
