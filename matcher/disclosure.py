"""Disclosure requests at the matcher: the domain rules (pure; the storage is
matcher/disclosure_store.py).

A chair asks the partners in a hit to disclose named data categories, for a purpose and under a
legal basis from the table's policy. Each asked partner answers for itself: it approves with one
sealed payload per recipient (NaCl box ciphertext, made and opened on the partners' and chairs'
own machines; the matcher never holds a key that opens it), or refuses with a reason. Answers
still pending at the expiry time become expired.

Visibility: a chair sees every disclosure (payloads only those sealed to itself); a partner
sees the disclosures it was asked in or is a recipient of, its own answer in full, and of the
other answers only partner, state, decision time and payloads sealed to it (not their reasons
or signal refs). A disclosure the caller may not see is "not found".
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import timedelta

from signalmatch import i18n
from signalmatch.config import TablePolicy
from signalmatch.errors import ConflictError, InvalidValue, ValidationError, Violation
from signalmatch.matcher.match import format_time, parse_time
from signalmatch.protocol import DATA_CATEGORIES, REFUSAL_REASONS
from signalmatch.requests import parse_hit_name, parse_id
from signalmatch.transport import Identity

PENDING, APPROVED, REFUSED, EXPIRED = "pending", "approved", "refused", "expired"
ANSWER_STATES = (PENDING, APPROVED, REFUSED, EXPIRED)


MIN_CIPHERTEXT = 40  # crypto_box: 24-byte nonce + 16-byte MAC, even for an empty payload
MAX_CIPHERTEXT = 1 << 20

_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,64}")
_PARTNER = re.compile(r"[a-z0-9][a-z0-9-]{0,62}")


# -- data at the boundary ----------------------------------------------------------------------


@dataclass(frozen=True)
class Sealed:
    recipient: str  # "chair/<name>" or "partner/<id>"
    ciphertext: bytes  # nonce || crypto_box ciphertext; opaque to the matcher


@dataclass(frozen=True)
class Answer:
    partner: str
    state: str  # one of ANSWER_STATES
    reason: str  # refusal reason ("" otherwise, and "" in views for other partners)
    signal_refs: tuple[str, ...]  # the partner's signals in the hit at request time
    decide_time: str  # "" while pending
    sealed: tuple[Sealed, ...] = ()


@dataclass(frozen=True)
class Disclosure:
    id: int
    hit_id: int
    requester: str  # chair name
    categories: tuple[str, ...]
    purpose: str
    legal_basis: str
    answers: tuple[Answer, ...]
    recipients: tuple[str, ...]
    create_time: str
    expire_time: str

    @property
    def name(self) -> str:
        return disclosure_name(self.id)

    def answer_of(self, partner: str) -> Answer | None:
        return next((a for a in self.answers if a.partner == partner), None)


@dataclass(frozen=True)
class DisclosureRequest:
    """A validated CreateDisclosure request (partners still to be checked against the hit)."""

    hit_id: int
    partners: tuple[str, ...]  # sorted; empty = every partner in the hit
    categories: tuple[str, ...]  # in enum order, no duplicates
    purpose: str
    legal_basis: str
    request_id: str  # "" = no idempotency

    def digest(self) -> bytes:
        fields = [self.hit_id, list(self.partners), list(self.categories), self.purpose, self.legal_basis]
        return hashlib.sha256(json.dumps(fields, separators=(",", ":")).encode()).digest()


@dataclass(frozen=True)
class AnswerIn:
    approve: bool
    reason: str
    sealed: tuple[Sealed, ...]


@dataclass(frozen=True)
class ListFilter:
    hit_id: int | None = None
    state: str = ""  # partner: its own answer's state; chair: any answer's state


# -- pure rules ----------------------------------------------------------------------------------


def disclosure_name(disclosure_id: int) -> str:
    return f"disclosures/{disclosure_id}"


def violation(field: str, rule: str, **values: object) -> Violation:
    return InvalidValue(rule, i18n.t(rule, **values)).at(field)


def invalid(field: str, rule: str, **values: object) -> ValidationError:
    return ValidationError([violation(field, rule, **values)])


def parse_disclosure_name(name: str, field: str = "name") -> int:
    return parse_id(name, "disclosures/", field)


def recipient_of(who: Identity) -> str:
    """How a caller is named among a disclosure's recipients: "chair/<name>" / "partner/<id>"."""
    return f"{who.role}/{who.name}"


