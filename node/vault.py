"""The node's vault: raw signals encrypted at rest, and the durable outbox towards the matcher.

One SQLite file (WAL, synchronous=FULL) holds:
- signals: the signal as entered (serialized signalmatch.v1.Signal), sealed with AES-256-GCM under the node's vault key and bound to
  its ref; only the ref, state and times are in the clear. The partner's case number and the
  caller's request id are stored as keyed hashes, for idempotency without plaintext.
- outbox: operations (submit/withdraw) accepted but not yet acknowledged, in order. An accepted
  signal and its outbox entry are written in one transaction, so nothing accepted is lost. A
  queued submission carries the HMAC-layer tokens; the final (keyholder-layered) tokens exist
  only in the frozen batch (see node.layering).
- batches: a batch is frozen (id, bytes, signature) *before* it is sent, so a retry after a crash
  resends exactly the same bytes and the matcher can deduplicate by batch id. The matcher's
  signed receipt is kept with it.
- feedback: the hits the matcher reported for this partner's signals (terugkoppeling).
"""

from __future__ import annotations

import json
import sqlite3
import threading
import uuid
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

from signalmatch import crypto, sqlite
from signalmatch.audit.log import AuditEntry, AuditLog
from signalmatch.errors import AlreadyExistsError, ConflictError, NotFoundError, Violation
from signalmatch.node.signal import Signal, from_proto, to_proto
from signalmatch.protocol import MAX_BATCH_BYTES
from signalmatch.requests import PageTokens
from signalmatch.v1 import signal_pb2

STATE_PENDING = "pending"
STATE_SUBMITTED = "submitted"
STATE_WITHDRAWN = "withdrawn"
STATE_REFUSED = "refused"  # the matcher refused its submission: it waits for a correction by the staff
STATES = (STATE_PENDING, STATE_SUBMITTED, STATE_WITHDRAWN, STATE_REFUSED)


@dataclass(frozen=True)
class StoredSignal:
    ref: str
    signal: Signal | None  # None once withdrawn: the raw data is deleted
    state: str
    create_time: str
    update_time: str
    feedback: tuple[FeedbackHit, ...] = ()  # the table's feedback on the hits it is in, by hit name
    refusal: Refusal | None = None  # why the matcher refused it (state refused)

    @property
    def hits(self) -> tuple[str, ...]:
        return tuple(f.hit for f in self.feedback)


@dataclass(frozen=True)
class Refusal:
    """Why the matcher refused a signal: the fields (of the form, where a wire field maps to one)
    and rules, as the matcher's signed receipt (or its refusal of the whole batch) gave them."""

    violations: tuple[Violation, ...]
    time: str


@dataclass(frozen=True)
class NewSignal:
    ref: str
    signal: Signal
    request_id: str  # "" means: the external id is the idempotency key
    submission: bytes  # serialized PseudonymisedSignal
    tokens: tuple[tuple[str, bytes], ...]  # (kind, token) for the node's own look-ups (art. 15)
    epochs: tuple[int, ...] = ()  # key epochs the submission carries tokens in


@dataclass(frozen=True)
class Resubmission:
    """A live signal pseudonymised again after a key rotation (same ref, tokens of new epochs)."""

    ref: str
    submission: bytes  # serialized PseudonymisedSignal
    tokens: tuple[tuple[str, bytes], ...]  # the current epoch's (kind, token), for look-ups
    epochs: tuple[int, ...]


@dataclass(frozen=True)
class Actor:
    """Who acts at the node, for its audit log (from the caller's certificate)."""

    org: str  # the partner id
    role: str  # "operator", "officer", "system"
    user: str  # certificate URI, or "node/<partner>" for the node itself

    def entry(self, now: str, action: str, *objects: str, details: tuple[tuple[str, str], ...] = ()) -> AuditEntry:
        return AuditEntry(
            time=now,
            actor_org=self.org,
            actor_role=self.role,
            actor_user=self.user,
            action=action,
            objects=objects,
            system="node",
            details=details,
        )


@dataclass(frozen=True)
class Operation:
    seq: int
    kind: str  # "submit" | "withdraw"
    ref: str
    payload: bytes  # serialized PseudonymisedSignal for submit, empty for withdraw


@dataclass(frozen=True)
class FrozenBatch:
    batch_id: str
    body: bytes
    signature: bytes
    operations: int


