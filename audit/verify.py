"""`audit verify`: what a privacy officer checks of a log, as pure logic over what was fetched.

Inputs: the latest signed checkpoint, the checkpoints seen before (the officer's local
:class:`~signalmatch.audit.checkpoint_store.CheckpointStore`), the node's stored receipts (each names the log index of its
``batch.accepted`` entry and carries a signed checkpoint), the entries the officer may list, a
:class:`LogSource` that answers proofs, and optionally other parties' checkpoint stores
(witnesses). Checks:

1. every checkpoint (latest, stored, from receipts, from witnesses) is signed by the log key;
2. every checkpoint seen before is consistent with the latest (RFC 9162 consistency proof):
   a smaller latest size means the log was truncated, a failing proof that it was rewritten —
   the entries the officer knows below that size are then checked against the old checkpoint to
   name the ones that changed;
3. each receipt's entry is included in the latest tree, and it is the ``batch.accepted`` entry
   of that receipt's batch, partner and counts;
4. each listed entry is included in the latest tree with exactly the listed bytes (a complete
   listing is checked by recomputing the root locally, without a proof per entry);
5. with witnesses: no two checkpoints of the same size differ, and every witness checkpoint up
   to the latest size is consistent with the latest: otherwise the log forked (the operator
   showed different histories to different parties). Both sides hold signed checkpoints, so a
   fork is proven, not suspected.

Incremental (``since``: the largest checkpoint this officer's store marks as *verified*, i.e. the
latest of an earlier run whose listed entries were all checked): the listing need only hold the
entries from that size on. The entries below it were checked in that run against that
checkpoint's root, and the consistency proof from it to the latest root (checked here, as for
every stored checkpoint) proves those leaves unchanged. New entries from a complete listing are
bound to the latest root through the same consistency proof (its right-hand subtrees are
recomputed from them); otherwise each gets an inclusion proof. Receipts are checked in full
either way. What incremental mode cannot see is a stored *old* entry whose bytes were changed
while its leaf hash was left alone (the tree, and so the history, is intact, but the server now
serves other bytes for it): only a full run, which lists everything again, names that.

Every failure is a :class:`Finding` naming the checkpoint size or entry index and why.
"""

from __future__ import annotations

import base64
import hmac
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from google.protobuf.message import DecodeError

from signalmatch import clock, crypto, i18n
from signalmatch.audit import merkle
from signalmatch.audit.checkpoint import Checkpoint
from signalmatch.audit.checkpoint_store import LogKey, SeenCheckpoint
from signalmatch.audit.log import AuditEntry
from signalmatch.audit.merkle import ProofError
from signalmatch.errors import AuthenticationError, SignalmatchError
from signalmatch.protocol import RECEIPT_LABEL
from signalmatch.v1 import submission_pb2

# -- what the server answers -------------------------------------------------------------------------


class SourceError(SignalmatchError):
    """The log's server did not answer a proof request (the message says what it answered)."""


class LogSource(Protocol):
    def consistency_proof(self, old_size: int, new_size: int) -> list[bytes]: ...

    def inclusion_proof(self, index: int, tree_size: int) -> tuple[list[bytes], bytes]:
        """(proof, the entry's canonical bytes)."""
        ...


@dataclass(frozen=True)
class StoredReceipt:
    receipt: bytes  # serialized BatchReceipt
    signature: bytes  # the matcher's signature over it


# -- results -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    code: str  # stable id, e.g. "log.truncated", "entry.altered", "log.fork"
    subject: str  # what failed, e.g. "entry 17", "checkpoint 23"
    message: str  # why, in the user's language

    def __str__(self) -> str:
        return f"{self.subject}: {self.message}"


