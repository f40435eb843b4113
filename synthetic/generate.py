"""Realistic synthetic Dutch signals with planted cross-partner overlaps and a ground-truth file.

`generate(seed, n)` spreads `n` signals over the partners, each with content typical of the
partner's kind (Veilig Thuis, municipality, police, labour inspectorate, care coordinator), and
plants overlaps: the same identifier value at signals of 2-3 different partners, written in a
different format at each. A shared name + date of birth alone never makes a hit (the matcher's link
rule, matcher.linkage.zone), so such an overlap always shares a second, weak identifier too
(phone, e-mail or BSN); in some of them (P_FUZZY) the other partner misspells the name
(synthetic.corrupt), so that only the similarity of the person encodings ("lijkt op") and the
second identifier link them: `Overlap.similar` says so. Every other identifier value is unique across the whole data set (a
registry keyed by a deliberately coarse normal form guarantees it), except for a few values that
signals of the *same* partner share on purpose; those must not become hits.

Determinism: one `random.Random(seed)`, no clock, no set iteration; the same arguments give
byte-identical files.
"""

from __future__ import annotations

import bisect
import functools
import gc
import itertools
import json
import operator
import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from signalmatch import i18n
from signalmatch.errors import ValidationError, Violation
from signalmatch.synthetic import corrupt, data
from signalmatch.synthetic.data import strip_diacritics

DEFAULT_PARTNERS = ("vtgv", "gemeente-hilversum", "politie-avim", "nla", "zorgcoordinator")
KINDS = ("bsn", "phone", "email", "address", "kenteken", "kvk", "iban", "url", "name_dob")
EXPLOITATION_TYPES = (
    "seksuele_uitbuiting",
    "arbeidsuitbuiting",
    "criminele_uitbuiting",
    "gedwongen_orgaanverwijdering",
    "overig",
    "onbekend",
)
VICTIM, PERPETRATOR, INVOLVED = "mogelijk_slachtoffer", "mogelijke_dader", "betrokkene"

OVERLAP_SHARE = 0.125  # target fraction of signals that are a member of a planted overlap
SAME_PARTNER_SHARE = 0.01  # fraction of signals that share a value with a signal of their own partner
P_TRIPLE = 0.3  # chance that an overlap has three members instead of two
P_CHAIN = 0.5  # chance that a three-member overlap is a chain A-B, B-C rather than one shared value
P_FUZZY = 0.6  # chance that a two-member name + date of birth overlap has the name misspelt at one member
_NAME_OK = re.compile(r"^[^\W\d_](?:[^\W\d_]|[ .,'-])*$")  # as node.signal accepts a name


@dataclass(frozen=True)
class Overlap:
    """One planted hit: its identifier kinds and its member signals as (partner, external_id)."""

    id: str
    kinds: tuple[str, ...]
    members: tuple[tuple[str, str], ...]
    similar: tuple[str, ...] = ()  # encoding kinds ("person") that are similar, not equal, across members


@dataclass(frozen=True)
class Dataset:
    signals: list[dict]
    overlaps: list[Overlap]
    seed: int = 0
    partners: tuple[str, ...] = ()


# -- partner kinds ---------------------------------------------------------------------------------

_PARTNER_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,62}")  # as signalmatch.config.ID_PATTERN


def partner_kind(partner: str) -> str:
    """The kind of organisation a partner id suggests, e.g. "gemeente-hilversum" -> "gemeente"."""
    if partner == "vtgv" or partner.startswith("veilig-thuis"):
        return "veilig_thuis"
    for prefix, kind in (("gemeente-", "gemeente"), ("politie", "politie"), ("zorgcoordinator", "zorgcoordinator")):
        if partner.startswith(prefix):
            return kind
    return "nla" if partner == "nla" else "other"


def _fixed_municipality(partner: str) -> str:
    """The municipality a gemeente partner covers, if it is one of the region's."""
    if not partner.startswith("gemeente-"):
        return ""
    wanted = partner.removeprefix("gemeente-").replace("-", " ")
    for name in data.MUNICIPALITIES:
        if name.lower() == wanted:
            return name
    return ""


# Identifier kinds each partner kind plausibly records.
_ALL = KINDS
_CAPABLE = {
    "veilig_thuis": ("bsn", "phone", "email", "address", "kenteken", "url", "name_dob"),
    "zorgcoordinator": ("bsn", "phone", "email", "address", "url", "name_dob"),
    "gemeente": ("bsn", "phone", "email", "address", "kenteken", "kvk", "iban", "name_dob"),
    "politie": _ALL,
    "nla": ("bsn", "phone", "email", "address", "kenteken", "kvk", "iban", "name_dob"),
    "other": _ALL,
}
_KIND_WEIGHT = {
    "phone": 22,
    "name_dob": 15,
    "address": 15,
    "bsn": 10,
    "email": 8,
    "kenteken": 10,
    "kvk": 12,
    "iban": 10,
    "url": 14,
}
_PERSON_KINDS = ("bsn", "phone", "email", "name_dob")
_ENTITY_OF = {
    "bsn": "person",
    "phone": "person",
    "email": "person",
    "name_dob": "person",
    "address": "address",
    "kenteken": "vehicle",
    "kvk": "company",
    "iban": "company",
    "url": "advert",
}
_PARTNER_WEIGHT = {"veilig_thuis": 11, "politie": 11, "gemeente": 10, "nla": 10, "zorgcoordinator": 8, "other": 8}


@dataclass(frozen=True)
class _Profile:
    """What a partner kind's signals typically hold: weights of forms and origins, chances of fields."""

    types: dict[str, int]
    victims: tuple[int, int]
    victim_age: tuple[int, int]
    origins: dict[str, int]
    p_perpetrator: float
    p_involved: float
    p_bsn: float
    p_phone: float
    p_email: float
    p_dob: float
    p_alias: float  # a victim or perpetrator known by a first name or alias only
    p_address: float
    p_vehicle: float
    p_company: float
    p_advert: float


