"""Disclosure at the node, as pure domain code: what a category covers, the payload, sealing, policy.

- `restrict` keeps only the fields of the approved categories of one signal; the reporter is in
  no category, so it never leaves the node. `build_payload` does this for the partner's signals
  in a hit that are still in the vault (withdrawn ones contribute nothing).
- `seal` / `open_sealed`: a payload in a crypto_box (`signalmatch.crypto.box_seal`) from the
  partner's encryption key to one recipient's key. Opening also proves which partner sealed it (only its key and the recipient's can
  make the box) and checks that the payload names the disclosure and partner it was filed under.
- `check_request`: a request relayed by the matcher is checked against the table's policy and
  directory before anyone sees or answers it (categories, purpose, legal basis, recipients).
- `DisclosurePolicy`: the partner's auto-approve rules (TOML ``[[auto_approve]]``).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

from google.protobuf.message import DecodeError

from signalmatch import crypto, enums, i18n
from signalmatch.config import ID_PATTERN, ChairInfo, PartnerInfo, TablePolicy
from signalmatch.errors import AuthenticationError, ConfigError, InvalidValue, ValidationError, Violation
from signalmatch.protocol import DATA_CATEGORIES
from signalmatch.requests import is_hit_name
from signalmatch.v1 import common_pb2, disclosure_pb2, signal_pb2

_DISCLOSURE_NAME = re.compile(r"disclosures/[A-Za-z0-9_-]{1,64}")
_SIGNAL_REF = re.compile(r"[A-Za-z0-9]{1,64}")


# -- categories ----------------------------------------------------------------------------------


def category_name(value: int) -> str:
    """ "persons" for DATA_CATEGORY_PERSONS; ValueError for UNSPECIFIED or unknown numbers."""
    if not known_category(value):
        raise ValueError(f"unknown data category {value}")
    return enums.short(disclosure_pb2.DataCategory, value)


def known_category(value: int) -> bool:
    """Whether `value` is a DataCategory (not UNSPECIFIED) this program knows."""
    return enums.known(disclosure_pb2.DataCategory, value)


def parse_categories(names: Iterable[str], field: str = "categories") -> tuple[disclosure_pb2.DataCategory, ...]:
    """Short names -> sorted, deduplicated DataCategory values; ValidationError names the bad ones."""
    values: set[disclosure_pb2.DataCategory] = set()
    violations: list[Violation] = []
    for i, name in enumerate(names):
        name = name.strip().lower()
        if name not in DATA_CATEGORIES:
            violations.append(
                InvalidValue(
                    "disclosure.category.unknown",
                    i18n.t("node.disclosure.category.unknown", value=name, choices=", ".join(DATA_CATEGORIES)),
                ).at(f"{field}[{i}]")
            )
        else:
            values.add(enums.number(disclosure_pb2.DataCategory, name))
    if not values and not violations:
        violations.append(
            InvalidValue("disclosure.categories.required", i18n.t("node.disclosure.categories.required")).at(field)
        )
    if violations:
        raise ValidationError(violations)
    return tuple(sorted(values))


def restrict(signal: signal_pb2.Signal, categories: Collection[int]) -> signal_pb2.Signal:
    """A new Signal with only the fields of `categories`; never the reporter, case number or state.

    Persons carry name, date of birth and role (persons), BSN (identity_numbers), phones and
    e-mails (contact_details); a person left with nothing is dropped.
    """
    cats = set(categories)
    out = signal_pb2.Signal()
    if disclosure_pb2.DATA_CATEGORY_CIRCUMSTANCES in cats:
        out.observed_at = signal.observed_at
        out.place = signal.place
        out.municipality = signal.municipality
        out.exploitation_types.extend(signal.exploitation_types)
    if disclosure_pb2.DATA_CATEGORY_EXPLANATION in cats:
        out.explanation = signal.explanation
    for person in signal.persons:
        kept = signal_pb2.Person()
        if disclosure_pb2.DATA_CATEGORY_PERSONS in cats:
            kept.given_names = person.given_names
            kept.surname = person.surname
            kept.date_of_birth = person.date_of_birth
            kept.role = person.role
        if disclosure_pb2.DATA_CATEGORY_IDENTITY_NUMBERS in cats:
            kept.bsn = person.bsn
        if disclosure_pb2.DATA_CATEGORY_CONTACT_DETAILS in cats:
            kept.phones.extend(person.phones)
            kept.emails.extend(person.emails)
        if kept.ByteSize():
            out.persons.append(kept)
    if disclosure_pb2.DATA_CATEGORY_ADDRESSES in cats:
        out.addresses.extend(signal.addresses)
    if disclosure_pb2.DATA_CATEGORY_VEHICLES in cats:
        out.vehicles.extend(signal.vehicles)
    if disclosure_pb2.DATA_CATEGORY_COMPANIES in cats:
        out.companies.extend(signal.companies)
    if disclosure_pb2.DATA_CATEGORY_ADVERTS in cats:
        out.adverts.extend(signal.adverts)
    return out


def build_payload(
    disclosure: str,
    partner: str,
    categories: Collection[disclosure_pb2.DataCategory],
    signals: Iterable[tuple[str, signal_pb2.Signal | None]],
) -> disclosure_pb2.DisclosurePayload:
    """The plaintext of an approval: each (ref, signal) restricted to `categories`; a signal that is
    gone from the vault (None) contributes nothing."""
    payload = disclosure_pb2.DisclosurePayload(
        disclosure=disclosure, partner=partner, categories=sorted(set(categories))
    )
    for ref, signal in signals:
        if signal is not None:
            payload.signals.add(signal_ref=ref, signal=restrict(signal, categories))
    return payload


def signal_fields(signal: signal_pb2.Signal) -> dict:
    """A restricted signal as plain data for display and --json: empty fields left out, enums by
    their short lowercase names."""

    out: dict = {}
    for key in ("observed_at", "place", "municipality", "explanation"):
        if getattr(signal, key):
            out[key] = getattr(signal, key)
    if signal.exploitation_types:
        out["exploitation_types"] = [
            enums.short(common_pb2.ExploitationType, e) for e in signal.exploitation_types
        ]
    persons = []
    for p in signal.persons:
        person = {k: getattr(p, k) for k in ("given_names", "surname", "date_of_birth", "bsn") if getattr(p, k)}
        if p.role:
            person["role"] = enums.short(common_pb2.SubjectRole, p.role)
        if p.phones:
            person["phones"] = list(p.phones)
        if p.emails:
            person["emails"] = list(p.emails)
        persons.append(person)
    if persons:
        out["persons"] = persons
    if signal.addresses:
        out["addresses"] = [
            {k: getattr(a, k) for k in ("street", "house_number", "addition", "postcode", "city") if getattr(a, k)}
            for a in signal.addresses
        ]
    if signal.vehicles:
        out["vehicles"] = [{"kenteken": v.kenteken} for v in signal.vehicles]
    if signal.companies:
        out["companies"] = [
            {k: v for k, v in (("name", c.name), ("kvk", c.kvk), ("ibans", list(c.ibans))) if v}
            for c in signal.companies
        ]
    if signal.adverts:
        out["adverts"] = [{"url": a.url} for a in signal.adverts]
    return out


# -- keys and sealing ----------------------------------------------------------------------------


def recipient_keys(
    recipients: Iterable[str], partners: Mapping[str, PartnerInfo], chairs: Mapping[str, ChairInfo]
) -> dict[str, crypto.BoxPublicKey]:
    """ "chair/<name>" and "partner/<id>" -> their X25519 public keys from the table's directory;
    KeyError for a recipient not in it."""
    keys = {}
    for recipient in recipients:
        role, _, name = recipient.partition("/")
        if role == "chair":
            keys[recipient] = crypto.box_public_from_b64(chairs[name].encryption_public_key)
        elif role == "partner":
            keys[recipient] = crypto.box_public_from_b64(partners[name].encryption_public_key)
        else:
            raise KeyError(recipient)
    return keys


def seal(
    payload: disclosure_pb2.DisclosurePayload, sender: crypto.BoxPrivateKey, recipient: crypto.BoxPublicKey
) -> bytes:
    """crypto_box of the serialized payload: nonce (24 bytes, random) || ciphertext."""
    return crypto.box_seal(payload.SerializeToString(), sender, recipient)


def open_sealed(
    ciphertext: bytes,
    recipient: crypto.BoxPrivateKey,
    sender: crypto.BoxPublicKey,
    disclosure: disclosure_pb2.Disclosure,
    partner: str,
) -> disclosure_pb2.DisclosurePayload:
    """Open `partner`'s payload for `disclosure`; AuthenticationError unless it was boxed between
    `sender` and `recipient`, names this disclosure and partner, and holds only requested fields of
    the partner's signals in the hit."""
    try:
        payload = disclosure_pb2.DisclosurePayload.FromString(crypto.box_open(ciphertext, recipient, sender))
    except (AuthenticationError, DecodeError):
        raise AuthenticationError(
            i18n.t("node.disclosure.open.failed", partner=partner, name=disclosure.name)
        ) from None
    refs = {ref for a in disclosure.answers if a.partner == partner for ref in a.signal_refs}
    requested = set(disclosure.categories)
    if (
        payload.disclosure != disclosure.name
        or payload.partner != partner
        or not set(payload.categories) <= requested
        or any(s.signal_ref not in refs for s in payload.signals)
        or any(restrict(s.signal, requested) != s.signal for s in payload.signals)
    ):
        raise AuthenticationError(i18n.t("node.disclosure.open.mismatch", partner=partner, name=disclosure.name))
    return payload


