"""Bulk import of signals from CSV or JSONL files into a node, with a per-row error report.

JSONL: one signal object per line, in the format of docs/import-format.md. A line with a
"partner" key for another partner is skipped (a demo file holds all partners' signals).

Every physical line is read on its own, at most MAX_LINE_BYTES (a longer one is skipped without being
held in memory) and decoded as UTF-8 (a byte-order mark at the start of a line is dropped): a line
that is too long or not UTF-8 is a line-level error, and the import goes on with the next line.

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
from typing import Any

from signalmatch import i18n
from signalmatch.errors import ValidationError, Violation
from signalmatch.node.signal import Signal, check_choices, from_json

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
MAX_LINE_BYTES = 256 * 1024
_BOM = "\ufeff"


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


def _lines(path: Path) -> Iterator[tuple[int, str | Violation]]:
    """(line number, text with its line end) of each physical line, or the Violation of a line
    that is longer than MAX_LINE_BYTES or not UTF-8."""
    with path.open("rb") as handle:
        number = 0
        while raw := handle.readline(MAX_LINE_BYTES + 1):
            number += 1
            if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
                while raw and not raw.endswith(b"\n"):  # the rest of it, a chunk at a time
                    raw = handle.readline(MAX_LINE_BYTES)
                yield number, Violation("", "import.line_too_long", i18n.t("import.line_too_long", limit=MAX_LINE_BYTES))
                continue
            try:
                yield number, raw.decode("utf-8").removeprefix(_BOM)
            except UnicodeDecodeError as exc:
                yield number, Violation("", "import.encoding", i18n.t("import.encoding", position=exc.start + 1))


def _jsonl(path: Path, partner: str) -> Iterator[tuple[int, dict | Violation]]:
    for line, text in _lines(path):
        if isinstance(text, Violation):
            yield line, text
            continue
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
    lines = _lines(path)
    first = next(lines, (0, ""))[1]
    if isinstance(first, Violation):
        raise ValidationError([Violation("header", first.rule, first.description)])
    delimiter = ";" if first.count(";") > first.count(",") else ","
    header = next(csv.reader([first], delimiter=delimiter), [])
    unknown = [c for c in header if not _known_column(c)]
    if unknown:
        raise ValidationError(
            [Violation(f"header.{c}", "import.column", i18n.t("import.column", column=c)) for c in unknown]
        )
    skipped: list[tuple[int, Violation]] = []  # lines not fed to the CSV reader, reported in order
    position = [1]  # the physical line the reader has read up to

    def feed() -> Iterator[str]:
        for line, text in lines:
            if isinstance(text, Violation):
                skipped.append((line, text))
                continue
            position[0] = line
            yield text

    reader = csv.DictReader(feed(), fieldnames=header, delimiter=delimiter)
    while True:
        record: dict[Any, Any] | Violation
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            record = Violation("", "import.csv", i18n.t("import.csv", error=exc))
        yield from skipped
        skipped.clear()
        if isinstance(record, Violation):
            yield position[0], record
        elif None in record:  # more cells than columns: a delimiter inside an unquoted cell?
            yield position[0], Violation(
                "", "import.extra_cells", i18n.t("import.extra_cells", count=len(record[None]))
            )
        else:
            yield position[0], _row_to_json(record)
    yield from skipped


def _known_column(column: str) -> bool:
    if column in _SIGNAL_COLUMNS or column in ("reporter_name", "reporter_contact", "exploitation_types"):
        return True
    match = _NUMBERED.match(column)
    return match is not None and match.group(3) in _SUBJECT_COLUMNS[match.group(1)][1]


def _cell(column: str, value: str | None) -> str | list[str]:
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
            match = _NUMBERED.match(column)
            assert match is not None, column  # _csv refused a header with any other column
            kind, number, name = match.groups()
            subjects.setdefault((kind, int(number)), {})[name] = _cell(name, value)
    for (kind, _), fields in sorted(subjects.items()):
        if any(fields.values()):
            data.setdefault(_SUBJECT_COLUMNS[kind][0], []).append(fields)
    return data
