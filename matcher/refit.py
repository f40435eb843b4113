"""Fitting the linkage model on the matcher's own data (on command and on a schedule).

As :mod:`matcher.linkage` estimates it, without labels: u from random pairs of stored signals of two
partners; m and λ by EM over the candidate pairs that blocking proposes for a sample of stored
signals (exactly as a new signal finds its candidates), together with the count of the pairs of
those signals that blocking does not propose; u_place from pairs of signals of two partners whose
address fields name the very same place. Only what the matcher holds is used: token kinds and
equality, Dice similarities of encodings and their field segments - never a value.
"""

from __future__ import annotations

import random
import sqlite3
from collections import Counter
from collections.abc import Iterable

from signalmatch.encoding import ADDRESS_FIELDS, PLACE, segments
from signalmatch.matcher.fuzzy import similarities
from signalmatch.matcher.linkage import ENCODED, Model, PairEvidence, compared, fit_model
from signalmatch.matcher.store import EncodingIn, MatchStore, TokenIn, _best, _split_blocks

QUERIES = 5_000  # stored signals whose candidates feed EM
RANDOM_PAIRS = 50_000  # random pairs for u
PLACE_SIGNALS = 20_000  # stored addresses grouped by place for u_place
PLACE_PAIRS = 20_000  # pairs in the same place for u_place
MIN_SIGNALS = 500  # fewer stored signals than this: keep the model in force
_CHUNK = 500


def _bulk(conn: sqlite3.Connection, ids: Iterable[int]) -> tuple[dict[int, list[TokenIn]], dict[int, list[EncodingIn]]]:
    """Tokens and encodings of `ids`, read in chunks."""
    tokens: dict[int, list[TokenIn]] = {}
    encodings: dict[int, list[EncodingIn]] = {}
    ordered = sorted(set(ids))
    for start in range(0, len(ordered), _CHUNK):
        chunk = ordered[start : start + _CHUNK]
        marks = ",".join("?" * len(chunk))
        for sid, kind, value, epoch in conn.execute(
            f"SELECT signal_id, kind, value, epoch FROM tokens WHERE signal_id IN ({marks})", chunk
        ):
            tokens.setdefault(sid, []).append(TokenIn(kind, bytes(value), epoch))
        for sid, kind, epoch, bits, blocks in conn.execute(
            f"SELECT signal_id, kind, epoch, bits, blocks FROM encodings WHERE signal_id IN ({marks})", chunk
        ):
            encodings.setdefault(sid, []).append(EncodingIn(kind, bytes(bits), _split_blocks(bytes(blocks)), epoch))
    return tokens, encodings


def pair_evidence(
    x_tokens: list[TokenIn], y_tokens: list[TokenIn], x_encodings: list[EncodingIn], y_encodings: list[EncodingIn]
) -> PairEvidence:
    """What two signals have in common, computed directly (no blocking), as the store computes it."""
    shared = {t.kind for t in set(x_tokens) & set(y_tokens)}
    both = {t.kind for t in x_tokens} & {t.kind for t in y_tokens}
    similar: dict[str, float] = {}
    for e in x_encodings:
        for f in y_encodings:
            if e.kind == f.kind and e.epoch == f.epoch and len(e.bits) == len(f.bits):
                similar = _best(similar, similarities(e.kind, e.bits, f.bits), e.kind)
    return PairEvidence(similar, frozenset(shared), frozenset(both))


def _presence(kinds: Iterable[str]) -> tuple[str, ...]:
    return tuple(k for k in ENCODED if k in set(kinds))


def _place_pairs(conn: sqlite3.Connection, partner_of: dict[int, str], rng: random.Random) -> list[tuple[int, int]]:
    """Pairs of signals of two partners whose address fields have the very same place segment (a
    sample of PLACE_SIGNALS stored addresses, then PLACE_PAIRS pairs drawn within their places)."""
    rows = conn.execute(
        "SELECT signal_id, epoch, bits FROM encodings WHERE kind = ? ORDER BY random() LIMIT ?",
        (ADDRESS_FIELDS, PLACE_SIGNALS),
    ).fetchall()
    groups: dict[tuple[int, bytes], list[int]] = {}
    for sid, epoch, bits in rows:
        start, end = segments(ADDRESS_FIELDS, len(bits))[PLACE]
        place = bytes(bits[start * 8 : end * 8])
        if any(place):
            groups.setdefault((epoch, place), []).append(sid)
    members = [g for g in groups.values() if len({partner_of[s] for s in g}) > 1]
    pairs: list[tuple[int, int]] = []
    if not members:
        return pairs
    weights = [len(g) for g in members]
    for _ in range(PLACE_PAIRS * 4):
        if len(pairs) >= PLACE_PAIRS:
            break
        group = rng.choices(members, weights)[0]
        x, y = rng.choice(group), rng.choice(group)
        if partner_of[x] != partner_of[y]:
            pairs.append((x, y))
    return pairs


def fit_store_model(
    store: MatchStore, now: str, *, queries: int = QUERIES, random_pairs: int = RANDOM_PAIRS, seed: int | None = None
) -> Model | None:
    """A model fitted on `store`'s signals; None when there are too few signals of two partners."""
    rng = random.Random(seed)
    with store._reading() as conn:
        signals = conn.execute("SELECT id, partner FROM signals").fetchall()
        if len(signals) < MIN_SIGNALS or len({p for _, p in signals}) < 2:
            return None
        partner_of = dict(signals)
        presence_rows = conn.execute(
            "SELECT signal_id, group_concat(DISTINCT kind) FROM encodings GROUP BY signal_id"
        ).fetchall()
        presence = {sid: _presence(kinds.split(",")) for sid, kinds in presence_rows}
        classes: Counter[tuple[str, tuple[str, ...]]] = Counter(
            (partner, presence.get(sid, ())) for sid, partner in signals
        )
        sample = rng.sample(signals, min(queries, len(signals)))
        tokens, encodings = _bulk(conn, (sid for sid, _ in sample))
        candidates: list[PairEvidence] = []
        other: Counter[tuple[str, ...]] = Counter()
        for sid, partner in sample:
            found = store._evidence(conn, sid, partner, tokens.get(sid, []), encodings.get(sid, []), every=True)
            candidates += found.values()
            mine = presence.get(sid, ())
            for (other_partner, kinds), count in classes.items():
                if other_partner != partner:
                    other[compared(mine, kinds)] += count
            for linked in found.values():
                other[compared(linked.similar, linked.similar)] -= 1
        pairs: list[tuple[int, int]] = []
        for _ in range(random_pairs * 4):
            if len(pairs) >= random_pairs:
                break
            (x, px), (y, py) = rng.choice(signals), rng.choice(signals)
            if px != py:
                pairs.append((x, y))
        places = _place_pairs(conn, partner_of, rng)
        tokens, encodings = _bulk(conn, (i for pair in pairs + places for i in pair))

    def between(x: int, y: int) -> PairEvidence:
        return pair_evidence(tokens.get(x, []), tokens.get(y, []), encodings.get(x, []), encodings.get(y, []))

    randoms = [between(x, y) for x, y in pairs]
    if not candidates or not randoms:
        return None
    data = {"source": "matcher", "signals": len(signals), "partners": len(set(partner_of.values())),
            "query_signals": len(sample)}  # fmt: skip
    return fit_model(
        candidates,
        randoms,
        {k: max(0, v) for k, v in other.items()},
        place_pairs=[between(x, y) for x, y in places],
        fitted_at=now,
        data=data,
    )
