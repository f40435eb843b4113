"""Disclosure reviews in the node's vault: requests received, decisions, and answers still to send.

One table on the vault's connection, ``disclosure_reviews``: the request as the matcher relayed it
(a serialized Disclosure without sealed payloads: ids, categories, purpose, legal basis,
recipients, signal refs — no personal data), its state, who decided and when, and whether the
answer reached the matcher. A decided review that is not yet delivered IS the durable queue of
answers: a decision commits before anything is sent, so it survives a crash and is sent after
restart. The sealed payload is built when sending, from what the vault holds then, so a signal
withdrawn after the decision is not disclosed.

Every step is written to the node's own audit log in the same transaction: disclosure.received,
disclosure.approved / disclosure.refused (by an officer, or by the system with the rule),
disclosure.expired, disclosure.sent and disclosure.undelivered; and disclosure.previewed each
time an officer is shown what approval would send. Never the payload, never the refusal text.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

from signalmatch import clock
from signalmatch.audit.log import AuditEntry
from signalmatch.errors import ConflictError, NotFoundError
from signalmatch.i18n import t
from signalmatch.node import disclosure
from signalmatch.node.signal import to_proto
from signalmatch.node.vault import Actor, Vault
from signalmatch.v1 import disclosure_pb2, signal_pb2

PENDING = "pending"
APPROVED = "approved"
REFUSED = "refused"
EXPIRED = "expired"
STATES = (PENDING, APPROVED, REFUSED, EXPIRED)


_CODE = re.compile(r"[A-Za-z0-9._:/-]{1,128}")
_EFFECTIVE_STATE = (
    "CASE WHEN state = 'pending' AND expire_time != '' AND expire_time <= :now THEN 'expired' ELSE state END"
)
_COLUMNS = (
    "name, request, " + _EFFECTIVE_STATE + ", decided_by, reason, decide_time, delivered, receive_time, undeliverable"
)


@dataclass(frozen=True)
class Review:
    name: str
    request: disclosure_pb2.Disclosure  # as relayed, without sealed payloads
    state: str  # one of STATES (pending past its expire time reads as expired)
    decided_by: str  # officer certificate URI, or "policy:<rule>"
    reason: str  # refusal reason
    decide_time: str
    delivered: bool
    receive_time: str
    undeliverable: str  # "" or why the matcher would not take the answer (a status code)

    def signal_refs(self, partner: str) -> tuple[str, ...]:
        return disclosure.own_signal_refs(self.request, partner)


@dataclass(frozen=True)
class Decider:
    """Who decides: an officer (role "officer", user = certificate URI) or the node's policy."""

    role: str  # "officer" | "system"
    user: str
    rule: str = ""  # policy rule id for automatic decisions

    @property
    def decided_by(self) -> str:
        return f"policy:{self.rule}" if self.rule else self.user


