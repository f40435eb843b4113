"""Disclosure requests in the matcher's store (SQLite) and audit log; the rules they follow are
matcher/disclosure.py's.

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

Concurrency: every operation, also a read, runs in one ``MatchStore.transaction()`` because
any of them may expire answers or record a delivery.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from signalmatch import clock, i18n, protocol
from signalmatch.config import TablePolicy
from signalmatch.errors import ConflictError, NotFoundError, PermissionDeniedError, ValidationError
from signalmatch.faults import crash_point
from signalmatch.matcher.disclosure import (
    ANSWER_STATES,
    APPROVED,
    EXPIRED,
    PENDING,
    REFUSED,
    Answer,
    AnswerIn,
    Disclosure,
    DisclosureRequest,
    ListFilter,
    Sealed,
    asked_partners,
    check_answer,
    disclosure_name,
    expire_time,
    invalid,
    recipient_of,
    recipients_for,
    view_for,
    violation,
    visible_to,
)
from signalmatch.matcher.match import canonical_time
from signalmatch.requests import hit_name
from signalmatch.transport import Identity
from signalmatch.workflow import IN_BEHANDELING, INFO_OPGEVRAAGD, NIEUW

if TYPE_CHECKING:
    from signalmatch.matcher.service import Matcher


def _ids(values: Iterable[str]) -> str:
    return ",".join(sorted(values))


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
            raise invalid("state", "disclosure.state.unknown")
        caller, query = recipient_of(who), "disclosures " + repr(flt)
        conds: list[str] = ["1 = 1"]
        params: list[int | str] = []
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
                raise invalid("partners", "disclosure.opened.partners_required")
            problems = []
            for i, partner in enumerate(partners):
                answer = disclosure.answer_of(partner)
                if answer is None or not any(s.recipient == me for s in answer.sealed):
                    problems.append(violation(f"partners[{i}]", "disclosure.opened.no_payload", value=partner))
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