# -- checking a relayed request ------------------------------------------------------------------


def check_request(
    request: disclosure_pb2.Disclosure,
    partner: str,
    policy: TablePolicy,
    partners: Mapping[str, PartnerInfo],
    chairs: Mapping[str, ChairInfo],
) -> list[Violation]:
    """Everything wrong with a request the matcher relayed to `partner` (empty: it may be answered).

    The node does not take the matcher's word for it: categories, purpose and legal basis must be
    the table's, and every recipient a chair of the table or, only where the table's policy allows
    it, another partner of the table.
    """
    violations: list[Violation] = []

    def bad(field: str, rule: str, **values: object) -> None:
        violations.append(InvalidValue(rule, i18n.t("node." + rule, **values)).at(field))

    if not _DISCLOSURE_NAME.fullmatch(request.name):
        bad("name", "disclosure.name.format")
    if not is_hit_name(request.hit):
        bad("hit", "disclosure.hit.format")
    if not request.categories:
        bad("categories", "disclosure.categories.required")
    for i, value in enumerate(request.categories):
        if not known_category(value):
            bad(f"categories[{i}]", "disclosure.category.unknown", value=value, choices=", ".join(DATA_CATEGORIES))
    if request.purpose not in policy.purposes:
        bad("purpose", "disclosure.purpose.unknown", value=request.purpose, choices=", ".join(policy.purposes))
    if request.legal_basis not in policy.legal_bases:
        bad(
            "legal_basis",
            "disclosure.legal_basis.unknown",
            value=request.legal_basis,
            choices=", ".join(policy.legal_bases),
        )
    for i, recipient in enumerate(request.recipients):
        role, _, name = recipient.partition("/")
        if role == "chair" and name in chairs:
            continue
        if role == "partner" and name in partners:  # the partners in the hit, the answering one too
            if not policy.disclose_to_partners:
                bad(f"recipients[{i}]", "disclosure.recipient.partner_not_allowed", value=recipient)
            continue
        bad(f"recipients[{i}]", "disclosure.recipient.unknown", value=recipient)
    if f"chair/{request.requester}" not in request.recipients:
        bad("recipients", "disclosure.recipient.chair_required")
    answers = [a for a in request.answers if a.partner == partner]
    if len(answers) != 1:
        bad("answers", "disclosure.answer.missing")
    else:
        for i, ref in enumerate(answers[0].signal_refs):
            if not _SIGNAL_REF.fullmatch(ref):
                bad(f"answers.signal_refs[{i}]", "disclosure.signal_ref.format")
    return violations


