"""Validate and canonicalise identifiers at intake.

Every function takes what a user typed and returns one canonical form, so that the same
identifier written in different ways yields the same keyed token later (:mod:`node.pseudonymise`).
A value that breaks a rule raises :class:`signalmatch.errors.InvalidValue` with a rule id such as
``"bsn.elfproef"`` and a description in the user's language; the caller attaches the field path.
Empty or whitespace-only input always raises ``"<kind>.empty"``.

The functions are pure and cheap: regular expressions and tables are built once at import.
"""

from __future__ import annotations

import functools
import ipaddress
import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, datetime
from urllib.parse import quote, urlsplit

import phonenumbers

from signalmatch import i18n
from signalmatch.errors import InvalidValue

# Bound of each memo of a pure normalisation (entries of the node's own input, in its own memory).
CACHE_SIZE = 8192


def _fail(rule: str, **values: object) -> InvalidValue:
    return InvalidValue(rule, i18n.t(rule, **values))


def _require(value: str, kind: str) -> str:
    text = value.strip() if isinstance(value, str) else ""
    if not text:
        raise _fail(f"{kind}.empty")
    return text


# -- BSN -----------------------------------------------------------------------------------------

_BSN_SEPARATORS = re.compile(r"[\s.\-]+")


def bsn(value: str) -> str:
    """Burgerservicenummer: 9 digits passing the 11-proef (weights 9..2 and -1).

    Spaces, dots and dashes are ignored; 8 digits get the leading zero that is often dropped.
    """
    digits = _BSN_SEPARATORS.sub("", _require(value, "bsn"))
    if not (digits.isascii() and digits.isdigit()):
        raise _fail("bsn.format")
    if len(digits) == 8:
        digits = "0" + digits
    if len(digits) != 9:
        raise _fail("bsn.length")
    if digits == "000000000":
        raise _fail("bsn.zero")
    if not bsn_checksum_ok(digits):
        raise _fail("bsn.elfproef")
    return digits


def bsn_checksum_ok(digits: str) -> bool:
    """The 11-proef on 9 ASCII digits."""
    total = sum(int(d) * w for d, w in zip(digits, (9, 8, 7, 6, 5, 4, 3, 2, -1), strict=True))
    return total % 11 == 0


# -- phone ---------------------------------------------------------------------------------------


# The common way a Dutch mobile number is written ("06-12345678", "+31 6 1234 5678", "0031612345678"):
# a national number of nine digits after +31, 0031 or 0, with single spaces or dashes between digits.
_NL_MOBILE_SHAPE = re.compile(r"(?:\+31|0031|0)[ -]?6(?:[ -]?[0-9]){8}")
_NL_SEPARATORS = str.maketrans("", "", " -")


def _nl_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """phonenumbers' own patterns of a valid NL number and of an NL mobile number, from its
    metadata (patterns that match nothing, so no fast path, should it lack them)."""
    metadata = phonenumbers.PhoneMetadata.metadata_for_region("NL")
    general = metadata.general_desc if metadata is not None else None
    mobile = metadata.mobile if metadata is not None else None
    if general is None or mobile is None or not general.national_number_pattern or not mobile.national_number_pattern:
        return re.compile("(?!)"), re.compile("(?!)")
    return re.compile(general.national_number_pattern), re.compile(mobile.national_number_pattern)


_NL_GENERAL, _NL_MOBILE = _nl_patterns()


def phone(value: str, region: str = "NL") -> str:
    """E.164 ("+31612345678"); national numbers are read as numbers of `region`.

    A Dutch mobile number in its common shape whose nine digits phonenumbers' metadata calls a
    valid NL mobile number is answered without parsing (what phonenumbers answers for it, checked
    in tests/unit/test_normalise.py); every other text goes through phonenumbers."""
    text = _require(value, "phone")
    if region == "NL" and _NL_MOBILE_SHAPE.fullmatch(text):
        national = text.translate(_NL_SEPARATORS)[-9:]
        if _NL_GENERAL.fullmatch(national) and _NL_MOBILE.fullmatch(national):
            return "+31" + national
    found = _phone(text, region)
    if found is None:
        raise _fail("phone.invalid")
    return found


