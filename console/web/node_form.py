"""The signaalformulier as a plain HTML form (pure: no I/O): its rows, its fields, and the way
from what was typed to a :class:`node.signal.Signal` and from the node's violations back to fields.

Every input is named by its path in the signal, exactly as the node reports violations
("persons[1].bsn", "companies[0].ibans[1]"). The form shows a fixed number of rows per repeated
part (more on request, without JavaScript); blank rows are left out of the signal, so a signal's
index can differ from the form's: :meth:`Filled.form_path` maps a violation back to its input.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, fields, replace
from functools import cached_property

from signalmatch import i18n
from signalmatch.console.web.app import whole_number
from signalmatch.console.web.labels import label as label_of
from signalmatch.node.signal import (
    EXPLOITATION_TYPES,
    ROLES,
    Address,
    Advert,
    Company,
    Person,
    Reporter,
    Signal,
    Vehicle,
)

SIGNAL_FIELDS = (
    "external_id",
    "observed_at",
    "municipality",
    "place",
    "reporter.name",
    "reporter.contact",
    "explanation",
)
# Form fields that are not part of the signal.
CONTROL_FIELDS = ("csrf", "request_id", "actie", "meer")


@dataclass(frozen=True)
class Part:
    """A repeated part of the signal: its fields, and repeated values within each row."""

    name: str
    fields: tuple[str, ...]
    values: tuple[str, ...] = ()  # e.g. a person's "phones": as many as Rows.<name> says


PARTS = (
    Part("persons", ("role", "given_names", "surname", "date_of_birth", "bsn"), ("phones", "emails")),
    Part("addresses", ("street", "house_number", "addition", "postcode", "city")),
    Part("vehicles", ("kenteken",)),
    Part("companies", ("name", "kvk"), ("ibans",)),
    Part("adverts", ("url",)),
)


@dataclass(frozen=True)
class Rows:
    """How many rows of each repeated part the form shows (phones and e-mails per person, IBANs
    per company)."""

    persons: int = 2
    phones: int = 2
    emails: int = 1
    addresses: int = 1
    vehicles: int = 2
    companies: int = 1
    ibans: int = 2
    adverts: int = 1

    def more(self, part: str) -> Rows:
        """One more row of `part` (up to its limit); unknown parts change nothing."""
        if part not in LIMITS:
            return self
        return replace(self, **{part: min(getattr(self, part) + 1, LIMITS[part])})

    @classmethod
    def from_form(cls, form: Mapping[str, str]) -> Rows:
        """The rows a submitted form showed (hidden fields rows.<part>), within the limits."""
        defaults = cls()
        counts = {}
        for f in fields(cls):
            text = form.get(f"rows.{f.name}", "")
            counts[f.name] = min(whole_number(text, getattr(defaults, f.name), 999_999), LIMITS[f.name])
        return cls(**counts)

    def hidden(self) -> list[tuple[str, int]]:
        return [(f"rows.{f.name}", getattr(self, f.name)) for f in fields(self)]


# At most this many rows (the node allows more per signal, but then an import fits better).
LIMITS = {"persons": 20, "phones": 10, "emails": 10, "addresses": 20, "vehicles": 20, "companies": 20,
          "ibans": 10, "adverts": 20}  # fmt: skip


@dataclass(frozen=True)
class Filled:
    """A submitted signaalformulier: the text of each field as typed (trimmed), the ticked forms of
    exploitation, the rows shown and the form's request id (the node's idempotency key)."""

    values: dict[str, str]
    types: tuple[str, ...]
    rows: Rows
    request_id: str

    @classmethod
    def empty(cls) -> Filled:
        return cls({}, (), Rows(), new_request_id())

    @classmethod
    def from_form(cls, items: list[tuple[str, str]]) -> Filled:
        """From the (name, value) pairs of a POSTed form; a missing or malformed request id is
        replaced by a new one."""
        values = {k: v.strip() for k, v in items if k not in CONTROL_FIELDS and k != "exploitation_types"}
        types = tuple(dict.fromkeys(v for k, v in items if k == "exploitation_types"))
        request_id = next((v for k, v in items if k == "request_id"), "")
        rows = Rows.from_form(values)
        values = {k: v for k, v in values.items() if not k.startswith("rows.")}
        return cls(values, types, rows, request_id if _REQUEST_ID.fullmatch(request_id) else new_request_id())

    @classmethod
    def from_signal(cls, signal: Signal) -> Filled:
        """The form filled in with a stored signal (to correct it), with a row for every value."""
        values = {name: _get(signal, name) for name in SIGNAL_FIELDS}
        counts: dict[str, int] = {}
        for part in PARTS:
            items = getattr(signal, part.name)
            counts[part.name] = max(len(items), getattr(Rows(), part.name))
            for i, item in enumerate(items):
                at = f"{part.name}[{i}]"
                values.update({f"{at}.{n}": getattr(item, n) for n in part.fields})
                for sub in part.values:
                    many = getattr(item, sub)
                    counts[sub] = max(counts.get(sub, getattr(Rows(), sub)), len(many))
                    values.update({f"{at}.{sub}[{j}]": text for j, text in enumerate(many)})
        rows = Rows(**{name: min(n, LIMITS[name]) for name, n in counts.items()})
        return cls({k: v for k, v in values.items() if v}, signal.exploitation_types, rows, new_request_id())

    def value(self, path: str) -> str:
        return self.values.get(path, "")

    @cached_property
    def kept(self) -> dict[str, list[int]]:
        """The form indices of the rows that are not blank, per container path in form indices:
        "persons" -> [0, 2], "persons[2].phones" -> [1]. Only these go into the signal."""
        kept: dict[str, list[int]] = {}
        for part in PARTS:
            kept[part.name] = []
            for i in range(getattr(self.rows, part.name)):
                at = f"{part.name}[{i}]"
                filled = any(self.value(f"{at}.{n}") for n in part.fields)
                for sub in part.values:
                    kept[f"{at}.{sub}"] = [j for j in range(getattr(self.rows, sub)) if self.value(f"{at}.{sub}[{j}]")]
                    filled = filled or bool(kept[f"{at}.{sub}"])
                if filled:
                    kept[part.name].append(i)
        return kept

    def to_signal(self) -> Signal:
        """The signal typed into the form, without its blank rows."""
        v = self.value

        def rows(part: str) -> list[str]:
            return [f"{part}[{i}]" for i in self.kept[part]]

        def many(at: str, sub: str) -> tuple[str, ...]:
            return tuple(v(f"{at}.{sub}[{j}]") for j in self.kept[f"{at}.{sub}"])

        return Signal(
            external_id=v("external_id"),
            observed_at=v("observed_at"),
            municipality=v("municipality"),
            place=v("place"),
            reporter=Reporter(v("reporter.name"), v("reporter.contact")),
            exploitation_types=self.types,
            explanation=v("explanation"),
            persons=tuple(
                Person(
                    **{n: v(f"{at}.{n}") for n in PARTS[0].fields},
                    phones=many(at, "phones"),
                    emails=many(at, "emails"),
                )
                for at in rows("persons")
            ),
            addresses=tuple(Address(**{n: v(f"{at}.{n}") for n in PARTS[1].fields}) for at in rows("addresses")),
            vehicles=tuple(Vehicle(v(f"{at}.kenteken")) for at in rows("vehicles")),
            companies=tuple(Company(v(f"{at}.name"), v(f"{at}.kvk"), many(at, "ibans")) for at in rows("companies")),
            adverts=tuple(Advert(v(f"{at}.url")) for at in rows("adverts")),
        )

    def form_path(self, path: str) -> str:
        """The form's path for a field path of the signal ("persons[0].bsn" -> "persons[1].bsn"
        when the form's first person row was left blank)."""
        if not _PATH.fullmatch(path):
            return path
        prefix = ""
        for name, index in _SEGMENT.findall(path):
            container = prefix + name
            if index:
                kept, at = self.kept.get(container, []), int(index)
                prefix = f"{container}[{kept[at] if at < len(kept) else at}]."
            else:
                prefix = container + "."
        return prefix[:-1]

    def errors(self, violations: Mapping[str, str]) -> dict[str, str]:
        """{form path: message} for {signal path: message}: each message on the nearest thing the
        form shows (the field, else its row or part); "" for what has no place (the summary only)."""
        shown = set(paths(self.rows))
        placed: dict[str, str] = {}
        for path, message in violations.items():
            where = self.form_path(path)
            while where and where not in shown:
                where = _parent(where)
            placed[where] = f"{placed[where]}; {message}" if where in placed else message
        return placed


