"""The matcher's SQLite store: pseudonymised signals, the token index, links and hits.

Only the minimised data of docs/architecture.md is stored: partner, opaque signal ref, key epoch, tokens (kind +
keyed pseudonym), minimised metadata, receive time and a SHA-256 of the submitted content. No
token value is ever logged or put in a message.

Matching is incremental: a new signal looks up its own tokens in the index (token -> signals) and
its keyed Bloom-filter encodings in the in-memory fuzzy index of their key epoch (blocking, then the
Dice kernel of :mod:`matcher.fuzzy`), and links to the signals of other partners that
:func:`matcher.linkage.zone` puts in the link zone (the others in the review zone are kept as the
chair's review list); then it joins, creates or merges hits. Encodings are
stored in SQLite too: the in-memory index is rebuilt from them on start (and after a rolled-back
transaction), so a restart loses nothing. Only a withdrawal,
expiry or edit that removes links recomputes components (matcher/graph.py), and then only within the one hit
concerned. See :mod:`matcher.match` for the domain rules.

Concurrency: one write connection, used by one thread at a time under ``transaction()``; each
reading thread gets its own read connection and reads a consistent snapshot (WAL). Reads do not
see writes of a transaction that is still open.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Hashable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import cast

import numpy as np

from signalmatch import i18n, protocol, sqlite
from signalmatch.encoding import BLOCK_BYTES, Encoding
from signalmatch.encoding import KINDS as ENCODING_KINDS
from signalmatch.encoding import fields as fields_of
from signalmatch.errors import ConflictError, NotFoundError
from signalmatch.faults import crash_during
from signalmatch.matcher import graph, receipts, schema
from signalmatch.matcher.fuzzy import FuzzyIndex
from signalmatch.matcher.linkage import (
    EXACT_KINDS,
    FLOOR,
    LINK,
    MODEL_VERSION,
    NONE,
    REVIEW,
    SIMILAR_SHOWN,
    Model,
    PairEvidence,
    Term,
    Thresholds,
    default_model,
    possible,
    probability,
    zone,
)
from signalmatch.protocol import TOKEN_BYTES
from signalmatch.requests import PageTokens
from signalmatch.workflow import DOORGELEID, STATUSES

from .match import (
    EncodingIn,
    Hit,
    HitChanges,
    HitFilter,
    HitSignal,
    Link,
    Metadata,
    PartnerHit,
    SignalIn,
    TokenIn,
    canonical_time,
    check_status,
    check_transition,
    invalid_field,
    retention_cutoff,
)

# The domain types are re-exported: callers import the whole API from here.
__all__ = [
    "EncodingIn",
    "Hit",
    "HitChanges",
    "HitFilter",
    "HitPage",
    "HitSignal",
    "Link",
    "MatchStore",
    "Metadata",
    "PartnerHit",
    "PartnerHitPage",
    "SignalIn",
    "TokenIn",
]

REJECTED = "rejected"  # a review candidate the chair rejected: kept, so it is not proposed again
_KINDS_HELD = 1 << 20  # signals whose exact kinds the store keeps in memory at most (about 100 MiB)
_KIND_SETS: dict[frozenset[str], frozenset[str]] = {}  # the sets of exact kinds seen (at most 2**9)


@dataclass(frozen=True)
class HitPage:
    """One page of a hit listing."""

    hits: list[Hit]
    next_page_token: str  # "" on the last page
    total_size: int  # hits matching the whole filter
    status_counts: dict[str, int]  # per status (all of STATUSES, in order) under every filter but the status


@dataclass(frozen=True)
class ReviewCandidate:
    """A pair of signals in the review zone, with its evidence and its weight explained."""

    a: int
    b: int
    signal_a: HitSignal
    signal_b: HitSignal
    evidence: PairEvidence
    terms: tuple[Term, ...]
    weight: float
    probability: float
    first_seen: str
    last_seen: str
    hit_a: int | None
    hit_b: int | None
    zone: str = REVIEW


@dataclass(frozen=True)
class ReviewPage:
    candidates: list[ReviewCandidate]
    next_page_token: str
    total_size: int


@dataclass(frozen=True)
class PartnerHitPage:
    """One page of the hits a partner's signals are in."""

    hits: list[PartnerHit]
    next_page_token: str  # "" on the last page


# A decided pair: its evidence, zone (link, review or rejected) and match weight.
Decided = tuple[PairEvidence, str, float]


