"""Disclosure requests at the matcher: domain rules and storage (the matcher's SQLite).

A chair asks the partners in a hit to disclose named data categories, for a purpose and under a
legal basis from the table's policy. Each asked partner answers for itself: it approves with one
sealed payload per recipient (NaCl box ciphertext, made and opened on the partners' and chairs'
own machines; the matcher never holds a key that opens it), or refuses with a reason. Answers
still pending at the expiry time become expired.

Every step is written to the matcher's audit log in the same transaction as the change:

- ``disclosure.requested`` (chair): objects [disclosure, hit]; purpose, legal basis, data
  categories, recipients; ``partners`` = the partners asked. A hit in status nieuw or
  in_behandeling moves to info_opgevraagd, audited as ``hit.status_changed``.
- ``disclosure.approved`` / ``disclosure.refused`` (the partner): the same fields. The refusal
  reason is free text: it is stored for the chair and never put in the log.
- ``disclosure.expired`` (role system): ``partners`` = the answers that expired.
- ``disclosure.delivered`` (the recipient): recipients = [the caller], ``partners`` = whose
  payloads it received. Logged once per (disclosure, recipient, partner): the first time a
  payload reaches its recipient; a later read that delivers nothing new is not logged again.
- ``disclosure.opened`` (the recipient): ``partners`` = whose payloads were decrypted; every
  report is logged.

Lists in ``details`` are comma-separated ids, sorted. Nothing of a payload is ever logged.

Visibility: a chair sees every disclosure (payloads only those sealed to itself); a partner
sees the disclosures it was asked in or is a recipient of, its own answer in full, and of the
other answers only partner, state, decision time and payloads sealed to it (not their reasons
or signal refs). A disclosure the caller may not see is "not found".

Concurrency: every operation, also a read, runs in one ``MatchStore.transaction()`` because
any of them may expire answers or record a delivery.
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import timedelta
from typing import TYPE_CHECKING

from signalmatch import clock, i18n, protocol
from signalmatch.config import TablePolicy
from signalmatch.errors import (
    ConflictError,
    InvalidValue,
    NotFoundError,
    PermissionDeniedError,
    ValidationError,
    Violation,
)
from signalmatch.faults import crash_point
from signalmatch.matcher.match import canonical_time, format_time, parse_time
from signalmatch.protocol import DATA_CATEGORIES, REFUSAL_REASONS
from signalmatch.requests import hit_name, parse_hit_name, parse_id
from signalmatch.transport import Identity
from signalmatch.workflow import IN_BEHANDELING, INFO_OPGEVRAAGD, NIEUW

if TYPE_CHECKING:
    from signalmatch.matcher.service import Matcher

PENDING, APPROVED, REFUSED, EXPIRED = "pending", "approved", "refused", "expired"
ANSWER_STATES = (PENDING, APPROVED, REFUSED, EXPIRED)


MIN_CIPHERTEXT = 40  # crypto_box: 24-byte nonce + 16-byte MAC, even for an empty payload
MAX_CIPHERTEXT = 1 << 20

_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,64}")
_PARTNER = re.compile(r"[a-z0-9][a-z0-9-]{0,62}")


# -- data at the boundary ----------------------------------------------------------------------


@dataclass(frozen=True)
class Sealed:
    recipient: str  # "chair/<name>" or "partner/<id>"
    ciphertext: bytes  # nonce || crypto_box ciphertext; opaque to the matcher


@dataclass(frozen=True)
class Answer:
    partner: str
    state: str  # one of ANSWER_STATES
    reason: str  # refusal reason ("" otherwise, and "" in views for other partners)
    signal_refs: tuple[str, ...]  # the partner's signals in the hit at request time
    decide_time: str  # "" while pending
    sealed: tuple[Sealed, ...] = ()


@dataclass(frozen=True)
class Disclosure:
    id: int
    hit_id: int
    requester: str  # chair name
    categories: tuple[str, ...]
    purpose: str
    legal_basis: str
    answers: tuple[Answer, ...]
    recipients: tuple[str, ...]
    create_time: str
    expire_time: str

    @property
    def name(self) -> str:
        return disclosure_name(self.id)

    def answer_of(self, partner: str) -> Answer | None:
        return next((a for a in self.answers if a.partner == partner), None)


@dataclass(frozen=True)
class DisclosureRequest:
    """A validated CreateDisclosure request (partners still to be checked against the hit)."""

    hit_id: int
    partners: tuple[str, ...]  # sorted; empty = every partner in the hit
    categories: tuple[str, ...]  # in enum order, no duplicates
    purpose: str
    legal_basis: str
    request_id: str  # "" = no idempotency

    def digest(self) -> bytes:
        fields = [self.hit_id, list(self.partners), list(self.categories), self.purpose, self.legal_basis]
        return hashlib.sha256(json.dumps(fields, separators=(",", ":")).encode()).digest()


@dataclass(frozen=True)
class AnswerIn:
    approve: bool
    reason: str
    sealed: tuple[Sealed, ...]


@dataclass(frozen=True)
class ListFilter:
    hit_id: int | None = None
    state: str = ""  # partner: its own answer's state; chair: any answer's state


# -- pure rules ----------------------------------------------------------------------------------


def disclosure_name(disclosure_id: int) -> str:
    return f"disclosures/{disclosure_id}"


def _bad(field: str, rule: str, **values: object) -> Violation:
    return InvalidValue(rule, i18n.t(rule, **values)).at(field)


def _invalid(field: str, rule: str, **values: object) -> ValidationError:
    return ValidationError([_bad(field, rule, **values)])


def parse_disclosure_name(name: str, field: str = "name") -> int:
    return parse_id(name, "disclosures/", field)


def recipient_of(who: Identity) -> str:
    """How a caller is named among a disclosure's recipients: "chair/<name>" / "partner/<id>"."""
    return f"{who.role}/{who.name}"


