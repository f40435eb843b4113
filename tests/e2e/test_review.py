"""The chair's review list ("mogelijke overeenkomsten", issue 13): zones in the match store, confirm
and reject, re-evaluation on new thresholds and a new model, and the whole path through the nodes,
the matcher's HitService, the chair's CLI, the audit log and the partners' feedback."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from support import Federation, drained, wait_for
from test_fuzzy_pipeline import address, create, encodings, matcher_rows, pairs, person, signal_json, submit

from signalmatch import transport
from signalmatch.cli import main
from signalmatch.errors import ConflictError
from signalmatch.matcher.linkage import Thresholds
from signalmatch.matcher.store import MatchStore
from signalmatch.v1 import common_pb2, hits_pb2, hits_pb2_grpc

# PEOPLE[0] and [1] are one person written twice ("Kees Jansen" / "Kees Janssen", same birthday);
# PLACES[0] and [2] are two addresses of one town.


def candidates(store: MatchStore) -> set[frozenset[str]]:
    return {frozenset((c.signal_a.signal_ref, c.signal_b.signal_ref)) for c in store.review_candidates(100).candidates}


def test_a_person_alone_is_a_review_candidate_the_chair_confirms_or_rejects(tmp_path: Path):
    path = tmp_path / "m.sqlite"
    with MatchStore(path) as store:
        submit(store, "vtgv", "a-1", encodings([0], [0]))
        submit(store, "nla", "b-1", encodings([1], []))  # the same person, no address: never linked on that alone
        assert pairs(store) == {} and candidates(store) == {frozenset({"a-1", "b-1"})}
        (candidate,) = store.review_candidates(100).candidates
        assert [t.comparison for t in candidate.terms] == ["prior", "name", "birth_date"]
        assert candidate.probability >= store.zones.review
        with store.transaction():
            _, changes = store.decide_review(
                candidate.a, candidate.b, True, "zelfde-persoon", "voorzitter", "2026-03-02T00:00:00Z"
            )
        assert changes.created and set(pairs(store)) == {frozenset({"a-1", "b-1"})}
        assert candidates(store) == set()
        with pytest.raises(ConflictError), store.transaction():  # decided: no longer up for review
            store.decide_review(candidate.a, candidate.b, False, "andere-persoon", "voorzitter", "2026-03-02T00:00:00Z")

        submit(store, "politie-avim", "c-1", encodings([4], [0]))  # Jan de Jong at Kees's address
        submit(store, "zorg", "d-1", encodings([3], []))  # Jan de Jong again, without an address
        (other,) = [
            c
            for c in store.review_candidates(100).candidates
            if {c.signal_a.signal_ref, c.signal_b.signal_ref} == {"c-1", "d-1"}
        ]
        with store.transaction():
            store.decide_review(other.a, other.b, False, "andere-persoon", "voorzitter", "2026-03-02T00:00:00Z")
        assert frozenset({"c-1", "d-1"}) not in candidates(store) | set(pairs(store))
        submit(store, "zorg", "d-1", encodings([3], []), ())  # the same evidence again: stays rejected
        assert frozenset({"c-1", "d-1"}) not in candidates(store)
        submit(store, "zorg", "d-1", encodings([3], [1]))  # new evidence (the address, written differently)
        assert frozenset({"c-1", "d-1"}) in candidates(store) | set(pairs(store))

    # Other thresholds re-evaluate the stored pairs: a strict review threshold empties the list,
    # the chair's confirmation stays.
    with MatchStore(path, Thresholds(link=0.999999, review=0.99999)) as store:
        with store.transaction():
            store.relink("2026-03-03T00:00:00Z")
        assert candidates(store) == set() and frozenset({"a-1", "b-1"}) in pairs(store)
        # A newly fitted model is stored with its date and data, and re-decides the pairs.
        before = store.model
        with store.transaction():
            model_id, _ = store.set_model(
                replace(before, prior=0.5, fitted_at="2026-03-04T00:00:00Z"), "2026-03-04T00:00:00Z"
            )
        assert model_id == store.model_id == 1
    assert matcher_rows_of(path, "SELECT fitted_at FROM linkage_models") == [("2026-03-04T00:00:00Z",)]
    with MatchStore(path) as store:  # the newest model is in force after a restart
        assert store.model_id == 1 and store.model.prior == 0.5


def matcher_rows_of(path: Path, query: str) -> list[tuple]:
    import sqlite3

    db = sqlite3.connect(path)
    try:
        return db.execute(query).fetchall()
    finally:
        db.close()


@pytest.mark.slow
def test_review_through_the_matcher_cli_audit_and_feedback(federation: Federation, capsys):
    federation.start_matcher()
    for p in ("vtgv", "nla"):
        federation.start_node(p)
    kees = person("Kees", "Jansen", "5-6-1979")
    create(federation, "vtgv", signal_json("VT-1", [kees], [address("Dorpsstraat", "7", "3511 AB")]))
    create(federation, "nla", signal_json("NLA-1", [person("Kees", "Janssen", "05-06-1979")]))
    wait_for(lambda: drained(federation, ["vtgv", "nla"]), what="outboxes drained")
    chair = str(federation.chair_config_path())
    matcher_toml = str(federation.matcher_config_path())
    assert main(["matcher", "refit", "--config", matcher_toml]) == 3  # too few signals: the model stays
    capsys.readouterr()
    assert main(["chair", "review", "--config", chair, "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    (candidate,) = listed["candidates"]
    assert listed["total"] == 1 and candidate["explanation"].startswith("naam ")
    assert "vooraf" in candidate["explanation"] and candidate["similar"][0]["kind"] == "person_fields"
    assert main(["chair", "review", "--config", chair]) == 0
    assert "Mogelijke overeenkomsten" in capsys.readouterr().out
    assert main(["chair", "review", "confirm", candidate["name"], "--reason", "andere-persoon", "--config", chair]) == 2
    capsys.readouterr()
    assert main(["chair", "review", "confirm", candidate["name"], "--reason", "zelfde-persoon", "--config", chair]) == 0
    assert "bevestigd" in capsys.readouterr().out
    hits = list(federation.hits().ListHits(hits_pb2.ListHitsRequest(page_size=10), timeout=10).hits)
    assert len(hits) == 1 and len(hits[0].signals) == 2
    log = b"".join(bytes(row[0]) for row in matcher_rows(federation, "SELECT entry FROM audit_entries"))
    assert all(action.encode() in log for action in ("review.listed", "review.confirmed", "zelfde-persoon"))
    # The partners' feedback names the kinds of evidence of their own signal's links.
    cfg = federation.node_config("nla")
    channel = transport.matcher_channel(cfg.table, cfg.matcher_address, cfg.tls)
    try:
        page = hits_pb2_grpc.FeedbackServiceStub(channel).ListPartnerHits(hits_pb2.ListPartnerHitsRequest(), timeout=10)
    finally:
        channel.close()
    (hit,) = page.hits
    (evidence,) = hit.signal_evidence
    assert list(evidence.similarity_kinds) == [common_pb2.FUZZY_KIND_PERSON_FIELDS] and not evidence.identifier_kinds


def test_the_matcher_fits_its_model_on_its_own_data(tmp_path: Path, monkeypatch):
    from signalmatch.matcher import refit

    monkeypatch.setattr(refit, "MIN_SIGNALS", 4)
    with MatchStore(tmp_path / "m.sqlite") as store:
        for i, (people, places) in enumerate([([0], [0]), ([1], [1]), ([3], [2]), ([4], []), ([5], [3]), ([2], [0])]):
            submit(store, ("vtgv", "nla", "politie-avim")[i % 3], f"s-{i}", encodings(people, places))
        model = refit.fit_store_model(store, "2026-03-05T00:00:00Z", queries=10, random_pairs=40, seed=1)
        assert model is not None and model.fitted_at == "2026-03-05T00:00:00Z"
        assert model.data["source"] == "matcher" and model.data["signals"] == 6 and model.data["random_pairs"] == 40
        assert model.data["candidate_pairs"] > 0
