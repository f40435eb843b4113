"""Intake at the node: validate, pseudonymise, store encrypted and queue for the matcher."""

from __future__ import annotations

import base64
import os
from collections.abc import Callable

from signalmatch import clock, enums, i18n
from signalmatch.errors import NotFoundError, SignalmatchError, UnavailableError, ValidationError, Violation
from signalmatch.node.fuzzy import (
    AddressRecord,
    PersonRecord,
    encode_address,
    encode_person,
    fuzzy_key,
)
from signalmatch.node.pseudonymise import IdentifierKind, TokenKey, tokens
from signalmatch.node.signal import AcceptedSignal, Signal, exploitation_to_proto, role_to_proto, validate
from signalmatch.node.vault import Actor, NewSignal, StoredSignal, Vault
from signalmatch.v1 import common_pb2, submission_pb2
from signalmatch.wire import SubmissionRules, submission_violations

# Fields of the submission (signalmatch.wire paths) -> the form field they come from, for the staff.
_FORM_FIELDS = (
    ("metadata.month", "observed_at"),
    ("metadata.municipality", "municipality"),
    ("metadata.exploitation_types", "exploitation_types"),
    ("metadata.subject_roles", "persons"),
    ("tokens", "persons"),
    ("encodings", "persons"),
)


def form_field(wire_path: str) -> str:
    """The form field a violation of the submission (a path of signalmatch.wire, with or without
    the operation's "submit." in front) is about; the wire path itself when none is."""
    path = wire_path.removeprefix("submit.")
    for prefix, field in _FORM_FIELDS:
        if path == prefix or path.startswith(prefix + "["):
            return field + path[len(prefix) :] if field == "exploitation_types" else field
        if path.startswith(prefix + "."):
            return field
    return path


def on_form(violations: tuple[Violation, ...]) -> tuple[Violation, ...]:
    return tuple(Violation(form_field(v.field), v.rule, v.description) for v in violations)


def new_ref() -> str:
    """An opaque, random signal reference: 128 bits, URL-safe. Says nothing about the signal."""
    return base64.b32encode(os.urandom(16)).decode("ascii").rstrip("=").lower()


def pseudonymised(
    accepted: AcceptedSignal,
    ref: str,
    epoch: int,
    signal_tokens: list[tuple[IdentifierKind, bytes]],
    other_epochs: dict[int, list[tuple[IdentifierKind, bytes]]] | None = None,
) -> submission_pb2.PseudonymisedSignal:
    """All the matcher will ever learn of this signal: `signal_tokens` in key epoch `epoch`, and
    during a key rotation the same identifiers in the other active epochs."""
    meta = accepted.metadata
    extra = [
        submission_pb2.Token(kind=kind.to_proto(), value=value, epoch=other)
        for other, pairs in sorted((other_epochs or {}).items())
        for kind, value in pairs
    ]
    return submission_pb2.PseudonymisedSignal(
        signal_ref=ref,
        epoch=epoch,
        tokens=[submission_pb2.Token(kind=kind.to_proto(), value=value) for kind, value in signal_tokens] + extra,
        metadata=submission_pb2.SignalMetadata(
            exploitation_types=[exploitation_to_proto(e) for e in meta.exploitation_types],
            municipality=meta.municipality,
            month=meta.month,
            subject_roles=[role_to_proto(r) for r in meta.subject_roles],
        ),
    )


def encodings(accepted: AcceptedSignal, key: TokenKey, signal_epoch: int) -> list[submission_pb2.FuzzyEncoding]:
    """Keyed Bloom-filter encodings (node.fuzzy) of the signal's persons (name + date of birth) and
    addresses under the fuzzy secret of `key`'s epoch (0 in the message when it is `signal_epoch`),
    duplicates removed. A person without a usable name or date of birth has none."""
    secret = fuzzy_key(key)
    found = [
        encode_person(secret, PersonRecord(p.given_names, p.surname, p.date_of_birth)) for p in accepted.signal.persons
    ]
    found += [
        encode_address(secret, AddressRecord(a.street, f"{a.house_number} {a.addition}".strip(), a.postcode, a.city))
        for a in accepted.signal.addresses
    ]
    epoch = 0 if key.epoch == signal_epoch else key.epoch
    unique = dict.fromkeys((e.kind, e.bits, e.blocks) for e in found if e is not None)
    return [
        submission_pb2.FuzzyEncoding(kind=enums.number(common_pb2.FuzzyKind, kind), bits=bits, blocks=blocks, epoch=epoch)
        for kind, bits, blocks in unique
    ]