class MatchStore:
    """Signals, token index, encodings, links and hits in one SQLite database (WAL, synchronous=FULL).

    `thresholds` are the table policy's zone thresholds (matcher.linkage.Thresholds, or a mapping
    with "link" and "review"); the defaults when not given. Pairs are decided by the
    newest fitted linkage model in the database, else the shipped default model; a model or
    thresholds other than those the stored pairs were decided under re-evaluate them on start.
    """

    def __init__(self, path: Path, thresholds: Thresholds | Mapping[str, float] | None = None):
        self.path = Path(path)
        if thresholds is None or isinstance(thresholds, Thresholds):
            self.zones = thresholds or Thresholds()
        else:
            self.zones = Thresholds(**thresholds)
        self.model: Model = default_model()
        self.model_id = 0  # 0: the shipped default model
        self._floors = dict(FLOOR)
        self._fuzzy: dict[int, FuzzyIndex] | None = None  # key epoch -> index; None: (re)load from disk
        self._partners: dict[str, int] = {}  # partner -> its group in the fuzzy indexes (this process's)
        # The exact identifier kinds of stored signals as read or written in this process (signal ->
        # the kinds of its tokens, every epoch), so that a candidate's kinds are read once: set where
        # a signal's tokens are written, dropped with them, all of it after a rollback or when an epoch
        # is destroyed, and cleared when it holds _KINDS_HELD signals.
        self._kinds: dict[int, frozenset[str]] = {}
        # Whether the open transaction changed encodings (and so the index): only then does a
        # rollback discard the index. Any other failed transaction (a chair's invalid status change,
        # a refused disclosure step) must not cost a full reload of the index under the write lock.
        self._fuzzy_dirty = False
        self.conn = schema.connect(self.path)
        self._lock = threading.RLock()
        self._owner: int | None = None
        self._local = threading.local()
        self._readers: list[sqlite3.Connection] = []
        self._readers_lock = threading.Lock()
        self.page_tokens = PageTokens()  # this process's: listings' tokens for their caller and query
        sqlite.migrate(self.conn, schema.SCHEMA, self.path)
        with self.transaction() as conn:
            schema.create_tables(conn)
            self._indexes(conn)
            self._load_model(conn)
            if self._applied(conn) is None:  # a new database: nothing decided under anything else yet
                conn.execute("INSERT INTO linkage_state (key, value) VALUES ('applied', ?)", (self._state(),))

    # --- life cycle ------------------------------------------------------------------------

    def close(self) -> None:
        with self._readers_lock:
            for reader in self._readers:
                reader.close()
            self._readers.clear()
        with self._lock:
            self.conn.close()

    def checkpoint(self) -> None:
        """Copy the WAL into the database and truncate it (e.g. after expiry), so deleted
        tokens linger in no file. Call outside a transaction."""
        with self._lock, crash_during("wal.checkpoint"):  # the fault matrix (signalmatch/faults.py)
            self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def __enter__(self) -> MatchStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE ... COMMIT (ROLLBACK on an exception), one thread at a time."""
        with self._lock:
            if self._owner is not None:
                raise RuntimeError("MatchStore.transaction() does not nest")
            self.conn.execute("BEGIN IMMEDIATE")
            self._owner = threading.get_ident()
            self._fuzzy_dirty = False
            try:
                yield self.conn
                self.conn.execute("COMMIT")
            except BaseException:
                self._kinds.clear()  # it may hold kinds of the rolled-back writes
                if self.conn.in_transaction:  # also when COMMIT itself failed
                    self.conn.execute("ROLLBACK")
                if self._fuzzy_dirty:
                    self._fuzzy = None  # it may hold encodings of the rolled-back writes: reload
                raise
            finally:
                self._owner = None
                self._fuzzy_dirty = False

    def _writing(self) -> sqlite3.Connection:
        if self._owner != threading.get_ident():
            raise RuntimeError("call this inside MatchStore.transaction()")
        return self.conn

    @contextmanager
    def _reading(self) -> Iterator[sqlite3.Connection]:
        """A consistent snapshot on this thread's own read connection."""
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = schema.connect_reader(self.path)
            with self._readers_lock:
                self._readers.append(conn)
            self._local.conn = conn
        conn.execute("BEGIN")
        try:
            yield conn
        finally:
            conn.execute("COMMIT")

    # --- signals ---------------------------------------------------------------------------

    def submit(self, signal: SignalIn, content_sha256: bytes, now: str) -> HitChanges:
        """Store (or replace) a signal and match it. Idempotent on the content hash.

        `signal` is one that matcher.match.validate_signal accepted (the service validates what
        nodes send); the store only guards its own invariants (ValueError otherwise).

        A signal that was withdrawn or expired stays gone. An edited signal keeps its first
        receive time (retention counts from first receipt).
        """
        conn = self._writing()
        _check_storable(signal)
        now = canonical_time(now)
        changes = graph.Changes()
        if conn.execute(
            "SELECT 1 FROM tombstones WHERE partner = ? AND signal_ref = ?", (signal.partner, signal.signal_ref)
        ).fetchone():
            return changes.freeze()
        row = conn.execute(
            "SELECT id, content_sha256, hit_id FROM signals WHERE partner = ? AND signal_ref = ?",
            (signal.partner, signal.signal_ref),
        ).fetchone()
        metadata = json.dumps(signal.metadata.to_json_obj(), separators=(",", ":"))
        tokens = sorted(
            {TokenIn(t.kind, t.value, t.epoch or signal.epoch) for t in signal.tokens},
            key=lambda t: (t.value, t.kind, t.epoch),
        )
        encodings = sorted(
            {EncodingIn(e.kind, e.bits, e.blocks, e.epoch or signal.epoch) for e in signal.encodings},
            key=lambda e: (e.epoch, e.kind, e.bits),
        )
        if row is None:
            sid = conn.execute(
                "INSERT INTO signals (partner, signal_ref, epoch, metadata, content_sha256, receive_time)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (signal.partner, signal.signal_ref, signal.epoch, metadata, content_sha256, now),
            ).lastrowid
            assert sid is not None
            self._insert_tokens(conn, sid, tokens)
            neighbours, linked = self._pairs(conn, sid, signal.partner, tokens, encodings)
            self._apply(conn, sid, neighbours, now, changes, linked)
            return changes.freeze()

        sid, old_sha, hit_id = row
        if bytes(old_sha) == content_sha256:
            return changes.freeze()
        conn.execute(
            "UPDATE signals SET epoch = ?, metadata = ?, content_sha256 = ? WHERE id = ?",
            (signal.epoch, metadata, content_sha256, sid),
        )
        conn.execute("DELETE FROM tokens WHERE signal_id = ?", (sid,))
        self._insert_tokens(conn, sid, tokens)
        self._delete_encodings(conn, sid)
        neighbours, linked = self._pairs(conn, sid, signal.partner, tokens, encodings)
        if hit_id is not None:
            graph.touch(conn, hit_id, now, changes)  # its metadata or evidence changed
        self._apply(conn, sid, neighbours, now, changes, linked)
        return changes.freeze()

    def _pairs(
        self,
        conn: sqlite3.Connection,
        sid: int,
        partner: str,
        tokens: Sequence[TokenIn],
        encodings: Sequence[EncodingIn],
    ) -> tuple[dict[int, Decided], dict[int, str]]:
        """The decided pairs of a submitted signal `sid` (its tokens stored, its encodings not yet:
        they join the index after its own look-up, here), and its pairs stored before. Those and the
        chair's decisions on them are read once."""
        linked = self._linked(conn, sid)
        decisions = self._decisions(conn, sid)
        evidence = self._evidence(conn, sid, partner, tokens, encodings, linked=linked, decisions=decisions)
        neighbours = self._decide_all(conn, sid, evidence, decisions)
        self._insert_encodings(conn, sid, partner, encodings)
        return neighbours, linked

    def withdraw(self, partner: str, signal_ref: str, now: str, reason: str = "withdrawn") -> HitChanges:
        """Remove a signal, its tokens and links, and leave a tombstone. Unknown refs: no change.

        The tombstone is written even for a ref never seen, so a submission that arrives after
        its own withdrawal cannot bring the signal in.
        """
        conn = self._writing()
        now = canonical_time(now)
        changes = graph.Changes()
        row = conn.execute(
            "SELECT id FROM signals WHERE partner = ? AND signal_ref = ?", (partner, signal_ref)
        ).fetchone()
        if row is None:
            conn.execute(
                "INSERT OR IGNORE INTO tombstones (partner, signal_ref, time, reason) VALUES (?, ?, ?, ?)",
                (partner, signal_ref, now, reason),
            )
        else:
            self._remove(conn, [row[0]], now, reason, changes)
        return changes.freeze()

    def expire(self, now: str, retention_days: int) -> HitChanges:
        """Withdraw (reason "expired") every signal received more than `retention_days` ago."""
        conn = self._writing()
        now = canonical_time(now)
        cutoff = retention_cutoff(now, retention_days)
        ids = [r[0] for r in conn.execute("SELECT id FROM signals WHERE receive_time < ?", (cutoff,))]
        changes = graph.Changes()
        self._remove(conn, ids, now, "expired", changes)
        return changes.freeze()

    def destroy_epoch(self, epoch: int, now: str) -> tuple[int, int, HitChanges]:
        """Crypto-shredding at the matcher: delete every token and encoding of key epoch `epoch` and
        re-match the signals that had some. Links that rested only on them go (their hits may split
        or dissolve); links also supported by evidence of another epoch stay, with their hits' ids,
        status and history. Returns (tokens deleted, encodings deleted, hit changes); (0, 0, no
        changes) when none are left.
        """
        conn = self._writing()
        now = canonical_time(now)
        indexes = self._indexes(conn)
        self._fuzzy_dirty = True
        affected = [
            r[0]
            for r in conn.execute(
                "SELECT signal_id FROM tokens WHERE epoch = ? UNION SELECT signal_id FROM encodings WHERE epoch = ?",
                (epoch, epoch),
            )
        ]
        tokens = conn.execute("DELETE FROM tokens WHERE epoch = ?", (epoch,)).rowcount
        self._kinds.clear()
        encodings = conn.execute("DELETE FROM encodings WHERE epoch = ?", (epoch,)).rowcount
        indexes.pop(epoch, None)
        return tokens, encodings, self._rematch(conn, affected, now)

    def drop_encodings(self, now: str) -> tuple[int, HitChanges]:
        """Delete every encoding (the table policy turned fuzzy matching off) and re-match the
        signals that had some, as destroy_epoch does. Returns (encodings deleted, hit changes)."""
        conn = self._writing()
        now = canonical_time(now)
        self._fuzzy_dirty = True
        self._fuzzy = {}
        affected = [r[0] for r in conn.execute("SELECT DISTINCT signal_id FROM encodings")]
        deleted = conn.execute("DELETE FROM encodings").rowcount
        return deleted, self._rematch(conn, affected, now)

    def _rematch(self, conn: sqlite3.Connection, affected: list[int], now: str) -> HitChanges:
        """After evidence of `affected` signals was deleted: re-decide their stored pairs (evidence
        only goes, so no new pair appears), drop those left in no zone, split hits that lost a link."""
        changes = graph.Changes()
        broken: set[int] = set()
        for sid in affected:
            row = conn.execute("SELECT partner, hit_id FROM signals WHERE id = ?", (sid,)).fetchone()
            if row is None:
                continue
            partner, hit_id = row
            remaining = [
                TokenIn(kind, bytes(value), e)
                for value, kind, e in conn.execute("SELECT value, kind, epoch FROM tokens WHERE signal_id = ?", (sid,))
            ]
            evidence = self._evidence(conn, sid, partner, remaining, self._stored_encodings(conn, sid))
            neighbours = self._decide_all(
                conn, sid, {o: e for o, e in evidence.items() if o in self._linked(conn, sid)}
            )
            for other, zone_before in self._linked(conn, sid).items():
                if (
                    zone_before == LINK
                    and (other not in neighbours or neighbours[other][1] != LINK)
                    and hit_id is not None
                ):
                    broken.add(hit_id)
            self._write_pairs(conn, sid, neighbours, now, refresh=False)
        for hit_id in sorted(broken):
            graph.recompute(conn, hit_id, now, changes)
        return changes.freeze()

    def is_tombstoned(self, partner: str, signal_ref: str) -> bool:
        """Whether the signal was withdrawn or expired (its submissions are then ignored)."""
        with self._reading() as conn:
            return (
                conn.execute(
                    "SELECT 1 FROM tombstones WHERE partner = ? AND signal_ref = ?", (partner, signal_ref)
                ).fetchone()
                is not None
            )

    # --- review ----------------------------------------------------------------------------

    def set_status(self, hit_id: int, status: str, referred_to: str, note: str, now: str) -> Hit:
        """Move a hit through the review workflow; clears new_evidence. Same status: no-op."""
        conn = self._writing()
        check_status(status)
        now = canonical_time(now)
        current = graph.active_status(conn, hit_id)
        if status != current:
            check_transition(current, status, referred_to, note)
            conn.execute(
                "UPDATE hits SET status = ?, referred_to = ?, status_note = ?, new_evidence = 0,"
                " update_time = ? WHERE id = ?",
                (status, referred_to if status == DOORGELEID else "", note.strip(), now, hit_id),
            )
        return _load_hits(conn, [hit_id])[0]

    # --- receipts --------------------------------------------------------------------------

    def get_receipt(self, partner: str, batch_id: str) -> tuple[bytes, bytes, bytes] | None:
        """(batch_sha256, receipt, signature) of a batch already applied, or None."""
        conn = self.conn if self._owner == threading.get_ident() else None
        if conn is not None:
            return receipts.get(conn, partner, batch_id)
        with self._reading() as reader:
            return receipts.get(reader, partner, batch_id)

    def put_receipt(self, partner: str, batch_id: str, batch_sha256: bytes, receipt: bytes, signature: bytes) -> None:
        receipts.put(self._writing(), partner, batch_id, batch_sha256, receipt, signature)

    # --- reads -----------------------------------------------------------------------------

    def get_hit(self, hit_id: int) -> Hit:
        """An active hit; NotFoundError (saying where it went) if absent, merged or dissolved."""
        with self._reading() as conn:
            graph.active_status(conn, hit_id)
            return _load_hits(conn, [hit_id])[0]

    def list_hits(self, flt: HitFilter, page_size: int, page_token: str) -> tuple[list[Hit], str, int]:
        """Active hits matching `flt`, most recently updated first: (page, next token, total)."""
        page = self.list_hits_page(flt, page_size, page_token)
        return page.hits, page.next_page_token, page.total_size

    def list_hits_page(
        self, flt: HitFilter, page_size: int, page_token: str, skip: int = 0, caller: str = ""
    ) -> HitPage:
        """Active hits matching `flt`, most recently updated first, after `page_token`'s position
        and `skip` more; with the total and the counts per status under every filter but the status,
        all from one snapshot. Page tokens hold only for the same caller and filter (ValidationError
        otherwise)."""
        size = protocol.page_size(page_size)
        if skip < 0:
            raise invalid_field("skip", "match.skip.negative")
        flt = flt.checked()
        if flt.status:
            check_status(flt.status)
        where, params = _filter_sql(flt)
        others, other_params = _filter_sql(replace(flt, status=""))
        query = "hits " + repr(flt)
        page_where, page_params = where, list(params)
        if page_token:
            after_time, after_id = self.page_tokens.decode(page_token, caller, query, (str, int))
            page_where += " AND (h.update_time, h.id) < (?, ?)"
            page_params += [after_time, after_id]
        with self._reading() as conn:
            found = dict(
                conn.execute(f"SELECT h.status, COUNT(*) FROM hits h WHERE {others} GROUP BY h.status", other_params)
            )
            rows = conn.execute(
                f"SELECT h.id, h.update_time FROM hits h WHERE {page_where}"
                " ORDER BY h.update_time DESC, h.id DESC LIMIT ? OFFSET ?",
                [*page_params, size + 1, skip],
            ).fetchall()
            more = len(rows) > size
            rows = rows[:size]
            hits = _load_hits(conn, [r[0] for r in rows])
        counts = {status: found.get(status, 0) for status in STATUSES}
        total = counts[flt.status] if flt.status else sum(counts.values())
        token = self.page_tokens.encode(caller, query, [rows[-1][1], rows[-1][0]]) if more else ""
        return HitPage(hits, token, total, counts)

    def partner_hits_page(self, partner: str, page_size: int, page_token: str = "") -> PartnerHitPage:
        """Active hits containing at least one of `partner`'s signals, by hit id, the page after
        `page_token` (keyset on the hit id; ValidationError for a token that is not this partner's).

        A page costs one page: the ids come from the (partner, hit_id) index of signals, and only
        the hits on the page are read. Ids do not move, so a hit that changes while a partner pages
        through is still on exactly one page; a hit that arrives meanwhile has a higher id than any
        before it and shows up on a later page."""
        size = protocol.page_size(page_size)
        after = self.page_tokens.decode(page_token, partner, "partner-hits", (int,))[0] if page_token else 0
        with self._reading() as conn:
            ids = [
                r[0]
                for r in conn.execute(
                    "SELECT DISTINCT s.hit_id FROM signals s JOIN hits h ON h.id = s.hit_id"
                    " WHERE s.partner = ? AND s.hit_id > ? AND h.state = 'active' ORDER BY s.hit_id LIMIT ?",
                    (partner, after, size + 1),
                )
            ]
            more = len(ids) > size
            ids = ids[:size]
            hits = _load_partner_hits(conn, partner, ids)
        return PartnerHitPage(hits, self.page_tokens.encode(partner, "partner-hits", [ids[-1]]) if more else "")

    def signal_count(self) -> int:
        with self._reading() as conn:
            return conn.execute("SELECT COUNT(*) FROM signals").fetchone()[0]

    def token_count(self) -> int:
        with self._reading() as conn:
            return conn.execute("SELECT COUNT(*) FROM tokens").fetchone()[0]

    def encoding_count(self) -> int:
        with self._reading() as conn:
            return conn.execute("SELECT COUNT(*) FROM encodings").fetchone()[0]

    # --- graph maintenance (inside a transaction) ------------------------------------------

    def _insert_tokens(self, conn: sqlite3.Connection, sid: int, tokens: Sequence[TokenIn]) -> None:
        """Store `tokens` as all of `sid`'s (it has no others)."""
        conn.executemany(
            "INSERT OR IGNORE INTO tokens (value, kind, epoch, signal_id) VALUES (?, ?, ?, ?)",
            [(t.value, t.kind, t.epoch, sid) for t in tokens],
        )
        self._hold_kinds({sid: {t.kind for t in tokens}})

    def _kinds_of(self, conn: sqlite3.Connection, ids: Sequence[int]) -> dict[int, frozenset[str]]:
        """The exact identifier kinds of the tokens of each of `ids` (any epoch)."""
        held = self._kinds
        out = {i: held[i] for i in ids if i in held}
        missing = [i for i in ids if i not in out]
        if missing:
            read: dict[int, set[str]] = {i: set() for i in missing}
            marks = ",".join("?" * len(missing))
            for other, kind in conn.execute(
                f"SELECT DISTINCT signal_id, kind FROM tokens WHERE signal_id IN ({marks})", missing
            ):
                read[other].add(kind)
            self._hold_kinds(read)
            out.update((i, frozenset(kinds)) for i, kinds in read.items())
        return out

    def _hold_kinds(self, kinds: Mapping[int, Iterable[str]]) -> None:
        if len(self._kinds) + len(kinds) > _KINDS_HELD:
            self._kinds.clear()
        for sid, found in kinds.items():
            held = frozenset(found)
            self._kinds[sid] = _KIND_SETS.setdefault(held, held)  # one object per set of kinds

    @staticmethod
    def _neighbours(conn: sqlite3.Connection, sid: int, partner: str, tokens: Iterable[TokenIn]) -> dict[int, set[str]]:
        """Signals of other partners sharing a token with `sid`, with the kinds shared."""
        found: dict[int, set[str]] = {}
        for tok in tokens:
            for (other,) in conn.execute(
                "SELECT t.signal_id FROM tokens t JOIN signals s ON s.id = t.signal_id"
                " WHERE t.value = ? AND t.kind = ? AND t.epoch = ? AND t.signal_id != ? AND s.partner != ?",
                (tok.value, tok.kind, tok.epoch, sid, partner),
            ):
                found.setdefault(other, set()).add(tok.kind)
        return found

    def _evidence(
        self,
        conn: sqlite3.Connection,
        sid: int,
        partner: str,
        tokens: Iterable[TokenIn],
        encodings: Iterable[EncodingIn],
        every: bool = False,
        linked: Mapping[int, str] | None = None,
        decisions: Mapping[tuple[int, int], tuple[str, str]] | None = None,
    ) -> dict[int, PairEvidence]:
        """Signals of other partners that share a token with `sid` or whose encodings of the same kind
        and key epoch share a block and reach the kind's lowest level (matcher.linkage.FLOOR) - of
        those without a shared token, stored pair or review decision only the ones whose similarities
        can reach a zone (all of them with `every`, for fitting the model) - with
        what the pair has in common: shared and compared exact kinds, and what the best pair of
        encodings of each kind both have in common (matcher.fuzzy.similarities: the Dice of the whole
        encodings and of each field). `linked` and `decisions`: `sid`'s stored pairs and the chair's
        decisions on its pairs, when the caller has read them (_linked, _decisions)."""
        exact = self._neighbours(conn, sid, partner, tokens)
        indexes = self._indexes(conn)
        plain = [
            (e.kind, indexes[e.epoch], Encoding(e.kind, e.bits, e.blocks)) for e in encodings if e.epoch in indexes
        ]
        found: set[int] = set()
        own = self._group(partner)
        for kind, index, enc in plain:  # other partners' signals only (the indexes' groups)
            found.update(cast(set[int], index.matching(enc, self._floors[kind], own)))  # they hold signal ids
        found.discard(sid)
        candidates = sorted(exact.keys() | found)  # those sharing a token are other partners' too (_neighbours)
        if not candidates:
            return {}
        own_kinds = {t.kind for t in tokens}
        both_of = {other: own_kinds & kinds for other, kinds in self._kinds_of(conn, candidates).items()}
        # a stored pair is decided again, a confirmation stands
        kept = set(exact) | set(self._linked(conn, sid) if linked is None else linked)
        if decisions is None:
            decisions = self._decisions(conn, sid)
        kept.update(x for pair in decisions for x in pair)
        # What each candidate's best encodings of each kind have in common with the new signal's,
        # computed once: for the cheap test whether the rest can reach a zone, and as their evidence.
        scored = [(kind, *index.field_dice(enc, candidates)) for kind, index, enc in plain]
        rest = [] if every else [other for other in candidates if other not in kept]
        if rest:
            both = {kind: np.array([kind in both_of[other] for other in rest]) for kind in EXACT_KINDS}
            reach = reaching(self.model, self.zones, scored, rest, both)
            candidates = [other for other in candidates if other in kept or other in reach]
        similar: dict[int, dict[str, float]] = {other: {} for other in candidates}
        for kind, ids, columns in scored:
            values = [(name, column.tolist()) for name, column in columns.items()]
            for i, found_id in enumerate(ids):
                other = cast(int, found_id)  # the indexes hold signal ids
                if other in similar:
                    common = {name: v[i] for name, v in values if v[i] == v[i]}  # NaN: not compared
                    similar[other] = _best(similar[other], common, kind)
        return {
            other: PairEvidence(similar[other], frozenset(exact.get(other, ())), frozenset(both_of[other]))
            for other in candidates
        }

    # --- linkage: zones, review decisions, the model ----------------------------------------

    def _decide(
        self,
        conn: sqlite3.Connection,
        a: int,
        b: int,
        evidence: PairEvidence,
        decisions: Mapping[tuple[int, int], tuple[str, str]] | None = None,
    ) -> tuple[str, float]:
        """The pair's zone and weight: the chair's decision while its evidence stands (a rejection
        lapses when the evidence changes), else the model's zone under the table's thresholds.
        `decisions`: the chair's decisions on the pairs of a or b, when the caller has read them."""
        weight = self.model.match_weight(evidence)
        if decisions is None:
            row = conn.execute(
                "SELECT decision, evidence FROM review_decisions WHERE a = ? AND b = ?", (a, b)
            ).fetchone()
        else:
            row = decisions.get((a, b))
        if row is not None:
            if row[0] == "confirmed":
                return LINK, weight
            if row[1] == _evidence_json(evidence):
                return REJECTED, weight
            conn.execute("DELETE FROM review_decisions WHERE a = ? AND b = ?", (a, b))  # new evidence: propose again
        return zone(self.model, evidence, self.zones), weight

    def _decide_all(
        self,
        conn: sqlite3.Connection,
        sid: int,
        evidence: Mapping[int, PairEvidence],
        decisions: Mapping[tuple[int, int], tuple[str, str]] | None = None,
    ) -> dict[int, Decided]:
        out: dict[int, Decided] = {}
        for other, e in evidence.items():
            a, b = sorted((sid, other))
            found, weight = self._decide(conn, a, b, e, decisions)
            if found != NONE:
                out[other] = (e, found, weight)
        return out

    @staticmethod
    def _decisions(conn: sqlite3.Connection, sid: int) -> dict[tuple[int, int], tuple[str, str]]:
        """The chair's decisions on pairs of `sid`: (a, b) -> (decision, evidence)."""
        return {
            (a, b): (decision, evidence)
            for a, b, decision, evidence in conn.execute(
                "SELECT a, b, decision, evidence FROM review_decisions WHERE a = ? OR b = ?", (sid, sid)
            )
        }

    @staticmethod
    def _linked(conn: sqlite3.Connection, sid: int) -> dict[int, str]:
        """Stored pairs of `sid`: other signal -> zone."""
        rows = conn.execute("SELECT b, zone FROM links WHERE a = ?", (sid,)).fetchall()
        rows += conn.execute("SELECT a, zone FROM links WHERE b = ?", (sid,)).fetchall()
        return dict(rows)

    def _write_pairs(
        self,
        conn: sqlite3.Connection,
        sid: int,
        pairs: Mapping[int, Decided],
        now: str,
        refresh: bool = True,
        old: Mapping[int, str] | None = None,
    ) -> None:
        """Make `sid`'s stored pairs exactly `pairs` (first_seen kept; last_seen set when `refresh`).
        `old`: its stored pairs (_linked), when the caller has read them."""
        if old is None:
            old = self._linked(conn, sid)
        for other in set(old) - set(pairs):
            conn.execute("DELETE FROM links WHERE a = ? AND b = ?", sorted((sid, other)))
        inserts = []
        for other, (e, found, weight) in sorted(pairs.items()):
            values = (_kinds_json(e.shared), _similar_json(e.similar), _kinds_json(e.both), found, weight)
            if other in old:
                conn.execute(
                    "UPDATE links SET kinds = ?, similar = ?, compared = ?, zone = ?, weight = ?"
                    + (", last_seen = ?" if refresh else "")
                    + " WHERE a = ? AND b = ?",
                    (*values, *((now,) if refresh else ()), *sorted((sid, other))),
                )
            else:
                inserts.append((*sorted((sid, other)), *values, now, now))
        conn.executemany(
            "INSERT INTO links (a, b, kinds, similar, compared, zone, weight, first_seen, last_seen)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            inserts,
        )

    def _apply(
        self,
        conn: sqlite3.Connection,
        sid: int,
        pairs: Mapping[int, Decided],
        now: str,
        changes: graph.Changes,
        old: Mapping[int, str] | None = None,
    ) -> None:
        """Store `sid`'s decided pairs and bring the hits in line: a lost link splits `sid`'s hit, a
        new one joins (or merges) hits. `old`: its stored pairs (_linked), when the caller has read them."""
        if old is None:
            old = self._linked(conn, sid)
        self._write_pairs(conn, sid, pairs, now, old=old)
        lost = any(z == LINK and pairs.get(o, (None, NONE, 0.0))[1] != LINK for o, z in old.items())
        added = sorted(o for o, (_, found, _) in pairs.items() if found == LINK and old.get(o) != LINK)
        hit_id = conn.execute("SELECT hit_id FROM signals WHERE id = ?", (sid,)).fetchone()[0]
        if lost and hit_id is not None:
            graph.recompute(conn, hit_id, now, changes)
        if added:
            graph.join(conn, sid, added, now, changes)

    def _state(self) -> str:
        z = self.zones
        return json.dumps([self.model_id, z.link, z.review])

    @staticmethod
    def _applied(conn: sqlite3.Connection) -> str | None:
        row = conn.execute("SELECT value FROM linkage_state WHERE key = 'applied'").fetchone()
        return None if row is None else row[0]

    def _load_model(self, conn: sqlite3.Connection) -> None:
        row = conn.execute(  # models of an older layout (MODEL_VERSION) cannot be read: the shipped one until a refit
            "SELECT id, model FROM linkage_models WHERE json_extract(model, '$.version') = ? ORDER BY id DESC LIMIT 1",
            (MODEL_VERSION,),
        ).fetchone()
        if row is not None and row[0] != self.model_id:
            self.model, self.model_id = Model.from_json(row[1]), row[0]

    def reevaluate(self, now: str) -> HitChanges:
        """Decide every stored pair again under the model and thresholds in force (after a refit or
        a change of the table's thresholds): pairs that leave the link zone split their hits, pairs
        that enter it join hits, review candidates come and go. Pairs that were in no zone were not
        kept and stay out until one of their signals is submitted again. Call inside a transaction."""
        conn = self._writing()
        now = canonical_time(now)
        changes = graph.Changes()
        broken: set[int] = set()
        joins: list[tuple[int, int]] = []
        rows = conn.execute("SELECT a, b, kinds, similar, compared, zone FROM links").fetchall()
        for a, b, kinds, similar, compared, before in rows:
            evidence = PairEvidence(
                dict(json.loads(similar)), frozenset(json.loads(kinds)), frozenset(json.loads(compared))
            )
            if evidence.legacy():
                continue  # encodings of before the field encodings: kept as decided until re-encoded
            found, weight = self._decide(conn, a, b, evidence)
            if found == NONE:
                conn.execute("DELETE FROM links WHERE a = ? AND b = ?", (a, b))
            else:
                conn.execute("UPDATE links SET zone = ?, weight = ? WHERE a = ? AND b = ?", (found, weight, a, b))
            if before == LINK and found != LINK:
                hit = conn.execute("SELECT hit_id FROM signals WHERE id = ?", (a,)).fetchone()[0]
                if hit is not None:
                    broken.add(hit)
            elif found == LINK and before != LINK:
                joins.append((a, b))
        for hit_id in sorted(broken):
            graph.recompute(conn, hit_id, now, changes)
        for a, b in joins:
            graph.join(conn, a, [b], now, changes)
        conn.execute("INSERT OR REPLACE INTO linkage_state (key, value) VALUES ('applied', ?)", (self._state(),))
        return changes.freeze()

    def set_model(self, model: Model, now: str) -> tuple[int, HitChanges]:
        """Store a newly fitted model, put it in force and re-evaluate the stored pairs. Call inside
        a transaction. Returns (model id, hit changes)."""
        conn = self._writing()
        model_id = conn.execute(
            "INSERT INTO linkage_models (fitted_at, model) VALUES (?, ?)", (model.fitted_at or now, model.to_json())
        ).lastrowid
        assert model_id is not None
        self.model, self.model_id = model, model_id
        return model_id, self.reevaluate(now)

    def relink(self, now: str) -> HitChanges | None:
        """Pick up a model another process stored (`signalmatch matcher refit`) and re-evaluate the
        stored pairs if they were decided under another model or other thresholds; None when nothing
        changed. Call inside a transaction."""
        conn = self._writing()
        self._load_model(conn)
        return self.reevaluate(now) if self._applied(conn) != self._state() else None

    def review_candidates(self, page_size: int, page_token: str = "", caller: str = "") -> ReviewPage:
        """Pairs in the review zone, most probable first (ties by ids), a page after `page_token`
        (one `caller` gave, signalmatch.requests.PageTokens)."""
        size = protocol.page_size(page_size)
        offset = int(self.page_tokens.decode(page_token, caller, "review", (int,))[0]) if page_token else 0
        with self._reading() as conn:
            total = conn.execute("SELECT COUNT(*) FROM links WHERE zone = 'review'").fetchone()[0]
            rows = conn.execute(
                "SELECT a, b FROM links WHERE zone = 'review' ORDER BY weight DESC, a, b LIMIT ? OFFSET ?",
                (size + 1, offset),
            ).fetchall()
            more = len(rows) > size
            found = [self._candidate(conn, a, b) for a, b in rows[:size]]
        return ReviewPage(found, self.page_tokens.encode(caller, "review", [offset + size]) if more else "", total)

    def review_candidate(self, a: int, b: int) -> ReviewCandidate:
        with self._reading() as conn:
            return self._candidate(conn, a, b)

    def _candidate(self, conn: sqlite3.Connection, a: int, b: int) -> ReviewCandidate:
        row = conn.execute(
            "SELECT kinds, similar, compared, zone, weight, first_seen, last_seen FROM links WHERE a = ? AND b = ?",
            (a, b),
        ).fetchone()
        if row is None:
            raise NotFoundError(i18n.t("match.review.not_found", a=a, b=b))
        kinds, similar, compared, found, weight, first_seen, last_seen = row
        evidence = PairEvidence(
            dict(json.loads(similar)), frozenset(json.loads(kinds)), frozenset(json.loads(compared))
        )
        signals = {}
        for sid, partner, ref, metadata, receive_time, hit in conn.execute(
            "SELECT id, partner, signal_ref, metadata, receive_time, hit_id FROM signals WHERE id IN (?, ?)", (a, b)
        ):
            signals[sid] = (HitSignal(partner, ref, Metadata.from_json_obj(json.loads(metadata)), receive_time), hit)
        terms = tuple(self.model.terms(evidence))
        return ReviewCandidate(
            a, b, signals[a][0], signals[b][0], evidence, terms, weight, probability(weight),
            first_seen, last_seen, signals[a][1], signals[b][1], found,
        )  # fmt: skip

    def decide_review(
        self, a: int, b: int, confirm: bool, reason: str, chair: str, now: str
    ) -> tuple[ReviewCandidate, HitChanges]:
        """The chair confirms (the pair links) or rejects (not proposed again while its evidence
        stands) a review candidate. Call inside a transaction. ConflictError unless it is in review."""
        conn = self._writing()
        now = canonical_time(now)
        candidate = self._candidate(conn, a, b)
        if candidate.zone != REVIEW:
            raise ConflictError(i18n.t("match.review.not_in_review", a=a, b=b, zone=candidate.zone))
        conn.execute(
            "INSERT OR REPLACE INTO review_decisions (a, b, decision, reason, evidence, chair, time)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (a, b, "confirmed" if confirm else "rejected", reason, _evidence_json(candidate.evidence), chair, now),
        )
        changes = graph.Changes()
        conn.execute("UPDATE links SET zone = ? WHERE a = ? AND b = ?", (LINK if confirm else REJECTED, a, b))
        if confirm:
            graph.join(conn, a, [b], now, changes)
        return self._candidate(conn, a, b), changes.freeze()

    def signal_evidence(self, partner: str, hit_ids: Iterable[int]) -> dict[int, dict[str, tuple[set[str], set[str]]]]:
        """Per hit, per own signal ref of `partner`: (identifier kinds, similarity kinds) of its links."""
        ids = list(hit_ids)
        out: dict[int, dict[str, tuple[set[str], set[str]]]] = {i: {} for i in ids}
        if not ids:
            return out
        marks = ",".join("?" * len(ids))
        with self._reading() as conn:
            for hit_id, ref, kinds, similar in conn.execute(
                "SELECT s.hit_id, s.signal_ref, l.kinds, l.similar FROM signals s JOIN links l"
                " ON (l.a = s.id OR l.b = s.id) AND l.zone = 'link'"
                f" WHERE s.partner = ? AND s.hit_id IN ({marks})",
                [partner, *ids],
            ):
                exact, fuzzy = out[hit_id].setdefault(ref, (set(), set()))
                exact.update(json.loads(kinds))
                fuzzy.update(kind for kind, score in json.loads(similar) if score >= SIMILAR_SHOWN.get(kind, 2.0))
        return out

    def _indexes(self, conn: sqlite3.Connection) -> dict[int, FuzzyIndex]:
        """The in-memory fuzzy index per key epoch, loaded from the encodings table when needed."""
        if self._fuzzy is None:
            indexes: dict[int, FuzzyIndex] = {}
            rows = conn.execute(
                "SELECT e.signal_id, e.epoch, e.kind, e.bits, e.blocks, s.partner FROM encodings e"
                " JOIN signals s ON s.id = e.signal_id"
            )
            for sid, epoch, kind, bits, blocks, partner in rows:
                encoding = Encoding(kind, bytes(bits), _split_blocks(blocks))
                indexes.setdefault(epoch, FuzzyIndex()).add(sid, encoding, self._group(partner))
            self._fuzzy = indexes
        return self._fuzzy

    def _group(self, partner: str) -> int:
        """The group of `partner`'s signals in the fuzzy indexes."""
        return self._partners.setdefault(partner, len(self._partners))

    def _insert_encodings(
        self, conn: sqlite3.Connection, sid: int, partner: str, encodings: Iterable[EncodingIn]
    ) -> None:
        indexes = self._indexes(conn)
        for enc in encodings:
            self._fuzzy_dirty = True
            inserted = conn.execute(
                "INSERT OR IGNORE INTO encodings (signal_id, epoch, kind, bits, blocks) VALUES (?, ?, ?, ?, ?)",
                (sid, enc.epoch, enc.kind, enc.bits, b"".join(enc.blocks)),
            ).rowcount
            if inserted:
                encoding = Encoding(enc.kind, enc.bits, enc.blocks)
                indexes.setdefault(enc.epoch, FuzzyIndex()).add(sid, encoding, self._group(partner))

    def _delete_encodings(self, conn: sqlite3.Connection, sid: int) -> None:
        if conn.execute("DELETE FROM encodings WHERE signal_id = ?", (sid,)).rowcount:
            self._fuzzy_dirty = True
            for index in self._indexes(conn).values():
                index.remove(sid)

    @staticmethod
    def _stored_encodings(conn: sqlite3.Connection, sid: int) -> list[EncodingIn]:
        return [
            EncodingIn(kind, bytes(bits), _split_blocks(blocks), epoch)
            for epoch, kind, bits, blocks in conn.execute(
                "SELECT epoch, kind, bits, blocks FROM encodings WHERE signal_id = ?", (sid,)
            )
        ]

    def _remove(self, conn: sqlite3.Connection, ids: list[int], now: str, reason: str, changes: graph.Changes) -> None:
        """Replace signals by tombstones, drop their tokens and links, and recompute their hits."""
        affected: set[int] = set()
        for sid in ids:
            partner, ref, hit_id = conn.execute(
                "SELECT partner, signal_ref, hit_id FROM signals WHERE id = ?", (sid,)
            ).fetchone()
            if hit_id is not None:
                affected.add(hit_id)
            conn.execute(
                "INSERT OR REPLACE INTO tombstones (partner, signal_ref, time, reason) VALUES (?, ?, ?, ?)",
                (partner, ref, now, reason),
            )
            conn.execute("DELETE FROM tokens WHERE signal_id = ?", (sid,))
            self._kinds.pop(sid, None)
            self._delete_encodings(conn, sid)
            for table in ("links", "review_decisions"):
                conn.execute(f"DELETE FROM {table} WHERE a = ?", (sid,))
                conn.execute(f"DELETE FROM {table} WHERE b = ?", (sid,))
            conn.execute("DELETE FROM signals WHERE id = ?", (sid,))
        for hit_id in sorted(affected):
            graph.recompute(conn, hit_id, now, changes)


