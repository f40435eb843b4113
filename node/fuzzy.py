"""Keyed, hardened Bloom-filter encodings of persons and addresses for fuzzy matching.

A record becomes a fixed-length bit array in the way of cryptographic long-term keys (CLKs,
Schnell et al. 2011): every *feature* (a q-gram of a name, a part of the date of birth, a street's
core, ...; canonical forms of :mod:`node.normalise`) sets bits at positions from a keyed PRF under a
secret derived from the epoch's table secret, each field in its own segment of the filter
(:data:`signalmatch.encoding.SEGMENTS`), hardened by XOR-folding; blocking keys are keyed HMACs.
Two encodings are compared with the Dice coefficient (:mod:`matcher.fuzzy`). The features, the
segments, the bit positions, the hardening and the blocking keys in full:
docs/fuzzy-matching.md, "The encodings in detail". Everything here is pure and deterministic per
key; feature bit masks are cached per key.
"""

from __future__ import annotations

import functools
import hmac
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from signalmatch import crypto
from signalmatch.encoding import (
    ADDITION,
    ADDRESS_FIELDS,
    BIRTH_DATE,
    BLOCK_BYTES,
    DEFAULT_HARDENING,
    FILTER_BITS,
    NAME,
    NUMBER,
    PERSON_FIELDS,
    PLACE,
    POSTCODE,
    SEGMENTS,
    STREET,
    Encoding,
    check_hardening,
)
from signalmatch.errors import ConfigError, InvalidValue
from signalmatch.node import normalise
from signalmatch.node.pseudonymise import TokenKey

FUZZY_KEY_LABEL = "signalmatch/fuzzy/v1"
CACHE_SIZE = 8192  # bound of each memo of a pure function of what the node was given (names, streets)

# Bits per feature (the field weights), tuned on synthetic.corrupt. Surname bigrams weigh more than
# given-name bigrams; the date of birth carries about 40% of a person's bits, most of it in the
# unordered pair {day, month}, so a swap costs little but another birthday costs much.
# Address weights were set on pairs of the same and of different addresses with a fresh key per
# pair (docs/threat-model.md, "The link rule"): the street (core 44 + 12 + 4, prefix 8, type 8)
# outweighs the place (12 + 20 + 28), and both outweigh what a typo or a missing field costs.
# "street_core" and "city" are totals spread over the bigrams of the name; "addition_copy" is the
# share (percent) of each feature's bits repeated under the addition.
PERSON_WEIGHTS = {
    # name segment
    "given_bigram": 5,
    "surname_bigram": 7,
    "initial": 10,
    "phonetic": 8,
    "tussenvoegsel": 4,
    # date-of-birth segment: most of it in the unordered pair {day, month}, so a day/month swap or a
    # typo in the year keeps three quarters of it and another birthday almost nothing
    "year": 8,
    "century": 4,
    "month": 4,
    "day": 4,
    "day_month": 16,
}
ADDRESS_WEIGHTS = {
    # street segment: the core name's bigrams, phonetic code and initial are hashed together with the
    # street's titles/modifier and type, so "Kerkstraat" and "Kerkweg" share only the prefix's bits
    "street_core": 24,  # spread evenly over the bigrams of the street's core name ("kerk", "heemstra")
    "street_word": 6,  # the phonetic code of the core name
    "street_initial": 3,  # its first letter
    "street_prefix": 4,  # titles and modifier ("burgemeester van", "lange") or none
    "street_type": 4,  # "straat", "laan", "weg", ... or none
    # place segment
    "place": 16,  # spread evenly over the bigrams of the place
    "place_word": 6,  # its phonetic code
    # postcode segment
    "postcode": 6,  # the whole postcode
    "postcode_area": 4,  # its area: the digits of a Dutch postcode
    # number segment
    "number": 6,
    # addition segment: number and addition together, only with an addition
    "number_addition": 6,
}
STREET_TITLES = ("burgemeester", "koningin", "koning", "prins", "graaf", "gravin", "hertog", "sint", "dokter",
                 "professor", "generaal", "kolonel", "minister", "pastoor", "pater", "president", "meester",
                 "van", "de", "der", "den", "het", "t", "ter", "ten", "la", "le")  # fmt: skip
