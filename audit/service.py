"""gRPC AuditService over one AuditLog: the matcher's central log, or a node's own log.

- GetCheckpoint: a checkpoint of the current size, signed with the log's key (C2SP signed note).
- GetConsistencyProof / GetInclusionProof: RFC 9162 proofs; the inclusion answer carries the
  entry's bytes exactly as stored, so a verifier (not the server) decides whether they still fit.
- ListAuditEntries: officers only, filtered per officer by the :class:`AuditPolicy`, oldest first
  or (``newest_first``) newest first, examining at most SCAN_LIMIT entries per call; every
  listing is itself written to the log as ``audit.read`` in the same transaction.

Who may call what differs between the matcher and a node, so the policy is a constructor
argument (:class:`MatcherAuditPolicy`, :class:`NodeAuditPolicy`). Every call runs inside the
owner's write transaction (``MatchStore.transaction`` / ``Vault.transaction``): the log is read
at a committed state, never halfway through someone else's append.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Protocol

import grpc
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from signalmatch import clock, i18n, transport
from signalmatch.audit.log import AuditEntry, AuditLog
from signalmatch.audit.merkle import ProofError
from signalmatch.errors import PermissionDeniedError, ValidationError, Violation
from signalmatch.requests import in_range, request_time
from signalmatch.transport import Identity
from signalmatch.v1 import audit_pb2, audit_pb2_grpc

DEFAULT_PAGE = 100
MAX_PAGE = 2000
SCAN_LIMIT = 5000  # entries examined per ListAuditEntries call (either order); a short page still has a next token
TABLE_OFFICER = "tafel"
_ACTION_PREFIX = re.compile(r"[a-z][a-z0-9_.]{0,63}")


EntryFilter = Callable[[dict], bool]


class AuditPolicy(Protocol):
    """Authorisation of one AuditService: who may fetch checkpoints and proofs, who lists what."""

    @property
    def system(self) -> str:
        """ "matcher" or "node": the `system` of the audit.read entries."""
        ...

    def may_prove(self, who: Identity) -> bool: ...

    def entry_filter(self, who: Identity) -> EntryFilter | None:
        """The entries `who` may list, or None if it may list none."""
        ...


def _everything(entry: dict) -> bool:
    return True


def partner_filter(partner: str) -> EntryFilter:
    """A partner officer's view of the central log: what the partner did or received, and every
    restore of the log from a backup (``store.restored``)."""
    names = {partner, f"partner/{partner}"}

    def visible(entry: dict) -> bool:
        recipients = entry.get("recipients") or ()
        if entry.get("action") == "store.restored":  # every officer learns that the log was restored
            return True
        return entry.get("actor_org") in names or any(r in names for r in recipients)

    return visible


@dataclass(frozen=True)
class MatcherAuditPolicy:
    """The central log: checkpoints and proofs for partner nodes and officers; entries for officers,
    all of them for the table's officer, a partner's own for that partner's officer. The keyholder's
    log uses the same rules (``system="keyholder"``): a partner's officer sees its own evaluations."""

    partners: frozenset[str]
    table_officer: str = TABLE_OFFICER
    system: str = "matcher"

    def _officer(self, who: Identity) -> bool:
        return who.role == "officer" and (who.name in self.partners or who.name == self.table_officer)

    def may_prove(self, who: Identity) -> bool:
        return (who.role == "partner" and who.name in self.partners) or self._officer(who)

    def entry_filter(self, who: Identity) -> EntryFilter | None:
        if not self._officer(who):
            return None
        return _everything if who.name == self.table_officer else partner_filter(who.name)


@dataclass(frozen=True)
class NodeAuditPolicy:
    """A node's own log: only that partner's officer, for everything."""

    partner: str
    system: str = "node"

    def may_prove(self, who: Identity) -> bool:
        return who.role == "officer" and who.name == self.partner

    def entry_filter(self, who: Identity) -> EntryFilter | None:
        return _everything if self.may_prove(who) else None


def _parse(data: bytes) -> dict:
    """The entry as JSON for filtering; an unreadable (damaged) entry matches no field."""
    try:
        obj = json.loads(data)
    except ValueError:
        return {}
    return obj if isinstance(obj, dict) else {}