# --- helpers -------------------------------------------------------------------------------


def _check_storable(signal: SignalIn) -> None:
    """A cheap guard of what the store relies on, for callers other than the service (benchmarks,
    tests): the service has validated every submitted signal with matcher.match.validate_signal.
    ValueError (a programming error, not a client's) when it does not hold."""
    if (
        not signal.partner
        or not signal.signal_ref
        or signal.epoch < 1
        or any(len(t.value) != TOKEN_BYTES or t.epoch < 0 for t in signal.tokens)
        or any(
            e.kind not in ENCODING_KINDS
            or not e.bits
            or len(e.bits) % 8
            or not e.blocks
            or any(len(block) != BLOCK_BYTES for block in e.blocks)
            or e.epoch < 0
            for e in signal.encodings
        )
    ):
        raise ValueError("the store takes only validated signals (matcher.match.validate_signal)")


def _evidence_json(evidence: PairEvidence) -> str:
    """The evidence as canonical text: a rejection holds while this text stays the same."""
    return json.dumps(
        [sorted(evidence.shared), sorted(evidence.both), sorted((k, round(v, 4)) for k, v in evidence.similar.items())],
        separators=(",", ":"),
    )


def reaching(
    model: Model,
    thresholds: Thresholds,
    scored: Sequence[tuple[str, Sequence[Hashable], Mapping[str, np.ndarray]]],
    candidates: Sequence[int],
    both: Mapping[str, np.ndarray],
) -> set[int]:
    """The `candidates` (signals that share no exact token with the new one) whose similarities can
    reach a zone (matcher.linkage.possible, on the fields of the best pair of encodings of each kind,
    as _best picks it): the others end in no zone, so their evidence is not built. `scored`: what
    FuzzyIndex.field_dice found for each encoding of the new signal (kind, ids, columns), which the
    store computes once per encoding for all its candidates (the ids may include others than
    `candidates`: they are left out) and builds their evidence from too."""
    position = {other: i for i, other in enumerate(candidates)}
    fields: dict[str, np.ndarray] = {}
    best: dict[str, np.ndarray] = {}
    for kind, ids, columns in scored:
        pick = [(i, position[other]) for i, other in enumerate(ids) if other in position]
        if not pick:
            continue
        source = np.fromiter((i for i, _ in pick), dtype=np.int64, count=len(pick))
        at = np.fromiter((p for _, p in pick), dtype=np.int64, count=len(pick))
        whole = best.setdefault(kind, np.full(len(candidates), -1.0))
        score = columns[kind][source]
        better = score > whole[at]
        whole[at[better]] = score[better]
        for name in fields_of(kind):
            column = fields.setdefault(name, np.full(len(candidates), np.nan))
            column[at[better]] = columns[name][source][better] if name in columns else np.nan
    reach = possible(model, fields, len(candidates), thresholds, both)
    return {other for other, found in zip(candidates, reach.tolist(), strict=True) if found}


