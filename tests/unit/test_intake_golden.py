"""Golden values of the node's intake, pinned before issue 15's speed-ups (computed with the code
of commit 2cb7177 and committed in tests/fixtures/golden/intake.json): for fixed inputs and a fixed
key, every validation verdict (the accepted identifiers and metadata, or each violation's field,
rule and text), every submission's bytes (HMAC tokens and fuzzy encodings included), and every
person and address encoding under both hardenings stay byte for byte what they were.

The inputs are generated signals, the same signals with awkward values put in (typos, control
characters, two-digit years, sort-form names, foreign numbers, ...), and the records of the
linkage generator; they are stored in the fixture, so a change of the generators changes nothing
here. `python -m tests.unit.test_intake_golden --write` rewrites the fixture, which is only right
for a deliberate, documented change of what the node computes.
"""

from __future__ import annotations

import hashlib
import json
import random
import sys
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from signalmatch import i18n
from signalmatch.errors import ValidationError
from signalmatch.node import fuzzy, intake
from signalmatch.node.fuzzy import AddressRecord, PersonRecord, encode_address, encode_person, fuzzy_key
from signalmatch.node.pseudonymise import TokenKey
from signalmatch.node.signal import from_json, validate

FIXTURE = Path(__file__).parent.parent / "fixtures" / "golden" / "intake.json"
TODAY = date(2026, 12, 7)
KEY = TokenKey("midden-nederland", 3, bytes(range(32)))
PREVIOUS = TokenKey("midden-nederland", 2, bytes(range(32, 64)))

# Values put into generated signals to reach the rarer paths of validation and normalisation.
AWKWARD: dict[str, list[Any]] = {
    "phones": [
        "06-12345678",
        "+31 6 1234 5678",
        "0031612345678",
        "020-5551234",
        "+44 20 7946 0958",
        "12345",
        "06 1234 567",
        "(030) 123 45 67",
        "+31 (0)6 12345678",
        "tel: 0612345678",
        "+32 470 12 34 56",
        "0800-1234",
        "088 123 4567",
        "+3161234567",
        "06123456789",
        "+1 202 555 0143",
        "  ",
        "\u0660\u0666",
    ],
    "emails": ["Jan.Jansen@Example.NL", "mailto:x@y.nl", "a@b", "jan@münchen.de", "x@@y.nl", "ünï@kode.nl"],
    "bsn": ["111222333", "11122233", "123456789", "1112.22.333", "000000000", "abc", "1234567890"],
    "given_names": ["J.W.", "Jan van den", "Ánna-María", "O'Neil", "Jan\x07", "Zoë", "  ", "1Jan", "Mohammed Ali"],
    "surname": ["Berg, van den", "v.d. Berg", "Berg van den", "d'Ancona", "Van", "Ĳsselmeer", "de  Vries", "van"],
    "date_of_birth": [
        "03/04/98",
        "3 april 1998",
        "03041998",
        "1998-13-01",
        "31-02-1990",
        "1899-12-31",
        "12.11.1985",
        "2030-01-01",
        "7-8-27",
        "25 dec 1970",
        "1990/05/06",
    ],
    "street": ["Burg. van Heemstralaan 12-2", "Kerkstr.", "Lange Nieuwstraat 3 A", "Hoge Weg", "  ", "St. Jansstraat"],
    "house_number": ["12a", "12 - A", "0012", "123456", "12-bis", "7/2"],
    "postcode": ["3511 ab", "3511-AB", "0123 AB", "3511 SA", "SW1A 1AA", "35111AB"],
    "addition": ["a", "bis", "II", "1234567"],
    "kenteken": ["xx-123-x", "12-ABC-3", "AB-12-CD", "ABCDEF", "A1-B2-C3"],
    "kvk": ["12345678", "1234.5678", "1234567"],
    "ibans": ["NL91 ABNA 0417 1643 00", "NL91ABNA0417164301", "DE89370400440532013000", "XX00"],
    "url": ["www.Example.nl/Pad/?b=2&a=1#x", "http://user@example.nl:443/", "javascript:alert(1)", "example"],
    "observed_at": ["2026-13-01", "2030-01-01", "1899-05-01", "2026-03-04T10:00:00", "2026-03-04T10:00:00Z"],
    "municipality": ["utrecht", "Amsterdam", "  Stichtse   Vecht ", ""],
    "explanation": ["regel\neen\ttwee", "bel\x00", "   "],
}


def _awkward_signals(signals: list[dict], rng: random.Random, count: int) -> list[dict]:
    out = []
    for _ in range(count):
        s = json.loads(json.dumps(rng.choice(signals)))
        for _ in range(rng.randint(1, 3)):
            field = rng.choice(sorted(AWKWARD))
            value = rng.choice(AWKWARD[field])
            if field in ("observed_at", "municipality", "explanation"):
                s[field] = value
            elif field in ("phones", "emails", "bsn", "given_names", "surname", "date_of_birth") and s.get("persons"):
                person = rng.choice(s["persons"])
                person[field] = [value] if field in ("phones", "emails") else value
            elif field in ("street", "house_number", "postcode", "addition") and s.get("addresses"):
                rng.choice(s["addresses"])[field] = value
            elif field == "kenteken":
                s.setdefault("vehicles", []).append({"kenteken": value})
            elif field in ("kvk", "ibans"):
                s.setdefault("companies", []).append({"name": "Bedrijf", field: [value] if field == "ibans" else value})
            elif field == "url":
                s.setdefault("adverts", []).append({"url": value})
        out.append(s)
    return out


