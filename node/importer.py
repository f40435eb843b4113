"""Bulk import of signals from CSV or JSONL files into a node, with a per-row error report.

JSONL: one signal object per line, in the format of docs/import-format.md. A line with a
"partner" key for another partner is skipped (a demo file holds all partners' signals).

CSV (UTF-8, header row, "," or ";" delimited): one signal per row. Columns: external_id,
observed_at, municipality, place, reporter_name, reporter_contact, exploitation_types,
explanation, and numbered subject columns: person1_role, person1_given_names, person1_surname,
person1_date_of_birth, person1_bsn, person1_phones, person1_emails; address1_street,
address1_house_number, address1_addition, address1_postcode, address1_city; vehicle1_kenteken;
company1_name, company1_kvk, company1_ibans; advert1_url (2, 3, ... for more). List cells
(exploitation_types, phones, emails, ibans) separate values with "|".
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from signalmatch import i18n
from signalmatch.errors import ValidationError, Violation
from signalmatch.node.signal import Signal, check_choices, from_json

i18n.register(
    {
        "import.json": {"nl": "geen geldige JSON: {error}", "en": "not valid JSON: {error}"},
        "import.extra_cells": {
            "nl": "{count} cel(len) meer dan er kolommen zijn; staat er een scheidingsteken in een tekst zonder aanhalingstekens?",
            "en": "{count} more cell(s) than columns; is there a delimiter inside an unquoted text?",
        },
        "import.column": {
            "nl": "onbekende kolom {column!r}",
            "en": "unknown column {column!r}",
        },
        "import.format": {
            "nl": "onbekend bestandstype {suffix!r}; gebruik .csv of .jsonl",
            "en": "unknown file type {suffix!r}; use .csv or .jsonl",
        },
    }
)

_SIGNAL_COLUMNS = {
    "external_id",
    "observed_at",
    "municipality",
    "place",
    "explanation",
}
_SUBJECT_COLUMNS = {
    "person": ("persons", {"role", "given_names", "surname", "date_of_birth", "bsn", "phones", "emails"}),
    "address": ("addresses", {"street", "house_number", "addition", "postcode", "city"}),
    "vehicle": ("vehicles", {"kenteken"}),
    "company": ("companies", {"name", "kvk", "ibans"}),
    "advert": ("adverts", {"url"}),
}
_LIST_CELLS = {"phones", "emails", "ibans", "exploitation_types"}
_NUMBERED = re.compile(r"^(person|address|vehicle|company|advert)(\d{1,2})_([a-z_]+)$")


@dataclass(frozen=True)
class Row:
    """One input row: a signal to send, or the reasons it cannot be sent."""

    line: int
    signal: Signal | None
    violations: tuple[Violation, ...] = ()


def read_rows(path: Path, partner: str) -> Iterator[Row]:
    """Parse every row; rows for other partners are left out. The node validates each signal in
    full; here only what the wire format cannot carry (an unknown choice) is rejected."""
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson", ".json"):
        rows = _jsonl(path, partner)
    elif suffix == ".csv":
        rows = _csv(path)
    else:
        raise ValidationError([Violation("file", "import.format", i18n.t("import.format", suffix=suffix))])
    for line, data in rows:
        if isinstance(data, Violation):
            yield Row(line, None, (data,))
            continue
        try:
            signal = from_json(data, ignore=("partner",))
            check_choices(signal)
        except ValidationError as exc:
            yield Row(line, None, exc.violations)
            continue
        yield Row(line, signal)


def _jsonl(path: Path, partner: str) -> Iterator[tuple[int, dict | Violation]]:
    with path.open(encoding="utf-8-sig") as handle:
        for line, text in enumerate(handle, start=1):
            if not text.strip():
                continue
            try:
                data = json.loads(text)
            except json.JSONDecodeError as exc:
                yield line, Violation("", "import.json", i18n.t("import.json", error=exc.msg))
                continue
            if isinstance(data, dict) and data.get("partner", partner) != partner:
                continue
            yield line, data


def _csv(path: Path) -> Iterator[tuple[int, dict | Violation]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        header_line = handle.readline()
        handle.seek(0)
        delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
        reader = csv.DictReader(handle, delimiter=delimiter)
        header = reader.fieldnames or []
        unknown = [c for c in header if not _known_column(c)]
        if unknown:
            raise ValidationError(
                [Violation(f"header.{c}", "import.column", i18n.t("import.column", column=c)) for c in unknown]
            )
        for record in reader:
            if None in record:  # more cells than columns: a delimiter inside an unquoted cell?
                yield reader.line_num, Violation(
                    "", "import.extra_cells", i18n.t("import.extra_cells", count=len(record[None]))
                )
                continue
            yield reader.line_num, _row_to_json(record)


def _known_column(column: str) -> bool:
    if column in _SIGNAL_COLUMNS or column in ("reporter_name", "reporter_contact", "exploitation_types"):
        return True
    match = _NUMBERED.match(column)
    return bool(match) and match.group(3) in _SUBJECT_COLUMNS[match.group(1)][1]


def _cell(column: str, value: str | None):
    value = (value or "").strip()
    if column in _LIST_CELLS:
        return [v.strip() for v in value.split("|") if v.strip()]
    return value


def _row_to_json(record: dict[str, str | None]) -> dict:
    data: dict = {}
    subjects: dict[tuple[str, int], dict] = {}
    for column, value in record.items():
        if column in _SIGNAL_COLUMNS or column == "exploitation_types":
            data[column] = _cell(column, value)
        elif column in ("reporter_name", "reporter_contact"):
            data.setdefault("reporter", {})[column.removeprefix("reporter_")] = _cell(column, value)
        else:
            kind, number, name = _NUMBERED.match(column).groups()
            subjects.setdefault((kind, int(number)), {})[name] = _cell(name, value)
    for (kind, _), fields in sorted(subjects.items()):
        if any(fields.values()):
            data.setdefault(_SUBJECT_COLUMNS[kind][0], []).append(fields)
    return data