@dataclass
class VerifyResult:
    origin: str
    size: int = 0
    root_hash: bytes = b""
    checkpoints: int = 0
    receipts: int = 0
    entries: int = 0
    witnesses: int = 0
    since: int = 0  # entries below this size were covered by consistency with a verified checkpoint
    findings: list[Finding] = field(default_factory=list)
    verified: list[SeenCheckpoint] = field(default_factory=list)  # worth storing when ok

    @property
    def ok(self) -> bool:
        return not self.findings

    def summary(self) -> str:
        if self.ok:
            return i18n.t(
                "verify.ok",
                origin=self.origin,
                size=self.size,
                checkpoints=self.checkpoints,
                receipts=self.receipts,
                entries=self.entries,
                witnesses=self.witnesses,
            )
        return i18n.t("verify.failed", origin=self.origin, size=self.size, count=len(self.findings))

    def to_json(self) -> dict:
        return {
            "ok": self.ok,
            "origin": self.origin,
            "size": self.size,
            "root_hash": base64.b64encode(self.root_hash).decode("ascii"),
            "checked": {
                "checkpoints": self.checkpoints,
                "receipts": self.receipts,
                "entries": self.entries,
                "witness_checkpoints": self.witnesses,
            },
            "mode": "incremental" if self.since else "full",
            "entries_from": self.since,
            "findings": [{"code": f.code, "subject": f.subject, "message": f.message} for f in self.findings],
            "summary": self.summary(),
        }


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _subject(kind: str, **params: object) -> str:
    return i18n.t(f"verify.subject.{kind}", **params)


def _source_label(source: str) -> str:
    return i18n.t("verify.source.matcher") if source == "matcher" else source


# -- verification ------------------------------------------------------------------------------------


