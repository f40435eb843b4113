"""audit.checkpoint (signed notes, checkpoints) and audit.log (entries, the SQLite log)."""

from __future__ import annotations

import base64
import json
import sqlite3
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import given, settings
from hypothesis import strategies as st

from signalmatch.audit import merkle
from signalmatch.audit.checkpoint import (
    Checkpoint,
    open_note,
    parse_note,
    parse_vkey,
    sign_checkpoint,
    sign_note,
    verify_checkpoint,
    vkey,
)
from signalmatch.audit.log import AuditEntry, AuditLog
from signalmatch.audit.merkle import ProofError
from signalmatch.errors import AuthenticationError, ConfigError, NotFoundError, ValidationError

NOTE = json.loads((Path(__file__).parents[1] / "vectors" / "c2sp-signed-note-golang.json").read_text())
ORIGIN = "matcher.signalmatch.test/audit"


def _published_signer() -> Ed25519PrivateKey:
    # "PRIVATE+KEY+<name>+<hex id>+<base64(0x01 || seed)>"; the base64 part may contain '+'.
    encoded = NOTE["signer_key"].split("+", 4)[4]
    raw = base64.b64decode(encoded)
    assert raw[0] == 0x01
    return Ed25519PrivateKey.from_private_bytes(raw[1:])


def _entry(n: int, **overrides) -> AuditEntry:
    values = dict(
        time=f"2025-03-{1 + n % 28:02d}T10:{n % 60:02d}:00Z",
        actor_org="vt-amsterdam",
        actor_role="partner",
        actor_user="spiffe://signalmatch.test/partner/vt-amsterdam",
        action="batch.submitted",
        objects=(f"batch:{n}",),
        purpose="signalering",
        legal_basis="wpg-art-20",
        data_categories=("pseudonyms",),
        recipients=("matcher",),
        details=(("signals", str(n)),),
    )
    values.update(overrides)
    return AuditEntry(**values)


def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=WAL")
    return conn


@pytest.fixture
def db(tmp_path):
    conn = _connect(tmp_path / "audit.db")
    yield conn
    conn.close()


@pytest.fixture
def key():
    return Ed25519PrivateKey.generate()


# -- signed notes: the published golang.org/x/mod/sumdb/note vector ------------------------------


def test_signed_note_vector():
    signer = _published_signer()
    name = NOTE["key_name"]
    assert vkey(name, signer.public_key()) == NOTE["verifier_key"]
    assert sign_note(NOTE["text"], name, signer) == NOTE["signed_note"]
    parsed_name, public_key = parse_vkey(NOTE["verifier_key"])
    assert parsed_name == name
    assert open_note(NOTE["signed_note"], name, public_key) == NOTE["text"]
    # A signature by another (unknown) key is ignored, and each key verifies its own line.
    both = NOTE["signed_note"] + NOTE["other_signature_line"]
    assert open_note(both, name, public_key) == NOTE["text"]
    other_name, other_key = parse_vkey(NOTE["other_verifier_key"])
    assert open_note(both, other_name, other_key) == NOTE["text"]
    text, signatures = parse_note(both)
    assert text == NOTE["text"]
    assert [s.key for s in signatures] == [f"{name}+{NOTE['key_id']}", NOTE["other_verifier_key"].rsplit("+", 1)[0]]


def test_malformed_notes_are_rejected():
    text, sig = NOTE["text"], NOTE["signed_note"][len(NOTE["text"]) + 1 :]
    _, public_key = parse_vkey(NOTE["verifier_key"])
    for bad in [
        text,
        text + "\n",
        text + "\n" + sig[:-1],
        "\x01" + text + "\n" + sig,
        text + "\n" + sig.replace("PeterNeumann", "Bad Name"),
        text + "\n" + sig + "Unexpected line.\n",
        text + "\n" + sig.replace("x08go", "x08g!"),
    ]:
        with pytest.raises(ProofError):
            open_note(bad, NOTE["key_name"], public_key)
    altered = NOTE["signed_note"].replace("cryptography", "Cryptography")
    with pytest.raises(AuthenticationError, match="PeterNeumann"):
        open_note(altered, NOTE["key_name"], public_key)


def test_verifier_keys_are_checked():
    good = NOTE["verifier_key"]
    for bad in [good.replace("c74f20a3", "c74f20a4"), good[:-4], "PeterNeumann+c74f20a3", good.replace("+AR", "+AS")]:
        with pytest.raises(ConfigError):
            parse_vkey(bad)