def _best(similar: dict[str, float], common: Mapping[str, float], kind: str) -> dict[str, float]:
    """`similar` with `common` (what one pair of encodings of `kind` has in common) when that pair is
    the best of its kind so far: the fields shown are those of the most similar encodings."""
    if kind in similar and similar[kind] >= common[kind]:
        return similar
    return {**{k: v for k, v in similar.items() if k not in fields_of(kind)}, **common}


def _kinds_json(kinds: Iterable[str]) -> str:
    return json.dumps(sorted(kinds), separators=(",", ":"))


def _similar_json(similar: Mapping[str, float]) -> str:
    return json.dumps(sorted(similar.items()), separators=(",", ":"))


def _split_blocks(blocks: bytes) -> tuple[bytes, ...]:
    return tuple(bytes(blocks[i : i + BLOCK_BYTES]) for i in range(0, len(blocks), BLOCK_BYTES))


def _filter_sql(flt: HitFilter) -> tuple[str, list[object]]:
    """WHERE clause over `hits h` for a checked filter (canonical times: they compare as text)."""
    conds: list[str] = ["h.state = 'active'"]
    params: list[object] = []
    if flt.status:
        conds.append("h.status = ?")
        params.append(flt.status)
    for column, value, op in (
        ("update_time", flt.updated_from, ">="),
        ("update_time", flt.updated_before, "<"),
        ("create_time", flt.created_from, ">="),
        ("create_time", flt.created_before, "<"),
    ):
        if value:
            conds.append(f"h.{column} {op} ?")
            params.append(value)
    if flt.partner:
        conds.append("EXISTS (SELECT 1 FROM signals s WHERE s.hit_id = h.id AND s.partner = ?)")
        params.append(flt.partner)
    if flt.municipality:
        conds.append(
            "EXISTS (SELECT 1 FROM signals s WHERE s.hit_id = h.id AND json_extract(s.metadata, '$.municipality') = ?)"
        )
        params.append(flt.municipality)
    if flt.exploitation_type:
        conds.append(
            "EXISTS (SELECT 1 FROM signals s, json_each(s.metadata, '$.exploitation_types') e"
            " WHERE s.hit_id = h.id AND e.value = ?)"
        )
        params.append(flt.exploitation_type)
    return " AND ".join(conds), params


