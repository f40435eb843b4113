"""Keyed Bloom-filter encodings (node.fuzzy) and the matcher's kernel, index and link rule (matcher.fuzzy)."""

from __future__ import annotations

import random
from datetime import date

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from signalmatch import encoding
from signalmatch.encoding import ADDRESS_FIELDS, HARDENING_OPTIONS, PERSON_FIELDS, Encoding
from signalmatch.errors import ConfigError
from signalmatch.matcher import fuzzy as mf
from signalmatch.matcher.fuzzy import DEFAULT_THRESHOLD, FuzzyIndex, dice, dice_one_to_many, similarities
from signalmatch.matcher.linkage import (
    ADDRESS_LEVELS,
    DEFAULT_ZONES,
    LINK,
    NONE,
    PairEvidence,
    Thresholds,
    address_level,
    default_model,
    zone,
)
from signalmatch.node.fuzzy import (
    AddressRecord,
    FuzzyKey,
    PersonRecord,
    birth_date_parts,
    encode_address,
    encode_person,
    fuzzy_key,
    parse_birth_date,
    phonetic,
)
from signalmatch.node.pseudonymise import TokenKey

TODAY = date(2025, 1, 1)
PERSON_T = DEFAULT_THRESHOLD[PERSON_FIELDS]


def new_key(seed: int, table: str = "midden-nederland", epoch: int = 1) -> FuzzyKey:
    """A throw-away table secret from a seeded generator, so every run sees the same bits."""
    return fuzzy_key(TokenKey(table, epoch, random.Random(seed).randbytes(32)))


@pytest.fixture(scope="module")
def key() -> FuzzyKey:
    return new_key(2024)


def person(key: FuzzyKey, given: str, surname: str, dob: str, hardening: str = encoding.DEFAULT_HARDENING) -> Encoding:
    enc = encode_person(key, PersonRecord(given, surname, dob), hardening=hardening, today=TODAY)
    assert enc is not None
    return enc


def address(key: FuzzyKey, *fields: str, hardening: str = encoding.DEFAULT_HARDENING) -> Encoding:
    enc = encode_address(key, AddressRecord(*fields), hardening=hardening)
    assert enc is not None
    return enc


def common(x: Encoding, y: Encoding) -> dict[str, float]:
    """What the matcher sees of two encodings of one kind: the Dice of the whole and of each field."""
    return similarities(x.kind, x.bits, y.bits)


def level(x: Encoding, y: Encoding) -> str:
    """The address level (matcher.linkage.ADDRESS_LEVELS) of two address encodings."""
    found = address_level(common(x, y))
    assert found is not None
    return ADDRESS_LEVELS[found]


# -- key -------------------------------------------------------------------------------------------


def test_fuzzy_key_is_derived_per_table_and_epoch_and_hides_its_secret():
    secret = random.Random(7).randbytes(32)
    k1 = fuzzy_key(TokenKey("t", 1, secret))
    assert k1 == fuzzy_key(TokenKey("t", 1, secret))
    assert k1.secret != secret and len(k1.secret) == 32
    assert fuzzy_key(TokenKey("t", 2, secret)).secret != k1.secret
    assert fuzzy_key(TokenKey("u", 1, secret)).secret != k1.secret
    assert k1.secret.hex() not in repr(k1) and "secret" not in repr(k1)
    with pytest.raises(ConfigError):
        FuzzyKey("t", 1, b"short")


# -- encoding --------------------------------------------------------------------------------------


@pytest.mark.parametrize("hardening", HARDENING_OPTIONS)
def test_encoding_is_deterministic_per_key_and_fixed_length(key, hardening):
    a = person(key, "Jan", "van den Berg", "3-4-1998", hardening)
    b = person(key, "Jan", "van den Berg", "3-4-1998", hardening)
    assert a == b
    other = person(key, "Fatima", "El Amrani", "12-11-1975", hardening)
    assert len(a.bits) == len(other.bits) == encoding.encoded_bits(hardening, PERSON_FIELDS) // 8
    home = address(key, "Kerkstraat", "12", "3511 AB", "Utrecht", hardening=hardening)
    assert len(home.bits) == encoding.encoded_bits(hardening, ADDRESS_FIELDS) // 8


@pytest.mark.parametrize("hardening", HARDENING_OPTIONS)
def test_another_key_gives_unrelated_bits_and_blocks(key, hardening):
    record = ("Jan", "van den Berg", "3-4-1998")
    mine, theirs = person(key, *record, hardening=hardening), person(new_key(1), *record, hardening=hardening)
    assert dice(mine.bits, theirs.bits) < 0.45  # two unrelated filters of this fill overlap by chance only
    assert not set(mine.blocks) & set(theirs.blocks)
    next_epoch = person(new_key(2024, epoch=2), *record, hardening=hardening)
    assert dice(mine.bits, next_epoch.bits) < 0.45


