"""The signal (signaalformulier) as a domain object: parsing, validation and what may leave the node.

A `Signal` holds the values exactly as entered. `validate` checks every field, collects *all*
violations (so a form can show each next to its field) and returns an `AcceptedSignal` with the
normalised identifiers and the minimised metadata — the only parts that ever leave the node,
and only after pseudonymisation.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field, fields
from datetime import UTC, date, datetime, timedelta
from typing import Any

from signalmatch import enums, i18n
from signalmatch.config import MIDDEN_NEDERLAND
from signalmatch.errors import InvalidValue, ValidationError, Violation
from signalmatch.node import normalise
from signalmatch.node.fuzzy import parse_birth_date
from signalmatch.node.pseudonymise import IdentifierKind
from signalmatch.protocol import MAX_TOKENS_PER_SIGNAL
from signalmatch.requests import text_violation
from signalmatch.v1 import common_pb2, signal_pb2
from signalmatch.wire import FIRST_YEAR, month_text

EXPLOITATION_TYPES = enums.choices(common_pb2.ExploitationType)
ROLES = enums.choices(common_pb2.SubjectRole)

# Limits keep one signal a form, not a data dump.
MAX_SUBJECTS = 50
MAX_VALUES = 10
MAX_SHORT = 200
MAX_TEXT = 10_000
MAX_IDENTIFIERS = MAX_TOKENS_PER_SIGNAL  # the matcher refuses more tokens than this


_EXTERNAL_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$")
_NAME = re.compile(r"^[^\W\d_](?:[^\W\d_]|[ .,'-])*$")


@dataclass(frozen=True)
class Reporter:
    name: str = ""
    contact: str = ""


@dataclass(frozen=True)
class Person:
    role: str = ""
    given_names: str = ""
    surname: str = ""
    date_of_birth: str = ""
    bsn: str = ""
    phones: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()


@dataclass(frozen=True)
class Address:
    street: str = ""
    house_number: str = ""
    addition: str = ""
    postcode: str = ""
    city: str = ""


@dataclass(frozen=True)
class Vehicle:
    kenteken: str = ""


@dataclass(frozen=True)
class Company:
    name: str = ""
    kvk: str = ""
    ibans: tuple[str, ...] = ()


@dataclass(frozen=True)
class Advert:
    url: str = ""


@dataclass(frozen=True)
class Signal:
    """A signal as entered, with every value as the user typed it."""

    external_id: str = ""
    observed_at: str = ""
    municipality: str = ""
    place: str = ""
    reporter: Reporter = field(default_factory=Reporter)
    exploitation_types: tuple[str, ...] = ()
    explanation: str = ""
    persons: tuple[Person, ...] = ()
    addresses: tuple[Address, ...] = ()
    vehicles: tuple[Vehicle, ...] = ()
    companies: tuple[Company, ...] = ()
    adverts: tuple[Advert, ...] = ()


@dataclass(frozen=True)
class Metadata:
    """Minimised metadata that the matcher may see: no names, identifiers or free text."""

    exploitation_types: tuple[str, ...]
    municipality: str
    month: str  # YYYY-MM
    subject_roles: tuple[str, ...]


@dataclass(frozen=True)
class AcceptedSignal:
    signal: Signal
    identifiers: tuple[tuple[IdentifierKind, str], ...]  # normalised, deduplicated
    metadata: Metadata


# -- parsing from JSON (import files) ------------------------------------------------------------

_SUBJECT_TYPES: dict[str, type] = {
    "persons": Person,
    "addresses": Address,
    "vehicles": Vehicle,
    "companies": Company,
    "adverts": Advert,
}
_TUPLE_FIELDS = {"phones", "emails", "ibans", "exploitation_types"}


def from_json(data: Any, ignore: tuple[str, ...] = ()) -> Signal:
    """Build a Signal from a decoded JSON object; wrong shapes raise ValidationError per field."""
    errors: list[Violation] = []
    if not isinstance(data, dict):
        raise ValidationError([Violation("", "field.type", i18n.t("field.type", expected="object"))])
    built = _build(Signal, data, "", errors, ignore)
    if errors:
        raise ValidationError(errors)
    return built


def _build(cls: type[Any], data: dict, path: str, errors: list[Violation], ignore: tuple[str, ...] = ()) -> Any:
    values: dict[str, Any] = {}
    known = {f.name for f in fields(cls)}
    for key, value in data.items():
        where = f"{path}{key}"
        if key in ignore:
            continue
        if key not in known:
            errors.append(Violation(where, "field.unknown", i18n.t("field.unknown")))
            continue
        if value is None:
            continue
        if key == "reporter":
            if isinstance(value, dict):
                values[key] = _build(Reporter, value, f"{where}.", errors)
            else:
                errors.append(Violation(where, "field.type", i18n.t("field.type", expected="object")))
        elif key in _SUBJECT_TYPES:
            if not isinstance(value, list):
                errors.append(Violation(where, "field.type", i18n.t("field.type", expected="list")))
                continue
            items = []
            for i, item in enumerate(value):
                if isinstance(item, dict):
                    items.append(_build(_SUBJECT_TYPES[key], item, f"{where}[{i}].", errors))
                else:
                    errors.append(
                        Violation(f"{where}[{i}]", "field.type", i18n.t("field.type", expected="object"))
                    )
            values[key] = tuple(items)
        elif key in _TUPLE_FIELDS:
            if isinstance(value, str):  # a single value is fine too
                value = [value] if value.strip() else []
            if not isinstance(value, list) or not all(isinstance(v, (str, int)) for v in value):
                errors.append(Violation(where, "field.type", i18n.t("field.type", expected="list of text")))
                continue
            values[key] = tuple(str(v) for v in value)
        elif isinstance(value, (str, int)) and not isinstance(value, bool):
            values[key] = str(value)
        else:
            errors.append(Violation(where, "field.type", i18n.t("field.type", expected="text")))
    return cls(**values)


# -- protobuf mapping ------------------------------------------------------------------------------


def exploitation_to_proto(short: str) -> common_pb2.ExploitationType:
    return enums.number(common_pb2.ExploitationType, short)


def exploitation_from_proto(value: int) -> str:
    return enums.short(common_pb2.ExploitationType, value)


def role_to_proto(short: str) -> common_pb2.SubjectRole:
    return enums.number(common_pb2.SubjectRole, short)


def role_from_proto(value: int) -> str:
    return enums.short(common_pb2.SubjectRole, value)


def from_proto(msg: signal_pb2.Signal) -> Signal:
    """Unknown enum numbers become "" or their number so that validate() reports them."""

    def enum_or_raw(convert: Callable[[int], str], value: int) -> str:
        if value == 0:
            return ""
        try:
            return convert(value)
        except ValueError:
            return str(value)

    return Signal(
        external_id=msg.external_id,
        observed_at=msg.observed_at,
        municipality=msg.municipality,
        place=msg.place,
        reporter=Reporter(msg.reporter.name, msg.reporter.contact),
        exploitation_types=tuple(enum_or_raw(exploitation_from_proto, v) for v in msg.exploitation_types),
        explanation=msg.explanation,
        persons=tuple(
            Person(
                role=enum_or_raw(role_from_proto, p.role),
                given_names=p.given_names,
                surname=p.surname,
                date_of_birth=p.date_of_birth,
                bsn=p.bsn,
                phones=tuple(p.phones),
                emails=tuple(p.emails),
            )
            for p in msg.persons
        ),
        addresses=tuple(
            Address(a.street, a.house_number, a.addition, a.postcode, a.city) for a in msg.addresses
        ),
        vehicles=tuple(Vehicle(v.kenteken) for v in msg.vehicles),
        companies=tuple(Company(c.name, c.kvk, tuple(c.ibans)) for c in msg.companies),
        adverts=tuple(Advert(a.url) for a in msg.adverts),
    )


def to_proto(signal: Signal) -> signal_pb2.Signal:
    """The form fields of `signal` (output-only fields are the caller's)."""
    msg = signal_pb2.Signal(
        external_id=signal.external_id,
        observed_at=signal.observed_at,
        municipality=signal.municipality,
        place=signal.place,
        reporter=signal_pb2.Reporter(name=signal.reporter.name, contact=signal.reporter.contact),
        exploitation_types=[exploitation_to_proto(e) for e in signal.exploitation_types],
        explanation=signal.explanation,
    )
    for p in signal.persons:
        msg.persons.add(
            role=role_to_proto(p.role) if p.role else 0,
            given_names=p.given_names,
            surname=p.surname,
            date_of_birth=p.date_of_birth,
            bsn=p.bsn,
            phones=p.phones,
            emails=p.emails,
        )
    for a in signal.addresses:
        msg.addresses.add(**asdict(a))
    for v in signal.vehicles:
        msg.vehicles.add(kenteken=v.kenteken)
    for c in signal.companies:
        msg.companies.add(name=c.name, kvk=c.kvk, ibans=c.ibans)
    for ad in signal.adverts:
        msg.adverts.add(url=ad.url)
    return msg


# -- validation ------------------------------------------------------------------------------------


_MULTILINE = frozenset({"place", "explanation"})  # newlines and tabs allowed
_REQUIRED = frozenset({"external_id", "observed_at", "municipality"})  # blank: "field.required" says it
_CODES = frozenset({"exploitation_types", "role"})  # closed lists, checked as such


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}  # per dataclass of a signal: its fields' names


