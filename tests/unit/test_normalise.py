"""Identifier normalisation: canonical forms, rejections with rule ids, and their languages."""

from __future__ import annotations

import random
from datetime import date

import phonenumbers
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from signalmatch import i18n
from signalmatch.errors import InvalidValue, Violation
from signalmatch.node import messages, normalise

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
DIGITS = "0123456789"
UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def rule_of(function, *args) -> str:
    with pytest.raises(InvalidValue) as caught:
        function(*args)
    return caught.value.rule


def interleave(draw, text: str, separators: list[str]) -> str:
    """`text` with a drawn separator (possibly none) after each character, and around it."""
    pieces = [draw(st.sampled_from(separators))]
    for char in text:
        pieces += [char, draw(st.sampled_from(separators))]
    return "".join(pieces)


def random_case(draw, text: str) -> str:
    flips = draw(st.lists(st.booleans(), min_size=len(text), max_size=len(text)))
    return "".join(c.upper() if flip else c.lower() for c, flip in zip(text, flips, strict=True))


# -- BSN -----------------------------------------------------------------------------------------

BSN_WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2)


@st.composite
def valid_bsns(draw, leading_zero: bool = False) -> str:
    head = ("0" if leading_zero else draw(st.sampled_from(DIGITS))) + draw(st.text(DIGITS, min_size=7, max_size=7))
    last = sum(int(d) * w for d, w in zip(head, BSN_WEIGHTS, strict=True)) % 11
    assume(last < 10 and head != "00000000")
    return head + str(last)


@given(st.data(), valid_bsns())
@SETTINGS
def test_valid_bsn_normalises_to_itself_through_separators(data, number):
    written = interleave(data.draw, number, ["", "", " ", ".", "-", "  "])
    assert normalise.bsn(written) == number
    assert normalise.bsn(normalise.bsn(written)) == number


@given(valid_bsns(leading_zero=True))
@SETTINGS
def test_bsn_with_dropped_leading_zero_gets_it_back(number):
    assert normalise.bsn(number[1:]) == number


@given(valid_bsns(), st.integers(0, 8), st.integers(1, 9))
@SETTINGS
def test_changing_one_bsn_digit_breaks_the_elfproef(number, position, delta):
    changed = number[:position] + str((int(number[position]) + delta) % 10) + number[position + 1 :]
    assert rule_of(normalise.bsn, changed) == "bsn.elfproef"


def test_bsn_known_values():
    assert normalise.bsn("111222333") == "111222333"
    assert normalise.bsn(" 111.22.2333 ") == "111222333"
    assert rule_of(normalise.bsn, "111222334") == "bsn.elfproef"
    assert rule_of(normalise.bsn, "000000000") == "bsn.zero"
    assert rule_of(normalise.bsn, "00000000") == "bsn.zero"
    assert rule_of(normalise.bsn, "1112223333") == "bsn.length"
    assert rule_of(normalise.bsn, "1234567") == "bsn.length"
    assert rule_of(normalise.bsn, "11122233x") == "bsn.format"
    assert rule_of(normalise.bsn, "١١١٢٢٢٣٣٣") == "bsn.format"  # non-ASCII digits


# -- phone ---------------------------------------------------------------------------------------


@st.composite
def dutch_mobiles(draw) -> tuple[str, str]:
    """(subscriber digits after "06", the way someone wrote the number)."""
    rest = draw(st.sampled_from("123458")) + draw(st.text(DIGITS, min_size=7, max_size=7))
    prefix = draw(st.sampled_from(["06", "(06)", "(06) ", "+316", "+31 6", "+31 (0)6", "00316", "0031 6", "+31-6-"]))
    written = prefix + interleave(draw, rest, ["", "", "", " ", "-"])
    return rest, written


@given(dutch_mobiles())
@SETTINGS
def test_dutch_mobile_formats_give_one_e164(mobile):
    rest, written = mobile
    assert normalise.phone(written) == "+316" + rest
    assert normalise.phone(normalise.phone(written)) == "+316" + rest


def test_phone_examples_and_rejections():
    for written in ["06-12 34 56 78", "+31 6 12345678", "0031612345678", "(06)12345678"]:
        assert normalise.phone(written) == "+31612345678"
    assert normalise.phone("020 123 4567") == "+31201234567"
    assert normalise.phone("+32 470 12 34 56") == "+32470123456"
    assert normalise.phone("0470 12 34 56", region="BE") == "+32470123456"
    for bad in ["12", "06 1234 567", "0671234567", "hello", "+999 123"]:
        assert rule_of(normalise.phone, bad) == "phone.invalid"
    assert rule_of(normalise.phone, "   ") == "phone.empty"


