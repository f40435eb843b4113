"""Timestamps as stored and exchanged: RFC 3339, UTC, microseconds."""

from datetime import UTC, datetime

from google.protobuf.timestamp_pb2 import Timestamp


def now() -> str:
    """e.g. 2026-11-23T19:30:00.123456Z"""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def to_timestamp(rfc3339: str) -> Timestamp:
    ts = Timestamp()
    if rfc3339:
        ts.FromDatetime(datetime.fromisoformat(rfc3339))
    return ts


def from_timestamp(ts: Timestamp) -> str:
    return ts.ToDatetime(tzinfo=UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ") if ts.seconds or ts.nanos else ""