@functools.lru_cache(maxsize=CACHE_SIZE)
def _phone(text: str, region: str) -> str | None:
    """phonenumbers' E.164 of `text`, None when it is no valid number (memoised: the same number
    comes back in many signals, and phonenumbers is the costliest check of intake)."""
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


# -- email ---------------------------------------------------------------------------------------

_EMAIL_LOCAL = re.compile(r"^[^\s@\x00-\x1f\x7f]{1,64}$")
_DNS_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")


def _hostname(host: str) -> str | None:
    """Lowercase ASCII (IDNA 2003, Python's built-in codec) host name, or None when invalid."""
    host = host.strip().rstrip(".").lower()
    if not host:
        return None
    try:
        ascii_host = host.encode("idna").decode("ascii")
    except UnicodeError:
        return None
    labels = ascii_host.split(".")
    if len(ascii_host) > 253 or len(labels) < 2 or not all(_DNS_LABEL.match(label) for label in labels):
        return None
    if labels[-1].isdigit():  # a numeric top-level label is an IP address, not a name
        return None
    return ascii_host


def email(value: str) -> str:
    """Lowercased "local@domain" with the domain IDNA-encoded (ASCII).

    Deliberately simple: exactly one "@", a local part of 1..64 characters without whitespace,
    and a domain name with at least one dot. Provider-specific aliases (dots or "+tags" in
    Gmail addresses) are not folded: we do not guess how a mail provider delivers.
    """
    text = _require(value, "email").lower()
    if text.startswith("mailto:"):
        text = text[len("mailto:") :]
    local, at, domain = text.partition("@")
    if not at or "@" in domain or not _EMAIL_LOCAL.match(local):
        raise _fail("email.format")
    ascii_domain = _hostname(domain)
    if ascii_domain is None:
        raise _fail("email.domain")
    return f"{local}@{ascii_domain}"


# -- postcode and address ------------------------------------------------------------------------

_POSTCODE = re.compile(r"^([1-9][0-9]{3})([A-Z]{2})$")
_POSTCODE_SEPARATORS = re.compile(r"[\s\-]+")
_UNISSUED_POSTCODE_LETTERS = frozenset({"SA", "SD", "SS"})
_HOUSE_NUMBER = re.compile(r"^0*([1-9][0-9]{0,4})(?![0-9])(?:[\s\-/.]*([A-Za-z0-9][A-Za-z0-9\s\-/.]*))?$")
_ADDITION_SEPARATORS = re.compile(r"[\s\-/.]+")
MAX_ADDITION = 6  # BAG: huisletter (1) + huisnummertoevoeging (4), with a little slack


def postcode(value: str) -> str:
    """Dutch postcode "1234AB": four digits (not starting with 0) and two letters."""
    text = _POSTCODE_SEPARATORS.sub("", _require(value, "postcode")).upper()
    match = _POSTCODE.match(text)
    if not match:
        raise _fail("postcode.format")
    if match.group(2) in _UNISSUED_POSTCODE_LETTERS:
        raise _fail("postcode.letters")
    return text


def address(postcode_value: str, house_number: str, addition: str = "") -> str:
    """ "1234AB 5" or "1234AB 5-A": postcode, house number (1..99999) and optional addition.

    The addition is uppercased with separators removed; an addition typed into the house number
    field ("5a", "5 - A") is read the same as one in its own field.
    """
    if not (postcode_value or "").strip() and not (house_number or "").strip():
        raise _fail("address.empty")
    code = postcode(postcode_value)
    match = _HOUSE_NUMBER.match((house_number or "").strip())
    if not match:
        raise _fail("address.house_number")
    number = match.group(1)
    inline = _ADDITION_SEPARATORS.sub("", match.group(2) or "").upper()
    extra = _ADDITION_SEPARATORS.sub("", addition or "").upper()
    if inline and extra and inline != extra:
        raise _fail("address.house_number")  # two different additions
    extra = extra or inline
    if extra and (len(extra) > MAX_ADDITION or not (extra.isascii() and extra.isalnum())):
        raise _fail("address.addition", limit=MAX_ADDITION)
    return f"{code} {number}-{extra}" if extra else f"{code} {number}"