@dataclass(frozen=True)
class FeedbackHit:
    hit: str
    status: str
    referred_to: str
    refs: tuple[str, ...]
    partner_count: int
    kinds: tuple[str, ...]
    update_time: str


# Version 1 is the first vault; tables new in a version are made below (if_not_exists).
SCHEMA = sqlite.Schema("vault")


class Vault:
    def __init__(self, path: Path, vault_key: bytes, audit_origin: str):
        path.parent.mkdir(parents=True, exist_ok=True)
        self._key = vault_key
        self._lock = threading.RLock()
        self.page_tokens = PageTokens()  # this process's: listings' tokens for their caller and query
        self.conn = sqlite.connect(path)
        sqlite.migrate(self.conn, SCHEMA, path)
        db = sqlite_utils.Database(self.conn)
        db.table("signals").create(
            {
                "ref": str,
                "request_key": bytes,
                "external_key": bytes,
                "content_key": bytes,
                "sealed": bytes,
                "state": str,
                "create_time": str,
                "update_time": str,
            },
            pk="ref",
            not_null={"request_key", "external_key", "content_key", "state", "create_time", "update_time"},
            if_not_exists=True,
        )
        db.table("signals").create_index(["request_key"], unique=True, if_not_exists=True)
        db.table("signals").create_index(["external_key"], unique=True, if_not_exists=True)
        db.table("signals").create_index(["create_time"], if_not_exists=True)
        db.table("outbox").create(
            {"seq": int, "kind": str, "ref": str, "payload": bytes, "batch_id": str, "create_time": str},
            pk="seq",
            not_null={"kind", "ref", "create_time"},
            if_not_exists=True,
        )
        db.table("outbox").create_index(["batch_id"], if_not_exists=True)
        db.table("batches").create(
            {
                "batch_id": str,
                "body": bytes,
                "signature": bytes,
                "operations": int,
                "create_time": str,
                "ack_time": str,
                "receipt": bytes,
                "receipt_signature": bytes,
                "reject_time": str,
                "reject_reason": str,
            },
            pk="batch_id",
            not_null={"body", "signature", "operations", "create_time"},
            if_not_exists=True,
        )
        db.table("signal_tokens").create(
            {"ref": str, "kind": str, "token": bytes}, pk=("ref", "kind", "token"), if_not_exists=True
        )
        db.table("signal_tokens").create_index(["token"], if_not_exists=True)
        # Why the matcher refused a signal (state refused); the row goes when it is resubmitted.
        db.table("refusals").create(
            {"ref": str, "refuse_time": str, "violations": str, "batch_id": str},
            pk="ref",
            not_null={"refuse_time", "violations"},
            if_not_exists=True,
        )
        # The key epochs each signal was queued for the matcher in (see node.rotation).
        db.table("signal_epochs").create({"ref": str, "epoch": int}, pk=("ref", "epoch"), if_not_exists=True)
        # The node's own audit log (intake, views of signals, withdrawal, batches sent, disclosure decisions).
        self.audit = AuditLog(self.conn, origin=audit_origin)
        db.table("feedback").create(
            {
                "hit": str,
                "status": str,
                "referred_to": str,
                "refs": str,
                "partner_count": int,
                "kinds": str,
                "update_time": str,
            },
            pk="hit",
            if_not_exists=True,
        )

    def close(self) -> None:
        with self._lock:
            self.conn.close()

    def transaction(self) -> AbstractContextManager[sqlite3.Connection]:
        return sqlite.transaction(self.conn, self._lock)

    def _keyed(self, label: str, value: str | bytes) -> bytes:
        return crypto.hmac_sha256(self._key, crypto.encode_fields("signalmatch/vault/" + label, value))

    # -- signals ---------------------------------------------------------------------------------

    def create_many(
        self, entries: list[NewSignal], now: str, actor: Actor
    ) -> list[tuple[str, bool] | ConflictError]:
        """Store signals and queue their submissions in ONE transaction (a group commit).

        Per entry: (ref, created) — a retry (same request id, or for imports the same case number,
        with the same content) gives the earlier signal's ref and False — or a ConflictError when a
        request id comes back with other content, or an AlreadyExistsError when the case number is
        taken by another request. Request ids and case numbers are keyed apart, so neither can
        ever be mistaken for the other.
        """
        prepared = []
        for e in entries:
            plain = to_proto(e.signal).SerializeToString(deterministic=True)
            external_key = self._keyed("external-id", e.signal.external_id)
            request_key = self._keyed("request-id", e.request_id) if e.request_id else external_key
            sealed = crypto.seal_at_rest(self._key, plain, e.ref.encode())
            prepared.append((e, request_key, external_key, self._keyed("content", plain), sealed))
        results: list[tuple[str, bool] | ConflictError] = []
        lookups: list[tuple[str, str, bytes]] = []  # every stored entry's look-up tokens and key epochs,
        epochs: list[tuple[str, int]] = []  # inserted at the end with one statement each
        with self.transaction() as conn:
            for entry, request_key, external_key, content_key, sealed in prepared:
                row = conn.execute(
                    "SELECT ref, content_key FROM signals WHERE request_key = ?", (request_key,)
                ).fetchone()
                if row and row[1] == content_key:
                    results.append((row[0], False))
                    continue
                if row:
                    results.append(
                        ConflictError(
                            f"this request was made before for another signal (signals/{row[0]}); "
                            "a changed signal needs a new request id and case number"
                        )
                    )
                    continue
                row = conn.execute("SELECT ref FROM signals WHERE external_key = ?", (external_key,)).fetchone()
                if row:
                    results.append(
                        AlreadyExistsError(
                            f"external_id is already used by signals/{row[0]}; use another case number "
                            "or retry with the original request_id"
                        )
                    )
                    continue
                conn.execute(
                    "INSERT INTO signals (ref, request_key, external_key, content_key, sealed, state, create_time,"
                    " update_time) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (entry.ref, request_key, external_key, content_key, sealed, STATE_PENDING, now, now),
                )
                _queue(conn, entry.ref, entry.submission, now)
                lookups += [(entry.ref, kind, token) for kind, token in entry.tokens]
                epochs += [(entry.ref, e) for e in entry.epochs]
                self.audit.append(actor.entry(now, "signal.created", f"signals/{entry.ref}"))
                results.append((entry.ref, True))
            conn.executemany("INSERT OR IGNORE INTO signal_tokens (ref, kind, token) VALUES (?, ?, ?)", lookups)
            conn.executemany("INSERT OR IGNORE INTO signal_epochs (ref, epoch) VALUES (?, ?)", epochs)
        return results

    def get(self, ref: str) -> StoredSignal:
        with self._lock:
            row = self.conn.execute(
                "SELECT ref, sealed, state, create_time, update_time FROM signals WHERE ref = ?", (ref,)
            ).fetchone()
            if row is None:
                raise NotFoundError(f"no signal signals/{ref} at this node")
            return self._stored(row)

    def list_signals(
        self, page_size: int, after: str = "", state: str = "", caller: str = ""
    ) -> tuple[list[StoredSignal], str]:
        """Newest first, only those in `state` when given; `after` is the page token the previous
        page gave the same caller for the same state."""
        query = f"signals state={state}"
        conds: list[str] = ["1 = 1"]
        params: list[int | str] = []
        if state:
            conds.append("state = ?")
            params.append(state)
        if after:
            conds.append("(create_time, ref) < (?, ?)")
            params += list(self.page_tokens.decode(after, caller, query, (str, str)))
        with self._lock:
            rows = self.conn.execute(
                "SELECT ref, sealed, state, create_time, update_time FROM signals"
                f" WHERE {' AND '.join(conds)} ORDER BY create_time DESC, ref DESC LIMIT ?",
                (*params, page_size + 1),
            ).fetchall()
            page = [self._stored(row) for row in rows[:page_size]]
        more = len(rows) > page_size
        return page, self.page_tokens.encode(caller, query, [page[-1].create_time, page[-1].ref]) if more else ""

    def view(self, ref: str, now: str, actor: Actor) -> StoredSignal:
        """get() for showing the signal to `actor`: audited in the node's own log
        ("signal.viewed", the ref only) when it still holds personal data."""
        with self.transaction():
            stored = self.get(ref)
            if stored.signal is not None:
                self.audit.append(actor.entry(now, "signal.viewed", f"signals/{ref}"))
        return stored

    def browse(
        self, page_size: int, after: str, now: str, actor: Actor, state: str = ""
    ) -> tuple[list[StoredSignal], str]:
        """list_signals() for showing a page of signals to `actor`: one "signals.listed" entry naming the
        signals whose personal data the page holds (withdrawn ones hold none), with their count."""
        with self.transaction():
            page, token = self.list_signals(page_size, after, state, actor.user)
            shown = [f"signals/{s.ref}" for s in page if s.signal is not None]
            if shown:
                self.audit.append(actor.entry(now, "signals.listed", *shown, details=(("count", str(len(shown))),)))
        return page, token

    def withdraw(self, ref: str, now: str, actor: Actor) -> StoredSignal:
        """Delete the raw data and queue the withdrawal. Withdrawing twice is harmless."""
        with self.transaction() as conn:
            row = conn.execute("SELECT state FROM signals WHERE ref = ?", (ref,)).fetchone()
            if row is None:
                raise NotFoundError(f"no signal signals/{ref} at this node")
            if row[0] != STATE_WITHDRAWN:
                conn.execute(
                    "UPDATE signals SET sealed = NULL, state = ?, update_time = ? WHERE ref = ?",
                    (STATE_WITHDRAWN, now, ref),
                )
                conn.execute("DELETE FROM signal_tokens WHERE ref = ?", (ref,))
                conn.execute("DELETE FROM refusals WHERE ref = ?", (ref,))
                self.audit.append(actor.entry(now, "signal.withdrawn", f"signals/{ref}"))
                # A submission still waiting in the outbox need not travel at all.
                conn.execute("DELETE FROM outbox WHERE ref = ? AND kind = 'submit' AND batch_id IS NULL", (ref,))
                conn.execute(
                    "INSERT INTO outbox (kind, ref, payload, create_time) VALUES ('withdraw', ?, x'', ?)",
                    (ref, now),
                )
        return self.get(ref)

    # -- key rotation ----------------------------------------------------------------------------

    def live_without_epoch(self, epoch: int, limit: int) -> list[str]:
        """Refs of signals not withdrawn that were never queued with tokens of `epoch`."""
        with self._lock:
            return [
                r[0]
                for r in self.conn.execute(
                    "SELECT ref FROM signals WHERE state != ? AND ref NOT IN"
                    " (SELECT ref FROM signal_epochs WHERE epoch = ?) ORDER BY create_time, ref LIMIT ?",
                    (STATE_WITHDRAWN, epoch, limit),
                )
            ]

    def resubmit_many(self, entries: list[Resubmission], skipped: list[tuple[str, int]], now: str, actor: Actor) -> int:
        """Queue the re-pseudonymised submissions of live signals in one transaction: the same
        ref with new content, which the matcher treats as an edit. A signal withdrawn meanwhile is
        left alone. The look-up tokens become the current epoch's. `skipped` (ref, epoch) are
        marked as handled without a submission (a stored signal that no longer validates).
        Returns how many were queued; one audit entry for the group."""
        queued = 0
        with self.transaction() as conn:
            for entry in entries:
                row = conn.execute("SELECT state FROM signals WHERE ref = ?", (entry.ref,)).fetchone()
                if row is None or row[0] == STATE_WITHDRAWN:
                    continue
                _queue_submission(conn, entry.ref, entry.submission, entry.tokens, entry.epochs, now, replace=True)
                queued += 1
            conn.executemany("INSERT OR IGNORE INTO signal_epochs (ref, epoch) VALUES (?, ?)", skipped)
            if queued:
                epochs = sorted({e for entry in entries for e in entry.epochs})
                self.audit.append(
                    AuditEntry(
                        time=now,
                        actor_org=actor.org,
                        actor_role=actor.role,
                        actor_user=actor.user,
                        action="signals.repseudonymised",
                        system="node",
                        details=(("count", str(queued)), ("epochs", ",".join(map(str, epochs)))),
                    )
                )
        return queued

    def _stored(self, row: tuple) -> StoredSignal:
        """Call with the lock held: it reads the feedback table too."""
        ref, sealed, state, create_time, update_time = row
        signal = None
        if sealed is not None:
            signal = from_proto(signal_pb2.Signal.FromString(crypto.open_at_rest(self._key, sealed, ref.encode())))
        refusal = None
        if state == STATE_REFUSED:
            found = self.conn.execute("SELECT violations, refuse_time FROM refusals WHERE ref = ?", (ref,)).fetchone()
            if found is not None:
                refusal = Refusal(tuple(Violation(*v) for v in json.loads(found[0])), found[1])
        return StoredSignal(ref, signal, state, create_time, update_time, self._feedback_of(ref), refusal)

    def _feedback_of(self, ref: str) -> tuple[FeedbackHit, ...]:
        rows = self.conn.execute(
            "SELECT hit, status, referred_to, refs, partner_count, kinds, feedback.update_time"
            " FROM feedback, json_each(feedback.refs) WHERE json_each.value = ? ORDER BY hit",
            (ref,),
        ).fetchall()
        return tuple(_feedback_hit(r) for r in rows)

    # -- outbox ----------------------------------------------------------------------------------

    def unacknowledged_batch(self) -> FrozenBatch | None:
        with self._lock:
            row = self.conn.execute(
                "SELECT batch_id, body, signature, operations FROM batches"
                " WHERE ack_time IS NULL AND reject_time IS NULL ORDER BY create_time, batch_id LIMIT 1"
            ).fetchone()
        return FrozenBatch(*row) if row else None

    def freeze_batch(
        self,
        max_operations: int,
        build: Callable[[str, list[Operation]], tuple[bytes, bytes]],
        now: str,
        max_bytes: int = MAX_BATCH_BYTES,
        layer: Callable[[list[Operation]], list[Operation]] | None = None,
    ) -> FrozenBatch | None:
        """Take up to `max_operations` queued operations, and about `max_bytes` of them (at least
        one), into a new batch; None if none are queued.

        `layer` turns the queued payloads into what is sent (the keyholder round trip of
        node.layering). It runs outside any transaction, so a slow or absent keyholder never
        blocks intake; if it raises, nothing is frozen and the operations stay queued. An
        operation withdrawn meanwhile is left out of the batch.
        """
        with self._lock:
            rows = self.conn.execute(
                "SELECT seq, kind, ref, payload FROM outbox WHERE batch_id IS NULL ORDER BY seq LIMIT ?",
                (max_operations,),
            ).fetchall()
        operations: list[Operation] = []
        size = 0
        for row in rows:
            size += len(row[3]) + 64  # payload plus framing and ref
            if operations and size > max_bytes:
                break
            operations.append(Operation(*row))
        if not operations:
            return None
        if layer is not None:
            operations = layer(operations)
        with self.transaction() as conn:
            marks = ",".join("?" * len(operations))
            queued = {
                seq
                for (seq,) in conn.execute(
                    f"SELECT seq FROM outbox WHERE batch_id IS NULL AND seq IN ({marks})",
                    [op.seq for op in operations],
                )
            }
            operations = [op for op in operations if op.seq in queued]
            if not operations:
                return None
            batch_id = uuid.uuid4().hex
            body, signature = build(batch_id, operations)
            conn.execute(
                "INSERT INTO batches (batch_id, body, signature, operations, create_time) VALUES (?, ?, ?, ?, ?)",
                (batch_id, body, signature, len(operations), now),
            )
            conn.execute(
                f"UPDATE outbox SET batch_id = ? WHERE seq IN ({','.join('?' * len(operations))})",
                (batch_id, *(op.seq for op in operations)),
            )
        return FrozenBatch(batch_id, body, signature, len(operations))

    def acknowledge(
        self,
        batch_id: str,
        receipt: bytes,
        receipt_signature: bytes,
        now: str,
        partner: str,
        log_index: int,
        rejected: dict[int, tuple[Violation, ...]] | None = None,
    ) -> list[str]:
        """The matcher's receipt for the batch arrived: its submissions are submitted, except the
        operations it rejected (by position in the batch, with their violations), whose signals
        become refused. Returns the refs of the signals refused now."""
        rejected = rejected or {}
        with self.transaction() as conn:
            ops = conn.execute(
                "SELECT kind, ref FROM outbox WHERE batch_id = ? ORDER BY seq", (batch_id,)
            ).fetchall()
            refused = {ops[i][1]: v for i, v in rejected.items() if 0 <= i < len(ops) and ops[i][0] == "submit"}
            accepted = [ref for kind, ref in ops if kind == "submit" and ref not in refused]
            conn.executemany(
                "UPDATE signals SET state = ?, update_time = ? WHERE ref = ? AND state IN (?, ?)",
                [(STATE_SUBMITTED, now, ref, STATE_PENDING, STATE_REFUSED) for ref in accepted],
            )
            conn.executemany("DELETE FROM refusals WHERE ref = ?", [(ref,) for ref in accepted])
            self._refuse(conn, refused, batch_id, now, partner)
            conn.execute("DELETE FROM outbox WHERE batch_id = ?", (batch_id,))
            # Keep the receipt (with the digest of what was sent), not the tokens themselves.
            conn.execute(
                "UPDATE batches SET ack_time = ?, receipt = ?, receipt_signature = ?, body = x'' WHERE batch_id = ?",
                (now, receipt, receipt_signature, batch_id),
            )
            self.audit.append(
                AuditEntry(
                    time=now,
                    actor_org=partner,
                    actor_role="partner",
                    actor_user=f"node/{partner}",
                    action="batch.sent",
                    objects=(batch_id,),
                    recipients=("matcher",),
                    system="node",
                    details=(("log_index", str(log_index)),),
                )
            )
        return sorted(refused)

    def _refuse(
        self, conn: sqlite3.Connection, refused: dict[str, tuple[Violation, ...]], batch_id: str, now: str, partner: str
    ) -> None:
        """Mark signals refused by the matcher, with why; audited as "signal.refused" (rule ids only)."""
        for ref, violations in sorted(refused.items()):
            done = conn.execute(
                "UPDATE signals SET state = ?, update_time = ? WHERE ref = ? AND state != ?",
                (STATE_REFUSED, now, ref, STATE_WITHDRAWN),
            ).rowcount
            if not done:
                continue
            conn.execute(
                "INSERT OR REPLACE INTO refusals (ref, refuse_time, violations, batch_id) VALUES (?, ?, ?, ?)",
                (ref, now, json.dumps([[v.field, v.rule, v.description] for v in violations]), batch_id),
            )
            rules = ",".join(sorted({v.rule for v in violations if v.rule})) or "refused"
            self.audit.append(
                Actor(partner, "system", f"node/{partner}").entry(
                    now, "signal.refused", f"signals/{ref}", details=(("batch", batch_id), ("rules", rules[:256]))
                )
            )

    def reject(
        self, batch_id: str, reason: str, now: str, partner: str, violations: tuple[Violation, ...] = ()
    ) -> list[str]:
        """The matcher refused the batch as a whole, for good: park it (never resent) and mark the
        signals it submitted refused, with `violations` (or the reason) so the staff see why and can
        resubmit them. Returns the refs of the signals refused now."""
        why = violations or (Violation("batch", "batch.refused", reason),)
        with self.transaction() as conn:
            conn.execute(
                "UPDATE batches SET reject_time = ?, reject_reason = ? WHERE batch_id = ?", (now, reason, batch_id)
            )
            refs = [
                r[0]
                for r in conn.execute("SELECT ref FROM outbox WHERE batch_id = ? AND kind = 'submit'", (batch_id,))
            ]
            self._refuse(conn, dict.fromkeys(refs, why), batch_id, now, partner)
        return sorted(refs)

    def refused_count(self) -> int:
        """Signals the matcher refused, waiting for a correction (they need attention)."""
        with self._lock:
            return self.conn.execute("SELECT count(*) FROM signals WHERE state = ?", (STATE_REFUSED,)).fetchone()[0]

    def resubmit(self, ref: str, entry: NewSignal, now: str, actor: Actor) -> StoredSignal:
        """A refused signal, corrected by the staff (`entry`: its new content and submission under
        the same ref), goes back into the outbox; ConflictError unless it is refused, and
        AlreadyExistsError when a changed case number belongs to another signal. The idempotency
        keys of the original request stay, so importing the original file again changes nothing."""
        plain = to_proto(entry.signal).SerializeToString(deterministic=True)
        external_key = self._keyed("external-id", entry.signal.external_id)
        with self.transaction() as conn:
            row = conn.execute("SELECT state FROM signals WHERE ref = ?", (ref,)).fetchone()
            if row is None:
                raise NotFoundError(f"no signal signals/{ref} at this node")
            if row[0] != STATE_REFUSED:
                raise ConflictError(
                    f"signals/{ref} is {row[0]}: only a signal the matcher refused can be corrected and resubmitted"
                )
            other = conn.execute(
                "SELECT ref FROM signals WHERE external_key = ? AND ref != ?", (external_key, ref)
            ).fetchone()
            if other:
                raise AlreadyExistsError(f"external_id is already used by signals/{other[0]}; use another case number")
            conn.execute(
                "UPDATE signals SET sealed = ?, external_key = ?, state = ?, update_time = ? WHERE ref = ?",
                (crypto.seal_at_rest(self._key, plain, ref.encode()), external_key, STATE_PENDING, now, ref),
            )
            conn.execute("DELETE FROM refusals WHERE ref = ?", (ref,))
            _queue_submission(conn, ref, entry.submission, entry.tokens, entry.epochs, now, replace=True)
            self.audit.append(actor.entry(now, "signal.resubmitted", f"signals/{ref}"))
        return self.get(ref)

    def outbox_pending(self) -> int:
        """Operations still to be delivered (not counting those in rejected batches)."""
        with self._lock:
            return self.conn.execute(
                "SELECT count(*) FROM outbox WHERE batch_id IS NULL OR batch_id NOT IN"
                " (SELECT batch_id FROM batches WHERE reject_time IS NOT NULL)"
            ).fetchone()[0]

    def rejected_operations(self) -> int:
        with self._lock:
            return self.conn.execute(
                "SELECT count(*) FROM outbox WHERE batch_id IN (SELECT batch_id FROM batches WHERE reject_time IS NOT NULL)"
            ).fetchone()[0]

    def counts(self) -> tuple[int, int]:
        """(signals stored, batches acknowledged)."""
        with self._lock:
            signals = self.conn.execute("SELECT count(*) FROM signals").fetchone()[0]
            acked = self.conn.execute("SELECT count(*) FROM batches WHERE ack_time IS NOT NULL").fetchone()[0]
        return signals, acked

    # -- feedback --------------------------------------------------------------------------------

    def replace_feedback(self, hits: list[FeedbackHit]) -> None:
        with self.transaction() as conn:
            conn.execute("DELETE FROM feedback")
            conn.executemany(
                "INSERT OR REPLACE INTO feedback (hit, status, referred_to, refs, partner_count, kinds, update_time)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    (h.hit, h.status, h.referred_to, json.dumps(h.refs), h.partner_count, json.dumps(h.kinds),
                     h.update_time)
                    for h in hits
                ],
            )

    def feedback(self) -> list[FeedbackHit]:
        with self._lock:
            rows = self.conn.execute(
                "SELECT hit, status, referred_to, refs, partner_count, kinds, update_time FROM feedback"
                " ORDER BY update_time DESC"
            ).fetchall()
        return [_feedback_hit(r) for r in rows]


