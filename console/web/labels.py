"""Display texts shared by the consoles (pure, no I/O): the words for the protocol's codes (hit
statuses, referral targets, closure and refusal reasons, exploitation types, subject roles, data
categories, answer states), a disclosed signal as labelled rows, and times in the table's local time.

The chair sees a disclosure with these rows once it is opened; the partner's officer previews
exactly the same rows before approving (console/web/officer_review.py)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, datetime

from google.protobuf.timestamp_pb2 import Timestamp

from signalmatch import i18n
from signalmatch.console.chair import ZONE
from signalmatch.console.officer import flatten
from signalmatch.console.web.messages import LABELS


def label(group: str, value: str) -> str:
    """The display text of a short enum/code name, e.g. label("status", "in_behandeling"); the name
    itself for a value this console has no text for (a newer matcher)."""
    key = f"web.chair.{group}.{value}"
    return i18n.t(key) if key in LABELS else value


# -- times ---------------------------------------------------------------------------------------


def local_time(ts: Timestamp) -> datetime | None:
    return ts.ToDatetime(tzinfo=UTC).astimezone(ZONE) if ts.seconds or ts.nanos else None


def when(ts: Timestamp) -> str:
    """ "14-03-2026 10:15" in Dutch time; "" for an unset timestamp."""
    moment = local_time(ts)
    return moment.strftime("%d-%m-%Y %H:%M") if moment else ""


def when_text(rfc3339: str) -> str:
    """when() for the RFC 3339 strings of console/chair.py's summaries."""
    if not rfc3339:
        return ""
    ts = Timestamp()
    ts.FromJsonString(rfc3339)
    return when(ts)


_INDEX = re.compile(r"^(\w+)\[(\d+)\]$")


def field_label(path: str) -> str:
    """ "persons[0].surname" -> "persoon 1 · achternaam"."""
    parts = []
    for part in path.split("."):
        indexed = _INDEX.match(part)
        if indexed:
            parts.append(f"{label('field', indexed.group(1))} {int(indexed.group(2)) + 1}")
        else:
            parts.append(label("field", part))
    return " · ".join(parts)


def disclosed_rows(fields: Mapping) -> tuple[tuple[str, str], ...]:
    """A disclosed signal (node.disclosure.signal_fields) as labelled rows, codes as words."""
    readable = dict(fields)
    if "exploitation_types" in readable:
        readable["exploitation_types"] = [label("exploitation", e) for e in readable["exploitation_types"]]
    if "persons" in readable:
        readable["persons"] = [
            {**p, "role": label("role", p["role"])} if "role" in p else p for p in readable["persons"]
        ]
    return tuple((field_label(path), value) for path, value in flatten(readable))
