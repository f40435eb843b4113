"""Fellegi–Sunter match weights for pairs of signals, fitted unsupervised, and the three zones.

A pair's evidence is a *comparison vector* (:data:`NAME_LEVELS` and :data:`BIRTH_DATE_LEVELS` of
its best pair of person encodings, :data:`ADDRESS_LEVELS` of which address fields agree, and one
comparison per other exact identifier kind). Each level has ``m = P(level | same person)`` and
``u = P(level | different people)``; a pair's match weight is the prior's plus its levels'
``log2(m / u)``, estimated without labels as Splink does (``u`` from random pairs, ``m`` and ``λ``
by expectation–maximisation: :func:`fit`). :func:`zone` puts a pair in *link*, *review* or *none*,
with the rules that are not the model's (evidence beyond the person to link, agreeing evidence
alone reaching review, a shared exact identifier links). The comparisons, the estimation and the
zones in full: docs/linkage.md. Everything here is pure (numpy for the EM); the matcher's store
gathers the vectors.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from signalmatch.encoding import (
    ADDITION,
    ADDRESS,
    ADDRESS_FIELDS,
    BIRTH_DATE,
    NAME,
    NUMBER,
    PERSON,
    PERSON_FIELDS,
    PLACE,
    POSTCODE,
    STREET,
)

# Dice lower bounds of the levels of the person's fields (the segments of a person_fields encoding),
# best first; a last level "differs" lies below them. The date of birth: the same; a day/month swap or
# a typo in the year; a part unreadable on one side; the same year (a typo in the day or month).
NAME_LEVELS: tuple[float, ...] = (0.95, 0.90, 0.85, 0.80, 0.75, 0.70, 0.60, 0.50, 0.40)
BIRTH_DATE_LEVELS: tuple[float, ...] = (0.95, 0.70, 0.55, 0.40)
# An address is compared field by field (the segments of an address_fields encoding). A field
# *agrees* at or above its first Dice bound, is *near* at or above its second (the same house number
# with another or no addition; the same postcode area; a street or place with several typos), and
# *differs* below; a field one side lacks is unknown.
ADDRESS_FIELD_NAMES: tuple[str, ...] = (NUMBER, STREET, POSTCODE, PLACE, ADDITION)
FIELD_NAMES: tuple[str, ...] = (NAME, BIRTH_DATE, *ADDRESS_FIELD_NAMES)  # keys of PairEvidence.similar that are fields
FIELD_AGREES: Mapping[str, float] = {NUMBER: 0.90, STREET: 0.80, POSTCODE: 0.90, PLACE: 0.80, ADDITION: 0.80}
FIELD_NEAR: Mapping[str, float] = {NUMBER: 0.50, STREET: 0.60, POSTCODE: 0.40, PLACE: 0.60, ADDITION: 0.50}
AGREES, NEAR, DIFFERS = "agrees", "near", "differs"
# The address comparison's levels, best first: which fields agree. The fields depend on each other
# (a postcode names a street and a place), so the address is one comparison with levels for the
# combinations that say something different, not four independent comparisons that would count one
# street four times.
ADDRESS_LEVELS: tuple[str, ...] = (
    "same_address",  # house number, street and postcode agree (or the exact address token)
    "number_postcode",  # house number and postcode agree, the street does not (replaced, missing, typos)
    "number_street",  # house number and street agree, the postcode does not
    "written_differently",  # the house number (or near it) and the street (or with typos) agree, or the
    # house number near and the postcode
    "street_postcode",  # street and postcode agree, a house number is missing
    "street_postcode_other_number",  # street and postcode agree, the house numbers differ
    "street_place",  # street and place agree, the postcode does not
    "postcode_place",  # postcode and place agree, street and house number do not
    "number_place",  # house number and place agree, street and postcode do not
    "postcode",  # only the postcode agrees
    "place",  # only the place agrees, or the postcode area
    "differs",
)
NAME_DOB = "name_dob"  # the exact name + date-of-birth token: person evidence, not corroboration
EXACT_ADDRESS = "address"  # the exact postcode + house number token: the top address level
# Exact identifier kinds compared on their own (name_dob and address fold into the person/address levels).
EXACT_KINDS: tuple[str, ...] = ("bsn", "phone", "email", "kenteken", "kvk", "iban", "url")
COMPARISONS: tuple[str, ...] = (NAME, BIRTH_DATE, ADDRESS, *EXACT_KINDS)
SIMILARITY_LEVELS: Mapping[str, tuple[float, ...]] = {NAME: NAME_LEVELS, BIRTH_DATE: BIRTH_DATE_LEVELS}

LINK, REVIEW, NONE = "link", "review", "none"
ZONES = (LINK, REVIEW, NONE)
DEFAULT_LINK_PROBABILITY = 0.99
DEFAULT_REVIEW_PROBABILITY = 0.2
# "Lijkt op" on a link of a hit (and in partners' feedback): a similarity this high is shown as
# evidence; lower ones still count in the weight (as a level, possibly "differs") but are not called alike.
SIMILAR_SHOWN: Mapping[str, float] = {PERSON: 0.80, ADDRESS: 0.78, PERSON_FIELDS: 0.80, ADDRESS_FIELDS: 0.80}
# Lowest Dice of a whole encoding that can matter: the store and the evaluation gather candidates
# that share a block from here (per kind). It trades recall for time: a person at 0.50 instead of
# 0.60 gives about five times the candidates (bench/bench_linkage.py) for 0.2 points of recall with
# review on FEBRL 4 (docs/linkage.md).
FLOOR: Mapping[str, float] = {PERSON: 0.60, ADDRESS: 0.50, PERSON_FIELDS: 0.60, ADDRESS_FIELDS: 0.30}
MODEL_VERSION = 2
# Encoding kinds that have a comparison of the model: kind -> comparison.
ENCODED: Mapping[str, tuple[str, ...]] = {PERSON_FIELDS: (NAME, BIRTH_DATE), ADDRESS_FIELDS: (ADDRESS,)}


def level_count(comparison: str) -> int:
    """Levels of a comparison, the "differs" level included."""
    if comparison == ADDRESS:
        return len(ADDRESS_LEVELS)
    levels = SIMILARITY_LEVELS.get(comparison)
    return len(levels) + 1 if levels is not None else 2


def similarity_level(comparison: str, score: float) -> int:
    """The level (0 = best) that a Dice `score` reaches for `comparison` ("name", "birth_date")."""
    for i, cut in enumerate(SIMILARITY_LEVELS[comparison]):
        if score >= cut:
            return i
    return len(SIMILARITY_LEVELS[comparison])


def field_state(name: str, score: float | None) -> str | None:
    """agrees, near or differs for the Dice of one address field; None when a side lacks it."""
    if score is None:
        return None
    return AGREES if score >= FIELD_AGREES[name] else NEAR if score >= FIELD_NEAR[name] else DIFFERS


def address_level(fields: Mapping[str, float]) -> int | None:
    """The address level (index into ADDRESS_LEVELS) of the Dice per field (`fields`: number, street,
    postcode, place, addition; a field a side lacks is absent); None when no field is compared. Two
    additions that differ make the house numbers differ (another flat); one missing is no evidence."""
    state = {name: field_state(name, fields.get(name)) for name in ADDRESS_FIELD_NAMES}
    if not any(state.values()):
        return None
    number, street, postcode, place, addition = (state[n] for n in ADDRESS_FIELD_NAMES)
    if addition == DIFFERS:  # 12a against 12b: another flat of the building, another house number
        number = DIFFERS
    if number == AGREES and street == AGREES and postcode == AGREES:
        found = "same_address"
    elif number == AGREES and postcode == AGREES:
        found = "number_postcode"
    elif number == AGREES and street == AGREES:
        found = "number_street"
    elif number in (AGREES, NEAR) and (street in (AGREES, NEAR) or postcode == AGREES):
        found = "written_differently"
    elif street == AGREES and postcode == AGREES:
        found = "street_postcode" if number is None else "street_postcode_other_number"
    elif street == AGREES and place == AGREES:
        found = "street_place"
    elif postcode == AGREES and place == AGREES:
        found = "postcode_place"
    elif number == AGREES and place == AGREES:
        found = "number_place"
    elif postcode == AGREES:
        found = "postcode"
    elif place == AGREES or postcode == NEAR:
        found = "place"
    else:
        found = "differs"
    return ADDRESS_LEVELS.index(found)


_STATE = {None: 0, DIFFERS: 1, NEAR: 2, AGREES: 3}


def vectors(similar: Mapping[str, np.ndarray], count: int, both: Mapping[str, np.ndarray] | None = None) -> np.ndarray:
    """The comparison vectors of `count` pairs that share no exact token, at once: `similar` holds
    per field ("name", "birth_date", "number", ...) an array of its Dice (NaN where a side lacks
    it), `both` per exact kind whether both signals have tokens of it; a row of the result is
    PairEvidence(...).vector() with -1 for None (:func:`address_level` and
    :func:`similarity_level`, in numpy)."""
    out = np.full((count, len(COMPARISONS)), -1, dtype=np.int16)
    for kind, present in (both or {}).items():
        out[:, COMPARISONS.index(kind)] = np.where(present, 1, -1)
    missing = np.full(count, np.nan)
    for comparison in (NAME, BIRTH_DATE):
        scores = similar.get(comparison, missing)
        cuts = np.asarray(SIMILARITY_LEVELS[comparison])
        found = (scores[:, None] < cuts[None, :]).sum(axis=1)  # the cuts above the score: its level
        out[:, COMPARISONS.index(comparison)] = np.where(np.isnan(scores), -1, found)
    state = {}
    for name in ADDRESS_FIELD_NAMES:
        scores = similar.get(name, missing)
        state[name] = np.select(
            [np.isnan(scores), scores >= FIELD_AGREES[name], scores >= FIELD_NEAR[name]],
            [_STATE[None], _STATE[AGREES], _STATE[NEAR]],
            _STATE[DIFFERS],
        )
    number, street, postcode, place, addition = (state[n] for n in ADDRESS_FIELD_NAMES)
    number = np.where(addition == _STATE[DIFFERS], _STATE[DIFFERS], number)
    agrees, near = _STATE[AGREES], _STATE[NEAR]
    near_or_agrees = (agrees, near)
    rules = {  # the order of address_level
        "same_address": (number == agrees) & (street == agrees) & (postcode == agrees),
        "number_postcode": (number == agrees) & (postcode == agrees),
        "number_street": (number == agrees) & (street == agrees),
        "written_differently": np.isin(number, near_or_agrees)
        & (np.isin(street, near_or_agrees) | (postcode == agrees)),
        "street_postcode": (street == agrees) & (postcode == agrees) & (number == _STATE[None]),
        "street_postcode_other_number": (street == agrees) & (postcode == agrees),
        "street_place": (street == agrees) & (place == agrees),
        "postcode_place": (postcode == agrees) & (place == agrees),
        "number_place": (number == agrees) & (place == agrees),
        "postcode": postcode == agrees,
        "place": (place == agrees) | (postcode == near),
    }
    level = np.select(list(rules.values()), [ADDRESS_LEVELS.index(k) for k in rules], ADDRESS_LEVELS.index("differs"))
    compared = np.any([state[n] != _STATE[None] for n in ADDRESS_FIELD_NAMES], axis=0)
    out[:, COMPARISONS.index(ADDRESS)] = np.where(compared, level, -1)
    return out


_FEW_PAIRS = 32  # up to this many pairs, possible() builds each vector on its own rather than all at once


def possible(
    model: Model,
    similar: Mapping[str, np.ndarray],
    count: int,
    thresholds: Thresholds,
    both: Mapping[str, np.ndarray] | None = None,
) -> np.ndarray:
    """Which of `count` pairs without a shared exact token reach a zone (link or review), decided
    per distinct comparison vector (:func:`vectors`, :func:`zone_of`): the rest need no evidence."""
    if not count:
        return np.zeros(0, dtype=bool)
    if count <= _FEW_PAIRS:  # each pair's own vector (what vectors must equal) costs less here
        scores = [(name, column.tolist()) for name, column in similar.items()]
        present = [(kind, column.tolist()) for kind, column in (both or {}).items()]
        rows: Iterable[tuple[int | None, ...]] = (
            PairEvidence(
                {name: column[i] for name, column in scores if column[i] == column[i]},  # NaN: not compared
                frozenset(),
                frozenset(kind for kind, column in present if column[i]),
            ).vector()
            for i in range(count)
        )
    else:
        rows = (tuple(None if x < 0 else x for x in row) for row in vectors(similar, count, both).tolist())
    reach: dict[tuple[int | None, ...], bool] = {}
    out = np.empty(count, dtype=bool)
    for i, row in enumerate(rows):
        found = reach.get(row)
        if found is None:
            found = reach[row] = zone_of(model, row, thresholds) != NONE
        out[i] = found
    return out


@dataclass(frozen=True)
class PairEvidence:
    """What two signals have in common, as the matcher sees it (no token value, no encoding).

    `similar`: best Dice of the two signals' encodings per kind both have ("person_fields",
    "address_fields"; "person" and "address" for encodings made before issue 13's fields), and, for
    the best pair of field encodings, the Dice of each field both have ("name", "birth_date";
    "number", "street", "postcode", "place"). `shared`: exact identifier kinds they share a token
    of. `both`: exact identifier kinds both signals have tokens of (shared or not)."""

    similar: Mapping[str, float] = field(default_factory=dict)
    shared: frozenset[str] = frozenset()
    both: frozenset[str] = frozenset()

    def address_level(self) -> int | None:
        if EXACT_ADDRESS in self.shared:
            return 0
        return address_level({k: v for k, v in self.similar.items() if k in ADDRESS_FIELD_NAMES})

    def vector(self) -> tuple[int | None, ...]:
        """The comparison vector, in the order of COMPARISONS (None: nothing to compare)."""
        out: list[int | None] = []
        for comparison in (NAME, BIRTH_DATE):
            score = self.similar.get(comparison)
            exact = NAME_DOB in self.shared
            out.append(0 if exact else None if score is None else similarity_level(comparison, score))
        out.append(self.address_level())
        for kind in EXACT_KINDS:
            out.append(0 if kind in self.shared else 1 if kind in self.both else None)
        return tuple(out)

    def legacy(self) -> bool:
        """Whether the pair was compared on encodings made before the field encodings (person,
        address): the model cannot weigh those; such a pair keeps its zone until it is re-encoded."""
        return bool({PERSON, ADDRESS} & self.similar.keys())

    def kinds(self) -> tuple[str, ...]:
        """The kinds of evidence, for feedback: exact kinds shared and similarity kinds compared."""
        return tuple(sorted(self.shared | (set(self.similar) - set(FIELD_NAMES))))


@dataclass(frozen=True)
class Term:
    """One piece of evidence with its match weight, for the chair's explanation."""

    comparison: str  # "name", "birth_date", "address", "phone", ... or "prior"
    level: int | None  # None for the prior
    weight: float  # log2 Bayes factor
    exact: bool = False  # an exact token (else a similarity level or a disagreement)
    similarity: float | None = None  # the Dice, for similarity comparisons (the whole address for "address")

    @property
    def agreement(self) -> str:
        """For the address: which of its fields agree (an ADDRESS_LEVELS name); "" otherwise."""
        return ADDRESS_LEVELS[self.level] if self.comparison == ADDRESS and self.level is not None else ""


