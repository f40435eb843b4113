"""Fellegi–Sunter match weights for pairs of signals, fitted unsupervised, and the three zones.

A pair's evidence is a *comparison vector*: for each comparison, the level the pair reaches, or
None when a side has nothing to compare (a missing value is no evidence either way):

* ``person`` and ``address``: the best Dice similarity of the two signals' keyed Bloom-filter
  encodings of that kind, cut into levels (:data:`PERSON_LEVELS`, :data:`ADDRESS_LEVELS`); the last
  level is "below every cut" (the encodings differ). A shared exact name + date-of-birth token
  counts as the top person level, a shared exact address token as the top address level.
* one comparison per other exact identifier kind (``bsn``, ``phone``, ``email``, ...): level 0 when
  the two signals share a token of that kind, level 1 when both have tokens of the kind but share
  none, None otherwise.

Each level ``l`` of comparison ``c`` has ``m = P(level | same person)`` and ``u = P(level |
different people)``; its match weight is ``log2(m / u)``. A pair's match weight is the prior's
``log2(λ / (1 - λ))`` plus the weights of its levels, and its match probability ``1 / (1 +
2^-weight)`` (Fellegi and Sunter 1969; the formulation and the estimation procedure of Splink,
Linacre et al., UK Ministry of Justice). Estimation, as Splink does it, without labels:

* ``u`` from random pairs (:func:`estimate_u`): almost all random pairs are different people;
* ``m`` and ``λ`` by expectation–maximisation over blocked candidate pairs with ``u`` held fixed
  (:func:`fit`), assuming the comparisons are independent given the match status.

Zones (:func:`zone`): *link* at a probability of at least the table's link threshold, *review* at
the review threshold or more, *none* below. Three rules are not the model's:

* a pair reaches *link* only with evidence beyond the person — a shared exact identifier other than
  name + date of birth, or an address at least :data:`ADDRESS_SUPPORT` similar. Two people with the
  same common name and date of birth at two addresses of one municipality are exactly the pairs on
  which a fitted model is most confident and most wrong, so they go to the review list at most;
* a pair also goes to review when the evidence that *agrees* would reach the review threshold on its
  own (prior plus the positive weights): the same person at another address - someone who moved -
  or the same address with the person written beyond recognition. A model fitted on data where true
  pairs rarely differ in address gives a differing address a weight that buries the person; the
  chair should see such a pair rather than never hear of it;
* a shared exact identifier other than name + date of birth (BSN, phone, e-mail, address, plate,
  KvK, IBAN, advert) links, as it always did: the table looks for exactly these overlaps, and a
  chair should not have to confirm a shared phone number. Their weights are estimated all the same
  (when the matcher fits on its own data) and shown in the explanation.

Everything here is pure (numpy for the EM); the matcher's store gathers the vectors.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from signalmatch.encoding import ADDRESS, PERSON

# Dice lower bounds of the similarity levels, best first; a last level "differs" lies below them.
# The address cut at 0.78 is ADDRESS_SUPPORT: the level where an address corroborates a person.
PERSON_LEVELS: tuple[float, ...] = (0.95, 0.88, 0.80, 0.70, 0.60, 0.50, 0.40)
ADDRESS_LEVELS: tuple[float, ...] = (0.95, 0.88, 0.78, 0.65, 0.50, 0.40)
# An address similar enough to corroborate a person (the same building, written differently); another
# street at the same house number of one postcode area stays below it (docs/threat-model.md, "The link rule").
ADDRESS_SUPPORT = 0.78
NAME_DOB = "name_dob"  # the exact name + date-of-birth token: person evidence, not corroboration
EXACT_ADDRESS = "address"  # the exact postcode + house number token: the top address level
# Exact identifier kinds compared on their own (name_dob and address fold into the person/address levels).
EXACT_KINDS: tuple[str, ...] = ("bsn", "phone", "email", "kenteken", "kvk", "iban", "url")
COMPARISONS: tuple[str, ...] = (PERSON, ADDRESS, *EXACT_KINDS)
SIMILARITY_LEVELS: Mapping[str, tuple[float, ...]] = {PERSON: PERSON_LEVELS, ADDRESS: ADDRESS_LEVELS}

LINK, REVIEW, NONE = "link", "review", "none"
ZONES = (LINK, REVIEW, NONE)
DEFAULT_LINK_PROBABILITY = 0.99
DEFAULT_REVIEW_PROBABILITY = 0.2
# "Lijkt op" on a link of a hit (and in partners' feedback): a similarity this high is shown as
# evidence; lower ones still count in the weight (as a level, possibly "differs") but are not called alike.
SIMILAR_SHOWN: Mapping[str, float] = {PERSON: 0.80, ADDRESS: ADDRESS_SUPPORT}
# Lowest Dice that can matter (the lowest cut): the store and the evaluation gather candidates from here.
FLOOR: Mapping[str, float] = {PERSON: 0.60, ADDRESS: 0.50}
MODEL_VERSION = 1


def level_count(comparison: str) -> int:
    """Levels of a comparison, the "differs" level included."""
    levels = SIMILARITY_LEVELS.get(comparison)
    return len(levels) + 1 if levels is not None else 2


def similarity_level(comparison: str, score: float) -> int:
    """The level (0 = best) that a Dice `score` reaches for `comparison` ("person" or "address")."""
    for i, cut in enumerate(SIMILARITY_LEVELS[comparison]):
        if score >= cut:
            return i
    return len(SIMILARITY_LEVELS[comparison])


@dataclass(frozen=True)
class PairEvidence:
    """What two signals have in common, as the matcher sees it (no token value, no encoding).

    `similar`: kind -> best Dice of the two signals' encodings of that kind, for kinds both have
    (absent: one side has none). `shared`: exact identifier kinds they share a token of.
    `both`: exact identifier kinds both signals have tokens of (shared or not)."""

    similar: Mapping[str, float] = field(default_factory=dict)
    shared: frozenset[str] = frozenset()
    both: frozenset[str] = frozenset()

    def vector(self) -> tuple[int | None, ...]:
        """The comparison vector, in the order of COMPARISONS (None: nothing to compare)."""
        out: list[int | None] = []
        for comparison in (PERSON, ADDRESS):
            exact = (NAME_DOB if comparison == PERSON else EXACT_ADDRESS) in self.shared
            score = self.similar.get(comparison)
            out.append(0 if exact else None if score is None else similarity_level(comparison, score))
        for kind in EXACT_KINDS:
            out.append(0 if kind in self.shared else 1 if kind in self.both else None)
        return tuple(out)

    def corroborated(self, support: float = ADDRESS_SUPPORT) -> bool:
        """Evidence beyond name + date of birth: a shared exact identifier other than name_dob, or
        an address at least `support` similar (or the exact address token)."""
        if self.shared - {NAME_DOB}:
            return True
        return self.similar.get(ADDRESS, 0.0) >= support

    def kinds(self) -> tuple[str, ...]:
        """The kinds of evidence, for feedback: exact kinds shared and similarity kinds compared."""
        return tuple(sorted(self.shared | set(self.similar)))


@dataclass(frozen=True)
class Term:
    """One piece of evidence with its match weight, for the chair's explanation."""

    comparison: str  # "person", "address", "phone", ... or "prior"
    level: int | None  # None for the prior
    weight: float  # log2 Bayes factor
    exact: bool = False  # an exact token (else a similarity level or a disagreement)
    similarity: float | None = None  # the Dice, for similarity comparisons