_PROFILES = {
    "veilig_thuis": _Profile(
        types={
            "seksuele_uitbuiting": 45,
            "criminele_uitbuiting": 20,
            "overig": 10,
            "onbekend": 20,
            "arbeidsuitbuiting": 5,
        },
        victims=(1, 1),
        victim_age=(12, 24),
        origins={"nl": 58, "ma": 9, "tr": 7, "pl": 6, "ro": 5, "ua": 5, "ng": 4, "es": 3, "pt": 3},
        p_perpetrator=0.35,
        p_involved=0.3,
        p_bsn=0.45,
        p_phone=0.6,
        p_email=0.25,
        p_dob=0.9,
        p_alias=0.05,
        p_address=0.35,
        p_vehicle=0.1,
        p_company=0.02,
        p_advert=0.12,
    ),
    "zorgcoordinator": _Profile(
        types={
            "seksuele_uitbuiting": 40,
            "arbeidsuitbuiting": 30,
            "criminele_uitbuiting": 15,
            "overig": 5,
            "onbekend": 10,
        },
        victims=(1, 1),
        victim_age=(17, 48),
        origins={
            "nl": 25,
            "ng": 12,
            "ro": 12,
            "pl": 9,
            "bg": 9,
            "ua": 9,
            "vn": 6,
            "ma": 5,
            "tr": 4,
            "hu": 5,
            "es": 2,
            "pt": 2,
        },
        p_perpetrator=0.25,
        p_involved=0.1,
        p_bsn=0.7,
        p_phone=0.7,
        p_email=0.35,
        p_dob=0.95,
        p_alias=0.0,
        p_address=0.4,
        p_vehicle=0.05,
        p_company=0.05,
        p_advert=0.1,
    ),
    "politie": _Profile(
        types={"seksuele_uitbuiting": 60, "criminele_uitbuiting": 25, "arbeidsuitbuiting": 10, "onbekend": 5},
        victims=(1, 2),
        victim_age=(17, 35),
        origins={"nl": 30, "ro": 16, "bg": 11, "ng": 9, "hu": 7, "pl": 6, "ua": 7, "vn": 4, "ma": 5, "tr": 3, "es": 2},
        p_perpetrator=0.55,
        p_involved=0.1,
        p_bsn=0.3,
        p_phone=0.85,
        p_email=0.2,
        p_dob=0.6,
        p_alias=0.35,
        p_address=0.3,
        p_vehicle=0.35,
        p_company=0.1,
        p_advert=0.7,
    ),
    "nla": _Profile(
        types={"arbeidsuitbuiting": 90, "criminele_uitbuiting": 5, "onbekend": 5},
        victims=(1, 4),
        victim_age=(19, 58),
        origins={"pl": 30, "ro": 22, "bg": 15, "hu": 7, "ua": 10, "vn": 5, "nl": 5, "pt": 3, "es": 3},
        p_perpetrator=0.4,
        p_involved=0.05,
        p_bsn=0.35,
        p_phone=0.5,
        p_email=0.15,
        p_dob=0.85,
        p_alias=0.05,
        p_address=0.7,
        p_vehicle=0.45,
        p_company=0.9,
        p_advert=0.0,
    ),
    "gemeente": _Profile(
        types={
            "arbeidsuitbuiting": 35,
            "seksuele_uitbuiting": 25,
            "onbekend": 25,
            "criminele_uitbuiting": 10,
            "overig": 5,
        },
        victims=(1, 3),
        victim_age=(18, 60),
        origins={"nl": 35, "pl": 15, "ro": 10, "bg": 8, "ma": 8, "tr": 8, "ua": 6, "vn": 5, "hu": 5},
        p_perpetrator=0.2,
        p_involved=0.35,
        p_bsn=0.55,
        p_phone=0.45,
        p_email=0.2,
        p_dob=0.8,
        p_alias=0.05,
        p_address=0.9,
        p_vehicle=0.1,
        p_company=0.3,
        p_advert=0.03,
    ),
    "other": _Profile(
        types={
            "seksuele_uitbuiting": 30,
            "arbeidsuitbuiting": 30,
            "criminele_uitbuiting": 20,
            "overig": 5,
            "onbekend": 15,
        },
        victims=(1, 2),
        victim_age=(16, 50),
        origins={o: 1 for o in data.ORIGINS},
        p_perpetrator=0.3,
        p_involved=0.15,
        p_bsn=0.4,
        p_phone=0.6,
        p_email=0.25,
        p_dob=0.8,
        p_alias=0.1,
        p_address=0.4,
        p_vehicle=0.15,
        p_company=0.2,
        p_advert=0.15,
    ),
}


class _Weighted:
    """A population with precomputed cumulative weights for fast weighted draws."""

    __slots__ = ("items", "cum", "total")

    def __init__(self, weights: dict[str, int] | Sequence[tuple[Any, int]]):
        pairs = list(weights.items()) if isinstance(weights, dict) else list(weights)
        self.items = [k for k, _ in pairs]
        self.cum = list(itertools.accumulate(w for _, w in pairs))
        self.total = self.cum[-1]

    def pick(self, rand: Callable[[], float]) -> Any:
        return self.items[bisect.bisect(self.cum, rand() * self.total)]


# -- normal forms (registry keys) and formats ------------------------------------------------------

_SPECIAL_FOLD = str.maketrans(
    {"ł": "l", "Ł": "l", "ı": "i", "ø": "o", "Ø": "o", "ß": "ss", "đ": "d", "Đ": "d", "æ": "ae", "Æ": "ae"}
)


@functools.lru_cache(maxsize=65536)
def _fold(text: str) -> str:
    """Coarse fold for registry keys: no diacritics, no case, letters only."""
    return "".join(c for c in strip_diacritics(text.translate(_SPECIAL_FOLD)).lower() if c.isalpha())


@functools.lru_cache(maxsize=65536)
def _name_part(given_names: str, surname: str) -> str:
    words = surname.lower().split()
    while len(words) > 1 and words[0] in data.DUTCH_PARTICLES:
        words.pop(0)
    return f"{_fold(given_names.split()[0])[:1]}|{_fold(''.join(words))}"