def validate_request(
    hit: str,
    partners: Sequence[str],
    categories: Sequence[str],
    purpose: str,
    legal_basis: str,
    request_id: str,
    policy: TablePolicy,
) -> DisclosureRequest:
    """Checks a request on its own; categories are short names ("" for an unknown enum value)."""
    problems: list[Violation] = []
    try:
        hit_id = parse_hit_name(hit, "hit")
    except ValidationError as exc:
        problems += exc.violations
        hit_id = 0
    for i, partner in enumerate(partners):
        if not _PARTNER.fullmatch(partner):
            problems.append(violation(f"partners[{i}]", "disclosure.partner.format", value=partner))
    choices = ", ".join(DATA_CATEGORIES)
    if not categories:
        problems.append(violation("categories", "disclosure.categories.required", choices=choices))
    for i, category in enumerate(categories):
        if category not in DATA_CATEGORIES:
            problems.append(violation(f"categories[{i}]", "disclosure.category.unknown", choices=choices))
    if purpose not in policy.purposes:
        problems.append(
            violation("purpose", "disclosure.purpose.unknown", value=purpose, choices=", ".join(policy.purposes))
        )
    if legal_basis not in policy.legal_bases:
        problems.append(
            violation("legal_basis", "disclosure.legal_basis.unknown", value=legal_basis, choices=", ".join(policy.legal_bases))
        )
    if request_id and not _REQUEST_ID.fullmatch(request_id):
        problems.append(violation("request_id", "disclosure.request_id.format"))
    if problems:
        raise ValidationError(problems)
    return DisclosureRequest(
        hit_id=hit_id,
        partners=tuple(sorted(set(partners))),
        categories=tuple(c for c in DATA_CATEGORIES if c in set(categories)),
        purpose=purpose,
        legal_basis=legal_basis,
        request_id=request_id,
    )


def asked_partners(request: DisclosureRequest, hit_partners: Sequence[str], given: Sequence[str] = ()) -> tuple[str, ...]:
    """The partners to ask: those requested (each must be in the hit), or all in the hit.

    `given` is the request's partner list as sent, to name the offending field by its index.
    """
    if not request.partners:
        return tuple(sorted(hit_partners))
    choices = ", ".join(sorted(hit_partners))
    positions = list(given) if given else list(request.partners)
    problems = [
        violation(f"partners[{i}]", "disclosure.partner.not_in_hit", value=p, choices=choices)
        for i, p in enumerate(positions)
        if p not in hit_partners
    ]
    if problems:
        raise ValidationError(problems)
    return request.partners


def recipients_for(requester: str, hit_partners: Iterable[str], policy: TablePolicy) -> tuple[str, ...]:
    """The requesting chair, plus every partner in the hit if the table's policy says so."""
    extra = [f"partner/{p}" for p in sorted(set(hit_partners))] if policy.disclose_to_partners else []
    return (f"chair/{requester}", *extra)


def expire_time(create_time: str, policy: TablePolicy) -> str:
    return format_time(parse_time(create_time) + timedelta(hours=policy.request_ttl_hours))


def check_answer(disclosure: Disclosure, partner: str, answer: AnswerIn) -> bool:
    """Raise unless `partner` may give `answer` now. False: a retry of the same decision (no-op)."""
    current = disclosure.answer_of(partner)
    if current is None:
        raise ConflictError(i18n.t("disclosure.answer.not_asked", partner=partner, name=disclosure.name))
    if current.state == EXPIRED:
        raise ConflictError(i18n.t("disclosure.answer.expired", name=disclosure.name, time=disclosure.expire_time))
    if current.state != PENDING:
        if (current.state == APPROVED) == answer.approve:
            return False
        raise ConflictError(
            i18n.t("disclosure.answer.decided", partner=partner, name=disclosure.name, state=current.state)
        )
    problems: list[Violation] = []
    if answer.approve:
        if answer.reason:
            problems.append(violation("reason", "disclosure.reason.not_allowed"))
        seen: set[str] = set()
        for i, sealed in enumerate(answer.sealed):
            if sealed.recipient not in disclosure.recipients:
                problems.append(
                    violation(
                        f"sealed[{i}].recipient",
                        "disclosure.sealed.recipient",
                        value=sealed.recipient,
                        choices=", ".join(disclosure.recipients),
                    )
                )
            elif sealed.recipient in seen:
                problems.append(violation(f"sealed[{i}].recipient", "disclosure.sealed.duplicate", value=sealed.recipient))
            seen.add(sealed.recipient)
            if not MIN_CIPHERTEXT <= len(sealed.ciphertext) <= MAX_CIPHERTEXT:
                problems.append(
                    violation(
                        f"sealed[{i}].ciphertext",
                        "disclosure.sealed.size",
                        min=MIN_CIPHERTEXT,
                        max=MAX_CIPHERTEXT,
                        size=len(sealed.ciphertext),
                    )
                )
        missing = [r for r in disclosure.recipients if r not in seen]
        if missing:
            problems.append(violation("sealed", "disclosure.sealed.missing", missing=", ".join(missing)))
    else:
        if answer.reason.strip() not in REFUSAL_REASONS:
            problems.append(violation("reason", "disclosure.reason.required", choices=", ".join(REFUSAL_REASONS)))
        if answer.sealed:
            problems.append(violation("sealed", "disclosure.sealed.not_allowed"))
    if problems:
        raise ValidationError(problems)
    return True


def visible_to(disclosure: Disclosure, who: Identity) -> bool:
    if who.role == "chair":
        return True
    return disclosure.answer_of(who.name) is not None or recipient_of(who) in disclosure.recipients


def view_for(disclosure: Disclosure, who: Identity, with_sealed: bool = True) -> Disclosure:
    """What `who` may see: payloads sealed to it only; other partners' reasons and refs hidden."""
    me = recipient_of(who)
    answers = []
    for answer in disclosure.answers:
        sealed = tuple(s for s in answer.sealed if s.recipient == me) if with_sealed else ()
        if who.role != "chair" and answer.partner != who.name:
            answer = replace(answer, reason="", signal_refs=())
        answers.append(replace(answer, sealed=sealed))
    return replace(disclosure, answers=tuple(answers))