def validate_request(
    hit: str,
    partners: Sequence[str],
    categories: Sequence[str],
    purpose: str,
    legal_basis: str,
    request_id: str,
    policy: TablePolicy,
) -> DisclosureRequest:
    """Checks a request on its own; categories are short names ("" for an unknown enum value)."""
    problems: list[Violation] = []
    try:
        hit_id = parse_hit_name(hit, "hit")
    except ValidationError as exc:
        problems += exc.violations
        hit_id = 0
    for i, partner in enumerate(partners):
        if not _PARTNER.fullmatch(partner):
            problems.append(_bad(f"partners[{i}]", "disclosure.partner.format", value=partner))
    choices = ", ".join(DATA_CATEGORIES)
    if not categories:
        problems.append(_bad("categories", "disclosure.categories.required", choices=choices))
    for i, category in enumerate(categories):
        if category not in DATA_CATEGORIES:
            problems.append(_bad(f"categories[{i}]", "disclosure.category.unknown", choices=choices))
    if purpose not in policy.purposes:
        problems.append(
            _bad("purpose", "disclosure.purpose.unknown", value=purpose, choices=", ".join(policy.purposes))
        )
    if legal_basis not in policy.legal_bases:
        problems.append(
            _bad("legal_basis", "disclosure.legal_basis.unknown", value=legal_basis, choices=", ".join(policy.legal_bases))
        )
    if request_id and not _REQUEST_ID.fullmatch(request_id):
        problems.append(_bad("request_id", "disclosure.request_id.format"))
    if problems:
        raise ValidationError(problems)
    return DisclosureRequest(
        hit_id=hit_id,
        partners=tuple(sorted(set(partners))),
        categories=tuple(c for c in DATA_CATEGORIES if c in set(categories)),
        purpose=purpose,
        legal_basis=legal_basis,
        request_id=request_id,
    )


def asked_partners(request: DisclosureRequest, hit_partners: Sequence[str], given: Sequence[str] = ()) -> tuple[str, ...]:
    """The partners to ask: those requested (each must be in the hit), or all in the hit.

    `given` is the request's partner list as sent, to name the offending field by its index.
    """
    if not request.partners:
        return tuple(sorted(hit_partners))
    choices = ", ".join(sorted(hit_partners))
    positions = list(given) if given else list(request.partners)
    problems = [
        _bad(f"partners[{i}]", "disclosure.partner.not_in_hit", value=p, choices=choices)
        for i, p in enumerate(positions)
        if p not in hit_partners
    ]
    if problems:
        raise ValidationError(problems)
    return request.partners