# -- email ---------------------------------------------------------------------------------------


def test_email():
    assert normalise.email("  Jan.Jansen+tag@Example.NL ") == "jan.jansen+tag@example.nl"
    assert normalise.email("mailto:info@example.nl") == "info@example.nl"
    assert normalise.email("Info@Example.nl.") == "info@example.nl"
    assert normalise.email("jan@münchen.de") == "jan@xn--mnchen-3ya.de"
    assert normalise.email("jan@MÜNCHEN.de") == "jan@xn--mnchen-3ya.de"
    assert normalise.email(normalise.email("jan@münchen.de")) == "jan@xn--mnchen-3ya.de"
    for bad in ["jan", "@example.nl", "a@@example.nl", "a@b@example.nl", "jan jansen@example.nl"]:
        assert rule_of(normalise.email, bad) == "email.format"
    for bad in ["a@localhost", "a@-x.nl", "a@x..nl", "a@x_y.nl", "a@1.2.3.4", "a@"]:
        assert rule_of(normalise.email, bad) == "email.domain"
    assert rule_of(normalise.email, "") == "email.empty"


# -- postcode and address ------------------------------------------------------------------------


@st.composite
def postcodes(draw) -> str:
    digits = draw(st.sampled_from("123456789")) + draw(st.text(DIGITS, min_size=3, max_size=3))
    letters = draw(st.text(UPPER, min_size=2, max_size=2).filter(lambda s: s not in {"SA", "SD", "SS"}))
    return digits + letters


@given(st.data(), postcodes())
@SETTINGS
def test_postcode_case_and_spacing(data, code):
    written = data.draw(st.sampled_from([" ", "", "  "])).join([code[:4], random_case(data.draw, code[4:])])
    written = data.draw(st.sampled_from(["", " ", "\t"])) + written + data.draw(st.sampled_from(["", " "]))
    assert normalise.postcode(written) == code
    assert normalise.postcode(normalise.postcode(written)) == code


def test_postcode_rejections():
    assert rule_of(normalise.postcode, "0123 AB") == "postcode.format"
    assert rule_of(normalise.postcode, "123 AB") == "postcode.format"
    assert rule_of(normalise.postcode, "1234 A") == "postcode.format"
    assert rule_of(normalise.postcode, "12345AB") == "postcode.format"
    for letters in ["SA", "sd", "Ss"]:
        assert rule_of(normalise.postcode, f"1234 {letters}") == "postcode.letters"
    assert rule_of(normalise.postcode, " ") == "postcode.empty"


@given(st.data(), postcodes(), st.integers(1, 99999), st.sampled_from(["", "A", "BIS", "1", "HS", "2B"]))
@SETTINGS
def test_address_variants(data, code, number, addition):
    expected = f"{code} {number}" + (f"-{addition}" if addition else "")
    written_code = code[:4] + data.draw(st.sampled_from(["", " "])) + code[4:].lower()
    if addition and data.draw(st.booleans()):  # addition typed into the house number field
        separator = data.draw(st.sampled_from(["", " ", "-", " - "] if addition[0].isalpha() else [" ", "-", "/"]))
        args = (written_code, f" {number}{separator}{addition.lower()} ", "")
    else:
        args = (written_code, f" {number} ", data.draw(st.sampled_from(["", " "])) + addition.lower())
    assert normalise.address(*args) == expected


def test_address_examples_and_rejections():
    assert normalise.address("1234ab", "5") == normalise.address("1234 AB", " 5 ") == "1234AB 5"
    assert normalise.address("1234AB", "5", "-a") == "1234AB 5-A"
    assert normalise.address("1234AB", "5a", "A") == "1234AB 5-A"
    assert normalise.address("1234AB", "005") == "1234AB 5"
    assert rule_of(normalise.address, "1234AB", "0") == "address.house_number"
    assert rule_of(normalise.address, "1234AB", "100000") == "address.house_number"
    assert rule_of(normalise.address, "1234AB", "5a", "b") == "address.house_number"
    assert rule_of(normalise.address, "1234AB", "") == "address.house_number"
    assert rule_of(normalise.address, "1234AB", "5", "a!") == "address.addition"
    assert rule_of(normalise.address, "1234AB", "5", "ABCDEFG") == "address.addition"
    assert rule_of(normalise.address, "0234AB", "5") == "postcode.format"
    assert rule_of(normalise.address, "", " ") == "address.empty"