# -- kenteken ------------------------------------------------------------------------------------

_KENTEKEN_SEPARATORS = re.compile(r"[\s\-.]+")
# Dutch sidecodes 1-14 as letter (X) / digit (9) patterns, separators removed.
KENTEKEN_SIDECODES = {
    "XX9999": 1,  # XX-99-99
    "9999XX": 2,  # 99-99-XX
    "99XX99": 3,  # 99-XX-99
    "XX99XX": 4,  # XX-99-XX
    "XXXX99": 5,  # XX-XX-99
    "99XXXX": 6,  # 99-XX-XX
    "99XXX9": 7,  # 99-XXX-9
    "9XXX99": 8,  # 9-XXX-99
    "XX999X": 9,  # XX-999-X
    "X999XX": 10,  # X-999-XX
    "XXX99X": 11,  # XXX-99-X
    "X99XXX": 12,  # X-99-XXX
    "9XX999": 13,  # 9-XX-999
    "999XX9": 14,  # 999-XX-9
}
_PLATE = re.compile(r"^[A-Z0-9]{6}$")


def kenteken(value: str) -> str:
    """Dutch licence plate, uppercase without separators ("xx-123-x" -> "XX123X").

    Each sidecode has a distinct letter/digit pattern, so the plate is checked on that pattern
    alone; where the user put the dashes does not matter.
    """
    text = _KENTEKEN_SEPARATORS.sub("", _require(value, "kenteken")).upper()
    if not _PLATE.match(text):
        raise _fail("kenteken.format")
    shape = "".join("9" if c.isdigit() else "X" for c in text)
    if shape not in KENTEKEN_SIDECODES:
        raise _fail("kenteken.sidecode")
    return text


# -- KvK -----------------------------------------------------------------------------------------

_KVK = re.compile(r"^[0-9]{8}$")
_KVK_SEPARATORS = re.compile(r"[\s.]+")


def kvk(value: str) -> str:
    """Kamer van Koophandel number: exactly 8 digits (spaces and dots ignored)."""
    text = _KVK_SEPARATORS.sub("", _require(value, "kvk"))
    if not _KVK.match(text):
        raise _fail("kvk.format")
    return text


# -- IBAN ----------------------------------------------------------------------------------------

# Total IBAN lengths per country (ISO 13616 registry); other countries: 15..34.
IBAN_LENGTHS = {
    "AT": 20, "BE": 16, "BG": 22, "CH": 21, "CY": 28, "CZ": 24, "DE": 22, "DK": 18, "EE": 20,
    "ES": 24, "FI": 18, "FR": 27, "GB": 22, "GR": 27, "HR": 21, "HU": 28, "IE": 22, "IT": 27,
    "LT": 20, "LU": 20, "LV": 21, "MT": 31, "NL": 18, "NO": 15, "PL": 28, "PT": 25, "RO": 24,
    "SE": 24, "SI": 19, "SK": 24, "TR": 26, "UA": 29,
}  # fmt: skip
_IBAN = re.compile(r"^([A-Z]{2})([0-9]{2})([A-Z0-9]+)$")
_IBAN_NL_BBAN = re.compile(r"^[A-Z]{4}[0-9]{10}$")
_IBAN_SEPARATORS = re.compile(r"[\s\-.]+")


