"""Is a store's audit log intact? Checked by every process at start and by `signalmatch check`.

Quick (at every start, O(log n)): the last checkpoint the process signed of its log verifies with
its key, the log still holds at least that many entries, and the stored tree's root at that size
is the signed root. Full (``--full``): also every entry's bytes against its leaf hash (and
canonical form), and every stored subtree hash recomputed from the leaves.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from signalmatch import i18n, sqlite
from signalmatch.audit import merkle
from signalmatch.audit.checkpoint import verify_checkpoint
from signalmatch.audit.log import AuditLog
from signalmatch.audit.merkle import ProofError
from signalmatch.errors import AuthenticationError, ConfigError
from signalmatch.stores import Problem, sqlite_problems

CHUNK = 10_000


def log_problems(
    path: Path, origin: str, public_key: Ed25519PublicKey | None, full: bool = False
) -> list[Problem]:
    """Problems of the audit log (origin `origin`) in the SQLite file `path`; checkpoints are
    checked with `public_key` (None: the process signs none). [] when there is no log (yet)."""
    if not path.exists():
        return []
    try:
        conn = sqlite.open_read_only(path)
    except sqlite3.DatabaseError:
        return []  # sqlite_problems reports it
    try:
        if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'audit_entries'").fetchone():
            return []
        log = AuditLog(conn, origin)
        return [Problem(path, what) for what in _problems(conn, log, public_key, full)]
    except (ConfigError, sqlite3.DatabaseError) as exc:
        return [Problem(path, i18n.t("integrity.tree", reason=exc))]
    finally:
        conn.close()


def _problems(conn: sqlite3.Connection, log: AuditLog, key: Ed25519PublicKey | None, full: bool) -> list[str]:
    size = log.size()
    out: list[str] = []
    note = log.last_checkpoint()
    if note and key is not None:
        try:
            checkpoint = verify_checkpoint(note, log.origin, key, origin=log.origin)
        except (AuthenticationError, ProofError) as exc:
            out.append(i18n.t("integrity.checkpoint.bad", reason=exc))
        else:
            if checkpoint.size > size:
                out.append(i18n.t("integrity.truncated", size=size, signed=checkpoint.size))
            else:
                try:
                    if log.root(checkpoint.size) != checkpoint.root_hash:
                        out.append(i18n.t("integrity.root", size=checkpoint.size))
                except ProofError as exc:
                    out.append(i18n.t("integrity.tree", reason=exc))
    if full and not out:
        out += _full_tree(conn, log, size)
    return out


def _full_tree(conn: sqlite3.Connection, log: AuditLog, size: int) -> list[str]:
    """Every entry against its leaf hash, and every stored subtree hash against the leaves."""
    try:
        for start in range(0, size, CHUNK):
            log.entries(start, min(size, start + CHUNK))  # decodes and checks each leaf hash
    except ProofError as exc:
        return [i18n.t("integrity.tree", reason=exc)]
    hashes = [bytes(r[0]) for r in conn.execute("SELECT leaf_hash FROM audit_entries ORDER BY idx")]
    level = 0
    while len(hashes) > 1:
        level += 1
        hashes = [merkle.node_hash(hashes[i], hashes[i + 1]) for i in range(0, len(hashes) - 1, 2)]
        rows = conn.execute("SELECT idx, hash FROM audit_nodes WHERE level = ? ORDER BY idx", (level,))
        for index, value in enumerate(hashes):
            row = rows.fetchone()
            if row is None or row[0] != index or bytes(row[1]) != value:
                return [i18n.t("integrity.node", level=level, index=index)]
        if rows.fetchone() is not None:
            return [i18n.t("integrity.tree", reason=f"more subtree hashes at level {level} than entries")]
    extra = conn.execute("SELECT count(*) FROM audit_nodes WHERE level > ?", (level,)).fetchone()[0]
    if extra:
        return [i18n.t("integrity.tree", reason=f"{extra} subtree hashes above the tree")]
    return []


def store_checks(
    path: Path, origin: str, public_key: Ed25519PublicKey | None, full: bool = False
) -> list[Callable[[], list[Problem]]]:
    """The checks of one store file holding an audit log: SQLite's, then the log's (only on a file
    SQLite finds sound), for signalmatch.stores.require_intact."""

    def both() -> list[Problem]:
        return sqlite_problems(path, full) or log_problems(path, origin, public_key, full)

    return [both]