# -- kenteken ------------------------------------------------------------------------------------

SIDECODES = [
    "XX-99-99", "99-99-XX", "99-XX-99", "XX-99-XX", "XX-XX-99", "99-XX-XX", "99-XXX-9",
    "9-XXX-99", "XX-999-X", "X-999-XX", "XXX-99-X", "X-99-XXX", "9-XX-999", "999-XX-9",
]  # fmt: skip


@st.composite
def plates(draw) -> str:
    pattern = draw(st.sampled_from(SIDECODES))
    return "".join(
        draw(st.sampled_from(UPPER)) if c == "X" else draw(st.sampled_from(DIGITS)) if c == "9" else c for c in pattern
    )


@given(st.data(), plates())
@SETTINGS
def test_kenteken_with_and_without_dashes(data, plate):
    bare = plate.replace("-", "")
    for written in (plate, bare, random_case(data.draw, plate), plate.replace("-", " ")):
        assert normalise.kenteken(written) == bare
    assert normalise.kenteken(normalise.kenteken(plate)) == bare


def test_kenteken_rejections():
    assert normalise.kenteken("xx-123-x") == "XX123X"
    assert rule_of(normalise.kenteken, "1A2B3C") == "kenteken.sidecode"
    assert rule_of(normalise.kenteken, "123456") == "kenteken.sidecode"
    assert rule_of(normalise.kenteken, "ABCDEF") == "kenteken.sidecode"
    assert rule_of(normalise.kenteken, "AB-12-C") == "kenteken.format"
    assert rule_of(normalise.kenteken, "AB-12-CDE") == "kenteken.format"
    assert rule_of(normalise.kenteken, "AB-12-C!") == "kenteken.format"
    assert rule_of(normalise.kenteken, "") == "kenteken.empty"


# -- KvK -----------------------------------------------------------------------------------------


def test_kvk():
    assert normalise.kvk(" 1234 5678 ") == "12345678"
    assert normalise.kvk("01234567") == "01234567"
    assert rule_of(normalise.kvk, "1234567") == "kvk.format"
    assert rule_of(normalise.kvk, "123456789") == "kvk.format"
    assert rule_of(normalise.kvk, "1234567a") == "kvk.format"
    assert rule_of(normalise.kvk, " ") == "kvk.empty"


# -- IBAN ----------------------------------------------------------------------------------------

# BBAN shapes (A = letter, 9 = digit) of some countries.
BBAN_SHAPES = {"NL": "AAAA9999999999", "DE": "9" * 18, "BE": "9" * 12, "GB": "AAAA" + "9" * 14, "FR": "9" * 23}


def mod97(text: str) -> int:
    """Independent of the module: digits for letters (A=10), then the remainder."""
    rearranged = text[4:] + text[:4]
    return int("".join(str(ord(c) - 55) if c.isalpha() else c for c in rearranged)) % 97


@st.composite
def ibans(draw) -> str:
    country = draw(st.sampled_from(sorted(BBAN_SHAPES)))
    bban = "".join(draw(st.sampled_from(UPPER if c == "A" else DIGITS)) for c in BBAN_SHAPES[country])
    check = 98 - mod97(country + "00" + bban)
    return f"{country}{check:02d}{bban}"


@given(st.data(), ibans())
@SETTINGS
def test_generated_ibans_are_accepted_in_any_grouping(data, number):
    grouped = " ".join(number[i : i + 4] for i in range(0, len(number), 4))
    written = data.draw(st.sampled_from([number, grouped, grouped.lower(), random_case(data.draw, grouped)]))
    assert normalise.iban(written) == number
    assert normalise.iban(normalise.iban(written)) == number


@given(ibans(), st.data())
@SETTINGS
def test_single_digit_change_in_iban_is_rejected(number, data):
    positions = [i for i, c in enumerate(number) if c.isdigit()]
    position = data.draw(st.sampled_from(positions))
    delta = data.draw(st.integers(1, 9))
    changed = number[:position] + str((int(number[position]) + delta) % 10) + number[position + 1 :]
    assert rule_of(normalise.iban, changed) == "iban.checksum"