def check_name(name: str, field: str = "name") -> str:
    """`name` if it is "disclosures/<id>"; ValidationError otherwise."""
    if not _DISCLOSURE_NAME.fullmatch(name):
        raise ValidationError([InvalidValue("disclosure.name.format", i18n.t("node.disclosure.name.format")).at(field)])
    return name


def well_named(request: disclosure_pb2.Disclosure) -> bool:
    """Whether the request's own name and hit are well-formed (else it cannot even be answered)."""
    return bool(_DISCLOSURE_NAME.fullmatch(request.name) and is_hit_name(request.hit))


def own_signal_refs(request: disclosure_pb2.Disclosure, partner: str) -> tuple[str, ...]:
    return tuple(ref for a in request.answers if a.partner == partner for ref in a.signal_refs)


# -- the partner's auto-approve policy -----------------------------------------------------------


@dataclass(frozen=True)
class AutoApproveRule:
    id: str
    categories: frozenset[int]
    legal_bases: frozenset[str]
    purposes: frozenset[str]  # empty: any purpose of the table

    def covers(self, categories: Collection[int], legal_basis: str, purpose: str) -> bool:
        return (
            set(categories) <= self.categories
            and legal_basis in self.legal_bases
            and (not self.purposes or purpose in self.purposes)
        )


