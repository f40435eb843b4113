"""Fault matrix: replayed disclosure answers, approvals for a request that expired, a second answer
from the same partner — each idempotent or refused, and audited (docs/reliability.md).

A replay of the same answer changes nothing and writes no second entry; another answer from the
same partner, or any answer after the request expired, is refused (FAILED_PRECONDITION) and
written to the log as ``disclosure.answer_refused`` — and the expiry itself stands in the log even
though the answer that found it was refused.
"""

from __future__ import annotations

import time
from dataclasses import replace

import grpc
import pytest
from test_disclosure_matcher import (
    CHAIR,
    D,
    chair,
    disclosure_entries,
    fails,
    fake_sealed,
    partner,
    request,
    start_with_hit,
)

pytestmark = pytest.mark.slow


def actions(fed) -> list[tuple[str, str, str]]:
    return [(e.action, e.actor_org, e.outcome) for e in disclosure_entries(fed)]


def test_replays_second_answers_and_late_answers_are_idempotent_or_refused_and_audited(federation):
    _, hit = start_with_hit(federation)
    ch, vt = chair(federation), partner(federation, "vtgv")
    created = ch.CreateDisclosure(request(hit.name, request_id="replay-1"), timeout=10).disclosure

    approve = D.AnswerDisclosureRequest(name=created.name, approve=True, sealed=[fake_sealed(CHAIR)])
    first = vt.AnswerDisclosure(approve, timeout=10).disclosure
    for _ in range(3):  # the node resends after a lost reply: the same answer, nothing new
        assert vt.AnswerDisclosure(approve, timeout=10).disclosure == first
    refuse = D.AnswerDisclosureRequest(name=created.name, approve=False, reason="geen-grondslag")
    fails(grpc.StatusCode.FAILED_PRECONDITION, vt.AnswerDisclosure, refuse)  # a change of mind
    other = D.AnswerDisclosureRequest(name=created.name, approve=True, sealed=[fake_sealed(CHAIR, b"x")])
    assert vt.AnswerDisclosure(other, timeout=10).disclosure == first  # the same decision: the first payload stays
    assert actions(federation) == [
        ("disclosure.requested", "voorzitter", "ok"),
        ("disclosure.approved", "vtgv", "ok"),
        ("disclosure.answer_refused", "vtgv", "rejected"),
    ]
    seen = ch.GetDisclosure(D.GetDisclosureRequest(name=created.name), timeout=10).disclosure
    [vt_answer] = [a for a in seen.answers if a.partner == "vtgv"]
    assert [s.ciphertext for s in vt_answer.sealed] == [approve.sealed[0].ciphertext]  # the first one, once


def test_an_answer_after_expiry_is_refused_and_the_expiry_is_logged(federation):
    cfg = federation.matcher_config()
    _, hit = start_with_hit(federation, replace(cfg, policy=replace(cfg.policy, request_ttl_hours=0)))
    ch, vt = chair(federation), partner(federation, "vtgv")
    created = ch.CreateDisclosure(request(hit.name, request_id="late-1"), timeout=10).disclosure
    time.sleep(0.01)
    approve = D.AnswerDisclosureRequest(name=created.name, approve=True, sealed=[fake_sealed(CHAIR)])
    for _ in range(2):
        err = fails(grpc.StatusCode.FAILED_PRECONDITION, vt.AnswerDisclosure, approve)
        assert "expired" in err.details() or "verlopen" in err.details()
    got = actions(federation)
    assert got[0] == ("disclosure.requested", "voorzitter", "ok")
    assert got.count(("disclosure.expired", "matcher", "ok")) == 1  # once, though refused twice
    assert got.count(("disclosure.answer_refused", "vtgv", "rejected")) == 2
