"""Decision equivalence of the matcher's store: every decision on a fixed data set, pinned.

Generated signals (synthetic.generate, fixed seed), validated and pseudonymised as a node does
(HMAC tokens, keyed encodings with a fixed date), go through MatchStore.submit in batches with
the partners taking turns; then some are edited, withdrawn, and review candidates are confirmed
and rejected and their signals submitted again. Every stored pair (zone, weight, evidence, times),
every signal's hit, the hits, the review decisions and the hit changes each call returned are
hashed; the golden digests were taken with the code before issue 15's work on the matcher's CPU
per signal (commit 2cb7177), so an optimisation that changes any decision fails here.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from signalmatch.config import MIDDEN_NEDERLAND
from signalmatch.matcher.match import EncodingIn, HitChanges, Metadata, SignalIn, TokenIn, format_time
from signalmatch.matcher.store import MatchStore
from signalmatch.node.fuzzy import AddressRecord, PersonRecord, encode_address, encode_person, fuzzy_key
from signalmatch.node.pseudonymise import TokenKey, tokens
from signalmatch.node.signal import from_json, validate
from signalmatch.synthetic.generate import DEFAULT_PARTNERS, generate

TODAY = date(2026, 12, 1)
KEY = TokenKey("midden-nederland", 1, hashlib.sha256(b"test_store_decisions: not a real secret").digest())
T0 = datetime(2026, 12, 1, tzinfo=UTC)


def _signal(partner: str, ref: str, data: dict[str, object]) -> SignalIn:
    accepted = validate(from_json(data, ignore=("partner",)), MIDDEN_NEDERLAND, TODAY)
    secret = fuzzy_key(KEY)
    found = [
        encode_person(secret, PersonRecord(p.given_names, p.surname, p.date_of_birth), today=TODAY)
        for p in accepted.signal.persons
    ]
    found += [
        encode_address(secret, AddressRecord(a.street, f"{a.house_number} {a.addition}".strip(), a.postcode, a.city))
        for a in accepted.signal.addresses
    ]
    encodings = dict.fromkeys(EncodingIn(e.kind, e.bits, e.blocks, 1) for e in found if e is not None)
    meta = accepted.metadata
    return SignalIn(
        partner,
        ref,
        1,
        tuple(TokenIn(kind.value, value, 1) for kind, value in tokens(KEY, accepted.identifiers)),
        Metadata(tuple(meta.exploitation_types), meta.municipality, meta.month, tuple(meta.subject_roles)),
        tuple(encodings),
    )


def _dataset(seed: int, count: int) -> list[SignalIn]:
    """Each partner's signals in turn, as the nodes' outboxes deliver them."""
    queues: dict[str, list[SignalIn]] = {p: [] for p in DEFAULT_PARTNERS}
    for i, data in enumerate(generate(seed, count, DEFAULT_PARTNERS).signals):
        partner = str(data["partner"])
        queues[partner].append(_signal(partner, f"r{i:06d}", data))
    out: list[SignalIn] = []
    for start in range(0, max(len(q) for q in queues.values()), 20):
        for partner in DEFAULT_PARTNERS:
            out += queues[partner][start : start + 20]
    return out


class _Recorder:
    """Runs store calls in transactions with a steady clock and hashes what each returned."""

    def __init__(self, store: MatchStore):
        self.store = store
        self.clock = T0
        self.changes = hashlib.sha256()

    def now(self) -> str:
        self.clock += timedelta(milliseconds=10)
        return format_time(self.clock)

    def record(self, changes: HitChanges) -> None:
        self.changes.update(repr(changes).encode())

    def submit(self, signals: list[SignalIn], salt: str = "") -> None:
        with self.store.transaction():
            now = self.now()
            for s in signals:
                self.record(self.store.submit(s, hashlib.sha256((repr(s) + salt).encode()).digest(), now))


def _state(store: MatchStore) -> dict[str, str]:
    """Digests of the stored decisions, and counts to make a failure readable."""
    out: dict[str, str] = {}
    with store._reading() as conn:
        for name, query in (
            (
                "links",
                "SELECT a, b, kinds, similar, compared, zone, weight, first_seen, last_seen FROM links ORDER BY a, b",
            ),
            ("signals", "SELECT id, partner, signal_ref, hit_id FROM signals ORDER BY id"),
            ("hits", "SELECT * FROM hits ORDER BY id"),
            ("decisions", "SELECT a, b, decision, evidence FROM review_decisions ORDER BY a, b"),
        ):
            rows = [[repr(v) if isinstance(v, float) else v for v in row] for row in conn.execute(query)]
            out[name] = hashlib.sha256(json.dumps(rows).encode()).hexdigest()[:16]
        out["zones"] = json.dumps(dict(conn.execute("SELECT zone, COUNT(*) FROM links GROUP BY zone ORDER BY zone")))
    return out


def _run(store: MatchStore, signals: list[SignalIn]) -> dict[str, str]:
    rec = _Recorder(store)
    for start in range(0, len(signals), 20):
        rec.submit(signals[start : start + 20])
    # Edits: some signals lose a token or an encoding, others come again with new content only.
    edited = []
    for s in signals[::23]:
        if s.encodings:
            edited.append(replace(s, encodings=s.encodings[1:]))
        elif s.tokens:
            edited.append(replace(s, tokens=s.tokens[1:]))
    rec.submit(edited)
    rec.submit(signals[5::31], salt="again")
    with store.transaction():
        for s in signals[7::41]:
            rec.record(store.withdraw(s.partner, s.signal_ref, rec.now()))
    # The chair confirms one review candidate and rejects two; their signals come again (the
    # rejection holds while the evidence stands; with other evidence it lapses).
    candidates = store.review_candidates(10).candidates
    assert len(candidates) >= 3
    with store.transaction():
        for i, c in enumerate(candidates[:3]):
            _, changes = store.decide_review(c.a, c.b, i == 0, "test", "voorzitter", rec.now())
            rec.record(changes)
    by_ref = {(s.partner, s.signal_ref): s for s in signals}
    again = [by_ref[(c.signal_b.partner, c.signal_b.signal_ref)] for c in candidates[:3]]
    rec.submit(again, salt="rejected stands")
    rec.submit([replace(s, encodings=s.encodings[:1]) for s in again], salt="other evidence")
    return {**_state(store), "changes": rec.changes.hexdigest()[:16]}


# Taken with the code before issue 15's matcher work (2cb7177).
GOLDEN: dict[tuple[int, int], dict[str, str]] = {
    (11, 600): {
        "links": "323e7dcafb7b7f49",
        "signals": "5d2f6d9f4b4e89d1",
        "hits": "9e3b68a6bd44ae4c",
        "decisions": "b4809cafcd233529",
        "zones": '{"link": 49, "review": 66}',
        "changes": "51da0f1c0f38ee6e",
    },
    (4, 1500): {
        "links": "8ad3da17e435e57e",
        "signals": "8cec7a0b8cddabcb",
        "hits": "a7d358ca2034e5f8",
        "decisions": "39824c8c37dc1b7c",
        "zones": '{"link": 124, "review": 407}',
        "changes": "c504c3db21adf28d",
    },
}


@pytest.mark.parametrize(("seed", "count"), sorted(GOLDEN))
def test_decisions_are_those_of_the_code_before(tmp_path: Path, seed: int, count: int) -> None:
    with MatchStore(tmp_path / "matcher.db") as store:
        found = _run(store, _dataset(seed, count))
    assert found == GOLDEN[(seed, count)]


def _token(kind: str, name: str, epoch: int = 1) -> TokenIn:
    return TokenIn(kind, hashlib.sha256(f"{kind}:{name}".encode()).digest(), epoch)


def _compared(store: MatchStore) -> list[tuple[str, str]]:
    with store._reading() as conn:
        return [(kinds, compared) for kinds, compared in conn.execute("SELECT kinds, compared FROM links")]


def test_the_kinds_held_in_memory_are_dropped_with_a_rolled_back_transaction(tmp_path: Path) -> None:
    """The store keeps the exact kinds of signals it wrote or read; an edit that is rolled back
    must not leave its kinds behind."""
    meta = Metadata(("arbeidsuitbuiting",), "Utrecht", "2025-02", ("mogelijk_slachtoffer",))
    rec = _Recorder(MatchStore(tmp_path / "matcher.db"))
    rec.submit([SignalIn("nla", "y", 1, (_token("bsn", "1"),), meta)])
    with pytest.raises(RuntimeError), rec.store.transaction():
        edited = SignalIn("nla", "y", 1, (_token("bsn", "1"), _token("email", "1")), meta)
        rec.store.submit(edited, b"edited".ljust(32), rec.now())
        raise RuntimeError("the batch fails")
    rec.submit([SignalIn("vtgv", "z", 1, (_token("bsn", "1"), _token("email", "2")), meta)])
    assert _compared(rec.store) == [('["bsn"]', '["bsn"]')]
    rec.store.close()


def test_the_kinds_held_in_memory_follow_a_destroyed_epoch(tmp_path: Path) -> None:
    meta = Metadata(("arbeidsuitbuiting",), "Utrecht", "2025-02", ("mogelijk_slachtoffer",))
    rec = _Recorder(MatchStore(tmp_path / "matcher.db"))
    rec.submit([SignalIn("nla", "y", 1, (_token("bsn", "1"), _token("phone", "1", epoch=2)), meta)])
    rec.submit([SignalIn("vtgv", "w", 1, (_token("email", "9"),), meta)])
    with rec.store.transaction():
        rec.store.destroy_epoch(2, rec.now())
    rec.submit([SignalIn("vtgv", "z", 1, (_token("bsn", "1"), _token("phone", "2")), meta)])
    assert _compared(rec.store) == [('["bsn"]', '["bsn"]')]
    rec.store.close()