@dataclass(frozen=True)
class Model:
    """A fitted Fellegi–Sunter model: per comparison the m and u probability of each level, and λ."""

    m: Mapping[str, tuple[float, ...]]
    u: Mapping[str, tuple[float, ...]]
    prior: float  # λ: share of matches among the candidate pairs
    fitted_at: str = ""  # RFC 3339
    data: Mapping[str, object] = field(default_factory=dict)  # what it was fitted on: counts, source, iterations
    version: int = MODEL_VERSION

    def weight_of(self, comparison: str, level: int) -> float:
        return math.log2(self.m[comparison][level] / self.u[comparison][level])

    @property
    def prior_weight(self) -> float:
        return math.log2(self.prior / (1 - self.prior))

    def terms(self, evidence: PairEvidence) -> list[Term]:
        """The prior and every compared piece of evidence with its weight."""
        out = [Term("prior", None, self.prior_weight)]
        for comparison, level in zip(COMPARISONS, evidence.vector(), strict=True):
            if level is None:
                continue
            if comparison in SIMILARITY_LEVELS:
                exact = (NAME_DOB if comparison == PERSON else EXACT_ADDRESS) in evidence.shared
                score = evidence.similar.get(comparison)
                out.append(Term(comparison, level, self.weight_of(comparison, level), exact, score))
            else:
                out.append(Term(comparison, level, self.weight_of(comparison, level), level == 0))
        return out

    def match_weight(self, evidence: PairEvidence) -> float:
        return sum(t.weight for t in self.terms(evidence))

    def probability(self, evidence: PairEvidence) -> float:
        return probability(self.match_weight(evidence))

    def to_json(self) -> str:
        return json.dumps(
            {
                "version": self.version,
                "fitted_at": self.fitted_at,
                "prior": self.prior,
                "m": {k: list(v) for k, v in self.m.items()},
                "u": {k: list(v) for k, v in self.u.items()},
                "levels": {k: list(v) for k, v in SIMILARITY_LEVELS.items()},
                "data": dict(self.data),
            },
            sort_keys=True,
        )

    @classmethod
    def from_json(cls, text: str) -> Model:
        obj = json.loads(text)
        if obj.get("version") != MODEL_VERSION:
            raise ValueError(f"linkage model version {obj.get('version')!r}, this program reads {MODEL_VERSION}")
        m = {k: tuple(float(x) for x in v) for k, v in obj["m"].items()}
        u = {k: tuple(float(x) for x in v) for k, v in obj["u"].items()}
        if set(m) != set(COMPARISONS) or set(u) != set(COMPARISONS):
            raise ValueError("linkage model does not have the comparisons of this program")
        if any(len(m[c]) != level_count(c) or len(u[c]) != level_count(c) for c in COMPARISONS):
            raise ValueError("linkage model levels do not match this program's")
        return cls(m, u, float(obj["prior"]), obj.get("fitted_at", ""), obj.get("data", {}))


