"""Intake at the node: validate, pseudonymise, store encrypted and queue for the matcher."""

from __future__ import annotations

import base64
import os
from typing import Callable

from node.pseudonymise import TokenKey, tokens
from node.signal import AcceptedSignal, Signal, exploitation_to_proto, role_to_proto, validate
from node.vault import StoredSignal, Vault
from signalmatch import clock
from signalmatch.v1 import submission_pb2


def new_ref() -> str:
    """An opaque, random signal reference: 128 bits, URL-safe. Says nothing about the signal."""
    return base64.b32encode(os.urandom(16)).decode("ascii").rstrip("=").lower()


def pseudonymised(accepted: AcceptedSignal, ref: str, key: TokenKey) -> submission_pb2.PseudonymisedSignal:
    """All the matcher will ever learn of this signal."""
    meta = accepted.metadata
    return submission_pb2.PseudonymisedSignal(
        signal_ref=ref,
        epoch=key.epoch,
        tokens=[
            submission_pb2.Token(kind=kind.to_proto(), value=value)
            for kind, value in tokens(key, accepted.identifiers)
        ],
        metadata=submission_pb2.SignalMetadata(
            exploitation_types=[exploitation_to_proto(e) for e in meta.exploitation_types],
            municipality=meta.municipality,
            month=meta.month,
            subject_roles=[role_to_proto(r) for r in meta.subject_roles],
        ),
    )


class Intake:
    def __init__(self, vault: Vault, token_key: TokenKey, on_queued: Callable[[], None] = lambda: None):
        self._vault = vault
        self._key = token_key
        self._on_queued = on_queued

    def create(self, signal: Signal, request_id: str = "") -> tuple[StoredSignal, bool]:
        """Raises ValidationError (all field violations) or ConflictError; else (stored, created)."""
        accepted = validate(signal)
        ref = new_ref()
        submission = pseudonymised(accepted, ref, self._key).SerializeToString()
        ref, created = self._vault.create(ref, signal, request_id, submission, clock.now())
        if created:
            self._on_queued()
        return self._vault.get(ref), created

    def withdraw(self, ref: str) -> StoredSignal:
        stored = self._vault.withdraw(ref, clock.now())
        self._on_queued()
        return stored