def recipients_for(requester: str, hit_partners: Iterable[str], policy: TablePolicy) -> tuple[str, ...]:
    """The requesting chair, plus every partner in the hit if the table's policy says so."""
    extra = [f"partner/{p}" for p in sorted(set(hit_partners))] if policy.disclose_to_partners else []
    return (f"chair/{requester}", *extra)


def expire_time(create_time: str, policy: TablePolicy) -> str:
    return format_time(parse_time(create_time) + timedelta(hours=policy.request_ttl_hours))


def check_answer(disclosure: Disclosure, partner: str, answer: AnswerIn) -> bool:
    """Raise unless `partner` may give `answer` now. False: a retry of the same decision (no-op)."""
    current = disclosure.answer_of(partner)
    if current is None:
        raise ConflictError(i18n.t("disclosure.answer.not_asked", partner=partner, name=disclosure.name))
    if current.state == EXPIRED:
        raise ConflictError(i18n.t("disclosure.answer.expired", name=disclosure.name, time=disclosure.expire_time))
    if current.state != PENDING:
        if (current.state == APPROVED) == answer.approve:
            return False
        raise ConflictError(
            i18n.t("disclosure.answer.decided", partner=partner, name=disclosure.name, state=current.state)
        )
    problems: list[Violation] = []
    if answer.approve:
        if answer.reason:
            problems.append(_bad("reason", "disclosure.reason.not_allowed"))
        seen: set[str] = set()
        for i, sealed in enumerate(answer.sealed):
            if sealed.recipient not in disclosure.recipients:
                problems.append(
                    _bad(
                        f"sealed[{i}].recipient",
                        "disclosure.sealed.recipient",
                        value=sealed.recipient,
                        choices=", ".join(disclosure.recipients),
                    )
                )
            elif sealed.recipient in seen:
                problems.append(_bad(f"sealed[{i}].recipient", "disclosure.sealed.duplicate", value=sealed.recipient))
            seen.add(sealed.recipient)
            if not MIN_CIPHERTEXT <= len(sealed.ciphertext) <= MAX_CIPHERTEXT:
                problems.append(
                    _bad(
                        f"sealed[{i}].ciphertext",
                        "disclosure.sealed.size",
                        min=MIN_CIPHERTEXT,
                        max=MAX_CIPHERTEXT,
                        size=len(sealed.ciphertext),
                    )
                )
        missing = [r for r in disclosure.recipients if r not in seen]
        if missing:
            problems.append(_bad("sealed", "disclosure.sealed.missing", missing=", ".join(missing)))
    else:
        if answer.reason.strip() not in REFUSAL_REASONS:
            problems.append(_bad("reason", "disclosure.reason.required", choices=", ".join(REFUSAL_REASONS)))
        if answer.sealed:
            problems.append(_bad("sealed", "disclosure.sealed.not_allowed"))
    if problems:
        raise ValidationError(problems)
    return True


def visible_to(disclosure: Disclosure, who: Identity) -> bool:
    if who.role == "chair":
        return True
    return disclosure.answer_of(who.name) is not None or recipient_of(who) in disclosure.recipients


def view_for(disclosure: Disclosure, who: Identity, with_sealed: bool = True) -> Disclosure:
    """What `who` may see: payloads sealed to it only; other partners' reasons and refs hidden."""
    me = recipient_of(who)
    answers = []
    for answer in disclosure.answers:
        sealed = tuple(s for s in answer.sealed if s.recipient == me) if with_sealed else ()
        if who.role != "chair" and answer.partner != who.name:
            answer = replace(answer, reason="", signal_refs=())
        answers.append(replace(answer, sealed=sealed))
    return replace(disclosure, answers=tuple(answers))