def _load_partner_hits(conn: sqlite3.Connection, partner: str, ids: list[int]) -> list[PartnerHit]:
    """`partner`'s view of the hits `ids`, in that order."""
    if not ids:
        return []
    marks = ",".join("?" * len(ids))
    heads = {
        r[0]: r[1:]
        for r in conn.execute(f"SELECT id, status, referred_to, update_time FROM hits WHERE id IN ({marks})", ids)
    }
    refs: dict[int, list[str]] = {i: [] for i in ids}
    for hit_id, ref in conn.execute(
        f"SELECT hit_id, signal_ref FROM signals WHERE partner = ? AND hit_id IN ({marks}) ORDER BY receive_time, id",
        [partner, *ids],
    ):
        refs[hit_id].append(ref)
    partners = dict(
        conn.execute(
            f"SELECT hit_id, COUNT(DISTINCT partner) FROM signals WHERE hit_id IN ({marks}) GROUP BY hit_id", ids
        )
    )
    kinds: dict[int, set[str]] = {i: set() for i in ids}
    for hit_id, link_kinds in conn.execute(
        f"SELECT s.hit_id, l.kinds FROM signals s JOIN links l ON l.a = s.id"
        f" WHERE s.hit_id IN ({marks}) AND l.zone = 'link'",
        ids,
    ):
        kinds[hit_id].update(json.loads(link_kinds))
    return [
        PartnerHit(
            id=i,
            status=heads[i][0],
            referred_to=heads[i][1],
            signal_refs=tuple(refs[i]),
            partner_count=partners.get(i, 0),
            kinds=tuple(sorted(kinds[i])),
            update_time=heads[i][2],
        )
        for i in ids
    ]