def _field_names(cls: type) -> tuple[str, ...]:
    names = _FIELD_NAMES.get(cls)
    if names is None:
        names = _FIELD_NAMES[cls] = tuple(f.name for f in fields(cls))
    return names


def texts(value: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """(path, text) of every text field of a signal (or a part of one), as the node reports paths."""
    for name in _field_names(type(value)):
        item, at = getattr(value, name), f"{path}{name}"
        if name in _CODES:
            continue
        if isinstance(item, str):
            yield at, item
        elif isinstance(item, tuple):
            for i, element in enumerate(item):
                if isinstance(element, str):
                    yield f"{at}[{i}]", element
                else:
                    yield from texts(element, f"{at}[{i}].")
        else:
            yield from texts(item, f"{at}.")


def check_choices(signal: Signal) -> None:
    """The enum fields hold known choices (what `to_proto` needs); full checks are validate()'s."""
    check = _Checker()
    for i, kind in enumerate(signal.exploitation_types):
        if kind not in EXPLOITATION_TYPES:
            check.add(f"exploitation_types[{i}]", "exploitation_types.unknown", choices=", ".join(EXPLOITATION_TYPES))
    for i, person in enumerate(signal.persons):
        if person.role and person.role not in ROLES:
            check.add(f"persons[{i}].role", "role.unknown", choices=", ".join(ROLES))
    if check.violations:
        raise ValidationError(check.violations)


def _parse_observed(value: str) -> datetime:
    text = value.strip()
    try:
        if len(text) == 10:
            return datetime.combine(date.fromisoformat(text), datetime.min.time(), UTC)
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise InvalidValue("observed_at.format", i18n.t("observed_at.format")) from None
    if parsed.tzinfo is None:
        raise InvalidValue("observed_at.format", i18n.t("observed_at.format"))
    return parsed


class _Checker:
    def __init__(self) -> None:
        self.violations: list[Violation] = []

    def add(self, where: str, rule: str, **values: Any) -> None:
        self.violations.append(Violation(where, rule, i18n.t(rule, **values)))

    def text(self, where: str, value: str, limit: int = MAX_SHORT, required: bool = False) -> None:
        if required and not value.strip():
            self.add(where, "field.required")
        elif len(value) > limit:
            self.add(where, "field.too_long", limit=limit)

    def count(self, where: str, items: tuple, limit: int) -> bool:
        if len(items) > limit:
            self.add(where, "field.too_many", limit=limit)
            return False
        return True

    def value(self, where: str, normaliser: Callable[..., Any], *args: Any) -> Any:
        try:
            return normaliser(*args)
        except InvalidValue as exc:
            self.violations.append(exc.at(where))
            return None


_YEAR_FIRST = re.compile(r"\s*[0-9]{4}\s*[-/.]")


def birth_date(text: str, today: date) -> date:
    """A date of birth as normalise.date_of_birth reads it, or else as people write it with a
    two-digit year, a month name or compactly ("03/04/98", "3 april 1998": node.fuzzy.parse_birth_date,
    the century that puts it in the past); the same range checks either way. A date written year
    first must be a real ISO date: "1990-13-01" is refused, not read as 13 January."""
    try:
        return normalise.date_of_birth(text, today)
    except InvalidValue as exc:
        if (
            exc.rule != "date_of_birth.format"
            or _YEAR_FIRST.match(text)
            or (parsed := parse_birth_date(text, today)) is None
        ):
            raise
        return normalise.date_of_birth(date(*parsed), today)


def validate(
    signal: Signal, municipalities: tuple[str, ...] = MIDDEN_NEDERLAND, today: date | None = None
) -> AcceptedSignal:
    """Check every field; raise ValidationError listing all violations, or accept the signal.

    `municipalities` is the table's region (TablePolicy.municipalities): the signal's municipality
    must be one of them, spelled in any case; the canonical spelling is what leaves the node.
    """
    today = today or datetime.now(UTC).date()
    check = _Checker()
    ids: list[tuple[IdentifierKind, str]] = []
    for path, text in texts(signal):  # every text field: no control characters, not only blanks
        problem = text_violation(path, text, multiline=path in _MULTILINE)
        if problem is not None and not (problem.rule == "text.blank" and path in _REQUIRED):
            check.violations.append(problem)

    def ident(kind: IdentifierKind, where: str, normaliser: Callable[..., Any], *args: Any) -> None:
        value = check.value(where, normaliser, *args)
        if value is not None:
            ids.append((kind, value))

    if not signal.external_id.strip():
        check.add("external_id", "field.required")
    elif not _EXTERNAL_ID.match(signal.external_id):
        check.add("external_id", "external_id.format")

    month = ""
    if not signal.observed_at.strip():
        check.add("observed_at", "field.required")
    else:
        observed = check.value("observed_at", _parse_observed, signal.observed_at)
        if observed is not None:
            if observed.date() > today + timedelta(days=1):
                check.add("observed_at", "observed_at.future")
            elif observed.year < FIRST_YEAR:
                check.add("observed_at", "observed_at.range", first=FIRST_YEAR)
            month = month_text(observed.year, observed.month)  # the month where it was observed

    municipality = " ".join(signal.municipality.split())
    canonical = {name.casefold(): name for name in municipalities}
    if not municipality:
        check.add("municipality", "field.required")
    elif municipality.casefold() not in canonical:
        check.add("municipality", "municipality.unknown", choices=", ".join(municipalities))
    else:
        municipality = canonical[municipality.casefold()]

    check.text("place", signal.place, MAX_TEXT)
    check.text("reporter.name", signal.reporter.name)
    check.text("reporter.contact", signal.reporter.contact)
    check.text("explanation", signal.explanation, MAX_TEXT)

    if not signal.exploitation_types:
        check.add("exploitation_types", "exploitation_types.required")
    for i, kind in enumerate(signal.exploitation_types):
        if kind not in EXPLOITATION_TYPES:
            check.add(f"exploitation_types[{i}]", "exploitation_types.unknown", choices=", ".join(EXPLOITATION_TYPES))

    roles: list[str] = []
    if check.count("persons", signal.persons, MAX_SUBJECTS):
        for i, person in enumerate(signal.persons):
            at = f"persons[{i}]."
            if person.role not in ROLES:
                if person.role:
                    check.add(at + "role", "role.unknown", choices=", ".join(ROLES))
                else:
                    check.add(at + "role", "field.required")
            elif person.role not in roles:
                roles.append(person.role)
            for name_field in ("given_names", "surname"):
                value = getattr(person, name_field)
                check.text(at + name_field, value)
                if value.strip() and not _NAME.match(value.strip()):
                    check.add(at + name_field, "name.format")
            dob = None
            if person.date_of_birth.strip():
                dob = check.value(at + "date_of_birth", birth_date, person.date_of_birth, today)
            if person.bsn.strip():
                ident(IdentifierKind.BSN, at + "bsn", normalise.bsn, person.bsn)
            if check.count(at + "phones", person.phones, MAX_VALUES):
                for j, phone in enumerate(person.phones):
                    ident(IdentifierKind.PHONE, f"{at}phones[{j}]", normalise.phone, phone)
            if check.count(at + "emails", person.emails, MAX_VALUES):
                for j, email in enumerate(person.emails):
                    ident(IdentifierKind.EMAIL, f"{at}emails[{j}]", normalise.email, email)
            if dob is not None and person.surname.strip() and person.given_names.strip():
                ident(
                    IdentifierKind.NAME_DOB,
                    at + "surname",
                    normalise.name_dob,
                    person.given_names,
                    person.surname,
                    dob.isoformat(),
                )
            if not any(
                (person.given_names.strip(), person.surname.strip(), person.date_of_birth.strip(),
                 person.bsn.strip(), person.phones, person.emails)
            ):
                check.add(at[:-1], "person.empty")

    if check.count("addresses", signal.addresses, MAX_SUBJECTS):
        for i, address in enumerate(signal.addresses):
            at = f"addresses[{i}]."
            for name_field in ("street", "city", "addition", "house_number", "postcode"):
                check.text(at + name_field, getattr(address, name_field))
            if address.postcode.strip() and address.house_number.strip():
                ident(
                    IdentifierKind.ADDRESS,
                    at + "postcode",
                    normalise.address,
                    address.postcode,
                    address.house_number,
                    address.addition,
                )
            else:
                missing = "postcode" if not address.postcode.strip() else "house_number"
                check.add(at + missing, "address.incomplete")

    if check.count("vehicles", signal.vehicles, MAX_SUBJECTS):
        for i, vehicle in enumerate(signal.vehicles):
            if not vehicle.kenteken.strip():
                check.add(f"vehicles[{i}].kenteken", "field.required")
            else:
                ident(IdentifierKind.KENTEKEN, f"vehicles[{i}].kenteken", normalise.kenteken, vehicle.kenteken)

    if check.count("companies", signal.companies, MAX_SUBJECTS):
        for i, company in enumerate(signal.companies):
            at = f"companies[{i}]."
            check.text(at + "name", company.name)
            if company.kvk.strip():
                ident(IdentifierKind.KVK, at + "kvk", normalise.kvk, company.kvk)
            if check.count(at + "ibans", company.ibans, MAX_VALUES):
                for j, iban in enumerate(company.ibans):
                    ident(IdentifierKind.IBAN, f"{at}ibans[{j}]", normalise.iban, iban)
            if not (company.name.strip() or company.kvk.strip() or company.ibans):
                check.add(at[:-1], "company.empty")

    if check.count("adverts", signal.adverts, MAX_SUBJECTS):
        for i, advert in enumerate(signal.adverts):
            if not advert.url.strip():
                check.add(f"adverts[{i}].url", "field.required")
            else:
                ident(IdentifierKind.URL, f"adverts[{i}].url", normalise.url, advert.url)

    unique = dict.fromkeys(ids)
    if len(unique) > MAX_IDENTIFIERS:
        check.add("persons", "identifiers.too_many", limit=MAX_IDENTIFIERS)
    if check.violations:
        raise ValidationError(check.violations)
    return AcceptedSignal(
        signal=signal,
        identifiers=tuple(unique),
        metadata=Metadata(
            exploitation_types=tuple(dict.fromkeys(signal.exploitation_types)),
            municipality=municipality,
            month=month,
            subject_roles=tuple(roles),
        ),
    )