def fits(signal: Signal) -> bool:
    """Whether the form can show every row of `signal` (it has row limits, LIMITS)."""
    return all(
        len(getattr(signal, part.name)) <= LIMITS[part.name]
        and all(len(getattr(item, sub)) <= LIMITS[sub] for item in getattr(signal, part.name) for sub in part.values)
        for part in PARTS
    )


def required(signal: Signal) -> dict[str, str]:
    """The obvious omissions, checked before asking the node (same rules and texts as the node's
    node.signal.validate, as signal paths)."""
    missing: dict[str, str] = {}
    for name in ("external_id", "observed_at", "municipality"):
        if not getattr(signal, name).strip():
            missing[name] = i18n.t("field.required")
    if not signal.exploitation_types:
        missing["exploitation_types"] = i18n.t("exploitation_types.required")
    for i, person in enumerate(signal.persons):
        if not person.role:
            missing[f"persons[{i}].role"] = i18n.t("field.required")
    return missing


def paths(rows: Rows) -> Iterator[str]:
    """Every path the form shows with `rows`: inputs, and the rows and parts that group them."""
    yield from SIGNAL_FIELDS
    yield "exploitation_types"
    for part in PARTS:
        yield part.name
        for i in range(getattr(rows, part.name)):
            at = f"{part.name}[{i}]"
            if len(part.fields) > 1:  # a row of its own (a fieldset), else the part shows its errors
                yield at
            yield from (f"{at}.{n}" for n in part.fields)
            for sub in part.values:
                yield f"{at}.{sub}"
                yield from (f"{at}.{sub}[{j}]" for j in range(getattr(rows, sub)))