def test_iban_examples_and_rejections():
    assert normalise.iban("NL91 ABNA 0417 1643 00") == "NL91ABNA0417164300"
    assert normalise.iban("GB82 WEST 1234 5698 7654 32") == "GB82WEST12345698765432"
    assert normalise.iban("DE89 3704 0044 0532 0130 00") == "DE89370400440532013000"
    assert normalise.iban("BE68 5390 0754 7034") == "BE68539007547034"
    assert rule_of(normalise.iban, "NL91ABNA041716430") == "iban.length"
    assert rule_of(normalise.iban, "NL91ABNA04171643000") == "iban.length"
    assert rule_of(normalise.iban, "XY12345") == "iban.length"  # unknown country: 15..34
    assert rule_of(normalise.iban, "NL9112340417164300") == "iban.format"  # NL bank code is 4 letters
    assert rule_of(normalise.iban, "91ABNA0417164300") == "iban.format"
    assert rule_of(normalise.iban, "NLXXABNA0417164300") == "iban.format"
    assert rule_of(normalise.iban, "NL92ABNA0417164300") == "iban.checksum"
    # check digits 00/01 are equivalent to 97/98 under mod-97 but never issued
    bban = "ABNA0417164300"
    for fake in ("00", "01", "99"):
        candidate = f"NL{fake}{bban}"
        assert rule_of(normalise.iban, candidate) in ("iban.checksum",)
    assert rule_of(normalise.iban, "") == "iban.empty"


# -- URL -----------------------------------------------------------------------------------------