class AuditServicer(audit_pb2_grpc.AuditServiceServicer):
    def __init__(
        self,
        log: AuditLog,
        key_name: str,
        private_key: Ed25519PrivateKey,
        table: str,
        policy: AuditPolicy,
        transaction: Callable[[], AbstractContextManager[sqlite3.Connection]],
    ):
        self._log = log
        self._key_name = key_name
        self._key = private_key
        self._table = table
        self._policy = policy
        self._transaction = transaction

    def _caller(self, context: grpc.ServicerContext, what: str) -> Identity:
        who = transport.authorize(context, self._table, transport.ROLES)
        allowed = self._policy.may_prove(who) if what == "proofs" else self._policy.entry_filter(who) is not None
        if not allowed:
            raise PermissionDeniedError(
                i18n.t("audit.service.denied", uri=who.uri, what=i18n.t(f"audit.service.what.{what}"))
            )
        return who

    def GetCheckpoint(
        self, request: audit_pb2.GetCheckpointRequest, context: grpc.ServicerContext
    ) -> audit_pb2.GetCheckpointResponse:
        self._caller(context, "proofs")
        with self._transaction():
            note = self._log.checkpoint(self._key_name, self._key)
        return audit_pb2.GetCheckpointResponse(checkpoint=note)

    def GetConsistencyProof(
        self, request: audit_pb2.GetConsistencyProofRequest, context: grpc.ServicerContext
    ) -> audit_pb2.GetConsistencyProofResponse:
        self._caller(context, "proofs")
        with self._transaction():
            new_size = request.new_size or self._log.size()
            if request.old_size > new_size:
                raise ValidationError([Violation("old_size", "old_size.range", i18n.t("audit.service.sizes"))])
            try:
                proof = self._log.consistency_proof(request.old_size, new_size)
            except ProofError as exc:
                context.abort(grpc.StatusCode.DATA_LOSS, i18n.t("audit.service.damaged", reason=exc))
        return audit_pb2.GetConsistencyProofResponse(proof=proof)

    def GetInclusionProof(
        self, request: audit_pb2.GetInclusionProofRequest, context: grpc.ServicerContext
    ) -> audit_pb2.GetInclusionProofResponse:
        who = self._caller(context, "proofs")
        visible = self._policy.entry_filter(who)
        with self._transaction() as conn:
            size = request.tree_size or self._log.size()
            try:
                proof = self._log.inclusion_proof(request.index, size)
            except ProofError as exc:
                context.abort(grpc.StatusCode.DATA_LOSS, i18n.t("audit.service.damaged", reason=exc))
            # The bytes as stored, unchecked: whether they still fit the tree is the verifier's call.
            # Only to a caller who may list that entry: the proof alone reveals nothing of it.
            row = conn.execute("SELECT entry FROM audit_entries WHERE idx = ?", (request.index,)).fetchone()
        shown = row is not None and visible is not None and visible(_parse(row[0]))
        return audit_pb2.GetInclusionProofResponse(proof=proof, entry=row[0] if shown else b"")

    def ListAuditEntries(
        self, request: audit_pb2.ListAuditEntriesRequest, context: grpc.ServicerContext
    ) -> audit_pb2.ListAuditEntriesResponse:
        who = self._caller(context, "entries")
        visible = self._policy.entry_filter(who)
        assert visible is not None
        size, token, action, start_time, end_time = self._list_args(request)
        newest_first = request.newest_first

        def wanted(entry: dict) -> bool:
            time = entry.get("time", "")
            return (
                visible(entry)
                and str(entry.get("action", "")).startswith(action)
                and (not start_time or (isinstance(time, str) and time >= start_time))
                and (not end_time or (isinstance(time, str) and time < end_time))
            )

        response = audit_pb2.ListAuditEntriesResponse()
        with self._transaction() as conn:
            log_size = self._log.size()
            if newest_first:  # downward: `position` is one past the next index to examine
                start = min(token, log_size) if request.page_token else log_size
                bound = max(0, start - SCAN_LIMIT)  # the lowest index this call examines
                query = "SELECT idx, entry FROM audit_entries WHERE idx < ? AND idx >= ? ORDER BY idx DESC LIMIT 500"
            else:  # upward: `position` is the next index to examine
                start = token
                bound = min(log_size, start + SCAN_LIMIT)  # one past the highest index this call examines
                query = "SELECT idx, entry FROM audit_entries WHERE idx >= ? AND idx < ? ORDER BY idx LIMIT 500"
            position = start
            while (position > bound if newest_first else position < bound) and len(response.entries) < size:
                rows = conn.execute(query, (position, bound)).fetchall()
                if not rows:
                    position = bound
                for index, data in rows:
                    if len(response.entries) >= size:
                        break
                    position = index if newest_first else index + 1
                    if wanted(_parse(data)):
                        response.entries.add(index=index, entry=data)
            more = position > 0 if newest_first else position < log_size
            response.next_page_token = str(position) if more else ""
            self._log.append(
                AuditEntry(
                    time=clock.now(),
                    actor_org=who.name,
                    actor_role="officer",
                    actor_user=who.uri,
                    action="audit.read",
                    outcome="ok",
                    system=self._policy.system,
                    details=tuple(
                        (k, v)
                        for k, v in (
                            ("count", str(len(response.entries))),
                            # newest first: the index just past the first entry examined
                            ("before_index" if newest_first else "from_index", str(start)),
                            ("action", action),
                            ("start_time", start_time),
                            ("end_time", end_time),
                        )
                        if v
                    ),
                )
            )
        return response

    @staticmethod
    def _list_args(request: audit_pb2.ListAuditEntriesRequest) -> tuple[int, int, str, str, str]:
        problems = []
        if request.page_size < 0:
            problems.append(Violation("page_size", "page_size.range", i18n.t("audit.service.page_size")))
        token = request.page_token
        if token and not (token.isascii() and token.isdigit() and len(token) < 20):
            problems.append(Violation("page_token", "page_token.invalid", i18n.t("audit.service.page_token")))
        if request.action and not _ACTION_PREFIX.fullmatch(request.action):
            problems.append(Violation("action", "action.format", i18n.t("audit.service.action")))
        start_time = request_time(request.start_time, "start_time") if request.HasField("start_time") else ""
        end_time = request_time(request.end_time, "end_time") if request.HasField("end_time") else ""
        if start_time and end_time and end_time <= start_time:
            problems.append(Violation("end_time", "time_range.order", i18n.t("audit.service.time_range")))
        if problems:
            raise ValidationError(problems)
        size = min(request.page_size or DEFAULT_PAGE, MAX_PAGE)
        return size, in_range(int(token or 0), "page_token"), request.action, start_time, end_time