STREET_MODIFIERS = ("lange", "korte", "oude", "nieuwe", "hoge", "hooge", "lage", "grote", "groote", "kleine",
                    "noord", "zuid", "oost", "west", "noorder", "zuider", "ooster", "wester", "voor", "achter",
                    "boven", "beneden", "binnen", "buiten", "eerste", "tweede", "derde", "vierde")  # fmt: skip
_MODIFIER_CANON = {"hooge": "hoge", "groote": "grote"}
STREET_TYPES = tuple(
    sorted(
        (
            "straatweg",
            "straat",
            "laan",
            "weg",
            "plein",
            "gracht",
            "singel",
            "kade",
            "dreef",
            "park",
            "steeg",
            "erf",
            "pad",
            "hof",
            "dijk",
            "markt",
            "baan",
            "plantsoen",
            "bolwerk",
            "wal",
            "ring",
            "allee",
            "dam",
            "veld",
            "burg",
            # English street types, as a separate word or run together by a typo ("stanleystreet")
            "street",
            "road",
            "avenue",
            "drive",
            "lane",
            "place",
            "court",
            "crescent",
            "close",
            "parade",
            "terrace",
            "circuit",
            "boulevard",
            "highway",
            "square",
        ),
        key=len,
        reverse=True,
    )
)
_PER_BLOCK = 32  # 16-bit positions per HMAC-SHA512 output
Feature = tuple[str, str, int]  # (hashed field, value, bits)


@dataclass(frozen=True)
class FuzzyKey:
    """The Bloom-filter secret of one table and key epoch. Its repr never shows the secret."""

    table: str
    epoch: int
    secret: bytes = field(repr=False)

    def __post_init__(self) -> None:
        if not self.table:
            raise ConfigError("a fuzzy key needs a table id")
        if isinstance(self.epoch, bool) or not isinstance(self.epoch, int) or self.epoch < 0:
            raise ConfigError(f"fuzzy key epoch must be a non-negative integer, not {self.epoch!r}")
        if not isinstance(self.secret, bytes) or len(self.secret) < crypto.SECRET_BYTES:
            raise ConfigError(f"fuzzy key secret must be at least {crypto.SECRET_BYTES} bytes")


def fuzzy_key(token_key: TokenKey) -> FuzzyKey:
    """Derive the epoch's Bloom-filter secret from its table secret (HMAC with a distinct label).

    The token and Bloom-filter secrets are independent PRF outputs: knowing one encoding secret
    tells nothing about the token secret, and crypto-shredding the epoch's table secret ends both.
    """
    message = crypto.encode_fields(FUZZY_KEY_LABEL, token_key.table, str(token_key.epoch))
    return FuzzyKey(token_key.table, token_key.epoch, crypto.hmac_sha256(token_key.secret, message))


@dataclass(frozen=True)
class PersonRecord:
    """A person as entered: raw strings, any of them possibly empty."""

    given_names: str = ""
    surname: str = ""
    date_of_birth: str = ""


@dataclass(frozen=True)
class AddressRecord:
    """A street address as entered: raw strings, any of them possibly empty."""

    street: str = ""
    house_number: str = ""
    postcode: str = ""
    city: str = ""


# -- keyed hashing ---------------------------------------------------------------------------------