def probability(weight: float) -> float:
    """Match probability of a match weight (log2 odds)."""
    if weight > 60:
        return 1.0
    if weight < -60:
        return 0.0
    return 1.0 / (1.0 + 2.0**-weight)


@dataclass(frozen=True)
class Thresholds:
    """The table policy's zone thresholds, as match probabilities, and the corroboration level."""

    link: float = DEFAULT_LINK_PROBABILITY
    review: float = DEFAULT_REVIEW_PROBABILITY
    support: float = ADDRESS_SUPPORT

    def __post_init__(self) -> None:
        if not 0 < self.review <= self.link < 1:
            raise ValueError(f"need 0 < review ({self.review}) <= link ({self.link}) < 1")


DEFAULT_ZONES = Thresholds()


def zone(model: Model, evidence: PairEvidence, thresholds: Thresholds = DEFAULT_ZONES) -> str:
    """link, review or none for a pair (see the module docstring for the one rule beyond the model)."""
    if evidence.shared - {NAME_DOB}:
        return LINK  # a shared identifier links, as it always did (see the module docstring)
    terms = model.terms(evidence)
    p = probability(sum(t.weight for t in terms))
    if p >= thresholds.link and evidence.corroborated(thresholds.support):
        return LINK
    if p >= thresholds.review or p >= thresholds.link:
        return REVIEW
    # What agrees would be enough on its own: the same person at another address (moved), or the same
    # address with a person written beyond recognition. The chair judges what disagrees.
    agreeing = sum(t.weight for t in terms if t.weight > 0 or t.comparison == "prior")
    return REVIEW if probability(agreeing) >= thresholds.review else NONE


DEFAULT_MODEL_FILE = Path(__file__).with_name("default_linkage_model.json")


def default_model() -> Model:
    """The model a matcher uses until it has fitted its own: fitted by `signalmatch eval linkage
    --save-model` on generated data (docs/linkage.md says how), never a hand-set constant."""
    return Model.from_json(DEFAULT_MODEL_FILE.read_text(encoding="utf-8"))


# -- estimation -------------------------------------------------------------------------------------


def _matrix(vectors: Iterable[Sequence[int | None]]) -> np.ndarray:
    rows = [[-1 if v is None else v for v in vec] for vec in vectors]
    return np.array(rows, dtype=np.int16).reshape(len(rows), len(COMPARISONS))