def _queue_submission(
    conn: sqlite3.Connection,
    ref: str,
    submission: bytes,
    tokens: Iterable[tuple[str, bytes]],
    epochs: Iterable[int],
    now: str,
    replace: bool = False,
) -> None:
    """Queue a signal's submission for the matcher and record its look-up tokens and key epochs (in
    the caller's transaction); with `replace` the tokens replace those recorded before."""
    _queue(conn, ref, submission, now)
    if replace:
        conn.execute("DELETE FROM signal_tokens WHERE ref = ?", (ref,))
    conn.executemany(
        "INSERT OR IGNORE INTO signal_tokens (ref, kind, token) VALUES (?, ?, ?)",
        [(ref, kind, token) for kind, token in tokens],
    )
    conn.executemany("INSERT OR IGNORE INTO signal_epochs (ref, epoch) VALUES (?, ?)", [(ref, e) for e in epochs])


def _queue(conn: sqlite3.Connection, ref: str, submission: bytes, now: str) -> None:
    """Put a signal's submission in the outbox (in the caller's transaction)."""
    conn.execute(
        "INSERT INTO outbox (kind, ref, payload, create_time) VALUES ('submit', ?, ?, ?)", (ref, submission, now)
    )


def _feedback_hit(row: tuple) -> FeedbackHit:
    hit, status, referred_to, refs, partner_count, kinds, update_time = row
    refs_, kinds_ = tuple(json.loads(refs)), tuple(json.loads(kinds))
    return FeedbackHit(hit, status, referred_to, refs_, partner_count, kinds_, update_time)
