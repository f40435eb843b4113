"""gRPC services of the matcher: thin translation between protobuf and matcher.store.

- SubmissionService (partner certificates): signed batches of pseudonymised signals.
- HitService (chair certificates): review of hits.
- FeedbackService (partner certificates): the hits a partner's own signals are in.
Every call that touches hits or signals is written to the audit log in the same transaction.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import UTC

import grpc
from google.protobuf.internal.enum_type_wrapper import EnumTypeWrapper
from google.protobuf.message import DecodeError

from signalmatch import clock, crypto, enums, protocol, transport
from signalmatch.audit.log import AuditEntry, AuditLog
from signalmatch.config import MatcherConfig
from signalmatch.errors import (
    AuthenticationError,
    ConflictError,
    PermissionDeniedError,
    ValidationError,
    Violation,
)
from signalmatch.faults import crash_point
from signalmatch.matcher import review_service
from signalmatch.matcher.match import accepted_signal, format_time
from signalmatch.matcher.store import EncodingIn, Hit, HitChanges, HitFilter, MatchStore, Metadata, SignalIn, TokenIn
from signalmatch.protocol import BATCH_LABEL, CLOSURE_REASONS, MAX_BATCH_OPERATIONS, RECEIPT_LABEL
from signalmatch.requests import hit_name, parse_hit_name, timestamp_violation
from signalmatch.transport import Identity
from signalmatch.v1 import common_pb2, hits_pb2, hits_pb2_grpc, submission_pb2, submission_pb2_grpc
from signalmatch.wire import SIGNAL_REF, SubmissionRules, operation_ref, operation_violations, submission_violations

log = logging.getLogger("signalmatch.matcher")



# -- enum mapping (proto <-> the store's plain strings) ----------------------------------------------


def metadata_message(meta: Metadata) -> submission_pb2.SignalMetadata:
    return submission_pb2.SignalMetadata(
        exploitation_types=[enums.number(common_pb2.ExploitationType, e) for e in meta.exploitation_types],
        municipality=meta.municipality,
        month=meta.month,
        subject_roles=[enums.number(common_pb2.SubjectRole, r) for r in meta.subject_roles],
    )


def hit_message(hit: Hit) -> hits_pb2.Hit:
    msg = hits_pb2.Hit(
        name=hit_name(hit.id),
        status=enums.number(common_pb2.HitStatus, hit.status),
        referred_to=enums.number(common_pb2.PartnerKind, hit.referred_to),
        status_note=hit.status_note,
        partners=hit.partners,
        identifier_kinds=[enums.number(common_pb2.IdentifierKind, k) for k in hit.kinds],
        create_time=clock.to_timestamp(hit.create_time),
        update_time=clock.to_timestamp(hit.update_time),
    )
    for s in hit.signals:
        msg.signals.add(
            partner=s.partner,
            signal_ref=s.signal_ref,
            metadata=metadata_message(s.metadata),
            receive_time=clock.to_timestamp(s.receive_time),
        )
    for link in hit.links:
        msg.links.add(
            signal_ref_a=link.a[1],
            signal_ref_b=link.b[1],
            kinds=[enums.number(common_pb2.IdentifierKind, k) for k in link.kinds],
            first_seen=clock.to_timestamp(link.first_seen),
            last_seen=clock.to_timestamp(link.last_seen),
            similar=[
                hits_pb2.SimilarityEvidence(kind=enums.number(common_pb2.FuzzyKind, kind), similarity=score)
                for kind, score in link.similar
            ],
        )
    return msg


def period_bounds(request: hits_pb2.ListHitsRequest, field: str, problems: list[Violation]) -> tuple[str, str]:
    """A TimePeriod field of `request` as (start, end) RFC 3339 strings, "" for an unset end; a
    timestamp outside 0001..9999 or with bad nanos is added to `problems`. (The store checks the order.)"""
    bounds = []
    period = getattr(request, field)
    for part in ("start_time", "end_time"):
        ts = getattr(period, part)
        if not period.HasField(part):
            bounds.append("")
        elif problem := timestamp_violation(ts, f"{field}.{part}"):
            problems.append(problem)
            bounds.append("")
        else:
            bounds.append(format_time(ts.ToDatetime(tzinfo=UTC)))
    return bounds[0], bounds[1]


# -- what nodes send ---------------------------------------------------------------------------------


def _name(enum_type: EnumTypeWrapper, number: int) -> str:
    """The short name of a proto enum value (validated before: signalmatch.wire)."""
    return enums.short(enum_type, number)


def signal_from_message(partner: str, msg: submission_pb2.PseudonymisedSignal) -> SignalIn:
    """The submitted signal as the domain sees it; `msg` passed signalmatch.wire's validation."""
    meta = msg.metadata
    return SignalIn(
        partner=partner,
        signal_ref=msg.signal_ref,
        epoch=msg.epoch,
        tokens=tuple(TokenIn(_name(common_pb2.IdentifierKind, t.kind), t.value, t.epoch) for t in msg.tokens),
        encodings=tuple(
            EncodingIn(_name(common_pb2.FuzzyKind, e.kind), e.bits, tuple(e.blocks), e.epoch) for e in msg.encodings
        ),
        metadata=Metadata(
            exploitation_types=tuple(_name(common_pb2.ExploitationType, e) for e in meta.exploitation_types),
            municipality=meta.municipality,
            month=meta.month,
            subject_roles=tuple(_name(common_pb2.SubjectRole, r) for r in meta.subject_roles),
        ),
    )