def level_counts(vectors: Iterable[Sequence[int | None]]) -> dict[str, tuple[float, ...]]:
    """Per comparison, how many of `vectors` reach each level (pairs that do not compare it not counted)."""
    matrix = _matrix(vectors)
    return {
        c: tuple(float(x) for x in np.bincount(matrix[:, j][matrix[:, j] >= 0], minlength=level_count(c)))
        for j, c in enumerate(COMPARISONS)
    }


def estimate_u(random_counts: Mapping[str, Sequence[float]], m: Mapping[str, Sequence[float]] | None = None,
               prior: float = 0.0) -> dict[str, tuple[float, ...]]:  # fmt: skip
    """u per comparison and level from the level counts of random pairs.

    Random pairs are a sample of *all* pairs, so a few of them match (a share λ, with levels m):
    their expected count is taken out (at most half of a level's count), as it would otherwise make
    the best levels look common among non-matches. A level left with less than half a pair gets half a pair (its weight is
    large but finite); a comparison never compared at all a uniform u."""
    out: dict[str, tuple[float, ...]] = {}
    for c in COMPARISONS:
        counts = np.array(random_counts[c], dtype=float)
        if m is not None and prior > 0:  # at most half a level: the estimate of λ·m is noisy too
            counts = np.maximum(counts - counts.sum() * prior * np.array(m[c]), counts / 2)
        counts = np.maximum(counts, 0.5)
        out[c] = tuple(float(x) for x in counts / counts.sum())
    return out


def _initial_m(comparison: str) -> tuple[float, ...]:
    """A neutral start for EM: half the mass on the best level, the rest spread evenly (so no level,
    "differs" included, starts out as impossible for a match)."""
    n = level_count(comparison)
    return (0.5, *([0.5 / (n - 1)] * (n - 1)))


def fit(
    candidate_vectors: Sequence[Sequence[int | None]],
    random_counts: Mapping[str, Sequence[float]],
    *,
    other_pairs: Mapping[tuple[str, ...], int] | None = None,
    starts: Sequence[float] = (1e-5, 1e-4, 1e-3, 1e-2),
    max_iterations: int = 200,
    tolerance: float = 1e-7,
    fitted_at: str = "",
    data: Mapping[str, object] | None = None,
) -> Model:
    """m and λ by expectation–maximisation over all pairs: the candidate pairs' comparison vectors,
    and `other_pairs` - the pairs blocking did not propose, as counts per set of similarity
    comparisons both sides have (those pairs reach no level above "differs"). u comes from the level
    counts of random pairs (:func:`estimate_u`), less the matches expected among them at the current
    λ and m; it is not fitted to the candidates.

    λ is the share of matches among *all* pairs (as Splink's probability that two random records
    match): EM over the candidates alone would meet a sample selected for similarity and take most
    of it for matches. Comparisons are assumed independent given the match status (the
    Fellegi–Sunter model); a level no expected match reaches keeps a tenth of a pair, so its weight
    stays finite. EM finds a local maximum of the likelihood, so it runs from several starting λ
    (`starts`) and keeps the most likely fit.
    """
    rows = [[-1 if v is None else v for v in vec] for vec in candidate_vectors]
    if not rows:
        raise ValueError("no candidate pairs to fit the linkage model on")
    weights = [1.0] * len(rows)
    for compared, count in (other_pairs or {}).items():
        if count > 0:
            rows.append([level_count(c) - 1 if c in compared else -1 for c in COMPARISONS])
            weights.append(float(count))
    matrix = np.array(rows, dtype=np.int16)
    patterns, inverse = np.unique(matrix, axis=0, return_inverse=True)
    counts = np.bincount(inverse.reshape(-1), weights=np.array(weights), minlength=len(patterns))
    best: tuple[float, Model] | None = None
    for start in starts:
        likelihood, model = _em(patterns, counts, random_counts, start, max_iterations, tolerance)
        if best is None or likelihood > best[0]:
            best = (likelihood, model)
    assert best is not None
    info = dict(data or {})
    info.update(best[1].data)
    info.update(candidate_pairs=len(candidate_vectors), other_pairs=int(sum((other_pairs or {}).values())))
    return replace(best[1], fitted_at=fitted_at, data=info)