# -- checkpoints -----------------------------------------------------------------------------------


def test_checkpoint_body_is_the_c2sp_format():
    # The example body from c2sp.org/tlog-checkpoint.
    body = "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n"
    cp = Checkpoint.from_body(body)
    assert (cp.origin, cp.size) == ("example.com/behind-the-sofa", 20852163)
    assert cp.body() == body
    for bad in [
        body + "extension\n",
        body[:-1],
        body.replace("20852163", "020852163"),
        body.replace("20852163", "-1"),
        body.replace("CsUY", "CsU"),
        "example.com/behind-the-sofa\n20852163\n",
    ]:
        with pytest.raises(ProofError):
            Checkpoint.from_body(bad)


def test_checkpoint_sign_verify_round_trip(key):
    cp = Checkpoint(ORIGIN, 42, merkle.leaf_hash(b"x"))
    note = sign_checkpoint(cp, ORIGIN, key)
    assert note.startswith(cp.body() + "\n\u2014 " + ORIGIN + " ")
    assert verify_checkpoint(note, ORIGIN, key.public_key()) == cp
    assert verify_checkpoint(note, ORIGIN, key.public_key(), origin=ORIGIN) == cp
    with pytest.raises(ProofError):
        verify_checkpoint(note, ORIGIN, key.public_key(), origin="other.test/log")


def test_checkpoint_wrong_key_or_edited_body_fails(key):
    cp = Checkpoint(ORIGIN, 42, merkle.leaf_hash(b"x"))
    note = sign_checkpoint(cp, ORIGIN, key)
    with pytest.raises(AuthenticationError, match="no signature|niet ondertekend"):
        verify_checkpoint(note, ORIGIN, Ed25519PrivateKey.generate().public_key())
    with pytest.raises(AuthenticationError):
        verify_checkpoint(note, "other.test/key", key.public_key())
    for edited in [note.replace("\n42\n", "\n43\n"), note.replace(ORIGIN + "\n", "evil.test/audit\n", 1)]:
        with pytest.raises(AuthenticationError):
            verify_checkpoint(edited, ORIGIN, key.public_key())
    # A forged signature line carrying the right key id still fails.
    sig = base64.b64decode(note.rsplit(" ", 1)[1])
    forged = note.rsplit(" ", 1)[0] + " " + base64.b64encode(sig[:4] + bytes(64)).decode() + "\n"
    with pytest.raises(AuthenticationError):
        verify_checkpoint(forged, ORIGIN, key.public_key())


# -- entries ---------------------------------------------------------------------------------------


def test_entry_canonical_bytes_are_deterministic():
    entry = AuditEntry(
        time="2025-03-01T10:00:00Z",
        actor_org="matcher",
        actor_role="matcher",
        actor_user="matcher",
        action="hit.created",
        objects=("hit:7", "signal:ab12"),
        details=(("partners", "2"), ("level", "high")),
    )
    assert entry.canonical_bytes() == (
        b'{"action":"hit.created","actor_org":"matcher","actor_role":"matcher","actor_user":"matcher",'
        b'"data_categories":[],"details":[["level","high"],["partners","2"]],"legal_basis":"",'
        b'"objects":["hit:7","signal:ab12"],"outcome":"ok","purpose":"","recipients":[],"system":"",'
        b'"time":"2025-03-01T10:00:00Z","v":1}'
    )
    assert AuditEntry.from_bytes(entry.canonical_bytes()) == entry
    # Lists are accepted and normalised, details are sorted.
    same = AuditEntry(**{**entry.__dict__, "objects": ["hit:7", "signal:ab12"],
                         "details": [["level", "high"], ["partners", "2"]]})
    assert same == entry and same.canonical_bytes() == entry.canonical_bytes()


def test_non_canonical_bytes_are_rejected():
    data = _entry(1).canonical_bytes()
    obj = json.loads(data)
    for bad in [
        json.dumps(obj).encode(),  # spaces
        json.dumps(dict(reversed(obj.items())), separators=(",", ":")).encode(),  # key order
        json.dumps({**obj, "extra": "x"}, sort_keys=True, separators=(",", ":")).encode(),
        json.dumps({**obj, "v": 2}, sort_keys=True, separators=(",", ":")).encode(),
        b"not json",
    ]:
        with pytest.raises(ProofError):
            AuditEntry.from_bytes(bad)