class _Verifier:
    def __init__(self, key: LogKey, source: LogSource, result: VerifyResult):
        self.key = key
        self.source = source
        self.result = result
        self.latest: Checkpoint | None = None
        self.known_entries: dict[int, bytes] = {}  # index -> bytes the officer holds (listing, receipts)
        self.failed: list[tuple[Checkpoint, str]] = []  # checkpoints not consistent with the latest
        self._verdicts: dict[tuple[int, bytes, str], bool] = {}

    def fail(self, code: str, subject: str, message_key: str, **params: object) -> None:
        self.result.findings.append(Finding(code, subject, i18n.t(message_key, **params)))

    def open(self, seen: SeenCheckpoint) -> Checkpoint | None:
        try:
            return self.key.open(seen.note)
        except (AuthenticationError, ProofError) as exc:
            self.fail(
                "checkpoint.invalid",
                _subject("checkpoint", size="?"),
                "verify.checkpoint.invalid",
                source=_source_label(seen.source),
                reason=exc,
            )
            return None

    def inclusion(self, index: int, size: int) -> tuple[list[bytes], bytes] | None:
        try:
            return self.source.inclusion_proof(index, size)
        except SourceError as exc:
            what = i18n.t("verify.what.inclusion", index=index, size=size)
            self.fail("proof.unavailable", _subject("entry", index=index), "verify.no_proof", what=what, reason=exc)
            return None

    def included(self, data: bytes, index: int, size: int, root: bytes) -> tuple[bool, bytes | None]:
        """(whether `data` is leaf `index` of the tree (size, root), the bytes the server returned)."""
        answer = self.inclusion(index, size)
        if answer is None:
            return False, None
        proof, served = answer
        try:
            merkle.verify_inclusion(merkle.leaf_hash(data), index, size, proof, root)
        except ProofError:
            return False, served
        return True, served

    # 2. + 5. checkpoints against the latest
    def consistent(self, cp: Checkpoint, source: str, witness: str = "") -> bool:
        """Whether `cp` is consistent with the latest checkpoint; a failure is reported once per
        checkpoint (a receipt may carry the same one the officer stored)."""
        key = (cp.size, cp.root_hash, witness)
        if key not in self._verdicts:
            self._verdicts[key] = self._consistent(cp, source, witness)
        return self._verdicts[key]

    def _consistent(self, cp: Checkpoint, source: str, witness: str) -> bool:
        latest = self.latest
        assert latest is not None
        subject = _subject("checkpoint", size=cp.size)
        label = _source_label(source)
        if cp.size > latest.size:
            if not witness:  # a witness may simply have seen a newer log
                self.fail("log.truncated", subject, "verify.truncated", old=cp.size, new=latest.size, source=label)
            return False
        if cp.size == latest.size:
            if hmac.compare_digest(cp.root_hash, latest.root_hash):
                return True
            if witness:
                self.fail(
                    "log.fork",
                    subject,
                    "verify.witness.fork",
                    witness=witness,
                    size=cp.size,
                    theirs=_b64(cp.root_hash),
                    ours=_b64(latest.root_hash),
                )
            else:
                self.fail(
                    "log.fork",
                    subject,
                    "verify.same_size_fork",
                    size=cp.size,
                    source=label,
                    old_root=_b64(cp.root_hash),
                    new_root=_b64(latest.root_hash),
                )
            return False
        try:
            proof = self.source.consistency_proof(cp.size, latest.size)
        except SourceError as exc:
            what = i18n.t("verify.what.consistency", old=cp.size, new=latest.size)
            self.fail("proof.unavailable", subject, "verify.no_proof", what=what, reason=exc)
            return False
        try:
            merkle.verify_consistency(cp.size, latest.size, cp.root_hash, latest.root_hash, proof)
        except ProofError as exc:
            if witness:
                self.fail(
                    "log.fork",
                    subject,
                    "verify.witness.inconsistent",
                    witness=witness,
                    size=cp.size,
                    new=latest.size,
                    reason=exc,
                )
            else:
                self.fail(
                    "log.rewritten", subject, "verify.rewritten", old=cp.size, new=latest.size, source=label, reason=exc
                )
            return False
        return True

    def name_changed_entries(self, cp: Checkpoint, source: str) -> None:
        """After a failed consistency check: which entries the officer knows differ from checkpoint cp."""
        for index in sorted(i for i in self.known_entries if i < cp.size):
            ok, _ = self.included(self.known_entries[index], index, cp.size, cp.root_hash)
            if not ok:
                self.fail(
                    "entry.changed",
                    _subject("entry", index=index),
                    "verify.entry.changed_since",
                    index=index,
                    size=cp.size,
                    source=_source_label(source),
                )

    def restores(self, entries: Mapping[int, bytes], seen: int) -> None:
        """After a failed consistency check: name each restore from a backup the log records
        (``store.restored``) that took it back below a size this officer saw."""
        for index, data in sorted(entries.items()):
            if b'"store.restored"' not in data:
                continue
            try:
                entry = AuditEntry.from_bytes(data, index=index)
            except ProofError:
                continue
            details = dict(entry.details)
            backup = int(details.get("backup_size", "0") or 0)
            if entry.action == "store.restored" and backup < seen:
                self.fail(
                    "log.rolled_back",
                    _subject("entry", index=index),
                    "verify.rolled_back",
                    index=index,
                    time=entry.time,
                    backup=backup,
                    replaced=details.get("replaced_size", "?"),
                    seen=seen,
                )

    # 3. receipts
    def receipt(
        self, number: int, stored: StoredReceipt, signing_key: Ed25519PublicKey, table: str, partner: str
    ) -> SeenCheckpoint | None:
        try:
            crypto.verify(signing_key, RECEIPT_LABEL, stored.receipt, stored.signature)
            receipt = submission_pb2.BatchReceipt.FromString(stored.receipt)
        except (AuthenticationError, DecodeError):
            self.fail(
                "receipt.signature", _subject("receipt", batch=f"#{number}"), "verify.receipt.signature", index=number
            )
            return None
        subject = _subject("receipt", batch=receipt.batch_id)
        if receipt.table != table or (partner and receipt.partner != partner):
            self.fail(
                "receipt.other",
                subject,
                "verify.receipt.other",
                table=receipt.table,
                partner=receipt.partner,
                want=f"{table}/{partner}",
            )
            return None
        index = receipt.log_index
        seen = SeenCheckpoint(
            receipt.checkpoint, f"receipt:{receipt.batch_id}", clock.from_timestamp(receipt.receive_time)
        )
        cp = self.open(seen) if receipt.checkpoint else None
        if cp is None or cp.size <= index:
            self.fail(
                "receipt.no_checkpoint", subject, "verify.receipt.no_checkpoint", batch=receipt.batch_id, index=index
            )
            return None
        latest = self.latest
        assert latest is not None
        if index >= latest.size:
            self.fail(
                "log.truncated",
                _subject("entry", index=index),
                "verify.receipt.beyond",
                index=index,
                batch=receipt.batch_id,
                size=latest.size,
            )
            self.failed.append((cp, seen.source))
            return None
        entry_subject = _subject("entry", index=index)
        answer = self.inclusion(index, latest.size)
        if answer is None:
            return None
        proof, data = answer
        self.known_entries[index] = data
        try:
            merkle.verify_inclusion(merkle.leaf_hash(data), index, latest.size, proof, latest.root_hash)
        except ProofError:
            if self.history_lost(cp, seen.source):
                return None
            self.fail("entry.altered", entry_subject, "verify.entry.altered", index=index, size=latest.size)
            return None
        try:
            entry = AuditEntry.from_bytes(data, index=index)
        except ProofError as exc:
            self.fail("entry.not_canonical", entry_subject, "verify.entry.not_canonical", index=index, reason=exc)
            return None
        details = dict(entry.details)
        expected = {
            "action": (entry.action, "batch.accepted"),
            "batch": (entry.objects[:1], (receipt.batch_id,)),
            "partner": (entry.actor_org, receipt.partner),
            "submitted": (details.get("submitted"), str(receipt.submitted)),
            "withdrawn": (details.get("withdrawn"), str(receipt.withdrawn)),
        }
        wrong = [f"{name}: {got!r} != {want!r}" for name, (got, want) in expected.items() if got != want]
        if wrong:
            self.history_lost(cp, seen.source)  # also name a lost history, if that is why
            self.fail(
                "receipt.entry_mismatch",
                entry_subject,
                "verify.receipt.mismatch",
                index=index,
                batch=receipt.batch_id,
                partner=receipt.partner,
                detail="; ".join(wrong),
            )
        return None if wrong else seen

    def history_lost(self, cp: Checkpoint, source: str) -> bool:
        """Whether the receipt's own checkpoint `cp` is not consistent with the latest (reported as
        such): then its entry is gone with the history (a rollback or rewrite), not altered alone."""
        first = (cp.size, cp.root_hash, "") not in self._verdicts
        if self.consistent(cp, source):
            return False
        if first:
            self.failed.append((cp, source))
        return True

    # 4. listed entries
    def tail_matches(self, base: Checkpoint, inside: Mapping[int, bytes]) -> bool:
        """Whether the entries [base.size, latest.size) are exactly the latest tree's leaves there.

        The consistency proof base -> latest is checked against both signed roots; its subtrees
        right of base.size then partition [base.size, latest.size) and must equal the subtree
        hashes recomputed from the listed entries (so the signed latest root commits to them)."""
        latest = self.latest
        assert latest is not None
        try:
            proof = self.source.consistency_proof(base.size, latest.size)
            merkle.verify_consistency(base.size, latest.size, base.root_hash, latest.root_hash, proof)
        except (SourceError, ProofError):
            return False  # reported by the consistency check of the stored checkpoint
        ranges = merkle.consistency_ranges(base.size, latest.size)
        if len(ranges) != len(proof):
            return False
        right = sorted((start, end, h) for (start, end), h in zip(ranges, proof, strict=True) if start >= base.size)
        covered = base.size
        for start, end, expected in right:
            if start != covered:
                return False
            leaves = [merkle.leaf_hash(inside[i]) for i in range(start, end)]
            if not hmac.compare_digest(merkle.root(leaves), expected):
                return False
            covered = end
        return covered == latest.size

    def entries(self, listed: Mapping[int, bytes], base: Checkpoint | None = None) -> None:
        latest = self.latest
        assert latest is not None
        since = base.size if base is not None else 0
        inside = {i: data for i, data in listed.items() if since <= i < latest.size}
        for index, data in inside.items():
            try:
                AuditEntry.from_bytes(data, index=index)
            except ProofError as exc:
                self.fail(
                    "entry.not_canonical",
                    _subject("entry", index=index),
                    "verify.entry.not_canonical",
                    index=index,
                    reason=exc,
                )
        complete = len(inside) == latest.size - since > 0
        if complete:
            self.known_entries.update(inside)
            self.result.entries += len(inside)
            if base is not None:
                if self.tail_matches(base, inside):
                    return  # every new entry is as logged; the older ones by consistency
            else:
                root = merkle.root([merkle.leaf_hash(inside[i]) for i in range(latest.size)])
                if hmac.compare_digest(root, latest.root_hash):
                    return  # a complete listing that hashes to the signed root: every entry is as logged
        before = len(self.result.findings)
        for index in sorted(inside):
            if index not in self.known_entries:
                self.result.entries += 1
            self.known_entries[index] = inside[index]
            ok, served = self.included(inside[index], index, latest.size, latest.root_hash)
            if ok:
                continue
            subject = _subject("entry", index=index)
            if (
                served is not None
                and served != inside[index]
                and self.included(served, index, latest.size, latest.root_hash)[0]
            ):
                self.fail("entry.listing_differs", subject, "verify.entry.listing_differs", index=index)
            elif served is not None:
                self.fail("entry.altered", subject, "verify.entry.altered", index=index, size=latest.size)
        if complete and len(self.result.findings) == before:
            self.fail("entry.altered", _subject("latest"), "verify.entries.root", size=latest.size)