LABELS = st.text("abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=10).filter(lambda s: s != "www")
PATH_SEGMENTS = st.text("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_~", min_size=1, max_size=8)


@st.composite
def advert_urls(draw) -> tuple[str, str]:
    """(canonical form, a way it was written)."""
    host = ".".join(draw(st.lists(LABELS, min_size=1, max_size=3))) + "." + draw(st.sampled_from(["nl", "com", "eu"]))
    path = "".join("/" + s for s in draw(st.lists(PATH_SEGMENTS, max_size=3)))
    params = draw(st.lists(st.tuples(PATH_SEGMENTS, PATH_SEGMENTS), max_size=3, unique_by=lambda p: p[0]))
    canonical = f"https://{host}{path}" + ("?" + "&".join(f"{k}={v}" for k, v in sorted(params)) if params else "")

    scheme = draw(st.sampled_from(["", "http://", "https://", "HTTPS://", "Http://"]))
    written_host = random_case(draw, draw(st.sampled_from(["", "www.", "WWW."])) + host)
    port = draw(st.sampled_from(["", ":443", ":80"])) if scheme else ""
    trailing = draw(st.sampled_from(["", "/"]))
    shuffled = draw(st.permutations(params))
    query = ("?" + "&".join(f"{k}={v}" for k, v in shuffled)) if params else ""
    fragment = draw(st.sampled_from(["", "#top", "#"]))
    return canonical, f"{scheme}{written_host}{port}{path}{trailing}{query}{fragment}"


@given(advert_urls())
@SETTINGS
def test_url_variants_give_one_canonical_form(case):
    canonical, written = case
    assert normalise.url(written) == canonical
    assert normalise.url(canonical) == canonical


def test_url_examples_and_rejections():
    assert normalise.url("http://WWW.Example.com:80/Path/?b=2&a=1#frag") == "https://example.com/Path?a=1&b=2"
    assert normalise.url("example.com/Foo") == "https://example.com/Foo"
    assert normalise.url("example.com/Foo") != normalise.url("example.com/foo")  # path keeps its case
    assert normalise.url("https://x.nl:8080/") == "https://x.nl:8080"
    assert normalise.url("https://münchen.de/café") == "https://xn--mnchen-3ya.de/caf%C3%A9"
    assert normalise.url("https://xn--mnchen-3ya.de/caf%c3%a9") == "https://xn--mnchen-3ya.de/caf%C3%A9"
    assert normalise.url("https://user:pw@x.nl/a") == "https://x.nl/a"
    assert normalise.url("//x.nl/a") == "https://x.nl/a"
    assert normalise.url("https://www.nl/") == "https://www.nl"  # "www" is the whole name here
    assert normalise.url("http://[::1]:80/a") == "https://[::1]/a"
    for bad in ["ftp://x.nl/a", "mailto:a@x.nl", "javascript:alert(1)"]:
        assert rule_of(normalise.url, bad) == "url.scheme"
    for bad in ["https://", "https://x", "https://exa mple.nl", "https://x.nl:99999", "https://-x.nl", "x.nl/<a>"]:
        assert rule_of(normalise.url, bad) == "url.invalid"
    assert rule_of(normalise.url, "  ") == "url.empty"


# -- date of birth -------------------------------------------------------------------------------

TODAY = date(2025, 6, 1)


@given(st.dates(min_value=date(1900, 1, 1), max_value=TODAY), st.integers(0, 5))
@SETTINGS
def test_date_of_birth_formats(born, style):
    written = [
        born.isoformat(),
        f"{born.day}-{born.month}-{born.year}",
        f"{born.day:02d}/{born.month:02d}/{born.year}",
        f"{born.day}.{born.month}.{born.year}",
        f"{born.day:02d}-{born.month:02d}-{born.year}",
        f" {born.year}-{born.month}-{born.day} ",
    ][style]
    assert normalise.date_of_birth(written, TODAY) == born
    assert normalise.date_of_birth(born, TODAY) == born


def test_date_of_birth_rejections():
    assert rule_of(normalise.date_of_birth, "2025-06-02", TODAY) == "date_of_birth.future"
    assert normalise.date_of_birth("2025-06-01", TODAY) == TODAY
    assert rule_of(normalise.date_of_birth, "31-12-1899", TODAY) == "date_of_birth.too_old"
    for bad in ["31-02-2000", "2000-13-01", "3-4/1998", "03041998", "3 april 1998", "98-04-03"]:
        assert rule_of(normalise.date_of_birth, bad, TODAY) == "date_of_birth.format"
    assert rule_of(normalise.date_of_birth, " ", TODAY) == "date_of_birth.empty"
    assert rule_of(normalise.date_of_birth, "2999-01-01") == "date_of_birth.future"  # default: real today


# -- names ---------------------------------------------------------------------------------------

GIVEN = ["jan", "anna", "mohammed", "sofie", "pieter", "eva", "joost", "fatima"]
SURNAMES = ["berg", "vries", "jong", "haan", "leeuw", "hart", "bakker", "bruijn"]
ACCENTED = {"a": "áàäâ", "e": "éèëê", "i": "íïî", "o": "óöô", "u": "úüû", "n": "ñ", "c": "ç"}
# Written forms of one tussenvoegsel; the key must not depend on which one is used.
TUSSENVOEGSELS = [
    ["van den", "van Den", "v.d.", "vd", "v/d", "V.D.", "v. d."],
    ["van der", "Van Der", "v.d.", "vd"],
    ["de", "De", "DE"],
    ["van", "Van", "v."],
    ["ter", "Ter"],
    ["in 't", "In 'T", "in ’t"],
    ["van de", "v.d."],
    [""],
]


def decorate(draw, name: str) -> str:
    """Random case and diacritics on a plain lowercase name."""
    out = []
    for char in name:
        if char in ACCENTED and draw(st.booleans()):
            char = draw(st.sampled_from(ACCENTED[char]))
        out.append(char.upper() if draw(st.booleans()) else char)
    return "".join(out)


@st.composite
def name_variants(draw) -> tuple[str, tuple[str, str, str]]:
    """(expected key, (given names, surname, date of birth) as somebody wrote them)."""
    first = draw(st.sampled_from(GIVEN))
    second = draw(st.sampled_from(["", *GIVEN]))
    core = draw(st.sampled_from(SURNAMES))
    born = draw(st.dates(min_value=date(1900, 1, 1), max_value=date(2020, 12, 31)))
    forms = draw(st.sampled_from(TUSSENVOEGSELS))
    prefix = draw(st.sampled_from(forms))
    given_names = " ".join(decorate(draw, n) for n in (first, second) if n)
    surname = decorate(draw, core)
    if prefix:
        place = draw(st.sampled_from(["before", "sort", "sort without comma", "given"]))
        if place == "before":
            surname = f"{prefix} {surname}"
        elif place == "sort":
            surname = f"{surname}, {prefix}"
        elif place == "sort without comma":
            surname = f"{surname} {prefix}"
        else:
            given_names = f"{given_names} {prefix}"
    written_date = draw(st.sampled_from([born.isoformat(), f"{born.day}-{born.month}-{born.year}"]))
    return f"{core}|{first}|{born.isoformat()}", (given_names, surname, written_date)


@given(name_variants())
@SETTINGS
def test_name_variants_give_one_name_dob_key(case):
    expected, (given_names, surname, born) = case
    assert normalise.name_dob(given_names, surname, born) == expected


@given(name_variants())
@SETTINGS
def test_person_name_is_idempotent(case):
    _, (given_names, surname, _) = case
    name = normalise.person_name(given_names, surname)
    again = normalise.person_name(name.given, f"{name.tussenvoegsel} {name.surname}".strip())
    assert again == name


def test_name_examples():
    key = "berg|jan|1998-04-03"
    assert normalise.name_dob("Jan", "v.d. Berg", "1998-04-03") == key
    assert normalise.name_dob("jan", "van den Berg", "3-4-1998") == key
    assert normalise.name_dob("Jän", "Van Den Berg", date(1998, 4, 3)) == key
    assert normalise.name_dob("Jan Willem", "Berg, van den", "03/04/1998") == key
    assert normalise.name_dob("Jan van den", "Berg", "3.4.1998") == key
    name = normalise.person_name("Jan-Willem  Hendrik", "van der Meer - de Vries")
    assert name == normalise.PersonName(
        given="jan-willem hendrik", first_given="jan-willem", tussenvoegsel="van der", surname="meer-de vries"
    )
    assert normalise.person_name("Pierre", "d'Ancona").surname == "ancona"
    assert normalise.person_name("Pierre", "d’Ancona").tussenvoegsel == "d'"
    assert normalise.person_name("Sean", "O'Brien").surname == "obrien"
    assert normalise.person_name("Søren", "Kierkegaard").given == "soren"
    assert normalise.person_name("Jürgen", "Groß").surname == "gross"
    assert normalise.person_name("J.W.", "Berg").given == "j w"
    # a lone tussenvoegsel word is the surname itself; a lone given name stays a given name
    assert normalise.person_name("Jan", "Van") == normalise.PersonName("jan", "jan", "", "van")
    assert normalise.person_name("Van", "Berg").given == "van"


def test_name_rejections():
    assert rule_of(normalise.person_name, " ", "Berg") == "name.given_empty"
    assert rule_of(normalise.person_name, "Jan", "") == "name.surname_empty"
    assert rule_of(normalise.person_name, "123", "Berg") == "name.no_letters"
    assert rule_of(normalise.name_dob, "Jan", "Berg", "1800-01-01") == "date_of_birth.too_old"


# -- idempotence of the single-string normalisers ------------------------------------------------


@pytest.mark.parametrize(
    "function, value",
    [
        (normalise.bsn, "111 222 333"),
        (normalise.phone, "06-12 34 56 78"),
        (normalise.email, " Jan@Example.NL"),
        (normalise.postcode, "1234 ab"),
        (normalise.kenteken, "xx-123-x"),
        (normalise.kvk, "1234 5678"),
        (normalise.iban, "nl91 abna 0417 1643 00"),
        (normalise.url, "WWW.Example.com/a/?z=1&a=2#x"),
    ],
)
def test_normalising_twice_changes_nothing(function, value):
    once = function(value)
    assert function(once) == once


# -- errors: rule ids, field paths and languages -------------------------------------------------

REJECTIONS = [
    (normalise.bsn, ("123456789",), "bsn.elfproef"),
    (normalise.bsn, ("12",), "bsn.length"),
    (normalise.phone, ("123",), "phone.invalid"),
    (normalise.email, ("nobody",), "email.format"),
    (normalise.postcode, ("1234 SS",), "postcode.letters"),
    (normalise.address, ("1234AB", "x"), "address.house_number"),
    (normalise.kenteken, ("AAAAAA",), "kenteken.sidecode"),
    (normalise.kvk, ("123",), "kvk.format"),
    (normalise.iban, ("NL00ABNA0417164300",), "iban.checksum"),
    (normalise.url, ("ftp://x.nl",), "url.scheme"),
    (normalise.date_of_birth, ("1-1-3000",), "date_of_birth.future"),
    (normalise.person_name, ("", "Berg"), "name.given_empty"),
]


@pytest.fixture
def language(monkeypatch):
    """Language from SIGNALMATCH_LANG only (no explicit choice left over by another test)."""
    monkeypatch.setattr(i18n, "_language", None)

    def choose(lang: str | None) -> None:
        if lang is None:
            monkeypatch.delenv("SIGNALMATCH_LANG", raising=False)
        else:
            monkeypatch.setenv("SIGNALMATCH_LANG", lang)

    return choose


@pytest.mark.parametrize("function, args, rule", REJECTIONS)
def test_rejection_is_dutch_by_default(language, function, args, rule):
    language(None)
    with pytest.raises(InvalidValue) as caught:
        function(*args)
    assert caught.value.rule == rule
    assert caught.value.description == messages.MESSAGES[rule]["nl"]
    assert caught.value.at("persons[0].x") == Violation("persons[0].x", rule, messages.MESSAGES[rule]["nl"])


@pytest.mark.parametrize("function, args, rule", REJECTIONS)
def test_rejection_is_english_with_signalmatch_lang_en(language, function, args, rule):
    language("en")
    with pytest.raises(InvalidValue) as caught:
        function(*args)
    assert caught.value.rule == rule
    assert caught.value.description == messages.MESSAGES[rule]["en"]
    assert caught.value.description != messages.MESSAGES[rule]["nl"]


def test_known_message_texts(language):
    language(None)
    assert rule_of(normalise.bsn, "123456789") == "bsn.elfproef"
    with pytest.raises(InvalidValue, match="BSN voldoet niet aan de elfproef"):
        normalise.bsn("123456789")
    language("en")
    with pytest.raises(InvalidValue, match="BSN fails the 11-test"):
        normalise.bsn("123456789")
    with pytest.raises(InvalidValue, match="IBAN for NL must have 18 characters"):
        normalise.iban("NL91ABNA041716430")


@pytest.mark.parametrize(
    "function, kind",
    [
        (normalise.bsn, "bsn"),
        (normalise.phone, "phone"),
        (normalise.email, "email"),
        (normalise.postcode, "postcode"),
        (normalise.kenteken, "kenteken"),
        (normalise.kvk, "kvk"),
        (normalise.iban, "iban"),
        (normalise.url, "url"),
        (normalise.date_of_birth, "date_of_birth"),
    ],
)
@pytest.mark.parametrize("blank", ["", "   ", "\t\n"])
def test_blank_input_is_kind_empty(function, kind, blank):
    assert rule_of(function, blank) == f"{kind}.empty"


def _phonenumbers_verdict(text: str) -> str | None:
    """What phonenumbers alone makes of `text` as an NL number: its E.164, or None (invalid)."""
    try:
        number = phonenumbers.parse(text, "NL")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _phone_verdict(text: str) -> str | None:
    try:
        return normalise.phone(text)
    except InvalidValue:
        return None


_PREFIXES = st.sampled_from(["+31", "0031", "0", "+31 ", "0031 ", "0 ", "0-", "+31-", "+3", "031", "00 31", "+32", ""])
_SEPARATORS = st.sampled_from(["", " ", "-"]) | st.sampled_from(["", " ", "-", "  ", "/", ".", "--", "(", ")"])


@st.composite
def dutch_numbers(draw: st.DrawFn) -> str:
    """Numbers written the common Dutch ways (mostly nine digits from a 6, the shape of the fast
    path), with a digit, a prefix or a separator off now and then."""
    digits = draw(st.from_regex(r"6[0-9]{8}", fullmatch=True) | st.text("0123456789", min_size=7, max_size=11))
    out = draw(_PREFIXES)
    for d in digits:
        out += (draw(_SEPARATORS) if draw(st.integers(0, 3)) == 0 else "") + d
    return out


@settings(max_examples=1500)
@given(dutch_numbers())
def test_phone_fast_path_gives_what_phonenumbers_gives(text: str) -> None:
    assert _phone_verdict(text) == _phonenumbers_verdict(text)


def test_phone_fast_path_over_every_mobile_prefix() -> None:
    rng = random.Random(15)
    for prefix in range(600, 700):
        for _ in range(12):
            number = f"{prefix}{rng.randrange(10**6):06d}"
            for text in (
                f"0{number}",
                f"+31{number}",
                f"0031{number}",
                f"0{number[:1]}-{number[1:]}",
                f"+31 {number[0]} {number[1:5]} {number[5:]}",
                f"0{number[:1]} {number[1:3]} {number[3:5]} {number[5:7]} {number[7:]}",
            ):
                assert _phone_verdict(text) == _phonenumbers_verdict(text), text
