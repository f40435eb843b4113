"""Pure domain of the matcher: what it stores, what a hit is, and the chair's status workflow.

No I/O here; :mod:`matcher.store` keeps these objects in SQLite and maintains the link graph.

Vocabulary (docs/architecture.md, steps 5 and 6):

* A *link* joins two signals of different partners when :func:`matcher.linkage.zone` puts them in the link zone
  so, given the exact token kinds they share (same kind and value) and the best similarity of
  their keyed Bloom-filter encodings per kind; it records those kinds and similarities ("lijkt
  op"), never token values or encodings. A shared identifier links; a shared name + date of birth
  (exact token or similar person) needs a second piece of evidence.
* A *hit* is a connected component (two or more signals) of the link graph.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from signalmatch import i18n
from signalmatch.errors import ConflictError, InvalidValue, ValidationError, Violation
from signalmatch.workflow import (
    AFGESLOTEN,
    DOORGELEID,
    IN_BEHANDELING,
    RANK,
    REFERRAL_TARGETS,
    STATUSES,
    allowed_targets,
)

# --- review workflow (the statuses themselves: signalmatch.workflow) ----------------------


def invalid_field(field: str, rule: str, **values: object) -> ValidationError:
    """A ValidationError for one field, with the registered message `rule`."""
    return ValidationError([InvalidValue(rule, i18n.t(rule, **values)).at(field)])


def check_status(status: str, field: str = "status") -> None:
    if status not in RANK:
        raise invalid_field(field, "match.status.unknown", status=status, choices=", ".join(STATUSES))


def check_transition(current: str, target: str, referred_to: str, note: str) -> None:
    """Raise unless a hit in status `current` may move to `target` with these fields.

    Callers treat ``current == target`` as a no-op before calling this.
    """
    check_status(target)
    if target not in allowed_targets(current):
        allowed = allowed_targets(current)
        if allowed == (IN_BEHANDELING,):
            hint = i18n.t("match.status.hint_final")
        else:
            hint = i18n.t("match.status.hint_forward", choices=", ".join(allowed))
        raise ConflictError(i18n.t("match.status.forbidden", current=current, target=target, hint=hint))
    if target == DOORGELEID:
        if not referred_to:
            raise invalid_field("referred_to", "match.referred_to.required", choices=", ".join(REFERRAL_TARGETS))
        if referred_to not in REFERRAL_TARGETS:
            raise invalid_field(
                "referred_to", "match.referred_to.unknown", value=referred_to, choices=", ".join(REFERRAL_TARGETS)
            )
    if target == AFGESLOTEN and not note.strip():
        raise invalid_field("note", "match.note.required")


# --- time ----------------------------------------------------------------------------------


def canonical_time(value: str) -> str:
    """RFC 3339 in UTC with microseconds (as signalmatch.clock writes it).

    Canonical strings have a fixed width, so they sort chronologically as plain text.
    """
    return format_time(parse_time(value))


def parse_time(value: str) -> datetime:
    try:
        dt = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        dt = None
    if dt is None or dt.tzinfo is None:
        raise invalid_field("time", "match.time.invalid", value=value)
    return dt


def format_time(dt: datetime) -> str:
    return dt.astimezone(UTC).isoformat(timespec="microseconds")


def retention_cutoff(now: str, retention_days: int) -> str:
    """Signals received strictly before this canonical time are expired."""
    return format_time(parse_time(now) - timedelta(days=retention_days))


# --- data at the boundary ------------------------------------------------------------------


@dataclass(frozen=True)
class TokenIn:
    kind: str  # identifier kind, e.g. "phone"
    value: bytes  # 32-byte keyed pseudonym; never logged, never shown
    epoch: int = 0  # key epoch of the token; 0 = the signal's. Only tokens of one epoch match.


@dataclass(frozen=True)
class EncodingIn:
    kind: str  # "person_fields" | "address_fields" (signalmatch.encoding.KINDS; "person" | "address" before issue 13)
    bits: bytes  # keyed Bloom filter, a multiple of 8 bytes; never logged, never shown
    blocks: tuple[bytes, ...]  # keyed blocking keys
    epoch: int = 0  # key epoch; 0 = the signal's. Only encodings of one epoch are compared.


@dataclass(frozen=True)
class Metadata:
    exploitation_types: tuple[str, ...]
    municipality: str
    month: str  # "YYYY-MM" (or "" when unknown)
    subject_roles: tuple[str, ...]

    def to_json_obj(self) -> dict[str, object]:
        return {
            "exploitation_types": list(self.exploitation_types),
            "municipality": self.municipality,
            "month": self.month,
            "subject_roles": list(self.subject_roles),
        }

    @classmethod
    def from_json_obj(cls, obj: dict[str, Any]) -> Metadata:
        """From to_json_obj()'s object as JSON gave it back."""
        return cls(
            exploitation_types=tuple(obj["exploitation_types"]),
            municipality=str(obj["municipality"]),
            month=str(obj["month"]),
            subject_roles=tuple(obj["subject_roles"]),
        )


@dataclass(frozen=True)
class SignalIn:
    partner: str
    signal_ref: str  # opaque random reference chosen by the node
    epoch: int
    tokens: tuple[TokenIn, ...]
    metadata: Metadata
    encodings: tuple[EncodingIn, ...] = ()


