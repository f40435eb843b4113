"""The byte-level privacy scan: every raw value of generated signals, as entered and normalised,
searched for in whatever must not hold them (the matcher's files, logs, metrics, the wire)."""

from __future__ import annotations

from signalmatch.node import normalise

# Shorter values (house numbers, additions, short names) would match random bytes, or base64 text
# such as the checkpoints in receipts, by chance. Matching is exact (case-sensitive): every form
# a value takes (as entered at each partner, and normalised) is searched for separately.
MIN_LENGTH = 6


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, (list, tuple)):
        return [s for v in value for s in _strings(v)]
    return []


def _normalised_forms(signal: dict) -> list[str]:
    forms = []
    for person in signal.get("persons", []):
        forms += [normalise.phone(p) for p in person.get("phones", [])]
        forms += [normalise.email(e) for e in person.get("emails", [])]
        if person.get("bsn"):
            forms.append(normalise.bsn(person["bsn"]))
        if person.get("date_of_birth") and person.get("surname") and person.get("given_names"):
            dob = normalise.date_of_birth(person["date_of_birth"])
            forms.append(normalise.name_dob(person["given_names"], person["surname"], dob.isoformat()))
            forms.append(dob.isoformat())
    for address in signal.get("addresses", []):
        forms.append(normalise.postcode(address["postcode"]))
        forms.append(normalise.address(address["postcode"], address["house_number"], address.get("addition", "")))
    forms += [normalise.kenteken(v["kenteken"]) for v in signal.get("vehicles", [])]
    for company in signal.get("companies", []):
        forms += [normalise.iban(i) for i in company.get("ibans", [])]
    forms += [normalise.url(a["url"]) for a in signal.get("adverts", [])]
    return forms


def raw_values(signals: list[dict]) -> set[str]:
    """Every identifier, name and free text as entered and as normalised; not the minimised metadata."""
    allowed = set()
    for s in signals:
        allowed |= {s["municipality"].lower(), s["partner"].lower(), *(e.lower() for e in s["exploitation_types"])}
        allowed |= {p.get("role", "").lower() for p in s.get("persons", [])}
    values = set()
    for s in signals:
        data = {k: v for k, v in s.items() if k not in ("partner", "municipality", "exploitation_types")}
        for person in data.get("persons", []):
            person.pop("role", None)
        for text in _strings(data) + _normalised_forms(s):
            text = text.strip()
            if len(text) >= MIN_LENGTH and text.lower() not in allowed:
                values.add(text)
    return values


def leaks(haystack: bytes, values: set[str]) -> list[str]:
    return sorted(v for v in values if v.encode("utf-8") in haystack)