@pytest.mark.parametrize(
    "field, value",
    [
        ("purpose", "onderzoek naar Jan de Vries"),  # free text
        ("objects", ("signal ref with spaces",)),
        ("actor_role", "admin"),
        ("action", "Batch submitted"),
        ("time", "2025-03-01 10:00:00"),
        ("time", "2025-02-30T10:00:00Z"),
        ("time", "2025-03-01T10:00:00+01:00"),
        ("actor_org", ""),
        ("details", (("Count", "1"),)),
        ("details", (("count", "1"), ("count", "2"))),
        ("details", (("count", "een paar"),)),
        ("recipients", ("x" * 300,)),
    ],
)
def test_entry_refuses_free_text_and_bad_values(field, value):
    with pytest.raises(ValidationError) as err:
        _entry(1, **{field: value})
    assert any(v.field.startswith(field) for v in err.value.violations)


# -- the log ---------------------------------------------------------------------------------------


def test_append_commit_reopen_gives_same_roots(tmp_path, key):
    path = tmp_path / "audit.db"
    conn = _connect(path)
    log = AuditLog(conn, ORIGIN)
    assert log.size() == 0 and log.root() == merkle.EMPTY_ROOT
    roots = [log.root()]
    for n in range(70):
        assert log.append(_entry(n)) == n
        roots.append(log.root())
        if n % 10 == 9:
            conn.commit()
    conn.commit()
    note = log.checkpoint(ORIGIN, key)
    conn.close()

    reopened = AuditLog(_connect(path), ORIGIN)
    assert reopened.size() == 70
    assert [reopened.root(size) for size in range(71)] == roots
    leaves = [merkle.leaf_hash(_entry(n).canonical_bytes()) for n in range(70)]
    assert [reopened.leaf_hash(i) for i in range(70)] == leaves
    for size in range(71):
        assert roots[size] == merkle.root(leaves[:size])
    assert reopened.entries(0, 70) == [_entry(n) for n in range(70)]
    assert reopened.entry(69) == _entry(69)
    assert verify_checkpoint(note, ORIGIN, key.public_key()) == Checkpoint(ORIGIN, 70, roots[70])
    with pytest.raises(ConfigError):
        AuditLog(_connect(path), "another.test/log")
    with pytest.raises(ConfigError):
        AuditLog(sqlite3.connect(":memory:"), "not an origin")


def test_rollback_of_the_callers_transaction_leaves_no_entry(db):
    db.execute("CREATE TABLE batches (id TEXT PRIMARY KEY)")
    log = AuditLog(db, ORIGIN)
    for n in range(5):
        log.append(_entry(n))
    db.commit()
    root_before = log.root()
    nodes_before = db.execute("SELECT COUNT(*) FROM audit_nodes").fetchone()[0]

    db.execute("INSERT INTO batches VALUES ('b1')")
    assert log.append(_entry(5)) == 5
    assert log.append(_entry(6)) == 6  # completes subtrees of 2 and 4 leaves
    assert log.size() == 7
    db.rollback()

    assert log.size() == 5 and log.root() == root_before
    assert db.execute("SELECT COUNT(*) FROM batches").fetchone()[0] == 0
    assert db.execute("SELECT COUNT(*) FROM audit_nodes").fetchone()[0] == nodes_before
    # The log goes on as if the rolled-back entries never existed.
    with db:
        db.execute("INSERT INTO batches VALUES ('b2')")
        assert log.append(_entry(7)) == 5
    assert log.root() == merkle.root([merkle.leaf_hash(_entry(n).canonical_bytes()) for n in (0, 1, 2, 3, 4, 7)])


def test_proofs_from_the_log_verify(db):
    log = AuditLog(db, ORIGIN)
    for n in range(37):
        log.append(_entry(n))
    db.commit()
    for size in (1, 2, 5, 16, 17, 37):
        root = log.root(size)
        for index in range(size):
            proof = log.inclusion_proof(index, size)
            merkle.verify_inclusion(log.leaf_hash(index), index, size, proof, root)
        for old in range(size + 1):
            merkle.verify_consistency(old, size, log.root(old), root, log.consistency_proof(old, size))
    merkle.verify_consistency(10, 37, log.root(10), log.root(), log.consistency_proof(10))
    merkle.verify_inclusion(log.leaf_hash(3), 3, 37, log.inclusion_proof(3), log.root())


def test_out_of_range_requests(db):
    log = AuditLog(db, ORIGIN)
    log.append(_entry(0))
    for call in [
        lambda: log.entry(1),
        lambda: log.entries(0, 2),
        lambda: log.leaf_hash(1),
        lambda: log.root(2),
        lambda: log.inclusion_proof(1),
        lambda: log.inclusion_proof(0, 2),
        lambda: log.consistency_proof(2),
        lambda: log.consistency_proof(0, 2),
    ]:
        with pytest.raises(NotFoundError):
            call()


