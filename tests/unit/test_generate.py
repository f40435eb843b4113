"""Synthetic signals (synthetic/generate.py): format, validity, determinism and planted overlaps.

The normalisers here are written independently of the generator (and of node/normalise.py), so
that a planted value is recognised from its written form, not from the generator's own records.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from datetime import UTC, date, datetime
from pathlib import Path

import phonenumbers
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from signalmatch.errors import ValidationError
from signalmatch.synthetic.generate import DEFAULT_PARTNERS, Dataset, generate, read_truth, truth_path, write

TODAY = date(2026, 11, 1)
MUNICIPALITIES = {
    "Amersfoort",
    "Baarn",
    "De Bilt",
    "Bunnik",
    "Bunschoten",
    "Eemnes",
    "Houten",
    "IJsselstein",
    "Leusden",
    "Lopik",
    "Montfoort",
    "Nieuwegein",
    "Oudewater",
    "Renswoude",
    "Rhenen",
    "De Ronde Venen",
    "Soest",
    "Stichtse Vecht",
    "Utrecht",
    "Utrechtse Heuvelrug",
    "Veenendaal",
    "Vijfheerenlanden",
    "Wijk bij Duurstede",
    "Woerden",
    "Woudenberg",
    "Zeist",
    "Blaricum",
    "Gooise Meren",
    "Hilversum",
    "Huizen",
    "Laren",
    "Wijdemeren",
}
EXPLOITATION = {
    "seksuele_uitbuiting",
    "arbeidsuitbuiting",
    "criminele_uitbuiting",
    "gedwongen_orgaanverwijdering",
    "overig",
    "onbekend",
}
KINDS = ("bsn", "phone", "email", "address", "kenteken", "kvk", "iban", "url", "name_dob")
ROLES = {"mogelijk_slachtoffer", "mogelijke_dader", "betrokkene"}
TOP_KEYS = {
    "partner",
    "external_id",
    "observed_at",
    "municipality",
    "place",
    "reporter",
    "exploitation_types",
    "explanation",
    "persons",
    "addresses",
    "vehicles",
    "companies",
    "adverts",
}
REQUIRED = {"partner", "external_id", "observed_at", "municipality", "exploitation_types", "explanation"}
SUBJECT_KEYS = {
    "persons": {"role", "given_names", "surname", "date_of_birth", "bsn", "phones", "emails"},
    "addresses": {"street", "house_number", "addition", "postcode", "city"},
    "vehicles": {"kenteken"},
    "companies": {"name", "kvk", "ibans"},
    "adverts": {"url"},
}
LIST_FIELDS = {"phones", "emails", "ibans"}
PARTICLES = {"van", "de", "der", "den", "te", "ter", "ten", "in", "'t", "op", "da", "dos", "het"}
NAME = re.compile(r"^[^\W\d_](?:[^\W\d_]|[ .,'-])*$")
SIDECODES = [
    re.compile(p)
    for p in (
        r"[A-Z]{2}\d{2}\d{2}",
        r"\d{2}\d{2}[A-Z]{2}",
        r"\d{2}[A-Z]{2}\d{2}",
        r"[A-Z]{2}\d{2}[A-Z]{2}",
        r"[A-Z]{2}[A-Z]{2}\d{2}",
        r"\d{2}[A-Z]{2}[A-Z]{2}",
        r"\d{2}[A-Z]{3}\d",
        r"\d[A-Z]{3}\d{2}",
        r"[A-Z]{2}\d{3}[A-Z]",
        r"[A-Z]\d{3}[A-Z]{2}",
        r"[A-Z]{3}\d{2}[A-Z]",
        r"[A-Z]\d{2}[A-Z]{3}",
        r"\d[A-Z]{2}\d{3}",
        r"\d{3}[A-Z]{2}\d",
    )
]


# -- independent normalisers and checks -----------------------------------------------------------


def elfproef(bsn: str) -> bool:
    if not re.fullmatch(r"\d{9}", bsn):
        return False
    return (sum(int(c) * w for c, w in zip(bsn[:8], range(9, 1, -1), strict=True)) - int(bsn[8])) % 11 == 0


def mod97(iban: str) -> bool:
    compact = iban.replace(" ", "").upper()
    rearranged = compact[4:] + compact[:4]
    return int("".join(str(int(c, 36)) for c in rearranged)) % 97 == 1


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def parse_dob(text: str) -> date:
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return date.fromisoformat(text)
    day, month, year = re.fullmatch(r"(\d{1,2})-(\d{1,2})-(\d{4})", text).groups()
    return date(int(year), int(month), int(day))


def norm_phone(text: str) -> str:
    digits = re.sub(r"\D", "", text)
    if text.startswith("+"):
        digits = "00" + digits
    if digits.startswith("0031"):
        digits = "0" + digits[4:]
    return digits


def norm_postcode(text: str) -> str:
    return text.replace(" ", "").upper()


def norm_name(given: str, surname: str, dob: str) -> str:
    words = fold(surname).split()
    while len(words) > 1 and words[0] in PARTICLES:
        words.pop(0)
    return f"{fold(given).split()[0]}|{''.join(words)}|{parse_dob(dob).isoformat()}"


def identifiers(signal: dict) -> list[tuple[tuple[str, str], object]]:
    """((kind, normalised value), raw form) for every identifier the signal carries."""
    out: list[tuple[tuple[str, str], object]] = []
    for p in signal.get("persons", []):
        if p.get("bsn"):
            out.append((("bsn", re.sub(r"[ .]", "", p["bsn"])), p["bsn"]))
        out += [(("phone", norm_phone(x)), x) for x in p.get("phones", [])]
        out += [(("email", x.lower()), x) for x in p.get("emails", [])]
        if p.get("given_names") and p.get("surname") and p.get("date_of_birth"):
            raw = (p["given_names"], p["surname"], p["date_of_birth"])
            out.append((("name_dob", norm_name(*raw)), raw))
    for a in signal.get("addresses", []):
        key = f"{norm_postcode(a['postcode'])}|{a['house_number']}|{a.get('addition', '').upper()}"
        out.append((("address", key), (a["postcode"], a["house_number"], a.get("addition", ""))))
    for v in signal.get("vehicles", []):
        out.append((("kenteken", re.sub(r"[^A-Za-z0-9]", "", v["kenteken"]).upper()), v["kenteken"]))
    for c in signal.get("companies", []):
        if c.get("kvk"):
            out.append((("kvk", re.sub(r"\D", "", c["kvk"])), c["kvk"]))
        out += [(("iban", x.replace(" ", "").upper()), x) for x in c.get("ibans", [])]
    for a in signal.get("adverts", []):
        out.append((("url", a["url"].lower()), a["url"]))
    return out


def expected_hits(signals: list[dict]) -> dict[frozenset, set[str]]:
    """Connected components of signals linked by a value that 2+ partners hold, with their kinds."""
    holders: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, signal in enumerate(signals):
        for key, _ in identifiers(signal):
            if i not in holders[key]:
                holders[key].append(i)
    parent = list(range(len(signals)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    linking = {k: v for k, v in holders.items() if len({signals[i]["partner"] for i in v}) >= 2}
    for members in linking.values():
        for i in members[1:]:
            parent[find(i)] = find(members[0])
    components: dict[int, set[int]] = defaultdict(set)
    kinds: dict[int, set[str]] = defaultdict(set)
    for (kind, _), members in linking.items():
        root = find(members[0])
        components[root].update(members)
        kinds[root].add(kind)
    return {
        frozenset((signals[i]["partner"], signals[i]["external_id"]) for i in members): kinds[root]
        for root, members in components.items()
    }


def check_dataset(dataset: Dataset, partners: tuple[str, ...]) -> None:
    """Every invariant that must hold for any seed, size and partner list."""
    signals = dataset.signals
    ids = [(s["partner"], s["external_id"]) for s in signals]
    assert len(set(s["external_id"] for s in signals)) == len(signals)
    for signal in signals:
        check_signal(signal, partners)

    # The only cross-partner overlaps are exactly the planted ones, with exactly their kinds.
    planted = {frozenset(o.members): set(o.kinds) for o in dataset.overlaps}
    assert len(planted) == len(dataset.overlaps)
    assert expected_hits(signals) == planted
    index = {key: i for i, key in enumerate(ids)}
    seen: set[tuple[str, str]] = set()
    for overlap in dataset.overlaps:
        assert 2 <= len(overlap.members) <= 3
        assert len({p for p, _ in overlap.members}) == len(overlap.members)  # distinct partners
        assert not seen & set(overlap.members)  # a signal is in one overlap at most
        seen |= set(overlap.members)
        assert list(overlap.kinds) == [k for k in KINDS if k in overlap.kinds]  # canonical order, no repeats
        # each shared value is written differently at each member
        raw: dict[tuple[str, str], dict[str, object]] = defaultdict(dict)
        for partner, external_id in overlap.members:
            for key, form in identifiers(signals[index[(partner, external_id)]]):
                raw[key][partner] = form
        shared = {k: forms for k, forms in raw.items() if len(forms) >= 2}
        assert {k for k, _ in shared} == set(overlap.kinds)
        for forms in shared.values():
            assert len(set(forms.values())) == len(forms), forms


def check_signal(signal: dict, partners: tuple[str, ...]) -> None:
    assert REQUIRED <= signal.keys() <= TOP_KEYS
    assert signal["partner"] in partners
    prefix = re.sub(r"[^A-Z0-9]+", "-", signal["partner"].upper())
    assert re.fullmatch(rf"{prefix}-20\d\d-\d{{6}}", signal["external_id"])
    observed = datetime.fromisoformat(signal["observed_at"])
    assert observed.tzinfo is not None and observed.utcoffset().total_seconds() in (3600, 7200)
    assert observed.astimezone(UTC).date() < TODAY
    assert signal["municipality"] in MUNICIPALITIES
    assert signal["exploitation_types"] and set(signal["exploitation_types"]) <= EXPLOITATION
    assert isinstance(signal["explanation"], str) and len(signal["explanation"]) > 20
    assert "{" not in signal["explanation"] and "}" not in signal["explanation"]
    assert isinstance(signal.get("place", ""), str)
    if "reporter" in signal:
        assert signal["reporter"].keys() == {"name", "contact"}
        contact = signal["reporter"]["contact"]
        assert re.fullmatch(r"[a-z.]+@example\.(com|nl|org)", contact) or re.fullmatch(r"0\d{2,3}-\d{6,7}", contact)
    for key, allowed in SUBJECT_KEYS.items():
        for item in signal.get(key, []):
            assert item and item.keys() <= allowed, item
            for field, value in item.items():
                if field in LIST_FIELDS:
                    assert value and all(isinstance(v, str) and v for v in value)
                else:
                    assert isinstance(value, str) and value
    for person in signal.get("persons", []):
        assert person["role"] in ROLES
        assert person.keys() - {"role"}, person  # never an empty person
        for name_field in ("given_names", "surname"):
            if name_field in person:
                assert NAME.match(person[name_field]), person[name_field]
                assert unicodedata.is_normalized("NFC", person[name_field])
        if "date_of_birth" in person:
            assert date(1940, 1, 1) < parse_dob(person["date_of_birth"]) < date(2015, 1, 1)
        if "bsn" in person:
            assert re.fullmatch(r"\d{9}|\d{4}\.\d{2}\.\d{3}|\d{3}[ .]\d{3}[ .]\d{3}", person["bsn"])
            assert elfproef(re.sub(r"\D", "", person["bsn"])), person["bsn"]
        for phone in person.get("phones", []):
            parsed = phonenumbers.parse(phone, "NL")
            assert phonenumbers.is_valid_number(parsed), phone
            assert phonenumbers.number_type(parsed) == phonenumbers.PhoneNumberType.MOBILE
            assert (
                phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164) == "+31" + norm_phone(phone)[1:]
            )
        for email in person.get("emails", []):
            assert re.fullmatch(r"[a-z0-9._]+@example\.(com|nl|org)", email.lower()), email
    for address in signal.get("addresses", []):
        match = re.fullmatch(r"([1-9]\d{3}) ?([A-Za-z]{2})", address["postcode"])
        assert match and match.group(2).upper() not in {"SA", "SD", "SS"}, address["postcode"]
        assert re.fullmatch(r"[1-9]\d*", address["house_number"])
        assert {"street", "city"} <= address.keys()
    for vehicle in signal.get("vehicles", []):
        assert re.fullmatch(r"[A-Za-z0-9]+(?:[- ][A-Za-z0-9]+){0,2}", vehicle["kenteken"])
        compact = re.sub(r"[- ]", "", vehicle["kenteken"]).upper()
        assert any(p.fullmatch(compact) for p in SIDECODES), vehicle["kenteken"]
        assert not re.search(r"[AEIOUCQMW]", compact)
    for company in signal.get("companies", []):
        assert company.get("name")
        if "kvk" in company:
            assert re.fullmatch(r"\d{8}", re.sub(r" ", "", company["kvk"]))
        for iban in company.get("ibans", []):
            compact = iban.replace(" ", "").upper()
            assert re.fullmatch(r"NL\d{2}(ABNA|INGB|RABO|SNSB|TRIO|BUNQ|KNAB|ASNB|RBRB)\d{10}", compact), iban
            assert mod97(iban), iban
    for advert in signal.get("adverts", []):
        assert re.fullmatch(r"https://[a-z.]+\.example\.(com|nl|org)/[a-z0-9/-]+", advert["url"].lower())


# -- tests -----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return generate(20261101, 1500)


def test_counts_spread_and_overlap_share(dataset: Dataset) -> None:
    assert len(dataset.signals) == 1500
    per_partner = defaultdict(int)
    for signal in dataset.signals:
        per_partner[signal["partner"]] += 1
    assert set(per_partner) == set(DEFAULT_PARTNERS)
    assert min(per_partner.values()) > 150
    members = sum(len(o.members) for o in dataset.overlaps)
    assert 0.10 <= members / len(dataset.signals) <= 0.15
    assert [o.id for o in dataset.overlaps] == [f"ov-{i:04d}" for i in range(1, len(dataset.overlaps) + 1)]


def test_every_signal_has_the_import_schema_and_valid_values(dataset: Dataset) -> None:
    for signal in dataset.signals:
        check_signal(signal, DEFAULT_PARTNERS)


def test_planted_overlaps_are_the_only_cross_partner_overlaps(dataset: Dataset) -> None:
    check_dataset(dataset, DEFAULT_PARTNERS)


def test_overlaps_cover_every_kind_chains_and_multi_kind_links(dataset: Dataset) -> None:
    kinds = {k for o in dataset.overlaps for k in o.kinds}
    assert kinds == {"bsn", "phone", "email", "address", "kenteken", "kvk", "iban", "url", "name_dob"}
    index = {(s["partner"], s["external_id"]): s for s in dataset.signals}
    chains = 0
    for overlap in dataset.overlaps:
        if len(overlap.members) != 3:
            continue
        keysets = [{k for k, _ in identifiers(index[m])} for m in overlap.members]
        if not keysets[0] & keysets[1] & keysets[2]:  # no value held by all three: a chain
            chains += 1
    assert chains >= 3
    assert any(len(o.members) == 2 and len(o.kinds) >= 2 for o in dataset.overlaps)


def test_name_dob_overlaps_differ_in_case_diacritics_or_date_format(dataset: Dataset) -> None:
    index = {(s["partner"], s["external_id"]): s for s in dataset.signals}
    forms = []
    for overlap in dataset.overlaps:
        if "name_dob" in overlap.kinds:
            for member in overlap.members:
                forms += [raw for (kind, _), raw in identifiers(index[member]) if kind == "name_dob"]
    assert any(not re.fullmatch(r"\d{4}-\d{2}-\d{2}", dob) for _, _, dob in forms)
    assert any(re.fullmatch(r"\d{4}-\d{2}-\d{2}", dob) for _, _, dob in forms)
    assert any(given.islower() or surname.isupper() for given, surname, _ in forms)


def test_same_partner_shares_exist_and_are_not_in_the_truth(dataset: Dataset) -> None:
    holders: dict[tuple[str, str], set[tuple[str, str]]] = defaultdict(set)
    for signal in dataset.signals:
        for key, _ in identifiers(signal):
            holders[key].add((signal["partner"], signal["external_id"]))
    in_truth = {m for o in dataset.overlaps for m in o.members}
    same_partner = [h for h in holders.values() if len(h) >= 2 and len({p for p, _ in h}) == 1]
    assert len(same_partner) >= 5
    assert all(not (h & in_truth) for h in same_partner)


def test_background_values_are_unique_across_partners(dataset: Dataset) -> None:
    """A value held by two or more partners is a planted one: all its holders are in one overlap."""
    overlap_of = {m: o.id for o in dataset.overlaps for m in o.members}
    holders: dict[tuple[str, str], set[tuple[str, str]]] = defaultdict(set)
    for signal in dataset.signals:
        for key, _ in identifiers(signal):
            holders[key].add((signal["partner"], signal["external_id"]))
    crossing = [h for h in holders.values() if len({p for p, _ in h}) >= 2]
    assert len(crossing) >= len(dataset.overlaps)
    for h in crossing:
        assert len(h) <= 3
        assert len({overlap_of.get(m) for m in h}) == 1 and None not in {overlap_of.get(m) for m in h}


def test_uniqueness_holds_at_scale() -> None:
    """At 10,000 signals random values would collide by chance; the registry must prevent that."""
    dataset = generate(5, 10_000)
    assert expected_hits(dataset.signals) == {frozenset(o.members): set(o.kinds) for o in dataset.overlaps}


def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path: Path) -> None:
    files = []
    for name, seed in (("a", 7), ("b", 7), ("c", 8)):
        out = tmp_path / name / "signals.jsonl"
        truth = write(generate(seed, 300), out)
        assert truth == out.with_name("signals.truth.json")
        files.append((out.read_bytes(), truth.read_bytes()))
    assert files[0] == files[1]
    assert files[0][0] != files[2][0] and files[0][1] != files[2][1]


def test_write_and_read_truth_round_trip(tmp_path: Path) -> None:
    dataset = generate(3, 200)
    out = tmp_path / "x.jsonl"
    truth = write(dataset, out)
    assert truth_path(out) == truth == tmp_path / "x.truth.json"
    assert truth_path(tmp_path / "signals") == tmp_path / "signals.truth.json"
    assert read_truth(truth) == dataset.overlaps
    raw = json.loads(truth.read_text(encoding="utf-8"))
    assert raw["seed"] == 3 and raw["signals"] == 200 and raw["partners"] == list(DEFAULT_PARTNERS)
    assert raw["overlaps"][0].keys() == {"id", "kinds", "similar", "members"}
    assert raw["overlaps"][0]["members"][0].keys() == {"partner", "external_id"}
    lines = out.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines] == dataset.signals


def test_custom_partners_and_municipality_of_a_gemeente() -> None:
    partners = ("gemeente-utrecht", "nla", "kmar")
    dataset = generate(11, 400, partners)
    check_dataset(dataset, partners)
    assert {s["municipality"] for s in dataset.signals if s["partner"] == "gemeente-utrecht"} == {"Utrecht"}
    nla = [s for s in dataset.signals if s["partner"] == "nla"]
    assert sum("arbeidsuitbuiting" in s["exploitation_types"] for s in nla) > 0.8 * len(nla)
    assert sum(bool(s.get("companies")) for s in nla) > 0.7 * len(nla)


def test_partner_kinds_shape_the_content(dataset: Dataset) -> None:
    def share(partner: str, predicate) -> float:
        own = [s for s in dataset.signals if s["partner"] == partner]
        return sum(bool(predicate(s)) for s in own) / len(own)

    assert share("politie-avim", lambda s: s.get("adverts")) > 0.5
    assert share("politie-avim", lambda s: "seksuele_uitbuiting" in s["exploitation_types"]) > 0.4
    assert share("nla", lambda s: s.get("companies")) > 0.7
    assert share("gemeente-hilversum", lambda s: s.get("addresses")) > 0.8
    assert share("gemeente-hilversum", lambda s: s["municipality"] == "Hilversum") == 1
    youths = lambda s: any(  # noqa: E731
        p["role"] == "mogelijk_slachtoffer"
        and "date_of_birth" in p
        and (TODAY - parse_dob(p["date_of_birth"])).days < 18 * 365
        for p in s.get("persons", [])
    )
    assert share("vtgv", youths) > 0.3
    assert share("zorgcoordinator", lambda s: any("bsn" in p for p in s.get("persons", []))) > 0.5
    names = [p.get("surname", "") for s in dataset.signals for p in s.get("persons", [])]
    assert any(n.startswith(("van ", "de ", "van der ", "van den ", "ter ")) for n in names)
    assert any(fold(n) != n.lower() for n in names)  # diacritics


def test_invalid_arguments_are_reported() -> None:
    with pytest.raises(ValidationError) as caught:
        generate(1, -1, ["nla", "nla", "Bad Id"])
    rules = {v.rule for v in caught.value.violations}
    assert rules == {"generate.signals.negative", "generate.partners.duplicate", "generate.partners.format"}
    with pytest.raises(ValidationError):
        generate(1, 10, [])


@settings(max_examples=25, deadline=None)
@given(
    seed=st.integers(0, 2**32),
    n=st.integers(0, 80),
    partners=st.lists(
        st.sampled_from(DEFAULT_PARTNERS + ("gemeente-zeist", "om")), min_size=1, max_size=6, unique=True
    ),
)
def test_invariants_hold_for_any_seed_size_and_partners(seed: int, n: int, partners: list[str]) -> None:
    dataset = generate(seed, n, partners)
    assert len(dataset.signals) == n
    check_dataset(dataset, tuple(partners))
    if n >= 2 and len(partners) >= 2:
        assert dataset.overlaps