def pseudonymise(
    accepted: AcceptedSignal, ref: str, key: TokenKey, previous: tuple[TokenKey, ...] = (), fuzzy: bool = True
) -> tuple[submission_pb2.PseudonymisedSignal, list[tuple[IdentifierKind, bytes]]]:
    """(the submission in the current epoch of `key` and every `previous` active epoch, the
    current epoch's tokens for the node's own look-ups). With `fuzzy` (the table policy's
    fuzzy_matching) it carries the persons' and addresses' encodings in every epoch too."""
    current = tokens(key, accepted.identifiers)
    others = {k.epoch: tokens(k, accepted.identifiers) for k in previous if k.epoch != key.epoch}
    message = pseudonymised(accepted, ref, key.epoch, current, others)
    if fuzzy:
        for k in sorted({key, *previous}, key=lambda k: k.epoch):
            message.encodings.extend(encodings(accepted, k, key.epoch))
    return message, current


class Intake:
    def __init__(
        self,
        vault: Vault,
        token_key: TokenKey | None,
        municipalities: tuple[str, ...],
        on_queued: Callable[[], None] = lambda: None,
        previous_keys: tuple[TokenKey, ...] = (),
        fuzzy: bool = True,
    ):
        """`token_key` is the current epoch's; `previous_keys` those of older epochs still active
        during a key rotation: every signal is submitted in all of them. `fuzzy` is the table
        policy's fuzzy_matching: whether submissions carry encodings."""
        self._fuzzy = fuzzy
        self._vault = vault
        self._municipalities = municipalities
        self._on_queued = on_queued
        self.use_keys(token_key, previous_keys)

    def use_policy(self, municipalities: tuple[str, ...], fuzzy: bool) -> None:
        """The table policy of a new directory version (no restart)."""
        self._municipalities, self._fuzzy = municipalities, fuzzy
        self.use_keys(self._key, self._previous)

    def use_keys(self, token_key: TokenKey | None, previous_keys: tuple[TokenKey, ...] = ()) -> None:
        """The key epochs in force (a new directory version can change them while serving); None
        while the dealer's table secret for the current epoch has not arrived yet."""
        self._key = token_key
        self._previous = previous_keys
        if token_key is not None:
            # What the matcher accepts (signalmatch.wire): checked here before a signal is accepted.
            self._rules = SubmissionRules(frozenset(self._municipalities), frozenset(self.epochs), self._fuzzy)

    @property
    def epochs(self) -> tuple[int, ...]:
        """The epochs a signal is submitted in; none while the current epoch's secret is missing."""
        if self._key is None:
            return ()
        return tuple(sorted({self._key.epoch, *(k.epoch for k in self._previous)}))

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
                entry = self.prepare(signal, new_ref(), request_id)
            except ValidationError as exc:
                slots.append(exc)
                continue
            slots.append(len(entries))
            entries.append(entry)
        stored = self._vault.create_many(entries, clock.now(), actor) if entries else []
        if any(isinstance(r, tuple) and r[1] for r in stored):
            self._on_queued()
        return [stored[slot] if isinstance(slot, int) else slot for slot in slots]

    def prepare(self, signal: Signal, ref: str, request_id: str = "") -> NewSignal:
        """Validate `signal` (every field, then its submission with the kernel's wire validator,
        the same the matcher runs, violations named by their form field) and pseudonymise it
        under `ref`; ValidationError when the node or the matcher would refuse it."""
        if self._key is None:
            raise UnavailableError(i18n.t("intake.no_secret"))
        accepted = validate(signal, self._municipalities)
        message, signal_tokens = pseudonymise(accepted, ref, self._key, self._previous, self._fuzzy)
        violations = submission_violations(message, self._rules)
        if violations:
            raise ValidationError(on_form(violations))
        return NewSignal(
            ref,
            signal,
            request_id,
            message.SerializeToString(),
            tuple((kind.value, value) for kind, value in signal_tokens),
            self.epochs,
        )

    def resubmit(self, ref: str, signal: Signal | None, actor: Actor) -> StoredSignal:
        """Correct a signal the matcher refused (`signal`: its new form fields; None: as stored)
        and queue it again under the same ref. ValidationError, ConflictError or NotFoundError."""
        if signal is None:
            stored = self._vault.get(ref)
            if stored.signal is None:
                raise NotFoundError(f"signals/{ref} holds no content any more (withdrawn)")
            signal = stored.signal
        stored = self._vault.resubmit(ref, self.prepare(signal, ref), clock.now(), actor)
        self._on_queued()
        return stored

    def withdraw(self, ref: str, actor: Actor) -> StoredSignal:
        stored = self._vault.withdraw(ref, clock.now(), actor)
        self._on_queued()
        return stored