def make_inputs() -> dict[str, Any]:
    from signalmatch.synthetic.corrupt import linkage_dataset
    from signalmatch.synthetic.generate import generate

    signals = [{k: v for k, v in s.items() if k != "partner"} for s in generate(7, 120).signals]
    signals += _awkward_signals(signals, random.Random(15), 160)
    data = linkage_dataset(seed=3, records=200)
    records = [
        [r.given_names, r.surname, r.date_of_birth, r.street, r.house_number, r.postcode, r.city]
        for r in (*data.a, *data.b)
    ]
    return {"signals": signals, "records": records}


def _digest(value: Any) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True, ensure_ascii=True).encode()).hexdigest()[:20]


def _encoding(found: Any) -> Any:
    return None if found is None else [found.kind, found.bits.hex(), [b.hex() for b in found.blocks]]


def signal_outcome(index: int, raw: dict) -> Any:
    """What the node makes of one signal: the violations, or the accepted signal and its submission."""
    try:
        signal = from_json(raw)
        accepted = validate(signal, today=TODAY)
    except ValidationError as exc:
        return ["refused", [[v.field, v.rule, v.description] for v in exc.violations]]
    message, current = intake.pseudonymise(accepted, f"golden{index:04d}", KEY, (PREVIOUS,), fuzzy=True)
    return [
        "accepted",
        [[kind.value, value] for kind, value in accepted.identifiers],
        [
            list(accepted.metadata.exploitation_types),
            accepted.metadata.municipality,
            accepted.metadata.month,
            list(accepted.metadata.subject_roles),
        ],
        hashlib.sha256(message.SerializeToString(deterministic=True)).hexdigest(),
        [[kind.value, value.hex()] for kind, value in current],
    ]


def record_outcome(record: list[str]) -> Any:
    given, surname, born, street, number, postcode, city = record
    secret = fuzzy_key(KEY)
    return [
        [
            _encoding(encode_person(secret, PersonRecord(given, surname, born), hardening=h, today=TODAY)),
            _encoding(encode_address(secret, AddressRecord(street, number, postcode, city), hardening=h)),
        ]
        for h in ("xor", "none")
    ]


class _FixedDatetime(datetime):
    @classmethod
    def now(cls, tz: Any = None) -> Any:
        return datetime(TODAY.year, TODAY.month, TODAY.day, 12, tzinfo=tz or UTC)


def outcomes(inputs: dict[str, Any]) -> dict[str, list[str]]:
    with i18n.using("nl"):  # the violations' texts are pinned in Dutch
        return {
            "signals": [_digest(signal_outcome(i, s)) for i, s in enumerate(inputs["signals"])],
            "records": [_digest(record_outcome(r)) for r in inputs["records"]],
        }


@pytest.fixture
def golden(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    monkeypatch.setattr(fuzzy, "datetime", _FixedDatetime)  # intake's encodings read two-digit years with today
    loaded: dict[str, Any] = json.loads(FIXTURE.read_text(encoding="utf-8"))
    return loaded


def test_every_signal_gets_the_same_verdict_tokens_and_encodings(golden: dict[str, Any]) -> None:
    found = outcomes({"signals": golden["inputs"]["signals"], "records": []})["signals"]
    wrong = [i for i, (a, b) in enumerate(zip(found, golden["expected"]["signals"], strict=True)) if a != b]
    assert not wrong, f"signals whose outcome changed: {wrong[:20]}"
    with i18n.using("nl"):
        verdicts = [signal_outcome(i, s)[0] for i, s in enumerate(golden["inputs"]["signals"])]
    assert 100 < verdicts.count("accepted") and 50 < verdicts.count("refused")


def test_every_person_and_address_encoding_is_the_same(golden: dict[str, Any]) -> None:
    found = outcomes({"signals": [], "records": golden["inputs"]["records"]})["records"]
    wrong = [i for i, (a, b) in enumerate(zip(found, golden["expected"]["records"], strict=True)) if a != b]
    assert not wrong, f"records whose encodings changed: {wrong[:20]}"


def test_the_same_encodings_again_from_warm_caches(golden: dict[str, Any]) -> None:
    """A second pass (every cache filled) gives what the first gave."""
    records = golden["inputs"]["records"][:100]
    first = [record_outcome(r) for r in records]
    assert [record_outcome(r) for r in records] == first
    assert [_digest(r) for r in first] == golden["expected"]["records"][:100]


if __name__ == "__main__" and sys.argv[1:] == ["--write"]:
    fuzzy.datetime = _FixedDatetime  # type: ignore[misc]  # as the fixture above does
    made = make_inputs()
    FIXTURE.write_text(
        json.dumps({"inputs": made, "expected": outcomes(made)}, ensure_ascii=False, separators=(",", ":")) + "\n"
    )
    print(f"wrote {FIXTURE}")