@dataclass(frozen=True)
class DisclosurePolicy:
    rules: tuple[AutoApproveRule, ...] = ()

    def match(self, categories: Collection[int], legal_basis: str, purpose: str) -> AutoApproveRule | None:
        """The first rule that approves a request for these categories under this legal basis."""
        return next((r for r in self.rules if r.covers(categories, legal_basis, purpose)), None)


_RULE_KEYS = {"id", "categories", "legal_bases", "purposes"}


def parse_policy(data: Mapping, table: TablePolicy, source: str = "disclosure policy") -> DisclosurePolicy:
    """Rules from a decoded TOML document::

        [[auto_approve]]
        id = "circumstances-covenant"          # optional; default "rule-<n>"
        categories = ["circumstances"]
        legal_bases = ["riec-convenant"]
        purposes = ["signaalbeoordeling"]      # optional; default: any

    ConfigError names the rule and key for anything unknown or outside the table's lists.
    """
    raw_rules = data.get("auto_approve", [])
    if set(data) - {"auto_approve"} or not isinstance(raw_rules, list):
        reason = "expected only [[auto_approve]] tables"
        raise ConfigError(i18n.t("node.disclosure.policy.unreadable", path=source, reason=reason))
    rules: list[AutoApproveRule] = []
    for index, raw in enumerate(raw_rules):
        rule = _parse_rule(raw, index, table, source)
        if rule.id in (r.id for r in rules):
            raise ConfigError(
                i18n.t("node.disclosure.policy.invalid", path=source, index=index, field="id", reason="duplicate")
            )
        rules.append(rule)
    return DisclosurePolicy(tuple(rules))


def _parse_rule(raw: object, index: int, table: TablePolicy, source: str) -> AutoApproveRule:
    def fail(field: str, reason: str) -> NoReturn:
        raise ConfigError(
            i18n.t("node.disclosure.policy.invalid", path=source, index=index, field=field, reason=reason)
        )

    if not isinstance(raw, dict):
        fail("", "expected a table")
    for key in sorted(set(raw) - _RULE_KEYS):
        fail(key, "unknown key")

    def strings(key: str, required: bool, allowed: tuple[str, ...] | None = None) -> list[str]:
        value = raw.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value) or (required and not value):
            fail(key, "expected a non-empty list of strings" if required else "expected a list of strings")
        for item in value:
            if allowed is not None and item not in allowed:
                fail(key, f"{item!r}: choose from {', '.join(allowed)}")
        return value

    rule_id = raw.get("id", f"rule-{index + 1}")
    if not isinstance(rule_id, str) or not ID_PATTERN.fullmatch(rule_id):
        fail("id", "lowercase letters, digits and '-' only")
    return AutoApproveRule(
        rule_id,
        frozenset(enums.number(disclosure_pb2.DataCategory, c) for c in strings("categories", True, DATA_CATEGORIES)),
        frozenset(strings("legal_bases", True, table.legal_bases)),
        frozenset(strings("purposes", False, table.purposes)),
    )


def load_policy(path: Path, table: TablePolicy) -> DisclosurePolicy:
    try:
        with Path(path).open("rb") as handle:
            data = tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(i18n.t("node.disclosure.policy.unreadable", path=path, reason=exc)) from None
    return parse_policy(data, table, str(path))
