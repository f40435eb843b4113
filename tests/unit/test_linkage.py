"""The Fellegi–Sunter linkage model (matcher/linkage.py): evidence, weights, EM, zones, the guard."""

from __future__ import annotations

import math

import numpy as np
import pytest

from signalmatch.matcher import linkage
from signalmatch.matcher.linkage import (
    ADDRESS_LEVELS,
    COMPARISONS,
    LINK,
    NONE,
    REVIEW,
    Model,
    PairEvidence,
    Thresholds,
    address_level,
    default_model,
    fit,
    level_count,
    level_counts,
    possible,
    similarity_level,
    vectors,
    zone,
)

SAME_ADDRESS = {"number": 1.0, "street": 0.95, "postcode": 1.0, "place": 1.0}
SAME_PLACE = {"number": 0.2, "street": 0.1, "postcode": 0.3, "place": 1.0}  # another address in one municipality
ELSEWHERE = {"number": 0.2, "street": 0.1, "postcode": 0.1, "place": 0.2}
SAME_PERSON = {"name": 0.97, "birth_date": 1.0}


def test_evidence_becomes_a_comparison_vector():
    similar = {"name": 0.91, "birth_date": 1.0, "number": 1.0, "street": 0.2, "postcode": 0.1, "place": 0.3}
    evidence = PairEvidence(similar, frozenset({"phone"}), frozenset({"phone", "email"}))
    vector = dict(zip(COMPARISONS, evidence.vector(), strict=True))
    assert vector["name"] == similarity_level("name", 0.91) == 1 and vector["birth_date"] == 0
    assert vector["address"] == ADDRESS_LEVELS.index("differs") == level_count("address") - 1
    assert vector["phone"] == 0 and vector["email"] == 1 and vector["bsn"] is None
    # The exact name + date-of-birth token is the best person level; the exact address token the best address level.
    exact = PairEvidence({}, frozenset({"name_dob", "address"})).vector()
    assert exact[:3] == (0, 0, 0)
    assert PairEvidence({"name": 0.9}).vector()[1:3] == (None, None)  # no date, no address: no evidence


@pytest.mark.parametrize(
    ("fields", "level"),
    [
        (SAME_ADDRESS, "same_address"),
        ({**SAME_ADDRESS, "street": 0.1}, "number_postcode"),  # street replaced
        ({**SAME_ADDRESS, "postcode": 0.2}, "number_street"),
        ({**SAME_ADDRESS, "number": 0.6, "postcode": 0.2}, "written_differently"),  # 12a against 12
        ({"street": 0.9, "postcode": 1.0, "place": 1.0}, "street_postcode"),  # a house number missing
        ({**SAME_ADDRESS, "number": 0.1}, "street_postcode_other_number"),
        ({**SAME_ADDRESS, "number": 0.1, "postcode": 0.1}, "street_place"),
        (SAME_PLACE, "place"),
        (ELSEWHERE, "differs"),
        ({}, None),
    ],
)
def test_address_levels_say_which_fields_agree(fields, level):
    assert address_level(fields) == (None if level is None else ADDRESS_LEVELS.index(level))


def test_encodings_of_before_the_fields_are_legacy_and_weigh_nothing():
    old = PairEvidence({"person": 0.97, "address": 0.9})
    assert old.legacy() and set(old.vector()) == {None}
    assert not PairEvidence({"person_fields": 0.9, **SAME_PERSON}).legacy()


def _simulate(seed: int, n_pairs: int, lam: float, m: dict, u: dict) -> list[tuple[int | None, ...]]:
    """Comparison vectors drawn from a known model (name and address compared, nothing else)."""
    rng = np.random.default_rng(seed)
    match = rng.random(n_pairs) < lam
    columns = {}
    for c in ("name", "address"):
        columns[c] = np.where(
            match,
            rng.choice(len(m[c]), n_pairs, p=np.array(m[c]) / sum(m[c])),
            rng.choice(len(u[c]), n_pairs, p=np.array(u[c]) / sum(u[c])),
        )
    return [tuple(int(columns[c][i]) if c in columns else None for c in COMPARISONS) for i in range(n_pairs)]


def test_em_recovers_known_m_and_lambda_from_unlabelled_pairs():
    m = {
        "name": (0.6, 0.2, 0.1, 0.05, 0.03, 0.02, 0, 0, 0, 0),
        "address": (0.7, 0.1, 0.1, 0.05, 0.03, 0.02, 0, 0, 0, 0, 0, 0),
    }
    u = {
        "name": (1e-4, 2e-4, 5e-4, 1e-3, 2e-3, 3e-3, 0.01, 0.03, 0.05, 0.9032),
        "address": (1e-4, 1e-4, 1e-4, 2e-4, 2e-4, 3e-4, 1e-3, 2e-3, 2e-3, 0.01, 0.1, 0.884),
    }
    pairs = _simulate(7, 300_000, 0.01, m, u)
    last = {c: level_count(c) - 1 for c in ("name", "address")}
    name, address = COMPARISONS.index("name"), COMPARISONS.index("address")
    candidates = [v for v in pairs if v[name] != last["name"] or v[address] != last["address"]]
    other = {("address", "name"): len(pairs) - len(candidates)}
    sample = _simulate(8, 200_000, 0.01, m, u)
    model = fit(candidates, level_counts(sample), other_pairs=other)
    assert model.prior == pytest.approx(0.01, rel=0.1)
    for c in ("name", "address"):
        assert np.allclose(model.m[c][:3], m[c][:3], atol=0.05)
    assert model.data["candidate_pairs"] == len(candidates) and model.data["converged"]