def _ids(values: Iterable[str]) -> str:
    return ",".join(sorted(values))


# -- storage -------------------------------------------------------------------------------------

_SCHEMA = """
CREATE TABLE IF NOT EXISTS disclosures (
    id             INTEGER PRIMARY KEY,
    hit_id         INTEGER NOT NULL,
    requester      TEXT    NOT NULL,
    request_id     TEXT,               -- NULL: the chair sent none
    request_sha256 BLOB    NOT NULL,
    categories     TEXT    NOT NULL,   -- JSON list of category short names
    purpose        TEXT    NOT NULL,
    legal_basis    TEXT    NOT NULL,
    recipients     TEXT    NOT NULL,   -- JSON list
    create_time    TEXT    NOT NULL,   -- canonical RFC 3339 UTC, sorts as text
    expire_time    TEXT    NOT NULL,
    UNIQUE (requester, request_id)
);
CREATE INDEX IF NOT EXISTS disclosures_hit ON disclosures (hit_id, id);
CREATE TABLE IF NOT EXISTS disclosure_answers (
    disclosure_id INTEGER NOT NULL REFERENCES disclosures(id),
    partner       TEXT    NOT NULL,
    state         TEXT    NOT NULL,
    reason        TEXT    NOT NULL DEFAULT '',
    signal_refs   TEXT    NOT NULL,    -- JSON list
    decide_time   TEXT    NOT NULL DEFAULT '',
    PRIMARY KEY (disclosure_id, partner)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS disclosure_answers_partner ON disclosure_answers (partner, state, disclosure_id);
CREATE INDEX IF NOT EXISTS disclosure_answers_pending ON disclosure_answers (disclosure_id) WHERE state = 'pending';
-- Ciphertext only: the matcher relays it and has no key to open it.
CREATE TABLE IF NOT EXISTS disclosure_payloads (
    disclosure_id INTEGER NOT NULL,
    partner       TEXT    NOT NULL,
    recipient     TEXT    NOT NULL,
    ciphertext    BLOB    NOT NULL,
    PRIMARY KEY (disclosure_id, partner, recipient)
) WITHOUT ROWID;
-- Which payloads reached their recipient (each delivery is audited once).
CREATE TABLE IF NOT EXISTS disclosure_deliveries (
    disclosure_id INTEGER NOT NULL,
    recipient     TEXT    NOT NULL,
    partner       TEXT    NOT NULL,
    time          TEXT    NOT NULL,
    PRIMARY KEY (disclosure_id, recipient, partner)
) WITHOUT ROWID;
"""