def verify(
    key: LogKey,
    latest_note: str,
    source: LogSource,
    seen: Sequence[SeenCheckpoint] = (),
    receipts: Sequence[StoredReceipt] = (),
    receipt_key: Ed25519PublicKey | None = None,
    partner: str = "",
    table: str = "",
    entries: Mapping[int, bytes] | None = None,
    witnesses: Mapping[str, Sequence[SeenCheckpoint]] | None = None,
    since: SeenCheckpoint | None = None,
) -> VerifyResult:
    """Verify a log as seen by one officer; see the module docstring for what is checked.

    `receipts` need `receipt_key` (the matcher's receipt signing key) and `table` (and `partner`
    to require that they are this partner's). `entries` maps log index -> entry bytes as listed.
    `since`: the largest checkpoint the officer's store marks verified (see
    :meth:`CheckpointStore.largest_verified`); `entries` then need only hold the entries from its
    size on. None (a first run, or ``--full``): `entries` must hold every entry the officer may list.
    """
    result = VerifyResult(origin=key.origin)
    v = _Verifier(key, source, result)
    try:
        latest = key.open(latest_note)
    except (AuthenticationError, ProofError) as exc:
        v.fail("checkpoint.invalid", _subject("latest"), "verify.latest.invalid", reason=exc)
        return result
    v.latest = latest
    result.size, result.root_hash = latest.size, latest.root_hash
    result.checkpoints = 1
    now = clock.now()
    # Marked verified only when the entries were checked (so a later run may start from it).
    result.verified.append(SeenCheckpoint(latest_note, "matcher", now, verified=entries is not None))

    base: Checkpoint | None = None
    if since is not None:
        base = v.open(since)
        if base is not None and base.size > latest.size:
            base = None  # truncated: reported below; check whatever was listed from 0
        if base is not None and base.size > 0:
            result.since = base.size

    # Entries first: they are what a failed consistency check is narrowed down with.
    if entries:
        v.entries(entries, base if result.since else None)

    failed = v.failed
    checked_roots: set[tuple[int, bytes]] = {(latest.size, latest.root_hash)}

    def check(cp: Checkpoint, item: SeenCheckpoint) -> None:
        if (cp.size, cp.root_hash) in checked_roots:
            return
        checked_roots.add((cp.size, cp.root_hash))
        result.checkpoints += 1
        if not v.consistent(cp, item.source):
            failed.append((cp, item.source))

    for item in [*seen, *([since] if since is not None else [])]:
        cp = v.open(item)
        if cp is not None:
            check(cp, item)

    if receipts:
        if receipt_key is None:
            raise ValueError("verifying receipts needs the matcher's receipt key")
        for number, stored in enumerate(receipts):
            result.receipts += 1
            receipt_cp = v.receipt(number, stored, receipt_key, table, partner)
            if receipt_cp is not None:
                check(key.open(receipt_cp.note), receipt_cp)
                result.verified.append(receipt_cp)

    for cp, where in failed:
        if cp.size <= latest.size:
            v.name_changed_entries(cp, where)
    if failed:
        v.restores(entries or {}, max(cp.size for cp, _ in failed))

    ours: dict[int, tuple[bytes, str]] = {}
    for item in [*seen, *result.verified]:
        try:
            cp = key.open(item.note)
        except (AuthenticationError, ProofError):
            continue
        ours.setdefault(cp.size, (cp.root_hash, item.source))
    for witness, items in (witnesses or {}).items():
        for item in items:
            cp = v.open(SeenCheckpoint(item.note, witness, item.seen_time))
            if cp is None:
                continue
            result.witnesses += 1
            mine = ours.get(cp.size)
            if mine is not None and not hmac.compare_digest(mine[0], cp.root_hash):
                v.fail(
                    "log.fork",
                    _subject("checkpoint", size=cp.size),
                    "verify.witness.fork",
                    witness=witness,
                    size=cp.size,
                    theirs=_b64(cp.root_hash),
                    ours=_b64(mine[0]),
                )
            elif mine is None and (cp.size, cp.root_hash) not in checked_roots:
                checked_roots.add((cp.size, cp.root_hash))
                v.consistent(cp, item.source, witness=witness)
    return result