class _Hasher:
    """Keyed bit positions and blocking keys of one FuzzyKey, with bounded caches of feature masks
    and blocking keys."""

    CACHE_LIMIT = 200_000

    def __init__(self, key: FuzzyKey):
        self._secret = key.secret
        self._scope = crypto.encode_fields(FUZZY_KEY_LABEL, key.table, str(key.epoch))
        self.masks: dict[tuple[str, int, str, str, int], int] = {}
        self._blocks: dict[tuple[str, ...], bytes] = {}

    def positions(self, hashed_field: str, salt: str, value: str, k: int, bits: int = FILTER_BITS) -> list[int]:
        """The first k keyed bit positions of one feature in a filter of `bits` (a power of two) bits
        (a prefix of one stream, whatever k is).

        Each HMAC-SHA512 output block gives 32 positions of 16 bits, reduced modulo the filter length
        without bias; more blocks carry a counter.
        """
        result: list[int] = []
        for counter in range(-(-k // _PER_BLOCK)):
            message = self._scope + crypto.encode_fields("bit", hashed_field, salt, value, str(counter))
            digest = hmac.digest(self._secret, message, "sha512")
            result += (int.from_bytes(digest[i : i + 2], "big") & (bits - 1) for i in range(0, 64, 2))
        return result[:k]

    def mask(self, hashed_field: str, k: int, salt: str, value: str, bits: int = FILTER_BITS) -> int:
        """The feature's k bits as an integer bit mask (cached: names and dates repeat a lot)."""
        cache_key = (hashed_field, k, salt, value, bits)
        found = self.masks.get(cache_key)
        if found is None:
            found = 0
            for position in self.positions(hashed_field, salt, value, k, bits):
                found |= 1 << position
            if len(self.masks) >= self.CACHE_LIMIT:
                self.masks.clear()
            self.masks[cache_key] = found
        return found

    def block(self, kind: str, name: str, *values: str) -> bytes:
        """A keyed blocking key (cached: years of birth, names and postcodes repeat a lot)."""
        cache_key = (kind, name, *values)
        found = self._blocks.get(cache_key)
        if found is None:
            message = self._scope + crypto.encode_fields("block", kind, name, *values)
            found = crypto.hmac_sha256(self._secret, message)[:BLOCK_BYTES]
            if len(self._blocks) >= self.CACHE_LIMIT:
                self._blocks.clear()
            self._blocks[cache_key] = found
        return found


_HASHERS: dict[FuzzyKey, _Hasher] = {}


def _hasher(key: FuzzyKey) -> _Hasher:
    hasher = _HASHERS.get(key)
    if hasher is None:
        if len(_HASHERS) >= 16:  # a node holds at most a few epochs at a time
            _HASHERS.clear()
        hasher = _HASHERS[key] = _Hasher(key)
    return hasher


# Weights that share one hashed field: a given-name and a surname bigram set a prefix of the same
# positions, so a swapped given name and surname keep the smaller weight's bits.
_SHARED_FIELD = {"given_bigram": "name_bigram", "surname_bigram": "name_bigram"}


def _fold_bits(value: int, hardening: str, bits: int = FILTER_BITS) -> bytes:
    """A filter of `bits` bits as bytes (little-endian), XOR-folded onto its first half under "xor"."""
    if "xor" in hardening:
        bits //= 2
        value = (value & ((1 << bits) - 1)) ^ (value >> bits)
    return value.to_bytes(bits // 8, "little")


# -- text helpers ----------------------------------------------------------------------------------


def _fold(text: str) -> str:
    """Lowercase ASCII letters and digits where possible, diacritics removed."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def bigrams(word: str) -> list[str]:
    """Padded bigrams: "jan" -> ["_j", "ja", "an", "n_"]."""
    padded = f"_{word}_"
    return [padded[i : i + 2] for i in range(len(padded) - 1)]


# Dutch sound rules, applied in order to a folded word: spellings that sound alike get one code.
_PHONETIC_RULES = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"[^a-z]", ""),
        (r"sch", "s"),
        (r"(ch|gh|g)", "G"),
        (r"(ij|ei|y|ey)", "Y"),
        (r"(ou|au)", "A"),
        (r"ph", "f"),
        (r"th", "t"),
        (r"(ck|c(?=[aou])|q|k)", "K"),
        (r"c", "s"),
        (r"x", "Ks"),
        (r"z", "s"),
        (r"v", "f"),
        (r"w", "f"),
        (r"(dt|d)$", "t"),
        (r"(oe|u)", "U"),
        (r"ie", "i"),
    )
)
_VOWELS = re.compile(r"(?<=.)[aeiouAUY]+")
_REPEATS = re.compile(r"(.)\1+")


@functools.lru_cache(maxsize=65536)
def phonetic(word: str) -> str:
    """A Dutch-aware phonetic code: sound-alike spellings folded, inner vowels and repeats dropped.

    "Bergh" and "Berg" both give "brg", "Janssen" and "Jansen" "jnsn", "Wijk" and "Weik" "fk".
    Not a published algorithm: it only has to send the usual spelling variants of Dutch
    registrations (ij/ei/y, g/ch/gh, c/k, z/s, v/f, dt/d/t, doubled letters) to one feature.
    """
    code = _fold(word)
    for pattern, replacement in _PHONETIC_RULES:
        code = pattern.sub(replacement, code)
    code = _REPEATS.sub(r"\1", code)
    return _VOWELS.sub("", code).lower()


# -- persons ---------------------------------------------------------------------------------------

_SHORT_VD = {"v.d.", "van de", "van den", "van der"}


def _split_full_name(text: str) -> tuple[str, str]:
    """Split a whole name typed into one field: "Berg, Jan van den" or "Jan van den Berg".

    Without a comma the surname starts at the first tussenvoegsel after the first word (as
    :func:`node.normalise.person_name` recognises them), else it is the last word.
    """
    if "," in text:
        surname, _, given = text.partition(",")
        return given.strip(), surname.strip()
    words = text.split()
    if len(words) < 2:
        return "", text
    for i in range(1, len(words) - 1):
        if normalise.person_name("x", words[i] + " x").tussenvoegsel:
            return " ".join(words[:i]), " ".join(words[i:])
    return " ".join(words[:-1]), words[-1]


@dataclass(frozen=True)
class _Name:
    given_words: tuple[str, ...]
    tussenvoegsel: str
    surname_words: tuple[str, ...]


@functools.lru_cache(maxsize=CACHE_SIZE)
def _person_name(given_names: str, surname: str) -> _Name | None:
    given_names, surname = given_names.strip(), surname.strip()
    if not given_names and not surname:
        return None
    try:
        if not given_names or not surname:
            given_names, surname = _split_full_name(given_names or surname)
        if given_names:
            name = normalise.person_name(given_names, surname)
            given = tuple(name.given.replace("-", " ").split())
        else:  # a surname alone
            name = normalise.person_name("x", surname)
            given = ()
    except InvalidValue:
        return None
    prefix = "vd" if name.tussenvoegsel in _SHORT_VD else name.tussenvoegsel.replace("'", "")
    return _Name(given, prefix, tuple(name.surname.replace("-", " ").split()))


_DATE_SPLIT = re.compile(r"^(\d{1,4})[-/. ]+(\d{1,2}|[a-z]+\.?)[-/. ]+(\d{2,4})$")
_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "januari", "january"),
            ("feb", "februari", "february"),
            ("mrt", "maart", "mar", "march"),
            ("apr", "april"),
            ("mei", "may"),
            ("jun", "juni", "june"),
            ("jul", "juli", "july"),
            ("aug", "augustus", "august"),
            ("sep", "sept", "september"),
            ("okt", "oktober", "oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}


def parse_birth_date(text: str, today: date | None = None) -> tuple[int, int, int] | None:
    """(year, month, day) of a date of birth as people write it, or None when unreadable.

    Everything :func:`node.normalise.date_of_birth` reads, plus two-digit years ("03/04/98"; the
    century that puts the date in the past, at most 100 years ago), compact "03041998" and
    "030498", Dutch or English month names ("3 april 1998", "3-apr-98") and a month-first date
    when the day-first reading is impossible ("04/23/1998").
    """
    found = birth_date_parts(text, today)
    if found is None:
        return None
    year, month, day = found
    if year is None or month is None or day is None:
        return None
    try:
        date(year, month, day)
    except ValueError:
        return None
    return year, month, day


def birth_date_parts(text: str, today: date | None = None) -> tuple[int | None, int | None, int | None] | None:
    """(year, month, day) of a date of birth as far as it can be read: a date that a typo made
    impossible ("19381131", a 13th month) keeps the parts that are possible on their own (year
    1900..this year, month 1..12, day 1..31) and None for the others; None when nothing is read."""
    text = _fold(text.strip())
    if not text:
        return None
    try:
        born = normalise.date_of_birth(text, today=date.max)
        return born.year, born.month, born.day
    except InvalidValue:
        pass
    this_year = (today or datetime.now(UTC).date()).year
    compact = "".join(text.split())
    if compact.isdecimal() and len(compact) == 8:  # "19980403" or "03041998": the reading with a plausible year
        readings = ([compact[6:], compact[4:6], compact[:4]], [compact[:2], compact[2:4], compact[4:]])
        plausible = [r for r in readings if 1900 <= int(r[2]) <= this_year]
        parts = next((r for r in plausible if _valid(r)), plausible[0] if plausible else readings[1])
    elif compact.isdecimal() and len(compact) == 6:  # "030498"
        parts = [compact[:2], compact[2:4], compact[4:]]
    elif match := _DATE_SPLIT.match(text):
        parts = list(match.groups())
    else:
        return None
    if len(parts[0]) == 4:  # year first: y-m-d
        parts = [parts[2], parts[1], parts[0]]
    day_text, month_text, year_text = parts
    month = _MONTHS.get(month_text.rstrip(".")) if not month_text.isdecimal() else int(month_text)
    if not day_text.isdecimal() or len(day_text) > 2:
        return None
    day, year = int(day_text), int(year_text)
    if len(year_text) == 2:
        year += (this_year // 100) * 100
        if year > this_year:
            year -= 100
    elif len(year_text) != 4:
        return None
    if month is not None and month > 12 and day <= 12:
        day, month = month, day
    return (
        year if 1900 <= year <= this_year else None,
        month if month is not None and 1 <= month <= 12 else None,
        day if 1 <= day <= 31 else None,
    )


def _valid(parts: list[str]) -> bool:
    """Whether [day, month, year] digits form a date."""
    try:
        date(int(parts[2]), int(parts[1]), int(parts[0]))
    except ValueError:
        return False
    return True


def _person_features(name: _Name, born: tuple[int | None, int | None, int | None] | None) -> dict[str, list[Feature]]:
    """Per segment (NAME, BIRTH_DATE), the (hashed field, value, bits) of a person; see PERSON_WEIGHTS."""
    names: list[tuple[str, str]] = []
    for role, words in (
        ("given_bigram", [w for w in name.given_words if len(w) > 1]),
        ("surname_bigram", name.surname_words),
    ):
        for word in words:
            names += [(role, gram) for gram in bigrams(word)]
            names.append(("phonetic", phonetic(word)))
    if name.given_words:
        names.append(("initial", name.given_words[0][0]))
    if name.tussenvoegsel:
        names.append(("tussenvoegsel", name.tussenvoegsel))
    year, month, day = born or (None, None, None)
    dates: list[tuple[str, str]] = []
    if year is not None:
        dates += [("year", f"{year % 100:02d}"), ("century", str(year // 100))]
    if month is not None:
        dates.append(("month", str(month)))
    if day is not None:
        dates.append(("day", str(day)))
    if month is not None and day is not None:
        low, high = sorted((month, day))
        dates.append(("day_month", f"{low}/{high}"))
    return {
        segment: [(_SHARED_FIELD.get(role, role), value, PERSON_WEIGHTS[role]) for role, value in features]
        for segment, features in ((NAME, names), (BIRTH_DATE, dates))
    }


def _segmented(hasher: _Hasher, kind: str, fields: dict[str, list[Feature]], hardening: str) -> bytes:
    """The filter of an encoding with field segments (signalmatch.encoding.SEGMENTS): each segment's
    features hashed into its own bits, folded on its own."""
    out = b""
    masks, mask = hasher.masks, hasher.mask
    for segment, words in SEGMENTS[kind]:
        bits, value = words * 64, 0
        for name, feature, k in fields[segment]:
            hashed_field = f"{kind}.{name}"
            found = masks.get((hashed_field, k, "", feature, bits))  # mask()'s cache, read without the call
            value |= mask(hashed_field, k, "", feature, bits) if found is None else found
        out += _fold_bits(value, hardening, bits)
    return out


def encode_person(
    key: FuzzyKey, record: PersonRecord, *, hardening: str = DEFAULT_HARDENING, today: date | None = None
) -> Encoding | None:
    """The encoding of a name and (when readable) date of birth; None without a usable name.

    A name without a date of birth is still encoded (its date features are absent, so it scores
    lower against the same name with a date): a missing or unreadable date of birth is common in
    soft signals and should cost evidence, not the whole person. Persons are not salted: the only
    stable salt a person has is the year of birth, and salting with it made every typo in the year,
    and every missing date, a lost match (see
    docs/linkage.md, "Robust encodings"). `today` only fixes the century of two-digit years.

    Blocks: the two-digit year of birth, and the phonetic code of the first given name and of the
    surname core in one shared namespace, so a given name/surname swap or a typo in the year still
    shares a block with the true partner.
    """
    check_hardening(hardening)
    name = _person_name(record.given_names or "", record.surname or "")
    if name is None:
        return None
    born = birth_date_parts(record.date_of_birth or "", today)
    hasher = _hasher(key)
    bits = _segmented(hasher, PERSON_FIELDS, _person_features(name, born), hardening)
    blocks = [hasher.block(PERSON_FIELDS, "year", f"{born[0] % 100:02d}")] if born and born[0] is not None else []
    words = [w for w in (*name.given_words[:1], "".join(name.surname_words)) if len(w) > 1]
    for code in dict.fromkeys(phonetic(w) for w in words):
        if code:
            blocks.append(hasher.block(PERSON_FIELDS, "name", code))
    return Encoding(PERSON_FIELDS, bits, tuple(blocks)) if blocks else None


# -- addresses -------------------------------------------------------------------------------------

_STREET_ABBREVIATIONS = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"\bstr\.?(?=weg\b)", "straat"),
        (r"(?<=\w)str\b\.?", "straat"),
        (r"\bstr\b\.?", "straat"),
        (r"(?<=\w)ln\b\.?", "laan"),
        (r"\bburg\b\.?", "burgemeester"),
        (r"\bprinses\b", "prins"),
        (r"\bpr\b\.?", "prins"),
        (r"\bkon\b\.?", "koning"),
        (r"\bv\b\.?", "van"),
        (r"\bst\b\.?", "sint"),
        (r"\bdr\b\.?", "dokter"),
    )
)
_NUMBER_IN_STREET = re.compile(r"^(.*?\D)\s*(\d{1,5})\s*[-/]?\s*([a-z0-9]{0,6})\s*$")
_HOUSE_NUMBER = re.compile(r"^0*(\d{1,5})\s*[-/.]?\s*([a-z0-9]*)")
_POSTCODE = re.compile(r"([1-9]\d{3})\s*([a-z]{2})?")


def _street_words(street: str) -> list[str]:
    """The folded words of a street name with its abbreviations expanded ("Burg." -> "burgemeester")."""
    text = _fold(street)
    for pattern, replacement in _STREET_ABBREVIATIONS:
        text = pattern.sub(replacement, text)
    return [
        "".join(c for c in word if c.isalnum())
        for word in re.split(r"[\s\-/.']+", text)
        if any(c.isalnum() for c in word)
    ]


@dataclass(frozen=True)
class _Street:
    code: str  # all words joined: "langenieuwstraat"
    titles: tuple[str, ...]  # generic words, canonical: ("burgemeester", "van")
    modifier: str  # "lange", "oude", "noord", ... or ""
    core: tuple[str, ...]  # the words that name the street: ("nieuw",), ("heemstra",)
    street_type: str  # "straat", "laan", "weg", ... or "" when none is recognised
    words: int  # all words, the type word of "Hoge Weg" included


def _near(a: str, b: str) -> bool:
    """Whether a and b differ by at most one insertion, deletion, substitution or adjacent transposition."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        return a[i + 1 :] == b[i + 1 :] or (a[i + 2 :] == b[i + 2 :] and a[i : i + 2] == b[i : i + 2][::-1])
    return a[i + 1 :] == b[i:] if len(a) > len(b) else a[i:] == b[i + 1 :]


def _split_type(word: str, alone: bool) -> tuple[str, str] | None:
    """(stem, street type) of the last word of a street name, or None without a recognisable type.

    An exact type suffix first ("kerkstraat" -> "kerk", "straat"); else the longest type that a
    suffix is one typing error away from ("kerkstrat", "beukensteg", "kuiperwg"), also after
    undoing "ij" for "ei" and OCR's "ri" for "n" ("plijn", "laari"). A word that is only a type
    ("weg" in "Hoge Weg") counts when other words precede it."""
    for suffix in STREET_TYPES:
        if word.endswith(suffix) and (len(word) - len(suffix) >= 2 or (word == suffix and not alone)):
            return word[: -len(suffix)], suffix
    for exact in (True, False):  # a variant spelling of the type first, then one typing error away
        for suffix in STREET_TYPES:  # longest first
            for size in (len(suffix), len(suffix) - 1, len(suffix) + 1, len(suffix) + 2):
                stem, tail = word[:-size], word[-size:]
                if len(tail) < size or size < 2 or (len(stem) < 2 and (stem or alone)):
                    continue
                if size == 2 and tail not in (suffix[:2], suffix[0] + suffix[2]):
                    continue
                variants = {tail, tail.replace("ij", "ei"), tail.replace("ri", "n")}
                if suffix in variants if exact else any(_near(v, suffix) for v in variants):
                    return stem, suffix
    return None


def _canonical(word: str, options: tuple[str, ...]) -> str:
    """The option `word` is, exactly or (options of five or more letters) one typing error away; else ""."""
    if word in options:
        return word
    return next((o for o in options if len(o) >= 5 and _near(word, o)), "")


@functools.lru_cache(maxsize=CACHE_SIZE)
def _street(street: str) -> _Street:
    """The parts of a street name (memoised: a node sees the same streets again and again)."""
    words = _street_words(street)
    count, street_type = len(words), ""
    if words and (split := _split_type(words[-1], alone=len(words) == 1)):
        stem, street_type = split
        words = words[:-1] + ([stem] if stem else [])
    titles: list[str] = []
    modifier = ""
    core: list[str] = []
    for i, word in enumerate(words):
        last = i == len(words) - 1 and (len(words) == count or count == 1)  # nothing follows this word
        if not last and not core and not modifier and (title := _canonical(word, STREET_TITLES)):
            titles.append(title)
        elif not last and not core and not modifier and (found := _canonical(word, STREET_MODIFIERS)):
            modifier = _MODIFIER_CANON.get(found, found)
        else:
            core.append(word)
    if not core and modifier:  # "Hoge Weg": the modifier is the name
        core, modifier = [modifier], ""
    elif not core and titles:
        core = [titles.pop()]
    return _Street("".join(_street_words(street)), tuple(titles), modifier, tuple(core), street_type, count)


def _address_parts(record: AddressRecord) -> tuple[str, str, str, str, str] | None:
    """(street, number, addition, postcode, postcode area) folded; None without a street and a postcode.

    A number typed into the street field ("Kerkstraat 12-2", "Kerkstraat 12 A") is split off as
    number and addition; "12-2" is number 12, addition 2 (not 122). A Dutch postcode ("3511 AB") has
    its digits as its area; another postcode is kept as written (letters and digits), with the part
    before a space as its area when it has one ("SW1A 1AA") and no area otherwise."""
    street, number_text = _fold(record.street or "").strip(), _fold(record.house_number or "").strip()
    if not number_text and (inline := _NUMBER_IN_STREET.match(street)):
        street, number_text = inline.group(1), "-".join(g for g in inline.group(2, 3) if g)
    number = _HOUSE_NUMBER.match(number_text)
    written = _fold(record.postcode or "").strip()
    if dutch := _POSTCODE.fullmatch(written.replace(" ", "")):
        postcode, area = dutch.group(1) + (dutch.group(2) or "").upper(), dutch.group(1)
    else:
        postcode = "".join(c for c in written if c.isalnum()).upper()
        area = "".join(c for c in written.split()[0] if c.isalnum()).upper() if " " in written else ""
    if not any(c.isalnum() for c in street) and not postcode:
        return None
    return street, number.group(1) if number else "", number.group(2).upper() if number else "", postcode, area


def _spread(name: str, values: list[str], total: int) -> list[Feature]:
    """`values` sharing `total` bits evenly (at least 2 each), so a short and a long name weigh the same."""
    unique = list(dict.fromkeys(values))
    k = max(2, round(total / len(unique))) if unique else 0
    return [(name, v, k) for v in unique]


def _street_features(street: _Street) -> list[Feature]:
    """(feature name, value, bits) of a street name; see ADDRESS_WEIGHTS."""
    if not street.code:
        return []
    w = ADDRESS_WEIGHTS
    prefix = " ".join((*street.titles, street.modifier)).strip() or "-"
    identity = f"{prefix}|{street.street_type or '-'}"
    core = "".join(street.core)
    if street.street_type and len(core) > 3 and core.endswith("s"):  # the linking s: "Dorp(s)straat"
        core = core[:-1]
    features: list[Feature] = []
    if core:
        features += _spread("street_bigram", [f"{identity}|{g}" for g in bigrams(core)], w["street_core"])
        features.append(("street_word", f"{identity}|{phonetic(core) or core}", w["street_word"]))
        features.append(("street_initial", f"{identity}|{core[0]}", w["street_initial"]))
    features.append(("street_prefix", prefix, w["street_prefix"]))
    features.append(("street_type", street.street_type or "-", w["street_type"]))
    return features


def address_fields(record: AddressRecord) -> dict[str, list[Feature]] | None:
    """Per segment (signalmatch.encoding.ADDRESS_SEGMENTS), the (feature name, value, bits) of an
    address; a field that is missing has none. None when the address has neither street nor postcode."""
    parts = _address_parts(record)
    return None if parts is None else _address_fields(record, parts)


def _address_fields(record: AddressRecord, parts: tuple[str, str, str, str, str]) -> dict[str, list[Feature]]:
    street_text, number, addition, postcode, area = parts
    w = ADDRESS_WEIGHTS
    city = "".join(c for c in _fold(record.city or "") if c.isalnum())
    place = _spread("place_bigram", bigrams(city), w["place"]) + [("place_word", phonetic(city) or city, w["place_word"])]
    codes = [("postcode", postcode, w["postcode"])] + ([("postcode_area", area, w["postcode_area"])] if area else [])
    numbers = [("number", number, w["number"])] if number else []
    # The addition in its own segment, with its number: 12a against 12 compares no addition (one side
    # lacks it), 12a against 12b compares two that differ (another flat of the same building).
    additions = [("number_addition", f"{number}{addition}", w["number_addition"])] if number and addition else []
    return {
        STREET: _street_features(_street(street_text)),
        PLACE: place if city else [],
        POSTCODE: codes if postcode else [],
        NUMBER: numbers,
        ADDITION: additions,
    }


def encode_address(key: FuzzyKey, record: AddressRecord, *, hardening: str = DEFAULT_HARDENING) -> Encoding | None:
    """The address_fields encoding of a street address: street, place, postcode and house number each
    in its own segment (compared apart at the matcher); None without a street and without a postcode.

    Blocks: house number + postcode (area), house number + the street's phonetic code, and that code
    + postcode (area), so another or a missing house number in the same street still meets its
    partner; without a house number or a street, the one of the first two that is left."""
    check_hardening(hardening)
    parts = _address_parts(record)
    if parts is None:
        return None
    hasher = _hasher(key)
    out = _segmented(hasher, ADDRESS_FIELDS, _address_fields(record, parts), hardening)
    street_text, number, _, postcode, area = parts
    street_code = phonetic(_street(street_text).code)
    keys = [("postcode", number, area or postcode)] if postcode and (number or not street_code) else []
    keys += [("street", number, street_code)] if street_code and (number or not postcode) else []
    keys += [("street_area", street_code, area or postcode)] if street_code and postcode else []
    if not keys:  # a "street" of digits or signs alone, without a postcode: nothing to find it by
        return None
    blocks = [hasher.block(ADDRESS_FIELDS, *k) for k in keys]
    return Encoding(ADDRESS_FIELDS, out, tuple(blocks))