def test_unknown_hardening_is_a_config_error(key):
    with pytest.raises(ConfigError):
        encode_person(key, PersonRecord("Jan", "Berg", "1-1-1990"), hardening="rot13")


VARIANTS = [
    ("J.", "v.d. Berg", "03/04/98"),  # initial, abbreviated tussenvoegsel, two-digit year
    ("", "Berg, Jan van den", "1998-04-03"),  # whole name in one field, Dutch sort form
    ("Jan", "Berg, van den", "03.04.1998"),
    ("Jan van den", "Berg", "3 april 1998"),  # tussenvoegsel in the given names field
    ("JAN", "VAN DEN BERG", "03041998"),
    ("Jan", "vd Berg", "4-3-1998"),  # day and month swapped
    ("Berg", "Jan van den", "3-4-1998"),  # given name and surname swapped
    ("Jan", "van der Bergh", "3-4-1998"),  # another tussenvoegsel, phonetic spelling
    ("Jan", "v/d Berrg", "3-4-1998"),  # typo
    ("Jan Willem", "van den Berg", "3-4-1998"),  # a second given name
]


@pytest.mark.parametrize("hardening", HARDENING_OPTIONS)
@pytest.mark.parametrize("variant", VARIANTS, ids=lambda v: "/".join(v))
def test_spelling_variants_of_one_person_score_high(key, hardening, variant):
    found = common(person(key, "Jan", "van den Berg", "3-4-1998", hardening), person(key, *variant, hardening=hardening))
    assert found[PERSON_FIELDS] >= PERSON_T
    assert found["name"] >= 0.75 and found["birth_date"] >= 0.70  # the swap keeps 3/4 of the date


def test_diacritics_and_case_do_not_matter(key):
    for hardening in HARDENING_OPTIONS:
        a = person(key, "Zoë", "Müller-Lüdenscheidt", "1-2-2003", hardening)
        b = person(key, "ZOE", "muller-ludenscheidt", "01-02-2003", hardening)
        assert a.bits == b.bits


OTHER_PEOPLE = [
    ("Piet", "van den Berg", "3-4-1998", "name"),  # another given name (a brother, a twin)
    ("Jan", "de Jong", "3-4-1998", "name"),  # another surname, same birthday
    ("Jan", "van den Berg", "17-9-1998", "birth_date"),  # another birthday, same year
    ("Fatima", "El Amrani", "12-11-1975", "name"),
]


@pytest.mark.parametrize("hardening", HARDENING_OPTIONS)
@pytest.mark.parametrize("other", OTHER_PEOPLE, ids=lambda v: "/".join(v))
def test_different_people_differ_in_a_field(key, hardening, other):
    *record, field = other
    found = common(person(key, "Jan", "van den Berg", "3-4-1998", hardening), person(key, *record, hardening=hardening))
    assert found[field] < 0.65


def test_a_wrong_year_of_birth_costs_a_little_under_every_hardening(key):
    """Persons are never salted (issue 13): the year of birth was the salt, so a typo in it lost the
    match. Now the year is one feature among many, and the name blocks still bring the pair together."""
    a, b = ("Jan", "van den Berg", "3-4-1998"), ("Jan", "van den Berg", "3-4-1997")
    for hardening in encoding.HARDENING_OPTIONS:
        x, y = person(key, *a, hardening=hardening), person(key, *b, hardening=hardening)
        assert common(x, y)["name"] == 1.0 and common(x, y)["birth_date"] > 0.7
        assert set(x.blocks) & set(y.blocks)


def test_too_little_to_encode_gives_none(key):
    assert encode_person(key, PersonRecord("", "", "3-4-1998")) is None
    assert encode_person(key, PersonRecord("123", "456", "3-4-1998")) is None
    assert encode_address(key, AddressRecord("", "12", "", "Utrecht")) is None  # no street, no postcode
    assert encode_address(key, AddressRecord("Kerkstraat", "", "3511 AB", "Utrecht")) is not None  # no number


def test_a_name_without_a_readable_date_of_birth_is_encoded_with_less_evidence(key):
    full = person(key, "Jan", "Berg", "3-4-1998")
    alone = encode_person(key, PersonRecord("Jan", "Berg", ""))
    assert alone is not None and set(alone.blocks) & set(full.blocks)  # the name blocks
    assert common(alone, full) == {PERSON_FIELDS: common(alone, full)[PERSON_FIELDS], "name": 1.0}  # no date compared
    # An impossible date keeps the parts that are possible on their own (year 1998, day 31: not month 31).
    typo = encode_person(key, PersonRecord("Jan", "Berg", "31-31-1998"))
    assert typo is not None and 0.2 < common(typo, full)["birth_date"] < 0.7
    assert birth_date_parts("31-31-1998") == (1998, None, 31)
    assert birth_date_parts("19381131") == (1938, 11, 31) and parse_birth_date("19381131") is None


