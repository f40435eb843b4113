"""Fuzzy matching at the matcher: the Dice kernel, a blocking index, and the link rule.

The matcher receives keyed Bloom-filter encodings (:mod:`node.fuzzy`) and compares them with the
Dice coefficient ``2|A and B| / (|A| + |B|)`` on packed uint64 words with ``np.bitwise_count``.
A new encoding is compared only with the stored encodings that share one of its keyed blocking
keys (:class:`FuzzyIndex`), never with everything.

Which pairs link is decided by the Fellegi–Sunter model of :mod:`matcher.linkage`, on the
similarities found here and the exact tokens two signals share.
"""

from __future__ import annotations

from array import array
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field

import numpy as np

from signalmatch.encoding import ADDRESS, ADDRESS_FIELDS, KINDS, PERSON, PERSON_FIELDS, SEGMENTS, Encoding, segments

# Similarity alone (`eval linkage --rule similarity`, comparisons with anonlink) and the default floor
# of FuzzyIndex.matches: person similarity alone has its best F1 at 0.80 on synthetic.corrupt; an
# address at 0.82 is the same building written differently (docs/threat-model.md, "The link rule").
DEFAULT_THRESHOLD: dict[str, float] = {PERSON: 0.80, ADDRESS: 0.82, PERSON_FIELDS: 0.80, ADDRESS_FIELDS: 0.80}

_CHUNK = 16384  # rows scored per step, so the temporaries stay in the CPU cache
# Summing the per-word popcounts of a row (bytes <= 64) in 16-bit lanes of a uint64: see _row_sums.
_EVEN_BYTES = np.uint64(0x00FF00FF00FF00FF)
_LANES = np.uint64(0x0001000100010001)
_8, _48 = np.uint64(8), np.uint64(48)


def dice(a: bytes, b: bytes) -> float:
    """Dice coefficient of two equally long bit arrays; 0.0 when both are empty."""
    if len(a) != len(b):
        raise ValueError(f"encodings differ in length: {len(a)} and {len(b)} bytes")
    x, y = int.from_bytes(a, "little"), int.from_bytes(b, "little")
    total = x.bit_count() + y.bit_count()
    return 2 * (x & y).bit_count() / total if total else 0.0


def similarities(kind: str, a: bytes, b: bytes) -> dict[str, float]:
    """What two encodings of `kind` have in common: {kind: Dice}, and for kinds with field segments
    (person_fields, address_fields) also the Dice of every field both have (a field that one side
    lacks is left out), rounded to 4 places."""
    out = {kind: _round(dice(a, b))}
    if kind in SEGMENTS:
        for name, (start, end) in segments(kind, len(a)).items():
            x, y = a[start * 8 : end * 8], b[start * 8 : end * 8]
            if any(x) and any(y):
                out[name] = _round(dice(x, y))
    return out


def _round(score: float) -> float:
    """A Dice rounded to 4 places as FuzzyIndex.field_dice rounds it (numpy's rounding)."""
    return float(np.round(score, 4))


def pack(bits: bytes) -> np.ndarray:
    """An encoding's bits as a row of uint64 words (the length must be a multiple of 8 bytes)."""
    if len(bits) % 8:
        raise ValueError(f"encoding length {len(bits)} is not a multiple of 8 bytes")
    return np.frombuffer(bits, dtype="<u8").astype(np.uint64, copy=False)


def popcounts(rows: np.ndarray) -> np.ndarray:
    """Set bits per row of a packed (n, words) uint64 matrix, as float32 (exact up to 2**24)."""
    return np.bitwise_count(rows).sum(axis=1, dtype=np.float32)


class _Scratch:
    """Buffers for scoring `rows` rows (at most one chunk) of `words` words at a time."""

    def __init__(self, query: np.ndarray, rows: int, words: int):
        self.query = np.ascontiguousarray(np.broadcast_to(query, (rows, words)))  # AND without broadcasting
        self.anded = np.empty((rows, words), dtype=np.uint64)
        self.bytes = np.empty((rows, words), dtype=np.uint8)
        self.acc = np.empty(rows, dtype=np.uint64)
        self.tmp = np.empty(rows, dtype=np.uint64)
        self.total = np.empty(rows, dtype=np.float32)


