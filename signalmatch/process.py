"""How every server process runs as a service: the gRPC server with metrics, request ids, health
and reflection; the plaintext metrics and health ports; readiness; and a graceful stop.

:class:`ServiceHost` is the part the matcher, the keyholder and the nodes share.
:func:`serve_until_signalled` is their main loop: start, print the ready line the demo and tests
wait for, and on SIGTERM/SIGINT stop gracefully — every health status turns NOT_SERVING, the
server accepts no new calls, calls in flight get ``shutdown_grace_seconds`` to finish, background
work stops and the stores are closed (flushed) — then return, so the command exits 0.
"""

from __future__ import annotations

import fcntl
import importlib.metadata
import json
import logging
import signal
import socket
import socketserver
import threading
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import grpc
from grpc_health.v1 import health as grpc_health
from prometheus_client import make_wsgi_app

from signalmatch import config, i18n, metrics, transport
from signalmatch.errors import SignalmatchError
from signalmatch.health import Check, Readiness

log = logging.getLogger(__name__)

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


class Process(Protocol):
    def start(self) -> None: ...
    def stop(self) -> None: ...
    def wait(self) -> None: ...


def serve_until_signalled(process: Process, ready: str) -> None:
    """Start `process`, print `ready` (the line the demo and tests wait for) and block until a
    SIGTERM/SIGINT has stopped it; stopping runs in its own thread, off the signal handler."""
    process.start()

    def on_signal(number: int, _frame: object) -> None:
        log.info("%s: stopping", signal.Signals(number).name, extra={"event": "shutdown.requested"})
        threading.Thread(target=process.stop, name="shutdown").start()

    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, on_signal)
    print(ready, flush=True)
    process.wait()
    log.info("stopped", extra={"event": "shutdown.finished"})


# -- plaintext HTTP (metrics, health) ------------------------------------------------------------