def test_surname_alone_with_date_of_birth_is_encoded(key):
    assert encode_person(key, PersonRecord("", "Berg", "3-4-1998"), today=TODAY) is not None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1998-04-03", (1998, 4, 3)),
        ("3-4-1998", (1998, 4, 3)),
        ("03/04/98", (1998, 4, 3)),
        ("03/04/05", (2005, 4, 3)),
        ("1.1.24", (2024, 1, 1)),
        ("1.1.25", (2025, 1, 1)),
        ("1.1.26", (1926, 1, 1)),
        ("030498", (1998, 4, 3)),
        ("03041998", (1998, 4, 3)),
        ("19980403", (1998, 4, 3)),
        ("3 april 1998", (1998, 4, 3)),
        ("3-mrt-98", (1998, 3, 3)),
        ("04/23/1998", (1998, 4, 23)),  # month first where day first is impossible
        ("31-02-1998", None),
        ("gisteren", None),
        ("", None),
    ],
)
def test_parse_birth_date(text, expected):
    assert parse_birth_date(text, today=TODAY) == expected


def test_phonetic_folds_dutch_spelling_variants():
    assert phonetic("Berg") == phonetic("Bergh")
    assert phonetic("Jansen") == phonetic("Janssen")
    assert phonetic("Wijk") == phonetic("Weik")
    assert phonetic("Smid") == phonetic("Smit")
    assert phonetic("Berg") != phonetic("Jong")


ADDRESS_VARIANTS = [
    (("Kerkstr. 12 A", "", "3511AB", ""), "same_address"),  # number in the street field, abbreviation, no place
    (("kerkstraat", "12-a", "3511 ab", "UTRECHT"), "same_address"),
    (("Kerkstraat", "12a", "", "Utrecht"), "number_street"),  # postcode missing
    (("Kerksraat", "12a", "3511 AB", "Utrecht"), "same_address"),  # a typo in the street type
    (("Kerkstrat", "12a", "3511 AB", "Utrecht"), "same_address"),
    (("", "12a", "3511 AB", "Utrecht"), "number_postcode"),  # street missing
    (("Molenweg", "12a", "3511 AB", "Utrecht"), "number_postcode"),  # street replaced
    (("Kerkstraat", "12", "3511 AB", "Utrecht"), "same_address"),  # the addition missing: not compared
    (("Kerkstraat", "", "3511 AB", "Utrecht"), "street_postcode"),  # the house number missing
]


@pytest.mark.parametrize("hardening", HARDENING_OPTIONS)
@pytest.mark.parametrize("variant", ADDRESS_VARIANTS, ids=lambda v: "/".join(v[0]))
def test_address_variants_keep_their_fields(key, hardening, variant):
    """Compared field by field, a wrong or missing field costs that field, not the address."""
    fields, expected = variant
    base = address(key, "Kerkstraat", "12a", "3511 AB", "Utrecht", hardening=hardening)
    assert level(base, address(key, *fields, hardening=hardening)) == expected


@pytest.mark.parametrize("hardening", HARDENING_OPTIONS)
@pytest.mark.parametrize(
    "other",
    [(("Kerkstraat", "14a", "3511 AB", "Utrecht"), "street_postcode_other_number"),
     (("Kerkstraat", "12b", "3511 AB", "Utrecht"), "street_postcode_other_number"),  # another flat
     (("Kerkweg", "12a", "3511 CD", "Utrecht"), "number_place"),  # the same number in another street
     (("Julianalaan", "3", "3511 CD", "Utrecht"), "place"),
     (("Molenweg", "40", "3812 CD", "Amersfoort"), "differs")],
    ids=lambda v: "/".join(v[0]),
)  # fmt: skip
def test_other_addresses_are_told_apart_by_their_fields(key, hardening, other):
    fields, expected = other
    base = address(key, "Kerkstraat", "12a", "3511 AB", "Utrecht", hardening=hardening)
    assert level(base, address(key, *fields, hardening=hardening)) == expected


def test_address_fields_are_segments_of_one_filter(key):
    """Each field sets bits in its own segment only, and a missing field leaves its segment empty."""
    full = address(key, "Kerkstraat", "12a", "3511 AB", "Utrecht")
    layout = encoding.segments(ADDRESS_FIELDS, len(full.bits))
    assert list(layout) == ["street", "place", "postcode", "number", "addition"]
    assert layout["addition"][1] * 8 == len(full.bits)
    no_number = address(key, "Kerkstraat", "", "3511 AB", "Utrecht")
    start, end = layout["number"]
    assert not any(no_number.bits[start * 8 : end * 8]) and any(full.bits[start * 8 : end * 8])
    assert set(common(full, no_number)) == {ADDRESS_FIELDS, "street", "place", "postcode"}  # the number not compared
    no_addition = address(key, "Kerkstraat", "12", "3511 AB", "Utrecht")
    assert set(common(full, no_addition)) == {ADDRESS_FIELDS, "street", "place", "postcode", "number"}
    with pytest.raises(ValueError):
        encoding.segments(ADDRESS_FIELDS, 24)