class Disclosures:
    """The disclosure workflow on the matcher's store and audit log."""

    def __init__(self, matcher: Matcher):
        self._m = matcher
        self.store = matcher.store
        self.table: str = matcher.cfg.table
        self.policy: TablePolicy = matcher.cfg.policy
        with self.store.transaction() as conn:
            for statement in _SCHEMA.split(";\n"):
                if statement.strip():
                    conn.execute(statement)

    # -- operations ----------------------------------------------------------------------------

    def create(
        self, who: Identity, request: DisclosureRequest, given_partners: Sequence[str] = (), now: str | None = None
    ) -> Disclosure:
        """A new request (or, for a repeated request_id with the same content, the earlier one)."""
        self._member(who)
        now = canonical_time(now or clock.now())
        with self.store.transaction() as conn:
            if request.request_id:
                row = conn.execute(
                    "SELECT id, request_sha256 FROM disclosures WHERE requester = ? AND request_id = ?",
                    (who.name, request.request_id),
                ).fetchone()
                if row is not None:
                    if bytes(row[1]) != request.digest():
                        raise ConflictError(
                            i18n.t(
                                "disclosure.request_id.reused",
                                request_id=request.request_id,
                                name=disclosure_name(row[0]),
                            )
                        )
                    self._expire(conn, now, row[0])
                    return view_for(self._load(conn, row[0]), who)
            hit = self.store.get_hit(request.hit_id)  # committed state; we hold the only writer
            partners = asked_partners(request, hit.partners, given_partners)
            recipients = recipients_for(who.name, hit.partners, self.policy)
            disclosure_id = conn.execute(
                "INSERT INTO disclosures (hit_id, requester, request_id, request_sha256, categories, purpose,"
                " legal_basis, recipients, create_time, expire_time) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    hit.id,
                    who.name,
                    request.request_id or None,
                    request.digest(),
                    json.dumps(request.categories),
                    request.purpose,
                    request.legal_basis,
                    json.dumps(recipients),
                    now,
                    expire_time(now, self.policy),
                ),
            ).lastrowid
            assert disclosure_id is not None
            conn.executemany(
                "INSERT INTO disclosure_answers (disclosure_id, partner, state, signal_refs) VALUES (?, ?, ?, ?)",
                [
                    (disclosure_id, p, PENDING, json.dumps([s.signal_ref for s in hit.signals if s.partner == p]))
                    for p in partners
                ],
            )
            if hit.status in (NIEUW, IN_BEHANDELING):
                self.store.set_status(hit.id, INFO_OPGEVRAAGD, "", "", now)
                self._m.audit.append(
                    self._m.entry(who, "hit.status_changed", [hit_name(hit.id)], status=INFO_OPGEVRAAGD, cause="disclosure")
                )
            disclosure = self._load(conn, disclosure_id)
            self._audit(who, "disclosure.requested", disclosure, partners=_ids(partners))
        return view_for(disclosure, who)

    def get(self, who: Identity, disclosure_id: int, now: str | None = None) -> Disclosure:
        """One disclosure as `who` may see it; audits the first delivery of each payload."""
        self._member(who)
        now = canonical_time(now or clock.now())
        me = recipient_of(who)
        with self.store.transaction() as conn:
            self._expire(conn, now, disclosure_id)
            disclosure = self._visible(conn, who, disclosure_id)
            view = view_for(disclosure, who)
            delivered = {
                r[0]
                for r in conn.execute(
                    "SELECT partner FROM disclosure_deliveries WHERE disclosure_id = ? AND recipient = ?",
                    (disclosure_id, me),
                )
            }
            new = sorted({a.partner for a in view.answers if a.sealed} - delivered)
            if new:
                conn.executemany(
                    "INSERT INTO disclosure_deliveries (disclosure_id, recipient, partner, time) VALUES (?, ?, ?, ?)",
                    [(disclosure_id, me, p, now) for p in new],
                )
                self._audit(who, "disclosure.delivered", disclosure, recipients=(me,), partners=_ids(new))
        return view

    def list_disclosures(
        self, who: Identity, flt: ListFilter, page_size: int = 0, page_token: str = "", now: str | None = None
    ) -> tuple[list[Disclosure], str]:
        """Newest first, without payloads. A chair sees all, a partner those it was asked in."""
        self._member(who)
        size = protocol.page_size(page_size)
        if flt.state and flt.state not in ANSWER_STATES:
            raise _invalid("state", "disclosure.state.unknown")
        caller, query = recipient_of(who), "disclosures " + repr(flt)
        conds, params = ["1 = 1"], []
        if who.role != "chair":
            conds.append("EXISTS (SELECT 1 FROM disclosure_answers a WHERE a.disclosure_id = d.id AND a.partner = ?"
                         + (" AND a.state = ?)" if flt.state else ")"))
            params += [who.name, flt.state] if flt.state else [who.name]
        elif flt.state:
            conds.append("EXISTS (SELECT 1 FROM disclosure_answers a WHERE a.disclosure_id = d.id AND a.state = ?)")
            params.append(flt.state)
        if flt.hit_id is not None:
            conds.append("d.hit_id = ?")
            params.append(flt.hit_id)
        if page_token:
            conds.append("d.id < ?")
            params.append(self.store.page_tokens.decode(page_token, caller, query, (int,))[0])
        now = canonical_time(now or clock.now())
        with self.store.transaction() as conn:
            self._expire(conn, now)
            ids = [
                r[0]
                for r in conn.execute(
                    f"SELECT d.id FROM disclosures d WHERE {' AND '.join(conds)} ORDER BY d.id DESC LIMIT ?",
                    [*params, size + 1],
                )
            ]
            more = len(ids) > size
            ids = ids[:size]
            found = [view_for(self._load(conn, i, payloads=False), who, with_sealed=False) for i in ids]
        return found, self.store.page_tokens.encode(caller, query, [ids[-1]]) if more else ""

    def answer(self, who: Identity, disclosure_id: int, answer: AnswerIn, now: str | None = None) -> Disclosure:
        """The partner `who` approves or refuses its own pending answer."""
        self._member(who)
        now = canonical_time(now or clock.now())
        with self.store.transaction() as conn:  # its own: an expiry stands even when the answer is refused
            self._expire(conn, now, disclosure_id)
        try:
            return self._answer(who, disclosure_id, answer, now)
        except ConflictError as exc:  # a second answer, a late one: refused, and logged
            self._m.record(
                self._m.entry(
                    who, "disclosure.answer_refused", [disclosure_name(disclosure_id)], outcome="rejected",
                    reason=type(exc).__name__,
                )
            )  # fmt: skip
            raise

    def _answer(self, who: Identity, disclosure_id: int, answer: AnswerIn, now: str) -> Disclosure:
        with self.store.transaction() as conn:
            disclosure = self._visible(conn, who, disclosure_id)
            if check_answer(disclosure, who.name, answer):
                state = APPROVED if answer.approve else REFUSED
                conn.execute(
                    "UPDATE disclosure_answers SET state = ?, reason = ?, decide_time = ?"
                    " WHERE disclosure_id = ? AND partner = ?",
                    (state, "" if answer.approve else answer.reason.strip(), now, disclosure_id, who.name),
                )
                conn.executemany(
                    "INSERT INTO disclosure_payloads (disclosure_id, partner, recipient, ciphertext) VALUES (?, ?, ?, ?)",
                    [(disclosure_id, who.name, s.recipient, s.ciphertext) for s in answer.sealed],
                )
                # Never the reason: it is free text.
                self._audit(who, f"disclosure.{state}", disclosure)
                disclosure = self._load(conn, disclosure_id)
                crash_point("disclosure.applied")  # the fault matrix (signalmatch/faults.py); inert otherwise
        crash_point("disclosure.committed")
        return view_for(disclosure, who)

    def record_opened(self, who: Identity, disclosure_id: int, partners: Sequence[str], now: str | None = None) -> None:
        """A recipient reports that it decrypted the payloads of `partners` on its own machine."""
        self._member(who)
        now = canonical_time(now or clock.now())
        me = recipient_of(who)
        with self.store.transaction() as conn:
            self._expire(conn, now, disclosure_id)
            disclosure = self._visible(conn, who, disclosure_id)
            if me not in disclosure.recipients:
                raise PermissionDeniedError(i18n.t("disclosure.opened.not_recipient", who=me, name=disclosure.name))
            if not partners:
                raise _invalid("partners", "disclosure.opened.partners_required")
            problems = []
            for i, partner in enumerate(partners):
                answer = disclosure.answer_of(partner)
                if answer is None or not any(s.recipient == me for s in answer.sealed):
                    problems.append(_bad(f"partners[{i}]", "disclosure.opened.no_payload", value=partner))
            if problems:
                raise ValidationError(problems)
            self._audit(who, "disclosure.opened", disclosure, recipients=(me,), partners=_ids(set(partners)))

    def expire_disclosures(self, now: str | None = None) -> int:
        """Answers still pending at their expiry time become expired; returns how many."""
        with self.store.transaction() as conn:
            return self._expire(conn, canonical_time(now or clock.now()))

    # -- internals -----------------------------------------------------------------------------

    def _member(self, who: Identity) -> None:
        members = self._m.cfg.chairs if who.role == "chair" else self._m.cfg.partners
        if who.role not in ("chair", "partner") or who.name not in members:
            raise PermissionDeniedError(i18n.t("disclosure.caller.unknown", uri=who.uri))

    def _visible(self, conn: sqlite3.Connection, who: Identity, disclosure_id: int) -> Disclosure:
        disclosure = self._load(conn, disclosure_id)
        if not visible_to(disclosure, who):
            raise NotFoundError(i18n.t("disclosure.not_found", name=disclosure_name(disclosure_id)))
        return disclosure

    def _audit(self, who: Identity, action: str, disclosure: Disclosure, recipients: Sequence[str] | None = None, **details: str) -> None:
        entry = replace(
            self._m.entry(who, action, [disclosure.name, hit_name(disclosure.hit_id)], **details),
            purpose=disclosure.purpose,
            legal_basis=disclosure.legal_basis,
            data_categories=disclosure.categories,
            recipients=tuple(disclosure.recipients if recipients is None else recipients),
        )
        self._m.audit.append(entry)

    def _expire(self, conn: sqlite3.Connection, now: str, disclosure_id: int | None = None) -> int:
        """Expire due pending answers (of one disclosure, or all), inside the caller's transaction."""
        query = (
            "SELECT a.disclosure_id, a.partner FROM disclosure_answers a JOIN disclosures d ON d.id = a.disclosure_id"
            " WHERE a.state = 'pending' AND d.expire_time <= ?"
        )
        params: list[object] = [now]
        if disclosure_id is not None:
            query += " AND d.id = ?"
            params.append(disclosure_id)
        due: dict[int, list[str]] = {}
        for did, partner in conn.execute(query + " ORDER BY a.disclosure_id, a.partner", params).fetchall():
            due.setdefault(did, []).append(partner)
        system = Identity(self._m.cfg.table, "matcher", "")
        for did, partners in due.items():
            disclosure = self._load(conn, did, payloads=False)
            conn.executemany(  # decided by the clock at the expiry time, however late we notice
                "UPDATE disclosure_answers SET state = ?, decide_time = ? WHERE disclosure_id = ? AND partner = ?",
                [(EXPIRED, disclosure.expire_time, did, p) for p in partners],
            )
            entry = replace(
                self._m.entry(system, "disclosure.expired", [disclosure.name, hit_name(disclosure.hit_id)], partners=_ids(partners)),
                actor_role="system",
                purpose=disclosure.purpose,
                legal_basis=disclosure.legal_basis,
                data_categories=disclosure.categories,
                recipients=disclosure.recipients,
            )
            self._m.audit.append(entry)
        return sum(len(p) for p in due.values())

    @staticmethod
    def _load(conn: sqlite3.Connection, disclosure_id: int, payloads: bool = True) -> Disclosure:
        head = conn.execute(
            "SELECT hit_id, requester, categories, purpose, legal_basis, recipients, create_time, expire_time"
            " FROM disclosures WHERE id = ?",
            (disclosure_id,),
        ).fetchone()
        if head is None:
            raise NotFoundError(i18n.t("disclosure.not_found", name=disclosure_name(disclosure_id)))
        hit_id, requester, categories, purpose, legal_basis, recipients, create_time, expires = head
        sealed: dict[str, list[Sealed]] = {}
        if payloads:
            for partner, recipient, ciphertext in conn.execute(
                "SELECT partner, recipient, ciphertext FROM disclosure_payloads WHERE disclosure_id = ?"
                " ORDER BY partner, recipient",
                (disclosure_id,),
            ):
                sealed.setdefault(partner, []).append(Sealed(recipient, bytes(ciphertext)))
        answers = tuple(
            Answer(partner, state, reason, tuple(json.loads(refs)), decide_time, tuple(sealed.get(partner, ())))
            for partner, state, reason, refs, decide_time in conn.execute(
                "SELECT partner, state, reason, signal_refs, decide_time FROM disclosure_answers"
                " WHERE disclosure_id = ? ORDER BY partner",
                (disclosure_id,),
            )
        )
        return Disclosure(
            id=disclosure_id,
            hit_id=hit_id,
            requester=requester,
            categories=tuple(json.loads(categories)),
            purpose=purpose,
            legal_basis=legal_basis,
            answers=answers,
            recipients=tuple(json.loads(recipients)),
            create_time=create_time,
            expire_time=expires,
        )
