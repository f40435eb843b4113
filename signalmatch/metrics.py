"""Prometheus metrics for every server process (``prometheus-client``), on a plaintext HTTP port.

Each process has its own :class:`~prometheus_client.CollectorRegistry` (tests run several
processes in one interpreter) holding

- RPCs: ``grpc_server_started_total``, ``grpc_server_handled_total`` (by type, service, method and
  status code) and the ``grpc_server_handling_seconds`` histogram, from :class:`RpcMetrics` — the
  names of go-grpc-prometheus, so existing dashboards and alerts fit; only methods the server
  serves are counted, so a caller cannot add label values;
- store sizes, certificate expiry times and the process's own figures (``process_*``);
- what each application computes at scrape time (:class:`Gauges`): outbox depth, hits by status,
  quota left, audit log size, ...

Labels and values are counts, codes, method names and organisation ids — never an identifier,
token, signal reference or free text (tests/e2e/test_service.py scans every scrape for the
synthetic data's values).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import grpc
from cryptography import x509
from prometheus_client import CollectorRegistry, Counter, Histogram, ProcessCollector
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from signalmatch.transport import status_code, wrap_handler

log = logging.getLogger(__name__)

PREFIX = "signalmatch_"


@dataclass(frozen=True)
class Sample:
    """One gauge value computed at scrape time; `name` without the ``signalmatch_`` prefix."""

    name: str
    help: str
    value: float
    labels: tuple[tuple[str, str], ...] = ()


def sample(name: str, help: str, value: float, **labels: str) -> Sample:  # noqa: A002 - Prometheus' word
    return Sample(name, help, float(value), tuple(sorted(labels.items())))


class Gauges(Collector):
    """Gauges computed by `compute` at every scrape; a failing computation is logged (type only)
    and reported as ``signalmatch_collector_up{collector=<name>} 0`` instead of failing the scrape."""

    def __init__(self, name: str, compute: Callable[[], Iterable[Sample]]):
        self._name = name
        self._compute = compute

    def collect(self) -> Iterator[Metric]:
        up = GaugeMetricFamily(PREFIX + "collector_up", "1 if the collector's last scrape worked", labels=["collector"])
        try:
            samples = list(self._compute())
        except Exception:  # noqa: BLE001 - a broken store must not break the scrape
            log.warning("metrics collector %s failed", self._name, exc_info=True, extra={"event": "metrics.failed"})
            up.add_metric([self._name], 0)
            yield up
            return
        families: dict[str, GaugeMetricFamily] = {}
        for s in samples:
            family = families.get(s.name)
            if family is None:
                family = families[s.name] = GaugeMetricFamily(PREFIX + s.name, s.help, labels=[k for k, _ in s.labels])
            family.add_metric([v for _, v in s.labels], s.value)
        yield from families.values()
        up.add_metric([self._name], 1)
        yield up


def store_sizes(stores: Mapping[str, Path]) -> Callable[[], Iterable[Sample]]:
    """``store_bytes{store, file}``: each SQLite database and its WAL, by file size."""

    def compute() -> Iterator[Sample]:
        for store, path in stores.items():
            for file, suffix in (("db", ""), ("wal", "-wal")):
                target = Path(f"{path}{suffix}")
                size = target.stat().st_size if target.exists() else 0
                yield sample("store_bytes", "Size of a store's SQLite files", size, store=store, file=file)

    return compute


def certificate_expiry(certificates: Mapping[str, Path]) -> Callable[[], Iterable[Sample]]:
    """``certificate_expiry_timestamp_seconds{certificate}``: notAfter of each PEM certificate,
    read at every scrape so a renewed file shows at once."""

    def compute() -> Iterator[Sample]:
        for name, path in certificates.items():
            cert = x509.load_pem_x509_certificate(path.read_bytes())
            yield sample(
                "certificate_expiry_timestamp_seconds",
                "When a certificate this process uses expires (Unix time)",
                cert.not_valid_after_utc.timestamp(),
                certificate=name,
            )

    return compute


def new_registry(process: str, version: str) -> CollectorRegistry:
    """A registry with the process collector and ``signalmatch_build_info{process, version} 1``."""
    registry = CollectorRegistry()
    ProcessCollector(registry=registry)
    info = [sample("build_info", "The running program", 1, process=process, version=version)]
    registry.register(Gauges("build", lambda: info))
    return registry


# -- RPCs ----------------------------------------------------------------------------------------

_TYPES = {(False, False): "unary", (True, False): "client_stream", (False, True): "server_stream"}


def _rpc_type(handler: grpc.RpcMethodHandler) -> str:
    return _TYPES.get((handler.request_streaming, handler.response_streaming), "bidi_stream")


class RpcMetrics(grpc.ServerInterceptor):
    """Counts every call of a served method by status code and times it (the whole stream for
    streaming calls). Outermost interceptor: it sees the code the error mapping chose."""

    def __init__(self, registry: CollectorRegistry):
        labels = ["grpc_type", "grpc_service", "grpc_method"]
        self.started = Counter("grpc_server_started", "RPCs started on the server", labels, registry=registry)
        self.handled = Counter(
            "grpc_server_handled",
            "RPCs completed on the server, by status code",
            [*labels, "grpc_code"],
            registry=registry,
        )
        self.seconds = Histogram(
            "grpc_server_handling_seconds", "Time to handle an RPC on the server", labels, registry=registry
        )

    def intercept_service(self, continuation: Any, details: grpc.HandlerCallDetails) -> grpc.RpcMethodHandler | None:
        handler = continuation(details)
        if handler is None:  # an unknown method: not counted, so callers cannot invent label values
            return None
        service, _, method = details.method.lstrip("/").rpartition("/")
        labels = (_rpc_type(handler), service, method)

        def wrap(behavior: Callable[..., Any], streaming: bool) -> Callable[..., Any]:
            if streaming:

                def stream(request: Any, context: grpc.ServicerContext) -> Iterator[Any]:
                    start = self._start(labels)
                    code = "UNKNOWN"
                    try:
                        yield from behavior(request, context)
                        code = _code(context, "OK")
                    except BaseException:
                        code = _code(context, "UNKNOWN")
                        raise
                    finally:
                        self._done(labels, code, start)

                return stream

            def unary(request: Any, context: grpc.ServicerContext) -> Any:
                start = self._start(labels)
                code = "UNKNOWN"
                try:
                    response = behavior(request, context)
                    code = _code(context, "OK")
                    return response
                except BaseException:
                    code = _code(context, "UNKNOWN")
                    raise
                finally:
                    self._done(labels, code, start)

            return unary

        return wrap_handler(handler, wrap)

    def _start(self, labels: tuple[str, str, str]) -> float:
        self.started.labels(*labels).inc()
        return time.perf_counter()

    def _done(self, labels: tuple[str, str, str], code: str, start: float) -> None:
        self.handled.labels(*labels, code).inc()
        self.seconds.labels(*labels).observe(time.perf_counter() - start)


def _code(context: grpc.ServicerContext, default: str) -> str:
    """The status code the handler set (abort, set_code), else `default`."""
    code = status_code(context)
    if isinstance(code, grpc.StatusCode):
        return code.name
    if default != "OK" and not context.is_active():
        return "CANCELLED"  # the caller went away mid-call
    return default