def test_blocks_are_keyed_and_shared_by_variants(key):
    a = person(key, "Jan", "van den Berg", "3-4-1998")
    assert set(a.blocks) & set(person(key, "J.", "v.d. Berg", "03/04/98").blocks)
    assert set(a.blocks) & set(person(key, "van den Berg", "Jan", "3-4-1998").blocks)  # swapped: a name block
    assert not set(a.blocks) & set(person(key, "Piet", "Smit", "3-4-1997").blocks)
    assert all(len(b) == encoding.BLOCK_BYTES for b in a.blocks)
    home = address(key, "Kerkstraat", "12a", "3511 AB", "Utrecht")
    assert set(home.blocks) & set(address(key, "Kerkstr. 12 A", "", "", "Utrecht").blocks)
    # another or no house number in the same street and postcode area still meets its partner
    assert set(home.blocks) & set(address(key, "Kerkstraat", "40", "3511 AB", "Utrecht").blocks)
    assert set(home.blocks) & set(address(key, "Kerkstraat", "", "3511 AB", "").blocks)


# -- the Dice kernel -------------------------------------------------------------------------------


def slow_dice(a: bytes, b: bytes) -> float:
    bits_a = "".join(f"{byte:08b}" for byte in a)
    bits_b = "".join(f"{byte:08b}" for byte in b)
    common = sum(x == y == "1" for x, y in zip(bits_a, bits_b, strict=True))
    total = bits_a.count("1") + bits_b.count("1")
    return 2 * common / total if total else 0.0


@st.composite
def bit_matrices(draw):
    words = draw(st.sampled_from([1, 3, 8, 16, 24]))
    rows = draw(st.integers(1, 12))
    density = draw(st.sampled_from([0.0, 0.05, 0.3, 0.5, 1.0]))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    bits = rng.random((rows + 1, words * 64)) < density
    packed = np.packbits(bits, axis=1, bitorder="little").view("<u8").astype(np.uint64)
    return packed


@settings(max_examples=150, derandomize=True, deadline=None)
@given(bit_matrices())
def test_dice_kernels_equal_a_slow_reference(matrix):
    query, candidates = matrix[0], matrix[1:]
    scores = dice_one_to_many(query, candidates)
    assert scores.dtype == np.float32 and scores.shape == (len(candidates),)
    for row, score in zip(candidates, scores, strict=True):
        expected = slow_dice(query.tobytes(), row.tobytes())
        assert dice(query.tobytes(), row.tobytes()) == pytest.approx(expected, abs=1e-12)
        assert float(score) == pytest.approx(expected, abs=1e-6)


@st.composite
def field_encodings(draw):
    """A kind and 1 + up to 8 encodings of it (192 or folded 96 bytes), some fields of some empty."""
    kind = draw(st.sampled_from([PERSON_FIELDS, ADDRESS_FIELDS]))
    length = draw(st.sampled_from([96, 192]))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    out = []
    for _ in range(draw(st.integers(2, 9))):
        bits = bytearray((rng.random(length * 8) < rng.choice([0.05, 0.3, 0.6])).astype(np.uint8).tobytes())
        packed = bytearray(np.packbits(np.frombuffer(bits, dtype=np.uint8), bitorder="little").tobytes())
        for start, end in encoding.segments(kind, length).values():
            if rng.random() < 0.25:  # a field this side lacks
                packed[start * 8 : end * 8] = bytes((end - start) * 8)
        out.append(Encoding(kind, bytes(packed), (bytes(rng.integers(0, 2, 8, dtype=np.uint8)),)))
    return out


@settings(max_examples=150, derandomize=True, deadline=None)
@given(field_encodings())
def test_field_dice_equals_similarities_of_each_pair(encodings):
    """FuzzyIndex.field_dice sums each field's popcounts as one matrix product: every Dice must be
    exactly similarities' (rounded alike, a field a side lacks left out), of each record's best
    encoding; and matching finds exactly the records of matches (of the other groups)."""
    query, stored = encodings[0], encodings[1:]
    index = FuzzyIndex()
    for i, enc in enumerate(stored):
        index.add(i % 3, enc, group=i % 3 % 2)  # records with several encodings; records 0 and 2 in group 0
    found = index.compare(query, [2, 0, 1, 7])
    for record, common in found.items():
        options = [similarities(query.kind, query.bits, e.bits) for i, e in enumerate(stored) if i % 3 == record]
        assert common == max(options, key=lambda o: o[query.kind])  # the first best on a tie
    assert set(found) == {i % 3 for i in range(len(stored))}
    for floor in (0.0, 0.3, 0.6):
        assert index.matching(query, floor) == {r for r, _ in index.matches(query, floor)}
        for group in (0, 1):
            expected = {r for r, _ in index.matches(query, floor) if r % 2 != group}
            assert index.matching(query, floor, other_than=group) == expected


