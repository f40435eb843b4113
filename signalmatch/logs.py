"""Logging for every process: one JSON object per line, or the human format of a terminal.

A JSON line holds ``time`` (RFC 3339, UTC, milliseconds), ``level``, ``process`` (``matcher``,
``keyholder``, ``node/<partner>``, ``console``), ``event`` (a dotted code such as
``server.started``; the logger's name when a call gives none), ``message``, and, when known,
``request_id`` (one per gRPC call, set by :class:`signalmatch.transport.RequestIds`) and ``batch_id``, plus the small
fields a call passes in ``extra``.

Never personal data: log calls pass counts, codes, partner ids and opaque references, and an
exception is rendered as its type and code locations only — never its message or arguments,
which may quote input (:func:`exception_summary`). The human format follows the same rule.

`setup()` is called once by the CLI: JSON for the ``serve`` commands unless ``--log-format text``
(or ``SIGNALMATCH_LOG_FORMAT=text``) asks for the human format.
"""

from __future__ import annotations

import contextvars
import logging
import os
import sys
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any, TextIO

from pythonjsonlogger.json import JsonFormatter

FORMATS = ("json", "text")
ENV_FORMAT = "SIGNALMATCH_LOG_FORMAT"
HUMAN_FORMAT = "%(asctime)s %(name)s %(levelname)s %(message)s"

request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")
batch_id: contextvars.ContextVar[str] = contextvars.ContextVar("batch_id", default="")
_process = "signalmatch"


def set_process(name: str) -> None:
    """The ``process`` field of every later line, e.g. ``node/nla``."""
    global _process
    _process = name


def default_format(command: str) -> str:
    """JSON for long-running servers, text for everything a person runs in a terminal."""
    chosen = os.environ.get(ENV_FORMAT, "")
    if chosen in FORMATS:
        return chosen
    return "json" if command == "serve" else "text"


def exception_summary(exc_info: Any) -> str:
    """``TypeName`` plus the stack locations, never the message (it may quote personal data)."""
    kind, _, tb = exc_info
    where = "".join(traceback.format_list(traceback.extract_tb(tb))).rstrip()
    return f"{kind.__name__ if kind else 'Exception'}\n{where}" if where else (kind.__name__ if kind else "")


def _utc(created: float) -> str:
    return datetime.fromtimestamp(created, UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class JsonLines(JsonFormatter):
    """One JSON object per line; see the module docstring for the fields."""

    def __init__(self) -> None:
        super().__init__(json_ensure_ascii=False)

    def add_fields(self, log_data: dict[str, Any], record: logging.LogRecord, message_dict: dict[str, Any]) -> None:
        log_data["time"] = _utc(record.created)
        log_data["level"] = record.levelname.lower()
        log_data["process"] = _process
        log_data["event"] = getattr(record, "event", "") or record.name
        log_data["message"] = record.getMessage()
        for name, var in (("request_id", request_id), ("batch_id", batch_id)):
            value = getattr(record, name, "") or var.get()
            if value:
                log_data[name] = value
        super().add_fields(log_data, record, message_dict)
        for key in ("message", "exc_info", "stack_info", "event", "request_id", "batch_id"):
            message_dict.pop(key, None)
        if record.exc_info:
            log_data["error"] = exception_summary(record.exc_info)
        log_data.pop("exc_info", None)
        log_data.pop("taskName", None)

    def formatException(self, ei: Any) -> str:  # noqa: N802 - logging's name
        return exception_summary(ei)


class Human(logging.Formatter):
    """Today's terminal format; exceptions as type and locations only."""

    def __init__(self) -> None:
        super().__init__(HUMAN_FORMAT)

    def formatException(self, ei: Any) -> str:  # noqa: N802 - logging's name
        return exception_summary(ei)


_handler: logging.Handler | None = None


def setup(fmt: str, level: int, stream: TextIO | None = None) -> None:
    """Log to `stream` (stderr) in `fmt` at `level`; a second call replaces the first's handler.
    Like logging.basicConfig, it leaves a root logger alone that someone else configured (a test
    runner capturing logs, an embedding application)."""
    global _handler
    root = logging.getLogger()
    if any(handler is not _handler for handler in root.handlers):
        return
    if _handler is not None:
        root.removeHandler(_handler)
    _handler = logging.StreamHandler(stream or sys.stderr)
    _handler.setFormatter(JsonLines() if fmt == "json" else Human())
    root.addHandler(_handler)
    root.setLevel(level)


@contextmanager
def batch(value: str) -> Iterator[None]:
    """Log lines inside carry ``batch_id``."""
    token = batch_id.set(value)
    try:
        yield
    finally:
        batch_id.reset(token)
