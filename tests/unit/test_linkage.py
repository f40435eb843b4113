"""The Fellegi–Sunter linkage model (matcher/linkage.py): evidence, weights, EM, zones, the guard."""

from __future__ import annotations

import math

import numpy as np
import pytest

from signalmatch.matcher.linkage import (
    ADDRESS_SUPPORT,
    COMPARISONS,
    LINK,
    NONE,
    REVIEW,
    Model,
    PairEvidence,
    Thresholds,
    default_model,
    fit,
    level_count,
    level_counts,
    similarity_level,
    zone,
)


def test_evidence_becomes_a_comparison_vector():
    evidence = PairEvidence({"person": 0.91, "address": 0.3}, frozenset({"phone"}), frozenset({"phone", "email"}))
    vector = dict(zip(COMPARISONS, evidence.vector(), strict=True))
    assert vector["person"] == similarity_level("person", 0.91) == 1
    assert vector["address"] == level_count("address") - 1  # differs
    assert vector["phone"] == 0 and vector["email"] == 1 and vector["bsn"] is None
    # The exact name + date-of-birth token is the best person level; the exact address token the best address level.
    exact = PairEvidence({}, frozenset({"name_dob", "address"})).vector()
    assert exact[:2] == (0, 0)


def test_corroboration_needs_more_than_name_and_birth_date():
    assert not PairEvidence({"person": 1.0}, frozenset({"name_dob"})).corroborated()
    assert not PairEvidence({"person": 1.0, "address": ADDRESS_SUPPORT - 0.01}).corroborated()
    assert PairEvidence({"person": 1.0, "address": ADDRESS_SUPPORT}).corroborated()
    assert PairEvidence({}, frozenset({"phone"})).corroborated()
    assert PairEvidence({}, frozenset({"address"})).corroborated()


def _simulate(seed: int, n_pairs: int, lam: float, m: dict, u: dict) -> list[tuple[int | None, ...]]:
    """Comparison vectors drawn from a known model (person and address compared, nothing exact)."""
    rng = np.random.default_rng(seed)
    match = rng.random(n_pairs) < lam
    columns = {}
    for c in ("person", "address"):
        columns[c] = np.where(
            match,
            rng.choice(len(m[c]), n_pairs, p=np.array(m[c]) / sum(m[c])),
            rng.choice(len(u[c]), n_pairs, p=np.array(u[c]) / sum(u[c])),
        )
    return [tuple(int(columns[c][i]) if c in columns else None for c in COMPARISONS) for i in range(n_pairs)]


def test_em_recovers_known_m_and_lambda_from_unlabelled_pairs():
    m = {"person": (0.6, 0.2, 0.1, 0.05, 0.02, 0.01, 0.01, 0.01), "address": (0.7, 0.1, 0.1, 0.05, 0.02, 0.02, 0.01)}
    u = {
        "person": (1e-4, 2e-4, 5e-4, 1e-3, 3e-3, 0.01, 0.05, 0.9353),
        "address": (1e-4, 2e-4, 5e-4, 2e-3, 0.01, 0.05, 0.9372),
    }
    pairs = _simulate(7, 300_000, 0.01, m, u)
    last = {c: level_count(c) - 1 for c in ("person", "address")}
    candidates = [v for v in pairs if v[0] != last["person"] or v[1] != last["address"]]
    other = {("address", "person"): len(pairs) - len(candidates)}
    sample = _simulate(8, 200_000, 0.01, m, u)
    model = fit(candidates, level_counts(sample), other_pairs=other)
    assert model.prior == pytest.approx(0.01, rel=0.1)
    for c in ("person", "address"):
        assert np.allclose(model.m[c][:3], m[c][:3], atol=0.05)
    assert model.data["candidate_pairs"] == len(candidates) and model.data["converged"]


def test_weights_probability_and_explanation_add_up():
    model = default_model()
    evidence = PairEvidence({"person": 0.93, "address": 0.2}, frozenset({"email"}), frozenset({"email"}))
    terms = model.terms(evidence)
    assert [t.comparison for t in terms] == ["prior", "person", "address", "email"]
    assert sum(t.weight for t in terms) == pytest.approx(model.match_weight(evidence))
    assert model.probability(evidence) == pytest.approx(1 / (1 + 2 ** -model.match_weight(evidence)))
    assert terms[2].weight < 0 < terms[1].weight and terms[3].exact
    for comparison in COMPARISONS:  # weights are finite everywhere
        assert all(math.isfinite(model.weight_of(comparison, level)) for level in range(level_count(comparison)))


def test_model_round_trips_through_json_and_refuses_other_layouts():
    model = default_model()
    again = Model.from_json(model.to_json())
    assert again == model
    assert model.fitted_at and model.data["random_pairs"] > 0 and model.data["data"]["generated"]
    broken = model.to_json().replace('"version": 1', '"version": 99')
    with pytest.raises(ValueError, match="version"):
        Model.from_json(broken)


def test_zones_and_the_look_alike_guard():
    model = default_model()
    same_person_same_house = PairEvidence({"person": 0.97, "address": 0.9})
    assert zone(model, same_person_same_house) == LINK
    look_alike = PairEvidence({"person": 1.0, "address": 0.35}, frozenset({"name_dob"}))
    assert zone(model, look_alike) == REVIEW  # may be a person who moved: the chair looks, it never links
    person_only = PairEvidence({"person": 1.0}, frozenset({"name_dob"}))
    assert zone(model, person_only) in (REVIEW, NONE)  # never LINK, however high its probability
    assert zone(model, person_only, Thresholds(link=0.5, review=0.01)) == REVIEW
    with pytest.raises(ValueError):
        Thresholds(link=0.5, review=0.9)