@settings(max_examples=100, derandomize=True, deadline=None)
@given(bit_matrices())
def test_dice_kernel_in_one_step_equals_the_chunked_kernel(matrix):
    """Up to _CHUNK rows the kernel sums each row with numpy, beyond it chunk by chunk in 16-bit
    lanes: the same float32 scores, bit for bit (blocking's floor compares them)."""
    query, candidates = matrix[0], matrix[1:]
    counts = mf.popcounts(candidates)
    whole = [mf._dice_rows(query, candidates), mf._dice_rows(query, candidates, counts)]
    chunk = mf._CHUNK
    try:
        mf._CHUNK = 2
        chunked = [mf._dice_rows(query, candidates), mf._dice_rows(query, candidates, counts)]
    finally:
        mf._CHUNK = chunk
    assert [s.tobytes() for s in whole] == [s.tobytes() for s in chunked]


def test_dice_kernel_across_chunk_boundaries():
    rng = np.random.default_rng(5)
    rows = mf._CHUNK * 2 + 7
    candidates = rng.integers(0, 2**64, size=(rows, 8), dtype=np.uint64, endpoint=False)
    candidates[3] = 0
    query = candidates[11].copy()
    common = np.bitwise_count(candidates & query).sum(axis=1)
    expected = 2 * common / (np.bitwise_count(candidates).sum(axis=1) + np.bitwise_count(query).sum())
    np.testing.assert_allclose(dice_one_to_many(query, candidates), expected, atol=1e-6)
    assert dice_one_to_many(query, candidates)[11] == 1.0


def test_dice_rejects_mismatched_lengths():
    with pytest.raises(ValueError):
        dice(b"\x00" * 8, b"\x00" * 16)
    with pytest.raises(ValueError):
        dice_one_to_many(np.zeros(8, np.uint64), np.zeros((2, 16), np.uint64))


# -- the index and blocking ------------------------------------------------------------------------

GIVEN = ("Jan", "Pieter", "Anna", "Emma", "Mohamed", "Fatima", "Piotr", "Ana", "Sem", "Lotte")
SURNAMES = ("van den Berg", "de Jong", "Jansen", "Bakker", "El Amrani", "Kowalski", "Popescu", "Visser",
            "van Dijk", "Yilmaz", "de Vries", "Smit")  # fmt: skip


def _corrupt(rng: random.Random, given: str, surname: str, born: date) -> tuple[str, str, str]:
    choice = rng.randrange(5)
    dob = f"{born.day}-{born.month}-{born.year}"
    if choice == 0:
        given = given[0] + "."
    elif choice == 1:
        i = rng.randrange(len(surname))
        surname = surname[:i] + surname[i + 1 :]
    elif choice == 2:
        dob = f"{born.month}-{born.day}-{born.year}" if born.day <= 12 else dob
    elif choice == 3:
        dob = f"{born.day:02d}/{born.month:02d}/{born.year % 100:02d}"
    else:
        dob = f"{born.day}-{born.month}-{born.year + rng.choice((-1, 1))}"  # a wrong year: blocking may miss
    return given, surname, dob


def _people(seed: int, count: int) -> list[tuple[str, str, date]]:
    rng = random.Random(seed)
    return [
        (
            rng.choice(GIVEN),
            rng.choice(SURNAMES),
            date(rng.randrange(1950, 2008), rng.randrange(1, 13), rng.randrange(1, 29)),
        )
        for _ in range(count)
    ]


@pytest.mark.parametrize("hardening", HARDENING_OPTIONS)
def test_index_returns_brute_force_matches_except_measured_blocking_misses(key, hardening):
    rng = random.Random(3)
    people = _people(1, 400)
    stored = [
        (f"s{i}", person(key, g, s, f"{b.day}-{b.month}-{b.year}", hardening)) for i, (g, s, b) in enumerate(people)
    ]
    index = FuzzyIndex()
    for record_id, enc in stored:
        index.add(record_id, enc)
    matrix = np.stack([mf.pack(enc.bits) for _, enc in stored])
    misses = 0
    for g, s, b in people[:150]:
        query = person(key, *_corrupt(rng, g, s, b), hardening=hardening)
        scores = dice_one_to_many(mf.pack(query.bits), matrix)
        brute = {stored[i][0]: float(scores[i]) for i in np.flatnonzero(scores >= np.float32(PERSON_T))}
        found = dict(index.matches(query))
        assert set(found) <= set(brute)
        for record_id, score in found.items():
            assert score == pytest.approx(brute[record_id], abs=1e-6)
        for record_id in set(brute) - set(found):  # a blocking miss: shares no block with the query
            assert not set(query.blocks) & set(stored[int(record_id[1:])][1].blocks)
            misses += 1
    assert misses <= 5