def iban(value: str) -> str:
    """Uppercase IBAN without spaces, with a known length and valid ISO 13616 mod-97 check."""
    text = _IBAN_SEPARATORS.sub("", _require(value, "iban")).upper()
    match = _IBAN.match(text) if text.isascii() else None
    if not match:
        raise _fail("iban.format")
    country, check, bban = match.groups()
    length = IBAN_LENGTHS.get(country)
    if length is not None and len(text) != length:
        raise _fail("iban.length", country=country, length=length)
    if length is None and not 15 <= len(text) <= 34:
        raise _fail("iban.length", country=country, length="15-34")
    if country == "NL" and not _IBAN_NL_BBAN.match(bban):
        raise _fail("iban.format")
    if not 2 <= int(check) <= 98 or iban_mod97(text) != 1:
        raise _fail("iban.checksum")
    return text


def iban_mod97(text: str) -> int:
    """ISO 7064 MOD 97-10 over an IBAN (country and check digits moved to the end)."""
    rearranged = text[4:] + text[:4]
    return int("".join(str(int(c, 36)) for c in rearranged)) % 97


# -- URL -----------------------------------------------------------------------------------------

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*)://")
_FORBIDDEN_URL_CHARS = re.compile(r"[\s\x00-\x1f\x7f<>\"\\^`{|}]")
_PERCENT_ESCAPE = re.compile(r"%[0-9a-fA-F]{2}")
_URL_SAFE = "/:@!$&'()*+,;=-._~%"
_QUERY_SAFE = _URL_SAFE.replace("&", "")
_OTHER_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:[^0-9]")  # "mailto:x", not "host:8080"
MAX_URL = 4096


def _url_part(text: str, safe: str = _URL_SAFE) -> str:
    """Percent-encode non-ASCII characters and write existing escapes in uppercase."""
    return _PERCENT_ESCAPE.sub(lambda m: m.group(0).upper(), quote(text, safe=safe))


def url(value: str) -> str:
    """Canonical URL for matching adverts.

    "https://" is added when there is no scheme and http is read as https; the host is
    lowercased, IDNA-encoded and loses a leading "www."; default ports, user info, the fragment
    and a trailing slash are dropped; query parameters are sorted. The path keeps its case
    (servers may treat it case-sensitively). Dot segments are not resolved.
    """
    text = _require(value, "url")
    if len(text) > MAX_URL or _FORBIDDEN_URL_CHARS.search(text):
        raise _fail("url.invalid")
    scheme = _SCHEME.match(text)
    if scheme is None:
        if text.startswith("//"):
            text = "https:" + text
        elif _OTHER_SCHEME.match(text) and not text.lower().startswith("www."):
            raise _fail("url.scheme")  # e.g. "mailto:x@y.nl", "javascript:..."
        else:
            text = "https://" + text
    elif scheme.group(1).lower() not in ("http", "https"):
        raise _fail("url.scheme")
    try:
        parts = urlsplit(text)
        port = parts.port
        host = parts.hostname or ""
    except ValueError:
        raise _fail("url.invalid") from None
    canonical_host = _url_host(host)
    if canonical_host is None:
        raise _fail("url.invalid")
    netloc = canonical_host if port in (None, 80, 443) else f"{canonical_host}:{port}"
    path = _url_part(parts.path).rstrip("/")
    pairs = sorted(
        tuple(piece.split("=", 1)) if "=" in piece else (piece,)
        for piece in (_url_part(p, _QUERY_SAFE) for p in parts.query.split("&"))
        if piece
    )
    query = "&".join("=".join(pair) for pair in pairs)
    return f"https://{netloc}{path}" + (f"?{query}" if query else "")


def _url_host(host: str) -> str | None:
    host = host.rstrip(".")
    try:
        address_ = ipaddress.ip_address(host)
    except ValueError:
        name = _hostname(host)
        if name is None:
            return None
        return name[4:] if name.startswith("www.") and name.count(".") >= 2 else name
    return f"[{address_.compressed}]" if address_.version == 6 else address_.compressed


# -- date of birth -------------------------------------------------------------------------------

_ISO_DATE = re.compile(r"^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})$")
_DUTCH_DATE = re.compile(r"^([0-9]{1,2})([-/.])([0-9]{1,2})\2([0-9]{4})$")
EARLIEST_BIRTH = date(1900, 1, 1)