class Reviews:
    def __init__(self, vault: Vault, partner: str):
        self._vault = vault
        self.partner = partner
        with vault.transaction() as conn:
            conn.execute(
                """CREATE TABLE IF NOT EXISTS disclosure_reviews (
                    name TEXT PRIMARY KEY,
                    hit TEXT NOT NULL,
                    request BLOB NOT NULL,
                    state TEXT NOT NULL,
                    expire_time TEXT NOT NULL,
                    receive_time TEXT NOT NULL,
                    decided_by TEXT NOT NULL DEFAULT '',
                    reason TEXT NOT NULL DEFAULT '',
                    decide_time TEXT NOT NULL DEFAULT '',
                    delivered INTEGER NOT NULL DEFAULT 0,
                    deliver_time TEXT NOT NULL DEFAULT '',
                    undeliverable TEXT NOT NULL DEFAULT '')"""
            )
            conn.execute(
                "CREATE INDEX IF NOT EXISTS disclosure_reviews_receive ON disclosure_reviews (receive_time, name)"
            )

    # -- audit -----------------------------------------------------------------------------------

    def _entry(
        self,
        now: str,
        role: str,
        user: str,
        action: str,
        review: disclosure_pb2.Disclosure,
        refs: Iterable[str],
        outcome: str = "ok",
        **details: str,
    ) -> AuditEntry:
        return AuditEntry(
            time=now,
            actor_org=self.partner,
            actor_role=role,
            actor_user=user,
            action=action,
            objects=(review.name, review.hit, *(f"signals/{_code(ref)}" for ref in refs)),
            purpose=_code(review.purpose),
            legal_basis=_code(review.legal_basis),
            data_categories=tuple(_category(c) for c in sorted(set(review.categories))),
            recipients=tuple(_code(r) for r in review.recipients),
            outcome=outcome,
            system="node",
            details=tuple((k, v) for k, v in details.items() if v),
        )

    @property
    def _node(self) -> str:
        return f"node/{self.partner}"

    # -- writing ---------------------------------------------------------------------------------

    def receive(
        self, request: disclosure_pb2.Disclosure, now: str, decision: tuple[bool, str, Decider] | None = None
    ) -> bool:
        """Store a new request (False if it is known already) and, in the same transaction, an
        automatic decision (approve, reason, decider) if one applies."""
        stored = disclosure_pb2.Disclosure()
        stored.CopyFrom(request)
        for answer in stored.answers:
            del answer.sealed[:]
        expire_time = clock.from_timestamp(stored.expire_time)  # "" when unset: never expires
        with self._vault.transaction() as conn:
            if conn.execute("SELECT 1 FROM disclosure_reviews WHERE name = ?", (stored.name,)).fetchone():
                return False
            conn.execute(
                "INSERT INTO disclosure_reviews (name, hit, request, state, expire_time, receive_time)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (stored.name, stored.hit, stored.SerializeToString(), PENDING, expire_time, now),
            )
            self._vault.audit.append(
                self._entry(
                    now,
                    "partner",
                    self._node,
                    "disclosure.received",
                    stored,
                    disclosure.own_signal_refs(stored, self.partner),
                    requester=stored.requester,
                )
            )
            if decision is not None:
                self._decide(conn, stored.name, *decision, now)
        return True

    def decide(self, name: str, approve: bool, reason: str, decider: Decider, now: str) -> Review:
        """Record a final decision; ConflictError if the review is decided or expired already."""
        with self._vault.transaction() as conn:
            self._decide(conn, name, approve, reason, decider, now)
        return self.get(name, now)

    def _decide(self, conn: sqlite3.Connection, name: str, approve: bool, reason: str, decider: Decider, now: str) -> None:
        review = self._get(name, now)
        if review.state == EXPIRED:
            raise ConflictError(t("node.review.expired", name=name))
        if review.state != PENDING:
            raise ConflictError(t("node.review.already_decided", name=name, state=review.state))
        state = APPROVED if approve else REFUSED
        conn.execute(
            "UPDATE disclosure_reviews SET state = ?, decided_by = ?, reason = ?, decide_time = ? WHERE name = ?",
            (state, decider.decided_by, "" if approve else reason, now, name),
        )
        self._vault.audit.append(
            self._entry(
                now,
                decider.role,
                decider.user,
                f"disclosure.{state}",
                review.request,
                review.signal_refs(self.partner),
                rule=decider.rule,
            )
        )

    def expire(self, now: str) -> list[str]:
        """Mark pending reviews past their expire time as expired; returns their names."""
        with self._vault.transaction() as conn:
            rows = conn.execute(
                "SELECT name FROM disclosure_reviews WHERE state = 'pending' AND expire_time != ''"
                " AND expire_time <= ? ORDER BY name",
                (now,),
            ).fetchall()
            for (name,) in rows:
                review = self._get(name, now)
                conn.execute("UPDATE disclosure_reviews SET state = ? WHERE name = ?", (EXPIRED, name))
                self._vault.audit.append(
                    self._entry(
                        now,
                        "system",
                        self._node,
                        "disclosure.expired",
                        review.request,
                        review.signal_refs(self.partner),
                    )
                )
        return [name for (name,) in rows]

    def mark_delivered(self, name: str, refs_sent: Iterable[str], now: str) -> None:
        """The matcher took the answer; `refs_sent` are the signals actually in the payload."""
        with self._vault.transaction() as conn:
            review = self._get(name, now)
            if review.delivered:
                return
            conn.execute("UPDATE disclosure_reviews SET delivered = 1, deliver_time = ? WHERE name = ?", (now, name))
            self._vault.audit.append(
                self._entry(
                    now, "partner", self._node, "disclosure.sent", review.request, refs_sent, answer=review.state
                )
            )

    def mark_undeliverable(self, name: str, code: str, now: str) -> None:
        """The matcher refused the answer for good (e.g. the request expired there first)."""
        with self._vault.transaction() as conn:
            review = self._get(name, now)
            conn.execute("UPDATE disclosure_reviews SET undeliverable = ? WHERE name = ?", (code, name))
            self._vault.audit.append(
                self._entry(
                    now,
                    "partner",
                    self._node,
                    "disclosure.undelivered",
                    review.request,
                    review.signal_refs(self.partner),
                    outcome=code,
                    answer=review.state,
                )
            )

    # -- reading ---------------------------------------------------------------------------------

    def get(self, name: str, now: str) -> Review:
        with self._vault.transaction():
            return self._get(name, now)

    def _get(self, name: str, now: str) -> Review:
        row = self._vault.conn.execute(
            f"SELECT {_COLUMNS} FROM disclosure_reviews WHERE name = :name", {"name": name, "now": now}
        ).fetchone()
        if row is None:
            raise NotFoundError(t("node.review.not_found", name=name))
        return _review(row)

    def list_reviews(
        self, now: str, page_size: int, page_token: str = "", state: str = "", caller: str = ""
    ) -> tuple[list[Review], str]:
        """Newest first, optionally one (effective) state; `page_token` is what the previous page
        gave the same caller for the same state."""
        query = f"reviews state={state}"
        where, params = [], {"now": now, "limit": page_size + 1}
        if state:
            where.append(f"({_EFFECTIVE_STATE}) = :state")
            params["state"] = state
        if page_token:
            cursor_time, cursor_name = self._vault.page_tokens.decode(page_token, caller, query, (str, str))
            where.append("(receive_time, name) < (:cursor_time, :cursor_name)")
            params.update(cursor_time=cursor_time, cursor_name=cursor_name)
        sql = f"SELECT {_COLUMNS} FROM disclosure_reviews"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY receive_time DESC, name DESC LIMIT :limit"
        with self._vault.transaction() as conn:
            rows = conn.execute(sql, params).fetchall()
        page = [_review(row) for row in rows[:page_size]]
        more = len(rows) > page_size
        return page, self._vault.page_tokens.encode(caller, query, [page[-1].receive_time, page[-1].name]) if more else ""

    def undelivered(self, now: str) -> list[Review]:
        """Decided answers the matcher has not taken yet, oldest decision first."""
        with self._vault.transaction() as conn:
            rows = conn.execute(
                f"SELECT {_COLUMNS} FROM disclosure_reviews WHERE state IN ('approved', 'refused')"
                " AND delivered = 0 AND undeliverable = '' ORDER BY decide_time, name",
                {"now": now},
            ).fetchall()
        return [_review(row) for row in rows]

    def signals(self, review: Review) -> list[tuple[str, signal_pb2.Signal | None]]:
        """This partner's signals in the hit as the vault holds them now (None: withdrawn or gone)."""
        out: list[tuple[str, signal_pb2.Signal | None]] = []
        for ref in review.signal_refs(self.partner):
            try:
                stored = self._vault.get(ref)
            except NotFoundError:
                out.append((ref, None))
                continue
            out.append((ref, to_proto(stored.signal) if stored.signal is not None else None))
        return out

    def payload(self, review: Review) -> disclosure_pb2.DisclosurePayload:
        """Exactly what approving `review` sends now."""
        return disclosure.build_payload(review.name, self.partner, review.request.categories, self.signals(review))

    def preview(self, review: Review, viewer: Actor, now: str) -> disclosure_pb2.DisclosurePayload:
        """What approving `review` sends now, to be shown to `viewer`: personal data on a screen, so
        it is audited in the same transaction as ``disclosure.previewed`` (the disclosure, its hit and
        the signals shown as objects; never their content)."""
        with self._vault.transaction():
            payload = self.payload(review)
            self._vault.audit.append(
                self._entry(
                    now,
                    viewer.role,
                    viewer.user,
                    "disclosure.previewed",
                    review.request,
                    [s.signal_ref for s in payload.signals],
                )
            )
        return payload


def _code(value: str) -> str:
    """A relayed id as an audit code; anything that is not one (an invalid request) as "invalid"."""
    return value if _CODE.fullmatch(value) else "invalid"


def _category(value: int) -> str:
    try:
        return disclosure.category_name(value)
    except ValueError:
        return "invalid"


def _review(row: tuple) -> Review:
    name, request, state, decided_by, reason, decide_time, delivered, receive_time, undeliverable = row
    return Review(
        name=name,
        request=disclosure_pb2.Disclosure.FromString(request),
        state=state,
        decided_by=decided_by,
        reason=reason,
        decide_time=decide_time,
        delivered=bool(delivered),
        receive_time=receive_time,
        undeliverable=undeliverable,
    )
