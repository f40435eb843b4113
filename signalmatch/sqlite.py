"""SQLite as every process here uses it: one writer connection per file, shared by the gRPC
threads under a lock, WAL with synchronous=FULL (an answer sent means the data is on disk) and
secure_delete (deleted personal data or tokens are overwritten, not merely unlinked).

Every store carries a schema version (``PRAGMA user_version``, :class:`Schema`): migrations are
forward only, one transaction per step (resumable after a crash), and a store newer than this
program understands is refused (:class:`StoreTooNewError`). Databases written by each released
schema are kept as test fixtures (tests/fixtures/stores/), so every change is tested as an
upgrade from real files."""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from signalmatch import i18n
from signalmatch.errors import SignalmatchError

log = logging.getLogger(__name__)


def connect(path: Path, *tuning: str, timeout: float = 5.0, foreign_keys: bool = True) -> sqlite3.Connection:
    """A store's writer connection (autocommit; transactions are explicit, see :func:`transaction`):
    WAL, synchronous=FULL, secure_delete and, unless `foreign_keys` is False (the matcher's schema
    was written without them being enforced), foreign keys; then the store's own `tuning` pragmas,
    e.g. ``"cache_size = -65536"``. `timeout`: how long a statement waits for a lock (seconds)."""
    conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None, timeout=timeout)
    pragmas = ["journal_mode=WAL", "synchronous=FULL", "secure_delete=ON"]
    if foreign_keys:
        pragmas.append("foreign_keys=ON")
    for pragma in (*pragmas, *tuning):
        conn.execute(f"PRAGMA {pragma}")
    return conn


def connect_reader(path: Path, *tuning: str, timeout: float = 5.0) -> sqlite3.Connection:
    """A store's own reading connection beside its writer (one per thread, query_only), with the
    store's `tuning` pragmas; its transactions are snapshots under WAL."""
    conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None, timeout=timeout)
    for pragma in ("query_only=1", *tuning):
        conn.execute(f"PRAGMA {pragma}")
    return conn


def open_read_only(path: Path, timeout: float = 10.0) -> sqlite3.Connection:
    """A fresh connection that cannot write (``mode=ro``), for checks, metrics and health probes
    from outside the store's owner; it never creates the file."""
    return sqlite3.connect(
        f"file:{path}?mode=ro", uri=True, isolation_level=None, check_same_thread=False, timeout=timeout
    )


@contextmanager
def transaction(conn: sqlite3.Connection, lock: threading.RLock) -> Iterator[sqlite3.Connection]:
    """BEGIN IMMEDIATE ... COMMIT, or ROLLBACK on any exception; one thread at a time."""
    with lock:
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")


@contextmanager
def read_only(path: Path) -> Iterator[sqlite3.Connection]:
    """A fresh read-only connection to `path` in one read transaction (a consistent snapshot that
    never blocks the writer under WAL): for metrics and health checks, beside the store's own."""
    conn = open_read_only(path)
    try:
        conn.execute("BEGIN")
        yield conn
    finally:
        conn.close()


# -- schema versions and migrations --------------------------------------------------------------


@dataclass(frozen=True)
class Migration:
    """One forward step: `apply` takes the store from version ``version - 1`` to `version`."""

    version: int
    name: str
    apply: Callable[[sqlite3.Connection], None]


@dataclass(frozen=True)
class Schema:
    """The versions of one kind of store (``PRAGMA user_version``).

    Version `baseline` is the schema of stores made before versions were recorded (user_version 0
    with tables in it). `migrations` lead from there to the current version, one transaction each.
    A fresh store is stamped with the current version before its owner creates the tables, so a
    crash in between leaves a current (if empty) store, never one mistaken for an old one.
    """

    store: str  # "matcher", "vault", "keyholder"
    migrations: tuple[Migration, ...] = ()
    baseline: int = 1

    @property
    def version(self) -> int:
        return max([self.baseline, *(m.version for m in self.migrations)])


class StoreTooNewError(SignalmatchError):
    """The store was written by a newer signalmatch; this one must not touch it."""

    def __init__(self, path: Path, found: int, understood: int):
        super().__init__(i18n.t("sqlite.too_new", path=path, found=found, understood=understood))
        self.path, self.found, self.understood = path, found, understood


