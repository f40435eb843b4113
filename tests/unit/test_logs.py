"""Log lines: one JSON object per line with the agreed fields, or the human format; an exception
never shows its message (it may quote input), only its type and where it happened."""

from __future__ import annotations

import io
import json
import logging

import pytest

from signalmatch import logs


@pytest.fixture
def capture():
    stream = io.StringIO()
    logger = logging.getLogger("signalmatch.test_logs")
    handler = logging.StreamHandler(stream)
    logger.addHandler(handler)
    logger.propagate = False
    logger.setLevel(logging.INFO)
    logs.set_process("node/nla")
    yield logger, handler, stream
    logger.removeHandler(handler)
    logs.set_process("signalmatch")


def test_json_line_fields(capture):
    logger, handler, stream = capture
    handler.setFormatter(logs.JsonLines())
    token = logs.request_id.set("abc123")
    try:
        with logs.batch("b-7"):
            logger.info("batch acknowledged: %d submitted", 3, extra={"event": "batch.acknowledged", "count": 3})
    finally:
        logs.request_id.reset(token)
    logger.warning("no event given")
    first, second = (json.loads(line) for line in stream.getvalue().splitlines())
    assert first["time"].endswith("Z") and first["time"][10] == "T"
    assert {k: first[k] for k in ("level", "process", "event", "message", "request_id", "batch_id", "count")} == {
        "level": "info",
        "process": "node/nla",
        "event": "batch.acknowledged",
        "message": "batch acknowledged: 3 submitted",
        "request_id": "abc123",
        "batch_id": "b-7",
        "count": 3,
    }
    assert second["event"] == "signalmatch.test_logs" and "request_id" not in second and "batch_id" not in second


@pytest.mark.parametrize("formatter", [logs.JsonLines, logs.Human])
def test_an_exception_is_logged_without_its_message(capture, formatter):
    logger, handler, stream = capture
    handler.setFormatter(formatter())
    personal = ", ".join(["Jan de Vries", "06 12345678"])  # not in the source line the traceback shows
    try:
        raise ValueError(personal)
    except ValueError:
        logger.exception("intake failed", extra={"event": "intake.failed"})
    text = stream.getvalue()
    assert "Jan de Vries" not in text and "12345678" not in text
    assert "ValueError" in text and "test_logs.py" in text
    if formatter is logs.JsonLines:
        assert json.loads(text)["error"].startswith("ValueError")


def test_default_format(monkeypatch):
    monkeypatch.delenv(logs.ENV_FORMAT, raising=False)
    assert logs.default_format("serve") == "json"
    assert logs.default_format("import") == "text"
    monkeypatch.setenv(logs.ENV_FORMAT, "text")
    assert logs.default_format("serve") == "text"