def _name_key(given_names: str, surname: str, dob: date) -> str:
    """Coarser than any sensible name+dob normalisation: first initial, surname without particles."""
    return f"{_name_part(given_names, surname)}|{dob.toordinal()}"


def _group4(v: str) -> str:
    return " ".join(v[i : i + 4] for i in range(0, len(v), 4))


def _url_host(v: str, scheme: str) -> str:  # v = "https://" + host + lower-case path
    host, _, path = v.removeprefix("https://").partition("/")
    return f"{scheme}{host.upper()}/{path}"


# Ways people write each kind of value, from its canonical form, with how common each way is.
# phone: "06" + 8 digits; kenteken: dashed upper case; postcode: "3526KL"; url: lower case.
_FORMATS: dict[str, tuple[tuple[Callable[[Any], str], int], ...]] = {
    "phone": (
        (lambda v: f"06-{v[2:]}", 25),
        (lambda v: f"+31 6 {v[2:6]} {v[6:]}", 15),
        (lambda v: f"00316{v[2:]}", 5),
        (lambda v: f"06 {v[2:4]} {v[4:6]} {v[6:8]} {v[8:]}", 15),
        (lambda v: f"+316{v[2:]}", 10),
        (lambda v: v, 25),
        (lambda v: f"06-{v[2:6]} {v[6:]}", 5),
    ),
    "bsn": (
        (lambda v: v, 60),
        (lambda v: f"{v[:4]}.{v[4:6]}.{v[6:]}", 15),
        (lambda v: f"{v[:3]} {v[3:6]} {v[6:]}", 15),
        (lambda v: f"{v[:3]}.{v[3:6]}.{v[6:]}", 10),
    ),
    "kvk": ((lambda v: v, 80), (lambda v: f"{v[:4]} {v[4:]}", 12), (lambda v: f"{v[:2]} {v[2:4]} {v[4:6]} {v[6:]}", 8)),
    "iban": ((_group4, 55), (lambda v: v, 35), (str.lower, 5), (lambda v: _group4(v).lower(), 5)),
    "kenteken": (
        (lambda v: v, 50),
        (lambda v: v.replace("-", ""), 25),
        (str.lower, 10),
        (lambda v: v.replace("-", " "), 15),
    ),
    "email": ((lambda v: v, 90), (str.title, 7), (str.upper, 3)),
    "url": ((lambda v: v, 96), (lambda v: _url_host(v, "HTTPS://"), 2), (lambda v: _url_host(v, "https://"), 2)),
    "postcode": (
        (lambda v: f"{v[:4]} {v[4:]}", 60),
        (lambda v: v, 25),
        (str.lower, 10),
        (lambda v: f"{v[:4]} {v[4:].lower()}", 5),
    ),
    "dob": (
        (date.isoformat, 50),
        (lambda d: f"{d.day}-{d.month}-{d.year}", 30),
        (lambda d: f"{d.day:02d}-{d.month:02d}-{d.year}", 20),
    ),
}
_FORMAT_FNS = {k: tuple(f for f, _ in v) for k, v in _FORMATS.items()}
_FORMAT_CUM = {k: list(itertools.accumulate(w for _, w in v)) for k, v in _FORMATS.items()}


def formats(kind: str, value: Any) -> list[str]:
    """Every distinct way of writing `value` (canonical form) of `kind`, most common first-ish."""
    return list(dict.fromkeys(f(value) for f in _FORMAT_FNS[kind]))


def _plain(text: str) -> str:
    return strip_diacritics(text).lower()


def _name_styles(given: str, surname: str) -> list[tuple[str, str]]:
    """Spellings of a name that any normaliser folding case and diacritics treats as equal."""
    styles = [
        (given, surname),
        (given.lower(), surname.lower()),
        (strip_diacritics(given), strip_diacritics(surname)),
        (given.upper(), surname.upper()),
        (strip_diacritics(given).lower(), strip_diacritics(surname).lower()),
        (given.title(), surname.title()),
    ]
    want = (_plain(given), _plain(surname))
    return [s for s in styles if (_plain(s[0]), _plain(s[1])) == want]


_LETTER_DIGITS = str.maketrans({chr(c): str(c - 55) for c in range(ord("A"), ord("Z") + 1)})


def iban_check_digits(country: str, bban: str) -> str:
    """ISO 13616 check digits: 98 - (BBAN + country + "00", letters as 10..35) mod 97."""
    numeric = (bban + country + "00").upper().translate(_LETTER_DIGITS)
    return f"{98 - int(numeric) % 97:02d}"


# -- entities that signals can share ---------------------------------------------------------------


@dataclass(frozen=True)
class _Person:
    role: str
    given: str
    surname: str
    dob: date
    gender: str
    bsn: str = ""
    phone: str = ""
    email: str = ""
    etype: str = ""  # the form of exploitation the lead signal is about


@dataclass(frozen=True)
class _Address:
    street: str
    number: str
    addition: str
    postcode: str  # "3526KL"
    city: str
    municipality: str


@dataclass(frozen=True)
class _Company:
    name: str
    kvk: str
    ibans: tuple[str, ...]


@dataclass(slots=True)
class _Inject:
    """One shared entity planted into one signal, rendered in that signal's own format."""

    entity: str  # person, address, vehicle, company, advert
    value: Any
    rendered: dict[str, Any]  # kind -> formatted string (name_dob: (given, surname, dob))
    lead: bool  # the first member carries the entity's other details too


@dataclass(slots=True)
class _Slot:
    index: int
    partner: str
    kind: str
    day: date
    hour: int
    minute: int
    external_id: str = ""
    municipality: str = ""
    injects: list[_Inject] = field(default_factory=list)


# The canonical value of each identifier kind in a shared entity (kenteken and url are plain strings).
_CANONICAL: dict[str, Callable[[Any], str]] = {
    "bsn": lambda p: p.bsn,
    "phone": lambda p: p.phone,
    "email": lambda p: p.email,
    "address": lambda a: a.postcode,
    "kenteken": lambda k: k,
    "kvk": lambda c: c.kvk,
    "iban": lambda c: c.ibans[0],
    "url": lambda u: u,
}


