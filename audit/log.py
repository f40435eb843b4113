"""The append-only audit log: canonical entries in SQLite, structured as an RFC 9162 Merkle tree.

Storage (tables created on first use, one log per database):

- ``audit_entries(idx, entry, leaf_hash)``: the canonical entry bytes and SHA-256(0x00 || entry).
- ``audit_nodes(level, idx, hash)``: the hash of every complete, aligned subtree of 2^level
  leaves (level >= 1), written when its last leaf is appended: on average one row per entry.
- ``audit_meta``: the log's origin, and the last checkpoint signed of it (``checkpoint``): at start
  every process checks the stored tree against it (signalmatch.audit.integrity).

Any root or proof, for any historical size, is then assembled from O(log n) stored hashes.

The caller owns the connection and its transaction: :meth:`AuditLog.append` never commits, so
an entry commits or rolls back together with the change it records. The caller also guarantees
a single writer (the primary keys turn a racing second writer into an IntegrityError).

Entries are in the spirit of NEN 7513 and hold opaque references only: every text field must be
a code or reference without whitespace, so free text and names cannot be logged by accident.
"""

from __future__ import annotations

import json
import re
import sqlite3
import time
from dataclasses import dataclass, fields
from datetime import datetime

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from signalmatch import i18n
from signalmatch.audit import merkle
from signalmatch.audit.checkpoint import Checkpoint, sign_checkpoint
from signalmatch.audit.merkle import ProofError
from signalmatch.errors import ConfigError, InvalidValue, NotFoundError, ValidationError, Violation

ENTRY_VERSION = 1
ROLES = ("partner", "operator", "chair", "officer", "matcher", "keyholder", "system")
MAX_TOKEN = 256

# URI characters (RFC 3986, unreserved + reserved + '%'), no whitespace: references, not prose.
_TOKEN_RE = re.compile(r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]{1," + str(MAX_TOKEN) + "}")
_ACTION_RE = re.compile(r"[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+")
_KEY_RE = re.compile(r"[a-z][a-z0-9_]{0,63}")
_TIME_RE = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z")


def _violation(field: str, key: str, **params: object) -> Violation:
    return InvalidValue(key, i18n.t(key, **params)).at(field)


def _token_violation(field: str, value: object, required: bool) -> Violation | None:
    if not isinstance(value, str):
        return _violation(field, "audit.entry.token", max=MAX_TOKEN)
    if value == "":
        return _violation(field, "audit.entry.required") if required else None
    if not _TOKEN_RE.fullmatch(value):
        return _violation(field, "audit.entry.token", max=MAX_TOKEN)
    return None