def signal_in(
    partner: str,
    msg: submission_pb2.PseudonymisedSignal,
    rules: SubmissionRules,
    destroyed_epochs: frozenset[int] = frozenset(),
) -> SignalIn:
    """Checks one submitted signal with the kernel's validator (signalmatch.wire, the same the
    nodes run at intake; ValidationError with paths relative to the signal); only opaque refs,
    tokens, encodings and minimised metadata get through.

    Tokens and encodings of a destroyed key epoch are dropped: they can match nothing any more and
    must not be stored again (a node may still have them in a batch frozen before the epoch was
    destroyed)."""
    violations = submission_violations(msg, rules)
    if violations:
        raise ValidationError(violations)
    return accepted_signal(signal_from_message(partner, msg), destroyed_epochs)


class Matcher:
    """The matcher's domain services: store + audit log + signing, shared by the servicers."""

    def __init__(self, cfg: MatcherConfig, store: MatchStore):
        self.cfg = cfg
        self.store = store
        self.audit = AuditLog(store.conn, origin=f"{cfg.table}/matcher")
        self.signing_key = crypto.load_ed25519_private(cfg.signing_key)
        self.log_key = crypto.load_ed25519_private(cfg.log_key)  # signs the audit log's checkpoints
        self.configure()

    def configure(self) -> None:
        """What follows from `cfg` (again after each directory version: members, keys, epochs)."""
        cfg = self.cfg
        self.destroyed_epochs = frozenset(cfg.destroyed_epochs)
        # Submissions may name the active key epochs, and destroyed ones (their tokens are dropped).
        self.rules = SubmissionRules(
            frozenset(cfg.policy.municipalities),
            frozenset(cfg.active_epochs) | self.destroyed_epochs,
            cfg.policy.fuzzy_matching,
        )
        self.partner_keys = {
            p.id: crypto.ed25519_public_from_b64(p.signing_public_key) for p in cfg.partners.values()
        }

    def entry(
        self, who: Identity, action: str, objects: Iterable[str] = (), outcome: str = "ok", **details: object
    ) -> AuditEntry:
        return AuditEntry(
            time=clock.now(),
            actor_org=who.name or who.role,
            actor_role=who.role,
            actor_user=who.uri,
            action=action,
            objects=tuple(objects),
            outcome=outcome,
            system="matcher",
            details=tuple(sorted((k, str(v)) for k, v in details.items() if v != "")),
        )

    def member(self, who: Identity) -> Identity:
        """A certificate of the table's CA is not enough: the partner or chair must be in the
        directory in force (the servers' auth layer checks this too, see signalmatch.membership)."""
        members = self.cfg.partners if who.role == "partner" else self.cfg.chairs if who.role == "chair" else {}
        if who.name not in members:
            raise PermissionDeniedError(f"{who.role} {who.name!r} is not a member of table {self.cfg.table}")
        return who

    def record(self, entry: AuditEntry) -> int:
        with self.store.transaction():
            return self.audit.append(entry)

    def relink(self, reason: str) -> None:
        """Re-evaluate the stored pairs when the linkage model or the policy's thresholds changed."""
        review_service.relink(self, reason)

    def refit(self) -> bool:
        """Refit the linkage model on the matcher's own data (False: too little data yet)."""
        return review_service.refit(self)

    def record_changes(self, changes: HitChanges) -> None:
        """Audit entries for hit changes; runs inside the caller's transaction."""
        system = Identity(self.cfg.table, "matcher", "")
        for hit_id in changes.created:
            self.audit.append(self.entry(system, "hit.created", [hit_name(hit_id)]))
        for hit_id in changes.updated:
            self.audit.append(self.entry(system, "hit.updated", [hit_name(hit_id)]))
        for source, target in changes.merged:
            self.audit.append(self.entry(system, "hit.merged", [hit_name(source), hit_name(target)]))
        for hit_id in changes.dissolved:
            self.audit.append(self.entry(system, "hit.dissolved", [hit_name(hit_id)]))

    # -- submission ------------------------------------------------------------------------------

    def submit_batch(self, who: Identity, body: bytes, signature: bytes) -> tuple[bytes, bytes]:
        try:
            return self._submit_batch(who, body, signature)
        except (AuthenticationError, PermissionDeniedError, ValidationError, ConflictError) as exc:
            rule = type(exc).__name__
            log.warning("batch from %s rejected: %s", who.name, rule, extra={"event": "batch.rejected"})
            self.record(self.entry(who, "batch.rejected", outcome="rejected", reason=rule))
            raise

    def _submit_batch(self, who: Identity, body: bytes, signature: bytes) -> tuple[bytes, bytes]:
        key = self.partner_keys.get(who.name)
        if key is None:
            raise PermissionDeniedError(f"partner {who.name!r} is not a member of table {self.cfg.table}")
        try:
            batch = submission_pb2.SignalBatch.FromString(body)
        except DecodeError:
            raise ValidationError([Violation("batch", "batch.decode", "not a serialized SignalBatch")]) from None
        if batch.partner != who.name:
            raise PermissionDeniedError(
                f"batch claims partner {batch.partner!r} but the certificate is {who.name!r}"
            )
        if batch.table != self.cfg.table:
            raise PermissionDeniedError(f"batch is for table {batch.table!r}, this is {self.cfg.table!r}")
        crypto.verify(key, BATCH_LABEL, body, signature)  # AuthenticationError: not signed by this partner
        if not SIGNAL_REF.fullmatch(batch.batch_id):
            raise ValidationError([Violation("batch.batch_id", "batch_id.format", "8-64 letters/digits")])
        if len(batch.operations) > MAX_BATCH_OPERATIONS:
            raise ValidationError([Violation("batch.operations", "operations.too_many", f"at most {MAX_BATCH_OPERATIONS}")])
        digest = crypto.sha256(body)

        stored = self.store.get_receipt(who.name, batch.batch_id)
        if stored is not None:
            return self._replay(batch.batch_id, digest, stored)

        # Each operation is judged on its own: a bad one is rejected (in the signed receipt, with
        # the fields and rules it broke), the others are applied.
        operations: list[tuple[SignalIn | str, bytes]] = []  # a signal and its digest, or a ref to withdraw
        rejected: list[submission_pb2.RejectedOperation] = []
        for i, op in enumerate(batch.operations):
            violations = operation_violations(op, self.rules)
            if violations:
                ref = operation_ref(op)
                rejected.append(
                    submission_pb2.RejectedOperation(
                        index=i,
                        signal_ref=ref if SIGNAL_REF.fullmatch(ref) else "",  # never echo free text
                        violations=[
                            common_pb2.FieldViolation(field=v.field, rule=v.rule, description=v.description)
                            for v in violations
                        ],
                    )
                )
            elif op.WhichOneof("operation") == "submit":
                signal = accepted_signal(signal_from_message(who.name, op.submit), self.destroyed_epochs)
                operations.append((signal, crypto.sha256(op.submit.SerializeToString())))
            else:
                operations.append((op.withdraw, b""))

        with self.store.transaction():
            stored = self.store.get_receipt(who.name, batch.batch_id)  # a concurrent retry won the race
            if stored is not None:
                return self._replay(batch.batch_id, digest, stored)
            now = clock.now()
            submitted = withdrawn = 0
            for value, content_sha256 in operations:
                if isinstance(value, SignalIn):
                    changes = self.store.submit(value, content_sha256, now)
                    submitted += 1
                else:
                    changes = self.store.withdraw(who.name, value, now)
                    withdrawn += 1
                self.record_changes(changes)
            index = self.audit.append(
                self.entry(
                    who,
                    "batch.accepted",
                    [batch.batch_id],
                    submitted=submitted,
                    withdrawn=withdrawn,
                    rejected=len(rejected) or "",
                )
            )
            receipt = submission_pb2.BatchReceipt(
                batch_id=batch.batch_id,
                table=self.cfg.table,
                partner=who.name,
                batch_sha256=digest,
                submitted=submitted,
                withdrawn=withdrawn,
                receive_time=clock.to_timestamp(now),
                log_index=index,
                checkpoint=self.audit.checkpoint(self.audit.origin, self.log_key),  # includes `index`
                rejected=rejected,
            ).SerializeToString()
            receipt_signature = crypto.sign(self.signing_key, RECEIPT_LABEL, receipt)
            self.store.put_receipt(who.name, batch.batch_id, digest, receipt, receipt_signature)
            crash_point("batch.applied")  # the fault matrix (signalmatch/faults.py); inert otherwise
        crash_point("batch.committed")
        log.info(
            "batch from %s accepted: %d submitted, %d withdrawn",
            who.name,
            submitted,
            withdrawn,
            extra={"event": "batch.accepted", "batch_id": batch.batch_id},
        )
        if rejected:
            rules = sorted({v.rule for r in rejected for v in r.violations})
            log.warning("batch from %s: %d operations rejected (%s)", who.name, len(rejected), ", ".join(rules))
        return receipt, receipt_signature

    @staticmethod
    def _replay(batch_id: str, digest: bytes, stored: tuple[bytes, bytes, bytes]) -> tuple[bytes, bytes]:
        stored_digest, receipt, receipt_signature = stored
        if stored_digest != digest:
            raise ConflictError(f"batch id {batch_id} was used before for different content")
        return receipt, receipt_signature