def _parse_date(value: str | date) -> date:
    """A date (ISO or Dutch day-first), not before 1900; no check against today."""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        result = value
    else:
        text = "".join(_require(value, "date_of_birth").split())
        if match := _ISO_DATE.match(text):
            year, month, day = match.groups()
        elif match := _DUTCH_DATE.match(text):
            day, _, month, year = match.groups()
        else:
            raise _fail("date_of_birth.format")
        try:
            result = date(int(year), int(month), int(day))
        except ValueError:
            raise _fail("date_of_birth.format") from None
    if result < EARLIEST_BIRTH:
        raise _fail("date_of_birth.too_old")
    return result


def date_of_birth(value: str | date, today: date | None = None) -> date:
    """ "1998-04-03", "3-4-1998", "03/04/1998" or "3.4.1998" (day first); 1900 <= date <= today."""
    result = _parse_date(value)
    if result > (today or datetime.now(UTC).date()):
        raise _fail("date_of_birth.future")
    return result


# -- person names --------------------------------------------------------------------------------


@dataclass(frozen=True)
class PersonName:
    """A name folded for matching: lowercase letters without diacritics, spaces and hyphens."""

    given: str  # all given names, e.g. "jan willem"
    first_given: str  # "jan"
    tussenvoegsel: str  # "van den" ("" when none)
    surname: str  # core surname without tussenvoegsel, e.g. "berg"


# Letters that Unicode NFKD does not decompose into a base letter plus marks.
_LETTER_FOLDS = str.maketrans(
    {"ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i", "ß": "ss", "ħ": "h"}
)
_APOSTROPHES = str.maketrans({c: "'" for c in "\u2018\u2019\u201a\u201b\u02bc\u02bb`\u00b4\u2032"})
_NAME_DROP = re.compile(r"[^\w\s'.,/\-]|[\d_]")
_HYPHENS = re.compile(r"\s*-[\s-]*")
# An abbreviation or elided article glued to the name: "v.d.Berg", "d'Ancona", "l'Estrange".
_GLUED = re.compile(r"(?<![^\s,])(v\.d\.|v/d|v\.(?!d\.)|[dl]')(?=\w)")
_SPACED_VD = re.compile(r"(?<![^\s,])v\.\s+d\.")  # "v. d." -> "v.d."

# Words that make up Dutch (and common foreign) tussenvoegsels, with their canonical spelling.
_TUSSENVOEGSEL_WORDS = {
    word: word
    for word in (
        "van de der den het te ter ten in op uit aan bij onder over voor 't 's d' l' la le les du "
        "des da dos das di del della dei von vom zu zum zur am im auf"
    ).split()
} | {"t": "'t", "s": "'s", "v.": "van", "v": "van", "v.d.": "v.d.", "v.d": "v.d.", "vd": "v.d.",
     "vd.": "v.d.", "v/d": "v.d."}  # fmt: skip