def test_weights_probability_and_explanation_add_up():
    model = default_model()
    evidence = PairEvidence({"name": 0.93, "birth_date": 1.0, **ELSEWHERE}, frozenset({"email"}), frozenset({"email"}))
    terms = model.terms(evidence)
    assert [t.comparison for t in terms] == ["prior", "name", "birth_date", "address", "email"]
    assert sum(t.weight for t in terms) == pytest.approx(model.match_weight(evidence))
    assert model.probability(evidence) == pytest.approx(1 / (1 + 2 ** -model.match_weight(evidence)))
    assert terms[3].weight < 0 < terms[1].weight and terms[4].exact and terms[3].agreement == "differs"
    for comparison in COMPARISONS:  # weights are finite everywhere
        assert all(math.isfinite(model.weight_of(comparison, level)) for level in range(level_count(comparison)))


def test_name_and_date_of_birth_weigh_together_against_different_people():
    """u of name and date together is counted, not multiplied: where the same name and birthday
    among different people is more common than the two apart say, the date adds less."""
    model = default_model()
    levels = (level_count("name"), level_count("birth_date"))
    independent = np.outer(model.u["name"], model.u["birth_date"])
    joint = independent.copy()
    joint[0, 0] *= 8  # look-alikes: eight times as many as independence says
    joint /= joint.sum()
    together = Model(model.m, model.u, model.prior, u_person=tuple(tuple(row) for row in joint))
    alone = Model(model.m, model.u, model.prior)
    assert joint.shape == levels
    assert together.birth_date_weight(0, 0) == pytest.approx(alone.birth_date_weight(0, 0) - 3, abs=0.05)
    assert together.birth_date_weight(0, None) == alone.weight_of("birth_date", 0)  # no name compared


def test_model_round_trips_through_json_and_refuses_other_layouts():
    model = default_model()
    again = Model.from_json(model.to_json())
    assert again == model
    assert model.fitted_at and model.data["random_pairs"] > 0 and model.data["data"]["generated"]
    broken = model.to_json().replace('"version": 2', '"version": 99')
    with pytest.raises(ValueError, match="version"):
        Model.from_json(broken)


def test_zones_and_the_look_alike_guard():
    model = default_model()
    same_person_same_house = PairEvidence({**SAME_PERSON, **SAME_ADDRESS})
    assert zone(model, same_person_same_house) == LINK
    look_alike = PairEvidence({"name": 1.0, "birth_date": 1.0, **SAME_PLACE}, frozenset({"name_dob"}))
    assert zone(model, look_alike) == REVIEW  # may be a person who moved: the chair looks, it never links
    person_only = PairEvidence({"name": 1.0, "birth_date": 1.0}, frozenset({"name_dob"}))
    assert zone(model, person_only) in (REVIEW, NONE)  # never LINK, however high its probability
    assert zone(model, person_only, Thresholds(link=0.5, review=0.01)) == REVIEW
    with pytest.raises(ValueError):
        Thresholds(link=0.5, review=0.9)


def test_vectors_at_once_equal_the_vector_of_each_pair():
    """The store decides which candidates can reach a zone from all their comparison vectors at once
    (linkage.vectors, in numpy): they must be exactly PairEvidence.vector, bounds included."""
    rng = np.random.default_rng(3)
    n = 4000
    names = ("name", "birth_date", "number", "street", "postcode", "place", "addition")
    bounds = [0.0, 0.3, 0.4, 0.5, 0.55, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 1.0]
    similar = {}
    for name in names:
        scores = np.where(rng.random(n) < 0.5, rng.choice(bounds, n), np.round(rng.random(n), 4))
        scores[rng.random(n) < 0.25] = np.nan
        similar[name] = scores
    both = {"phone": rng.random(n) < 0.3}
    found = vectors(similar, n, both)
    for i in range(n):
        fields = {name: float(similar[name][i]) for name in names if not np.isnan(similar[name][i])}
        evidence = PairEvidence(fields, frozenset(), frozenset({"phone"}) if both["phone"][i] else frozenset())
        assert tuple(None if x < 0 else x for x in found[i].tolist()) == evidence.vector()
    model = default_model()
    reach = possible(model, similar, n, Thresholds(), both)
    for i in range(0, n, 7):
        fields = {name: float(similar[name][i]) for name in names if not np.isnan(similar[name][i])}
        evidence = PairEvidence(fields, frozenset(), frozenset({"phone"}) if both["phone"][i] else frozenset())
        assert reach[i] == (zone(model, evidence) != NONE)


@pytest.mark.parametrize("n", [1, 7, 32])
def test_possible_for_few_pairs_equals_the_zone_of_each_pair(n, monkeypatch):
    """Up to linkage._FEW_PAIRS pairs possible() builds each pair's vector on its own; beyond, all at
    once (vectors): both give each pair's own zone."""
    rng = np.random.default_rng(n)
    names = ("name", "birth_date", "number", "street", "postcode", "place", "addition")
    bounds = [0.0, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1.0]
    similar = {}
    for name in names:
        scores = np.where(rng.random(n) < 0.5, rng.choice(bounds, n), np.round(rng.random(n), 4))
        scores[rng.random(n) < 0.25] = np.nan
        similar[name] = scores
    both = {"phone": rng.random(n) < 0.3, "email": rng.random(n) < 0.3}
    model = default_model()
    few = possible(model, similar, n, Thresholds(), both)
    monkeypatch.setattr(linkage, "_FEW_PAIRS", 0)
    assert few.tolist() == possible(model, similar, n, Thresholds(), both).tolist()
    for i in range(n):
        fields = {name: float(similar[name][i]) for name in names if not np.isnan(similar[name][i])}
        evidence = PairEvidence(fields, frozenset(), frozenset(k for k in both if both[k][i]))
        assert few[i] == (zone(model, evidence) != NONE)