class _Quiet(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        """No access log: scrapes every few seconds would bury the process's own log."""


class _ThreadingServer(socketserver.ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _ThreadingServer6(_ThreadingServer):
    address_family = socket.AF_INET6


class HttpPort:
    """A small threaded WSGI server on `listen` (host:port; port 0 picks a free one)."""

    def __init__(self, listen: str, app: WsgiApp, name: str):
        host, port = config.split_address(listen)
        server_class = _ThreadingServer6 if ":" in host else _ThreadingServer
        self.server = make_server(host, port, app, server_class=server_class, handler_class=_Quiet)
        self.port = self.server.server_port
        self.address = f"[{host}]:{self.port}" if ":" in host else f"{host}:{self.port}"
        self._thread = threading.Thread(target=self.server.serve_forever, name=name, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        if self._thread.is_alive():
            self.server.shutdown()
        self.server.server_close()


def health_app(readiness: Readiness) -> WsgiApp:
    """``/livez``: 200 while the process runs; ``/readyz`` (and ``/healthz``): 200 when ready,
    503 otherwise, with the JSON report of every check and service."""

    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        body: dict[str, Any]
        if environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
            status, body = "405 Method Not Allowed", {"error": "method"}
        elif path == "/livez":
            status, body = "200 OK", {"status": "alive"}
        elif path in ("/readyz", "/healthz"):
            body = readiness.report()
            status = "200 OK" if body["status"] == "SERVING" else "503 Service Unavailable"
        else:
            status, body = "404 Not Found", {"error": "not found", "paths": ["/livez", "/readyz"]}
        data = json.dumps(body, sort_keys=True).encode()
        start_response(
            status,
            [("Content-Type", "application/json"), ("Content-Length", str(len(data))), ("Cache-Control", "no-store")],
        )
        return [data]

    return app


def probe(listen: str, live: bool = False, timeout: float = 5.0) -> tuple[bool, dict[str, Any]]:
    """Ask a process's plaintext health port (``health_listen``): (ready, its report). `signalmatch
    health` and the container's HEALTHCHECK; a wildcard host means this machine."""
    host, port = config.split_address(listen)
    if host in ("0.0.0.0", "::", ""):  # probed on loopback, nothing binds  # nosec B104
        host = "127.0.0.1"
    url = f"http://{'[' + host + ']' if ':' in host else host}:{port}/{'livez' if live else 'readyz'}"
    try:
        with urllib.request.urlopen(url, timeout=timeout) as answer:  # noqa: S310 - http to our own port  # nosec B310
            return answer.status == 200, json.loads(answer.read())
    except urllib.error.HTTPError as error:
        return False, json.loads(error.read() or b"{}")
    except (OSError, ValueError) as exc:
        return False, {"status": "UNREACHABLE", "error": type(exc).__name__}


# -- the service host ----------------------------------------------------------------------------


def version() -> str:
    try:
        return importlib.metadata.version("signalmatch")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


class ServiceHost:
    """The gRPC server of one process with everything a service needs around it.

    Two steps, so servicers can count into the registry: ``ServiceHost(process, options)`` makes the
    metrics registry and the health servicer, then :meth:`serve` makes the gRPC server. There,
    `services` maps each gRPC service's full name to the readiness checks it needs; `gauges` are
    the application's scrape-time metrics; `stores` (name -> SQLite file) and `certificates`
    (name -> PEM file) add size and expiry metrics; `info` adds fields to the health report.
    """

    def __init__(self, process: str, options: config.ServiceOptions):
        self.options = options
        self.registry = metrics.new_registry(process, version())
        self.health = grpc_health.HealthServicer()
        self._stopped = False

    def serve(
        self,
        listen: str,
        tls: config.TlsFiles,
        register: Callable[[grpc.Server], None],
        services: Mapping[str, Sequence[str]],
        checks: Sequence[Check] = (),
        gauges: Sequence[metrics.Gauges] = (),
        stores: Mapping[str, Path] | None = None,
        certificates: Mapping[str, Path] | None = None,
        info: Callable[[], dict[str, Any]] | None = None,
        interceptors: Sequence[grpc.ServerInterceptor] = (),
        identify: transport.Identify | None = None,
        trust_bundle: Callable[[], bytes] | None = None,
    ) -> int:
        """Build the gRPC server (not started yet); returns its port. `identify` and
        `trust_bundle`: the table directory's auth layer (see transport.make_server)."""
        for collector in gauges:
            self.registry.register(collector)
        if stores:
            self.registry.register(metrics.Gauges("stores", metrics.store_sizes(stores)))
        if certificates:
            self.registry.register(metrics.Gauges("certificates", metrics.certificate_expiry(certificates)))
        self.server, self.port = transport.make_server(
            listen,
            tls,
            register,
            list(services),
            interceptors=interceptors,
            outer_interceptors=[metrics.RpcMetrics(self.registry)],
            health_servicer=self.health,
            identify=identify,
            trust_bundle=trust_bundle,
        )
        self.readiness = Readiness(self.health, services, checks, info)
        self.metrics_http = HttpPort(self.options.metrics_listen, make_wsgi_app(self.registry), "metrics")
        listen_health = self.options.health_listen
        self.health_http = HttpPort(listen_health, health_app(self.readiness), "health") if listen_health else None
        return self.port

    def start(self) -> None:
        self.server.start()
        self.readiness.start()
        self.metrics_http.start()
        extra: dict[str, Any] = {"event": "metrics.listening", "port": self.metrics_http.port}
        log.info("metrics on http://%s/metrics", self.metrics_http.address, extra=extra)
        if self.health_http is not None:
            self.health_http.start()
            extra = {"event": "health.listening", "port": self.health_http.port}
            log.info("health on http://%s/readyz", self.health_http.address, extra=extra)

    def stop(self, grace: float | None = None) -> None:
        """Graceful: NOT_SERVING everywhere, no new calls, calls in flight get `grace` seconds
        (default: the config's ``shutdown_grace_seconds``). Idempotent."""
        if self._stopped:
            return
        self._stopped = True
        self.readiness.shutting_down()
        self.server.stop(self.options.shutdown_grace_seconds if grace is None else grace).wait()
        self.metrics_http.stop()
        if self.health_http is not None:
            self.health_http.stop()


# -- one process per data directory --------------------------------------------------------------


class DataDirBusyError(SignalmatchError):
    """Another process holds the data directory (a second server, or a restore while serving)."""


class DataDirLock:
    """An exclusive lock (flock) on ``<data_dir>/.lock`` for as long as a process serves from it:
    a second server on the same stores, or `signalmatch restore` under a running one, is refused."""

    def __init__(self, data_dir: Path):
        self.path = data_dir / ".lock"
        self._handle: Any = None

    def acquire(self) -> DataDirLock:
        self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        handle = self.path.open("a")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            raise DataDirBusyError(i18n.t("process.busy", path=self.path.parent)) from None
        self._handle = handle
        return self

    def release(self) -> None:
        if self._handle is not None:
            fcntl.flock(self._handle, fcntl.LOCK_UN)
            self._handle.close()
            self._handle = None

    def __enter__(self) -> DataDirLock:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()