def test_index_reports_each_record_once_with_its_best_score(key):
    index = FuzzyIndex()
    index.add("signal-1", person(key, "Jan", "van den Berg", "3-4-1998"))
    index.add("signal-1", person(key, "J.", "Berg", "3-4-1998"))
    index.add("signal-2", person(key, "Jan", "van den Berg", "4-3-1998"))
    index.add("signal-3", person(key, "Anna", "de Jong", "3-4-1998"))
    index.add("home", address(key, "Kerkstraat", "12a", "3511 AB", "Utrecht"))
    assert len(index) == 5
    found = index.matches(person(key, "Jan", "van den Berg", "3-4-1998"))
    assert [record_id for record_id, _ in found] == ["signal-1", "signal-2"]
    assert found[0][1] == pytest.approx(1.0)
    assert index.matches(person(key, "Jan", "van den Berg", "3-4-1998"), threshold=0.0)[-1][0] == "signal-3"
    assert index.matches(address(key, "Kerkstr. 12 A", "", "3511AB", ""))[0][0] == "home"
    assert FuzzyIndex().matches(address(key, "Kerkstraat", "12a", "3511 AB", "Utrecht")) == []


def test_index_compares_the_fields_of_the_best_encoding_of_each_record(key):
    index = FuzzyIndex()
    index.add("signal-1", address(key, "Kerkstraat", "40", "3511 AB", "Utrecht"))
    index.add("signal-1", address(key, "Kerkstraat", "12a", "3511 AB", "Utrecht"))
    index.add("signal-2", address(key, "Molenweg", "12a", "3812 CD", "Amersfoort"))
    query = address(key, "Kerkstraat", "12a", "", "Utrecht")
    found = index.compare(query, ["signal-1", "signal-2", "unknown"])
    assert set(found) == {"signal-1", "signal-2"}
    assert found["signal-1"] == common(query, address(key, "Kerkstraat", "12a", "3511 AB", "Utrecht"))
    assert "postcode" not in found["signal-1"] and found["signal-1"]["number"] == 1.0
    assert index.compare(person(key, "Jan", "Berg", "1-1-1990"), ["signal-1"]) == {}


def test_index_grows_beyond_its_initial_capacity(key):
    index = FuzzyIndex()
    for i, (g, s, b) in enumerate(_people(2, 2100)):
        index.add(f"r{i}", person(key, g, s, f"{b.day}-{b.month}-{b.year}"))
    g, s, b = _people(2, 2100)[2050]
    assert "r2050" in dict(index.matches(person(key, g, s, f"{b.day}-{b.month}-{b.year}")))


def test_index_rejects_encodings_of_another_length(key):
    index = FuzzyIndex()
    index.add("a", person(key, "Jan", "Berg", "1-1-1990", "none"))
    with pytest.raises(ValueError):
        index.add("b", person(key, "Jan", "Berg", "1-1-1990", "xor"))


# -- the link rule ---------------------------------------------------------------------------------

MODEL = default_model()


def decision(
    persons: tuple[Encoding, Encoding] | None,
    addresses: tuple[Encoding, Encoding] | None = None,
    shared: tuple[str, ...] = (),
    thresholds: Thresholds = DEFAULT_ZONES,
) -> str:
    """The production decision (matcher.linkage.zone under the shipped default model) for a pair of
    signals with these persons and addresses (None: a side has none) sharing exact tokens of `shared`."""
    similar = {**(common(*persons) if persons else {}), **(common(*addresses) if addresses else {})}
    return zone(MODEL, PairEvidence(similar, frozenset(shared), frozenset(shared)), thresholds)


def test_a_person_match_alone_never_links(key):
    jan = person(key, "Jan", "de Jong", "1-1-1990"), person(key, "Jan", "de Jong", "01-01-1990")
    home = address(key, "Kerkstraat", "12", "3511 AB", "Utrecht")
    elsewhere = address(key, "Oudegracht", "140", "3511 AZ", "Utrecht")  # another address in the same place
    loose = Thresholds(link=0.5, review=0.1)
    assert decision(jan) != LINK
    assert decision(jan, (home, elsewhere)) != LINK
    assert decision(jan, (home, elsewhere), ("name_dob",)) != LINK
    assert decision(None, None, ("name_dob",)) != LINK  # the exact name + date-of-birth token alone
    assert decision(jan, None, ("name_dob",), loose) != LINK
    assert decision(jan, (home, elsewhere), ("name_dob",), loose) != LINK