@dataclass(frozen=True)
class AuditEntry:
    """One audited event, in the spirit of NEN 7513; opaque references only, never raw identifiers
    or free text. Sequences may be given as lists; they are stored as tuples, details sorted by key."""

    time: str  # RFC 3339 UTC
    actor_org: str  # partner id / "matcher" / chair org
    actor_role: str  # partner | operator | chair | officer | matcher | system
    actor_user: str  # certificate identity URI or user name
    action: str  # e.g. "batch.submitted", "hit.created", "hits.listed"
    objects: tuple[str, ...] = ()
    purpose: str = ""
    legal_basis: str = ""
    data_categories: tuple[str, ...] = ()
    recipients: tuple[str, ...] = ()
    outcome: str = "ok"
    system: str = ""
    details: tuple[tuple[str, str], ...] = ()  # small extra key/values (counts, statuses)

    def __post_init__(self) -> None:
        problems: list[Violation] = []
        for name in ("objects", "data_categories", "recipients"):
            value = getattr(self, name)
            if isinstance(value, str):
                raise TypeError(f"AuditEntry.{name} must be a sequence of strings, not a string")
            items = tuple(value)
            object.__setattr__(self, name, items)
            problems += filter(None, (_token_violation(f"{name}[{i}]", v, True) for i, v in enumerate(items)))
        pairs = tuple(tuple(p) for p in self.details)
        if any(len(p) != 2 for p in pairs):
            problems.append(_violation("details", "audit.entry.detail_key"))
        else:
            pairs = tuple(sorted(pairs, key=lambda p: str(p[0])))
            object.__setattr__(self, "details", pairs)
            keys = [k for k, _ in pairs]
            for i, (k, v) in enumerate(pairs):
                if not isinstance(k, str) or not _KEY_RE.fullmatch(k) or keys.count(k) > 1:
                    problems.append(_violation(f"details[{i}]", "audit.entry.detail_key"))
                elif problem := _token_violation(f"details.{k}", v, True):
                    problems.append(problem)
        if not isinstance(self.time, str) or not _valid_time(self.time):
            problems.append(_violation("time", "audit.entry.time"))
        if self.actor_role not in ROLES:
            problems.append(_violation("actor_role", "audit.entry.role", roles=", ".join(ROLES)))
        if not isinstance(self.action, str) or not _ACTION_RE.fullmatch(self.action):
            problems.append(_violation("action", "audit.entry.action"))
        for name, required in (("actor_org", True), ("actor_user", True), ("outcome", True),
                               ("purpose", False), ("legal_basis", False), ("system", False)):
            if problem := _token_violation(name, getattr(self, name), required):
                problems.append(problem)
        if problems:
            raise ValidationError(problems)

    def to_json(self) -> dict:
        out: dict = {"v": ENTRY_VERSION}
        for f in fields(self):
            value = getattr(self, f.name)
            out[f.name] = [list(p) for p in value] if f.name == "details" else (
                list(value) if isinstance(value, tuple) else value
            )
        return out

    def canonical_bytes(self) -> bytes:
        """Deterministic JSON: sorted keys, no spaces, UTF-8, tuples as lists, plus "v": 1."""
        return json.dumps(self.to_json(), sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()

    @classmethod
    def from_bytes(cls, data: bytes, index: int | None = None) -> AuditEntry:
        """Parse canonical bytes; ProofError unless `data` is exactly what canonical_bytes() gives."""
        where = "?" if index is None else index
        try:
            obj = json.loads(data.decode("utf-8"))
            names = {f.name for f in fields(cls)}
            if not isinstance(obj, dict) or obj.pop("v", None) != ENTRY_VERSION or set(obj) != names:
                raise ValueError("unexpected fields or version")
            entry = cls(**obj)
        except (ValueError, TypeError, ValidationError):
            raise ProofError("audit.log.not_canonical", index=where) from None
        if entry.canonical_bytes() != data:
            raise ProofError("audit.log.not_canonical", index=where)
        return entry


def _valid_time(value: str) -> bool:
    if not _TIME_RE.fullmatch(value):
        return False
    try:
        datetime.strptime(value[:19], "%Y-%m-%dT%H:%M:%S")  # a real calendar date and time
    except ValueError:
        return False
    return True


_SCHEMA = """
CREATE TABLE IF NOT EXISTS audit_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS audit_entries (
    idx INTEGER PRIMARY KEY, entry BLOB NOT NULL, leaf_hash BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS audit_nodes (
    level INTEGER NOT NULL, idx INTEGER NOT NULL, hash BLOB NOT NULL,
    PRIMARY KEY (level, idx)) WITHOUT ROWID;
"""


def log_size(conn: sqlite3.Connection) -> int:
    """The number of entries of the log in `conn`'s database (any connection, also read-only)."""
    return conn.execute("SELECT COALESCE(MAX(idx) + 1, 0) FROM audit_entries").fetchone()[0]


class AuditLog:
    """An RFC 9162 log over a caller-owned SQLite connection (see the module docstring)."""

    def __init__(self, conn: sqlite3.Connection, origin: str):
        try:
            Checkpoint(origin, 0, merkle.EMPTY_ROOT)  # the origin must be valid in a checkpoint
        except ProofError:
            raise ConfigError(f"audit log origin {origin!r} must be non-empty without spaces") from None
        self._conn = conn
        self.origin = origin
        self.last_signed: tuple[float, int] | None = None  # (Unix time, size) of the last one signed here
        for statement in _SCHEMA.split(";"):
            if statement.strip():
                conn.execute(statement)
        row = conn.execute("SELECT value FROM audit_meta WHERE key = 'origin'").fetchone()
        if row is None:
            started_here = not conn.in_transaction
            conn.execute("INSERT INTO audit_meta (key, value) VALUES ('origin', ?)", (origin,))
            if started_here:
                conn.commit()  # only our own one-row transaction
        elif row[0] != origin:
            raise ConfigError(f"this database holds the audit log of {row[0]!r}, not {origin!r}")

    # -- writing -----------------------------------------------------------------------------------

    def append(self, entry: AuditEntry) -> int:
        """Add `entry` in the caller's transaction (no commit) and return its index."""
        data = entry.canonical_bytes()
        h = merkle.leaf_hash(data)
        index = self.size()
        execute = self._conn.execute
        execute("INSERT INTO audit_entries (idx, entry, leaf_hash) VALUES (?, ?, ?)", (index, data, h))
        # Every subtree this leaf completes: while the node is a right child, hash it with its
        # left sibling (already stored) and store the parent one level up.
        level, i = 0, index
        while i & 1:
            h = merkle.node_hash(self._perfect(level, i - 1), h)
            level, i = level + 1, i >> 1
            execute("INSERT INTO audit_nodes (level, idx, hash) VALUES (?, ?, ?)", (level, i, h))
        return index

    # -- reading -----------------------------------------------------------------------------------

    def size(self) -> int:
        return log_size(self._conn)

    def root(self, size: int | None = None) -> bytes:
        """MTH of the first `size` entries (default: all), from O(log n) stored hashes."""
        size = self._size_arg(size)
        if size == 0:
            return merkle.EMPTY_ROOT
        return self._range_hashes([(0, size)])[0]

    def entry(self, index: int) -> AuditEntry:
        """The entry at `index`; ProofError if its bytes no longer match its stored leaf hash."""
        row = self._conn.execute(
            "SELECT entry, leaf_hash FROM audit_entries WHERE idx = ?", (index,)
        ).fetchone()
        if row is None:
            raise NotFoundError(i18n.t("audit.log.range", what="index", value=index, size=self.size()))
        return self._decode(index, row[0], row[1])

    def entries(self, start: int, end: int) -> list[AuditEntry]:
        """Entries [start, end) in index order."""
        size = self.size()
        if not 0 <= start <= end <= size:
            raise NotFoundError(i18n.t("audit.log.range", what="range", value=f"[{start}, {end})", size=size))
        rows = self._conn.execute(
            "SELECT idx, entry, leaf_hash FROM audit_entries WHERE idx >= ? AND idx < ? ORDER BY idx",
            (start, end),
        ).fetchall()
        if len(rows) != end - start:
            raise ProofError("audit.log.missing_node", level=0, index=start)
        return [self._decode(i, data, h) for i, data, h in rows]

    def leaf_hash(self, index: int) -> bytes:
        """The stored leaf hash at `index` (what proofs and roots are built from)."""
        if not 0 <= index < self.size():
            raise NotFoundError(i18n.t("audit.log.range", what="index", value=index, size=self.size()))
        return self._perfect(0, index)

    def inclusion_proof(self, index: int, size: int | None = None) -> list[bytes]:
        size = self._size_arg(size)
        if not 0 <= index < size:
            raise NotFoundError(i18n.t("audit.log.range", what="index", value=index, size=size))
        return self._range_hashes(merkle.inclusion_ranges(index, size))

    def consistency_proof(self, old_size: int, new_size: int | None = None) -> list[bytes]:
        new_size = self._size_arg(new_size)
        if not 0 <= old_size <= new_size:
            raise NotFoundError(i18n.t("audit.log.range", what="size", value=old_size, size=new_size))
        return self._range_hashes(merkle.consistency_ranges(old_size, new_size))

    def checkpoint(self, key_name: str, private_key: Ed25519PrivateKey) -> str:
        """A signed note (C2SP tlog-checkpoint) for the current size, kept as the log's last signed
        checkpoint (in the caller's transaction, like append)."""
        size = self.size()
        note = sign_checkpoint(Checkpoint(self.origin, size, self.root(size)), key_name, private_key)
        self.last_signed = (time.time(), size)
        if note != self.last_checkpoint():
            self._conn.execute("INSERT OR REPLACE INTO audit_meta (key, value) VALUES ('checkpoint', ?)", (note,))
        return note

    def last_checkpoint(self) -> str:
        """The last checkpoint signed of this log ("" before the first)."""
        row = self._conn.execute("SELECT value FROM audit_meta WHERE key = 'checkpoint'").fetchone()
        return row[0] if row else ""

    # -- internals ---------------------------------------------------------------------------------

    def _size_arg(self, size: int | None) -> int:
        current = self.size()
        if size is None:
            return current
        if not 0 <= size <= current:
            raise NotFoundError(i18n.t("audit.log.range", what="size", value=size, size=current))
        return size

    def _perfect(self, level: int, index: int) -> bytes:
        """Hash of the complete subtree of 2^level leaves starting at leaf index * 2^level."""
        if level == 0:
            row = self._conn.execute("SELECT leaf_hash FROM audit_entries WHERE idx = ?", (index,)).fetchone()
        else:
            row = self._conn.execute(
                "SELECT hash FROM audit_nodes WHERE level = ? AND idx = ?", (level, index)
            ).fetchone()
        if row is None:
            raise ProofError("audit.log.missing_node", level=level, index=index)
        return row[0]

    def _range_hashes(self, ranges: list[tuple[int, int]]) -> list[bytes]:
        """MTH of each leaf range, from stored subtree hashes fetched in (at most) two queries."""
        parts = {part for start, end in ranges for part in merkle.perfect_parts(start, end)}
        leaves = sorted(index for level, index in parts if level == 0)
        nodes = sorted(part for part in parts if part[0] > 0)
        known: dict[tuple[int, int], bytes] = {}
        if leaves:
            marks = ",".join("?" * len(leaves))
            rows = self._conn.execute(f"SELECT idx, leaf_hash FROM audit_entries WHERE idx IN ({marks})", leaves)
            known.update(((0, index), h) for index, h in rows)
        if nodes:
            # OR of primary-key look-ups: SQLite serves each term from the index.
            where = " OR ".join(["(level = ? AND idx = ?)"] * len(nodes))
            params = [value for node in nodes for value in node]
            rows = self._conn.execute(f"SELECT level, idx, hash FROM audit_nodes WHERE {where}", params)
            known.update(((level, index), h) for level, index, h in rows)

        def perfect(level: int, index: int) -> bytes:
            try:
                return known[(level, index)]
            except KeyError:
                raise ProofError("audit.log.missing_node", level=level, index=index) from None

        return [merkle.subtree_hash(start, end, perfect) for start, end in ranges]

    @staticmethod
    def _decode(index: int, data: bytes, stored_hash: bytes) -> AuditEntry:
        if merkle.leaf_hash(data) != stored_hash:
            raise ProofError("audit.log.entry_hash", index=index)
        return AuditEntry.from_bytes(data, index=index)