def _row_sums(counts: np.ndarray, acc: np.ndarray, tmp: np.ndarray) -> np.ndarray:
    """Row sums of (m, words) uint8 popcounts, words a multiple of 8, without a slow axis reduction.

    Each group of 8 byte counts is read as one uint64; adjacent bytes are added into 16-bit lanes
    (each <= 128, no carry), lanes of all groups added (each <= 16 * words), and the four lanes
    summed by one multiplication whose top 16 bits hold the total (<= 64 * words < 2**16 for
    fewer than 1024 words).
    """
    groups = counts.view(np.uint64)
    for j in range(groups.shape[1]):
        column = groups[:, j]
        target = acc if j == 0 else tmp
        np.right_shift(column, _8, out=target)
        np.add(target, column, out=target)
        np.bitwise_and(target, _EVEN_BYTES, out=target)
        if j:
            np.add(acc, tmp, out=acc)
    np.multiply(acc, _LANES, out=acc)
    return np.right_shift(acc, _48, out=acc)


def _dice_rows(query: np.ndarray, rows: np.ndarray, counts: np.ndarray | None = None) -> np.ndarray:
    """Dice of a packed `query` against every row (float32); `counts` (float32) are the rows' set bits if known.

    Set-bit counts are at most 65536, so float32 holds them and their sums exactly: each score is the
    float32 quotient of two exact integers, however they are summed. Up to _CHUNK rows (a new
    signal's blocking candidates) numpy's own row sums cost least; beyond, chunks of _CHUNK rows
    keep every temporary in the CPU cache, all arithmetic in place, the rows summed in 16-bit lanes.
    """
    n, words = rows.shape
    query_count = np.float32(np.bitwise_count(query).sum())
    if words % 8 or words >= 1024:  # the lane trick needs whole groups of 8 words and 16-bit sums
        common = np.bitwise_count(rows & query).sum(axis=1)
        total = (popcounts(rows) if counts is None else counts) + query_count
        return (2 * common / np.maximum(total, 1)).astype(np.float32)
    if n <= _CHUNK:  # one chunk: the same float32 operations on the same exact counts, in fewer steps
        total = (popcounts(rows) if counts is None else counts) + query_count
        np.maximum(total, 1, out=total)
        score = np.bitwise_count(rows & query).sum(axis=1, dtype=np.float32)
        np.multiply(score, 2, out=score)
        return np.divide(score, total, out=score)
    out = np.empty(n, dtype=np.float32)
    s = _Scratch(query, _CHUNK, words)
    for start in range(0, n, _CHUNK):
        stop = min(start + _CHUNK, n)
        m = stop - start
        block, total, score = rows[start:stop], s.total[:m], out[start:stop]
        if counts is None:
            np.copyto(total, _row_sums(np.bitwise_count(block, out=s.bytes[:m]), s.acc[:m], s.tmp[:m]), "unsafe")
        else:
            np.copyto(total, counts[start:stop])
        np.add(total, query_count, out=total)
        np.maximum(total, 1, out=total)  # both empty: nothing in common, Dice 0
        anded = np.bitwise_and(block, s.query[:m], out=s.anded[:m])
        np.copyto(score, _row_sums(np.bitwise_count(anded, out=s.bytes[:m]), s.acc[:m], s.tmp[:m]), "unsafe")
        np.multiply(score, 2, out=score)
        np.divide(score, total, out=score)
    return out


def dice_one_to_many(query: np.ndarray, candidates: np.ndarray) -> np.ndarray:
    """Dice of one packed query row (words,) against each row of candidates (n, words), as float32."""
    query = np.ascontiguousarray(query, dtype=np.uint64).reshape(-1)
    candidates = np.ascontiguousarray(candidates, dtype=np.uint64)
    if candidates.ndim != 2 or candidates.shape[1] != query.shape[0]:
        raise ValueError(f"candidates must be (n, {query.shape[0]}) uint64, not {candidates.shape}")
    return _dice_rows(query, candidates)


_PARTS: dict[tuple[str, int], tuple[tuple[str, ...], np.ndarray]] = {}


def _parts(kind: str, words: int) -> tuple[tuple[str, ...], np.ndarray]:
    """The parts of an encoding of `kind` and `words` words that field_dice scores - the whole
    encoding (named `kind`) and, for kinds with segments, each field - and a (words, parts) 0/1
    float64 matrix whose column j sums the words of part j."""
    key = (kind, words)
    if key not in _PARTS:
        spans = {kind: (0, words)}
        if kind in SEGMENTS:
            spans.update(segments(kind, words * 8))
        matrix = np.zeros((words, len(spans)))
        for j, (a, b) in enumerate(spans.values()):
            matrix[a:b, j] = 1.0
        _PARTS[key] = (tuple(spans), matrix)
    return _PARTS[key]


