"""The one validator of what crosses the wire from a node to the matcher (pure, no I/O).

A node runs it on every submission it builds *before* it accepts the signal (so intake refuses,
with the field and the rule, whatever the matcher would refuse), and the matcher runs it on every
operation of a batch it receives. Both ends therefore judge with the same code; only the rules
(:class:`SubmissionRules`) come from each end's configuration.

Paths are relative to the operation (``submit.metadata.month``, ``withdraw``) or to the submitted
signal (:func:`submission_violations`: ``metadata.month``), with the field names of
``signalmatch.v1.PseudonymisedSignal``. Messages never echo a submitted value that could be free text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from signalmatch import enums, i18n
from signalmatch.encoding import BLOCK_BYTES, KINDS, encoded_bits
from signalmatch.errors import InvalidValue, Violation
from signalmatch.protocol import MAX_ENCODINGS_PER_SIGNAL, MAX_FUZZY_BLOCKS, MAX_TOKENS_PER_SIGNAL, TOKEN_BYTES
from signalmatch.v1 import common_pb2, submission_pb2

# Opaque random reference chosen by the node, and batch ids alike (ASCII only: fullmatch).
SIGNAL_REF = re.compile(r"[A-Za-z0-9_-]{8,64}")
FIRST_YEAR = 1900  # the earliest year of observation a signal may carry
_MONTH = re.compile(r"([0-9]{4})-(0[1-9]|1[0-2])")
# Every encoding of a kind has the fixed length of the nodes' hardening (signalmatch.encoding.DEFAULT_HARDENING).
ENCODING_BYTES = {kind: encoded_bits(kind=kind) // 8 for kind in KINDS}


def encoding_kind(number: int) -> str | None:
    """The encoding kind ("person_fields", ...) of a FuzzyKind number; None for one this program lacks."""
    return enums.short(common_pb2.FuzzyKind, number) if enums.known(common_pb2.FuzzyKind, number) else None


@dataclass(frozen=True)
class SubmissionRules:
    """What a table accepts of a submitted signal. `epochs`: the key epochs a submission may name
    (the active ones; at the matcher also destroyed ones, whose tokens it drops)."""

    municipalities: frozenset[str]
    epochs: frozenset[int]
    fuzzy_matching: bool = True


def month_text(year: int, month: int) -> str:
    """The wire form of a month of observation, "YYYY-MM" (four digits even before 1000)."""
    return f"{year:04d}-{month:02d}"


def valid_month(value: str) -> bool:
    match = _MONTH.fullmatch(value)
    return match is not None and int(match.group(1)) >= FIRST_YEAR


def submission_violations(msg: submission_pb2.PseudonymisedSignal, rules: SubmissionRules) -> tuple[Violation, ...]:
    """Every rule the submitted signal `msg` breaks, with paths relative to the signal (indices as
    sent). The partner is not checked: it comes from the certificate."""
    out: list[Violation] = []

    def bad(path: str, rule: str, text: str = "", **values: object) -> None:
        out.append(InvalidValue(rule, i18n.t(f"wire.{text or rule}", **values)).at(path))

    active = ", ".join(map(str, sorted(rules.epochs)))

    def epoch_ok(path: str, epoch: int) -> None:
        if epoch not in rules.epochs:
            bad(path, "epoch.inactive", epoch=epoch, active=active)

    if not SIGNAL_REF.fullmatch(msg.signal_ref):
        bad("signal_ref", "signal_ref.format")
    epoch_ok("epoch", msg.epoch)
    if len(msg.tokens) > MAX_TOKENS_PER_SIGNAL:
        bad("tokens", "tokens.too_many", max=MAX_TOKENS_PER_SIGNAL)
    else:
        for i, tok in enumerate(msg.tokens):
            if not enums.known(common_pb2.IdentifierKind, tok.kind):
                bad(f"tokens[{i}].kind", "kind.unknown", value=str(tok.kind))
            if len(tok.value) != TOKEN_BYTES:
                bad(f"tokens[{i}].value", "token.length", size=TOKEN_BYTES, length=len(tok.value))
            if tok.epoch:
                epoch_ok(f"tokens[{i}].epoch", tok.epoch)
    if msg.encodings and not rules.fuzzy_matching:
        bad("encodings", "encodings.disabled")
    elif len(msg.encodings) > MAX_ENCODINGS_PER_SIGNAL:
        bad("encodings", "encodings.too_many", max=MAX_ENCODINGS_PER_SIGNAL)
    else:
        for i, enc in enumerate(msg.encodings):
            kind = encoding_kind(enc.kind)
            if kind is None:
                bad(f"encodings[{i}].kind", "kind.unknown", "encoding_kind.unknown", value=str(enc.kind))
            elif len(enc.bits) != ENCODING_BYTES[kind]:
                size = ENCODING_BYTES[kind]
                bad(f"encodings[{i}].bits", "encoding.length", kind=kind, size=size, length=len(enc.bits))
            if not 1 <= len(enc.blocks) <= MAX_FUZZY_BLOCKS:
                bad(f"encodings[{i}].blocks", "blocks.count", max=MAX_FUZZY_BLOCKS)
            else:
                for j, block in enumerate(enc.blocks):
                    if len(block) != BLOCK_BYTES:
                        bad(f"encodings[{i}].blocks[{j}]", "block.length", size=BLOCK_BYTES, length=len(block))
            if enc.epoch > msg.epoch:
                bad(f"encodings[{i}].epoch", "epoch.range", "encoding_epoch.range")
            elif enc.epoch:
                epoch_ok(f"encodings[{i}].epoch", enc.epoch)
    md = msg.metadata
    for i, value in enumerate(md.exploitation_types):
        if not enums.known(common_pb2.ExploitationType, value):
            bad(f"metadata.exploitation_types[{i}]", "exploitation_type.unknown", value=str(value))
    for i, role in enumerate(md.subject_roles):
        if not enums.known(common_pb2.SubjectRole, role):
            bad(f"metadata.subject_roles[{i}]", "role.unknown", value=str(role))
    if md.municipality not in rules.municipalities:
        bad("metadata.municipality", "municipality.unknown")
    if not valid_month(md.month):
        bad("metadata.month", "month.format", first=FIRST_YEAR)  # never echoes free text back
    return tuple(out)


def operation_violations(op: submission_pb2.BatchOperation, rules: SubmissionRules) -> tuple[Violation, ...]:
    """Every rule one operation of a batch breaks, with paths relative to the operation
    (``submit.metadata.month``, ``withdraw``)."""
    kind = op.WhichOneof("operation")
    if kind == "submit":
        return tuple(Violation(f"submit.{v.field}", v.rule, v.description) for v in submission_violations(op.submit, rules))
    if kind == "withdraw":
        if SIGNAL_REF.fullmatch(op.withdraw):
            return ()
        return (InvalidValue("signal_ref.format", i18n.t("wire.signal_ref.format")).at("withdraw"),)
    return (InvalidValue("operation.empty", i18n.t("wire.operation.empty")).at("operation"),)


def operation_ref(op: submission_pb2.BatchOperation) -> str:
    """The signal reference an operation is about ("" when it names none)."""
    kind = op.WhichOneof("operation")
    return op.submit.signal_ref if kind == "submit" else op.withdraw if kind == "withdraw" else ""