def _fold(text: str) -> str:
    """NFKD without combining marks, casefolded, with odd apostrophes and letters unified."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    folded = stripped.casefold().translate(_LETTER_FOLDS)
    return _GLUED.sub(r"\1 ", _SPACED_VD.sub("v.d.", _NAME_DROP.sub(" ", folded)))


def _tokens(text: str) -> list[str]:
    return _HYPHENS.sub("-", text).strip(" -").split()


_NOT_NAME_LETTER = re.compile(r"[^\w-]+")
_EXTRA_HYPHENS = re.compile(r"-{2,}")


def _clean_word(word: str) -> str:
    """Keep letters and hyphens only (drops apostrophes, dots, slashes)."""
    return _EXTRA_HYPHENS.sub("-", _NOT_NAME_LETTER.sub("", word)).strip("-")


def _is_tussenvoegsel(word: str) -> bool:
    return word in _TUSSENVOEGSEL_WORDS


def _leading_tussenvoegsel(words: list[str]) -> int:
    """How many leading words form a tussenvoegsel, leaving at least one word."""
    count = 0
    while count < len(words) - 1 and _is_tussenvoegsel(words[count]):
        count += 1
    return count


def _trailing_tussenvoegsel(words: list[str]) -> int:
    """How many trailing words form a tussenvoegsel, leaving at least one word."""
    count = 0
    while count < len(words) - 1 and _is_tussenvoegsel(words[len(words) - 1 - count]):
        count += 1
    return count


def _canonical(words: list[str]) -> str:
    return " ".join(_TUSSENVOEGSEL_WORDS[w] for w in words)


def _joined(words: list[str], split_initials: bool = False) -> str:
    if split_initials:  # "j.w." -> "j w"
        words = [part for word in words for part in word.split(".")]
    return " ".join(w for w in (_clean_word(word) for word in words) if w)


def person_name(given_names: str, surname: str) -> PersonName:
    """Fold a name for matching and split off the tussenvoegsel.

    The tussenvoegsel is recognised before the surname ("van den Berg"), in the Dutch sort form
    ("Berg, van den" or "Berg van den") and at the end of the given names ("Jan van den" + "Berg").
    The surname and the given names each keep at least one word, so "Van" alone is a surname. Abbreviations
    "v." become "van"; "v.d.", "vd" and "v/d" (van de/den/der) become "v.d.".
    """
    found = _person_name(given_names, surname)
    if isinstance(found, str):
        raise _fail(found)
    return found


@functools.lru_cache(maxsize=CACHE_SIZE)
def _person_name(given_names: str, surname: str) -> PersonName | str:
    """person_name's result, or the rule it breaks (memoised: intake folds each name two or three
    times, for the name-and-date identifier and the fuzzy encoding)."""
    if not (given_names or "").strip():
        return "name.given_empty"
    if not (surname or "").strip():
        return "name.surname_empty"
    given_words = _tokens(_fold(given_names).replace(",", " "))
    folded_surname = _fold(surname)

    prefix: list[str] = []
    core_text, comma, after = folded_surname.partition(",")
    after_words = _tokens(after.replace(",", " "))
    if comma and after_words and all(_is_tussenvoegsel(w) for w in after_words):
        surname_words = _tokens(core_text)  # sort form: "berg, van den"
        prefix = after_words
    else:
        surname_words = _tokens(folded_surname.replace(",", " "))
    lead = _leading_tussenvoegsel(surname_words)
    prefix = surname_words[:lead] + prefix
    surname_words = surname_words[lead:]
    tail = _trailing_tussenvoegsel(surname_words)  # sort form without the comma: "berg van den"
    if tail:
        prefix = surname_words[len(surname_words) - tail :] + prefix
        surname_words = surname_words[: len(surname_words) - tail]
    trail = _trailing_tussenvoegsel(given_words)
    if trail:
        prefix = given_words[len(given_words) - trail :] + prefix
        given_words = given_words[: len(given_words) - trail]

    given = _joined(given_words, split_initials=True)
    core = _joined(surname_words)
    if not given or not core:
        return "name.no_letters"
    return PersonName(given=given, first_given=given.split()[0], tussenvoegsel=_canonical(prefix), surname=core)


def name_dob(given_names: str, surname: str, date_of_birth: str | date) -> str:
    """Key of the exact name-and-date-of-birth identifier: "<core surname>|<first given>|<yyyy-mm-dd>".

    The tussenvoegsel is left out on purpose. Organisations register it inconsistently: in the
    sort form ("Berg, van den"), abbreviated ("v.d."), inside the given names field, capitalised
    differently, or not at all; an exact keyed match would silently miss every such variant. Core
    surname, first given name and full date of birth together remain very discriminating, and a
    rare collision ("van Dijk" vs "Dijk", same first name and birthday) only proposes a hit for a
    person to review. Later given names are left out for the same reason (often omitted).
    The date is checked for format and the 1900 lower bound only: the caller checks "not in the
    future" against its own clock.
    """
    name = person_name(given_names, surname)
    born = _parse_date(date_of_birth)
    return f"{name.surname}|{name.first_given}|{born.isoformat()}"