def _log_terms(patterns: np.ndarray, probabilities: Mapping[str, Sequence[float]]) -> np.ndarray:
    """Per pattern, the sum of log probabilities of its levels (comparisons it does not compare skipped)."""
    out = np.zeros(len(patterns))
    for j, c in enumerate(COMPARISONS):
        col = patterns[:, j]
        out[col >= 0] += np.log(np.asarray(probabilities[c])[col[col >= 0]])
    return out


def _em(
    patterns: np.ndarray,
    counts: np.ndarray,
    random_counts: Mapping[str, Sequence[float]],
    prior: float,
    max_iterations: int,
    tolerance: float,
) -> tuple[float, Model]:
    """One EM run from λ = `prior`; returns (log likelihood, model)."""
    m = {c: np.array(_initial_m(c)) for c in COMPARISONS}
    lam = prior
    u = estimate_u(random_counts)
    iterations, converged = 0, False
    for iterations in range(1, max_iterations + 1):  # noqa: B007 (reported below)
        log_m, log_u = _log_terms(patterns, m), _log_terms(patterns, u)
        log_odds = np.clip(np.log(lam) - np.log1p(-lam) + log_m - log_u, -700, 700)
        weight = counts / (1 + np.exp(-log_odds))
        new_lam = float(np.clip(weight.sum() / counts.sum(), 1e-12, 1 - 1e-9))
        delta = abs(new_lam - lam) / lam
        for j, c in enumerate(COMPARISONS):
            col = patterns[:, j]
            seen = col >= 0
            mass = np.bincount(col[seen], weights=weight[seen], minlength=level_count(c)) + 0.1
            new = mass / mass.sum()
            delta = max(delta, float(np.abs(new - m[c]).max()))
            m[c] = new
        lam = new_lam
        u = estimate_u(random_counts, {c: tuple(m[c]) for c in COMPARISONS}, lam)
        if delta < tolerance:
            converged = True
            break
    log_m, log_u = _log_terms(patterns, m), _log_terms(patterns, u)
    likelihood = float((counts * np.logaddexp(np.log(lam) + log_m, np.log1p(-lam) + log_u)).sum())
    model = Model(
        m={c: tuple(float(x) for x in m[c]) for c in COMPARISONS},
        u={c: tuple(float(x) for x in u[c]) for c in COMPARISONS},
        prior=lam,
        data={"iterations": iterations, "converged": converged, "start": prior, "log_likelihood": likelihood},
    )
    return likelihood, model


def fit_model(
    candidates: Iterable[PairEvidence],
    random_pairs: Iterable[PairEvidence],
    other_pairs: Mapping[tuple[str, ...], int] | None = None,
    *,
    fitted_at: str = "",
    data: Mapping[str, object] | None = None,
) -> Model:
    """u from `random_pairs`, then m and λ by EM over `candidates` and `other_pairs` (see fit)."""
    random_vectors = [e.vector() for e in random_pairs]
    info = {**(data or {}), "random_pairs": len(random_vectors)}
    vectors = [e.vector() for e in candidates]
    return fit(vectors, level_counts(random_vectors), other_pairs=other_pairs, fitted_at=fitted_at, data=info)


def other_pair_counts(
    side_a: Mapping[tuple[str, ...], int], side_b: Mapping[tuple[str, ...], int], candidates: Iterable[PairEvidence]
) -> dict[tuple[str, ...], int]:
    """Pairs blocking did not propose, per set of similarity kinds both sides have: all pairs of a
    record of A with one of B (`side_a`, `side_b`: records per set of encoding kinds they have)
    less the candidates with that set."""
    total: dict[tuple[str, ...], int] = {}
    for kinds_a, n_a in side_a.items():
        for kinds_b, n_b in side_b.items():
            both = tuple(k for k in (PERSON, ADDRESS) if k in kinds_a and k in kinds_b)
            total[both] = total.get(both, 0) + n_a * n_b
    for evidence in candidates:
        both = tuple(k for k in (PERSON, ADDRESS) if k in evidence.similar)
        total[both] = total.get(both, 0) - 1
    return {k: max(0, v) for k, v in total.items()}
