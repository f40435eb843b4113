"""The matcher store's schema: its tables, its versions with their migrations (signalmatch/sqlite.py's
scheme), and its connections (signalmatch/sqlite.py's settings with the matcher's tuning). The
store itself is matcher/store.py."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from signalmatch import sqlite

# The matcher's own tuning on top of signalmatch.sqlite's settings; statements wait up to 30 s for a lock.
WRITER_TUNING = ("cache_size = -65536", "temp_store = MEMORY")  # 64 MiB: keeps the token index hot at 10^6
READER_TUNING = ("cache_size = -16384", "temp_store = MEMORY")
LOCK_TIMEOUT = 30.0


def connect(path: Path) -> sqlite3.Connection:
    """The store's writer: WAL, synchronous=FULL and secure_delete (withdrawn and expired tokens are
    overwritten, not just unlinked from the b-tree); foreign keys as the schema was made: not enforced."""
    return sqlite.connect(path, *WRITER_TUNING, timeout=LOCK_TIMEOUT, foreign_keys=False)


def connect_reader(path: Path) -> sqlite3.Connection:
    """A reading thread's own connection."""
    return sqlite.connect_reader(path, *READER_TUNING, timeout=LOCK_TIMEOUT)


def create_tables(conn: sqlite3.Connection) -> None:
    """Every table and index of the current version that is not there yet (in the caller's transaction)."""
    for statement in TABLES.split(";\n"):
        if statement.strip():
            conn.execute(statement)


def _add_link_similarity(conn: sqlite3.Connection) -> None:
    conn.execute("ALTER TABLE links ADD COLUMN similar TEXT NOT NULL DEFAULT '[]'")


def _add_linkage(conn: sqlite3.Connection) -> None:
    """Version 4 (issue 13): every stored pair has its zone, match weight and the identifier kinds
    both signals have; existing links were all links. Review decisions and models are new tables."""
    for column in ("compared TEXT NOT NULL DEFAULT '[]'", "zone TEXT NOT NULL DEFAULT 'link'", "weight REAL NOT NULL DEFAULT 0"):
        conn.execute(f"ALTER TABLE links ADD COLUMN {column}")


# Version 1 is the first matcher store; tables new in a version are made by TABLES (IF NOT EXISTS).
SCHEMA = sqlite.Schema(
    "matcher",
    (
        sqlite.Migration(2, "tokens carry their key epoch", lambda conn: _migrate_tokens_epoch(conn)),
        sqlite.Migration(3, "fuzzy encodings; links record similarity", _add_link_similarity),
        sqlite.Migration(4, "linkage zones and weights, review decisions, fitted models", _add_linkage),
        # The tables are new (made by TABLES): nothing to convert.
        sqlite.Migration(5, "the table's directory: relayed deals, OPRF keys, epoch switches", lambda conn: None),
    ),
)


def _migrate_tokens_epoch(conn: sqlite3.Connection) -> None:
    """Schema 1 -> 2: every token gets its signal's key epoch (all of one epoch before rotation)."""
    conn.execute("ALTER TABLE tokens RENAME TO tokens_v1")
    conn.execute("DROP INDEX IF EXISTS tokens_signal")
    for statement in TABLES.split(";\n"):
        if "tokens" in statement and statement.strip():
            conn.execute(statement)
    conn.execute(
        "INSERT INTO tokens (value, kind, epoch, signal_id)"
        " SELECT t.value, t.kind, s.epoch, t.signal_id FROM tokens_v1 t JOIN signals s ON s.id = t.signal_id"
    )
    conn.execute("DROP TABLE tokens_v1")


