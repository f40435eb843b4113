"""The chair's review list and the linkage model at the matcher: the HitService calls for review
candidates, re-evaluation and refitting, each audited in the same transaction as its change."""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING

from signalmatch import clock, enums
from signalmatch.encoding import KINDS as ENCODING_KINDS
from signalmatch.errors import ValidationError, Violation
from signalmatch.matcher.linkage import COMPARISONS, level_count
from signalmatch.matcher.match import HitSignal
from signalmatch.matcher.refit import fit_store_model
from signalmatch.matcher.store import HitChanges, ReviewCandidate
from signalmatch.protocol import REVIEW_CONFIRM_REASONS, REVIEW_REJECT_REASONS
from signalmatch.transport import Identity
from signalmatch.v1 import common_pb2, hits_pb2

if TYPE_CHECKING:
    from signalmatch.matcher.service import Matcher

log = logging.getLogger("signalmatch.matcher")

_NAME = re.compile(r"reviewCandidates/([0-9]{1,18})-([0-9]{1,18})")  # ASCII digits only (issue 10)


def candidate_name(a: int, b: int) -> str:
    return f"reviewCandidates/{a}-{b}"


def parse_candidate_name(name: str) -> tuple[int, int]:
    found = _NAME.fullmatch(name)
    if not found:
        raise ValidationError([Violation("name", "name.format", "expected reviewCandidates/{a}-{b}")])
    return int(found.group(1)), int(found.group(2))


def _signal(s: HitSignal) -> hits_pb2.HitSignal:
    from signalmatch.matcher.service import metadata_message

    return hits_pb2.HitSignal(
        partner=s.partner,
        signal_ref=s.signal_ref,
        metadata=metadata_message(s.metadata),
        receive_time=clock.to_timestamp(s.receive_time),
    )


def candidate_message(c: ReviewCandidate) -> hits_pb2.ReviewCandidate:
    from signalmatch.matcher.service import hit_name

    msg = hits_pb2.ReviewCandidate(
        name=candidate_name(c.a, c.b),
        signal_a=_signal(c.signal_a),
        signal_b=_signal(c.signal_b),
        kinds=[enums.number(common_pb2.IdentifierKind, k) for k in sorted(c.evidence.shared)],
        similar=[
            hits_pb2.SimilarityEvidence(kind=enums.number(common_pb2.FuzzyKind, k), similarity=v)
            for k, v in sorted(c.evidence.similar.items())
            if k in ENCODING_KINDS
        ],
        match_weight=c.weight,
        match_probability=c.probability,
        first_seen=clock.to_timestamp(c.first_seen),
        last_seen=clock.to_timestamp(c.last_seen),
        hit_a=hit_name(c.hit_a) if c.hit_a else "",
        hit_b=hit_name(c.hit_b) if c.hit_b else "",
    )
    for t in c.terms:
        last = t.level is not None and t.comparison in COMPARISONS and t.level == level_count(t.comparison) - 1
        msg.terms.add(
            evidence=t.comparison,
            exact=t.exact,
            similarity=t.similarity or 0.0,
            level=t.level or 0,
            differs=bool(last),
            weight=t.weight,
            agreement=t.agreement,
        )
    return msg


def _count(data: Mapping[str, object], key: str) -> int:
    """A count the model was fitted on (0 when the model does not say)."""
    value = data.get(key, 0)
    return int(value) if isinstance(value, int | float | str) else 0


def model_message(m: Matcher) -> hits_pb2.LinkageModel:
    model, zones = m.store.model, m.store.zones
    return hits_pb2.LinkageModel(
        fit_time=clock.to_timestamp(model.fitted_at) if model.fitted_at else None,
        source="matcher" if m.store.model_id else "default",
        candidate_pairs=_count(model.data, "candidate_pairs"),
        random_pairs=_count(model.data, "random_pairs"),
        prior=model.prior,
        link_probability=zones.link,
        review_probability=zones.review,
    )


def list_review_candidates(
    m: Matcher, who: Identity, request: hits_pb2.ListReviewCandidatesRequest
) -> hits_pb2.ListReviewCandidatesResponse:
    page = m.store.review_candidates(request.page_size, request.page_token, who.uri)
    names = [candidate_name(c.a, c.b) for c in page.candidates]
    m.record(m.entry(who, "review.listed", names, total=page.total_size))
    return hits_pb2.ListReviewCandidatesResponse(
        candidates=[candidate_message(c) for c in page.candidates],
        next_page_token=page.next_page_token,
        total_size=page.total_size,
        model=model_message(m),
    )


def decide_review_candidate(
    m: Matcher, who: Identity, request: hits_pb2.DecideReviewCandidateRequest
) -> hits_pb2.DecideReviewCandidateResponse:
    from signalmatch.matcher.service import hit_name

    a, b = parse_candidate_name(request.name)
    confirm = request.decision == hits_pb2.REVIEW_DECISION_CONFIRM
    reasons = REVIEW_CONFIRM_REASONS if confirm else REVIEW_REJECT_REASONS
    problems = []
    if request.decision not in (hits_pb2.REVIEW_DECISION_CONFIRM, hits_pb2.REVIEW_DECISION_REJECT):
        problems.append(Violation("decision", "decision.required", "REVIEW_DECISION_CONFIRM or REVIEW_DECISION_REJECT"))
    elif request.reason not in reasons:
        problems.append(Violation("reason", "reason.code", "a reason code: " + ", ".join(reasons)))
    if problems:
        raise ValidationError(problems)
    with m.store.transaction():
        candidate, changes = m.store.decide_review(a, b, confirm, request.reason, who.name, clock.now())
        m.record_changes(changes)
        action = "review.confirmed" if confirm else "review.rejected"
        m.audit.append(m.entry(who, action, [candidate_name(a, b)], reason=request.reason))
    hit = candidate.hit_a if confirm else None
    return hits_pb2.DecideReviewCandidateResponse(
        candidate=candidate_message(candidate), hit=hit_name(hit) if hit else ""
    )


def _record_relinked(m: Matcher, changes: HitChanges, reason: str) -> None:
    m.record_changes(changes)
    system = Identity(m.cfg.table, "matcher", "")
    m.audit.append(m.entry(system, "linkage.reevaluated", reason=reason, model=m.store.model_id))


def relink(m: Matcher, reason: str) -> None:
    """Re-evaluate the stored pairs if the model or the thresholds changed (audited)."""
    with m.store.transaction():
        changes = m.store.relink(clock.now())
        if changes is not None:
            _record_relinked(m, changes, reason)
            log.info("linkage re-evaluated (%s): model %d", reason, m.store.model_id)


def refit(m: Matcher) -> bool:
    """Fit the linkage model on the matcher's data, put it in force, re-evaluate (audited); False
    when there is too little data."""
    now = clock.now()
    model = fit_store_model(m.store, now)
    if model is None:
        return False
    with m.store.transaction():
        model_id, changes = m.store.set_model(model, now)
        m.record_changes(changes)
        system = Identity(m.cfg.table, "matcher", "")
        info = model.data
        m.audit.append(
            m.entry(
                system,
                "linkage.refitted",
                [f"linkageModels/{model_id}"],
                candidate_pairs=info.get("candidate_pairs", 0),
                random_pairs=info.get("random_pairs", 0),
            )  # fmt: skip
        )
    log.info("linkage model %d fitted on %s candidate pairs", model_id, model.data.get("candidate_pairs"))
    return True
