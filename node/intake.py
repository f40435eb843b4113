"""Intake at the node: validate, pseudonymise, store encrypted and queue for the matcher."""

from __future__ import annotations

import base64
import os
from collections.abc import Callable

from node.pseudonymise import IdentifierKind, TokenKey, tokens
from node.signal import AcceptedSignal, Signal, exploitation_to_proto, role_to_proto, validate
from node.vault import Actor, NewSignal, StoredSignal, Vault
from signalmatch import clock
from signalmatch.errors import SignalmatchError, ValidationError
from signalmatch.v1 import submission_pb2


def new_ref() -> str:
    """An opaque, random signal reference: 128 bits, URL-safe. Says nothing about the signal."""
    return base64.b32encode(os.urandom(16)).decode("ascii").rstrip("=").lower()


def pseudonymised(
    accepted: AcceptedSignal, ref: str, epoch: int, signal_tokens: list[tuple[IdentifierKind, bytes]]
) -> submission_pb2.PseudonymisedSignal:
    """All the matcher will ever learn of this signal."""
    meta = accepted.metadata
    return submission_pb2.PseudonymisedSignal(
        signal_ref=ref,
        epoch=epoch,
        tokens=[submission_pb2.Token(kind=kind.to_proto(), value=value) for kind, value in signal_tokens],
        metadata=submission_pb2.SignalMetadata(
            exploitation_types=[exploitation_to_proto(e) for e in meta.exploitation_types],
            municipality=meta.municipality,
            month=meta.month,
            subject_roles=[role_to_proto(r) for r in meta.subject_roles],
        ),
    )


class Intake:
    def __init__(
        self,
        vault: Vault,
        token_key: TokenKey,
        municipalities: tuple[str, ...],
        on_queued: Callable[[], None] = lambda: None,
    ):
        self._vault = vault
        self._key = token_key
        self._municipalities = municipalities
        self._on_queued = on_queued

    def create(self, signal: Signal, actor: Actor, request_id: str = "") -> tuple[StoredSignal, bool]:
        """Raises ValidationError (all field violations) or ConflictError; else (stored, created)."""
        result = self.create_many([(signal, request_id)], actor)[0]
        if isinstance(result, SignalmatchError):
            raise result
        ref, created = result
        return self._vault.get(ref), created

    def create_many(
        self, items: list[tuple[Signal, str]], actor: Actor
    ) -> list[tuple[str, bool] | SignalmatchError]:
        """Validate each item on its own; store all valid ones in one transaction (group commit).

        Per item: (ref, created), or the ValidationError / ConflictError that rejected it.
        """
        slots: list[int | SignalmatchError] = []
        entries: list[NewSignal] = []
        for signal, request_id in items:
            try:
                accepted = validate(signal, self._municipalities)
            except ValidationError as exc:
                slots.append(exc)
                continue
            ref = new_ref()
            signal_tokens = tokens(self._key, accepted.identifiers)
            message = pseudonymised(accepted, ref, self._key.epoch, signal_tokens)
            slots.append(len(entries))
            entries.append(
                NewSignal(
                    ref,
                    signal,
                    request_id,
                    message.SerializeToString(),
                    tuple((kind.value, value) for kind, value in signal_tokens),
                )
            )
        stored = self._vault.create_many(entries, clock.now(), actor) if entries else []
        if any(isinstance(r, tuple) and r[1] for r in stored):
            self._on_queued()
        return [stored[slot] if isinstance(slot, int) else slot for slot in slots]

    def withdraw(self, ref: str, actor: Actor) -> StoredSignal:
        stored = self._vault.withdraw(ref, clock.now(), actor)
        self._on_queued()
        return stored