@dataclass(frozen=True)
class Model:
    """A fitted Fellegi–Sunter model: per comparison the m and u probability of each level, and λ."""

    m: Mapping[str, tuple[float, ...]]
    u: Mapping[str, tuple[float, ...]]
    prior: float  # λ: share of matches among all pairs
    fitted_at: str = ""  # RFC 3339
    data: Mapping[str, object] = field(default_factory=dict)  # what it was fitted on: counts, source, iterations
    version: int = MODEL_VERSION
    # u of the address levels among pairs of different people in the same place (None: not estimated)
    u_place: tuple[float, ...] | None = None
    # u of name level and date-of-birth level together, [name][date] (None: the two independent)
    u_person: tuple[tuple[float, ...], ...] | None = None
    # Weights and zones by comparison vector (they depend on nothing else): a new signal meets
    # hundreds of candidates, most of them with one of a few vectors.
    # Per comparison vector (and thresholds): the match weight and the zone, computed once.
    _weights: dict[object, float] = field(default_factory=dict, init=False, repr=False, compare=False)
    _zones: dict[object, str] = field(default_factory=dict, init=False, repr=False, compare=False)

    def weight_of(self, comparison: str, level: int) -> float:
        return math.log2(self.m[comparison][level] / self.u[comparison][level])

    def birth_date_weight(self, level: int, name: int | None) -> float:
        """The weight of the date of birth given the name's level: name and date together weigh
        log2(m_name m_date / u_person[name][date]), of which the name's own weight is its part.
        Among matches the two are independent (errors strike each on its own); among different people
        they are not - two people with the same name and date of birth (look-alikes, and twins with
        their initials) are more common than the two apart would say - so u_person is counted, not
        multiplied."""
        if name is None or self.u_person is None:
            return self.weight_of(BIRTH_DATE, level)
        joint = self.m[NAME][name] * self.m[BIRTH_DATE][level] / self.u_person[name][level]
        return math.log2(joint) - self.weight_of(NAME, name)

    def address_support(self, level: int) -> float:
        """The weight of an address level against another person *in the same place*: log2 of m over
        the larger of u and u_place (a look-alike lives in the same municipality, so the address
        fields of the two agree more often than those of two random people)."""
        u = self.u[ADDRESS][level]
        if self.u_place is not None:
            u = max(u, self.u_place[level])
        return math.log2(self.m[ADDRESS][level] / u)

    @property
    def prior_weight(self) -> float:
        return math.log2(self.prior / (1 - self.prior))

    def level_terms(self, vector: Sequence[int | None]) -> list[Term]:
        """The prior and the weight of every compared level of a comparison vector."""
        out = [Term("prior", None, self.prior_weight)]
        name = vector[COMPARISONS.index(NAME)]
        for comparison, level in zip(COMPARISONS, vector, strict=True):
            if level is not None:
                if comparison == BIRTH_DATE:
                    out.append(Term(comparison, level, self.birth_date_weight(level, name)))
                else:
                    out.append(Term(comparison, level, self.weight_of(comparison, level)))
        return out

    def terms(self, evidence: PairEvidence) -> list[Term]:
        """The prior and every compared piece of evidence with its weight, as the chair sees it."""
        out = []
        for t in self.level_terms(evidence.vector()):
            if t.comparison in (NAME, BIRTH_DATE):
                t = replace(t, exact=NAME_DOB in evidence.shared, similarity=evidence.similar.get(t.comparison))
            elif t.comparison == ADDRESS:
                t = replace(t, exact=EXACT_ADDRESS in evidence.shared, similarity=evidence.similar.get(ADDRESS_FIELDS))
            elif t.comparison != "prior":
                t = replace(t, exact=t.level == 0)
            out.append(t)
        return out

    def match_weight(self, evidence: PairEvidence) -> float:
        key = evidence.vector()
        if key not in self._weights:
            self._weights[key] = sum(t.weight for t in self.terms(evidence))
        return self._weights[key]

    def probability(self, evidence: PairEvidence) -> float:
        return probability(self.match_weight(evidence))

    def link_probability(self, evidence: PairEvidence, terms: Sequence[Term] | None = None) -> float:
        """The match probability with the address weighed against *another person with the same name
        and date of birth in the same place* (:meth:`address_support`) rather than a random person;
        0 when the address is not compared or does not favour the same person over such a look-alike.

        Two people with one name and birthday in one municipality are the pairs on which the person
        evidence is most sure and most wrong, because the fields are not independent there: a
        look-alike lives near by. How much the person itself proves is the model's (the rarer persons
        that agree this well are among different people in the data, the more); which address levels
        help is too: where true pairs often have another house number (a data set with the number
        retyped or replaced), "the same street and postcode, another number" does; where they hardly
        ever do, it is another address and does not."""
        return self._link_probability(self.terms(evidence) if terms is None else terms)

    def _link_probability(self, terms: Sequence[Term]) -> float:
        level = next((t.level for t in terms if t.comparison == ADDRESS), None)
        if level is None or self.address_support(level) <= 0:
            return 0.0
        rest = sum(t.weight for t in terms if t.comparison != ADDRESS)
        return probability(rest + self.address_support(level))

    def to_json(self) -> str:
        return json.dumps(
            {
                "version": self.version,
                "fitted_at": self.fitted_at,
                "prior": self.prior,
                "m": {k: list(v) for k, v in self.m.items()},
                "u": {k: list(v) for k, v in self.u.items()},
                "levels": {
                    **{k: list(v) for k, v in SIMILARITY_LEVELS.items()},
                    ADDRESS: list(ADDRESS_LEVELS),
                    "address_fields": {"agrees": dict(FIELD_AGREES), "near": dict(FIELD_NEAR)},
                },
                "data": dict(self.data),
                "u_place": None if self.u_place is None else {ADDRESS: list(self.u_place)},
                "u_person": None if self.u_person is None else [list(row) for row in self.u_person],
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
        place = obj.get("u_place")
        u_place = None if place is None else tuple(float(x) for x in place[ADDRESS])
        if u_place is not None and len(u_place) != level_count(ADDRESS):
            raise ValueError("linkage model levels do not match this program's")
        person = obj.get("u_person")
        u_person = None if person is None else tuple(tuple(float(x) for x in row) for row in person)
        if u_person is not None and (
            len(u_person) != level_count(NAME) or any(len(row) != level_count(BIRTH_DATE) for row in u_person)
        ):
            raise ValueError("linkage model levels do not match this program's")
        model = cls(m, u, float(obj["prior"]), obj.get("fitted_at", ""), obj.get("data", {}))
        return replace(model, u_place=u_place, u_person=u_person)


def probability(weight: float) -> float:
    """Match probability of a match weight (log2 odds)."""
    if weight > 60:
        return 1.0
    if weight < -60:
        return 0.0
    return 1.0 / (1.0 + 2.0**-weight)


@dataclass(frozen=True)
class Thresholds:
    """The table policy's zone thresholds, as match probabilities."""

    link: float = DEFAULT_LINK_PROBABILITY
    review: float = DEFAULT_REVIEW_PROBABILITY

    def __post_init__(self) -> None:
        if not 0 < self.review <= self.link < 1:
            raise ValueError(f"need 0 < review ({self.review}) <= link ({self.link}) < 1")


DEFAULT_ZONES = Thresholds()


def zone(model: Model, evidence: PairEvidence, thresholds: Thresholds = DEFAULT_ZONES) -> str:
    """link, review or none for a pair (see the module docstring for the rules beyond the model)."""
    if evidence.shared - {NAME_DOB}:
        return LINK  # a shared identifier links, as it always did (see the module docstring)
    return zone_of(model, evidence.vector(), thresholds)


def zone_of(model: Model, vector: Sequence[int | None], thresholds: Thresholds = DEFAULT_ZONES) -> str:
    """The zone of a pair that shares no identifier other than name + date of birth, from its
    comparison vector alone (memoised per vector: a new signal meets hundreds of candidates, most
    of them with one of a few vectors)."""
    key = (tuple(vector), thresholds)
    if key not in model._zones:
        model._zones[key] = _zone(model, model.level_terms(vector), thresholds)
    return model._zones[key]


def _zone(model: Model, terms: Sequence[Term], thresholds: Thresholds) -> str:
    p = probability(sum(t.weight for t in terms))
    if p >= thresholds.link and model._link_probability(terms) >= thresholds.link:
        return LINK
    if p >= thresholds.review or p >= thresholds.link:
        return REVIEW
    # The person alone, or the address alone, would be enough: the same person at another address
    # (someone who moved), or the same address with the person written beyond recognition. The chair
    # judges what disagrees. (Other evidence counts only where it agrees.)
    prior = sum(t.weight for t in terms if t.comparison == "prior")
    others = sum(t.weight for t in terms if t.comparison in EXACT_KINDS and t.weight > 0)
    for entity in ((NAME, BIRTH_DATE), (ADDRESS,)):
        weight = prior + others + sum(t.weight for t in terms if t.comparison in entity)
        if any(t.comparison in entity for t in terms) and probability(weight) >= thresholds.review:
            return REVIEW
    return NONE


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


def estimate_u(random_counts: Mapping[str, Sequence[float]]) -> dict[str, tuple[float, ...]]:
    """u per comparison and level from level counts of pairs of different people (:func:`u_counts`);
    a level no pair reaches gets half a pair (its weight is large but finite), a comparison never
    compared at all a uniform u."""
    out: dict[str, tuple[float, ...]] = {}
    for c in COMPARISONS:
        counts = np.maximum(np.array(random_counts[c], dtype=float), 0.5)
        out[c] = tuple(float(x) for x in counts / counts.sum())
    return out


# A random pair whose address is another address (these levels) is two different people as far as the
# person is concerned, and one whose persons differ as far as everything else is concerned.
OTHER_ADDRESS = frozenset({ADDRESS_LEVELS.index("place"), ADDRESS_LEVELS.index("differs")})


def u_counts(random_vectors: Sequence[Sequence[int | None]]) -> dict[str, tuple[float, ...]]:
    """Per comparison, the level counts of the random pairs that are *different people* as far as
    that comparison can tell: for the name and the date of birth, the pairs at another address (the
    address levels of OTHER_ADDRESS); for the address and the exact identifiers, every random pair.
    Comparisons are independent given the match status, so these are samples of u; and for the
    person they leave out most of the true pairs that a random sample of a small data set holds (a
    share λ: far more than the non-matches at the best person levels), without labels. Without such
    witnesses (no addresses) every random pair counts."""
    matrix = _matrix(random_vectors)
    at_another_address = np.isin(matrix[:, COMPARISONS.index(ADDRESS)], list(OTHER_ADDRESS))
    witnesses = {c: at_another_address if c in (NAME, BIRTH_DATE) else np.ones(len(matrix), dtype=bool)
                 for c in COMPARISONS}  # fmt: skip
    out: dict[str, tuple[float, ...]] = {}
    for j, c in enumerate(COMPARISONS):
        column = matrix[:, j]
        seen = column >= 0
        if (seen & witnesses[c]).any():
            seen &= witnesses[c]
        out[c] = tuple(float(x) for x in np.bincount(column[seen], minlength=level_count(c)))
    return out


def _initial_m(comparison: str) -> tuple[float, ...]:
    """A neutral start for EM: half the mass on the best level, the rest spread evenly (so no level,
    "differs" included, starts out as impossible for a match)."""
    n = level_count(comparison)
    return (0.5, *([0.5 / (n - 1)] * (n - 1)))


def person_counts(random_vectors: Sequence[Sequence[int | None]]) -> np.ndarray:
    """Counts of (name level, date-of-birth level) of the random pairs at another address that
    compare both (the witnesses of :func:`u_counts`): u_person."""
    matrix = _matrix(random_vectors)
    name, born = matrix[:, COMPARISONS.index(NAME)], matrix[:, COMPARISONS.index(BIRTH_DATE)]
    witnessed = np.isin(matrix[:, COMPARISONS.index(ADDRESS)], list(OTHER_ADDRESS)) & (name >= 0) & (born >= 0)
    counts = np.zeros((level_count(NAME), level_count(BIRTH_DATE)))
    np.add.at(counts, (name[witnessed], born[witnessed]), 1)
    return counts


def fit(
    candidate_vectors: Sequence[Sequence[int | None]],
    random_counts: Mapping[str, Sequence[float]],
    *,
    joint_counts: np.ndarray | None = None,
    other_pairs: Mapping[tuple[str, ...], int] | None = None,
    starts: Sequence[float] = (1e-5, 1e-4, 1e-3, 1e-2),
    max_iterations: int = 200,
    tolerance: float = 1e-7,
    fitted_at: str = "",
    data: Mapping[str, object] | None = None,
) -> Model:
    """m and λ by expectation–maximisation over all pairs: the candidate pairs' comparison vectors,
    and `other_pairs` - the pairs blocking did not propose, as counts per set of similarity
    comparisons both sides have (those pairs reach no level above "differs"). u comes from
    `random_counts`, level counts of pairs of different people (:func:`u_counts`, :func:`estimate_u`),
    and for name and date of birth together from `joint_counts` (:func:`person_counts`; a cell no
    pair reaches gets half a pair); it is not fitted to the candidates.

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
    for comparisons, count in (other_pairs or {}).items():
        if count > 0:
            rows.append([level_count(c) - 1 if c in comparisons else -1 for c in COMPARISONS])
            weights.append(float(count))
    matrix = np.array(rows, dtype=np.int16)
    patterns, inverse = np.unique(matrix, axis=0, return_inverse=True)
    counts = np.bincount(inverse.reshape(-1), weights=np.array(weights), minlength=len(patterns))
    u_person = None
    if joint_counts is not None and joint_counts.sum() > 0:
        cells = np.maximum(joint_counts, 0.5)
        u_person = cells / cells.sum()
    best: tuple[float, Model] | None = None
    for start in starts:
        likelihood, model = _em(patterns, counts, random_counts, u_person, start, max_iterations, tolerance)
        if best is None or likelihood > best[0]:
            best = (likelihood, model)
    assert best is not None
    info = dict(data or {})
    info.update(best[1].data)
    info.update(candidate_pairs=len(candidate_vectors), other_pairs=int(sum((other_pairs or {}).values())))
    return replace(best[1], fitted_at=fitted_at, data=info)


def _log_terms(
    patterns: np.ndarray, probabilities: Mapping[str, Sequence[float] | np.ndarray], joint: np.ndarray | None = None
) -> np.ndarray:
    """Per pattern, the sum of log probabilities of its levels (comparisons it does not compare
    skipped); with `joint`, name and date of birth together from it where a pattern has both."""
    out = np.zeros(len(patterns))
    for j, c in enumerate(COMPARISONS):
        col = patterns[:, j]
        out[col >= 0] += np.log(np.asarray(probabilities[c])[col[col >= 0]])
    if joint is not None:
        name, born = patterns[:, COMPARISONS.index(NAME)], patterns[:, COMPARISONS.index(BIRTH_DATE)]
        both = (name >= 0) & (born >= 0)
        out[both] += np.log(joint[name[both], born[both]])
        out[both] -= np.log(np.asarray(probabilities[NAME])[name[both]])
        out[both] -= np.log(np.asarray(probabilities[BIRTH_DATE])[born[both]])
    return out


def _em(
    patterns: np.ndarray,
    counts: np.ndarray,
    random_counts: Mapping[str, Sequence[float]],
    u_person: np.ndarray | None,
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
        log_m, log_u = _log_terms(patterns, m), _log_terms(patterns, u, u_person)
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
        if delta < tolerance:
            converged = True
            break
    log_m, log_u = _log_terms(patterns, m), _log_terms(patterns, u, u_person)
    likelihood = float((counts * np.logaddexp(np.log(lam) + log_m, np.log1p(-lam) + log_u)).sum())
    model = Model(
        m={c: tuple(float(x) for x in m[c]) for c in COMPARISONS},
        u={c: tuple(float(x) for x in u[c]) for c in COMPARISONS},
        prior=lam,
        data={"iterations": iterations, "converged": converged, "start": prior, "log_likelihood": likelihood},
        u_person=None if u_person is None else tuple(tuple(float(x) for x in row) for row in u_person),
    )
    return likelihood, model


def fit_model(
    candidates: Iterable[PairEvidence],
    random_pairs: Iterable[PairEvidence],
    other_pairs: Mapping[tuple[str, ...], int] | None = None,
    *,
    place_pairs: Iterable[PairEvidence] = (),
    fitted_at: str = "",
    data: Mapping[str, object] | None = None,
) -> Model:
    """u from `random_pairs`, then m and λ by EM over `candidates` and `other_pairs` (see fit), and
    u_place from `place_pairs` (:func:`estimate_u_place`)."""
    random_vectors = [e.vector() for e in random_pairs]
    u_place, place_count = estimate_u_place(place_pairs)
    info = {**(data or {}), "random_pairs": len(random_vectors), "place_pairs": place_count}
    vectors = [e.vector() for e in candidates]
    model = fit(
        vectors,
        u_counts(random_vectors),
        joint_counts=person_counts(random_vectors),
        other_pairs=other_pairs,
        fitted_at=fitted_at,
        data=info,
    )
    return replace(model, u_place=u_place)


def estimate_u_place(place_pairs: Iterable[PairEvidence]) -> tuple[tuple[float, ...] | None, int]:
    """(u_place, pairs used): the address levels of pairs of signals *in the same place* (the caller
    samples pairs whose place fields are identical) whose persons differ (the last person level, so
    that the pairs are different people without labels), as a distribution; a level no pair reaches
    gets half a pair. None when no such pair was found (no place field in the data): then the
    look-alike guard weighs addresses against random pairs only."""
    counts = np.zeros(level_count(ADDRESS))
    for evidence in place_pairs:
        name, born, address = evidence.vector()[:3]
        if name == level_count(NAME) - 1 and born in (None, level_count(BIRTH_DATE) - 1) and address is not None:
            counts[address] += 1
    used = int(counts.sum())
    if not used:
        return None, 0
    counts = np.maximum(counts, 0.5)
    return tuple(float(x) for x in counts / counts.sum()), used


def compared(kinds_a: Iterable[str], kinds_b: Iterable[str]) -> tuple[str, ...]:
    """The similarity comparisons two signals with encodings of `kinds_a` and `kinds_b` have."""
    both = set(kinds_a) & set(kinds_b)
    return tuple(c for kind, comparisons in ENCODED.items() if kind in both for c in comparisons)


def other_pair_counts(
    side_a: Mapping[tuple[str, ...], int], side_b: Mapping[tuple[str, ...], int], candidates: Iterable[PairEvidence]
) -> dict[tuple[str, ...], int]:
    """Pairs blocking did not propose, per set of similarity comparisons both sides have: all pairs
    of a record of A with one of B (`side_a`, `side_b`: records per set of encoding kinds they have)
    less the candidates with that set."""
    total: dict[tuple[str, ...], int] = {}
    for kinds_a, n_a in side_a.items():
        for kinds_b, n_b in side_b.items():
            both = compared(kinds_a, kinds_b)
            total[both] = total.get(both, 0) + n_a * n_b
    for evidence in candidates:
        both = compared(evidence.similar, evidence.similar)
        total[both] = total.get(both, 0) - 1
    return {k: max(0, v) for k, v in total.items()}