TABLES = """
CREATE TABLE IF NOT EXISTS hits (
    id            INTEGER PRIMARY KEY,
    status        TEXT    NOT NULL,
    referred_to   TEXT    NOT NULL DEFAULT '',
    status_note   TEXT    NOT NULL DEFAULT '',
    new_evidence  INTEGER NOT NULL DEFAULT 0,
    state         TEXT    NOT NULL DEFAULT 'active',  -- active | merged | dissolved
    merged_into   INTEGER REFERENCES hits(id),
    create_time   TEXT    NOT NULL,
    update_time   TEXT    NOT NULL
);
CREATE INDEX IF NOT EXISTS hits_listing ON hits (state, update_time, id);
-- Listing one status, and the counts per status (ListHits' status_counts), both by update time.
CREATE INDEX IF NOT EXISTS hits_status ON hits (state, status, update_time, id);
-- The create_time period filter.
CREATE INDEX IF NOT EXISTS hits_created ON hits (state, create_time);

CREATE TABLE IF NOT EXISTS signals (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    partner        TEXT    NOT NULL,
    signal_ref     TEXT    NOT NULL,
    epoch          INTEGER NOT NULL,
    metadata       TEXT    NOT NULL,  -- JSON of match.Metadata
    content_sha256 BLOB    NOT NULL,
    receive_time   TEXT    NOT NULL,  -- canonical RFC 3339 UTC, sorts as text
    hit_id         INTEGER REFERENCES hits(id),
    UNIQUE (partner, signal_ref)
);
CREATE INDEX IF NOT EXISTS signals_receive ON signals (receive_time);
CREATE INDEX IF NOT EXISTS signals_hit ON signals (hit_id) WHERE hit_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS signals_partner_hit ON signals (partner, hit_id) WHERE hit_id IS NOT NULL;

-- The token index: (value, kind, epoch) -> signals. Tokens of different key epochs never match.
CREATE TABLE IF NOT EXISTS tokens (
    value     BLOB    NOT NULL,
    kind      TEXT    NOT NULL,
    epoch     INTEGER NOT NULL,
    signal_id INTEGER NOT NULL,
    PRIMARY KEY (value, kind, epoch, signal_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS tokens_signal ON tokens (signal_id);
CREATE INDEX IF NOT EXISTS tokens_epoch ON tokens (epoch);

-- Edges of the link graph, a < b (signal ids).
CREATE TABLE IF NOT EXISTS links (
    a          INTEGER NOT NULL,
    b          INTEGER NOT NULL,
    kinds      TEXT    NOT NULL,  -- JSON list of identifier kinds, sorted
    first_seen TEXT    NOT NULL,
    last_seen  TEXT    NOT NULL,
    similar    TEXT    NOT NULL DEFAULT '[]',  -- JSON [[encoding kind, best Dice], ...], sorted
    compared   TEXT    NOT NULL DEFAULT '[]',  -- JSON list of identifier kinds both signals have
    zone       TEXT    NOT NULL DEFAULT 'link',  -- link | review | rejected; only link edges make hits
    weight     REAL    NOT NULL DEFAULT 0,  -- match weight under the model in force
    PRIMARY KEY (a, b)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS links_b ON links (b);
CREATE INDEX IF NOT EXISTS links_review ON links (zone, weight);

-- The chair's decisions on review candidates; `evidence` is the evidence they were made on.
CREATE TABLE IF NOT EXISTS review_decisions (
    a        INTEGER NOT NULL,
    b        INTEGER NOT NULL,
    decision TEXT    NOT NULL,  -- confirmed | rejected
    reason   TEXT    NOT NULL,
    evidence TEXT    NOT NULL,
    chair    TEXT    NOT NULL,
    time     TEXT    NOT NULL,
    PRIMARY KEY (a, b)
) WITHOUT ROWID;

-- Fitted linkage models, with their date and what they were fitted on; the newest is in force.
CREATE TABLE IF NOT EXISTS linkage_models (
    id        INTEGER PRIMARY KEY,
    fitted_at TEXT NOT NULL,
    model     TEXT NOT NULL  -- matcher.linkage.Model.to_json
);
-- What the stored zones were decided under (model id and thresholds): a change re-evaluates them.
CREATE TABLE IF NOT EXISTS linkage_state (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

-- Keyed Bloom-filter encodings per signal and key epoch; blocks: 8-byte blocking keys, concatenated.
CREATE TABLE IF NOT EXISTS encodings (
    signal_id INTEGER NOT NULL,
    epoch     INTEGER NOT NULL,
    kind      TEXT    NOT NULL,
    bits      BLOB    NOT NULL,
    blocks    BLOB    NOT NULL,
    PRIMARY KEY (signal_id, epoch, kind, bits)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS encodings_epoch ON encodings (epoch);

-- Withdrawn or expired signals: a late retry of their submission must not bring them back.
CREATE TABLE IF NOT EXISTS tombstones (
    partner    TEXT NOT NULL,
    signal_ref TEXT NOT NULL,
    time       TEXT NOT NULL,
    reason     TEXT NOT NULL,
    PRIMARY KEY (partner, signal_ref)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS receipts (
    partner      TEXT NOT NULL,
    batch_id     TEXT NOT NULL,
    batch_sha256 BLOB NOT NULL,
    receipt      BLOB NOT NULL,
    signature    BLOB NOT NULL,
    PRIMARY KEY (partner, batch_id)
) WITHOUT ROWID;

-- The table's directory (matcher/directory_service.py): what the matcher relays and records.
CREATE TABLE IF NOT EXISTS directory_deals (        -- sealed table secrets, ciphertext only
    id         INTEGER PRIMARY KEY,
    epoch      INTEGER NOT NULL,
    dealer     TEXT    NOT NULL,
    recipients TEXT    NOT NULL,                     -- JSON list of partner ids
    body       BLOB    NOT NULL UNIQUE,
    signature  BLOB    NOT NULL
);

CREATE TABLE IF NOT EXISTS directory_announcements (  -- the keyholder's signed OPRF public keys
    epoch      INTEGER PRIMARY KEY,
    public_key TEXT NOT NULL,
    signature  TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS directory_switches (       -- partners that re-submitted in an epoch
    partner TEXT    NOT NULL,
    epoch   INTEGER NOT NULL,
    PRIMARY KEY (partner, epoch)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS directory_versions_recorded (  -- versions with an audit entry
    version INTEGER PRIMARY KEY
);
"""