def label(path: str) -> str:
    """A readable name of a form path: "persons[1].phones[0]" -> "Persoon 2 · Telefoon 1"."""
    if not path or not _PATH.fullmatch(path):
        return ""
    if path.startswith("reporter."):
        return i18n.t(f"web.node.f.{path}")
    words = []
    for name, index in _SEGMENT.findall(path):
        repeated = index and name != "exploitation_types"
        words.append(i18n.t(f"web.node.f.{name}.one", n=int(index) + 1) if repeated else i18n.t(f"web.node.f.{name}"))
    return " · ".join(words)


def field_id(path: str) -> str:
    """An HTML id for a form path ("persons[1].bsn" -> "f-persons-1-bsn")."""
    return "f-" + re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-") if path else "f-form"


def new_request_id() -> str:
    return uuid.uuid4().hex


def role_choices() -> list[tuple[str, str]]:
    """(code, label) of the subject roles, with the texts every console uses (console/web/labels.py)."""
    return [(r, _capital(label_of("role", r))) for r in ROLES]


def type_choices() -> list[tuple[str, str]]:
    return [(k, _capital(label_of("exploitation", k))) for k in EXPLOITATION_TYPES]


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _get(signal: Signal, path: str) -> str:
    """The value at a plain field path of the signal ("reporter.name")."""
    value: object = signal
    for name in path.split("."):
        value = getattr(value, name)
    return str(value)


def _parent(path: str) -> str:
    """The enclosing path: "persons[1].bsn" -> "persons[1]" -> "persons" -> ""."""
    if path.endswith("]"):
        return path[: path.rindex("[")]
    return path.rpartition(".")[0]


_SEGMENT = re.compile(r"([a-z_]+)(?:\[(\d+)\])?")
_PATH = re.compile(r"[a-z_]+(?:\[\d+\])?(?:\.[a-z_]+(?:\[\d+\])?)*")
_REQUEST_ID = re.compile(r"[0-9a-f]{32}")