class SubmissionServicer(submission_pb2_grpc.SubmissionServiceServicer):
    def __init__(self, matcher: Matcher):
        self._m = matcher

    def SubmitBatch(
        self, request: submission_pb2.SubmitBatchRequest, context: grpc.ServicerContext
    ) -> submission_pb2.SubmitBatchResponse:
        who = transport.authorize(context, self._m.cfg.table, {"partner"})
        receipt, signature = self._m.submit_batch(who, request.batch, request.signature)
        return submission_pb2.SubmitBatchResponse(receipt=receipt, signature=signature)


class HitServicer(hits_pb2_grpc.HitServiceServicer):
    def __init__(self, matcher: Matcher):
        self._m = matcher

    def _chair(self, context: grpc.ServicerContext) -> Identity:
        return self._m.member(transport.authorize(context, self._m.cfg.table, {"chair"}))

    def ListHits(self, request: hits_pb2.ListHitsRequest, context: grpc.ServicerContext) -> hits_pb2.ListHitsResponse:
        who = self._chair(context)
        problems = []
        if request.status and not enums.known(common_pb2.HitStatus, request.status):
            problems.append(Violation("status", "status.unknown", "unknown hit status"))
        if request.exploitation_type and not enums.known(common_pb2.ExploitationType, request.exploitation_type):
            problems.append(Violation("exploitation_type", "exploitation_type.unknown", "unknown exploitation type"))
        updated = period_bounds(request, "update_period", problems)
        created = period_bounds(request, "create_period", problems)
        if problems:
            raise ValidationError(problems)
        flt = HitFilter(
            status=enums.short(common_pb2.HitStatus, request.status),
            exploitation_type=(
                enums.short(common_pb2.ExploitationType, request.exploitation_type)
                if request.exploitation_type
                else ""
            ),
            municipality=request.municipality,
            partner=request.partner,
            updated_from=updated[0],
            updated_before=updated[1],
            created_from=created[0],
            created_before=created[1],
        )
        page = self._m.store.list_hits_page(
            flt, protocol.page_size(request.page_size), request.page_token, request.skip, caller=who.uri
        )
        self._m.record(
            self._m.entry(who, "hits.listed", [hit_name(h.id) for h in page.hits], total=page.total_size)
        )
        return hits_pb2.ListHitsResponse(
            hits=[hit_message(h) for h in page.hits],
            next_page_token=page.next_page_token,
            total_size=page.total_size,
            status_counts=[
                hits_pb2.StatusCount(status=enums.number(common_pb2.HitStatus, status), count=count)
                for status, count in page.status_counts.items()
            ],
        )

    def GetHit(self, request: hits_pb2.GetHitRequest, context: grpc.ServicerContext) -> hits_pb2.GetHitResponse:
        who = self._chair(context)
        hit_id = parse_hit_name(request.name)
        hit = self._m.store.get_hit(hit_id)
        self._m.record(self._m.entry(who, "hit.viewed", [hit_name(hit_id)]))
        return hits_pb2.GetHitResponse(hit=hit_message(hit))

    def UpdateHitStatus(
        self, request: hits_pb2.UpdateHitStatusRequest, context: grpc.ServicerContext
    ) -> hits_pb2.UpdateHitStatusResponse:
        who = self._chair(context)
        hit_id = parse_hit_name(request.name)
        problems = []
        if not enums.known(common_pb2.HitStatus, request.status):
            problems.append(Violation("status", "status.unknown", "choose a hit status"))
        if request.referred_to and not enums.known(common_pb2.PartnerKind, request.referred_to):
            problems.append(Violation("referred_to", "referred_to.unknown", "unknown partner kind"))
        if request.note and request.note not in CLOSURE_REASONS:
            problems.append(Violation("note", "note.code", "a closure reason: " + ", ".join(CLOSURE_REASONS)))
        if problems:
            raise ValidationError(problems)
        with self._m.store.transaction():
            hit = self._m.store.set_status(
                hit_id, enums.short(common_pb2.HitStatus, request.status), enums.short(common_pb2.PartnerKind, request.referred_to), request.note, clock.now()
            )
            self._m.audit.append(
                self._m.entry(
                    who,
                    "hit.status_changed",
                    [hit_name(hit_id)],
                    status=hit.status,
                    referred_to=hit.referred_to,
                )
            )
        return hits_pb2.UpdateHitStatusResponse(hit=hit_message(hit))

    def ListReviewCandidates(
        self, request: hits_pb2.ListReviewCandidatesRequest, context: grpc.ServicerContext
    ) -> hits_pb2.ListReviewCandidatesResponse:
        return review_service.list_review_candidates(self._m, self._chair(context), request)

    def DecideReviewCandidate(
        self, request: hits_pb2.DecideReviewCandidateRequest, context: grpc.ServicerContext
    ) -> hits_pb2.DecideReviewCandidateResponse:
        return review_service.decide_review_candidate(self._m, self._chair(context), request)


