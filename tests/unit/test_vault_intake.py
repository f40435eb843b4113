"""The vault's group commit at intake (Vault.create_many) stores exactly what it stored before issue
15's speed-ups: the same results per entry and, table by table and row by row (rowids included),
the same database, apart from the sealed contents' random nonces (their plaintexts are compared).
Golden digest computed with the code of commit 2cb7177."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from signalmatch.errors import SignalmatchError
from signalmatch.node.signal import Person, Signal
from signalmatch.node.vault import Actor, NewSignal, Vault

ACTOR = Actor("vtgv", "operator", "spiffe://midden-nederland/operator/vtgv")
NOW = "2026-12-07T03:00:00Z"
GOLDEN = "63849f53555a530624f4436e1069f86bcc6823c727c7921f7b02e5236a323539"


def _entries() -> list[NewSignal]:
    out = []
    for i in range(40):
        signal = Signal(
            external_id=f"case-{i % 37}",
            observed_at="2026-03-01",
            municipality="Utrecht",
            persons=(Person(role="betrokkene", surname=f"Jansen{i % 35}"),),
        )
        request_id = f"req-{i % 33}" if i % 4 == 0 else ""
        tokens = tuple(
            (kind, hashlib.sha256(f"{kind}{i % 30}".encode()).digest()) for kind in ("phone", "bsn")[: 1 + i % 2]
        )
        out.append(
            NewSignal(f"ref{i:05d}abc", signal, request_id, f"payload-{i}".encode(), tokens, (1, 2)[: 1 + i % 2])
        )
    return out


def _outcome(result: tuple[str, bool] | SignalmatchError) -> list:
    return [type(result).__name__, str(result)] if isinstance(result, Exception) else list(result)


def _dump(vault: Vault) -> dict:
    """Every table's rows with their rowids (the sealed contents as their plaintexts)."""
    conn = vault.conn
    tables = [
        (name, "WITHOUT ROWID" not in sql.upper())
        for name, sql in conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name")
        if name != "schema_history"  # when the vault was made
    ]
    out: dict = {}
    for table, rowid in tables:
        columns = ["rowid"] * rowid + [r[1] for r in conn.execute(f"PRAGMA table_info({table})") if r[1] != "sealed"]
        rows = conn.execute(f"SELECT {', '.join(columns)} FROM {table} ORDER BY 1").fetchall()  # noqa: S608
        out[table] = [[c.hex() if isinstance(c, bytes) else c for c in row] for row in rows]
    refs = [r[0] for r in conn.execute("SELECT ref FROM signals ORDER BY ref")]
    out["contents"] = [[ref, repr(vault.get(ref).signal)] for ref in refs]
    return out


def test_group_commit_stores_what_it_stored_before(tmp_path: Path) -> None:
    vault = Vault(tmp_path / "vault.sqlite", bytes(range(32)), "midden-nederland/partner/vtgv")
    entries = _entries()
    results = [vault.create_many(entries[i : i + 13], NOW, ACTOR) for i in range(0, len(entries), 13)]
    found = {"results": [[_outcome(r) for r in group] for group in results], "db": _dump(vault)}
    digest = hashlib.sha256(json.dumps(found, sort_keys=True).encode()).hexdigest()
    assert sum(1 for group in found["results"] for r in group if len(r) == 2 and r[1] is True) > 25
    assert digest == GOLDEN