def test_a_person_match_links_with_the_same_address_or_an_identifier(key):
    jan = person(key, "Jan", "de Jong", "1-1-1990")
    home = address(key, "Kerkstraat", "12", "3511 AB", "Utrecht")
    assert decision((jan, person(key, "J.", "de Jongh", "01-01-1990")), (home, home)) == LINK
    assert decision((jan, jan), (home, address(key, "Kerkstr. 12", "", "", "Utrecht"))) == LINK
    assert decision(None, (home, home), ("name_dob",)) == LINK
    assert decision((jan, jan), None, ("phone",)) == LINK


def test_exact_identifiers_link_alone():
    assert zone(MODEL, PairEvidence({}, frozenset({"bsn"}))) == LINK
    assert zone(MODEL, PairEvidence({}, frozenset({"address"}))) == LINK
    assert zone(MODEL, PairEvidence()) == NONE


def test_table_policy_thresholds_move_the_zones(key):
    typos = person(key, "Jan", "de Jong", "1-1-1990"), person(key, "Jn", "Jnog", "1-1-1990")  # a badly typed name
    home = address(key, "Kerkstraat", "12", "3511 AB", "Utrecht"), address(key, "Kerkstraat", "12", "", "")
    strict, loose = Thresholds(link=0.999999, review=0.99), Thresholds(link=0.5, review=0.1)
    assert decision(typos, home, thresholds=loose) == LINK
    assert decision(typos, home, thresholds=strict) != LINK


# Common Dutch names and streets; the streets come in the families that share a stem in one town.
COMMON_NAMES = [("Jan", "de Jong"), ("Mohamed", "El Amrani"), ("Anna", "Jansen"), ("Piet", "de Vries"),
                ("Maria", "van den Berg"), ("Kees", "Bakker"), ("Fatima", "Bouzid"), ("Tom", "Visser")]  # fmt: skip
STREET_FAMILIES = [
    ["Kerkstraat", "Kerkweg", "Kerkplein", "Oude Kerkstraat", "Nieuwe Kerkstraat"],
    ["Julianastraat", "Julianalaan", "Koningin Julianalaan", "Julianaplein"],
    ["Burgemeester van Heemstraweg", "Burgemeester van Heemstralaan", "Burgemeester de Withstraat"],
    ["Lange Nieuwstraat", "Korte Nieuwstraat"],
    ["Dorpsstraat", "Schoolstraat", "Molenweg", "Stationsweg", "Eikenlaan", "Berkenlaan", "Oudegracht"],
]


@settings(max_examples=200, deadline=None, derandomize=True)
@given(
    st.sampled_from(COMMON_NAMES),
    st.dates(date(1955, 1, 1), date(2010, 12, 31)),
    st.sampled_from(STREET_FAMILIES).flatmap(
        lambda f: st.lists(st.sampled_from(f), min_size=2, max_size=2, unique=True)
    ),
    st.integers(1, 120),
    st.sampled_from(["3511", "3581", "3811", "1211"]),
    st.lists(st.sampled_from("ABCDEGHJKLMNPRSTVWXZ"), min_size=4, max_size=4),
    st.integers(0, 2**32 - 1),
)
def test_a_common_name_and_birthday_on_two_streets_of_one_postcode_area_never_link(
    name, born, streets, number, pc4, letters, seed
):
    """The issue's hard requirement on the real encodings, with a fresh table secret per example:
    the same common name and date of birth at the same house number on two different streets of one
    postcode area and place (another street is not evidence) never links."""
    key = new_key(seed)
    dob = f"{born.day}-{born.month}-{born.year}"
    postcodes = f"{pc4} {letters[0]}{letters[1]}", f"{pc4} {letters[2]}{letters[3]}"
    # One postcode with one house number is one address in the Netherlands (the exact address token,
    # which links by rule): two streets have two postcodes.
    assume(postcodes[0] != postcodes[1])
    persons = person(key, *name, dob), person(key, *name, dob)
    addresses = address(key, streets[0], str(number), postcodes[0], "Utrecht"), address(
        key, streets[1], str(number), postcodes[1], "Utrecht"
    )
    assert decision(persons, addresses) != LINK
    assert decision(persons, addresses, ("name_dob",)) != LINK