class FeedbackServicer(hits_pb2_grpc.FeedbackServiceServicer):
    def __init__(self, matcher: Matcher):
        self._m = matcher

    def ListPartnerHits(
        self, request: hits_pb2.ListPartnerHitsRequest, context: grpc.ServicerContext
    ) -> hits_pb2.ListPartnerHitsResponse:
        who = self._m.member(transport.authorize(context, self._m.cfg.table, {"partner"}))
        page = self._m.store.partner_hits_page(who.name, request.page_size, request.page_token)
        response = hits_pb2.ListPartnerHitsResponse(next_page_token=page.next_page_token)
        evidence = self._m.store.signal_evidence(who.name, [hit.id for hit in page.hits])
        for hit in page.hits:
            own = evidence.get(hit.id, {})
            response.hits.add(
                signal_evidence=[
                    hits_pb2.SignalEvidence(
                        signal_ref=ref,
                        identifier_kinds=[enums.number(common_pb2.IdentifierKind, k) for k in sorted(own[ref][0])],
                        similarity_kinds=[enums.number(common_pb2.FuzzyKind, k) for k in sorted(own[ref][1])],
                    )
                    for ref in hit.signal_refs
                    if ref in own
                ],
                name=hit_name(hit.id),
                status=enums.number(common_pb2.HitStatus, hit.status),
                referred_to=enums.number(common_pb2.PartnerKind, hit.referred_to),
                signal_refs=hit.signal_refs,
                partner_count=hit.partner_count,
                identifier_kinds=[enums.number(common_pb2.IdentifierKind, k) for k in hit.kinds],
                update_time=clock.to_timestamp(hit.update_time),
            )
        return response