def _signed_log(db, key, count=20):
    log = AuditLog(db, ORIGIN)
    for n in range(count):
        log.append(_entry(n))
    db.commit()
    cp = verify_checkpoint(log.checkpoint(ORIGIN, key), ORIGIN, key.public_key())
    for n in range(count, count + 5):
        log.append(_entry(n))
    db.commit()
    return log, cp


def test_rewritten_entry_is_detected_against_an_earlier_checkpoint(db, key):
    log, cp = _signed_log(db, key)
    index, forged = 7, _entry(7, outcome="refused")
    # A careful forger rewrites the entry and its stored leaf hash, leaving the tree as it was.
    db.execute(
        "UPDATE audit_entries SET entry = ?, leaf_hash = ? WHERE idx = ?",
        (forged.canonical_bytes(), merkle.leaf_hash(forged.canonical_bytes()), index),
    )
    db.commit()
    entry = log.entry(index)
    assert entry == forged
    recomputed = merkle.leaf_hash(entry.canonical_bytes())
    with pytest.raises(ProofError) as err:
        merkle.verify_inclusion(recomputed, index, cp.size, log.inclusion_proof(index, cp.size), cp.root_hash)
    assert err.value.reason == "audit.inclusion.root_mismatch"
    # Untouched entries still verify against the same checkpoint.
    other = merkle.leaf_hash(log.entry(8).canonical_bytes())
    merkle.verify_inclusion(other, 8, cp.size, log.inclusion_proof(8, cp.size), cp.root_hash)


def test_naive_edit_of_an_entry_row_is_caught_on_read(db, key):
    log, _ = _signed_log(db, key)
    db.execute("UPDATE audit_entries SET entry = ? WHERE idx = 3", (_entry(3, outcome="error").canonical_bytes(),))
    with pytest.raises(ProofError) as err:
        log.entry(3)
    assert err.value.reason == "audit.log.entry_hash" and err.value.params["index"] == 3
    with pytest.raises(ProofError):
        log.entries(0, 10)


def test_rebuilt_tree_and_truncation_fail_consistency(db, key):
    log, cp = _signed_log(db, key)
    # Rewrite entry 2 and rebuild every stored hash: the log is self-consistent again ...
    forged = _entry(2, actor_org="gemeente-x").canonical_bytes()
    db.execute("UPDATE audit_entries SET entry = ?, leaf_hash = ? WHERE idx = 2", (forged, merkle.leaf_hash(forged)))
    rows = db.execute("SELECT entry FROM audit_entries ORDER BY idx").fetchall()
    db.execute("DELETE FROM audit_entries")
    db.execute("DELETE FROM audit_nodes")
    for data, in rows:
        log.append(AuditEntry.from_bytes(data))
    db.commit()
    # ... but it no longer extends the checkpoint signed before.
    with pytest.raises(ProofError) as err:
        merkle.verify_consistency(cp.size, log.size(), cp.root_hash, log.root(), log.consistency_proof(cp.size))
    assert err.value.reason == "audit.consistency.old_root"
    # Truncation below a signed size is visible too.
    db.execute("DELETE FROM audit_entries WHERE idx >= 10")
    db.commit()
    assert log.size() == 10
    with pytest.raises(ProofError) as err:
        merkle.verify_consistency(cp.size, log.size(), cp.root_hash, log.root(), [])
    assert err.value.reason == "audit.consistency.shrank"


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 12), st.booleans()), min_size=1, max_size=12))
def test_log_matches_a_model_under_commits_and_rollbacks(batches):
    conn = sqlite3.connect(":memory:")
    log = AuditLog(conn, ORIGIN)
    model: list[bytes] = []
    n = 0
    for count, commit in batches:
        added = []
        for _ in range(count):
            entry = _entry(n)
            n += 1
            assert log.append(entry) == len(model) + len(added)
            added.append(merkle.leaf_hash(entry.canonical_bytes()))
        if commit:
            conn.commit()
            model += added
        else:
            conn.rollback()
        assert log.size() == len(model)
        assert log.root() == merkle.root(model)
    size = len(model)
    if size:
        index = size // 2
        merkle.verify_inclusion(model[index], index, size, log.inclusion_proof(index), merkle.root(model))
    conn.close()
