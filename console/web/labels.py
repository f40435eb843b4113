"""Display texts shared by the consoles (pure, no I/O): the words for the protocol's codes (hit
statuses, referral targets, closure and refusal reasons, exploitation types, subject roles, data
categories, answer states), a disclosed signal as labelled rows, and times in the table's local time.

The chair sees a disclosure with these rows once it is opened; the partner's officer previews
exactly the same rows before approving (console/web/officer_review.py)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, datetime

from google.protobuf.timestamp_pb2 import Timestamp

from signalmatch import i18n
from signalmatch.console.chair import ZONE
from signalmatch.console.officer import flatten

LABELS = i18n.register(
    {
        # a signal's state at its node
        "web.chair.signal_state.pending": {"nl": "actief · wacht op matcher", "en": "active · waiting for matcher"},
        "web.chair.signal_state.submitted": {"nl": "actief · bij de matcher", "en": "active · at the matcher"},
        "web.chair.signal_state.withdrawn": {"nl": "ingetrokken", "en": "withdrawn"},
        "web.chair.signal_state.refused": {"nl": "geweigerd door de matcher", "en": "refused by the matcher"},
        # hit statuses
        "web.chair.status.nieuw": {"nl": "nieuw", "en": "new"},
        "web.chair.status.in_behandeling": {"nl": "in behandeling", "en": "in progress"},
        "web.chair.status.info_opgevraagd": {"nl": "informatie opgevraagd", "en": "information requested"},
        "web.chair.status.besproken": {"nl": "besproken", "en": "discussed"},
        "web.chair.status.doorgeleid": {"nl": "doorgeleid", "en": "referred"},
        "web.chair.status.afgesloten": {"nl": "afgesloten", "en": "closed"},
        # referral targets (PartnerKind)
        "web.chair.target.politie": {"nl": "politie", "en": "police"},
        "web.chair.target.nla": {"nl": "NLA", "en": "NLA"},
        "web.chair.target.zorgcoordinator": {"nl": "zorgcoördinator", "en": "care coordinator"},
        "web.chair.target.veilig_thuis": {"nl": "Veilig Thuis", "en": "Veilig Thuis"},
        "web.chair.target.gemeente": {"nl": "gemeente", "en": "municipality"},
        "web.chair.target.om": {"nl": "OM", "en": "Public Prosecution (OM)"},
        "web.chair.target.kmar": {"nl": "KMar", "en": "KMar"},
        "web.chair.target.riec": {"nl": "RIEC", "en": "RIEC"},
        "web.chair.target.other": {"nl": "overig", "en": "other"},
        # closure reasons
        "web.chair.reason.geen-aanwijzing-mensenhandel": {
            "nl": "geen aanwijzing voor mensenhandel",
            "en": "no indication of trafficking",
        },
        "web.chair.reason.onvoldoende-informatie": {"nl": "onvoldoende informatie", "en": "insufficient information"},
        "web.chair.reason.elders-in-behandeling": {"nl": "elders in behandeling", "en": "handled elsewhere"},
        "web.chair.reason.dubbele-melding": {"nl": "dubbele melding", "en": "duplicate report"},
        "web.chair.reason.overig": {"nl": "overig", "en": "other"},
        # refusal reasons of partners
        "web.chair.refusal.geen-grondslag": {"nl": "geen grondslag", "en": "no legal basis"},
        "web.chair.refusal.niet-noodzakelijk": {"nl": "niet noodzakelijk", "en": "not necessary"},
        "web.chair.refusal.niet-proportioneel": {"nl": "niet proportioneel", "en": "not proportionate"},
        "web.chair.refusal.lopend-onderzoek": {"nl": "lopend onderzoek", "en": "ongoing investigation"},
        "web.chair.refusal.bronbescherming": {"nl": "bronbescherming", "en": "protection of the source"},
        "web.chair.refusal.ongeldig-verzoek": {"nl": "ongeldig verzoek", "en": "invalid request"},
        "web.chair.refusal.overig": {"nl": "overig", "en": "other"},
        # exploitation types
        "web.chair.exploitation.seksuele_uitbuiting": {"nl": "seksuele uitbuiting", "en": "sexual exploitation"},
        "web.chair.exploitation.arbeidsuitbuiting": {"nl": "arbeidsuitbuiting", "en": "labour exploitation"},
        "web.chair.exploitation.criminele_uitbuiting": {"nl": "criminele uitbuiting", "en": "criminal exploitation"},
        "web.chair.exploitation.gedwongen_orgaanverwijdering": {
            "nl": "gedwongen orgaanverwijdering",
            "en": "forced organ removal",
        },
        "web.chair.exploitation.overig": {"nl": "overig", "en": "other"},
        "web.chair.exploitation.onbekend": {"nl": "onbekend", "en": "unknown"},
        # subject roles
        "web.chair.role.mogelijk_slachtoffer": {"nl": "mogelijk slachtoffer", "en": "possible victim"},
        "web.chair.role.mogelijke_dader": {"nl": "mogelijke dader", "en": "possible perpetrator"},
        "web.chair.role.betrokkene": {"nl": "betrokkene", "en": "other person involved"},
        # data categories
        "web.chair.category.persons": {"nl": "personen (naam, geboortedatum)", "en": "persons (name, date of birth)"},
        "web.chair.category.identity_numbers": {"nl": "BSN", "en": "citizen service numbers (BSN)"},
        "web.chair.category.contact_details": {
            "nl": "contactgegevens (telefoon, e-mail)",
            "en": "contact details (phone, e-mail)",
        },
        "web.chair.category.addresses": {"nl": "adressen", "en": "addresses"},
        "web.chair.category.vehicles": {"nl": "voertuigen", "en": "vehicles"},
        "web.chair.category.companies": {"nl": "bedrijven (KvK, IBAN)", "en": "companies (KvK, IBAN)"},
        "web.chair.category.adverts": {"nl": "advertenties", "en": "adverts"},
        "web.chair.category.circumstances": {
            "nl": "omstandigheden (datum, plaats, gemeente)",
            "en": "circumstances (date, place, municipality)",
        },
        "web.chair.category.explanation": {"nl": "toelichting", "en": "explanation"},
        # answer states
        "web.chair.answer.pending": {"nl": "wacht op antwoord", "en": "awaiting answer"},
        "web.chair.answer.approved": {"nl": "verstrekt", "en": "disclosed"},
        "web.chair.answer.refused": {"nl": "geweigerd", "en": "refused"},
        "web.chair.answer.expired": {"nl": "verlopen", "en": "expired"},
        # disclosed fields
        "web.chair.field.observed_at": {"nl": "datum waarneming", "en": "date observed"},
        "web.chair.field.place": {"nl": "plaats", "en": "place"},
        "web.chair.field.municipality": {"nl": "gemeente", "en": "municipality"},
        "web.chair.field.explanation": {"nl": "toelichting", "en": "explanation"},
        "web.chair.field.exploitation_types": {"nl": "uitbuiting", "en": "exploitation"},
        "web.chair.field.persons": {"nl": "persoon", "en": "person"},
        "web.chair.field.given_names": {"nl": "voornamen", "en": "given names"},
        "web.chair.field.surname": {"nl": "achternaam", "en": "surname"},
        "web.chair.field.date_of_birth": {"nl": "geboortedatum", "en": "date of birth"},
        "web.chair.field.bsn": {"nl": "BSN", "en": "BSN"},
        "web.chair.field.role": {"nl": "rol", "en": "role"},
        "web.chair.field.phones": {"nl": "telefoon", "en": "phone"},
        "web.chair.field.emails": {"nl": "e-mail", "en": "e-mail"},
        "web.chair.field.addresses": {"nl": "adres", "en": "address"},
        "web.chair.field.street": {"nl": "straat", "en": "street"},
        "web.chair.field.house_number": {"nl": "huisnummer", "en": "house number"},
        "web.chair.field.addition": {"nl": "toevoeging", "en": "addition"},
        "web.chair.field.postcode": {"nl": "postcode", "en": "postcode"},
        "web.chair.field.city": {"nl": "woonplaats", "en": "city"},
        "web.chair.field.vehicles": {"nl": "voertuig", "en": "vehicle"},
        "web.chair.field.kenteken": {"nl": "kenteken", "en": "licence plate"},
        "web.chair.field.companies": {"nl": "bedrijf", "en": "company"},
        "web.chair.field.name": {"nl": "naam", "en": "name"},
        "web.chair.field.kvk": {"nl": "KvK-nummer", "en": "KvK number"},
        "web.chair.field.ibans": {"nl": "IBAN", "en": "IBAN"},
        "web.chair.field.adverts": {"nl": "advertentie", "en": "advert"},
        "web.chair.field.url": {"nl": "adres (URL)", "en": "URL"},
    }
)


def label(group: str, value: str) -> str:
    """The display text of a short enum/code name, e.g. label("status", "in_behandeling"); the name
    itself for a value this console has no text for (a newer matcher)."""
    key = f"web.chair.{group}.{value}"
    return i18n.t(key) if key in LABELS else value


# -- times ---------------------------------------------------------------------------------------


def local_time(ts: Timestamp) -> datetime | None:
    return ts.ToDatetime(tzinfo=UTC).astimezone(ZONE) if ts.seconds or ts.nanos else None


def when(ts: Timestamp) -> str:
    """ "14-03-2026 10:15" in Dutch time; "" for an unset timestamp."""
    moment = local_time(ts)
    return moment.strftime("%d-%m-%Y %H:%M") if moment else ""


def when_text(rfc3339: str) -> str:
    """when() for the RFC 3339 strings of console/chair.py's summaries."""
    if not rfc3339:
        return ""
    ts = Timestamp()
    ts.FromJsonString(rfc3339)
    return when(ts)


_INDEX = re.compile(r"^(\w+)\[(\d+)\]$")


def field_label(path: str) -> str:
    """ "persons[0].surname" -> "persoon 1 · achternaam"."""
    parts = []
    for part in path.split("."):
        indexed = _INDEX.match(part)
        if indexed:
            parts.append(f"{label('field', indexed.group(1))} {int(indexed.group(2)) + 1}")
        else:
            parts.append(label("field", part))
    return " · ".join(parts)


def disclosed_rows(fields: Mapping) -> tuple[tuple[str, str], ...]:
    """A disclosed signal (node.disclosure.signal_fields) as labelled rows, codes as words."""
    readable = dict(fields)
    if "exploitation_types" in readable:
        readable["exploitation_types"] = [label("exploitation", e) for e in readable["exploitation_types"]]
    if "persons" in readable:
        readable["persons"] = [
            {**p, "role": label("role", p["role"])} if "role" in p else p for p in readable["persons"]
        ]
    return tuple((field_label(path), value) for path, value in flatten(readable))
