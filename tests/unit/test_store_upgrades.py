"""Schema versions: every store written by a released schema (tests/fixtures/stores/) opens with the
current code, its data intact; a store newer than the code is refused; migrations are forward
only, one transaction per step, and resume after a crash."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from make_stores import TABLE, fixture_secret

from signalmatch import oprf, sqlite
from signalmatch.audit.log import AuditLog
from signalmatch.keyholder.store import SCHEMA as KEYHOLDER
from signalmatch.keyholder.store import KeyholderStore
from signalmatch.matcher.match import HitFilter
from signalmatch.matcher.schema import SCHEMA as MATCHER
from signalmatch.matcher.store import MatchStore
from signalmatch.node.vault import SCHEMA as VAULT
from signalmatch.node.vault import Vault

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"

STORES = sorted((FIXTURES / "stores").glob("*-v*"))
SCHEMAS = {"matcher": MATCHER, "vault": VAULT, "keyholder": KEYHOLDER}


def test_every_kind_of_store_has_a_fixture_of_its_current_schema():
    """Bumping a schema version needs `python tests/fixtures/make_stores.py` (the old fixtures stay)."""
    names = {p.name for p in STORES}
    assert {f"{name}-v{schema.version}" for name, schema in SCHEMAS.items()} <= names


@pytest.mark.parametrize("fixture", STORES, ids=[p.name for p in STORES])
def test_a_store_of_a_released_schema_opens_with_its_data_intact(fixture, tmp_path):
    manifest = json.loads((fixture / "manifest.json").read_text())
    path = tmp_path / manifest["file"]
    shutil.copyfile(fixture / manifest["file"], path)
    kind = manifest["store"]
    if kind == "matcher":
        store = MatchStore(path)
        page = store.list_hits_page(HitFilter(), 100, "")
        assert page.total_size == manifest["rows"]["hits"] > 0
        store.close()
    elif kind == "vault":
        vault = Vault(path, fixture_secret("vault"), manifest["audit_origin"])
        signals, _ = vault.list_signals(1000)
        assert len(signals) == manifest["rows"]["signals"] > 0
        assert all(s.signal is not None for s in signals if s.state != "withdrawn")  # the sealed content opens
        vault.close()
    else:
        store = KeyholderStore(path, fixture_secret("keyholder at rest"), TABLE)
        key = store.key(1)  # the sealed OPRF key opens and evaluates
        batch = oprf.blind_batch([b"x"])
        evaluated, proof = oprf.blind_evaluate(key, list(batch.elements))
        assert oprf.finalize_batch(batch, evaluated, proof, key.public) == [oprf.evaluate(key, b"x")]
        assert (key.seed is None) == (manifest["schema_version"] == 1)  # before version 2: a bare scalar
        store.close()
    conn = sqlite3.connect(path)
    assert sqlite.schema_version(conn) == SCHEMAS[kind].version
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    for table, count in manifest["rows"].items():
        assert conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == count, table
    log = AuditLog(conn, manifest["audit_origin"])
    assert log.size() >= manifest["audit_size"]  # opening may append (e.g. a key import)
    assert log.root(manifest["audit_size"]).hex() == manifest["audit_root"]  # the history is unchanged
    conn.close()


def test_a_store_newer_than_the_code_is_refused(tmp_path):
    path = tmp_path / "matcher.sqlite"
    shutil.copyfile(FIXTURES / "stores" / f"matcher-v{MATCHER.version}" / "matcher.sqlite", path)
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {MATCHER.version + 1}")
    conn.close()
    with pytest.raises(sqlite.StoreTooNewError) as caught:
        MatchStore(path)
    assert f"{MATCHER.version + 1}" in str(caught.value) and f"{MATCHER.version}" in str(caught.value)


def _toy(fail_at: int | None = None) -> sqlite.Schema:
    def add_b(conn: sqlite3.Connection) -> None:
        conn.execute("ALTER TABLE t ADD COLUMN b INTEGER NOT NULL DEFAULT 0")
        conn.execute("UPDATE t SET b = a * 2")
        if fail_at == 2:
            raise RuntimeError("crash in the middle of step 2")

    def add_c(conn: sqlite3.Connection) -> None:
        conn.execute("ALTER TABLE t ADD COLUMN c TEXT NOT NULL DEFAULT 'x'")

    return sqlite.Schema("toy", (sqlite.Migration(2, "add b", add_b), sqlite.Migration(3, "add c", add_c)))


def test_migrations_are_atomic_resumable_and_forward_only(tmp_path):
    path = tmp_path / "toy.sqlite"
    conn = sqlite.connect(path)
    conn.execute("CREATE TABLE t (a INTEGER)")  # made before versions were recorded: the baseline
    conn.executemany("INSERT INTO t VALUES (?)", [(1,), (2,)])
    with pytest.raises(RuntimeError):
        sqlite.migrate(conn, _toy(fail_at=2), path)
    assert sqlite.schema_version(conn) == 1  # the baseline committed, step 2 rolled back entirely
    assert [r[1] for r in conn.execute("PRAGMA table_info(t)")] == ["a"]
    assert sqlite.migrate(conn, _toy(), path) == (1, 3)  # the next start resumes at step 2
    assert conn.execute("SELECT a, b, c FROM t ORDER BY a").fetchall() == [(1, 2, "x"), (2, 4, "x")]
    assert [r[0] for r in conn.execute("SELECT version FROM schema_history ORDER BY version")] == [1, 2, 3]
    assert sqlite.migrate(conn, _toy(), path) == (3, 3)  # nothing to do
    conn.close()


def test_a_new_store_is_stamped_current_before_its_tables_exist(tmp_path):
    path = tmp_path / "new.sqlite"
    conn = sqlite.connect(path)
    assert sqlite.migrate(conn, _toy(), path) == (0, 3)
    assert sqlite.schema_version(conn) == 3
    # a crash before the owner made its tables leaves a current store: nothing is migrated later
    assert sqlite.migrate(conn, _toy(fail_at=2), path) == (3, 3)
    conn.close()
