"""Pure domain of the matcher: what it stores, what a hit is, and the chair's status workflow.

No I/O here; :mod:`matcher.store` keeps these objects in SQLite and maintains the link graph.

Vocabulary (see shared DESIGN.md, "Match" and "Review"):

* A *link* joins two signals of different partners when :func:`matcher.fuzzy.link_decision` says
  so, given the exact token kinds they share (same kind and value) and the best similarity of
  their keyed Bloom-filter encodings per kind; it records those kinds and similarities ("lijkt
  op"), never token values or encodings. A shared identifier links; a shared name + date of birth
  (exact token or similar person) needs a second piece of evidence.
* A *hit* is a connected component (two or more signals) of the link graph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from signalmatch import i18n
from signalmatch.encoding import BLOCK_BYTES, encoded_bits
from signalmatch.encoding import KINDS as ENCODING_KINDS
from signalmatch.errors import ConflictError, InvalidValue, ValidationError, Violation
from signalmatch.protocol import MAX_ENCODINGS_PER_SIGNAL, MAX_FUZZY_BLOCKS, MAX_TOKENS_PER_SIGNAL, TOKEN_BYTES
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

MESSAGES = i18n.register(
    {
        "match.status.unknown": {
            "nl": "onbekende status {status!r}; kies uit {choices}",
            "en": "unknown status {status!r}; choose one of {choices}",
        },
        "match.status.forbidden": {
            "nl": "een hit met status {current} kan niet naar {target}; {hint}",
            "en": "a hit with status {current} cannot move to {target}; {hint}",
        },
        "match.status.hint_forward": {
            "nl": "mogelijk zijn: {choices}",
            "en": "allowed are: {choices}",
        },
        "match.status.hint_final": {
            "nl": "heropen de hit eerst (status in_behandeling)",
            "en": "reopen the hit first (status in_behandeling)",
        },
        "match.referred_to.required": {
            "nl": "bij status doorgeleid is verplicht aan wie is doorgeleid; kies uit {choices}",
            "en": "status doorgeleid needs the partner it was referred to; choose one of {choices}",
        },
        "match.referred_to.unknown": {
            "nl": "onbekende partner {value!r} om naar door te leiden; kies uit {choices}",
            "en": "unknown referral target {value!r}; choose one of {choices}",
        },
        "match.note.required": {
            "nl": "bij status afgesloten is een toelichting (de reden) verplicht",
            "en": "status afgesloten needs a note giving the reason",
        },
        "match.hit.not_found": {
            "nl": "hit {hit_id} bestaat niet",
            "en": "hit {hit_id} does not exist",
        },
        "match.hit.merged": {
            "nl": "hit {hit_id} is samengevoegd met hit {into}; open hit {into}",
            "en": "hit {hit_id} was merged into hit {into}; open hit {into}",
        },
        "match.hit.dissolved": {
            "nl": "hit {hit_id} bestaat niet meer: er zijn minder dan twee signalen over",
            "en": "hit {hit_id} no longer exists: fewer than two signals remain",
        },
        "match.page_token.invalid": {
            "nl": "ongeldige page_token; begin opnieuw zonder page_token met dezelfde filters",
            "en": "invalid page_token; start again without page_token using the same filters",
        },
        "match.period.order": {
            "nl": "het einde van de periode ({end}) ligt voor het begin ({start})",
            "en": "the period ends ({end}) before it starts ({start})",
        },
        "match.skip.negative": {
            "nl": "skip mag niet negatief zijn",
            "en": "skip must not be negative",
        },
        "match.time.invalid": {
            "nl": "tijdstip {value!r} is geen RFC 3339-tijd met tijdzone",
            "en": "time {value!r} is not an RFC 3339 time with a time zone",
        },
    }
)


# Texts of the rules a submitted signal can break (validate_signal); key "match.signal.<rule>".
SIGNAL_MESSAGES = i18n.register(
    {
        "match.signal.signal_ref.format": {
            "nl": "een signaalreferentie is 8 tot 64 letters, cijfers, '-' of '_'",
            "en": "a signal reference is 8 to 64 letters, digits, '-' or '_'",
        },
        "match.signal.epoch.range": {
            "nl": "sleutelperiodes (epochs) beginnen bij 1",
            "en": "key epochs start at 1",
        },
        "match.signal.encoding_epoch.range": {
            "nl": "de sleutelperiode van een codering is hoogstens die van haar signaal",
            "en": "an encoding's key epoch is at most its signal's",
        },
        "match.signal.tokens.too_many": {
            "nl": "hoogstens {max} tokens per signaal",
            "en": "at most {max} tokens per signal",
        },
        "match.signal.kind.unknown": {
            "nl": "onbekende soort identificator {value!r}",
            "en": "unknown identifier kind {value!r}",
        },
        "match.signal.token.length": {
            "nl": "een token is precies {size} bytes, niet {length}",
            "en": "a token is exactly {size} bytes, not {length}",
        },
        "match.signal.encodings.disabled": {
            "nl": "het beleid van deze tafel zet vergelijken op gelijkenis uit: stuur geen coderingen",
            "en": "this table's policy turns fuzzy matching off: send no encodings",
        },
        "match.signal.encodings.too_many": {
            "nl": "hoogstens {max} coderingen per signaal",
            "en": "at most {max} encodings per signal",
        },
        "match.signal.encoding_kind.unknown": {
            "nl": "onbekende soort codering {value!r}",
            "en": "unknown encoding kind {value!r}",
        },
        "match.signal.encoding.length": {
            "nl": "een codering van soort {kind} is precies {size} bytes, niet {length}",
            "en": "an encoding of kind {kind} is exactly {size} bytes, not {length}",
        },
        "match.signal.blocks.count": {
            "nl": "een codering heeft 1 tot {max} blokkeersleutels",
            "en": "an encoding has 1 to {max} blocking keys",
        },
        "match.signal.block.length": {
            "nl": "een blokkeersleutel is precies {size} bytes, niet {length}",
            "en": "a blocking key is exactly {size} bytes, not {length}",
        },
        "match.signal.exploitation_type.unknown": {
            "nl": "onbekende soort uitbuiting {value!r}",
            "en": "unknown exploitation type {value!r}",
        },
        "match.signal.role.unknown": {
            "nl": "onbekende rol {value!r}",
            "en": "unknown subject role {value!r}",
        },
        "match.signal.municipality.unknown": {
            "nl": "geen gemeente van deze tafel",
            "en": "not a municipality of this table",
        },
        "match.signal.month.format": {
            "nl": "de maand is niet van de vorm JJJJ-MM",
            "en": "the month is not of the form YYYY-MM",
        },
    }
)


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
    kind: str  # "person" | "address" (signalmatch.encoding.KINDS)
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
    def from_json_obj(cls, obj: dict[str, object]) -> Metadata:
        return cls(
            exploitation_types=tuple(obj["exploitation_types"]),  # type: ignore[arg-type]
            municipality=str(obj["municipality"]),
            month=str(obj["month"]),
            subject_roles=tuple(obj["subject_roles"]),  # type: ignore[arg-type]
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
    similar: tuple[tuple[str, float], ...] = ()  # ("person" | "address", best Dice), sorted by kind


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


SIGNAL_REF = re.compile(r"[A-Za-z0-9_-]{8,64}")  # opaque random reference chosen by the node
_MONTH = re.compile(r"\d{4}-(0[1-9]|1[0-2])")
# Every encoding has the fixed length of the nodes' hardening (signalmatch.encoding.DEFAULT_HARDENING), either kind.
ENCODING_BYTES = {kind: encoded_bits() // 8 for kind in ENCODING_KINDS}


@dataclass(frozen=True)
class SignalRules:
    """What a table accepts of a submitted signal: the table policy's values and the API's
    vocabularies (the short names of its enums; an unknown enum number arrives as a name outside them)."""

    municipalities: frozenset[str]
    identifier_kinds: frozenset[str]
    exploitation_types: frozenset[str]
    subject_roles: frozenset[str]
    fuzzy_matching: bool = True


def signal_violations(signal: SignalIn, rules: SignalRules) -> tuple[Violation, ...]:
    """Every rule a submitted `signal` breaks, with paths relative to the signal (the submitted
    message's field names, indices as sent). The partner is not checked: it comes from the certificate.

    This is the matcher's only validation of what nodes send; :meth:`matcher.store.MatchStore.submit`
    just guards its own invariants."""
    out: list[Violation] = []

    def bad(path: str, rule: str, text: str = "", **values: object) -> None:
        out.append(InvalidValue(rule, i18n.t(f"match.signal.{text or rule}", **values)).at(path))

    if not SIGNAL_REF.fullmatch(signal.signal_ref):
        bad("signal_ref", "signal_ref.format")
    if signal.epoch < 1:
        bad("epoch", "epoch.range")
    if len(signal.tokens) > MAX_TOKENS_PER_SIGNAL:
        bad("tokens", "tokens.too_many", max=MAX_TOKENS_PER_SIGNAL)
    for i, tok in enumerate(signal.tokens):
        if tok.kind not in rules.identifier_kinds:
            bad(f"tokens[{i}].kind", "kind.unknown", value=tok.kind)
        if len(tok.value) != TOKEN_BYTES:
            bad(f"tokens[{i}].value", "token.length", size=TOKEN_BYTES, length=len(tok.value))
        if tok.epoch < 0:
            bad(f"tokens[{i}].epoch", "epoch.range")
    if signal.encodings and not rules.fuzzy_matching:
        bad("encodings", "encodings.disabled")
    elif len(signal.encodings) > MAX_ENCODINGS_PER_SIGNAL:
        bad("encodings", "encodings.too_many", max=MAX_ENCODINGS_PER_SIGNAL)
    else:
        for i, enc in enumerate(signal.encodings):
            size = ENCODING_BYTES.get(enc.kind)
            if size is None:
                bad(f"encodings[{i}].kind", "kind.unknown", "encoding_kind.unknown", value=enc.kind)
            elif len(enc.bits) != size:
                bad(f"encodings[{i}].bits", "encoding.length", kind=enc.kind, size=size, length=len(enc.bits))
            if not 1 <= len(enc.blocks) <= MAX_FUZZY_BLOCKS:
                bad(f"encodings[{i}].blocks", "blocks.count", max=MAX_FUZZY_BLOCKS)
            for j, block in enumerate(enc.blocks):
                if len(block) != BLOCK_BYTES:
                    bad(f"encodings[{i}].blocks[{j}]", "block.length", size=BLOCK_BYTES, length=len(block))
            if not 0 <= enc.epoch <= signal.epoch:
                bad(f"encodings[{i}].epoch", "epoch.range", "encoding_epoch.range")
    md = signal.metadata
    for i, value in enumerate(md.exploitation_types):
        if value not in rules.exploitation_types:
            bad(f"metadata.exploitation_types[{i}]", "exploitation_type.unknown", value=value)
    for i, value in enumerate(md.subject_roles):
        if value not in rules.subject_roles:
            bad(f"metadata.subject_roles[{i}]", "role.unknown", value=value)
    if md.municipality not in rules.municipalities:
        bad("metadata.municipality", "municipality.unknown")
    if not _MONTH.fullmatch(md.month):
        bad("metadata.month", "month.format")  # never echoes free text back
    return tuple(out)


def validate_signal(signal: SignalIn, rules: SignalRules) -> None:
    """Raise ValidationError listing every rule `signal` breaks (see signal_violations)."""
    violations = signal_violations(signal, rules)
    if violations:
        raise ValidationError(violations)


def accepted_signal(signal: SignalIn, destroyed_epochs: frozenset[int] = frozenset()) -> SignalIn:
    """A valid submitted signal as the matcher keeps it: every token and encoding with its own key
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