def _load_hits(conn: sqlite3.Connection, ids: list[int]) -> list[Hit]:
    """Full hits (signals, links, evidence) for `ids`, in that order."""
    if not ids:
        return []
    marks = ",".join("?" * len(ids))
    heads = {r[0]: r for r in conn.execute(f"SELECT * FROM hits WHERE id IN ({marks})", ids)}
    signals: dict[int, list[HitSignal]] = {i: [] for i in ids}
    ref_of: dict[int, tuple[str, str]] = {}
    for hit_id, sid, partner, ref, metadata, receive_time in conn.execute(
        "SELECT hit_id, id, partner, signal_ref, metadata, receive_time FROM signals"
        f" WHERE hit_id IN ({marks}) ORDER BY receive_time, id",
        ids,
    ):
        ref_of[sid] = (partner, ref)
        signals[hit_id].append(HitSignal(partner, ref, Metadata.from_json_obj(json.loads(metadata)), receive_time))
    links: dict[int, list[Link]] = {i: [] for i in ids}
    for hit_id, a, b, kinds, first_seen, last_seen, similar in conn.execute(
        "SELECT s.hit_id, l.a, l.b, l.kinds, l.first_seen, l.last_seen, l.similar FROM signals s"
        f" JOIN links l ON l.a = s.id WHERE s.hit_id IN ({marks}) AND l.zone = 'link' ORDER BY l.a, l.b",
        ids,
    ):
        evidence = tuple((k, float(v)) for k, v in json.loads(similar) if v >= SIMILAR_SHOWN.get(k, 2.0))
        links[hit_id].append(Link(ref_of[a], ref_of[b], tuple(json.loads(kinds)), first_seen, last_seen, evidence))
    out = []
    for i in ids:
        _, status, referred_to, note, new_evidence, _state, _into, create_time, update_time = heads[i]
        out.append(
            Hit(
                id=i,
                status=status,
                referred_to=referred_to,
                status_note=note,
                new_evidence=bool(new_evidence),
                signals=tuple(signals[i]),
                links=tuple(links[i]),
                partners=tuple(sorted({s.partner for s in signals[i]})),
                kinds=tuple(sorted({k for link in links[i] for k in link.kinds})),
                create_time=create_time,
                update_time=update_time,
            )
        )
    return out
