"""Readiness: what the standard gRPC health service (and the optional plaintext HTTP health port)
reports, from checks that really look — a store answers a query, the matcher or keyholder a node
depends on answers its own health check.

Each gRPC service of a process names the checks it needs (a node's IntakeService needs only its
vault: signals wait in the outbox while the matcher is away); the overall status (service ``""``)
needs every check. :class:`Readiness` runs the checks at start and then every `interval` seconds
and sets the statuses; on shutdown everything turns NOT_SERVING first, so load balancers drain.

A failing check is reported by a reason *code* (an exception's type, a gRPC status name), never
an exception message.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import grpc
from grpc_health.v1 import health, health_pb2, health_pb2_grpc

from signalmatch import sqlite

log = logging.getLogger(__name__)

SERVING = health_pb2.HealthCheckResponse.SERVING
NOT_SERVING = health_pb2.HealthCheckResponse.NOT_SERVING


class CheckFailed(Exception):
    """A check's failure with a reason code (``unreachable``, ``NOT_SERVING``, ...)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Check:
    """A named readiness probe: returns when ready, raises (CheckFailed for a chosen reason) when not."""

    name: str
    probe: Callable[[], None]


def store_check(name: str, path: Path) -> Check:
    """The SQLite file exists and answers a query on a fresh read-only connection."""

    def probe() -> None:
        if not path.is_file():
            raise CheckFailed("missing")
        conn = sqlite.open_read_only(path)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            conn.close()

    return Check(name, probe)


def remote_check(name: str, channel: grpc.Channel, service: str, timeout: float = 3.0) -> Check:
    """Another process (over our mTLS channel to it) reports `service` SERVING."""
    stub = health_pb2_grpc.HealthStub(channel)

    def probe() -> None:
        try:
            answer = stub.Check(health_pb2.HealthCheckRequest(service=service), timeout=timeout)
        except grpc.RpcError as exc:
            raise CheckFailed(exc.code().name if exc.code() else "unreachable") from None
        if answer.status != SERVING:
            raise CheckFailed(health_pb2.HealthCheckResponse.ServingStatus.Name(answer.status))

    return Check(name, probe)


class Readiness:
    """Runs the checks and sets the health statuses of `services` (full name -> check names)."""

    def __init__(
        self,
        servicer: health.HealthServicer,
        services: Mapping[str, Sequence[str]],
        checks: Sequence[Check],
        info: Callable[[], dict[str, Any]] | None = None,
        interval: float = 10.0,
    ):
        self._servicer = servicer
        self._services = dict(services)
        self._checks = list(checks)
        self._info = info
        self._interval = interval
        self._lock = threading.Lock()
        self._results: dict[str, str] = {}  # check name -> "" (ok) or reason code
        self._checked_at = 0.0
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        for name in ["", *self._services]:
            servicer.set(name, NOT_SERVING)  # until the first round says otherwise

    def refresh(self) -> dict[str, str]:
        """Run every check once and set the statuses; returns check name -> reason ("" = ok)."""
        results: dict[str, str] = {}
        for check in self._checks:
            try:
                check.probe()
                results[check.name] = ""
            except CheckFailed as exc:
                results[check.name] = exc.reason
            except Exception as exc:  # noqa: BLE001 - reported by type, never by message
                results[check.name] = type(exc).__name__
        with self._lock:
            changed = results != self._results
            self._results, self._checked_at = results, time.time()
        if self._stopping.is_set():
            return results
        for name, needs in [("", list(results)), *self._services.items()]:
            ok = all(results.get(check, "") == "" for check in needs)
            self._servicer.set(name, SERVING if ok else NOT_SERVING)
        if changed:
            failing = {k: v for k, v in results.items() if v}
            level = logging.WARNING if failing else logging.INFO
            log.log(level, "readiness: %s", failing or "all checks pass", extra={"event": "health.changed"})
        return results

    def report(self) -> dict[str, Any]:
        """What the HTTP health port answers: overall status, each check, each service, and info."""
        with self._lock:
            results, checked_at = dict(self._results), self._checked_at
        stopping = self._stopping.is_set()
        ready = not stopping and all(v == "" for v in results.values())
        services = {
            name: "SERVING" if not stopping and all(results.get(c, "") == "" for c in needs) else "NOT_SERVING"
            for name, needs in self._services.items()
        }
        report: dict[str, Any] = {
            "status": "SHUTTING_DOWN" if stopping else "SERVING" if ready else "NOT_SERVING",
            "checks": {name: {"ok": reason == "", "reason": reason} for name, reason in results.items()},
            "services": services,
            "checked_at": checked_at,
        }
        if self._info is not None:
            report.update(self._info())
        return report

    def start(self) -> None:
        self.refresh()
        self._thread = threading.Thread(target=self._loop, name="readiness", daemon=True)
        self._thread.start()

    def _loop(self) -> None:
        while not self._stopping.wait(self._interval):
            try:
                self.refresh()
            except Exception:  # noqa: BLE001 - keep probing
                log.exception("readiness round failed", extra={"event": "health.failed"})

    def shutting_down(self) -> None:
        """Everything NOT_SERVING from now on (graceful shutdown), and stop probing."""
        self._stopping.set()
        self._servicer.enter_graceful_shutdown()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(self._interval + 5)