@settings(max_examples=200, deadline=None, derandomize=True)
@given(
    st.sampled_from(COMMON_NAMES),
    st.dates(date(1955, 1, 1), date(2010, 12, 31)),
    st.sampled_from([s for family in STREET_FAMILIES for s in family]),
    st.lists(st.integers(1, 120), min_size=2, max_size=2, unique=True),
    st.sampled_from(["", "A", "bis"]),
    st.sampled_from(["3511", "3581", "3811", "1211"]),
    st.lists(st.sampled_from("ABCDEGHJKLMNPRSTVWXZ"), min_size=4, max_size=4),
    st.booleans(),
    st.integers(0, 2**32 - 1),
)
def test_a_common_name_and_birthday_at_another_number_of_one_street_never_link(
    name, born, street, numbers, addition, pc4, letters, same_postcode, seed
):
    """A look-alike next door: the same common name and date of birth in the same street and place,
    with the same postcode (or postcode area), at another house number. Which fields agree is what
    the model weighs against another person in the same place; under the shipped model (generated
    Dutch data, where a true pair almost never has another house number) it never links."""
    key = new_key(seed)
    dob = f"{born.day}-{born.month}-{born.year}"
    postcodes = f"{pc4} {letters[0]}{letters[1]}", f"{pc4} {letters[0 if same_postcode else 2]}{letters[1]}"
    persons = person(key, *name, dob), person(key, *name, dob)
    addresses = address(key, street, f"{numbers[0]}{addition}", postcodes[0], "Utrecht"), address(
        key, street, str(numbers[1]), postcodes[1], "Utrecht"
    )
    assert decision(persons, addresses) != LINK
    assert decision(persons, addresses, ("name_dob",)) != LINK


# -- review: no input makes an encoder raise ---------------------------------------------------------

# Text that looks like dates and addresses, with digits that are not ASCII: "᧚" (New Tai Lue) is
# str.isdigit() but not a decimal int() reads; "١" (Arabic-Indic) is one int() reads; "²" and "①"
# fold to digits under NFKD.
_DATEISH = st.text(alphabet=st.sampled_from(list("0123456789-/. ,abAB᧚²①١٢߁𝟙ßǅİ\u0301 ")), max_size=14)
_ANY_TEXT = st.one_of(st.text(), _DATEISH)


def test_a_date_of_birth_of_digits_int_cannot_read_is_unreadable_not_an_error(key):
    # Was: ValueError from int() (str.isdigit() is true for "᧚", str.isdecimal() is not).
    assert parse_birth_date("᧚᧚᧚᧚᧚᧚") is None
    assert parse_birth_date("᧚᧚-᧚᧚-1998") is None
    unreadable = encode_person(key, PersonRecord("Jan", "Berg", "᧚᧚᧚᧚᧚᧚᧚᧚"))  # encoded as a name alone
    assert unreadable == encode_person(key, PersonRecord("Jan", "Berg", ""))
    assert parse_birth_date("٠٣٠٤١٩٩٨") == (1998, 4, 3)  # Arabic-Indic decimals: read like ASCII


@settings(max_examples=400, deadline=None)
@given(_ANY_TEXT, _ANY_TEXT, _ANY_TEXT)
def test_encode_person_never_raises_on_any_text(given_names, surname, date_of_birth):
    key = new_key(1)
    enc = encode_person(key, PersonRecord(given_names, surname, date_of_birth), today=TODAY)
    assert enc is None or (len(enc.bits) == encoding.encoded_bits(kind=PERSON_FIELDS) // 8 and 1 <= len(enc.blocks) <= 4)


@settings(max_examples=400, deadline=None)
@given(_ANY_TEXT, _ANY_TEXT, _ANY_TEXT, _ANY_TEXT)
def test_encode_address_never_raises_on_any_text(street, number, postcode, city):
    key = new_key(1)
    enc = encode_address(key, AddressRecord(street, number, postcode, city))
    assert enc is None or (len(enc.bits) == encoding.encoded_bits(kind=ADDRESS_FIELDS) // 8 and 1 <= len(enc.blocks) <= 4)


@pytest.mark.parametrize(
    "street, number",
    [("", "12"), ("", ""), ("Kerkstraat 12-2", ""), ("Kerkstraat", "12 bis"), ("Kerkstraat", "12A"),
     ("Kerkstraat", "12-2"), ("Straße", "5"), ("Ærøgade", "1"), ("   ", "0"), ("12", ""), ("Kerkstraat", "x")],
)  # fmt: skip
def test_address_edge_cases_encode_or_give_none(key, street, number):
    for postcode in ("", "3511 AB", "3511"):
        enc = encode_address(key, AddressRecord(street, number, postcode, ""))
        assert enc is None or enc.blocks


def test_a_removed_encoding_leaves_no_bits_in_the_index():
    index = FuzzyIndex()
    enc = encode_person(new_key(3), PersonRecord("Jan", "de Jong", "1-1-1990"))
    other = encode_person(new_key(3), PersonRecord("Anna", "Kowalska", "2-2-2002"))
    index.add("a", enc)
    index.add("b", other)
    index.remove("a")
    table = index._tables[PERSON_FIELDS]
    assert not table.rows[0].any() and table.counts[0] == 0 and table.block_keys[0] == ()
    assert table.rows[1].any() and index.matches(other)[0][0] == "b" and index.matches(enc) == []