@dataclass(frozen=True)
class HitSignal:
    partner: str
    signal_ref: str
    metadata: Metadata
    receive_time: str


@dataclass(frozen=True)
class Link:
    a: tuple[str, str]  # (partner, signal_ref)
    b: tuple[str, str]
    kinds: tuple[str, ...]  # identifier kinds the two signals share, sorted
    first_seen: str
    last_seen: str
    similar: tuple[tuple[str, float], ...] = ()  # (encoding kind, best Dice of the whole encodings), sorted


@dataclass(frozen=True)
class Hit:
    id: int
    status: str
    referred_to: str  # partner kind, with status doorgeleid
    status_note: str
    new_evidence: bool  # signals arrived after the table discussed the hit
    signals: tuple[HitSignal, ...]
    links: tuple[Link, ...]
    partners: tuple[str, ...]
    kinds: tuple[str, ...]  # union of the link kinds
    create_time: str
    update_time: str


@dataclass(frozen=True)
class PartnerHit:
    """What a partner learns of a hit its own signals are in (its feedback): no other partner's
    refs or metadata, only how many partners there are."""

    id: int
    status: str
    referred_to: str
    signal_refs: tuple[str, ...]  # the partner's own signals in the hit, in order of receipt
    partner_count: int
    kinds: tuple[str, ...]  # union of the link kinds, sorted
    update_time: str


@dataclass(frozen=True)
class HitChanges:
    created: tuple[int, ...] = ()
    updated: tuple[int, ...] = ()
    merged: tuple[tuple[int, int], ...] = ()  # (from, into)
    dissolved: tuple[int, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.created or self.updated or self.merged or self.dissolved)

    def __add__(self, other: HitChanges) -> HitChanges:
        """Changes of two operations applied one after the other (e.g. one batch)."""
        gone = {f for f, _ in self.merged + other.merged} | set(self.dissolved + other.dissolved)
        created = self.created + tuple(h for h in other.created if h not in self.created)
        updated = tuple(dict.fromkeys(h for h in self.updated + other.updated if h not in created and h not in gone))
        return HitChanges(created, updated, self.merged + other.merged, self.dissolved + other.dissolved)


@dataclass(frozen=True)
class HitFilter:
    status: str = ""
    exploitation_type: str = ""
    municipality: str = ""
    partner: str = ""
    # Half-open periods [from, before) of the hit's update_time and create_time, RFC 3339 with a
    # time zone; "" leaves that end open.
    updated_from: str = ""
    updated_before: str = ""
    created_from: str = ""
    created_before: str = ""

    # (start, end) attribute pairs and the request fields they come from, for error messages.
    PERIODS = (
        ("updated_from", "updated_before", "update_period"),
        ("created_from", "created_before", "create_period"),
    )

    def checked(self) -> HitFilter:
        """This filter with its times in canonical form (so they compare as text with the stored
        times); ValidationError naming every field that is not a time or ends before it starts."""
        out: list[Violation] = []
        times: dict[str, str] = {}

        def bad(path: str, rule: str, **values: object) -> None:
            out.append(InvalidValue(rule, i18n.t(rule, **values)).at(path))

        for start, end, field in self.PERIODS:
            for attr, part in ((start, "start_time"), (end, "end_time")):
                value = getattr(self, attr)
                if value:
                    try:
                        times[attr] = canonical_time(value)
                    except ValidationError:
                        bad(f"{field}.{part}", "match.time.invalid", value=value)
            if times.get(start) and times.get(end) and times[start] > times[end]:
                bad(f"{field}.end_time", "match.period.order", start=times[start], end=times[end])
        if out:
            raise ValidationError(out)
        return replace(self, **times)


def accepted_signal(signal: SignalIn, destroyed_epochs: frozenset[int] = frozenset()) -> SignalIn:
    """A submitted signal that passed signalmatch.wire's validation, as the matcher keeps it: every token and encoding with its own key
    epoch, those of a destroyed epoch dropped (they can match nothing any more and must not be
    stored again), and repeated exploitation types and roles once each."""
    md = signal.metadata
    return replace(
        signal,
        tokens=tuple(
            replace(t, epoch=t.epoch or signal.epoch)
            for t in signal.tokens
            if (t.epoch or signal.epoch) not in destroyed_epochs
        ),
        encodings=tuple(
            replace(e, epoch=e.epoch or signal.epoch)
            for e in signal.encodings
            if (e.epoch or signal.epoch) not in destroyed_epochs
        ),
        metadata=replace(
            md,
            exploitation_types=tuple(dict.fromkeys(md.exploitation_types)),
            subject_roles=tuple(dict.fromkeys(md.subject_roles)),
        ),
    )


# --- graph ---------------------------------------------------------------------------------


def components(nodes: set[int], edges: list[tuple[int, int]]) -> list[set[int]]:
    """Connected components of the graph restricted to `nodes`, largest first.

    Ties are broken by the smallest member (the oldest signal), so the result is deterministic.
    """
    parent = {n: n for n in nodes}

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in edges:
        if a in parent and b in parent:
            ra, rb = find(a), find(b)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
    groups: dict[int, set[int]] = {}
    for n in nodes:
        groups.setdefault(find(n), set()).add(n)
    return sorted(groups.values(), key=lambda g: (-len(g), min(g)))
