"""GDPR art. 15 at the node: which signals, hits and disclosures concern one person.

The officer gives the person's identifiers as written anywhere (phone "06-12 34 56 78" or
"+31612345678", a date of birth day-first or ISO, ...). Each is normalised exactly as at intake
(:mod:`node.normalise`) and tokenised with the node's current token key (:mod:`node.pseudonymise`);
the node finds its signals through the ``signal_tokens`` index written at intake, never by
decrypting and scanning. Per signal: its hits (the matcher's feedback) and the identifier kinds
that matched; then the disclosure requests that covered those signals, with their state, purpose,
legal basis and recipients (from the disclosure reviews, if this node has any).

Signals tokenised under an earlier key epoch are found only once their tokens are re-keyed.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from signalmatch import clock, enums, i18n
from signalmatch.errors import InvalidValue, ValidationError, Violation
from signalmatch.node import normalise
from signalmatch.node.pseudonymise import IdentifierKind, TokenKey, tokens
from signalmatch.node.vault import Actor, Vault
from signalmatch.v1 import disclosure_pb2, officer_pb2


def identifiers(request: officer_pb2.LookupSubjectRequest) -> list[tuple[IdentifierKind, str]]:
    """The normalised identifiers of the request; ValidationError naming each bad field."""
    found: list[tuple[IdentifierKind, str]] = []
    problems: list[Violation] = []

    def add(kind: IdentifierKind, field: str, normaliser: Callable[..., str], *args: str) -> None:
        try:
            found.append((kind, normaliser(*args)))
        except InvalidValue as exc:
            problems.append(exc.at(field))

    if request.bsn.strip():
        add(IdentifierKind.BSN, "bsn", normalise.bsn, request.bsn)
    for i, phone in enumerate(request.phones):
        add(IdentifierKind.PHONE, f"phones[{i}]", normalise.phone, phone)
    for i, email in enumerate(request.emails):
        add(IdentifierKind.EMAIL, f"emails[{i}]", normalise.email, email)

    person = (request.given_names.strip(), request.surname.strip(), request.date_of_birth.strip())
    if all(person):
        try:
            born = normalise.date_of_birth(request.date_of_birth).isoformat()
        except InvalidValue as exc:
            problems.append(exc.at("date_of_birth"))
        else:
            add(IdentifierKind.NAME_DOB, "surname", normalise.name_dob, request.given_names, request.surname, born)
    elif any(person):
        missing = ("given_names", "surname", "date_of_birth")[person.index("")]
        problems.append(Violation(missing, "subject.name_dob", i18n.t("subject.name_dob")))

    if request.postcode.strip() and request.house_number.strip():
        add(
            IdentifierKind.ADDRESS,
            "postcode",
            normalise.address,
            request.postcode,
            request.house_number,
            request.addition,
        )
    elif request.postcode.strip() or request.house_number.strip() or request.addition.strip():
        missing = "house_number" if request.postcode.strip() else "postcode"
        problems.append(Violation(missing, "subject.address", i18n.t("subject.address")))

    if problems:
        raise ValidationError(problems)
    if not found:
        raise ValidationError([Violation("request", "subject.empty", i18n.t("subject.empty"))])
    return found


def lookup(
    vault: Vault,
    token_key: TokenKey,
    request: officer_pb2.LookupSubjectRequest,
    actor: Actor | None = None,
) -> officer_pb2.LookupSubjectResponse:
    """Signals, hits and disclosures concerning the person; with `actor`, the look-up is audited
    in the node's own log (``subject.looked_up``, the signals found as objects)."""
    by_token = {token: kind for kind, token in tokens(token_key, identifiers(request))}
    response = officer_pb2.LookupSubjectResponse()
    with vault.transaction() as conn:
        marks = ",".join("?" * len(by_token))
        matched: dict[str, set[str]] = {}
        for ref, kind, token in conn.execute(
            f"SELECT ref, kind, token FROM signal_tokens WHERE token IN ({marks})", list(by_token)
        ):
            if by_token.get(token) == kind:  # the token's kind is part of its derivation; double-check
                matched.setdefault(ref, set()).add(kind)
        for ref in sorted(matched):
            stored = vault.get(ref)
            response.signals.add(
                signal_ref=ref,
                external_id=stored.signal.external_id if stored.signal is not None else "",
                create_time=clock.to_timestamp(stored.create_time),
                state=stored.state,
                hits=stored.hits,
                matched_on=sorted(matched[ref]),
            )
        response.disclosures.extend(_disclosures(conn, set(matched)))
        if actor is not None:
            vault.audit.append(
                actor.entry(clock.now(), "subject.looked_up", *(f"signals/{r}" for r in sorted(matched)))
            )
    return response


def _disclosures(conn: sqlite3.Connection, refs: set[str]) -> list[officer_pb2.SubjectDisclosure]:
    """Disclosure requests that covered any of `refs` (none if this node keeps no reviews)."""
    exists = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'disclosure_reviews'").fetchone()
    if not refs or not exists:
        return []
    now = clock.now()
    out = []
    rows = conn.execute(
        "SELECT name, request, state, expire_time, decide_time FROM disclosure_reviews ORDER BY receive_time, name"
    )
    for name, blob, state, expire_time, decide_time in rows:
        request = disclosure_pb2.Disclosure.FromString(blob)
        # The matcher relays only this partner's own signal refs (other answers come without them).
        if not refs.intersection(ref for answer in request.answers for ref in answer.signal_refs):
            continue
        if state == "pending" and expire_time and expire_time <= now:
            state = "expired"
        out.append(
            officer_pb2.SubjectDisclosure(
                disclosure=name,
                hit=request.hit,
                state=enums.number(officer_pb2.ReviewState, state),
                recipients=request.recipients,
                purpose=request.purpose,
                legal_basis=request.legal_basis,
                decide_time=clock.to_timestamp(decide_time),
            )
        )
    return out