@dataclass
class _Table:
    """Encodings of one kind: a growing packed matrix, set-bit counts, ids, and block -> rows.

    A removed row keeps its place (id None) until more than half the rows are removed; then the
    table is rebuilt from the live rows."""

    words: int
    rows: np.ndarray = field(init=False)
    counts: np.ndarray = field(init=False)
    groups: np.ndarray = field(init=False)  # per row, its record's group (FuzzyIndex.add)
    ids: list[Hashable | None] = field(default_factory=list)
    blocks: dict[bytes, array] = field(default_factory=dict)
    block_keys: list[tuple[bytes, ...]] = field(default_factory=list)
    rows_of: dict[Hashable, list[int]] = field(default_factory=dict)
    removed: int = 0

    def __post_init__(self) -> None:
        self.rows = np.empty((1024, self.words), dtype=np.uint64)
        self.counts = np.empty(1024, dtype=np.float32)
        self.groups = np.empty(1024, dtype=np.int32)

    def add(self, record_id: Hashable, packed: np.ndarray, blocks: tuple[bytes, ...], group: int = 0) -> None:
        n = len(self.ids)
        if n == self.rows.shape[0]:
            self.rows = np.concatenate([self.rows, np.empty_like(self.rows)])
            self.counts = np.concatenate([self.counts, np.empty_like(self.counts)])
            self.groups = np.concatenate([self.groups, np.empty_like(self.groups)])
        self.rows[n] = packed
        self.counts[n] = int(np.bitwise_count(packed).sum())
        self.groups[n] = group
        self.ids.append(record_id)
        self.block_keys.append(blocks)
        self.rows_of.setdefault(record_id, []).append(n)
        for block in dict.fromkeys(blocks):
            self.blocks.setdefault(block, array("q")).append(n)

    def remove(self, record_id: Hashable) -> None:
        for n in self.rows_of.pop(record_id, ()):
            self.ids[n] = None
            self.rows[n] = 0  # a withdrawn, expired or shredded encoding does not linger in memory
            self.counts[n] = 0
            self.block_keys[n] = ()
            self.removed += 1
        if self.removed > max(1024, len(self.ids) // 2):
            self._compact()

    def _compact(self) -> None:
        live = [n for n, record_id in enumerate(self.ids) if record_id is not None]
        rows, ids, keys = self.rows[live].copy(), [self.ids[n] for n in live], [self.block_keys[n] for n in live]
        groups = self.groups[live].tolist()
        self.ids, self.block_keys, self.blocks, self.rows_of, self.removed = [], [], {}, {}, 0
        self.rows[len(live) :] = 0  # removed rows are zero already; moved rows leave no copy behind
        for record_id, packed, blocks, group in zip(ids, rows, keys, groups, strict=True):
            self.add(record_id, packed, blocks, group)

    def candidates(self, blocks: tuple[bytes, ...], unique: bool = True) -> np.ndarray:
        """The rows sharing a block with `blocks`, sorted and each once (with `unique`), else in
        the order of the blocks, a row sharing several of them several times."""
        found = [np.frombuffer(self.blocks[b], dtype=np.int64) for b in dict.fromkeys(blocks) if b in self.blocks]
        if not found:
            return np.empty(0, dtype=np.int64)
        if len(found) == 1:
            return found[0]
        return np.unique(np.concatenate(found)) if unique else np.concatenate(found)


class FuzzyIndex:
    """In-memory blocking index of encodings, one table per kind.

    The matcher keeps one per key epoch (matcher.store, rebuilt from SQLite on start); evaluation
    and benchmarks use it directly. A record id may be added more than once (a signal with several
    persons); `matches` reports each id once with its best score; `remove` drops all of an id's rows.
    """

    def __init__(self) -> None:
        self._tables: dict[str, _Table] = {}

    def __len__(self) -> int:
        return sum(len(t.ids) - t.removed for t in self._tables.values())

    def _table(self, enc: Encoding, create: bool) -> _Table | None:
        if enc.kind not in KINDS:
            raise ValueError(f"unknown encoding kind {enc.kind!r}")
        packed_words = len(enc.bits) // 8
        table = self._tables.get(enc.kind)
        if table is None and create:
            table = self._tables[enc.kind] = _Table(packed_words)
        if table is not None and table.words != packed_words:
            raise ValueError(f"{enc.kind} encodings are {table.words * 8} bytes here, not {len(enc.bits)}")
        return table

    def add(self, record_id: Hashable, enc: Encoding, group: int = 0) -> None:
        """Store `enc` for `record_id`; `group` (the same for all of a record's encodings) lets
        :meth:`matching` leave out the records of one group (the matcher: a signal's partner)."""
        packed = pack(enc.bits)
        table = self._table(enc, create=True)
        assert table is not None
        table.add(record_id, packed, enc.blocks, group)

    def remove(self, record_id: Hashable) -> None:
        """Forget every encoding of `record_id` (no-op for an unknown id)."""
        for table in self._tables.values():
            table.remove(record_id)

    def compare(self, enc: Encoding, record_ids: Iterable[Hashable]) -> dict[Hashable, dict[str, float]]:
        """For each of `record_ids` with stored encodings of `enc`'s kind: what its best one (by Dice)
        has in common with `enc` (:func:`similarities`), without blocking."""
        ids, columns = self.field_dice(enc, record_ids)
        values = [(name, column.tolist()) for name, column in columns.items()]
        return {r: {name: v[i] for name, v in values if v[i] == v[i]} for i, r in enumerate(ids)}  # NaN: not compared

    def field_dice(self, enc: Encoding, record_ids: Iterable[Hashable]) -> tuple[list[Hashable], dict[str, np.ndarray]]:
        """The records of `record_ids` with stored encodings of `enc`'s kind, and for each the Dice of
        its best encoding (by the whole Dice) with `enc`: of the whole encodings (key `enc.kind`) and of
        every field (NaN where a side lacks it), rounded to 4 places; one array per key, in the order
        of the records. Without blocking."""
        table = self._table(enc, create=False)
        wanted = [] if table is None else [(r, n) for r in dict.fromkeys(record_ids) for n in table.rows_of.get(r, ())]
        if table is None or not wanted:
            return [], {}
        query = pack(enc.bits)
        rows = table.rows[np.fromiter((n for _, n in wanted), dtype=np.int64, count=len(wanted))]
        names, parts = _parts(enc.kind, table.words)
        # Set bits per part (the whole encoding, then each field) of the pair in common, of each
        # stored row and of `enc`: sums of word popcounts as one product with the parts' 0/1 matrix
        # (integers, exact in float64, so each Dice is what a sum per part gives).
        shared = np.bitwise_count(rows & query) @ parts
        theirs = np.bitwise_count(rows) @ parts
        ours = np.bitwise_count(query) @ parts
        total = theirs + ours
        scores = np.round(np.divide(2 * shared, total, out=np.zeros(total.shape), where=total > 0), 4)
        # A field one side lacks is not compared (the whole encoding, column 0, always is).
        scores[:, 1:][(theirs[:, 1:] == 0) | (ours[1:] == 0)] = np.nan
        scores = np.ascontiguousarray(scores.T)
        columns = {name: scores[j] for j, name in enumerate(names)}
        ids = [r for r, _ in wanted]
        if len(ids) > len(set(ids)):  # a record with several encodings: its best one
            best: dict[Hashable, int] = {}
            for i in np.argsort(-columns[enc.kind], kind="stable").tolist():
                best.setdefault(ids[i], i)
            keep = np.array(sorted(best.values()), dtype=np.int64)
            ids, columns = [ids[i] for i in keep], {name: column[keep] for name, column in columns.items()}
        return ids, columns

    def matches(self, enc: Encoding, threshold: float | None = None) -> list[tuple[Hashable, float]]:
        """Stored records sharing a block with `enc` and scoring >= threshold, best first."""
        limit = DEFAULT_THRESHOLD[enc.kind] if threshold is None else threshold
        packed = pack(enc.bits)
        table = self._table(enc, create=False)
        if table is None:
            return []
        rows = table.candidates(enc.blocks)
        if rows.size == 0:
            return []
        scores = _dice_rows(packed, table.rows[rows], table.counts[rows])
        best: dict[Hashable, float] = {}
        for i in np.flatnonzero(scores >= np.float32(limit)):
            record_id, score = table.ids[rows[i]], float(scores[i])
            if record_id is not None and score > best.get(record_id, -1.0):
                best[record_id] = score
        return sorted(best.items(), key=lambda item: (-item[1], str(item[0])))

    def matching(self, enc: Encoding, threshold: float, other_than: int | None = None) -> set[Hashable]:
        """The ids of :meth:`matches` (stored records sharing a block with `enc` and scoring >=
        threshold), without their scores and order; with `other_than`, only those of other groups."""
        table = self._table(enc, create=False)
        if table is None:
            return set()
        rows = table.candidates(enc.blocks, unique=False)  # a row twice only scores twice
        if other_than is not None:
            rows = rows[table.groups[rows] != other_than]
        if rows.size == 0:
            return set()
        scores = _dice_rows(pack(enc.bits), table.rows[rows], table.counts[rows])
        ids = table.ids
        found = {ids[n] for n in rows[scores >= np.float32(threshold)].tolist()}
        found.discard(None)
        return found