_HISTORY = (
    "CREATE TABLE IF NOT EXISTS schema_history ("
    "version INTEGER PRIMARY KEY, name TEXT NOT NULL, apply_time TEXT NOT NULL)"
)


def schema_version(conn: sqlite3.Connection) -> int:
    return conn.execute("PRAGMA user_version").fetchone()[0]


def _has_tables(conn: sqlite3.Connection) -> bool:
    return bool(conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0])


def _step(conn: sqlite3.Connection, version: int, name: str, apply: Callable[[sqlite3.Connection], None]) -> None:
    """`apply`, the history row and the new version in ONE transaction: all or nothing."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        apply(conn)
        conn.execute(_HISTORY)
        now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        conn.execute("INSERT OR REPLACE INTO schema_history VALUES (?, ?, ?)", (version, name, now))
        conn.execute(f"PRAGMA user_version = {int(version)}")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def check_version(conn: sqlite3.Connection, schema: Schema, path: Path) -> int:
    """The store's version; StoreTooNewError when it is newer than `schema` knows."""
    found = schema_version(conn)
    if found > schema.version:
        raise StoreTooNewError(path, found, schema.version)
    return found


def migrate(conn: sqlite3.Connection, schema: Schema, path: Path) -> tuple[int, int]:
    """Bring the store on `conn` (outside any transaction) to the current version of `schema`;
    returns (version found, version now). Forward only, one transaction per step: a crash leaves
    the store at the last step completed, and the next start resumes from there."""
    found = check_version(conn, schema, path)
    version = found
    if version == 0:
        if not _has_tables(conn):  # a new store: current at once, the owner creates its tables
            _step(conn, schema.version, f"{schema.store} created", lambda c: None)
            return 0, schema.version
        _step(conn, schema.baseline, f"{schema.store} made before schema versions", lambda c: None)
        version = schema.baseline
    for migration in schema.migrations:
        if migration.version > version:
            _step(conn, migration.version, migration.name, migration.apply)
            log.info(
                "%s: schema version %d -> %d (%s)",
                path,
                version,
                migration.version,
                migration.name,
                extra={"event": "store.migrated"},
            )
            version = migration.version
    return found, version


# -- restores ------------------------------------------------------------------------------------

_RESTORES = (
    "CREATE TABLE IF NOT EXISTS restores ("
    "restore_time TEXT NOT NULL, backup_time TEXT NOT NULL, backup_audit_size INTEGER NOT NULL, "
    "replaced_audit_size INTEGER, announced INTEGER NOT NULL DEFAULT 0)"
)


@dataclass(frozen=True)
class Restore:
    """A restore of this store from a backup, as `signalmatch restore` recorded it in the copy."""

    restore_time: str
    backup_time: str
    backup_audit_size: int
    replaced_audit_size: int | None  # None: there was no store, or it could not be read
    announced: bool = False

    def to_json(self) -> dict[str, object]:
        return {
            "restore_time": self.restore_time,
            "backup_time": self.backup_time,
            "backup_audit_size": self.backup_audit_size,
            "replaced_audit_size": self.replaced_audit_size,
        }


def record_restore(conn: sqlite3.Connection, restore: Restore) -> None:
    """In the restored copy, before it goes into place (`signalmatch restore`)."""
    conn.execute(_RESTORES)
    conn.execute(
        "INSERT INTO restores VALUES (?, ?, ?, ?, 0)",
        (restore.restore_time, restore.backup_time, restore.backup_audit_size, restore.replaced_audit_size),
    )


def restores(conn: sqlite3.Connection) -> list[Restore]:
    """Every restore recorded in the store, oldest first ([] for a store never restored)."""
    if not conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'restores'").fetchone():
        return []
    rows = conn.execute("SELECT * FROM restores ORDER BY rowid").fetchall()
    return [Restore(r[0], r[1], r[2], r[3], bool(r[4])) for r in rows]


def mark_announced(conn: sqlite3.Connection) -> None:
    """The process has logged and audited the restores (in the caller's transaction)."""
    conn.execute("UPDATE restores SET announced = 1 WHERE announced = 0")