# -- the generator ---------------------------------------------------------------------------------


@functools.cache
def _last_sunday(year: int, month: int) -> date:
    last = date(year, month + 1, 1) - timedelta(days=1)
    return last - timedelta(days=(last.weekday() + 1) % 7)


def _offset(day: date, hour: int) -> str:
    """Europe/Amsterdam UTC offset at a local time (summer time from the last Sunday of March to
    the last Sunday of October)."""
    start, end = _last_sunday(day.year, 3), _last_sunday(day.year, 10)
    summer = start < day < end or (day == start and hour >= 3) or (day == end and hour < 2)
    return "+02:00" if summer else "+01:00"


class _Generator:
    def __init__(self, seed: int, partners: tuple[str, ...], today: date):
        self.rng = random.Random(seed)
        self.rand = self.rng.random
        self.partners = partners
        self.today = today
        self.used: set[tuple[str, str]] = set()  # (kind, coarse normal form), membership tests only
        self.municipalities = _Weighted({m: w for m, (w, _) in data.MUNICIPALITIES.items()})
        self.types = {k: _Weighted(p.types) for k, p in _PROFILES.items()}
        self.origins = {k: _Weighted(p.origins) for k, p in _PROFILES.items()}
        self.perp_origins = _Weighted(
            {"nl": 30, "ro": 12, "bg": 10, "pl": 10, "ma": 8, "tr": 8, "ng": 8, "hu": 5, "ua": 5, "vn": 4}
        )
        self.sidecodes = _Weighted(data.KENTEKEN_SIDECODES)
        self.reporters = {p: self._reporters() for p in partners}
        self.fixed = {p: _fixed_municipality(p) for p in partners}

    # ---- fast draws (rng.random based; much cheaper than choice/randrange) ----

    def pick(self, seq: Sequence[Any]) -> Any:
        return seq[int(self.rand() * len(seq))]

    def below(self, start: int, stop: int | None = None) -> int:
        """Like randrange(start, stop) for step 1."""
        if stop is None:
            start, stop = 0, start
        return start + int(self.rand() * (stop - start))

    def between(self, low: int, high: int) -> int:
        return low + int(self.rand() * (high - low + 1))

    # ---- unique values ----

    def _claim(self, kind: str, key: str) -> bool:
        """Reserve a value (by its coarse normal form); False if it is taken already."""
        if (kind, key) in self.used:
            return False
        self.used.add((kind, key))
        return True

    def bsn(self) -> str:
        while True:  # a leading 9 keeps away from most numbers issued so far
            head = f"9{self.below(10_000_000):07d}"
            check = sum(map(operator.mul, map(int, head), (9, 8, 7, 6, 5, 4, 3, 2))) % 11
            if check == 10:
                continue
            value = f"{head}{check}"
            if self._claim("bsn", value):
                return value

    def phone(self) -> str:
        while True:
            value = f"06{self.pick('123458')}{self.below(10_000_000):07d}"
            if self._claim("phone", value):
                return value

    def email(self, given: str, surname: str) -> str:
        first = _fold(given.split()[0]) if given else self.pick(("info", "contact", "werk", "mail", "xx"))
        last = _fold(surname) if surname else ""
        while True:
            style = self.below(5)
            if last and style == 0:
                local = f"{first}.{last}"
            elif last and style == 1:
                local = f"{first}{last}{self.below(100)}"
            elif last and style == 2:
                local = f"{first[0]}.{last}{self.below(1960, 2010)}"
            else:
                local = f"{first}{self.pick(('_', '.', ''))}{self.below(1000, 100_000)}"
            value = f"{local}@{self.pick(data.EMAIL_DOMAINS)}"
            if self._claim("email", value):
                return value

    def address(self, municipality: str) -> _Address:
        places = data.MUNICIPALITIES[municipality][1]
        while True:
            city, low, high = self.pick(places)
            letters = self.pick(data.POSTCODE_LETTERS) + self.pick(data.POSTCODE_LETTERS)
            if letters in data.BAD_POSTCODE_LETTERS:
                continue
            postcode = f"{self.between(low, high)}{letters}"
            number = str(min(self.between(1, 60), self.between(1, 300)))
            if self._claim("address", f"{postcode}|{number}"):  # addition ignored: stricter
                addition = self.pick(data.HOUSE_ADDITIONS) if self.rand() < 0.2 else ""
                return _Address(self.pick(data.STREETS), number, addition, postcode, city, municipality)

    def kenteken(self) -> str:
        while True:
            pattern = self.sidecodes.pick(self.rand)
            value = "".join(
                self.pick(data.KENTEKEN_LETTERS) if c == "L" else str(self.below(10)) if c == "9" else c
                for c in pattern
            )
            groups = value.split("-")
            if any(bad in g for g in groups for bad in data.KENTEKEN_BANNED):
                continue
            if self._claim("kenteken", value.replace("-", "")):
                return value

    def kvk(self) -> str:
        while True:
            value = str(self.below(10_000_000, 100_000_000))
            if self._claim("kvk", value):
                return value

    def iban(self) -> str:
        while True:
            bank = self.pick(data.BANKS)
            account = f"{self.below(10_000_000):010d}" if bank == "INGB" else f"{self.below(10**10):010d}"
            bban = bank + account
            value = f"NL{iban_check_digits('NL', bban)}{bban}"
            if self._claim("iban", value):
                return value

    def url(self, slug: str, city: str) -> str:
        slug = _fold(slug) or "nieuw"
        city = _fold(city) or "utrecht"
        while True:
            path = self.pick(data.URL_PATHS).format(id=self.below(10_000, 10_000_000), slug=slug, city=city)
            value = f"https://{self.pick(data.URL_HOSTS)}{path}"
            if self._claim("url", value):
                return value

    def identity(self, origin: str, gender: str, ages: tuple[int, int], surname: str = "") -> tuple[str, str, date]:
        """Given names, surname and date of birth, unique as a name+dob combination."""
        males, females, surnames, _ = data.ORIGINS[origin]
        firsts = females if gender == "f" else males
        while True:
            given = self.pick(firsts)
            if origin == "nl" and self.rand() < 0.2:
                second = self.pick(firsts)
                if second != given:
                    given = f"{given} {second}"
            last = surname or self._surname(origin, gender, surnames)
            dob = self.today - timedelta(days=self.below(ages[0] * 365 + 1, (ages[1] + 1) * 365))
            if self._claim("name_dob", _name_key(given, last, dob)):
                return given, last, dob

    def _surname(self, origin: str, gender: str, surnames: tuple[str, ...]) -> str:
        if origin == "nl":
            particle, core = self.pick(data.DUTCH_SURNAMES)
            return f"{particle} {core}" if particle else core
        name = self.pick(surnames)
        if origin == "es" and self.rand() < 0.5:
            name = f"{name} {self.pick(surnames)}"
        if gender == "f" and origin == "pl":
            name = re.sub(r"(sk|ck|dzk)i$", r"\1a", name)
        elif gender == "f" and origin == "bg":
            name += "a"
        return name

    def company(self, kind: str, ibans: int) -> _Company:
        patterns = data.COMPANY_PATTERNS.get(kind, data.COMPANY_PATTERNS["nla"])
        origin = self.pick(("nl", "pl", "ro", "bg", "tr"))
        surname = self._surname(origin, "m", data.ORIGINS[origin][2]).split()[-1]
        name = self.pick(patterns).format(sur=surname, word=self.pick(data.COMPANY_WORDS))
        return _Company(name, self.kvk(), tuple(self.iban() for _ in range(ibans)))

    # ---- formatting ----

    def fmt(self, kind: str, value: Any) -> str:
        """`value` written in one of the usual ways, drawn by how common each way is."""
        cum = _FORMAT_CUM[kind]
        return _FORMAT_FNS[kind][bisect.bisect(cum, self.rand() * cum[-1])](value)

    # ---- planning ----

    def _reporters(self) -> list[dict[str, str]]:
        staff = []
        for _ in range(self.between(4, 10)):
            given = self.pick(data.REPORTER_GIVEN)
            particle, core = self.pick(data.DUTCH_SURNAMES)
            surname = f"{particle} {core}" if particle else core
            if self.rand() < 0.8:
                contact = f"{given[0].lower()}.{_fold(surname)}@{self.pick(data.EMAIL_DOMAINS)}"
            else:
                area = self.pick(("030", "033", "035", "0318", "0348"))
                digits = 10 - len(area)
                contact = f"{area}-{self.below(2 * 10 ** (digits - 1), 10**digits)}"
            staff.append({"name": f"{given} {surname}", "contact": contact})
        return staff

    def slots(self, n: int) -> list[_Slot]:
        rng = self.rng
        weights = [_PARTNER_WEIGHT[partner_kind(p)] for p in self.partners]
        exact = [n * w / sum(weights) for w in weights]
        counts = [int(x) for x in exact]
        by_remainder = sorted(range(len(exact)), key=lambda i: (counts[i] - exact[i], i))
        for i in by_remainder[: n - sum(counts)]:
            counts[i] += 1
        labels = [p for p, c in zip(self.partners, counts, strict=True) for _ in range(c)]
        rng.shuffle(labels)
        slots = []
        for i, partner in enumerate(labels):
            kind = partner_kind(partner)
            day = self.today - timedelta(days=self.between(1, 365))
            if kind == "politie":
                hour = self.below(24) if self.rand() < 0.4 else self.between(8, 23)
            else:
                hour = self.between(8, 17) if self.rand() < 0.9 else self.between(18, 22)
            slots.append(_Slot(i, partner, kind, day, hour, self.below(60)))
        slots.sort(key=lambda s: (s.day, s.hour, s.minute, s.index))
        sequence = dict.fromkeys(self.partners, 0)
        prefixes = {p: p.upper()[:40].strip("-") for p in self.partners}  # external ids stay <= 64
        for i, slot in enumerate(slots):
            slot.index = i
            sequence[slot.partner] += 1
            slot.external_id = f"{prefixes[slot.partner]}-{slot.day.year}-{sequence[slot.partner]:06d}"
            slot.municipality = self.fixed[slot.partner]
        return slots

    def plan(self, slots: list[_Slot]) -> list[Overlap]:
        rng = self.rng
        pools: dict[str, list[_Slot]] = {p: [] for p in self.partners}
        for slot in slots:
            pools[slot.partner].append(slot)
        for pool in pools.values():
            rng.shuffle(pool)
        n = len(slots)
        planned = max(1, round(n * OVERLAP_SHARE / (2 + P_TRIPLE))) if n >= 2 else 0
        overlaps: list[Overlap] = []
        for number in range(1, planned + 1):
            available = [p for p in self.partners if pools[p]]
            if len(available) < 2:
                break
            size = 3 if len(available) >= 3 and self.rand() < P_TRIPLE else 2
            members = [pools[p].pop() for p in rng.sample(available, size)]
            overlap_id = f"ov-{number:04d}"
            groups = [members[:2], members[1:]] if size == 3 and self.rand() < P_CHAIN else [members]
            kinds: set[str] = set()
            similar: set[str] = set()
            for group in groups:
                shared, alike = self.share(group)
                kinds.update(shared)
                similar.update(alike)
            overlaps.append(
                Overlap(
                    overlap_id,
                    tuple(k for k in KINDS if k in kinds),
                    tuple((s.partner, s.external_id) for s in members),
                    tuple(sorted(similar)),
                )
            )
        # A few values shared by two signals of the same partner: never a hit.
        wanted = max(1, round(n * SAME_PARTNER_SHARE)) if n >= 20 else 0
        for _ in range(wanted):
            candidates = [p for p in self.partners if len(pools[p]) >= 2]
            if not candidates:
                break
            partner = self.pick(candidates)
            self.share([pools[partner].pop(), pools[partner].pop()])
        return overlaps

    def share(self, group: list[_Slot]) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """Plant one entity into every slot of `group`, each with its own formatting; returns the
        identifier kinds the slots share exactly and the encoding kinds they share as similar only."""
        rng = self.rng
        allowed = [k for k in KINDS if all(k in _CAPABLE[s.kind] for s in group)]
        fixed = {s.municipality for s in group if s.municipality}
        if len(fixed) > 1:
            allowed.remove("address")
        kind = _Weighted({k: _KIND_WEIGHT[k] for k in allowed}).pick(self.rand)
        entity = _ENTITY_OF[kind]
        kinds = [kind]
        if entity == "person" and (kind == "name_dob" or self.rand() < 0.25):  # name_dob alone never links
            extra = [k for k in _PERSON_KINDS if k in allowed and k != kind]
            kinds.append(self.pick(extra))
        elif entity == "company" and self.rand() < 0.35 and {"kvk", "iban"} <= set(allowed):
            kinds.append("iban" if kind == "kvk" else "kvk")
        lead = group[0]
        profile = _PROFILES[lead.kind]
        if entity == "person":
            role = VICTIM if self.rand() < 0.75 else PERPETRATOR
            etype = self.types[lead.kind].pick(self.rand)
            if role == VICTIM:
                gender = self._victim_gender(etype)
                origin, ages = self.origins[lead.kind].pick(self.rand), profile.victim_age
            else:
                gender, origin, ages = ("m" if self.rand() < 0.8 else "f"), self.perp_origins.pick(self.rand), (19, 55)
            given, surname, dob = self.identity(origin, gender, ages)
            value: Any = _Person(
                role,
                given,
                surname,
                dob,
                gender,
                bsn=self.bsn() if "bsn" in kinds or self.rand() < profile.p_bsn else "",
                phone=self.phone() if "phone" in kinds or self.rand() < profile.p_phone else "",
                email=self.email(given, surname) if "email" in kinds or self.rand() < profile.p_email else "",
                etype=etype,
            )
        elif entity == "address":
            value = self.address(next(iter(sorted(fixed)), "") or self.municipalities.pick(self.rand))
        elif entity == "vehicle":
            value = self.kenteken()
        elif entity == "company":
            value = self.company(lead.kind, self.between(1, 2))
        else:
            value = self.url(self.pick(data.ALIASES_F), self.municipalities.pick(self.rand))
        options = {k: self._variants(k, value) for k in kinds}
        picks = {k: rng.sample(opts, len(group)) for k, opts in options.items()}
        similar: tuple[str, ...] = ()
        if "name_dob" in kinds and len(group) == 2 and self.rand() < P_FUZZY:
            misspelt = self._misspelt(value, picks["name_dob"][1])
            if misspelt is not None:
                picks["name_dob"][1] = misspelt
                kinds.remove("name_dob")
                similar = ("person",)
        for i, slot in enumerate(group):
            rendered = {k: picks[k][i] for k in picks}
            slot.injects.append(_Inject(entity, value, rendered, lead=i == 0))
            if entity == "address" and not slot.municipality:
                slot.municipality = value.municipality
        return tuple(kinds), similar

    def _misspelt(self, person: _Person, written: tuple[str, str, str]) -> tuple[str, str, str] | None:
        """`written` (given names, surname, date of birth) with a misspelt name (the errors of
        synthetic.corrupt that keep it a valid name at a node) and the surname changed; None if no draw did."""

        errors = corrupt.CorruptionConfig(
            rate=2.0,
            max_corruptions=2,
            weights={"phonetic": 4, "typo.transpose": 2, "typo.delete": 2},
        )
        given, surname, born = written
        record = corrupt.LinkageRecord("x", given, surname, "x")
        clean = corrupt.Person(given, surname, person.dob, person.gender, "", "", 0, "", "", "", "")
        for _ in range(10):
            out, _ = corrupt.corrupt(record, clean, self.rng, errors, self.pick(tuple(corrupt.DATE_STYLES)))
            if (
                all(_NAME_OK.match(n) for n in (out.given_names, out.surname))
                and _name_part(out.given_names, out.surname) != _name_part(given, surname)
            ):
                return out.given_names, out.surname, born  # a character edit could make the date unreadable
        return None

    @staticmethod
    def _variants(kind: str, value: Any) -> list[Any]:
        """Every distinct way of writing the `kind` part of a shared entity."""
        if kind == "name_dob":
            return list(
                dict.fromkeys(
                    (g, s, d) for g, s in _name_styles(value.given, value.surname) for d in formats("dob", value.dob)
                )
            )
        return formats("postcode" if kind == "address" else kind, _CANONICAL[kind](value))

    # ---- content ----

    def _victim_gender(self, etype: str) -> str:
        p_female = {"seksuele_uitbuiting": 0.85, "arbeidsuitbuiting": 0.3, "criminele_uitbuiting": 0.25}.get(etype, 0.5)
        return "f" if self.rand() < p_female else "m"

    def person_dict(
        self,
        role: str,
        origin: str,
        gender: str,
        ages: tuple[int, int],
        profile: _Profile,
        surname: str = "",
        alias_ok: bool = False,
    ) -> tuple[dict, date | None]:
        """A background person with fresh unique values; returns the dict and the date of birth (if known)."""
        person: dict[str, Any] = {"role": role}
        dob = None
        if alias_ok and self.rand() < profile.p_alias:
            names = (
                data.ALIASES_F
                if gender == "f" and self.rand() < 0.6
                else data.ORIGINS[origin][1 if gender == "f" else 0]
            )
            person["given_names"] = self.pick(names)
        else:
            given, last, dob = self.identity(origin, gender, ages, surname)
            person["given_names"] = given
            person["surname"] = last.upper() if self.rand() < 0.05 else last
            if self.rand() < profile.p_dob:
                person["date_of_birth"] = self.fmt("dob", dob)
            if self.rand() < profile.p_bsn:
                person["bsn"] = self.fmt("bsn", self.bsn())
        if self.rand() < profile.p_phone:
            count = 2 if self.rand() < 0.1 else 1
            person["phones"] = [self.fmt("phone", self.phone()) for _ in range(count)]
        if self.rand() < profile.p_email:
            email = self.email(person["given_names"], person.get("surname", ""))
            person["emails"] = [self.fmt("email", email)]
        return person, dob

    def injected_person(self, inj: _Inject) -> dict:
        p: _Person = inj.value
        r = inj.rendered
        person: dict[str, Any] = {"role": p.role}
        if "name_dob" in r:
            person["given_names"], person["surname"], person["date_of_birth"] = r["name_dob"]
        elif inj.lead:
            person["given_names"], person["surname"] = p.given, p.surname
            person["date_of_birth"] = self.fmt("dob", p.dob)
        elif self.rand() < 0.5:  # the other partner knows a first name only
            person["given_names"] = p.given.split()[0]
        if "bsn" in r or (inj.lead and p.bsn):
            person["bsn"] = r.get("bsn") or self.fmt("bsn", p.bsn)
        if "phone" in r or (inj.lead and p.phone):
            person["phones"] = [r.get("phone") or self.fmt("phone", p.phone)]
        if "email" in r or (inj.lead and p.email):
            person["emails"] = [r.get("email") or self.fmt("email", p.email)]
        return person

    def injected_company(self, inj: _Inject) -> dict:
        c: _Company = inj.value
        r = inj.rendered
        name = c.name if inj.lead or self.rand() < 0.6 else c.name.upper().replace("B.V.", "BV")
        company: dict[str, Any] = {"name": name}
        if "kvk" in r or inj.lead:
            company["kvk"] = r.get("kvk") or self.fmt("kvk", c.kvk)
        ibans = [r["iban"]] if "iban" in r else []
        if inj.lead:
            start = 1 if ibans else 0
            ibans += [self.fmt("iban", i) for i in c.ibans[start:]]
        if ibans:
            company["ibans"] = ibans
        return company

    def signal(self, slot: _Slot) -> dict:
        kind = slot.kind
        profile = _PROFILES[kind]
        municipality = slot.municipality or self.municipalities.pick(self.rand)
        places = data.MUNICIPALITIES[municipality][1]
        city = places[0][0] if self.rand() < 0.7 else self.pick(places)[0]

        shared = [i.value.etype for i in slot.injects if i.entity == "person" and i.value.etype in profile.types]
        types = [shared[0] if shared else self.types[kind].pick(self.rand)]
        if self.rand() < 0.1:
            other = self.types[kind].pick(self.rand)
            if other != types[0] and "onbekend" not in (other, types[0]):
                types.append(other)
        if self.rand() < 0.002:
            types = ["gedwongen_orgaanverwijdering"]
        etype = types[0]

        persons: list[dict] = []
        addresses: list[dict] = []
        vehicles: list[dict] = []
        companies: list[dict] = []
        adverts: list[dict] = []
        main: dict | None = None
        main_dob: date | None = None
        main_gender = "f"
        for inj in slot.injects:
            if inj.entity == "person":
                person = self.injected_person(inj)
                persons.append(person)
                if inj.value.role == VICTIM and main is None:
                    main, main_dob, main_gender = person, inj.value.dob, inj.value.gender
            elif inj.entity == "address":
                a: _Address = inj.value
                addresses.append(self._address_dict(a, inj.rendered["address"]))
            elif inj.entity == "vehicle":
                vehicles.append({"kenteken": inj.rendered["kenteken"]})
            elif inj.entity == "company":
                companies.append(self.injected_company(inj))
            else:
                adverts.append({"url": inj.rendered["url"]})

        origin = self.origins[kind].pick(self.rand)
        lo, hi = profile.victims
        victims = self.between(lo, hi) - (1 if main is not None else 0)
        for _ in range(victims):
            gender = self._victim_gender(etype)
            person, dob = self.person_dict(VICTIM, origin, gender, profile.victim_age, profile, alias_ok=True)
            persons.append(person)
            if main is None:
                main, main_dob, main_gender = person, dob, gender
        if self.rand() < profile.p_perpetrator:
            gender = "m" if self.rand() < 0.8 else "f"
            persons.append(
                self.person_dict(
                    PERPETRATOR, self.perp_origins.pick(self.rand), gender, (19, 55), profile, alias_ok=True
                )[0]
            )
        if self.rand() < profile.p_involved:
            surname = ""
            if kind == "veilig_thuis" and main is not None and "surname" in main and origin == "nl":
                surname = main["surname"]  # a parent
            persons.append(
                self.person_dict(
                    INVOLVED, origin, "f" if self.rand() < 0.6 else "m", (38, 62), profile, surname=surname
                )[0]
            )

        if self.rand() < profile.p_address:
            for _ in range(2 if kind == "nla" and self.rand() < 0.3 else 1):
                a = self.address(municipality)
                addresses.append(self._address_dict(a, self.fmt("postcode", a.postcode)))
        if self.rand() < profile.p_vehicle:
            for _ in range(self.between(1, 2) if kind == "nla" else 1):
                vehicles.append({"kenteken": self.fmt("kenteken", self.kenteken())})
        if self.rand() < profile.p_company:
            c = self.company(kind, self.between(0, 2))
            company: dict[str, Any] = {"name": c.name, "kvk": self.fmt("kvk", c.kvk)}
            if c.ibans:
                company["ibans"] = [self.fmt("iban", i) for i in c.ibans]
            companies.append(company)
        if self.rand() < profile.p_advert:
            alias = (main or {}).get("given_names", self.pick(data.ALIASES_F))
            for _ in range(2 if self.rand() < 0.25 else 1):
                adverts.append({"url": self.fmt("url", self.url(alias, city))})

        signal: dict[str, Any] = {
            "partner": slot.partner,
            "external_id": slot.external_id,
            "observed_at": f"{slot.day.isoformat()}T{slot.hour:02d}:{slot.minute:02d}:00{_offset(slot.day, slot.hour)}",
            "municipality": municipality,
            "place": self.pick(data.PLACES[kind]).format(
                city=city, street=self.pick(data.STREETS), road=self.pick((1, 2, 12, 27, 28))
            ),
        }
        if self.rand() < 0.95:
            signal["reporter"] = dict(self.pick(self.reporters[slot.partner]))
        signal["exploitation_types"] = types
        age = None
        if main_dob:
            age = slot.day.year - main_dob.year - ((slot.day.month, slot.day.day) < (main_dob.month, main_dob.day))
        signal["explanation"] = self.explanation(
            kind,
            etype,
            city,
            main,
            age,
            main_gender,
            origin,
            {"addresses": addresses, "vehicles": vehicles, "companies": companies, "adverts": adverts},
        )
        for key, items in (
            ("persons", persons),
            ("addresses", addresses),
            ("vehicles", vehicles),
            ("companies", companies),
            ("adverts", adverts),
        ):
            if items:
                signal[key] = items
        return signal

    @staticmethod
    def _address_dict(a: _Address, postcode: str) -> dict:
        out = {"street": a.street, "house_number": a.number}
        if a.addition:
            out["addition"] = a.addition
        out["postcode"] = postcode
        out["city"] = a.city
        return out

    def explanation(
        self,
        kind: str,
        etype: str,
        city: str,
        main: dict | None,
        age: int | None,
        gender: str,
        origin: str,
        features: dict[str, list],
    ) -> str:
        female = gender == "f"
        if main and main.get("given_names"):
            who = " ".join(w.capitalize() if w.isupper() or w.islower() else w for w in main["given_names"].split())
        elif age is not None and age < 18:
            who = "een jonge vrouw" if female else "een jongen"
        else:
            who = "een vrouw" if female else "een man"
        melder = self.pick(data.MELDER[kind])
        n = self.between(3, 14)
        values = {
            "melder": melder,
            "Melder": melder[0].upper() + melder[1:],
            "wie": who,
            "Wie": who[0].upper() + who[1:],
            "age": age if age is not None else self.between(18, 40),
            "city": city,
            "n": n,
            "m": max(2, n // 3),
            "herkomst": data.ORIGINS[origin][3] if origin != "nl" else "Oost-Europese",
            "hours": self.between(10, 14),
            "Hij": "Zij" if female else "Hij",
            "hij": "zij" if female else "hij",
            "hem": "haar" if female else "hem",
            "zijn": "haar" if female else "zijn",
        }
        body = data.BODY[etype]
        openers = [o for o in data.OPENERS[kind] if features["adverts"] or "advertenties" not in o]
        parts = [self.pick(openers)]
        first = self.below(len(body))
        parts.append(body[first])
        if len(body) > 1 and self.rand() < 0.7:  # a second, different sentence
            parts.append(body[(first + 1 + self.below(len(body) - 1)) % len(body)])
        for key, items in features.items():
            if items and self.rand() < 0.5:
                parts.append(self.pick(data.FEATURE_SENTENCES[key]))
        parts.append(self.pick(data.CLOSERS[kind]))
        return " ".join(p for p in parts if p).format_map(values)


# -- public API ------------------------------------------------------------------------------------


def generate(
    seed: int, signals: int, partners: Sequence[str] = DEFAULT_PARTNERS, today: date = date(2026, 11, 1)
) -> Dataset:
    """`signals` synthetic signals over `partners`, observed in the year before `today`."""
    partners = tuple(partners)
    violations = []
    if not partners:
        violations.append(Violation("partners", "generate.partners.empty", i18n.t("generate.partners.empty")))
    for partner in dict.fromkeys(partners):
        if not _PARTNER_ID.fullmatch(partner):
            violations.append(
                Violation("partners", "generate.partners.format", i18n.t("generate.partners.format", partner=partner))
            )
        if partners.count(partner) > 1:
            violations.append(
                Violation(
                    "partners", "generate.partners.duplicate", i18n.t("generate.partners.duplicate", partner=partner)
                )
            )
    if signals < 0:
        violations.append(Violation("signals", "generate.signals.negative", i18n.t("generate.signals.negative")))
    if violations:
        raise ValidationError(violations)

    # Millions of small acyclic dicts: the cyclic garbage collector would only slow us down.
    collecting = gc.isenabled()
    gc.disable()
    try:
        gen = _Generator(seed, partners, today)
        slots = gen.slots(signals)
        overlaps = gen.plan(slots)
        return Dataset([gen.signal(slot) for slot in slots], overlaps, seed, partners)
    finally:
        if collecting:
            gc.enable()


def truth_path(out: Path) -> Path:
    """FILE.jsonl -> FILE.truth.json (any other name gets ".truth.json" appended)."""
    out = Path(out)
    return out.with_suffix(".truth.json") if out.suffix == ".jsonl" else out.with_name(out.name + ".truth.json")


def write(dataset: Dataset, out: Path) -> Path:
    """Write the signals as JSONL to `out` and the ground truth next to it; returns the truth path."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    encode = json.JSONEncoder(ensure_ascii=False).encode
    with out.open("w", encoding="utf-8", newline="\n") as f:
        for start in range(0, len(dataset.signals), 1000):
            f.write("\n".join(map(encode, dataset.signals[start : start + 1000])) + "\n")
    truth = {
        "seed": dataset.seed,
        "signals": len(dataset.signals),
        "partners": list(dataset.partners),
        "overlaps": [
            {
                "id": o.id,
                "kinds": list(o.kinds),
                "similar": list(o.similar),
                "members": [{"partner": p, "external_id": e} for p, e in o.members],
            }
            for o in dataset.overlaps
        ],
    }
    path = truth_path(out)
    path.write_text(json.dumps(truth, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path


def read_truth(path: Path) -> list[Overlap]:
    raw = json.loads(Path(path).read_text(encoding="utf-8"))
    return [
        Overlap(
            o["id"],
            tuple(o["kinds"]),
            tuple((m["partner"], m["external_id"]) for m in o["members"]),
            tuple(o.get("similar", ())),
        )
        for o in raw["overlaps"]
    ]
